# -*- coding: utf-8 -*-
# Copyright (c) kibana.connectors contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Unit tests of what kibana_connector_info gathers (plugins/module_utils/_info.py)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type  # pylint: disable=invalid-name

import pytest

from ansible_collections.kibana.connectors.plugins.module_utils._kibana import KibanaSpaceNotFoundError
from ansible_collections.kibana.connectors.plugins.module_utils._info import connector_entry, gather
from ansible_collections.kibana.connectors.tests.unit.plugins.fake_kibana import client_for, sample
CONNECTOR_TYPES = ('.index', '.jira', '.server-log')


@pytest.fixture
def kibana():
    fake = sample()
    fake.types = dict((t, dict(fake.types[t])) for t in CONNECTOR_TYPES)
    fake.types['.jira'].update(enabled=False, enabled_in_license=False)  # licence too low
    return fake


def gathered(kibana, space_id, **kwargs):
    """gather() with a fresh client; (result, warnings)."""
    warnings = []
    return gather(client_for(kibana), space_id, warnings=warnings, **kwargs), warnings


def test_gather_lists_everything_with_one_request(kibana):
    result, warnings = gathered(kibana, 'default')
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
    result = gathered(kibana, 'default', **filters)[0]
    assert sorted(c['connector_id'] for c in result['connectors']) == expected
    assert len(kibana.calls) == 1


def test_gather_named_space(kibana):
    result = gathered(kibana, 'team-a')[0]
    assert sorted(c['connector_id'] for c in result['connectors']) == ['log-a', 'my-slack']
    assert kibana.paths() == ['GET /s/team-a/api/actions/connectors']


def test_gather_named_space_with_only_preconfigured_checks_the_space(kibana):
    result, warnings = gathered(kibana, 'team-b')
    assert [c['connector_id'] for c in result['connectors']] == ['my-slack']
    assert kibana.paths() == ['GET /s/team-b/api/actions/connectors', 'GET /api/spaces/space/team-b']
    assert warnings == []


def test_gather_missing_space_fails(kibana):
    with pytest.raises(KibanaSpaceNotFoundError, match="Space 'ghost' does not exist"):
        gathered(kibana, 'ghost')


def test_gather_spaces_api_403_warns_and_goes_on(kibana):
    kibana.spaces_forbidden = True
    result, warnings = gathered(kibana, 'ghost')
    assert [c['connector_id'] for c in result['connectors']] == ['my-slack']
    assert len(warnings) == 1 and 'Could not verify' in warnings[0]


def test_gather_connector_types(kibana):
    result = gathered(kibana, 'default', connector_types=True)[0]
    assert [t['id'] for t in result['connector_types']] == ['.index', '.jira', '.server-log']
    assert kibana.paths() == ['GET /api/actions/connectors', 'GET /api/actions/connector_types']
    jira = result['connector_types'][1]
    assert jira['enabled'] is False and jira['enabled_in_license'] is False and jira['minimum_license_required'] == 'gold'


def test_gather_connector_types_feature_and_type_filters(kibana):
    result = gathered(kibana, 'team-a', connector_types=True, feature_id='cases')[0]
    assert [t['id'] for t in result['connector_types']] == ['.jira']
    assert kibana.params[1] == {'feature_id': 'cases'}
    assert kibana.calls[1][1] == '/s/team-a/api/actions/connector_types'
    result = gathered(kibana, 'default', connector_types=True, connector_type_id='.index')[0]
    assert [t['id'] for t in result['connector_types']] == ['.index']
    assert result['connectors'] == [c for c in result['connectors'] if c['connector_type_id'] == '.index']


def test_connector_entry_adds_connector_id_and_keeps_kibana_keys():
    entry = connector_entry({'id': 'x', 'name': 'n', 'connector_type_id': '.index', 'config': {'index': 'i'}, 'auth_mode': 'shared'})
    assert entry == {'id': 'x', 'connector_id': 'x', 'name': 'n', 'connector_type_id': '.index', 'config': {'index': 'i'},
                     'auth_mode': 'shared'}
