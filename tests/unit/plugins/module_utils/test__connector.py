# -*- coding: utf-8 -*-
# Copyright (c) kibana.connectors contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Unit tests of the connector comparison, facts, planning and converge (plugins/module_utils/_connector.py).

Converge runs the real KibanaClient against the unit tests' one in-memory Kibana
(tests/unit/plugins/fake_kibana.py), whose defaults table is written
independently of _catalogue.py, so a wrong catalogue entry makes these tests fail.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type  # pylint: disable=invalid-name

import json

import pytest

from ansible_collections.kibana.connectors.plugins.module_utils import _connector as c
from ansible_collections.kibana.connectors.plugins.module_utils import _engine
from ansible_collections.kibana.connectors.plugins.module_utils._connector import ConnectorPlanError, Desired
from ansible_collections.kibana.connectors.plugins.module_utils._errors import KibanaSpaceNotFoundError
from ansible_collections.kibana.connectors.tests.unit.plugins.fake_kibana import KIBANA_DEFAULTS, FakeKibana, boom
from ansible_collections.kibana.connectors.tests.unit.plugins.fake_kibana import client_for as _client_for

SECRET = 'hunter2-very-secret'
SECRET2 = 'https://hooks.slack.example/T000/B000/verysecret'
# The facts a recreate needs: Kibana's connector types (id -> enabled).
RECREATE_FACTS = c.Facts(types={'.index': True, '.server-log': True, '.slack': True})


def client_for(kibana):
    return _client_for(kibana, retries=0)


def desired(**kwargs):
    params = dict(state='present', connector_id=None, name='c', connector_type_id='.index', config={'index': 'i'},
                  secrets=None, update_secrets='always')
    params.update(kwargs)
    return Desired(**params)


def options(**kwargs):
    """How the task applies its connector (update_secrets, recreate, force), given apart as the tests read best."""
    return kwargs


def plan(current_connector, want, opts=None, facts=None):
    return c.plan(current_connector, want.replace(**(opts or {})), facts)


def facts_needed(current_connector, want, opts=None, check_mode=False):
    return c.facts_needed(current_connector, want.replace(**(opts or {})), check_mode)


def current(**kwargs):
    base = dict(id='abc', name='c', connector_type_id='.index',
                config={'index': 'i', 'refresh': False, 'executionTimeField': None},
                is_preconfigured=False, is_deprecated=False, is_missing_secrets=False)
    base.update(kwargs)
    return base


