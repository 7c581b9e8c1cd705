# -*- coding: utf-8 -*-
# Copyright (c) kibana.connectors contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Unit tests of connector resolution and execution (_execute) and of what the info module gathers (_info).

A small in-memory Kibana (FakeKibana, a requests.Session) answers the real
KibanaClient, so request counts and the space checks are those of a real run.
The module tests import FakeKibana from here.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type  # pylint: disable=invalid-name

import json
import re

import pytest
import requests

from ansible_collections.kibana.connectors.plugins.module_utils._execute import (
    InvalidParams,
    LookupFailed,
    answer_result,
    ensure_space,
    failure_message,
    needs_lookup,
    resolve_connector,
    run_connector,
)
from ansible_collections.kibana.connectors.plugins.module_utils._info import connector_entry, gather
from ansible_collections.kibana.connectors.plugins.module_utils._kibana import KibanaApiError, KibanaAuthError, KibanaClient

URL = 'http://kibana.test:5601'
SECRET = 'super-secret-webhook-password'

CONNECTOR_TYPES = [
    {'id': '.index', 'name': 'Index', 'enabled': True, 'enabled_in_config': True, 'enabled_in_license': True,
     'minimum_license_required': 'basic', 'supported_feature_ids': ['alerting', 'uptime', 'siem']},
    {'id': '.jira', 'name': 'Jira', 'enabled': False, 'enabled_in_config': True, 'enabled_in_license': False,
     'minimum_license_required': 'gold', 'supported_feature_ids': ['alerting', 'cases', 'uptime', 'siem']},
    {'id': '.server-log', 'name': 'Server log', 'enabled': True, 'enabled_in_config': True, 'enabled_in_license': True,
     'minimum_license_required': 'basic', 'supported_feature_ids': ['alerting', 'uptime']},
]


def _response(status, body=None):
    resp = requests.Response()
    resp.status_code = status
    resp.reason = 'OK' if status < 400 else 'Error'
    resp._content = json.dumps(body).encode() if body is not None else b''  # pylint: disable=protected-access
    return resp


def _boom(status, message):
    return _response(status, {'statusCode': status, 'error': 'Error', 'message': message})


