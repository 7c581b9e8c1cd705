"""Connector types of the double: schemas, defaults, custom validators, licences, features, sub-actions and the
version that introduced each type, per version profile.

Written from Kibana's source (repository elastic/kibana, `path@commit`), through the research notes of issue 14; each
type's `source` names the files. Era rules (schema-semantics): up to 9.2 @kbn/config-schema (`maybe` with a default:
absent; `nullable`: null); 9.3 zod v3 (`.default(x).optional()`: absent); 9.4+ zod v4 (`.default(x).optional()`: x).
Unknown keys are refused in every era unless a type says otherwise (`.mcp` strips them).
Cross-field validators (`connector_check`) receive the config and secrets as sent, not the validated ones: Kibana's
create calls `validateConnector(actionType, { config, secrets })` with the request values
(K `x-pack/plugins/actions/server/application/connector/methods/create/create.ts`@883d38c6,
`x-pack/platform/plugins/shared/actions/server/application/connector/methods/create/create.ts`@007f18e8).
"""

import base64
import copy
import datetime
import email.utils
import json

from . import schema as s
from . import specs

LICENSE_RANK = {'basic': 0, 'standard': 1, 'gold': 2, 'platinum': 3, 'enterprise': 4, 'trial': 5}
ALERTING = 'alerting'
CASES = 'cases'
UPTIME = 'uptime'
SIEM = 'siem'
WORKFLOWS = 'workflows'
AGENT_BUILDER = 'agentBuilder'
ENDPOINT = 'endpointSecurity'
GENAI = ['generativeAIForSecurity', 'generativeAIForObservability', 'generativeAIForSearchPlayground']
DEFAULT_PAGERDUTY_URL = 'https://events.pagerduty.com/v2/enqueue'
SLACK_URL = 'https://slack.com/api/'
WELL_KNOWN_EMAIL = {
    'gmail': 'smtp.gmail.com', 'googlemail': 'smtp.gmail.com', 'hotmail': 'smtp-mail.outlook.com', 'outlook': 'smtp-mail.outlook.com',
    'outlook365': 'smtp.office365.com', 'office365': 'smtp.office365.com', 'yahoo': 'smtp.mail.yahoo.com', 'ses': 'email-smtp.us-east-1.amazonaws.com',
    'sendgrid': 'smtp.sendgrid.net', 'mailgun': 'smtp.mailgun.org', 'zoho': 'smtp.zoho.com', 'postmark': 'smtp.postmarkapp.com',
    'mandrill': 'smtp.mandrillapp.com', 'icloud': 'smtp.mail.me.com', 'fastmail': 'smtp.fastmail.com', 'yandex': 'smtp.yandex.ru',
    'elastic_cloud': 'dockerhost',
}
BASIC_AUTH = 'webhook-authentication-basic'
SSL_AUTH = 'webhook-authentication-ssl'
OAUTH2_AUTH = 'webhook-oauth2-client-credentials'


class ValidationFailure(Exception):
    """A config, secrets, connector or params validation error, with Kibana's full message."""


class SubAction(object):  # pylint: disable=too-few-public-methods
    """One sub-action of a sub-action-framework type: its params schema (None: not validated) and whether it only reads."""

    def __init__(self, schema=None, reads_only=False):
        self.schema = schema
        self.reads_only = reads_only


class ConnectorType(object):  # pylint: disable=too-many-instance-attributes
    """One registered connector type. Schema attributes are functions of the version profile.

    config/secrets/params: profile -> schema, or None for "no validator" (the value is stored as sent).
    config_check/secrets_check: (validated value, settings, profile), raise ValueError with Kibana's text.
    connector_check: (config as sent, secrets as sent, profile) -> message or None.
    config_pre: (config as sent, profile) -> config, a zod `z.preprocess` (webhook 9.4).
    sub_actions: profile -> {name: SubAction} for sub-action-framework types.
    since: versions that introduced the type, one per major line (see Profile.released).
    """

    def __init__(self, type_id, name, license_required, features, **kwargs):
        self.id = type_id
        self.name = name
        self.license = license_required
        self._features = features
        self.config = kwargs.get('config')
        self.secrets = kwargs.get('secrets')
        self.params = kwargs.get('params')
        self.config_check = kwargs.get('config_check')
        self.secrets_check = kwargs.get('secrets_check')
        self.connector_check = kwargs.get('connector_check')
        self.config_pre = kwargs.get('config_pre')
        self.sub_actions = kwargs.get('sub_actions')
        self.system = kwargs.get('system', False)
        self.since = kwargs.get('since')
        self.dialect = kwargs.get('dialect')
        self.hooks = kwargs.get('hooks')
        self.source = kwargs.get('source', '')
        self.minimal = kwargs.get('minimal')
        self.extra = kwargs.get('extra', False)
        self.deprecated = kwargs.get('deprecated')
        self.connector_spec = kwargs.get('connector_spec')  # a specs.SPECS entry: built from @kbn/connector-specs
        self.recommendation = kwargs.get('recommendation')
        self.hidden = kwargs.get('hidden', False)

    def available(self, profile):
        """Registered in this version?"""
        return self.since is None or profile.released(*self.since)

    def is_deprecated(self, profile):
        """The type is registered as deprecated in this version (`is_connector_type_deprecated`)."""
        return bool(self.deprecated and self.deprecated(profile))

    def features(self, profile):
        """supportedFeatureIds in this version."""
        return list(self._features(profile) if callable(self._features) else self._features)

    def zod(self, profile):
        """The schema dialect of this type in this version (0: config-schema, 3, 4)."""
        return self.dialect(profile) if self.dialect else profile.zod_major

    def is_sub_action_type(self, profile):
        """Registered with registerSubActionConnectorType in this version."""
        return self.sub_actions is not None and self.sub_actions(profile) is not None


# ---------------------------------------------------------------- schema shorthands
def lit_enum(*values, **kwargs):
    """schema.oneOf of literals / z.enum."""
    return s.OneOf([s.Literal(value) for value in values], **kwargs)


def nstr(**kwargs):
    """schema.nullable(schema.string()) / z.string().nullable().default(null)"""
    return s.Nullable(s.Str(**kwargs))


def mstr(**kwargs):
    """schema.maybe(schema.string()) / z.string().optional()"""
    return s.Maybe(s.Str(**kwargs))


def strict(*props, **kwargs):
    """A strict object (config-schema default; zod `.strict()`)."""
    return s.Obj(list(props), **kwargs)


def empty_object(_profile):
    """schema.object({}, {defaultValue: {}}) / z.object({}).strict().default({})"""
    return s.Obj([])


def any_record(_profile=None):
    """schema.recordOf(schema.string(), schema.any())"""
    return s.RecordOf(s.Any())


def _features(base, since_workflows=None, extra=()):
    """A features function: `base`, plus `workflows` from a version (K PR #243042, 9.3) and more ids."""
    def features(profile):
        out = list(base)
        if since_workflows and profile.at_least(*since_workflows):
            out.append(WORKFLOWS)
        return out + [feature for version, feature in extra if profile.at_least(*version)]
    return features


def not_empty_string(value):
    """validateEmptyStrings from K actions/common."""
    if isinstance(value, str):
        if value.strip() == '':
            return "value '' is not valid"
    elif isinstance(value, list):
        for item in value:
            found = not_empty_string(item)
            if found:
                return found
    elif isinstance(value, dict):
        for item in value.values():
            found = not_empty_string(item)
            if found:
                return found
    return None


def _parse_or(url, message):
    try:
        s.url_hostname(url)
    except ValueError:
        raise ValueError(message) from None


def _allowed_or(settings, url, prefix):
    try:
        settings.ensure_uri_allowed(url)
    except ValueError as err:
        raise ValueError('%s%s' % (prefix, err)) from None


def url_allowed(key, prefix='error validating url: '):
    """The sub-action framework's urlAllowListValidator(key) (K `.../sub_action_framework/helpers/validators.ts`)."""
    def check(config, settings, _profile):
        _allowed_or(settings, config[key], prefix)
    return check


def _assert_url(url):
    """assertURL of the sub-action framework: parses, has a hostname, http or https."""
    try:
        s.url_hostname(url)
    except ValueError:
        raise ValueError('URL Error: Invalid URL') from None
    if not s.url_hostname(url):
        raise ValueError('URL Error: URL must contain hostname')
    if s.url_scheme(url) not in ('http', 'https'):
        raise ValueError('URL Error: Invalid protocol')


def llm_url_check(label):
    """The LLM connectors' configValidator: assertURL then the allow-list, wrapped as `Error configuring <label> action: Error: ...`."""
    def check(config, settings, _profile):
        prefix = 'Error configuring %s action: Error: ' % label
        try:
            _assert_url(config['apiUrl'])
        except ValueError as err:
            raise ValueError(prefix + str(err)) from None
        _allowed_or(settings, config['apiUrl'], prefix + 'error validating url: ')
    return check


def _comments():
    return s.Nullable(s.ArrayOf(s.Obj([('comment', s.Str()), ('commentId', s.Str())])))


# The classic connectors' params are z.discriminatedUnion('subAction', ...) in the zod eras: K jira FTR test at the zod
# interim commit 31955e59 (`invalid_union_discriminator` at ["subAction"]); ServiceNow and Slack API are assumed alike.
SUB_ACTION = 'subAction'


def _sub(name, params):
    return s.Obj([('subAction', s.Literal(name)), ('subActionParams', params)])


# ---------------------------------------------------------------- .index / .server-log
# K x-pack/platform/plugins/shared/stack_connectors/server/connector_types/es_index/index.ts@167598a5,
# src/platform/packages/shared/kbn-connector-schemas/es_index/schemas/v1.ts@34ab3873; server_log/index.ts@0703cc83.
# Before 8.8 `.server-log` config/secrets and `.index` secrets had no validator (K PR #153969, v8.8.0).
def index_config(_profile):
    return s.Obj([('index', s.Str()), ('refresh', s.Bool(default=False)), ('executionTimeField', nstr())])


def from_8_8(schema_fn):
    """A validator that exists from 8.8 (K PR #153969 "Require config, secrets and params validation"); None before."""
    def pick(profile):
        return schema_fn(profile) if profile.at_least(8, 8) else None
    return pick


def _index_override(value):
    if not value.startswith('kibana-alert-history-'):
        return 'index must start with "kibana-alert-history-"'
    return None


def index_params(_profile):
    return s.Obj([('documents', s.ArrayOf(s.RecordOf(s.Any()))), ('indexOverride', s.Nullable(s.Str(validate=_index_override)))])


def server_log_params(_profile):
    return s.Obj([('message', s.Str()), ('level', lit_enum('trace', 'debug', 'info', 'warn', 'error', 'fatal', default='info'))])


# ---------------------------------------------------------------- .webhook / .cases-webhook auth
# K x-pack/platform/plugins/shared/stack_connectors/common/auth/schema.ts@0a6baaaa (<= 9.2),
# src/platform/packages/shared/kbn-connector-schemas/common/auth/schemas/v1.ts@11b9bae3 (9.4),
# webhook/schemas/v1.ts@41e8515b (9.3), webhook/validations.ts@08fc8537; research webhook.md.
def _auth_type(values, zod4_default=True):
    """authType: maybe(oneOf(..., {defaultValue: Basic})) up to 9.2 and `.default(Basic).optional()` in zod: absent
    up to 9.3, `webhook-authentication-basic` in 9.4 (zod v4)."""
    inner = lit_enum(*(values + [None]), zod_union=True)
    if zod4_default:
        return s.OptDefault(inner, BASIC_AUTH)
    return s.Maybe(inner)


def _ssl_fields(auth_values):
    return [('authType', _auth_type(auth_values)), ('certType', s.Maybe(lit_enum('ssl-crt-key', 'ssl-pfx'))),
            ('ca', mstr()), ('verificationMode', s.Maybe(lit_enum('none', 'certificate', 'full')))]


def _oauth_fields():
    return [('accessTokenUrl', mstr()), ('clientId', mstr()), ('scope', mstr()), ('additionalFields', s.Maybe(nstr()))]


def _secret_combinations_message(profile):
    if profile.at_least(9, 3):
        last = 'pfx (with optional password); or clientSecret (for OAuth2)'
    elif profile.at_least(9, 2):
        last = 'pfx (with optional password); or OAuth2 client secret'
    else:
        last = 'or pfx (with optional password)'
    return 'must specify one of the following schemas: user and password; crt and key (with optional password); ' + last


def _ssl_secrets_rule(profile):
    def rule(sec):
        user, password, crt, key, pfx, client_secret = (sec.get(k) for k in ('user', 'password', 'crt', 'key', 'pfx', 'clientSecret'))
        if not (user or password or crt or key or pfx or client_secret):
            return None
        if user and password and not (crt or key or pfx or client_secret):
            return None
        if crt and key and not (user or pfx or client_secret):
            return None
        if pfx and not (crt or key or user or client_secret):
            return None
        if client_secret and profile.at_least(9, 2) and not (user or password or crt or key or pfx):
            return None
        return _secret_combinations_message(profile)
    return rule


def _basic_secrets_rule(sec):
    if bool(sec.get('user')) != bool(sec.get('password')):
        return 'both user and password must be specified'
    return None


