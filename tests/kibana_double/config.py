"""Start-up settings of the double: version profile, kibana.yml `xpack.actions.*`, credentials."""

import base64
import binascii
import json
import re

from . import schema as s

ALERT_HISTORY_ID = 'preconfigured-alert-history-es-index'
INVALID_PRECONFIGURED_IDS = ('', '__proto__', 'constructor')
LICENSES = ('basic', 'standard', 'gold', 'platinum', 'enterprise', 'trial')
PRIVILEGES = ('all', 'read', 'none')


class ConfigError(Exception):
    """Kibana would refuse to start with this configuration."""


class Profile(object):
    """What differs between the Kibana versions the double imitates."""

    def __init__(self, version='8.19.0'):
        match = re.match(r'^\s*(\d+)(?:\.(\d+))?(?:\.(\d+))?', str(version))
        if not match:
            raise ConfigError('invalid --version %r: expected a semver such as 8.19.0' % (version,))
        self.version = str(version).strip()
        self.numbers = tuple(int(part or 0) for part in match.groups())

    def at_least(self, major, minor=0, patch=0):
        """True when this version is major.minor(.patch) or newer."""
        return self.numbers >= (major, minor, patch)

    def released(self, *versions):
        """True when this version has something first released in `versions`, one (major, minor[, patch]) per
        major line: ((8, 19), (9, 1)) is in 8.19+ and 9.1+ but not in 9.0; a newer major line has it too."""
        same = [tuple(v) + (0,) * (3 - len(v)) for v in versions if v[0] == self.numbers[0]]
        if same:
            return self.numbers >= same[0]
        return any(v[0] < self.numbers[0] for v in versions)

    def pick(self, table):
        """The value of a [((major, minor), value), ...] table for this version: the newest entry at or before it
        in the same major line, else the newest entry of an older line; None before the first entry."""
        def key(entry):
            return tuple(entry[0]) + (0,) * (3 - len(entry[0]))
        same = [e for e in table if e[0][0] == self.numbers[0] and key(e) <= self.numbers]
        older = [e for e in table if e[0][0] < self.numbers[0]]
        candidates = same or older
        return max(candidates, key=key)[1] if candidates else None

    @property
    def create_with_id(self):
        """POST /api/actions/connector/{id} exists (K PR #155392, 8.8)."""
        return self.at_least(8, 8)

    @property
    def system_actions(self):
        """is_system_action / is_system_action_type fields (8.10)."""
        return self.at_least(8, 10)

    @property
    def system_connectors(self):
        """In-memory system connectors such as system-connector-.cases (assumed 8.14)."""
        return self.at_least(8, 14)

    @property
    def zod(self):
        """Connector schemas rewritten with zod (K PR #238309, 9.3)."""
        return self.at_least(9, 3)

    @property
    def zod_major(self):
        """0 (@kbn/config-schema, up to 9.2), 3 (zod v3, 9.3) or 4 (zod v4, 9.4+: K PR #252702 and #258854)."""
        if not self.zod:
            return 0
        return 4 if self.at_least(9, 4) else 3

    @property
    def connector_id_rules(self):
        """Human-readable connector id rules on create (K PR #255922, 9.4)."""
        return self.at_least(9, 4)

    @property
    def prettify_errors(self):
        """zod v4 errors are written with `z4.prettifyError` (`✖ message` / `  → at path`), not formatZodError
        (K x-pack/platform/plugins/shared/actions/server/lib/validate_with_schema.ts@16ca7f52, @9d698364): 9.4+."""
        return self.zod_major >= 4

    @property
    def auth_mode(self):
        """GET and list answers carry `auth_mode` (`shared` when the saved object has none): K PR #252262 (v9.4.0),
        methods/get/get.ts@16a7d368 + lib/get_auth_mode.ts@700f28ce; create and update answers do not."""
        return self.at_least(9, 4)

    @property
    def oauth_callback_routes(self):
        """GET /api/actions/connector/_oauth_callback and _oauth_callback_script (K routes/oauth_callback.ts; kibana-py
        tests them as "the 9.4.0 OAuth callback endpoints")."""
        return self.at_least(9, 4)

    @property
    def llm_types_deprecated(self):
        """`.gen-ai`, `.bedrock`, `.gemini`, `.inference` are deprecated connector types (is_connector_type_deprecated):
        K PR #261591, shipped in 9.5 (elastic/docs-content#7346, #7424); 9.6 only removes them from the UI picker."""
        return self.at_least(9, 5)

    @property
    def nine(self):
        """Any 9.x: is_connector_type_deprecated, webhook patch/get/delete, no execution of system connectors."""
        return self.at_least(9, 0)

    @property
    def expose_config(self):
        """exposeConfig on preconfigured connectors (K PR #207654, 8.18/9.0)."""
        return self.at_least(8, 18)