# =========================================================================== compare
class TestCompare:

    def test_defaults_filled_in_match(self):
        assert not c.config_differences('.index', {'index': 'i'}, {'index': 'i', 'refresh': False, 'executionTimeField': None})

    def test_explicit_default_matches(self):
        have = {'index': 'i', 'refresh': False, 'executionTimeField': None}
        assert not c.config_differences('.index', {'index': 'i', 'refresh': False}, have)

    def test_changed_value_differs(self):
        assert c.config_differences('.index', {'index': 'j'}, {'index': 'i', 'refresh': False, 'executionTimeField': None})

    def test_unset_key_at_non_default_value_differs(self):
        # Kibana holds refresh: true; the task does not set it; the update would reset it to false.
        have = {'index': 'i', 'refresh': True, 'executionTimeField': None}
        assert c.config_differences('.index', {'index': 'i'}, have)
        assert c.config_differences('.index', {'index': 'i'}, have) == [
            'config.refresh is not set by the task and goes back to its default']

    def test_unset_key_without_default_is_removed(self):
        have = {'url': 'https://h', 'method': 'post', 'headers': {'X': '1'}, 'hasAuth': True}
        assert c.config_differences('.webhook', {'url': 'https://h'}, have)
        assert c.config_differences('.webhook', {'url': 'https://h'}, have) == [
            'config.headers is not set by the task; the update removes it']

    def test_webhook_defaults(self):
        have = {'url': 'https://h', 'method': 'post', 'headers': None, 'hasAuth': True}
        assert not c.config_differences('.webhook', {'url': 'https://h'}, have)
        # Kibana 9.4 also returns authType; accepted
        have['authType'] = 'webhook-authentication-basic'
        assert not c.config_differences('.webhook', {'url': 'https://h'}, have)

    def test_email_defaults(self):
        have = dict(KIBANA_DEFAULTS['.email'], **{'from': 'a@example.com', 'host': 'smtp', 'port': 25})
        assert not c.config_differences('.email', {'from': 'a@example.com', 'host': 'smtp', 'port': 25}, have)
        assert c.config_differences('.email', {'from': 'a@example.com', 'host': 'smtp', 'port': 26}, have)

    def test_key_set_that_kibana_lacks_differs(self):
        assert c.config_differences('.pagerduty', {'apiUrl': 'https://pd'}, {'apiUrl': None}) == ['config.apiUrl is set']

    def test_unknown_type_compares_only_the_keys_the_task_gives(self):
        assert not c.config_differences('.custom', {'a': 1}, {'a': 1, 'b': None})
        assert not c.config_differences('.custom', {'a': 1, 'b': None}, {'a': 1})
        # b is a default Kibana filled in, or a key removed from the task: the collection cannot tell
        assert not c.config_differences('.custom', {'a': 1}, {'a': 1, 'b': 2})
        assert c.config_differences('.custom', {'a': 1}, {'a': 2}) == ['config.a changes']
        assert c.config_differences('.custom', {'a': 1, 'c': 3}, {'a': 1}) == ['config.c is set']
        assert c.config_differences('.custom', {'a': None}, {'a': 2}) == ['config.a changes']
        assert not c.config_differences('.custom', {'h': {'x': '1', 'y': '2'}}, {'h': {'y': '2', 'x': '1'}, 'z': 0})

    def test_swimlane_nested_mappings_compared_with_their_nulls(self):
        mappings = dict.fromkeys(('ruleNameConfig', 'alertIdConfig', 'caseIdConfig', 'caseNameConfig', 'commentsConfig',
                                  'severityConfig', 'descriptionConfig'))
        have = {'apiUrl': 'u', 'appId': 'a', 'connectorType': 'all', 'mappings': mappings}
        assert not c.config_differences('.swimlane', dict(have, mappings={}), have)
        assert c.config_differences('.swimlane', dict(have, mappings={'alertIdConfig': {'id': 'x'}}), have) == [
            'config.mappings changes']

    def test_version_dependent_defaults_match_every_version(self):
        openai = {'apiProvider': 'OpenAI', 'apiUrl': 'https://api'}
        for model in ('gpt-4', 'gpt-4o', 'gpt-4.1'):
            assert not c.config_differences('.gen-ai', openai, dict(openai, defaultModel=model))
        assert c.config_differences('.gen-ai', openai, dict(openai, defaultModel='o3')) == [
            'config.defaultModel is not set by the task and goes back to its default']
        task = dict(createIncidentUrl='https://t/i', createIncidentJson='{}', createIncidentResponseKey='id',
                    getIncidentUrl='https://t/i/1', getIncidentResponseExternalTitleKey='key', viewIncidentUrl='https://t/v',
                    updateIncidentUrl='https://t/i/1', updateIncidentJson='{}', hasAuth=False)
        at_819 = dict(task, createIncidentMethod='post', getIncidentMethod='get', getIncidentJson=None,
                      updateIncidentMethod='put', createCommentUrl=None, createCommentMethod=None, createCommentJson=None,
                      headers=None)
        at_94 = dict(at_819, createCommentMethod='put', authType='webhook-authentication-basic')
        assert not c.config_differences('.cases-webhook', task, at_819)
        assert not c.config_differences('.cases-webhook', task, at_94)
        assert c.config_differences('.cases-webhook', task, dict(at_94, createCommentMethod='patch')) == [
            'config.createCommentMethod is not set by the task and goes back to its default']

    def test_nested_values_compared_whole(self):
        have = {'url': 'https://h', 'method': 'post', 'headers': {'A': '1', 'B': '2'}, 'hasAuth': True}
        assert not c.config_differences('.webhook', {'url': 'https://h', 'headers': {'B': '2', 'A': '1'}}, have)
        assert c.config_differences('.webhook', {'url': 'https://h', 'headers': {'A': '1'}}, have)

    def test_empty_config_types(self):
        assert not c.config_differences('.server-log', {}, {})
        assert not c.config_differences('.slack', {}, None)


