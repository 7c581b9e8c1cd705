# -*- coding: utf-8 -*-
# Copyright (c) kibana.connectors contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The engine that reads the connector type records of _catalogue.py: keys, value types, versions, rules.

A record (``ConnectorType``) is data: for each config, secrets and params key a ``Key``
(its value type, whether it is required, its default, whether it is a secret and of which
kind); cross-key rules in Ansible's vocabulary (``required_if``, ``required_together``,
``required_one_of``, ``mutually_exclusive``) over dotted paths (``config.host``,
``secrets.user``); functions (``checks``) only for Kibana's real oddities.

Versions are written one way, forward: a value that changed over Kibana releases is a
``Versions(oldest value, (first version, new value), ...)``; a key, an enum value or a rule
that exists from a version on carries ``since`` (a version, or one first version per
release line: ``('8.19', '9.1')`` is 8.19 and later 8.x, and 9.1 and later, not 9.0).

What the engine answers (the rest of the collection calls the functions of _catalogue.py):

* ``normalize``: the config and secrets as Kibana would take them, values of known keys
  converted the way Ansible converts option values (``"25"`` to ``25`` for an integer,
  ``"yes"`` to ``true`` for a boolean), and every problem Kibana would refuse, each naming
  the key, what was expected and what was given (never a secret value);
* ``returned_config``: the config Kibana returns for it (the defaults it fills in);
* ``version_dependent``: whether the answer to either depends on the Kibana version, so the
  engine reads the version only when it matters.

Private to the collection: not a public API, may change in any release.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type  # pylint: disable=invalid-name

import copy
import json
import re

from ansible.module_utils.common.validation import check_type_bool, check_type_dict, check_type_float, check_type_int

try:
    from urllib.parse import urlsplit
except ImportError:  # pragma: no cover - Python 2
    from urlparse import urlsplit  # pylint: disable=import-error


class _Marker:
    def __init__(self, text):
        self.text = text

    def __repr__(self):
        return self.text


ANY = _Marker('ANY')  # config/params not validated by Kibana: any key, any value
ABSENT = _Marker('ABSENT')  # a default that Kibana does not fill in (the key stays out of the config it returns)
NO_DEFAULT = _Marker('NO_DEFAULT')
NEWEST = '999.0'  # newer than any release: "the newest behaviour the catalogue knows"
OLDEST = '8.0'  # the oldest Kibana the collection supports

CREDENTIAL = 'credential'  # a secret: never in any output
IDENTITY = 'identity'  # a secret key that names someone (a user name): sent as a secret, but not masked in output

KINDS = ('str', 'url', 'json', 'int', 'number', 'bool', 'enum', 'list', 'dict', 'any')
_PLURAL = {'str': 'strings', 'url': 'URLs', 'json': 'JSON object strings', 'int': 'integers', 'number': 'numbers',
           'bool': 'booleans', 'list': 'lists', 'dict': 'dicts', 'any': 'values'}
_KIND_TEXT = {'str': 'a string', 'url': 'a URL', 'json': 'a string holding a non-empty JSON object',
              'int': 'an integer', 'number': 'a number', 'bool': 'a boolean', 'list': 'a list', 'dict': 'a dict',
              'any': 'any value'}


# --------------------------------------------------------------------------- versions
_VERSION_KEYS = {}


def version_key(version):
    """'8.19.2' -> (8, 19, 2), comparable; missing parts are 0. (Remembered: a fleet asks for a few versions often.)"""
    found = _VERSION_KEYS.get(version)
    if found is None:
        parts = []
        for part in str(version).split('.')[:3]:
            digits = ''.join(ch for ch in part if ch.isdigit())
            parts.append(int(digits or 0))
        found = _VERSION_KEYS[version] = tuple(parts + [0] * (3 - len(parts)))
    return found


