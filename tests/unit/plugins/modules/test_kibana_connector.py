# -*- coding: utf-8 -*-
# Copyright (c) kibana.connectors contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Unit tests of the kibana_connector module: main() against the in-memory Kibana of test__connector."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type  # pylint: disable=invalid-name

import json

import pytest

from ansible_collections.kibana.connectors.plugins.module_utils import _kibana_module
from ansible_collections.kibana.connectors.plugins.module_utils._connector import derived_id
from ansible_collections.kibana.connectors.plugins.modules import kibana_connector
from ansible_collections.kibana.connectors.tests.unit.plugins.fake_kibana import FakeKibana, boom
from ansible_collections.kibana.connectors.tests.unit.plugins.module_utils.test__connector import SECRET, SECRET2

URL = 'http://kibana.test:5601'
PASSWORD = 'changeme-not-echoed'
NO_LOG_MARKS = ('********', 'VALUE_SPECIFIED_IN_NO_LOG_PARAMETER')
WEBHOOK = dict(name='Ops webhook', connector_type_id='.webhook', config={'url': 'https://hooks.test/x'},
               secrets={'user': 'alerting', 'password': SECRET})


def warnings(result):
    """The warning texts of a result (plain strings before ansible-core 2.19, summaries since)."""
    return [w if isinstance(w, str) else w['event']['msg'] for w in result.get('warnings', [])]


@pytest.fixture
def kibana(monkeypatch):
    fake = FakeKibana()
    real = _kibana_module.client_from_params
    monkeypatch.setattr(_kibana_module, 'client_from_params', lambda params, **kw: real(params, session=fake, retries=0, **kw))
    return fake


@pytest.fixture
def connector(kibana, run_module):
    """``connector(check_mode=False, diff=True, **args)``: run kibana_connector; the result, checked for secrets."""

    def _run(check_mode=False, diff=True, **args):
        module_args = dict(url=URL, username='elastic', password=PASSWORD, _ansible_check_mode=check_mode,
                           _ansible_diff=diff)
        module_args.update(args)
        result, out = run_module(kibana_connector.main, module_args)
        # No secret anywhere: not in the result, the diff, the warnings or the message. Ansible would mask a
        # leak, so its masks must not appear either (except in the echo of the masked arguments).
        for forbidden in (SECRET, SECRET2, PASSWORD):
            assert forbidden not in out, forbidden
        text = json.dumps(dict((k, v) for k, v in result.items() if k != 'invocation'))
        for forbidden in NO_LOG_MARKS:
            assert forbidden not in text, forbidden
        return result

    return _run


def test_check_mode_create_sends_no_write_and_predicts(kibana, connector):
    result = connector(check_mode=True, **WEBHOOK)
    assert result['changed'] is True and 'failed' not in result
    assert kibana.writes() == [] and not kibana.store
    # the prediction follows the Kibana version (8.19: no authType), read once from /api/status
    # the id is the one derived from the space and the name (issue 26): check mode predicts it
    assert result['connector'] == {'id': derived_id('default', 'Ops webhook'), 'name': 'Ops webhook', 'connector_type_id': '.webhook',
                                   'config': {'url': 'https://hooks.test/x', 'method': 'post', 'headers': None,
                                              'hasAuth': True},
                                   'is_preconfigured': False, 'is_deprecated': False, 'is_missing_secrets': False}
    assert kibana.paths().count('GET /api/status') == 1 and warnings(result) == []
    assert result['diff'] == {'before': {}, 'after': {
        'name': 'Ops webhook', 'connector_type_id': '.webhook', 'config': result['connector']['config'],
        'secrets': {'password': '<hidden; sent>', 'user': '<hidden; sent>'}}}


@pytest.mark.parametrize('version, auth_type', [('9.4.0', 'webhook-authentication-basic'), (None, 'webhook-authentication-basic')])
def test_check_mode_create_follows_the_version_or_says_it_cannot(kibana, connector, version, auth_type):
    kibana.version = version  # None: the user may not read /api/status (403)
    result = connector(check_mode=True, **WEBHOOK)
    assert result['connector']['config']['authType'] == auth_type
    cannot = [w for w in warnings(result) if 'config.authType' in w and 'does not know the Kibana version' in w]
    assert bool(cannot) is (version is None)


