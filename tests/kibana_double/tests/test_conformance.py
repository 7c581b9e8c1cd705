"""Conformance of the double with the saved OpenAPI description (../shared/reference/kibana-actions-openapi.yaml).

The spec is an 8.7-era bundle (section 5 of the reference) and lists only space-prefixed paths; every request below
goes to /s/<space>/... and is first checked against the spec's request schema, then the double's answer is checked
against the spec's response schema for that status. Each check runs against the default profile (8.19.0) and against
8.8.0 (the oldest with `.slack_api`, which TF added to this spec, and still without `is_system_action`, so the spec's
examples must match key for key).

Routes checked:
  * POST   /s/{spaceId}/api/actions/connector                      200 (every type both know), 400, 401; kbn-xsrf required
  * GET    /s/{spaceId}/api/actions/connector/{connectorId}        200 (saved and preconfigured .slack), 401, 404
  * PUT    /s/{spaceId}/api/actions/connector/{connectorId}        200, 400, 401, 404; kbn-xsrf required
  * DELETE /s/{spaceId}/api/actions/connector/{connectorId}        204 (empty body), 401, 404; kbn-xsrf required
  * GET    /s/{spaceId}/api/actions/connectors                     200, 401
  * GET    /s/{spaceId}/api/actions/connector_types[?feature_id=]  200, 401
  * POST   /s/{spaceId}/api/actions/connector/{connectorId}/_execute  200 for .index, .server-log and .jira, 401; kbn-xsrf required
  * the spec's examples: create/update index connector, get_connectors_response, run index/server-log/jira requests

Where the spec does not apply, and why:
  * the legacy /api/actions/action..., /api/actions and /list_action_types routes: not served by the double (removed in 9.0).
  * the double's types that are not in the spec's `connector_types` enum (NOT_IN_SPEC: `.gen-ai`, `.bedrock`, the EDR types...)
    are left out of the connector and connector-type checks.
  * _execute 200: the spec says `data` is an object or an array of objects; Kibana's `.webhook` returns the body string it sent
    (reference 1.8 and 3.3). test_known_spec_error_execute_data pins that known error of the spec.
  * preconfigured connectors of types whose response schema requires `config` (the spec's own is_preconfigured text says
    config is omitted): only a preconfigured `.slack` is checked.
  * the spec reuses request config schemas for responses and omits `nullable` on keys Kibana stores as null when they are
    not sent (schema.nullable, reference 3.3, 3.10, 3.13): KNOWN_NULLS below. Those keys are checked to be null, then left
    out of the schema check; test_known_spec_error_nullable_config pins that known error of the spec. The same holds for
    the null `.swimlane` mappings (KNOWN_NESTED_NULLS).
  * `features`: the spec's enum has only alerting, cases, uptime and siem; `.gemini` declares generative-AI ids
    (test_known_spec_error_features). The double's types that the 8.7-era spec does not describe are NOT_IN_SPEC.

If the spec file is missing the tests skip, except with CI=true, where they fail.
"""

import copy
import os

import jsonschema
import pytest
import yaml

from tests.kibana_double import catalogue as cat
from tests.kibana_double.config import Profile

from .conftest import Client

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(HERE)))
SPEC_FILE = 'kibana-actions-openapi.yaml'
CONNECTOR = '/s/{spaceId}/api/actions/connector'
ONE = '/s/{spaceId}/api/actions/connector/{connectorId}'
EXECUTE = '/s/{spaceId}/api/actions/connector/{connectorId}/_execute'
LIST = '/s/{spaceId}/api/actions/connectors'
TYPES = '/s/{spaceId}/api/actions/connector_types'
SPACE = 'conformance'
DROP = ('discriminator', 'example', 'examples', 'xml', 'externalDocs', 'deprecated')
CASES_WEBHOOK = {
    'createIncidentUrl': 'https://cases.test/issue', 'createIncidentJson': '{"t":"{{{case.title}}}"}', 'createIncidentResponseKey': 'id',
    'getIncidentUrl': 'https://cases.test/issue/{{{external.system.id}}}', 'getIncidentResponseExternalTitleKey': 'key',
    'viewIncidentUrl': 'https://cases.test/browse/{{{external.system.title}}}', 'updateIncidentUrl': 'https://cases.test/issue/1',
    'updateIncidentJson': '{"t":"{{{case.title}}}"}'}
