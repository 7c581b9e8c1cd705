"""Every connector type of issue 14, per version profile: the config a minimal create returns, an invalid config's
message, "not registered" before the type's version, system types refused, execute without network.

The expected values are written here from the research notes (/work/research/types/*.md, Kibana's source), not read
from the double's catalogue, so a slip in catalogue.py shows up as a failure.
"""

import json

import pytest

from tests.kibana_double import catalogue as cat
from tests.kibana_double.config import ConfigError
from tests.kibana_double.server import build_state

PROFILES = ('8.19.0', '9.2.0', '9.3.0', '9.4.0')
CS, V3, V4 = 'config-schema', 'zod v3', 'zod v4'
BASIC = 'webhook-authentication-basic'
SNOW = {'username': 'u', 'password': 'p'}
CASES_WEBHOOK = {
    'createIncidentUrl': 'https://cases.test/issue', 'createIncidentJson': '{"t":"{{{case.title}}}"}', 'createIncidentResponseKey': 'id',
    'getIncidentUrl': 'https://cases.test/issue/{{{external.system.id}}}', 'getIncidentResponseExternalTitleKey': 'key',
    'viewIncidentUrl': 'https://cases.test/browse/{{{external.system.title}}}', 'updateIncidentUrl': 'https://cases.test/issue/1',
    'updateIncidentJson': '{"t":"{{{case.title}}}"}'}
CASES_WEBHOOK_DEFAULTS = dict(CASES_WEBHOOK, createIncidentMethod='post', getIncidentMethod='get', getIncidentJson=None,
                              updateIncidentMethod='put', createCommentUrl=None, createCommentJson=None, headers=None, hasAuth=True)
MDE = {'clientId': 'c', 'tenantId': 't', 'oAuthServerUrl': 'https://login.microsoftonline.test', 'oAuthScope': 'scope',
       'apiUrl': 'https://api.securitycenter.test'}
SNOW_RETURNED = {'apiUrl': 'https://snow.test', 'usesTableApi': True, 'isOAuth': False, 'userIdentifierValue': None, 'clientId': None,
                 'jwtKeyId': None}
NULL_MAPPINGS = dict((key, None) for key in ('ruleNameConfig', 'alertIdConfig', 'caseIdConfig', 'caseNameConfig', 'commentsConfig',
                                             'severityConfig', 'descriptionConfig'))
SWIMLANE = {'apiUrl': 'https://swimlane.test', 'appId': 'app', 'connectorType': 'all'}
OPENAI_URL = 'https://api.openai.test/v1/chat/completions'
# 9.4+ accepts only service-account credentials (K gemini/validators.ts@15f26642)
GEMINI_SECRETS = {'credentialsJson': '{"type": "service_account"}'}
GEMINI = {'apiUrl': 'https://us-central1-aiplatform.googleapis.test', 'gcpRegion': 'us-central1', 'gcpProjectID': 'p'}
INFERENCE = {'provider': 'openai', 'taskType': 'completion', 'inferenceId': 'my-completion', 'providerConfig': {'model_id': 'gpt-4o'}}

