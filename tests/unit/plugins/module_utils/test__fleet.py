# -*- coding: utf-8 -*-
# Copyright (c) kibana.connectors contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Unit tests of planning and converging a fleet of connectors (plugins/module_utils/_fleet.py).

Against the unit tests' one fake Kibana; the concurrency and fault tests against
the test double in-process are in test__fleet_faults.py.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type  # pylint: disable=invalid-name

import json

import pytest

from ansible_collections.kibana.connectors.plugins.module_utils import _fleet as f
from ansible_collections.kibana.connectors.plugins.module_utils._connector import derived_id
from ansible_collections.kibana.connectors.plugins.module_utils._kibana import KibanaSpaceNotFoundError
from ansible_collections.kibana.connectors.tests.unit.plugins.fake_kibana import FakeKibana, boom, client_for

SECRET = 'fleet-secret-webhook-password'
SECRET2 = 'https://hooks.slack.example/T0/B0/fleet-secret'


def params(**kwargs):
    base = dict(connectors=[], state='replaced', spaces=None, update_secrets='on_create', recreate=False, force=False,
                parallel=4, space_id='default')
    base.update(kwargs)
    base['connectors'] = [dict(dict(connector_id=None, name=None, connector_type_id=None, config={}, secrets=None,
                                    update_secrets=None, space_id=None), **item) for item in base['connectors']]
    return base


def run(kibana, check_mode=False, diff=True, fingerprints=None, **kwargs):
    """f.run with a fresh client; the result (or the FleetError raised), checked for secrets."""
    warnings = []
    try:
        result = f.run(client_for(kibana, retries=0), params(**kwargs), check_mode, warnings, diff=diff,
                       fingerprints=fingerprints)
    except f.FleetError as exc:
        result = exc
    text = json.dumps(result.result if isinstance(result, f.FleetError) else result) + str(result) + json.dumps(warnings)
    assert SECRET not in text and SECRET2 not in text
    return result, warnings


LOG = dict(connector_id='log-1', name='Log one', connector_type_id='.server-log')
INDEX = dict(name='Docs index', connector_type_id='.index', config={'index': 'docs'})
HOOK = dict(connector_id='hook-1', name='Hook', connector_type_id='.webhook', config={'url': 'https://hooks.test/x'},
            secrets={'user': 'alert-user', 'password': SECRET})
SLACK = dict(connector_id='slack-1', name='Slack', connector_type_id='.slack', secrets={'webhookUrl': SECRET2})


def actions(result):
    return [(line['id'], line['space_id'], line['action']) for line in result['connectors']]


# ------------------------------------------------------------------ the list on its own
@pytest.mark.parametrize('connectors, text', [
    ([dict(LOG), dict(LOG, name='Other')], "connector id 'log-1' is given 2 times (connectors[0], connectors[1])"),
    ([dict(INDEX), dict(INDEX, config={'index': 'other'})], "2 items of space 'default' are named 'Docs index'"),
    ([dict(INDEX), dict(INDEX, connector_id='with-id')], "2 items of space 'default' are named 'Docs index'"),
    ([dict(LOG, space_id='Bad Space')], "connectors[0] (id 'log-1', space 'Bad Space'): Invalid space_id"),
    ([dict(connector_type_id='.index')], 'connectors[0] (name None, space \'default\'): give connector_id or name'),
    ([dict(connector_id='x', connector_type_id='.index')], "connectors[0] (id 'x', space 'default'): name is required"),
])
def test_list_problems_fail_before_any_request(connectors, text):
    kibana = FakeKibana()
    error, dummy = run(kibana, connectors=connectors)
    assert isinstance(error, f.FleetError) and text in str(error)
    assert kibana.calls == []


def test_same_name_in_two_spaces_is_fine():
    kibana = FakeKibana()
    result, dummy = run(kibana, connectors=[dict(INDEX), dict(INDEX, space_id='team-a')])
    assert [line['action'] for line in result['connectors']] == ['created', 'created']


