# -*- coding: utf-8 -*-
# Copyright (c) kibana.connectors contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The one catalogue of Kibana connector types this collection knows.

Everything the collection knows about a type lives here and only here: the
defaults Kibana fills into the config it stores and returns, the required and
allowed config and secrets keys, whether the type carries secrets, the execute
params it accepts and which sub-actions only read. The modules and the
kibana_config role's validation all read it. Sources: Kibana's connector type
schemas (8.x config-schema, 9.3+ zod), as collected in the project's reference.

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


WEBHOOK_SECRETS = ('user', 'password', 'crt', 'key', 'pfx', 'clientSecret', 'secretHeaders')

# Each entry:
#   name, license, features        what Kibana's connector_types route reports
#   config_required, config_keys   keys; config_keys ANY = Kibana does not validate config (open)
#   config_defaults                key -> Default: filled in by Kibana when absent
#   secrets_required, secrets_keys the secrets keys (empty = the type has no secrets)
#   has_auth_flag                  secrets are only used when config.hasAuth (default true)
#   params_required, params_keys   execute params (ANY = open)
#   sub_actions                    sub-action name -> required subActionParams keys
#   read_only_sub_actions          sub-actions that only read (execute reports unchanged)
TYPES = {
    '.index': dict(
        name='Index', license='basic', features=('alerting', 'uptime', 'siem'),
        config_required=('index',), config_keys=('index', 'refresh', 'executionTimeField'),
        config_defaults={'refresh': Default(False), 'executionTimeField': Default(None)},
        secrets_required=(), secrets_keys=(),
        params_required=('documents',), params_keys=('documents', 'indexOverride'),
    ),
    '.server-log': dict(
        name='Server log', license='basic', features=('alerting', 'uptime'),
        config_required=(), config_keys=(), config_defaults={},
        secrets_required=(), secrets_keys=(),
        params_required=('message',), params_keys=('message', 'level'),
        params_choices={'level': ('trace', 'debug', 'info', 'warn', 'error', 'fatal')},
    ),
    '.webhook': dict(
        name='Webhook', license='gold', features=('alerting', 'uptime', 'siem'),
        config_required=('url',),
        config_keys=('url', 'method', 'headers', 'hasAuth', 'authType', 'certType', 'ca', 'verificationMode',
                     'accessTokenUrl', 'clientId', 'scope', 'additionalFields'),
        config_defaults={'method': Default('post'), 'headers': Default(None), 'hasAuth': Default(True),
                         'authType': Default(None, 'webhook-authentication-basic')},
        secrets_required=(), secrets_keys=WEBHOOK_SECRETS, has_auth_flag=True,
        params_required=(), params_keys=('body',),
    ),
    '.slack': dict(
        name='Slack', license='gold', features=('alerting', 'uptime', 'siem'),
        config_required=(), config_keys=(), config_defaults={},
        secrets_required=('webhookUrl',), secrets_keys=('webhookUrl',),
        params_required=('message',), params_keys=('message',),
    ),
    '.slack_api': dict(
        name='Slack API', license='gold', features=('alerting', 'uptime', 'siem'),
        config_required=(), config_keys=('allowedChannels',), config_defaults={},
        secrets_required=('token',), secrets_keys=('token',),
        sub_actions={'postMessage': ('text',), 'postBlockkit': ('text',), 'validChannelId': ()},
        read_only_sub_actions=('validChannelId',),
    ),
    '.email': dict(
        name='Email', license='gold', features=('alerting', 'uptime', 'siem'),
        config_required=('from',),
        config_keys=('service', 'host', 'port', 'secure', 'from', 'hasAuth', 'tenantId', 'clientId', 'oauthTokenUrl'),
        config_defaults={'service': Default('other'), 'host': Default(None), 'port': Default(None), 'secure': Default(None),
                         'hasAuth': Default(True), 'tenantId': Default(None), 'clientId': Default(None),
                         'oauthTokenUrl': Default(None)},
        secrets_required=(), secrets_keys=('user', 'password', 'clientSecret'), has_auth_flag=True,
        params_required=('subject', 'message'),
        params_keys=('to', 'cc', 'bcc', 'subject', 'message', 'messageHTML', 'kibanaFooterLink'),
    ),
    '.pagerduty': dict(
        name='PagerDuty', license='gold', features=('alerting', 'uptime', 'siem'),
        config_required=(), config_keys=('apiUrl',), config_defaults={'apiUrl': Default(None)},
        secrets_required=('routingKey',), secrets_keys=('routingKey',),
        params_required=(),
        params_keys=('eventAction', 'dedupKey', 'summary', 'source', 'severity', 'timestamp', 'component', 'group',
                     'class', 'links', 'customDetails'),
        params_choices={'eventAction': ('trigger', 'resolve', 'acknowledge'),
                        'severity': ('critical', 'error', 'warning', 'info')},
    ),
    '.teams': dict(
        name='Microsoft Teams', license='gold', features=('alerting', 'uptime', 'siem'),
        config_required=(), config_keys=ANY, config_defaults={},
        secrets_required=('webhookUrl',), secrets_keys=('webhookUrl',),
        params_required=('message',), params_keys=('message',),
    ),
    '.jira': dict(
        name='Jira', license='gold', features=('alerting', 'cases', 'uptime', 'siem'),
        config_required=('apiUrl', 'projectKey'), config_keys=('apiUrl', 'projectKey'), config_defaults={},
        secrets_required=('email', 'apiToken'), secrets_keys=('email', 'apiToken'),
        sub_actions={'pushToService': ('incident',), 'getIncident': ('externalId',), 'getFields': (), 'handshake': (),
                     'issueTypes': (), 'fieldsByIssueType': ('id',), 'issues': ('title',), 'issue': ('id',)},
        read_only_sub_actions=('getIncident', 'getFields', 'handshake', 'issueTypes', 'fieldsByIssueType', 'issues', 'issue'),
    ),
    '.servicenow': dict(
        name='ServiceNow ITSM', license='platinum', features=('alerting', 'cases', 'siem'),
        config_required=('apiUrl',),
        config_keys=('apiUrl', 'usesTableApi', 'isOAuth', 'userIdentifierValue', 'clientId', 'jwtKeyId'),
        config_defaults={'usesTableApi': Default(True), 'isOAuth': Default(False), 'userIdentifierValue': Default(None),
                         'clientId': Default(None), 'jwtKeyId': Default(None)},
        secrets_required=(), secrets_keys=('username', 'password', 'clientSecret', 'privateKey', 'privateKeyPassword'),
        sub_actions={'pushToService': ('incident',), 'getFields': (), 'getIncident': ('externalId',), 'handshake': (),
                     'getChoices': ('fields',), 'closeIncident': ('incident',)},
        read_only_sub_actions=('getFields', 'getIncident', 'handshake', 'getChoices'),
    ),
    '.opsgenie': dict(
        name='Opsgenie', license='platinum', features=('alerting', 'uptime', 'siem'),
        config_required=('apiUrl',), config_keys=('apiUrl',), config_defaults={},
        secrets_required=('apiKey',), secrets_keys=('apiKey',),
        sub_actions={'createAlert': ('message',), 'closeAlert': ('alias',)},
    ),
    '.gen-ai': dict(
        name='OpenAI', license='enterprise',
        features=('generativeAIForSecurity', 'generativeAIForObservability', 'generativeAIForSearchPlayground'),
        config_required=('apiProvider', 'apiUrl'),
        config_keys=('apiProvider', 'apiUrl', 'defaultModel', 'headers', 'verificationMode'),
        config_defaults={'defaultModel': Default('gpt-4', None), 'verificationMode': Default(None, 'full')},
        config_choices={'apiProvider': ('OpenAI', 'Azure OpenAI', 'Other')},
        secrets_required=('apiKey',), secrets_keys=('apiKey', 'certificateData', 'privateKeyData', 'caData'),
        sub_actions={'run': ('body',), 'invokeAI': ('messages',), 'stream': ('body',), 'getDashboard': ('dashboardId',),
                     'test': ('body',)},
        read_only_sub_actions=('getDashboard',),
    ),
    '.cases-webhook': dict(
        name='Webhook - Case Management', license='gold', features=('cases',),
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
        secrets_required=(), secrets_keys=WEBHOOK_SECRETS, has_auth_flag=True,
        sub_actions={'pushToService': ('incident',)},
    ),
}
TYPES['.servicenow-sir'] = dict(TYPES['.servicenow'], name='ServiceNow SecOps')


