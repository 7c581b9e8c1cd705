"""Every route, with and without the /s/<space> prefix; version profiles; the command line."""

import json
import os
import subprocess
import sys
import time
import uuid

import pytest
import requests


ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
SPACES = [None, 'default', 'other']
INDEX = {'index': 'my-index'}


@pytest.mark.parametrize('space', SPACES)
def test_status_needs_no_credentials(client, space):
    response = client.call('GET', '/api/status', space=space, auth=None)
    assert response.status_code == 200
    assert response.json() == {'name': 'kibana-double', 'version': {'number': '8.19.0'}, 'status': {'overall': {'level': 'available'}}}


@pytest.mark.parametrize('space', SPACES)
def test_create_without_id_generates_uuid4(client, space):
    body = client.created('.index', INDEX, space=space)
    assert uuid.UUID(body['id']).version == 4
    assert body == {'id': body['id'], 'name': 'my-connector', 'config': {'index': 'my-index', 'refresh': False, 'executionTimeField': None},
                    'connector_type_id': '.index', 'is_preconfigured': False, 'is_deprecated': False, 'is_missing_secrets': False,
                    'is_system_action': False}


@pytest.mark.parametrize('space', SPACES)
def test_crud_with_id(client, space):
    body = client.created('.index', INDEX, connector_id='my-id', space=space)
    assert body['id'] == 'my-id'
    got = client.call('GET', '/api/actions/connector/my-id', space=space)
    assert got.status_code == 200 and got.json() == body
    updated = client.call('PUT', '/api/actions/connector/my-id', space=space, json={'name': 'renamed', 'config': {'index': 'other'}})
    assert updated.status_code == 200
    assert updated.json()['name'] == 'renamed' and updated.json()['config']['index'] == 'other'
    deleted = client.call('DELETE', '/api/actions/connector/my-id', space=space)
    assert deleted.status_code == 204 and deleted.content == b''
    again = client.call('DELETE', '/api/actions/connector/my-id', space=space)
    assert again.status_code == 404
    assert again.json()['message'] == 'Saved object [action/my-id] not found'


def test_trailing_slash_create_means_no_id(client):
    response = client.call('POST', '/api/actions/connector/', json={'name': 'x', 'connector_type_id': '.server-log'})
    assert response.status_code == 200
    assert uuid.UUID(response.json()['id'])


@pytest.mark.parametrize('space', SPACES)
def test_list_sorted_by_name_with_referenced_by_count(client, space):
    ids = [client.created('.server-log', name=name, space=space)['id'] for name in ('beta', 'Alpha', 'alpha', '10 first', 'gamma')]
    client.admin('POST', 'references', {ids[0]: 3})
    response = client.call('GET', '/api/actions/connectors', space=space)
    assert response.status_code == 200
    listed = response.json()
    assert [item['name'] for item in listed] == ['10 first', 'alpha', 'Alpha', 'beta', 'gamma']
    counts = dict((item['id'], item['referenced_by_count']) for item in listed)
    assert counts[ids[0]] == 3 and counts[ids[1]] == 0
    assert all(item['is_missing_secrets'] is False and item['config'] == {} for item in listed)


@pytest.mark.parametrize('space', SPACES)
def test_connector_types(client, space):
    response = client.call('GET', '/api/actions/connector_types', space=space)
    assert response.status_code == 200
    types = dict((item['id'], item) for item in response.json())
    for type_id in ('.index', '.server-log', '.webhook', '.slack', '.slack_api', '.email', '.pagerduty', '.teams', '.jira',
                    '.servicenow', '.opsgenie', '.gen-ai', '.cases-webhook'):
        assert type_id in types
    assert '.cases' not in types  # system action types are not on the public route
    assert types['.index'] == {'id': '.index', 'name': 'Index', 'enabled': True, 'enabled_in_config': True, 'enabled_in_license': True,
                               'minimum_license_required': 'basic', 'supported_feature_ids': ['alerting', 'uptime', 'siem'],
                               'is_system_action_type': False}
    levels = dict((type_id, item['minimum_license_required']) for type_id, item in types.items())
    assert levels['.servicenow'] == levels['.opsgenie'] == 'platinum' and levels['.gen-ai'] == 'enterprise'
    assert levels['.webhook'] == levels['.jira'] == levels['.cases-webhook'] == 'gold'


