# -*- coding: utf-8 -*-
# Copyright (c) kibana.connectors contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The kibana_yml action: Ansible's changed, check mode and masked diff, the copy it delegates to, no_log on what
carries secrets, and messages."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type  # pylint: disable=invalid-name

import os
import posixpath
import stat

import pytest
import yaml

from ansible.errors import AnsibleActionFail

from ansible_collections.kibana.connectors.plugins.action import kibana_yml
from ansible_collections.kibana.connectors.tests.unit.plugins.action.host import ME, MY_GROUP, Host, needs_root, other_user_and_group, run

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


def temp_of(host):
    """The temporary file of the write: the file whose owner, group and mode are set first."""
    return [args['path'] for name, args, _no_log in host.calls if name == 'ansible.legacy.file' and args.get('state') == 'file'][0]


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


def test_the_write_runs_on_the_host_in_these_steps_content_on_stdin_with_no_log(tmp_path, host):
    (tmp_path / 'kibana.yml').write_text('old: 1\n')
    result, _text = run(kibana_yml, host, options(tmp_path, owner=ME, group=MY_GROUP, backup=True, validate_command='true %s'))
    assert result['changed'] is True and not result.get('failed')
    path = str(tmp_path / 'kibana.yml')
    temp = temp_of(host)
    assert posixpath.dirname(temp) == str(tmp_path) and posixpath.basename(temp).startswith('.kibana.yml.')
    # ActionBase's stat: its options vary between ansible-core versions (2.16 sends no get_size); the path is what counts
    calls = [(name, {'path': args['path']} if name == 'ansible.legacy.stat' else args, no_log)
             for name, args, no_log in host.calls if name != 'ansible.legacy.command']
    assert calls == [
        ('ansible.legacy.stat', {'path': path}, False),
        ('ansible.legacy.slurp', {'src': path}, True),
        ('ansible.legacy.file', {'path': str(tmp_path), 'state': 'directory', 'owner': ME, 'group': MY_GROUP}, False),
        ('ansible.legacy.tempfile', {'state': 'file', 'path': str(tmp_path), 'prefix': '.kibana.yml.', 'suffix': '.tmp'}, False),
        ('ansible.legacy.file', {'path': temp, 'state': 'file', 'owner': ME, 'group': MY_GROUP, 'mode': '0640'}, False),
    ]
    assert host.check_modes[2] is True  # the look at the directory, owner and group changes nothing
    commands = [(args, no_log) for name, args, no_log in host.calls if name == 'ansible.legacy.command']
    assert commands[0] == ({'argv': ['sh', '-c', 'cat > "$1"', 'sh', temp], 'stdin': read(tmp_path), 'stdin_add_newline': False}, True)
    assert commands[1] == ({'cmd': 'true %s' % temp}, True)  # the validate command's output may quote the file
    assert commands[2] == ({'argv': ['ln', '--', path, result['backup_file']]}, False)
    assert commands[3] == ({'argv': ['mv', '-f', '--', temp, path]}, False)
    assert len(commands) == 4
    assert result['backup_file'].startswith(path + '.') and result['backup_file'].endswith('~')
    with open(result['backup_file']) as handle:
        assert handle.read() == 'old: 1\n'
    assert sorted(os.listdir(str(tmp_path))) == ['kibana.yml', posixpath.basename(result['backup_file'])]


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
    assert host.calls == []


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
    assert 'ansible.legacy.tempfile' not in host.names() and read(tmp_path) == 'a: 1\nb: 2\na: 3\n'


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
                             'the new file holds secrets. %s is unchanged.' % (tmp_path / 'kibana.yml', tmp_path / 'kibana.yml'))
    assert result['changed'] is False
    assert leaks(text) == [] and sorted(os.listdir(str(tmp_path))) == ['check.sh']