# ------------------------------------------------------------------ replaced
def test_first_run_then_no_change_costs_one_list_per_space():
    kibana = FakeKibana()
    fleet = [dict(LOG), dict(INDEX, space_id='team-a'), dict(HOOK, space_id='team-b'), dict(SLACK)]
    first, dummy = run(kibana, connectors=fleet)
    assert first['changed'] is True
    assert [line['action'] for line in first['connectors']] == ['created'] * 4
    assert sorted(kibana.paths()[:3]) == ['GET /api/actions/connectors', 'GET /s/team-a/api/actions/connectors',
                                          'GET /s/team-b/api/actions/connectors']
    # the named spaces were empty: one Spaces API GET each, the version once (the id of a connector named without
    # one is derived from its space and name, Kibana 8.8+), then one write per connector
    assert sorted(kibana.paths()[3:5]) == ['GET /api/spaces/space/team-a', 'GET /api/spaces/space/team-b']  # in parallel
    assert kibana.paths()[5] == 'GET /api/status'
    assert sorted(kibana.paths()[6:]) == sorted(['POST /api/actions/connector/log-1',
                                                 'POST /s/team-a/api/actions/connector/' + derived_id('team-a', 'Docs index'),
                                                 'POST /s/team-b/api/actions/connector/hook-1',
                                                 'POST /api/actions/connector/slack-1'])
    kibana.reset_log()
    again, dummy = run(kibana, connectors=fleet)
    assert again['changed'] is False and again['diff'] == []
    assert [line['action'] for line in again['connectors']] == ['unchanged'] * 4
    assert sorted(kibana.paths()) == ['GET /api/actions/connectors', 'GET /s/team-a/api/actions/connectors',
                                      'GET /s/team-b/api/actions/connectors']


def test_results_keep_the_given_order_and_count_per_space():
    kibana = FakeKibana()
    kibana.add('log-1', 'Log one', '.server-log')
    fleet = [dict(INDEX, space_id='team-a'), dict(LOG), dict(LOG, connector_id='log-2', name='Log two', space_id='team-a')]
    result, dummy = run(kibana, connectors=fleet)
    assert [(line['name'], line['action']) for line in result['connectors']] == [
        ('Docs index', 'created'), ('Log one', 'unchanged'), ('Log two', 'created')]
    summary = result['summary']
    assert (summary['created'], summary['unchanged'], summary['failed']) == (2, 1, 0)
    assert summary['spaces']['team-a']['created'] == 2 and summary['spaces']['default']['unchanged'] == 1


def test_update_and_diff_per_changed_connector():
    kibana = FakeKibana()
    kibana.add('idx', 'Docs index', '.index', {'index': 'docs', 'refresh': True})
    kibana.add('log-1', 'Log one', '.server-log')
    result, dummy = run(kibana, connectors=[dict(INDEX, connector_id='idx'), dict(LOG)])
    assert actions(result) == [('idx', 'default', 'updated'), ('log-1', 'default', 'unchanged')]
    assert result['connectors'][0]['changes'] == ['config.refresh is not set by the task and goes back to its default']
    assert len(result['diff']) == 1
    diff = result['diff'][0]
    assert diff['before']['config']['refresh'] is True and diff['after']['config']['refresh'] is False
    assert diff['before_header'] == 'connector idx (space default)'
    assert kibana.writes() == [('PUT', '/api/actions/connector/idx')]


def test_unmanaged_is_the_drift_report():
    kibana = FakeKibana()
    kibana.add('log-1', 'Log one', '.server-log')
    kibana.add('hand-made', 'Hand made', '.server-log', refs=2)
    kibana.add('other-space', 'Elsewhere', '.server-log', space='team-b')
    kibana.add('pre', 'Preconfigured', '.slack', preconfigured=True)
    result, dummy = run(kibana, connectors=[dict(LOG)])
    assert result['unmanaged'] == [dict(id='hand-made', name='Hand made', connector_type_id='.server-log',
                                        space_id='default', referenced_by_count=2)]
    result, warnings = run(kibana, connectors=[dict(LOG)], spaces=['default', 'team-b'])
    assert [c['id'] for c in result['unmanaged']] == ['hand-made', 'other-space']
    assert kibana.writes() == []
    # and one warning says so: a return value nobody reads is no report
    assert warnings == ['2 connectors in the spaces of this task are not managed by it (see unmanaged): '
                        'hand-made (space default), other-space (space team-b)']