# =========================================================================== plan
class TestPlan:

    def test_create(self):
        p = plan(None, desired(), options())
        assert p.action == 'create' and p.changed
        assert p.after['id'] == c.derived_id('default', 'c')
        assert p.after['config'] == {'index': 'i', 'refresh': False, 'executionTimeField': None}
        assert p.send_secrets == {}
        assert p.diff()['before'] == {}

    def test_create_with_id_predicts_the_id(self):
        p = plan(None, desired(connector_id='my-id'), options())
        assert p.after['id'] == 'my-id'

    def test_create_needs_a_type(self):
        with pytest.raises(ConnectorPlanError, match='connector_type_id is required'):
            plan(None, desired(connector_type_id=None), options())

    def test_noop(self):
        p = plan(current(), desired(), options())
        assert p.action == 'none' and not p.changed
        assert p.diff()['before'] == p.diff()['after']
        assert p.reasons == []

    def test_noop_without_type(self):
        assert plan(current(), desired(connector_type_id=None), options()).action == 'none'

    def test_servicenow_create_predicts_is_deprecated(self):
        # Kibana marks ServiceNow connectors using the Table API deprecated, and usesTableApi defaults to true
        want = desired(connector_type_id='.servicenow', config={'apiUrl': 'https://sn'}, secrets={'username': 'u', 'password': 'p'})
        assert plan(None, want, options()).after['is_deprecated'] is True
        want.config['usesTableApi'] = False
        assert plan(None, want, options()).after['is_deprecated'] is False
        have = current(connector_type_id='.servicenow', is_deprecated=True,
                       config={'apiUrl': 'https://sn', 'usesTableApi': True, 'isOAuth': False, 'userIdentifierValue': None,
                               'clientId': None, 'jwtKeyId': None})
        p = plan(have, want, options())
        assert p.action == 'update' and p.after['is_deprecated'] is False

    @pytest.mark.parametrize('type_id', ['.cases', '.observability-ai-assistant'])
    @pytest.mark.parametrize('have', [None, 'index'])
    def test_system_action_types_are_refused(self, type_id, have):
        with pytest.raises(ConnectorPlanError) as failure:
            plan(current() if have else None, desired(connector_type_id=type_id, config={}, secrets={}),
                 options(recreate=True, force=True), RECREATE_FACTS)
        assert 'system action type built into Kibana' in str(failure.value) and type_id in str(failure.value)
        assert failure.value.changed is False

    def test_system_action_type_absent_is_a_noop(self):
        assert plan(None, desired(state='absent', connector_type_id='.cases'), options()).action == 'none'

    @pytest.mark.parametrize('have, action', [(None, 'create'), ({'a': 1, 'b': 'kibana-default'}, 'none'),
                                              ({'a': 2}, 'update')])
    def test_unknown_type_warns_once_with_the_same_text(self, have, action):
        existing = None if have is None else current(connector_type_id='.future', config=have)
        kibana_knows = c.Facts(types={'.future': True})
        for name in ('one', 'two'):
            p = plan(existing and dict(existing, name=name),
                     desired(name=name, connector_type_id='.future', config={'a': 1}, secrets={}), options(), kibana_knows)
            assert p.action == action
            assert [w for w in p.warnings if 'cannot be detected' in w] == [c.unknown_type_warning('.future')]
        assert c.unknown_type_warning('.future').startswith(
            'a key removed from the task cannot be detected for connector type .future')

    def test_known_types_and_deletes_do_not_warn_about_unknown_types(self):
        assert plan(None, desired(), options()).warnings == []
        gone = current(connector_type_id='.future', config={'a': 1}, referenced_by_count=0)
        assert plan(gone, desired(state='absent', connector_type_id='.future'), options()).warnings == []

    def test_check_mode_warns_about_version_dependent_defaults(self):
        hook = desired(connector_type_id='.webhook', config={'url': 'https://h'}, secrets={})
        warnings = plan(None, hook, options()).check_mode_warnings
        assert len(warnings) == 1 and 'config.authType' in warnings[0] and 'newest Kibana' in warnings[0]
        hook.config['authType'] = 'webhook-authentication-basic'
        assert plan(None, hook, options()).check_mode_warnings == []

    def test_update_name(self):
        p = plan(current(), desired(name='new'), options())
        assert p.action == 'update' and p.reasons == ['name changes']
        assert p.after['name'] == 'new' and p.after['id'] == 'abc'
        assert p.send_secrets == {}

    def test_update_config(self):
        p = plan(current(), desired(config={'index': 'j'}), options())
        assert p.action == 'update' and p.reasons == ['config.index changes']
        assert p.diff() == {'before': {'name': 'c', 'connector_type_id': '.index', 'config': current()['config']},
                            'after': {'name': 'c', 'connector_type_id': '.index',
                                      'config': {'index': 'j', 'refresh': False, 'executionTimeField': None}}}

    def test_update_keeps_referenced_by_count(self):
        p = plan(current(referenced_by_count=3), desired(name='x'), options())
        assert p.after['referenced_by_count'] == 3

    def test_always_sends_secrets_every_run(self):
        webhook = current(connector_type_id='.webhook', config={'url': 'https://h', 'method': 'post', 'headers': None,
                                                                'hasAuth': True})
        want = desired(connector_type_id='.webhook', config={'url': 'https://h'}, secrets={'user': 'u', 'password': SECRET})
        p = plan(webhook, want, options(update_secrets='always'))
        assert p.action == 'update'
        assert p.reasons == ['secrets are sent on every run (update_secrets: always)']
        assert p.send_secrets == {'user': 'u', 'password': SECRET}
        assert p.diff()['after']['secrets'] == {'password': '<hidden; sent>', 'user': '<hidden; sent>'}
        assert SECRET not in json.dumps(p.diff()) and SECRET not in json.dumps(p.after)

    def test_the_secrets_sent_are_the_secrets_validated(self):
        # secretHeaders given as Ansible's key=value text: validated as converted, and sent as converted (Kibana's
        # schema takes only an object); config values are converted too
        want = desired(connector_type_id='.webhook', config={'url': 'https://h', 'hasAuth': 'no'},
                       secrets={'secretHeaders': 'X-Token=%s' % SECRET})
        p = plan(None, want, facts=c.Facts(version='9.3.0', types={'.webhook': True}))
        assert p.action == 'create'
        assert p.send_secrets == {'secretHeaders': {'X-Token': SECRET}}
        assert p.config['hasAuth'] is False

    def test_on_create_leaves_matching_connector_alone(self):
        webhook = current(connector_type_id='.webhook', config={'url': 'https://h', 'method': 'post', 'headers': None,
                                                                'hasAuth': True})
        want = desired(connector_type_id='.webhook', config={'url': 'https://h'}, secrets={'user': 'u', 'password': SECRET})
        assert plan(webhook, want, options(update_secrets='on_create')).action == 'none'

    def test_on_create_secrets_ride_along_with_an_update(self):
        want = desired(connector_type_id='.slack', config={}, secrets={'webhookUrl': SECRET2})
        p = plan(current(connector_type_id='.slack', config={}, name='old'), want, options(update_secrets='on_create'))
        assert p.action == 'update' and p.send_secrets == {'webhookUrl': SECRET2}

    def test_on_create_sends_missing_secrets(self):
        want = desired(connector_type_id='.slack', config={}, secrets={'webhookUrl': SECRET2})
        p = plan(current(connector_type_id='.slack', config={}, is_missing_secrets=True), want,
                 options(update_secrets='on_create'))
        assert p.action == 'update' and p.reasons == ['Kibana reports the connector is missing its secrets']

    def test_missing_secrets_without_secrets_warns(self):
        p = plan(current(connector_type_id='.slack', config={}, is_missing_secrets=True),
                 desired(connector_type_id='.slack', config={}), options())
        assert p.action == 'none' and 'missing its secrets' in p.warnings[0]

    def test_update_without_secrets_refused_for_types_with_secrets(self):
        with pytest.raises(ConnectorPlanError, match='stored secrets would be erased'):
            plan(current(connector_type_id='.slack', config={}, name='old'),
                 desired(connector_type_id='.slack', config={}), options())

    def test_update_with_empty_secrets_allowed(self):
        hook = {'url': 'https://h', 'method': 'post', 'headers': None, 'hasAuth': True}
        p = plan(current(connector_type_id='.webhook', config=hook, name='old'),
                 desired(connector_type_id='.webhook', config={'url': 'https://h'}, secrets={}), options())
        assert p.action == 'update' and p.send_secrets == {}

    def test_update_with_empty_secrets_refused_where_kibana_requires_one(self):
        # Kibana's update validates the secrets it replaces: a Slack connector without its webhookUrl is refused
        with pytest.raises(ConnectorPlanError, match="missing required secrets key 'webhookUrl'"):
            plan(current(connector_type_id='.slack', config={}, name='old'),
                 desired(connector_type_id='.slack', config={}, secrets={}), options())

    def test_empty_secrets_with_always_is_no_reason_to_update(self):
        assert plan(current(), desired(secrets={}), options(update_secrets='always')).action == 'none'

    def test_update_without_secrets_for_types_without_secrets(self):
        p = plan(current(), desired(config={'index': 'j'}), options())
        assert p.action == 'update' and p.send_secrets == {}

    def test_webhook_without_auth_needs_no_secrets(self):
        have = current(connector_type_id='.webhook', config={'url': 'https://h', 'method': 'post', 'headers': None,
                                                             'hasAuth': False})
        p = plan(have, desired(connector_type_id='.webhook', config={'url': 'https://g', 'hasAuth': False}), options())
        assert p.action == 'update' and p.send_secrets == {}

    def test_unknown_type_update_needs_secrets_or_empty(self):
        have = current(connector_type_id='.custom', config={'a': 1})
        with pytest.raises(ConnectorPlanError):
            plan(have, desired(connector_type_id='.custom', config={'a': 2}), options())
        assert plan(have, desired(connector_type_id='.custom', config={'a': 2}, secrets={}), options()).action == 'update'

    def test_type_change_refused(self):
        with pytest.raises(ConnectorPlanError, match="cannot change the type.*recreate: true"):
            plan(current(), desired(connector_type_id='.server-log', config={}), options())

    def test_recreate_keeps_the_id_when_given(self):
        p = plan(current(referenced_by_count=0), desired(connector_id='abc', connector_type_id='.server-log', config={}),
                 options(recreate=True), RECREATE_FACTS)
        assert p.action == 'recreate' and p.after['id'] == 'abc' and p.after['connector_type_id'] == '.server-log'
        assert p.diff()['before']['connector_type_id'] == '.index'
        assert p.diff()['after']['connector_type_id'] == '.server-log'

    def test_recreate_by_name_gets_the_id_derived_from_space_and_name(self):
        p = plan(current(referenced_by_count=0), desired(connector_type_id='.server-log', config={}),
                 options(recreate=True), RECREATE_FACTS)
        assert p.after['id'] == c.derived_id('default', 'c')
        old_kibana = c.Facts(types=RECREATE_FACTS.types, custom_ids=False)
        p = plan(current(referenced_by_count=0), desired(connector_type_id='.server-log', config={}),
                 options(recreate=True), old_kibana)
        assert p.after['id'] is None

    def test_recreate_referenced_refused_then_forced(self):
        have = current(referenced_by_count=2)
        want = desired(connector_id='abc', connector_type_id='.server-log', config={})
        with pytest.raises(ConnectorPlanError, match='referenced_by_count 2'):
            plan(have, want, options(recreate=True))
        assert plan(have, want, options(recreate=True, force=True), RECREATE_FACTS).action == 'recreate'

    def test_recreate_count_unknown_asks_for_it(self):
        want = desired(connector_id='abc', connector_type_id='.server-log', config={})
        assert facts_needed(current(), want, options(recreate=True)) == {'reference_count', 'types', 'space'}
        assert facts_needed(current(), want, options(recreate=True, force=True)) == {'types', 'space'}
        assert facts_needed(current(), want, options()) == set()  # refused: no recreate
        with pytest.raises(ValueError, match='referenced_by_count'):
            plan(current(), want, options(recreate=True), RECREATE_FACTS)
        with pytest.raises(ValueError, match='connector types'):
            plan(current(referenced_by_count=0), want, options(recreate=True))

    def test_recreate_without_secrets_refused_for_types_with_secrets(self):
        with pytest.raises(ConnectorPlanError, match='secrets'):
            plan(current(referenced_by_count=0), desired(connector_type_id='.slack', config={}), options(recreate=True))

    def test_delete(self):
        p = plan(current(referenced_by_count=0), desired(state='absent'), options())
        assert p.action == 'delete' and p.after == {}
        assert p.diff()['after'] == {}

    def test_delete_absent_is_noop(self):
        assert plan(None, desired(state='absent'), options()).action == 'none'

    def test_delete_count_unknown(self):
        assert facts_needed(current(), desired(state='absent'), options()) == {'reference_count'}
        assert facts_needed(current(), desired(state='absent'), options(force=True)) == set()
        assert facts_needed(current(referenced_by_count=0), desired(state='absent'), options()) == set()

    def test_facts_for_create_and_noop(self):
        assert facts_needed(None, desired(), options()) == {'space', 'version'}  # version: the derived id
        assert facts_needed(None, desired(connector_id='x'), options()) == {'space'}
        assert facts_needed(None, desired(connector_type_id=None), options()) == set()  # refused: no type
        assert facts_needed(None, desired(state='absent'), options()) == set()
        assert facts_needed(current(), desired(config={'index': 'j'}), options()) == set()
        assert facts_needed(dict(current(), is_preconfigured=True), desired(state='absent'), options()) == set()

    def test_space_facts_decide_create(self):
        with pytest.raises(KibanaSpaceNotFoundError, match="Space 'team-x' does not exist"):
            plan(None, desired(), options(), c.Facts('team-x', space_exists=False))
        p = plan(None, desired(), options(), c.Facts('team-x', space_exists=None))
        assert p.action == 'create' and "Could not verify that space 'team-x'" in p.warnings[0]
        # an update does not need the space: the stored connector proves it
        assert plan(current(), desired(config={'index': 'j'}), options(), c.Facts('team-x', space_exists=False)).changed

    def test_delete_referenced_refused_then_forced(self):
        with pytest.raises(ConnectorPlanError, match='referenced_by_count 1.*force: true'):
            plan(current(referenced_by_count=1), desired(state='absent'), options())
        assert plan(current(referenced_by_count=1), desired(state='absent'), options(force=True)).action == 'delete'

    def test_preconfigured_same_name_and_type_is_ok(self):
        pre = dict(id='pre', name='c', connector_type_id='.index', is_preconfigured=True, is_deprecated=False)
        p = plan(pre, desired(), options())
        assert p.action == 'none'
        assert 'kibana.yml' in p.warnings[0]
        assert plan(pre, desired(config={}), options()).warnings == []

    @pytest.mark.parametrize('want', [dict(name='other'), dict(connector_type_id='.webhook'), dict(state='absent')])
    def test_preconfigured_anything_else_refused(self, want):
        pre = dict(id='pre', name='c', connector_type_id='.index', is_preconfigured=True, is_deprecated=False)
        with pytest.raises(ConnectorPlanError, match='kibana.yml.*kibana.connectors.kibana_config'):
            plan(pre, desired(**want), options(recreate=True, force=True))

    def test_plan_rejects_unknown_actions(self):
        with pytest.raises(ValueError):
            c.Plan('merge', None, desired())