class FakeKibana(requests.Session):
    """Just enough of Kibana's connectors and spaces API, in memory.

    ``spaces``: the spaces that exist; ``spaces_forbidden``: the Spaces API answers 403.
    ``answers``: connector id -> the _execute answer (default: status ok).
    ``execute_status``: connector id -> an HTTP error status for _execute.
    """

    def __init__(self, spaces=('default', 'team-a', 'team-b'), spaces_forbidden=False):
        super(FakeKibana, self).__init__()
        self.spaces = set(spaces)
        self.spaces_forbidden = spaces_forbidden
        self.stored = {}        # id -> (space, connector)
        self.secrets = {}       # id -> secrets (never sent back, as in Kibana)
        self.preconfigured = []
        self.answers = {}
        self.execute_status = {}
        self.calls = []
        self.executed = []

    # ---- set-up helpers
    def add(self, connector_id, name, type_id, config=None, space='default', secrets=None, references=0):
        self.stored[connector_id] = (space, {'id': connector_id, 'name': name, 'connector_type_id': type_id,
                                             'config': dict(config or {}), 'is_preconfigured': False, 'is_deprecated': False,
                                             'is_missing_secrets': False, 'is_system_action': False,
                                             'referenced_by_count': references})
        self.secrets[connector_id] = dict(secrets or {})

    def add_preconfigured(self, connector_id, name, type_id):
        self.preconfigured.append({'id': connector_id, 'name': name, 'connector_type_id': type_id, 'is_preconfigured': True,
                                   'is_deprecated': False, 'is_system_action': False, 'referenced_by_count': 0})

    # ---- inspection helpers
    def paths(self):
        return ['%s %s' % (call['method'], call['path']) for call in self.calls]

    def executes(self):
        return [call for call in self.calls if call['path'].endswith('/_execute')]

    # ---- HTTP
    def _connectors(self, space):
        stored = [c for s, c in self.stored.values() if s == space]
        return sorted(stored + self.preconfigured, key=lambda c: c['name'])

    def _find(self, space, connector_id):
        for connector in self.preconfigured:
            if connector['id'] == connector_id:
                return connector
        if connector_id in self.stored and self.stored[connector_id][0] == space:
            return self.stored[connector_id][1]
        return None

    def request(self, method, url, **kwargs):  # pylint: disable=arguments-differ,too-many-return-statements
        path = url[len(URL):]
        body = json.loads(kwargs['data']) if kwargs.get('data') else None
        self.calls.append(dict(method=method, path=path, params=kwargs.get('params'), body=body))
        match = re.match(r'^/api/spaces/space/([^/]+)$', path)
        if match:
            if self.spaces_forbidden:
                return _boom(403, 'Unauthorized to get spaces')
            if match.group(1) in self.spaces:
                return _response(200, {'id': match.group(1), 'name': match.group(1)})
            return _boom(404, 'Not Found')
        match = re.match(r'^(?:/s/([^/]+))?/api/actions/(.*)$', path)
        space, rest = match.group(1) or 'default', match.group(2)
        if rest == 'connectors':
            return _response(200, self._connectors(space))
        if rest == 'connector_types':
            feature = (kwargs.get('params') or {}).get('feature_id')
            return _response(200, [t for t in CONNECTOR_TYPES if not feature or feature in t['supported_feature_ids']])
        match = re.match(r'^connector/([^/]+)(/_execute)?$', rest)
        connector_id = requests.utils.unquote(match.group(1))
        connector = self._find(space, connector_id)
        if connector is None:
            return _boom(404, 'Saved object [action/%s] not found' % connector_id)
        if not match.group(2):
            return _response(200, dict((k, v) for k, v in connector.items() if k != 'referenced_by_count'))
        if connector_id in self.execute_status:
            return _boom(self.execute_status[connector_id], 'Service Unavailable')
        self.executed.append((connector_id, body['params']))
        return _response(200, self.answers.get(connector_id, {'status': 'ok', 'connector_id': connector_id}))


def client_for(kibana):
    return KibanaClient(url=URL, username='elastic', password='changeme', session=kibana, sleep=lambda s: None)


@pytest.fixture
def kibana():
    fake = FakeKibana()
    fake.add('hook-1', 'Ops webhook', '.webhook', {'url': 'https://hooks.test/x', 'method': 'post', 'hasAuth': True},
             secrets={'user': 'u', 'password': SECRET}, references=2)
    fake.add('index-1', 'Docs index', '.index', {'index': 'docs', 'refresh': False, 'executionTimeField': None})
    fake.add('jira-1', 'Jira', '.jira', {'apiUrl': 'https://jira.test', 'projectKey': 'OPS'})
    fake.add('log-a', 'Team log', '.server-log', space='team-a')
    fake.add('dup-1', 'Twin', '.server-log')
    fake.add('dup-2', 'Twin', '.server-log')
    fake.add_preconfigured('my-slack', 'Preconfigured slack', '.slack')
    return fake


# ------------------------------------------------------------------ resolve_connector
def test_resolve_by_id_is_one_get(kibana):
    client = client_for(kibana)
    assert resolve_connector(client, 'hook-1', None, 'default')['connector_type_id'] == '.webhook'
    assert kibana.paths() == ['GET /api/actions/connector/hook-1']


def test_resolve_by_name_is_one_list(kibana):
    client = client_for(kibana)
    assert resolve_connector(client, None, 'Docs index', 'default')['id'] == 'index-1'
    assert kibana.paths() == ['GET /api/actions/connectors']


def test_resolve_stored_connector_in_named_space_proves_the_space(kibana):
    client = client_for(kibana)
    assert resolve_connector(client, None, 'Team log', 'team-a')['id'] == 'log-a'
    assert resolve_connector(client_for(kibana), 'log-a', None, 'team-a')['id'] == 'log-a'
    assert kibana.paths() == ['GET /s/team-a/api/actions/connectors', 'GET /s/team-a/api/actions/connector/log-a']