def webhook_config(profile):
    methods = ['post', 'put'] + (['patch', 'get', 'delete'] if profile.at_least(9, 3) else [])
    props = [('url', s.Str(url=True)), ('method', lit_enum(*methods, default='post')),
             ('headers', s.Nullable(s.RecordOf(s.Str()))), ('hasAuth', s.Bool(default=True))]
    if profile.at_least(8, 10):
        props += _ssl_fields([BASIC_AUTH, SSL_AUTH] + ([OAUTH2_AUTH] if profile.at_least(9, 2) else []))
    if profile.at_least(9, 2):
        props += _oauth_fields()
    return s.Obj(props)


def webhook_config_pre(config, profile):
    """9.4 (zod v4) webhook schema: z.preprocess(normalizeAuthTypeForUnauthenticatedConnectors): hasAuth false and no
    authType gives authType null, so the v4 default (basic) does not break the hasAuth rule
    (K kbn-connector-schemas/webhook/schemas/v1.test.ts@33a26fbf "does not default authType when hasAuth is false")."""
    if profile.zod_major >= 4 and isinstance(config, dict) and config.get('hasAuth') is False and 'authType' not in config:
        return dict(config, authType=None)
    return config


def _secrets_props(profile, ssl_from, headers_from, client_secret_from):
    props = [('user', nstr()), ('password', nstr())]
    if profile.at_least(*ssl_from):
        props += [('crt', nstr()), ('key', nstr()), ('pfx', nstr())]
    if profile.at_least(*client_secret_from):
        props.append(('clientSecret', nstr()))
    if profile.at_least(*headers_from):
        props.append(('secretHeaders', s.Nullable(s.RecordOf(s.Str()))))
    return props


def webhook_secrets(profile):
    if not profile.at_least(8, 10):
        return s.Obj([('user', nstr()), ('password', nstr())], validate=_basic_secrets_rule)
    return s.Obj(_secrets_props(profile, (8, 10), (9, 2), (9, 2)), validate=_ssl_secrets_rule(profile))


def _webhook_prefix(profile):
    # 8.x wording; K webhook/validations.ts@08fc8537 (9.3+) says "error validation webhook action config: ".
    # The release that changed it is unknown (between late 8.x and 9.2): the double switches at 9.3.
    return 'error validation webhook action config: ' if profile.at_least(9, 3) else 'error configuring webhook action: '


def _url_parse_text(url, profile):
    if profile.at_least(9, 3):
        return 'TypeError: Invalid URL: %s' % url
    return 'TypeError [ERR_INVALID_URL]: Invalid URL'


def _auth_config_check(config, settings, profile, prefix, additional_text):
    """The config checks .webhook and .http share (K webhook/validations.ts@08fc8537, http/validations.ts@490c2029):
    the URL parses and is allowed, authType only with hasAuth, additionalFields a JSON object, OAuth2's keys."""
    _parse_or(config['url'], prefix + 'unable to parse url: ' + _url_parse_text(config['url'], profile))
    _allowed_or(settings, config['url'], prefix)
    if config.get('authType') and not config.get('hasAuth'):
        raise ValueError(prefix + 'authType must be null or undefined if hasAuth is false')
    additional = config.get('additionalFields')
    if additional is not None and not _json_object_text(additional):
        raise ValueError(prefix + additional_text)
    if config.get('authType') == OAUTH2_AUTH:
        missing = [label for key, label in (('accessTokenUrl', 'Access Token URL (accessTokenUrl)'), ('clientId', 'Client ID (clientId)'))
                   if not config.get(key)]
        if missing:
            raise ValueError('%smissing %s fields' % (prefix, ', '.join(missing)))
        _parse_or(config['accessTokenUrl'], prefix + 'unable to parse url: ' + _url_parse_text(config['accessTokenUrl'], profile))
        _allowed_or(settings, config['accessTokenUrl'], prefix)


def webhook_config_check(config, settings, profile):
    _auth_config_check(config, settings, profile, _webhook_prefix(profile), 'additionalFields must be a non-empty JSON object.')


def _json_object_text(text):
    try:
        value = json.loads(text)
    except ValueError:
        return False
    return isinstance(value, dict) and bool(value)


def webhook_params(_profile):
    return s.Obj([('body', mstr())])


# ---------------------------------------------------------------- .http (9.4+, Workflows)
# K src/platform/packages/shared/kbn-connector-schemas/http/constants.ts@8f34e259 (id .http, name HTTP, gold, workflows; PR #249004),
# http/schemas/v1.ts@010fdd29 (config = the webhook auth fields with headers and url; params), @11b9bae3 (9.5: zod v4,
# secretQueryParams, the query-param auth type; PR #258291, 9.5.0 release notes), common/auth/constants.ts@11b9bae3,
# stack_connectors/server/connector_types/http/validations.ts@490c2029 and translations.ts@027ff216 (texts),
# http_connector.ts@e2971c75 and errors.ts@33a26fbf (execute). 9.4 is given zod v4 semantics like `.webhook` (authType
# `webhook-authentication-basic` when left out); K http.ts FTR test @fc911880 (a 9.4 development commit) still saw no authType.
QUERY_PARAM_AUTH = 'http-authentication-query-param'


def http_config(profile):
    auth = [BASIC_AUTH, SSL_AUTH, OAUTH2_AUTH] + ([QUERY_PARAM_AUTH] if profile.at_least(9, 5) else [])
    return s.Obj([('url', s.Str(url=True)), ('headers', s.Nullable(s.RecordOf(s.Str()))), ('hasAuth', s.Bool(default=True))]
                 + _ssl_fields(auth) + _oauth_fields())


def http_secrets(profile):
    props = _secrets_props(profile, (8, 10), (9, 2), (9, 2))
    if profile.at_least(9, 5):
        props.append(('secretQueryParams', s.Nullable(s.RecordOf(s.Str()))))
    return s.Obj(props, validate=_ssl_secrets_rule(profile))


def http_config_check(config, settings, profile):
    """K http/validations.ts@490c2029 (texts: translations.ts@027ff216)."""
    _auth_config_check(config, settings, profile, 'error validation http action config: ',
                       'additionalFields must be a valid JSON object')


HTTP_METHODS = ('GET', 'POST', 'PUT', 'PATCH', 'DELETE')


def http_params(profile):
    fetcher = [('skip_ssl_verification', s.Maybe(s.Bool())), ('follow_redirects', s.Maybe(s.Bool())), ('max_redirects', s.Maybe(s.Num())),
               ('keep_alive', s.Maybe(s.Bool()))]
    if profile.at_least(9, 5):
        fetcher.append(('max_content_length', s.Maybe(s.Num())))
    return s.Obj([('url', s.Maybe(s.Str(url=True))), ('path', mstr()), ('method', lit_enum(*HTTP_METHODS, default='GET')), ('body', mstr()),
                  ('query', s.Maybe(s.RecordOf(s.Str()))), ('headers', s.Maybe(s.RecordOf(s.Str()))), ('timeout', s.Maybe(s.Num(minimum=0))),
                  ('fetcher', s.Maybe(s.Obj(fetcher)))])


CASES_WEBHOOK_REQUIRED = ['createIncidentUrl', 'createIncidentJson', 'createIncidentResponseKey', 'getIncidentUrl',
                          'getIncidentResponseExternalTitleKey', 'viewIncidentUrl', 'updateIncidentUrl', 'updateIncidentJson']


def cases_webhook_config(profile):
    """K cases_webhook schema: config-schema id 1592184998 (<= 9.2), kbn-connector-schemas/cases_webhook/schemas/v1.ts@3659b62c (9.3+)."""
    props = [(key, s.Str()) for key in CASES_WEBHOOK_REQUIRED[:3]]
    props += [('createIncidentMethod', lit_enum('post', 'put', default='post'))]
    if profile.at_least(8, 17):
        props += [('getIncidentMethod', lit_enum('get', 'post', default='get'))]
    props += [('getIncidentUrl', s.Str())]
    if profile.at_least(8, 17):
        props += [('getIncidentJson', nstr())]
    props += [(key, s.Str()) for key in CASES_WEBHOOK_REQUIRED[4:7]]
    # <= 9.2 nullable(oneOf(..., {defaultValue: 'put'})): null; 9.3+ z.enum(...).default('put').nullable(): 'put'.
    comment_method = s.Nullable(lit_enum('post', 'put', 'patch'), default='put' if profile.zod else None)
    props += [('updateIncidentMethod', lit_enum('post', 'patch', 'put', default='put')), ('updateIncidentJson', s.Str()),
              ('createCommentUrl', nstr()), ('createCommentJson', nstr()), ('createCommentMethod', comment_method),
              ('headers', s.Nullable(s.RecordOf(s.Str()))), ('hasAuth', s.Bool(default=True))]
    if profile.at_least(8, 15):
        props += _ssl_fields([BASIC_AUTH, SSL_AUTH] + ([OAUTH2_AUTH] if profile.zod else []))
    if profile.zod:
        props += _oauth_fields()
    return s.Obj(props)


def cases_webhook_secrets(profile):
    props = _secrets_props(profile, (8, 15), (9, 2), (9, 3))
    if profile.zod:
        return s.Obj(props, validate=_ssl_secrets_rule(profile))
    return s.Obj(props)


def cases_webhook_config_check(config, settings, profile):
    """K cases_webhook/validators.ts@33fc3735, translations.ts@437def57."""
    if config.get('authType') == OAUTH2_AUTH:
        raise ValueError('OAuth2 authentication is not supported for cases webhook connector')
    prefix = 'error configuring cases webhook action: '
    for key in ('createIncidentUrl', 'createCommentUrl', 'viewIncidentUrl', 'getIncidentUrl', 'updateIncidentUrl'):
        url = config.get(key)
        if url:
            _parse_or(url, '%sunable to parse %s: %s' % (prefix, url, _url_parse_text(url, profile)))
            _allowed_or(settings, url, prefix)


def cases_webhook_connector_check(config, secrets, profile):
    """8.x: `both user and password must be specified` (K functional test cases_webhook.ts@00b52e8a); 9.x source:
    `hasAuth && isEmpty(secrets)` -> `must specify a secrets configuration` (switch version unknown: 9.0 assumed)."""
    if not config.get('hasAuth'):
        return None
    if profile.nine:
        return None if secrets else 'must specify a secrets configuration'
    if (secrets.get('user') and secrets.get('password')) or (secrets.get('crt') and secrets.get('key')) or secrets.get('pfx'):
        return None
    return 'both user and password must be specified'


def cases_webhook_params(_profile):
    incident = s.Obj([('title', s.Str()), ('description', nstr()), ('externalId', nstr()), ('id', nstr()), ('severity', nstr()),
                      ('status', nstr()), ('tags', s.Nullable(s.ArrayOf(s.Str())))])
    return s.Obj([('subAction', s.Literal('pushToService')),
                  ('subActionParams', s.Obj([('incident', incident), ('comments', _comments())]))])


# ---------------------------------------------------------------- .slack / .teams / .slack_api
# K slack/index.ts (late 8.x, id 825149665), kbn-connector-schemas/slack/schemas/v1.ts@4428bc13; teams/index.ts@104d4f9c (<8.8,
# no config validator), x-pack/platform/.../teams/index.ts@6b49f2d4 (empty strict config), kbn-connector-schemas/teams/schemas/v1.ts@0b07d6e8;
# slack_api: common/slack_api/schema.ts@171b959f (8.x), @0ebeefe7 (9.x), kbn-connector-schemas/slack_api/schemas/v1.ts@1f1f8fc1, @98c7c5ce.
def webhook_url_secrets(_profile):
    return s.Obj([('webhookUrl', s.Str())])


def _webhook_url_check(label):
    def check(secrets, settings, _profile):
        prefix = 'error configuring %s action: ' % label
        _parse_or(secrets['webhookUrl'], prefix + 'unable to parse host name from webhookUrl')
        _allowed_or(settings, secrets['webhookUrl'], prefix)
    return check


def message_params(_profile):
    return s.Obj([('message', s.Str(min_len=1))])


def slack_api_config(profile):
    if not profile.at_least(8, 11):
        return s.Obj([])
    # id required up to 9.1, optional from 9.2 (the channel-name feature; 9.x config-schema file @0ebeefe7);
    # at most 25 channels up to 9.2, 500 from 9.3 (MAX_ALLOWED_CHANNELS). Release boundaries are guesses.
    channel_id = s.Maybe(s.Str(min_len=1)) if profile.at_least(9, 2) else s.Str(min_len=1)
    channel = s.Obj([('id', channel_id), ('name', s.Str(min_len=1))])
    return s.Obj([('allowedChannels', s.Maybe(s.ArrayOf(channel, max_size=500 if profile.zod else 25)))])


def slack_api_secrets(_profile):
    return s.Obj([('token', s.Str(min_len=1))])


def slack_api_secrets_check(_secrets, settings, _profile):
    _allowed_or(settings, SLACK_URL, 'error configuring slack action: ')


def _channel_name(name):
    if not name.startswith('#'):
        return 'Channel name must start with #'
    return None


def slack_api_params(profile):
    channels = [('channels', s.Maybe(s.ArrayOf(s.Str(), max_size=1))), ('channelIds', s.Maybe(s.ArrayOf(s.Str(), max_size=1)))]
    if profile.at_least(9, 2):
        channels.append(('channelNames', s.Maybe(s.ArrayOf(s.Str(min_len=2, max_len=200, validate=_channel_name), max_size=1))))
    post = s.Obj(channels + [('text', s.Str(min_len=1))])
    return s.OneOf([
        s.Obj([('subAction', s.Literal('validChannelId')), ('subActionParams', s.Obj([('channelId', mstr())]))]),
        s.Obj([('subAction', s.Literal('postMessage')), ('subActionParams', post)]),
        s.Obj([('subAction', s.Literal('postBlockkit')), ('subActionParams', post)]),
    ], discriminator='subAction')


