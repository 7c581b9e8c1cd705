"""The reference's defaults table (section 3.14), type by type: create, then GET, then list, all show the stored defaults."""

import pytest

CASES_WEBHOOK = {
    'createIncidentUrl': 'https://cases.test/rest/issue', 'createIncidentJson': '{"title":"{{{case.title}}}"}',
    'createIncidentResponseKey': 'id', 'getIncidentUrl': 'https://cases.test/rest/issue/{{{external.system.id}}}',
    'getIncidentResponseExternalTitleKey': 'key', 'viewIncidentUrl': 'https://cases.test/browse/{{{external.system.title}}}',
    'updateIncidentUrl': 'https://cases.test/rest/issue/{{{external.system.id}}}', 'updateIncidentJson': '{"title":"{{{case.title}}}"}',
}
USER = {'user': 'u', 'password': 'p'}
SNOW = {'username': 'u', 'password': 'p'}

ROWS = [
    ('.index', {'index': 'i'}, None, {'index': 'i', 'refresh': False, 'executionTimeField': None}, False),
    ('.webhook', {'url': 'https://hook.test/x'}, None, {'url': 'https://hook.test/x', 'method': 'post', 'headers': None, 'hasAuth': True}, False),
    ('.email', {'from': 'a@b.test', 'host': 'smtp.test', 'port': 25}, USER,
     {'service': 'other', 'host': 'smtp.test', 'port': 25, 'secure': None, 'from': 'a@b.test', 'hasAuth': True, 'tenantId': None,
      'clientId': None, 'oauthTokenUrl': None}, False),
    ('.email', {'service': '__json', 'from': 'a@b.test', 'hasAuth': True}, USER,
     {'service': '__json', 'hasAuth': True, 'host': None, 'port': None, 'secure': None, 'clientId': None, 'oauthTokenUrl': None,
      'tenantId': None, 'from': 'a@b.test'}, False),
    ('.pagerduty', {}, {'routingKey': 'r'}, {'apiUrl': None}, False),
    ('.servicenow', {'apiUrl': 'https://snow.test'}, SNOW,
     {'apiUrl': 'https://snow.test', 'usesTableApi': True, 'isOAuth': False, 'clientId': None, 'jwtKeyId': None, 'userIdentifierValue': None},
     True),
    ('.servicenow', {'apiUrl': 'https://snow.test', 'usesTableApi': False}, SNOW,
     {'apiUrl': 'https://snow.test', 'usesTableApi': False, 'isOAuth': False, 'clientId': None, 'jwtKeyId': None, 'userIdentifierValue': None},
     False),
    ('.servicenow-sir', {'apiUrl': 'https://snow.test'}, SNOW,
     {'apiUrl': 'https://snow.test', 'usesTableApi': True, 'isOAuth': False, 'clientId': None, 'jwtKeyId': None, 'userIdentifierValue': None},
     True),
    ('.cases-webhook', CASES_WEBHOOK, USER,
     dict(CASES_WEBHOOK, createIncidentMethod='post', updateIncidentMethod='put', hasAuth=True, createCommentUrl=None,
          createCommentJson=None, createCommentMethod=None, headers=None, getIncidentMethod='get', getIncidentJson=None), False),
    ('.gen-ai', {'apiProvider': 'OpenAI', 'apiUrl': 'https://api.openai.test/v1/chat/completions'}, {'apiKey': 'k'},
     {'apiProvider': 'OpenAI', 'apiUrl': 'https://api.openai.test/v1/chat/completions', 'defaultModel': 'gpt-4.1'}, False),
    ('.server-log', {}, None, {}, False),
    ('.slack', {}, {'webhookUrl': 'https://hooks.slack.test/x'}, {}, False),
    ('.slack_api', {}, {'token': 't'}, {}, False),
    ('.slack_api', {'allowedChannels': [{'id': 'C1', 'name': 'general'}]}, {'token': 't'},
     {'allowedChannels': [{'id': 'C1', 'name': 'general'}]}, False),
    ('.jira', {'apiUrl': 'https://jira.test', 'projectKey': 'P'}, {'email': 'e@x.test', 'apiToken': 't'},
     {'apiUrl': 'https://jira.test', 'projectKey': 'P'}, False),
    ('.opsgenie', {'apiUrl': 'https://api.opsgenie.test'}, {'apiKey': 'k'}, {'apiUrl': 'https://api.opsgenie.test'}, False),
    ('.teams', {}, {'webhookUrl': 'https://teams.test/x'}, {}, False),
]


@pytest.mark.parametrize('type_id,config,secrets,expected,deprecated', ROWS, ids=['%s-%d' % (row[0], n) for n, row in enumerate(ROWS)])
def test_defaults(client, type_id, config, secrets, expected, deprecated):  # pylint: disable=too-many-arguments
    created = client.created(type_id, config, secrets)
    assert created['config'] == expected
    assert created['is_deprecated'] is deprecated
    got = client.call('GET', '/api/actions/connector/%s' % created['id']).json()
    assert got['config'] == expected and got['is_deprecated'] is deprecated
    listed = [item for item in client.call('GET', '/api/actions/connectors').json() if item['id'] == created['id']]
    assert listed[0]['config'] == expected


@pytest.mark.parametrize('type_id,secrets', [('.server-log', None), ('.slack', {'webhookUrl': 'https://hooks.slack.test/x'})])
def test_empty_config_types_reject_any_key(client, type_id, secrets):
    response = client.create(type_id, {'key': 'v'}, secrets)
    assert response.status_code == 400
    assert response.json()['message'] == 'error validating action type config: [key]: definition for this key is missing'


def test_webhook_ssl_fields_only_when_sent(client):
    config = {'url': 'https://hook.test', 'authType': 'webhook-authentication-ssl', 'certType': 'ssl-crt-key', 'verificationMode': 'full'}
    created = client.created('.webhook', config, {'crt': 'CRT', 'key': 'KEY'})
    assert created['config'] == dict(config, method='post', headers=None, hasAuth=True)


def test_webhook_before_8_10_has_no_ssl_fields(make_client):
    client = make_client(version='8.9.0')
    response = client.create('.webhook', {'url': 'https://hook.test', 'authType': 'webhook-authentication-basic'})
    assert response.json()['message'] == 'error validating action type config: [authType]: definition for this key is missing'


def test_webhook_9x_methods(make_client):
    assert make_client(version='9.3.0').created('.webhook', {'url': 'https://hook.test', 'method': 'patch'})['config']['method'] == 'patch'
    refused = make_client(version='9.2.0').create('.webhook', {'url': 'https://hook.test', 'method': 'patch'})
    assert refused.status_code == 400 and '[method.1]: expected value to equal [put]' in refused.json()['message']


def test_teams_config_before_8_8_is_stored_as_sent(make_client):
    """Teams had no config validator before 8.8 (K PR #153969): any config is kept; from 8.8 it is an empty strict object."""
    old = make_client(version='8.7.0').created('.teams', {'anything': 'kept as sent'}, {'webhookUrl': 'https://teams.test/x'})
    assert old['config'] == {'anything': 'kept as sent'}
    refused = make_client(version='8.8.0').create('.teams', {'anything': 'x'}, {'webhookUrl': 'https://teams.test/x'})
    assert refused.json()['message'] == 'error validating action type config: [anything]: definition for this key is missing'