def test_a_failed_validation_shows_its_output_when_the_file_holds_no_secret(tmp_path, host):
    script = tmp_path / 'check.sh'
    script.write_text('echo "not for Kibana" >&2; exit 3\n')
    result, _text = run(kibana_yml, host, dict(path=str(tmp_path / 'kibana.yml'), settings={'server.host': 'a'},
                                               validate_command='sh %s %%s' % script))
    assert result['msg'] == 'Could not write %s: failed to validate: not for Kibana. %s is unchanged.' % (tmp_path / 'kibana.yml', tmp_path / 'kibana.yml')
    assert [no_log for name, args, no_log in host.calls if args.get('cmd')] == [False]


def test_a_secret_in_a_comment_of_the_current_file_is_masked(tmp_path, host):
    (tmp_path / 'kibana.yml').write_text('# the old webhook was %s\nxpack.actions.allowedHosts: [a]\n' % SECRET)
    result, text = run(kibana_yml, host, options(tmp_path, mode='merge', settings={}))
    assert '# the old webhook was ********' in result['diff']['before']
    assert leaks(text) == []


class FailingStep(Host):
    """A host where one command (by its program: mv, ln, rm, sh) fails, with an error output that may quote a secret."""

    def __init__(self, program, stderr='', watch=None, also=None):
        super(FailingStep, self).__init__(watch=watch)
        self.failing = {program: stderr}
        self.failing.update(also or {})

    def command(self, args, check_mode):
        program = (args.get('argv') or [''])[0]
        if program in self.failing:
            return {'failed': True, 'rc': 1, 'msg': 'non-zero return code', 'stdout': '', 'stderr': self.failing[program]}
        return Host.command(args, check_mode)


def test_a_failed_step_masks_known_secrets_in_its_output_when_the_file_holds_secrets(tmp_path):
    host = FailingStep('mv', 'mv: cannot move: %s and %s' % (SECRET, PROXY))
    result, text = run(kibana_yml, host, options(tmp_path))
    path = tmp_path / 'kibana.yml'
    assert result['msg'] == ('Could not write %s: cannot move the new file %s over %s: mv: cannot move: ******** and ********. '
                             '%s is unchanged.' % (path, temp_of(host), path, path))
    assert leaks(text) == [] and result['changed'] is False


def test_a_failed_step_masks_known_secrets_in_its_output_when_the_file_holds_none(tmp_path):
    # keystore mode: the connector secrets are known but the file holds none of them
    args = options(tmp_path, settings={}, actions_proxy_headers=None, secrets_store='keystore',
                   keystore_path=str(tmp_path / 'kibana.keystore'),
                   connectors=[{'id': 'hook', 'name': 'Hook', 'connector_type_id': '.webhook', 'config': {'url': 'https://h.example.com'},
                                'secrets': {'user': SECRET, 'password': PROXY}}])
    host = FailingStep('sh', 'cannot write: %s, the proxy says %s' % (SECRET, PROXY))
    result, text = run(kibana_yml, host, args)
    assert result['msg'] == ('Could not write %s: cannot write the new file: cannot write: ********, the proxy says ********. '
                             '%s is unchanged.' % (tmp_path / 'kibana.yml', tmp_path / 'kibana.yml'))
    assert leaks(text) == []


def test_a_failed_step_masks_the_secrets_of_the_settings_too(tmp_path):
    host = FailingStep('mv', 'cannot write: %s' % ES_PASSWORD)
    result, text = run(kibana_yml, host, options(tmp_path))
    assert result['msg'].endswith(': cannot write: ********. %s is unchanged.' % (tmp_path / 'kibana.yml'))
    assert leaks(text) == []


# ---- kibana.yml holds secrets: no file holding them ever has another owner, group or a broader mode than asked


def holding(snapshot, *secrets):
    """The files of a snapshot that hold one of the secrets: {name: (mode, uid, gid)}."""
    return dict((name, found[:3]) for name, found in snapshot.items()
                if any(secret.encode('utf-8') in found[3] for secret in secrets))


