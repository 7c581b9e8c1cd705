# -*- coding: utf-8 -*-
# Copyright (c) kibana.connectors contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The one catalogue of Kibana connector types this collection knows.

Everything the collection knows about a type lives here and only here, as one
``ConnectorType`` record per type: the defaults Kibana fills into the config it
stores and returns, the required and allowed config and secrets keys, whether the
type carries secrets, the execute params it accepts, which sub-actions only read,
and the type's own rules (as functions of the record). The modules and the
kibana_config role's validation all read it, through the functions at the end of
this file. Sources: Kibana's connector type schemas (8.x config-schema, 9.3+ zod),
as collected in the project's reference.

Private to the collection: not a public API, may change in any release.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type  # pylint: disable=invalid-name

import copy

ANY = object()  # marker: any value is accepted / the key set is open


class Default:
    """A default Kibana fills in when the key is absent.

    ``accepted`` lists every value some supported Kibana version stores for an
    absent key (the first one is what 8.x stores); ``None`` in it means the key
    may also come back null or not at all.
    """

    def __init__(self, *accepted):
        self.accepted = accepted
        self.value = accepted[0]

    @property
    def version_dependent(self):
        """Whether supported Kibana versions store different values for an absent key."""
        return len(self.accepted) > 1


def _missing(required, given, what):
    return ['missing required %s key %r' % (what, key) for key in required
            if key not in given or given[key] is None or given[key] == '']


def _unknown(allowed, given, what):
    if allowed is ANY:
        return []
    return ['unknown %s key %r (known: %s)' % (what, key, ', '.join(allowed) if allowed else 'none')
            for key in sorted(given) if key not in allowed]


def _choices(choices, given, what):
    return ['%s key %r must be one of %s' % (what, key, ', '.join(allowed))
            for key, allowed in choices.items() if key in given and given[key] not in allowed]


class ConnectorType:
    """What the collection knows about one connector type.

    name, license, features        what Kibana's connector_types route reports
    config_required, config_keys   keys; config_keys ANY = Kibana does not validate config (open)
    config_defaults                key -> Default: filled in by Kibana when absent
    config_choices                 key -> allowed values
    secrets_required, secrets_keys the secrets keys (empty = the type has no secrets)
    has_auth_flag                  secrets are only used when config.hasAuth (default true)
    params_required, params_keys   execute params (ANY = open); params_choices: key -> allowed values
    sub_actions                    sub-action name -> required subActionParams keys (sub-action types)
    read_only_sub_actions          sub-actions that only read (execute reports unchanged)
    config_rules                   functions (record, config) -> problems, Kibana's cross-key config checks
    secrets_rules                  functions (record, config, secrets) -> problems
    params_rules                   functions (record, params) -> problems
    """

    def __init__(self, type_id, name, license, features, config_required=(), config_keys=(), config_defaults=None,
                 config_choices=None, secrets_required=(), secrets_keys=(), has_auth_flag=False, params_required=(),
                 params_keys=ANY, params_choices=None, sub_actions=None, read_only_sub_actions=(), config_rules=(),
                 secrets_rules=(), params_rules=()):
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

    def derive(self, type_id, name, **changes):
        """A record for a type that shares this one's schema (ServiceNow SecOps and ITSM, say)."""
        record = copy.copy(self)
        record.id, record.name = type_id, name
        for key, value in changes.items():
            setattr(record, key, value)
        return record

    # ------------------------------------------------------------- config Kibana stores
    def stored_config(self, config, current=None):
        """The config Kibana stores for ``config``: the type's defaults filled in.

        Where supported Kibana versions differ on a default, the value ``current``
        (the config Kibana returned) holds is taken when it is one of them.
        """
        result = copy.deepcopy(config or {})
        current = current or {}
        for key, default in self.config_defaults.items():
            if key not in result:
                held = current.get(key)
                result[key] = copy.deepcopy(held if held in default.accepted else default.value)
        return result

    def returned_config(self, config, current=None):
        """The config Kibana returns after a create (``current`` None) or an update of ``current``.

        Like ``stored_config``, except for a null default the task does not set:
        after an update it appears when Kibana returns the key now; after a create
        when the catalogue knows only null for it (a key whose default differs
        between Kibana versions is left out, as older versions do not return it).
        """
        result = self.stored_config(config, current)
        for key, default in self.config_defaults.items():
            if key in (config or {}) or result.get(key) is not None:
                continue
            keep = key in current if current is not None else not default.version_dependent
            if not keep:
                result.pop(key, None)
        return result

    # ------------------------------------------------------------- secrets
    def uses_secrets(self, config=None):
        """Whether a connector of this type carries secrets that an update without secrets would erase."""
        if not self.secrets_keys:
            return False
        return not (self.has_auth_flag and (config or {}).get('hasAuth', True) is False)

    # ------------------------------------------------------------- validation
    def config_problems(self, config):
        config = config or {}
        problems = _missing(self.config_required, config, 'config') + _unknown(self.config_keys, config, 'config')
        problems += _choices(self.config_choices, config, 'config')
        for rule in self.config_rules:
            problems += rule(self, config)
        return problems

    def secrets_problems(self, config, secrets):
        config, secrets = config or {}, secrets or {}
        problems = _missing(self.secrets_required, secrets, 'secrets') + _unknown(self.secrets_keys, secrets, 'secrets')
        for rule in self.secrets_rules:
            problems += rule(self, config, secrets)
        return problems

    def params_problems(self, params):
        params = params or {}
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


