# -*- coding: utf-8 -*-
# Copyright (c) kibana.connectors contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The kibana_yml action: Ansible's changed, check mode and masked diff, the copy it delegates to, no_log on what
carries secrets, and messages."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type  # pylint: disable=invalid-name

import os

import pytest
import yaml

from ansible.errors import AnsibleActionFail

from ansible_collections.kibana.connectors.plugins.action import kibana_yml
from ansible_collections.kibana.connectors.tests.unit.plugins.action.host import Host, run

SECRET = 'https://hooks.slack.com/services/T0/B0/action-secret-0001'
NEW_SECRET = 'https://hooks.slack.com/services/T0/B0/action-secret-0002'
ES_PASSWORD = 'action-es-password-0003'
PROXY = 'Basic action-proxy-0004'
SECRETS = ('action-secret-0001', 'action-secret-0002', ES_PASSWORD, 'action-proxy-0004')
SLACK = {'id': 'my-slack', 'name': 'Ops Slack', 'connector_type_id': '.slack', 'secrets': {'webhookUrl': SECRET}}


@pytest.fixture
def host():
    return Host()


def options(tmp_path, **kwargs):
    args = dict(path=str(tmp_path / 'kibana.yml'), connectors=[SLACK], settings={'elasticsearch.password': ES_PASSWORD},
                actions_proxy_headers={'Proxy-Authorization': PROXY}, file_mode='0640')
    args.update(kwargs)
    return args


def read(tmp_path, name='kibana.yml'):
    with open(str(tmp_path / name)) as handle:
        return handle.read()


def leaks(*texts):
    return [secret for secret in SECRETS if any(secret in text for text in texts)]


def test_first_run_writes_and_reports_a_masked_diff(tmp_path, host):
    result, text = run(kibana_yml, host, options(tmp_path))
    assert result['changed'] is True and not result.get('failed')
    written = yaml.safe_load(read(tmp_path))
    assert written['xpack.actions']['preconfigured']['my-slack']['secrets'] == {'webhookUrl': SECRET}
    assert oct(os.stat(str(tmp_path / 'kibana.yml')).st_mode & 0o777) == '0o640'
    diff = result['diff']
    assert diff['before'] == '' and diff['before_header'] == diff['after_header'] == str(tmp_path / 'kibana.yml')
    assert 'webhookUrl: ******** (new)' in diff['after']
    assert 'elasticsearch.password: ******** (new)' in diff['after']
    assert 'Proxy-Authorization: ******** (new)' in diff['after']
    assert result['summary'][0] == "connector 'my-slack' (.slack): added"
    assert leaks(text) == []


def test_the_copy_gets_the_file_options_no_diff_and_no_log(tmp_path, host):
    run(kibana_yml, host, options(tmp_path, owner='kibana', group='kibana', backup=True, validate_command='true %s'))
    task = host.copies[0]
    assert task.diff is False  # the copy's own diff would show the raw file
    assert task.no_log is True  # the new file holds secrets
    assert dict((key, value) for key, value in task.args.items() if key != 'src') == {
        'dest': str(tmp_path / 'kibana.yml'), 'owner': 'kibana', 'group': 'kibana', 'mode': '0640', 'backup': True,
        'validate': 'true %s'}


def test_the_file_is_read_with_no_log(tmp_path, host):
    run(kibana_yml, host, options(tmp_path))
    run(kibana_yml, host, options(tmp_path))
    assert [call for call in host.calls if call[0] == 'ansible.legacy.slurp'][0][2] is True
    assert [call for call in host.calls if call[0] == 'ansible.legacy.stat'][0][2] is False


def test_second_run_changes_nothing_and_shows_no_diff(tmp_path, host):
    run(kibana_yml, host, options(tmp_path))
    before = read(tmp_path)
    result, _text = run(kibana_yml, host, options(tmp_path))
    assert result['changed'] is False and 'diff' not in result and result['summary'] == []
    assert read(tmp_path) == before


def test_check_mode_reports_the_change_and_writes_nothing(tmp_path, host):
    run(kibana_yml, host, options(tmp_path))
    before = read(tmp_path)
    changed = options(tmp_path, connectors=[dict(SLACK, secrets={'webhookUrl': NEW_SECRET})])
    result, text = run(kibana_yml, host, changed, check_mode=True)
    assert result['changed'] is True
    assert read(tmp_path) == before
    assert '        webhookUrl: ********\n' in result['diff']['before']
    assert '        webhookUrl: ******** (changed)\n' in result['diff']['after']
    assert result['summary'] == ["connector 'my-slack': secrets changed"]
    assert leaks(text) == []
    real, _text = run(kibana_yml, host, changed)
    assert real['changed'] is True and real['diff'] == result['diff']
    assert NEW_SECRET in read(tmp_path)


def test_without_diff_mode_there_is_no_diff(tmp_path, host):
    result, _text = run(kibana_yml, host, options(tmp_path), diff=False)
    assert result['changed'] is True and 'diff' not in result and result['summary']