VALID = {
    '.index': ({'index': 'conformance'}, None),
    '.server-log': (None, None),
    '.webhook': ({'url': 'https://hook.test/x', 'method': 'put', 'headers': {'X-A': 'b'}}, {'user': 'u', 'password': 'p'}),
    '.email': ({'from': 'a@b.test', 'host': 'smtp.test', 'port': 587, 'secure': True}, {'user': 'u', 'password': 'p'}),
    '.pagerduty': ({'apiUrl': 'https://events.pagerduty.com/v2/enqueue'}, {'routingKey': 'r'}),
    '.slack': (None, {'webhookUrl': 'https://hooks.slack.com/services/x'}),
    '.slack_api': (None, {'token': 'xoxb-1'}),
    '.teams': (None, {'webhookUrl': 'https://teams.test/x'}),
    '.jira': ({'apiUrl': 'https://jira.test', 'projectKey': 'P'}, {'email': 'e@x.test', 'apiToken': 't'}),
    '.servicenow': ({'apiUrl': 'https://snow.test', 'usesTableApi': False}, {'username': 'u', 'password': 'p'}),
    '.servicenow-sir': ({'apiUrl': 'https://snow.test'}, {'username': 'u', 'password': 'p'}),
    '.opsgenie': ({'apiUrl': 'https://api.opsgenie.com'}, {'apiKey': 'k'}),
    '.cases-webhook': (CASES_WEBHOOK, {'user': 'u', 'password': 'p'}),
    '.xmatters': ({'configUrl': 'https://x.test/flow', 'usesBasic': True}, {'user': 'u', 'password': 'p'}),
    '.servicenow-itom': ({'apiUrl': 'https://snow.test'}, {'username': 'u', 'password': 'p'}),
    '.resilient': ({'apiUrl': 'https://resilient.test', 'orgId': '201'}, {'apiKeyId': 'id', 'apiKeySecret': 's'}),
    '.swimlane': ({'apiUrl': 'https://swimlane.test', 'appId': 'app', 'connectorType': 'all', 'mappings': {}}, {'apiToken': 't'}),
    '.tines': ({'url': 'https://example.tines.test'}, {'email': 'me@example.test', 'token': 't'}),
    '.gemini': ({'apiUrl': 'https://us-central1-aiplatform.googleapis.com', 'gcpRegion': 'us-central1', 'gcpProjectID': 'p'},
                {'credentialsJson': '{"type":"service_account"}'}),
}
SINCE = {'.gemini': (8, 15)}  # the other types of VALID exist in both profiles (8.8.0 and 8.19.0)
# Types of the double the spec does not describe, per profile (the 8.7-era bundle predates them).
NOT_IN_SPEC = {
    '8.19.0': {'.gen-ai', '.bedrock', '.d3security', '.torq', '.xsoar', '.thehive', '.inference', '.crowdstrike', '.sentinelone',
               '.microsoft_defender_endpoint'},
    '8.8.0': {'.torq'},
}
KNOWN_NULLS = {
    '.cases-webhook': ('createCommentJson', 'createCommentMethod', 'createCommentUrl', 'headers'),
    '.servicenow': ('clientId', 'jwtKeyId', 'userIdentifierValue'),
    '.servicenow-sir': ('clientId', 'jwtKeyId', 'userIdentifierValue'),
    '.webhook': ('headers',),
    '.servicenow-itom': ('clientId', 'jwtKeyId', 'userIdentifierValue'),
    '.xmatters': (),
}
KNOWN_NESTED_NULLS = {'.swimlane': 'mappings'}  # an omitted mapping is stored as null (schema.nullable); the spec says object
PRECONF = {'xpack.actions.preconfigured': {
    'preconfigured-slack': {'name': 'Preconfigured Slack', 'actionTypeId': '.slack', 'secrets': {'webhookUrl': 'https://hooks.slack.com/x'}},
    'preconfigured-email-connector': {'name': 'my-preconfigured-email-notification', 'actionTypeId': '.email',
                                      'config': {'from': 'a@b.test', 'service': '__json'}}}}


