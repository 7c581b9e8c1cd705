"""One case per row of the reference's error table (section 2.2), plus the order of checks (sections 1.1 and 2.4).

The row "Encryption key missing (500)" does not apply: the double has no Encrypted Saved Objects plugin to misconfigure.
"""

import pytest

from .conftest import Client

PRECONF = {'xpack.actions.preconfigured': {'my-slack': {'name': 'Slack (preconfigured)', 'actionTypeId': '.slack',
                                                        'secrets': {'webhookUrl': 'https://hooks.slack.com/services/x'}}}}
INDEX = {'index': 'my-index'}
NOT_FOUND = 'Saved object [action/%s] not found'


def _existing(client, space=None):
    return client.created('.index', INDEX, connector_id='existing', space=space)['id']


def _as(client, username, password):
    return Client(client.double, auth=(username, password))


ROWS = [
    # row: POST/PUT/DELETE without kbn-xsrf
    ('xsrf-create', {}, lambda c: c.create('.index', INDEX, xsrf=False), 400, 'Request must contain a kbn-xsrf header.'),
    ('xsrf-update', {}, lambda c: c.call('PUT', '/api/actions/connector/%s' % _existing(c), xsrf=False, json={'name': 'n', 'config': INDEX}),
     400, 'Request must contain a kbn-xsrf header.'),
    ('xsrf-delete', {}, lambda c: c.call('DELETE', '/api/actions/connector/%s' % _existing(c), xsrf=False),
     400, 'Request must contain a kbn-xsrf header.'),
    ('xsrf-execute', {}, lambda c: c.execute(_existing(c), {'documents': []}, xsrf=False), 400, 'Request must contain a kbn-xsrf header.'),
    ('kbn-version-mismatch', {}, lambda c: c.create('.index', INDEX, xsrf=False, headers={'kbn-version': '7.0.0'}), 400,
     'Browser client is out of date, please refresh the page ("kbn-version" header was "7.0.0" but should be "8.19.0")'),
    # row: no credentials / wrong credentials
    ('no-credentials', {}, lambda c: c.call('GET', '/api/actions/connectors', auth=None), 401, 'Unauthorized'),
    ('wrong-password', {}, lambda c: c.call('GET', '/api/actions/connectors', auth=('elastic', 'wrong')), 401,
     '[security_exception]: unable to authenticate user [elastic] for REST request [/_security/_authenticate]'),
    ('wrong-api-key', {}, lambda c: c.call('GET', '/api/actions/connectors', auth=None, headers={'Authorization': 'ApiKey nope'}), 401,
     '[security_exception]: unable to authenticate with provided credentials and anonymous access is not allowed for this request'),
    # row: missing or wrong body field
    ('body-missing-name', {}, lambda c: c.call('POST', '/api/actions/connector', json={'connector_type_id': '.index'}), 400,
     '[request body.name]: expected value of type [string] but got [undefined]'),
    ('body-unknown-key', {}, lambda c: c.call('POST', '/api/actions/connector', json={'name': 'n', 'connector_type_id': '.index', 'foo': 1}),
     400, '[request body.foo]: definition for this key is missing'),
    ('body-empty-string', {}, lambda c: c.create('.index', {'index': '  '}), 400, "[request body.config.index]: value '' is not valid"),
    ('body-empty-name', {}, lambda c: c.create('.index', INDEX, name=''), 400, "[request body.name]: value '' is not valid"),
    ('body-config-null', {}, lambda c: c.call('POST', '/api/actions/connector', json={'name': 'n', 'connector_type_id': '.index', 'config': None}),
     400, '[request body.config]: expected value of type [object] but got [null]'),
    ('body-type-on-update', {}, lambda c: c.call('PUT', '/api/actions/connector/%s' % _existing(c),
                                                 json={'name': 'n', 'config': INDEX, 'connector_type_id': '.index'}),
     400, '[request body.connector_type_id]: definition for this key is missing'),
    ('body-update-missing-name', {}, lambda c: c.call('PUT', '/api/actions/connector/%s' % _existing(c), json={'config': INDEX}), 400,
     '[request body.name]: expected value of type [string] but got [undefined]'),
    ('body-execute-no-params', {}, lambda c: c.call('POST', '/api/actions/connector/%s/_execute' % _existing(c), json={}), 400,
     '[request body.params]: expected value of type [object] but got [undefined]'),
    ('body-before-authz', {}, lambda c: _as(c, 'nobody', 'nobody-pass').call('POST', '/api/actions/connector', json={}), 400,
     '[request body.name]: expected value of type [string] but got [undefined]'),
    # row: no feature privilege
    ('privilege-create', {}, lambda c: _as(c, 'reader', 'reader-pass').create('.index', INDEX), 403, 'Unauthorized to create a ".index" action'),
    ('privilege-update', {}, lambda c: _as(c, 'reader', 'reader-pass').call('PUT', '/api/actions/connector/%s' % _existing(c),
                                                                            json={'name': 'n', 'config': INDEX}),
     403, 'Unauthorized to update actions'),
    ('privilege-delete', {}, lambda c: _as(c, 'reader', 'reader-pass').call('DELETE', '/api/actions/connector/%s' % _existing(c)), 403,
     'Unauthorized to delete actions'),
    ('privilege-get', {}, lambda c: _as(c, 'nobody', 'nobody-pass').call('GET', '/api/actions/connector/%s' % _existing(c)), 403,
     'Unauthorized to get actions'),
    ('privilege-list', {}, lambda c: _as(c, 'nobody', 'nobody-pass').call('GET', '/api/actions/connectors'), 403, 'Unauthorized to get actions'),
    # an existing connector: ensureAuthorized gets its type (K authorization/actions_authorization.ts@506f7521, execute.ts FTR @16dacd0a)
    ('privilege-execute', {}, lambda c: _as(c, 'nobody', 'nobody-pass').execute(_existing(c), {'documents': []}), 403,
     'Unauthorized to execute a ".index" action'),
    ('privilege-execute-missing', {}, lambda c: _as(c, 'nobody', 'nobody-pass').execute('nope', {'documents': []}), 403,
     'Unauthorized to execute actions'),
    ('privilege-before-type', {}, lambda c: _as(c, 'reader', 'reader-pass').create('.nope', {}), 403, 'Unauthorized to create a ".nope" action'),
    # row: unknown connector id
    ('unknown-id-get', {}, lambda c: c.call('GET', '/api/actions/connector/nope'), 404, NOT_FOUND % 'nope'),
    ('unknown-id-update', {}, lambda c: c.call('PUT', '/api/actions/connector/nope', json={'name': 'n', 'config': INDEX}), 404,
     NOT_FOUND % 'nope'),
    ('unknown-id-delete', {}, lambda c: c.call('DELETE', '/api/actions/connector/nope'), 404, NOT_FOUND % 'nope'),
    ('unknown-id-execute', {}, lambda c: c.execute('nope', {}), 404, NOT_FOUND % 'nope'),
    ('other-space-get', {}, lambda c: c.call('GET', '/api/actions/connector/%s' % _existing(c, 'team')), 404, NOT_FOUND % 'existing'),
    # row: GET of a system connector (9.x)
    ('system-get', {'version': '9.1.0'}, lambda c: c.call('GET', '/api/actions/connector/system-connector-.cases'), 404,
     'Connector system-connector-.cases not found'),
    # row: create with an id that exists (any space)
    ('duplicate-id', {}, lambda c: c.create('.index', INDEX, connector_id=_existing(c, 'team')), 409, 'Saved object [action/existing] conflict'),
    ('duplicate-id-validates-first', {}, lambda c: c.create('.index', {}, connector_id=_existing(c)), 400,
     'error validating action type config: [index]: expected value of type [string] but got [undefined]'),
    # rows: preconfigured create / update / delete
    ('preconfigured-create', {'kibana_config': PRECONF}, lambda c: c.create('.nope', {}, connector_id='my-slack'), 400,
     'This my-slack already exists in a preconfigured action.'),
    ('preconfigured-update', {'kibana_config': PRECONF}, lambda c: c.call('PUT', '/api/actions/connector/my-slack', json={'name': 'n'}), 400,
     'Preconfigured action my-slack can not be updated.'),
    ('preconfigured-delete', {'kibana_config': PRECONF}, lambda c: c.call('DELETE', '/api/actions/connector/my-slack'), 400,
     'Preconfigured action my-slack is not allowed to delete.'),
    # row: create / update / delete a system action
    ('system-create-type', {}, lambda c: c.create('.cases', {}), 400, 'System action creation is forbidden. Action type: .cases.'),
    ('system-create-id', {}, lambda c: c.create('.index', INDEX, connector_id='system-connector-.cases'), 400,
     'System action creation is forbidden. Action type: .index.'),
    ('system-update', {}, lambda c: c.call('PUT', '/api/actions/connector/system-connector-.cases', json={'name': 'n'}), 400,
     'System action system-connector-.cases can not be updated.'),
    ('system-delete', {}, lambda c: c.call('DELETE', '/api/actions/connector/system-connector-.cases'), 400,
     'System action system-connector-.cases is not allowed to delete.'),
    # row: unknown connector type
    ('unknown-type', {}, lambda c: c.create('.nope', {}), 400, 'Action type ".nope" is not registered.'),
    # row: invalid config / secrets / cross-field (<= 9.2)
    ('invalid-config', {}, lambda c: c.create('.index', {'index': 1}), 400,
     'error validating action type config: [index]: expected value of type [string] but got [number]'),
    ('invalid-config-unknown-key', {}, lambda c: c.create('.server-log', {'message': 'x'}), 400,
     'error validating action type config: [message]: definition for this key is missing'),
    ('invalid-config-enum', {}, lambda c: c.create('.webhook', {'url': 'http://x.test', 'method': 'patch'}), 400,
     'error validating action type config: [method]: types that failed validation:\n'
     '- [method.0]: expected value to equal [post]\n- [method.1]: expected value to equal [put]'),
    ('invalid-secrets', {}, lambda c: c.create('.slack', secrets={}), 400,
     'error validating action type secrets: [webhookUrl]: expected value of type [string] but got [undefined]'),
    ('invalid-connector', {}, lambda c: c.create('.email', {'from': 'a@b.test', 'service': '__json', 'hasAuth': True}), 400,
     'error validating action type connector: [user] is required'),
    # row: invalid config / secrets (9.3+, zod)
    ('zod-config', {'version': '9.3.0'}, lambda c: c.create('.webhook', {'url': 'not a url'}), 400,
     'error validating connector type config: Field "url": Invalid url'),
    ('zod-config-many', {'version': '9.3.0'}, lambda c: c.create('.jira', {'x': 1}), 400,
     "error validating connector type config: 3 errors:\n [1]: Unrecognized key(s) in object: 'x';\n [2]: Field \"apiUrl\": Required;\n"
     ' [3]: Field "projectKey": Required'),
    # 9.4+: z4.prettifyError (K x-pack/platform/plugins/shared/actions/server/lib/validate_with_schema.ts@16ca7f52)
    ('zod4-config-many', {'version': '9.4.0'}, lambda c: c.create('.jira', {'x': 1}), 400,
     'error validating connector type config: \u2716 Unrecognized key: "x"\n'
     '\u2716 Invalid input: expected string, received undefined\n  \u2192 at apiUrl\n'
     '\u2716 Invalid input: expected string, received undefined\n  \u2192 at projectKey'),
    ('zod-secrets', {'version': '9.3.0'}, lambda c: c.create('.slack', secrets={}), 400,
     'error validating connector type secrets: Field "webhookUrl": Required'),
    ('zod-connector-prefix-unchanged', {'version': '9.3.0'},
     lambda c: c.create('.email', {'from': 'a@b.test', 'service': '__json', 'hasAuth': True}), 400,
     'error validating action type connector: [user] is required'),
    # row: type disabled in kibana.yml
    ('type-disabled', {'kibana_config': {'xpack.actions.enabledActionTypes': ['.index']}},
     lambda c: c.create('.server-log'), 403, 'action type ".server-log" is not enabled in the Kibana config xpack.actions.enabledActionTypes'),
    ('type-disabled-validates-first', {'kibana_config': {'xpack.actions.enabledActionTypes': ['.index']}},
     lambda c: c.create('.server-log', {'x': 1}), 400, 'error validating action type config: [x]: definition for this key is missing'),
    # row: licence too low
    ('license-too-low', {'license': 'gold'}, lambda c: c.create('.servicenow', {'apiUrl': 'https://x.test'}, {'username': 'u', 'password': 'p'}),
     403, 'Action type .servicenow is disabled because your gold license does not support it. Please upgrade your license.'),
    ('license-basic-update', {'license': 'basic'}, lambda c: c.call('PUT', '/api/actions/connector/%s' % _inject_webhook(c),
                                                                    json={'name': 'n', 'config': {'url': 'http://x.test'}}),
     403, 'Action type .webhook is disabled because your basic license does not support it. Please upgrade your license.'),
    ('license-expired', {}, lambda c: _expire(c).create('.index', INDEX), 403, 'Action type .index is disabled because your platinum license has expired.'),
]


