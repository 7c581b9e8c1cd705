# -*- coding: utf-8 -*-
# Copyright (c) kibana.connectors contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Rendering kibana.yml (whole file or merged), reading it back, and the one table of connector settings."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type  # pylint: disable=invalid-name

import os

import pytest
import yaml

from ansible_collections.kibana.connectors.plugins.modules.kibana_yml import DOCUMENTATION
from ansible_collections.kibana.connectors.plugins.plugin_utils import _settings
from ansible_collections.kibana.connectors.plugins.plugin_utils._settings import (
    BEGIN_MARK, BEGIN_PREFIX, END_MARK, END_PREFIX, SETTINGS, render)
from ansible_collections.kibana.connectors.plugins.plugin_utils._yaml_text import YamlProblem
from ansible_collections.kibana.connectors.tests.unit.plugins.plugin_utils.helpers import HOOK, INDEX, SLACK, SLACK_SECRET, options

ROLE = os.path.join(os.path.dirname(__file__), '..', '..', '..', '..', 'roles', 'kibana_config')


def test_render_whole_file():
    args = options(settings={'server.host': '0.0.0.0', 'elasticsearch': {'hosts': ['https://es:9200']}},
                   connectors=[SLACK, INDEX, dict(HOOK, expose_config=True)], actions_allowed_hosts=['hooks.slack.com'],
                   actions_ssl_verification_mode='full', actions_email_domain_allowlist=['example.com'],
                   actions_proxy_headers={'Authorization': 'Bearer x'}, actions_extra_settings={'ssl.proxyVerificationMode': 'none'})
    content = render(args, None).content
    assert content.startswith('# Managed by Ansible\n')
    data = yaml.safe_load(content)
    assert data['server.host'] == '0.0.0.0'
    assert data['elasticsearch'] == {'hosts': ['https://es:9200']}
    actions = data['xpack.actions']
    assert actions['allowedHosts'] == ['hooks.slack.com']
    assert actions['proxyHeaders'] == {'Authorization': 'Bearer x'}
    assert actions['ssl'] == {'verificationMode': 'full', 'proxyVerificationMode': 'none'}
    assert actions['email'] == {'domain_allowlist': ['example.com']}
    assert list(actions['preconfigured']) == ['my-slack', 'alerts', 'hook']
    assert actions['preconfigured']['my-slack'] == {'name': 'Ops Slack', 'actionTypeId': '.slack', 'secrets': {'webhookUrl': SLACK_SECRET}}
    assert actions['preconfigured']['alerts'] == {'name': 'Alerts', 'actionTypeId': '.index', 'config': {'index': 'alerts-history'}}
    assert actions['preconfigured']['hook']['exposeConfig'] is True
    assert content.count(BEGIN_PREFIX) == 1 and content.count(END_PREFIX) == 1


def test_render_is_byte_for_byte_stable():
    args = options(connectors=[SLACK, INDEX], settings={'server.host': 'a'})
    assert render(args, render(args, None).content).content == render(args, None).content


def test_render_keystore_mode_leaves_secrets_out():
    content = render(options(connectors=[SLACK, HOOK], secrets_store='keystore'), None).content
    assert SLACK_SECRET not in content and 'secrets' not in content


def test_render_empty():
    assert render(options(header=''), None).content == ''


def test_render_accepts_int_ids_and_unknown_types():
    args = options(connectors=[{'id': 7, 'name': 'Custom', 'connector_type_id': '.custom', 'config': {'any': 1}}])
    assert yaml.safe_load(render(args, None).content)['xpack.actions']['preconfigured'] == {
        '7': {'name': 'Custom', 'actionTypeId': '.custom', 'config': {'any': 1}}}


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
    return render(options(mode='merge', **kwargs), current).content


def test_merge_replaces_only_xpack_actions_and_keeps_comments():
    content = merge(EXISTING, actions_allowed_hosts=['hooks.slack.com'])
    kept = [line for line in EXISTING.splitlines() if 'old' not in line and 'xpack.actions' not in line
            and line.strip() not in ('actions:', 'preconfigured:', 'name: Old', 'actionTypeId: .slack', 'secrets:')]
    assert content.startswith('\n'.join(kept) + '\n')
    data = yaml.safe_load(content)
    assert data['xpack'] == {'security': {'enabled': True}, 'reporting.enabled': False}
    assert data['xpack.actions'] == {'allowedHosts': ['hooks.slack.com'], 'preconfigured': {
        'my-slack': {'name': 'Ops Slack', 'actionTypeId': '.slack', 'secrets': {'webhookUrl': SLACK_SECRET}}}}
    assert data['empty'] is None and data['text'] == 'one\ntwo\n' and data['logging.root.level'] == 'info'
    assert content.endswith(END_MARK + '\n')


def test_merge_is_idempotent():
    first = merge(EXISTING)
    assert merge(first) == first


def test_merge_replaces_its_block_and_moves_it_last():
    edited = merge(EXISTING) + 'server.port: 5601\n'
    second = merge(edited, connectors=[INDEX])
    assert second.count(BEGIN_PREFIX) == 1 and second.endswith(END_MARK + '\n')
    data = yaml.safe_load(second)
    assert data['server.port'] == 5601 and list(data['xpack.actions']['preconfigured']) == ['alerts']


