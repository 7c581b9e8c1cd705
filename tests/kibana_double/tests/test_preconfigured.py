"""Preconfigured connectors, enabledActionTypes and allowedHosts read from a kibana.yml file (sections 1.4, 1.6, 4)."""

import pytest

from tests.kibana_double.config import ConfigError, Profile, parse_kibana_config
from tests.kibana_double.server import start_double

from .conftest import Client

KIBANA_YML = """
server.host: 0.0.0.0
xpack.actions.allowedHosts: ["hooks.slack.com", "smtp.test", "snow.test", "127.0.0.1", "events.pagerduty.com"]
xpack.actions.enabledActionTypes: [".index", ".server-log", ".slack", ".webhook", ".servicenow", ".email"]
xpack:
  actions:
    preconfigured:
      my-slack:
        name: Slack (preconfigured)
        actionTypeId: .slack
        secrets:
          webhookUrl: https://hooks.slack.com/services/x
      my-index:
        name: Index (exposed)
        actionTypeId: .index
        config:
          index: pre-index
        exposeConfig: true
      old-snow:
        name: ServiceNow
        actionTypeId: .servicenow
        config:
          apiUrl: https://snow.test
        secrets: {username: u, password: p}
      bad-index:
        name: a bad one
        actionTypeId: .index
      pre-pd:
        name: PagerDuty (type disabled)
        actionTypeId: .pagerduty
        secrets: {routingKey: r}
      odd-type:
        name: zzz
        actionTypeId: .nope
"""


@pytest.fixture
def yml_client(tmp_path_factory, doubles):
    path = tmp_path_factory.getbasetemp() / 'kibana.yml'
    path.write_text(KIBANA_YML)
    return Client(doubles(kibana_yml=str(path), spaces=['team']))


@pytest.mark.parametrize('space', [None, 'team', 'never-declared'])
def test_listed_in_every_space_without_config(yml_client, space):
    listed = yml_client.call('GET', '/api/actions/connectors', space=space).json()
    by_id = dict((item['id'], item) for item in listed)
    assert sorted(by_id) == ['bad-index', 'my-index', 'my-slack', 'odd-type', 'old-snow', 'pre-pd']
    assert by_id['my-slack'] == {'id': 'my-slack', 'name': 'Slack (preconfigured)', 'connector_type_id': '.slack', 'is_preconfigured': True,
                                 'is_deprecated': False, 'referenced_by_count': 0, 'is_system_action': False}
    assert by_id['my-index']['config'] == {'index': 'pre-index'}
    assert by_id['old-snow']['is_deprecated'] is True
    names = ['a bad one', 'Index (exposed)', 'PagerDuty (type disabled)', 'ServiceNow', 'Slack (preconfigured)', 'zzz']
    assert [item['name'] for item in listed] == names


@pytest.mark.parametrize('space', [None, 'team'])
def test_get_preconfigured(yml_client, space):
    got = yml_client.call('GET', '/api/actions/connector/my-slack', space=space)
    assert got.status_code == 200
    assert got.json() == {'id': 'my-slack', 'name': 'Slack (preconfigured)', 'connector_type_id': '.slack', 'is_preconfigured': True,
                          'is_deprecated': False, 'is_system_action': False}


def test_referenced_by_count_for_preconfigured(yml_client):
    yml_client.admin('POST', 'references', {'my-slack': 4})
    listed = dict((item['id'], item) for item in yml_client.call('GET', '/api/actions/connectors').json())
    assert listed['my-slack']['referenced_by_count'] == 4


def test_execute_preconfigured(yml_client):
    assert yml_client.execute('my-index', {'documents': [{'x': 1}]}).json()['status'] == 'ok'
    assert yml_client.admin('GET', 'indices/pre-index')['documents'] == [{'x': 1}]
    bad = yml_client.execute('bad-index', {'documents': []}).json()
    assert bad['status'] == 'error'
    assert bad['message'] == 'error validating action type config: [index]: expected value of type [string] but got [undefined]'
    odd = yml_client.execute('odd-type', {})
    assert odd.status_code == 400 and odd.json()['message'] == 'Action type ".nope" is not registered.'
    # preconfigured connectors are exempt from enabledActionTypes
    assert yml_client.execute('pre-pd', {'summary': 's'}).json()['status'] == 'ok'


def test_preconfigured_is_read_only(yml_client):
    assert yml_client.create('.slack', secrets={'webhookUrl': 'https://hooks.slack.com/y'}, connector_id='my-slack').status_code == 400
    assert yml_client.call('PUT', '/api/actions/connector/my-slack', json={'name': 'n'}).status_code == 400
    assert yml_client.call('DELETE', '/api/actions/connector/my-slack').status_code == 400