def _inject_webhook(client):
    client.admin('POST', 'connectors', {'id': 'old-hook', 'connector_type_id': '.webhook', 'name': 'old', 'config': {'url': 'http://x.test'}})
    return 'old-hook'


def _expire(client):
    client.admin('POST', 'license', {'license': 'platinum', 'expired': True})
    return client


@pytest.mark.parametrize('row,options,send,status,message', ROWS, ids=[row[0] for row in ROWS])
def test_error_row(doubles, row, options, send, status, message):  # pylint: disable=unused-argument,too-many-arguments
    client = Client(doubles(**options))
    response = send(client)
    assert response.status_code == status, response.text
    assert response.json() == {'statusCode': status, 'error': {400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found',
                                                               409: 'Conflict'}[status], 'message': message}


def test_wrong_credentials_never_echo_the_secret(client):
    response = client.call('GET', '/api/actions/connectors', auth=('elastic', 'S3cr3t-guess'))
    assert 'S3cr3t-guess' not in response.text
    bearer = client.call('GET', '/api/actions/connectors', auth=None, headers={'Authorization': 'Bearer t0ken-guess'})
    assert bearer.status_code == 401 and 't0ken-guess' not in bearer.text


def test_no_credentials_has_www_authenticate(client):
    assert client.call('GET', '/api/actions/connectors', auth=None).headers['WWW-Authenticate'] == 'Basic realm="kibana"'