def no_broader_file(host, mode, uid, gid, *secrets):
    """Every file that held a secret between any two module calls had exactly this mode, owner and group."""
    seen = [found for snapshot in host.snapshots for found in holding(snapshot, *secrets).values()]
    return bool(seen) and all(found == (mode, uid, gid) for found in seen)


@pytest.mark.parametrize('option, word', [('owner', 'user'), ('group', 'group')])
@pytest.mark.parametrize('check_mode', [True, False])
@pytest.mark.parametrize('prefix', [None, 'kibana_config_'])
def test_an_owner_or_group_the_host_does_not_know_is_refused_before_anything_is_written(tmp_path, option, word, check_mode, prefix):
    host = Host(watch=tmp_path)
    result, text = run(kibana_yml, host, options(tmp_path, variable_prefix=prefix, **{option: 'no-such-%s-kc' % word}), check_mode=check_mode)
    assert result['failed'] is True and not result.get('changed')
    assert result['msg'] == ("%s: %s%s: there is no %s 'no-such-%s-kc' on the host (create it first, or choose another one). "
                             'Nothing was written.' % (prefix.rstrip('_') if prefix else 'kibana_yml', prefix or '', option, word, word))
    assert host.names() == ['ansible.legacy.stat', 'ansible.legacy.file'] and host.check_modes[1] is True
    assert all(snapshot == {} for snapshot in host.snapshots) and os.listdir(str(tmp_path)) == []
    assert leaks(text) == []


@pytest.mark.parametrize('check_mode', [True, False])
def test_an_unknown_group_leaves_the_current_file_as_it_is(tmp_path, check_mode):
    (tmp_path / 'kibana.yml').write_text('old: %s\n' % SECRET)
    os.chmod(str(tmp_path / 'kibana.yml'), 0o600)
    host = Host(watch=tmp_path)
    result, _text = run(kibana_yml, host, options(tmp_path, group='no-such-group-kc'), check_mode=check_mode)
    assert result['failed'] is True and not result.get('changed') and 'Nothing was written' in result['msg']
    assert read(tmp_path) == 'old: %s\n' % SECRET and stat.S_IMODE(os.stat(str(tmp_path / 'kibana.yml')).st_mode) == 0o600
    assert os.listdir(str(tmp_path)) == ['kibana.yml']


def test_a_missing_directory_fails_in_check_mode_too(tmp_path, host):
    result, _text = run(kibana_yml, host, options(tmp_path, path=str(tmp_path / 'nowhere' / 'kibana.yml')), check_mode=True)
    assert result['failed'] is True
    assert result['msg'] == 'kibana_yml: the directory %s does not exist. Nothing was written.' % (tmp_path / 'nowhere')


@needs_root
def test_a_new_file_has_its_owner_group_and_mode_before_its_first_byte(tmp_path):
    user, group = other_user_and_group()
    host = Host(watch=tmp_path)
    result, _text = run(kibana_yml, host, options(tmp_path, owner=user.pw_name, group=group.gr_name, file_mode='0640'))
    assert result['changed'] is True and not result.get('failed')
    assert no_broader_file(host, 0o640, user.pw_uid, group.gr_gid, SECRET, ES_PASSWORD, PROXY)
    assert os.listdir(str(tmp_path)) == ['kibana.yml']
    assert (result['owner'], result['group'], result['mode']) == (user.pw_name, group.gr_name, '0640')


@needs_root
def test_a_narrower_mode_and_new_owner_apply_to_the_new_content_from_its_first_byte(tmp_path):
    user, group = other_user_and_group()
    (tmp_path / 'kibana.yml').write_text('old: 1\n')
    os.chmod(str(tmp_path / 'kibana.yml'), 0o644)
    host = Host(watch=tmp_path)
    result, _text = run(kibana_yml, host, options(tmp_path, owner=user.pw_name, group=group.gr_name, file_mode='0600', backup=True))
    assert result['changed'] is True
    assert no_broader_file(host, 0o600, user.pw_uid, group.gr_gid, SECRET, ES_PASSWORD, PROXY)
    with open(result['backup_file']) as handle:  # the backup is the previous file, as it was
        assert handle.read() == 'old: 1\n'
    assert stat.S_IMODE(os.stat(result['backup_file']).st_mode) == 0o644


