"""Connector types of the double: schemas, defaults, custom validators, licences and features (reference section 3)."""

import datetime
import email.utils

from . import schema as s

LICENSE_RANK = {'basic': 0, 'standard': 1, 'gold': 2, 'platinum': 3, 'enterprise': 4, 'trial': 5}
ALERTING = 'alerting'
CASES = 'cases'
UPTIME = 'uptime'
SIEM = 'siem'
GENAI = ['generativeAIForSecurity', 'generativeAIForObservability', 'generativeAIForSearchPlayground']
DEFAULT_PAGERDUTY_URL = 'https://events.pagerduty.com/v2/enqueue'
WELL_KNOWN_EMAIL = {
    'gmail': 'smtp.gmail.com', 'googlemail': 'smtp.gmail.com', 'hotmail': 'smtp-mail.outlook.com', 'outlook': 'smtp-mail.outlook.com',
    'outlook365': 'smtp.office365.com', 'office365': 'smtp.office365.com', 'yahoo': 'smtp.mail.yahoo.com', 'ses': 'email-smtp.us-east-1.amazonaws.com',
    'sendgrid': 'smtp.sendgrid.net', 'mailgun': 'smtp.mailgun.org', 'zoho': 'smtp.zoho.com', 'postmark': 'smtp.postmarkapp.com',
    'mandrill': 'smtp.mandrillapp.com', 'icloud': 'smtp.mail.me.com', 'fastmail': 'smtp.fastmail.com', 'yandex': 'smtp.yandex.ru',
    'elastic_cloud': 'dockerhost',
}


class ValidationFailure(Exception):
    """A config, secrets, connector or params validation error, with Kibana's full message."""


class ConnectorType(object):
    """One registered connector type. Schema attributes are functions of the version profile."""

    def __init__(self, type_id, name, license_required, features, **kwargs):
        self.id = type_id
        self.name = name
        self.license = license_required
        self.features = features
        self.config = kwargs.get('config')
        self.secrets = kwargs.get('secrets')
        self.params = kwargs.get('params')
        self.config_check = kwargs.get('config_check')
        self.secrets_check = kwargs.get('secrets_check')
        self.connector_check = kwargs.get('connector_check')
        self.sub_actions = kwargs.get('sub_actions')
        self.system = kwargs.get('system', False)
        self.since = kwargs.get('since')

    def available(self, profile):
        """Registered in this version?"""
        return self.since is None or profile.at_least(*self.since)


def lit_enum(*values, **kwargs):
    """schema.oneOf of literals."""
    return s.OneOf([s.Literal(value) for value in values], **kwargs)


def nstr():
    """schema.nullable(schema.string())"""
    return s.Nullable(s.Str())


def mstr(**kwargs):
    """schema.maybe(schema.string())"""
    return s.Maybe(s.Str(**kwargs))


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


# ---------------------------------------------------------------- .index / .server-log
def index_config(_profile):
    return s.Obj([('index', s.Str()), ('refresh', s.Bool(default=False)), ('executionTimeField', nstr())])


def empty_object(_profile):
    return s.Obj([])


def _index_override(value):
    if not value.startswith('kibana-alert-history-'):
        return 'index must start with "kibana-alert-history-"'
    return None


def index_params(_profile):
    return s.Obj([('documents', s.ArrayOf(s.RecordOf(s.Any()))), ('indexOverride', s.Nullable(s.Str(validate=_index_override)))])


def server_log_params(_profile):
    return s.Obj([('message', s.Str()), ('level', lit_enum('trace', 'debug', 'info', 'warn', 'error', 'fatal', default='info'))])


# ---------------------------------------------------------------- .webhook / .cases-webhook auth
SSL_FIELDS = [('authType', s.Maybe(lit_enum('webhook-authentication-basic', 'webhook-authentication-ssl', None))),
              ('certType', s.Maybe(lit_enum('ssl-crt-key', 'ssl-pfx'))),
              ('ca', mstr()),
              ('verificationMode', s.Maybe(lit_enum('none', 'certificate', 'full')))]
INVALID_SECRETS = ('must specify one of the following schemas: user and password; crt and key (with optional password); '
                   'or pfx (with optional password)')


