# -*- coding: utf-8 -*-
# Copyright (c) kibana.connectors contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Comparison and planning for declaring one Kibana connector.

The steps are separate so that other modules (for example one that converges
many connectors at once from one list) can reuse them:

* ``desired_state(params)`` and ``plan_options(params)``: what the task asks for;
* ``find_connector(client, ...)``: the connector the task is about, or None;
* ``compare(type, desired_config, current_config)``: whether Kibana holds that config;
* ``plan(current, desired, options)``: a ``Plan`` (create, update, none, delete or
  recreate), or a ``ConnectorPlanError`` when the task must be refused;
* ``diff(before, after, secret_keys)``: the before/after view, secrets masked;
* ``apply(client, plan, space_id)``: the writes;
* ``converge(client, desired, options, space_id, check_mode)``: all of it, the way
  the kibana_connector module runs it.

Private to the collection: not a public API, may change in any release.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type  # pylint: disable=invalid-name

import copy

from ansible_collections.kibana.connectors.plugins.module_utils._catalogue import (
    config_with_defaults,
    get_type,
    uses_secrets,
    validate_connector,
    without_nulls,
)
from ansible_collections.kibana.connectors.plugins.module_utils._kibana import (
    DEFAULT_SPACE,
    KibanaApiError,
    KibanaConflictError,
    KibanaError,
)

SECRET_MASK = '<hidden; sent>'
RESULT_KEYS = ('id', 'name', 'connector_type_id', 'config', 'is_preconfigured', 'is_deprecated',
               'is_missing_secrets', 'referenced_by_count')
KIBANA_YML_HINT = ('preconfigured connectors are defined in kibana.yml (xpack.actions.preconfigured) and cannot be changed '
                   'or deleted through the API; manage them with the kibana.connectors.kibana_config role')


class ConnectorPlanError(KibanaError):
    """The task must fail. Nothing was written, unless ``changed`` says otherwise (the message then tells what)."""

    def __init__(self, message, changed=False, status=None):
        super(ConnectorPlanError, self).__init__(message)
        self.changed = changed
        self.status = status


# --------------------------------------------------------------------------- what the task asks for
def desired_state(params):
    """The connector a task declares, from module parameters (or any dict with the same keys)."""
    secrets = params.get('secrets')
    return dict(
        state=params.get('state') or 'present',
        connector_id=params.get('connector_id') or None,
        name=params.get('name'),
        connector_type_id=params.get('connector_type_id') or None,
        config=copy.deepcopy(params.get('config') or {}),
        secrets=None if secrets is None else copy.deepcopy(secrets),
    )


def plan_options(params):
    return dict(
        update_secrets=params.get('update_secrets') or 'always',
        recreate=bool(params.get('recreate')),
        force=bool(params.get('force')),
    )


def label(desired):
    """How messages name the connector of a task."""
    if desired.get('connector_id'):
        if desired.get('name'):
            return 'connector %r (%r)' % (desired['connector_id'], desired['name'])
        return 'connector %r' % (desired['connector_id'],)
    return 'connector named %r' % (desired.get('name'),)


# --------------------------------------------------------------------------- lookup
def find_connector(client, space_id=DEFAULT_SPACE, connector_id=None, name=None, connectors=None):
    """The connector a task is about, or None.

    With ``connector_id``: one GET (or a search of ``connectors`` when given).
    Otherwise by ``name`` within the space: one list (or ``connectors``); several
    connectors with that name raise ConnectorPlanError listing their ids.
    """
    if connector_id:
        if connectors is not None:
            return next((c for c in connectors if c.get('id') == connector_id), None)
        return client.get_connector(connector_id, space_id)
    if connectors is None:
        connectors = client.list_connectors(space_id)
    matches = [c for c in connectors if c.get('name') == name]
    if len(matches) > 1:
        raise ConnectorPlanError(
            '%d connectors are named %r in space %r (ids: %s); give connector_id to choose one'
            % (len(matches), name, space_id, ', '.join(sorted(str(c.get('id')) for c in matches))))
    return matches[0] if matches else None


