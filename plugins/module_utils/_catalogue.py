# -*- coding: utf-8 -*-
# Copyright (c) kibana.connectors contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The one catalogue of Kibana connector types this collection knows.

Everything the collection knows about a type lives here and only here, as one
``ConnectorType`` record per type: the defaults Kibana fills into the config it
stores and returns (per Kibana version where they differ), the required and
allowed config and secrets keys, whether the type carries secrets, the execute
params it accepts, which sub-actions only read, the type's own rules (as
functions of the record), the Kibana version that introduced the type, and
whether it is a system action type built into Kibana. The modules and the
kibana_config role's validation all read it, through the functions at the end
of this file.

Sources: Kibana's own code (repository elastic/kibana, cited per record as
path@commit). Three schema eras decide what Kibana returns for a key a create
leaves out:

* 8.x and 9.0-9.2, ``@kbn/config-schema``: ``defaultValue`` -> the default;
  ``schema.nullable`` -> null; ``schema.maybe`` -> left out (even with an inner
  defaultValue); unknown keys refused.
* 9.3, zod v3 (``src/platform/packages/shared/kbn-connector-schemas``):
  ``.default(x)`` -> x; ``.nullable().default(null)`` -> null; ``.optional()``
  and ``.default(x).optional()`` -> left out; ``.strict()`` objects refuse
  unknown keys, the others drop them.