def spec_path():
    """KIBANA_REFERENCE_DIR, else <collection root>/../shared/reference."""
    base = os.environ.get('KIBANA_REFERENCE_DIR') or os.path.join(ROOT, '..', 'shared', 'reference')
    return os.path.join(base, SPEC_FILE)


class Spec(object):
    """The OpenAPI document, with $refs resolved and OpenAPI 3.0 schemas turned into JSON Schema (draft 4)."""

    def __init__(self, document):
        self.document = document
        self.cache = {}

    def ref(self, pointer):
        """Resolve '#/a/b'."""
        node = self.document
        for part in pointer.lstrip('#/').split('/'):
            node = node[part.replace('~1', '/').replace('~0', '~')]
        return node

    def resolve(self, node, seen=()):
        """Inline every $ref (copying) and convert `nullable`."""
        if isinstance(node, list):
            return [self.resolve(item, seen) for item in node]
        if not isinstance(node, dict):
            return node
        if '$ref' in node:
            if node['$ref'] in seen:
                raise AssertionError('recursive $ref %s' % node['$ref'])
            if node['$ref'] not in self.cache:
                self.cache[node['$ref']] = self.resolve(self.ref(node['$ref']), seen + (node['$ref'],))
            return self.cache[node['$ref']]
        out = dict((key, self.resolve(value, seen)) for key, value in node.items() if key not in DROP)
        if out.pop('nullable', False):
            if 'type' in out:
                out['type'] = [out['type'], 'null']
                if 'enum' in out:
                    out['enum'] = list(out['enum']) + [None]
            else:
                out = {'anyOf': [out, {'type': 'null'}]}
        return out

    def operation(self, path, method):
        """paths[path][method]"""
        return self.document['paths'][path][method]

    def request_schema(self, path, method):
        """The JSON request body schema."""
        return self.resolve(self.operation(path, method)['requestBody']['content']['application/json']['schema'])

    def response_schema(self, path, method, status):
        """The JSON response schema for a status (None when the spec gives no body)."""
        response = self.resolve(self.operation(path, method)['responses'][str(status)])
        content = response.get('content', {}).get('application/json')
        return None if content is None else content['schema']

    def component(self, name):
        """A resolved components/schemas entry."""
        return self.resolve({'$ref': '#/components/schemas/%s' % name})

    def example(self, name):
        """A components/examples value."""
        return copy.deepcopy(self.document['components']['examples'][name]['value'])

    def known_types(self):
        """The spec's connector_types enum."""
        return set(self.component('connector_types')['enum'])

    def update_member(self, type_id):
        """The update_connector_request_* member for a type (the create discriminator mapping, renamed)."""
        mapping = self.operation(CONNECTOR, 'post')['requestBody']['content']['application/json']['schema']['discriminator']['mapping']
        return self.resolve({'$ref': mapping[type_id].replace('create_connector_request_', 'update_connector_request_')})

    def requires_xsrf(self, path, method):
        """The kbn_xsrf header parameter is declared."""
        return any(param.get('$ref', '').endswith('/kbn_xsrf') for param in self.operation(path, method).get('parameters', []))