def reference_count(client, connector_id, space_id=DEFAULT_SPACE):
    """referenced_by_count of a connector (only the list returns it); 0 when the list does not name it."""
    for connector in client.list_connectors(space_id):
        if connector.get('id') == connector_id:
            return connector.get('referenced_by_count') or 0
    return 0


# --------------------------------------------------------------------------- comparison
def expected_config(type_id, desired_config, current_config=None):
    """The config Kibana stores for ``desired_config``: the type's defaults filled in (as given for unknown types)."""
    return config_with_defaults(type_id, desired_config, current_config)


def predicted_config(type_id, desired_config, current_config=None):
    """The config Kibana will return after a create (``current_config`` None) or an update.

    Like ``expected_config``, except for a null default the task does not set:
    after an update it appears when Kibana returns the key now; after a create
    when the catalogue knows only null for it (a key whose default differs between
    Kibana versions is left out, as older versions do not return it).
    """
    config = expected_config(type_id, desired_config, current_config)
    defaults = (get_type(type_id) or {}).get('config_defaults', {})
    for key, default in defaults.items():
        if key in (desired_config or {}) or config.get(key) is not None:
            continue
        keep = key in current_config if current_config is not None else len(default.accepted) == 1
        if not keep:
            config.pop(key, None)
    return config


def config_differences(type_id, desired_config, current_config):
    """Texts naming each config key whose value Kibana would change (key names only, never values)."""
    want = without_nulls(expected_config(type_id, desired_config, current_config))
    have = without_nulls(current_config)
    given = desired_config or {}
    reasons = []
    for key in sorted(set(want) | set(have)):
        if want.get(key) == have.get(key) and (key in want) == (key in have):
            continue
        if key not in have:
            reasons.append('config.%s is set' % key)
        elif key in given and given[key] is not None:
            reasons.append('config.%s changes' % key)
        elif key in want:
            reasons.append('config.%s is not set by the task and goes back to its default' % key)
        else:
            reasons.append('config.%s is not set by the task; the update removes it' % key)
    return reasons


def compare(type_id, desired_config, current_config):
    """True when Kibana's ``current_config`` is what an update with ``desired_config`` would store.

    Kibana's update replaces the config wholesale and fills in the type's defaults,
    so the desired config is completed with those defaults first. A key the task
    does not set that Kibana holds at a non-default value is a difference. Null
    values count as unset on both sides (Kibana stores absent nullable keys as null).
    """
    return not config_differences(type_id, desired_config, current_config)


# --------------------------------------------------------------------------- result and diff shapes
def connector_result(connector, referenced_by_count=None):
    """The connector as the modules return it: never a secret, always the same keys.

    ``referenced_by_count`` is included when known (Kibana returns it from the
    list only); ``config`` is ``{}`` for a preconfigured connector that does not
    expose it.
    """
    if not connector:
        return {}
    result = dict(
        id=connector.get('id'),
        name=connector.get('name'),
        connector_type_id=connector.get('connector_type_id'),
        config=copy.deepcopy(connector.get('config') or {}),
        is_preconfigured=bool(connector.get('is_preconfigured', False)),
        is_deprecated=bool(connector.get('is_deprecated', False)),
        is_missing_secrets=bool(connector.get('is_missing_secrets', False)),
    )
    count = connector.get('referenced_by_count', referenced_by_count)
    if count is not None:
        result['referenced_by_count'] = count
    return result


def _view(connector):
    if not connector:
        return {}
    return dict(name=connector.get('name'), connector_type_id=connector.get('connector_type_id'),
                config=copy.deepcopy(connector.get('config') or {}))


def diff(before, after, secret_keys=()):
    """The diff of a plan: name, type and config; sent secrets as their key names with a masked value."""
    result = dict(before=_view(before), after=_view(after))
    if after and secret_keys:
        result['after']['secrets'] = dict((key, SECRET_MASK) for key in sorted(secret_keys))
    return result