class Preconfigured(object):
    """One `xpack.actions.preconfigured.<id>` entry."""

    def __init__(self, connector_id, entry):
        self.id = connector_id
        self.name = entry['name']
        self.type_id = entry['actionTypeId']
        self.config = entry.get('config', {})
        self.secrets = entry.get('secrets', {})
        self.expose_config = bool(entry.get('exposeConfig', False))


class ActionsSettings(object):
    """The parts of `xpack.actions` the double honours."""

    def __init__(self, values=None, warnings=None):
        values = values or {}
        self.allowed_hosts = values.get('allowedHosts', ['*'])
        self.enabled_types = values.get('enabledActionTypes', ['*'])
        self.preconfigured = {}
        self.warnings = warnings if warnings is not None else []
        for connector_id, entry in values.get('preconfigured', {}).items():
            if connector_id == ALERT_HISTORY_ID:
                self.warnings.append('Preconfigured connectors cannot have the id "%s" because this is a reserved id.' % ALERT_HISTORY_ID)
                continue
            self.preconfigured[connector_id] = Preconfigured(connector_id, entry)
        if values.get('preconfiguredAlertHistoryEsIndex'):
            self.preconfigured[ALERT_HISTORY_ID] = Preconfigured(ALERT_HISTORY_ID, {
                'name': 'Alert history Elasticsearch index', 'actionTypeId': '.index',
                'config': {'index': 'kibana-alert-history-default'}})
        self.response_timeout = _duration_seconds(values.get('responseTimeout', '60s'))
        self.public_base_url = None  # server.publicBaseUrl (email footers)
        self.ssl_verification_mode = (values.get('ssl') or {}).get('verificationMode', 'full')

    def is_hostname_allowed(self, hostname):
        """isHostnameAllowed: exact match or `*`."""
        return '*' in self.allowed_hosts or hostname in self.allowed_hosts

    def ensure_uri_allowed(self, url):
        """ensureUriAllowed: raise ValueError with Kibana's text."""
        try:
            hostname = s.url_hostname(url)
        except ValueError:
            hostname = None
        if hostname is None or not self.is_hostname_allowed(hostname):
            raise ValueError('target url "%s" is not added to the Kibana config xpack.actions.allowedHosts' % (url,))

    def is_type_enabled_in_config(self, type_id):
        """actionsConfigUtils.isActionTypeEnabled"""
        return '*' in self.enabled_types or type_id in self.enabled_types


def _duration_seconds(value):
    if isinstance(value, (int, float)):
        return float(value) / 1000.0
    match = re.match(r'^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$', str(value))
    if not match:
        return 60.0
    factor = {'ms': 0.001, 's': 1, 'm': 60, 'h': 3600, None: 0.001}[match.group(2)]
    return float(match.group(1)) * factor


def _opaque(path):
    """Keys inside a preconfigured connector's config or secrets are kept as written."""
    return len(path) >= 5 and tuple(path[:3]) == ('xpack', 'actions', 'preconfigured') and path[4] in ('config', 'secrets')


def _merge(target, source):
    for key, value in source.items():
        if isinstance(target.get(key), dict) and isinstance(value, dict):
            _merge(target[key], value)
        else:
            target[key] = value


