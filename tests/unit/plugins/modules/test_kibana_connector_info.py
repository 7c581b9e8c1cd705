# -*- coding: utf-8 -*-
# Copyright (c) kibana.connectors contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Unit tests of kibana_connector_info: main() (run by conftest's run_module) against the in-memory Kibana of test__execute."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type  # pylint: disable=invalid-name

import json

import pytest


from ansible_collections.kibana.connectors.plugins.modules import kibana_connector_info
from ansible_collections.kibana.connectors.tests.unit.plugins.fake_kibana import SECRET, FakeKibana, boom
from ansible_collections.kibana.connectors.tests.unit.plugins.modules.helpers import PASSWORD, run_on


@pytest.fixture
def kibana():
    fake = FakeKibana()
    fake.add('hook-1', 'Ops webhook', '.webhook', {'url': 'https://hooks.test/x', 'method': 'post', 'headers': None, 'hasAuth': True},
             secrets={'user': 'u', 'password': SECRET}, refs=3)
    fake.add('index-1', 'Docs index', '.index', {'index': 'docs', 'refresh': False, 'executionTimeField': None})
    fake.add('log-a', 'Team log', '.server-log', space='team-a')
    fake.add('my-slack', 'Preconfigured slack', '.slack', preconfigured=True)
    return fake


def run(kibana, monkeypatch, run_module, check_mode=False, **args):
    """Run the module against ``kibana``; return (result, failed). No secret may be printed."""
    result, out = run_on(kibana_connector_info.main, kibana, monkeypatch, run_module, check_mode=check_mode, **args)
    assert PASSWORD not in out and SECRET not in out
    return result, bool(result.get('failed'))


@pytest.mark.parametrize('check_mode', [False, True])
def test_lists_the_space_with_one_request(kibana, monkeypatch, run_module, check_mode):
    result, failed = run(kibana, monkeypatch, run_module, check_mode=check_mode)
    assert not failed and result['changed'] is False
    assert kibana.paths() == ['GET /api/actions/connectors']
    assert [c['connector_id'] for c in result['connectors']] == ['index-1', 'hook-1', 'my-slack']
    hook = result['connectors'][1]
    assert hook == {'id': 'hook-1', 'connector_id': 'hook-1', 'name': 'Ops webhook', 'connector_type_id': '.webhook',
                    'config': {'url': 'https://hooks.test/x', 'method': 'post', 'headers': None, 'hasAuth': True},
                    'is_preconfigured': False, 'is_deprecated': False, 'is_missing_secrets': False, 'is_system_action': False,
                    'referenced_by_count': 3}
    slack = result['connectors'][2]
    assert slack['is_preconfigured'] is True and 'config' not in slack
    assert 'connector_types' not in result


@pytest.mark.parametrize('args, expected', [
    (dict(connector_id='hook-1'), ['hook-1']),
    (dict(name='Docs index'), ['index-1']),
    (dict(connector_type_id='.slack'), ['my-slack']),
    (dict(connector_type_id='.index', name='Ops webhook'), []),
])
def test_filters(kibana, monkeypatch, run_module, args, expected):
    result, failed = run(kibana, monkeypatch, run_module, **args)
    assert not failed and [c['connector_id'] for c in result['connectors']] == expected


def test_named_space(kibana, monkeypatch, run_module):
    result, failed = run(kibana, monkeypatch, run_module, space_id='team-a')
    assert not failed and [c['connector_id'] for c in result['connectors']] == ['my-slack', 'log-a']
    assert kibana.paths() == ['GET /s/team-a/api/actions/connectors']


def test_missing_space_fails(kibana, monkeypatch, run_module):
    result, failed = run(kibana, monkeypatch, run_module, space_id='ghost')
    assert failed and result['msg'] == "Space 'ghost' does not exist in Kibana; create it first or correct space_id."
    assert kibana.paths() == ['GET /s/ghost/api/actions/connectors', 'GET /api/spaces/space/ghost']


def test_spaces_api_403_warns_and_lists(kibana, monkeypatch, run_module):
    kibana.spaces_forbidden = True
    result, failed = run(kibana, monkeypatch, run_module, space_id='ghost')
    assert not failed and [c['connector_id'] for c in result['connectors']] == ['my-slack']
    assert len(result['warnings']) == 1 and "Could not verify that space 'ghost' exists" in json.dumps(result['warnings'][0])


def test_connector_types_with_feature(kibana, monkeypatch, run_module):
    result, failed = run(kibana, monkeypatch, run_module, connector_types=True, feature_id='cases')
    assert not failed and [t['id'] for t in result['connector_types']] == ['.jira']
    assert result['connector_types'][0]['minimum_license_required'] == 'gold'
    assert kibana.paths() == ['GET /api/actions/connectors', 'GET /api/actions/connector_types']
    assert kibana.params[1] == {'feature_id': 'cases'}


def test_connector_types_limited_to_the_type(kibana, monkeypatch, run_module):
    result, failed = run(kibana, monkeypatch, run_module, connector_types=True, connector_type_id='.server-log')
    assert not failed and [t['id'] for t in result['connector_types']] == ['.server-log']
    assert result['connector_types'][0]['enabled'] is True


def test_feature_id_needs_connector_types(kibana, monkeypatch, run_module):
    result, failed = run(kibana, monkeypatch, run_module, feature_id='alerting')
    assert failed and 'connector_types=true' in result['msg'] and kibana.calls == []


def test_auth_error_fails_with_kibanas_message(kibana, monkeypatch, run_module):
    def forbidden(method, url, **kwargs):
        kibana.calls.append((method, url))
        return boom(403, 'Unauthorized to get actions')

    kibana.request = forbidden
    result, failed = run(kibana, monkeypatch, run_module)
    assert failed and 'Unauthorized to get actions' in result['msg'] and "space 'default'" in result['msg']
    assert len(kibana.calls) == 1