# --------------------------------------------------------------------------- per-type rules
def _email_host_and_port(_record, config):
    """Kibana's email config check: service "other" needs host and port."""
    if config.get('service', 'other') == 'other':
        return _missing(('host', 'port'), config, 'config')
    return []


def _email_user_and_password(record, config, secrets):
    """Kibana's email connector check: with authentication (not Exchange OAuth), user and password."""
    if record.uses_secrets(config) and config.get('service') != 'exchange_server':
        return _missing(('user', 'password'), secrets, 'secrets')
    return []


def _user_with_password(_record, _config, secrets):
    """Webhook secrets: user and password go together, unless a certificate authenticates."""
    if bool(secrets.get('user')) != bool(secrets.get('password')) and not (secrets.get('crt') or secrets.get('pfx')):
        return ['secrets user and password must be given together']
    return []


def _other_provider_model(_record, config):
    """OpenAI connector, apiProvider Other: defaultModel is required."""
    if config.get('apiProvider') == 'Other' and not config.get('defaultModel'):
        return ["missing required config key 'defaultModel' (apiProvider Other)"]
    return []


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


# --------------------------------------------------------------------------- the types
ALERTING_FEATURES = ('alerting', 'uptime', 'siem')
WEBHOOK_SECRETS = ('user', 'password', 'crt', 'key', 'pfx', 'clientSecret', 'secretHeaders')

_SERVICENOW = ConnectorType(
    '.servicenow', 'ServiceNow ITSM', 'platinum', ('alerting', 'cases', 'siem'),
    config_required=('apiUrl',),
    config_keys=('apiUrl', 'usesTableApi', 'isOAuth', 'userIdentifierValue', 'clientId', 'jwtKeyId'),
    config_defaults={'usesTableApi': Default(True), 'isOAuth': Default(False), 'userIdentifierValue': Default(None),
                     'clientId': Default(None), 'jwtKeyId': Default(None)},
    secrets_keys=('username', 'password', 'clientSecret', 'privateKey', 'privateKeyPassword'),
    sub_actions={'pushToService': ('incident',), 'getFields': (), 'getIncident': ('externalId',), 'handshake': (),
                 'getChoices': ('fields',), 'closeIncident': ('incident',)},
    read_only_sub_actions=('getFields', 'getIncident', 'handshake', 'getChoices'),
)