def test_real_create_diff_shows_what_kibana_stored(kibana, connector):
    kibana.version = '9.4.0'  # says 9.4, but stores as the fake's 8.x table: the diff shows what was stored
    result = connector(**WEBHOOK)
    assert 'authType' not in result['diff']['after']['config']
    # the version is read for the id only (a create by name), once
    assert kibana.paths() == ['GET /api/actions/connectors', 'GET /api/status',
                              'POST /api/actions/connector/' + derived_id('default', 'Ops webhook')]


def test_create_then_rerun_on_create_is_unchanged(kibana, connector):
    created = connector(update_secrets='on_create', **WEBHOOK)
    assert created['changed'] is True and created['connector']['id']
    assert kibana.store[created['connector']['id']]['secrets'] == WEBHOOK['secrets']
    again = connector(update_secrets='on_create', **WEBHOOK)
    assert again['changed'] is False and again['changes'] == []
    assert again['diff']['before'] == again['diff']['after']
    assert kibana.writes() == [('POST', '/api/actions/connector/' + derived_id('default', 'Ops webhook'))]


def test_always_reports_changed_and_sends_secrets(kibana, connector):
    connector(update_secrets='always', **WEBHOOK)
    again = connector(update_secrets='always', **WEBHOOK)
    assert again['changed'] is True
    assert again['changes'] == ['secrets are sent on every run (update_secrets: always)']
    assert again['diff']['after']['secrets'] == {'password': '<hidden; sent>', 'user': '<hidden; sent>'}
    assert kibana.writes()[-1][0] == 'PUT' and kibana.bodies[-1]['secrets'] == WEBHOOK['secrets']


def test_check_mode_update_matches_real_run(kibana, connector):
    kibana.add('idx', name='Docs', config={'index': 'docs', 'refresh': True})
    args = dict(connector_id='idx', name='Docs', connector_type_id='.index', config={'index': 'docs'})
    predicted = connector(check_mode=True, **args)
    assert kibana.writes() == []
    real = connector(**args)
    for key in ('changed', 'connector', 'diff', 'changes'):
        assert predicted[key] == real[key], key
    assert real['changes'] == ['config.refresh is not set by the task and goes back to its default']
    assert real['diff']['before']['config']['refresh'] is True and real['diff']['after']['config']['refresh'] is False


def test_no_diff_key_without_diff_mode(connector):
    assert 'diff' not in connector(diff=False, name='Log', connector_type_id='.server-log')


def test_delete_diff_and_result(kibana, connector):
    kibana.add('log', name='Log', type_id='.server-log', config={})
    result = connector(state='absent', connector_id='log')
    assert result['changed'] is True and result['connector'] == {}
    assert result['diff'] == {'before': {'name': 'Log', 'connector_type_id': '.server-log', 'config': {}}, 'after': {}}
    assert connector(state='absent', connector_id='log')['changed'] is False


def test_kibana_refusal_fails_with_its_message_name_and_space(kibana, connector):
    kibana.types['.future'] = dict(kibana.types['.index'], id='.future')  # Kibana knows it, the catalogue does not
    real = kibana.request
    kibana.request = lambda method, url, **kw: (boom(400, 'error validating connector type config: nope') if method == 'POST'
                                                else real(method, url, **kw))
    result = connector(name='Bad', connector_type_id='.future', space_id='team-a', config={'a': 1}, secrets={})
    assert result['failed'] is True and result['changed'] is False
    assert 'error validating connector type config: nope' in result['msg']
    assert "connector named 'Bad'" in result['msg'] and "'team-a'" in result['msg']
    assert result['status'] == 400


@pytest.mark.parametrize('check_mode', [False, True])
def test_a_mistyped_type_fails_before_any_write_with_the_closest_type(kibana, connector, check_mode):
    result = connector(check_mode=check_mode, name='Bad', connector_type_id='.slak', space_id='team-a', secrets={})
    assert result['failed'] is True and result['changed'] is False
    assert "Kibana does not know connector type '.slak' (did you mean '.slack'?)" in result['msg']
    assert "connector named 'Bad'" in result['msg'] and "'team-a'" in result['msg']
    assert not [w for w in warnings(result) if 'cannot be detected' in w]  # no key-removal warning for it
    assert kibana.writes() == []