@pytest.mark.parametrize('auth', [None, 'api', 'bearer'])
def test_default_credentials_are_accepted(client, auth):
    headers = {'api': {'Authorization': 'ApiKey double-api-key'}, 'bearer': {'Authorization': 'Bearer double-bearer-token'}}.get(auth, {})
    response = client.call('GET', '/api/actions/connectors', auth=None if auth else 'default', headers=headers)
    assert response.status_code == 200


def test_reader_can_get_list_and_execute(client):
    conn = client.created('.server-log')
    reader = Client(client.double, auth=('reader', 'reader-pass'))
    assert reader.call('GET', '/api/actions/connector/%s' % conn['id']).status_code == 200
    assert reader.call('GET', '/api/actions/connectors').status_code == 200
    assert reader.execute(conn['id'], {'message': 'm'}).json()['status'] == 'ok'


def test_nobody_can_list_connector_types(client):
    nobody = Client(client.double, auth=('nobody', 'nobody-pass'))
    assert nobody.call('GET', '/api/actions/connector_types').status_code == 200


def test_credentials_file_replaces_defaults(doubles):
    creds = [{'kind': 'basic', 'username': 'ops', 'password': 'ops-pass', 'privilege': 'read'}, {'kind': 'api_key', 'key': 'k1'}]
    double = doubles(credentials=creds)
    client = Client(double, auth=('ops', 'ops-pass'))
    assert client.call('GET', '/api/actions/connectors').status_code == 200
    assert client.create('.index', INDEX).json()['message'] == 'Unauthorized to create a ".index" action'
    assert client.call('GET', '/api/actions/connectors', auth=('elastic', 'changeme')).status_code == 401
    assert client.call('GET', '/api/actions/connectors', auth=None, headers={'Authorization': 'ApiKey k1'}).status_code == 200


def test_row_unknown_space_is_not_an_error(doubles):
    """Row "Unknown space": no 404; a superuser's create there succeeds; its list shows only preconfigured connectors."""
    client = Client(doubles(kibana_config={'xpack.actions.preconfigured.pre': {'name': 'pre', 'actionTypeId': '.server-log'}}))
    assert [item['id'] for item in client.call('GET', '/api/actions/connectors', space='nope').json()] == ['pre']
    assert client.create('.index', INDEX, space='nope').status_code == 200
    assert client.call('GET', '/api/spaces/space/nope').status_code == 404
