"""_execute: always 200 with status ok or error; .index, .server-log and a real .webhook call; params validation texts."""

import base64
import json
import socket

import pytest

from .conftest import Client
from .http_target import QuietHandler, serving


class Receiver(QuietHandler):
    """A local webhook receiver: the path chooses the answer."""

    received = []
    answers = {
        '/ok': (200, 'OK', {}, b'{"ok":true}'),
        '/bad': (400, 'Bad Request', {}, b'{"message":"nope"}'),
        '/text-bad': (404, 'Not Found', {}, b'plain text'),
        '/fail': (503, 'Service Unavailable', {}, b''),
        '/busy': (429, 'Too Many Requests', {'Retry-After': '30'}, b''),
        '/busy-no-hint': (429, 'Too Many Requests', {}, b''),
    }

    def do_POST(self):  # pylint: disable=invalid-name
        """Record, then answer."""
        length = int(self.headers.get('Content-Length') or 0)
        Receiver.received.append({'method': self.command, 'path': self.path, 'headers': dict(self.headers),
                                  'body': self.rfile.read(length).decode('utf-8')})
        status, reason, headers, body = self.answers.get(self.path, (200, 'OK', {}, b''))
        self.send_response(status, reason)
        for key, value in headers.items():
            self.send_header(key, value)
        self.send_header('Content-Length', str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_PUT = do_POST


@pytest.fixture(scope='module')
def receiver():
    with serving(Receiver) as url:
        yield url


def test_index_writes_documents(client):
    conn = client.created('.index', {'index': 'docs', 'executionTimeField': '@timestamp'})
    response = client.execute(conn['id'], {'documents': [{'a': 1}, {'b': 2}]})
    assert response.status_code == 200
    body = response.json()
    assert body['status'] == 'ok' and body['connector_id'] == conn['id']
    assert body['data']['errors'] is False and len(body['data']['items']) == 2
    assert body['data']['items'][0]['create']['_index'] == 'docs' and body['data']['items'][0]['create']['status'] == 201
    documents = client.admin('GET', 'indices/docs')['documents']
    assert [dict((k, v) for k, v in doc.items() if k != '@timestamp') for doc in documents] == [{'a': 1}, {'b': 2}]
    assert all(doc['@timestamp'].endswith('Z') for doc in documents)
    assert client.double.documents('docs') == documents


def test_index_override_must_be_alert_history(client):
    conn = client.created('.index', {'index': 'docs'})
    body = client.execute(conn['id'], {'documents': [{}], 'indexOverride': 'other'}).json()
    assert body == {'status': 'error', 'message': 'error validating action params: [indexOverride]: types that failed validation:\n'
                    '- [indexOverride.0]: index must start with "kibana-alert-history-"\n- [indexOverride.1]: expected value to equal [null]',
                    'retry': False, 'connector_id': conn['id']}


def test_server_log_records(client):
    conn = client.created('.server-log')
    assert client.execute(conn['id'], {'message': 'hello'}).json() == {'status': 'ok', 'connector_id': conn['id']}
    client.execute(conn['id'], {'message': 'careful', 'level': 'warn'})
    assert client.admin('GET', 'server-log')['messages'] == [{'level': 'info', 'message': 'hello'}, {'level': 'warn', 'message': 'careful'}]


def _webhook(client, receiver, path, **config):
    config = dict({'url': receiver + path}, **config)
    return client.created('.webhook', config, {'user': 'hook-user', 'password': 'hook-pass'})['id']


def test_webhook_really_sends(client, receiver):
    del Receiver.received[:]
    connector_id = _webhook(client, receiver, '/ok', method='put', headers={'X-Test': 'yes'})
    body = client.execute(connector_id, {'body': '{"alert":1}'}).json()
    assert body == {'status': 'ok', 'data': '{"alert":1}', 'connector_id': connector_id}
    sent = Receiver.received[-1]
    assert sent['method'] == 'PUT' and sent['path'] == '/ok' and sent['body'] == '{"alert":1}'
    assert sent['headers']['X-Test'] == 'yes' and sent['headers']['Content-Type'] == 'application/json'
    assert sent['headers']['Authorization'] == 'Basic ' + base64.b64encode(b'hook-user:hook-pass').decode()


@pytest.mark.parametrize('path,expected', [
    ('/bad', {'status': 'error', 'message': 'error calling webhook, invalid response', 'service_message': '[400] Bad Request: nope'}),
    ('/text-bad', {'status': 'error', 'message': 'error calling webhook, invalid response', 'service_message': '[404] Not Found'}),
    ('/fail', {'status': 'error', 'message': 'error calling webhook, retry later', 'retry': True,
               'service_message': '[503] Service Unavailable'}),
    ('/busy-no-hint', {'status': 'error', 'message': 'error calling webhook, retry later', 'retry': True,
                       'service_message': '[429] Too Many Requests'}),
])
def test_webhook_maps_failures(client, receiver, path, expected):
    connector_id = _webhook(client, receiver, path)
    body = client.execute(connector_id, {'body': 'x'}).json()
    assert body == dict(expected, connector_id=connector_id)


def test_webhook_429_retry_after(client, receiver):
    body = client.execute(_webhook(client, receiver, '/busy'), {}).json()
    assert body['message'].startswith('error calling webhook, retry at ') and body['retry'] == body['message'].split(' at ')[1]
    assert body['service_message'] == '[429] Too Many Requests'


def test_webhook_network_error(client):
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        port = sock.getsockname()[1]
    connector_id = client.created('.webhook', {'url': 'http://127.0.0.1:%d/x' % port})['id']
    body = client.execute(connector_id, {'body': 'x'}).json()
    assert body == {'status': 'error', 'message': 'error calling webhook, request failed', 'connector_id': connector_id,
                    'service_message': '[ECONNREFUSED] connect ECONNREFUSED 127.0.0.1:%d' % port}


PARAM_ERRORS = [
    ('.server-log', None, None, {}, '[message]: expected value of type [string] but got [undefined]'),
    ('.server-log', None, None, {'message': 'm', 'level': 'loud'}, '[level]: types that failed validation:\n- [level.0]: expected value to equal '
     '[trace]\n- [level.1]: expected value to equal [debug]\n- [level.2]: expected value to equal [info]\n- [level.3]: expected value to equal '
     '[warn]\n- [level.4]: expected value to equal [error]\n- [level.5]: expected value to equal [fatal]'),
    ('.index', {'index': 'i'}, None, {}, '[documents]: expected value of type [array] but got [undefined]'),
    ('.slack', None, {'webhookUrl': 'https://hooks.slack.test/x'}, {'message': ''},
     '[message]: value has length [0] but it must have a minimum length of [1].'),
    ('.teams', None, {'webhookUrl': 'https://teams.test/x'}, {}, '[message]: expected value of type [string] but got [undefined]'),
    ('.email', {'from': 'a@b.test', 'service': '__json'}, {'user': 'u', 'password': 'p'}, {'subject': 's', 'message': 'm'},
     'no [to], [cc], or [bcc] entries'),
    ('.pagerduty', None, {'routingKey': 'r'}, {'eventAction': 'resolve'}, 'DedupKey is required when eventAction is "resolve"'),
    ('.pagerduty', None, {'routingKey': 'r'}, {'timestamp': 'not a time'}, 'error parsing timestamp "not a time"'),
    ('.cases-webhook', 'cases', {'user': 'u', 'password': 'p'}, {'subAction': 'pushToService', 'subActionParams': {'incident': {}}},
     '[subActionParams.incident.title]: expected value of type [string] but got [undefined]'),
    ('.opsgenie', {'apiUrl': 'https://api.opsgenie.test'}, {'apiKey': 'k'}, {}, '[subAction]: expected value of type [string] but got [undefined]'),
]


@pytest.mark.parametrize('type_id,config,secrets,params,detail', PARAM_ERRORS, ids=['%s-%d' % (row[0], n) for n, row in enumerate(PARAM_ERRORS)])
def test_params_validation_is_a_200_error(client, type_id, config, secrets, params, detail):  # pylint: disable=too-many-arguments
    if config == 'cases':
        from .test_defaults import CASES_WEBHOOK  # pylint: disable=import-outside-toplevel
        config = CASES_WEBHOOK
    conn = client.created(type_id, config, secrets)
    response = client.execute(conn['id'], params)
    assert response.status_code == 200
    assert response.json() == {'status': 'error', 'message': 'error validating action params: ' + detail, 'retry': False,
                               'connector_id': conn['id']}
    assert list(response.json()) == ['status', 'message', 'retry', 'connector_id']


def test_jira_union_message(client):
    conn = client.created('.jira', {'apiUrl': 'https://jira.test', 'projectKey': 'P'}, {'email': 'e@x.test', 'apiToken': 't'})
    message = client.execute(conn['id'], {'subAction': 'pushToService', 'subActionParams': {'incident': {}}}).json()['message']
    assert message.startswith('error validating action params: types that failed validation:\n- [0.subAction]: expected value to equal [getFields]')
    assert '\n- [3.subActionParams.incident.summary]: expected value of type [string] but got [undefined]\n' in message
    ok = client.execute(conn['id'], {'subAction': 'issueTypes'}).json()
    assert ok['status'] == 'ok' and isinstance(ok['data'], list)


def test_zod_profile_params_wording(make_client):
    client = make_client(version='9.3.0')
    conn = client.created('.server-log')
    assert client.execute(conn['id'], {}).json()['message'] == 'error validating action params: Field "message": Required'


OK_CASES = [
    ('.slack', None, {'webhookUrl': 'https://hooks.slack.test/x'}, {'message': 'hi'}),
    ('.teams', None, {'webhookUrl': 'https://teams.test/x'}, {'message': 'hi'}),
    ('.email', {'from': 'a@b.test', 'host': 'smtp.test', 'port': 25}, {'user': 'u', 'password': 'p'},
     {'to': ['x@y.test'], 'subject': 's', 'message': 'm'}),
    ('.pagerduty', None, {'routingKey': 'r'}, {'eventAction': 'trigger', 'summary': 's'}),
    ('.jira', {'apiUrl': 'https://jira.test', 'projectKey': 'P'}, {'email': 'e@x.test', 'apiToken': 't'},
     {'subAction': 'pushToService', 'subActionParams': {'incident': {'summary': 's'}, 'comments': []}}),
    ('.servicenow', {'apiUrl': 'https://snow.test', 'usesTableApi': False}, {'username': 'u', 'password': 'p'},
     {'subAction': 'pushToService', 'subActionParams': {'incident': {'short_description': 'd'}, 'comments': None}}),
    ('.opsgenie', {'apiUrl': 'https://api.opsgenie.test'}, {'apiKey': 'k'}, {'subAction': 'createAlert', 'subActionParams': {'message': 'm'}}),
    ('.slack_api', None, {'token': 't'}, {'subAction': 'postMessage', 'subActionParams': {'channelIds': ['C1'], 'text': 'hi'}}),
    ('.gen-ai', {'apiProvider': 'OpenAI', 'apiUrl': 'https://api.openai.test/v1'}, {'apiKey': 'k'},
     {'subAction': 'run', 'subActionParams': {'body': '{}'}}),
    ('.cases-webhook', 'cases', {'user': 'u', 'password': 'p'},
     {'subAction': 'pushToService', 'subActionParams': {'incident': {'title': 't'}, 'comments': None}}),
]


@pytest.mark.parametrize('type_id,config,secrets,params', OK_CASES, ids=[row[0] for row in OK_CASES])
def test_other_types_answer_ok_without_network(client, type_id, config, secrets, params):
    if config == 'cases':
        from .test_defaults import CASES_WEBHOOK  # pylint: disable=import-outside-toplevel
        config = CASES_WEBHOOK
    conn = client.created(type_id, config, secrets)
    body = client.execute(conn['id'], params).json()
    assert body['status'] == 'ok' and body['connector_id'] == conn['id'], body


def test_email_html_refused(client):
    conn = client.created('.email', {'from': 'a@b.test', 'service': '__json'}, {'user': 'u', 'password': 'p'})
    body = client.execute(conn['id'], {'to': ['x@y.test'], 'subject': 's', 'message': 'm', 'messageHTML': '<b>m</b>'}).json()
    assert body == {'status': 'error', 'message': 'HTML email can only be sent via notifications', 'connector_id': conn['id']}


def test_sub_action_framework_errors(client):
    conn = client.created('.opsgenie', {'apiUrl': 'https://api.opsgenie.test'}, {'apiKey': 'k'}, name='ops')
    unknown = client.execute(conn['id'], {'subAction': 'explode'}).json()
    assert unknown == {'status': 'error', 'message': 'an error occurred while running the action', 'retry': True, 'connector_id': conn['id'],
                       # the type's name, not the connector's (K sub_action_framework/executor.ts@33dd4792 getConnectorErrorMsg)
                       'service_message': 'Sub action "explode" is not registered. Connector id: %s. Connector name: Opsgenie. '
                                          'Connector type: .opsgenie' % conn['id']}
    invalid = client.execute(conn['id'], {'subAction': 'createAlert', 'subActionParams': {'message': ''}}).json()
    assert invalid['service_message'] == ('Request validation failed (Error: [message]: value has length [0] but it must have a '
                                          'minimum length of [1].)')


def test_stored_config_that_no_longer_validates(client):
    client.admin('POST', 'connectors', {'id': 'broken', 'connector_type_id': '.index', 'name': 'b', 'config': {}})
    body = client.execute('broken', {'documents': []}).json()
    assert body == {'status': 'error', 'message': 'error validating action type config: [index]: expected value of type [string] but got '
                    '[undefined]', 'retry': False, 'connector_id': 'broken'}


def test_execute_unlicensed_type_is_403(client):
    conn = client.created('.webhook', {'url': 'http://127.0.0.1:9/x'})
    client.admin('POST', 'license', {'license': 'basic'})
    response = client.execute(conn['id'], {})
    assert response.status_code == 403
    assert response.json()['message'] == ('Action type .webhook is disabled because your basic license does not support it. '
                                          'Please upgrade your license.')


def test_execute_in_another_space_is_404(client):
    conn = client.created('.server-log', space='team')
    assert client.execute(conn['id'], {'message': 'm'}).status_code == 404
    assert Client(client.double).execute(conn['id'], {'message': 'm'}, space='team').json()['status'] == 'ok'


def test_execute_system_connector(make_client):
    nine = make_client(version='9.0.0')
    response = nine.execute('system-connector-.cases', {})
    assert response.status_code == 400 and response.json()['message'] == 'Execution of system action is not allowed'


def test_request_log_keeps_params(client):
    conn = client.created('.server-log')
    client.execute(conn['id'], {'message': 'logged'})
    entry = client.admin('GET', 'requests')['requests'][-1]
    assert entry['body'] == {'params': {'message': 'logged'}} and json.dumps(entry)
