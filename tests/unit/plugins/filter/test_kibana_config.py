# -*- coding: utf-8 -*-
# Copyright (c) kibana.connectors contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Unit tests of the kibana_config role's filters (plugins/filter/kibana_config.py)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type  # pylint: disable=invalid-name

import copy

import pytest
import yaml

from ansible.errors import AnsibleFilterError
from ansible.utils.unsafe_proxy import wrap_var

from ansible_collections.kibana.connectors.plugins.filter import kibana_config as kc

SLACK_SECRET = 'https://hooks.slack.com/services/T0/B0/unit-secret-0001'
HOOK_PASSWORD = 'unit-password-0002'
SLACK = {'id': 'my-slack', 'name': 'Ops Slack', 'connector_type_id': '.slack', 'secrets': {'webhookUrl': SLACK_SECRET}}
INDEX = {'id': 'alerts', 'name': 'Alerts', 'connector_type_id': '.index', 'config': {'index': 'alerts-history'}}
HOOK = {'id': 'hook', 'name': 'Hook', 'connector_type_id': '.webhook', 'config': {'url': 'https://h.example.com'},
        'secrets': {'user': 'ops', 'password': HOOK_PASSWORD}}

# Kibana's own keystore test vectors (src/cli/keystore/lib/keystore.test.ts): both hold {'a1.b2.c3': 'foo', 'a2': 'bar'}.
KIBANA_UNPROTECTED = ('1:IxR0geiUTMJp8ueHDkqeUJ0I9eEw4NJPXIJi22UDyfGfJSy4mHBBuGPkkAix/x/YFfIxo4tiKGdJ2oVTtU8LgKDkVoGdL+z7ylY4n3m'
                      'yatt6osqhI4lzJ9MRy21UcAJki2qFUTj4TYuvhta3LId+RM5UX/dJ2468hQ==')
KIBANA_PROTECTED = ('1:4BnWfydL8NwFIQJg+VQKe0jlIs7uXtty6+++yaWPbSBKIX3d9nPfQ20K1C6Xh26E/gMJAQ9jh7BxK0+W3lt/iDJBJn44wqX3pQ0189iGkNB'
                    'L0ibDCctz4mRy6+hqwiLxiukpH8ELAJsff8LNNHr+gNzX/2k/GvB7nQ==')


def spec(**kwargs):
    base = {'mode': 'render', 'secrets_store': 'file', 'header': 'Managed by Ansible', 'validate_command': '',
            'settings': {}, 'connectors': [], 'extra_settings': {}, 'actions': {}}
    base.update(kwargs)
    return base


def plan(current=None, **kwargs):
    return kc.kibana_config_plan(spec(**kwargs), current)


def no_secret(*texts):
    blob = '\n'.join(texts)
    return SLACK_SECRET not in blob and 'unit-secret-0001' not in blob and HOOK_PASSWORD not in blob


# ---------------------------------------------------------------------------------------------------------------------
# render mode


def test_render_whole_file():
    result = plan(settings={'server.host': '0.0.0.0', 'elasticsearch': {'hosts': ['https://es:9200']}},
                  connectors=[SLACK, INDEX, dict(HOOK, expose_config=True)],
                  actions={'kibana_config_actions_allowed_hosts': ['hooks.slack.com'],
                           'kibana_config_actions_ssl_verification_mode': 'full',
                           'kibana_config_actions_email_domain_allowlist': ['example.com'],
                           'kibana_config_actions_proxy_headers': {'Authorization': 'Bearer x'}},
                  extra_settings={'ssl.proxyVerificationMode': 'none'})
    assert result['errors'] == []
    assert result['changed'] and result['secrets']
    content = result['content']
    assert content.startswith('# Managed by Ansible\n')
    data = yaml.safe_load(content)
    assert data['server.host'] == '0.0.0.0'
    assert data['elasticsearch'] == {'hosts': ['https://es:9200']}
    actions = data['xpack.actions']
    assert actions['allowedHosts'] == ['hooks.slack.com']
    assert actions['ssl'] == {'verificationMode': 'full', 'proxyVerificationMode': 'none'}
    assert actions['email'] == {'domain_allowlist': ['example.com']}
    assert list(actions['preconfigured']) == ['my-slack', 'alerts', 'hook']
    assert actions['preconfigured']['my-slack'] == {'name': 'Ops Slack', 'actionTypeId': '.slack', 'secrets': {'webhookUrl': SLACK_SECRET}}
    assert actions['preconfigured']['alerts'] == {'name': 'Alerts', 'actionTypeId': '.index', 'config': {'index': 'alerts-history'}}
    assert actions['preconfigured']['hook']['exposeConfig'] is True
    assert content.count(kc.BEGIN_PREFIX) == 1 and content.count(kc.END_PREFIX) == 1