class TestShapes:

    def test_connector_result_shape(self):
        result = c.connector_result(dict(id='a', name='n', connector_type_id='.slack', config=None, secrets={'x': SECRET},
                                         is_system_action=False))
        assert result == dict(id='a', name='n', connector_type_id='.slack', config={}, is_preconfigured=False,
                              is_deprecated=False, is_missing_secrets=False)
        assert c.connector_result(dict(id='a', referenced_by_count=2))['referenced_by_count'] == 2
        assert c.connector_result(dict(id='a'), 5)['referenced_by_count'] == 5
        assert c.connector_result(None) == {}

    def test_diff_create_and_delete(self):
        after = dict(name='n', connector_type_id='.slack', config={})
        assert c.diff({}, after, ['webhookUrl']) == {
            'before': {}, 'after': dict(after, secrets={'webhookUrl': '<hidden; sent>'})}
        assert c.diff(after, {}, ['webhookUrl']) == {'before': after, 'after': {}}

    def test_label(self):
        assert Desired(connector_id='x', name='n').label == "connector 'x' ('n')"
        assert Desired(connector_id='x').label == "connector 'x'"
        assert Desired(name='n').label == "connector named 'n'"


# =========================================================================== with a (fake) Kibana
class Outcome:
    """What kibana_connector returns from the engine's entry for its one connector."""

    def __init__(self, entry, warnings):
        self.changed = entry.changed
        self.connector = entry.connector
        self.diff = entry.plan.diff(entry.connector)
        self.reasons = list(entry.plan.reasons) if entry.changed else []
        self.warnings = warnings


