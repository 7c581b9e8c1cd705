# -*- coding: utf-8 -*-
# Copyright (c) kibana.connectors contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Running a connector (by id or unique name, found through _lookup), for kibana_connector_execute.

Private to the collection: not a public API, may change in any release.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type  # pylint: disable=invalid-name

from ansible_collections.kibana.connectors.plugins.module_utils._catalogue import (
    get_type,
    is_read_only,
    sub_action,
    validate_params,
)
from ansible_collections.kibana.connectors.plugins.module_utils._errors import KibanaError, KibanaNotFoundError
from ansible_collections.kibana.connectors.plugins.module_utils._lookup import ConnectorMissing, missing_id, require_connector

# The keys of Kibana's _execute answer that the module returns (camelCase keys such as errorSource are left out).
ANSWER_KEYS = ('status', 'connector_id', 'data', 'message', 'service_message', 'retry')


class InvalidParams(KibanaError):
    """Check mode: the params would not pass Kibana's validation for the connector's type."""

    standalone = True


class RunFailed(KibanaError):
    """The connector ran and Kibana answered status error (with HTTP 200)."""

    standalone = True


def _describe(connector):
    return '%r (id %s, type %s)' % (connector.get('name'), connector.get('id'), connector.get('connector_type_id'))


def needs_lookup(connector_id, params, check_mode):
    """Whether the connector must be read before running it.

    By id, the type is only needed to validate params (check mode) or to tell a
    read-only sub-action; otherwise _execute is sent straight away.
    """
    return not connector_id or check_mode or sub_action(params) is not None


def answer_result(answer):
    """The keys of Kibana's _execute answer the module returns."""
    answer = answer if isinstance(answer, dict) else {}
    return dict((key, answer[key]) for key in ANSWER_KEYS if key in answer)


def failure_message(result):
    """The task's msg for an answer with status error: Kibana's message and service_message."""
    text = 'Connector %s reported an error: %s' % (result.get('connector_id'), result.get('message') or 'no message')
    if result.get('service_message'):
        text += ': %s' % result['service_message']
    return text


def run_connector(client, connector_id, name, params, space_id, check_mode=False, warnings=None):
    """Find the connector and run it once (never retried); in check mode validate and send nothing.

    Returns the result: ``changed`` and the answer keys; an answer with status
    error is returned as is, for the module to decide. ``warnings`` (a list)
    receives the warning about a space that could not be verified. Raises
    LookupFailed, InvalidParams (check mode) or another KibanaError.
    """
    warnings = [] if warnings is None else warnings
    params = params or {}
    looked_up = needs_lookup(connector_id, params, check_mode)
    if looked_up:
        try:
            connector = require_connector(client, space_id, connector_id, name, warnings)
        except ConnectorMissing as exc:
            if not check_mode:
                raise
            # an earlier task of the same check run may create it (it creates nothing in check mode)
            warnings.append('%s In a real run this task fails unless an earlier task creates the connector; check '
                            'mode cannot run or validate it.' % exc)
            return dict(changed=True, connector_id=connector_id, connector_name=name, read_only=False,
                        msg='Would run connector %s, once created.' % (repr(name) if not connector_id else connector_id))
    else:
        connector = {'id': connector_id}
    type_id = connector.get('connector_type_id')
    # Without a lookup there is no subAction, and only sub-actions can be read-only.
    read_only = bool(type_id) and is_read_only(type_id, params)
    known = dict(connector_id=connector['id'], read_only=read_only)
    if looked_up:
        known.update(connector_name=connector.get('name'), connector_type_id=type_id)
    if check_mode:
        problems = validate_params(type_id, params)
        if problems:
            raise InvalidParams('params are not valid for a %s connector: %s' % (type_id, '; '.join(problems)))
        checked = 'params checked' if get_type(type_id) else 'params not checked (type unknown to the collection)'
        known.update(changed=not read_only, msg='Would run connector %s; %s.' % (_describe(connector), checked))
        return known
    try:
        answer = client.execute_connector(connector['id'], params, space_id)
    except KibanaNotFoundError:
        if looked_up:
            raise
        raise missing_id(client, connector_id, space_id, warnings)
    result = dict(known, **answer_result(answer))
    result['changed'] = result.get('status') == 'ok' and not read_only
    return result