def test_the_drift_warning_names_the_first_five():
    report = [dict(id='c%d' % n, space_id='s') for n in range(7)]
    assert f.drift_warning(report).endswith('c3 (space s), c4 (space s) and 2 more')
    assert f.drift_warning([]) is None


def test_deleting_items_that_do_not_exist_names_each_item():
    kibana = FakeKibana()
    result, dummy = run(kibana, state='deleted', connectors=[dict(connector_id='gone-1'), dict(name='Gone two', space_id='team-a')])
    assert [(line['id'], line['name'], line['space_id'], line['action']) for line in result['connectors']] == [
        ('gone-1', None, 'default', 'unchanged'), (None, 'Gone two', 'team-a', 'unchanged')]


def test_check_mode_is_the_real_run_without_writes():
    kibana = FakeKibana()
    kibana.add('idx', 'Docs index', '.index', {'index': 'old'})
    kibana.add('gone', 'Gone', '.server-log')
    fleet = [dict(INDEX, connector_id='idx'), dict(LOG), dict(HOOK, space_id='team-a')]
    predicted, dummy = run(kibana, check_mode=True, state='overridden', connectors=fleet, spaces=['default', 'team-a'])
    assert kibana.writes() == []
    real, dummy = run(kibana, state='overridden', connectors=fleet, spaces=['default', 'team-a'])
    for key in ('changed', 'connectors', 'summary', 'diff', 'removed'):
        assert predicted[key] == real[key], key
    assert real['removed'][0]['id'] == 'gone' and real['removed'][0]['action'] == 'deleted'


def test_check_mode_warns_as_kibana_connector_does_once_per_text():
    fleet = [dict(HOOK, secrets={}), dict(HOOK, connector_id='hook-2', name='Hook two', secrets={})]
    kibana = FakeKibana()
    kibana.version = None  # the user may not read /api/status
    dummy, warnings = run(kibana, check_mode=True, connectors=fleet)
    texts = [w for w in warnings if w.startswith('check mode does not know the Kibana version')]
    assert len(texts) == 1 and 'config.authType' in texts[0]
    dummy, warnings = run(kibana, connectors=fleet)  # a real run has Kibana's answer
    assert not any(w.startswith('check mode') for w in warnings)
    kibana = FakeKibana()
    dummy, warnings = run(kibana, check_mode=True, connectors=fleet)  # the version is known
    assert not any(w.startswith('check mode') for w in warnings)


def test_check_mode_reads_the_types_for_an_unknown_type_so_does_not_warn_it_cannot_tell():
    kibana = FakeKibana()
    kibana.types['.future'] = dict(id='.future', name='Future', enabled=True, supported_feature_ids=['alerting'])
    result, warnings = run(kibana, check_mode=True, connectors=[dict(connector_id='x1', name='X1', connector_type_id='.future',
                                                                     secrets={})])
    assert result['connectors'][0]['action'] == 'created'
    assert not any('check mode cannot tell' in w for w in warnings)


def test_check_mode_create_by_name_predicts_the_derived_id():
    predicted, dummy = run(FakeKibana(), check_mode=True, connectors=[dict(INDEX)])
    assert predicted['connectors'][0]['id'] == derived_id('default', 'Docs index')
    assert predicted['connectors'][0]['action'] == 'created'


def test_check_mode_create_by_name_on_kibana_before_8_8_has_no_id():
    kibana = FakeKibana()
    kibana.version = '8.7.1'
    predicted, dummy = run(kibana, check_mode=True, connectors=[dict(INDEX)])
    assert predicted['connectors'][0]['id'] is None and predicted['connectors'][0]['action'] == 'created'