def test_resolve_preconfigured_by_name(kibana):
    client = client_for(kibana)
    assert resolve_connector(client, None, 'Preconfigured slack', 'default')['is_preconfigured'] is True
    assert len(kibana.calls) == 1


def test_preconfigured_in_named_space_asks_the_spaces_api(kibana):
    """A preconfigured connector is listed in any space, even a missing one: it proves nothing."""
    kibana.add_preconfigured('solo', 'Solo', '.server-log')
    assert resolve_connector(client_for(kibana), None, 'Solo', 'team-b')['id'] == 'solo'
    assert kibana.paths() == ['GET /s/team-b/api/actions/connectors', 'GET /api/spaces/space/team-b']


def test_unknown_name_fails_clearly(kibana):
    with pytest.raises(LookupFailed, match="No connector named 'Nope' in space 'default'"):
        resolve_connector(client_for(kibana), None, 'Nope', 'default')


def test_duplicate_name_fails_and_lists_the_ids(kibana):
    with pytest.raises(LookupFailed) as err:
        resolve_connector(client_for(kibana), None, 'Twin', 'default')
    text = str(err.value)
    assert "2 connectors are named 'Twin'" in text
    assert 'dup-1' in text and 'dup-2' in text and 'connector_id' in text


def test_unknown_id_in_default_space_needs_no_space_check(kibana):
    with pytest.raises(LookupFailed, match="No connector with id 'nope' in space 'default'"):
        resolve_connector(client_for(kibana), 'nope', None, 'default')
    assert kibana.paths() == ['GET /api/actions/connector/nope']


def test_unknown_id_in_existing_named_space(kibana):
    with pytest.raises(LookupFailed, match="No connector with id 'hook-1' in space 'team-b'"):
        resolve_connector(client_for(kibana), 'hook-1', None, 'team-b')
    assert kibana.paths() == ['GET /s/team-b/api/actions/connector/hook-1', 'GET /api/spaces/space/team-b']


@pytest.mark.parametrize('connector_id, name', [('hook-1', None), (None, 'Preconfigured slack'), (None, 'Nope')])
def test_missing_space_is_named(kibana, connector_id, name):
    with pytest.raises(LookupFailed, match="Space 'ghost' does not exist"):
        resolve_connector(client_for(kibana), connector_id, name, 'ghost')


def test_spaces_api_403_is_not_missing(kibana):
    kibana.spaces_forbidden = True
    warnings = []
    with pytest.raises(LookupFailed, match='No connector named'):
        resolve_connector(client_for(kibana), None, 'Nope', 'ghost', warnings)
    assert len(warnings) == 1 and "Could not verify that space 'ghost' exists" in warnings[0]


def test_ensure_space_warns_once(kibana):
    kibana.spaces_forbidden = True
    client, warnings = client_for(kibana), []
    ensure_space(client, 'team-a', warnings)
    ensure_space(client, 'team-a', warnings)
    assert len(warnings) == 1
    assert kibana.paths() == ['GET /api/spaces/space/team-a']


# ------------------------------------------------------------------ run_connector
def test_by_id_without_sub_action_sends_only_the_execute(kibana):
    result, warnings = run_connector(client_for(kibana), 'index-1', None, {'documents': [{'a': 1}]}, 'default')
    assert kibana.paths() == ['POST /api/actions/connector/index-1/_execute']
    assert kibana.executed == [('index-1', {'documents': [{'a': 1}]})]
    assert result == {'changed': True, 'status': 'ok', 'connector_id': 'index-1', 'read_only': False}
    assert warnings == []


def test_by_name_is_one_list_and_one_execute(kibana):
    result = run_connector(client_for(kibana), None, 'Docs index', {'documents': []}, 'default')[0]
    assert kibana.paths() == ['GET /api/actions/connectors', 'POST /api/actions/connector/index-1/_execute']
    assert result['changed'] is True
    assert result['connector_name'] == 'Docs index' and result['connector_type_id'] == '.index'


