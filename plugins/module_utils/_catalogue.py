# -*- coding: utf-8 -*-
# Copyright (c) kibana.connectors contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The one catalogue of Kibana connector types this collection knows: one record per type, as data.

Each record (read by the engine in _schema.py) says, for every config, secrets and params key,
its value type, whether it is required, whether it is a secret (a credential, or an identity
such as a user name), the default Kibana fills in, and from which Kibana version each of those
holds; cross-key rules in Ansible's vocabulary; functions only for Kibana's real oddities. The
modules, kibana_yml and the kibana_config role all read it through the functions at the end.

Adding a type is adding its record here (and the test double's own record, written
independently from Kibana's source), one cookbook example and one changelog fragment.

Sources: Kibana's own code (repository elastic/kibana), cited per record as path@commit. Three
schema eras decide what Kibana returns for a key a create leaves out:

* 8.x and 9.0-9.2, ``@kbn/config-schema``: ``defaultValue`` -> the default; ``schema.nullable`` ->
  null; ``schema.maybe`` -> left out (even with an inner defaultValue); unknown keys refused.
* 9.3, zod v3 (``src/platform/packages/shared/kbn-connector-schemas``): ``.default(x)`` -> x;
  ``.nullable().default(null)`` -> null; ``.optional()`` and ``.default(x).optional()`` -> left
  out; ``.strict()`` objects refuse unknown keys, the others drop them.
* 9.4, zod v4 (Kibana PRs #252702, #258854): as 9.3, except that ``.default(x).optional()`` now
  returns x (the webhook's ``authType``).

Value types, per Kibana's schemas: ``schema.string()`` / ``z.string()`` is a string; a string that
Kibana parses as a URL (``new URL()``, the allow-list of ``ensureUriAllowed``, the sub-action
framework's ``urlAllowListValidator`` and ``assertURL``) is a URL; ``schema.number()`` /
``z.coerce.number()`` a number (an integer only where Kibana says so), with Kibana's bounds. Null is
accepted only where Kibana takes it (``schema.nullable``, ``.nullable()``, ``.nullish()``):
``schema.maybe`` and ``.optional()`` refuse it. config-schema also takes a numeric string for a
number, ``"true"``/``"false"`` for a boolean and a JSON object string for an object, zod does not:
the collection converts such values as Ansible converts option values, so every version gets them
in their own type.

Kibana's error texts are not reproduced: the texts here name the key, what was expected and
what was given (never a secret's value).

Private to the collection: not a public API, may change in any release.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type  # pylint: disable=invalid-name

import copy
import difflib

from ansible_collections.kibana.connectors.plugins.module_utils._schema import (  # noqa: F401 pylint: disable=unused-import
    ABSENT,
    ANY,
    IDENTITY,
    NEWEST,
    ConnectorType,
    Key,
    Since,
    Versions,
    reached,
    system_type_message,
    version_key,
)

try:
    from urllib.parse import urlsplit
except ImportError:  # pragma: no cover - Python 2
    from urlparse import urlsplit  # pylint: disable=import-error


# --------------------------------------------------------------------------- shorthands
def Str(**kwargs):  # pylint: disable=invalid-name
    return Key('str', **kwargs)


def Url(**kwargs):  # pylint: disable=invalid-name
    return Key('url', **kwargs)


def Bool(**kwargs):  # pylint: disable=invalid-name
    return Key('bool', **kwargs)


def Int(**kwargs):  # pylint: disable=invalid-name
    return Key('int', **kwargs)


def Num(**kwargs):  # pylint: disable=invalid-name
    return Key('number', **kwargs)


def Enum(*values, **kwargs):  # pylint: disable=invalid-name
    return Key('enum', values=values, **kwargs)


def Dict(**kwargs):  # pylint: disable=invalid-name
    return Key('dict', **kwargs)


def List(items=None, **kwargs):  # pylint: disable=invalid-name
    return Key('list', items=items, **kwargs)


def Secret(**kwargs):  # pylint: disable=invalid-name
    """A credential (password, token, API key, webhook URL, private key): never shown anywhere."""
    return Key(kwargs.pop('kind', 'str'), secret='credential', **kwargs)


def Identity(**kwargs):  # pylint: disable=invalid-name
    """A secrets key that names someone (a user name, an email address, a client id): sent as a secret, not masked
    in results (Ansible's masking of it would corrupt every id, name and URL that contains it)."""
    return Key(kwargs.pop('kind', 'str'), secret=IDENTITY, **kwargs)


ALERTING_FEATURES = ('alerting', 'uptime', 'siem')
# Kibana 9.5 deprecates the four LLM connector types (Kibana PR #261591; removed from the create UI in 9.6, the API
# still creates, updates and runs them), with this advice.
LLM_RECOMMENDATION = 'Use Elasticsearch inference endpoints to connect to large language models instead.'
GEN_AI_FEATURES = ('generativeAIForSecurity', 'generativeAIForObservability', 'generativeAIForSearchPlayground')
EDR_FEATURES = ('endpointSecurity',)
# Secrets keys named like these are identities when the catalogue does not know the type.
IDENTITY_NAMES = frozenset(('user', 'username', 'email', 'clientId'))
SWIMLANE_MAPPINGS = dict.fromkeys(('ruleNameConfig', 'alertIdConfig', 'caseIdConfig', 'caseNameConfig', 'commentsConfig',
                                   'severityConfig', 'descriptionConfig'))


# --------------------------------------------------------------------------- the oddities (functions)
def _present(mapping, *keys):
    return [key for key in keys if mapping.get(key) not in (None, '')]


def _missing(keys, given, what):
    return ['missing required %s key %r' % (what, key) for key in keys if given.get(key) in (None, '')]


def _email_credentials(_record, config, secrets, _version):
    """Kibana's email connector check, on the config as sent (a hasAuth left out asks for nothing): Exchange needs
    clientSecret; any other service, with hasAuth true, user and password.

    x-pack/platform/plugins/shared/stack_connectors/server/connector_types/email/index.ts@00cb7c75 (validateConnector),
    called with the request values by .../actions/server/application/connector/methods/create/create.ts@007f18e8.
    """
    if config.get('service') == 'exchange_server':
        return _missing(('clientSecret',), secrets, 'secrets')
    if config.get('hasAuth'):
        return ['%s (hasAuth true)' % text for text in _missing(('user', 'password'), secrets, 'secrets')]
    return []


def _email_service(_record, config, _secrets, _version):
    """Kibana's email config check (validateConfig, on the config with its defaults): service "other" (the default)
    needs host and port; Exchange needs clientId and tenantId (email/index.ts@00cb7c75)."""
    service = config.get('service', 'other')
    if service == 'other':
        return _missing(('host', 'port'), config, 'config')
    if service == 'exchange_server':
        return ['%s (service exchange_server)' % text for text in _missing(('clientId', 'tenantId'), config, 'config')]
    return []


WEBHOOK_BASIC = 'webhook-authentication-basic'
WEBHOOK_SSL = 'webhook-authentication-ssl'
WEBHOOK_OAUTH2 = 'webhook-oauth2-client-credentials'
# The secrets combinations the webhook types accept (SecretConfigurationSchemaValidation in
# src/platform/packages/shared/kbn-connector-schemas/common/auth/schemas/v1.ts@11b9bae3).
_WEBHOOK_SECRET_SETS = (frozenset(), frozenset(['user', 'password']), frozenset(['crt', 'key']),
                        frozenset(['crt', 'key', 'password']), frozenset(['pfx']), frozenset(['pfx', 'password']),
                        frozenset(['clientSecret']))


def _webhook_secret_combination(_record, _config, secrets, _version):
    """Webhook secrets: one of user+password, crt+key, pfx (each with an optional password), or clientSecret."""
    given = frozenset(_present(secrets, 'user', 'password', 'crt', 'key', 'pfx', 'clientSecret'))
    if given in _WEBHOOK_SECRET_SETS:
        return []
    if given in (frozenset(['user']), frozenset(['password'])):
        return ['secrets user and password must be given together']
    return ['secrets must be one of: user and password; crt and key (with optional password); pfx (with optional '
            'password); or clientSecret (for OAuth2)']


def _webhook_auth_type(_record, config, _secrets, version):
    """Webhook config checks beyond the schema (x-pack/platform/plugins/shared/stack_connectors/server/connector_types/
    webhook/validations.ts@08fc8537): an authType with hasAuth false; accessTokenUrl parsed as a URL only when
    authType is OAuth2 client credentials (any other authType leaves it unchecked)."""
    problems = []
    if config.get('authType') and config.get('hasAuth', True) is False:
        problems.append('config authType must be null or left out when hasAuth is false')
    url = config.get('accessTokenUrl')
    if config.get('authType') == WEBHOOK_OAUTH2 and isinstance(url, str) and url:
        problem = Url().convert(url, version, False)[1]
        if problem:
            problems.append('config.accessTokenUrl: %s (authType %s)' % (problem, WEBHOOK_OAUTH2))
    return problems


def _webhook_authenticated(config):
    """The 9.4 default of authType (zod v4 ``.default(Basic).optional()``, after the preprocess that gives null when
    hasAuth is false: src/platform/packages/shared/kbn-connector-schemas/webhook/schemas/v1.test.ts@33a26fbf)."""
    return WEBHOOK_BASIC if config.get('hasAuth', True) is not False else None


def _cases_webhook_no_oauth2(_record, config, _secrets, _version):
    """The cases webhook takes the shared auth schema (OAuth2 among its authType values from 9.3) but refuses OAuth2:
    x-pack/platform/plugins/shared/stack_connectors/server/connector_types/cases_webhook/validators.ts@33fc3735."""
    if config.get('authType') == WEBHOOK_OAUTH2:
        return ['OAuth2 authentication is not supported for cases webhook connector']
    return []


def _xmatters_without_basic(_record, config, secrets, _version):
    """xMatters' connector check when usesBasic is not sent as true (Kibana reads the config as sent although the
    stored default is true): no user, password or configUrl, and a secretsUrl holding the API key.

    x-pack/platform/plugins/shared/stack_connectors/server/connector_types/xmatters/index.ts@05c84297 (validateConnector).
    """
    if config.get('usesBasic'):
        return []
    problems = []
    if _present(secrets, 'user', 'password'):
        problems.append('secrets user and password must not be given unless usesBasic is true (Kibana checks the '
                        'config as sent: give usesBasic true for basic authentication)')
    if _present(config, 'configUrl'):
        problems.append('config configUrl must not be given unless usesBasic is true')
    return problems + _missing(('secretsUrl',), secrets, 'secrets')


def _servicenow_credentials(_record, config, secrets, _version):
    """ServiceNow connector check (x-pack/platform/plugins/shared/stack_connectors/server/lib/servicenow/
    validators.ts@089d9d14): OAuth (clientSecret, privateKey) or basic (username, password), not both."""
    if config.get('isOAuth') is True:
        problems = ['%s (isOAuth true)' % text for text in _missing(('clientSecret', 'privateKey'), secrets, 'secrets')]
        if _present(secrets, 'username', 'password'):
            problems.append('secrets username and password must not be given when isOAuth is true')
        return problems
    problems = _missing(('username', 'password'), secrets, 'secrets')
    given = _present(config, 'userIdentifierValue', 'clientId', 'jwtKeyId') + _present(secrets, 'clientSecret', 'privateKey')
    if given:
        problems.append('%s must not be given when isOAuth is false' % ', '.join(given))
    return problems


# The keys of each OpenAI provider (x-pack/platform/plugins/shared/stack_connectors/common/openai/schema.ts@0935d444,
# src/platform/packages/shared/kbn-connector-schemas/openai/schemas/v1.ts@5bb56f12: one strict object per provider).
_OPENAI_PKI = ('8.19', '9.1')  # PR #215624
_OPENAI_COMMON = ('apiProvider', 'apiUrl', 'headers', 'contextWindowLength', 'temperature', 'defaultModel')
_OPENAI_PROVIDER_KEYS = {
    'OpenAI': _OPENAI_COMMON + ('organizationId', 'projectId'),
    'Azure OpenAI': _OPENAI_COMMON,
    'Other': _OPENAI_COMMON + ('verificationMode', 'enableNativeFunctionCalling'),
}


def _openai_provider(_record, config, _secrets, _version):
    """OpenAI connector: the keys of the chosen apiProvider only."""
    allowed = _OPENAI_PROVIDER_KEYS.get(config.get('apiProvider'))
    if allowed is None:
        return []
    return ['config key %r is not known for apiProvider %s' % (key, config['apiProvider']) for key in sorted(config)
            if key not in allowed]


def _openai_key_or_pki(_record, _config, secrets, version):
    """OpenAI secrets from 8.19 and 9.1 (x-pack/.../stack_connectors/server/connector_types/openai/
    other_openai_utils.ts@024f3a4a): apiKey, or PKI with certificateData and privateKeyData (before, apiKey is
    simply required)."""
    if not reached(version, _OPENAI_PKI):
        return []
    if _present(secrets, 'certificateData', 'privateKeyData'):
        return ['%s (PKI)' % text for text in _missing(('certificateData', 'privateKeyData'), secrets, 'secrets')]
    return _missing(('apiKey',), secrets, 'secrets')


def _some_recipient(_record, params):
    if not any(params.get(key) for key in ('to', 'cc', 'bcc')):
        return ['no [to], [cc], or [bcc] entries']
    return []


def _dedup_key_to_close(_record, params):
    if params.get('eventAction') in ('resolve', 'acknowledge') and not params.get('dedupKey'):
        return ['DedupKey is required when eventAction is "%s"' % params['eventAction']]
    return []


def _torq_host(_record, config, _secrets, _version):
    """x-pack/platform/plugins/shared/stack_connectors/server/connector_types/torq/index.ts@0fd28cf7: the URL's host
    must be Torq's (or localhost)."""
    url = config.get('webhookIntegrationUrl')
    if not isinstance(url, str) or not url:
        return []
    try:
        host = urlsplit(url.strip()).hostname or ''
    except ValueError:
        return []
    if host not in ('hooks.torq.io', 'hooks.eu.torq.io', 'localhost'):
        return ['config webhookIntegrationUrl must begin with https://hooks.torq.io or https://hooks.eu.torq.io']
    return []


# --------------------------------------------------------------------------- shared key sets
# Webhook authentication: SSL (authType, certType, ca, verificationMode; secrets crt, key, pfx) from 8.10 for
# .webhook (PR #161894) and 8.15 for .cases-webhook (PR #185925); OAuth2 client credentials (accessTokenUrl, clientId,
# scope, additionalFields; secret clientSecret) from 9.2 for .webhook (PR #218442), from 9.3 (the shared zod auth
# schema) for .cases-webhook; secretHeaders from 9.2 (PR #230042).
# 8.x-9.2 x-pack/platform/plugins/shared/stack_connectors/common/auth/schema.ts@0a6baaaa: schema.maybe(...), so
# certType, ca, verificationMode, accessTokenUrl, clientId, scope refuse null (only authType has a null literal);
# 9.3+ src/platform/packages/shared/kbn-connector-schemas/common/auth/schemas/v1.ts@11b9bae3: .optional(), the
# same, except additionalFields .nullish() (null accepted from 9.3).
def _auth_config(ssl_since, oauth2_since, authtype_default):
    return {
        'hasAuth': Bool(default=True),
        'authType': Enum(WEBHOOK_BASIC, WEBHOOK_SSL, Since(oauth2_since, WEBHOOK_OAUTH2), None, since=ssl_since,
                         default=authtype_default),
        'certType': Enum('ssl-crt-key', 'ssl-pfx', since=ssl_since),
        'ca': Str(since=ssl_since),
        'verificationMode': Enum('none', 'certificate', 'full', since=ssl_since),
        # a URL only where authType is OAuth2 client credentials (_webhook_auth_type)
        'accessTokenUrl': Str(since=oauth2_since),
        'clientId': Str(since=oauth2_since),
        'scope': Str(since=oauth2_since),
        'additionalFields': Key('json', nullable=True, since=oauth2_since),
    }


def _auth_secrets(tls_since, client_secret_since, headers_since):
    return {
        'user': Identity(nullable=True),
        'password': Secret(nullable=True),
        'crt': Secret(nullable=True, since=tls_since),
        'key': Secret(nullable=True, since=tls_since),
        'pfx': Secret(nullable=True, since=tls_since),
        'clientSecret': Secret(nullable=True, since=client_secret_since),
        'secretHeaders': Secret(kind='dict', items='str', nullable=True, since=headers_since),
    }


# ServiceNow (x-pack/platform/plugins/shared/stack_connectors/server/connector_types/servicenow_itsm/index.ts@12071a2d;
# src/platform/packages/shared/kbn-connector-schemas/servicenow/schemas/v1.ts@3ac3829e, the same from 8.3 on). The OAuth
# keys came with 8.3 (Kibana PR #131084): up to 8.2 x-pack/plugins/actions/server/builtin_action_types/servicenow/schema.ts
# has config {apiUrl, usesTableApi} (ITOM: {apiUrl}), secrets {username, password} both required, no connector check,
# and Kibana 8.0-8.2 never returns isOAuth. apiUrl: ensureUriAllowed (lib/servicenow/validators.ts@089d9d14).
_SERVICENOW_OAUTH = '8.3'
_SERVICENOW_OAUTH_CONFIG = {
    'isOAuth': Bool(default=Versions(ABSENT, (_SERVICENOW_OAUTH, False)), since=_SERVICENOW_OAUTH),
    'userIdentifierValue': Str(default=Versions(ABSENT, (_SERVICENOW_OAUTH, None)), since=_SERVICENOW_OAUTH),
    'clientId': Str(default=Versions(ABSENT, (_SERVICENOW_OAUTH, None)), since=_SERVICENOW_OAUTH),
    'jwtKeyId': Str(default=Versions(ABSENT, (_SERVICENOW_OAUTH, None)), since=_SERVICENOW_OAUTH),
}
# username: the ServiceNow user name (an identity); the rest are credentials.
_SERVICENOW_SECRETS = {
    'username': Identity(required=Versions(True, (_SERVICENOW_OAUTH, False)), nullable=True),
    'password': Secret(required=Versions(True, (_SERVICENOW_OAUTH, False)), nullable=True),
    'clientSecret': Secret(nullable=True, since=_SERVICENOW_OAUTH),
    'privateKey': Secret(nullable=True, since=_SERVICENOW_OAUTH),
    'privateKeyPassword': Secret(nullable=True, since=_SERVICENOW_OAUTH),
}
_SERVICENOW = ConnectorType(
    '.servicenow', 'ServiceNow ITSM', 'platinum', ('alerting', 'cases', 'uptime', 'siem'),
    source='x-pack/platform/plugins/shared/stack_connectors/server/connector_types/servicenow_itsm/index.ts@12071a2d; '
           'kbn-connector-schemas/servicenow/schemas/v1.ts@3ac3829e; PR #131084 (OAuth, 8.3)',
    config=dict(_SERVICENOW_OAUTH_CONFIG, apiUrl=Url(required=True), usesTableApi=Bool(default=True)),
    secrets=_SERVICENOW_SECRETS,
    required_if=[('config.isOAuth', True, ('config.userIdentifierValue', 'config.clientId', 'config.jwtKeyId'),
                  {'since': _SERVICENOW_OAUTH})],
    checks=[lambda record, config, secrets, version: (
        _servicenow_credentials(record, config, secrets, version) if reached(version, _SERVICENOW_OAUTH) else [])],
    # x-pack/platform/plugins/shared/actions/server/application/connector/lib/is_connector_deprecated.ts@1a8b5907
    deprecated_if=('usesTableApi', (True, ABSENT)),
    sub_actions={'pushToService': ('incident',), 'getFields': (), 'getIncident': ('externalId',), 'handshake': (),
                 'getChoices': ('fields',), 'closeIncident': ('incident',)},
    read_only=('getFields', 'getIncident', 'handshake', 'getChoices'),
)

# Opsgenie: x-pack/platform/plugins/shared/stack_connectors/server/connector_types/opsgenie/index.ts@027ff216,
# src/platform/packages/shared/kbn-connector-schemas/opsgenie/schemas/v1.ts@15944329 (PR #142164: 8.6); apiUrl through
# the sub-action framework's urlAllowListValidator (actions/server/sub_action_framework/helpers/validators.ts).
_OPSGENIE = ConnectorType(
    '.opsgenie', 'Opsgenie', 'platinum', ALERTING_FEATURES, since='8.6',
    source='x-pack/platform/plugins/shared/stack_connectors/server/connector_types/opsgenie/index.ts@027ff216; '
           'kbn-connector-schemas/opsgenie/schemas/v1.ts@15944329',
    config={'apiUrl': Url(required=True)},
    secrets={'apiKey': Secret(required=True)},
    sub_actions={'createAlert': ('message',), 'closeAlert': ('alias',)},
)

_LLM_SUB_ACTIONS = {'run': ('body',), 'invokeAI': ('messages',), 'invokeStream': ('messages',),
                    'getDashboard': ('dashboardId',), 'test': ('body',)}
# The LLM connectors' apiUrl goes through the sub-action framework's assertURL (http or https with a host name) and
# the allow-list: x-pack/platform/plugins/shared/actions/server/sub_action_framework/helpers/validators.ts.
_HTTP = ('http', 'https')
# contextWindowLength from 9.2 (PR #228371, v9.2.0, backport:skip); temperature from 9.3 (PRs #239626, #239806,
# issue #239181 v9.3.0); both schema.number / z.coerce.number(): any number.
_CONTEXT_WINDOW = '9.2'
_TEMPERATURE = '9.3'


def _url_config():
    """The config of the sub-action types with one ``url`` (Tines, D3, XSOAR, CrowdStrike, SentinelOne): a string
    checked by the sub-action framework's urlAllowListValidator('url')."""
    return {'url': Url(required=True)}


# --------------------------------------------------------------------------- the types
_RECORDS = (
    # ------------------------------------------------------------------ classic types of every 8.x and 9.x
    ConnectorType(
        '.index', 'Index', 'basic', ALERTING_FEATURES,
        source='x-pack/platform/plugins/shared/stack_connectors/server/connector_types/es_index/index.ts@167598a5; '
               'src/platform/packages/shared/kbn-connector-schemas/es_index/schemas/v1.ts@34ab3873',
        config={'index': Str(required=True), 'refresh': Bool(default=False), 'executionTimeField': Str(default=None)},
        params={'documents': List('dict', required=True), 'indexOverride': Str(nullable=True)},
    ),
    # 8.x x-pack/plugins/stack_connectors/server/connector_types/server_log/index.ts@05a0d720: alerting and uptime (the
    # 9.x file @0703cc83 adds siem). Before 8.8 no config validator: Kibana stored any config as sent (PR #153969).
    ConnectorType(
        '.server-log', 'Server log', 'basic', ('alerting', 'uptime'),
        source='x-pack/platform/plugins/shared/stack_connectors/server/connector_types/server_log/index.ts@0703cc83',
        config=Versions(ANY, ('8.8', {})),
        params={'message': Str(required=True), 'level': Enum('trace', 'debug', 'info', 'warn', 'error', 'fatal')},
    ),
    # url: new URL() and the allow-list (webhook/validations.ts@08fc8537). 9.4 (zod v4): authType Basic filled in,
    # null when hasAuth is false. user: the basic-auth user name (an identity).
    ConnectorType(
        '.webhook', 'Webhook', 'gold', ALERTING_FEATURES,
        source='x-pack/platform/plugins/shared/stack_connectors/server/connector_types/webhook/index.ts@027ff216; '
               'common/auth/schema.ts@0a6baaaa (8.x-9.2); kbn-connector-schemas/webhook/schemas/v1.ts@41e8515b (9.3); '
               'kbn-connector-schemas/common/auth/schemas/v1.ts@11b9bae3 (9.4); webhook/validations.ts@08fc8537',
        config=dict(_auth_config('8.10', '9.2', Versions(ABSENT, ('9.4', _webhook_authenticated))),
                    url=Url(required=True), headers=Dict(items='str', default=None),
                    method=Enum('post', 'put', Since('9.3', 'patch', 'get', 'delete'), default='post')),
        secrets=_auth_secrets('8.10', '9.2', '9.2'),
        has_auth_flag=True,
        required_if=[('config.authType', WEBHOOK_OAUTH2, ('config.accessTokenUrl', 'config.clientId'))],
        config_checks=[_webhook_auth_type],
        checks=[_webhook_secret_combination],
        params={'body': Str()},
    ),
    # The HTTP connector of Workflows (9.4): the webhook's authentication without its method; the query-param
    # authentication (authType http-authentication-query-param, secrets secretQueryParams) from 9.5.
    ConnectorType(
        '.http', 'HTTP', 'gold', ('workflows',), since='9.4',
        source='src/platform/packages/shared/kbn-connector-schemas/http/constants.ts@8f34e259, schemas/v1.ts@010fdd29 '
               '(strict config, url a URL, headers nullable default null, the auth keys of common/auth); '
               'kbn-connector-schemas/common/auth/schemas/v1.ts@11b9bae3 (9.5: the query-param auth type)',
        config=dict(_auth_config('9.4', '9.4', _webhook_authenticated), url=Url(required=True),
                    headers=Dict(items='str', default=None),
                    authType=Enum(WEBHOOK_BASIC, WEBHOOK_SSL, WEBHOOK_OAUTH2, Since('9.5', 'http-authentication-query-param'),
                                  None, default=_webhook_authenticated)),
        secrets=dict(_auth_secrets('9.4', '9.4', '9.4'), secretQueryParams=Secret(kind='dict', nullable=True, since='9.5')),
        has_auth_flag=True,
        required_if=[('config.authType', WEBHOOK_OAUTH2, ('config.accessTokenUrl', 'config.clientId'))],
        config_checks=[_webhook_auth_type],
        checks=[_webhook_secret_combination],
        params={'url': Url(), 'path': Str(), 'method': Enum('GET', 'POST', 'PUT', 'PATCH', 'DELETE'), 'body': Str(),
                'query': Dict(items='str'), 'headers': Dict(items='str'), 'timeout': Num(), 'fetcher': Dict()},
    ),
    # webhookUrl: parsed for its host name and allow-listed (slack/index.ts), a credential.
    ConnectorType(
        '.slack', 'Slack', 'gold', ALERTING_FEATURES,
        source='src/platform/packages/shared/kbn-connector-schemas/slack/schemas/v1.ts@4428bc13',
        secrets={'webhookUrl': Secret(kind='url', required=True)},
        params={'message': Str(required=True)},
    ),
    # The get* sub-actions are newer than 9.2 (slack_api/schemas/v1.ts@98c7c5ce); older Kibana refuses them.
    # allowedChannels (a list of {id, name} objects) from 8.11 (PR #167150); before, an empty strict config.
    ConnectorType(
        '.slack_api', 'Slack API', 'gold', ALERTING_FEATURES, since='8.8',
        source='x-pack/platform/plugins/shared/stack_connectors/server/connector_types/slack_api/index.ts@0ebeefe7; '
               'common/slack_api/schema.ts@0ebeefe7 (8.x-9.2); kbn-connector-schemas/slack_api/schemas/v1.ts@1f1f8fc1, '
               '@98c7c5ce; PR #167150 (allowedChannels, 8.11)',
        config={'allowedChannels': List('dict', since='8.11')},
        secrets={'token': Secret(required=True)},
        sub_actions={'postMessage': ('text',), 'postBlockkit': ('text',), 'validChannelId': (),
                     'getConversationsList': (), 'getConversationsHistory': ('channel',),
                     'getConversationsReplies': ('channel', 'ts'), 'getUsersList': (),
                     'getChannelDigest': ('since', 'types')},
        read_only=('validChannelId', 'getConversationsList', 'getConversationsHistory', 'getConversationsReplies',
                   'getUsersList', 'getChannelDigest'),
    ),
    # port: schema.number({min: 1, max: 65535}) up to 9.2 (a numeric string accepted, any number), z.coerce.number()
    # .min(1).max(65535) in 9.3 and 9.4: a number in every version, never required to be an integer.
    # oauthTokenUrl: a plain string (Kibana's isUriAllowed check of it is newer than 9.4, email/index.ts@00cb7c75).
    # user: the SMTP login (an identity).
    ConnectorType(
        '.email', 'Email', 'gold', ALERTING_FEATURES,
        source='x-pack/platform/plugins/shared/stack_connectors/server/connector_types/email/index.ts@00cb7c75; '
               'x-pack/plugins/actions/server/lib/schemas.ts (portSchema, 8.x); '
               'kbn-connector-schemas/email/schemas/v1.ts@b1932cfe (9.3), @0ad9415f (9.4)',
        config={'from': Str(required=True), 'service': Str(default='other'), 'host': Str(default=None),
                'port': Num(default=None, minimum=1, maximum=65535), 'secure': Bool(default=None),
                'hasAuth': Bool(default=True), 'tenantId': Str(default=None), 'clientId': Str(default=None),
                'oauthTokenUrl': Str(default=None)},
        secrets={'user': Identity(nullable=True), 'password': Secret(nullable=True),
                 'clientSecret': Secret(nullable=True)},
        has_auth_flag=True,
        config_checks=[_email_service],
        checks=[_email_credentials],
        params={'to': List('str'), 'cc': List('str'), 'bcc': List('str'), 'replyTo': List('str'),
                'subject': Str(required=True), 'message': Str(required=True), 'messageHTML': Str(nullable=True),
                'kibanaFooterLink': Dict(), 'attachments': List('dict')},
        params_checks=[_some_recipient],
    ),
    # apiUrl: allow-listed (pagerduty/index.ts validateConfig), so a URL when given.
    ConnectorType(
        '.pagerduty', 'PagerDuty', 'gold', ALERTING_FEATURES,
        source='x-pack/platform/plugins/shared/stack_connectors/server/connector_types/pagerduty/index.ts@167598a5',
        config={'apiUrl': Url(default=None)},
        secrets={'routingKey': Secret(required=True)},
        params={'eventAction': Enum('trigger', 'resolve', 'acknowledge'), 'dedupKey': Str(), 'summary': Str(),
                'source': Str(), 'severity': Enum('critical', 'error', 'warning', 'info'), 'timestamp': Str(),
                'component': Str(), 'group': Str(), 'class': Str(), 'links': List('dict'), 'customDetails': Dict()},
        params_checks=[_dedup_key_to_close],
    ),
    # 8.x x-pack/plugins/stack_connectors/server/connector_types/teams/index.ts@104d4f9c stores any config as sent
    # before 8.8 (no config validator; PR #153969 added an empty object schema in 8.8); 9.3+
    # kbn-connector-schemas/teams/schemas/v1.ts@0b07d6e8 refuses every key. webhookUrl: parsed and allow-listed.
    ConnectorType(
        '.teams', 'Microsoft Teams', 'gold', ALERTING_FEATURES,
        source='x-pack/plugins/stack_connectors/server/connector_types/teams/index.ts@104d4f9c; '
               'kbn-connector-schemas/teams/schemas/v1.ts@0b07d6e8',
        config=Versions(ANY, ('8.8', {})),
        secrets={'webhookUrl': Secret(kind='url', required=True)},
        params={'message': Str(required=True)},
    ),
    # Introduced by PR #122357 (8.1). configUrl and secretsUrl: new URL() and the allow-list; user: the basic-auth
    # user name (an identity). Kibana's secrets check (secretsUrl excludes user and password; without it both are
    # needed) and its connector check on the config as sent: usesBasic sent as true needs user, password and configUrl,
    # anything else (a usesBasic left out, although its stored default is true) the secretsUrl alone.
    ConnectorType(
        '.xmatters', 'xMatters', 'gold', ('alerting', 'siem'), since='8.1',
        source='x-pack/platform/plugins/shared/stack_connectors/server/connector_types/xmatters/index.ts@05c84297; '
               'kbn-connector-schemas/xmatters/schemas/v1.ts@3dc5dbd0',
        config={'configUrl': Url(default=None), 'usesBasic': Bool(default=True)},
        secrets={'user': Identity(nullable=True), 'password': Secret(nullable=True),
                 'secretsUrl': Secret(kind='url', nullable=True)},
        required_if=[('config.usesBasic', True, ('secrets.user', 'secrets.password', 'config.configUrl'))],
        mutually_exclusive=[('secrets.secretsUrl', 'secrets.user'), ('secrets.secretsUrl', 'secrets.password')],
        checks=[_xmatters_without_basic],
        params={'severity': Str(required=True), 'alertActionGroupName': Str(), 'signalId': Str(), 'ruleName': Str(),
                'date': Str(), 'spaceId': Str(), 'tags': Str()},
    ),
    # ------------------------------------------------------------------ incident management
    # apiUrl: ensureUriAllowed (jira/validators.ts); email: the Atlassian account's login (an identity).
    ConnectorType(
        '.jira', 'Jira', 'gold', ('alerting', 'cases', 'uptime', 'siem'),
        source='x-pack/platform/plugins/shared/stack_connectors/server/connector_types/jira/index.ts@0c4e871d; '
               'kbn-connector-schemas/jira/schemas/v1.ts@3ac3829e',
        config={'apiUrl': Url(required=True), 'projectKey': Str(required=True)},
        secrets={'email': Identity(required=True), 'apiToken': Secret(required=True)},
        sub_actions={'pushToService': ('incident',), 'getIncident': ('externalId',), 'getFields': (), 'handshake': (),
                     'issueTypes': (), 'fieldsByIssueType': ('id',), 'issues': ('title',), 'issue': ('id',)},
        read_only=('getIncident', 'getFields', 'handshake', 'issueTypes', 'fieldsByIssueType', 'issues', 'issue'),
    ),
    # Opsgenie's twin for Jira Service Management (Kibana PRs #231155, #235408: 9.2).
    _OPSGENIE.derive('.jira-service-management', 'Jira Service Management', since='9.2',
                     source='kbn-connector-schemas/jira-service-management/constants.ts@5d45e549, '
                            'schemas/v1.ts@09e7cfe6; connector_types/jira-service-management/index.ts@027ff216'),
    _SERVICENOW,
    _SERVICENOW.derive('.servicenow-sir', 'ServiceNow SecOps', features=('alerting', 'cases', 'siem'),
                       source='x-pack/platform/plugins/shared/stack_connectors/server/connector_types/servicenow_sir/'
                              'index.ts@01ad79c3 (ITSM\'s config and rules, no closeIncident)',
                       sub_actions={'pushToService': ('incident',), 'getFields': (), 'getIncident': ('externalId',),
                                    'handshake': (), 'getChoices': ('fields',)}),
    _SERVICENOW.derive(
        '.servicenow-itom', 'ServiceNow ITOM', features=('alerting', 'siem'), since='7.16',
        source='x-pack/platform/plugins/shared/stack_connectors/server/connector_types/servicenow_itom/index.ts@01ad79c3; '
               'kbn-connector-schemas/servicenow_itom/schemas/v1.ts@33a26fbf (no usesTableApi, never deprecated)',
        config=dict(_SERVICENOW_OAUTH_CONFIG, apiUrl=Url(required=True)), deprecated_if=None,
        sub_actions={'addEvent': (), 'getChoices': ('fields',)}, read_only=('getChoices',)),
    _OPSGENIE,
    # Introduced in 7.9 (every supported Kibana has it); a sub-action connector since 8.15 (PR #180561). apiUrl:
    # allow-listed; apiKeyId: the API key's id, a plain text field in Kibana's form (resilient_connectors.tsx@d43afeb2),
    # so an identity; apiKeySecret the credential.
    ConnectorType(
        '.resilient', 'IBM Resilient', 'platinum', ('alerting', 'cases', 'siem'),
        source='x-pack/platform/plugins/shared/stack_connectors/server/connector_types/resilient/index.ts@1d137a13, '
               'resilient.ts@04f88c55; kbn-connector-schemas/resilient/schemas/v1.ts@089d9d14',
        config={'apiUrl': Url(required=True), 'orgId': Str(required=True)},
        secrets={'apiKeyId': Identity(required=True), 'apiKeySecret': Secret(required=True)},
        sub_actions={'pushToService': ('incident',), 'getFields': (), 'incidentTypes': (), 'severity': ()},
        read_only=('getFields', 'incidentTypes', 'severity'),
    ),
    # Introduced in 7.14 (every supported Kibana has it). mappings: required from 9.3 (zod); before, an omitted mappings
    # is built from its seven nullable children (src/platform/packages/shared/kbn-config-schema/src/types/
    # object_type.ts@027ff216), and a given one gets the children it leaves out as null in every version.
    ConnectorType(
        '.swimlane', 'Swimlane', 'gold', ('alerting', 'cases', 'siem'),
        source='x-pack/platform/plugins/shared/stack_connectors/server/connector_types/swimlane/index.ts@167598a5; '
               'kbn-connector-schemas/swimlane/schemas/v1.ts@1064da9d',
        config={'apiUrl': Url(required=True), 'appId': Str(required=True),
                'connectorType': Enum('all', 'alerts', 'cases', required=True),
                'mappings': Dict(required=Versions(False, ('9.3', True)), default=SWIMLANE_MAPPINGS,
                                 children=SWIMLANE_MAPPINGS)},
        secrets={'apiToken': Secret(required=True)},
        sub_actions={'pushToService': ('incident',)},
    ),
    # Introduced in 8.4 (PR #131762). The five URLs: new URL() and the allow-list when given (validators.ts@33fc3735);
    # the JSON templates are plain strings (mustache, checked only when a case is pushed). createCommentMethod: <= 9.2
    # schema.nullable(...) -> null, 9.3+ .default('put').nullable() -> 'put'; getIncidentMethod and getIncidentJson from
    # 8.17 (PR #197437); authType filled by zod v4 in 9.4 (no hasAuth preprocess here, unlike .webhook); TLS secrets
    # from 8.15 (PR #185925), secretHeaders from 9.2 (PR #230042), clientSecret with the 9.3 shared auth schema (it
    # only makes Kibana refuse OAuth2 with its own message). With hasAuth sent as true, some secret must be given.
    ConnectorType(
        '.cases-webhook', 'Webhook - Case Management', 'gold', ('cases',), since='8.4',
        source='x-pack/platform/plugins/shared/stack_connectors/server/connector_types/cases_webhook/index.ts@167598a5, '
               'validators.ts@33fc3735; kbn-connector-schemas/cases_webhook/schemas/v1.ts@3659b62c',
        config=dict(
            _auth_config('8.15', '9.3', Versions(ABSENT, ('9.4', WEBHOOK_BASIC))),
            createIncidentUrl=Url(required=True), createIncidentJson=Str(required=True),
            createIncidentResponseKey=Str(required=True), createIncidentMethod=Enum('post', 'put', default='post'),
            getIncidentUrl=Url(required=True), getIncidentResponseExternalTitleKey=Str(required=True),
            getIncidentMethod=Enum('get', 'post', since='8.17', default=Versions(ABSENT, ('8.17', 'get'))),
            getIncidentJson=Str(since='8.17', default=Versions(ABSENT, ('8.17', None))),
            viewIncidentUrl=Url(required=True), updateIncidentUrl=Url(required=True),
            updateIncidentJson=Str(required=True), updateIncidentMethod=Enum('post', 'patch', 'put', default='put'),
            createCommentUrl=Url(default=None), createCommentJson=Str(default=None),
            createCommentMethod=Enum('post', 'put', 'patch', None, default=Versions(None, ('9.3', 'put'))),
            headers=Dict(items='str', default=None)),
        secrets=_auth_secrets('8.15', '9.3', '9.2'),
        has_auth_flag=True,
        required_if=[('config.hasAuth', True, ('secrets.user', 'secrets.password', 'secrets.crt', 'secrets.key',
                                               'secrets.pfx', 'secrets.clientSecret', 'secrets.secretHeaders'), True)],
        config_checks=[_cases_webhook_no_oauth2],
        checks=[_webhook_secret_combination],
        sub_actions={'pushToService': ('incident',)},
    ),
    # ------------------------------------------------------------------ security orchestration (SOAR)
    # PR #149405 (8.7). webhookIntegrationUrl: new URL(), the allow-list, then Torq's hosts.
    ConnectorType(
        '.torq', 'Torq', 'gold', ALERTING_FEATURES, since='8.7',
        source='x-pack/platform/plugins/shared/stack_connectors/server/connector_types/torq/index.ts@0fd28cf7',
        config={'webhookIntegrationUrl': Url(required=True)},
        secrets={'token': Secret(required=True)},
        config_checks=[_torq_host],
        params={'body': Str(required=True)},
    ),
    # PR #143505 (8.6). email: the Tines account's login, a plain text field in Kibana's form (tines_connector.tsx),
    # so an identity; token the credential.
    ConnectorType(
        '.tines', 'Tines', 'gold', ('siem',), since='8.6',
        source='x-pack/platform/plugins/shared/stack_connectors/server/connector_types/tines/tines.ts@02dbce49; '
               'kbn-connector-schemas/tines/schemas/v1.ts@50558a21',
        config=_url_config(),
        secrets={'email': Identity(required=True), 'token': Secret(required=True)},
        sub_actions={'stories': (), 'webhooks': ('storyId',), 'run': ('body',), 'test': ('body',)},
        read_only=('stories', 'webhooks'),
    ),
    # PR #158569 (8.9).
    ConnectorType(
        '.d3security', 'D3 Security', 'gold', ('alerting', 'siem'), since='8.9',
        source='x-pack/platform/plugins/shared/stack_connectors/server/connector_types/d3security/d3security.ts@8137d1cd; '
               'kbn-connector-schemas/d3security/schemas/v1.ts@0fc569ed',
        config=_url_config(),
        secrets={'token': Secret(required=True)},
        sub_actions={'run': (), 'test': ()},
    ),
    # PR #212049 (9.1), backported to 8.19 by PR #224698. apiKeyID: a password field in Kibana's form
    # (public/connector_types/xsoar/connector.tsx@f30e17af), so a credential like apiKey.
    ConnectorType(
        '.xsoar', 'XSOAR', 'platinum', ('siem',), since=('8.19', '9.1'),
        source='x-pack/platform/plugins/shared/stack_connectors/server/connector_types/xsoar/index.ts@e1b18ade, '
               'xsoar.ts@08d71aad; kbn-connector-schemas/xsoar/schemas/v1.ts@74d1c62f',
        config=_url_config(),
        secrets={'apiKey': Secret(required=True), 'apiKeyID': Secret(nullable=True)},
        sub_actions={'getPlaybooks': (), 'run': ('name', 'createInvestigation', 'severity')},
        read_only=('getPlaybooks',),
    ),
    # Visible from 8.16 (PR #191903). url: urlAllowListValidator('url').
    ConnectorType(
        '.thehive', 'TheHive', 'platinum', ('alerting', 'cases', 'uptime', 'siem'), since='8.16',
        source='x-pack/platform/plugins/shared/stack_connectors/server/connector_types/thehive/index.ts@01ad79c3; '
               'kbn-connector-schemas/thehive/schemas/v1.ts@174aa4cd',
        config={'url': Url(required=True), 'organisation': Str(default=None)},
        secrets={'apiKey': Secret(required=True)},
        sub_actions={'pushToService': ('incident',), 'createAlert': ('title', 'description', 'type', 'source', 'sourceRef')},
    ),
    # ------------------------------------------------------------------ generative AI
    # Default models: x-pack/plugins/stack_connectors/common/openai/constants.ts@002975bb (gpt-4, 8.10), PR #189080
    # (gpt-4o, 8.16), PR #220146 (gpt-4.1, 8.19 and 9.1), kbn-connector-schemas/openai/constants.ts@538d041d (9.3+);
    # provider Other from 8.16 (PR #194831, v8.16.0); its verificationMode .default('full').optional() (zod v4 fills it
    # in 9.4; PKI from 8.19 and 9.1, PR #215624: apiKey, required before, becomes one way among two). Every optional
    # key is schema.maybe / .optional(): null refused; contextWindowLength and temperature z.coerce.number() (any
    # number). Secrets: apiKey, or PKI (certificateData, privateKeyData, caData), all credentials.
    ConnectorType(
        '.gen-ai', 'OpenAI', 'enterprise', GEN_AI_FEATURES, since='8.9',
        type_deprecated='9.5', recommendation=LLM_RECOMMENDATION,
        source='x-pack/platform/plugins/shared/stack_connectors/server/connector_types/openai/index.ts@024f3a4a; '
               'kbn-connector-schemas/openai/schemas/v1.ts@5bb56f12',
        config={
            'apiProvider': Enum('OpenAI', 'Azure OpenAI', Since('8.16', 'Other'), required=True),
            'apiUrl': Url(required=True, schemes=_HTTP), 'headers': Dict(items='str'),
            'contextWindowLength': Num(since=_CONTEXT_WINDOW), 'temperature': Num(since=_TEMPERATURE),
            'defaultModel': Str(default=Versions(ABSENT, ('8.10', 'gpt-4'), ('8.16', 'gpt-4o'), ('8.19', 'gpt-4.1'),
                                                 ('9.0', 'gpt-4o'), ('9.1', 'gpt-4.1')),
                                default_when=('apiProvider', 'OpenAI')),
            'organizationId': Str(), 'projectId': Str(),
            'verificationMode': Enum('full', 'certificate', 'none', default=Versions(ABSENT, ('9.4', 'full')),
                                     default_when=('apiProvider', 'Other')),
            'enableNativeFunctionCalling': Bool(),
        },
        secrets={'apiKey': Secret(required=Versions(True, ('8.19', False), ('9.0', True), ('9.1', False))),
                 'certificateData': Secret(since=_OPENAI_PKI), 'privateKeyData': Secret(since=_OPENAI_PKI),
                 'caData': Secret(since=_OPENAI_PKI)},
        required_if=[('config.apiProvider', 'Other', ('config.defaultModel',))],
        config_checks=[_openai_provider],
        checks=[_openai_key_or_pki],
        sub_actions=dict(_LLM_SUB_ACTIONS, stream=('body',), invokeAsyncIterator=('messages',)),
    ),
    # Default model: x-pack/plugins/stack_connectors/common/bedrock/constants.ts@018dbb37 (8.11), PRs #179304 (8.14),
    # #186671 (8.15), #220146 (8.19, 9.1), #235367 (9.2), kbn-connector-schemas/bedrock/constants.ts@1a7bf6ce; the
    # 8.12-8.13 value is a guess (PR #179304 says the default was then anthropic.claude-v2:1). region only in the 9.4
    # schema (bedrock/schemas/v1.ts@027ff216); the 9.x config-schema @06b740bc has apiUrl and defaultModel only.
    # accessKey: a password field in Kibana's form (public/connector_types/bedrock/constants.tsx), a credential.
    ConnectorType(
        '.bedrock', 'Amazon Bedrock', 'enterprise', GEN_AI_FEATURES, since='8.11',
        type_deprecated='9.5', recommendation=LLM_RECOMMENDATION,
        source='x-pack/platform/plugins/shared/stack_connectors/server/connector_types/bedrock/index.ts@3e5fd876; '
               'common/bedrock/schema.ts@06b740bc (<= 9.2); kbn-connector-schemas/bedrock/schemas/v1.ts@76746b52 (9.3), '
               '@027ff216 (9.4)',
        config={
            'apiUrl': Url(required=True, schemes=_HTTP),
            'defaultModel': Str(default=Versions(
                'anthropic.claude-v2', ('8.12', 'anthropic.claude-v2:1'),
                ('8.14', 'anthropic.claude-3-sonnet-20240229-v1:0'), ('8.15', 'anthropic.claude-3-5-sonnet-20240620-v1:0'),
                ('8.19', 'us.anthropic.claude-3-7-sonnet-20250219-v1:0'), ('9.0', 'anthropic.claude-3-5-sonnet-20240620-v1:0'),
                ('9.1', 'us.anthropic.claude-3-7-sonnet-20250219-v1:0'),
                ('9.2', 'us.anthropic.claude-sonnet-4-5-20250929-v1:0'))),
            'contextWindowLength': Num(since=_CONTEXT_WINDOW), 'temperature': Num(since=_TEMPERATURE),
            'region': Str(since='9.4'),
        },
        secrets={'accessKey': Secret(required=True), 'secret': Secret(required=True)},
        sub_actions=dict(_LLM_SUB_ACTIONS, invokeAIRaw=('messages',), converse=('messages',),
                         converseStream=('messages',), bedrockClientSend=('command',)),
    ),
    # PR #183668 (8.15); default model PRs #186671 (8.15), #195320 (8.16, 9.0), #225917 (8.19, 9.1),
    # src/platform/packages/shared/kbn-connector-schemas/gemini/constants.ts@48c17d6c. credentialsJson: a plain string
    # to Kibana (the service account JSON, not parsed when the connector is saved).
    ConnectorType(
        '.gemini', 'Google Gemini', 'enterprise', GEN_AI_FEATURES, since='8.15',
        type_deprecated='9.5', recommendation=LLM_RECOMMENDATION,
        source='x-pack/platform/plugins/shared/stack_connectors/server/connector_types/gemini/index.ts@1e8d99ce; '
               'kbn-connector-schemas/gemini/schemas/v1.ts@2710eadb',
        config={
            'apiUrl': Url(required=True, schemes=_HTTP),
            'defaultModel': Str(default=Versions('gemini-1.5-pro-001', ('8.16', 'gemini-1.5-pro-002'),
                                                 ('8.19', 'gemini-2.5-pro'), ('9.0', 'gemini-1.5-pro-002'),
                                                 ('9.1', 'gemini-2.5-pro'))),
            'gcpRegion': Str(required=True), 'gcpProjectID': Str(required=True),
            'contextWindowLength': Num(since=_CONTEXT_WINDOW), 'temperature': Num(since=_TEMPERATURE),
        },
        secrets={'credentialsJson': Secret(required=True)},
        sub_actions=dict(_LLM_SUB_ACTIONS, invokeAIRaw=('messages',)),
    ),
    # The AI connector, backed by an Elasticsearch inference endpoint that Kibana creates with it. Unknown config keys
    # are refused in every era: up to 9.2 @kbn/config-schema schema.object
    # (x-pack/plugins/stack_connectors/common/inference/schema.ts@042e813d, 8.x;
    # x-pack/platform/plugins/shared/stack_connectors/common/inference/schema.ts@3fae99ca, 9.x; its zod version
    # @31f4c506 is PR #238309's, 9.3 only), then zod .strict():
    # src/platform/packages/shared/kbn-connector-schemas/inference/schemas/v1.ts@331469fa (9.3), @1064da9d (9.4).
    # Registered by default from 8.18/9.0 (flag inferenceConnectorOff, PR #189027 introduced it in 8.16 behind
    # inferenceConnectorOn). providerConfig, taskTypeConfig: open objects; providerSecrets: the provider's secrets
    # (an open object, a credential).
    ConnectorType(
        '.inference', 'AI Connector', 'enterprise', GEN_AI_FEATURES, since='8.18',
        type_deprecated='9.5', recommendation=LLM_RECOMMENDATION,
        source='x-pack/platform/plugins/shared/stack_connectors/server/connector_types/inference/index.ts@04fb36e2; '
               'kbn-connector-schemas/inference/schemas/v1.ts@331469fa (9.3), @1064da9d (9.4); PR #239626 (temperature)',
        config={'provider': Str(required=True), 'taskType': Str(required=True), 'inferenceId': Str(required=True),
                'providerConfig': Dict(default={}), 'taskTypeConfig': Dict(default={}),
                'contextWindowLength': Num(), 'headers': Dict(items='str'), 'temperature': Num(since=_TEMPERATURE)},
        secrets={'providerSecrets': Secret(kind='dict')},
        sub_actions={'unified_completion': ('body',), 'unified_completion_stream': ('body',),
                     'unified_completion_async_iterator': ('body',), 'completion': ('input',),
                     'completion_stream': ('input',), 'rerank': ('query',), 'text_embedding': ('input', 'inputType'),
                     'sparse_embedding': ('input',)},
    ),
    # src/platform/packages/shared/kbn-connector-schemas/mcp/schemas/v1.ts@45628310: zod objects that are not strict,
    # so Kibana drops unknown config and secrets keys; every optional key is .optional() (null refused).
    # serverUrl: urlAllowListValidator. user: the basic-auth user name (an identity); token, apiKey, password and
    # secretHeaders are credentials. (PR #245405: 9.3.)
    ConnectorType(
        '.mcp', 'MCP', 'enterprise', GEN_AI_FEATURES + ('workflows', 'agentBuilder'), since='9.3',
        source='x-pack/platform/plugins/shared/stack_connectors/server/connector_types/mcp/index.ts@33a26fbf; '
               'kbn-connector-schemas/mcp/schemas/v1.ts@45628310',
        config={'serverUrl': Url(required=True), 'hasAuth': Bool(default=True),
                'authType': Enum('none', 'bearer', 'apiKey', 'basic'), 'apiKeyHeaderName': Str(),
                'headers': Dict(items='str')},
        unknown_config='dropped',
        secrets={'token': Secret(), 'apiKey': Secret(), 'user': Identity(), 'password': Secret(),
                 'secretHeaders': Secret(kind='dict', items='str')},
        unknown_secrets='dropped',
        has_auth_flag=True,
        sub_actions={'test': (), 'listTools': (), 'callTool': ('name',)},
        read_only=('test', 'listTools'),
    ),
    # ------------------------------------------------------------------ endpoint security (EDR)
    # PR #180175 behind a flag in 8.14, on by default from 8.15 (PR #186801). clientId: the API client's id, a plain
    # text field in Kibana's form (public/connector_types/crowdstrike/crowdstrike_connector.tsx, isPasswordField
    # false), so an identity; clientSecret the credential.
    ConnectorType(
        '.crowdstrike', 'CrowdStrike', 'enterprise', EDR_FEATURES, since='8.15',
        source='x-pack/platform/plugins/shared/stack_connectors/server/connector_types/crowdstrike/index.ts@51bd93dd, '
               'crowdstrike.ts@10fc3a72; kbn-connector-schemas/crowdstrike/schemas/v1.ts@55ad5fd8',
        config=_url_config(),
        secrets={'clientId': Identity(required=True), 'clientSecret': Secret(required=True)},
        sub_actions={'getAgentDetails': ('ids',), 'getAgentOnlineStatus': ('ids',), 'hostActions': ('command', 'ids'),
                     'executeRTRCommand': (), 'batchActiveResponderExecuteRTR': (), 'batchAdminExecuteRTR': (),
                     'getRTRCloudScripts': ()},
        read_only=('getAgentDetails', 'getAgentOnlineStatus', 'getRTRCloudScripts'),
    ),
    # PRs #173859, #174648 (8.12).
    ConnectorType(
        '.sentinelone', 'Sentinel One', 'enterprise', EDR_FEATURES, since='8.12',
        source='x-pack/platform/plugins/shared/stack_connectors/server/connector_types/sentinelone/index.ts@217ded5a, '
               'sentinelone.ts@0c4e871d; kbn-connector-schemas/sentinelone/schemas/v1.ts@1342a853',
        config=_url_config(),
        secrets={'token': Secret(required=True)},
        sub_actions={'getAgents': (), 'isolateHost': (), 'releaseHost': (), 'executeScript': ('script',),
                     'getRemoteScripts': (), 'getRemoteScriptStatus': ('parentTaskId',),
                     'getRemoteScriptResults': ('taskIds',), 'downloadRemoteScriptResults': ('taskId',),
                     'fetchAgentFiles': ('agentId', 'zipPassCode', 'files'), 'downloadAgentFile': ('agentId', 'activityId'),
                     'getActivities': ()},
        read_only=('getAgents', 'getRemoteScripts', 'getRemoteScriptStatus', 'getRemoteScriptResults',
                   'downloadRemoteScriptResults', 'downloadAgentFile', 'getActivities'),
    ),
    # PR #203183 (8.18, 9.0). Every key a non-empty string; oAuthServerUrl and apiUrl allow-listed
    # (urlAllowListValidator), oAuthScope a plain string. clientId is config here, not a secret.
    ConnectorType(
        '.microsoft_defender_endpoint', 'Microsoft Defender for Endpoint', 'enterprise', EDR_FEATURES, since='8.18',
        source='x-pack/platform/plugins/shared/stack_connectors/server/connector_types/microsoft_defender_endpoint/'
               'index.ts@1fb23bc3; kbn-connector-schemas/microsoft_defender_endpoint/schemas/v1.ts@731a3af2, '
               'constants.ts@b4099342',
        config={'clientId': Str(required=True), 'tenantId': Str(required=True), 'oAuthServerUrl': Url(required=True),
                'oAuthScope': Str(required=True), 'apiUrl': Url(required=True)},
        secrets={'clientSecret': Secret(required=True)},
        sub_actions={'testConnector': (), 'getAgentDetails': ('id',), 'getAgentList': (), 'getActions': (),
                     'isolateHost': ('id', 'comment'), 'releaseHost': ('id', 'comment'), 'getLibraryFiles': (),
                     'runScript': ('id', 'parameters'), 'getActionResults': ('id',), 'cancelAction': ('comment', 'actionId')},
        # testConnector only probes: isolate and release are sent for the made-up machine id elastic-connector-test
        # (x-pack/platform/plugins/shared/stack_connectors/server/connector_types/microsoft_defender_endpoint/
        # microsoft_defender_endpoint.ts@7bd28782), so nothing changes
        read_only=('testConnector', 'getAgentDetails', 'getAgentList', 'getActions', 'getLibraryFiles',
                   'getActionResults'),
    ),
    # ------------------------------------------------------------------ system action types (built into Kibana)
    # The system variant of .http that Workflows' HTTP step runs through (Kibana PR #249004: 9.4;
    # kbn-connector-schemas/http/constants.ts@8f34e259 CONNECTOR_ID_SYSTEM).
    ConnectorType('.http-system', 'HTTP', 'gold', ('workflows',), since='9.4', system=True,
                  source='src/platform/packages/shared/kbn-connector-schemas/http/constants.ts@8f34e259; PR #249004'),
    # x-pack/platform/plugins/shared/cases/server/connectors/cases/index.ts@02d7f0b2 (PR #168369: 8.14).
    ConnectorType('.cases', 'Cases', 'platinum', ('uptime', 'alerting', 'siem'), since='8.14', system=True,
                  source='x-pack/platform/plugins/shared/cases/server/connectors/cases/index.ts@02d7f0b2'),
    # x-pack/solutions/observability/plugins/observability_ai_assistant_app/server/rule_connector/index.ts@0be2b7be
    # (PR #179980: 8.14; registered by the Observability AI Assistant app plugin).
    ConnectorType('.observability-ai-assistant', 'Observability AI Assistant', 'enterprise', ('alerting',),
                  since='8.14', system=True,
                  source='x-pack/solutions/observability/plugins/observability_ai_assistant_app/server/rule_connector/'
                         'index.ts@0be2b7be'),
)
TYPES = dict((record.id, record) for record in _RECORDS)


# --------------------------------------------------------------------------- what the rest of the collection calls
def known_types():
    return sorted(TYPES)


def get_type(type_id):
    """The record of a type, or None when the collection does not know it."""
    return TYPES.get(type_id)


def closest_types(type_id, others=()):
    """Known type ids (the catalogue's, and ``others``, such as Kibana's own list) close to a mistyped one."""
    choices = sorted(set(TYPES) | set(others))
    return difflib.get_close_matches(str(type_id), choices, n=3, cutoff=0.75)


def is_system_type(type_id):
    """Whether the type is a system action type, built into Kibana (never created, updated or preconfigured)."""
    record = get_type(type_id)
    return bool(record and record.system)


def _blank_strings(value, path):
    """Kibana's validateEmptyStrings on a create or update body: paths of strings that are empty or whitespace."""
    if isinstance(value, str):
        return [path] if not value.strip() else []
    found = []
    if isinstance(value, dict):
        for key in sorted(value):
            found += _blank_strings(value[key], '%s.%s' % (path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _blank_strings(item, '%s[%d]' % (path, index))
    return found


def normalize(type_id, config, secrets, version=None, check_secrets=True):
    """``(config, secrets, problems)`` for a connector Kibana ``version`` (None: whatever version) is sent.

    Values of known keys are converted as Ansible converts option values; ``problems`` lists what
    Kibana would refuse, certainly: for a type the catalogue does not know, only the empty strings
    every Kibana refuses. Secret values never appear in a problem, only their key names.
    """
    config, secrets = copy.deepcopy(config or {}), copy.deepcopy(secrets or {})
    blank = ['%s: Kibana refuses an empty or whitespace-only string' % path for path in _blank_strings(config, 'config')]
    if check_secrets:
        blank += ['%s: Kibana refuses an empty or whitespace-only string' % path
                  for path in _blank_strings(secrets, 'secrets')]
    record = get_type(type_id)
    if record is None:
        return config, secrets, blank
    config, secrets, problems = record.normalize(config, secrets, version, check_secrets)
    # a required key given as '' is already "missing"
    blank = [text for text in blank if "missing required %s key %r" % tuple(text.split(':')[0].split('.', 1)) not in problems]
    return config, secrets, problems + blank


def validate_connector(type_id, config, secrets, check_secrets=True, version=None):
    """What Kibana would refuse for a connector, as texts (empty: fine); see ``normalize``."""
    return normalize(type_id, config, secrets, version, check_secrets)[2]


def version_dependent(type_id, config, secrets=None):
    """Whether validation or the defaults of this connector depend on the Kibana version."""
    record = get_type(type_id)
    return bool(record) and record.version_dependent(config, secrets)


def returned_config(type_id, config, version=None, current=None):
    """The config Kibana returns after a create (``current`` None) or an update of ``current`` (its config as Kibana
    returned it): the defaults filled in, as Kibana ``version`` fills them (unknown: see ConnectorType.returned_config).
    For a type the catalogue does not know, the config as given."""
    record = get_type(type_id)
    return record.returned_config(config, version, current) if record else copy.deepcopy(config or {})


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


def identity_keys(type_id):
    """The secrets keys of a type that name someone rather than hold a credential (not masked in results)."""
    record = get_type(type_id)
    return record.identity_keys() if record else IDENTITY_NAMES


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