# type id -> (config, secrets, returned config for every profile, {profile: returned config} where it differs)
MINIMAL = {
    '.index': ({'index': 'i'}, None, {'index': 'i', 'refresh': False, 'executionTimeField': None}, {}),
    '.server-log': ({}, None, {}, {}),
    '.email': ({'from': 'a@b.test', 'host': 'smtp.test', 'port': 25}, {'user': 'u', 'password': 'p'},
               {'service': 'other', 'host': 'smtp.test', 'port': 25, 'secure': None, 'from': 'a@b.test', 'hasAuth': True, 'tenantId': None,
                'clientId': None, 'oauthTokenUrl': None}, {}),
    '.slack': ({}, {'webhookUrl': 'https://hooks.slack.test/x'}, {}, {}),
    '.slack_api': ({}, {'token': 'xoxb-1'}, {}, {}),
    '.teams': ({}, {'webhookUrl': 'https://teams.test/x'}, {}, {}),
    '.webhook': ({'url': 'https://hook.test/x'}, None, {'url': 'https://hook.test/x', 'method': 'post', 'headers': None, 'hasAuth': True},
                 {'9.4.0': {'url': 'https://hook.test/x', 'method': 'post', 'headers': None, 'hasAuth': True, 'authType': BASIC}}),
    '.cases-webhook': (CASES_WEBHOOK, {'user': 'u', 'password': 'p'}, dict(CASES_WEBHOOK_DEFAULTS, createCommentMethod=None),
                       {'9.3.0': dict(CASES_WEBHOOK_DEFAULTS, createCommentMethod='put'),
                        '9.4.0': dict(CASES_WEBHOOK_DEFAULTS, createCommentMethod='put', authType=BASIC)}),
    '.xmatters': ({'configUrl': 'https://x.test/flow', 'usesBasic': True}, {'user': 'u', 'password': 'p'},
                  {'configUrl': 'https://x.test/flow', 'usesBasic': True}, {}),
    '.pagerduty': ({}, {'routingKey': 'r'}, {'apiUrl': None}, {}),
    '.opsgenie': ({'apiUrl': 'https://api.opsgenie.test'}, {'apiKey': 'k'}, {'apiUrl': 'https://api.opsgenie.test'}, {}),
    '.servicenow': ({'apiUrl': 'https://snow.test'}, SNOW, SNOW_RETURNED, {}),
    '.servicenow-sir': ({'apiUrl': 'https://snow.test'}, SNOW, SNOW_RETURNED, {}),
    '.servicenow-itom': ({'apiUrl': 'https://snow.test'}, SNOW, dict((k, v) for k, v in SNOW_RETURNED.items() if k != 'usesTableApi'), {}),
    '.jira': ({'apiUrl': 'https://jira.test', 'projectKey': 'P'}, {'email': 'e@x.test', 'apiToken': 't'},
              {'apiUrl': 'https://jira.test', 'projectKey': 'P'}, {}),
    '.jira-service-management': ({'apiUrl': 'https://api.atlassian.test'}, {'apiKey': 'k'}, {'apiUrl': 'https://api.atlassian.test'}, {}),
    '.resilient': ({'apiUrl': 'https://resilient.test', 'orgId': '201'}, {'apiKeyId': 'i', 'apiKeySecret': 's'},
                   {'apiUrl': 'https://resilient.test', 'orgId': '201'}, {}),
    '.swimlane': (dict(SWIMLANE, mappings={}), {'apiToken': 't'}, dict(SWIMLANE, mappings=NULL_MAPPINGS), {}),
    '.torq': ({'webhookIntegrationUrl': 'https://hooks.torq.io/v1/webhooks/x'}, {'token': 't'},
              {'webhookIntegrationUrl': 'https://hooks.torq.io/v1/webhooks/x'}, {}),
    '.tines': ({'url': 'https://x.tines.test'}, {'email': 'me@x.test', 'token': 't'}, {'url': 'https://x.tines.test'}, {}),
    '.d3security': ({'url': 'https://d3.test/api'}, {'token': 't'}, {'url': 'https://d3.test/api'}, {}),
    '.xsoar': ({'url': 'https://xsoar.test'}, {'apiKey': 'k'}, {'url': 'https://xsoar.test'}, {}),
    '.thehive': ({'url': 'https://thehive.test'}, {'apiKey': 'k'}, {'url': 'https://thehive.test', 'organisation': None}, {}),
    '.gen-ai': ({'apiProvider': 'OpenAI', 'apiUrl': OPENAI_URL}, {'apiKey': 'k'},
                {'apiProvider': 'OpenAI', 'apiUrl': OPENAI_URL, 'defaultModel': 'gpt-4.1'}, {}),
    '.bedrock': ({'apiUrl': 'https://bedrock.test'}, {'accessKey': 'a', 'secret': 's'},
                 {'apiUrl': 'https://bedrock.test', 'defaultModel': 'us.anthropic.claude-sonnet-4-5-20250929-v1:0'},
                 {'8.19.0': {'apiUrl': 'https://bedrock.test', 'defaultModel': 'us.anthropic.claude-3-7-sonnet-20250219-v1:0'}}),
    '.gemini': (GEMINI, GEMINI_SECRETS, dict(GEMINI, defaultModel='gemini-2.5-pro'), {}),
    '.inference': (INFERENCE, {'providerSecrets': {'api_key': 'k'}}, dict(INFERENCE, taskTypeConfig={}), {}),
    '.mcp': ({'serverUrl': 'https://mcp.test/mcp'}, {}, {'serverUrl': 'https://mcp.test/mcp', 'hasAuth': True}, {}),
    '.crowdstrike': ({'url': 'https://api.crowdstrike.test'}, {'clientId': 'i', 'clientSecret': 's'}, {'url': 'https://api.crowdstrike.test'}, {}),
    '.sentinelone': ({'url': 'https://s1.test'}, {'token': 't'}, {'url': 'https://s1.test'}, {}),
    '.microsoft_defender_endpoint': (MDE, {'clientSecret': 's'}, MDE, {}),
}
# The version that introduced each type (per major line where they differ); the one before it answers "not registered".
SINCE = {
    '.xmatters': ['8.1.0'], '.cases-webhook': ['8.4.0'], '.opsgenie': ['8.6.0'], '.tines': ['8.6.0'], '.torq': ['8.7.0'],
    '.slack_api': ['8.8.0'], '.gen-ai': ['8.9.0'], '.d3security': ['8.9.0'], '.bedrock': ['8.11.0'], '.sentinelone': ['8.12.0'],
    '.gemini': ['8.15.0'], '.crowdstrike': ['8.15.0'], '.thehive': ['8.16.0'], '.inference': ['8.18.0', '9.0.0'],
    '.microsoft_defender_endpoint': ['8.18.0', '9.0.0'], '.xsoar': ['8.19.0', '9.1.0'], '.jira-service-management': ['9.2.0'],
    '.mcp': ['9.3.0'], '.cases': ['8.14.0'], '.observability-ai-assistant': ['8.14.0'],
}
BEFORE = {'8.1.0': '8.0.0', '8.3.0': '8.2.0', '8.4.0': '8.3.0', '8.6.0': '8.5.0', '8.7.0': '8.6.0', '8.8.0': '8.7.0', '8.9.0': '8.8.0', '8.11.0': '8.10.0',
          '8.12.0': '8.11.0', '8.14.0': '8.13.0', '8.15.0': '8.14.0', '8.16.0': '8.15.0', '8.18.0': '8.17.0', '8.19.0': '8.18.0',
          '9.0.0': None, '9.1.0': '9.0.0', '9.2.0': '9.1.0', '9.3.0': '9.2.0'}