@pytest.mark.parametrize('type_id,config,secrets,message', [
    ('.webhook', {'url': 'http://evil.test/x'}, None,
     'error validating action type config: error configuring webhook action: target url "http://evil.test/x" is not added to the Kibana '
     'config xpack.actions.allowedHosts'),
    ('.webhook', {'url': 'no-scheme'}, None,
     'error validating action type config: error configuring webhook action: unable to parse url: TypeError [ERR_INVALID_URL]: Invalid URL'),
    ('.slack', None, {'webhookUrl': 'https://evil.test/x'},
     'error validating action type secrets: error configuring slack action: target url "https://evil.test/x" is not added to the Kibana '
     'config xpack.actions.allowedHosts'),
    ('.email', {'from': 'a@b.test', 'host': 'evil.test', 'port': 25}, {'user': 'u', 'password': 'p'},
     "error validating action type config: [host] value 'evil.test' is not in the allowedHosts configuration"),
    ('.email', {'from': 'a@b.test', 'service': 'gmail'}, {'user': 'u', 'password': 'p'},
     "error validating action type config: [service] value 'gmail' resolves to host 'smtp.gmail.com' which is not in the allowedHosts "
     "configuration"),
    ('.servicenow', {'apiUrl': 'https://evil.test'}, {'username': 'u', 'password': 'p'},
     'error validating action type config: error configuring connector action: target url "https://evil.test" is not added to the Kibana '
     'config xpack.actions.allowedHosts'),
])
def test_allowed_hosts(yml_client, type_id, config, secrets, message):
    response = yml_client.create(type_id, config, secrets)
    assert response.status_code == 400 and response.json()['message'] == message
    assert yml_client.create('.webhook', {'url': 'http://127.0.0.1:1/ok'}).status_code == 200


def test_enabled_action_types(yml_client):
    types = dict((item['id'], item) for item in yml_client.call('GET', '/api/actions/connector_types').json())
    assert types['.jira']['enabled'] is False and types['.jira']['enabled_in_config'] is False and types['.jira']['enabled_in_license'] is True
    assert types['.index']['enabled'] is True
    response = yml_client.create('.jira', {'apiUrl': 'https://snow.test', 'projectKey': 'P'}, {'email': 'e', 'apiToken': 't'})
    assert response.status_code == 403
    assert response.json()['message'] == 'action type ".jira" is not enabled in the Kibana config xpack.actions.enabledActionTypes'


def _settings(document, version='8.19.0'):
    return parse_kibana_config(document, Profile(version))


def test_nested_and_dotted_keys_are_the_same():
    entry = {'name': 'n', 'actionTypeId': '.index', 'config': {'index': 'i', 'a.b': 1}}
    dotted = _settings({'xpack.actions.preconfigured.c1': entry})
    nested = _settings({'xpack': {'actions': {'preconfigured': {'c1': entry}}}})
    assert dotted.preconfigured['c1'].config == nested.preconfigured['c1'].config == {'index': 'i', 'a.b': 1}


@pytest.mark.parametrize('document,version,message', [
    ({'xpack.actions.preconfigured': {'__proto__': {'name': 'n', 'actionTypeId': '.index'}}}, '8.19.0',
     '[config validation of [xpack.actions].preconfigured]: invalid preconfigured action id "__proto__"'),
    ({'xpack.actions.preconfigured': {'x': {'name': '', 'actionTypeId': '.index'}}}, '8.19.0',
     '[config validation of [xpack.actions].preconfigured.x.name]: value has length [0] but it must have a minimum length of [1].'),
    ({'xpack.actions.preconfigured': {'x': {'name': 'n', 'actionTypeId': '.index', 'exposeConfig': True}}}, '8.17.0',
     '[config validation of [xpack.actions].preconfigured.x.exposeConfig]: definition for this key is missing'),
    ({'xpack.actions.allowedHost': ['x']}, '8.19.0', '[config validation of [xpack.actions].allowedHost]: definition for this key is missing'),
    ({'xpack.actions.rejectUnauthorized': False}, '9.0.0',
     '[config validation of [xpack.actions].rejectUnauthorized]: definition for this key is missing'),
])
def test_kibana_refuses_to_start(document, version, message):
    with pytest.raises(ConfigError) as raised:
        _settings(document, version)
    assert str(raised.value) == message


def test_reserved_id_is_skipped_and_alert_history_added():
    settings = _settings({'xpack.actions': {'preconfiguredAlertHistoryEsIndex': True, 'preconfigured': {
        'preconfigured-alert-history-es-index': {'name': 'mine', 'actionTypeId': '.server-log'}}}})
    assert settings.warnings == ['Preconfigured connectors cannot have the id "preconfigured-alert-history-es-index" because this is a '
                                 'reserved id.']
    assert settings.preconfigured['preconfigured-alert-history-es-index'].type_id == '.index'


def test_kibana_config_mapping_in_process():
    config = {'xpack.actions.preconfigured': {'srv': {'name': 'Server log', 'actionTypeId': '.server-log'}}}
    with start_double(kibana_config=config, version='8.12.0') as double:
        client = Client(double)
        assert [item['id'] for item in client.call('GET', '/api/actions/connectors', space='anywhere').json()] == ['srv']
