"""Kibana's public connector and spaces routes, without the HTTP transport (reference sections 1 and 2)."""

import copy
import json
import re
import unicodedata
import uuid
from http import HTTPStatus
from urllib.parse import unquote

from . import catalogue as cat
from . import oauth
from . import schema as s
from .config import authenticate
from .executors import execute
from .store import Connector

SAFE_METHODS = ('GET', 'HEAD', 'OPTIONS')
PRIVILEGED = {'all': ('create', 'update', 'delete', 'get', 'execute'), 'read': ('get', 'execute'), 'none': ()}
CONNECTOR_ID_RE = re.compile(r'^[a-z0-9-]+$')


def boom(status, message=None):
    """Kibana's error body."""
    phrase = HTTPStatus(status).phrase
    return {'statusCode': status, 'error': phrase, 'message': phrase if message is None else message}


class ApiError(Exception):
    """An error answer."""

    def __init__(self, status, message=None, headers=None):
        super(ApiError, self).__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}


class Request(object):  # pylint: disable=too-few-public-methods
    """What the transport hands to the API."""

    def __init__(self, method, path, space, query, headers, raw_body):
        self.method = method
        self.path = path
        self.space = space
        self.query = query
        self.headers = headers
        self.raw_body = raw_body
        self.body = None
        self.identity = None


class Response(object):  # pylint: disable=too-few-public-methods
    """What the API hands back to the transport."""

    def __init__(self, status, body=None, headers=None, is_create=False):
        self.status = status
        self.body = body
        self.headers = headers or {}
        self.is_create = is_create


def _id_part(name):
    return r'(?P<%s>[^/]+)' % name


ROUTES = [
    ('GET', re.compile(r'^/api/status$'), 'status', None),
    ('POST', re.compile(r'^/api/actions/connector$'), 'create', None),
    ('POST', re.compile(r'^/api/actions/connector/(?P<id>[^/]*)$'), 'create', 'create_with_id'),
    ('POST', re.compile(r'^/api/actions/connector/%s/_execute$' % _id_part('cid')), 'execute', None),
    ('PUT', re.compile(r'^/api/actions/connector/%s$' % _id_part('id')), 'update', None),
    # 9.4+ (K routes/oauth_callback.ts): before 9.4 these paths are GET connector of an id that does not exist
    ('GET', re.compile(r'^/api/actions/connector/_oauth_callback$'), 'oauth_callback', 'oauth_callback_routes'),
    ('GET', re.compile(r'^/api/actions/connector/_oauth_callback_script$'), 'oauth_callback_script', 'oauth_callback_routes'),
    ('GET', re.compile(r'^/api/actions/connector/%s$' % _id_part('id')), 'get', None),
    ('DELETE', re.compile(r'^/api/actions/connector/%s$' % _id_part('id')), 'delete', None),
    ('GET', re.compile(r'^/api/actions/connectors$'), 'list', None),
    ('GET', re.compile(r'^/api/actions/connector_types$'), 'types', None),
    ('GET', re.compile(r'^/api/spaces/space$'), 'spaces', None),
    ('GET', re.compile(r'^/api/spaces/space/%s$' % _id_part('id')), 'space', None),
]


def _body_schema(*keys):
    props = {
        'name': s.Str(validate=cat.not_empty_string),
        'connector_type_id': s.Str(validate=cat.not_empty_string),
        'config': s.RecordOf(s.Any(validate=cat.not_empty_string), default={}),
        'secrets': s.RecordOf(s.Any(validate=cat.not_empty_string), default={}),
        'params': s.RecordOf(s.Any()),
    }
    return s.Obj([(key, props[key]) for key in keys])


CREATE_BODY = _body_schema('name', 'connector_type_id', 'config', 'secrets')
UPDATE_BODY = _body_schema('name', 'config', 'secrets')
EXECUTE_BODY = _body_schema('params')
TYPES_QUERY = s.Obj([('feature_id', s.Maybe(s.Str(max_len=100)))])
OAUTH_CALLBACK_QUERY = s.Obj([(key, s.Maybe(s.Str())) for key in ('code', 'state', 'error', 'error_description', 'session_state')],
                             unknowns='allow')


def _validate_request(schema, value, where):
    try:
        return s.validate(schema, value)
    except s.SchemaError as err:
        raise ApiError(400, s.describe(err, namespace=where)) from None


def _name_key(connector):
    """A stand-in for String.localeCompare: punctuation, then digits, then letters ignoring case."""
    key = []
    for char in unicodedata.normalize('NFKD', connector['name']):
        if char.isalpha():
            key.append((2, char.casefold(), char.swapcase()))
        elif char.isdigit():
            key.append((1, char, char))
        else:
            key.append((0, char, char))
    return key