ISSUE_TYPES = ('.index', '.server-log', '.email', '.slack', '.slack_api', '.teams', '.webhook', '.cases-webhook', '.xmatters', '.pagerduty',
               '.opsgenie', '.servicenow', '.servicenow-sir', '.servicenow-itom', '.jira', '.jira-service-management', '.resilient', '.swimlane',
               '.torq', '.tines', '.d3security', '.xsoar', '.thehive', '.gen-ai', '.bedrock', '.gemini', '.inference', '.mcp', '.crowdstrike',
               '.sentinelone', '.microsoft_defender_endpoint')


def _numbers(version):
    return tuple(int(part) for part in version.split('.'))


def _exists(type_id, version):
    """The type is in `version`: at or after its release in the same major line, or released in an older major line."""
    releases = [_numbers(v) for v in SINCE.get(type_id, ['7.0.0'])]
    same = [v for v in releases if v[0] == _numbers(version)[0]]
    if same:
        return _numbers(version) >= same[0]
    return any(v[0] < _numbers(version)[0] for v in releases)


def test_every_issue_type_is_covered():
    """The types of issue 14 (tested here), the system types, and those of issue 24 (test_issue24.py: .http, the spec ones)."""
    from tests.kibana_double import specs  # pylint: disable=import-outside-toplevel
    assert set(ISSUE_TYPES) == set(MINIMAL)
    assert set(ISSUE_TYPES) | {'.cases', '.observability-ai-assistant', '.http', '.http-system'} | set(specs.SPECS) == set(cat.TYPES)


MINIMAL_CASES = [(type_id, version) for type_id in sorted(MINIMAL) for version in PROFILES if _exists(type_id, version)]


@pytest.mark.parametrize('type_id,version', MINIMAL_CASES, ids=['%s@%s' % case for case in MINIMAL_CASES])
def test_minimal_create_returns_the_defaults(make_client, type_id, version):
    config, secrets, returned, by_profile = MINIMAL[type_id]
    client = make_client(version=version)
    created = client.created(type_id, config, secrets)
    expected = by_profile.get(version, returned)
    assert created['config'] == expected
    assert client.call('GET', '/api/actions/connector/%s' % created['id']).json()['config'] == expected
    assert created['is_deprecated'] is (type_id in ('.servicenow', '.servicenow-sir'))


# V4 (9.4+): z4.prettifyError, `✖ <message>` then `  → at <path>` (K x-pack/platform/plugins/shared/actions/server/lib/
# validate_with_schema.ts@16ca7f52 and its test); 9.4 used formatZodError before that was known here.
def _pretty(*problems):
    return '\n'.join('\u2716 %s' % message + ('\n  \u2192 at %s' % path if path else '') for message, path in problems)


def _unknown(key):
    return {CS: '[%s]: definition for this key is missing' % key, V3: "Unrecognized key(s) in object: '%s'" % key,
            V4: _pretty(('Unrecognized key: "%s"' % key, None))}


def _missing(key, kind='string'):
    return {CS: '[%s]: expected value of type [%s] but got [undefined]' % (key, kind), V3: 'Field "%s": Required' % key,
            V4: _pretty(('Invalid input: expected %s, received undefined' % kind, key))}


def _same(text):
    return {CS: text, V3: text, V4: text}