def run(kibana, check_mode=False, space='default', opts=None, **want):
    """The engine's converge of one connector; the outcome, with the warnings the run gathered."""
    warnings = []
    entry = _engine.converge(client_for(kibana), desired(**want).replace(**(opts or {})), space, check_mode, warnings)
    return Outcome(entry, warnings)


class TestConverge:

    def test_create_then_noop_by_name(self):
        kibana = FakeKibana()
        first = run(kibana)
        assert first.changed and kibana.calls == [('GET', '/api/actions/connectors'), ('GET', '/api/status'),
                                                  ('POST', '/api/actions/connector/' + c.derived_id('default', 'c'))]
        assert first.connector['config'] == {'index': 'i', 'refresh': False, 'executionTimeField': None}
        kibana.reset_log()
        second = run(kibana)
        assert not second.changed and kibana.calls == [('GET', '/api/actions/connectors')]
        assert second.connector['referenced_by_count'] == 0

    def test_create_then_noop_by_id(self):
        kibana = FakeKibana()
        first = run(kibana, connector_id='my-id')
        assert first.connector['id'] == 'my-id'
        assert kibana.calls == [('GET', '/api/actions/connector/my-id'), ('POST', '/api/actions/connector/my-id')]
        kibana.reset_log()
        assert not run(kibana, connector_id='my-id').changed
        assert kibana.calls == [('GET', '/api/actions/connector/my-id')]

    def test_check_mode_create_writes_nothing_and_predicts(self):
        kibana = FakeKibana()
        predicted = run(kibana, check_mode=True)
        assert predicted.changed and kibana.writes() == [] and not kibana.store
        real = run(kibana)
        assert predicted.diff == real.diff
        assert predicted.connector == real.connector  # the id too: derived from the space and the name

    def test_check_mode_update_same_as_real(self):
        kibana = FakeKibana()
        kibana.add('x', name='c', config={'index': 'i', 'refresh': True})
        predicted = run(kibana, check_mode=True, connector_id='x')
        assert kibana.writes() == [] and kibana.store['x']['config']['refresh'] is True
        real = run(kibana, connector_id='x')
        assert predicted.changed and real.changed
        assert predicted.diff == real.diff and predicted.connector == real.connector
        assert kibana.writes() == [('PUT', '/api/actions/connector/x')]

    def test_update_is_one_put_after_the_lookup(self):
        kibana = FakeKibana()
        kibana.add('x', name='c', config={'index': 'old'})
        run(kibana, connector_id='x')
        assert kibana.calls == [('GET', '/api/actions/connector/x'), ('PUT', '/api/actions/connector/x')]
        assert kibana.bodies[1] == {'name': 'c', 'config': {'index': 'i'}, 'secrets': {}}

    def test_create_in_named_space_checks_the_space_once(self):
        kibana = FakeKibana()
        run(kibana, space='team-a', connector_id='a1')
        assert kibana.calls == [('GET', '/s/team-a/api/actions/connector/a1'), ('GET', '/api/spaces/space/team-a'),
                                ('POST', '/s/team-a/api/actions/connector/a1')]

    def test_create_by_name_in_proven_space_needs_no_space_request(self):
        kibana = FakeKibana()
        kibana.add('other', name='other', space='team-a')
        run(kibana, space='team-a', name='new')
        assert kibana.calls == [('GET', '/s/team-a/api/actions/connectors'), ('GET', '/api/status'),
                                ('POST', '/s/team-a/api/actions/connector/' + c.derived_id('team-a', 'new'))]

    @pytest.mark.parametrize('check_mode', [False, True])
    def test_missing_space_fails_before_any_write(self, check_mode):
        kibana = FakeKibana()
        with pytest.raises(KibanaSpaceNotFoundError, match="Space 'nope' does not exist"):
            run(kibana, space='nope', check_mode=check_mode)
        assert kibana.writes() == []

    def test_spaces_api_forbidden_warns_and_goes_on(self):
        kibana = FakeKibana(spaces_forbidden=True)
        outcome = run(kibana, space='team-a')
        assert outcome.changed and len(kibana.writes()) == 1
        assert any("Could not verify that space 'team-a'" in w for w in outcome.warnings)

    def test_noop_in_named_space_sends_no_space_request(self):
        kibana = FakeKibana()
        kibana.add('a1', name='c', space='team-a', config={'index': 'i'})
        assert not run(kibana, space='team-a', connector_id='a1').changed
        assert kibana.calls == [('GET', '/s/team-a/api/actions/connector/a1')]

    def test_delete_by_id_finds_it_and_its_count_in_the_list_then_deletes(self):
        kibana = FakeKibana()
        kibana.add('x', name='c')
        kibana.add('other', name='d')
        outcome = run(kibana, state='absent', connector_id='x')
        assert outcome.changed and outcome.connector == {}
        assert kibana.calls == [('GET', '/api/actions/connectors'), ('DELETE', '/api/actions/connector/x')]
        assert sorted(kibana.store) == ['other']
        kibana.reset_log()
        assert not run(kibana, state='absent', connector_id='x').changed
        assert kibana.calls == [('GET', '/api/actions/connectors')]

    def test_delete_by_id_of_a_preconfigured_connector_is_refused_from_the_list(self):
        kibana = FakeKibana()
        kibana.add('pre', name='p', type_id='.slack', preconfigured=True)
        with pytest.raises(ConnectorPlanError, match='cannot be deleted'):
            run(kibana, state='absent', connector_id='pre')
        assert kibana.calls == [('GET', '/api/actions/connectors')]

    def test_forced_delete_by_id_skips_the_count(self):
        kibana = FakeKibana()
        kibana.add('x', name='c', refs=4)
        assert run(kibana, state='absent', connector_id='x', opts=options(force=True)).changed
        assert kibana.calls == [('GET', '/api/actions/connector/x'), ('DELETE', '/api/actions/connector/x')]

    def test_referenced_delete_refused(self):
        kibana = FakeKibana()
        kibana.add('x', name='c', refs=4)
        with pytest.raises(ConnectorPlanError, match='referenced_by_count 4'):
            run(kibana, state='absent', connector_id='x')
        assert kibana.writes() == [] and 'x' in kibana.store

    def test_recreate_keeps_id(self):
        kibana = FakeKibana()
        kibana.add('x', name='c')
        outcome = run(kibana, connector_id='x', connector_type_id='.server-log', config={}, opts=options(recreate=True))
        assert outcome.connector['id'] == 'x' and outcome.connector['connector_type_id'] == '.server-log'
        assert kibana.writes() == [('DELETE', '/api/actions/connector/x'), ('POST', '/api/actions/connector/x')]
        assert kibana.store['x']['connector_type_id'] == '.server-log'

    def test_recreate_to_unknown_type_deletes_nothing(self):
        kibana = FakeKibana()
        kibana.add('x', name='c')
        with pytest.raises(ConnectorPlanError, match="does not know connector type '.nope'; nothing was deleted"):
            run(kibana, connector_id='x', connector_type_id='.nope', config={}, secrets={}, opts=options(recreate=True))
        assert kibana.writes() == []

    def test_recreate_to_disabled_type_deletes_nothing(self):
        kibana = FakeKibana()
        kibana.types['.server-log']['enabled'] = False
        kibana.add('x', name='c')
        with pytest.raises(ConnectorPlanError, match='not enabled'):
            run(kibana, connector_id='x', connector_type_id='.server-log', config={}, opts=options(recreate=True))
        assert kibana.writes() == []

    def test_recreate_with_invalid_config_deletes_nothing(self):
        kibana = FakeKibana()
        kibana.add('x', name='c', type_id='.server-log', config={})
        with pytest.raises(ConnectorPlanError, match="missing required config key 'index'.*nothing was deleted"):
            run(kibana, connector_id='x', connector_type_id='.index', config={}, opts=options(recreate=True))
        assert kibana.writes() == []

    def test_recreate_whose_create_fails_says_so(self):
        kibana = FakeKibana()
        kibana.add('x', name='c')
        kibana.add('y', name='d')

        real_request = kibana.request

        def refuse_post(method, url, **kwargs):
            if method == 'POST':
                kibana.calls.append((method, url))
                return boom(400, 'Kibana said no')
            return real_request(method, url, **kwargs)

        kibana.request = refuse_post
        with pytest.raises(ConnectorPlanError, match="deleted connector 'x'.*gone now.*Kibana said no") as info:
            run(kibana, connector_id='x', connector_type_id='.server-log', config={}, opts=options(recreate=True))
        assert info.value.changed is True and info.value.status == 400

    def test_conflict_on_create_explains_ids_are_global(self):
        kibana = FakeKibana()
        kibana.add('taken', name='c', space='team-a')
        with pytest.raises(ConnectorPlanError, match='unique across all spaces') as info:
            run(kibana, connector_id='taken')
        assert info.value.status == 409

    @pytest.mark.parametrize('check_mode', [False, True])
    def test_unknown_type_fails_before_any_write_with_the_closest_types(self, check_mode):
        kibana = FakeKibana()
        with pytest.raises(ConnectorPlanError) as failure:
            run(kibana, check_mode=check_mode, connector_type_id='.slak', config={}, secrets={})
        assert str(failure.value) == "Kibana does not know connector type '.slak' (did you mean '.slack'?)"
        assert kibana.calls == [('GET', '/api/actions/connectors'), ('GET', '/api/actions/connector_types'),
                                ('GET', '/api/status')]
        with pytest.raises(ConnectorPlanError, match=r"^Kibana does not know connector type '\.nope'$"):
            run(kibana, check_mode=check_mode, connector_type_id='.nope', config={}, secrets={})

    @pytest.mark.parametrize('check_mode', [False, True])
    def test_what_kibana_would_refuse_fails_before_any_write_in_both_modes(self, check_mode):
        kibana = FakeKibana()
        with pytest.raises(ConnectorPlanError, match="^missing required secrets key 'webhookUrl'$"):
            run(kibana, check_mode=check_mode, connector_type_id='.slack', config={})
        with pytest.raises(ConnectorPlanError, match='^config.refresh: expected a boolean, got "sometimes"$'):
            run(kibana, check_mode=check_mode, config={'index': 'i', 'refresh': 'sometimes'})
        assert kibana.writes() == []

    def test_secrets_never_in_outcome(self):
        kibana = FakeKibana()
        outcome = run(kibana, connector_type_id='.slack', config={}, secrets={'webhookUrl': SECRET2})
        again = run(kibana, connector_type_id='.slack', config={}, secrets={'webhookUrl': SECRET2})
        assert again.changed  # update_secrets: always
        for result in (outcome, again):
            text = json.dumps([result.connector, result.diff, result.warnings, result.reasons])
            assert SECRET2 not in text
        assert kibana.store[outcome.connector['id']]['secrets'] == {'webhookUrl': SECRET2}


