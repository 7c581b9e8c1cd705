# -*- coding: utf-8 -*-
# Copyright (c) kibana.connectors contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Unit tests of the one engine path (plugins/module_utils/_engine.py): what a run reads, once, for all its items.

kibana_connector's and kibana_connectors' own behaviour is tested in test__connector.py (converge) and
test__fleet.py; here, the reads: one GET by id, one list per space that needs it, the facts read once.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type  # pylint: disable=invalid-name

import pytest

from ansible_collections.kibana.connectors.plugins.module_utils._connector import ConnectorPlanError, Desired
from ansible_collections.kibana.connectors.plugins.module_utils._engine import Item, Run
from ansible_collections.kibana.connectors.plugins.module_utils._lookup import LookupFailed
from ansible_collections.kibana.connectors.tests.unit.plugins.fake_kibana import FakeKibana, client_for


def item(index=0, space='default', **desired):
    want = Desired(**desired)
    return Item(index, space, want, want.label)


def read(kibana, items, **kwargs):
    run = Run(client_for(kibana), parallel=kwargs.pop('parallel', 1))
    run.read(items, **kwargs)
    return run


def test_by_id_is_one_get():
    kibana = FakeKibana()
    kibana.add('x1', name='a')
    run = read(kibana, [item(connector_id='x1')])
    assert run.entries[0].current['name'] == 'a'
    assert kibana.paths() == ['GET /api/actions/connector/x1']


def test_delete_by_id_reads_the_list_for_the_reference_count():
    kibana = FakeKibana()
    kibana.add('x1', name='a', refs=2, space='team-a')
    kibana.add('x2', name='a', space='team-a')  # the same name does not matter by id
    run = read(kibana, [item(space='team-a', state='absent', connector_id='x1'),
                        item(1, space='team-a', state='absent', connector_id='nope', name='a')])
    assert run.entries[0].current['referenced_by_count'] == 2
    assert run.entries[1].current is None
    assert kibana.paths() == ['GET /s/team-a/api/actions/connectors']


def test_by_name_is_one_list_per_space_whatever_the_number_of_items():
    kibana = FakeKibana()
    kibana.add('x1', name='a')
    kibana.add('x2', name='b')
    run = read(kibana, [item(name='b'), item(1, name='a'), item(2, connector_id='x1', name='a')])
    assert [entry.current['id'] for entry in run.entries] == ['x2', 'x1', 'x1']
    assert kibana.paths() == ['GET /api/actions/connectors']


def test_duplicate_names_are_refused_listing_ids():
    kibana = FakeKibana()
    kibana.add('id-1', name='dup')
    kibana.add('id-2', name='dup')
    run = read(kibana, [item(name='dup')])
    (order, entry, error), = run.problems
    assert isinstance(error, LookupFailed) and entry.refused
    assert "2 connectors are named 'dup' in space 'default' (ids: id-1, id-2)" in str(error)


def test_name_lookup_is_per_space():
    kibana = FakeKibana()
    kibana.add('id-1', name='a', space='team-a')
    run = read(kibana, [item(name='a'), item(1, space='team-a', name='a')])
    assert run.entries[0].current is None and run.entries[1].current['id'] == 'id-1'


def test_an_id_stored_in_another_listed_space_is_refused():
    kibana = FakeKibana()
    kibana.add('taken', name='a', space='team-a')
    run = read(kibana, [item(space='default', connector_id='taken', name='a')], spaces=['default', 'team-a'])
    (order, entry, error), = run.problems
    assert isinstance(error, ConnectorPlanError) and "exists in space 'team-a'" in str(error)


def test_lists_go_in_parallel_and_spaces_are_checked_once():
    kibana = FakeKibana()
    kibana.add('x', name='x', space='team-a')
    spaces = ['team-a', 'team-b', 'team-c']
    run = read(kibana, [], spaces=spaces, check_spaces=True, parallel=3)
    assert sorted(kibana.paths()) == sorted(['GET /s/%s/api/actions/connectors' % s for s in spaces]
                                            + ['GET /api/spaces/space/team-b', 'GET /api/spaces/space/team-c'])
    assert run.survey.exists == {'team-a': True, 'team-b': True, 'team-c': False}  # the fake has no team-c


@pytest.mark.parametrize('check_mode', [False, True])
def test_facts_are_read_once_for_every_item(check_mode):
    kibana = FakeKibana()
    run = Run(client_for(kibana), check_mode=check_mode)
    run.read([item(i, space='team-a', name='n%d' % i, connector_type_id='.future', config={}, secrets={})
              for i in range(3)])
    kibana.reset_log()
    kibana.types['.future'] = {'id': '.future', 'enabled': True}
    assert run.plan() == []
    assert kibana.paths() == ['GET /api/spaces/space/team-a', 'GET /api/actions/connector_types', 'GET /api/status']