# type id -> (config, secrets, {dialect: detail after the prefix}); the prefix is Kibana's per era.
INVALID = {
    '.index': ({}, None, _missing('index')),
    '.server-log': ({'foo': 1}, None, _unknown('foo')),
    '.email': ({'from': 'a@b.test'}, {'user': 'u', 'password': 'p'}, _same('[host]/[port] is required')),
    '.slack': ({'foo': 1}, {'webhookUrl': 'https://hooks.slack.test/x'}, _unknown('foo')),
    '.slack_api': ({'foo': 1}, {'token': 't'}, _unknown('foo')),
    '.teams': ({'foo': 1}, {'webhookUrl': 'https://teams.test/x'}, _unknown('foo')),
    '.webhook': ({'url': 'https://hook.test', 'hasAuth': False, 'authType': BASIC}, None,
                 {CS: 'error configuring webhook action: authType must be null or undefined if hasAuth is false',
                  V3: 'error validation webhook action config: authType must be null or undefined if hasAuth is false',
                  V4: 'error validation webhook action config: authType must be null or undefined if hasAuth is false'}),
    '.cases-webhook': (dict((k, v) for k, v in CASES_WEBHOOK.items() if k != 'createIncidentUrl'), {'user': 'u', 'password': 'p'},
                       _missing('createIncidentUrl')),
    '.xmatters': ({'foo': 1}, {'user': 'u', 'password': 'p'}, _unknown('foo')),
    '.pagerduty': ({'foo': 1}, {'routingKey': 'r'}, _unknown('foo')),
    '.opsgenie': ({}, {'apiKey': 'k'}, _missing('apiUrl')),
    '.servicenow': ({'apiUrl': 'https://snow.test', 'isOAuth': True}, SNOW, _same('userIdentifierValue must be provided when isOAuth = true')),
    '.servicenow-sir': ({'apiUrl': 'https://snow.test', 'isOAuth': True}, SNOW, _same('userIdentifierValue must be provided when isOAuth = true')),
    '.servicenow-itom': ({'apiUrl': 'https://snow.test', 'usesTableApi': False}, SNOW, _unknown('usesTableApi')),
    '.jira': ({'apiUrl': 'https://jira.test'}, {'email': 'e', 'apiToken': 't'}, _missing('projectKey')),
    '.jira-service-management': ({'apiUrl': 'https://x.test', 'extra': 1}, {'apiKey': 'k'}, _unknown('extra')),
    '.resilient': ({'apiUrl': 'https://resilient.test'}, {'apiKeyId': 'i', 'apiKeySecret': 's'}, _missing('orgId')),
    '.swimlane': (dict(SWIMLANE, mappings={}, connectorType='x'), {'apiToken': 't'},
                  {CS: '[connectorType]: types that failed validation:\n- [connectorType.0]: expected value to equal [all]\n'
                       '- [connectorType.1]: expected value to equal [alerts]\n- [connectorType.2]: expected value to equal [cases]',
                   V3: "Field \"connectorType\": Invalid enum value. Expected 'all' | 'alerts' | 'cases', received 'x'",
                   V4: _pretty(('Invalid option: expected one of "all"|"alerts"|"cases"', 'connectorType'))}),
    '.torq': ({'webhookIntegrationUrl': 'https://example.test/x'}, {'token': 't'},
              _same('error configuring send to Torq action: url must begin with https://hooks.torq.io or https://hooks.eu.torq.io')),
    '.tines': ({'url': 'https://x.tines.test'}, {'token': 't'}, _missing('email')),
    '.d3security': ({}, {'token': 't'}, _missing('url')),
    '.xsoar': ({}, {'apiKey': 'k'}, _missing('url')),
    '.thehive': ({'url': 'https://x.test', 'org': 'y'}, {'apiKey': 'k'}, _unknown('org')),
    '.gen-ai': ({'apiProvider': 'OpenAI', 'apiUrl': 'not a url'}, {'apiKey': 'k'}, _same('Error configuring OpenAI action: Error: URL Error: Invalid URL')),
    '.bedrock': ({'apiUrl': 'ftp://bedrock.test'}, {'accessKey': 'a', 'secret': 's'},
                 _same('Error configuring Amazon Bedrock action: Error: URL Error: Invalid protocol')),
    '.gemini': ({}, GEMINI_SECRETS,
                {CS: '[apiUrl]: expected value of type [string] but got [undefined]',
                 V3: '3 errors:\n [1]: Field "apiUrl": Required;\n [2]: Field "gcpRegion": Required;\n [3]: Field "gcpProjectID": Required',
                 V4: _pretty(('Invalid input: expected string, received undefined', 'apiUrl'),
                             ('Invalid input: expected string, received undefined', 'gcpRegion'),
                             ('Invalid input: expected string, received undefined', 'gcpProjectID'))}),
    '.inference': (dict(INFERENCE, provider='foo'), {},
                   _same('Error configuring Inference API action: Error: API Provider is not supported: foo by Inference Endpoint.')),
    '.mcp': ({}, {}, _missing('serverUrl')),
    '.crowdstrike': ({'url': 'https://cs.test', 'x': 1}, {'clientId': 'i', 'clientSecret': 's'}, _unknown('x')),
    '.sentinelone': ({'url': 'https://s1.test', 'site': 'x'}, {'token': 't'}, _unknown('site')),
    '.microsoft_defender_endpoint': (dict(MDE, clientId=1), {'clientSecret': 's'},
                                     {CS: '[clientId]: expected value of type [string] but got [number]',
                                      V3: 'Field "clientId": Expected string, received number',
                                      V4: _pretty(('Invalid input: expected string, received number', 'clientId'))}),
}
DIALECT = {'8.19.0': CS, '9.2.0': CS, '9.3.0': V3, '9.4.0': V4}
INVALID_CASES = [(type_id, version) for type_id in sorted(INVALID) for version in ('8.19.0', '9.3.0', '9.4.0') if _exists(type_id, version)]


@pytest.mark.parametrize('type_id,version', INVALID_CASES, ids=['%s@%s' % case for case in INVALID_CASES])
def test_invalid_config_gives_kibanas_message(make_client, type_id, version):
    config, secrets, details = INVALID[type_id]
    response = make_client(version=version).create(type_id, config, secrets)
    assert response.status_code == 400, response.text
    if type_id == '.tines':
        prefix = 'error validating %s secrets: ' % ('action type' if DIALECT[version] == CS else 'connector type')
    else:
        prefix = 'error validating %s config: ' % ('action type' if DIALECT[version] == CS else 'connector type')
    assert response.json()['message'] == prefix + details[DIALECT[version]]


NOT_REGISTERED = [(type_id, version) for type_id, versions in sorted(SINCE.items()) for version in versions if BEFORE[version]]


@pytest.mark.parametrize('type_id,since', NOT_REGISTERED, ids=['%s@%s' % case for case in NOT_REGISTERED])
def test_type_before_its_version_is_not_registered(make_client, type_id, since):
    before = make_client(version=BEFORE[since])
    response = before.create(type_id, {}, {})
    assert response.status_code == 400
    assert response.json()['message'] == 'Action type "%s" is not registered.' % type_id
    listed = [item['id'] for item in before.call('GET', '/api/actions/connector_types').json()]
    assert type_id not in listed
    if type_id in MINIMAL:
        config, secrets, _returned, _by = MINIMAL[type_id]
        assert make_client(version=since).create(type_id, config, secrets).status_code == 200
        assert type_id in [item['id'] for item in make_client(version=since).call('GET', '/api/actions/connector_types').json()]


def test_xsoar_is_in_8_19_and_9_1_but_not_9_0(make_client):
    assert make_client(version='9.0.0').create('.xsoar', {'url': 'https://x.test'}, {'apiKey': 'k'}).status_code == 400
    assert make_client(version='8.19.0').create('.xsoar', {'url': 'https://x.test'}, {'apiKey': 'k'}).status_code == 200