def test_unset_owner_group_and_mode_keep_those_of_the_current_file_and_a_new_file_gets_0600(tmp_path, host):
    args = options(tmp_path)
    del args['file_mode']
    run(kibana_yml, host, args)
    assert stat.S_IMODE(os.stat(str(tmp_path / 'kibana.yml')).st_mode) == 0o600
    os.chmod(str(tmp_path / 'kibana.yml'), 0o640)
    result, _text = run(kibana_yml, Host(), dict(args, connectors=[dict(SLACK, secrets={'webhookUrl': NEW_SECRET})]))
    assert result['changed'] is True and NEW_SECRET in read(tmp_path)
    assert stat.S_IMODE(os.stat(str(tmp_path / 'kibana.yml')).st_mode) == 0o640


@needs_root
@pytest.mark.parametrize('existing', [False, True])
def test_a_failing_move_leaves_kibana_yml_as_it_was_and_no_other_file(tmp_path, existing):
    user, group = other_user_and_group()
    if existing:
        (tmp_path / 'kibana.yml').write_text('old: 1\n')
        os.chmod(str(tmp_path / 'kibana.yml'), 0o644)
    host = FailingStep('mv', 'mv: cannot move: Read-only file system', watch=tmp_path)
    result, text = run(kibana_yml, host, options(tmp_path, owner=user.pw_name, group=group.gr_name, backup=True))
    path = tmp_path / 'kibana.yml'
    assert result['failed'] is True and result['changed'] is False
    assert result['msg'] == ('Could not write %s: cannot move the new file %s over %s: mv: cannot move: Read-only file system. '
                             '%s is unchanged.' % (path, temp_of(host), path, path))
    assert no_broader_file(host, 0o640, user.pw_uid, group.gr_gid, SECRET)
    if existing:
        assert os.listdir(str(tmp_path)) == ['kibana.yml'] and read(tmp_path) == 'old: 1\n'  # the backup is gone too
        assert stat.S_IMODE(os.stat(str(path)).st_mode) == 0o644
    else:
        assert os.listdir(str(tmp_path)) == []
    assert leaks(text) == []


def test_a_temporary_file_that_cannot_be_removed_is_reported_as_a_change(tmp_path):
    host = FailingStep('mv', 'mv: failed', also={'rm': 'rm: failed'})
    result, text = run(kibana_yml, host, options(tmp_path))
    path = tmp_path / 'kibana.yml'
    assert result['failed'] is True and result['changed'] is True
    assert result['msg'] == ('Could not write %s: cannot move the new file %s over %s: mv: failed. %s is unchanged, but the temporary '
                             'file %s (the new content, with the owner, group and mode asked for) could not be removed: rm: failed'
                             % (path, temp_of(host), path, path, temp_of(host)))
    assert stat.S_IMODE(os.stat(temp_of(host)).st_mode) == 0o640
    assert leaks(text) == []


def test_owner_group_or_mode_failing_on_an_unchanged_file_says_what_it_has(tmp_path, host):
    run(kibana_yml, host, options(tmp_path))

    class NoChmod(Host):
        @staticmethod
        def file(args, check_mode):
            if args.get('state') == 'directory':
                return Host.file(args, check_mode)
            return {'failed': True, 'msg': 'chmod failed: [Errno 1] Operation not permitted', 'path': args['path']}

    result, _text = run(kibana_yml, NoChmod(), options(tmp_path, file_mode='0600'))
    assert result['failed'] is True and result['changed'] is False
    assert result['msg'] == ('Cannot set the owner, group or mode of %s: chmod failed: [Errno 1] Operation not permitted. It has owner '
                             '%s, group %s, mode 0640, as before. Its content is unchanged.' % (tmp_path / 'kibana.yml', ME, MY_GROUP))