# --------------------------------------------------------------------------- planning
class Plan:
    """What a task does: ``action`` is one of create, update, none, delete, recreate.

    ``before`` and ``after`` are connectors in the result shape (``{}`` when there is
    none); ``after`` is the predicted connector, with ``id`` None where Kibana picks
    it. ``send_secrets`` is the secrets dict to send (None: nothing is sent).
    """

    ACTIONS = ('create', 'update', 'none', 'delete', 'recreate')

    def __init__(self, action, current, desired, reasons=(), after=None, send_secrets=None, warnings=(),
                 needs_reference_count=False):
        if action not in self.ACTIONS:
            raise ValueError('unknown plan action %r' % (action,))
        self.action = action
        self.current = current
        self.desired = desired
        self.reasons = list(reasons)
        self.before = connector_result(current)
        self.after = after if after is not None else {}
        self.send_secrets = send_secrets
        self.warnings = list(warnings)
        self.needs_reference_count = needs_reference_count

    @property
    def changed(self):
        return self.action != 'none'

    @property
    def type_id(self):
        return self.desired.get('connector_type_id') or (self.current or {}).get('connector_type_id')

    def diff(self):
        return diff(self.before, self.after, sorted(self.send_secrets or ()))

    def __repr__(self):
        return 'Plan(%s, %r)' % (self.action, self.reasons)


def _predicted(desired, type_id, current=None, connector_id=None, referenced_by_count=None):
    current_config = None if current is None else (current.get('config') or {})
    current = current or {}
    return connector_result(dict(
        id=connector_id, name=desired['name'] if desired.get('name') is not None else current.get('name'),
        connector_type_id=type_id,
        config=predicted_config(type_id, desired['config'], current_config),
        is_preconfigured=False, is_deprecated=current.get('is_deprecated', False), is_missing_secrets=False,
    ), referenced_by_count)


def _check_references(current, options, verb):
    """None when the connector may go; 'unknown' when the count must be fetched first; raises when rules use it."""
    if options['force']:
        return None
    count = current.get('referenced_by_count')
    if count is None:
        return 'unknown'
    if count > 0:
        raise ConnectorPlanError(
            'refusing to %s connector %r: rules or other saved objects refer to it (referenced_by_count %d). '
            'Set force: true to %s it anyway' % (verb, current.get('id'), count, verb))
    return None


def _secrets_needed(type_id, config, desired, what):
    if desired['secrets'] is None and uses_secrets(type_id, config):
        raise ConnectorPlanError(
            'connector type %r keeps secrets and Kibana %s; this task gives no secrets, so the stored secrets would be '
            'erased. Give secrets (with update_secrets: on_create they are only sent when an update is needed anyway), '
            'or secrets: {} if the connector has none' % (type_id, what))


def plan(current, desired, options):
    """The Plan for one connector. Pure: no request. Raises ConnectorPlanError for refusals.

    ``current`` is the connector Kibana holds (None: absent). When a delete or a
    recreate needs ``referenced_by_count`` and ``current`` lacks it, the plan has
    ``needs_reference_count``: fetch the count and plan again.
    """
    if desired['state'] == 'absent':
        return _plan_absent(current, desired, options)
    if current is None:
        type_id = desired.get('connector_type_id')
        if not type_id:
            raise ConnectorPlanError('%s does not exist and connector_type_id is required to create it' % label(desired))
        after = _predicted(desired, type_id, connector_id=desired.get('connector_id'))
        return Plan('create', None, desired, ['create %s of type %s' % (label(desired), type_id)], after,
                    send_secrets=desired['secrets'] or {})
    if current.get('is_preconfigured'):
        return _plan_preconfigured(current, desired)
    type_id = current.get('connector_type_id')
    new_type = desired.get('connector_type_id')
    if new_type and new_type != type_id:
        return _plan_recreate(current, desired, options)
    return _plan_update(current, desired, options)


def _plan_absent(current, desired, options):
    if current is None:
        return Plan('none', None, desired)
    if current.get('is_preconfigured'):
        raise ConnectorPlanError('connector %r cannot be deleted: %s' % (current.get('id'), KIBANA_YML_HINT))
    pending = _check_references(current, options, 'delete')
    return Plan('delete', current, desired, ['delete connector %r' % current.get('id')], {},
                needs_reference_count=pending == 'unknown')