def _ssl_secrets_rule(sec):
    user, password, crt, key, pfx = (sec.get(k) for k in ('user', 'password', 'crt', 'key', 'pfx'))
    if not (user or password or crt or key or pfx):
        return None
    if user and password and not (crt or key or pfx):
        return None
    if crt and key and not user and not pfx:
        return None
    if pfx and not (crt or key or user):
        return None
    return INVALID_SECRETS


def _basic_secrets_rule(sec):
    if bool(sec.get('user')) != bool(sec.get('password')):
        return 'both user and password must be specified'
    return None


def webhook_config(profile):
    methods = ['post', 'put'] + (['patch', 'get', 'delete'] if profile.nine else [])
    props = [('url', s.Str(url=True)), ('method', lit_enum(*methods, default='post')),
             ('headers', s.Nullable(s.RecordOf(s.Str()))), ('hasAuth', s.Bool(default=True))]
    if profile.at_least(8, 10):
        props += SSL_FIELDS
    return s.Obj(props)


def webhook_secrets(profile):
    if not profile.at_least(8, 10):
        return s.Obj([('user', nstr()), ('password', nstr())], validate=_basic_secrets_rule)
    props = [('user', nstr()), ('password', nstr()), ('crt', nstr()), ('key', nstr()), ('pfx', nstr())]
    if profile.nine:
        props += [('clientSecret', nstr()), ('secretHeaders', s.Nullable(s.RecordOf(s.Str())))]
    return s.Obj(props, validate=_ssl_secrets_rule)


def webhook_config_check(config, settings, _profile):
    prefix = 'error configuring webhook action: '
    _parse_or(config['url'], prefix + 'unable to parse url: TypeError [ERR_INVALID_URL]: Invalid URL')
    _allowed_or(settings, config['url'], prefix)
    if config.get('authType') and not config.get('hasAuth'):
        raise ValueError(prefix + 'authType must be null or undefined if hasAuth is false')


def webhook_params(_profile):
    return s.Obj([('body', mstr())])


CASES_WEBHOOK_REQUIRED = ['createIncidentUrl', 'createIncidentJson', 'createIncidentResponseKey', 'getIncidentUrl',
                          'getIncidentResponseExternalTitleKey', 'viewIncidentUrl', 'updateIncidentUrl', 'updateIncidentJson']


def cases_webhook_config(profile):
    props = [(key, s.Str()) for key in CASES_WEBHOOK_REQUIRED[:3]]
    props += [('createIncidentMethod', lit_enum('post', 'put', default='post'))]
    props += [(key, s.Str()) for key in CASES_WEBHOOK_REQUIRED[3:7]]
    props += [('updateIncidentMethod', lit_enum('post', 'patch', 'put', default='put')), ('updateIncidentJson', s.Str()),
              ('createCommentUrl', nstr()), ('createCommentJson', nstr()),
              ('createCommentMethod', s.Nullable(lit_enum('post', 'put', 'patch', default='put'))),
              ('headers', s.Nullable(s.RecordOf(s.Str()))), ('hasAuth', s.Bool(default=True))]
    if profile.at_least(8, 15):
        props += SSL_FIELDS
    return s.Obj(props)


def cases_webhook_secrets(profile):
    if profile.at_least(8, 15):
        return s.Obj([('user', nstr()), ('password', nstr()), ('crt', nstr()), ('key', nstr()), ('pfx', nstr())])
    return s.Obj([('user', nstr()), ('password', nstr())])


def cases_webhook_config_check(config, settings, _profile):
    prefix = 'error configuring cases webhook action: '
    for key in ('createIncidentUrl', 'createCommentUrl', 'viewIncidentUrl', 'getIncidentUrl', 'updateIncidentUrl'):
        url = config.get(key)
        if url:
            _parse_or(url, '%sunable to parse %s: TypeError [ERR_INVALID_URL]: Invalid URL' % (prefix, url))
            _allowed_or(settings, url, prefix)


def cases_webhook_connector_check(config, secrets):
    if not config.get('hasAuth'):
        return None
    if (secrets.get('user') and secrets.get('password')) or (secrets.get('crt') and secrets.get('key')) or secrets.get('pfx'):
        return None
    return 'both user and password must be specified'


