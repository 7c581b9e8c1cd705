# -*- coding: utf-8 -*-
# Copyright (c) kibana.connectors contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Comparison and planning for declaring Kibana connectors, in one pass.

1. Facts: ``gather`` finds the connector a task is about (see _lookup) and reads
   what its plan will need besides (``facts_needed``): the reference count before a
   delete or recreate, the connector types before a recreate, the space before a
   create. A module that manages many connectors gathers the same facts in bulk.
2. ``plan(current, desired, options, facts)``: pure, no request. A ``Plan`` (create,
   update, none, delete or recreate), with the validation problems and warnings it
   implies, or a ``ConnectorPlanError`` when the task must be refused.
3. ``apply(client, plan, space_id)``: the writes.

``converge`` runs the three for one connector, as the kibana_connector module does.

Private to the collection: not a public API, may change in any release.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type  # pylint: disable=invalid-name

import copy

from ansible_collections.kibana.connectors.plugins.module_utils._catalogue import (
    config_with_defaults,
    get_type,
    is_deprecated,
    is_system_type,
    predicted_config,
    system_type_message,
    uses_secrets,
    validate_connector,
    version_notes,
    without_nulls,
)
from ansible_collections.kibana.connectors.plugins.module_utils._kibana import (
    DEFAULT_SPACE,
    KibanaConflictError,
    KibanaError,
)
from ansible_collections.kibana.connectors.plugins.module_utils._lookup import find_connector, space_problem

SECRET_MASK = '<hidden; sent>'
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


# --------------------------------------------------------------------------- comparison
def unknown_type_warning(type_id):
    """The warning of every task about a connector of a type the catalogue does not know (the same text for each)."""
    return ('a key removed from the task cannot be detected for connector type %s: the collection does not know the '
            "defaults Kibana fills in for this type, so only the config keys the task gives are compared (to change a "
            'key Kibana holds, give it with the value you want)' % (type_id,))


def _given_key_differences(desired_config, current_config):
    """For a type the catalogue does not know: the keys the task gives whose value Kibana does not hold."""
    have = current_config or {}
    reasons = []
    for key, value in sorted((desired_config or {}).items()):
        if value == have.get(key):
            continue
        reasons.append('config.%s is set' % key if have.get(key) is None else 'config.%s changes' % key)
    return reasons


def config_differences(type_id, desired_config, current_config):
    """Texts naming each config key whose value an update with ``desired_config`` would change (key names only).

    Kibana's update replaces the config wholesale and fills in the type's defaults,
    so the desired config is completed with those defaults first. A key the task
    does not set that Kibana holds at a non-default value is a difference. Null
    values count as unset on both sides (Kibana stores absent nullable keys as null).
    For a type the catalogue does not know, its defaults are unknown: only the keys
    the task gives are compared (see ``unknown_type_warning``).
    """
    if get_type(type_id) is None:
        return _given_key_differences(desired_config, current_config)
    want = without_nulls(config_with_defaults(type_id, desired_config, current_config))
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


# --------------------------------------------------------------------------- facts
class Facts:
    """What Kibana holds that a plan needs besides the connector itself.

    ``space_id``: where the connector lives. ``space_exists``: True, False, or None
    when the user may not read the Spaces API (only read before a create or a
    recreate). ``types``: connector type id -> enabled, from Kibana's connector
    types (only read before a recreate); None when not read. ``version``: Kibana's
    version number (only read in check mode, for a create whose defaults differ
    between versions); None when not read.
    """

    def __init__(self, space_id=DEFAULT_SPACE, space_exists=True, types=None, version=None):
        self.space_id = space_id
        self.space_exists = space_exists
        self.types = types
        self.version = version