def test_connector_types_feature_filter(client):
    cases = client.call('GET', '/api/actions/connector_types', params={'feature_id': 'cases'}).json()
    expected = ['.cases-webhook', '.jira', '.resilient', '.servicenow', '.servicenow-sir', '.swimlane', '.thehive']
    assert sorted(item['id'] for item in cases) == expected
    assert client.call('GET', '/api/actions/connector_types', params={'feature_id': 'nope'}).json() == []
    too_long = client.call('GET', '/api/actions/connector_types', params={'feature_id': 'x' * 101})
    assert too_long.status_code == 400
    assert too_long.json()['message'] == '[request query.feature_id]: value has length [101] but it must have a maximum length of [100].'
    unknown = client.call('GET', '/api/actions/connector_types', params={'foo': 'x'})
    assert unknown.json()['message'] == '[request query.foo]: definition for this key is missing'


def test_connector_types_reflect_license(client):
    client.admin('POST', 'license', {'license': 'gold'})
    types = dict((item['id'], item) for item in client.call('GET', '/api/actions/connector_types').json())
    assert types['.webhook']['enabled'] is True
    assert types['.servicenow']['enabled'] is False and types['.servicenow']['enabled_in_license'] is False
    assert types['.servicenow']['enabled_in_config'] is True


@pytest.mark.parametrize('space', SPACES)
def test_execute_route(client, space):
    conn = client.created('.server-log', space=space)
    response = client.execute(conn['id'], {'message': 'hello'}, space=space)
    assert response.status_code == 200
    assert response.json() == {'status': 'ok', 'connector_id': conn['id']}


def test_update_replaces_config_and_secrets_wholesale(client):
    conn = client.created('.webhook', {'url': 'http://example.com', 'headers': {'X-A': '1'}}, {'user': 'u', 'password': 'p'})
    before = client.admin('GET', 'connectors')['connectors'][0]
    assert before['secret_keys'] == ['password', 'user']
    response = client.call('PUT', '/api/actions/connector/%s' % conn['id'], json={'name': 'n', 'config': {'url': 'http://example.com'}})
    assert response.status_code == 200
    assert response.json()['config'] == {'url': 'http://example.com', 'method': 'post', 'headers': None, 'hasAuth': True}
    after = client.admin('GET', 'connectors')['connectors'][0]
    assert after['secret_keys'] == [] and after['secrets_sha256'] != before['secrets_sha256']


def test_update_without_required_secret_fails(client):
    conn = client.created('.slack', secrets={'webhookUrl': 'https://hooks.slack.com/x'})
    response = client.call('PUT', '/api/actions/connector/%s' % conn['id'], json={'name': 'n'})
    assert response.status_code == 400
    assert response.json()['message'] == 'error validating action type secrets: [webhookUrl]: expected value of type [string] but got [undefined]'


def test_secrets_never_returned_nor_logged(client):
    secret = 'sup3r-s3cret-%s' % uuid.uuid4()
    conn = client.created('.webhook', {'url': 'http://example.com'}, {'user': 'u', 'password': secret})
    texts = [client.call('GET', '/api/actions/connector/%s' % conn['id']).text, client.call('GET', '/api/actions/connectors').text,
             client.call('GET', '/__double__/connectors', auth=None).text, client.call('GET', '/__double__/requests', auth=None).text]
    assert all(secret not in text for text in texts)
    logged = client.admin('GET', 'requests')['requests'][0]
    assert logged['body']['secrets'] == {'user': '********', 'password': '********'}
    assert logged['body_keys'] == ['name', 'connector_type_id', 'config', 'secrets']
    assert logged['method'] == 'POST' and logged['space'] == 'default' and logged['status'] == 200


