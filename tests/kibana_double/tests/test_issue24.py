"""Issue 24: the 9.5 and 9.6 profiles, `.http`, the types built from @kbn/connector-specs, auth_mode, the deprecated LLM
types, the OAuth callback routes, and what Kibana does not serve (auth_mode on create, allowed_sub_actions,
_check_availability). Expected values are written from Kibana's source and tests (cited), not read from the catalogue."""

import base64

import pytest

from tests.kibana_double import specs
from tests.kibana_double.tests.http_target import QuietHandler, serving

V94, V95, V96 = '9.4.0', '9.5.0', '9.6.0'
BASIC = 'webhook-authentication-basic'
LLM = ('.gen-ai', '.bedrock', '.gemini', '.inference')
# K connector_release_manifest.json@025f7381; 9.4.0 and 9.5.0 release notes (K docs/release-notes/index.md@007bb6df)
SPEC_94 = {'.1password', '.abuseipdb', '.alienvault-otx', '.amazon_s3', '.aws_lambda', '.azure-blob', '.confluence-cloud', '.figma',
           '.firecrawl', '.gcp_cloud_functions', '.github', '.gmail', '.google_calendar', '.google_cloud_storage', '.google_drive',
           '.greynoise', '.jina', '.jira-cloud', '.microsoft-teams', '.notion', '.pagerduty_mcp', '.salesforce', '.servicenow_search',
           '.sharepoint-online', '.sharepoint-server', '.shodan', '.slack2', '.tavily_mcp', '.urlvoid', '.virustotal', '.zendesk', '.zoom'}
SPEC_95 = SPEC_94 | {'.bigquery', '.box', '.brave-search', '.dropbox', '.hubspot', '.one_drive', '.outlook', '.snowflake', '.sublime_security'}