def facts_needed(current, desired, options, check_mode=False):
    """Which facts the plan of a task needs besides ``current``: a set of 'reference_count', 'types', 'space',
    'version' (check mode only: a real run returns the config Kibana answered, check mode must predict it)."""
    version = set(['version']) if check_mode and version_notes(desired.get('connector_type_id'), desired['config']) else set()
    if current is None:
        creates = desired['state'] != 'absent' and bool(desired.get('connector_type_id'))
        return set(['space']) | version if creates else set()
    if current.get('is_preconfigured'):
        return set()
    needed = set()
    new_type = desired.get('connector_type_id')
    recreate = desired['state'] != 'absent' and bool(new_type) and new_type != current.get('connector_type_id')
    if recreate and options['recreate']:
        needed.update(set(['types', 'space']) | version)
    if (desired['state'] == 'absent' or (recreate and options['recreate'])) and not options['force'] \
            and current.get('referenced_by_count') is None:
        needed.add('reference_count')
    return needed


def reference_count(client, connector_id, space_id=DEFAULT_SPACE):
    """referenced_by_count of a connector (only the list returns it); 0 when the list does not name it."""
    for connector in client.list_connectors(space_id):
        if connector.get('id') == connector_id:
            return connector.get('referenced_by_count') or 0
    return 0


def connector_types(client, space_id=DEFAULT_SPACE):
    """Kibana's connector types: type id -> whether connectors of it can be used."""
    return dict((entry.get('id'), entry.get('enabled') is not False) for entry in client.list_connector_types(space_id=space_id))


def gather(client, desired, space_id, options, check_mode=False):
    """The connector a task is about and the facts its plan needs: ``(current, facts)``.

    Requests: the lookup (one GET by id, or one list by name; for a delete by id
    without force, the list, which holds the connector and its reference count);
    the list again when a recreate needs the reference count the GET lacks; the
    connector types before a recreate; the space only before a create or recreate
    in a named space that no stored connector proved; in check mode, Kibana's
    status (its version) before a create whose defaults differ between Kibana
    versions.
    """
    counted = desired['state'] == 'absent' and not options['force']
    current = find_connector(client, space_id, desired.get('connector_id'), desired.get('name'), listed=counted)
    needed = facts_needed(current, desired, options, check_mode)
    if 'reference_count' in needed:
        current = dict(current, referenced_by_count=reference_count(client, current['id'], space_id))
    facts = Facts(space_id,
                  space_exists=client.space_exists(space_id) if 'space' in needed else True,
                  types=connector_types(client, space_id) if 'types' in needed else None,
                  version=client.kibana_version() if 'version' in needed else None)
    return current, facts


# --------------------------------------------------------------------------- planning
class Plan:
    """What a task does: ``action`` is one of create, update, none, delete, recreate.

    ``before`` and ``after`` are connectors in the result shape (``{}`` when there is
    none); ``after`` is the predicted connector, with ``id`` None where Kibana picks
    it. ``send_secrets`` is the secrets dict to send (None: nothing is sent).
    ``problems``: what Kibana would probably refuse in what is sent (catalogue
    checks); ``warnings``: for the task's output; ``check_mode_warnings``: what check
    mode adds, as it cannot ask Kibana to validate.
    """

    ACTIONS = ('create', 'update', 'none', 'delete', 'recreate')

    def __init__(self, action, current, desired, reasons=(), after=None, send_secrets=None, warnings=()):
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
        self.problems = []
        self.version = None  # the Kibana version the prediction of a create follows, when known
        self.types_read = False  # whether the plan of a create or recreate had Kibana's connector types

    @property
    def changed(self):
        return self.action != 'none'

    @property
    def type_id(self):
        return self.desired.get('connector_type_id') or (self.current or {}).get('connector_type_id')

    @property
    def check_mode_warnings(self):
        if self.action == 'create' and get_type(self.type_id) is None:
            if self.types_read:  # Kibana's types tell (see kibana_connectors)
                return []
            return ["connector type %r is not in this collection's catalogue: check mode cannot tell whether Kibana knows it"
                    % (self.type_id,)]
        warnings = ['Kibana will probably refuse this connector: %s' % problem for problem in self.problems]
        creates = self.action in ('create', 'recreate') and not self.version
        notes = version_notes(self.type_id, self.desired['config']) if creates else []
        if notes:
            warnings.append('check mode does not know the Kibana version, and the defaults Kibana fills in for this '
                            'connector depend on it; the predicted config shows those of the newest Kibana the '
                            'collection knows: %s' % '; '.join(notes))
        return warnings

    def diff(self, after=None):
        """The diff from ``before`` to ``after`` (default: the predicted connector; after a write, Kibana's answer)."""
        return diff(self.before, self.after if after is None else after, sorted(self.send_secrets or ()))

    def __repr__(self):
        return 'Plan(%s, %r)' % (self.action, self.reasons)