def test_render_is_idempotent_and_reports_no_change():
    first = plan(connectors=[SLACK, INDEX], settings={'server.host': 'a'})
    again = plan(first['content'], connectors=[SLACK, INDEX], settings={'server.host': 'a'})
    assert again['errors'] == [] and again['changed'] is False
    assert again['content'] == first['content'] and again['summary'] == [] and again['diff'] == []


def test_render_without_secrets_is_not_secret():
    result = plan(connectors=[INDEX])
    assert result['secrets'] is False


def test_render_keystore_mode_leaves_secrets_out():
    result = plan(connectors=[SLACK, HOOK], secrets_store='keystore')
    assert result['errors'] == []
    assert no_secret(result['content'])
    assert 'secrets' not in result['content']
    assert result['secrets'] is False


def test_render_long_secret_stays_on_one_line():
    long_secret = 'x' * 150 + ' with spaces ' + 'y' * 150
    result = plan(connectors=[dict(SLACK, secrets={'webhookUrl': long_secret})])
    assert long_secret in result['content']
    changed = plan(result['content'], connectors=[dict(SLACK, secrets={'webhookUrl': long_secret + 'z'})])
    assert long_secret not in '\n'.join(changed['diff'])


def test_render_empty():
    result = plan(header='')
    assert result['errors'] == [] and result['content'] == ''


def test_render_accepts_ansible_unsafe_values():
    result = kc.kibana_config_plan(wrap_var(spec(connectors=[SLACK], settings={'server.host': 'h'})), None)
    assert result['errors'] == []
    assert yaml.safe_load(result['content'])['server.host'] == 'h'


def test_input_must_be_a_dict():
    with pytest.raises(AnsibleFilterError):
        kc.kibana_config_plan(['not', 'a', 'dict'])
    with pytest.raises(AnsibleFilterError):
        kc.kibana_config_keystore_plan('nope')


def test_filters_are_registered():
    assert set(kc.FilterModule().filters()) == {'kibana_config_plan', 'kibana_config_keystore_plan'}


# ---------------------------------------------------------------------------------------------------------------------
# validation