# ------------------------------------------------------------------ merged
def test_merged_sets_given_keys_and_keeps_the_rest():
    kibana = FakeKibana()
    kibana.add('hook-1', 'Hook', '.webhook', {'url': 'https://hooks.test/x', 'headers': {'X-Team': 'ops'}, 'method': 'put'})
    item = dict(connector_id='hook-1', config={'method': 'post'}, secrets={'user': 'alert-user', 'password': SECRET})
    result, dummy = run(kibana, state='merged', connectors=[item])
    assert actions(result) == [('hook-1', 'default', 'updated')]
    assert result['connectors'][0]['changes'] == ['config.method changes']
    assert kibana.bodies[-1]['config'] == {'url': 'https://hooks.test/x', 'headers': {'X-Team': 'ops'}, 'method': 'post',
                                           'hasAuth': True}
    assert kibana.bodies[-1]['name'] == 'Hook'
    again, dummy = run(kibana, state='merged', connectors=[item])
    assert again['changed'] is False


@pytest.mark.parametrize('check_mode', [True, False])
def test_merged_with_a_new_type_recreates_with_the_given_config_only(check_mode):
    kibana = FakeKibana()
    kibana.add('idx-1', 'Docs', '.index', {'index': 'docs'})
    item = dict(connector_id='idx-1', name='Docs', connector_type_id='.server-log', secrets={})
    result, dummy = run(kibana, check_mode=check_mode, state='merged', recreate=True, connectors=[item])
    assert actions(result) == [('idx-1', 'default', 'recreated')]
    assert result['diff'][0]['after']['config'] == {}
    if not check_mode:
        assert kibana.store['idx-1']['connector_type_id'] == '.server-log' and kibana.bodies[-1]['config'] == {}


def test_merged_creates_with_the_given_config():
    result, dummy = run(FakeKibana(), state='merged', connectors=[dict(INDEX)])
    assert result['connectors'][0]['action'] == 'created'


def test_merged_create_needs_a_name():
    item = dict(connector_id='new', connector_type_id='.index', config={'index': 'i'})
    error, dummy = run(FakeKibana(), state='merged', connectors=[item])
    assert isinstance(error, f.FleetError) and 'name is required to create it' in str(error)


# ------------------------------------------------------------------ overridden and deleted
def test_overridden_deletes_what_no_item_names_but_never_preconfigured():
    kibana = FakeKibana()
    kibana.add('log-1', 'Log one', '.server-log')
    kibana.add('stray', 'Stray', '.server-log')
    kibana.add('pre', 'Preconfigured', '.slack', preconfigured=True)
    kibana.add('elsewhere', 'Elsewhere', '.server-log', space='team-a')
    result, dummy = run(kibana, state='overridden', connectors=[dict(LOG)])
    assert [(c['id'], c['action']) for c in result['removed']] == [('stray', 'deleted')]
    assert kibana.writes() == [('DELETE', '/api/actions/connector/stray')]
    assert 'pre' in kibana.store and 'elsewhere' in kibana.store
    assert result['summary']['deleted'] == 1


def test_referenced_deletes_are_refused_then_forced():
    kibana = FakeKibana()
    kibana.add('used', 'Used', '.server-log', refs=3)
    error, dummy = run(kibana, state='overridden', connectors=[dict(LOG)])
    assert isinstance(error, f.FleetError) and not error.changed
    assert "connector 'used' ('Used', space 'default', not in connectors): refusing to delete" in str(error)
    assert 'referenced_by_count 3' in str(error) and kibana.writes() == []
    result, dummy = run(kibana, state='overridden', connectors=[dict(LOG)], force=True)
    assert [c['action'] for c in result['removed']] == ['deleted'] and 'used' not in kibana.store