# ---------------------------------------------------------------- system action types
SYSTEM = ('.cases', '.observability-ai-assistant')


@pytest.mark.parametrize('version', ['8.14.0', '8.19.0', '9.4.0'])
@pytest.mark.parametrize('type_id', SYSTEM)
def test_system_types_cannot_be_created_updated_or_deleted(make_client, type_id, version):
    client = make_client(version=version)
    refused = client.create(type_id, {}, {})
    assert (refused.status_code, refused.json()['message']) == (400, 'System action creation is forbidden. Action type: %s.' % type_id)
    system_id = 'system-connector-%s' % type_id
    with_id = client.create('.index', {'index': 'i'}, connector_id=system_id)
    if _numbers(version) >= (9, 4, 0):  # the 9.4 id rules of the route come first: a system connector id has a '.'
        assert with_id.json()['message'].startswith('[request params.id]: ')
    else:
        assert with_id.json()['message'] == 'System action creation is forbidden. Action type: .index.'
    update = client.call('PUT', '/api/actions/connector/%s' % system_id, json={'name': 'n'})
    assert (update.status_code, update.json()['message']) == (400, 'System action %s can not be updated.' % system_id)
    delete = client.call('DELETE', '/api/actions/connector/%s' % system_id)
    assert (delete.status_code, delete.json()['message']) == (400, 'System action %s is not allowed to delete.' % system_id)
    got = client.call('GET', '/api/actions/connector/%s' % system_id)
    assert (got.status_code, got.json()['message']) == (404, 'Connector %s not found' % system_id)
    # listTypes without includeSystemActionTypes, getAll without system connectors: neither route shows them
    assert type_id not in [item['id'] for item in client.call('GET', '/api/actions/connector_types').json()]
    assert system_id not in [item['id'] for item in client.call('GET', '/api/actions/connectors').json()]


@pytest.mark.parametrize('type_id', SYSTEM)
def test_system_types_cannot_be_preconfigured(type_id):
    config = {'xpack.actions.preconfigured': {'x': {'name': 'x', 'actionTypeId': type_id}}}
    with pytest.raises(ConfigError, match='^Setting system action types in preconfigured connectors are not allowed$'):
        build_state(version='9.4.0', kibana_config=config)
    build_state(version='8.13.0', kibana_config=config)  # not registered yet, so not a system type: Kibana starts


def test_system_types_are_flagged_in_describe_types(doubles):
    described = doubles(version='9.4.0').types()['types']
    assert described['.cases']['is_system_action_type'] and described['.observability-ai-assistant']['is_system_action_type']
    assert described['.observability-ai-assistant']['minimum_license_required'] == 'enterprise'
    assert described['.http-system']['is_system_action_type']  # 9.4+ (Workflows' http step)
    assert not any(info['is_system_action_type'] for type_id, info in described.items() if type_id not in SYSTEM + ('.http-system',))


# ---------------------------------------------------------------- era rules
def test_webhook_auth_type_default_by_era(make_client):
    for version, expected in (('9.3.0', None), ('9.4.0', BASIC)):
        config = make_client(version=version).created('.webhook', {'url': 'https://hook.test'})['config']
        assert config.get('authType') == expected
    no_auth = make_client(version='9.4.0').created('.webhook', {'url': 'https://hook.test', 'hasAuth': False})['config']
    assert no_auth['authType'] is None  # the v4 preprocess keeps the hasAuth rule satisfiable
    assert 'authType' not in make_client(version='9.3.0').created('.webhook', {'url': 'https://hook.test', 'hasAuth': False})['config']


def test_gen_ai_other_verification_mode_by_era(make_client):
    other = {'apiProvider': 'Other', 'apiUrl': 'https://llm.test/v1', 'defaultModel': 'm'}
    assert make_client(version='8.19.0').created('.gen-ai', other, {'apiKey': 'k'})['config'] == other
    assert make_client(version='9.3.0').created('.gen-ai', other, {'apiKey': 'k'})['config'] == other
    assert make_client(version='9.4.0').created('.gen-ai', other, {'apiKey': 'k'})['config'] == dict(other, verificationMode='full')


@pytest.mark.parametrize('version,gen_ai,bedrock,gemini', [
    ('8.15.0', 'gpt-4', 'anthropic.claude-3-5-sonnet-20240620-v1:0', 'gemini-1.5-pro-001'),
    ('8.18.0', 'gpt-4o', 'anthropic.claude-3-5-sonnet-20240620-v1:0', 'gemini-1.5-pro-002'),
    ('8.19.0', 'gpt-4.1', 'us.anthropic.claude-3-7-sonnet-20250219-v1:0', 'gemini-2.5-pro'),
    ('9.0.0', 'gpt-4o', 'anthropic.claude-3-5-sonnet-20240620-v1:0', 'gemini-1.5-pro-002'),
    ('9.1.0', 'gpt-4.1', 'us.anthropic.claude-3-7-sonnet-20250219-v1:0', 'gemini-2.5-pro'),
    ('9.2.0', 'gpt-4.1', 'us.anthropic.claude-sonnet-4-5-20250929-v1:0', 'gemini-2.5-pro'),
    ('9.4.0', 'gpt-4.1', 'us.anthropic.claude-sonnet-4-5-20250929-v1:0', 'gemini-2.5-pro'),
])
def test_llm_default_models_per_release(make_client, version, gen_ai, bedrock, gemini):
    client = make_client(version=version)
    assert client.created('.gen-ai', {'apiProvider': 'OpenAI', 'apiUrl': OPENAI_URL}, {'apiKey': 'k'})['config']['defaultModel'] == gen_ai
    assert client.created('.bedrock', {'apiUrl': 'https://bedrock.test'}, {'accessKey': 'a', 'secret': 's'})['config']['defaultModel'] == bedrock
    assert client.created('.gemini', GEMINI, GEMINI_SECRETS)['config']['defaultModel'] == gemini


