# -*- coding: utf-8 -*-
# Copyright (c) kibana.connectors contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Unit tests of the kibana_connectors module: main() against the unit tests' fake Kibana."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type  # pylint: disable=invalid-name

import json

import pytest

from ansible_collections.kibana.connectors.plugins.modules import kibana_connectors
from ansible_collections.kibana.connectors.tests.unit.plugins.fake_kibana import FakeKibana
from ansible_collections.kibana.connectors.tests.unit.plugins.modules.helpers import PASSWORD, run_on

SECRET = 'module-level-fleet-secret'
NO_LOG_MARKS = ('VALUE_SPECIFIED_IN_NO_LOG_PARAMETER',)
FLEET = [
    dict(connector_id='log-1', name='Log one', connector_type_id='.server-log'),
    dict(id='hook-1', name='Hook', type='.webhook', config={'url': 'https://hooks.test/x'},
         secrets={'user': 'alert-user', 'password': SECRET}, space_id='team-a'),
]


@pytest.fixture
def kibana():
    return FakeKibana()


def run(kibana, monkeypatch, run_module, check_mode=False, **args):
    """Run the module; (result, raw stdout). No secret may be printed, nor Ansible's mask in the result."""
    args.setdefault('_ansible_diff', True)
    result, out = run_on(kibana_connectors.main, kibana, monkeypatch, run_module, check_mode=check_mode, **args)
    assert PASSWORD not in out and SECRET not in out
    text = json.dumps(dict((k, v) for k, v in result.items() if k != 'invocation'))
    for mark in NO_LOG_MARKS:
        assert mark not in text
    return result, out


def test_converge_then_unchanged(kibana, monkeypatch, run_module):
    first, dummy = run(kibana, monkeypatch, run_module, connectors=FLEET, update_secrets='on_create')
    assert first['changed'] is True and [c['action'] for c in first['connectors']] == ['created', 'created']
    assert kibana.store['hook-1']['secrets'] == FLEET[1]['secrets'] and kibana.store['hook-1']['space'] == 'team-a'
    assert [d['before_header'] for d in first['diff']] == ['connector log-1 (space default)', 'connector hook-1 (space team-a)']
    again, dummy = run(kibana, monkeypatch, run_module, connectors=FLEET, update_secrets='on_create')
    assert again['changed'] is False and again['unmanaged'] == [] and again['diff'] == []


def test_check_mode_matches_the_real_run(kibana, monkeypatch, run_module):
    predicted, dummy = run(kibana, monkeypatch, run_module, check_mode=True, connectors=FLEET)
    assert kibana.writes() == []
    real, dummy = run(kibana, monkeypatch, run_module, connectors=FLEET)
    for key in ('changed', 'connectors', 'summary', 'diff', 'unmanaged'):
        assert predicted[key] == real[key], key


def test_refusal_fails_listing_every_problem(kibana, monkeypatch, run_module):
    fleet = [dict(name='A', connector_type_id='.index'), dict(name='B', connector_type_id='.slack')]
    result, dummy = run(kibana, monkeypatch, run_module, connectors=fleet)
    assert result['failed'] is True and result['changed'] is False
    assert "connectors[0] (name 'A', space 'default'): missing required config key 'index'" in result['msg']
    assert "connectors[1] (name 'B', space 'default'): missing required secrets key 'webhookUrl'" in result['msg']
    assert kibana.writes() == []


def test_refused_writes_return_the_results(kibana, monkeypatch, run_module):
    kibana.types.pop('.server-log')
    result, dummy = run(kibana, monkeypatch, run_module, connectors=FLEET)
    assert result['failed'] is True and result['changed'] is True
    assert [c['action'] for c in result['connectors']] == ['failed', 'created']
    assert 'Kibana refused 1 of 2 writes' in result['msg']


@pytest.mark.parametrize('parallel', [0, 33])
def test_parallel_bounds(kibana, monkeypatch, run_module, parallel):
    result, dummy = run(kibana, monkeypatch, run_module, connectors=FLEET, parallel=parallel)
    assert result['failed'] is True and 'parallel must be between 1 and 32' in result['msg'] and kibana.calls == []


def test_gathered(kibana, monkeypatch, run_module):
    kibana.add('log-1', 'Log one', '.server-log', space='team-a')
    result, dummy = run(kibana, monkeypatch, run_module, state='gathered', spaces=['team-a'])
    assert result['changed'] is False
    assert result['gathered'] == [dict(connector_id='log-1', name='Log one', connector_type_id='.server-log', config={},
                                       space_id='team-a')]


def test_secrets_are_masked_in_the_invocation(kibana, monkeypatch, run_module):
    result, out = run(kibana, monkeypatch, run_module, connectors=FLEET)
    assert SECRET not in out
    assert 'VALUE_SPECIFIED_IN_NO_LOG_PARAMETER' in json.dumps(result['invocation'])