def known_types():
    return sorted(TYPES)


def get_type(type_id):
    """The catalogue entry of a type, or None when the collection does not know it."""
    return TYPES.get(type_id)


def config_with_defaults(type_id, config, current=None):
    """The config Kibana would store for ``config``: the type's defaults filled in.

    Where supported Kibana versions differ on a default, the value ``current``
    (the config Kibana returned) holds is taken when it is one of them.
    Unknown types: the config as given.
    """
    result = copy.deepcopy(config or {})
    entry = get_type(type_id)
    if entry is None:
        return result
    current = current or {}
    for key, default in entry.get('config_defaults', {}).items():
        if key in result:
            continue
        held = current.get(key)
        result[key] = copy.deepcopy(held if held in default.accepted else default.value)
    return result


def without_nulls(config):
    """Top-level null values removed: Kibana stores an absent nullable key as null."""
    return dict((key, value) for key, value in (config or {}).items() if value is not None)


def uses_secrets(type_id, config=None):
    """Whether a connector of this type carries secrets that an update without secrets would erase.

    Unknown types are assumed to carry secrets (give ``secrets: {}`` to say they do not).
    """
    entry = get_type(type_id)
    if entry is None:
        return True
    if not entry['secrets_keys']:
        return False
    if entry.get('has_auth_flag') and (config or {}).get('hasAuth', True) is False:
        return False
    return True