def _predicted(desired, type_id, current=None, connector_id=None, referenced_by_count=None, version=None):
    """The connector Kibana will answer after the create or update, in the result shape.

    ``is_deprecated`` follows the type's rule on the predicted config (ServiceNow
    with usesTableApi true, its default, is deprecated); for a type the catalogue
    does not know it stays what Kibana said (False for a create).
    """
    current_config = None if current is None else (current.get('config') or {})
    current = current or {}
    config = predicted_config(type_id, desired['config'], current_config, version)
    deprecated = is_deprecated(type_id, config) if get_type(type_id) else current.get('is_deprecated', False)
    return connector_result(dict(
        id=connector_id, name=desired['name'] if desired.get('name') is not None else current.get('name'),
        connector_type_id=type_id, config=config,
        is_preconfigured=False, is_deprecated=deprecated, is_missing_secrets=False,
    ), referenced_by_count)


def _check_references(current, options, verb):
    """Refuse to delete a connector that rules or other saved objects use, unless forced."""
    if options['force']:
        return
    count = current.get('referenced_by_count')
    if count is None:
        raise ValueError('plan needs the referenced_by_count of connector %r (see facts_needed)' % (current.get('id'),))
    if count > 0:
        raise ConnectorPlanError(
            'refusing to %s connector %r: rules or other saved objects refer to it (referenced_by_count %d). '
            'Set force: true to %s it anyway' % (verb, current.get('id'), count, verb))


def type_unavailable(type_id, types):
    """Why Kibana would refuse a connector of ``type_id``, from its connector ``types`` (see ``connector_types``):
    it does not know the type, or does not enable it. None when it would not."""
    if type_id not in types:
        return 'Kibana does not know connector type %r' % (type_id,)
    if not types[type_id]:
        return 'connector type %r is not enabled in this Kibana (license or xpack.actions.enabledActionTypes)' % (type_id,)
    return None


def _check_type_available(type_id, types):
    """Before a recreate deletes anything: the new type must be known and enabled in this Kibana."""
    if types is None:
        raise ValueError('plan needs the connector types before a recreate (see facts_needed)')
    problem = type_unavailable(type_id, types)
    if problem:
        raise ConnectorPlanError('%s; nothing was deleted' % problem)


def _secrets_needed(type_id, config, desired, what):
    if desired['secrets'] is None and uses_secrets(type_id, config):
        raise ConnectorPlanError(
            'connector type %r keeps secrets and Kibana %s; this task gives no secrets, so the stored secrets would be '
            'erased. Give secrets (with update_secrets: on_create they are only sent when an update is needed anyway), '
            'or secrets: {} if the connector has none' % (type_id, what))


def plan(current, desired, options, facts=None):
    """The Plan for one connector. Pure: no request. Raises ConnectorPlanError for refusals.

    ``current`` is the connector Kibana holds (None: absent); ``facts`` holds what
    ``facts_needed`` names (default: a default-space connector needing none).
    """
    facts = facts or Facts()
    type_id = desired.get('connector_type_id') or (current or {}).get('connector_type_id')
    if desired['state'] != 'absent' and is_system_type(type_id):
        raise ConnectorPlanError(system_type_message(type_id))
    if desired['state'] == 'absent':
        p = _plan_absent(current, desired, options)
    elif current is None:
        p = _plan_create(desired, facts)
    elif current.get('is_preconfigured'):
        p = _plan_preconfigured(current, desired)
    elif desired.get('connector_type_id') and desired['connector_type_id'] != current.get('connector_type_id'):
        p = _plan_recreate(current, desired, options, facts)
    else:
        p = _plan_update(current, desired, options)
    if p.action in ('create', 'recreate'):
        p.version = facts.version
        p.types_read = facts.types is not None
        warning = space_problem(facts.space_id, facts.space_exists)
        if warning:
            p.warnings.append(warning)
    compared = desired['state'] != 'absent' and not (current or {}).get('is_preconfigured')
    if compared and type_id and get_type(p.type_id) is None:
        p.warnings.append(unknown_type_warning(p.type_id))
    return p