def deepen(value, path=()):
    """Kibana's ensureDeepObject: `a.b.c: x` and nested mappings mean the same."""
    if not isinstance(value, dict) or _opaque(path):
        return value
    out = {}
    for key, sub in value.items():
        parts = str(key).split('.')
        node = out
        for part in parts[:-1]:
            if not isinstance(node.get(part), dict):
                node[part] = {}
            node = node[part]
        deep = deepen(sub, tuple(path) + tuple(parts))
        if isinstance(node.get(parts[-1]), dict) and isinstance(deep, dict):
            _merge(node[parts[-1]], deep)
        else:
            node[parts[-1]] = deep
    return out


def _validate_preconfigured_ids(value):
    for connector_id in value:
        if connector_id in INVALID_PRECONFIGURED_IDS:
            return 'invalid preconfigured action id "%s"' % connector_id
    return None


def _actions_schema(profile):
    entry = [('name', s.Str(min_len=1)), ('actionTypeId', s.Str(min_len=1)),
             ('config', s.RecordOf(s.Any(), default={})), ('secrets', s.RecordOf(s.Any(), default={}))]
    if profile.expose_config:
        entry.append(('exposeConfig', s.Maybe(s.Bool())))
    props = [
        ('allowedHosts', s.ArrayOf(s.Str(), default=['*'])),
        ('enabledActionTypes', s.ArrayOf(s.Str(), default=['*'])),
        ('preconfigured', s.RecordOf(s.Obj(entry), default={}, validate=_validate_preconfigured_ids)),
        ('preconfiguredAlertHistoryEsIndex', s.Bool(default=False)),
        ('responseTimeout', s.Any()),
        ('ssl', s.Maybe(s.Obj([('verificationMode', s.Maybe(s.OneOf([s.Literal('none'), s.Literal('certificate'), s.Literal('full')]))),
                               ('proxyVerificationMode', s.Maybe(s.OneOf([s.Literal('none'), s.Literal('certificate'), s.Literal('full')])))]))),
    ]
    others = ['proxyUrl', 'proxyHeaders', 'proxyBypassHosts', 'proxyOnlyHosts', 'customHostSettings', 'maxResponseContentLength',
              'email', 'microsoftGraphApiUrl', 'microsoftGraphApiScope', 'microsoftExchangeUrl', 'run', 'enableFooterInEmail',
              'queued', 'usage', 'webhook']
    if not profile.nine:
        others += ['proxyRejectUnauthorizedCertificates', 'rejectUnauthorized', 'cleanupFailedExecutionsTask']
    props += [(key, s.Any()) for key in others]
    return s.Obj(props)


def parse_kibana_config(document, profile):
    """Validate a parsed kibana.yml mapping; return ActionsSettings or raise ConfigError (Kibana fails to start)."""
    if document is None:
        document = {}
    if not isinstance(document, dict):
        raise ConfigError('kibana.yml must be a mapping')
    actions = deepen(document).get('xpack', {})
    actions = actions.get('actions', {}) if isinstance(actions, dict) else {}
    try:
        values = s.validate(_actions_schema(profile), actions)
    except s.SchemaError as err:
        raise ConfigError(s.describe(err, namespace='config validation of [xpack.actions]')) from None
    settings = ActionsSettings(values)
    server = deepen(document).get('server')
    if isinstance(server, dict) and isinstance(server.get('publicBaseUrl'), str):
        settings.public_base_url = server['publicBaseUrl']
    return settings


def load_kibana_yml(path, profile):
    """Read a kibana.yml file (PyYAML is imported only when one is given)."""
    import yaml  # pylint: disable=import-outside-toplevel
    with open(path, encoding='utf-8') as handle:
        try:
            document = yaml.safe_load(handle)
        except yaml.YAMLError as err:
            raise ConfigError('cannot parse %s: %s' % (path, err)) from None
    return parse_kibana_config(document, profile)