def test_deleted_with_a_list_and_without():
    kibana = FakeKibana()
    kibana.add('a', 'A', '.server-log')
    kibana.add('b', 'B', '.server-log')
    kibana.add('c', 'C', '.server-log', space='team-a')
    kibana.add('pre', 'Preconfigured', '.slack', preconfigured=True)
    result, dummy = run(kibana, state='deleted', connectors=[dict(connector_id='a'), dict(name='Nope')])
    assert [line['action'] for line in result['connectors']] == ['deleted', 'unchanged'] and result['removed'] == []
    result, dummy = run(kibana, state='deleted', spaces=['default', 'team-a'])
    assert sorted(c['id'] for c in result['removed']) == ['b', 'c'] and result['connectors'] == []
    assert sorted(kibana.store) == ['pre']


class DeletedMeanwhile(FakeKibana):
    """Another hand deletes each connector between the fleet's list and its DELETE: Kibana answers 404."""

    def request(self, method, url, **kwargs):  # pylint: disable=arguments-differ
        if method == 'DELETE':
            self.store.pop(url.rsplit('/', 1)[1], None)
        return super(DeletedMeanwhile, self).request(method, url, **kwargs)


def test_a_delete_that_found_nothing_lists_no_changes():
    kibana = DeletedMeanwhile()
    kibana.add('a', 'A', '.server-log')
    result, dummy = run(kibana, state='deleted', connectors=[dict(connector_id='a')])
    assert [(line['action'], line['changes']) for line in result['connectors']] == [('unchanged', [])]
    assert result['changed'] is False and kibana.writes() == [('DELETE', '/api/actions/connector/a')]
    kibana.add('stray', 'Stray', '.server-log')
    result, dummy = run(kibana, state='deleted')  # no list: every connector of the space
    assert [(line['action'], line['changes']) for line in result['removed']] == [('unchanged', [])]
    assert result['changed'] is False


# ------------------------------------------------------------------ gathered
def test_gathered_and_back_changes_nothing():
    kibana = FakeKibana()
    kibana.add('idx', 'Docs index', '.index', {'index': 'docs', 'refresh': True})
    kibana.add('hook-1', 'Hook', '.webhook', {'url': 'https://hooks.test/x'}, space='team-a', secrets={'password': SECRET})
    kibana.add('pre', 'Preconfigured', '.slack', preconfigured=True)
    result, dummy = run(kibana, state='gathered', spaces=['default', 'team-a'])
    assert result['changed'] is False and kibana.writes() == []
    assert [(c['connector_id'], c['space_id']) for c in result['gathered']] == [('idx', 'default'), ('hook-1', 'team-a')]
    assert result['gathered'][0]['config'] == {'index': 'docs', 'refresh': True, 'executionTimeField': None}
    assert result['preconfigured'] == [dict(id='pre', name='Preconfigured', connector_type_id='.slack')]
    items = [dict(item) for item in result['gathered']]
    items[1]['secrets'] = {'user': 'alert-user', 'password': SECRET}
    back, dummy = run(kibana, connectors=items)
    assert back['changed'] is False and kibana.writes() == []


def test_gathered_missing_space_fails():
    with pytest.raises(KibanaSpaceNotFoundError):
        f.run(client_for(FakeKibana()), params(state='gathered', spaces=['ghost']))