# ---------------------------------------------------------------- .email
# K email/index.ts@001ef6f6 (8.x), @00cb7c75 (newest), kbn-connector-schemas/email/schemas/v1.ts@b1932cfe (9.3), @0ad9415f (9.4).
def email_config(profile):
    port = s.Num(minimum=1, maximum=65535, coerce=True)
    return s.Obj([('service', s.Str(default='other')), ('host', nstr()), ('port', s.Nullable(port)),
                  ('secure', s.Nullable(s.Bool())), ('from', s.Str()), ('hasAuth', s.Bool(default=True)),
                  ('tenantId', nstr()), ('clientId', nstr()), ('oauthTokenUrl', nstr())])


def email_config_check(config, settings, _profile):
    service = config['service']
    if service == 'exchange_server':
        if config.get('clientId') is None and config.get('tenantId') is None:
            raise ValueError('[clientId]/[tenantId] is required')
        if config.get('clientId') is None:
            raise ValueError('[clientId] is required')
        if config.get('tenantId') is None:
            raise ValueError('[tenantId] is required')
    elif service == 'other':
        if config.get('host') is None and config.get('port') is None:
            raise ValueError('[host]/[port] is required')
        if config.get('host') is None:
            raise ValueError('[host] is required')
        if config.get('port') is None:
            raise ValueError('[port] is required')
        if not settings.is_hostname_allowed(config['host']):
            raise ValueError("[host] value '%s' is not in the allowedHosts configuration" % config['host'])
    elif service != '__json':
        host = WELL_KNOWN_EMAIL.get(service.lower().replace(' ', ''))
        if host is None:
            raise ValueError("[service] value '%s' is not valid" % service)
        if not settings.is_hostname_allowed(host):
            raise ValueError("[service] value '%s' resolves to host '%s' which is not in the allowedHosts configuration" % (service, host))


def email_secrets(_profile):
    return s.Obj([('user', nstr()), ('password', nstr()), ('clientSecret', nstr())])


def email_connector_check(config, secrets, _profile):
    """K email/index.ts@00cb7c75 validateConnector, on the values as sent: `hasAuth` must be sent as true for the
    user/password rule to apply."""
    if config.get('service') == 'exchange_server':
        if secrets.get('clientSecret') is None:
            return '[clientSecret] is required'
    elif config.get('hasAuth') and (secrets.get('password') is None or secrets.get('user') is None):
        if secrets.get('user') is None:
            return '[user] is required'
        return '[password] is required'
    return None


def _email_params_rule(params):
    if not (params['to'] or params['cc'] or params['bcc']):
        return 'no [to], [cc], or [bcc] entries'
    return None


def email_params(profile):
    footer = s.Obj([('path', s.Str(default='/')), ('text', s.Str(default='Go to Elastic'))], zod_default=True)
    props = [('to', s.ArrayOf(s.Str(), default=[])), ('cc', s.ArrayOf(s.Str(), default=[])), ('bcc', s.ArrayOf(s.Str(), default=[])),
             ('subject', s.Str()), ('message', s.Str()), ('messageHTML', nstr()), ('kibanaFooterLink', footer)]
    if profile.nine:
        props += [('replyTo', s.Maybe(s.ArrayOf(s.Str(), max_size=10))), ('attachments', s.Maybe(s.ArrayOf(s.RecordOf(s.Any()))))]
    return s.Obj(props, validate=_email_params_rule)


# ---------------------------------------------------------------- .pagerduty
# K pagerduty/index.ts@167598a5, kbn-connector-schemas pagerduty v1 (id 1840166988).
def pagerduty_config(_profile):
    return s.Obj([('apiUrl', nstr())])


def pagerduty_config_check(config, settings, _profile):
    _allowed_or(settings, config.get('apiUrl') or DEFAULT_PAGERDUTY_URL, 'error configuring pagerduty action: ')


def pagerduty_secrets(_profile):
    return s.Obj([('routingKey', s.Str())])


def _timestamp_ok(text):
    try:
        datetime.datetime.fromisoformat(text.replace('Z', '+00:00'))
        return True
    except ValueError:
        return email.utils.parsedate(text) is not None


def _pagerduty_rule(params):
    timestamp = params.get('timestamp')
    if timestamp is not None and not _timestamp_ok(timestamp):
        return 'error parsing timestamp "%s"' % timestamp
    action = params.get('eventAction')
    if action in ('resolve', 'acknowledge') and not params.get('dedupKey'):
        return 'DedupKey is required when eventAction is "%s"' % action
    return None


def pagerduty_params(_profile):
    return s.Obj([
        ('eventAction', s.Maybe(lit_enum('trigger', 'resolve', 'acknowledge'))), ('dedupKey', mstr(max_len=255)),
        ('summary', mstr(max_len=1024)), ('source', mstr()), ('severity', s.Maybe(lit_enum('critical', 'error', 'warning', 'info'))),
        ('timestamp', mstr()), ('component', mstr()), ('group', mstr()), ('class', mstr()),
        ('links', s.Maybe(s.ArrayOf(s.Obj([('href', s.Str()), ('text', s.Str())])))),
        ('customDetails', s.Maybe(s.RecordOf(s.Any()))),
    ], validate=_pagerduty_rule)


# ---------------------------------------------------------------- .xmatters
# K x-pack/plugins/stack_connectors/server/connector_types/xmatters/index.ts@1981342f (8.x), .../xmatters/index.ts@05c84297 (9.3+),
# kbn-connector-schemas/xmatters/schemas/v1.ts@3dc5dbd0; validateConnector reads the config as sent (find_string id 984758098).
def xmatters_config(_profile):
    return s.Obj([('configUrl', nstr()), ('usesBasic', s.Bool(default=True))])


def xmatters_config_check(config, settings, _profile):
    if not config.get('usesBasic') or not config.get('configUrl'):
        return
    _parse_or(config['configUrl'], 'Error configuring xMatters action: unable to parse url: Invalid URL')
    _allowed_or(settings, config['configUrl'], 'Error configuring xMatters action: ')


def xmatters_secrets(_profile):
    return s.Obj([('user', nstr()), ('password', nstr()), ('secretsUrl', nstr())])


def xmatters_secrets_check(secrets, settings, _profile):
    url, user, password = secrets.get('secretsUrl'), secrets.get('user'), secrets.get('password')
    if not url and not user and not password:
        raise ValueError('Provide either secretsUrl link or user/password to authenticate')
    if url and (user or password):
        raise ValueError('Cannot use user/password for URL authentication. Provide valid secretsUrl or use Basic Authentication.')
    if url:
        _parse_or(url, 'Invalid secretsUrl: TypeError: Invalid URL')
        _allowed_or(settings, url, '')
    elif not (user and password):
        raise ValueError('Both user and password must be specified.')


def xmatters_connector_check(config, secrets, _profile):
    if config.get('usesBasic'):
        if secrets.get('secretsUrl'):
            return 'secretsUrl should not be provided when usesBasic is true'
        if secrets.get('user') is None:
            return 'Provide valid Username'
        if secrets.get('password') is None:
            return 'Provide valid Password'
        if config.get('configUrl') is None:
            return 'Provide valid configUrl'
        return None
    if secrets.get('user') or secrets.get('password'):
        return 'Username and password should not be provided when usesBasic is false'
    if config.get('configUrl'):
        return 'configUrl should not be provided when usesBasic is false'
    if not secrets.get('secretsUrl'):
        return 'Provide valid secretsUrl with API Key'
    return None


def xmatters_params(_profile):
    return s.Obj([('severity', s.Str())] + [(key, mstr()) for key in ('alertActionGroupName', 'signalId', 'ruleName', 'date', 'spaceId', 'tags')])


# ---------------------------------------------------------------- .jira / .jira-service-management / .resilient / .swimlane
# K jira/index.ts@0c4e871d, validators.ts@586aed28, kbn-connector-schemas/jira/schemas/v1.ts@3ac3829e.
def jira_config(_profile):
    return s.Obj([('apiUrl', s.Str()), ('projectKey', s.Str())])


def connector_url_check(config, settings, _profile):
    _allowed_or(settings, config['apiUrl'], 'error configuring connector action: ')


def jira_secrets(_profile):
    return s.Obj([('email', s.Str()), ('apiToken', s.Str())])


def _label_rule(label):
    if any(ch.isspace() for ch in label):
        return 'The label %s cannot contain spaces.' % label
    return None


def jira_params(_profile):
    incident = s.Obj([('summary', s.Str()), ('description', nstr()), ('externalId', nstr()), ('issueType', nstr()), ('priority', nstr()),
                      ('labels', s.Nullable(s.ArrayOf(s.Str(validate=_label_rule)))), ('parent', nstr()),
                      ('otherFields', s.Maybe(s.Nullable(s.RecordOf(s.Any()))))])
    return s.OneOf([
        _sub('getFields', s.Obj([], unknowns='ignore')), _sub('getIncident', s.Obj([('externalId', s.Str())])),
        _sub('handshake', s.Obj([])), _sub('pushToService', s.Obj([('incident', incident), ('comments', _comments())])),
        _sub('issueTypes', s.Obj([])), _sub('fieldsByIssueType', s.Obj([('id', s.Str())])),
        _sub('issues', s.Obj([('title', s.Str())])), _sub('issue', s.Obj([('id', s.Str())])),
    ], discriminator=SUB_ACTION)


def resilient_config(_profile):
    """K x-pack/plugins/stack_connectors/server/connector_types/resilient/schema.ts@10464f79, kbn-connector-schemas/resilient/schemas/v1.ts@089d9d14."""
    return s.Obj([('apiUrl', s.Str()), ('orgId', s.Str())])


def resilient_secrets(_profile):
    return s.Obj([('apiKeyId', s.Str()), ('apiKeySecret', s.Str())])


def resilient_config_check(config, settings, profile):
    """8.15+ (sub-action framework): urlAllowListValidator('apiUrl'); before: the classic wording (a guess)."""
    if profile.at_least(8, 15):
        url_allowed('apiUrl')(config, settings, profile)
    else:
        connector_url_check(config, settings, profile)


def _resilient_incident():
    return s.Obj([('externalId', nstr()), ('name', s.Str()), ('description', nstr()), ('incidentTypes', s.Nullable(s.ArrayOf(s.Num()))),
                  ('severityCode', s.Nullable(s.Num())), ('additionalFields', s.Maybe(s.Nullable(s.RecordOf(s.Any()))))])


def resilient_params(profile):
    """Before 8.15 a classic union; from 8.15 the sub-action framework (K PR #180561, v8.15.0)."""
    if profile.at_least(8, 15):
        return framework_params(profile)
    return s.OneOf([
        _sub('getFields', s.Obj([], unknowns='ignore')), _sub('getIncident', s.Obj([('externalId', s.Str())])),
        _sub('handshake', s.Obj([])), _sub('pushToService', s.Obj([('incident', _resilient_incident()), ('comments', _comments())])),
        _sub('incidentTypes', s.Obj([])), _sub('severity', s.Obj([])),
    ])


def resilient_sub_actions(profile):
    if not profile.at_least(8, 15):
        return None
    return {'pushToService': SubAction(s.Obj([('incident', _resilient_incident()), ('comments', _comments())])),
            'getFields': SubAction(s.Obj([], unknowns='ignore'), True), 'incidentTypes': SubAction(s.Obj([], unknowns='ignore'), True),
            'severity': SubAction(s.Obj([], unknowns='ignore'), True)}


SWIMLANE_MAPPINGS = ('ruleNameConfig', 'alertIdConfig', 'caseIdConfig', 'caseNameConfig', 'commentsConfig', 'severityConfig', 'descriptionConfig')


def swimlane_config(profile):
    """K swimlane config-schema (id 1520700069), kbn-connector-schemas/swimlane/schemas/v1.ts@1064da9d: an omitted
    `mappings` is built from its nullable children up to 9.2 (seven nulls); 9.3+ requires it."""
    mapping = s.Nullable(s.Obj([('id', s.Str()), ('key', s.Str()), ('name', s.Str()), ('fieldType', s.Str())]))
    return s.Obj([('apiUrl', s.Str()), ('appId', s.Str()), ('connectorType', lit_enum('all', 'alerts', 'cases')),
                  ('mappings', s.Obj([(key, mapping) for key in SWIMLANE_MAPPINGS]))])


def swimlane_params(_profile):
    incident = s.Obj([(key, nstr()) for key in ('alertId', 'ruleName', 'caseId', 'caseName', 'severity', 'description', 'externalId')])
    return s.Obj([('subAction', s.Literal('pushToService')), ('subActionParams', s.Obj([('incident', incident), ('comments', _comments())]))])


