# -*- coding: utf-8 -*-
# Copyright (c) kibana.connectors contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Finding connectors and checking spaces, for the modules that act on one existing connector or list a space.

* ``require_connector``: the connector to act on (execute), by id (one GET) or by its
  name, which must be unique in the space (one list), with errors that say whether the
  connector or its space is missing.
* ``list_space``: a space's connectors (kibana_connector_info), failing for a missing space.
* ``check_space`` / ``space_problem``: a space that does not exist is an error, one that
  cannot be verified (the Spaces API answers 403) is a warning; no request when a stored
  connector already proved the space.
* ``unique_name``: the one duplicate-name error, which the engine (_engine.py) uses too.

Private to the collection: not a public API, may change in any release.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type  # pylint: disable=invalid-name

from ansible_collections.kibana.connectors.plugins.module_utils._errors import KibanaError, KibanaSpaceNotFoundError
from ansible_collections.kibana.connectors.plugins.module_utils._kibana import DEFAULT_SPACE


class LookupFailed(KibanaError):
    """The connector cannot be found, or its name is not unique: the text is meant for the user as it is."""

    standalone = True


class ConnectorMissing(LookupFailed):
    """No connector has the id or the name (the space exists, or could not be verified)."""


def space_problem(space_id, exists):
    """What a space check found: raise KibanaSpaceNotFoundError when the space is missing (``exists`` False);
    a warning text when it could not be verified (``exists`` None); else None."""
    if exists is False:
        raise KibanaSpaceNotFoundError(space_id)
    if exists is None:
        return ('Could not verify that space %r exists: the user may not read the Spaces API (HTTP 403). '
                'Going on as if it does.' % (space_id,))
    return None


def proves_space(connectors):
    """Whether Kibana's answer proves the space exists: it holds a stored (not preconfigured) connector."""
    return any(isinstance(c, dict) and c.get('id') and not c.get('is_preconfigured') for c in connectors)


def check_space(client, space_id, warnings, proven=False):
    """Fail when Kibana says the space does not exist; add a warning (once) when it cannot be verified.

    Costs no request for the default space, nor when ``proven`` (a stored connector answered from the space).
    """
    if proven or space_id == DEFAULT_SPACE:
        return
    warning = space_problem(space_id, client.space_exists(space_id))
    if warning and warning not in warnings:
        warnings.append(warning)


def unique_name(connectors, name, space_id):
    """The connector of ``connectors`` named ``name``, or None; LookupFailed when several share the name."""
    matches = [connector for connector in connectors if connector.get('name') == name]
    if len(matches) > 1:
        raise LookupFailed('%d connectors are named %r in space %r (ids: %s); give connector_id to choose one'
                           % (len(matches), name, space_id, ', '.join(sorted(str(c.get('id')) for c in matches))))
    return matches[0] if matches else None


def missing_id(client, connector_id, space_id, warnings):
    """The error for a connector id Kibana answered 404 for: the space or the connector is missing."""
    check_space(client, space_id, warnings)
    return ConnectorMissing('No connector with id %r in space %r (connector ids are per space; it may live in another '
                            'one).' % (connector_id, space_id))


def require_connector(client, space_id, connector_id=None, name=None, warnings=None):
    """The connector to act on, which must exist: by id (one GET) or by unique name (one list).

    Preconfigured connectors count: Kibana lists them in every space, even a
    missing one, so only a stored connector proves the space. Raises LookupFailed
    for an unknown id or name or a duplicate name, KibanaSpaceNotFoundError for a
    missing space.
    """
    warnings = [] if warnings is None else warnings
    if connector_id:
        connector = client.get_connector(connector_id, space_id)
        if connector is None:
            raise missing_id(client, connector_id, space_id, warnings)
        check_space(client, space_id, warnings, proven=proves_space([connector]))
        return connector
    connectors = client.list_connectors(space_id)
    check_space(client, space_id, warnings, proven=proves_space(connectors))
    connector = unique_name(connectors, name, space_id)
    if connector is None:
        raise ConnectorMissing('No connector named %r in space %r.' % (name, space_id))
    return connector


def list_space(client, space_id, warnings):
    """The connectors of a space (one list), failing for a missing space rather than returning an empty list."""
    connectors = client.list_connectors(space_id)
    check_space(client, space_id, warnings, proven=proves_space(connectors))
    return connectors