# ------------------------------------------------------------------ refusals, all in one failure, nothing written
def test_every_refusal_names_its_item_and_nothing_is_written():
    kibana = FakeKibana()
    kibana.add('typed', 'Typed', '.server-log')
    kibana.add('slack-1', 'Slack', '.slack', secrets={'webhookUrl': SECRET2})
    kibana.add('pre', 'Preconfigured', '.slack', preconfigured=True)
    kibana.add('taken', 'Taken', '.server-log', space='team-b')
    kibana.add('twin-1', 'Twin', '.server-log')
    kibana.add('twin-2', 'Twin', '.server-log')
    fleet = [
        dict(connector_id='typed', name='Typed', connector_type_id='.index', config={'index': 'i'}),  # type change
        dict(connector_id='slack-1', name='Renamed', connector_type_id='.slack'),  # would erase secrets
        dict(connector_id='pre', name='Not the name', connector_type_id='.slack'),  # preconfigured
        dict(name='Bad index', connector_type_id='.index', config={}),  # invalid config (catalogue)
        dict(connector_id='taken', name='Taken', connector_type_id='.server-log', space_id='team-a'),  # id in another space
        dict(name='Twin', connector_type_id='.server-log'),  # ambiguous name in Kibana
        dict(name='Ghost log', connector_type_id='.server-log', space_id='ghost'),  # missing space
        dict(LOG),  # fine
    ]
    error, dummy = run(kibana, connectors=fleet, spaces=['default', 'team-a', 'team-b'])
    assert isinstance(error, f.FleetError) and error.changed is False
    text = str(error)
    for expected in ["connectors[0] (id 'typed', space 'default'): connector 'typed' has type '.server-log'",
                     "connectors[1] (id 'slack-1', space 'default'): connector type '.slack' keeps secrets",
                     "connectors[2] (id 'pre', space 'default'): connector 'pre' is preconfigured",
                     "connectors[3] (name 'Bad index', space 'default'): missing required config key 'index'",
                     "connectors[4] (id 'taken', space 'team-a'): connector id 'taken' exists in space 'team-b'",
                     "connectors[5] (name 'Twin', space 'default'): 2 connectors are named 'Twin'",
                     "connectors[6] (name 'Ghost log', space 'ghost'): Space 'ghost' does not exist"]:
        assert expected in text, expected
    assert len(error.problems) == 7
    assert kibana.writes() == []


@pytest.mark.parametrize('state, by_id, by_name', [
    ('replaced', dict(name='Renamed', connector_type_id='.index', config={'index': 'docs'}),
     dict(connector_type_id='.index', config={'index': 'other'})),
    ('merged', dict(config={'refresh': True}), dict(config={'index': 'other'})),
    ('deleted', {}, {}),
])
def test_two_items_about_one_stored_connector_are_refused(state, by_id, by_name):
    kibana = FakeKibana()
    kibana.add('idx-1', 'Docs', '.index', {'index': 'docs'})
    for fleet, first, second in (([dict(by_id, connector_id='idx-1'), dict(by_name, name='Docs')],
                                  "connectors[0] (id 'idx-1', space 'default')", "connectors[1] (name 'Docs', space 'default')"),
                                 ([dict(by_name, name='Docs'), dict(by_id, connector_id='idx-1')],
                                  "connectors[0] (name 'Docs', space 'default')", "connectors[1] (id 'idx-1', space 'default')")):
        error, dummy = run(kibana, state=state, connectors=fleet)
        assert isinstance(error, f.FleetError) and error.changed is False
        assert error.problems == ["%s: it is connector 'idx-1', which %s is about too; give each connector once"
                                  % (second, first)]
        assert kibana.writes() == []


def test_scope_space_missing_is_a_problem():
    error, dummy = run(FakeKibana(), state='overridden', connectors=[dict(LOG)], spaces=['default', 'ghost'])
    assert isinstance(error, f.FleetError) and "space 'ghost' does not exist in Kibana" in str(error)


def test_type_unknown_to_the_catalogue_asks_kibana_once():
    kibana = FakeKibana()
    fleet = [dict(connector_id='x1', name='X1', connector_type_id='.future', secrets={}),
             dict(connector_id='x2', name='X2', connector_type_id='.future', secrets={})]
    error, dummy = run(kibana, connectors=fleet)
    assert isinstance(error, f.FleetError) and str(error).count("Kibana does not know connector type '.future'") == 2
    assert kibana.paths().count('GET /api/actions/connector_types') == 1 and kibana.writes() == []
    kibana.types['.future'] = dict(id='.future', name='Future', enabled=True, supported_feature_ids=['alerting'])
    result, dummy = run(kibana, connectors=fleet)
    assert [line['action'] for line in result['connectors']] == ['created', 'created']