def test_swimlane_mappings_required_from_9_3(make_client):
    assert make_client(version='9.2.0').created('.swimlane', SWIMLANE, {'apiToken': 't'})['config']['mappings'] == NULL_MAPPINGS
    assert make_client(version='9.3.0').create('.swimlane', SWIMLANE, {'apiToken': 't'}).json()['message'] == \
        'error validating connector type config: Field "mappings": Required'
    assert make_client(version='9.4.0').create('.swimlane', SWIMLANE, {'apiToken': 't'}).json()['message'] == \
        'error validating connector type config: \u2716 Invalid input: expected object, received undefined\n  \u2192 at mappings'


def test_teams_config_strict_from_8_8(make_client):
    assert make_client(version='8.7.0').created('.teams', {'k': 'v'}, {'webhookUrl': 'https://t.test/x'})['config'] == {'k': 'v'}
    assert make_client(version='9.3.0').create('.teams', {'k': 'v'}, {'webhookUrl': 'https://t.test/x'}).json()['message'] == \
        "error validating connector type config: Unrecognized key(s) in object: 'k'"


@pytest.mark.parametrize('type_id,version', [('.mcp', '9.3.0'), ('.mcp', '9.4.0')])
def test_non_strict_objects_drop_unknown_keys(make_client, type_id, version):
    config, secrets, returned, _by = MINIMAL[type_id]
    assert make_client(version=version).created(type_id, dict(config, foo=1), secrets)['config'] == returned


@pytest.mark.parametrize('version,message', [
    # @kbn/config-schema schema.object up to 9.2 (K x-pack/platform/.../common/inference/schema.ts@3fae99ca)
    ('8.18.0', 'error validating action type config: [foo]: definition for this key is missing'),
    ('9.2.0', 'error validating action type config: [foo]: definition for this key is missing'),
    # zod .strict() from 9.3 (K kbn-connector-schemas/inference/schemas/v1.ts@331469fa, @1064da9d)
    ('9.3.0', "error validating connector type config: Unrecognized key(s) in object: 'foo'"),
    ('9.4.0', 'error validating connector type config: \u2716 Unrecognized key: "foo"'),
])
def test_inference_refuses_unknown_keys(make_client, version, message):
    response = make_client(version=version).create('.inference', dict(INFERENCE, foo=1), {})
    assert (response.status_code, response.json()['message']) == (400, message)
    secrets = make_client(version=version).create('.inference', INFERENCE, {'providerSecrets': {}, 'foo': 1})
    assert secrets.status_code == 400 and 'secrets' in secrets.json()['message']


def test_servicenow_itom_is_never_deprecated(make_client):
    client = make_client(version='9.4.0')
    itom = client.created('.servicenow-itom', {'apiUrl': 'https://snow.test'}, SNOW)
    assert itom['is_deprecated'] is False
    assert client.created('.servicenow', {'apiUrl': 'https://snow.test', 'usesTableApi': False}, SNOW)['is_deprecated'] is False
    listed = dict((item['id'], item['is_deprecated']) for item in client.call('GET', '/api/actions/connectors').json())
    assert listed[itom['id']] is False


def test_cross_field_checks_see_the_config_as_sent(make_client):
    """Kibana passes the request's config to validateConnector: a default (xMatters usesBasic: true) does not count there."""
    client = make_client(version='8.19.0')
    response = client.create('.xmatters', {'configUrl': 'https://x.test/flow'}, {'user': 'u', 'password': 'p'})
    assert response.json()['message'] == 'error validating action type connector: Username and password should not be provided when usesBasic is false'
    url_auth = client.created('.xmatters', {'usesBasic': False}, {'secretsUrl': 'https://x.test/flow?apiKey=k'})
    assert url_auth['config'] == {'configUrl': None, 'usesBasic': False}


def test_secrets_validators(make_client):
    client = make_client(version='9.3.0')
    assert client.create('.servicenow', {'apiUrl': 'https://snow.test'}, {}).json()['message'] == \
        'error validating connector type secrets: Either basic auth or OAuth credentials must be specified'
    assert client.create('.webhook', {'url': 'https://h.test'}, {'user': 'u'}).json()['message'] == \
        'error validating connector type secrets: must specify one of the following schemas: user and password; crt and key ' \
        '(with optional password); pfx (with optional password); or clientSecret (for OAuth2)'
    assert client.create('.gen-ai', {'apiProvider': 'OpenAI', 'apiUrl': OPENAI_URL}, {'privateKeyData': 'x'}).json()['message'] == \
        'error validating connector type secrets: Certificate data must be provided for PKI'