@pytest.mark.parametrize('kwargs, message', [
    (dict(connectors=[{'name': 'n', 'connector_type_id': '.server-log'}]), "kibana_config_connectors[0] (name 'n'): missing id"),
    (dict(connectors=[{'id': 'x', 'connector_type_id': '.server-log'}]), "kibana_config_connectors[0] (id 'x'): missing name"),
    (dict(connectors=[{'id': 'x', 'name': 'n'}]), "(id 'x'): missing connector_type_id"),
    (dict(connectors=[{'id': '', 'name': 'n', 'connector_type_id': '.server-log'}]), "Kibana refuses the id ''"),
    (dict(connectors=[{'id': '__proto__', 'name': 'n', 'connector_type_id': '.server-log'}]), "Kibana refuses the id '__proto__'"),
    (dict(connectors=[{'id': 'constructor', 'name': 'n', 'connector_type_id': '.server-log'}]), "Kibana refuses the id 'constructor'"),
    (dict(connectors=[{'id': 'preconfigured-alert-history-es-index', 'name': 'n', 'connector_type_id': '.server-log'}]),
     "the id 'preconfigured-alert-history-es-index' is reserved"),
    (dict(connectors=[{'id': 'a.b', 'name': 'n', 'connector_type_id': '.server-log'}]), "the id contains '.'"),
    (dict(connectors=[SLACK, dict(INDEX, id='my-slack')]),
     "kibana_config_connectors[1] (id 'my-slack'): duplicate id 'my-slack' (also kibana_config_connectors[0])"),
    (dict(connectors=[dict(SLACK, secrets={})]), "(id 'my-slack') (.slack): missing required secrets key 'webhookUrl'"),
    (dict(connectors=[dict(INDEX, config={})]), "(id 'alerts') (.index): missing required config key 'index'"),
    (dict(connectors=[dict(INDEX, config={'index': 'i', 'indx': 1})]), "unknown config key 'indx'"),
    (dict(connectors=[dict(SLACK, secrets={'webhookUrl': SLACK_SECRET, 'token': 'unit-secret-0001'})]), "unknown secrets key 'token'"),
    (dict(connectors=[dict(HOOK, secrets={'password': HOOK_PASSWORD})]), 'secrets user and password must be given together'),
    (dict(connectors=[dict(HOOK, config={'url': 'u', 'headers': {'X.Y': '1'}})]), "config key 'headers.X.Y' contains '.'"),
    (dict(connectors=[dict(INDEX, conifg={})]), "unknown key 'conifg'"),
    (dict(connectors=[dict(INDEX, config='index')]), 'config must be a dict'),
    (dict(connectors=[dict(INDEX, expose_config='yes')]), 'expose_config must be true or false'),
    (dict(connectors=['a string']), 'kibana_config_connectors[0]: must be a dict'),
    (dict(connectors={'id': 'x'}), 'kibana_config_connectors must be a list'),
    (dict(actions={'kibana_config_actions_proxy_bypass_hosts': ['a'], 'kibana_config_actions_proxy_only_hosts': ['b']}), 'exclude each other'),
    (dict(actions={'kibana_config_actions_allowed_hosts': 'a'}), 'kibana_config_actions_allowed_hosts (xpack.actions.allowedHosts) must be a list of strings'),
    (dict(actions={'kibana_config_actions_ssl_verification_mode': 'strict'}), 'must be one of none, certificate, full'),
    (dict(actions={'kibana_config_actions_proxy_headers': {'X.Y': 'v'}}), "header name 'X.Y' contains '.'"),
    (dict(actions={'kibana_config_actions_custom_host_settings': [{'ssl': {}}]}), 'customHostSettings)[0]: missing url'),
    (dict(actions={'kibana_config_actions_custom_host_settings': [{'url': 'u', 'tls': {}}]}), "unknown key 'tls'"),
    (dict(actions={'kibana_config_actions_custom_host_settings': [{'url': 'u', 'ssl': {'mode': 1}}]}), "unknown key 'ssl.mode'"),
    (dict(extra_settings={'allowedhosts': ['*']}), "'xpack.actions.allowedhosts' is not a setting Kibana knows"),
    (dict(extra_settings={'allowedHosts': ['*']}), 'is set with kibana_config_actions_allowed_hosts'),
    (dict(extra_settings={'preconfigured': {'x': {}}}), 'connectors go in kibana_config_connectors'),
    (dict(settings={'xpack.actions.allowedHosts': ['*']}), "kibana_config_settings sets 'xpack.actions.allowedHosts'"),
    (dict(settings={'xpack': {'actions': {'enabledActionTypes': ['.slack']}}}), "kibana_config_settings sets 'xpack.actions.enabledActionTypes'"),
    (dict(settings={'xpack.actions': {}}), "kibana_config_settings sets 'xpack.actions'"),
    (dict(settings={'server.host': 'a', 'server': {'host': 'b'}}), "kibana_config_settings sets 'server.host' more than once"),
    (dict(settings={'server.host': 'a'}, mode='merge'), 'kibana_config_settings is only used with kibana_config_mode=render'),
    (dict(mode='replace'), 'kibana_config_mode must be render or merge'),
    (dict(secrets_store='vault'), 'kibana_config_secrets_store must be file or keystore'),
    (dict(validate_command='/bin/true'), "kibana_config_validate_command must contain '%s'"),
    (dict(secrets_store='keystore', keystore_path='/etc/kibana/secrets.keystore'), 'must name a file called kibana.keystore'),
])
def test_validation_names_the_problem(kwargs, message):
    result = plan(**kwargs)
    assert result['content'] is None
    assert any(message in error for error in result['errors']), result['errors']
    assert no_secret(*result['errors'])