def test_merge_with_nothing_to_manage_removes_xpack_actions():
    content = merge(EXISTING, connectors=[])
    assert BEGIN_PREFIX not in content
    data = yaml.safe_load(content)
    assert 'xpack.actions' not in data and 'actions' not in data['xpack']


def test_merge_removes_an_xpack_left_empty():
    assert merge('a: 1\nxpack:\n  actions:\n    allowedHosts: [x]\nb: 2\n', connectors=[]) == 'a: 1\nb: 2\n'


def test_merge_into_missing_or_empty_file():
    for current in (None, '', '# only a comment\n'):
        assert yaml.safe_load(merge(current)) == {'xpack.actions': {'preconfigured': {'my-slack': {
            'name': 'Ops Slack', 'actionTypeId': '.slack', 'secrets': {'webhookUrl': SLACK_SECRET}}}}}
    assert merge('# only a comment\n').startswith('# only a comment\n\n' + BEGIN_MARK)


def test_merge_rewrites_a_flow_mapping_holding_managed_keys():
    current = "# top\nserver.name: flow\nxpack: {security: {enabled: true}, actions: {allowedHosts: [x]}}  # inline\n# after\nz: 1\n"
    content = merge(current)
    assert content.startswith('# top\nserver.name: flow\nxpack:\n  security:\n    enabled: true\n# after\nz: 1\n')
    assert merge(content) == content


def test_merge_accepts_an_anchor_used_by_a_managed_key():
    current = 'x: &anchor\n  k: 1\nxpack.actions.allowedHosts: *anchor\n'
    assert yaml.safe_load(merge(current))['x'] == {'k': 1}


@pytest.mark.parametrize('current, message', [
    ('a: [\n', 'kibana.yml is not valid YAML'),
    ('a: 1\n---\nb: 2\n', 'holds 2 YAML documents'),
    ('a: 1\nb: 2\na: 3\n', "duplicate key 'a' (lines 1 and 3)"),
    ('- a\n- b\n', 'does not hold a mapping of settings'),
    ('a: 1\n' + BEGIN_MARK + '\nxpack.actions: {}\n', 'has no END line'),
])
def test_merge_refuses_files_it_cannot_edit_safely(current, message):
    with pytest.raises(YamlProblem) as raised:
        merge(current)
    assert message in str(raised.value)


def test_the_result_is_read_back(monkeypatch):
    monkeypatch.setattr(_settings, 'render_whole', lambda args, tree: 'server.host: a\n')
    with pytest.raises(YamlProblem, match='does not read back as the xpack.actions settings it should hold'):
        render(options(connectors=[SLACK]), None)
    with pytest.raises(YamlProblem, match='does not read back as the settings it should hold'):
        render(options(settings={'server.host': 'b'}), None)
    monkeypatch.setattr(_settings, 'cut_keys', lambda text, prefix: 'other: 1\n')
    with pytest.raises(YamlProblem, match='does not keep the other settings as they were'):
        render(options(mode='merge'), 'server.host: a\n')


# ---------------------------------------------------------------------------------------------------------------------
# The one table of connector settings, and the files that must follow it


def _doc_options():
    return yaml.safe_load(DOCUMENTATION)['options']


def test_every_setting_of_the_table_is_an_option_of_the_action():
    names = [option for option, _setting, _kind in SETTINGS] + [_settings.EXTRA_OPTION]
    assert [name for name in _doc_options() if name.startswith('actions_')] == names
    for option, setting, _kind in SETTINGS:
        description = _doc_options()[option]['description']
        assert 'C(xpack.actions.%s)' % setting in ' '.join(description if isinstance(description, list) else [description])


def test_the_role_passes_every_option_through_as_its_variable():
    with open(os.path.join(ROLE, 'tasks', 'main.yml')) as handle:
        tasks = yaml.safe_load(handle)
    with open(os.path.join(ROLE, 'meta', 'argument_specs.yml')) as handle:
        spec = yaml.safe_load(handle)['argument_specs']['main']['options']
    with open(os.path.join(ROLE, 'defaults', 'main.yml')) as handle:
        defaults = yaml.safe_load(handle)
    for task in tasks:
        action = [key for key in task if key.startswith('kibana.connectors.')][0]
        for option, value in task[action].items():
            if option == 'variable_prefix':
                assert value == 'kibana_config_'
                continue
            assert value == '{{ kibana_config_%s }}' % option, (action, option)
            assert 'kibana_config_' + option in spec and 'kibana_config_' + option in defaults
    passed = set(option for task in tasks for action in task if action.startswith('kibana.connectors.') for option in task[action])
    assert set(_doc_options()) - passed == set()


def test_the_role_types_its_variables_as_the_actions_type_their_options():
    with open(os.path.join(ROLE, 'meta', 'argument_specs.yml')) as handle:
        spec = yaml.safe_load(handle)['argument_specs']['main']['options']
    for option, doc in _doc_options().items():
        if option == 'variable_prefix':
            continue
        variable = spec['kibana_config_' + option]
        assert doc['type'] in (variable['type'], 'raw'), option
        assert doc.get('elements') == variable.get('elements'), option
        # a role variable may also be null (its default: unset), which the action reads as unset
        assert doc.get('choices') == [choice for choice in variable.get('choices') or () if choice is not None] or \
            doc.get('choices') is variable.get('choices') is None, option