def _plan_preconfigured(current, desired):
    problems = []
    if desired.get('name') is not None and desired['name'] != current.get('name'):
        problems.append('its name is %r, not %r' % (current.get('name'), desired['name']))
    if desired.get('connector_type_id') and desired['connector_type_id'] != current.get('connector_type_id'):
        problems.append('its type is %r, not %r' % (current.get('connector_type_id'), desired['connector_type_id']))
    if problems:
        raise ConnectorPlanError('connector %r is preconfigured and %s; %s'
                                 % (current.get('id'), ' and '.join(problems), KIBANA_YML_HINT))
    warnings = []
    if desired['config'] or desired['secrets']:
        warnings.append('connector %r is preconfigured: its config and secrets come from kibana.yml and are not compared '
                        'or changed by this task (see the kibana.connectors.kibana_config role)' % current.get('id'))
    return Plan('none', current, desired, after=connector_result(current), warnings=warnings)


def _plan_recreate(current, desired, options):
    old_type, new_type = current.get('connector_type_id'), desired['connector_type_id']
    if not options['recreate']:
        raise ConnectorPlanError(
            'connector %r has type %r; Kibana cannot change the type of a connector to %r. Set recreate: true to delete it '
            'and create it again (give connector_id to keep its id: rules refer to connectors by id)'
            % (current.get('id'), old_type, new_type))
    pending = _check_references(current, options, 'recreate')
    _secrets_needed(new_type, desired['config'], desired, 'cannot copy them to the new connector')
    keep_id = desired.get('connector_id')
    after = _predicted(desired, new_type, None, keep_id, current.get('referenced_by_count') if keep_id else None)
    reason = 'type %s -> %s: delete connector %r and create it again %s' % (
        old_type, new_type, current.get('id'), 'with the same id' if keep_id else '(Kibana picks a new id)')
    return Plan('recreate', current, desired, [reason], after, send_secrets=desired['secrets'] or {},
                needs_reference_count=pending == 'unknown')


def _plan_update(current, desired, options):
    type_id = current.get('connector_type_id')
    reasons = []
    if desired.get('name') is not None and desired['name'] != current.get('name'):
        reasons.append('name changes')
    reasons.extend(config_differences(type_id, desired['config'], current.get('config')))
    secrets = desired['secrets']
    warnings = []
    if secrets:
        if options['update_secrets'] == 'always':
            reasons.append('secrets are sent on every run (update_secrets: always)')
        elif current.get('is_missing_secrets'):
            reasons.append('Kibana reports the connector is missing its secrets')
    elif current.get('is_missing_secrets'):
        warnings.append('Kibana reports connector %r is missing its secrets; give secrets to fix it' % current.get('id'))
    if not reasons:
        return Plan('none', current, desired, after=connector_result(current), warnings=warnings)
    _secrets_needed(type_id, desired['config'], desired, "replaces a connector's secrets on every update")
    after = _predicted(desired, type_id, current, current.get('id'), current.get('referenced_by_count'))
    return Plan('update', current, desired, reasons, after, send_secrets=secrets or {}, warnings=warnings)


# --------------------------------------------------------------------------- checks that need Kibana
def check_space(client, space_id):
    """Before a write into a named space: fail when it does not exist; a warning when it cannot be verified."""
    warning = client.require_space(space_id)
    return [warning] if warning else []


def check_type_available(client, type_id, space_id=DEFAULT_SPACE):
    """Before a recreate deletes anything: the new type must be known and enabled in this Kibana."""
    for entry in client.list_connector_types(space_id=space_id):
        if entry.get('id') == type_id:
            if entry.get('enabled') is False:
                raise ConnectorPlanError(
                    'connector type %r is not enabled in this Kibana (license or xpack.actions.enabledActionTypes); '
                    'nothing was deleted' % (type_id,))
            return
    raise ConnectorPlanError('Kibana does not know connector type %r; nothing was deleted' % (type_id,))


def validation_problems(p):
    """What Kibana would probably refuse in a create, update or recreate (key names only, never values)."""
    if p.action not in ('create', 'update', 'recreate'):
        return []
    return validate_connector(p.type_id, p.desired['config'], p.send_secrets,
                              check_secrets=p.desired['secrets'] is not None or p.action != 'update')