class Target(QuietHandler):
    """An HTTP target for `.http`: /fail answers 500, anything else 200 with a JSON body."""

    received = []

    def do_GET(self):  # pylint: disable=invalid-name
        """Record, then answer."""
        length = int(self.headers.get('Content-Length') or 0)
        Target.received.append({'method': self.command, 'path': self.path, 'headers': dict(self.headers),
                                'body': self.rfile.read(length).decode('utf-8')})
        status, reason, body = (500, 'Internal Server Error', b'') if self.path.startswith('/fail') else (200, 'OK', b'{"hello":"world"}')
        self.send_response(status, reason)
        self.send_header('Content-Type', 'application/json')
        self.send_header('Content-Length', str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_POST = do_PUT = do_PATCH = do_DELETE = do_GET


@pytest.fixture(scope='module')
def target():
    with serving(Target) as url:
        yield url


def _ids(client):
    return [item['id'] for item in client.call('GET', '/api/actions/connector_types').json()]


# ---------------------------------------------------------------- profiles
@pytest.mark.parametrize('version', [V95, V96])
def test_new_profiles_start_and_report_their_version(make_client, version):
    client = make_client(version=version)
    assert client.call('GET', '/api/status', auth=None).json()['version']['number'] == version
    assert client.admin('GET', 'types')['schema'] == 'zod v4'


# ---------------------------------------------------------------- .http
@pytest.mark.parametrize('version', ['8.19.0', '9.3.0'])
def test_http_is_not_registered_before_9_4(make_client, version):
    response = make_client(version=version).create('.http', {'url': 'https://x.test'})
    assert response.json()['message'] == 'Action type ".http" is not registered.'


@pytest.mark.parametrize('version', [V94, V95, V96])
def test_http_minimal_create(make_client, version):
    client = make_client(version=version)
    created = client.created('.http', {'url': 'https://x.test'}, {'user': 'u', 'password': 'p'})
    assert created['config'] == {'url': 'https://x.test', 'headers': None, 'hasAuth': True, 'authType': BASIC}
    assert created['is_connector_type_deprecated'] is False and 'auth_mode' not in created
    no_auth = client.created('.http', {'url': 'https://x.test', 'hasAuth': False})['config']
    assert no_auth['authType'] is None
    listed = dict((item['id'], item) for item in client.call('GET', '/api/actions/connector_types').json())
    assert listed['.http']['name'] == 'HTTP' and listed['.http']['minimum_license_required'] == 'gold'
    assert listed['.http']['supported_feature_ids'] == ['workflows'] and '.http-system' not in listed


def test_http_secret_query_params_from_9_5(make_client):
    secrets = {'secretQueryParams': {'api_key': 'k'}}
    config = {'url': 'https://x.test', 'authType': 'http-authentication-query-param'}
    old = make_client(version=V94).create('.http', config, secrets).json()['message']
    assert old.startswith('error validating connector type config: \u2716 Invalid input\n  \u2192 at authType')
    assert make_client(version=V94).create('.http', {'url': 'https://x.test'}, secrets).json()['message'] == \
        'error validating connector type secrets: \u2716 Unrecognized key: "secretQueryParams"'
    for version in (V95, V96):
        assert make_client(version=version).created('.http', config, secrets)['config']['authType'] == 'http-authentication-query-param'


@pytest.mark.parametrize('config,message', [
    ({'url': 'https://x.test', 'hasAuth': False, 'authType': BASIC}, 'authType must be null or undefined if hasAuth is false'),
    ({'url': 'https://x.test', 'authType': 'webhook-oauth2-client-credentials'}, 'missing Access Token URL (accessTokenUrl), Client ID (clientId) fields'),
    ({'url': 'https://x.test', 'additionalFields': 'nope'}, 'additionalFields must be a valid JSON object'),
])
def test_http_config_validator_texts(make_client, config, message):
    """K http/validations.ts@490c2029, translations.ts@027ff216."""
    response = make_client(version=V95).create('.http', config, {'user': 'u', 'password': 'p'})
    assert response.json()['message'] == 'error validating connector type config: error validation http action config: ' + message


def test_http_url_not_allowed(make_client):
    client = make_client(version=V96, kibana_config={'xpack.actions.allowedHosts': ['localhost']})
    message = client.create('.http', {'url': 'http://a.none.allowedHosts.http/endpoint'}).json()['message']
    assert message == ('error validating connector type config: error validation http action config: target url '
                       '"http://a.none.allowedHosts.http/endpoint" is not added to the Kibana config xpack.actions.allowedHosts')


def test_http_execute_sends_the_request(make_client, target):
    client = make_client(version=V95)
    conn = client.created('.http', {'url': target, 'headers': {'config': 'configValue'}},
                          {'user': 'username', 'password': 'mypassphrase', 'secretHeaders': {'secret': 'secretValue'},
                           'secretQueryParams': {'k': 'v'}})
    Target.received.clear()
    result = client.execute(conn['id'], {'path': '/hello', 'query': {'a': '1'}}).json()
    assert result['status'] == 'ok', result
    assert result['data']['status'] == 200 and result['data']['statusText'] == 'OK' and result['data']['data'] == {'hello': 'world'}
    sent = Target.received[-1]
    assert sent['method'] == 'GET' and sent['path'] == '/hello?a=1&k=v'
    assert sent['headers']['config'] == 'configValue' and sent['headers']['secret'] == 'secretValue'
    assert sent['headers']['Authorization'] == 'Basic ' + base64.b64encode(b'username:mypassphrase').decode('ascii')
    posted = client.execute(conn['id'], {'method': 'POST', 'body': 'success_post_method'}).json()
    assert posted['status'] == 'ok' and Target.received[-1]['method'] == 'POST' and Target.received[-1]['body'] == 'success_post_method'


def test_http_execute_failure(make_client, target):
    """K http.ts FTR test @fc911880 "should handle failing http targets"."""
    client = make_client(version=V94)
    conn = client.created('.http', {'url': target + '/fail'}, {'user': 'u', 'password': 'p'})
    result = client.execute(conn['id'], {'method': 'POST', 'body': 'failure'}).json()
    assert result['status'] == 'error' and result['message'] == 'error calling http, retry later'
    assert result['service_message'] == '[500] Internal Server Error' and result['retry'] is True


def test_http_params_are_strict(make_client):
    client = make_client(version=V95)
    conn = client.created('.http', {'url': 'https://x.test'}, {'user': 'u', 'password': 'p'})
    result = client.execute(conn['id'], {'method': 'TRACE'}).json()
    assert result == {'status': 'error', 'retry': False, 'connector_id': conn['id'],
                      'message': 'error validating action params: \u2716 Invalid option: expected one of '
                                 '"GET"|"POST"|"PUT"|"PATCH"|"DELETE"\n  \u2192 at method'}


@pytest.mark.parametrize('version', [V94, V96])
def test_http_system_type_is_a_system_type(make_client, version):
    client = make_client(version=version)
    refused = client.create('.http-system', {}, {})
    assert refused.json()['message'] == 'System action creation is forbidden. Action type: .http-system.'
    got = client.call('GET', '/api/actions/connector/system-connector-.http-system')
    assert (got.status_code, got.json()['message']) == (404, 'Connector system-connector-.http-system not found')


# ---------------------------------------------------------------- spec types
@pytest.mark.parametrize('version,expected', [('9.3.0', set()), (V94, SPEC_94), (V95, SPEC_95), (V96, SPEC_95)])
def test_spec_types_per_profile(make_client, version, expected):
    client = make_client(version=version)
    assert set(_ids(client)) & set(specs.SPECS) == expected
    assert client.admin('GET', 'types')['types'].get('.zoom', {}).get('kibana_source') == ('spec' if expected else None)


@pytest.mark.parametrize('type_id', sorted(SPEC_95))
def test_every_spec_type_creates_reads_updates_deletes(make_client, type_id):
    client = make_client(version=V96)
    config, secrets = specs.minimal_config(type_id), specs.minimal_secrets(type_id)
    created = client.created(type_id, config, secrets)
    assert created['config'] == dict(config, authType=secrets['authType'])
    got = client.call('GET', '/api/actions/connector/%s' % created['id']).json()
    assert got['config'] == created['config'] and got['auth_mode'] == 'shared'
    updated = client.call('PUT', '/api/actions/connector/%s' % created['id'], json={'name': 'renamed', 'config': config, 'secrets': secrets})
    assert updated.status_code == 200 and updated.json()['name'] == 'renamed'
    assert client.execute(created['id'], {'subAction': 'anything'}).json()['status'] == 'ok'
    assert client.call('DELETE', '/api/actions/connector/%s' % created['id']).status_code == 204


def test_spec_type_secrets_need_an_auth_type(make_client):
    client = make_client(version=V95)
    assert client.create('.zoom', {}, {'token': 't'}).json()['message'] == \
        'error validating connector type secrets: \u2716 Invalid input\n  \u2192 at authType'
    assert client.create('.zoom', {}, {'authType': 'basic', 'username': 'u'}).json()['message'] == \
        'error validating connector type secrets: \u2716 Invalid input\n  \u2192 at authType'
    assert client.create('.aws_lambda', {'region': 'eu'}, {'authType': 'aws_credentials', 'accessKeyId': 'a'}).json()['message'] == \
        'error validating connector type secrets: \u2716 Invalid input: expected string, received undefined\n  \u2192 at secretAccessKey'
    # config is not strict: unknown keys are dropped; a required spec field is required
    assert client.created('.zoom', {'x': 1}, {'authType': 'bearer', 'token': 't'})['config'] == {'authType': 'bearer'}
    assert client.create('.aws_lambda', {}, specs.minimal_secrets('.aws_lambda')).json()['message'] == \
        'error validating connector type config: \u2716 Invalid input: expected string, received undefined\n  \u2192 at region'


def test_spec_type_licences(make_client):
    listed = dict((item['id'], item) for item in make_client(version=V96).call('GET', '/api/actions/connector_types').json())
    assert listed['.virustotal']['minimum_license_required'] == 'gold' and listed['.zoom']['minimum_license_required'] == 'enterprise'
    assert listed['.1password']['supported_feature_ids'] == ['workflows']
    assert listed['.slack2']['supported_feature_ids'] == ['agentBuilder', 'workflows']
    gold = make_client(version=V96, license='gold')
    assert gold.create('.zoom', {}, {'authType': 'bearer', 'token': 't'}).json()['message'] == \
        'Action type .zoom is disabled because your gold license does not support it. Please upgrade your license.'


# ---------------------------------------------------------------- auth_mode, deprecation, what Kibana does not serve
@pytest.mark.parametrize('version', ['9.3.0', V94, V95, V96])
def test_auth_mode_in_get_and_list_only(make_client, version):
    preconfigured = {'xpack.actions.preconfigured': {'my-slack1': {'name': 'Slack#xyz', 'actionTypeId': '.slack',
                                                                   'secrets': {'webhookUrl': 'https://hooks.slack.com/x'}}}}
    client = make_client(version=version, kibana_config=preconfigured)
    created = client.created('.index', {'index': 'i'})
    updated = client.call('PUT', '/api/actions/connector/%s' % created['id'], json={'name': 'n', 'config': {'index': 'j'}}).json()
    got = client.call('GET', '/api/actions/connector/%s' % created['id']).json()
    listed = client.call('GET', '/api/actions/connectors').json()
    pre = client.call('GET', '/api/actions/connector/my-slack1').json()
    assert 'auth_mode' not in created and 'auth_mode' not in updated
    expected = 'shared' if version != '9.3.0' else None
    assert got.get('auth_mode') == expected and pre.get('auth_mode') == expected
    assert [item.get('auth_mode') for item in listed] == [expected, expected]


@pytest.mark.parametrize('version', [V94, V96])
def test_no_auth_mode_on_create_and_no_allowed_sub_actions_on_update(make_client, version):
    """K routes/connector/create/schemas/v1.ts@16a7d368 (no auth_mode), update schema @027ff216 (no allowed_sub_actions)."""
    client = make_client(version=version)
    body = {'name': 'n', 'connector_type_id': '.index', 'config': {'index': 'i'}, 'auth_mode': 'shared'}
    response = client.call('POST', '/api/actions/connector', json=body)
    assert (response.status_code, response.json()['message']) == (400, '[request body.auth_mode]: definition for this key is missing')
    conn = client.created('.index', {'index': 'i'})
    response = client.call('PUT', '/api/actions/connector/%s' % conn['id'], json={'name': 'n', 'config': {'index': 'i'},
                                                                                  'allowed_sub_actions': ['run']})
    assert response.json()['message'] == '[request body.allowed_sub_actions]: definition for this key is missing'
    # K routes/index.ts@00264b5f does not register check_id: the path matches no route
    missing = client.call('GET', '/api/actions/connector/%s/_check_availability' % conn['id'])
    assert (missing.status_code, missing.json()) == (404, {'statusCode': 404, 'error': 'Not Found', 'message': 'Not Found'})


@pytest.mark.parametrize('version,deprecated', [('9.3.0', False), (V94, False), (V95, True), (V96, True)])
def test_llm_types_deprecated_from_9_5(make_client, version, deprecated):
    client = make_client(version=version)
    conn = client.created('.bedrock', {'apiUrl': 'https://bedrock.test'}, {'accessKey': 'a', 'secret': 's'})
    assert conn['is_connector_type_deprecated'] is deprecated
    assert client.created('.index', {'index': 'i'})['is_connector_type_deprecated'] is False
    described = client.admin('GET', 'types')['types']
    assert [described[type_id]['connector_type_deprecated'] for type_id in LLM] == [deprecated] * 4
    assert described['.gen-ai']['deprecation_recommendation'] == 'Use Elasticsearch inference endpoints to connect to large language models instead.'


# ---------------------------------------------------------------- OAuth callback routes
def test_oauth_callback_before_9_4_is_a_connector_get(make_client):
    response = make_client(version='9.3.0').call('GET', '/api/actions/connector/_oauth_callback')
    assert (response.status_code, response.json()['message']) == (404, 'Saved object [action/_oauth_callback] not found')


@pytest.mark.parametrize('version', [V94, V95, V96])
def test_oauth_callback_routes(make_client, version):
    """K routes/oauth_callback.ts; kibana-py tests/integration/test_connectors_integration.py@4d87e743 TestConnectorsClientOAuth."""
    client = make_client(version=version)
    page = client.call('GET', '/api/actions/connector/_oauth_callback', params={'error': 'access_denied', 'state': 'x', 'scope': 'y'})
    assert page.status_code == 200 and page.headers['Content-Type'] == 'text/html'
    assert '<title>OAuth Authorization Failed</title>' in page.text and '<h1>Authorization Failed</h1>' in page.text
    assert '<div class="details">Unable to retrieve Kibana user profile ID.</div>' in page.text
    assert '<script src="/api/actions/connector/_oauth_callback_script"></script>' in page.text
    script = client.call('GET', '/api/actions/connector/_oauth_callback_script', space='team-a')
    assert script.status_code == 200 and script.headers['Content-Type'] == 'application/javascript'
    assert script.headers['Cache-Control'] == 'public, max-age=86400'
    assert 'new BroadcastChannel("oauth_flow_completed")' in script.text and '}, 3000);' in script.text
    assert client.call('GET', '/api/actions/connector/_oauth_callback', auth=None).status_code == 401