def cases_webhook_params(_profile):
    incident = s.Obj([('title', s.Str()), ('description', nstr()), ('externalId', nstr()), ('id', nstr()), ('severity', nstr()),
                      ('status', nstr()), ('tags', s.Nullable(s.ArrayOf(s.Str())))])
    return s.Obj([('subAction', s.Literal('pushToService')),
                  ('subActionParams', s.Obj([('incident', incident), ('comments', _comments())]))])


def _comments():
    return s.Nullable(s.ArrayOf(s.Obj([('comment', s.Str()), ('commentId', s.Str())])))


# ---------------------------------------------------------------- .slack / .teams / .slack_api
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
    if profile.zod:
        channel = s.Obj([('id', s.Maybe(s.Str(min_len=1))), ('name', s.Str(min_len=1))])
    else:
        channel = s.Obj([('id', s.Str(min_len=1)), ('name', s.Str(min_len=1))])
    return s.Obj([('allowedChannels', s.Maybe(s.ArrayOf(channel, max_size=25)))])


def slack_api_secrets(_profile):
    return s.Obj([('token', s.Str(min_len=1))])


def slack_api_params(_profile):
    post = s.Obj([('channels', s.Maybe(s.ArrayOf(s.Str(), max_size=1))), ('channelIds', s.Maybe(s.ArrayOf(s.Str(), max_size=1))),
                  ('text', s.Str(min_len=1))])
    return s.OneOf([
        s.Obj([('subAction', s.Literal('validChannelId')), ('subActionParams', s.Obj([('channelId', mstr())]))]),
        s.Obj([('subAction', s.Literal('postMessage')), ('subActionParams', post)]),
        s.Obj([('subAction', s.Literal('postBlockkit')), ('subActionParams', post)]),
    ])