def test_update_without_secrets_fails_before_sending(kibana, connector):
    kibana.add('s', name='Old', type_id='.slack', config={}, secrets={'webhookUrl': SECRET2})
    result = connector(connector_id='s', name='New', connector_type_id='.slack')
    assert result['failed'] is True and 'stored secrets would be erased' in result['msg']
    assert kibana.writes() == []


def test_missing_space_fails_in_check_mode(kibana, connector):
    result = connector(check_mode=True, name='Log', connector_type_id='.server-log', space_id='nope')
    assert result['failed'] is True and "Space 'nope' does not exist" in result['msg']
    assert kibana.writes() == []


def test_space_not_verifiable_warns(kibana, connector):
    kibana.spaces_forbidden = True
    result = connector(name='Log', connector_type_id='.server-log', space_id='team-a')
    assert result['changed'] is True
    assert any("Could not verify that space 'team-a'" in w for w in warnings(result))


def test_warnings_carry_no_secret(kibana, connector):
    kibana.add('pre', name='Pre', type_id='.slack', preconfigured=True)
    result = connector(connector_id='pre', name='Pre', connector_type_id='.slack', secrets={'webhookUrl': SECRET2})
    assert result['changed'] is False and 'kibana.yml' in warnings(result)[0]


def test_preconfigured_delete_refused(kibana, connector):
    kibana.add('pre', name='Pre', type_id='.slack', preconfigured=True)
    result = connector(state='absent', connector_id='pre')
    assert result['failed'] is True and 'kibana.connectors.kibana_config' in result['msg']
    assert kibana.writes() == []


@pytest.mark.parametrize('args, text', [
    (dict(connector_type_id='.index'), 'name'),
    (dict(state='absent'), 'connector_id, name'),
])
def test_required_options(connector, args, text):
    result = connector(**args)
    assert result['failed'] is True and text in result['msg']


def test_aliases(kibana, connector):
    result = connector(id='by-alias', name='Log', type='.server-log')
    assert result['connector']['id'] == 'by-alias' and result['connector']['connector_type_id'] == '.server-log'


def test_a_user_name_in_the_secrets_leaves_ids_names_and_urls_intact(kibana, run_module):
    """Ansible's no_log would mask every 'pager' of the result: the id, the name and the URL came back corrupted."""
    args = dict(url=URL, username='elastic', password=PASSWORD, connector_id='ops-pager-webhook', name='pager hook',
                connector_type_id='.webhook', config={'url': 'https://pager.example.com/pager'},
                secrets={'user': 'pager', 'password': SECRET})
    result, out = run_module(kibana_connector.main, dict(args, _ansible_diff=True))
    assert result['connector']['id'] == 'ops-pager-webhook' and result['connector']['name'] == 'pager hook'
    assert result['connector']['config']['url'] == 'https://pager.example.com/pager'
    assert result['diff']['after']['config']['url'] == 'https://pager.example.com/pager'
    assert SECRET not in out and PASSWORD not in out
    # the invocation echoes every secrets value masked, the user name too (ansible-core 2.21 returns no invocation)
    if 'invocation' in result:
        assert result['invocation']['module_args']['secrets'] == {'user': NO_LOG_MARKS[1], 'password': NO_LOG_MARKS[1]}


def test_a_user_name_in_the_secrets_leaves_kibanas_error_text_intact(kibana, run_module):
    """The client masks the secrets in Kibana's answers, but not a user name: a user 'e' would mask every 'e'."""
    del kibana.types['.webhook']
    args = dict(url=URL, username='elastic', password=PASSWORD, connector_id='hook-e', name='Hook e',
                connector_type_id='.webhook', config={'url': 'https://hooks.test/e'}, secrets={'user': 'e', 'password': SECRET})
    result, out = run_module(kibana_connector.main, args)
    assert result['failed'] is True
    assert result['msg'].endswith('returned 400: Action type ".webhook" is not registered.')
    assert SECRET not in out and PASSWORD not in out


def test_a_credential_is_masked_wherever_it_appears(kibana, run_module):
    """As Ansible's scrubbing would: a password repeated in the config (a URL that carries it) is masked there too."""
    args = dict(url=URL, username='elastic', password=PASSWORD, connector_id='hook-2', name='Hook two',
                connector_type_id='.webhook', config={'url': 'https://hooks.test/x?token=%s' % SECRET},
                secrets={'user': 'alerting', 'password': SECRET})
    result, out = run_module(kibana_connector.main, dict(args, _ansible_diff=True))
    assert SECRET not in out and result['changed'] is True
    assert result['connector']['config']['url'] == 'https://hooks.test/x?token=********'
    assert kibana.store['hook-2']['config']['url'] == 'https://hooks.test/x?token=%s' % SECRET  # sent as given


