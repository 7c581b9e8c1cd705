# -*- coding: utf-8 -*-
# Copyright (c) kibana.connectors contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Exactly once: runs at the same time never duplicate a connector identified by name.

Two runs of one fleet started together, or three hosts converging one connector without run_once, all read an
empty Kibana before any of them creates: each creates every connector named without an id. The id of such a
connector is derived from its space and name (_connector.derived_id), so the second create meets Kibana's 409,
and that run reads the connector and carries on as if it had found it. Against the test double in-process; a Gate
holds every run's creates until each run has made its reads, so the runs race every time, whatever the speed of
the machine (no timing in these tests).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type  # pylint: disable=invalid-name

import collections
import threading

import pytest

from ansible_collections.kibana.connectors.plugins.module_utils import _fleet as f
from ansible_collections.kibana.connectors.plugins.module_utils._connector import Desired, derived_id
from ansible_collections.kibana.connectors.plugins.module_utils._engine import converge
from ansible_collections.kibana.connectors.plugins.module_utils._errors import KibanaError
from ansible_collections.kibana.connectors.plugins.module_utils._kibana import KibanaClient
from ansible_collections.kibana.connectors.tests.kibana_double.server import start_double

SPACES = ['team-a']


def client(double):
    return KibanaClient(url=double.url, username='elastic', password='changeme', retries=3)


class Gate:
    """Holds the creates of ``runs`` runs until every one of them has made its reads and reached its first create."""

    def __init__(self, runs):
        self.runs = runs
        self.arrived = set()
        self.condition = threading.Condition()

    def client(self, double):
        """A client of one run, whose creates wait at the gate."""
        gated = client(double)
        create = gated.create_connector

        def held_create(*args, **kwargs):
            with self.condition:
                self.arrived.add(id(gated))
                self.condition.notify_all()
                if not self.condition.wait_for(lambda: len(self.arrived) >= self.runs, timeout=60):
                    raise AssertionError('only %d of %d runs reached their creates' % (len(self.arrived), self.runs))
            return create(*args, **kwargs)
        gated.create_connector = held_create
        return gated


