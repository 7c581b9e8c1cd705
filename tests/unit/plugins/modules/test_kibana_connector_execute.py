# -*- coding: utf-8 -*-
# Copyright (c) kibana.connectors contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Unit tests of kibana_connector_execute: main() (run by conftest's run_module) against the in-memory Kibana of test__execute."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type  # pylint: disable=invalid-name

import json

import pytest

from ansible_collections.kibana.connectors.plugins.module_utils._catalogue import TYPES
from ansible_collections.kibana.connectors.plugins.modules import kibana_connector_execute
from ansible_collections.kibana.connectors.tests.unit.plugins.fake_kibana import SECRET, sample
from ansible_collections.kibana.connectors.tests.unit.plugins.modules.helpers import PASSWORD, run_on


@pytest.fixture
def kibana():
    return sample()


def run(kibana, monkeypatch, run_module, check_mode=False, **args):
    """Run the module against ``kibana``; return (result, failed). No secret may be printed."""
    result, out = run_on(kibana_connector_execute.main, kibana, monkeypatch, run_module, check_mode=check_mode, **args)
    assert PASSWORD not in out and SECRET not in out
    return result, bool(result.get('failed'))


def test_by_id_runs_once_and_reports_changed(kibana, monkeypatch, run_module):
    result, failed = run(kibana, monkeypatch, run_module, connector_id='index-1', params={'documents': [{'a': 1}]})
    assert not failed and result['changed'] is True
    assert result['status'] == 'ok' and result['connector_id'] == 'index-1'
    assert kibana.paths() == ['POST /api/actions/connector/index-1/_execute']
    assert kibana.executed == [('index-1', {'documents': [{'a': 1}]})]


def test_id_alias(kibana, monkeypatch, run_module):
    result, failed = run(kibana, monkeypatch, run_module, id='index-1', params={'documents': []})
    assert not failed and result['connector_id'] == 'index-1'


def test_by_name_in_named_space(kibana, monkeypatch, run_module):
    result, failed = run(kibana, monkeypatch, run_module, name='Team log', space_id='team-a', params={'message': 'hi'})
    assert not failed and result['changed'] is True
    assert result['connector_type_id'] == '.server-log' and result['connector_name'] == 'Team log'
    assert kibana.paths() == ['GET /s/team-a/api/actions/connectors', 'POST /s/team-a/api/actions/connector/log-a/_execute']


def test_params_default_to_empty_dict(kibana, monkeypatch, run_module):
    run(kibana, monkeypatch, run_module, connector_id='hook-1')
    assert kibana.bodies[0] == {'params': {}}


def test_status_error_fails_with_kibanas_messages(kibana, monkeypatch, run_module):
    kibana.answers['hook-1'] = {'status': 'error', 'connector_id': 'hook-1', 'message': 'error calling webhook, retry later',
                                'service_message': '[500] Internal Server Error', 'retry': True}
    result, failed = run(kibana, monkeypatch, run_module, connector_id='hook-1', params={'body': '{}'})
    assert failed
    assert result['msg'] == 'Connector hook-1 reported an error: error calling webhook, retry later: [500] Internal Server Error'
    assert result['retry'] is True and result['status'] == 'error' and result['changed'] is False
    assert result['service_message'] == '[500] Internal Server Error'


def test_fail_on_error_false_returns_the_answer(kibana, monkeypatch, run_module):
    kibana.answers['hook-1'] = {'status': 'error', 'connector_id': 'hook-1', 'message': 'error calling webhook, invalid response',
                                'service_message': '[400] Bad Request', 'retry': False}
    result, failed = run(kibana, monkeypatch, run_module, connector_id='hook-1', params={'body': '{}'}, fail_on_error=False)
    assert not failed
    assert result['status'] == 'error' and result['retry'] is False and result['changed'] is False
    assert result['message'] == 'error calling webhook, invalid response'


def test_read_only_sub_action_is_unchanged(kibana, monkeypatch, run_module):
    result, failed = run(kibana, monkeypatch, run_module, connector_id='jira-1', params={'subAction': 'getFields', 'subActionParams': {}})
    assert not failed and result['changed'] is False and result['read_only'] is True
    assert len(kibana.executes()) == 1