* 9.4, zod v4 (Kibana PRs #252702, #258854): as 9.3, except that
  ``.default(x).optional()`` now returns x (the webhook's ``authType``).

Kibana's error texts (prefixes ``error validating action type config: ``
up to 9.2, ``error validating connector type config: `` from 9.3, see
x-pack/platform/plugins/shared/actions/server/lib/validate_with_schema.ts@16ca7f52)
are not reproduced here: the texts below name the problem and the key only.

Private to the collection: not a public API, may change in any release.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type  # pylint: disable=invalid-name

import copy
import json

try:
    from urllib.parse import urlparse
except ImportError:  # pragma: no cover - Python 2
    from urlparse import urlparse  # pylint: disable=import-error


class _Marker:
    def __init__(self, text):
        self.text = text

    def __repr__(self):
        return self.text


ANY = _Marker('ANY')  # marker: any value is accepted / the key set is open
ABSENT = _Marker('ABSENT')  # marker: Kibana leaves the key out of the config it returns

# Newer than any Kibana release: "the newest behaviour the catalogue knows".
NEWEST = '999.0'


def version_key(version):
    """'8.19.2' -> (8, 19, 2), comparable; missing parts are 0."""
    parts = []
    for part in str(version).split('.')[:3]:
        digits = ''.join(ch for ch in part if ch.isdigit())
        parts.append(int(digits or 0))
    return tuple(parts + [0] * (3 - len(parts)))


def reached(version, starts):
    """Whether ``version`` has a change that came in ``starts``: the first version of each release line that has it.

    ('8.19', '9.1'): 8.19 and later 8.x, and 9.1 or later (not 9.0); ('8.6',): 8.6 or later. A string is one start.
    """
    starts = (starts,) if isinstance(starts, str) else tuple(starts)
    wanted = version_key(version)
    for index, start in enumerate(starts):
        start = version_key(start)
        if wanted >= start and (index == len(starts) - 1 or wanted[0] == start[0]):
            return True
    return False


def _show_version(version):
    major, minor, patch = version_key(version)
    return '%d.%d' % (major, minor) if not patch else '%d.%d.%d' % (major, minor, patch)


def _show_value(value):
    if value is ABSENT:
        return 'left out'
    if value is None:
        return 'null'
    return json.dumps(value, sort_keys=True)


class Default:
    """A default Kibana fills in when the key is absent.

    ``accepted`` lists every value some supported Kibana version returns for an
    absent key, the first one being the oldest supported behaviour; ``None`` in
    it means the key may also come back null or not at all.

    Keywords: ``since`` tells, when supported versions differ, which value each
    version returns: ``((first version, value), ...)``, oldest first, where the
    value may be ABSENT (left out) or a function of the config; ``when``: a
    function of the config, false when Kibana does not fill this key for that
    config (a key of one provider only, say).
    """

    def __init__(self, *accepted, **options):
        self.accepted = accepted
        self.value = accepted[0]
        self.since = tuple(options.pop('since', ()))
        self.when = options.pop('when', None)
        if options:
            raise TypeError('unknown Default options: %s' % ', '.join(sorted(options)))

    @property
    def version_dependent(self):
        """Whether supported Kibana versions return different values for an absent key."""
        return len(self.accepted) > 1

    def applies(self, config):
        return self.when is None or bool(self.when(config or {}))

    def at(self, version, config=None):
        """What Kibana ``version`` returns for the key when ``config`` leaves it out (ABSENT: left out)."""
        if not self.since:
            return self.value
        chosen = self.since[0][1]
        for start, value in self.since:
            if version_key(version) >= version_key(start):
                chosen = value
        return chosen(config or {}) if callable(chosen) else chosen

    def newest(self, config=None):
        return self.at(NEWEST, config)

    def history(self, config=None):
        """``[(value, [version ranges as text])]``, newest value first: what each Kibana version returns."""
        if not self.since:
            return [(self.value, ['every version'])]
        ranges = {}
        order = []
        for index, (start, _value) in enumerate(self.since):
            value = self.at(start, config)
            following = self.since[index + 1][0] if index + 1 < len(self.since) else None
            text = '%s and later' % _show_version(start) if following is None else '%s to before %s' % (
                _show_version(start), _show_version(following))
            shown = _show_value(value)
            if shown not in ranges:
                ranges[shown] = []
                order.append(shown)
            ranges[shown].append(text)
        return [(shown, ranges[shown]) for shown in reversed(order)]


def _missing(required, given, what):
    return ['missing required %s key %r' % (what, key) for key in required
            if key not in given or given[key] is None or given[key] == '']


def _unknown(allowed, given, what, dropped=False):
    if allowed is ANY:
        return []
    note = 'Kibana drops it; ' if dropped else ''
    return ['unknown %s key %r (%sknown: %s)' % (what, key, note, ', '.join(allowed) if allowed else 'none')
            for key in sorted(given) if key not in allowed]


def _choices(choices, given, what):
    return ['%s key %r must be one of %s' % (what, key, ', '.join('null' if value is None else str(value)
                                                                  for value in allowed))
            for key, allowed in choices.items() if key in given and given[key] not in allowed]


class ConnectorType:
    """What the collection knows about one connector type.

    name, license, features        what Kibana's connector_types route reports (features of 8.19; 9.3 adds workflows
                                   to many types)
    introduced                     first Kibana version of each release line that registers the type by default,
                                   e.g. ('8.19', '9.1'): 8.19 and 9.1 or later (not 9.0); ('8.6',): 8.6 or later
    system                         a system action type: built into Kibana, never created through the API
    config_required, config_keys   keys; config_keys ANY = Kibana does not validate config (open)
    config_defaults                key -> Default: filled in by Kibana when absent
    config_nested                  key -> {sub key: value}: filled into a dict value when absent (nullable children)
    config_choices                 key -> allowed values
    strips_unknown_config          Kibana drops unknown config keys instead of refusing them (the comparison drops them
                                   too when any supported version does, see eras)
    secrets_required, secrets_keys the secrets keys (empty = the type has no secrets)
    has_auth_flag                  secrets are only used when config.hasAuth (default true)
    params_required, params_keys   execute params (ANY = open); params_choices: key -> allowed values
    sub_actions                    sub-action name -> required subActionParams keys (sub-action types)
    read_only_sub_actions          sub-actions that only read (execute reports unchanged)
    config_rules                   functions (record, config) -> problems, Kibana's cross-key config checks
    secrets_rules                  functions (record, config, secrets) -> problems
    params_rules                   functions (record, params) -> problems
    deprecated_when                function (record, config) -> bool: Kibana's is_deprecated for a connector
    eras                           ((change, {attribute: value before it}), ...): how versions without a change
                                   differ from the record (which describes the newest Kibana); a change is given
                                   as its first version per release line, as ``introduced``
    """

    def __init__(self, type_id, name, license, features, config_required=(), config_keys=(), config_defaults=None,
                 config_choices=None, secrets_required=(), secrets_keys=(), has_auth_flag=False, params_required=(),
                 params_keys=ANY, params_choices=None, sub_actions=None, read_only_sub_actions=(), config_rules=(),
                 secrets_rules=(), params_rules=(), introduced=('8.0',), system=False, config_nested=None,
                 strips_unknown_config=False, deprecated_when=None, eras=()):
        # pylint: disable=redefined-builtin,too-many-arguments,too-many-locals
        self.id = type_id
        self.name = name
        self.license = license
        self.features = tuple(features)
        self.config_required = tuple(config_required)
        self.config_keys = config_keys if config_keys is ANY else tuple(config_keys)
        self.config_defaults = dict(config_defaults or {})
        self.config_choices = dict(config_choices or {})
        self.secrets_required = tuple(secrets_required)
        self.secrets_keys = tuple(secrets_keys)
        self.has_auth_flag = has_auth_flag
        self.params_required = tuple(params_required)
        self.params_keys = params_keys if params_keys is ANY else tuple(params_keys)
        self.params_choices = dict(params_choices or {})
        self.sub_actions = dict(sub_actions) if sub_actions is not None else None
        self.read_only_sub_actions = tuple(read_only_sub_actions)
        self.config_rules = tuple(config_rules)
        self.secrets_rules = tuple(secrets_rules)
        self.params_rules = tuple(params_rules)
        self.introduced = tuple(introduced)
        self.system = system
        self.config_nested = dict(config_nested or {})
        self.strips_unknown_config = strips_unknown_config
        self.deprecated_when = deprecated_when
        self.eras = tuple(eras)

    def derive(self, type_id, name, **changes):
        """A record for a type that shares this one's schema (ServiceNow SecOps and ITSM, say)."""
        record = copy.copy(self)
        record.id, record.name = type_id, name
        for key, value in changes.items():
            setattr(record, key, value)
        return record

    # ------------------------------------------------------------- versions
    @property
    def drops_unknown_config(self):
        """Whether some supported Kibana version drops unknown config keys (then Kibana never returns them)."""
        return self.strips_unknown_config or any(changes.get('strips_unknown_config') for _before, changes in self.eras)

    def available_in(self, version):
        """Whether Kibana ``version`` registers this type (with its default settings)."""
        return reached(version, self.introduced)

    def at(self, version):
        """The record as Kibana ``version`` has it: the changes it has not reached undone, newest first."""
        record = copy.copy(self)
        newest_first = sorted(self.eras, key=lambda era: max(version_key(start) for start in (
            (era[0],) if isinstance(era[0], str) else era[0])), reverse=True)
        for starts, before in newest_first:
            if not reached(version, starts):
                for key, value in before.items():
                    setattr(record, key, value)
        return record

    # ------------------------------------------------------------- config Kibana stores
    def _given(self, config):
        """The task's config as Kibana keeps it: nested defaults filled in, dropped keys left out."""
        result = copy.deepcopy(config or {})
        for key, children in self.config_nested.items():
            if isinstance(result.get(key), dict):
                for child, value in children.items():
                    result[key].setdefault(child, copy.deepcopy(value))
        if self.drops_unknown_config and self.config_keys is not ANY:
            result = dict((key, value) for key, value in result.items() if key in self.config_keys)
        return result

    def stored_config(self, config, current=None):
        """The config Kibana stores for ``config``: the type's defaults filled in.

        Where supported Kibana versions differ on a default, the value ``current``
        (the config Kibana returned) holds is taken when it is one of them; else
        the newest Kibana's.
        """
        given = config or {}
        result = self._given(given)
        current = current or {}
        for key, default in self.config_defaults.items():
            if key in given or not default.applies(given):
                continue
            held = current.get(key)
            value = held if held in default.accepted else default.newest(given)
            if value is not ABSENT:
                result[key] = copy.deepcopy(value)
        return result

    def returned_config(self, config, current=None):
        """The config Kibana returns after a create (``current`` None) or an update of ``current``.

        A create gets each default the newest Kibana the catalogue knows returns
        (``version_notes`` tells where older versions differ). An update keeps
        what ``current`` shows of this Kibana: a default it holds stays, a key it
        leaves out whose default may be absent stays out.
        """
        given = config or {}
        result = self._given(given)
        for key, default in self.config_defaults.items():
            if key in given or not default.applies(given):
                continue
            if current is not None:
                if key in current and current[key] in default.accepted:
                    result[key] = copy.deepcopy(current[key])
                    continue
                if key not in current and None in default.accepted:
                    continue
            value = default.newest(given)
            if value is not ABSENT:
                result[key] = copy.deepcopy(value)
        return result

    def returned_config_at(self, version, config):
        """The config Kibana ``version`` returns after a create with ``config``."""
        record = self.at(version)
        given = config or {}
        result = record._given(given)  # pylint: disable=protected-access
        for key, default in record.config_defaults.items():
            if key in given or not default.applies(given):
                continue
            value = default.at(version, given)
            if value is not ABSENT:
                result[key] = copy.deepcopy(value)
        return result

    def version_notes(self, config):
        """Texts naming each default ``config`` leaves to Kibana whose value depends on the Kibana version."""
        given = config or {}
        notes = []
        for key in sorted(self.config_defaults):
            default = self.config_defaults[key]
            if key in given or not default.applies(given) or not default.since:
                continue
            history = default.history(given)
            # null and left out are the same to the comparison and to Kibana: no note for that alone
            values = set('null' if value == 'left out' else value for value, _ranges in history)
            if len(values) > 1:
                texts = ['%s (Kibana %s)' % (value, ', '.join(ranges)) for value, ranges in history]
                notes.append('config.%s: %s' % (key, '; '.join(texts)))
        return notes

    def is_deprecated(self, config):
        """Kibana's is_deprecated for a connector of this type with this (returned) config."""
        return bool(self.deprecated_when and self.deprecated_when(self, config or {}))

    # ------------------------------------------------------------- secrets
    def uses_secrets(self, config=None):
        """Whether a connector of this type carries secrets that an update without secrets would erase."""
        if not self.secrets_keys:
            return False
        return not (self.has_auth_flag and (config or {}).get('hasAuth', True) is False)

    # ------------------------------------------------------------- validation
    def config_problems(self, config):
        config = config or {}
        if self.system:
            return [system_type_message(self.id)]
        problems = _missing(self.config_required, config, 'config')
        problems += _unknown(self.config_keys, config, 'config', dropped=self.strips_unknown_config)
        problems += _choices(self.config_choices, config, 'config')
        for rule in self.config_rules:
            problems += rule(self, config)
        return problems

    def secrets_problems(self, config, secrets):
        config, secrets = config or {}, secrets or {}
        if self.system:
            return []
        problems = _missing(self.secrets_required, secrets, 'secrets') + _unknown(self.secrets_keys, secrets, 'secrets')
        for rule in self.secrets_rules:
            problems += rule(self, config, secrets)
        return problems

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
            return _missing(self.sub_actions[name], sub_params, 'subActionParams')
        problems = _missing(self.params_required, params, 'params') + _unknown(self.params_keys, params, 'params')
        problems += _choices(self.params_choices, params, 'params')
        for rule in self.params_rules:
            problems += rule(self, params)
        return problems

    def is_read_only(self, params):
        return (params or {}).get('subAction') in self.read_only_sub_actions


def system_type_message(type_id):
    """The refusal for a system action type (Kibana: ``System action creation is forbidden``)."""
    return ('connector type %s is a system action type built into Kibana: Kibana provides its connector itself and '
            'refuses to create, update or preconfigure connectors of this type' % type_id)


# --------------------------------------------------------------------------- per-type rules
def _present(mapping, *keys):
    return [key for key in keys if mapping.get(key) not in (None, '')]


def _email_host_and_port(_record, config):
    """Kibana's email config check: service "other" needs host and port; Exchange needs clientId and tenantId.

    x-pack/platform/plugins/shared/stack_connectors/server/connector_types/email/index.ts@00cb7c75 (validateConfig).
    """
    service = config.get('service', 'other')
    if service == 'other':
        return _missing(('host', 'port'), config, 'config')
    if service == 'exchange_server':
        return ['%s (service exchange_server)' % text for text in _missing(('clientId', 'tenantId'), config, 'config')]
    return []


def _email_user_and_password(_record, config, secrets):
    """Kibana's email connector check: Exchange needs clientSecret; else, with hasAuth, user and password.

    Like every connector check (validate.connector), Kibana runs it on the config as sent, not with the defaults
    filled in (x-pack/platform/plugins/shared/actions/server/application/connector/methods/create/create.ts@007f18e8:
    ``validateConnector(actionType, { config, secrets })``): a hasAuth left out does not ask for user and password.
    """
    if config.get('service') == 'exchange_server':
        return _missing(('clientSecret',), secrets, 'secrets')
    if config.get('hasAuth'):
        return ['%s (hasAuth true)' % text for text in _missing(('user', 'password'), secrets, 'secrets')]
    return []


WEBHOOK_BASIC = 'webhook-authentication-basic'
WEBHOOK_SSL = 'webhook-authentication-ssl'
WEBHOOK_OAUTH2 = 'webhook-oauth2-client-credentials'
# The secrets combinations the webhook types accept (SecretConfigurationSchemaValidation in
# src/platform/packages/shared/kbn-connector-schemas/common/auth/schemas/v1.ts@11b9bae3).
_WEBHOOK_SECRET_SETS = (frozenset(), frozenset(['user', 'password']), frozenset(['crt', 'key']),
                        frozenset(['crt', 'key', 'password']), frozenset(['pfx']), frozenset(['pfx', 'password']),
                        frozenset(['clientSecret']))


def _webhook_secret_combination(_record, _config, secrets):
    """Webhook secrets: one of user+password, crt+key, pfx (each with an optional password), or clientSecret."""
    given = frozenset(_present(secrets, 'user', 'password', 'crt', 'key', 'pfx', 'clientSecret'))
    if given in _WEBHOOK_SECRET_SETS:
        return []
    if given in (frozenset(['user']), frozenset(['password'])):
        return ['secrets user and password must be given together']
    return ['secrets must be one of: user and password; crt and key (with optional password); pfx (with optional '
            'password); or clientSecret (for OAuth2)']


def _webhook_auth(_record, config):
    """Webhook config checks (x-pack/.../stack_connectors/server/connector_types/webhook/validations.ts@08fc8537)."""
    problems = []
    if config.get('authType') and config.get('hasAuth', True) is False:
        problems.append('config authType must be null or left out when hasAuth is false')
    if config.get('authType') == WEBHOOK_OAUTH2:
        problems += ['%s (authType %s)' % (text, WEBHOOK_OAUTH2)
                     for text in _missing(('accessTokenUrl', 'clientId'), config, 'config')]
    fields = config.get('additionalFields')
    if fields is not None:
        try:
            parsed = json.loads(fields) if isinstance(fields, str) else None
        except ValueError:
            parsed = None
        if not isinstance(parsed, dict) or not parsed:
            problems.append('config additionalFields must be a non-empty JSON object (as a string)')
    return problems


def _cases_webhook_auth(_record, config):
    """x-pack/.../stack_connectors/server/connector_types/cases_webhook/validators.ts@33fc3735."""
    if config.get('authType') == WEBHOOK_OAUTH2:
        return ['OAuth2 authentication is not supported for cases webhook connector']
    return []


def _cases_webhook_secrets_needed(record, config, secrets):
    """Cases webhook connector check (on the config as sent): with hasAuth true, some secrets must be given."""
    if config.get('hasAuth') and not _present(secrets, *record.secrets_keys):
        return ['missing secrets: with hasAuth true Kibana needs a secrets configuration']
    return []


def _xmatters_auth(_record, config, secrets):
    """xMatters: basic authentication (usesBasic true, user, password, configUrl) or a secretsUrl holding the API key.

    x-pack/platform/plugins/shared/stack_connectors/server/connector_types/xmatters/index.ts@05c84297. Kibana checks
    the config as sent (see _email_user_and_password): basic authentication needs usesBasic true given, although
    the stored default is true.
    """
    if config.get('usesBasic'):
        problems = ['secrets secretsUrl must not be given when usesBasic is true'] if _present(secrets, 'secretsUrl') else []
        problems += _missing(('user', 'password'), secrets, 'secrets')
        return problems + _missing(('configUrl',), config, 'config')
    problems = []
    if _present(secrets, 'user', 'password'):
        problems.append('secrets user and password must not be given unless usesBasic is true (Kibana checks the '
                        'config as sent: give usesBasic true for basic authentication)')
    if _present(config, 'configUrl'):
        problems.append('config configUrl must not be given unless usesBasic is true')
    return problems + _missing(('secretsUrl',), secrets, 'secrets')


_SERVICENOW_OAUTH_CONFIG = ('userIdentifierValue', 'clientId', 'jwtKeyId')
_SERVICENOW_OAUTH_SECRETS = ('clientSecret', 'privateKey')


def _servicenow_oauth_config(_record, config):
    """x-pack/platform/plugins/shared/stack_connectors/server/lib/servicenow/validators.ts@089d9d14."""
    if config.get('isOAuth') is True:
        return ['%s (isOAuth true)' % text for text in _missing(_SERVICENOW_OAUTH_CONFIG, config, 'config')]
    return []


def _servicenow_credentials(_record, config, secrets):
    """ServiceNow connector check: OAuth (clientSecret, privateKey) or basic (username, password), not both."""
    if config.get('isOAuth') is True:
        problems = ['%s (isOAuth true)' % text for text in _missing(_SERVICENOW_OAUTH_SECRETS, secrets, 'secrets')]
        if _present(secrets, 'username', 'password'):
            problems.append('secrets username and password must not be given when isOAuth is true')
        return problems
    problems = _missing(('username', 'password'), secrets, 'secrets')
    given = _present(config, *_SERVICENOW_OAUTH_CONFIG) + _present(secrets, *_SERVICENOW_OAUTH_SECRETS)
    if given:
        problems.append('%s must not be given when isOAuth is false' % ', '.join(given))
    return problems


def _servicenow_table_api(_record, config):
    """x-pack/platform/plugins/shared/actions/server/application/connector/lib/is_connector_deprecated.ts@1a8b5907."""
    return 'usesTableApi' not in config or config['usesTableApi'] is True


def _torq_host(_record, config):
    """x-pack/platform/plugins/shared/stack_connectors/server/connector_types/torq/index.ts@0fd28cf7."""
    url = config.get('webhookIntegrationUrl')
    if not url:
        return []
    host = urlparse(url).hostname or ''
    if host not in ('hooks.torq.io', 'hooks.eu.torq.io', 'localhost'):
        return ['config webhookIntegrationUrl must begin with https://hooks.torq.io or https://hooks.eu.torq.io']
    return []


# The keys of each OpenAI provider (x-pack/platform/plugins/shared/stack_connectors/common/openai/schema.ts@0935d444,
# src/platform/packages/shared/kbn-connector-schemas/openai/schemas/v1.ts@5bb56f12: one strict object per provider).
_OPENAI_COMMON = ('apiProvider', 'apiUrl', 'headers', 'contextWindowLength', 'temperature', 'defaultModel')
_OPENAI_PROVIDER_KEYS = {
    'OpenAI': _OPENAI_COMMON + ('organizationId', 'projectId'),
    'Azure OpenAI': _OPENAI_COMMON,
    'Other': _OPENAI_COMMON + ('verificationMode', 'enableNativeFunctionCalling'),
}
_OPENAI_ALL_KEYS = _OPENAI_COMMON + ('organizationId', 'projectId', 'verificationMode', 'enableNativeFunctionCalling')


def _openai_provider(_record, config):
    """OpenAI connector: the keys of the chosen apiProvider only; Other needs defaultModel."""
    provider = config.get('apiProvider')
    allowed = _OPENAI_PROVIDER_KEYS.get(provider)
    if allowed is None:
        return []
    problems = ['config key %r is not known for apiProvider %s' % (key, provider) for key in sorted(config)
                if key not in allowed and key in _OPENAI_ALL_KEYS]
    if provider == 'Other' and not config.get('defaultModel'):
        problems.append("missing required config key 'defaultModel' (apiProvider Other)")
    return problems


def _openai_key_or_pki(_record, _config, secrets):
    """OpenAI secrets (x-pack/.../stack_connectors/server/connector_types/openai/other_openai_utils.ts@024f3a4a):
    apiKey, or PKI with certificateData and privateKeyData."""
    if _present(secrets, 'certificateData', 'privateKeyData'):
        return ['%s (PKI)' % text for text in _missing(('certificateData', 'privateKeyData'), secrets, 'secrets')]
    return _missing(('apiKey',), secrets, 'secrets')


def _documents_list(_record, params):
    if 'documents' in params and not isinstance(params['documents'], list):
        return ['params.documents must be a list of dicts']
    return []


def _some_recipient(_record, params):
    if not any(params.get(key) for key in ('to', 'cc', 'bcc')):
        return ['no [to], [cc], or [bcc] entries']
    return []


def _dedup_key_to_close(_record, params):
    if params.get('eventAction') in ('resolve', 'acknowledge') and not params.get('dedupKey'):
        return ['DedupKey is required when eventAction is "%s"' % params['eventAction']]
    return []


def _authenticated(config):
    return config.get('hasAuth', True) is not False


def _openai_provider_is(provider):
    return lambda config: config.get('apiProvider') == provider


# --------------------------------------------------------------------------- the types
ALERTING_FEATURES = ('alerting', 'uptime', 'siem')
GEN_AI_FEATURES = ('generativeAIForSecurity', 'generativeAIForObservability', 'generativeAIForSearchPlayground')
EDR_FEATURES = ('endpointSecurity',)
WEBHOOK_SECRETS = ('user', 'password', 'crt', 'key', 'pfx', 'clientSecret', 'secretHeaders')
# Before 9.2 (OAuth2 client credentials and secret headers came with 9.2, Kibana PRs #218442, #230042).
WEBHOOK_SECRETS_8X = ('user', 'password', 'crt', 'key', 'pfx')
WEBHOOK_AUTH_KEYS = ('hasAuth', 'authType', 'certType', 'ca', 'verificationMode', 'accessTokenUrl', 'clientId', 'scope',
                     'additionalFields')
WEBHOOK_AUTH_CHOICES = {
    'authType': (WEBHOOK_BASIC, WEBHOOK_SSL, WEBHOOK_OAUTH2, None),
    'certType': ('ssl-crt-key', 'ssl-pfx', None),
    'verificationMode': ('none', 'certificate', 'full', None),
}
# 8.x-9.3 leave authType out (schema.maybe / zod v3 .default().optional()); zod v4 fills Basic in 9.4.
WEBHOOK_AUTH_TYPE_SINCE = (('8.0', ABSENT), ('9.4', lambda config: WEBHOOK_BASIC if _authenticated(config) else None))
CASE_SUB_ACTION = {'pushToService': ('incident',)}
SUB_ACTION_CONNECTOR_PARAMS = ('subAction', 'subActionParams')


# ServiceNow ITSM: x-pack/platform/plugins/shared/stack_connectors/server/connector_types/servicenow_itsm/index.ts@12071a2d;
# schema src/platform/packages/shared/kbn-connector-schemas/servicenow/schemas/v1.ts@3ac3829e (the same from 8.3 on).
# The OAuth keys (config isOAuth, userIdentifierValue, clientId, jwtKeyId; secrets clientSecret, privateKey,
# privateKeyPassword) came with 8.3 (Kibana PR #131084): up to 8.2,
# x-pack/plugins/actions/server/builtin_action_types/servicenow/schema.ts has config {apiUrl, usesTableApi:
# schema.boolean({defaultValue: true})} (ITOM: {apiUrl}), secrets {username, password: schema.string()}, and
# validators.ts no secrets or connector check; Kibana 8.0-8.2 never returns isOAuth.
_SERVICENOW_OAUTH_SINCE = '8.3'
_SERVICENOW_OAUTH_DEFAULTS = {
    'isOAuth': Default(None, False, since=(('8.0', ABSENT), (_SERVICENOW_OAUTH_SINCE, False))),
    'userIdentifierValue': Default(None, since=(('8.0', ABSENT), (_SERVICENOW_OAUTH_SINCE, None))),
    'clientId': Default(None, since=(('8.0', ABSENT), (_SERVICENOW_OAUTH_SINCE, None))),
    'jwtKeyId': Default(None, since=(('8.0', ABSENT), (_SERVICENOW_OAUTH_SINCE, None))),
}
_SERVICENOW_BASIC_ONLY = dict(secrets_required=('username', 'password'), secrets_keys=('username', 'password'),
                              config_rules=(), secrets_rules=())
_SERVICENOW = ConnectorType(
    '.servicenow', 'ServiceNow ITSM', 'platinum', ('alerting', 'cases', 'uptime', 'siem'),
    introduced=('7.10',),
    config_required=('apiUrl',),
    config_keys=('apiUrl', 'usesTableApi', 'isOAuth', 'userIdentifierValue', 'clientId', 'jwtKeyId'),
    config_defaults=dict(_SERVICENOW_OAUTH_DEFAULTS, usesTableApi=Default(True)),
    config_rules=(_servicenow_oauth_config,),
    secrets_keys=('username', 'password', 'clientSecret', 'privateKey', 'privateKeyPassword'),
    secrets_rules=(_servicenow_credentials,),
    deprecated_when=_servicenow_table_api,
    sub_actions={'pushToService': ('incident',), 'getFields': (), 'getIncident': ('externalId',), 'handshake': (),
                 'getChoices': ('fields',), 'closeIncident': ('incident',)},
    read_only_sub_actions=('getFields', 'getIncident', 'handshake', 'getChoices'),
    eras=((_SERVICENOW_OAUTH_SINCE, dict(_SERVICENOW_BASIC_ONLY, config_keys=('apiUrl', 'usesTableApi'))),),
)

# Opsgenie: x-pack/platform/plugins/shared/stack_connectors/server/connector_types/opsgenie/index.ts@027ff216,
# src/platform/packages/shared/kbn-connector-schemas/opsgenie/schemas/v1.ts@15944329.
_OPSGENIE = ConnectorType(
    '.opsgenie', 'Opsgenie', 'platinum', ALERTING_FEATURES,
    introduced=('8.6',),
    config_required=('apiUrl',), config_keys=('apiUrl',),
    secrets_required=('apiKey',), secrets_keys=('apiKey',),
    sub_actions={'createAlert': ('message',), 'closeAlert': ('alias',)},
)

_LLM_SUB_ACTIONS = {'run': ('body',), 'invokeAI': ('messages',), 'invokeStream': ('messages',),
                    'getDashboard': ('dashboardId',), 'test': ('body',)}
_URL_CONFIG = dict(config_required=('url',), config_keys=('url',))

_RECORDS = (
    # ------------------------------------------------------------------ classic types of every 8.x and 9.x
    # x-pack/platform/plugins/shared/stack_connectors/server/connector_types/es_index/index.ts@167598a5;
    # src/platform/packages/shared/kbn-connector-schemas/es_index/schemas/v1.ts@34ab3873.
    ConnectorType(
        '.index', 'Index', 'basic', ALERTING_FEATURES,
        introduced=('7.0',),
        config_required=('index',), config_keys=('index', 'refresh', 'executionTimeField'),
        config_defaults={'refresh': Default(False), 'executionTimeField': Default(None)},
        params_required=('documents',), params_keys=('documents', 'indexOverride'), params_rules=(_documents_list,),
    ),
    # x-pack/platform/plugins/shared/stack_connectors/server/connector_types/server_log/index.ts@0703cc83.
    # 8.x x-pack/plugins/stack_connectors/server/connector_types/server_log/index.ts@05a0d720: alerting and uptime
    # (the 9.x file adds siem). Before 8.8 no config validator: Kibana stored any config as sent (PR #153969).
    ConnectorType(
        '.server-log', 'Server log', 'basic', ('alerting', 'uptime'),
        introduced=('7.0',),
        params_required=('message',), params_keys=('message', 'level'),
        params_choices={'level': ('trace', 'debug', 'info', 'warn', 'error', 'fatal')},
        eras=(('8.8', dict(config_keys=ANY)),),
    ),
    # x-pack/platform/plugins/shared/stack_connectors/server/connector_types/webhook/index.ts@027ff216;
    # 8.x-9.2 x-pack/platform/plugins/shared/stack_connectors/common/auth/schema.ts@0a6baaaa;
    # 9.3 src/platform/packages/shared/kbn-connector-schemas/webhook/schemas/v1.ts@41e8515b (zod v3);
    # 9.4 src/platform/packages/shared/kbn-connector-schemas/common/auth/schemas/v1.ts@11b9bae3 (zod v4:
    # authType Basic filled in, null when hasAuth is false, webhook/schemas/v1.test.ts@33a26fbf).
    ConnectorType(
        '.webhook', 'Webhook', 'gold', ALERTING_FEATURES,
        introduced=('7.0',),
        config_required=('url',),
        config_keys=('url', 'method', 'headers') + WEBHOOK_AUTH_KEYS,
        config_defaults={'method': Default('post'), 'headers': Default(None), 'hasAuth': Default(True),
                         'authType': Default(None, WEBHOOK_BASIC, since=WEBHOOK_AUTH_TYPE_SINCE)},
        config_choices=dict(WEBHOOK_AUTH_CHOICES, method=('post', 'put', 'patch', 'get', 'delete')),
        config_rules=(_webhook_auth,),
        secrets_keys=WEBHOOK_SECRETS, has_auth_flag=True, secrets_rules=(_webhook_secret_combination,),
        params_keys=('body',),
        # OAuth2 client credentials (accessTokenUrl, clientId, scope, additionalFields; secret clientSecret) from 9.2
        # (PR #218442); SSL (authType, certType, ca, verificationMode; secrets crt, key, pfx) from 8.10 (PR #161894).
        eras=(('9.3', dict(config_choices=dict(WEBHOOK_AUTH_CHOICES, method=('post', 'put')))),
              ('9.2', dict(secrets_keys=WEBHOOK_SECRETS_8X,
                           config_keys=('url', 'method', 'headers', 'hasAuth', 'authType', 'certType', 'ca',
                                        'verificationMode'),
                           config_choices=dict(WEBHOOK_AUTH_CHOICES, method=('post', 'put'),
                                               authType=(WEBHOOK_BASIC, WEBHOOK_SSL, None)))),
              ('8.10', dict(secrets_keys=('user', 'password'), config_keys=('url', 'method', 'headers', 'hasAuth'),
                            config_choices={'method': ('post', 'put')}))),
    ),
    # Slack incoming webhook, src/platform/packages/shared/kbn-connector-schemas/slack/schemas/v1.ts@4428bc13.
    ConnectorType(
        '.slack', 'Slack', 'gold', ALERTING_FEATURES,
        introduced=('7.0',),
        secrets_required=('webhookUrl',), secrets_keys=('webhookUrl',),
        params_required=('message',), params_keys=('message',),
    ),
    # x-pack/platform/plugins/shared/stack_connectors/server/connector_types/slack_api/index.ts@0ebeefe7;
    # src/platform/packages/shared/kbn-connector-schemas/slack_api/schemas/v1.ts@98c7c5ce (the get* sub-actions,
    # newer than 9.2; older Kibana refuses them).
    ConnectorType(
        '.slack_api', 'Slack API', 'gold', ALERTING_FEATURES,
        introduced=('8.8',),
        config_keys=('allowedChannels',),
        secrets_required=('token',), secrets_keys=('token',),
        sub_actions={'postMessage': ('text',), 'postBlockkit': ('text',), 'validChannelId': (),
                     'getConversationsList': (), 'getConversationsHistory': ('channel',),
                     'getConversationsReplies': ('channel', 'ts'), 'getUsersList': (), 'getChannelDigest': ('since', 'types')},
        read_only_sub_actions=('validChannelId', 'getConversationsList', 'getConversationsHistory',
                               'getConversationsReplies', 'getUsersList', 'getChannelDigest'),
    ),
    # x-pack/platform/plugins/shared/stack_connectors/server/connector_types/email/index.ts@00cb7c75;
    # src/platform/packages/shared/kbn-connector-schemas/email/schemas/v1.ts@b1932cfe (9.3), @0ad9415f (9.4).
    ConnectorType(
        '.email', 'Email', 'gold', ALERTING_FEATURES,
        introduced=('7.0',),
        config_required=('from',),
        config_keys=('service', 'host', 'port', 'secure', 'from', 'hasAuth', 'tenantId', 'clientId', 'oauthTokenUrl'),
        config_defaults={'service': Default('other'), 'host': Default(None), 'port': Default(None), 'secure': Default(None),
                         'hasAuth': Default(True), 'tenantId': Default(None), 'clientId': Default(None),
                         'oauthTokenUrl': Default(None)},
        config_rules=(_email_host_and_port,),
        secrets_keys=('user', 'password', 'clientSecret'), has_auth_flag=True, secrets_rules=(_email_user_and_password,),
        params_required=('subject', 'message'),
        params_keys=('to', 'cc', 'bcc', 'replyTo', 'subject', 'message', 'messageHTML', 'kibanaFooterLink', 'attachments'),
        params_rules=(_some_recipient,),
    ),
    # x-pack/platform/plugins/shared/stack_connectors/server/connector_types/pagerduty/index.ts@167598a5.
    ConnectorType(
        '.pagerduty', 'PagerDuty', 'gold', ALERTING_FEATURES,
        introduced=('7.0',),
        config_keys=('apiUrl',), config_defaults={'apiUrl': Default(None)},
        secrets_required=('routingKey',), secrets_keys=('routingKey',),
        params_keys=('eventAction', 'dedupKey', 'summary', 'source', 'severity', 'timestamp', 'component', 'group',
                     'class', 'links', 'customDetails'),
        params_choices={'eventAction': ('trigger', 'resolve', 'acknowledge'),
                        'severity': ('critical', 'error', 'warning', 'info')},
        params_rules=(_dedup_key_to_close,),
    ),
    # 8.x x-pack/plugins/stack_connectors/server/connector_types/teams/index.ts@104d4f9c stores any config as sent
    # before 8.8 (no config validator; PR #153969 added an empty object schema in 8.8);
    # 9.3+ src/platform/packages/shared/kbn-connector-schemas/teams/schemas/v1.ts@0b07d6e8 refuses every key.
    ConnectorType(
        '.teams', 'Microsoft Teams', 'gold', ALERTING_FEATURES,
        introduced=('7.0',),
        secrets_required=('webhookUrl',), secrets_keys=('webhookUrl',),
        params_required=('message',), params_keys=('message',),
        eras=(('8.8', dict(config_keys=ANY)),),
    ),
    # x-pack/platform/plugins/shared/stack_connectors/server/connector_types/xmatters/index.ts@05c84297;
    # src/platform/packages/shared/kbn-connector-schemas/xmatters/schemas/v1.ts@3dc5dbd0 (introduced by PR #122357).
    ConnectorType(
        '.xmatters', 'xMatters', 'gold', ('alerting', 'siem'),
        introduced=('8.1',),
        config_keys=('configUrl', 'usesBasic'),
        config_defaults={'configUrl': Default(None), 'usesBasic': Default(True)},
        secrets_keys=('user', 'password', 'secretsUrl'), secrets_rules=(_xmatters_auth,),
        params_required=('severity',),
        params_keys=('severity', 'alertActionGroupName', 'signalId', 'ruleName', 'date', 'spaceId', 'tags'),
    ),
    # ------------------------------------------------------------------ incident management
    # x-pack/platform/plugins/shared/stack_connectors/server/connector_types/jira/index.ts@0c4e871d;
    # src/platform/packages/shared/kbn-connector-schemas/jira/schemas/v1.ts@3ac3829e.
    ConnectorType(
        '.jira', 'Jira', 'gold', ('alerting', 'cases', 'uptime', 'siem'),
        introduced=('7.0',),
        config_required=('apiUrl', 'projectKey'), config_keys=('apiUrl', 'projectKey'),
        secrets_required=('email', 'apiToken'), secrets_keys=('email', 'apiToken'),
        sub_actions={'pushToService': ('incident',), 'getIncident': ('externalId',), 'getFields': (), 'handshake': (),
                     'issueTypes': (), 'fieldsByIssueType': ('id',), 'issues': ('title',), 'issue': ('id',)},
        read_only_sub_actions=('getIncident', 'getFields', 'handshake', 'issueTypes', 'fieldsByIssueType', 'issues', 'issue'),
    ),
    # Opsgenie's twin for Jira Service Management (Kibana PRs #231155, #235408: 9.2):
    # src/platform/packages/shared/kbn-connector-schemas/jira-service-management/constants.ts@5d45e549, schemas/v1.ts@09e7cfe6.
    _OPSGENIE.derive('.jira-service-management', 'Jira Service Management', introduced=('9.2',)),
    _SERVICENOW,
    # x-pack/platform/plugins/shared/stack_connectors/server/connector_types/servicenow_sir/index.ts@01ad79c3:
    # ITSM's config and rules, no closeIncident.
    _SERVICENOW.derive('.servicenow-sir', 'ServiceNow SecOps', features=('alerting', 'cases', 'siem'),
                       sub_actions={'pushToService': ('incident',), 'getFields': (), 'getIncident': ('externalId',),
                                    'handshake': (), 'getChoices': ('fields',)}),
    # x-pack/platform/plugins/shared/stack_connectors/server/connector_types/servicenow_itom/index.ts@01ad79c3;
    # src/platform/packages/shared/kbn-connector-schemas/servicenow_itom/schemas/v1.ts@33a26fbf: no usesTableApi,
    # never deprecated.
    _SERVICENOW.derive(
        '.servicenow-itom', 'ServiceNow ITOM', features=('alerting', 'siem'), introduced=('7.16',),
        config_keys=('apiUrl', 'isOAuth', 'userIdentifierValue', 'clientId', 'jwtKeyId'),
        config_defaults=dict(_SERVICENOW_OAUTH_DEFAULTS),
        deprecated_when=None,
        eras=((_SERVICENOW_OAUTH_SINCE, dict(_SERVICENOW_BASIC_ONLY, config_keys=('apiUrl',))),),
        sub_actions={'addEvent': (), 'getChoices': ('fields',)}, read_only_sub_actions=('getChoices',)),
    _OPSGENIE,
    # x-pack/platform/plugins/shared/stack_connectors/server/connector_types/resilient/index.ts@1d137a13,
    # resilient.ts@04f88c55 (a sub-action connector since 8.15, PR #180561).
    ConnectorType(
        '.resilient', 'IBM Resilient', 'platinum', ('alerting', 'cases', 'siem'),
        introduced=('7.9',),
        config_required=('apiUrl', 'orgId'), config_keys=('apiUrl', 'orgId'),
        secrets_required=('apiKeyId', 'apiKeySecret'), secrets_keys=('apiKeyId', 'apiKeySecret'),
        sub_actions={'pushToService': ('incident',), 'getFields': (), 'incidentTypes': (), 'severity': ()},
        read_only_sub_actions=('getFields', 'incidentTypes', 'severity'),
    ),
    # x-pack/platform/plugins/shared/stack_connectors/server/connector_types/swimlane/index.ts@167598a5;
    # src/platform/packages/shared/kbn-connector-schemas/swimlane/schemas/v1.ts@1064da9d (mappings required from 9.3;
    # before, an omitted mappings is filled from its seven nullable children,
    # src/platform/packages/shared/kbn-config-schema/src/types/object_type.ts@027ff216).
    ConnectorType(
        '.swimlane', 'Swimlane', 'gold', ('alerting', 'cases', 'siem'),
        introduced=('7.14',),
        config_required=('apiUrl', 'appId', 'connectorType', 'mappings'),
        config_keys=('apiUrl', 'appId', 'connectorType', 'mappings'),
        config_defaults={'mappings': Default(dict.fromkeys(('ruleNameConfig', 'alertIdConfig', 'caseIdConfig',
                                                            'caseNameConfig', 'commentsConfig', 'severityConfig',
                                                            'descriptionConfig')))},
        config_nested={'mappings': dict.fromkeys(('ruleNameConfig', 'alertIdConfig', 'caseIdConfig', 'caseNameConfig',
                                                  'commentsConfig', 'severityConfig', 'descriptionConfig'))},
        config_choices={'connectorType': ('all', 'alerts', 'cases')},
        secrets_required=('apiToken',), secrets_keys=('apiToken',),
        sub_actions=CASE_SUB_ACTION,
        eras=(('9.3', dict(config_required=('apiUrl', 'appId', 'connectorType'))),),
    ),
    # x-pack/platform/plugins/shared/stack_connectors/server/connector_types/cases_webhook/index.ts@167598a5;
    # <= 9.2 createCommentMethod schema.nullable(...) -> null; 9.3+
    # src/platform/packages/shared/kbn-connector-schemas/cases_webhook/schemas/v1.ts@3659b62c
    # (.default('put').nullable() -> 'put'); getIncidentMethod/getIncidentJson from 8.17 (PR #197437);
    # authType filled by zod v4 in 9.4 (no hasAuth preprocess here, unlike .webhook). Introduced in 8.4 (PR #131762,
    # the 8.4 release notes).
    ConnectorType(
        '.cases-webhook', 'Webhook - Case Management', 'gold', ('cases',),
        introduced=('8.4',),
        config_required=('createIncidentUrl', 'createIncidentJson', 'createIncidentResponseKey', 'getIncidentUrl',
                         'getIncidentResponseExternalTitleKey', 'viewIncidentUrl', 'updateIncidentUrl',
                         'updateIncidentJson'),
        config_keys=('createIncidentUrl', 'createIncidentJson', 'createIncidentResponseKey', 'createIncidentMethod',
                     'getIncidentMethod', 'getIncidentUrl', 'getIncidentJson', 'getIncidentResponseExternalTitleKey',
                     'viewIncidentUrl', 'updateIncidentUrl', 'updateIncidentJson', 'updateIncidentMethod',
                     'createCommentUrl', 'createCommentJson', 'createCommentMethod', 'headers') + WEBHOOK_AUTH_KEYS,
        config_defaults={'createIncidentMethod': Default('post'), 'updateIncidentMethod': Default('put'),
                         'getIncidentMethod': Default(None, 'get', since=(('8.0', ABSENT), ('8.17', 'get'))),
                         'getIncidentJson': Default(None, since=(('8.0', ABSENT), ('8.17', None))),
                         'createCommentUrl': Default(None), 'createCommentJson': Default(None),
                         'createCommentMethod': Default(None, 'put', since=(('8.0', None), ('9.3', 'put'))),
                         'headers': Default(None), 'hasAuth': Default(True),
                         'authType': Default(None, WEBHOOK_BASIC, since=(('8.0', ABSENT), ('9.4', WEBHOOK_BASIC)))},
        config_choices=dict(WEBHOOK_AUTH_CHOICES, createIncidentMethod=('post', 'put'), getIncidentMethod=('get', 'post'),
                            updateIncidentMethod=('post', 'patch', 'put'),
                            createCommentMethod=('post', 'put', 'patch', None)),
        config_rules=(_cases_webhook_auth,),
        secrets_keys=WEBHOOK_SECRETS, has_auth_flag=True,
        secrets_rules=(_webhook_secret_combination, _cases_webhook_secrets_needed),
        sub_actions=CASE_SUB_ACTION,
        # TLS secrets from 8.15 (PR #185925), secretHeaders from 9.2 (PR #230042), clientSecret with the 9.3 shared
        # auth schema (it only makes Kibana refuse OAuth2 with its own message)
        eras=(('9.3', dict(secrets_keys=tuple(key for key in WEBHOOK_SECRETS if key != 'clientSecret'))),
              ('9.2', dict(secrets_keys=WEBHOOK_SECRETS_8X)), ('8.15', dict(secrets_keys=('user', 'password')))),
    ),
    # ------------------------------------------------------------------ security orchestration (SOAR)
    # x-pack/platform/plugins/shared/stack_connectors/server/connector_types/torq/index.ts@0fd28cf7 (PR #149405: 8.7).
    ConnectorType(
        '.torq', 'Torq', 'gold', ALERTING_FEATURES,
        introduced=('8.7',),
        config_required=('webhookIntegrationUrl',), config_keys=('webhookIntegrationUrl',), config_rules=(_torq_host,),
        secrets_required=('token',), secrets_keys=('token',),
        params_required=('body',), params_keys=('body',),
    ),
    # x-pack/platform/plugins/shared/stack_connectors/server/connector_types/tines/tines.ts@02dbce49;
    # src/platform/packages/shared/kbn-connector-schemas/tines/schemas/v1.ts@50558a21 (PR #143505: 8.6).
    ConnectorType(
        '.tines', 'Tines', 'gold', ('siem',),
        introduced=('8.6',), secrets_required=('email', 'token'), secrets_keys=('email', 'token'),
        sub_actions={'stories': (), 'webhooks': ('storyId',), 'run': ('body',), 'test': ('body',)},
        read_only_sub_actions=('stories', 'webhooks'), **_URL_CONFIG
    ),
    # x-pack/platform/plugins/shared/stack_connectors/server/connector_types/d3security/d3security.ts@8137d1cd;
    # src/platform/packages/shared/kbn-connector-schemas/d3security/schemas/v1.ts@0fc569ed (PR #158569: 8.9).
    ConnectorType(
        '.d3security', 'D3 Security', 'gold', ('alerting', 'siem'),
        introduced=('8.9',), secrets_required=('token',), secrets_keys=('token',),
        sub_actions={'run': (), 'test': ()}, **_URL_CONFIG
    ),
    # x-pack/platform/plugins/shared/stack_connectors/server/connector_types/xsoar/index.ts@e1b18ade, xsoar.ts@08d71aad;
    # src/platform/packages/shared/kbn-connector-schemas/xsoar/schemas/v1.ts@74d1c62f. PR #212049 (9.1), backported
    # to 8.19 by PR #224698.
    ConnectorType(
        '.xsoar', 'XSOAR', 'platinum', ('siem',),
        introduced=('8.19', '9.1'), secrets_required=('apiKey',), secrets_keys=('apiKey', 'apiKeyID'),
        sub_actions={'getPlaybooks': (), 'run': ('name', 'createInvestigation', 'severity')},
        read_only_sub_actions=('getPlaybooks',), **_URL_CONFIG
    ),
    # x-pack/platform/plugins/shared/stack_connectors/server/connector_types/thehive/index.ts@01ad79c3;
    # src/platform/packages/shared/kbn-connector-schemas/thehive/schemas/v1.ts@174aa4cd (visible from 8.16, PR #191903).
    ConnectorType(
        '.thehive', 'TheHive', 'platinum', ('alerting', 'cases', 'uptime', 'siem'),
        introduced=('8.16',),
        config_required=('url',), config_keys=('url', 'organisation'), config_defaults={'organisation': Default(None)},
        secrets_required=('apiKey',), secrets_keys=('apiKey',),
        sub_actions={'pushToService': ('incident',), 'createAlert': ('title', 'description', 'type', 'source', 'sourceRef')},
    ),
    # ------------------------------------------------------------------ generative AI
    # x-pack/platform/plugins/shared/stack_connectors/server/connector_types/openai/index.ts@024f3a4a;
    # default model: x-pack/plugins/stack_connectors/common/openai/constants.ts@002975bb (gpt-4, 8.10),
    # PR #189080 (gpt-4o, 8.16), PR #220146 (gpt-4.1, 8.19 and 9.1),
    # src/platform/packages/shared/kbn-connector-schemas/openai/constants.ts@538d041d (gpt-4.1, 9.3+);
    # provider Other: verificationMode .default('full').optional() (zod v4 fills it in 9.4),
    # src/platform/packages/shared/kbn-connector-schemas/openai/schemas/v1.ts@5bb56f12.
    ConnectorType(
        '.gen-ai', 'OpenAI', 'enterprise', GEN_AI_FEATURES,
        introduced=('8.9',),
        config_required=('apiProvider', 'apiUrl'),
        config_keys=_OPENAI_ALL_KEYS,
        config_defaults={
            'defaultModel': Default(None, 'gpt-4', 'gpt-4o', 'gpt-4.1', when=_openai_provider_is('OpenAI'),
                                    since=(('8.9', ABSENT), ('8.10', 'gpt-4'), ('8.16', 'gpt-4o'), ('8.19', 'gpt-4.1'),
                                           ('9.0', 'gpt-4o'), ('9.1', 'gpt-4.1'))),
            'verificationMode': Default(None, 'full', when=_openai_provider_is('Other'),
                                        since=(('8.0', ABSENT), ('9.4', 'full'))),
        },
        config_choices={'apiProvider': ('OpenAI', 'Azure OpenAI', 'Other'),
                        'verificationMode': ('full', 'certificate', 'none')},
        config_rules=(_openai_provider,),
        secrets_keys=('apiKey', 'certificateData', 'privateKeyData', 'caData'), secrets_rules=(_openai_key_or_pki,),
        sub_actions=dict(_LLM_SUB_ACTIONS, stream=('body',), invokeAsyncIterator=('messages',)),
        # PKI secrets for provider Other: present in the 9.x schema@0935d444; the release is a guess (8.19 and 9.1)
        eras=((('8.19', '9.1'), dict(secrets_keys=('apiKey',), secrets_required=('apiKey',))),),
    ),
    # x-pack/platform/plugins/shared/stack_connectors/server/connector_types/bedrock/index.ts@3e5fd876;
    # default model: x-pack/plugins/stack_connectors/common/bedrock/constants.ts@018dbb37 (8.11), PRs #179304 (8.14),
    # #186671 (8.15), #220146 (8.19, 9.1), #235367 (9.2), kbn-connector-schemas/bedrock/constants.ts@1a7bf6ce;
    # region only in the 9.4 schema (bedrock/schemas/v1.ts@027ff216). The 8.12-8.13 value is a guess (PR #179304
    # says the default was then anthropic.claude-v2:1).
    ConnectorType(
        '.bedrock', 'Amazon Bedrock', 'enterprise', GEN_AI_FEATURES,
        introduced=('8.11',),
        config_required=('apiUrl',), config_keys=('apiUrl', 'defaultModel', 'contextWindowLength', 'temperature', 'region'),
        config_defaults={'defaultModel': Default(
            'anthropic.claude-v2', 'anthropic.claude-v2:1', 'anthropic.claude-3-sonnet-20240229-v1:0',
            'anthropic.claude-3-5-sonnet-20240620-v1:0', 'us.anthropic.claude-3-7-sonnet-20250219-v1:0',
            'us.anthropic.claude-sonnet-4-5-20250929-v1:0',
            since=(('8.11', 'anthropic.claude-v2'), ('8.12', 'anthropic.claude-v2:1'),
                   ('8.14', 'anthropic.claude-3-sonnet-20240229-v1:0'),
                   ('8.15', 'anthropic.claude-3-5-sonnet-20240620-v1:0'),
                   ('8.19', 'us.anthropic.claude-3-7-sonnet-20250219-v1:0'),
                   ('9.0', 'anthropic.claude-3-5-sonnet-20240620-v1:0'),
                   ('9.1', 'us.anthropic.claude-3-7-sonnet-20250219-v1:0'),
                   ('9.2', 'us.anthropic.claude-sonnet-4-5-20250929-v1:0')))},
        secrets_required=('accessKey', 'secret'), secrets_keys=('accessKey', 'secret'),
        sub_actions=dict(_LLM_SUB_ACTIONS, invokeAIRaw=('messages',), converse=('messages',),
                         converseStream=('messages',), bedrockClientSend=('command',)),
    ),
    # x-pack/platform/plugins/shared/stack_connectors/server/connector_types/gemini/index.ts@1e8d99ce (PR #183668: 8.15);
    # default model PRs #186671 (8.15), #195320 (8.16, 9.0), #225917 (8.19, 9.1),
    # src/platform/packages/shared/kbn-connector-schemas/gemini/constants.ts@48c17d6c.
    ConnectorType(
        '.gemini', 'Google Gemini', 'enterprise', GEN_AI_FEATURES,
        introduced=('8.15',),
        config_required=('apiUrl', 'gcpRegion', 'gcpProjectID'),
        config_keys=('apiUrl', 'defaultModel', 'gcpRegion', 'gcpProjectID', 'contextWindowLength', 'temperature'),
        config_defaults={'defaultModel': Default(
            'gemini-1.5-pro-001', 'gemini-1.5-pro-002', 'gemini-2.5-pro',
            since=(('8.15', 'gemini-1.5-pro-001'), ('8.16', 'gemini-1.5-pro-002'), ('8.19', 'gemini-2.5-pro'),
                   ('9.0', 'gemini-1.5-pro-002'), ('9.1', 'gemini-2.5-pro')))},
        secrets_required=('credentialsJson',), secrets_keys=('credentialsJson',),
        sub_actions=dict(_LLM_SUB_ACTIONS, invokeAIRaw=('messages',)),
    ),
    # The AI connector, backed by an Elasticsearch inference endpoint that Kibana creates with it. Unknown config keys
    # are refused in every era: up to 9.2 @kbn/config-schema schema.object
    # (x-pack/plugins/stack_connectors/common/inference/schema.ts@042e813d, 8.x;
    # x-pack/platform/plugins/shared/stack_connectors/common/inference/schema.ts@3fae99ca, 9.x; its zod version
    # @31f4c506 is PR #238309's, 9.3 only), then zod .strict():
    # src/platform/packages/shared/kbn-connector-schemas/inference/schemas/v1.ts@331469fa (9.3), @1064da9d (9.4).
    # Registered by default from 8.18/9.0 (flag inferenceConnectorOff, PR #189027 introduced it in 8.16 behind
    # inferenceConnectorOn).
    ConnectorType(
        '.inference', 'AI Connector', 'enterprise', GEN_AI_FEATURES,
        introduced=('8.18',),
        config_required=('provider', 'taskType', 'inferenceId'),
        config_keys=('provider', 'taskType', 'inferenceId', 'providerConfig', 'taskTypeConfig', 'contextWindowLength',
                     'headers', 'temperature'),
        config_defaults={'providerConfig': Default({}), 'taskTypeConfig': Default({})},
        secrets_keys=('providerSecrets',),
        sub_actions={'unified_completion': ('body',), 'unified_completion_stream': ('body',),
                     'unified_completion_async_iterator': ('body',), 'completion': ('input',),
                     'completion_stream': ('input',), 'rerank': ('query',), 'text_embedding': ('input', 'inputType'),
                     'sparse_embedding': ('input',)},
    ),
    # src/platform/packages/shared/kbn-connector-schemas/mcp/schemas/v1.ts@45628310 (not strict: unknown keys dropped);
    # x-pack/platform/plugins/shared/stack_connectors/server/connector_types/mcp/index.ts@33a26fbf (PR #245405: 9.3).
    ConnectorType(
        '.mcp', 'MCP', 'enterprise', GEN_AI_FEATURES + ('workflows', 'agentBuilder'),
        introduced=('9.3',),
        config_required=('serverUrl',), config_keys=('serverUrl', 'hasAuth', 'authType', 'apiKeyHeaderName', 'headers'),
        config_defaults={'hasAuth': Default(True)},
        config_choices={'authType': ('none', 'bearer', 'apiKey', 'basic')},
        strips_unknown_config=True,
        secrets_keys=('token', 'apiKey', 'user', 'password', 'secretHeaders'), has_auth_flag=True,
        sub_actions={'test': (), 'listTools': (), 'callTool': ('name',)},
        read_only_sub_actions=('test', 'listTools'),
    ),
    # ------------------------------------------------------------------ endpoint security (EDR)
    # x-pack/platform/plugins/shared/stack_connectors/server/connector_types/crowdstrike/index.ts@51bd93dd,
    # crowdstrike.ts@10fc3a72 (PR #180175 behind a flag in 8.14, on by default from 8.15, PR #186801).
    ConnectorType(
        '.crowdstrike', 'CrowdStrike', 'enterprise', EDR_FEATURES,
        introduced=('8.15',), secrets_required=('clientId', 'clientSecret'), secrets_keys=('clientId', 'clientSecret'),
        sub_actions={'getAgentDetails': ('ids',), 'getAgentOnlineStatus': ('ids',), 'hostActions': ('command', 'ids'),
                     'executeRTRCommand': (), 'batchActiveResponderExecuteRTR': (), 'batchAdminExecuteRTR': (),
                     'getRTRCloudScripts': ()},
        read_only_sub_actions=('getAgentDetails', 'getAgentOnlineStatus', 'getRTRCloudScripts'), **_URL_CONFIG
    ),
    # x-pack/platform/plugins/shared/stack_connectors/server/connector_types/sentinelone/index.ts@217ded5a,
    # sentinelone.ts@0c4e871d (PRs #173859, #174648: 8.12).
    ConnectorType(
        '.sentinelone', 'Sentinel One', 'enterprise', EDR_FEATURES,
        introduced=('8.12',), secrets_required=('token',), secrets_keys=('token',),
        sub_actions={'getAgents': (), 'isolateHost': (), 'releaseHost': (), 'executeScript': ('script',),
                     'getRemoteScripts': (), 'getRemoteScriptStatus': ('parentTaskId',),
                     'getRemoteScriptResults': ('taskIds',), 'downloadRemoteScriptResults': ('taskId',),
                     'fetchAgentFiles': ('agentId', 'zipPassCode', 'files'), 'downloadAgentFile': ('agentId', 'activityId'),
                     'getActivities': ()},
        read_only_sub_actions=('getAgents', 'getRemoteScripts', 'getRemoteScriptStatus', 'getRemoteScriptResults',
                               'downloadRemoteScriptResults', 'downloadAgentFile', 'getActivities'),
        **_URL_CONFIG
    ),
    # x-pack/platform/plugins/shared/stack_connectors/server/connector_types/microsoft_defender_endpoint/index.ts@1fb23bc3;
    # src/platform/packages/shared/kbn-connector-schemas/microsoft_defender_endpoint/schemas/v1.ts@731a3af2,
    # constants.ts@b4099342 (PR #203183: 8.18, 9.0).
    ConnectorType(
        '.microsoft_defender_endpoint', 'Microsoft Defender for Endpoint', 'enterprise', EDR_FEATURES,
        introduced=('8.18',),
        config_required=('clientId', 'tenantId', 'oAuthServerUrl', 'oAuthScope', 'apiUrl'),
        config_keys=('clientId', 'tenantId', 'oAuthServerUrl', 'oAuthScope', 'apiUrl'),
        secrets_required=('clientSecret',), secrets_keys=('clientSecret',),
        sub_actions={'testConnector': (), 'getAgentDetails': ('id',), 'getAgentList': (), 'getActions': (),
                     'isolateHost': ('id', 'comment'), 'releaseHost': ('id', 'comment'), 'getLibraryFiles': (),
                     'runScript': ('id', 'parameters'), 'getActionResults': ('id',), 'cancelAction': ('comment', 'actionId')},
        # testConnector only probes: isolate and release are sent for the made-up machine id elastic-connector-test
        # (x-pack/platform/plugins/shared/stack_connectors/server/connector_types/microsoft_defender_endpoint/
        # microsoft_defender_endpoint.ts@7bd28782), so nothing changes
        read_only_sub_actions=('testConnector', 'getAgentDetails', 'getAgentList', 'getActions', 'getLibraryFiles',
                               'getActionResults'),
    ),
    # ------------------------------------------------------------------ system action types (built into Kibana)
    # x-pack/platform/plugins/shared/cases/server/connectors/cases/index.ts@02d7f0b2 (PR #168369: 8.14).
    ConnectorType('.cases', 'Cases', 'platinum', ('uptime', 'alerting', 'siem'), introduced=('8.14',), system=True),
    # x-pack/solutions/observability/plugins/observability_ai_assistant_app/server/rule_connector/index.ts@0be2b7be
    # (PR #179980: 8.14; registered by the Observability AI Assistant app plugin).
    ConnectorType('.observability-ai-assistant', 'Observability AI Assistant', 'enterprise', ('alerting',),
                  introduced=('8.14',), system=True),
)
TYPES = dict((record.id, record) for record in _RECORDS)


# --------------------------------------------------------------------------- what the rest of the collection calls
def known_types():
    return sorted(TYPES)


def get_type(type_id):
    """The record of a type, or None when the collection does not know it."""
    return TYPES.get(type_id)


def is_system_type(type_id):
    """Whether the type is a system action type, built into Kibana (never created, updated or preconfigured)."""
    record = get_type(type_id)
    return bool(record and record.system)


def config_with_defaults(type_id, config, current=None):
    """The config Kibana would store for ``config`` (see ConnectorType.stored_config); unknown types: as given."""
    record = get_type(type_id)
    return record.stored_config(config, current) if record else copy.deepcopy(config or {})


def predicted_config(type_id, config, current=None, version=None):
    """The config Kibana will return after a create or an update (see ConnectorType.returned_config).

    With the Kibana ``version`` known, a create gets exactly that version's defaults (returned_config_at).
    """
    record = get_type(type_id)
    if record is None:
        return copy.deepcopy(config or {})
    if current is None and version:
        return record.returned_config_at(version, config)
    return record.returned_config(config, current)


def version_notes(type_id, config):
    """The defaults ``config`` leaves to Kibana whose value depends on the Kibana version (texts; [] if none)."""
    record = get_type(type_id)
    return record.version_notes(config) if record else []


def is_deprecated(type_id, config):
    """Kibana's is_deprecated for a connector of a known type with this returned config (False when unknown)."""
    record = get_type(type_id)
    return bool(record) and record.is_deprecated(config)


def without_nulls(config):
    """Top-level null values removed: Kibana stores an absent nullable key as null."""
    return dict((key, value) for key, value in (config or {}).items() if value is not None)


def uses_secrets(type_id, config=None):
    """Whether a connector of this type carries secrets that an update without secrets would erase.

    Unknown types are assumed to carry secrets (give ``secrets: {}`` to say they do not).
    """
    record = get_type(type_id)
    return True if record is None else record.uses_secrets(config)


def validate_connector(type_id, config, secrets, check_secrets=True):
    """Problems Kibana would refuse for a connector of a known type, as a list of texts (empty: fine).

    Unknown types are not checked here (Kibana reports them); a system action type
    is one problem (Kibana builds its connector itself). Secrets values never
    appear in the texts, only their key names.
    """
    record = get_type(type_id)
    if record is None:
        return []
    problems = record.config_problems(config)
    if check_secrets:
        problems += record.secrets_problems(config, secrets)
    return problems


def sub_action(params):
    return (params or {}).get('subAction')


def is_read_only(type_id, params):
    """Whether executing with these params only reads (a read-only sub-action of the type)."""
    record = get_type(type_id)
    return bool(record) and record.is_read_only(params)


def validate_params(type_id, params):
    """Problems with execute params for a known type, as texts (empty: fine or type unknown)."""
    record = get_type(type_id)
    return record.params_problems(params) if record else []