def test_validation_accepts_unknown_types_and_int_ids():
    result = plan(connectors=[{'id': 7, 'name': 'Custom', 'connector_type_id': '.custom', 'config': {'any': 1}}])
    assert result['errors'] == []
    assert yaml.safe_load(result['content'])['xpack.actions']['preconfigured'] == {
        '7': {'name': 'Custom', 'actionTypeId': '.custom', 'config': {'any': 1}}}


def test_validation_reports_every_problem():
    result = plan(connectors=[{'id': '__proto__'}, {'name': 'x'}])
    assert len(result['errors']) >= 4


# ---------------------------------------------------------------------------------------------------------------------
# merge mode

EXISTING = """# Kibana, by hand
server.host: "0.0.0.0"   # everywhere

xpack.actions.allowedHosts:
  - old.example.com   # old
xpack.actions.enabledActionTypes: ['*']
# about elasticsearch
elasticsearch.hosts: ["https://es:9200"]
empty:
xpack:
  # security
  security:
    enabled: true
  actions:
    preconfigured:
      old:
        name: Old
        actionTypeId: .slack
        secrets:
          webhookUrl: https://hooks.slack.com/old-secret-0003
  reporting.enabled: false
text: |
  one
  two

# the end
logging.root.level: info
"""


def merge(current, **kwargs):
    kwargs.setdefault('connectors', [SLACK])
    return plan(current, mode='merge', **kwargs)


def test_merge_replaces_only_xpack_actions_and_keeps_comments():
    result = merge(EXISTING, actions={'kibana_config_actions_allowed_hosts': ['hooks.slack.com']})
    assert result['errors'] == []
    content = result['content']
    kept = [line for line in EXISTING.splitlines() if 'old' not in line and 'xpack.actions' not in line
            and line.strip() not in ('actions:', 'preconfigured:', 'name: Old', 'actionTypeId: .slack', 'secrets:')]
    assert content.startswith('\n'.join(kept) + '\n')
    data = yaml.safe_load(content)
    assert data['xpack'] == {'security': {'enabled': True}, 'reporting.enabled': False}
    assert data['xpack.actions'] == {'allowedHosts': ['hooks.slack.com'], 'preconfigured': {
        'my-slack': {'name': 'Ops Slack', 'actionTypeId': '.slack', 'secrets': {'webhookUrl': SLACK_SECRET}}}}
    assert data['empty'] is None and data['text'] == 'one\ntwo\n' and data['logging.root.level'] == 'info'
    assert content.endswith(kc.END_MARK + '\n')
    assert "connector 'old': removed" in result['summary']
    assert "setting 'xpack.actions.enabledActionTypes': removed" in result['summary']


def test_merge_is_idempotent():
    first = merge(EXISTING)
    again = merge(first['content'])
    assert again['errors'] == [] and again['changed'] is False


def test_merge_replaces_its_block_and_moves_it_last():
    first = merge(EXISTING)
    edited = first['content'] + 'server.port: 5601\n'
    second = merge(edited, connectors=[INDEX])
    assert second['content'].count(kc.BEGIN_PREFIX) == 1
    assert second['content'].endswith(kc.END_MARK + '\n')
    data = yaml.safe_load(second['content'])
    assert data['server.port'] == 5601
    assert list(data['xpack.actions']['preconfigured']) == ['alerts']


def test_merge_with_nothing_to_manage_removes_xpack_actions():
    result = merge(EXISTING, connectors=[])
    assert kc.BEGIN_PREFIX not in result['content']
    data = yaml.safe_load(result['content'])
    assert 'xpack.actions' not in data and 'actions' not in data['xpack']


def test_merge_removes_an_xpack_left_empty():
    result = merge('a: 1\nxpack:\n  actions:\n    allowedHosts: [x]\nb: 2\n', connectors=[])
    assert result['content'] == 'a: 1\nb: 2\n'


