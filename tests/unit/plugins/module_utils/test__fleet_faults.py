# -*- coding: utf-8 -*-
# Copyright (c) kibana.connectors contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""A fleet converged by parallel workers over real HTTP, against the Kibana test double in-process, under faults.

Kibana answers 429 with Retry-After, 503, drops connections and loses create
answers while eight workers write: the double must end up holding exactly the
declared connectors, each created once (no duplicate, no loss), and a second run
must change nothing.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type  # pylint: disable=invalid-name

import collections

import pytest

from ansible_collections.kibana.connectors.plugins.module_utils import _fleet as f
from ansible_collections.kibana.connectors.plugins.module_utils._kibana import KibanaClient
from ansible_collections.kibana.connectors.tests.kibana_double.server import start_double

SPACES = ['team-a', 'team-b']
SECRET = 'fault-test-routing-key-secret'


def declared(count=24):
    """Connectors across three spaces, half by id and half by name, of three types."""
    fleet = []
    for number in range(count):
        space = ['default', 'team-a', 'team-b'][number % 3]
        item = dict(connector_id=None, name='Fleet %02d' % number, config={}, secrets=None, update_secrets=None,
                    space_id=space)
        if number % 2:
            item['connector_id'] = 'fleet-%02d' % number
        kind = number % 4
        if kind == 0:
            item.update(connector_type_id='.index', config={'index': 'fleet-%02d' % number})
        elif kind == 1:
            item.update(connector_type_id='.pagerduty', secrets={'routingKey': SECRET})
        else:
            item.update(connector_type_id='.server-log')
        fleet.append(item)
    return fleet


def params(fleet, **kwargs):
    base = dict(connectors=fleet, state='replaced', spaces=None, update_secrets='on_create', recreate=False, force=False,
                parallel=8, space_id='default')
    base.update(kwargs)
    return base


@pytest.fixture
def double():
    with start_double(version='8.19.0', license_level='trial', spaces=SPACES) as running:
        yield running


def client(double):
    return KibanaClient(url=double.url, username='elastic', password='changeme', retries=8)


def stored_creates(double):
    """The creates the double stored, answered or not: (space, name) -> how many."""
    counts = collections.Counter()
    for entry in double.requests():
        if entry['method'] == 'POST' and '/_execute' not in entry['path'] and (
                entry['status'] == 200 or entry.get('fault') == 'lose_create_response'):
            counts[(entry['space'] or 'default', entry['body']['name'])] += 1
    return counts


@pytest.mark.parametrize('faults', [
    [dict(status=429, count=4, retry_after=1, methods=['POST'])],
    [dict(status=503, count=6, methods=['POST'])],
    [dict(drop=4)],
    [dict(lose_create_response=5)],
    [dict(status=429, count=2, retry_after=1), dict(status=503, count=3), dict(drop=2), dict(lose_create_response=3)],
])
def test_parallel_run_under_faults_leaves_exactly_the_declared_connectors(double, faults):
    fleet = declared()
    for fault in faults:
        double.add_faults(**fault)
    result = f.run(client(double), params(fleet))
    assert result['summary']['created'] == len(fleet) and result['summary']['failed'] == 0
    injected = sum(fault.get('count', 0) + fault.get('drop', 0) + fault.get('lose_create_response', 0) for fault in faults)
    assert len([e for e in double.requests() if e.get('fault')]) == injected  # every fault was met
    held = collections.Counter((c['space'] or 'default', c['name']) for c in double.connectors())
    assert held == collections.Counter((item['space_id'], item['name']) for item in fleet)
    assert set(stored_creates(double).values()) == {1}  # each connector created once: no duplicate
    by_id = dict((c['id'], c) for c in double.connectors())
    for item in fleet:
        if item['connector_id']:
            assert by_id[item['connector_id']]['name'] == item['name']
    double.clear_faults()
    double.clear_requests()
    again = f.run(client(double), params(fleet))
    assert again['changed'] is False and again['summary']['unchanged'] == len(fleet)
    assert sorted(e['path'] for e in double.requests()) == [
        '/api/actions/connectors', '/s/team-a/api/actions/connectors', '/s/team-b/api/actions/connectors']


def test_parallel_updates_and_deletes_under_faults(double):
    fleet = declared(12)
    f.run(client(double), params(fleet))
    changed = [dict(item, config=dict(item['config'], index='renamed-%d' % n)) if item['connector_type_id'] == '.index'
               else item for n, item in enumerate(fleet)]
    double.add_faults(status=503, count=3)
    double.add_faults(drop=2)
    result = f.run(client(double), params(changed[:8], state='overridden', spaces=['default'] + SPACES))
    assert result['summary']['failed'] == 0 and len(result['removed']) == 4
    held = sorted((c['space'] or 'default', c['name'], c['config'].get('index')) for c in double.connectors())
    assert held == sorted((item['space_id'], item['name'], item['config'].get('index')) for item in changed[:8])


def test_no_secret_in_the_double_log_or_the_result(double):
    fleet = declared(8)
    result = f.run(client(double), params(fleet, update_secrets='always'))
    assert SECRET not in repr(result) and SECRET not in repr(double.requests())