class Credential(object):
    """One identity the double accepts."""

    def __init__(self, kind, privilege='all', spaces_api=None, username=None, password=None, key=None, token=None):
        if kind not in ('basic', 'api_key', 'bearer'):
            raise ConfigError('credential kind must be basic, api_key or bearer, not %r' % (kind,))
        if privilege not in PRIVILEGES:
            raise ConfigError('credential privilege must be one of %s, not %r' % (', '.join(PRIVILEGES), privilege))
        self.kind = kind
        self.privilege = privilege
        self.spaces_api = (privilege != 'none') if spaces_api is None else bool(spaces_api)
        self.username = username
        self.password = password
        self.key = key
        self.token = token

    @property
    def label(self):
        """A name for the request log (never a secret)."""
        if self.kind == 'basic':
            return self.username
        return self.kind

    @classmethod
    def from_dict(cls, data):
        """Build from one entry of --credentials-file."""
        if not isinstance(data, dict):
            raise ConfigError('each credential must be a JSON object')
        known = ('kind', 'username', 'password', 'key', 'token', 'privilege', 'spaces_api')
        unknown = [key for key in data if key not in known]
        if unknown:
            raise ConfigError('unknown credential keys: %s' % ', '.join(sorted(unknown)))
        needed = {'basic': ('username', 'password'), 'api_key': ('key',), 'bearer': ('token',)}.get(data.get('kind'), ())
        for key in needed:
            if not isinstance(data.get(key), str) or not data.get(key):
                raise ConfigError('a %s credential needs a non-empty string %r' % (data.get('kind'), key))
        return cls(data.get('kind'), data.get('privilege', 'all'), data.get('spaces_api'), data.get('username'),
                   data.get('password'), data.get('key'), data.get('token'))


def default_credentials():
    """The identities documented in the README."""
    return [
        Credential('basic', username='elastic', password='changeme'),
        Credential('api_key', key='double-api-key'),
        Credential('bearer', token='double-bearer-token'),
        Credential('basic', 'read', username='reader', password='reader-pass'),
        Credential('basic', 'none', username='nobody', password='nobody-pass'),
        Credential('basic', 'all', False, username='nospaces', password='nospaces-pass'),
    ]


def load_credentials(entries):
    """--credentials-file content (a list) to Credential objects."""
    if not isinstance(entries, list) or not entries:
        raise ConfigError('the credentials file must hold a non-empty JSON list')
    return [Credential.from_dict(entry) for entry in entries]


def load_credentials_file(path):
    """Read --credentials-file."""
    with open(path, encoding='utf-8') as handle:
        try:
            return load_credentials(json.load(handle))
        except ValueError as err:
            raise ConfigError('cannot parse %s: %s' % (path, err)) from None


BAD_BASIC = '[security_exception]: unable to authenticate user [%s] for REST request [/_security/_authenticate]'
BAD_TOKEN = '[security_exception]: unable to authenticate with provided credentials and anonymous access is not allowed for this request'


def authenticate(credentials, header):
    """Return (credential, None) or (None, 401 message). The message never contains a secret."""
    if not header:
        return None, 'Unauthorized'
    scheme, _sep, value = header.strip().partition(' ')
    scheme, value = scheme.lower(), value.strip()
    if scheme == 'basic':
        try:
            username, _colon, password = base64.b64decode(value, validate=True).decode('utf-8').partition(':')
        except (binascii.Error, UnicodeDecodeError, ValueError):
            return None, BAD_TOKEN
        for cred in credentials:
            if cred.kind == 'basic' and cred.username == username and cred.password == password:
                return cred, None
        return None, BAD_BASIC % username
    kind, attr = {'apikey': ('api_key', 'key'), 'bearer': ('bearer', 'token')}.get(scheme, (None, None))
    if kind is None:
        return None, 'Unauthorized'
    for cred in credentials:
        if cred.kind == kind and getattr(cred, attr) == value:
            return cred, None
    return None, BAD_TOKEN