_RECORDS = (
    ConnectorType(
        '.index', 'Index', 'basic', ALERTING_FEATURES,
        config_required=('index',), config_keys=('index', 'refresh', 'executionTimeField'),
        config_defaults={'refresh': Default(False), 'executionTimeField': Default(None)},
        params_required=('documents',), params_keys=('documents', 'indexOverride'), params_rules=(_documents_list,),
    ),
    ConnectorType(
        '.server-log', 'Server log', 'basic', ('alerting', 'uptime'),
        params_required=('message',), params_keys=('message', 'level'),
        params_choices={'level': ('trace', 'debug', 'info', 'warn', 'error', 'fatal')},
    ),
    ConnectorType(
        '.webhook', 'Webhook', 'gold', ALERTING_FEATURES,
        config_required=('url',),
        config_keys=('url', 'method', 'headers', 'hasAuth', 'authType', 'certType', 'ca', 'verificationMode',
                     'accessTokenUrl', 'clientId', 'scope', 'additionalFields'),
        config_defaults={'method': Default('post'), 'headers': Default(None), 'hasAuth': Default(True),
                         'authType': Default(None, 'webhook-authentication-basic')},
        secrets_keys=WEBHOOK_SECRETS, has_auth_flag=True, secrets_rules=(_user_with_password,),
        params_keys=('body',),
    ),
    ConnectorType(
        '.slack', 'Slack', 'gold', ALERTING_FEATURES,
        secrets_required=('webhookUrl',), secrets_keys=('webhookUrl',),
        params_required=('message',), params_keys=('message',),
    ),
    ConnectorType(
        '.slack_api', 'Slack API', 'gold', ALERTING_FEATURES,
        config_keys=('allowedChannels',),
        secrets_required=('token',), secrets_keys=('token',),
        sub_actions={'postMessage': ('text',), 'postBlockkit': ('text',), 'validChannelId': ()},
        read_only_sub_actions=('validChannelId',),
    ),
    ConnectorType(
        '.email', 'Email', 'gold', ALERTING_FEATURES,
        config_required=('from',),
        config_keys=('service', 'host', 'port', 'secure', 'from', 'hasAuth', 'tenantId', 'clientId', 'oauthTokenUrl'),
        config_defaults={'service': Default('other'), 'host': Default(None), 'port': Default(None), 'secure': Default(None),
                         'hasAuth': Default(True), 'tenantId': Default(None), 'clientId': Default(None),
                         'oauthTokenUrl': Default(None)},
        config_rules=(_email_host_and_port,),
        secrets_keys=('user', 'password', 'clientSecret'), has_auth_flag=True, secrets_rules=(_email_user_and_password,),
        params_required=('subject', 'message'),
        params_keys=('to', 'cc', 'bcc', 'subject', 'message', 'messageHTML', 'kibanaFooterLink'),
        params_rules=(_some_recipient,),
    ),
    ConnectorType(
        '.pagerduty', 'PagerDuty', 'gold', ALERTING_FEATURES,
        config_keys=('apiUrl',), config_defaults={'apiUrl': Default(None)},
        secrets_required=('routingKey',), secrets_keys=('routingKey',),
        params_keys=('eventAction', 'dedupKey', 'summary', 'source', 'severity', 'timestamp', 'component', 'group',
                     'class', 'links', 'customDetails'),
        params_choices={'eventAction': ('trigger', 'resolve', 'acknowledge'),
                        'severity': ('critical', 'error', 'warning', 'info')},
        params_rules=(_dedup_key_to_close,),
    ),
    ConnectorType(
        '.teams', 'Microsoft Teams', 'gold', ALERTING_FEATURES,
        config_keys=ANY,
        secrets_required=('webhookUrl',), secrets_keys=('webhookUrl',),
        params_required=('message',), params_keys=('message',),
    ),
    ConnectorType(
        '.jira', 'Jira', 'gold', ('alerting', 'cases', 'uptime', 'siem'),
        config_required=('apiUrl', 'projectKey'), config_keys=('apiUrl', 'projectKey'),
        secrets_required=('email', 'apiToken'), secrets_keys=('email', 'apiToken'),
        sub_actions={'pushToService': ('incident',), 'getIncident': ('externalId',), 'getFields': (), 'handshake': (),
                     'issueTypes': (), 'fieldsByIssueType': ('id',), 'issues': ('title',), 'issue': ('id',)},
        read_only_sub_actions=('getIncident', 'getFields', 'handshake', 'issueTypes', 'fieldsByIssueType', 'issues', 'issue'),
    ),
    _SERVICENOW,
    _SERVICENOW.derive('.servicenow-sir', 'ServiceNow SecOps'),
    ConnectorType(
        '.opsgenie', 'Opsgenie', 'platinum', ALERTING_FEATURES,
        config_required=('apiUrl',), config_keys=('apiUrl',),
        secrets_required=('apiKey',), secrets_keys=('apiKey',),
        sub_actions={'createAlert': ('message',), 'closeAlert': ('alias',)},
    ),
    ConnectorType(
        '.gen-ai', 'OpenAI', 'enterprise',
        ('generativeAIForSecurity', 'generativeAIForObservability', 'generativeAIForSearchPlayground'),
        config_required=('apiProvider', 'apiUrl'),
        config_keys=('apiProvider', 'apiUrl', 'defaultModel', 'headers', 'verificationMode'),
        config_defaults={'defaultModel': Default('gpt-4', None), 'verificationMode': Default(None, 'full')},
        config_choices={'apiProvider': ('OpenAI', 'Azure OpenAI', 'Other')},
        config_rules=(_other_provider_model,),
        secrets_required=('apiKey',), secrets_keys=('apiKey', 'certificateData', 'privateKeyData', 'caData'),
        sub_actions={'run': ('body',), 'invokeAI': ('messages',), 'stream': ('body',), 'getDashboard': ('dashboardId',),
                     'test': ('body',)},
        read_only_sub_actions=('getDashboard',),
    ),
    ConnectorType(
        '.cases-webhook', 'Webhook - Case Management', 'gold', ('cases',),
        config_required=('createIncidentUrl', 'createIncidentJson', 'createIncidentResponseKey', 'getIncidentUrl',
                         'getIncidentResponseExternalTitleKey', 'viewIncidentUrl', 'updateIncidentUrl',
                         'updateIncidentJson'),
        config_keys=('createIncidentUrl', 'createIncidentJson', 'createIncidentResponseKey', 'createIncidentMethod',
                     'getIncidentUrl', 'getIncidentResponseExternalTitleKey', 'viewIncidentUrl', 'updateIncidentUrl',
                     'updateIncidentJson', 'updateIncidentMethod', 'createCommentUrl', 'createCommentJson',
                     'createCommentMethod', 'headers', 'hasAuth', 'authType', 'certType', 'ca', 'verificationMode'),
        config_defaults={'createIncidentMethod': Default('post'), 'updateIncidentMethod': Default('put'),
                         'createCommentUrl': Default(None), 'createCommentJson': Default(None),
                         'createCommentMethod': Default('put', None), 'headers': Default(None), 'hasAuth': Default(True)},
        secrets_keys=WEBHOOK_SECRETS, has_auth_flag=True, secrets_rules=(_user_with_password,),
        sub_actions={'pushToService': ('incident',)},
    ),
)
TYPES = dict((record.id, record) for record in _RECORDS)


# --------------------------------------------------------------------------- what the rest of the collection calls
def known_types():
    return sorted(TYPES)


def get_type(type_id):
    """The record of a type, or None when the collection does not know it."""
    return TYPES.get(type_id)


def config_with_defaults(type_id, config, current=None):
    """The config Kibana would store for ``config`` (see ConnectorType.stored_config); unknown types: as given."""
    record = get_type(type_id)
    return record.stored_config(config, current) if record else copy.deepcopy(config or {})


def predicted_config(type_id, config, current=None):
    """The config Kibana will return after a create or an update (see ConnectorType.returned_config)."""
    record = get_type(type_id)
    return record.returned_config(config, current) if record else copy.deepcopy(config or {})


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

    Unknown types are not checked here (Kibana reports them). Secrets values never
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