def test_admin_connectors_show_space_config_and_secret_hash(client):
    client.created('.slack', secrets={'webhookUrl': 'https://hooks.slack.com/x'}, connector_id='s1', space='team')
    item = client.admin('GET', 'connectors')['connectors'][0]
    assert item['id'] == 's1' and item['space'] == 'team' and item['config'] == {}
    assert item['secret_keys'] == ['webhookUrl']
    import hashlib  # pylint: disable=import-outside-toplevel
    expected = hashlib.sha256(b'{"webhookUrl":"https://hooks.slack.com/x"}').hexdigest()
    assert item['secrets_sha256'] == expected


def test_is_missing_secrets_until_updated(client):
    client.admin('POST', 'connectors', {'id': 'imported', 'connector_type_id': '.slack', 'name': 'imported', 'config': {},
                                        'is_missing_secrets': True})
    assert client.call('GET', '/api/actions/connector/imported').json()['is_missing_secrets'] is True
    assert client.call('GET', '/api/actions/connectors').json()[0]['is_missing_secrets'] is True
    updated = client.call('PUT', '/api/actions/connector/imported', json={'name': 'n', 'secrets': {'webhookUrl': 'https://hooks.slack.test/x'}})
    assert updated.json()['is_missing_secrets'] is False


def test_unknown_route_is_404_without_auth(client):
    for method, path in (('GET', '/api/nope'), ('PUT', '/api/actions/connector/'), ('PATCH', '/api/actions/connector/x')):
        response = client.call(method, path, auth=None)
        assert response.status_code == 404
        assert response.json() == {'statusCode': 404, 'error': 'Not Found', 'message': 'Not Found'}


def test_invalid_json_body(client):
    response = client.call('POST', '/api/actions/connector', data='{nope', headers={'Content-Type': 'application/json'})
    assert response.status_code == 400 and response.json()['message'] == 'Invalid request payload JSON format'


def test_version_8_7_has_no_create_with_id(make_client):
    client = make_client(version='8.7.0')
    assert client.create('.index', INDEX, connector_id='x').status_code == 404
    assert client.call('POST', '/api/actions/connector/', json={'name': 'x', 'connector_type_id': '.server-log'}).status_code == 404
    body = client.created('.index', INDEX)
    assert 'is_system_action' not in body
    assert client.create('.slack_api', secrets={'token': 't'}).json()['message'] == 'Action type ".slack_api" is not registered.'


def test_version_9_adds_is_connector_type_deprecated(make_client):
    client = make_client(version='9.1.0')
    body = client.created('.index', INDEX, connector_id='nine')
    assert body['is_connector_type_deprecated'] is False
    listed = client.call('GET', '/api/actions/connectors').json()
    assert listed[0]['is_connector_type_deprecated'] is False


def test_version_9_4_connector_id_rules(make_client):
    client = make_client(version='9.4.0')
    assert client.create('.index', INDEX, connector_id='good-id-1').status_code == 200
    bad = client.create('.index', INDEX, connector_id='Bad_Id')
    assert bad.status_code == 400
    assert bad.json()['message'] == '[request params.id]: Connector ID must contain only lowercase letters, numbers, and hyphens.'
    long_id = client.create('.index', INDEX, connector_id='a' * 37)
    assert long_id.json()['message'] == '[request params.id]: value has length [37] but it must have a maximum length of [36].'
    old = make_client(version='9.3.0')
    assert old.create('.index', INDEX, connector_id='Any_Id.Works').status_code == 200