# ---------------------------------------------------------------- execute
EXECUTE = {
    '.xmatters': {'severity': 'high'}, '.torq': {'body': '{"a":1}'},
    '.servicenow-itom': {'subAction': 'addEvent', 'subActionParams': {'source': 'kibana'}},
    '.swimlane': {'subAction': 'pushToService', 'subActionParams': {'incident': {'ruleName': 'r'}, 'comments': None}},
    '.jira-service-management': {'subAction': 'createAlert', 'subActionParams': {'message': 'hello'}},
    '.resilient': {'subAction': 'pushToService', 'subActionParams': {'incident': {'name': 'n'}, 'comments': []}},
    '.tines': {'subAction': 'run', 'subActionParams': {'body': '{}', 'webhookUrl': 'https://x.tines.test/webhook/a/b'}},
    '.d3security': {'subAction': 'run', 'subActionParams': {'body': '{}'}},
    '.xsoar': {'subAction': 'run', 'subActionParams': {'name': 'n', 'createInvestigation': False, 'severity': 1}},
    '.thehive': {'subAction': 'createAlert', 'subActionParams': {'title': 't', 'description': 'd', 'type': 'x', 'source': 's', 'sourceRef': 'r'}},
    '.bedrock': {'subAction': 'invokeAI', 'subActionParams': {'messages': [{'role': 'user', 'content': 'hi'}]}},
    '.gemini': {'subAction': 'invokeAI', 'subActionParams': {'messages': [{'role': 'user', 'content': 'hi'}]}},
    '.inference': {'subAction': 'completion', 'subActionParams': {'input': 'hi'}},
    '.mcp': {'subAction': 'listTools', 'subActionParams': {}},
    '.crowdstrike': {'subAction': 'getAgentDetails', 'subActionParams': {'ids': ['a']}},
    '.sentinelone': {'subAction': 'getAgents', 'subActionParams': {}},
    '.microsoft_defender_endpoint': {'subAction': 'getAgentDetails', 'subActionParams': {'id': 'm'}},
}


@pytest.mark.parametrize('type_id', sorted(EXECUTE))
def test_execute_new_types_answers_ok_without_network(make_client, type_id):
    config, secrets, _returned, _by = MINIMAL[type_id]
    client = make_client(version='9.4.0', kibana_config={'xpack.actions.allowedHosts': ['*']})
    connector = client.created(type_id, config, secrets)
    response = client.execute(connector['id'], EXECUTE[type_id])
    assert response.status_code == 200 and response.json()['status'] == 'ok', response.text


@pytest.mark.parametrize('version', ['8.19.0', '9.4.0'])
def test_sub_action_framework_errors(make_client, version):
    client = make_client(version=version)
    connector = client.created('.xsoar', {'url': 'https://xsoar.test'}, {'apiKey': 'k'}, name='XSOAR')
    unknown = client.execute(connector['id'], {'subAction': 'invalidAction', 'subActionParams': {}}).json()
    assert unknown == {'status': 'error', 'message': 'an error occurred while running the action', 'retry': True, 'connector_id': connector['id'],
                       'service_message': 'Sub action "invalidAction" is not registered. Connector id: %s. Connector name: XSOAR. '
                                          'Connector type: .xsoar' % connector['id']}
    bad = client.execute(connector['id'], {'subAction': 'run', 'subActionParams': {'createInvestigation': False, 'severity': 1}}).json()
    assert bad['status'] == 'error' and bad['service_message'].startswith('Request validation failed (')
    if version == '8.19.0':
        assert bad['service_message'] == 'Request validation failed (Error: [name]: expected value of type [string] but got [undefined])'
    else:
        assert bad['service_message'] == 'Request validation failed (\u2716 Invalid input: expected string, received undefined\n  \u2192 at name)'
    assert client.execute(connector['id'], {'subAction': 'getPlaybooks', 'subActionParams': {}}).json()['status'] == 'ok'


def test_tines_run_needs_a_webhook(make_client):
    client = make_client(version='9.3.0')
    connector = client.created('.tines', {'url': 'https://x.tines.test'}, {'email': 'e', 'token': 't'})
    result = client.execute(connector['id'], {'subAction': 'run', 'subActionParams': {'body': '{}'}}).json()
    assert result['service_message'] == 'Invalid subActionsParams: [webhook] or [webhookUrl] expected but got none'


def test_d3security_run_params_defaults_by_era():
    sub = cat.TYPES['.d3security'].sub_actions(None)['run'].schema
    from tests.kibana_double import schema as s  # pylint: disable=import-outside-toplevel
    assert s.validate(sub, {}, 3) == {}
    assert s.validate(sub, {}, 4) == {'severity': '', 'eventType': ''}


# ---------------------------------------------------------------- .inference: the Elasticsearch inference endpoint
def test_inference_creates_replaces_and_deletes_its_endpoint(make_client):
    client = make_client(version='9.4.0')
    connector = client.created('.inference', INFERENCE, {'providerSecrets': {'api_key': 'sk-very-secret'}})
    endpoints = client.admin('GET', 'inference')['endpoints']
    assert endpoints == [{'inference_id': 'my-completion', 'task_type': 'completion', 'service': 'openai',
                          'service_settings_keys': ['api_key', 'model_id'], 'task_settings': {}}]
    assert 'sk-very-secret' not in json.dumps(endpoints)
    again = client.create('.inference', INFERENCE, {'providerSecrets': {'api_key': 'k'}}, name='second')
    assert again.status_code == 500 and again.json()['message'] == 'An internal server error occurred.'
    assert len(client.call('GET', '/api/actions/connectors').json()) == 1
    updated = client.call('PUT', '/api/actions/connector/%s' % connector['id'], json={'name': 'n', 'config': INFERENCE, 'secrets': {}})
    assert updated.status_code == 200
    assert client.execute(connector['id'], EXECUTE['.inference']).json()['status'] == 'ok'
    assert client.call('DELETE', '/api/actions/connector/%s' % connector['id']).status_code == 204
    assert client.admin('GET', 'inference')['endpoints'] == []


