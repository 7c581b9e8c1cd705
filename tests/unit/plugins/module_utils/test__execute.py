# -*- coding: utf-8 -*-
# Copyright (c) kibana.connectors contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Unit tests of running connectors (plugins/module_utils/_execute.py), against the unit tests' one fake Kibana."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type  # pylint: disable=invalid-name

import json
import re

import pytest

from ansible_collections.kibana.connectors.plugins.module_utils._execute import (
    InvalidParams,
    answer_result,
    failure_message,
    needs_lookup,
    run_connector,
)
from ansible_collections.kibana.connectors.plugins.module_utils._info import gather
from ansible_collections.kibana.connectors.plugins.module_utils._kibana import (
    KibanaApiError,
    KibanaAuthError,
    KibanaSpaceNotFoundError,
)
from ansible_collections.kibana.connectors.plugins.module_utils._lookup import LookupFailed
from ansible_collections.kibana.connectors.tests.unit.plugins.fake_kibana import SECRET, client_for, sample


@pytest.fixture
def kibana():
    return sample()


def run(kibana, connector_id, name, params, space_id, check_mode=False):
    """run_connector with a fresh client: (result, warnings)."""
    warnings = []
    return run_connector(client_for(kibana), connector_id, name, params, space_id, check_mode, warnings), warnings


# ------------------------------------------------------------------ run_connector
def test_by_id_without_sub_action_sends_only_the_execute(kibana):
    result, warnings = run(kibana, 'index-1', None, {'documents': [{'a': 1}]}, 'default')
    assert kibana.paths() == ['POST /api/actions/connector/index-1/_execute']
    assert kibana.executed == [('index-1', {'documents': [{'a': 1}]})]
    assert result == {'changed': True, 'status': 'ok', 'connector_id': 'index-1', 'read_only': False}
    assert warnings == []


def test_by_name_is_one_list_and_one_execute(kibana):
    result = run(kibana, None, 'Docs index', {'documents': []}, 'default')[0]
    assert kibana.paths() == ['GET /api/actions/connectors', 'POST /api/actions/connector/index-1/_execute']
    assert result['changed'] is True
    assert result['connector_name'] == 'Docs index' and result['connector_type_id'] == '.index'


def test_sub_action_by_id_reads_the_type_first(kibana):
    params = {'subAction': 'pushToService', 'subActionParams': {'incident': {'summary': 'x'}}}
    result = run(kibana, 'jira-1', None, params, 'default')[0]
    assert kibana.paths() == ['GET /api/actions/connector/jira-1', 'POST /api/actions/connector/jira-1/_execute']
    assert result['changed'] is True and result['read_only'] is False


@pytest.mark.parametrize('sub', ['getFields', 'getIncident', 'issueTypes', 'fieldsByIssueType', 'issues', 'issue', 'handshake'])
def test_read_only_sub_actions_are_unchanged(kibana, sub):
    result = run(kibana, 'jira-1', None, {'subAction': sub, 'subActionParams': {}}, 'default')[0]
    assert len(kibana.executes()) == 1
    assert result['changed'] is False and result['read_only'] is True


def test_a_sub_action_name_is_only_read_only_for_its_type(kibana):
    """getDashboard is read-only for .gen-ai, not for an unknown type that happens to use the name."""
    kibana.add('custom-1', 'Custom', '.my-type')
    result = run(kibana, 'custom-1', None, {'subAction': 'getDashboard'}, 'default')[0]
    assert result['changed'] is True and result['read_only'] is False


def test_status_error_is_returned_unchanged_with_retry(kibana):
    kibana.answers['hook-1'] = {'status': 'error', 'connector_id': 'hook-1', 'message': 'error calling webhook, retry later',
                                'service_message': '[500] Internal Server Error', 'retry': True, 'errorSource': 'user'}
    result = run(kibana, 'hook-1', None, {'body': '{}'}, 'default')[0]
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
        run(kibana, 'index-1', None, {'documents': []}, 'default')
    assert err.value.status == status
    assert len(kibana.executes()) == 1