def check_mode_warnings(p):
    """What check mode can tell about a refusal Kibana would give (it cannot ask Kibana to validate)."""
    if p.action == 'create' and get_type(p.type_id) is None:
        return ['connector type %r is not in this collection\'s catalogue: check mode cannot tell whether Kibana knows it'
                % (p.type_id,)]
    return ['Kibana will probably refuse this connector: %s' % problem for problem in validation_problems(p)]


# --------------------------------------------------------------------------- writes
def apply(client, p, space_id=DEFAULT_SPACE):
    """Carry out a plan. Returns (changed, connector as Kibana answered it or None)."""
    desired = p.desired
    if p.action == 'none':
        return False, p.current
    if p.action == 'delete':
        return client.delete_connector(p.current['id'], space_id), None
    if p.action == 'update':
        return True, client.update_connector(p.current['id'], desired['name'] or p.current.get('name'), desired['config'],
                                             p.send_secrets, space_id)
    if p.action == 'create':
        return True, _create(client, p, space_id)
    client.delete_connector(p.current['id'], space_id)
    try:
        return True, _create(client, p, space_id)
    except KibanaError as exc:
        raise ConnectorPlanError(
            'deleted connector %r (type %s) to create it again as type %s, but the create failed, so the connector is '
            'gone now: %s' % (p.current['id'], p.current.get('connector_type_id'), p.type_id, exc),
            changed=True, status=getattr(exc, 'status', None))


def _create(client, p, space_id):
    desired = p.desired
    try:
        return client.create_connector(desired['name'], p.type_id, desired['config'], p.send_secrets,
                                       connector_id=desired.get('connector_id'), space_id=space_id)
    except KibanaConflictError as exc:
        raise ConnectorPlanError('%s (connector ids are unique across all spaces: the id may be taken in another space)'
                                 % (exc,), status=exc.status)


# --------------------------------------------------------------------------- everything
class Outcome:
    """The result of ``converge``: what the module returns."""

    def __init__(self, p, changed, connector, warnings):
        self.plan = p
        self.changed = changed
        self.connector = connector
        self.warnings = warnings

    @property
    def diff(self):
        return self.plan.diff()

    @property
    def reasons(self):
        return list(self.plan.reasons) if self.changed else []


def converge(client, desired, options, space_id=DEFAULT_SPACE, check_mode=False, connectors=None):
    """Look up, plan, check and (unless ``check_mode``) apply. Raises KibanaError subclasses.

    Requests: the lookup (one GET by id, or one list by name unless ``connectors``
    is given); the list again only when a delete or recreate needs the reference
    count; the connector types before a recreate; the space only before a create
    or recreate in a named space not yet proven; then the writes.
    """
    current = find_connector(client, space_id, desired.get('connector_id'), desired.get('name'), connectors)
    p = plan(current, desired, options)
    if p.needs_reference_count:
        current = dict(current, referenced_by_count=reference_count(client, current['id'], space_id))
        p = plan(current, desired, options)
    warnings = list(p.warnings)
    if p.action == 'recreate':
        problems = validation_problems(p)
        if problems:
            raise ConnectorPlanError('the new connector would be refused (%s); nothing was deleted' % '; '.join(problems))
        check_type_available(client, p.type_id, space_id)
    if p.action in ('create', 'recreate'):
        warnings.extend(check_space(client, space_id))
    if check_mode:
        warnings.extend(check_mode_warnings(p))
        return Outcome(p, p.changed, p.after, warnings)
    changed, answer = apply(client, p, space_id)
    if p.action == 'delete' or answer is None:
        connector = {}
    else:
        connector = connector_result(answer, p.after.get('referenced_by_count'))
    return Outcome(p, changed, connector, warnings)


def describe_error(exc):
    """Extra result keys for a failed task: whether something was changed, and Kibana's status."""
    result = dict(changed=bool(getattr(exc, 'changed', False)))
    status = getattr(exc, 'status', None)
    if status is not None and not isinstance(exc, KibanaApiError):
        result['status'] = status
    return result
