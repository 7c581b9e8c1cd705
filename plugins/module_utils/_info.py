# -*- coding: utf-8 -*-
# Copyright (c) kibana.connectors contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""What kibana_connector_info gathers: a space's connectors and, on request, Kibana's connector types.

Private to the collection: not a public API, may change in any release.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type  # pylint: disable=invalid-name

from ansible_collections.kibana.connectors.plugins.module_utils._lookup import list_space


def connector_entry(connector):
    """One entry of the ``connectors`` list: Kibana's keys, plus ``connector_id`` as kibana_connector names it.

    Kibana never returns secrets, and leaves ``config`` out for preconfigured
    connectors that do not expose it; the entry does the same.
    """
    entry = dict(connector)
    entry['connector_id'] = connector.get('id')
    return entry


def _matches(connector, connector_id, name, connector_type_id):
    return ((connector_id is None or connector.get('id') == connector_id)
            and (name is None or connector.get('name') == name)
            and (connector_type_id is None or connector.get('connector_type_id') == connector_type_id))


def gather(client, space_id, connector_id=None, name=None, connector_type_id=None, connector_types=False, feature_id=None,
           warnings=None):
    """The module's result: ``connectors`` and, when asked, ``connector_types``.

    One list request; one connector_types request when asked; one Spaces API
    request only when the list does not prove the space (see _lookup.check_space).
    ``warnings`` (a list) receives the warning about a space that could not be
    verified. Raises KibanaSpaceNotFoundError for a missing space, or another KibanaError.
    """
    warnings = [] if warnings is None else warnings
    connectors = list_space(client, space_id, warnings)
    result = dict(changed=False, connectors=[connector_entry(c) for c in connectors
                                             if _matches(c, connector_id, name, connector_type_id)])
    if connector_types:
        types = client.list_connector_types(feature_id, space_id)
        result['connector_types'] = [t for t in types if connector_type_id is None or t.get('id') == connector_type_id]
    return result