def test_only_a_mode_change_is_changed_without_diff(tmp_path, host):
    run(kibana_yml, host, options(tmp_path))
    result, _text = run(kibana_yml, host, options(tmp_path, file_mode='0600'))
    assert result['changed'] is True and 'diff' not in result and result['summary'] == []


def test_merge_keeps_the_rest_of_the_file(tmp_path, host):
    (tmp_path / 'kibana.yml').write_text('# by hand\nserver.port: 5601  # port\nxpack.actions.allowedHosts: [old]\n')
    result, _text = run(kibana_yml, host, options(tmp_path, mode='merge', settings={}, actions_allowed_hosts=['new']))
    assert result['changed'] is True
    assert read(tmp_path).startswith('# by hand\nserver.port: 5601  # port\n\n# BEGIN xpack.actions')
    assert result['diff']['before'] == '# by hand\nserver.port: 5601  # port\nxpack.actions.allowedHosts: [old]\n'
    after = result['diff']['after']
    assert after.startswith('# by hand\nserver.port: 5601  # port\n\n# BEGIN xpack.actions')
    assert '\nxpack.actions:\n  allowedHosts:\n    - new\n' in after and 'old' not in after
    assert "setting 'xpack.actions.allowedHosts': changed" in result['summary']


@pytest.mark.parametrize('prefix, message', [
    (None, "kibana_yml: connectors[0] (id 'my-slack') (.slack): missing required secrets key 'webhookUrl'"),
    ('kibana_config_', "kibana_config: kibana_config_connectors[0] (id 'my-slack') (.slack): missing required secrets key 'webhookUrl'"),
])
def test_invalid_options_fail_before_anything_is_read_or_written(tmp_path, host, prefix, message):
    result, _text = run(kibana_yml, host, options(tmp_path, connectors=[dict(SLACK, secrets={})], variable_prefix=prefix))
    assert result['failed'] is True and message in result['msg']
    assert host.calls == [] and host.copies == []


def test_every_problem_is_reported_with_the_role_names(tmp_path, host):
    args = options(tmp_path, variable_prefix='kibana_config_',
                   actions_proxy_bypass_hosts=['a'], actions_proxy_only_hosts=['b'], validate_command='/bin/true',
                   settings={'xpack.actions.allowedHosts': ['*']})
    result, text = run(kibana_yml, host, args)
    assert result['msg'].startswith('kibana_config: ')
    for part in ("kibana_config_validate_command must contain '%s'",
                 'kibana_config_actions_proxy_bypass_hosts (xpack.actions.proxyBypassHosts) and kibana_config_actions_proxy_only_hosts',
                 "kibana_config_settings sets 'xpack.actions.allowedHosts': the role manages xpack.actions.* through "
                 "kibana_config_connectors and the kibana_config_actions_* variables"):
        assert part in result['msg']
    assert leaks(text) == []


def test_types_and_choices_are_the_argument_spec_s(tmp_path, host):
    with pytest.raises(AnsibleActionFail) as raised:
        run(kibana_yml, host, options(tmp_path, mode='replace'))
    assert 'mode' in str(raised.value) and 'render, merge' in str(raised.value)
    with pytest.raises(AnsibleActionFail) as raised:
        run(kibana_yml, host, options(tmp_path, connectors=[dict(SLACK, conifg={})]))
    assert 'conifg' in str(raised.value)
    with pytest.raises(AnsibleActionFail) as raised:
        run(kibana_yml, host, options(tmp_path, actions_ssl_verification_mode='strict'))
    assert 'value of actions_ssl_verification_mode must be one of: none, certificate, full, got: strict' in str(raised.value)
    assert host.calls == []


def test_a_null_setting_is_left_out_a_chosen_one_is_written(tmp_path, host):
    # null leaves a setting to Kibana's default, also for one with choices (the role's defaults are null)
    result, _text = run(kibana_yml, host, options(tmp_path, actions_ssl_verification_mode=None))
    assert not result.get('failed') and 'ssl' not in yaml.safe_load(read(tmp_path))['xpack.actions']
    result, _text = run(kibana_yml, host, options(tmp_path, actions_ssl_verification_mode='certificate'))
    assert result['changed'] is True
    assert yaml.safe_load(read(tmp_path))['xpack.actions']['ssl'] == {'verificationMode': 'certificate'}


def test_a_file_that_cannot_be_merged_is_left_alone(tmp_path, host):
    (tmp_path / 'kibana.yml').write_text('a: 1\nb: 2\na: 3\n')
    result, _text = run(kibana_yml, host, options(tmp_path, mode='merge', settings={}))
    assert result['failed'] is True
    assert result['msg'] == "kibana_yml: kibana.yml: duplicate key 'a' (lines 1 and 3); Kibana refuses duplicate keys"
    assert host.copies == [] and read(tmp_path) == 'a: 1\nb: 2\na: 3\n'