def reached(version, starts):
    """Whether Kibana ``version`` has what came in ``starts``: one first version per release line.

    ``('8.19', '9.1')``: 8.19 and later 8.x, and 9.1 or later (not 9.0); ``'8.6'``: 8.6 or later;
    None: every version.
    """
    if starts is None:
        return True
    starts = (starts,) if isinstance(starts, str) else tuple(starts)
    wanted = version_key(version)
    for index, start in enumerate(starts):
        start = version_key(start)
        if wanted >= start and (index == len(starts) - 1 or wanted[0] == start[0]):
            return True
    return False


def _starts_of(starts):
    return () if starts is None else ((starts,) if isinstance(starts, str) else tuple(starts))


def _points_of(starts):
    """The versions where ``starts`` changes something: each start, and after a start of an older release line the
    first version of the next line (which lacks the change until its own start)."""
    starts = _starts_of(starts)
    return list(starts) + ['%d.0' % (version_key(start)[0] + 1) for start in starts[:-1]]


class Versions:
    """A value that changed over Kibana releases, written forward: ``Versions(oldest, ('8.16', v2), ('9.1', v3))``.

    Kibana ``version`` has the value of the last change at or before it. A change given for
    a release line (``('8.19', x), ('9.0', y), ('9.1', x)``) reads as it is written.
    """

    def __init__(self, oldest, *changes):
        self.oldest = oldest
        self.changes = tuple(sorted(changes, key=lambda change: version_key(change[0])))

    def at(self, version):
        value = self.oldest
        for start, changed in self.changes:
            if version_key(version) >= version_key(start):
                value = changed
        return value

    def values(self):
        """Every value some release has, oldest first, each once."""
        found = []
        for value in [self.oldest] + [value for _start, value in self.changes]:
            if not any(value is seen or (type(value) is type(seen) and value == seen) for seen in found):
                found.append(value)
        return found

    @property
    def starts(self):
        return tuple(start for start, _value in self.changes)


def at(value, version):
    """``value`` as Kibana ``version`` has it (a plain value is the same in every version)."""
    return value.at(version) if isinstance(value, Versions) else value


def _all_values(value):
    return value.values() if isinstance(value, Versions) else [value]


def _show_version(version):
    major, minor, patch = version_key(version)
    return '%d.%d' % (major, minor) if not patch else '%d.%d.%d' % (major, minor, patch)


def _show(value):
    if value is ABSENT:
        return 'left out'
    return 'null' if value is None else json.dumps(value, sort_keys=True)


class Since:
    """Enum values that exist from a version on: ``values=('post', 'put', Since('9.3', 'patch', 'get'))``."""

    def __init__(self, starts, *values):
        self.starts = starts
        self.values = values