def _validated(p):
    """The plan, with what Kibana would probably refuse in what it sends (key names only, never values)."""
    p.problems = validate_connector(p.type_id, p.desired['config'], p.send_secrets,
                                    check_secrets=p.desired['secrets'] is not None or p.action != 'update')
    return p


def _plan_create(desired, facts):
    type_id = desired.get('connector_type_id')
    if not type_id:
        raise ConnectorPlanError('%s does not exist and connector_type_id is required to create it' % label(desired))
    after = _predicted(desired, type_id, connector_id=desired.get('connector_id'), version=facts.version)
    return _validated(Plan('create', None, desired, ['create %s of type %s' % (label(desired), type_id)], after,
                           send_secrets=desired['secrets'] or {}))


def _plan_absent(current, desired, options):
    if current is None:
        return Plan('none', None, desired)
    if current.get('is_preconfigured'):
        raise ConnectorPlanError('connector %r cannot be deleted: %s' % (current.get('id'), KIBANA_YML_HINT))
    _check_references(current, options, 'delete')
    return Plan('delete', current, desired, ['delete connector %r' % current.get('id')], {})


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


def _plan_recreate(current, desired, options, facts):
    old_type, new_type = current.get('connector_type_id'), desired['connector_type_id']
    if not options['recreate']:
        raise ConnectorPlanError(
            'connector %r has type %r; Kibana cannot change the type of a connector to %r. Set recreate: true to delete it '
            'and create it again (give connector_id to keep its id: rules refer to connectors by id)'
            % (current.get('id'), old_type, new_type))
    _check_references(current, options, 'recreate')
    _secrets_needed(new_type, desired['config'], desired, 'cannot copy them to the new connector')
    keep_id = desired.get('connector_id')
    after = _predicted(desired, new_type, None, keep_id, current.get('referenced_by_count') if keep_id else None,
                       facts.version)
    reason = 'type %s -> %s: delete connector %r and create it again %s' % (
        old_type, new_type, current.get('id'), 'with the same id' if keep_id else '(Kibana picks a new id)')
    p = _validated(Plan('recreate', current, desired, [reason], after, send_secrets=desired['secrets'] or {}))
    if p.problems:
        raise ConnectorPlanError('the new connector would be refused (%s); nothing was deleted' % '; '.join(p.problems))
    _check_type_available(new_type, facts.types)
    return p


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
    return _validated(Plan('update', current, desired, reasons, after, send_secrets=secrets or {}, warnings=warnings))


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


def result_connector(p, answer):
    """The connector a task returns after ``apply``: Kibana's answer in the result shape ({} after a delete)."""
    if p.action == 'delete' or answer is None:
        return {}
    return connector_result(answer, p.after.get('referenced_by_count'))


# --------------------------------------------------------------------------- one connector, all of it
class Outcome:
    """The result of ``converge``: what the module returns. ``connector`` is Kibana's answer (the prediction in
    check mode), and the diff shows it: in a real run, the config exactly as Kibana stored it."""

    def __init__(self, p, changed, connector):
        self.plan = p
        self.changed = changed
        self.connector = connector

    @property
    def diff(self):
        return self.plan.diff(self.connector)

    @property
    def reasons(self):
        return list(self.plan.reasons) if self.changed else []


def converge(client, desired, options, space_id=DEFAULT_SPACE, check_mode=False, warnings=None):
    """Gather, plan and (unless ``check_mode``) apply, for one connector. Raises KibanaError subclasses.

    ``warnings`` (a list) receives the warnings as they come, so that a failure
    later in the run still shows them.
    """
    warnings = [] if warnings is None else warnings
    current, facts = gather(client, desired, space_id, options, check_mode)
    p = plan(current, desired, options, facts)
    warnings.extend(p.warnings)
    if check_mode:
        warnings.extend(p.check_mode_warnings)
        return Outcome(p, p.changed, p.after)
    changed, answer = apply(client, p, space_id)
    return Outcome(p, changed, result_connector(p, answer))