def test_merge_into_missing_or_empty_file():
    for current in (None, '', '# only a comment\n'):
        result = merge(current)
        assert result['errors'] == []
        assert yaml.safe_load(result['content']) == {'xpack.actions': {'preconfigured': {'my-slack': {
            'name': 'Ops Slack', 'actionTypeId': '.slack', 'secrets': {'webhookUrl': SLACK_SECRET}}}}}
    assert merge('# only a comment\n')['content'].startswith('# only a comment\n\n# BEGIN')


def test_merge_rewrites_a_flow_mapping_holding_managed_keys():
    current = "# top\nserver.name: flow\nxpack: {security: {enabled: true}, actions: {allowedHosts: [x]}}  # inline\n# after\nz: 1\n"
    result = merge(current)
    assert result['errors'] == []
    assert result['content'].startswith('# top\nserver.name: flow\nxpack:\n  security:\n    enabled: true\n# after\nz: 1\n')
    assert merge(result['content'])['changed'] is False


def test_merge_rewrites_a_flow_document():
    result = merge('{server.host: a, xpack.actions.allowedHosts: [x]}\n')
    assert result['errors'] == []
    assert yaml.safe_load(result['content'])['server.host'] == 'a'
    assert 'allowedHosts' not in result['content']


def test_merge_keeps_a_key_after_an_empty_managed_value():
    result = merge('xpack.actions.allowedHosts:\nserver.host: a\n', connectors=[])
    assert result['content'] == 'server.host: a\n'


def test_merge_cuts_block_scalars_and_flow_values():
    current = 'a: 1\nxpack.actions.proxyUrl: |\n  http://p\n\nxpack.actions.allowedHosts: [x,\n  y]  # c\nb: 2\n'
    result = merge(current, connectors=[])
    assert result['errors'] == []
    assert result['content'] == 'a: 1\nb: 2\n'  # the blank line after the block scalar belongs to it


def test_merge_nested_dotted_forms():
    current = 'xpack:\n  actions.allowedHosts: [x]\n  security.enabled: true\n'
    result = merge(current, connectors=[])
    assert result['content'] == 'xpack:\n  security.enabled: true\n'


@pytest.mark.parametrize('current, message', [
    ('a: [\n', 'kibana.yml is not valid YAML'),
    ('a: 1\n---\nb: 2\n', 'holds 2 YAML documents'),
    ('a: 1\nb: 2\na: 3\n', "duplicate key 'a' (lines 1 and 3)"),
    ('- a\n- b\n', 'does not hold a mapping of settings'),
    ('a: 1\n' + kc.BEGIN_MARK + '\nxpack.actions: {}\n', 'has no END line'),
    ('x: &anchor\n  k: 1\nxpack.actions.allowedHosts: *anchor\n', None),
])
def test_merge_refuses_files_it_cannot_edit_safely(current, message):
    result = merge(current)
    if message is None:
        assert result['errors'] == []
        return
    assert result['content'] is None
    assert any(message in error for error in result['errors']), result['errors']


def test_merge_error_never_quotes_the_file():
    result = merge('elasticsearch.password: unit-secret-0001\n\tbad: [\n')
    assert result['errors'] and 'unit-secret-0001' not in result['errors'][0]
    assert 'line 2' in result['errors'][0]


# ---------------------------------------------------------------------------------------------------------------------
# masked diff and summary


def test_diff_masks_old_and_new_secrets_everywhere():
    current = EXISTING.replace('# the end', '# the end, old hook password was unit-password-0002')
    current = current.replace('elasticsearch.hosts', 'elasticsearch.password: es-secret-0004\nelasticsearch.hosts')
    result = merge(current, connectors=[SLACK, HOOK], actions={'kibana_config_actions_proxy_headers': {'Proxy-Authorization': 'Basic proxy-0005'}})
    diff = '\n'.join(result['diff'])
    for secret in (SLACK_SECRET, 'unit-secret-0001', HOOK_PASSWORD, 'old-secret-0003', 'es-secret-0004', 'proxy-0005'):
        assert secret not in diff
    assert 'webhookUrl: ******** (new)' in diff
    assert 'webhookUrl: ********' in diff
    assert 'Proxy-Authorization: ******** (new)' in diff