# ---------------------------------------------------------------- ServiceNow
# K lib/servicenow/schema.ts@5c294dac (8.x), validators.ts@089d9d14, translations.ts@538d041d, kbn-connector-schemas/servicenow/schemas/v1.ts@3ac3829e,
# servicenow_sir/schemas/v1.ts@50395418, servicenow_itom/schemas/v1.ts@33a26fbf; is_connector_deprecated.ts@1a8b5907.
# OAuth (config isOAuth, userIdentifierValue, clientId, jwtKeyId; secrets clientSecret, privateKey, privateKeyPassword) from 8.3
# (K PR #131084). Up to 8.2, K x-pack/plugins/actions/server/builtin_action_types/servicenow/schema.ts: config {apiUrl,
# usesTableApi: schema.boolean({defaultValue: true})} (ITOM: {apiUrl}), secrets {password, username: schema.string()}, and
# validators.ts checks only the allowed hosts (validateCommonSecrets empty, no validateConnector).
SERVICENOW_OAUTH = (8, 3)


def servicenow_config(profile, table_api=True):
    props = [('apiUrl', s.Str())]
    if table_api:
        props.append(('usesTableApi', s.Bool(default=True)))
    if profile.at_least(*SERVICENOW_OAUTH):
        props += [('isOAuth', s.Bool(default=False)), ('userIdentifierValue', nstr()), ('clientId', nstr()), ('jwtKeyId', nstr())]
    return s.Obj(props)


def servicenow_itom_config(profile):
    return servicenow_config(profile, table_api=False)


def _oauth_missing(field, is_oauth):
    return '%s must be provided when isOAuth = %s' % (field, 'true' if is_oauth else 'false')


def _oauth_populated(field, is_oauth):
    return '%s should not be provided with isOAuth = %s' % (field, 'true' if is_oauth else 'false')


def servicenow_config_check(config, settings, profile):
    connector_url_check(config, settings, profile)
    if config.get('isOAuth'):
        for field in ('userIdentifierValue', 'clientId', 'jwtKeyId'):
            if config.get(field) is None:
                raise ValueError(_oauth_missing(field, True))


def servicenow_secrets(profile):
    if not profile.at_least(*SERVICENOW_OAUTH):
        return s.Obj([('password', s.Str()), ('username', s.Str())])
    return s.Obj([('username', nstr()), ('password', nstr()), ('clientSecret', nstr()), ('privateKey', nstr()), ('privateKeyPassword', nstr())])


def servicenow_secrets_check(secrets, _settings, profile):
    """validateCommonSecrets (empty before 8.3)."""
    if not profile.at_least(*SERVICENOW_OAUTH):
        return
    basic = [secrets.get(k) for k in ('username', 'password')]
    oauth = [secrets.get(k) for k in ('clientSecret', 'privateKey')]
    if not any(basic) and not any(oauth):
        raise ValueError('Either basic auth or OAuth credentials must be specified')
    if any(basic) and not all(basic):
        raise ValueError('username and password must both be specified')
    if any(oauth) and not all(oauth):
        raise ValueError('clientSecret and privateKey must both be specified')


def servicenow_connector_check(config, secrets, profile):
    """validateCommonConnector, on the values as sent (from 8.3)."""
    if not profile.at_least(*SERVICENOW_OAUTH):
        return None
    if config.get('isOAuth'):
        for field in ('userIdentifierValue', 'clientId', 'jwtKeyId'):
            if config.get(field) is None:
                return _oauth_missing(field, True)
        for field in ('clientSecret', 'privateKey'):
            if secrets.get(field) is None:
                return _oauth_missing(field, True)
        if secrets.get('username') or secrets.get('password'):
            return _oauth_populated('Username and password', True)
        return None
    for field in ('username', 'password'):
        if secrets.get(field) is None:
            return _oauth_missing(field, False)
    if secrets.get('clientSecret') or secrets.get('privateKey') or config.get('clientId') or config.get('userIdentifierValue') or config.get('jwtKeyId'):
        return _oauth_populated('clientId, clientSecret, userIdentifierValue, jwtKeyId and privateKey', False)
    return None


def _servicenow_params(fields, close=True):
    incident = s.Obj([('short_description', s.Str())] + [(field, s.Maybe(s.Nullable(s.Any()))) for field in fields])
    members = [
        _sub('getFields', s.Obj([], unknowns='ignore')), _sub('getIncident', s.Obj([('externalId', s.Str())])),
        _sub('handshake', s.Obj([])), _sub('pushToService', s.Obj([('incident', incident), ('comments', _comments())])),
        _sub('getChoices', s.Obj([('fields', s.ArrayOf(s.Str()))])),
    ]
    if close:
        members.append(_sub('closeIncident', s.Obj([('incident', s.Obj([('correlation_id', nstr()), ('externalId', nstr())]))])))
    return s.OneOf(members, discriminator=SUB_ACTION)


def servicenow_params(_profile):
    return _servicenow_params(['description', 'externalId', 'category', 'subcategory', 'correlation_id', 'correlation_display',
                               'severity', 'urgency', 'impact', 'additional_fields'])


def servicenow_sir_params(_profile):
    return _servicenow_params(['description', 'externalId', 'category', 'subcategory', 'correlation_id', 'correlation_display',
                               'dest_ip', 'malware_hash', 'malware_url', 'source_ip', 'priority', 'additional_fields'], close=False)


def servicenow_itom_params(_profile):
    event = s.Obj([(key, nstr()) for key in ('source', 'event_class', 'resource', 'node', 'metric_name', 'type', 'severity', 'description',
                                             'additional_info', 'message_key', 'time_of_event')])
    return s.OneOf([_sub('addEvent', event), _sub('getChoices', s.Obj([('fields', s.ArrayOf(s.Str()))]))], discriminator=SUB_ACTION)


# ---------------------------------------------------------------- .torq
# K x-pack/platform/plugins/shared/stack_connectors/server/connector_types/torq/index.ts@8800784c (hooks.torq.io) and @0fd28cf7
# (EU host, K PR #212563, 8.17.4 / 8.18 / 9.0); kbn-connector-schemas/torq/schemas/v1.ts@027ff216.
def torq_config(_profile):
    return s.Obj([('webhookIntegrationUrl', s.Str())])


def torq_config_check(config, settings, profile):
    prefix = 'error configuring send to Torq action: '
    url = config['webhookIntegrationUrl']
    try:
        hostname = s.url_hostname(url)
    except ValueError:
        raise ValueError(prefix + 'unable to parse url: TypeError: Invalid URL') from None
    _allowed_or(settings, url, prefix)
    eu = profile.at_least(8, 17, 4)
    allowed = ('hooks.torq.io', 'hooks.eu.torq.io', 'localhost') if eu else ('hooks.torq.io', 'localhost')
    if hostname not in allowed:
        if eu:
            raise ValueError(prefix + 'url must begin with https://hooks.torq.io or https://hooks.eu.torq.io')
        raise ValueError(prefix + 'url must begin with https://hooks.torq.io')


def body_params(_profile):
    return s.Obj([('body', s.Str())])


# ---------------------------------------------------------------- sub-action framework
# K x-pack/platform/plugins/shared/actions/server/sub_action_framework/validators.ts@1e1e992c, executor.ts@33dd4792.
def framework_params(profile):
    if profile.zod:
        return s.Obj([('subAction', s.Str()), ('subActionParams', s.Maybe(s.Nullable(s.Obj([], unknowns='allow'))))], unknowns='ignore')
    return s.Obj([('subAction', s.Str()), ('subActionParams', s.Obj([], unknowns='allow'))])


def api_url_config(_profile):
    return s.Obj([('apiUrl', s.Str())])


def url_config(_profile):
    return s.Obj([('url', s.Str())])


def _not_blank(message):
    if message.strip() == '':
        return 'message must be populated with a value other than just whitespace'
    return None


def _alert_sub_actions(responders):
    """Opsgenie (K opsgenie/schema.ts@cc1d62f9, kbn-connector-schemas/opsgenie/schemas/v1.ts@15944329) and Jira Service Management
    (K jira-service-management/schemas/v1.ts@09e7cfe6, a copy of Opsgenie)."""
    optional = [('alias', mstr(max_len=512)), ('description', mstr(max_len=15000)),
                ('responders', s.Maybe(s.ArrayOf(responders, max_size=50))), ('visibleTo', s.Maybe(s.ArrayOf(s.RecordOf(s.Any()), max_size=50))),
                ('actions', s.Maybe(s.ArrayOf(s.Str(max_len=50), max_size=10))), ('tags', s.Maybe(s.ArrayOf(s.Str(max_len=50), max_size=20))),
                ('details', s.Maybe(s.RecordOf(s.Any()))), ('entity', mstr(max_len=512)), ('source', mstr(max_len=100)),
                ('priority', s.Maybe(lit_enum('P1', 'P2', 'P3', 'P4', 'P5'))), ('user', mstr(max_len=100)), ('note', mstr(max_len=25000))]
    create = s.Obj([('message', s.Str(min_len=1, max_len=130, validate=_not_blank))] + optional)
    close = s.Obj([('alias', s.Str()), ('user', mstr(max_len=100)), ('source', mstr(max_len=100)), ('note', mstr(max_len=25000))])
    return {'createAlert': SubAction(create), 'closeAlert': SubAction(close)}


def opsgenie_sub_actions(_profile):
    return _alert_sub_actions(s.RecordOf(s.Any()))


def jsm_sub_actions(_profile):
    return _alert_sub_actions(s.Obj([('id', s.Str()), ('type', lit_enum('team', 'user', 'escalation', 'schedule'))]))


def _token_secrets(*keys):
    def secrets(_profile):
        return s.Obj([(key, s.Str()) for key in keys])
    return secrets


# ---------------------------------------------------------------- .tines / .d3security / .xsoar / .thehive
# K kbn-connector-schemas/tines/schemas/v1.ts@50558a21, tines/tines.ts@02dbce49; d3security/schemas/v1.ts@0fc569ed, d3security.ts@8137d1cd;
# xsoar: common/xsoar/schema.ts@4009f51d, kbn-connector-schemas/xsoar/schemas/v1.ts@74d1c62f, xsoar.ts@08d71aad;
# thehive: common/thehive/schema.ts@103b5589, kbn-connector-schemas/thehive/schemas/v1.ts@174aa4cd.
def tines_sub_actions(_profile):
    # z.coerce.number() (9.3+): a missing storyId is `Expected number, received nan` (K tines FTR test @1a7bf6ce)
    run = s.Obj([('body', s.Str()), ('webhook', s.Maybe(s.Obj([('id', s.Num(coerce=True)), ('name', s.Str()), ('storyId', s.Num(coerce=True))],
                                                              unknowns='ignore'))),
                 ('webhookUrl', mstr())])
    return {'stories': SubAction(None, True), 'webhooks': SubAction(s.Obj([('storyId', s.Num(coerce=True))]), True),
            'run': SubAction(run), 'test': SubAction(run)}


def d3security_sub_actions(_profile):
    run = s.Obj([('body', mstr()), ('severity', s.OptDefault(s.Str(), '')), ('eventType', s.OptDefault(s.Str(), ''))])
    return {'run': SubAction(run), 'test': SubAction(run)}


def xsoar_secrets(_profile):
    return s.Obj([('apiKey', s.Str()), ('apiKeyID', nstr())])


def xsoar_sub_actions(_profile):
    run = s.Obj([('name', s.Str()), ('playbookId', nstr()), ('createInvestigation', s.Bool()), ('severity', s.Num(coerce=True)),
                 ('isRuleSeverity', s.Nullable(s.Bool(), default=False)), ('body', nstr())])
    return {'getPlaybooks': SubAction(None, True), 'run': SubAction(run)}


def thehive_config(_profile):
    return s.Obj([('url', s.Str()), ('organisation', nstr())])


def thehive_sub_actions(_profile):
    number = s.Nullable(s.Num(coerce=True))
    incident = s.Obj([('title', s.Str()), ('description', s.Str()), ('externalId', nstr()), ('severity', number), ('tlp', number),
                      ('tags', s.Nullable(s.ArrayOf(s.Str())))])
    alert = s.Obj([('title', s.Str()), ('description', s.Str()), ('type', s.Str()), ('source', s.Str()), ('sourceRef', s.Str()),
                   ('severity', number), ('tlp', number), ('tags', s.Nullable(s.ArrayOf(s.Str()))), ('body', nstr()),
                   ('isRuleSeverity', s.Nullable(s.Bool(), default=False))])
    return {'pushToService': SubAction(s.Obj([('incident', incident), ('comments', _comments())])), 'createAlert': SubAction(alert)}


# ---------------------------------------------------------------- LLM connectors: .gen-ai / .bedrock / .gemini / .inference / .mcp
# OpenAI: K x-pack/plugins/stack_connectors/common/openai/schema.ts@125f023a, constants.ts@002975bb (8.x);
# x-pack/platform/.../common/openai/schema.ts@0935d444, server/connector_types/openai/index.ts@024f3a4a, lib/other_openai_utils.ts@024f3a4a (9.x);
# kbn-connector-schemas/openai/schemas/v1.ts@e2971c75, @5bb56f12, constants.ts@538d041d (9.3+). Default models: K PRs #162754, #189080, #220146.
OPENAI_MODELS = [((8, 10), 'gpt-4'), ((8, 16), 'gpt-4o'), ((8, 19), 'gpt-4.1'), ((9, 0), 'gpt-4o'), ((9, 1), 'gpt-4.1')]
# Bedrock: K common/bedrock/constants.ts@018dbb37 (8.11), @589f2b04 (9.x), kbn-connector-schemas/bedrock/constants.ts@1a7bf6ce;
# PRs #179304, #186671, #220146, #235367. The 8.12/8.13 value is a guess from PR #179304's text.
BEDROCK_MODELS = [((8, 11), 'anthropic.claude-v2'), ((8, 12), 'anthropic.claude-v2:1'), ((8, 14), 'anthropic.claude-3-sonnet-20240229-v1:0'),
                  ((8, 15), 'anthropic.claude-3-5-sonnet-20240620-v1:0'), ((8, 19), 'us.anthropic.claude-3-7-sonnet-20250219-v1:0'),
                  ((9, 0), 'anthropic.claude-3-5-sonnet-20240620-v1:0'), ((9, 1), 'us.anthropic.claude-3-7-sonnet-20250219-v1:0'),
                  ((9, 2), 'us.anthropic.claude-sonnet-4-5-20250929-v1:0')]