def test_inference_endpoint_made_outside_kibana_blocks_the_create(make_client):
    client = make_client(version='9.4.0')
    client.admin('POST', 'inference', {'inference_id': 'my-completion', 'task_type': 'completion'})
    assert client.create('.inference', INFERENCE, {}).status_code == 500


# ---------------------------------------------------------------- types registered at run time
FUTURE = {'id': '.future-type', 'name': 'Future', 'license': 'gold', 'config_defaults': {'mode': 'auto', 'retries': 3},
          'config_required': ['url'], 'secrets_required': ['token']}


def test_extra_type_registered_at_run_time(make_client):
    client = make_client(version='9.4.0')
    assert client.create('.future-type', {'url': 'u'}, {'token': 't'}).json()['message'] == 'Action type ".future-type" is not registered.'
    described = client.admin('POST', 'types', FUTURE)
    assert described['config_defaults'] == {'mode': 'auto', 'retries': 3} and described['extra'] is True
    created = client.created('.future-type', {'url': 'u', 'other': [1]}, {'token': 't'})
    assert created['config'] == {'url': 'u', 'mode': 'auto', 'retries': 3, 'other': [1]}
    listed = dict((item['id'], item) for item in client.call('GET', '/api/actions/connector_types').json())
    assert listed['.future-type']['minimum_license_required'] == 'gold'
    assert client.create('.future-type', {'url': 'u'}, {}).json()['message'] == \
        'error validating connector type secrets: \u2716 Invalid input: expected string, received undefined\n  \u2192 at token'
    assert client.double.state.extra_types
    client.double.reset()
    assert client.create('.future-type', {'url': 'u'}, {'token': 't'}).status_code == 400


def test_extra_type_at_start_survives_reset(doubles):
    double = doubles(version='8.19.0', extra_types=[json.dumps(FUTURE)])
    double.reset()
    assert '.future-type' in double.types()['types']


@pytest.mark.parametrize('spec', [{'name': 'no id'}, {'id': '.x', 'colour': 'red'}, {'id': '.x', 'license': 'free'}])
def test_bad_extra_type_specs(client, spec):
    response = client.session.post(client.url + '/__double__/types', data=json.dumps(spec), timeout=10)
    assert response.status_code == 400


def test_extra_type_cannot_shadow_a_registered_type(client):
    response = client.session.post(client.url + '/__double__/types', data=json.dumps({'id': '.webhook'}), timeout=10)
    assert response.status_code == 409


# ---------------------------------------------------------------- GET /__double__/types
def test_describe_types_for_another_catalogue_to_compare(make_client):
    types = make_client(version='9.4.0').admin('GET', 'types')
    assert types['version'] == '9.4.0' and types['schema'] == V4
    webhook = types['types']['.webhook']
    assert webhook['config_required'] == ['url']
    assert webhook['config_defaults'] == {'method': 'post', 'headers': None, 'hasAuth': True, 'authType': BASIC}
    assert webhook['secret_keys'] == ['clientSecret', 'crt', 'key', 'password', 'pfx', 'secretHeaders', 'user']
    assert webhook['config']['keys']['certType'] == {'required': False, 'allowed': ['ssl-crt-key', 'ssl-pfx']}
    assert types['types']['.gen-ai']['config_required'] == ['apiProvider', 'apiUrl']
    assert types['types']['.tines']['sub_actions']['stories'] == {'reads_only': True, 'params_validated': False}
    assert types['types']['.servicenow']['deprecated_when'] == 'config.usesTableApi is true'
    old = make_client(version='8.19.0').admin('GET', 'types')
    assert old['types']['.webhook']['config_defaults'] == {'method': 'post', 'headers': None, 'hasAuth': True}
    assert '.mcp' in old['not_registered'] and '.mcp' not in old['types']


@pytest.mark.parametrize('type_id', ['.servicenow', '.servicenow-sir', '.servicenow-itom'])
def test_servicenow_knows_no_oauth_before_8_3(make_client, type_id):
    """K x-pack/plugins/actions/server/builtin_action_types/servicenow/schema.ts (7.16-8.2): no OAuth keys (PR #131084, 8.3)."""
    client = make_client(version='8.2.0')
    returned = {'apiUrl': 'https://snow.test'} if type_id == '.servicenow-itom' else {'apiUrl': 'https://snow.test', 'usesTableApi': True}
    assert client.created(type_id, {'apiUrl': 'https://snow.test'}, SNOW)['config'] == returned
    refused = client.create(type_id, {'apiUrl': 'https://snow.test', 'isOAuth': False}, SNOW)
    assert (refused.status_code, refused.json()['message']) == (
        400, 'error validating action type config: [isOAuth]: definition for this key is missing')
    secret = client.create(type_id, {'apiUrl': 'https://snow.test'}, dict(SNOW, clientSecret='s'))
    assert secret.json()['message'] == 'error validating action type secrets: [clientSecret]: definition for this key is missing'
    missing = client.create(type_id, {'apiUrl': 'https://snow.test'}, {'username': 'u'})
    assert missing.json()['message'] == 'error validating action type secrets: [password]: expected value of type [string] but got [undefined]'
    assert 'isOAuth' in make_client(version='8.3.0').created(type_id, {'apiUrl': 'https://snow.test'}, SNOW)['config']