def test_sub_action_by_id_reads_the_type_first(kibana):
    params = {'subAction': 'pushToService', 'subActionParams': {'incident': {'summary': 'x'}}}
    result = run_connector(client_for(kibana), 'jira-1', None, params, 'default')[0]
    assert kibana.paths() == ['GET /api/actions/connector/jira-1', 'POST /api/actions/connector/jira-1/_execute']
    assert result['changed'] is True and result['read_only'] is False


@pytest.mark.parametrize('sub', ['getFields', 'getIncident', 'issueTypes', 'fieldsByIssueType', 'issues', 'issue', 'handshake'])
def test_read_only_sub_actions_are_unchanged(kibana, sub):
    result = run_connector(client_for(kibana), 'jira-1', None, {'subAction': sub, 'subActionParams': {}}, 'default')[0]
    assert len(kibana.executes()) == 1
    assert result['changed'] is False and result['read_only'] is True


def test_a_sub_action_name_is_only_read_only_for_its_type(kibana):
    """getDashboard is read-only for .gen-ai, not for an unknown type that happens to use the name."""
    kibana.add('custom-1', 'Custom', '.my-type')
    result = run_connector(client_for(kibana), 'custom-1', None, {'subAction': 'getDashboard'}, 'default')[0]
    assert result['changed'] is True and result['read_only'] is False


def test_status_error_is_returned_unchanged_with_retry(kibana):
    kibana.answers['hook-1'] = {'status': 'error', 'connector_id': 'hook-1', 'message': 'error calling webhook, retry later',
                                'service_message': '[500] Internal Server Error', 'retry': True, 'errorSource': 'user'}
    result = run_connector(client_for(kibana), 'hook-1', None, {'body': '{}'}, 'default')[0]
    assert result == {'changed': False, 'status': 'error', 'connector_id': 'hook-1', 'read_only': False,
                      'message': 'error calling webhook, retry later', 'service_message': '[500] Internal Server Error',
                      'retry': True}
    assert failure_message(result) == ('Connector hook-1 reported an error: error calling webhook, retry later: '
                                       '[500] Internal Server Error')


def test_failure_message_without_service_message():
    assert failure_message({'connector_id': 'c', 'message': 'boom'}) == 'Connector c reported an error: boom'
    assert failure_message({'connector_id': 'c'}) == 'Connector c reported an error: no message'


def test_answer_result_keeps_only_the_documented_keys():
    answer = {'status': 'ok', 'connector_id': 'c', 'data': {'x': 1}, 'errorSource': 'user', 'extra': 1}
    assert answer_result(answer) == {'status': 'ok', 'connector_id': 'c', 'data': {'x': 1}}
    assert answer_result(None) == {}


@pytest.mark.parametrize('status', [503, 502, 429])
def test_execute_is_never_retried(kibana, status):
    kibana.execute_status['index-1'] = status
    with pytest.raises(KibanaApiError) as err:
        run_connector(client_for(kibana), 'index-1', None, {'documents': []}, 'default')
    assert err.value.status == status
    assert len(kibana.executes()) == 1


def test_execute_404_by_id_in_named_space_says_which_is_missing(kibana):
    with pytest.raises(LookupFailed, match="Space 'ghost' does not exist"):
        run_connector(client_for(kibana), 'index-1', None, {'documents': []}, 'ghost')
    assert kibana.paths() == ['POST /s/ghost/api/actions/connector/index-1/_execute', 'GET /api/spaces/space/ghost']
    kibana.calls = []
    with pytest.raises(LookupFailed, match="No connector with id 'index-1' in space 'team-b'"):
        run_connector(client_for(kibana), 'index-1', None, {'documents': []}, 'team-b')


def test_execute_404_by_id_with_spaces_api_forbidden_keeps_the_warning(kibana):
    kibana.spaces_forbidden = True
    with pytest.raises(LookupFailed) as err:
        run_connector(client_for(kibana), 'index-1', None, {'documents': []}, 'ghost')
    assert "No connector with id 'index-1'" in str(err.value)
    assert len(err.value.warnings) == 1 and 'Could not verify' in err.value.warnings[0]