# Gemini: K PRs #186671, #195320, #225917; common/gemini/constants.ts@7d07926d, kbn-connector-schemas/gemini/constants.ts@48c17d6c.
GEMINI_MODELS = [((8, 15), 'gemini-1.5-pro-001'), ((8, 16), 'gemini-1.5-pro-002'), ((8, 19), 'gemini-2.5-pro'),
                 ((9, 0), 'gemini-1.5-pro-002'), ((9, 1), 'gemini-2.5-pro')]


def _pki(profile):
    """OpenAI `Other` PKI (K PR #215624, v8.19.0 / v9.1.0)."""
    return profile.released((8, 19), (9, 1))


def genai_config(profile):
    """apiProvider is `schema.oneOf([schema.literal(x)])` per member up to 9.2 (missing: `[0.apiProvider]: expected at least
    one defined value but got [undefined]`, K openai.ts FTR test, find_string id 1417562439) and `z.enum([x])` from 9.3
    (kbn-connector-schemas/openai/schemas/v1.ts@5bb56f12)."""
    headers = ('headers', s.Maybe(s.RecordOf(s.Str())))
    tuning = [('contextWindowLength', s.Maybe(s.Num(coerce=True))), ('temperature', s.Maybe(s.Num(coerce=True)))] if profile.nine else []
    azure = [('apiProvider', lit_enum('Azure OpenAI')), ('apiUrl', s.Str()), headers] + tuning
    if profile.zod:
        azure.append(('defaultModel', mstr()))
    model = profile.pick(OPENAI_MODELS)
    openai = [('apiProvider', lit_enum('OpenAI')), ('apiUrl', s.Str())]
    if model is not None:
        openai.append(('defaultModel', s.Str(default=model)))
    if profile.at_least(8, 16):
        openai += [('organizationId', mstr()), ('projectId', mstr())]
    openai += [headers] + tuning
    members = [s.Obj(azure), s.Obj(openai)]
    if profile.at_least(8, 17):
        other = [('apiProvider', lit_enum('Other')), ('apiUrl', s.Str()), ('defaultModel', s.Str()), headers] + tuning
        if _pki(profile):
            other += [('verificationMode', s.OptDefault(lit_enum('full', 'certificate', 'none'), 'full')),
                      ('enableNativeFunctionCalling', s.Maybe(s.Bool()))]
        members.append(s.Obj(other))
    return s.OneOf(members)


def genai_secrets(profile):
    if not _pki(profile):
        return s.Obj([('apiKey', s.Str())])
    pki = s.Obj([('apiKey', mstr(min_len=1)), ('certificateData', mstr(min_len=1)), ('privateKeyData', mstr(min_len=1)),
                 ('caData', mstr(min_len=1))])
    return s.OneOf([s.Obj([('apiKey', s.Str())]), pki])


def _pem(value, begins):
    try:
        text = base64.b64decode(value, validate=False).decode('utf-8', 'replace')
    except ValueError:
        return False
    return any(text.lstrip().startswith(begin) for begin in begins)


def genai_secrets_check(secrets, _settings, profile):
    """K openai/lib/other_openai_utils.ts@024f3a4a (PKI from 8.19 / 9.1; texts of the newer variant, test @bbaa7aaa)."""
    if not _pki(profile):
        return
    cert, key, ca = secrets.get('certificateData'), secrets.get('privateKeyData'), secrets.get('caData')
    if cert or key:
        if not cert:
            raise ValueError('Certificate data must be provided for PKI')
        if not key:
            raise ValueError('Private key data must be provided for PKI')
        if not _pem(cert, ['-----BEGIN CERTIFICATE-----']):
            raise ValueError('Invalid Certificate data file format: The file must be a PEM-encoded certificate beginning with '
                             '"-----BEGIN CERTIFICATE-----".')
        if not _pem(key, ['-----BEGIN PRIVATE KEY-----', '-----BEGIN RSA PRIVATE KEY-----']):
            raise ValueError('Invalid Private key data file format: The file must be a PEM-encoded private key beginning with '
                             '"-----BEGIN PRIVATE KEY-----" or "-----BEGIN RSA PRIVATE KEY-----".')
        if ca and not _pem(ca, ['-----BEGIN CERTIFICATE-----']):
            raise ValueError('Invalid CA certificate data file format: The file must be a PEM-encoded certificate beginning with '
                             '"-----BEGIN CERTIFICATE-----".')
    elif not secrets.get('apiKey'):
        raise ValueError('[apiKey]: expected value of type [string] but got [undefined]')


def genai_sub_actions(profile):
    run = s.Obj([('body', s.Str()), ('signal', s.Any()), ('timeout', s.Maybe(s.Num())), ('telemetryMetadata', s.Maybe(s.Any()))])
    invoke = SubAction(s.Obj([('messages', s.ArrayOf(s.Obj([('role', s.Str()), ('content', s.Any())], unknowns='allow')))], unknowns='allow'))
    out = {'run': SubAction(run), 'test': SubAction(run), 'invokeAI': invoke, 'invokeStream': invoke,
           'stream': SubAction(s.Obj([('body', s.Str()), ('stream', s.Bool(default=False))], unknowns='allow')),
           'getDashboard': SubAction(s.Obj([('dashboardId', s.Str())]))}
    if profile.nine:
        out['invokeAsyncIterator'] = invoke
    return out


def bedrock_config(profile):
    """K common/bedrock/schema.ts@06b740bc (<= 9.2), kbn-connector-schemas/bedrock/schemas/v1.ts@76746b52 (9.3), @027ff216 (9.4: + region)."""
    props = [('apiUrl', s.Str()), ('defaultModel', s.Str(default=profile.pick(BEDROCK_MODELS)))]
    if profile.zod:
        props += [('contextWindowLength', s.Maybe(s.Num(coerce=True))), ('temperature', s.Maybe(s.Num(coerce=True)))]
    if profile.at_least(9, 4):
        props.append(('region', mstr()))
    return s.Obj(props)


def _messages_sub_actions(names, dashboard=True):
    invoke = SubAction(s.Obj([('messages', s.Any())], unknowns='allow'))
    run = SubAction(s.Obj([('body', s.Any())], unknowns='allow'))
    out = {'run': run, 'test': run}
    out.update((name, invoke) for name in names)
    if dashboard:
        out['getDashboard'] = SubAction(s.Obj([('dashboardId', s.Str())]))
    return out


def bedrock_sub_actions(profile):
    names = ['invokeAI', 'invokeStream', 'invokeAIRaw'] + (['converse', 'converseStream', 'bedrockClientSend'] if profile.nine else [])
    return _messages_sub_actions(names)


def gemini_config(profile):
    """K common/gemini/schema.ts@1ecee627 (8.x), kbn-connector-schemas/gemini/schemas/v1.ts@2710eadb (9.4)."""
    props = [('apiUrl', s.Str()), ('defaultModel', s.Str(default=profile.pick(GEMINI_MODELS))), ('gcpRegion', s.Str()), ('gcpProjectID', s.Str())]
    if profile.zod:
        props += [('contextWindowLength', s.Maybe(s.Num(coerce=True))), ('temperature', s.Maybe(s.Num(coerce=True)))]
    return s.Obj(props)


def gemini_secrets_check(secrets, _settings, profile):
    """9.4+: only service-account credentials (K x-pack/platform/plugins/shared/stack_connectors/server/connector_types/gemini/
    validators.ts@15f26642; the issue's 9.4 facts refuse an `external_account` credentialsJson)."""
    if not profile.at_least(9, 4):
        return
    text = secrets.get('credentialsJson')
    if not text:
        raise ValueError('Google Service Account credentials JSON is required.')
    try:
        parsed = json.loads(text)
    except ValueError:
        raise ValueError('Invalid JSON format for credentials.') from None
    kind = parsed.get('type') if isinstance(parsed, dict) else None
    if kind != 'service_account':
        raise ValueError('Invalid credential type. Only "service_account" credentials are supported. Type was "%s".'
                         % ('undefined' if kind is None else kind))


def gemini_sub_actions(_profile):
    return _messages_sub_actions(['invokeAI', 'invokeAIRaw', 'invokeStream'])


# .inference: K x-pack/plugins/stack_connectors/server/connector_types/inference/index.ts@04fb36e2 (8.x). Up to 9.2 the schemas are
# @kbn/config-schema `schema.object`s, which refuse unknown keys: x-pack/plugins/stack_connectors/common/inference/schema.ts@042e813d (8.x),
# x-pack/platform/plugins/shared/stack_connectors/common/inference/schema.ts@3fae99ca (9.x). The zod version of that file
# (@31f4c506, not strict) is PR #238309's, merged for 9.3 only, where the schemas moved to kbn-connector-schemas/inference/schemas/v1.ts:
# @331469fa (9.3, zod v3) and @1064da9d (9.4, zod v4), both `.strict()` (unknown keys refused); constants.ts@5ee07986.
INFERENCE_PROVIDERS = ('amazonbedrock', 'azureopenai', 'azureaistudio', 'cohere', 'elasticsearch', 'googleaistudio', 'googlevertexai',
                       'hugging_face', 'mistral', 'openai', 'anthropic', 'watsonxai', 'alibabacloud-ai-search', 'elastic')
INFERENCE_TASK_TYPES = ('chat_completion', 'completion', 'rerank', 'text_embedding', 'sparse_embedding')


def inference_config(profile):
    passthrough = s.Obj([], unknowns='allow', default={})
    props = [('provider', s.Str()), ('taskType', s.Str()), ('inferenceId', s.Str()), ('providerConfig', passthrough),
             ('taskTypeConfig', s.Obj([], unknowns='allow', default={})), ('contextWindowLength', s.Maybe(s.Num(coerce=True)))]
    if profile.zod:
        props += [('headers', s.Maybe(s.RecordOf(s.Str()))), ('temperature', s.Maybe(s.Num(coerce=True)))]
    return s.Obj(props)


def inference_secrets(_profile):
    return s.Obj([('providerSecrets', s.Obj([], unknowns='allow', default={}))])


def inference_config_check(config, _settings, _profile):
    prefix = 'Error configuring Inference API action: Error: '
    if config['provider'] not in INFERENCE_PROVIDERS:
        raise ValueError('%sAPI Provider is not supported: %s by Inference Endpoint.' % (prefix, config['provider']))
    if config['taskType'] not in INFERENCE_TASK_TYPES:
        raise ValueError('%sTask type is not supported: %s by Inference Endpoint.' % (prefix, config['taskType']))


def inference_sub_actions(_profile):
    body = s.Obj([('messages', s.ArrayOf(s.Any(), default=[]))], unknowns='allow')
    unified = SubAction(s.Obj([('body', body)], unknowns='allow'))
    single = SubAction(s.Obj([('input', s.Str())], unknowns='allow'))
    return {'unified_completion': unified, 'unified_completion_stream': unified, 'unified_completion_async_iterator': unified,
            'completion': single, 'completion_stream': single,
            'rerank': SubAction(s.Obj([('query', s.Str()), ('input', s.ArrayOf(s.Str(), default=[]))], unknowns='allow')),
            'text_embedding': SubAction(s.Obj([('input', s.Str()), ('inputType', s.Str())], unknowns='allow')),
            'sparse_embedding': single}


# Deprecated connector types from 9.5 (K PR #261591; elastic/docs-content#7346, #7424): still created, read, updated and run
# through the API, `is_connector_type_deprecated: true`; 9.6 also removes them from the UI's create picker (kibana#279551).
LLM_RECOMMENDATION = 'Use Elasticsearch inference endpoints to connect to large language models instead.'


def _llm_deprecated(profile):
    return profile.llm_types_deprecated


# .mcp: K kbn-connector-schemas/mcp/schemas/v1.ts@45628310 (not strict), constants.ts@d1ccb566, connector_types/mcp/index.ts@33a26fbf.
def mcp_config(_profile):
    return s.Obj([('serverUrl', s.Str()), ('hasAuth', s.Bool(default=True)), ('authType', s.Maybe(lit_enum('none', 'bearer', 'apiKey', 'basic'))),
                  ('apiKeyHeaderName', mstr(min_len=1)), ('headers', s.Maybe(s.RecordOf(s.Str())))], unknowns='ignore')


def mcp_secrets(_profile):
    return s.Obj([('token', mstr()), ('apiKey', mstr()), ('user', mstr()), ('password', mstr()),
                  ('secretHeaders', s.Maybe(s.RecordOf(s.Str())))], unknowns='ignore')


def mcp_sub_actions(_profile):
    return {'test': SubAction(s.Obj([]), True), 'listTools': SubAction(s.Obj([('forceRefresh', s.Maybe(s.Bool()))]), True),
            'callTool': SubAction(s.Obj([('name', s.Str()), ('arguments', s.Maybe(s.RecordOf(s.Any())))]))}