def test_keystore_mode_leaves_secrets_out_and_checks_the_keystore_first(tmp_path, host):
    result, _text = run(kibana_yml, host, options(tmp_path, secrets_store='keystore', keystore_path=str(tmp_path / 'kibana.keystore')))
    assert result['changed'] is True and SECRET not in read(tmp_path)
    (tmp_path / 'other').mkdir()
    (tmp_path / 'other' / 'kibana.keystore').write_text('2:not-a-keystore\n')
    args = options(tmp_path, path=str(tmp_path / 'other' / 'kibana.yml'), secrets_store='keystore',
                   keystore_path=str(tmp_path / 'other' / 'kibana.keystore'))
    result, _text = run(kibana_yml, host, args)
    assert result['msg'] == 'kibana_yml: the Kibana keystore has a format this action does not know (version 2)'
    assert not (tmp_path / 'other' / 'kibana.yml').exists()


def test_keystore_mode_checks_the_keystore_name(tmp_path, host):
    result, _text = run(kibana_yml, host, options(tmp_path, secrets_store='keystore', keystore_path='/etc/kibana/secrets.keystore'))
    assert 'keystore_path must name a file called kibana.keystore' in result['msg']


def test_a_failed_validation_hides_its_output_when_the_file_holds_secrets(tmp_path, host):
    script = tmp_path / 'check.sh'
    script.write_text('cat "$1" >&2; exit 3\n')
    result, text = run(kibana_yml, host, options(tmp_path, validate_command='sh %s %%s' % script))
    assert result['failed'] is True
    assert result['msg'] == ('Could not write %s: failed to validate (exit status 3). Its output is not shown because '
                             'the new file holds secrets.' % (tmp_path / 'kibana.yml'))
    assert leaks(text) == [] and not (tmp_path / 'kibana.yml').exists()


def test_a_failed_validation_shows_its_output_when_the_file_holds_no_secret(tmp_path, host):
    script = tmp_path / 'check.sh'
    script.write_text('echo "not for Kibana" >&2; exit 3\n')
    result, _text = run(kibana_yml, host, dict(path=str(tmp_path / 'kibana.yml'), settings={'server.host': 'a'},
                                               validate_command='sh %s %%s' % script))
    assert result['msg'] == 'Could not write %s: failed to validate: not for Kibana\n' % (tmp_path / 'kibana.yml')
    assert host.copies[0].no_log is False


def test_a_secret_in_a_comment_of_the_current_file_is_masked(tmp_path, host):
    (tmp_path / 'kibana.yml').write_text('# the old webhook was %s\nxpack.actions.allowedHosts: [a]\n' % SECRET)
    result, text = run(kibana_yml, host, options(tmp_path, mode='merge', settings={}))
    assert '# the old webhook was ********' in result['diff']['before']
    assert leaks(text) == []


class FailingCopy(Host):
    """A host where the copy fails with a message and an error output that quote a secret."""

    def __init__(self, msg, stderr):
        super(FailingCopy, self).__init__()
        self.failure = {'failed': True, 'msg': msg, 'stderr': stderr}

    def copy_action(self, task):
        self.copies.append(task)
        failure = self.failure

        class Copy(object):
            @staticmethod
            def run(task_vars=None):
                return dict(failure)

        return Copy()


def test_a_failed_copy_masks_known_secrets_in_its_message_when_the_file_holds_secrets(tmp_path):
    host = FailingCopy('cannot write: %s' % SECRET, 'the proxy says %s' % PROXY)
    result, text = run(kibana_yml, host, options(tmp_path))
    assert result['msg'] == ('Could not write %s: cannot write: ********. Its output is not shown because the new file '
                             'holds secrets.' % (tmp_path / 'kibana.yml'))
    assert leaks(text) == []


def test_a_failed_copy_masks_known_secrets_in_its_output_when_the_file_holds_none(tmp_path):
    # keystore mode: the connector secrets are known but the file holds none of them
    args = options(tmp_path, settings={}, actions_proxy_headers=None, secrets_store='keystore',
                   keystore_path=str(tmp_path / 'kibana.keystore'),
                   connectors=[{'id': 'hook', 'name': 'Hook', 'connector_type_id': '.webhook', 'config': {'url': 'https://h.example.com'},
                                'secrets': {'user': SECRET, 'password': PROXY}}])
    host = FailingCopy('cannot write: %s' % SECRET, 'the proxy says %s' % PROXY)
    result, text = run(kibana_yml, host, args)
    assert result['msg'] == 'Could not write %s: cannot write: ********: the proxy says ********' % (tmp_path / 'kibana.yml')
    assert host.copies[0].no_log is False and leaks(text) == []


def test_a_failed_copy_masks_the_secrets_of_the_settings_too(tmp_path):
    host = FailingCopy('cannot write: %s' % ES_PASSWORD, '')
    result, text = run(kibana_yml, host, options(tmp_path))
    assert result['msg'] == ('Could not write %s: cannot write: ********. Its output is not shown because the new file '
                             'holds secrets.' % (tmp_path / 'kibana.yml'))
    assert leaks(text) == []