def test_type_unknown_to_the_catalogue_and_disabled_in_kibana_is_refused():
    kibana = FakeKibana()
    kibana.types['.future'] = dict(id='.future', name='Future', enabled=False, supported_feature_ids=['alerting'])
    error, dummy = run(kibana, connectors=[dict(connector_id='x1', name='X1', connector_type_id='.future', secrets={})])
    assert isinstance(error, f.FleetError) and error.problems == [
        "connectors[0] (id 'x1', space 'default'): connector type '.future' is not enabled in this Kibana "
        "(license or xpack.actions.enabledActionTypes)"]
    assert kibana.writes() == []


def test_recreate_reads_the_types_once_and_keeps_the_id():
    kibana = FakeKibana()
    kibana.add('typed', 'Typed', '.server-log')
    item = dict(connector_id='typed', name='Typed', connector_type_id='.index', config={'index': 'i'})
    result, dummy = run(kibana, connectors=[item], recreate=True)
    assert actions(result) == [('typed', 'default', 'recreated')]
    assert kibana.paths().count('GET /api/actions/connector_types') == 1
    assert kibana.writes() == [('DELETE', '/api/actions/connector/typed'), ('POST', '/api/actions/connector/typed')]


# ------------------------------------------------------------------ Kibana refuses some writes
def test_a_kibana_error_that_quotes_a_secret_is_masked_in_the_result():
    class Echoing(FakeKibana):
        def _connector(self, method, space, connector_id, body):
            if method == 'POST' and connector_id == 'hook-1':
                return boom(400, 'bad value %s in secrets' % body['secrets']['password'])
            return FakeKibana._connector(self, method, space, connector_id, body)
    result, dummy = run(Echoing(), connectors=[dict(HOOK), dict(LOG)])  # run() searches it for every secret
    assert isinstance(result, f.FleetError)
    (line,) = [line for line in result.result['connectors'] if line['action'] == 'failed']
    assert line['error'].endswith('returned 400: bad value ******** in secrets')


def test_refused_writes_are_listed_and_the_others_made():
    kibana = FakeKibana()
    kibana.types.pop('.email')  # this Kibana does not register it: the create is refused, with Kibana's message
    fleet = [dict(LOG), dict(connector_id='mail', name='Mail', connector_type_id='.email',
                             config={'from': 'a@example.com', 'host': 'smtp', 'port': 25},
                             secrets={'user': 'alert-user', 'password': SECRET}), dict(SLACK)]
    error, dummy = run(kibana, connectors=fleet)
    assert isinstance(error, f.FleetError) and error.changed is True
    assert 'Kibana refused 1 of 3 writes; the others were made' in str(error)
    assert "connectors[1] (id 'mail', space 'default'): POST /api/actions/connector/mail returned 400" in str(error)
    assert [line['action'] for line in error.result['connectors']] == ['created', 'failed', 'created']
    assert 'not registered' in error.result['connectors'][1]['error']
    assert error.result['summary']['failed'] == 1 and sorted(kibana.store) == ['log-1', 'slack-1']


def test_secrets_are_sent_but_never_shown():
    kibana = FakeKibana()
    result, dummy = run(kibana, connectors=[dict(HOOK), dict(SLACK)], update_secrets='always')
    assert kibana.store['hook-1']['secrets'] == HOOK['secrets'] and kibana.store['slack-1']['secrets'] == SLACK['secrets']
    again, dummy = run(kibana, connectors=[dict(HOOK), dict(SLACK)], update_secrets='always')
    assert [line['action'] for line in again['connectors']] == ['updated', 'updated']
    assert again['diff'][0]['after']['secrets'] == {'password': '<hidden; sent>', 'user': '<hidden; sent>'}


def test_item_update_secrets_overrides_the_default():
    kibana = FakeKibana()
    run(kibana, connectors=[dict(HOOK), dict(SLACK)])
    again, dummy = run(kibana, connectors=[dict(HOOK, update_secrets='always'), dict(SLACK)])
    assert [line['action'] for line in again['connectors']] == ['updated', 'unchanged']