def _start_cli(tmp_path, *args):
    port_file = tmp_path / 'port'
    started = time.monotonic()
    process = subprocess.Popen([sys.executable, '-m', 'tests.kibana_double', '--port', '0', '--port-file', str(port_file), '--quiet'] + list(args),
                               cwd=ROOT, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL)
    while not port_file.exists():
        if process.poll() is not None:
            raise AssertionError('the double exited: %s' % process.stderr.read().decode())
        assert time.monotonic() - started < 5, 'the port file did not appear'
        time.sleep(0.01)
    return process, int(port_file.read_text().strip())


def test_cli_starts_and_stops_when_idle(tmp_path):
    process, port = _start_cli(tmp_path, '--idle-timeout', '0.5', '--version', '9.0.0')
    try:
        status = requests.get('http://127.0.0.1:%d/api/status' % port, timeout=5).json()
        assert status['version']['number'] == '9.0.0'
        assert process.wait(timeout=10) == 0
    finally:
        if process.poll() is None:
            process.kill()


def test_cli_shutdown_control(tmp_path):
    process, port = _start_cli(tmp_path, '--idle-timeout', '0')
    try:
        assert requests.post('http://127.0.0.1:%d/__double__/shutdown' % port, timeout=5).json() == {'shutdown': True}
        assert process.wait(timeout=10) == 0
    finally:
        if process.poll() is None:
            process.kill()


def test_cli_refuses_bad_kibana_yml(tmp_path):
    config = tmp_path / 'kibana.yml'
    config.write_text('xpack.actions.preconfigured:\n  my-id:\n    actionTypeId: .index\n')
    result = subprocess.run([sys.executable, '-m', 'tests.kibana_double', '--kibana-yml', str(config)], cwd=ROOT,
                            capture_output=True, timeout=20, check=False)
    assert result.returncode == 1
    assert (b'FATAL Error: [config validation of [xpack.actions].preconfigured.my-id.name]: '
            b'expected value of type [string] but got [undefined]') in result.stderr


def test_request_log_holds_each_request_before_its_answer_arrives(client):
    """A test that reads the log right after a request must see it (the entry is written before the answer)."""
    client.admin('DELETE', 'requests')
    reader = requests.Session()  # another connection, so another server thread than the request's
    reader.trust_env = False
    for number in range(200):
        assert client.call('GET', '/api/actions/connectors').status_code == 200
        assert len(reader.get(client.url + '/__double__/requests', timeout=10).json()['requests']) == number + 1


def test_cli_extra_type_from_json_and_file(tmp_path):
    spec_file = tmp_path / 'type.json'
    spec_file.write_text(json.dumps({'id': '.from-file', 'config_defaults': {'level': 1}}))
    process, port = _start_cli(tmp_path, '--idle-timeout', '0', '--version', '9.4.0',
                                         '--extra-type', '{"id": ".future-type", "config_defaults": {"mode": "auto"}}',
                                         '--extra-type', '@%s' % spec_file)
    try:
        base = 'http://127.0.0.1:%d' % port
        info = requests.get(base + '/__double__/info', timeout=5).json()
        assert info['extra_types'] == ['.from-file', '.future-type'] and '.future-type' in info['connector_types']
        created = requests.post(base + '/api/actions/connector', auth=('elastic', 'changeme'), headers={'kbn-xsrf': 'x'}, timeout=5,
                                json={'name': 'n', 'connector_type_id': '.future-type', 'config': {'url': 'u'}}).json()
        assert created['config'] == {'url': 'u', 'mode': 'auto'}
    finally:
        requests.post('http://127.0.0.1:%d/__double__/shutdown' % port, timeout=5)
        process.wait(timeout=10)


def test_cli_refuses_a_bad_extra_type(tmp_path):
    result = subprocess.run([sys.executable, '-m', 'tests.kibana_double', '--extra-type', '{"name": "no id"}'], cwd=ROOT,
                            capture_output=True, timeout=20, check=False)
    assert result.returncode == 1 and b'FATAL Error: --extra-type: an extra type needs' in result.stderr