def unkeyed_digests(*secrets):
    """Every plain digest of the secrets (and of their JSON forms) someone could test a guess against."""
    import hashlib
    texts = []
    for secret in secrets:
        texts += [secret, json.dumps(secret), json.dumps({'password': secret})]
    return [getattr(hashlib, name)(text.encode()).hexdigest() for text in texts
            for name in ('md5', 'sha1', 'sha256', 'sha512')]


def test_on_change_is_the_default_sends_secrets_once_and_remembers_them(kibana, connector):
    created = connector(**WEBHOOK)
    fact = created['ansible_facts']['kibana_connectors_fingerprints']
    assert list(fact) == [URL.lower()] and list(fact[URL.lower()]) == ['default/' + created['connector']['id']]
    # with what the host's facts remember (the action plugin passes them), the next run writes nothing
    kibana.reset_log()
    again = connector(fingerprints=fact, **WEBHOOK)
    assert again['changed'] is False and again['changes'] == [] and kibana.writes() == []
    assert 'ansible_facts' not in again  # nothing new to remember
    # a rotated password: exactly one PUT, and the new fingerprint
    rotated = dict(WEBHOOK, secrets=dict(WEBHOOK['secrets'], password=SECRET2))
    changed = connector(fingerprints=fact, **rotated)
    assert changed['changed'] is True
    assert changed['changes'] == ['secrets differ from those this collection last sent (update_secrets: on_change)']
    assert kibana.writes() == [('PUT', '/api/actions/connector/' + created['connector']['id'])]
    assert kibana.store[created['connector']['id']]['secrets'] == rotated['secrets']
    new_fact = changed['ansible_facts']['kibana_connectors_fingerprints']
    assert new_fact != fact
    kibana.reset_log()
    assert connector(fingerprints=new_fact, **rotated)['changed'] is False and kibana.writes() == []
    # never a secret, nor a digest anyone could test a guessed secret against
    text = json.dumps([fact, new_fact])
    for forbidden in [SECRET, SECRET2, 'alerting'] + unkeyed_digests(SECRET, SECRET2):
        assert forbidden not in text


def test_on_change_sends_the_secrets_of_a_connector_it_knows_nothing_of_once(kibana, connector):
    kibana.add('hand-made', name='Ops webhook', type_id='.webhook',
               config={'url': 'https://hooks.test/x', 'method': 'post', 'headers': None, 'hasAuth': True})
    first = connector(connector_id='hand-made', **WEBHOOK)
    assert first['changed'] is True and first['changes'] == [
        'secrets are sent once: nothing is remembered of the secrets this connector holds (update_secrets: on_change)']
    second = connector(connector_id='hand-made', fingerprints=first['ansible_facts']['kibana_connectors_fingerprints'],
                       **WEBHOOK)
    assert second['changed'] is False


def test_check_mode_predicts_the_secrets_write_and_records_nothing(kibana, connector):
    created = connector(**WEBHOOK)
    fact = created['ansible_facts']['kibana_connectors_fingerprints']
    kibana.reset_log()
    rotated = dict(WEBHOOK, secrets=dict(WEBHOOK['secrets'], password=SECRET2))
    predicted = connector(check_mode=True, fingerprints=fact, **rotated)
    assert predicted['changed'] is True and 'ansible_facts' not in predicted and kibana.writes() == []
    assert connector(check_mode=True, fingerprints=fact, **WEBHOOK)['changed'] is False


def test_the_fingerprint_key_decides_and_a_new_credential_sends_once(kibana, connector):
    created = connector(fingerprint_key='vaulted-fingerprint-key', **WEBHOOK)
    fact = created['ansible_facts']['kibana_connectors_fingerprints']
    assert connector(fingerprint_key='vaulted-fingerprint-key', fingerprints=fact, **WEBHOOK)['changed'] is False
    # another key (or, without fingerprint_key, another Kibana credential): nothing is known, the secrets go once
    assert connector(fingerprint_key='another-key', fingerprints=fact, **WEBHOOK)['changed'] is True