def test_gathered_warns_of_a_space_it_could_not_verify():
    kibana = FakeKibana(spaces_forbidden=True)
    result, warnings = run(kibana, state='gathered', spaces=['team-a'])
    assert result['gathered'] == [] and result['changed'] is False
    assert len(warnings) == 1 and "Could not verify that space 'team-a'" in warnings[0]


def test_warnings_are_shown_once():
    kibana = FakeKibana(spaces_forbidden=True)
    fleet = [dict(LOG, space_id='team-a'), dict(INDEX, space_id='team-a')]
    result, warnings = run(kibana, connectors=fleet)
    assert result['changed'] and len(warnings) == 1 and "Could not verify that space 'team-a'" in warnings[0]


# ------------------------------------------------------------------ update_secrets: on_change (the default)
def test_on_change_no_change_run_is_one_list_per_space_and_a_rotation_one_put():
    from ansible_collections.kibana.connectors.plugins.module_utils._fingerprint import Fingerprints, fingerprint_key
    kibana = FakeKibana()
    fleet = [dict(HOOK), dict(SLACK, space_id='team-a'), dict(LOG)]
    key = fingerprint_key(password='p')
    first_prints = Fingerprints({}, 'http://kibana.test:5601', key)
    first, dummy = run(kibana, connectors=fleet, update_secrets='on_change', fingerprints=first_prints)
    assert first['summary']['created'] == 3 and first_prints.changed
    fact = first_prints.fact()
    kibana.reset_log()
    again, dummy = run(kibana, connectors=fleet, update_secrets='on_change',
                       fingerprints=Fingerprints(fact, 'http://kibana.test:5601', key))
    assert again['changed'] is False
    assert sorted(kibana.paths()) == ['GET /api/actions/connectors', 'GET /s/team-a/api/actions/connectors']
    kibana.reset_log()
    rotated = [dict(HOOK), dict(SLACK, space_id='team-a', secrets={'webhookUrl': SECRET2 + '-rotated'}), dict(LOG)]
    prints = Fingerprints(fact, 'http://kibana.test:5601', key)
    result, dummy = run(kibana, connectors=rotated, update_secrets='on_change', fingerprints=prints)
    assert actions(result) == [('hook-1', 'default', 'unchanged'), ('slack-1', 'team-a', 'updated'),
                               ('log-1', 'default', 'unchanged')]
    assert kibana.writes() == [('PUT', '/s/team-a/api/actions/connector/slack-1')]
    assert prints.changed and prints.fact() != fact


def test_on_change_without_fingerprints_sends_each_connectors_secrets_once():
    kibana = FakeKibana()
    fleet = [dict(HOOK), dict(SLACK)]
    run(kibana, connectors=fleet, update_secrets='on_change')
    kibana.reset_log()
    again, dummy = run(kibana, connectors=fleet, update_secrets='on_change')
    assert [line['changes'] for line in again['connectors']] == [[
        'secrets are sent once: nothing is remembered of the secrets this connector holds (update_secrets: on_change)']] * 2
    assert sorted(kibana.writes()) == [('PUT', '/api/actions/connector/hook-1'), ('PUT', '/api/actions/connector/slack-1')]


def test_merged_keys_kibana_holds_read_no_version():
    """Keys that exist only from some Kibana version, merged in from what Kibana holds, were accepted already."""
    kibana = FakeKibana()
    kibana.add('hook-1', 'Hook', '.webhook', {'url': 'https://hooks.test/x', 'authType': 'webhook-authentication-basic',
                                              'verificationMode': 'full'})
    item = dict(connector_id='hook-1', config={'method': 'put'}, secrets={'user': 'alert-user', 'password': SECRET})
    result, dummy = run(kibana, state='merged', connectors=[item])
    assert actions(result) == [('hook-1', 'default', 'updated')]
    assert kibana.paths() == ['GET /api/actions/connectors', 'PUT /api/actions/connector/hook-1']