# ---------------------------------------------------------------- .email
def email_config(_profile):
    return s.Obj([('service', s.Str(default='other')), ('host', nstr()), ('port', s.Nullable(s.Num(minimum=1, maximum=65535))),
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


def email_connector_check(config, secrets):
    if config.get('service') == 'exchange_server':
        if secrets.get('clientSecret') is None:
            return '[clientSecret] is required'
    elif config.get('hasAuth'):
        if secrets.get('user') is None:
            return '[user] is required'
        if secrets.get('password') is None:
            return '[password] is required'
    return None


def _email_params_rule(params):
    if not (params['to'] or params['cc'] or params['bcc']):
        return 'no [to], [cc], or [bcc] entries'
    return None


def email_params(_profile):
    footer = s.Obj([('path', s.Str(default='/')), ('text', s.Str(default='Go to Elastic'))])
    return s.Obj([('to', s.ArrayOf(s.Str(), default=[])), ('cc', s.ArrayOf(s.Str(), default=[])), ('bcc', s.ArrayOf(s.Str(), default=[])),
                  ('subject', s.Str()), ('message', s.Str()), ('messageHTML', nstr()), ('kibanaFooterLink', footer)],
                 validate=_email_params_rule)


# ---------------------------------------------------------------- .pagerduty
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


# ---------------------------------------------------------------- .jira / .servicenow
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


def _sub(name, params):
    return s.Obj([('subAction', s.Literal(name)), ('subActionParams', params)])


def jira_params(_profile):
    incident = s.Obj([('summary', s.Str()), ('description', nstr()), ('externalId', nstr()), ('issueType', nstr()), ('priority', nstr()),
                      ('labels', s.Nullable(s.ArrayOf(s.Str(validate=_label_rule)))), ('parent', nstr()),
                      ('otherFields', s.Maybe(s.Nullable(s.RecordOf(s.Any()))))])
    return s.OneOf([
        _sub('getFields', s.Obj([], unknowns='ignore')), _sub('getIncident', s.Obj([('externalId', s.Str())])),
        _sub('handshake', s.Obj([])), _sub('pushToService', s.Obj([('incident', incident), ('comments', _comments())])),
        _sub('issueTypes', s.Obj([])), _sub('fieldsByIssueType', s.Obj([('id', s.Str())])),
        _sub('issues', s.Obj([('title', s.Str())])), _sub('issue', s.Obj([('id', s.Str())])),
    ])


def servicenow_config(_profile):
    return s.Obj([('apiUrl', s.Str()), ('usesTableApi', s.Bool(default=True)), ('isOAuth', s.Bool(default=False)),
                  ('userIdentifierValue', nstr()), ('clientId', nstr()), ('jwtKeyId', nstr())])


def _oauth_missing(field, is_oauth):
    return '%s must be provided when isOAuth = %s' % (field, 'true' if is_oauth else 'false')


def _oauth_populated(field, is_oauth):
    return '%s should not be provided with isOAuth = %s' % (field, 'true' if is_oauth else 'false')


def servicenow_config_check(config, settings, profile):
    connector_url_check(config, settings, profile)
    for field in ('userIdentifierValue', 'clientId', 'jwtKeyId'):
        if config['isOAuth'] and config.get(field) is None:
            raise ValueError(_oauth_missing(field, True))
        if not config['isOAuth'] and config.get(field) is not None:
            raise ValueError(_oauth_populated(field, False))


def servicenow_secrets(_profile):
    return s.Obj([('username', nstr()), ('password', nstr()), ('clientSecret', nstr()), ('privateKey', nstr()), ('privateKeyPassword', nstr())])


def servicenow_connector_check(config, secrets):
    if config.get('isOAuth'):
        for field in ('clientSecret', 'privateKey'):
            if secrets.get(field) is None:
                return _oauth_missing(field, True)
        if secrets.get('username') or secrets.get('password'):
            return _oauth_populated('Username and password', True)
        return None
    for field in ('username', 'password'):
        if secrets.get(field) is None:
            return _oauth_missing(field, False)
    if secrets.get('clientSecret') or secrets.get('privateKey'):
        return _oauth_populated('clientId, clientSecret, userIdentifierValue, jwtKeyId and privateKey', False)
    return None


def _servicenow_params(fields):
    incident = s.Obj([('short_description', s.Str())] + [(field, s.Maybe(s.Nullable(s.Any()))) for field in fields],
                     unknowns='forbid')
    close = s.Obj([('incident', s.Obj([('correlation_id', nstr()), ('externalId', nstr())]))])
    return s.OneOf([
        _sub('getFields', s.Obj([], unknowns='ignore')), _sub('getIncident', s.Obj([('externalId', s.Str())])),
        _sub('handshake', s.Obj([])), _sub('pushToService', s.Obj([('incident', incident), ('comments', _comments())])),
        _sub('getChoices', s.Obj([('fields', s.ArrayOf(s.Str()))])), _sub('closeIncident', close),
    ])


def servicenow_params(_profile):
    return _servicenow_params(['description', 'externalId', 'category', 'subcategory', 'correlation_id', 'correlation_display',
                               'severity', 'urgency', 'impact', 'additional_fields'])


def servicenow_sir_params(_profile):
    return _servicenow_params(['description', 'externalId', 'category', 'subcategory', 'correlation_id', 'correlation_display',
                               'dest_ip', 'malware_hash', 'malware_url', 'source_ip', 'priority', 'additional_fields'])


# ---------------------------------------------------------------- sub-action framework: .opsgenie / .gen-ai
def framework_params(_profile):
    return s.Obj([('subAction', s.Str()), ('subActionParams', s.Obj([], unknowns='allow'))])


def api_url_config(_profile):
    return s.Obj([('apiUrl', s.Str())])


def url_validator_check(config, settings, _profile):
    _allowed_or(settings, config['apiUrl'], 'error validating url: ')


def _not_blank(message):
    if message.strip() == '':
        return 'message must be populated with a value other than just whitespace'
    return None


def opsgenie_sub_actions(_profile):
    optional = [('alias', mstr(max_len=512)), ('description', mstr(max_len=15000)),
                ('responders', s.Maybe(s.ArrayOf(s.RecordOf(s.Any())))), ('visibleTo', s.Maybe(s.ArrayOf(s.RecordOf(s.Any())))),
                ('actions', s.Maybe(s.ArrayOf(s.Str(max_len=50), max_size=10))), ('tags', s.Maybe(s.ArrayOf(s.Str(max_len=50), max_size=20))),
                ('details', s.Maybe(s.RecordOf(s.Any()))), ('entity', mstr(max_len=512)), ('source', mstr(max_len=100)),
                ('priority', s.Maybe(lit_enum('P1', 'P2', 'P3', 'P4', 'P5'))), ('user', mstr(max_len=100)), ('note', mstr(max_len=25000))]
    create = s.Obj([('message', s.Str(min_len=1, max_len=130, validate=_not_blank))] + optional)
    close = s.Obj([('alias', s.Str()), ('user', mstr(max_len=100)), ('source', mstr(max_len=100)), ('note', mstr(max_len=25000))])
    return {'createAlert': create, 'closeAlert': close}


def genai_config(_profile):
    headers = ('headers', s.Maybe(s.RecordOf(s.Str())))
    return s.OneOf([
        s.Obj([('apiProvider', lit_enum('Azure OpenAI')), ('apiUrl', s.Str()), headers]),
        s.Obj([('apiProvider', lit_enum('OpenAI')), ('apiUrl', s.Str()), ('defaultModel', s.Str(default='gpt-4')), headers]),
        s.Obj([('apiProvider', lit_enum('Other')), ('apiUrl', s.Str()), ('defaultModel', s.Str()), headers]),
    ])


def genai_config_check(config, settings, _profile):
    prefix = 'Error configuring OpenAI action: Error: '
    _parse_or(config['apiUrl'], prefix + 'URL Error: Invalid URL')
    _allowed_or(settings, config['apiUrl'], prefix + 'error validating url: ')


def genai_secrets(_profile):
    return s.Obj([('apiKey', s.Str())])


def genai_sub_actions(_profile):
    run = s.Obj([('body', s.Str()), ('signal', s.Any()), ('timeout', s.Maybe(s.Num()))])
    invoke = s.Obj([('messages', s.ArrayOf(s.Obj([('role', s.Str()), ('content', s.Any())], unknowns='allow')))], unknowns='allow')
    return {'run': run, 'test': run, 'invokeAI': invoke, 'invokeStream': invoke,
            'stream': s.Obj([('body', s.Str()), ('stream', s.Bool(default=False))], unknowns='allow'),
            'getDashboard': s.Obj([('dashboardId', s.Str())])}


def any_params(_profile):
    return s.RecordOf(s.Any())


def _catalogue():
    features_3 = [ALERTING, UPTIME, SIEM]
    url_slack, url_teams = _webhook_url_check('slack'), _webhook_url_check('teams')
    items = [
        ConnectorType('.index', 'Index', 'basic', features_3, config=index_config, secrets=empty_object, params=index_params),
        ConnectorType('.server-log', 'Server log', 'basic', [ALERTING, UPTIME], config=empty_object, secrets=empty_object,
                      params=server_log_params),
        ConnectorType('.webhook', 'Webhook', 'gold', features_3, config=webhook_config, secrets=webhook_secrets,
                      config_check=webhook_config_check, params=webhook_params),
        ConnectorType('.slack', 'Slack', 'gold', features_3, config=empty_object, secrets=webhook_url_secrets,
                      secrets_check=url_slack, params=message_params),
        ConnectorType('.slack_api', 'Slack API', 'gold', [ALERTING, SIEM], config=slack_api_config, secrets=slack_api_secrets,
                      params=slack_api_params, since=(8, 8)),
        ConnectorType('.email', 'Email', 'gold', features_3, config=email_config, config_check=email_config_check,
                      secrets=email_secrets, connector_check=email_connector_check, params=email_params),
        ConnectorType('.pagerduty', 'PagerDuty', 'gold', features_3, config=pagerduty_config, config_check=pagerduty_config_check,
                      secrets=pagerduty_secrets, params=pagerduty_params),
        ConnectorType('.teams', 'Microsoft Teams', 'gold', features_3, secrets=webhook_url_secrets, secrets_check=url_teams,
                      params=message_params),
        ConnectorType('.jira', 'Jira', 'gold', [ALERTING, CASES, UPTIME, SIEM], config=jira_config, config_check=connector_url_check,
                      secrets=jira_secrets, params=jira_params),
        ConnectorType('.servicenow', 'ServiceNow ITSM', 'platinum', [ALERTING, CASES, UPTIME, SIEM], config=servicenow_config,
                      config_check=servicenow_config_check, secrets=servicenow_secrets, connector_check=servicenow_connector_check,
                      params=servicenow_params),
        ConnectorType('.servicenow-sir', 'ServiceNow SecOps', 'platinum', [ALERTING, CASES, SIEM], config=servicenow_config,
                      config_check=servicenow_config_check, secrets=servicenow_secrets, connector_check=servicenow_connector_check,
                      params=servicenow_sir_params),
        ConnectorType('.opsgenie', 'Opsgenie', 'platinum', features_3, config=api_url_config, config_check=url_validator_check,
                      secrets=lambda _p: s.Obj([('apiKey', s.Str())]), params=framework_params, sub_actions=opsgenie_sub_actions),
        ConnectorType('.gen-ai', 'OpenAI', 'enterprise', GENAI, config=genai_config, config_check=genai_config_check,
                      secrets=genai_secrets, params=framework_params, sub_actions=genai_sub_actions),
        ConnectorType('.cases-webhook', 'Webhook - Case Management', 'gold', [CASES], config=cases_webhook_config,
                      config_check=cases_webhook_config_check, secrets=cases_webhook_secrets,
                      connector_check=cases_webhook_connector_check, params=cases_webhook_params),
        ConnectorType('.cases', 'Cases', 'platinum', [ALERTING], config=empty_object, secrets=empty_object, params=any_params,
                      system=True, since=(8, 14)),
    ]
    return dict((item.id, item) for item in items)


TYPES = _catalogue()
SYSTEM_CONNECTORS = {'system-connector-.cases': ('.cases', 'Cases')}


def get_type(type_id, profile):
    """The registered type, or None."""
    ctype = TYPES.get(type_id)
    if ctype is None or not ctype.available(profile):
        return None
    return ctype


def listed_types(profile):
    """Types the public connector_types route shows (system types excluded)."""
    return [ctype for ctype in TYPES.values() if ctype.available(profile) and not ctype.system]


def system_connector_ids(profile):
    """Ids of the in-memory system connectors of this version."""
    return list(SYSTEM_CONNECTORS) if profile.system_connectors else []


def is_license_valid(ctype, license_level):
    """licenseState.isLicenseValidForActionType"""
    return LICENSE_RANK.get(license_level, -1) >= LICENSE_RANK[ctype.license]


def is_deprecated(type_id, config, preconfigured=False):
    """isConnectorDeprecated: ServiceNow ITSM/SecOps using the Table API."""
    if type_id not in ('.servicenow', '.servicenow-sir') or not isinstance(config, dict):
        return False
    if 'usesTableApi' not in config:
        return bool(preconfigured)
    return bool(config['usesTableApi'])


def _run(check_schema, value, label, profile, custom=None, settings=None):
    try:
        if check_schema is not None:
            value = s.validate(check_schema, value, profile.zod)
        if custom is not None:
            custom(value, settings, profile)
    except s.SchemaError as err:
        raise ValidationFailure('error validating %s: %s' % (label, s.describe(err, profile.zod))) from None
    except ValueError as err:
        raise ValidationFailure('error validating %s: %s' % (label, err)) from None
    return value


def validate_connector(ctype, config, secrets, settings, profile):
    """validateConfig, validateSecrets, validateConnector in Kibana's order; return the stored values."""
    word = 'connector type' if profile.zod else 'action type'
    config_schema = ctype.config(profile) if ctype.config else None
    config = _run(config_schema, config, word + ' config', profile, ctype.config_check, settings)
    secrets = _run(ctype.secrets(profile) if ctype.secrets else None, secrets, word + ' secrets', profile,
                   ctype.secrets_check, settings)
    if ctype.connector_check is not None:
        message = ctype.connector_check(config, secrets)
        if message:
            raise ValidationFailure('error validating action type connector: %s' % message)
    return config, secrets


def validate_params(ctype, params, profile):
    """validateParams; return the params with defaults."""
    return _run(ctype.params(profile) if ctype.params else None, params, 'action params', profile)