def test_diff_marks_changed_and_unchanged_secrets():
    first = plan(connectors=[SLACK, HOOK])
    second = plan(first['content'], connectors=[dict(SLACK, secrets={'webhookUrl': SLACK_SECRET + 'x'}), HOOK])
    diff = second['diff']
    assert '-        webhookUrl: ********' in diff
    assert '+        webhookUrl: ******** (changed)' in diff
    assert not any('password' in line for line in diff if line.startswith(('-', '+')))
    assert second['summary'] == ["connector 'my-slack': secrets changed"]


def test_diff_masks_sensitive_setting_names():
    first = plan(settings={'elasticsearch.password': 'es-secret-0004', 'xpack': {'security': {'encryptionKey': 'k' * 32}}})
    diff = '\n'.join(first['diff'])
    assert 'es-secret-0004' not in diff and 'k' * 32 not in diff
    assert first['secrets'] is True


def test_diff_masks_anchored_secret_values():
    current = 'shared: &s anchored-secret-0006\nxpack.actions.proxyHeaders:\n  Authorization: *s\n'
    result = merge(current, connectors=[])
    assert 'anchored-secret-0006' not in '\n'.join(result['diff'])


def test_diff_of_an_unparsable_old_file_hides_it():
    result = plan('elasticsearch.password: unit-secret-0001\n\tbad: [\n', connectors=[INDEX])
    assert result['errors'] == []
    assert '<the current file is not valid YAML and is not shown>' in '\n'.join(result['diff'])
    assert no_secret(*result['diff'])


def test_summary_names_changes_without_values():
    first = plan(connectors=[SLACK, INDEX], actions={'kibana_config_actions_allowed_hosts': ['a']}, settings={'server.host': 'a'})
    second = plan(first['content'], connectors=[dict(INDEX, name='Renamed', config={'index': 'b'}), HOOK],
                  actions={'kibana_config_actions_allowed_hosts': ['b']}, settings={'server.host': 'b', 'server.port': 1})
    assert second['summary'] == [
        "connector 'alerts': name changed, config changed",
        "connector 'hook' (.webhook): added",
        "connector 'my-slack': removed",
        "setting 'xpack.actions.allowedHosts': changed",
        "setting 'server.host': changed",
        "setting 'server.port': added",
    ]
    assert no_secret(*second['summary'])


def test_summary_of_a_layout_change():
    first = plan(connectors=[INDEX])
    result = plan(first['content'] + '# a comment\n', connectors=[INDEX])
    assert result['changed'] and result['summary'] == ['comments or layout only']


# ---------------------------------------------------------------------------------------------------------------------
# Kibana semantics


def test_deepen_reads_dotted_and_nested_alike():
    conflicts = []
    assert kc.deepen({'a.b': 1, 'a': {'c': 2}, 'x': [{'y.z': 3}]}, conflicts) == {'a': {'b': 1, 'c': 2}, 'x': [{'y': {'z': 3}}]}
    assert conflicts == []
    kc.deepen({'a.b': 1, 'a': {'b': 2}}, conflicts)
    assert conflicts == ['a.b']


# ---------------------------------------------------------------------------------------------------------------------
# keystore


def keystore_text(entries, passphrase=''):
    """A keystore as Kibana writes it (format 1)."""
    import base64
    import hashlib
    import json
    import os
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM
    salt, iv = os.urandom(64), os.urandom(12)
    key = hashlib.pbkdf2_hmac('sha512', passphrase.encode('utf-8'), salt, 10000, 32)
    sealed = AESGCM(key).encrypt(iv, json.dumps(entries).encode('utf-8'), None)
    return '1:' + base64.b64encode(salt + iv + sealed[-16:] + sealed[:-16]).decode('ascii')


def test_keystore_reads_kibanas_own_test_vectors():
    assert kc._keystore_data(KIBANA_UNPROTECTED, None) == {'a1.b2.c3': 'foo', 'a2': 'bar'}
    assert kc._keystore_data(KIBANA_PROTECTED, 'changeme') == {'a1.b2.c3': 'foo', 'a2': 'bar'}


