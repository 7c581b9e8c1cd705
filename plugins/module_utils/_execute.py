# -*- coding: utf-8 -*-
# Copyright (c) kibana.connectors contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Finding a connector (by id or unique name) and running it, for kibana_connector_execute.

The space check shared with kibana_connector_info lives here too.

Private to the collection: not a public API, may change in any release.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type  # pylint: disable=invalid-name

from ansible_collections.kibana.connectors.plugins.module_utils._catalogue import (
    is_read_only,
    knows_params,
    sub_action,
    validate_params,
)
from ansible_collections.kibana.connectors.plugins.module_utils._kibana import (
    DEFAULT_SPACE,
    KibanaError,
    KibanaNotFoundError,
    KibanaSpaceNotFoundError,
)

# The keys of Kibana's _execute answer that the module returns (camelCase keys such as errorSource are left out).
ANSWER_KEYS = ('status', 'connector_id', 'data', 'message', 'service_message', 'retry')


class LookupFailed(KibanaError):
    """The space, or the connector in it, could not be found: the text is meant for the user."""


def with_warnings(exc, warnings):
    """Attach the warnings gathered so far to an exception, for the module to show before failing."""
    exc.warnings = list(warnings)
    return exc


class InvalidParams(KibanaError):
    """Check mode: the params would not pass Kibana's validation for the connector's type."""


def ensure_space(client, space_id, warnings):
    """Fail with LookupFailed when Kibana says the space does not exist.

    Costs no request for the default space, nor when a stored connector already
    answered from the space in this run (client.space_exists remembers both).
    A 403 from the Spaces API is not "missing": a warning is added instead.
    """
    try:
        warning = client.require_space(space_id)
    except KibanaSpaceNotFoundError as exc:
        raise LookupFailed(str(exc))
    if warning and warning not in warnings:
        warnings.append(warning)


def _describe(connector):
    return '%r (id %s, type %s)' % (connector.get('name'), connector.get('id'), connector.get('connector_type_id'))


def _missing_id(client, connector_id, space_id, warnings):
    """The error for a connector id Kibana answered 404 for: the space or the connector is missing."""
    if space_id != DEFAULT_SPACE:
        ensure_space(client, space_id, warnings)
    return LookupFailed('No connector with id %r in space %r (connector ids are per space; it may live in another one).'
                        % (connector_id, space_id))


def resolve_connector(client, connector_id, name, space_id, warnings=None):
    """The connector to run: by id (one GET) or by its name, which must be unique in the space (one list).

    Preconfigured connectors count: Kibana lists them in every space. Raises
    LookupFailed for an unknown id or name, a duplicate name, or a missing space.
    ``warnings`` (a list) receives the warning about a space that could not be verified.
    """
    warnings = [] if warnings is None else warnings
    if connector_id:
        connector = client.get_connector(connector_id, space_id)
        if connector is None:
            raise _missing_id(client, connector_id, space_id, warnings)
        # A stored connector proves its space; a preconfigured one is visible in any space, even a missing one.
        ensure_space(client, space_id, warnings)
        return connector
    connectors = client.list_connectors(space_id)
    ensure_space(client, space_id, warnings)
    matches = [connector for connector in connectors if connector.get('name') == name]
    if not matches:
        raise LookupFailed('No connector named %r in space %r.' % (name, space_id))
    if len(matches) > 1:
        raise LookupFailed('%d connectors are named %r in space %r: %s. Choose one with connector_id.'
                           % (len(matches), name, space_id, ', '.join(_describe(c) for c in matches)))
    return matches[0]


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


def run_connector(client, connector_id, name, params, space_id, check_mode=False):
    """Resolve the connector and run it once (never retried); in check mode validate and send nothing.

    Returns ``(result, warnings)``. ``result`` holds ``changed`` and the answer keys;
    an answer with status error is returned as is, for the module to decide.
    Raises LookupFailed, InvalidParams (check mode) or another KibanaError.
    """
    warnings = []
    try:
        return _run(client, connector_id, name, params or {}, space_id, check_mode, warnings), warnings
    except KibanaError as exc:
        raise with_warnings(exc, warnings)


def _run(client, connector_id, name, params, space_id, check_mode, warnings):
    looked_up = needs_lookup(connector_id, params, check_mode)
    if looked_up:
        connector = resolve_connector(client, connector_id, name, space_id, warnings)
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
        checked = 'params checked' if knows_params(type_id) else 'params not checked (type unknown to the collection)'
        known.update(changed=not read_only, msg='Would run connector %s; %s.' % (_describe(connector), checked))
        return known
    try:
        answer = client.execute_connector(connector['id'], params, space_id)
    except KibanaNotFoundError:
        if looked_up:
            raise
        raise _missing_id(client, connector_id, space_id, warnings)
    result = dict(known, **answer_result(answer))
    result['changed'] = result.get('status') == 'ok' and not read_only
    return result