def check(schema, value):
    """Validate, with a readable failure."""
    errors = sorted(jsonschema.Draft4Validator(schema).iter_errors(value), key=lambda err: list(err.path))
    assert not errors, '\n'.join('%s: %s' % (list(err.path), err.message) for err in errors[:5])


def spec_view(connector):
    """The connector without the null config values the spec forgets to allow (each must really be null)."""
    view = copy.deepcopy(connector)
    for key in KNOWN_NULLS.get(view.get('connector_type_id'), ()):
        if key in view.get('config', {}) and view['config'][key] is None:
            del view['config'][key]
    nested = view.get('config', {}).get(KNOWN_NESTED_NULLS.get(view.get('connector_type_id')))
    if isinstance(nested, dict):
        for key in [key for key, value in nested.items() if value is None]:
            del nested[key]
    return view


@pytest.fixture(scope='module')
def spec():
    path = spec_path()
    if not os.path.isfile(path):
        reason = 'the OpenAPI reference %s is missing (set KIBANA_REFERENCE_DIR to the folder that holds it)' % path
        if os.environ.get('CI') == 'true':
            pytest.fail(reason)
        pytest.skip(reason)
    with open(path, encoding='utf-8') as handle:
        return Spec(yaml.load(handle, Loader=getattr(yaml, 'CSafeLoader', yaml.SafeLoader)))


@pytest.fixture(params=['8.19.0', '8.8.0'])
def conformance(request, doubles):
    client = Client(doubles(version=request.param, kibana_config=PRECONF))
    client.version = request.param
    return client


def _create_body(type_id, name='conformance'):
    config, secrets = VALID[type_id]
    body = {'name': name, 'connector_type_id': type_id}
    if config is not None:
        body['config'] = config
    if secrets is not None:
        body['secrets'] = secrets
    return body


def _exists(conformance, type_id):
    return type_id not in SINCE or Profile(conformance.version).at_least(*SINCE[type_id])


def test_every_type_both_know_is_covered(spec):
    assert spec.known_types() <= set(VALID)
    assert set(VALID) <= set(cat.TYPES)


@pytest.mark.parametrize('type_id', sorted(VALID))
def test_create_get_update_delete(spec, conformance, type_id):
    if not _exists(conformance, type_id):
        pytest.skip('%s is not registered in %s' % (type_id, conformance.version))
    body = _create_body(type_id)
    check(spec.request_schema(CONNECTOR, 'post'), body)
    created = conformance.call('POST', '/api/actions/connector', space=SPACE, json=body)
    assert created.status_code == 200, created.text
    connector = spec.response_schema(CONNECTOR, 'post', 200)
    check(connector, spec_view(created.json()))
    connector_id = created.json()['id']
    got = conformance.call('GET', '/api/actions/connector/%s' % connector_id, space=SPACE)
    check(spec.response_schema(ONE, 'get', 200), spec_view(got.json()))
    update = dict((key, value) for key, value in body.items() if key != 'connector_type_id')
    update['name'] = 'renamed'
    if type_id == '.server-log':
        update.pop('config', None)
    check(spec.update_member(type_id), update)
    updated = conformance.call('PUT', '/api/actions/connector/%s' % connector_id, space=SPACE, json=update)
    assert updated.status_code == 200, updated.text
    check(spec.response_schema(ONE, 'put', 200), spec_view(updated.json()))
    deleted = conformance.call('DELETE', '/api/actions/connector/%s' % connector_id, space=SPACE)
    assert deleted.status_code == 204 and deleted.content == b''
    assert spec.response_schema(ONE, 'delete', 204) is None