# --------------------------------------------------------------------------- keys
class Key:
    """One config, secrets or params key.

    kind         one of KINDS; ``enum`` takes ``values`` (None among them: null allowed)
    required     True, or Versions(...) of it: Kibana refuses a value that is missing, null or ''
    default      what Kibana fills in when the key is left out (NO_DEFAULT: nothing, and the key
                 stays out); ABSENT in a Versions: left out in those versions
    default_when (key, value): the default applies only when config.key is value (a provider's key)
    nullable     null is accepted (a default of None implies it)
    secret       for secrets keys: CREDENTIAL (the default) or IDENTITY (a user name)
    since        the first version(s) with this key (see ``reached``); older Kibana refuses it
    children     for a dict: sub key -> value Kibana fills into a given dict (nullable children)
    items        for a list: the kind of its items; for a dict: the kind of its values
    minimum, maximum  bounds of an int or a number
    schemes      for a url: the schemes Kibana accepts (None: any scheme Kibana's URL parser takes)
    default values may be functions of the config as given (a real oddity: the webhook's authType in 9.4)
    """

    def __init__(self, kind, required=False, default=NO_DEFAULT, values=(), nullable=False, secret=None, since=None,
                 default_when=None, children=None, items=None, minimum=None, maximum=None, schemes=None):
        # pylint: disable=too-many-arguments
        if kind not in KINDS:
            raise ValueError('unknown key kind %r' % (kind,))
        self.kind = kind
        self.required = required
        self.default = default
        self.values = tuple(values)
        self.nullable = nullable or any(value is None for value in _all_values(default))
        self.secret = secret
        self.since = since
        self.default_when = default_when
        self.children = dict(children or {})
        self.items = items
        self.minimum = minimum
        self.maximum = maximum
        self.schemes = tuple(schemes) if schemes else None

    def exists_in(self, version):
        return reached(version, self.since)

    def required_in(self, version):
        return bool(at(self.required, version))

    def choices(self, version):
        """The enum values Kibana ``version`` accepts."""
        found = []
        for value in self.values:
            if isinstance(value, Since):
                if reached(version, value.starts):
                    found.extend(value.values)
            else:
                found.append(value)
        return found

    @property
    def later_values(self):
        """The enum values that exist only from some version on."""
        return [item for value in self.values if isinstance(value, Since) for item in value.values]

    def default_applies(self, config):
        return self.default_when is None or config.get(self.default_when[0]) == self.default_when[1]

    @property
    def versioned(self):
        return (self.since is not None or isinstance(self.required, Versions) or isinstance(self.default, Versions)
                or any(isinstance(value, Since) for value in self.values))

    def describe(self, version):
        if self.kind == 'enum':
            return 'one of %s' % ', '.join(_show(value) if value is None else str(value) for value in self.choices(version))
        if self.kind in ('list', 'dict') and self.items:
            return 'a %s of %s' % (self.kind, _PLURAL[self.items])
        if self.kind == 'url' and self.schemes:
            return 'a URL (%s)' % ', '.join(self.schemes)
        return _KIND_TEXT[self.kind]

    def convert(self, value, version, secret):
        """``(value as Kibana takes it, problem text or None)``; Ansible's conversions for int, number, bool and
        dict (a JSON object or ``key=value`` string, as Kibana's config-schema also takes a JSON object string)."""
        if value is None:
            return value, (None if self.nullable else 'expected %s, got null' % self.describe(version))
        kind = self.kind
        try:
            if kind in ('int', 'number') and not isinstance(value, bool):
                converted = check_type_int(value) if kind == 'int' else check_type_float(value)
                if kind == 'number' and isinstance(value, (int, str)) and converted.is_integer() and '.' not in str(value):
                    converted = int(converted)
                return converted, self._bounds(converted, secret)
            if kind == 'bool':
                return check_type_bool(value), None
            if kind == 'dict' and isinstance(value, str):
                value = check_type_dict(value)
        except (TypeError, ValueError):
            pass
        else:
            if kind in ('str', 'url', 'json', 'enum', 'list', 'dict', 'any'):
                problem = self._shape(value, version)
                if problem is None:
                    return value, None
                return value, problem + _given(value, secret)
        return value, 'expected %s%s' % (self.describe(version), _given(value, secret))

    def _bounds(self, value, secret):
        if (self.minimum is not None and value < self.minimum) or (self.maximum is not None and value > self.maximum):
            return 'expected %s from %s to %s%s' % (_KIND_TEXT[self.kind], self.minimum, self.maximum, _given(value, secret))
        return None

    def _shape(self, value, version):
        kind = self.kind
        if kind == 'any':
            return None
        if kind == 'enum':
            return None if value in self.choices(version) else 'expected %s' % self.describe(version)
        if kind == 'list':
            if not isinstance(value, list):
                return 'expected %s' % self.describe(version)
            if self.items and any(Key(self.items).convert(item, version, True)[1] for item in value):
                return 'expected %s' % self.describe(version)
            return None
        if kind == 'dict':
            item_key = Key(self.items) if self.items else None
            if not isinstance(value, dict) or (item_key and any(item_key.convert(item, version, True)[1]
                                                                for item in value.values())):
                return 'expected %s' % self.describe(version)
            return None
        if not isinstance(value, str):
            return 'expected %s' % self.describe(version)
        if kind == 'url' and value.strip() and not _is_url(value.strip(), self.schemes):
            return 'expected %s' % self.describe(version)
        if kind == 'json':
            try:
                parsed = json.loads(value)
            except ValueError:
                parsed = None
            if not isinstance(parsed, dict) or not parsed:
                return 'expected %s' % self.describe(version)
        return None


