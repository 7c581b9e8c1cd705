# -*- coding: utf-8 -*-
# Copyright (c) kibana.connectors contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""What one connector should become: comparison and planning, pure (no request).

* ``Desired``: what a task declares for one connector (kibana_connector's options, or one
  item of kibana_connectors), with the options that decide how it is applied.
* ``decide(current, desired)``: what has to happen (create, update, none, delete, recreate)
  and why; it needs only the connector Kibana holds.
* ``facts_needed``: what else the plan must know (reference count, Kibana's connector types,
  the space, Kibana's version); the engine (_engine.py) reads each fact once for all items.
* ``plan(current, desired, facts)``: the complete ``Plan``, frozen once built: what is sent
  (the config converted as Kibana takes it), the predicted connector, the diff, the
  warnings; or a ``ConnectorPlanError`` for whatever Kibana would refuse, so that nothing is
  written (check mode refuses exactly what the real run would).
* ``apply(client, plan, space_id)``: the writes.

Private to the collection: not a public API, may change in any release.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type  # pylint: disable=invalid-name

import copy
import re
import uuid

from ansible_collections.kibana.connectors.plugins.module_utils._catalogue import (
    closest_types,
    get_type,
    identity_keys,
    is_deprecated,
    is_system_type,
    normalize,
    reached,
    returned_config,
    system_type_message,
    uses_secrets,
    version_dependent,
    version_notes,
    without_nulls,
)
from ansible_collections.kibana.connectors.plugins.module_utils._errors import (
    KibanaConflictError,
    KibanaError,
    KibanaNotFoundError,
)
from ansible_collections.kibana.connectors.plugins.module_utils._kibana import DEFAULT_SPACE
from ansible_collections.kibana.connectors.plugins.module_utils._lookup import space_problem

# The namespace of the ids this collection derives for connectors identified by name (uuid5 of it, the space and the
# name). Fixed forever: changing it would make every later run create each of those connectors again.
ID_NAMESPACE = uuid.UUID('5d0f6f0e-3c1b-5a59-9d7e-6b69626e6361')
CUSTOM_IDS_SINCE = (8, 8)  # POST /api/actions/connector/{id}: Kibana PR #155392
# Kibana 9.4's rules for a connector id given on create (human-readable ids, Kibana PR #255922;
# x-pack/platform/plugins/shared/actions/common/validate_connector_id.ts@25e080bb): its texts.
ID_RULES_SINCE = '9.4'
_ID_PATTERN = re.compile(r'^[a-z0-9-]+$')
AUTH_MODE_SINCE = '9.4'  # auth_mode in Kibana's GET and list answers (kibana#252262)
SECRET_MASK = '<hidden; sent>'
UPDATE_SECRETS = ('on_change', 'always', 'on_create')
KIBANA_YML_HINT = ('preconfigured connectors are defined in kibana.yml (xpack.actions.preconfigured) and cannot be changed '
                   'or deleted through the API; manage them with the kibana.connectors.kibana_config role')


def derived_id(space_id, name):
    """The id of a connector a task identifies by name: the same for every run, host and controller that declares
    that name in that space, so that a second create of it meets Kibana's 409 instead of making a copy. A UUID (36
    characters of lowercase hex and hyphens: Kibana 8.8+ accepts it as a custom id, and 9.4's id rules too)."""
    return str(uuid.uuid5(ID_NAMESPACE, '%s\x00%s' % (space_id, name)))


def custom_ids(version):
    """Whether Kibana ``version`` accepts a connector id on create: True, False, or None when the version is unknown
    (then the id is sent, and a Kibana too old for it answers 404, see apply)."""
    if not version:
        return None
    parts = [int(part) if part.isdigit() else 0 for part in str(version).split('.')[:2]]
    return tuple(parts + [0] * (2 - len(parts))) >= CUSTOM_IDS_SINCE


class CreatedElsewhere(KibanaError):
    """A create met Kibana's 409 for its id (the task's, or the one derived from space and name): another run or host
    may have created the connector meanwhile (see _engine.Run)."""

    def __init__(self, connector_id):
        super(CreatedElsewhere, self).__init__('connector %r was created meanwhile by another run' % (connector_id,))
        self.connector_id = connector_id


class ConnectorPlanError(KibanaError):
    """The task must fail. Nothing was written, unless ``changed`` says otherwise (the message then tells what)."""

    def __init__(self, message, changed=False, status=None):
        super(ConnectorPlanError, self).__init__(message)
        self.changed = changed
        self.status = status


# --------------------------------------------------------------------------- what the task asks for
class Desired:
    """The connector a task declares, and how to apply it.

    ``state`` present or absent; ``config`` and ``secrets`` as given (``secrets`` None: not
    given); ``update_secrets`` on_change, always or on_create; ``recreate``: a type change
    deletes and creates again; ``force``: delete or recreate although referenced; ``merge``:
    the config given is merged over the config Kibana holds (kibana_connectors' state merged).
    """

    __slots__ = ('state', 'connector_id', 'name', 'connector_type_id', 'config', 'secrets', 'update_secrets',
                 'recreate', 'force', 'merge', 'auth_mode', 'given_config')

    def __init__(self, state='present', connector_id=None, name=None, connector_type_id=None, config=None, secrets=None,
                 update_secrets='on_change', recreate=False, force=False, merge=False, auth_mode=None,
                 given_config=None):
        # pylint: disable=too-many-arguments
        self.state = state or 'present'
        self.connector_id = connector_id or None
        self.name = name
        self.connector_type_id = connector_type_id or None
        # taken as given, not copied: nothing changes them (a fleet of 10,000 would copy them for nothing)
        self.config = config or {}
        self.secrets = secrets
        self.update_secrets = update_secrets or 'on_change'
        self.recreate = bool(recreate)
        self.force = bool(force)
        self.merge = bool(merge)
        self.auth_mode = auth_mode or None  # whose credentials Kibana 9.4+ uses: only 'shared' through the API
        # merged: the config the task gave, before the keys Kibana holds were merged in (those Kibana took already)
        self.given_config = given_config

    @classmethod
    def from_params(cls, params, **overrides):
        """From module parameters (or any dict with the same keys)."""
        values = dict((key, params.get(key)) for key in cls.__slots__ if key in params)
        values.update(overrides)
        return cls(**values)

    def replace(self, **changes):
        values = dict((key, getattr(self, key)) for key in self.__slots__)
        values.update(changes)
        return Desired(**values)

    def merged_over(self, current):
        """State merged: this config's keys over the config Kibana holds; this config alone when the type changes
        (the old type's keys mean nothing to the new one) or when there is nothing to merge over."""
        if not self.merge or current is None or current.get('is_preconfigured') or (
                self.connector_type_id and self.connector_type_id != current.get('connector_type_id')):
            return self
        return self.replace(config=dict(without_nulls(current.get('config')), **self.config), given_config=self.config)

    @property
    def label(self):
        """How messages name the connector of a task."""
        if self.connector_id:
            if self.name:
                return 'connector %r (%r)' % (self.connector_id, self.name)
            return 'connector %r' % (self.connector_id,)
        return 'connector named %r' % (self.name,)


# --------------------------------------------------------------------------- comparison
def id_problems(connector_id):
    """What Kibana 9.4 and later refuse in a connector id given on create, in Kibana's words."""
    problems = []
    if len(connector_id) > 36:
        problems.append('Connector ID must be 36 characters or less.')
    if not _ID_PATTERN.match(connector_id):
        problems.append('Connector ID must contain only lowercase letters, numbers, and hyphens.')
    return problems


def deprecation_warning(type_id, connector=None, version=None):
    """The warning for a connector type Kibana deprecates (its answer says so, or the catalogue for this version)."""
    record = get_type(type_id)
    deprecated = bool((connector or {}).get('is_connector_type_deprecated')) or bool(
        version and record is not None and record.deprecated_in(version))
    if not deprecated:
        return None
    advice = (record.recommendation if record is not None else None) or 'see the Kibana release notes'
    return 'connector type %s is deprecated in this Kibana: %s' % (type_id, advice)


def _auth_mode_refusal(current, desired):
    """Why the task's auth_mode cannot hold, or None. Kibana 9.4 answers auth_mode (shared, or personal for
    connectors set up in its UI) but takes none through its API: a connector the API creates is shared."""
    if not desired.auth_mode:
        return None
    if desired.auth_mode == 'personal':
        return ('auth_mode personal cannot be set through Kibana\'s connectors API: the connectors it creates use '
                'shared credentials (personal ones are set up in Kibana\'s UI)')
    if current is not None and 'auth_mode' not in current:
        return 'auth_mode needs Kibana %s or later (this Kibana\'s answers carry none)' % AUTH_MODE_SINCE
    if current is not None and current['auth_mode'] != desired.auth_mode:
        return ('connector %r has auth_mode %s; Kibana\'s connectors API cannot change it'
                % (current.get('id'), current['auth_mode']))
    return None


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
    want = without_nulls(returned_config(type_id, desired_config, current=current_config or {}))
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
        config=dict(connector.get('config') or {}),
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
    """What Kibana holds that a plan needs besides the connector itself (see ``facts_needed``).

    ``space_id``: where the connector lives. ``space_exists``: True, False, or None when
    the user may not read the Spaces API. ``types``: connector type id -> enabled, from
    Kibana's connector types; None when not read. ``version``: Kibana's version number;
    None when not read or not readable (then only what is certain in every version is
    refused, and check mode says when its prediction depends on the version).
    ``custom_ids``: whether Kibana takes the id of a create (see custom_ids()).
    """

    def __init__(self, space_id=DEFAULT_SPACE, space_exists=True, types=None, version=None, custom_ids=True):
        self.space_id = space_id
        self.space_exists = space_exists
        self.types = types
        self.version = version
        self.custom_ids = custom_ids  # see custom_ids(): True, False (Kibana before 8.8), None (unknown)


class Decision:
    """What has to happen to a connector, and why: ``action`` (create, update, none, delete, recreate),
    ``reasons`` (texts, key names only) and ``warnings``. Needs only the connector Kibana holds."""

    def __init__(self, action, reasons=(), warnings=()):
        self.action = action
        self.reasons = list(reasons)
        self.warnings = list(warnings)


def _secrets_reason(current, desired, secrets_known):
    """Why the secrets given must be sent although nothing else changes, or None (see update_secrets)."""
    if not desired.secrets:
        return None
    if desired.update_secrets == 'always':
        return 'secrets are sent on every run (update_secrets: always)'
    if current.get('is_missing_secrets'):
        return 'Kibana reports the connector is missing its secrets'
    if desired.update_secrets == 'on_change':
        if secrets_known is False:
            return 'secrets differ from those this collection last sent (update_secrets: on_change)'
        if secrets_known is None:
            return ('secrets are sent once: nothing is remembered of the secrets this connector holds '
                    '(update_secrets: on_change)')
    return None


def decide(current, desired, secrets_known=None):
    """The Decision for one connector (pure). Raises ConnectorPlanError for what the task must not do.

    ``secrets_known`` (update_secrets on_change): True when the secrets given are those this collection last
    sent to the connector, False when they differ, None when nothing is remembered (see _fingerprint.py).
    """
    type_id = desired.connector_type_id or (current or {}).get('connector_type_id')
    if desired.state != 'absent' and is_system_type(type_id):
        raise ConnectorPlanError(system_type_message(type_id))
    refusal = _auth_mode_refusal(current, desired) if desired.state != 'absent' else None
    if refusal:
        raise ConnectorPlanError(refusal)
    if desired.state == 'absent':
        if current is None:
            return Decision('none')
        if current.get('is_preconfigured'):
            raise ConnectorPlanError('connector %r cannot be deleted: %s' % (current.get('id'), KIBANA_YML_HINT))
        return Decision('delete', ['delete connector %r' % current.get('id')])
    if current is None:
        if not type_id:
            raise ConnectorPlanError('%s does not exist and connector_type_id is required to create it' % desired.label)
        if not desired.name:
            raise ConnectorPlanError('it does not exist, and name is required to create it')
        return Decision('create', ['create %s of type %s' % (desired.label, type_id)])
    if current.get('is_preconfigured'):
        return _decide_preconfigured(current, desired)
    if desired.connector_type_id and desired.connector_type_id != current.get('connector_type_id'):
        return _decide_recreate(current, desired)
    reasons, warnings = [], []
    if desired.name is not None and desired.name != current.get('name'):
        reasons.append('name changes')
    reasons.extend(config_differences(type_id, _converted(type_id, desired.config), current.get('config')))
    secrets_reason = _secrets_reason(current, desired, secrets_known)
    if secrets_reason:
        reasons.append(secrets_reason)
    elif not desired.secrets and current.get('is_missing_secrets'):
        warnings.append('Kibana reports connector %r is missing its secrets; give secrets to fix it' % current.get('id'))
    if get_type(type_id) is None:
        warnings.append(unknown_type_warning(type_id))
    deprecated = deprecation_warning(type_id, current)
    if deprecated:
        warnings.append(deprecated)
    if not reasons:
        return Decision('none', warnings=warnings)
    _secrets_needed(type_id, desired.config, desired, "replaces a connector's secrets on every update")
    return Decision('update', reasons, warnings)


def _converted(type_id, config):
    """The config with its values converted as Kibana takes them (problems are the plan's)."""
    record = get_type(type_id)
    return record.convert(config) if record else config


def _decide_preconfigured(current, desired):
    problems = []
    if desired.name is not None and desired.name != current.get('name'):
        problems.append('its name is %r, not %r' % (current.get('name'), desired.name))
    if desired.connector_type_id and desired.connector_type_id != current.get('connector_type_id'):
        problems.append('its type is %r, not %r' % (current.get('connector_type_id'), desired.connector_type_id))
    if problems:
        raise ConnectorPlanError('connector %r is preconfigured and %s; %s'
                                 % (current.get('id'), ' and '.join(problems), KIBANA_YML_HINT))
    warnings = []
    if desired.config or desired.secrets:
        warnings.append('connector %r is preconfigured: its config and secrets come from kibana.yml and are not compared '
                        'or changed by this task (see the kibana.connectors.kibana_config role)' % current.get('id'))
    return Decision('none', warnings=warnings)


def _decide_recreate(current, desired):
    old_type, new_type = current.get('connector_type_id'), desired.connector_type_id
    if not desired.recreate:
        raise ConnectorPlanError(
            'connector %r has type %r; Kibana cannot change the type of a connector to %r. Set recreate: true to delete it '
            'and create it again (give connector_id to keep its id: rules refer to connectors by id)'
            % (current.get('id'), old_type, new_type))
    _secrets_needed(new_type, desired.config, desired, 'cannot copy them to the new connector')
    return Decision('recreate', ['type %s -> %s: delete connector %r and create it again %s' % (
        old_type, new_type, current.get('id'), 'with the same id' if desired.connector_id else
        'with the id derived from its space and name')])


def _secrets_needed(type_id, config, desired, what):
    if desired.secrets is None and uses_secrets(type_id, config):
        raise ConnectorPlanError(
            'connector type %r keeps secrets and Kibana %s; this task gives no secrets, so the stored secrets would be '
            'erased. Give secrets (with update_secrets: on_create they are only sent when an update is needed anyway), '
            'or secrets: {} if the connector has none' % (type_id, what))


def facts_needed(current, desired, check_mode=False, decision=None):
    """Which facts the plan of a task needs besides ``current``: a set of 'reference_count' (before a delete or a
    recreate that is not forced, when ``current`` lacks it), 'types' (before a recreate, or a create of a type the
    catalogue does not know), 'space' (before a create or a recreate), 'version' (when what is sent is checked
    differently by different Kibana versions, or, in check mode, when the config Kibana will return depends on
    it). ``decision``: decide()'s, when the caller has it. A task that will be refused needs nothing."""
    try:
        decision = decision or decide(current, desired)
    except ConnectorPlanError:
        return set()
    needed = set()
    action = decision.action
    type_id = desired.connector_type_id or (current or {}).get('connector_type_id')
    if action in ('delete', 'recreate') and not desired.force and current.get('referenced_by_count') is None:
        needed.add('reference_count')
    if action == 'recreate' or (action == 'create' and get_type(type_id) is None):
        needed.add('types')
    if action in ('create', 'recreate'):
        needed.add('space')
        record = get_type(type_id)
        if (not desired.connector_id or desired.auth_mode or id_problems(desired.connector_id)
                or (record is not None and record.type_deprecated)):
            # the derived id needs Kibana 8.8+; auth_mode 9.4+; ids are checked from 9.4; deprecations are per version
            needed.add('version')
    if action in ('create', 'update', 'recreate'):
        given = desired.config if desired.given_config is None else desired.given_config
        if version_dependent(type_id, given, desired.secrets):
            needed.add('version')
        if check_mode and action != 'update' and version_notes(type_id, desired.config):
            needed.add('version')
    return needed


def type_unavailable(type_id, types):
    """Why Kibana would refuse a connector of ``type_id``, from its connector ``types`` (id -> enabled): it does not
    know the type (with the closest ids it and the catalogue know), or does not enable it. None when it would not."""
    if type_id not in types:
        close = closest_types(type_id, types)
        hint = ' (did you mean %s?)' % ' or '.join(repr(t) for t in close) if close else ''
        return 'Kibana does not know connector type %r%s' % (type_id, hint)
    if not types[type_id]:
        return 'connector type %r is not enabled in this Kibana (license or xpack.actions.enabledActionTypes)' % (type_id,)
    return None


# --------------------------------------------------------------------------- planning
class Plan:
    """What a task does, complete and frozen once built.

    ``action`` (create, update, none, delete, recreate) and ``reasons``; ``before`` and
    ``after`` are connectors in the result shape (``{}`` when there is none), ``after``
    being the predicted connector (``id`` None where Kibana picks it); ``config`` is the
    config sent (values converted as Kibana takes them); ``send_secrets`` the secrets
    sent (None: nothing is sent); ``warnings`` for the task's output and
    ``check_mode_warnings`` what check mode adds.
    """

    ACTIONS = ('create', 'update', 'none', 'delete', 'recreate')
    _frozen = False

    def __init__(self, action, current, desired, reasons=(), after=None, send_secrets=None, warnings=(),
                 check_mode_warnings=(), config=None):
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
        self.check_mode_warnings = list(check_mode_warnings)
        self.config = desired.config if config is None else config
        self._frozen = True

    def __setattr__(self, name, value):
        if self._frozen:
            raise AttributeError('a Plan is frozen once built (%s)' % name)
        object.__setattr__(self, name, value)

    @property
    def changed(self):
        return self.action != 'none'

    @property
    def type_id(self):
        return self.desired.connector_type_id or (self.current or {}).get('connector_type_id')

    def diff(self, after=None):
        """The diff from ``before`` to ``after`` (default: the predicted connector; after a write, Kibana's answer)."""
        return diff(self.before, self.after if after is None else after, sorted(self.send_secrets or ()))

    def __repr__(self):
        return 'Plan(%s, %r)' % (self.action, list(self.reasons))


def _predicted(desired, type_id, config, current=None, connector_id=None, referenced_by_count=None, version=None):
    """The connector Kibana will answer after the create or update, in the result shape.

    ``is_deprecated`` follows the type's rule on the predicted config (ServiceNow
    with usesTableApi true, its default, is deprecated); for a type the catalogue
    does not know it stays what Kibana said (False for a create).
    """
    current_config = None if current is None else (current.get('config') or {})
    current = current or {}
    predicted = returned_config(type_id, config, version=version if current_config is None else None,
                                current=current_config)
    deprecated = is_deprecated(type_id, predicted) if get_type(type_id) else current.get('is_deprecated', False)
    return connector_result(dict(
        id=connector_id, name=desired.name if desired.name is not None else current.get('name'),
        connector_type_id=type_id, config=predicted,
        is_preconfigured=False, is_deprecated=deprecated, is_missing_secrets=False,
    ), referenced_by_count)


def _check_references(current, desired, verb):
    """Refuse to delete a connector that rules or other saved objects use, unless forced."""
    if desired.force:
        return
    count = current.get('referenced_by_count')
    if count is None:
        raise ValueError('plan needs the referenced_by_count of connector %r (see facts_needed)' % (current.get('id'),))
    if count > 0:
        raise ConnectorPlanError(
            'refusing to %s connector %r: rules or other saved objects refer to it (referenced_by_count %d). '
            'Set force: true to %s it anyway' % (verb, current.get('id'), count, verb))


def plan(current, desired, facts=None, decision=None):
    """The Plan for one connector. Pure: no request. Raises ConnectorPlanError for whatever the task must not do
    or Kibana would refuse (nothing is written then), KibanaSpaceNotFoundError before a create in a missing space.

    ``current`` is the connector Kibana holds (None: absent); ``facts`` holds what
    ``facts_needed`` names (default: a default-space connector needing none);
    ``decision``: decide()'s for these, when the caller has it.
    """
    facts = facts or Facts()
    decision = decision or decide(current, desired)
    action = decision.action
    warnings = list(decision.warnings)
    if action == 'none':
        after = connector_result(current) if current else {}
        return Plan('none', current, desired, after=after, warnings=warnings)
    if action == 'delete':
        _check_references(current, desired, 'delete')
        return Plan('delete', current, desired, decision.reasons, {}, warnings=warnings)
    type_id = desired.connector_type_id or current.get('connector_type_id')
    if action == 'recreate':
        _check_references(current, desired, 'recreate')
    # what is sent is what was validated: config and secrets as converted (as Ansible converts option values)
    config, send_secrets, problems = normalize(type_id, desired.config, desired.secrets, facts.version,
                                               check_secrets=desired.secrets is not None or action != 'update')
    if problems:
        raise ConnectorPlanError('%s%s' % (
            '; '.join(problems), '; nothing was deleted' if action == 'recreate' else ''))
    if action in ('create', 'recreate'):
        if facts.types is None and (action == 'recreate' or get_type(type_id) is None):
            raise ValueError('plan needs the connector types before a %s (see facts_needed)' % action)
        unavailable = type_unavailable(type_id, facts.types) if facts.types is not None else None
        if unavailable:
            raise ConnectorPlanError(unavailable + ('; nothing was deleted' if action == 'recreate' else ''))
        warning = space_problem(facts.space_id, facts.space_exists)
        if warning:
            warnings.append(warning)
        _check_new_connector(desired, type_id, facts, warnings)
        if get_type(type_id) is None:
            warnings.append(unknown_type_warning(type_id))
        keep_id = desired.connector_id
        count = current.get('referenced_by_count') if current and keep_id else None
        new_id = keep_id or (derived_id(facts.space_id, desired.name) if facts.custom_ids is not False else None)
        after = _predicted(desired, type_id, config, None, new_id, count, facts.version)
    else:
        after = _predicted(desired, type_id, config, current, current.get('id'), current.get('referenced_by_count'))
    return Plan(action, current, desired, decision.reasons, after, send_secrets=send_secrets, warnings=warnings,
                check_mode_warnings=_check_mode_notes(action, type_id, config, facts), config=config)


def _check_new_connector(desired, type_id, facts, warnings):
    """What Kibana's version decides of a new connector: its id's rules (9.4+), auth_mode (9.4+), a deprecation."""
    if not facts.version:
        return
    if desired.connector_id and reached(facts.version, ID_RULES_SINCE):
        problems = id_problems(desired.connector_id)
        if problems:
            raise ConnectorPlanError('Kibana %s refuses the connector id %r: %s'
                                     % (facts.version, desired.connector_id, ' '.join(problems)))
    if desired.auth_mode and not reached(facts.version, AUTH_MODE_SINCE):
        raise ConnectorPlanError('auth_mode needs Kibana %s or later (this is Kibana %s)' % (AUTH_MODE_SINCE, facts.version))
    deprecated = deprecation_warning(type_id, version=facts.version)
    if deprecated and deprecated not in warnings:
        warnings.append(deprecated)


def _check_mode_notes(action, type_id, config, facts):
    """Check mode's own warnings: a create whose returned config depends on a Kibana version it could not read."""
    notes = version_notes(type_id, config) if action in ('create', 'recreate') and not facts.version else []
    if not notes:
        return []
    return ['check mode does not know the Kibana version, and the defaults Kibana fills in for this connector depend '
            'on it; the predicted config shows those of the newest Kibana the collection knows: %s' % '; '.join(notes)]


# --------------------------------------------------------------------------- writes
def apply(client, p, space_id=DEFAULT_SPACE, known_ids=None):
    """Carry out a plan. Returns (changed, connector as Kibana answered it or None).

    ``known_ids``: the ids of the space's connectors known before a create without an id
    (see KibanaClient.create_connector).
    """
    desired = p.desired
    if p.action == 'none':
        return False, p.current
    if p.action == 'delete':
        return client.delete_connector(p.current['id'], space_id), None
    if p.action == 'update':
        return True, client.update_connector(p.current['id'], desired.name or p.current.get('name'), p.config,
                                             p.send_secrets, space_id, shown=identity_keys(p.type_id))
    if p.action == 'create':
        return True, _create(client, p, space_id, known_ids)
    client.delete_connector(p.current['id'], space_id)
    try:
        return True, _create(client, p, space_id, known_ids)
    except KibanaError as exc:
        raise ConnectorPlanError(
            'deleted connector %r (type %s) to create it again as type %s, but the create failed, so the connector is '
            'gone now: %s' % (p.current['id'], p.current.get('connector_type_id'), p.type_id, exc),
            changed=True, status=getattr(exc, 'status', None))


def _create(client, p, space_id, known_ids):
    """The create of a plan, with its id: the task's connector_id, else the one derived from space and name (see
    derived_id), else none (Kibana before 8.8 picks it)."""
    desired = p.desired
    new_id = p.after.get('id')
    try:
        return client.create_connector(desired.name, p.type_id, p.config, p.send_secrets, connector_id=new_id,
                                       space_id=space_id, known_ids=known_ids, shown=identity_keys(p.type_id))
    except KibanaConflictError:
        # the id is taken: by another run or host that created this connector meanwhile (the engine reads it and
        # carries on), or by a connector of another space (then the engine fails, saying so)
        raise CreatedElsewhere(new_id)
    except KibanaNotFoundError:
        if not new_id or desired.connector_id:
            raise
        # a Kibana of unknown version without custom ids (before 8.8) has no such route: it picks the id
        return client.create_connector(desired.name, p.type_id, p.config, p.send_secrets, space_id=space_id,
                                       known_ids=known_ids, shown=identity_keys(p.type_id))


def result_connector(p, answer):
    """The connector a task returns after ``apply``: Kibana's answer in the result shape ({} after a delete)."""
    if p.action == 'delete' or answer is None:
        return {}
    return connector_result(answer, p.after.get('referenced_by_count'))