# ---------------------------------------------------------------- EDR: .crowdstrike / .sentinelone / .microsoft_defender_endpoint
# K crowdstrike: kbn-connector-schemas/crowdstrike/schemas/v1.ts@55ad5fd8, crowdstrike.ts@10fc3a72; sentinelone: kbn-connector-schemas/
# sentinelone/schemas/v1.ts@1342a853, sentinelone.ts@0c4e871d; MDE: common/microsoft_defender_endpoint/schema.ts@1ff59e5a,
# kbn-connector-schemas/microsoft_defender_endpoint/schemas/v1.ts@731a3af2, microsoft_defender_endpoint.ts@7bd28782.
def _edr_features(profile):
    """siem before the EDR sub-feature work (8.18 / 9.0), endpointSecurity after (K PR #203503)."""
    return [ENDPOINT] if profile.at_least(8, 18) else [SIEM]


def crowdstrike_secrets(_profile):
    return s.Obj([('clientId', s.Str()), ('clientSecret', s.Str())])


def crowdstrike_sub_actions(profile):
    ids = s.Obj([('ids', s.ArrayOf(s.Str()))])
    host = s.Obj([('command', lit_enum('contain', 'lift_containment')), ('ids', s.ArrayOf(s.Str())),
                  ('actionParameters', s.Maybe(s.RecordOf(s.Any()))), ('alertIds', s.Maybe(s.ArrayOf(s.Str()))), ('comment', mstr())])
    out = {'getAgentDetails': SubAction(ids, True), 'getAgentOnlineStatus': SubAction(ids, True), 'hostActions': SubAction(host)}
    if profile.at_least(8, 18):
        rtr = SubAction(s.Any())
        out.update({'executeRTRCommand': rtr, 'batchActiveResponderExecuteRTR': rtr, 'batchAdminExecuteRTR': rtr,
                    'getRTRCloudScripts': SubAction(s.Any(), True)})
    return out


def sentinelone_sub_actions(_profile):
    filters = s.RecordOf(s.Any())
    return {'getAgents': SubAction(filters, True), 'isolateHost': SubAction(filters), 'releaseHost': SubAction(filters),
            'executeScript': SubAction(s.Obj([('filter', s.RecordOf(s.Any())), ('script', s.Obj([('scriptId', s.Str())], unknowns='allow')),
                                              ('alertIds', s.Maybe(s.ArrayOf(s.Str())))])),
            'getRemoteScripts': SubAction(filters, True), 'getRemoteScriptStatus': SubAction(s.Obj([('parentTaskId', s.Str())], unknowns='allow'), True),
            'getRemoteScriptResults': SubAction(s.Obj([('taskIds', s.ArrayOf(s.Str()))]), True),
            'downloadRemoteScriptResults': SubAction(s.Obj([('taskId', s.Str())]), True),
            'fetchAgentFiles': SubAction(s.Obj([('agentId', s.Str()), ('zipPassCode', s.Str(min_len=10)), ('files', s.ArrayOf(s.Str()))])),
            'downloadAgentFile': SubAction(s.Obj([('agentId', s.Str()), ('activityId', s.Str())]), True),
            'getActivities': SubAction(filters, True)}


MDE_CONFIG_KEYS = ('clientId', 'tenantId', 'oAuthServerUrl', 'oAuthScope', 'apiUrl')


def mde_config(_profile):
    return s.Obj([(key, s.Str(min_len=1)) for key in MDE_CONFIG_KEYS])


def mde_config_check(config, settings, profile):
    url_allowed('oAuthServerUrl')(config, settings, profile)
    url_allowed('apiUrl')(config, settings, profile)


def mde_sub_actions(_profile):
    page = [('page', s.OptDefault(s.Num(minimum=1), 1)), ('pageSize', s.OptDefault(s.Num(minimum=1, maximum=1000), 20))]
    agent_filters = [(key, s.Maybe(s.Any())) for key in ('computerDnsName', 'id', 'version', 'deviceValue', 'aaDeviceId', 'machineTags',
                                                         'lastSeen', 'exposureLevel', 'onboardingStatus', 'lastIpAddress', 'healthStatus',
                                                         'osPlatform', 'riskScore', 'rbacGroupId')]
    action_filters = [(key, s.Maybe(s.Any())) for key in ('id', 'status', 'machineId', 'type', 'requestor', 'creationDateTimeUtc')]
    host = s.Obj([('id', s.Str(min_len=1)), ('comment', s.Str(min_len=1))])
    return {'testConnector': SubAction(s.Obj([]), True), 'getAgentDetails': SubAction(s.Obj([('id', s.Str(min_len=1))]), True),
            'getAgentList': SubAction(s.Obj(agent_filters + page), True),
            'getActions': SubAction(s.Obj(action_filters + page + [('sortField', mstr()), ('sortDirection', s.Maybe(lit_enum('asc', 'desc')))]), True),
            'isolateHost': SubAction(host), 'releaseHost': SubAction(host)}


def any_params(_profile):
    return s.RecordOf(s.Any())


# ---------------------------------------------------------------- the registry
MINIMAL = {
    '.index': ({'index': 'my-index'}, {}),
    '.server-log': ({}, {}),
    '.email': ({'from': 'a@example.com', 'host': 'smtp.example.com', 'port': 587}, {'user': 'u', 'password': 'p'}),
    '.slack': ({}, {'webhookUrl': 'https://hooks.slack.com/services/T/B/X'}),
    '.slack_api': ({}, {'token': 'xoxb-1'}),
    '.teams': ({}, {'webhookUrl': 'https://example.webhook.office.com/x'}),
    '.webhook': ({'url': 'https://example.com/hook'}, {}),
    '.cases-webhook': (dict((key, 'https://cases.example/%s' % key if key.endswith('Url') else '{}' if key.endswith('Json') else 'id')
                            for key in CASES_WEBHOOK_REQUIRED), {'user': 'u', 'password': 'p'}),
    '.xmatters': ({'configUrl': 'https://x.example/flow', 'usesBasic': True}, {'user': 'u', 'password': 'p'}),
    '.pagerduty': ({}, {'routingKey': 'r'}),
    '.opsgenie': ({'apiUrl': 'https://api.opsgenie.com'}, {'apiKey': 'k'}),
    '.servicenow': ({'apiUrl': 'https://dev.service-now.com'}, {'username': 'u', 'password': 'p'}),
    '.servicenow-sir': ({'apiUrl': 'https://dev.service-now.com'}, {'username': 'u', 'password': 'p'}),
    '.servicenow-itom': ({'apiUrl': 'https://dev.service-now.com'}, {'username': 'u', 'password': 'p'}),
    '.jira': ({'apiUrl': 'https://acme.atlassian.net', 'projectKey': 'OPS'}, {'email': 'a@example.com', 'apiToken': 't'}),
    '.jira-service-management': ({'apiUrl': 'https://api.atlassian.com'}, {'apiKey': 'k'}),
    '.resilient': ({'apiUrl': 'https://resilient.example', 'orgId': '201'}, {'apiKeyId': 'id', 'apiKeySecret': 's'}),
    '.swimlane': ({'apiUrl': 'https://swimlane.example', 'appId': 'app', 'connectorType': 'all', 'mappings': {}}, {'apiToken': 't'}),
    '.torq': ({'webhookIntegrationUrl': 'https://hooks.torq.io/v1/webhooks/abc'}, {'token': 't'}),
    '.tines': ({'url': 'https://example.tines.com'}, {'email': 'me@example.com', 'token': 't'}),
    '.d3security': ({'url': 'https://d3.example.com/api/event'}, {'token': 't'}),
    '.xsoar': ({'url': 'https://xsoar.example.com'}, {'apiKey': 'k'}),
    '.thehive': ({'url': 'https://thehive.example.com'}, {'apiKey': 'k'}),
    '.gen-ai': ({'apiProvider': 'OpenAI', 'apiUrl': 'https://api.openai.com/v1/chat/completions'}, {'apiKey': 'sk-x'}),
    '.bedrock': ({'apiUrl': 'https://bedrock-runtime.us-east-1.amazonaws.com'}, {'accessKey': 'a', 'secret': 's'}),
    '.gemini': ({'apiUrl': 'https://us-central1-aiplatform.googleapis.com', 'gcpRegion': 'us-central1', 'gcpProjectID': 'p'},
                {'credentialsJson': '{"type":"service_account"}'}),
    '.inference': ({'provider': 'openai', 'taskType': 'completion', 'inferenceId': 'my-openai-completion', 'providerConfig': {'model_id': 'gpt-4o'}},
                   {'providerSecrets': {'api_key': 'sk-x'}}),
    '.mcp': ({'serverUrl': 'https://mcp.example.com/mcp', 'authType': 'bearer'}, {'token': 't'}),
    '.crowdstrike': ({'url': 'https://api.crowdstrike.com'}, {'clientId': 'id', 'clientSecret': 's'}),
    '.sentinelone': ({'url': 'https://usea1.sentinelone.net'}, {'token': 't'}),
    '.http': ({'url': 'https://api.example.com'}, {}),
    '.microsoft_defender_endpoint': ({'clientId': 'c', 'tenantId': 't', 'oAuthServerUrl': 'https://login.microsoftonline.com',
                                      'oAuthScope': 'https://securitycenter.onmicrosoft.com/windowsatpservice/.default',
                                      'apiUrl': 'https://api.securitycenter.windows.com'}, {'clientSecret': 's'}),
}