# Schemes after which Kibana's URL parsers (WHATWG ``new URL()``, node's ``url.parse`` in ensureUriAllowed) need a host.
_SPECIAL_SCHEMES = ('http', 'https', 'ws', 'wss', 'ftp')
_SCHEME = re.compile(r'^([A-Za-z][A-Za-z0-9+.-]*):')


def _is_url(text, schemes=None):
    """Whether Kibana parses ``text`` as a URL with a host name (a scheme, and a host after a special scheme);
    ``schemes``: the only schemes accepted (the sub-action framework's assertURL: http and https)."""
    match = _SCHEME.match(text)
    if not match:
        return False
    scheme = match.group(1).lower()
    if schemes and scheme not in schemes:
        return False
    if scheme in _SPECIAL_SCHEMES or schemes:
        try:
            return bool(urlsplit(text).hostname)
        except ValueError:
            return False
    return True


def _given(value, secret):
    """What was given, for a message: the value, or only its type for a secret."""
    if secret:
        return ', got a value of type %s' % type(value).__name__
    text = json.dumps(value, sort_keys=True, default=str)
    return ', got %s' % (text if len(text) <= 60 else text[:57] + '...')


# --------------------------------------------------------------------------- records
class ConnectorType:
    """What the collection knows about one connector type: data, read by the functions below.

    type_id, name, license, features   what Kibana's connector_types route reports
    since          first version(s) that register the type by default (see ``reached``)
    source         where in Kibana's source the record was read (path@commit, ...)
    system         a system action type: built into Kibana, never created through the API
    config         key -> Key, or ANY (Kibana does not validate config), or Versions of those
    unknown_config 'refused' or 'dropped' (Kibana drops unknown config keys), or Versions of those
    secrets        key -> Key (empty: the type has no secrets); unknown_secrets: 'refused' or 'dropped'
    has_auth_flag  the secrets are only used when config.hasAuth (default true) is not false
    required_if, required_together, required_one_of, mutually_exclusive
                   cross-key rules, each entry as Ansible writes them, over dotted paths; a rule of
                   config keys only is checked on the config with its defaults (Kibana's
                   validateConfig), a rule naming a secret on what the task sends (validateConnector);
                   an entry may end with ``since=`` as a dict: ``(..., {'since': '9.2'})``
    checks         functions (record, config, secrets, version) -> problem texts: the oddities of Kibana's connector
                   check (run when the secrets are checked); config_checks: the same for config-only oddities
                   (always run)
    deprecated_if  (key, values): Kibana's is_deprecated when config.key is one of values (ABSENT: left out)
    params         execute params: key -> Key, or ANY; params_checks: functions (record, params) -> texts
    sub_actions    sub-action name -> required subActionParams keys (sub-action types); read_only: the
                   sub-actions that only read
    """

    def __init__(self, type_id, name, license, features, since=None, source='', system=False, config=None,
                 unknown_config='refused', secrets=None, unknown_secrets='refused', has_auth_flag=False,
                 required_if=(), required_together=(), required_one_of=(), mutually_exclusive=(), checks=(),
                 config_checks=(), deprecated_if=None, params=ANY, params_checks=(), sub_actions=None, read_only=(),
                 type_deprecated=None, recommendation=None):
        # pylint: disable=redefined-builtin,too-many-arguments,too-many-locals
        self.id = type_id
        self.name = name
        self.license = license
        self.features = tuple(features)
        self.since = since
        self.source = source
        self.system = system
        self.config = {} if config is None else config
        self.unknown_config = unknown_config
        self.secrets = dict(secrets or {})
        self.unknown_secrets = unknown_secrets
        self.has_auth_flag = has_auth_flag
        self.rules = tuple(_rules(required_if, required_together, required_one_of, mutually_exclusive))
        self.checks = tuple(checks)
        self.config_checks = tuple(config_checks)
        self.deprecated_if = deprecated_if
        self.params = params
        self.params_checks = tuple(params_checks)
        self.sub_actions = dict(sub_actions) if sub_actions is not None else None
        self.read_only = tuple(read_only)
        self.type_deprecated = type_deprecated  # the first version(s) where Kibana deprecates the type itself
        self.recommendation = recommendation  # what Kibana recommends instead

    def derive(self, type_id, name, **changes):
        """A record for a type that shares this one's schema (ServiceNow SecOps and ITSM, say)."""
        record = copy.copy(self)
        record.__dict__.pop('_config_keys', None)
        record.__dict__.pop('_secrets_keys', None)
        record.id, record.name = type_id, name
        for key, value in changes.items():
            setattr(record, key, value)
        return record

    def deprecated_in(self, version):
        """Whether Kibana ``version`` deprecates the type itself (``is_connector_type_deprecated``)."""
        return self.type_deprecated is not None and reached(version, self.type_deprecated)

    def available_in(self, version):
        return reached(version, self.since)

    # ------------------------------------------------------------- keys per version
    def config_keys(self, version):
        """key -> Key of Kibana ``version`` (ANY: config not validated). Not to be changed: the answer is shared."""
        cache = self.__dict__.setdefault('_config_keys', {})
        if version not in cache:
            keys = at(self.config, version)
            cache[version] = ANY if keys is ANY else dict(
                (name, key) for name, key in keys.items() if key.exists_in(version))
        return cache[version]

    def secrets_keys(self, version=NEWEST):
        cache = self.__dict__.setdefault('_secrets_keys', {})
        if version not in cache:
            cache[version] = dict((name, key) for name, key in self.secrets.items() if key.exists_in(version))
        return cache[version]

    def convert(self, config):
        """``config`` with the values of the newest Kibana's known keys converted as Kibana takes them (as
        ``normalize`` converts them), without validating anything."""
        keys = self.config_keys(NEWEST)
        if keys is ANY or not config:
            return dict(config or {})
        converted = {}
        for name, value in config.items():
            key = keys.get(name)
            converted[name] = key.convert(value, NEWEST, False)[0] if key is not None else value
        return converted

    def drops_unknown_config(self, version=None):
        """Whether Kibana ``version`` drops unknown config keys (None: some version does)."""
        if version is None:
            return 'dropped' in _all_values(self.unknown_config)
        return at(self.unknown_config, version) == 'dropped'

    def identity_keys(self):
        return frozenset(name for name, key in self.secrets.items() if key.secret == IDENTITY)

    @property
    def change_points(self):
        """The versions where something of this record changes (for 'does it depend on the version?')."""
        points = set(_points_of(self.since))
        for value in (self.config, self.unknown_config):
            if isinstance(value, Versions):
                points.update(value.starts)
        for keys in [self.secrets] + [keys for keys in _all_values(self.config) if keys is not ANY]:
            for key in keys.values():
                points.update(_points_of(key.since))
                for attribute in (key.required, key.default):
                    if isinstance(attribute, Versions):
                        points.update(attribute.starts)
                for value in key.values:
                    if isinstance(value, Since):
                        points.update(_points_of(value.starts))
        for rule in self.rules:
            points.update(_points_of(rule.since))
        return sorted(points, key=version_key)

    def version_dependent(self, config, secrets):
        """Whether Kibana versions check this config and these secrets differently: a key given exists, or an
        enum value given is accepted, from a version on; a key is required in some versions only; a rule holds from
        a version on; or the type's config schema changed. (What Kibana returns is ``version_notes``' concern.)"""
        if config and (isinstance(self.config, Versions) or isinstance(self.unknown_config, Versions)):
            return True
        if any(rule.since is not None for rule in self.rules):
            return True
        for keys, given in ((at(self.config, NEWEST), config or {}), (self.secrets, secrets or {})):
            for name, key in keys.items():
                if isinstance(key.required, Versions):
                    return True
                if name in given and (key.since is not None or given[name] in key.later_values):
                    return True
        return False

    # ------------------------------------------------------------- what Kibana stores and returns
    def returned_config(self, config, version=None, current=None):
        """The config Kibana returns for ``config``: given keys, defaults filled in, dropped keys left out.

        With ``version`` known: exactly that version's defaults. Else, for an update of
        ``current`` (the config Kibana returned before), a default it holds stays what it is
        when some version returns that value; otherwise the newest Kibana's.
        """
        given = config or {}
        keys = self.config_keys(version or NEWEST)
        result = copy.deepcopy(given)
        if keys is ANY:
            return result
        for name, key in keys.items():
            if key.kind == 'dict' and key.children and isinstance(result.get(name), dict):
                for child, value in key.children.items():
                    result[name].setdefault(child, copy.deepcopy(value))
        if self.drops_unknown_config(version):
            result = dict((name, value) for name, value in result.items() if name in self.config_keys(NEWEST))
        for name, key in keys.items():
            if name in given or key.default is NO_DEFAULT or not key.default_applies(given):
                continue
            value = self._default(key, name, version, current, given)
            if value is not ABSENT:
                result[name] = copy.deepcopy(value)
        return result

    @staticmethod
    def _default(key, name, version, current, given):
        def value_of(value):
            return value(given) if callable(value) else value
        if version:
            return value_of(at(key.default, version))
        possible = [value_of(value) for value in _all_values(key.default)]
        if current is not None:
            if name in current and current[name] in [value for value in possible if value is not ABSENT]:
                return current[name]
            if name not in current and (ABSENT in possible or None in possible):
                return ABSENT
        return value_of(at(key.default, NEWEST))

    def version_notes(self, config):
        """Texts naming each default ``config`` leaves to Kibana whose value depends on the Kibana version."""
        given = config or {}
        notes = []
        keys = self.config_keys(NEWEST)
        for name in sorted(keys if keys is not ANY else ()):
            key = keys[name]
            if name in given or not isinstance(key.default, Versions) or not key.default_applies(given):
                continue
            history = _history(key.default, given, self._first())
            # null and left out are the same to the comparison and to Kibana: no note for that alone
            if len(set('null' if shown == 'left out' else shown for shown, _ranges in history)) > 1:
                texts = ['%s (Kibana %s)' % (shown, ', '.join(ranges)) for shown, ranges in history]
                notes.append('config.%s: %s' % (name, '; '.join(texts)))
        return notes

    def _first(self):
        """The oldest supported version with this type."""
        starts = _starts_of(self.since)
        return starts[0] if starts and version_key(starts[0]) > version_key(OLDEST) else OLDEST

    def is_deprecated(self, config):
        if not self.deprecated_if:
            return False
        name, values = self.deprecated_if
        config = config or {}
        return (ABSENT in values and name not in config) or (name in config and config[name] in values)

    def uses_secrets(self, config=None):
        """Whether a connector of this type carries secrets that an update without secrets would erase."""
        if not self.secrets:
            return False
        return not (self.has_auth_flag and (config or {}).get('hasAuth', True) is False)

    # ------------------------------------------------------------- validation
    def normalize(self, config, secrets, version=None, check_secrets=True):
        """``(config, secrets, problems)``: the values converted as Kibana takes them, and the problems Kibana
        ``version`` would refuse. Without a version, only what is certain: the problems every version of the record
        has (by what they are about, as an enum's values read differently per version), or, when every version
        refuses for reasons of its own, the newest version's. Secret values never appear."""
        if self.system:
            return config or {}, secrets or {}, [system_type_message(self.id)]
        versions = [version] if version else self._versions()
        results = [self._normalize_at(config or {}, secrets or {}, at_version, check_secrets) for at_version in versions]
        new_config, new_secrets, problems = results[0]
        common = [problem for problem in problems
                  if all(_subject(problem) in [_subject(other) for other in others] for _c, _s, others in results[1:])]
        refused_by_all = all(others for _c, _s, others in results)
        return new_config, new_secrets, common or (problems if refused_by_all else [])

    def _versions(self):
        """One version per era of this record, newest first, down to the oldest supported one."""
        points = [NEWEST] + list(reversed(self.change_points)) + [OLDEST]
        return [point for point in points if self.available_in(point)] or [NEWEST]

    def _normalize_at(self, config, secrets, version, check_secrets):
        problems = []
        keys = self.config_keys(version)
        new_config = dict(config)
        if keys is not ANY:
            new_config, found = _check_keys(keys, config, 'config', version, self.drops_unknown_config(version), False)
            problems += found
        new_secrets = dict(secrets)
        if check_secrets:
            new_secrets, found = _check_keys(self.secrets_keys(version), secrets, 'secrets', version,
                                             self.unknown_secrets == 'dropped', True)
            problems += found
        validated = self.returned_config(new_config, version) if keys is not ANY else new_config
        for rule in self.rules:
            if reached(version, rule.since) and (check_secrets or not rule.secret):
                problems += rule.problems(validated, new_config, new_secrets)
        for check in self.config_checks + (self.checks if check_secrets else ()):
            problems += check(self, new_config, new_secrets, version)
        return new_config, new_secrets, problems

    def params_problems(self, params):
        params = params or {}
        if self.system:
            return ['connector type %s is a system action type built into Kibana: Kibana runs it only as a rule action, '
                    'never through the run connector API' % self.id]
        if self.sub_actions is not None:
            name = params.get('subAction')
            if name not in self.sub_actions:
                return ['params.subAction must be one of %s' % ', '.join(sorted(self.sub_actions))]
            sub_params = params.get('subActionParams') or {}
            if not isinstance(sub_params, dict):
                return ['params.subActionParams must be a dict']
            return ['missing required subActionParams key %r' % key for key in self.sub_actions[name]
                    if sub_params.get(key) in (None, '')]
        problems = []
        if self.params is not ANY:
            dummy, problems = _check_keys(self.params, params, 'params', NEWEST, False, False)
        for check in self.params_checks:
            problems += check(self, params)
        return problems

    def is_read_only(self, params):
        return (params or {}).get('subAction') in self.read_only