# =========================================================================== Kibana 9.4-9.6: ids, auth_mode, deprecations
class TestKibanaToday:

    def test_ids_are_checked_as_kibana_9_4_checks_them(self):
        bad = desired(connector_id='Ops_Slack')
        assert facts_needed(None, bad) == {'space', 'version'}
        with pytest.raises(ConnectorPlanError) as failure:
            plan(None, bad, facts=c.Facts(version='9.4.0'))
        assert str(failure.value) == ("Kibana 9.4.0 refuses the connector id 'Ops_Slack': Connector ID must contain only "
                                      "lowercase letters, numbers, and hyphens.")
        assert plan(None, bad, facts=c.Facts(version='9.3.0')).action == 'create'  # any string before 9.4
        assert plan(None, bad).action == 'create'  # version unknown: only what is certain is refused
        long_id = desired(connector_id='x' * 37)
        with pytest.raises(ConnectorPlanError, match='36 characters or less'):
            plan(None, long_id, facts=c.Facts(version='9.6.0'))
        assert facts_needed(None, desired(connector_id='ops-slack')) == {'space'}  # fine in every version: no read

    def test_auth_mode_shared_is_compared_personal_refused(self):
        shared = current(auth_mode='shared')
        assert plan(shared, desired(auth_mode='shared')).action == 'none'
        with pytest.raises(ConnectorPlanError, match="has auth_mode personal; Kibana's connectors API cannot change it"):
            plan(current(auth_mode='personal'), desired(auth_mode='shared'))
        with pytest.raises(ConnectorPlanError, match='auth_mode personal cannot be set'):
            plan(None, desired(auth_mode='personal'))
        with pytest.raises(ConnectorPlanError, match='auth_mode needs Kibana 9.4 or later'):
            plan(current(), desired(auth_mode='shared'))  # an answer without auth_mode: Kibana before 9.4
        with pytest.raises(ConnectorPlanError, match=r'auth_mode needs Kibana 9.4 or later \(this is Kibana 8.19.0\)'):
            plan(None, desired(auth_mode='shared'), facts=c.Facts(version='8.19.0'))
        assert plan(None, desired(auth_mode='shared'), facts=c.Facts(version='9.4.0')).action == 'create'
        assert plan(current(), desired()).action == 'none'  # not given: not compared

    def test_a_type_kibana_deprecates_warns_with_its_advice(self):
        gen_ai = {'apiProvider': 'OpenAI', 'apiUrl': 'https://api.openai.com/v1/chat/completions'}
        want = desired(connector_type_id='.gen-ai', config=gen_ai, secrets={'apiKey': SECRET})
        assert 'version' in facts_needed(None, want)
        warnings = plan(None, want, facts=c.Facts(version='9.5.0')).warnings
        assert warnings == ['connector type .gen-ai is deprecated in this Kibana: Use Elasticsearch inference endpoints '
                            'to connect to large language models instead.']
        assert plan(None, want, facts=c.Facts(version='9.4.0')).warnings == []
        held = current(connector_type_id='.gen-ai', config=dict(gen_ai, defaultModel='gpt-4.1'),
                       is_connector_type_deprecated=True)
        assert plan(held, want.replace(update_secrets='on_create')).warnings == warnings  # Kibana's answer says it