def together(calls):
    """Run the calls in threads started at once; each one's result or exception."""
    results = [None] * len(calls)
    start = threading.Barrier(len(calls))

    def run(index):
        start.wait()
        try:
            results[index] = calls[index]()
        except Exception as exc:  # pylint: disable=broad-except
            results[index] = exc
    threads = [threading.Thread(target=run, args=(index,)) for index in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def held(double):
    return collections.Counter((c['space'] or 'default', c['name']) for c in double.connectors())


def fleet(count=40):
    return [dict(connector_id=None, name='race %03d' % number, connector_type_id='.server-log', config={}, secrets=None,
                 update_secrets=None, space_id=['default', 'team-a'][number % 2]) for number in range(count)]


def params(items):
    return dict(connectors=items, state='replaced', spaces=None, update_secrets='on_change', recreate=False, force=False,
                parallel=4, space_id='default')


@pytest.mark.parametrize('version', ['8.19.0', '9.4.0'])
def test_two_fleet_runs_at_once_leave_each_connector_once(version):
    with start_double(version=version, license_level='trial', spaces=SPACES) as double:
        items = fleet()
        gate = Gate(2)
        first, second = together([lambda: f.run(gate.client(double), params(items))] * 2)
        for result in (first, second):
            assert isinstance(result, dict), result
            assert result['summary']['failed'] == 0
        assert held(double) == collections.Counter((item['space_id'], item['name']) for item in items)
        ids = sorted(c['id'] for c in double.connectors())
        assert ids == sorted(derived_id(item['space_id'], item['name']) for item in items)
        # every connector was created by one of the runs; the other met the 409 and found it unchanged
        created = first['summary']['created'] + second['summary']['created']
        assert created == len(items) and first['summary']['unchanged'] + second['summary']['unchanged'] == len(items)
        # the race happened: both runs sent every create, and Kibana refused one of each pair
        conflicts = [e for e in double.requests() if e['method'] == 'POST' and e['status'] == 409]
        assert len(conflicts) == len(items)
        double.clear_requests()
        third = f.run(client(double), params(items))
        assert third['changed'] is False
        assert sorted(e['path'] for e in double.requests()) == ['/api/actions/connectors', '/s/team-a/api/actions/connectors']


@pytest.mark.parametrize('space', ['default', 'team-a'])
def test_three_hosts_without_run_once_make_one_connector(space):
    with start_double(version='8.19.0', license_level='trial', spaces=SPACES) as double:
        desired = Desired(name='Ops log', connector_type_id='.server-log', config={}, secrets={})
        gate = Gate(3)
        entries = together([lambda: converge(gate.client(double), desired, space)] * 3)
        for entry in entries:
            assert not isinstance(entry, Exception), entry
        assert held(double) == collections.Counter({(space, 'Ops log'): 1})
        assert sorted(entry.changed for entry in entries) == [False, False, True]
        assert len([e for e in double.requests() if e['method'] == 'POST' and e['status'] == 409]) == 2
        assert set(entry.connector['id'] for entry in entries) == {derived_id(space, 'Ops log')}


def test_a_run_that_meets_a_differing_connector_updates_it():
    with start_double(version='8.19.0', license_level='trial', spaces=SPACES) as double:
        other = Desired(name='Docs', connector_type_id='.index', config={'index': 'from-the-other-run'}, secrets={})
        mine = Desired(name='Docs', connector_type_id='.index', config={'index': 'mine'}, secrets={})
        gate = Gate(2)
        results = together([lambda: converge(gate.client(double), other, 'default'),
                            lambda: converge(gate.client(double), mine, 'default')])
        assert all(not isinstance(r, Exception) for r in results), results
        (stored,) = double.connectors()
        assert stored['id'] == derived_id('default', 'Docs')
        # one create won; the run that met the 409 read the connector, found it differs and wrote its own config
        writes = [(e['method'], e['status']) for e in double.requests() if e['method'] != 'GET']
        assert sorted(writes) == [('POST', 200), ('POST', 409), ('PUT', 200)]
        (put,) = [e for e in double.requests() if e['method'] == 'PUT']
        assert stored['config']['index'] == put['body']['config']['index']
        assert [r.changed for r in results] == [True, True]
        # each run returns the connector as it left it
        assert [r.connector['config']['index'] for r in results] == ['from-the-other-run', 'mine']


def test_a_run_that_meets_a_connector_of_another_type_recreates_it():
    # the run that meets the 409 needs facts its read did not gather (the types, the reference count): it reads them
    with start_double(version='8.19.0', license_level='trial', spaces=SPACES) as double:
        log = Desired(name='Docs', connector_type_id='.server-log', config={}, secrets={}, recreate=True)
        index = Desired(name='Docs', connector_type_id='.index', config={'index': 'docs'}, secrets={}, recreate=True)
        gate = Gate(2)
        results = together([lambda: converge(gate.client(double), log, 'default'),
                            lambda: converge(gate.client(double), index, 'default')])
        assert all(not isinstance(r, Exception) for r in results), results
        assert [r.changed for r in results] == [True, True]
        (stored,) = double.connectors()
        assert stored['id'] == derived_id('default', 'Docs')
        writes = [(e['method'], e['status']) for e in double.requests() if e['method'] != 'GET']
        # both creates; the loser's 409, then its recreate: delete, create again with its own type
        assert writes == [('POST', 200), ('POST', 409), ('DELETE', 204), ('POST', 200)]
        loser = [r for r in results if r.plan.action == 'recreate']
        assert len(loser) == 1 and stored['connector_type_id'] == loser[0].connector['connector_type_id']


def test_a_lost_create_answer_by_name_is_found_by_its_id():
    with start_double(version='8.19.0', license_level='trial', spaces=SPACES) as double:
        double.add_faults(lose_create_response=1)
        entry = converge(client(double), Desired(name='Lost', connector_type_id='.server-log', config={}, secrets={}),
                         'default')
        assert entry.changed and entry.connector['id'] == derived_id('default', 'Lost')
        assert held(double) == collections.Counter({('default', 'Lost'): 1})
        gets = [e['path'] for e in double.requests() if e['method'] == 'GET']
        assert '/api/actions/connector/' + derived_id('default', 'Lost') in gets  # looked up by id, not the list


def test_kibana_before_8_8_keeps_kibanas_ids():
    with start_double(version='8.7.0', license_level='trial', spaces=SPACES) as double:
        entry = converge(client(double), Desired(name='Old', connector_type_id='.index', config={'index': 'i'}, secrets={}),
                         'default')
        assert entry.changed and entry.connector['id'] != derived_id('default', 'Old')
        posts = [e['path'] for e in double.requests() if e['method'] == 'POST']
        assert posts == ['/api/actions/connector']


def test_a_connector_with_a_given_id_created_by_two_hosts_at_once_is_made_once():
    with start_double(version='8.19.0', license_level='trial', spaces=SPACES) as double:
        desired = Desired(connector_id='ops-log', name='Ops log', connector_type_id='.server-log', config={}, secrets={})
        gate = Gate(2)
        entries = together([lambda: converge(gate.client(double), desired, 'team-a')] * 2)
        assert all(not isinstance(entry, Exception) for entry in entries), entries
        assert held(double) == collections.Counter({('team-a', 'Ops log'): 1})
        assert sorted(entry.changed for entry in entries) == [False, True]


def test_a_given_id_taken_in_another_space_still_fails_saying_so():
    with start_double(version='8.19.0', license_level='trial', spaces=SPACES) as double:
        taken = Desired(connector_id='taken', name='A', connector_type_id='.server-log', config={}, secrets={})
        converge(client(double), taken, 'team-a')
        with pytest.raises(KibanaError) as failure:
            converge(client(double), taken, 'default')
        assert 'unique across all spaces' in str(failure.value) and failure.value.status == 409