def _subject(problem):
    """What a problem is about, the same in every version: ``config.port`` for an unknown key or a value (the text
    names what that version knows or expects), else the whole text."""
    for section in ('config', 'secrets', 'params'):
        prefix = 'unknown %s key ' % section
        if problem.startswith(prefix):
            return '%s.%s' % (section, problem[len(prefix):].split(' (known')[0].strip("'"))
    head, sep, _rest = problem.partition(': ')
    return head if sep and head.split('.', 1)[0] in ('config', 'secrets', 'params') and ' ' not in head else problem


def _history(versions, config, first):
    """``[(value shown, [version ranges])]``, newest value first; ``first``: the oldest version with the key."""
    ranges, order = {}, []
    changes = [(first, versions.oldest)] + list(versions.changes)
    for index, (start, value) in enumerate(changes):
        following = changes[index + 1][0] if index + 1 < len(changes) else None
        if index == 0:
            text = '%s to before %s' % (_show_version(start), _show_version(following)) if following else 'every version'
        elif following is None:
            text = '%s and later' % _show_version(start)
        else:
            text = '%s to before %s' % (_show_version(start), _show_version(following))
        shown = _show(value(config) if callable(value) else value)
        if shown not in ranges:
            ranges[shown] = []
            order.append(shown)
        ranges[shown].append(text)
    return [(shown, ranges[shown]) for shown in reversed(order)]