def _missing(required, given, what):
    return ['missing required %s key %r' % (what, key) for key in required
            if key not in given or given[key] is None or given[key] == '']


def _unknown(allowed, given, what):
    if allowed is ANY:
        return []
    return ['unknown %s key %r (known: %s)' % (what, key, ', '.join(allowed) if allowed else 'none')
            for key in sorted(given) if key not in allowed]


def validate_connector(type_id, config, secrets, check_secrets=True):
    """Problems Kibana would refuse for a connector of a known type, as a list of texts (empty: fine).

    Unknown types are not checked here (Kibana reports them). Secrets values never
    appear in the texts, only their key names.
    """
    entry = get_type(type_id)
    if entry is None:
        return []
    config = config or {}
    errors = _missing(entry['config_required'], config, 'config') + _unknown(entry['config_keys'], config, 'config')
    for key, choices in entry.get('config_choices', {}).items():
        if key in config and config[key] not in choices:
            errors.append('config key %r must be one of %s' % (key, ', '.join(choices)))
    if type_id == '.gen-ai' and config.get('apiProvider') == 'Other' and not config.get('defaultModel'):
        errors.append("missing required config key 'defaultModel' (apiProvider Other)")
    if type_id == '.email' and config.get('service', 'other') == 'other':
        errors.extend(_missing(('host', 'port'), config, 'config'))
    if not check_secrets:
        return errors
    secrets = secrets or {}
    errors += _missing(entry['secrets_required'], secrets, 'secrets') + _unknown(entry['secrets_keys'], secrets, 'secrets')
    if type_id == '.email' and uses_secrets(type_id, config) and config.get('service') != 'exchange_server':
        errors.extend(_missing(('user', 'password'), secrets, 'secrets'))
    if type_id in ('.webhook', '.cases-webhook') and bool(secrets.get('user')) != bool(secrets.get('password')) \
            and not (secrets.get('crt') or secrets.get('pfx')):
        errors.append('secrets user and password must be given together')
    return errors


def sub_action(params):
    return (params or {}).get('subAction')


def is_read_only(type_id, params):
    """Whether executing with these params only reads (a read-only sub-action)."""
    entry = get_type(type_id) or {}
    return sub_action(params) in entry.get('read_only_sub_actions', ())


def knows_params(type_id):
    return get_type(type_id) is not None


def validate_params(type_id, params):
    """Problems with execute params for a known type, as texts (empty: fine or type unknown)."""
    entry = get_type(type_id)
    if entry is None:
        return []
    params = params or {}
    if 'sub_actions' in entry:
        name = params.get('subAction')
        if name not in entry['sub_actions']:
            return ['params.subAction must be one of %s' % ', '.join(sorted(entry['sub_actions']))]
        sub_params = params.get('subActionParams') or {}
        if not isinstance(sub_params, dict):
            return ['params.subActionParams must be a dict']
        return _missing(entry['sub_actions'][name], sub_params, 'subActionParams')
    errors = _missing(entry['params_required'], params, 'params') + _unknown(entry['params_keys'], params, 'params')
    for key, choices in entry.get('params_choices', {}).items():
        if key in params and params[key] not in choices:
            errors.append('params key %r must be one of %s' % (key, ', '.join(choices)))
    if type_id == '.index' and 'documents' in params and not isinstance(params['documents'], list):
        errors.append('params.documents must be a list of dicts')
    if type_id == '.email' and not any(params.get(key) for key in ('to', 'cc', 'bcc')):
        errors.append('no [to], [cc], or [bcc] entries')
    if type_id == '.pagerduty' and params.get('eventAction') in ('resolve', 'acknowledge') and not params.get('dedupKey'):
        errors.append('DedupKey is required when eventAction is "%s"' % params['eventAction'])
    return errors