SOURCES = {
    '.index': 'x-pack/platform/plugins/shared/stack_connectors/server/connector_types/es_index/index.ts@167598a5; '
              'kbn-connector-schemas/es_index/schemas/v1.ts@34ab3873',
    '.server-log': 'x-pack/platform/plugins/shared/stack_connectors/server/connector_types/server_log/index.ts@0703cc83; '
                   'kbn-connector-schemas/server_log/schemas/v1.ts@64a7e8ec; PR #153969 (8.8)',
    '.email': 'x-pack/platform/plugins/shared/stack_connectors/server/connector_types/email/index.ts@00cb7c75; '
              'kbn-connector-schemas/email/schemas/v1.ts@b1932cfe (9.3), @0ad9415f (9.4)',
    '.slack': 'x-pack/plugins/stack_connectors/server/connector_types/slack/index.ts (id 825149665); kbn-connector-schemas/slack/schemas/v1.ts@4428bc13',
    '.slack_api': 'x-pack/plugins/stack_connectors/common/slack_api/schema.ts@171b959f; x-pack/platform/.../common/slack_api/schema.ts@0ebeefe7; '
                  'kbn-connector-schemas/slack_api/schemas/v1.ts@1f1f8fc1, @98c7c5ce',
    '.teams': 'x-pack/plugins/stack_connectors/server/connector_types/teams/index.ts@104d4f9c; '
              'x-pack/platform/plugins/shared/stack_connectors/server/connector_types/teams/index.ts@6b49f2d4; PR #153969 (8.8)',
    '.webhook': 'x-pack/platform/plugins/shared/stack_connectors/common/auth/schema.ts@0a6baaaa; kbn-connector-schemas/webhook/schemas/v1.ts@41e8515b; '
                'kbn-connector-schemas/common/auth/schemas/v1.ts@11b9bae3; webhook/validations.ts@08fc8537; webhook/schemas/v1.test.ts@33a26fbf',
    '.cases-webhook': 'cases_webhook config-schema (id 1592184998); kbn-connector-schemas/cases_webhook/schemas/v1.ts@3659b62c; '
                      'cases_webhook/validators.ts@33fc3735; PR #131762 (8.4)',
    '.xmatters': 'x-pack/plugins/stack_connectors/server/connector_types/xmatters/index.ts@1981342f; .../xmatters/index.ts@05c84297; '
                 'kbn-connector-schemas/xmatters/schemas/v1.ts@3dc5dbd0',
    '.pagerduty': 'x-pack/platform/plugins/shared/stack_connectors/server/connector_types/pagerduty/index.ts@167598a5',
    '.opsgenie': 'x-pack/platform/plugins/shared/stack_connectors/server/connector_types/opsgenie/index.ts@027ff216; '
                 'kbn-connector-schemas/opsgenie/schemas/v1.ts@15944329; PR #142164 (8.6)',
    '.servicenow': 'x-pack/platform/plugins/shared/stack_connectors/server/connector_types/servicenow_itsm/index.ts@12071a2d; '
                   'lib/servicenow/validators.ts@089d9d14; kbn-connector-schemas/servicenow/schemas/v1.ts@3ac3829e; is_connector_deprecated.ts@1a8b5907',
    '.servicenow-sir': 'x-pack/platform/plugins/shared/stack_connectors/server/connector_types/servicenow_sir/index.ts@01ad79c3; '
                       'kbn-connector-schemas/servicenow_sir/schemas/v1.ts@50395418',
    '.servicenow-itom': 'x-pack/platform/plugins/shared/stack_connectors/server/connector_types/servicenow_itom/index.ts@01ad79c3; '
                        'kbn-connector-schemas/servicenow_itom/schemas/v1.ts@33a26fbf',
    '.jira': 'x-pack/platform/plugins/shared/stack_connectors/server/connector_types/jira/index.ts@0c4e871d; kbn-connector-schemas/jira/schemas/v1.ts@3ac3829e',
    '.jira-service-management': 'kbn-connector-schemas/jira-service-management/constants.ts@5d45e549, schemas/v1.ts@09e7cfe6; '
                                'connector_types/jira-service-management/index.ts@027ff216; PRs #231155, #235408 (9.2)',
    '.resilient': 'x-pack/plugins/stack_connectors/server/connector_types/resilient/schema.ts@10464f79; .../resilient/index.ts@1d137a13; '
                  'kbn-connector-schemas/resilient/schemas/v1.ts@089d9d14; PR #180561 (8.15)',
    '.swimlane': 'swimlane config-schema (id 1520700069); kbn-connector-schemas/swimlane/schemas/v1.ts@1064da9d; swimlane/index.ts@167598a5',
    '.torq': 'x-pack/platform/plugins/shared/stack_connectors/server/connector_types/torq/index.ts@8800784c, @0fd28cf7; '
             'kbn-connector-schemas/torq/schemas/v1.ts@027ff216; PRs #149405 (8.7), #212563',
    '.tines': 'x-pack/platform/plugins/shared/stack_connectors/common/tines/schema.ts@48e068a7; kbn-connector-schemas/tines/schemas/v1.ts@50558a21; '
              'tines.ts@02dbce49; PR #143505 (8.6)',
    '.d3security': 'x-pack/plugins/stack_connectors/common/d3security/schema.ts@d1b82790; kbn-connector-schemas/d3security/schemas/v1.ts@0fc569ed; '
                   'PR #158569 (8.9)',
    '.xsoar': 'x-pack/platform/plugins/shared/stack_connectors/common/xsoar/schema.ts@4009f51d; kbn-connector-schemas/xsoar/schemas/v1.ts@74d1c62f; '
              'PRs #212049 (9.1), #224698 (8.19)',
    '.thehive': 'x-pack/platform/plugins/shared/stack_connectors/common/thehive/schema.ts@103b5589; kbn-connector-schemas/thehive/schemas/v1.ts@174aa4cd; '
                'PR #191903 (8.16)',
    '.gen-ai': 'x-pack/plugins/stack_connectors/common/openai/schema.ts@125f023a, constants.ts@002975bb; x-pack/platform/.../common/openai/schema.ts@0935d444; '
               'kbn-connector-schemas/openai/schemas/v1.ts@e2971c75, constants.ts@538d041d; PRs #162754, #189080, #215624, #220146',
    '.bedrock': 'x-pack/plugins/stack_connectors/common/bedrock/constants.ts@018dbb37; x-pack/platform/.../common/bedrock/schema.ts@06b740bc, '
                'constants.ts@589f2b04; kbn-connector-schemas/bedrock/schemas/v1.ts@76746b52 (9.3), @027ff216 (9.4)',
    '.gemini': 'x-pack/plugins/stack_connectors/common/gemini/schema.ts@1ecee627; kbn-connector-schemas/gemini/constants.ts@48c17d6c, '
               'schemas/v1.ts@2710eadb; PR #183668 (8.15)',
    '.inference': 'x-pack/plugins/stack_connectors/server/connector_types/inference/index.ts@04fb36e2; '
                  'x-pack/plugins/stack_connectors/common/inference/schema.ts@042e813d, '
                  'x-pack/platform/.../common/inference/schema.ts@3fae99ca (config-schema, <= 9.2); '
                  'kbn-connector-schemas/inference/schemas/v1.ts@331469fa (9.3), @1064da9d (9.4); PR #189027',
    '.mcp': 'kbn-connector-schemas/mcp/schemas/v1.ts@45628310, constants.ts@d1ccb566; connector_types/mcp/index.ts@33a26fbf; PRs #245405, #246759 (9.3)',
    '.crowdstrike': 'kbn-connector-schemas/crowdstrike/schemas/v1.ts@55ad5fd8; crowdstrike/index.ts@51bd93dd; PRs #180175, #186801 (8.15)',
    '.sentinelone': 'kbn-connector-schemas/sentinelone/schemas/v1.ts@1342a853; sentinelone/index.ts@217ded5a; PRs #169922, #173859 (8.12)',
    '.microsoft_defender_endpoint': 'x-pack/platform/.../common/microsoft_defender_endpoint/schema.ts@1ff59e5a; '
                                    'kbn-connector-schemas/microsoft_defender_endpoint/schemas/v1.ts@731a3af2; PR #203183 (8.18 / 9.0)',
    '.cases': 'x-pack/platform/plugins/shared/cases/server/connectors/cases/index.ts@02d7f0b2, schema.ts@017e758b; PR #168369 (8.14)',
    '.http': 'kbn-connector-schemas/http/constants.ts@8f34e259, schemas/v1.ts@010fdd29 (9.4), @11b9bae3 (9.5); stack_connectors/server/'
             'connector_types/http/validations.ts@490c2029, translations.ts@027ff216, http_connector.ts@e2971c75; PRs #249004 (9.4), #258291 (9.5)',
    '.http-system': 'PR #249004 (9.4): the system variant of .http used by Workflows',
    '.observability-ai-assistant': 'x-pack/solutions/observability/plugins/observability_ai_assistant_app/server/rule_connector/index.ts@0be2b7be; '
                                   'PR #179980 (8.14)',
}


def _catalogue():
    features_3 = [ALERTING, UPTIME, SIEM]
    url_slack, url_teams = _webhook_url_check('slack'), _webhook_url_check('teams')
    sub = framework_params
    nine_3 = (9, 3)
    items = [
        ConnectorType('.index', 'Index', 'basic', features_3, config=index_config, secrets=from_8_8(empty_object), params=index_params),
        ConnectorType('.server-log', 'Server log', 'basic', _features([ALERTING, UPTIME], extra=[((9, 0), SIEM)]),
                      config=from_8_8(empty_object), secrets=from_8_8(empty_object), params=server_log_params),
        ConnectorType('.webhook', 'Webhook', 'gold', features_3, config=webhook_config, secrets=webhook_secrets, config_pre=webhook_config_pre,
                      config_check=webhook_config_check, params=webhook_params),
        ConnectorType('.slack', 'Slack', 'gold', features_3, config=empty_object, secrets=webhook_url_secrets,
                      secrets_check=url_slack, params=message_params),
        ConnectorType('.slack_api', 'Slack API', 'gold', [ALERTING, UPTIME, SIEM], config=slack_api_config, secrets=slack_api_secrets,
                      secrets_check=slack_api_secrets_check, params=slack_api_params, since=[(8, 8)]),
        ConnectorType('.email', 'Email', 'gold', _features(features_3, nine_3), config=email_config, config_check=email_config_check,
                      secrets=email_secrets, connector_check=email_connector_check, params=email_params),
        ConnectorType('.pagerduty', 'PagerDuty', 'gold', _features(features_3, nine_3), config=pagerduty_config,
                      config_check=pagerduty_config_check, secrets=pagerduty_secrets, params=pagerduty_params),
        ConnectorType('.teams', 'Microsoft Teams', 'gold', _features(features_3, nine_3), config=from_8_8(empty_object),
                      secrets=webhook_url_secrets, secrets_check=url_teams, params=message_params),
        ConnectorType('.xmatters', 'xMatters', 'gold', [ALERTING, SIEM], config=xmatters_config, config_check=xmatters_config_check,
                      secrets=xmatters_secrets, secrets_check=xmatters_secrets_check, connector_check=xmatters_connector_check,
                      params=xmatters_params, since=[(8, 1)]),
        ConnectorType('.jira', 'Jira', 'gold', [ALERTING, CASES, UPTIME, SIEM], config=jira_config, config_check=connector_url_check,
                      secrets=jira_secrets, params=jira_params),
        ConnectorType('.jira-service-management', 'Jira Service Management', 'platinum', _features(features_3, nine_3),
                      config=api_url_config, config_check=url_allowed('apiUrl'), secrets=_token_secrets('apiKey'), params=sub,
                      sub_actions=jsm_sub_actions, since=[(9, 2)]),
        ConnectorType('.servicenow', 'ServiceNow ITSM', 'platinum', [ALERTING, CASES, UPTIME, SIEM], config=servicenow_config,
                      config_check=servicenow_config_check, secrets=servicenow_secrets, secrets_check=servicenow_secrets_check,
                      connector_check=servicenow_connector_check, params=servicenow_params),
        ConnectorType('.servicenow-sir', 'ServiceNow SecOps', 'platinum', _features([ALERTING, CASES, SIEM], nine_3), config=servicenow_config,
                      config_check=servicenow_config_check, secrets=servicenow_secrets, secrets_check=servicenow_secrets_check,
                      connector_check=servicenow_connector_check, params=servicenow_sir_params),
        ConnectorType('.servicenow-itom', 'ServiceNow ITOM', 'platinum', _features([ALERTING, SIEM], nine_3), config=servicenow_itom_config,
                      config_check=servicenow_config_check, secrets=servicenow_secrets, secrets_check=servicenow_secrets_check,
                      connector_check=servicenow_connector_check, params=servicenow_itom_params),
        ConnectorType('.resilient', 'IBM Resilient', 'platinum', [ALERTING, CASES, SIEM], config=resilient_config,
                      config_check=resilient_config_check, secrets=resilient_secrets, params=resilient_params, sub_actions=resilient_sub_actions),
        ConnectorType('.swimlane', 'Swimlane', 'gold', _features([ALERTING, CASES, SIEM], nine_3), config=swimlane_config,
                      config_check=connector_url_check, secrets=_token_secrets('apiToken'), params=swimlane_params),
        ConnectorType('.torq', 'Torq', 'gold', _features(features_3, nine_3), config=torq_config, config_check=torq_config_check,
                      secrets=_token_secrets('token'), params=body_params, since=[(8, 7)]),
        ConnectorType('.opsgenie', 'Opsgenie', 'platinum', _features(features_3, nine_3), config=api_url_config,
                      config_check=url_allowed('apiUrl'), secrets=_token_secrets('apiKey'), params=sub, sub_actions=opsgenie_sub_actions,
                      since=[(8, 6)]),
        ConnectorType('.tines', 'Tines', 'gold', [SIEM], config=url_config, config_check=url_allowed('url'), secrets=_token_secrets('email', 'token'),
                      params=sub, sub_actions=tines_sub_actions, since=[(8, 6)]),
        ConnectorType('.d3security', 'D3 Security', 'gold', _features([ALERTING, SIEM], nine_3), config=url_config,
                      config_check=url_allowed('url'), secrets=_token_secrets('token'), params=sub, sub_actions=d3security_sub_actions,
                      since=[(8, 9)]),
        ConnectorType('.xsoar', 'XSOAR', 'platinum', [SIEM], config=url_config, config_check=url_allowed('url'), secrets=xsoar_secrets,
                      params=sub, sub_actions=xsoar_sub_actions, since=[(8, 19), (9, 1)]),
        ConnectorType('.thehive', 'TheHive', 'platinum', _features([ALERTING, SIEM, UPTIME, CASES], nine_3), config=thehive_config,
                      config_check=url_allowed('url'), secrets=_token_secrets('apiKey'), params=sub, sub_actions=thehive_sub_actions,
                      since=[(8, 16)]),
        ConnectorType('.gen-ai', 'OpenAI', 'enterprise', GENAI, config=genai_config, config_check=llm_url_check('OpenAI'),
                      secrets=genai_secrets, secrets_check=genai_secrets_check, params=sub, sub_actions=genai_sub_actions, since=[(8, 9)],
                      deprecated=_llm_deprecated, recommendation=LLM_RECOMMENDATION),
        ConnectorType('.bedrock', 'Amazon Bedrock', 'enterprise', _features(GENAI, nine_3), config=bedrock_config,
                      config_check=llm_url_check('Amazon Bedrock'), secrets=_token_secrets('accessKey', 'secret'), params=sub,
                      sub_actions=bedrock_sub_actions, since=[(8, 11)], deprecated=_llm_deprecated,
                      recommendation=LLM_RECOMMENDATION),
        ConnectorType('.gemini', 'Google Gemini', 'enterprise', _features(GENAI, nine_3), config=gemini_config,
                      config_check=llm_url_check('Google Gemini'), secrets=_token_secrets('credentialsJson'),
                      secrets_check=gemini_secrets_check, params=sub,
                      sub_actions=gemini_sub_actions, since=[(8, 15)], deprecated=_llm_deprecated,
                      recommendation=LLM_RECOMMENDATION),
        ConnectorType('.inference', 'AI Connector', 'enterprise', GENAI, config=inference_config, config_check=inference_config_check,
                      secrets=inference_secrets, params=sub, sub_actions=inference_sub_actions,
                      hooks='inference', since=[(8, 18), (9, 0)], deprecated=_llm_deprecated,
                      recommendation=LLM_RECOMMENDATION),
        ConnectorType('.mcp', 'MCP', 'enterprise', GENAI + [WORKFLOWS, AGENT_BUILDER], config=mcp_config, config_check=url_allowed('serverUrl'),
                      secrets=mcp_secrets, params=sub, sub_actions=mcp_sub_actions, since=[(9, 3)]),
        ConnectorType('.crowdstrike', 'CrowdStrike', 'enterprise', _edr_features, config=url_config, config_check=url_allowed('url'),
                      secrets=crowdstrike_secrets, params=sub, sub_actions=crowdstrike_sub_actions, since=[(8, 15)]),
        ConnectorType('.sentinelone', 'Sentinel One', 'enterprise', _edr_features, config=url_config, config_check=url_allowed('url'),
                      secrets=_token_secrets('token'), params=sub, sub_actions=sentinelone_sub_actions, since=[(8, 12)]),
        ConnectorType('.microsoft_defender_endpoint', 'Microsoft Defender for Endpoint', 'enterprise', [ENDPOINT], config=mde_config,
                      config_check=mde_config_check, secrets=lambda _p: s.Obj([('clientSecret', s.Str(min_len=1))]), params=sub,
                      sub_actions=mde_sub_actions, since=[(8, 18), (9, 0)]),
        ConnectorType('.cases-webhook', 'Webhook - Case Management', 'gold', [CASES], config=cases_webhook_config,
                      config_check=cases_webhook_config_check, secrets=cases_webhook_secrets,
                      connector_check=cases_webhook_connector_check, params=cases_webhook_params, since=[(8, 4)]),
        ConnectorType('.cases', 'Cases', 'platinum', [UPTIME, ALERTING, SIEM], config=empty_object, secrets=empty_object, params=any_params,
                      system=True, since=[(8, 14)]),
        ConnectorType('.http', 'HTTP', 'gold', [WORKFLOWS], config=http_config, config_pre=webhook_config_pre, config_check=http_config_check,
                      secrets=http_secrets, params=http_params, since=[(9, 4)]),
        # the system variant Workflows' http step runs through (K PR #249004); its in-memory connector system-connector-.http-system
        ConnectorType('.http-system', 'HTTP', 'gold', [WORKFLOWS], config=empty_object, secrets=empty_object, params=http_params, system=True,
                      since=[(9, 4)]),
        ConnectorType('.observability-ai-assistant', 'Observability AI Assistant', 'enterprise', [ALERTING], config=empty_object,
                      secrets=empty_object, params=any_params, system=True, since=[(8, 14)]),
    ]
    for item in items:
        item.source = SOURCES.get(item.id, '')
        if item.id in MINIMAL:
            item.minimal = MINIMAL[item.id]
    items += [spec_type(type_id, spec) for type_id, spec in sorted(specs.SPECS.items())]
    return dict((item.id, item) for item in items)