def test_check_mode_sends_no_execute(kibana, monkeypatch, run_module):
    result, failed = run(kibana, monkeypatch, run_module, check_mode=True, name='Docs index', params={'documents': []})
    assert not failed and result['changed'] is True
    assert kibana.executes() == [] and kibana.paths() == ['GET /api/actions/connectors']
    assert "Would run connector 'Docs index'" in result['msg']


def test_check_mode_invalid_params_fail(kibana, monkeypatch, run_module):
    result, failed = run(kibana, monkeypatch, run_module, check_mode=True, connector_id='index-1', params={'document': []})
    assert failed and 'params are not valid for a .index connector' in result['msg']
    assert kibana.executes() == []


def test_unknown_name_fails_clearly(kibana, monkeypatch, run_module):
    result, failed = run(kibana, monkeypatch, run_module, name='Nope')
    assert failed and result['msg'] == "No connector named 'Nope' in space 'default'."
    assert kibana.executes() == []


@pytest.mark.parametrize('who', [dict(name='Not yet'), dict(connector_id='not-yet')])
def test_check_mode_of_a_connector_an_earlier_task_would_create_warns(kibana, monkeypatch, run_module, who):
    """In a check run, the task that would create the connector created nothing: executing it cannot fail then."""
    result, failed = run(kibana, monkeypatch, run_module, check_mode=True, params={'message': 'x'}, **who)
    assert not failed and result['changed'] is True
    assert 'In a real run this task fails unless an earlier task creates the connector' in json.dumps(result['warnings'])
    assert kibana.executes() == []


def test_check_mode_still_fails_for_a_missing_space_or_an_ambiguous_name(kibana, monkeypatch, run_module):
    result, failed = run(kibana, monkeypatch, run_module, check_mode=True, name='Twin', params={'message': 'x'})
    assert failed and "2 connectors are named 'Twin'" in result['msg']
    result, failed = run(kibana, monkeypatch, run_module, check_mode=True, name='Nope', space_id='ghost')
    assert failed and "Space 'ghost' does not exist" in result['msg']


def test_duplicate_name_fails_clearly(kibana, monkeypatch, run_module):
    result, failed = run(kibana, monkeypatch, run_module, name='Twin', params={'message': 'x'})
    assert failed and "2 connectors are named 'Twin'" in result['msg'] and 'dup-1' in result['msg']
    assert kibana.executes() == []


def test_missing_space_fails_clearly(kibana, monkeypatch, run_module):
    result, failed = run(kibana, monkeypatch, run_module, connector_id='index-1', space_id='ghost', params={'documents': []})
    assert failed and result['msg'] == "Space 'ghost' does not exist in Kibana; create it first or correct space_id."


def test_spaces_api_403_warns(kibana, monkeypatch, run_module):
    kibana.spaces_forbidden = True
    kibana.add('solo', 'Solo', '.server-log', preconfigured=True)
    result, failed = run(kibana, monkeypatch, run_module, name='Solo', space_id='team-b', params={'message': 'x'})
    assert not failed and result['status'] == 'ok'
    assert "Could not verify that space 'team-b' exists" in json.dumps(result['warnings'])


def test_http_error_fails_with_http_status_and_no_retry(kibana, monkeypatch, run_module):
    kibana.execute_status['index-1'] = 503
    result, failed = run(kibana, monkeypatch, run_module, connector_id='index-1', params={'documents': []}, retries=5)
    assert failed and result['http_status'] == 503 and 'status' not in result
    assert result['msg'].startswith("Failed to run connector index-1 in space 'default': POST /api/actions/connector/index-1/_execute returned 503")
    assert len(kibana.executes()) == 1


@pytest.mark.parametrize('args, text', [
    (dict(connector_id='a', name='b'), 'mutually exclusive'),
    (dict(), 'one of the following is required'),
])
def test_argument_rules(kibana, monkeypatch, run_module, args, text):
    result, failed = run(kibana, monkeypatch, run_module, **args)
    assert failed and text in result['msg'] and kibana.calls == []


def test_the_catalogues_read_only_sub_actions_are_sub_actions_of_their_type():
    for type_id, record in TYPES.items():
        assert set(record.read_only) <= set(record.sub_actions or ()), type_id