def test_keystore_plan_adds_updates_and_removes():
    current = keystore_text({
        'elasticsearch.password': 'other',
        'xpack.actions.preconfigured.my-slack.secrets.webhookUrl': 'outdated',
        'xpack.actions.preconfigured.hook.secrets.user': 'ops',
        'xpack.actions.preconfigured.gone.secrets.token': 'stale',
    })
    result = kc.kibana_config_keystore_plan(spec(secrets_store='keystore', connectors=[SLACK, HOOK, INDEX]), current)
    assert result['errors'] == []
    assert result['add'] == [
        {'key': 'xpack.actions.preconfigured.hook.secrets.password', 'value': '"%s"' % HOOK_PASSWORD},
        {'key': 'xpack.actions.preconfigured.my-slack.secrets.webhookUrl', 'value': '"%s"' % SLACK_SECRET},
    ]
    assert result['remove'] == ['xpack.actions.preconfigured.gone.secrets.token']
    assert result['create'] is False and result['changed'] is True
    assert result['summary'] == [
        'keystore: add xpack.actions.preconfigured.hook.secrets.password',
        'keystore: update xpack.actions.preconfigured.my-slack.secrets.webhookUrl',
        'keystore: remove xpack.actions.preconfigured.gone.secrets.token',
    ]
    assert no_secret(*result['summary'])


def test_keystore_plan_is_idempotent():
    entries = {'xpack.actions.preconfigured.my-slack.secrets.webhookUrl': SLACK_SECRET,
               'xpack.actions.preconfigured.hook.secrets.user': 'ops',
               'xpack.actions.preconfigured.hook.secrets.password': HOOK_PASSWORD}
    result = kc.kibana_config_keystore_plan(spec(secrets_store='keystore', connectors=[SLACK, HOOK]), keystore_text(entries))
    assert result['changed'] is False and result['add'] == [] and result['remove'] == []


def test_keystore_plan_sends_json_so_strings_stay_strings():
    connector = dict(SLACK, secrets={'webhookUrl': '12345'})
    current = keystore_text({'xpack.actions.preconfigured.my-slack.secrets.webhookUrl': 12345})
    result = kc.kibana_config_keystore_plan(spec(secrets_store='keystore', connectors=[connector]), current)
    assert result['add'] == [{'key': 'xpack.actions.preconfigured.my-slack.secrets.webhookUrl', 'value': '"12345"'}]


def test_keystore_plan_creates_a_missing_keystore():
    result = kc.kibana_config_keystore_plan(spec(secrets_store='keystore', connectors=[SLACK]), None)
    assert result['create'] is True and len(result['add']) == 1


def test_keystore_plan_with_file_store_removes_managed_entries():
    current = keystore_text({'xpack.actions.preconfigured.my-slack.secrets.webhookUrl': 'x', 'other': 'y'})
    result = kc.kibana_config_keystore_plan(spec(connectors=[SLACK]), current)
    assert result['add'] == [] and result['remove'] == ['xpack.actions.preconfigured.my-slack.secrets.webhookUrl']


def test_keystore_plan_with_passphrase():
    current = keystore_text({}, passphrase='pass phrase')
    assert kc.kibana_config_keystore_plan(spec(secrets_store='keystore'), current, 'pass phrase\n')['errors'] == []
    wrong = kc.kibana_config_keystore_plan(spec(secrets_store='keystore'), current, 'wrong')
    assert 'protected by a passphrase' in wrong['errors'][0]


@pytest.mark.parametrize('text, message', [
    ('2:abc', 'format this role does not know (version 2)'),
    ('1:', 'format this role does not know'),
    ('1:bm90IGEga2V5c3RvcmU=', 'protected by a passphrase'),
])
def test_keystore_plan_reports_unreadable_keystores(text, message):
    result = kc.kibana_config_keystore_plan(spec(secrets_store='keystore'), text)
    assert message in result['errors'][0]


def test_keystore_plan_checks_connectors():
    result = kc.kibana_config_keystore_plan(spec(secrets_store='keystore', connectors=[{'name': 'x'}]), None)
    assert result['errors'] and result['add'] == []


def test_plan_does_not_change_its_input():
    given = spec(connectors=[SLACK], settings={'a.b': 1})
    before = copy.deepcopy(given)
    kc.kibana_config_plan(given)
    kc.kibana_config_keystore_plan(given)
    assert given == before