def test_execute_404_by_id_in_named_space_says_which_is_missing(kibana):
    with pytest.raises(KibanaSpaceNotFoundError, match="Space 'ghost' does not exist"):
        run(kibana, 'index-1', None, {'documents': []}, 'ghost')
    assert kibana.paths() == ['POST /s/ghost/api/actions/connector/index-1/_execute', 'GET /api/spaces/space/ghost']
    kibana.reset_log()
    with pytest.raises(LookupFailed, match="No connector with id 'index-1' in space 'team-b'"):
        run(kibana, 'index-1', None, {'documents': []}, 'team-b')


def test_execute_404_by_id_with_spaces_api_forbidden_keeps_the_warning(kibana):
    kibana.spaces_forbidden = True
    warnings = []
    with pytest.raises(LookupFailed) as err:
        run_connector(client_for(kibana), 'index-1', None, {'documents': []}, 'ghost', warnings=warnings)
    assert "No connector with id 'index-1'" in str(err.value)
    assert len(warnings) == 1 and 'Could not verify' in warnings[0]


def test_execute_404_after_lookup_is_kibanas_error(kibana):
    """The connector vanished between the lookup and the run: Kibana's own 404 is raised."""
    original = kibana.request

    def vanish(method, url, **kwargs):
        if method == 'POST':
            kibana.store.pop('jira-1', None)
        return original(method, url, **kwargs)

    kibana.request = vanish
    with pytest.raises(KibanaApiError) as err:
        run(kibana, 'jira-1', None, {'subAction': 'getFields'}, 'default')
    assert err.value.status == 404 and not isinstance(err.value, LookupFailed)


def test_auth_error_is_raised(kibana):
    kibana.execute_status['index-1'] = 403
    with pytest.raises(KibanaAuthError):
        run(kibana, 'index-1', None, {'documents': []}, 'default')


# ------------------------------------------------------------------ check mode
def test_check_mode_by_id_reads_and_sends_no_execute(kibana):
    result = run(kibana, 'index-1', None, {'documents': [{'a': 1}]}, 'default', check_mode=True)[0]
    assert kibana.paths() == ['GET /api/actions/connector/index-1']
    assert kibana.executed == []
    assert result['changed'] is True and 'status' not in result
    assert result['msg'] == "Would run connector 'Docs index' (id index-1, type .index); params checked."


def test_check_mode_read_only_is_unchanged(kibana):
    result = run(kibana, None, 'Jira', {'subAction': 'issueTypes'}, 'default', check_mode=True)[0]
    assert result['changed'] is False and kibana.executed == []


@pytest.mark.parametrize('connector_id, params, text', [
    ('index-1', {}, "missing required params key 'documents'"),
    ('hook-1', {'body': 'x', 'bogus': 1}, "unknown params key 'bogus'"),
    ('jira-1', {'subAction': 'explode'}, 'params.subAction must be one of'),
    ('jira-1', {'subAction': 'issue', 'subActionParams': {}}, "missing required subActionParams key 'id'"),
])
def test_check_mode_validates_params_of_known_types(kibana, connector_id, params, text):
    with pytest.raises(InvalidParams, match=re.escape(text)):
        run(kibana, connector_id, None, params, 'default', check_mode=True)
    assert kibana.executed == []


def test_check_mode_unknown_type_params_are_not_checked(kibana):
    kibana.add('custom-1', 'Custom', '.my-type')
    result = run(kibana, 'custom-1', None, {'anything': 1}, 'default', check_mode=True)[0]
    assert 'params not checked' in result['msg'] and result['changed'] is True


def test_check_mode_missing_space_fails(kibana):
    with pytest.raises(KibanaSpaceNotFoundError, match="Space 'ghost' does not exist"):
        run(kibana, 'index-1', None, {'documents': []}, 'ghost', check_mode=True)


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
        outputs.append(run(kibana, None, 'Ops webhook', {'body': '{}'}, 'default', check_mode=check_mode))
        outputs.append(run(kibana, 'hook-1', None, {'body': '{}'}, 'default', check_mode=check_mode))
    outputs.append(gather(client_for(kibana), 'default', connector_types=True))
    text = json.dumps(outputs)
    assert 'hook-1' in text
    assert SECRET not in text