def test_execute_404_after_lookup_is_kibanas_error(kibana):
    """The connector vanished between the lookup and the run: Kibana's own 404 is raised."""
    original = kibana.request

    def vanish(method, url, **kwargs):
        if method == 'POST':
            kibana.stored.pop('jira-1', None)
        return original(method, url, **kwargs)

    kibana.request = vanish
    with pytest.raises(KibanaApiError) as err:
        run_connector(client_for(kibana), 'jira-1', None, {'subAction': 'getFields'}, 'default')
    assert err.value.status == 404 and not isinstance(err.value, LookupFailed)


def test_auth_error_is_raised(kibana):
    kibana.execute_status['index-1'] = 403
    with pytest.raises(KibanaAuthError):
        run_connector(client_for(kibana), 'index-1', None, {'documents': []}, 'default')


# ------------------------------------------------------------------ check mode
def test_check_mode_by_id_reads_and_sends_no_execute(kibana):
    result = run_connector(client_for(kibana), 'index-1', None, {'documents': [{'a': 1}]}, 'default', check_mode=True)[0]
    assert kibana.paths() == ['GET /api/actions/connector/index-1']
    assert kibana.executed == []
    assert result['changed'] is True and 'status' not in result
    assert result['msg'] == "Would run connector 'Docs index' (id index-1, type .index); params checked."


def test_check_mode_read_only_is_unchanged(kibana):
    result = run_connector(client_for(kibana), None, 'Jira', {'subAction': 'issueTypes'}, 'default', check_mode=True)[0]
    assert result['changed'] is False and kibana.executed == []


@pytest.mark.parametrize('connector_id, params, text', [
    ('index-1', {}, "missing required params key 'documents'"),
    ('hook-1', {'body': 'x', 'bogus': 1}, "unknown params key 'bogus'"),
    ('jira-1', {'subAction': 'explode'}, 'params.subAction must be one of'),
    ('jira-1', {'subAction': 'issue', 'subActionParams': {}}, "missing required subActionParams key 'id'"),
])
def test_check_mode_validates_params_of_known_types(kibana, connector_id, params, text):
    with pytest.raises(InvalidParams, match=re.escape(text)):
        run_connector(client_for(kibana), connector_id, None, params, 'default', check_mode=True)
    assert kibana.executed == []


def test_check_mode_unknown_type_params_are_not_checked(kibana):
    kibana.add('custom-1', 'Custom', '.my-type')
    result = run_connector(client_for(kibana), 'custom-1', None, {'anything': 1}, 'default', check_mode=True)[0]
    assert 'params not checked' in result['msg'] and result['changed'] is True


def test_check_mode_missing_space_fails(kibana):
    with pytest.raises(LookupFailed, match="Space 'ghost' does not exist"):
        run_connector(client_for(kibana), 'index-1', None, {'documents': []}, 'ghost', check_mode=True)


@pytest.mark.parametrize('connector_id, params, check_mode, expected', [
    ('c', {}, False, False),
    ('c', {'body': 'x'}, False, False),
    ('c', {'subAction': 'getFields'}, False, True),
    ('c', {}, True, True),
    (None, {}, False, True),
])
def test_needs_lookup(connector_id, params, check_mode, expected):
    assert needs_lookup(connector_id, params, check_mode) is expected


def test_no_secret_anywhere(kibana):
    outputs = []
    for check_mode in (False, True):
        outputs.append(run_connector(client_for(kibana), None, 'Ops webhook', {'body': '{}'}, 'default', check_mode=check_mode))
        outputs.append(run_connector(client_for(kibana), 'hook-1', None, {'body': '{}'}, 'default', check_mode=check_mode))
    outputs.append(gather(client_for(kibana), 'default', connector_types=True))
    text = json.dumps(outputs)
    assert 'hook-1' in text
    assert SECRET not in text