def test_error_answers(spec, conformance):
    bad = conformance.call('POST', '/api/actions/connector', space=SPACE, json={'name': 'n', 'connector_type_id': '.index', 'config': {}})
    assert bad.status_code == 400
    check(spec.response_schema(CONNECTOR, 'post', 400), bad.json())
    for method, path, route in (('POST', '/api/actions/connector', CONNECTOR), ('GET', '/api/actions/connector/x', ONE),
                                ('PUT', '/api/actions/connector/x', ONE), ('DELETE', '/api/actions/connector/x', ONE),
                                ('GET', '/api/actions/connectors', LIST), ('GET', '/api/actions/connector_types', TYPES),
                                ('POST', '/api/actions/connector/x/_execute', EXECUTE)):
        unauthorized = conformance.call(method, path, space=SPACE, auth=None, json={})
        assert unauthorized.status_code == 401
        check(spec.response_schema(route, method.lower(), 401), unauthorized.json())
    for method, body in (('GET', None), ('PUT', {'name': 'n', 'config': {'index': 'i'}}), ('DELETE', None)):
        missing = conformance.call(method, '/api/actions/connector/missing-id', space=SPACE, json=body)
        assert missing.status_code == 404
        check(spec.response_schema(ONE, method.lower(), 404), missing.json())
    conformance.created('.index', {'index': 'i'}, connector_id='to-update', space=SPACE)
    invalid = conformance.call('PUT', '/api/actions/connector/to-update', space=SPACE, json={'name': 'n', 'config': {}})
    assert invalid.status_code == 400
    check(spec.response_schema(ONE, 'put', 400), invalid.json())


def test_xsrf_header_is_required_where_the_spec_says(spec, conformance):
    for route, method, path in ((CONNECTOR, 'post', '/api/actions/connector'), (ONE, 'put', '/api/actions/connector/x'),
                                (ONE, 'delete', '/api/actions/connector/x'), (EXECUTE, 'post', '/api/actions/connector/x/_execute')):
        assert spec.requires_xsrf(route, method)
        response = conformance.call(method.upper(), path, space=SPACE, xsrf=False, json={})
        assert response.status_code == 400 and response.json()['message'] == 'Request must contain a kbn-xsrf header.'
    assert not spec.requires_xsrf(ONE, 'get')


def test_list_connectors(spec, conformance):
    present = [type_id for type_id in sorted(VALID) if _exists(conformance, type_id)]
    for type_id in present:
        assert conformance.create(type_id, *VALID[type_id], space=SPACE).status_code == 200
    conformance.admin('POST', 'references', {'preconfigured-slack': 2})
    listed = conformance.call('GET', '/api/actions/connectors', space=SPACE).json()
    assert len(listed) == len(present) + 2
    check(spec.response_schema(LIST, 'get', 200), [spec_view(item) for item in listed])


def test_preconfigured_get(spec, conformance):
    got = conformance.call('GET', '/api/actions/connector/preconfigured-slack', space=SPACE)
    check(spec.response_schema(ONE, 'get', 200), got.json())


def _spec_features(spec, items):
    """Known spec error: its `features` enum has only alerting, cases, uptime and siem (no generative-AI or endpoint ids)."""
    features = set(spec.component('features')['enum'])
    return [dict(item, supported_feature_ids=[f for f in item['supported_feature_ids'] if f in features]) for item in items]


def test_connector_types(spec, conformance):
    known = spec.known_types()
    schema = spec.response_schema(TYPES, 'get', 200)
    everything = conformance.call('GET', '/api/actions/connector_types', space=SPACE).json()
    check(schema, _spec_features(spec, [item for item in everything if item['id'] in known]))
    assert set(item['id'] for item in everything if item['id'] not in known) == NOT_IN_SPEC[conformance.version]
    for feature in spec.component('features')['enum']:
        filtered = conformance.call('GET', '/api/actions/connector_types', space=SPACE, params={'feature_id': feature}).json()
        assert filtered and all(feature in item['supported_feature_ids'] for item in filtered)
        check(schema, _spec_features(spec, [item for item in filtered if item['id'] in known]))