def _check_keys(keys, given, section, version, dropped, secret):
    """``(converted copy of given, problems)``: required keys, unknown keys, value types."""
    problems = []
    result = {}
    for name in sorted(keys):
        key = keys[name]
        if key.required_in(version) and given.get(name) in (None, ''):
            problems.append('missing required %s key %r' % (section, name))
    for name in sorted(given):
        value = given[name]
        key = keys.get(name)
        if key is None:
            if not dropped:
                problems.append('unknown %s key %r (known: %s)' % (section, name, ', '.join(sorted(keys)) or 'none'))
            result[name] = value
            continue
        converted, problem = key.convert(value, version, secret)
        if problem and not (value in (None, '') and key.required_in(version)):
            problems.append('%s.%s: %s' % (section, name, problem))
        result[name] = converted
    return result, problems


def system_type_message(type_id):
    """The refusal for a system action type (Kibana: ``System action creation is forbidden``)."""
    return ('connector type %s is a system action type built into Kibana: Kibana provides its connector itself and '
            'refuses to create, update or preconfigure connectors of this type' % type_id)


# --------------------------------------------------------------------------- rules
def _present(value):
    return value not in (None, '', {}, [])


def _plain(value):
    if isinstance(value, bool):
        return 'true' if value else 'false'
    return 'null' if value is None else str(value)