# ------------------------------------------------------------------ _info.gather
def test_gather_lists_everything_with_one_request(kibana):
    result, warnings = gather(client_for(kibana), 'default')
    assert kibana.paths() == ['GET /api/actions/connectors']
    assert warnings == [] and result['changed'] is False
    ids = [c['connector_id'] for c in result['connectors']]
    assert ids == ['index-1', 'jira-1', 'hook-1', 'my-slack', 'dup-1', 'dup-2']  # Kibana's order (by name) is kept
    by_id = dict((c['connector_id'], c) for c in result['connectors'])
    assert by_id['hook-1']['referenced_by_count'] == 2 and by_id['hook-1']['id'] == 'hook-1'
    assert by_id['my-slack']['is_preconfigured'] is True and 'config' not in by_id['my-slack']
    assert 'connector_types' not in result


@pytest.mark.parametrize('filters, expected', [
    (dict(connector_id='hook-1'), ['hook-1']),
    (dict(name='Twin'), ['dup-1', 'dup-2']),
    (dict(connector_type_id='.server-log'), ['dup-1', 'dup-2']),
    (dict(name='Twin', connector_id='dup-2'), ['dup-2']),
    (dict(connector_type_id='.slack'), ['my-slack']),
    (dict(connector_id='nope'), []),
])
def test_gather_filters(kibana, filters, expected):
    result = gather(client_for(kibana), 'default', **filters)[0]
    assert sorted(c['connector_id'] for c in result['connectors']) == expected
    assert len(kibana.calls) == 1


def test_gather_named_space(kibana):
    result = gather(client_for(kibana), 'team-a')[0]
    assert sorted(c['connector_id'] for c in result['connectors']) == ['log-a', 'my-slack']
    assert kibana.paths() == ['GET /s/team-a/api/actions/connectors']


def test_gather_named_space_with_only_preconfigured_checks_the_space(kibana):
    result, warnings = gather(client_for(kibana), 'team-b')
    assert [c['connector_id'] for c in result['connectors']] == ['my-slack']
    assert kibana.paths() == ['GET /s/team-b/api/actions/connectors', 'GET /api/spaces/space/team-b']
    assert warnings == []


def test_gather_missing_space_fails(kibana):
    with pytest.raises(LookupFailed, match="Space 'ghost' does not exist"):
        gather(client_for(kibana), 'ghost')


def test_gather_spaces_api_403_warns_and_goes_on(kibana):
    kibana.spaces_forbidden = True
    result, warnings = gather(client_for(kibana), 'ghost')
    assert [c['connector_id'] for c in result['connectors']] == ['my-slack']
    assert len(warnings) == 1 and 'Could not verify' in warnings[0]


def test_gather_connector_types(kibana):
    result = gather(client_for(kibana), 'default', connector_types=True)[0]
    assert [t['id'] for t in result['connector_types']] == ['.index', '.jira', '.server-log']
    assert kibana.paths() == ['GET /api/actions/connectors', 'GET /api/actions/connector_types']
    jira = result['connector_types'][1]
    assert jira['enabled'] is False and jira['enabled_in_license'] is False and jira['minimum_license_required'] == 'gold'


def test_gather_connector_types_feature_and_type_filters(kibana):
    result = gather(client_for(kibana), 'team-a', connector_types=True, feature_id='cases')[0]
    assert [t['id'] for t in result['connector_types']] == ['.jira']
    assert kibana.calls[1]['params'] == {'feature_id': 'cases'}
    assert kibana.calls[1]['path'] == '/s/team-a/api/actions/connector_types'
    result = gather(client_for(kibana), 'default', connector_types=True, connector_type_id='.index')[0]
    assert [t['id'] for t in result['connector_types']] == ['.index']
    assert result['connectors'] == [c for c in result['connectors'] if c['connector_type_id'] == '.index']


def test_connector_entry_adds_connector_id_and_keeps_kibana_keys():
    entry = connector_entry({'id': 'x', 'name': 'n', 'connector_type_id': '.index', 'config': {'index': 'i'}, 'auth_mode': 'shared'})
    assert entry == {'id': 'x', 'connector_id': 'x', 'name': 'n', 'connector_type_id': '.index', 'config': {'index': 'i'},
                     'auth_mode': 'shared'}