def test_known_spec_error_features(spec, conformance):
    """The spec's `features` enum lacks the generative-AI feature ids that Kibana's `.gemini` declares."""
    if not _exists(conformance, '.gemini'):
        pytest.skip('.gemini is not registered in %s' % conformance.version)
    gemini = [item for item in conformance.call('GET', '/api/actions/connector_types', space=SPACE).json() if item['id'] == '.gemini']
    assert 'generativeAIForSecurity' in gemini[0]['supported_feature_ids']
    with pytest.raises(AssertionError):
        check(spec.response_schema(TYPES, 'get', 200), gemini)


def test_execute(spec, conformance):
    request_schema = spec.request_schema(EXECUTE, 'post')
    response_schema = spec.response_schema(EXECUTE, 'post', 200)
    for type_id, example in (('.index', 'run_index_connector_request'), ('.server-log', 'run_server_log_connector_request'),
                             ('.jira', 'run_jira_connector_request')):
        body = spec.example(example)
        check(request_schema, body)
        connector_id = conformance.created(type_id, *VALID[type_id], space=SPACE)['id']
        response = conformance.call('POST', '/api/actions/connector/%s/_execute' % connector_id, space=SPACE, json=body)
        assert response.status_code == 200 and response.json()['status'] == 'ok', response.text
        check(response_schema, response.json())
    failed = conformance.call('POST', '/api/actions/connector/%s/_execute' % connector_id, space=SPACE, json={'params': {'subAction': 'x'}})
    check(response_schema, failed.json())


def test_known_spec_error_execute_data(spec, conformance):
    """The spec's _execute `data` (object or array of objects) is wrong for .webhook, which returns the body string it sent."""
    connector_id = conformance.created('.webhook', {'url': 'http://127.0.0.1:9/nothing-listens'}, space=SPACE)['id']
    body = conformance.call('POST', '/api/actions/connector/%s/_execute' % connector_id, space=SPACE, json={'params': {'body': 'x'}}).json()
    assert body['status'] == 'error'  # nothing listens: no data at all, the spec accepts it
    check(spec.response_schema(EXECUTE, 'post', 200), body)
    kibana_ok_answer = {'status': 'ok', 'data': 'x', 'connector_id': connector_id}
    with pytest.raises(AssertionError):
        check(spec.response_schema(EXECUTE, 'post', 200), kibana_ok_answer)


def test_known_spec_error_nullable_config(spec, conformance):
    """Kibana returns `clientId: null` (and more) for ServiceNow; the spec's response schema does not allow null there."""
    created = conformance.created('.servicenow', *VALID['.servicenow'], space=SPACE)
    assert created['config']['clientId'] is None
    with pytest.raises(AssertionError):
        check(spec.response_schema(CONNECTOR, 'post', 200), created)
    check(spec.response_schema(CONNECTOR, 'post', 200), spec_view(created))


def test_examples(spec, doubles):
    old = Client(doubles(version='8.8.0', kibana_config=PRECONF))
    created = old.call('POST', '/api/actions/connector', space=SPACE, json=spec.example('create_index_connector_request')).json()
    expected = spec.example('create_index_connector_response')
    assert dict(created, id=None) == dict(expected, id=None)
    updated = old.call('PUT', '/api/actions/connector/%s' % created['id'], space=SPACE, json=spec.example('update_index_connector_request'))
    assert updated.status_code == 200 and updated.json()['config']['index'] == 'updated-index'
    old.call('PUT', '/api/actions/connector/%s' % created['id'], space=SPACE, json={'name': 'my-index-connector', 'config': {'index': 'test-index'}})
    old.admin('POST', 'references', {created['id']: 2})
    listed = dict((item['id'], item) for item in old.call('GET', '/api/actions/connectors', space=SPACE).json())
    example = dict((item['id'], item) for item in spec.example('get_connectors_response'))
    assert listed['preconfigured-email-connector'] == example['preconfigured-email-connector']
    mine = listed[created['id']]
    assert dict(mine, id=None) == dict(example['e07d0c80-8b8b-11ed-a780-3b746c987a81'], id=None)