class _Rule:
    """One cross-key rule, as Ansible writes it, over dotted paths (config.x, secrets.y)."""

    def __init__(self, kind, spec, since=None):
        self.kind = kind
        self.spec = spec
        self.since = since
        self.secret = any(path.startswith('secrets.') for path in self.paths)

    @property
    def paths(self):
        if self.kind == 'required_if':
            return [self.spec[0]] + list(self.spec[2])
        return list(self.spec)

    def problems(self, validated, config, secrets):
        # a rule that names a secret is Kibana's connector check: it sees the config as sent
        view = {'config': config if self.secret else validated, 'secrets': secrets}

        def get(path):
            section, _dot, name = path.partition('.')
            return view[section].get(name)

        if self.kind == 'required_if':
            key, value, required = self.spec[:3]
            any_of = len(self.spec) > 3 and self.spec[3]
            if get(key) != value:
                return []
            missing = [path for path in required if not _present(get(path))]
            if any_of and len(missing) < len(required) or not missing:
                return []
            condition = '%s %s' % (key.partition('.')[2], _plain(value))
            if any_of:
                return ['one of %s is required (%s)' % (', '.join(required), condition)]
            return ['missing required %s key %r (%s)' % (path.partition('.')[0], path.partition('.')[2], condition)
                    for path in missing]
        given = [path for path in self.spec if _present(get(path))]
        if self.kind == 'required_together' and given and len(given) != len(self.spec):
            return ['%s must be given together (only %s given)' % (', '.join(self.spec), ', '.join(given))]
        if self.kind == 'required_one_of' and not given:
            return ['one of %s is required' % ', '.join(self.spec)]
        if self.kind == 'mutually_exclusive' and len(given) > 1:
            return ['%s are mutually exclusive (given: %s)' % (', '.join(self.spec), ', '.join(given))]
        return []


def _rules(required_if, required_together, required_one_of, mutually_exclusive):
    for kind, entries in (('required_if', required_if), ('required_together', required_together),
                          ('required_one_of', required_one_of), ('mutually_exclusive', mutually_exclusive)):
        for entry in entries:
            entry = tuple(entry)
            options = entry[-1] if entry and isinstance(entry[-1], dict) else {}
            spec = entry[:-1] if options else entry
            yield _Rule(kind, spec, options.get('since'))