class ConnectorsApi(object):
    """Routes of the actions and spaces plugins, answering from a State."""

    def __init__(self, state):
        self.state = state

    @property
    def profile(self):
        """The version profile."""
        return self.state.profile

    # ------------------------------------------------------------ pipeline
    def match(self, method, path):
        """(route name, path params) or (None, None)."""
        lookup = 'GET' if method == 'HEAD' else method
        for route_method, pattern, name, needs in ROUTES:
            found = pattern.match(path)
            if route_method == lookup and found and (needs is None or getattr(self.profile, needs)):
                return name, dict((key, _unquote(value)) for key, value in found.groupdict().items())
        return None, None

    def handle(self, req):
        """Run the request through Kibana's order of checks; return a Response."""
        name, params = self.match(req.method, req.path)
        if name is None:
            raise ApiError(404)
        if name == 'status':
            return self.status()
        req.identity, problem = authenticate(self.state.credentials, req.headers.get('Authorization'))
        if problem:
            raise ApiError(401, problem, {'WWW-Authenticate': 'Basic realm="kibana"'} if problem == 'Unauthorized' else None)
        self._parse_body(req)
        if req.method not in SAFE_METHODS and 'kbn-xsrf' not in req.headers and 'kbn-version' not in req.headers:
            raise ApiError(400, 'Request must contain a kbn-xsrf header.')
        version = req.headers.get('kbn-version')
        if version is not None and version != self.profile.version:
            raise ApiError(400, 'Browser client is out of date, please refresh the page ("kbn-version" header was "%s" but should be "%s")'
                           % (version, self.profile.version))
        return getattr(self, 'route_' + name)(req, **params)

    @staticmethod
    def _parse_body(req):
        req.body = None
        if req.method in SAFE_METHODS or not req.raw_body:
            return
        content_type = (req.headers.get('Content-Type') or 'application/json').split(';')[0].strip().lower()
        if content_type != 'application/json' and not content_type.endswith('+json'):
            raise ApiError(415)
        try:
            req.body = json.loads(req.raw_body.decode('utf-8'))
        except ValueError:
            raise ApiError(400, 'Invalid request payload JSON format') from None

    def status(self):
        """GET /api/status (no authentication)."""
        return Response(200, {'name': 'kibana-double', 'version': {'number': self.profile.version},
                              'status': {'overall': {'level': 'available'}}})

    # ------------------------------------------------------------ helpers
    def authorize(self, req, operation, type_id=None):
        """ActionsAuthorization.ensureAuthorized"""
        if operation in PRIVILEGED[req.identity.privilege]:
            return
        if operation == 'create':
            raise ApiError(403, 'Unauthorized to create a "%s" action' % type_id)
        raise ApiError(403, 'Unauthorized to %s actions' % operation)

    def ensure_enabled(self, ctype):
        """actionTypeRegistry.ensureActionTypeEnabled: kibana.yml first, then the licence."""
        if not self.state.settings.is_type_enabled_in_config(ctype.id):
            raise ApiError(403, 'action type "%s" is not enabled in the Kibana config xpack.actions.enabledActionTypes' % ctype.id)
        if self.state.license_expired:
            raise ApiError(403, 'Action type %s is disabled because your %s license has expired.' % (ctype.id, self.state.license))
        if not cat.is_license_valid(ctype, self.state.license):
            raise ApiError(403, 'Action type %s is disabled because your %s license does not support it. Please upgrade your license.'
                           % (ctype.id, self.state.license))

    def type_enabled(self, ctype):
        """(enabled, enabled_in_config, enabled_in_license)"""
        in_config = self.state.settings.is_type_enabled_in_config(ctype.id)
        in_license = not self.state.license_expired and cat.is_license_valid(ctype, self.state.license)
        return in_config and in_license, in_config, in_license

    def get_type(self, type_id):
        """The type registered under this id in this version (the catalogue's or one registered at run time), or None."""
        return cat.get_type(type_id, self.profile, self.state.extra_types)

    def registered(self, type_id):
        """The connector type or a 400."""
        ctype = self.get_type(type_id)
        if ctype is None:
            raise ApiError(400, 'Action type "%s" is not registered.' % type_id)
        return ctype

    def validated(self, ctype, config, secrets):
        """Validated config and secrets or a 400."""
        try:
            return cat.validate_connector(ctype, config, secrets, self.state.settings, self.profile)
        except cat.ValidationFailure as err:
            raise ApiError(400, str(err)) from None

    def type_deprecated(self, type_id):
        """actionTypeRegistry.isDeprecated: the LLM types from 9.5 (K PR #261591)."""
        ctype = self.get_type(type_id)
        return bool(ctype is not None and ctype.is_deprecated(self.profile))

    def _flags(self, out, read=False):
        if self.profile.system_actions:
            out['is_system_action'] = False
        if self.profile.nine:
            out['is_connector_type_deprecated'] = self.type_deprecated(out['connector_type_id'])
        if read and self.profile.auth_mode:
            # GET and list from 9.4: getAuthMode(attributes.authMode) is `shared` for a connector saved without one, and for
            # in-memory connectors (K methods/get/get.ts@16a7d368, lib/get_auth_mode.ts@700f28ce,
            # connector_from_in_memory_connector.ts@320a657b). Create answers it only when Kibana stored an authMode, which it
            # does only with authorization-code connectors enabled (K methods/create/create.ts@007f18e8): not modelled.
            out['auth_mode'] = 'shared'
        return out

    def saved_json(self, conn, listed=False, read=False):
        """transformConnectorResponse for a saved connector (`read`: a GET or list answer)."""
        out = {'id': conn.id, 'name': conn.name, 'config': copy.deepcopy(conn.config), 'connector_type_id': conn.type_id,
               'is_preconfigured': False, 'is_deprecated': cat.is_deprecated(conn.type_id, conn.config)}
        if listed:
            out['referenced_by_count'] = self.state.references.get(conn.id, 0)
        out['is_missing_secrets'] = conn.is_missing_secrets
        return self._flags(out, read)

    def preconfigured_json(self, pre, listed=False):
        """An in-memory connector: no config (unless exposeConfig) and no is_missing_secrets."""
        out = {'id': pre.id, 'name': pre.name, 'connector_type_id': pre.type_id, 'is_preconfigured': True,
               'is_deprecated': cat.is_deprecated(pre.type_id, pre.config, preconfigured=True)}
        if pre.expose_config:
            out['config'] = copy.deepcopy(pre.config)
        if listed:
            out['referenced_by_count'] = self.state.references.get(pre.id, 0)
        return self._flags(out, read=True)

    def _check_create_id(self, connector_id):
        if not self.profile.connector_id_rules or connector_id is None:
            return
        where = '[request params.id]: '
        if len(connector_id) > 36:
            raise ApiError(400, where + 'value has length [%d] but it must have a maximum length of [36].' % len(connector_id))
        if not CONNECTOR_ID_RE.match(connector_id):
            raise ApiError(400, where + 'Connector ID must contain only lowercase letters, numbers, and hyphens.')

    # ------------------------------------------------------------ connector routes
    def route_create(self, req, id=None):  # pylint: disable=redefined-builtin
        """POST /api/actions/connector/{id?}"""
        connector_id = id or None
        self._check_create_id(connector_id)
        body = _validate_request(CREATE_BODY, s.MISSING if req.body is None and not req.raw_body else req.body, 'request body')
        type_id = body['connector_type_id']
        self.authorize(req, 'create', type_id)
        ctype = self.get_type(type_id)
        if (ctype is not None and ctype.system) or connector_id in cat.system_connector_ids(self.profile):
            raise ApiError(400, 'System action creation is forbidden. Action type: %s.' % type_id)
        if connector_id in self.state.settings.preconfigured:
            raise ApiError(400, 'This %s already exists in a preconfigured action.' % connector_id)
        ctype = self.registered(type_id)
        config, secrets = self.validated(ctype, body['config'], body['secrets'])
        self.ensure_enabled(ctype)
        conn = Connector(connector_id or str(uuid.uuid4()), req.space, type_id, body['name'], config, secrets)
        with self.state.lock:
            endpoint = self.pre_save_hook(ctype, body['config'], body['secrets'], None)
            if conn.id in self.state.connectors:
                self.post_save_failed(endpoint)
                raise ApiError(409, 'Saved object [action/%s] conflict' % conn.id)
            self.state.connectors[conn.id] = conn
        return Response(200, self.saved_json(conn), is_create=True)

    def pre_save_hook(self, ctype, config, secrets, previous):
        """`.inference`'s preSaveHook: the Elasticsearch inference endpoint `<taskType>/<inferenceId>` is created
        (refused with a 500 when it exists already on create) or, on update, deleted and created again; return its key."""
        if ctype.hooks != 'inference':
            return None
        key = (config.get('taskType'), config.get('inferenceId'))
        endpoints = self.state.inference_endpoints
        if previous is None and key in endpoints:
            # Kibana throws a plain Error (`Inference with id <id> and task type <t> already exists.`): an HTTP 500.
            raise ApiError(500, 'An internal server error occurred.')
        endpoints[key] = {'inference_id': key[1], 'task_type': key[0], 'service': config.get('provider'),
                          'service_settings_keys': sorted(set(config.get('providerConfig') or {}) | set((secrets or {}).get('providerSecrets') or {})),
                          'task_settings': copy.deepcopy(config.get('taskTypeConfig') or {})}
        return key

    def post_save_failed(self, key):
        """postSaveHook after a failed save: the endpoint is deleted again."""
        if key is not None:
            self.state.inference_endpoints.pop(key, None)

    def post_delete_hook(self, conn):
        """`.inference`'s postDeleteHook: the endpoint goes with the connector."""
        ctype = self.get_type(conn.type_id)
        if ctype is not None and ctype.hooks == 'inference':
            config = conn.config or {}
            self.state.inference_endpoints.pop((config.get('taskType'), config.get('inferenceId')), None)

    def route_update(self, req, id):  # pylint: disable=redefined-builtin
        """PUT /api/actions/connector/{id}"""
        body = _validate_request(UPDATE_BODY, s.MISSING if req.body is None and not req.raw_body else req.body, 'request body')
        self.authorize(req, 'update')
        if id in cat.system_connector_ids(self.profile):
            raise ApiError(400, 'System action %s can not be updated.' % id)
        if id in self.state.settings.preconfigured:
            raise ApiError(400, 'Preconfigured action %s can not be updated.' % id)
        conn = self.state.find_in_space(id, req.space)
        if conn is None:
            raise ApiError(404, 'Saved object [action/%s] not found' % id)
        ctype = self.registered(conn.type_id)
        config, secrets = self.validated(ctype, body['config'], body['secrets'])
        self.ensure_enabled(ctype)
        with self.state.lock:
            self.pre_save_hook(ctype, body['config'], body['secrets'], conn)
            conn.name, conn.config, conn.secrets, conn.is_missing_secrets = body['name'], config, secrets, False
        return Response(200, self.saved_json(conn))

    def route_get(self, req, id):  # pylint: disable=redefined-builtin
        """GET /api/actions/connector/{id}"""
        self.authorize(req, 'get')
        if id in cat.system_connector_ids(self.profile):
            raise ApiError(404, 'Connector %s not found' % id)
        pre = self.state.settings.preconfigured.get(id)
        if pre is not None:
            return Response(200, self.preconfigured_json(pre))
        conn = self.state.find_in_space(id, req.space)
        if conn is None:
            raise ApiError(404, 'Saved object [action/%s] not found' % id)
        return Response(200, self.saved_json(conn, read=True))

    def route_delete(self, req, id):  # pylint: disable=redefined-builtin
        """DELETE /api/actions/connector/{id}: 204 and an empty body."""
        self.authorize(req, 'delete')
        if id in cat.system_connector_ids(self.profile):
            raise ApiError(400, 'System action %s is not allowed to delete.' % id)
        if id in self.state.settings.preconfigured:
            raise ApiError(400, 'Preconfigured action %s is not allowed to delete.' % id)
        with self.state.lock:
            conn = self.state.find_in_space(id, req.space)
            if conn is None:
                raise ApiError(404, 'Saved object [action/%s] not found' % id)
            del self.state.connectors[id]
            self.post_delete_hook(conn)
        return Response(204)

    def route_list(self, req):
        """GET /api/actions/connectors: this space's connectors and the preconfigured ones, sorted by name."""
        self.authorize(req, 'get')
        with self.state.lock:
            items = [self.saved_json(conn, listed=True, read=True) for conn in self.state.connectors.values() if conn.space == req.space]
            items += [self.preconfigured_json(pre, listed=True) for pre in self.state.settings.preconfigured.values()]
        return Response(200, sorted(items, key=_name_key))

    def route_types(self, req):
        """GET /api/actions/connector_types[?feature_id=x] (no privilege needed)."""
        query = _validate_request(TYPES_QUERY, req.query, 'request query')
        items = []
        for ctype in cat.listed_types(self.profile, self.state.extra_types):
            features = ctype.features(self.profile)
            if 'feature_id' in query and query['feature_id'] not in features:
                continue
            enabled, in_config, in_license = self.type_enabled(ctype)
            item = {'id': ctype.id, 'name': ctype.name, 'enabled': enabled, 'enabled_in_config': in_config,
                    'enabled_in_license': in_license, 'minimum_license_required': ctype.license,
                    'supported_feature_ids': features}
            if self.profile.system_actions:
                item['is_system_action_type'] = False
            items.append(item)
        return Response(200, items)

    def _executable(self, req, connector_id):
        """(type, connector view, is preconfigured) for _execute, or the error."""
        if connector_id in cat.system_connector_ids(self.profile):
            if self.profile.nine:
                raise ApiError(400, 'Execution of system action is not allowed')
            type_id, name = cat.SYSTEM_CONNECTORS[connector_id]
            return self.registered(type_id), Connector(connector_id, req.space, type_id, name, {}, {}), True
        pre = self.state.settings.preconfigured.get(connector_id)
        if pre is not None:
            view = Connector(pre.id, req.space, pre.type_id, pre.name, pre.config, pre.secrets)
            return self.registered(pre.type_id), view, True
        conn = self.state.find_in_space(connector_id, req.space)
        if conn is None:
            raise ApiError(404, 'Saved object [action/%s] not found' % connector_id)
        return self.registered(conn.type_id), conn, False

    def route_execute(self, req, cid):
        """POST /api/actions/connector/{id}/_execute: always 200 once the connector is found and enabled."""
        body = _validate_request(EXECUTE_BODY, s.MISSING if req.body is None and not req.raw_body else req.body, 'request body')
        if 'execute' not in PRIVILEGED[req.identity.privilege]:
            # ensureAuthorized names the type when the connector was found (K authorization/actions_authorization.ts@506f7521;
            # K execute.ts FTR test @16dacd0a: `Unauthorized to execute a "<type>" action`, `Unauthorized to execute actions`)
            try:
                ctype, _conn, _in_memory = self._executable(req, cid)
            except ApiError:
                ctype = None
            raise ApiError(403, 'Unauthorized to execute a "%s" action' % ctype.id if ctype is not None else 'Unauthorized to execute actions')
        ctype, conn, in_memory = self._executable(req, cid)
        if not in_memory:
            self.ensure_enabled(ctype)
        try:
            params = cat.validate_params(ctype, body['params'], self.profile)
            config, secrets = cat.validate_connector(ctype, conn.config, conn.secrets, self.state.settings, self.profile)
        except cat.ValidationFailure as err:
            result = {'status': 'error', 'message': str(err), 'retry': False}
        else:
            view = Connector(conn.id, conn.space, conn.type_id, conn.name, config, secrets)
            result = execute(ctype, view, params, self.state)
        service_message = result.pop('serviceMessage', None)
        result['connector_id'] = cid
        if service_message:
            result['service_message'] = service_message
        return Response(200, result)

    # ------------------------------------------------------------ OAuth callback routes (9.4+)
    def route_oauth_callback(self, req):
        """GET /api/actions/connector/_oauth_callback: `access: 'public'` but authRequired (the default, K routes/oauth_callback.ts:
        "user must have valid session") and the actions API privilege. The double's identities have no Kibana user profile,
        so every authenticated call gets Kibana's 200 error page for a missing profile_uid."""
        self._oauth_privilege(req)
        _validate_request(OAUTH_CALLBACK_QUERY, req.query, 'request query')
        return Response(200, oauth.error_page(oauth.MISSING_PROFILE_UID), {'content-type': 'text/html'})

    @staticmethod
    def _oauth_privilege(req):
        """DEFAULT_ACTION_ROUTE_SECURITY: a user without the actions feature gets 403 (K oauth_callback.ts FTR test @116e1e1d
        "should return 403 because the user lacks the required API privilege"; the body is not asserted there)."""
        if req.identity.privilege == 'none':
            raise ApiError(403)

    def route_oauth_callback_script(self, req):
        """GET /api/actions/connector/_oauth_callback_script: the page's companion JavaScript."""
        self._oauth_privilege(req)
        return Response(200, oauth.SCRIPT_BODY, {'content-type': 'application/javascript', 'cache-control': 'public, max-age=86400'})

    # ------------------------------------------------------------ spaces routes
    def route_spaces(self, req):
        """GET /api/spaces/space"""
        if not req.identity.spaces_api:
            raise ApiError(403)
        return Response(200, self.state.list_spaces())

    def route_space(self, req, id):  # pylint: disable=redefined-builtin
        """GET /api/spaces/space/{id}"""
        if not req.identity.spaces_api:
            raise ApiError(403, 'Unauthorized to get %s space' % id)
        with self.state.lock:
            space = self.state.spaces.get(id)
            if space is None:
                raise ApiError(404)
            return Response(200, copy.deepcopy(space))


def _unquote(value):
    return unquote(value) if value is not None else None