def spec_params(_profile):
    """A spec type's params: {subAction: <action name>, subActionParams}; the actions' own input schemas are not modelled."""
    return s.Obj([('subAction', s.Str()), ('subActionParams', s.Maybe(s.Obj([], unknowns='allow')))], unknowns='ignore')


def spec_type(type_id, spec):
    """A connector type registered from @kbn/connector-specs (see specs.py)."""
    name, license_level, features, since, _config, _auth, evidence = spec
    ctype = ConnectorType(type_id, name, license_level, list(features), config=lambda _p: specs.config_schema(spec),
                          secrets=lambda _p: specs.secrets_schema(spec), params=spec_params, since=[since], connector_spec=spec,
                          dialect=lambda _p: 4)
    ctype.source = 'kbn-connector-specs (create_connector_from_spec.ts; connector_release_manifest.json@025f7381); %s' % evidence
    ctype.minimal = (specs.minimal_config(type_id), specs.minimal_secrets(type_id))
    return ctype


TYPES = _catalogue()
SYSTEM_CONNECTORS = {'system-connector-.cases': ('.cases', 'Cases'), 'system-connector-.http-system': ('.http-system', 'HTTP'),
                     'system-connector-.observability-ai-assistant': ('.observability-ai-assistant', 'Observability AI Assistant')}


# ---------------------------------------------------------------- types registered at run time (test control)
EXTRA_KEYS = ('id', 'name', 'license', 'features', 'config_defaults', 'config_required', 'secrets_required', 'secret_keys')


def extra_type(spec):
    """A type the catalogue does not know, from `--extra-type` or `POST /__double__/types`: open config (unknown keys
    kept) whose missing keys get `config_defaults`, required string keys, open secrets. Raise ValueError."""
    if not isinstance(spec, dict) or not isinstance(spec.get('id'), str) or not spec['id'].strip():
        raise ValueError('an extra type needs {"id": ".my-type", "config_defaults": {...}, ...}')
    unknown = [key for key in spec if key not in EXTRA_KEYS]
    if unknown:
        raise ValueError('unknown extra type keys: %s (known: %s)' % (', '.join(sorted(unknown)), ', '.join(EXTRA_KEYS)))
    defaults = spec.get('config_defaults') or {}
    required = list(spec.get('config_required') or [])
    secrets_required = list(spec.get('secrets_required') or [])
    secret_keys = list(spec.get('secret_keys') or secrets_required)
    license_level = spec.get('license', 'basic')
    if not isinstance(defaults, dict) or license_level not in LICENSE_RANK:
        raise ValueError('config_defaults must be an object and license one of %s' % ', '.join(LICENSE_RANK))

    def config(_profile):
        props = [(key, s.Str()) for key in required if key not in defaults]
        props += [(key, s.Any(default=value)) for key, value in defaults.items()]
        return s.Obj(props, unknowns='allow')

    def secrets(_profile):
        props = [(key, s.Str()) for key in secrets_required]
        props += [(key, s.Maybe(s.Any())) for key in secret_keys if key not in secrets_required]
        return s.Obj(props, unknowns='allow')

    ctype = ConnectorType(spec['id'], spec.get('name') or spec['id'], license_level, list(spec.get('features') or [ALERTING]),
                          config=config, secrets=secrets, params=any_params, extra=True, source='registered at run time (test control)')
    ctype.spec = copy.deepcopy(spec)
    return ctype


def get_type(type_id, profile, extra=None):
    """The registered type, or None."""
    ctype = (extra or {}).get(type_id) or TYPES.get(type_id)
    if ctype is None or not ctype.available(profile):
        return None
    return ctype


def all_types(profile, extra=None):
    """Every type registered in this version (system ones included), the extra ones last."""
    out = [ctype for ctype in TYPES.values() if ctype.available(profile) and ctype.id not in (extra or {})]
    return out + list((extra or {}).values())


def listed_types(profile, extra=None):
    """Types the public connector_types route shows: listTypes without includeSystemActionTypes filters system types out
    (K x-pack/platform/plugins/shared/actions/server/application/connector/methods/list_types/list_types.ts@1142f993)."""
    return [ctype for ctype in all_types(profile, extra) if not ctype.system]


def is_system_type(type_id, profile):
    """actionTypeRegistry.isSystemActionType in this version."""
    ctype = get_type(type_id, profile)
    return ctype is not None and ctype.system


def system_connector_ids(profile):
    """Ids of the in-memory system connectors of this version (one per registered system type)."""
    if not profile.system_connectors:
        return []
    return [cid for cid, (type_id, _name) in SYSTEM_CONNECTORS.items() if is_system_type(type_id, profile)]


def is_license_valid(ctype, license_level):
    """licenseState.isLicenseValidForActionType"""
    return LICENSE_RANK.get(license_level, -1) >= LICENSE_RANK[ctype.license]


def is_deprecated(type_id, config, preconfigured=False):
    """isConnectorDeprecated (K is_connector_deprecated.ts@1a8b5907): ServiceNow ITSM/SecOps using the Table API;
    ServiceNow ITOM and every other type never."""
    if type_id not in ('.servicenow', '.servicenow-sir') or not isinstance(config, dict):
        return False
    if 'usesTableApi' not in config:
        return bool(preconfigured)
    return bool(config['usesTableApi'])


def _run(check_schema, value, label, zod, custom=None, settings=None, profile=None):  # pylint: disable=too-many-arguments
    try:
        if check_schema is not None:
            value = s.validate(check_schema, value, zod)
        if custom is not None:
            custom(value, settings, profile)
    except s.SchemaError as err:
        raise ValidationFailure('error validating %s: %s' % (label, s.describe(err, zod))) from None
    except ValueError as err:
        raise ValidationFailure('error validating %s: %s' % (label, err)) from None
    return value


def validate_connector(ctype, config, secrets, settings, profile):
    """validateConfig, validateSecrets, validateConnector in Kibana's order; return the stored values.

    The cross-field check sees the values as sent (create.ts passes the request's config and secrets)."""
    word = 'connector type' if profile.zod else 'action type'
    zod = ctype.zod(profile)
    if ctype.connector_spec is not None and isinstance(config, dict) and isinstance(secrets, dict) and isinstance(secrets.get('authType'), str) \
            and 'authType' not in config:
        # the stored config names the auth type the secrets use (K slack2 FTR test: secrets {authType: 'webhook', ...} ->
        # config {authType: 'webhook'})
        config = dict(config, authType=secrets['authType'])
    raw_config, raw_secrets = config, secrets
    if ctype.config_pre is not None:
        config = ctype.config_pre(config, profile)
    config_schema = ctype.config(profile) if ctype.config else None
    config = _run(config_schema, config, word + ' config', zod, ctype.config_check, settings, profile)
    secrets = _run(ctype.secrets(profile) if ctype.secrets else None, secrets, word + ' secrets', zod, ctype.secrets_check, settings, profile)
    if ctype.connector_check is not None:
        message = ctype.connector_check(raw_config if isinstance(raw_config, dict) else {}, raw_secrets if isinstance(raw_secrets, dict) else {},
                                        profile)
        if message:
            raise ValidationFailure('error validating action type connector: %s' % message)
    return config, secrets


def validate_params(ctype, params, profile):
    """validateParams; return the params with defaults."""
    return _run(ctype.params(profile) if ctype.params else None, params, 'action params', ctype.zod(profile))


# ---------------------------------------------------------------- what the double knows, for other tests to compare
def _keys_of(summary):
    if 'variants' in summary:
        keys = {}
        for variant in summary['variants']:
            keys.update(variant.get('keys', {}))
        return keys
    return summary.get('keys', {})


def _required(summary):
    if 'variants' in summary:
        sets = [set(k for k, v in variant.get('keys', {}).items() if v.get('required')) for variant in summary['variants']]
        return sorted(set.intersection(*sets)) if sets else []
    return sorted(k for k, v in summary.get('keys', {}).items() if v.get('required'))


def _unknowns(summary):
    if 'variants' in summary:
        return summary['variants'][0].get('unknown_keys', 'kept')
    return summary.get('unknown_keys', 'kept')


def _defaults(summary):
    if 'variants' in summary:
        return None
    return dict((k, v['default']) for k, v in summary.get('keys', {}).items() if 'default' in v)


def describe_type(ctype, profile, settings=None):
    """One type as the double imitates it in this version (JSON-able)."""
    zod = ctype.zod(profile)
    config = s.introspect(ctype.config(profile), zod) if ctype.config and ctype.config(profile) is not None else {'open': True}
    secrets = s.introspect(ctype.secrets(profile), zod) if ctype.secrets and ctype.secrets(profile) is not None else {'open': True}
    out = {'id': ctype.id, 'name': ctype.name, 'minimum_license_required': ctype.license, 'supported_feature_ids': ctype.features(profile),
           'is_system_action_type': ctype.system, 'since': [list(v) for v in ctype.since] if ctype.since else None,
           'sub_action_framework': ctype.is_sub_action_type(profile), 'extra': ctype.extra, 'source': ctype.source,
           'config': config, 'secrets': secrets,
           'config_required': _required(config), 'config_defaults': _defaults(config),
           'secrets_required': _required(secrets), 'secret_keys': sorted(_keys_of(secrets)),
           'schema': {0: 'config-schema', 3: 'zod v3', 4: 'zod v4'}[zod], 'unknown_config_keys': _unknowns(config),
           'deprecated_when': 'config.usesTableApi is true' if ctype.id in ('.servicenow', '.servicenow-sir') else None}
    if ctype.connector_spec is not None:
        out['kibana_source'] = 'spec'
        out['auth_types'] = specs.auth_type_ids(ctype.connector_spec)
    if ctype.deprecated is not None:
        out['connector_type_deprecated'] = ctype.is_deprecated(profile)
        out['deprecation_recommendation'] = ctype.recommendation
    if ctype.is_sub_action_type(profile):
        out['sub_actions'] = dict((name, {'reads_only': sa.reads_only, 'params_validated': sa.schema is not None})
                                  for name, sa in sorted(ctype.sub_actions(profile).items()))
    if ctype.minimal is not None and not ctype.system:
        example = {'config': copy.deepcopy(ctype.minimal[0]), 'secrets': dict((k, '<secret>') for k in ctype.minimal[1])}
        try:
            from .config import ActionsSettings  # pylint: disable=import-outside-toplevel
            stored, _secrets = validate_connector(ctype, ctype.minimal[0], ctype.minimal[1], settings or ActionsSettings(), profile)
            example['returned_config'] = stored
        except ValidationFailure as err:
            example['error'] = str(err)
        out['minimal_create'] = example
    return out


def describe_types(profile, extra=None, settings=None):
    """Every type registered in `profile` (system types included, flagged): GET /__double__/types."""
    return {'version': profile.version, 'schema': {0: 'config-schema', 3: 'zod v3', 4: 'zod v4'}[profile.zod_major],
            'types': dict((ctype.id, describe_type(ctype, profile, settings)) for ctype in all_types(profile, extra)),
            'not_registered': sorted(type_id for type_id, ctype in TYPES.items() if not ctype.available(profile)),
            # built from @kbn/connector-specs: a client may manage them as types it does not know
            'spec_types': sorted(type_id for type_id, ctype in TYPES.items() if ctype.connector_spec is not None)}
