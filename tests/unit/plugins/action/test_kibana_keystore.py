# -*- coding: utf-8 -*-
# Copyright (c) kibana.connectors contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The kibana_keystore action against the stand-in kibana-keystore: real changed, check mode, a masked diff of the
entries, no_log on the calls that carry values, and messages."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type  # pylint: disable=invalid-name

import os
import stat
import subprocess
import sys

import pytest

from ansible_collections.kibana.connectors.plugins.action import kibana_keystore
from ansible_collections.kibana.connectors.plugins.plugin_utils._keystore import KeystoreProblem, entries
from ansible_collections.kibana.connectors.plugins.plugin_utils._validate import Names
from ansible_collections.kibana.connectors.tests.unit.plugins.action.host import ME, MY_GROUP, STANDIN, Host, needs_root, other_user_and_group, run

PREFIX = 'xpack.actions.preconfigured.'
SECRET = 'https://hooks.slack.com/services/T0/B0/keystore-action-0001'
NEW_SECRET = 'https://hooks.slack.com/services/T0/B0/keystore-action-0002'
PASSWORD = 'keystore-action-password-0003'
SECRETS = ('keystore-action-0001', 'keystore-action-0002', PASSWORD)
SLACK = {'id': 'my-slack', 'name': 'Ops Slack', 'connector_type_id': '.slack', 'secrets': {'webhookUrl': SECRET}}
HOOK = {'id': 'hook', 'name': 'Hook', 'connector_type_id': '.webhook', 'config': {'url': 'https://h.example.com'},
        'secrets': {'user': 'ops', 'password': PASSWORD}}


@pytest.fixture
def host():
    return Host()


def options(tmp_path, **kwargs):
    args = dict(keystore_path=str(tmp_path / 'kibana.keystore'), keystore_command=STANDIN, keystore_mode='0640',
                connectors=[SLACK, HOOK])
    args.update(kwargs)
    return args


def keystore(tmp_path, *words, **env):
    """Run the stand-in kibana-keystore directly (as the test's own view of the keystore)."""
    environ = dict(os.environ, KBN_PATH_CONF=str(tmp_path), **env)
    environ.pop('KIBANA_KEYSTORE_LOG', None)
    done = subprocess.run([sys.executable, STANDIN] + list(words), env=environ, capture_output=True, check=True)
    return done.stdout.decode('utf-8')


def commands(host):
    """kibana-keystore calls: (words after the program, stdin given?, no_log flag)."""
    out = []
    for name, args, no_log in host.calls:
        if name == 'ansible.legacy.command':
            argv = args['argv']
            out.append((argv[argv.index(STANDIN) + 1:], 'stdin' in args, no_log))
    return out


def leaks(*texts):
    return [secret for secret in SECRETS if any(secret in text for text in texts)]


def test_a_missing_keystore_is_created_and_filled(tmp_path, host):
    result, text = run(kibana_keystore, host, options(tmp_path))
    assert result['changed'] is True
    assert [words for words, _stdin, _no_log in commands(host)] == [
        ['create'],
        ['add', PREFIX + 'hook.secrets.password', '--stdin', '--force'],
        ['add', PREFIX + 'hook.secrets.user', '--stdin', '--force'],
        ['add', PREFIX + 'my-slack.secrets.webhookUrl', '--stdin', '--force'],
    ]
    assert all(no_log for _words, stdin, no_log in commands(host) if stdin)
    assert keystore(tmp_path, 'show', PREFIX + 'my-slack.secrets.webhookUrl').strip() == SECRET
    assert oct(os.stat(str(tmp_path / 'kibana.keystore')).st_mode & 0o777) == '0o640'
    assert result['diff']['before'] == ''
    assert result['diff']['after'] == (PREFIX + 'hook.secrets.password: ******** (new)\n' + PREFIX + 'hook.secrets.user: ******** (new)\n'
                                       + PREFIX + 'my-slack.secrets.webhookUrl: ******** (new)\n')
    assert result['summary'][0] == 'keystore: add ' + PREFIX + 'hook.secrets.password'
    without_stdin = [dict((key, value) for key, value in args.items() if key != 'stdin') for _name, args, _no_log in host.calls]
    assert leaks(text, repr(without_stdin)) == []  # the values travel in stdin only


def test_the_command_environment_names_the_directory_and_passphrase_file(tmp_path, host):
    (tmp_path / 'pass').write_text('a passphrase\n')
    keystore(tmp_path, 'create', KBN_KEYSTORE_PASSPHRASE_FILE=str(tmp_path / 'pass'))
    result, _text = run(kibana_keystore, host, options(tmp_path, keystore_passphrase_file=str(tmp_path / 'pass'), connectors=[SLACK]))
    assert result['changed'] is True
    argv = [args['argv'] for name, args, _no_log in host.calls if name == 'ansible.legacy.command'][0]
    assert argv[:3] == ['env', 'KBN_PATH_CONF=%s' % tmp_path, 'KBN_KEYSTORE_PASSPHRASE_FILE=%s' % (tmp_path / 'pass')]
    shown = keystore(tmp_path, 'show', PREFIX + 'my-slack.secrets.webhookUrl', KBN_KEYSTORE_PASSPHRASE_FILE=str(tmp_path / 'pass'))
    assert shown.strip() == SECRET
    assert [no_log for name, _args, no_log in host.calls if name == 'ansible.legacy.slurp'] == [True, True]


def test_a_second_run_calls_kibana_keystore_no_more(tmp_path, host):
    run(kibana_keystore, host, options(tmp_path))
    again = Host()
    result, _text = run(kibana_keystore, again, options(tmp_path))
    assert result['changed'] is False and commands(again) == [] and 'diff' not in result and result['summary'] == []


def test_updates_and_removals_keep_other_entries(tmp_path, host):
    run(kibana_keystore, host, options(tmp_path))
    keystore(tmp_path, 'add', 'elasticsearch.password', '--stdin')
    later = Host()
    result, text = run(kibana_keystore, later, options(tmp_path, connectors=[dict(SLACK, secrets={'webhookUrl': NEW_SECRET})]))
    assert [words[:2] for words, _stdin, _no_log in commands(later)] == [
        ['add', PREFIX + 'my-slack.secrets.webhookUrl'], ['remove', PREFIX + 'hook.secrets.password'], ['remove', PREFIX + 'hook.secrets.user']]
    assert sorted(keystore(tmp_path, 'list').split()) == ['elasticsearch.password', PREFIX + 'my-slack.secrets.webhookUrl']
    assert result['diff']['after'] == PREFIX + 'my-slack.secrets.webhookUrl: ******** (changed)\n'
    assert PREFIX + 'hook.secrets.user: ********\n' in result['diff']['before']
    assert 'elasticsearch.password' not in result['diff']['before']
    assert result['summary'] == ['keystore: update ' + PREFIX + 'my-slack.secrets.webhookUrl', 'keystore: remove ' + PREFIX + 'hook.secrets.password',
                                 'keystore: remove ' + PREFIX + 'hook.secrets.user']
    assert leaks(text) == []


PAGER = {'id': 'my-pager', 'name': 'Ops pager', 'connector_type_id': '.pagerduty'}  # a secret that is any string


def test_strings_stay_strings(tmp_path, host):
    run(kibana_keystore, host, options(tmp_path, connectors=[dict(PAGER, secrets={'routingKey': '12345'})]))
    assert keystore(tmp_path, 'show', PREFIX + 'my-pager.secrets.routingKey').strip() == '12345'
    again = Host()
    assert run(kibana_keystore, again, options(tmp_path, connectors=[dict(PAGER, secrets={'routingKey': '12345'})]))[0]['changed'] is False


def test_check_mode_runs_nothing_and_reports_the_change(tmp_path, host):
    result, text = run(kibana_keystore, host, options(tmp_path), check_mode=True)
    assert result['changed'] is True and commands(host) == [] and not (tmp_path / 'kibana.keystore').exists()
    # the only file module call is the look at the directory, in check mode
    assert [(args, check) for (name, args, _no_log), check in zip(host.calls, host.check_modes) if name == 'ansible.legacy.file'] == [
        ({'path': str(tmp_path), 'state': 'directory'}, True)]
    assert result['diff']['after'].count('(new)') == 3 and leaks(text) == []


def test_a_mode_change_alone_is_a_change(tmp_path, host):
    run(kibana_keystore, host, options(tmp_path))
    result, _text = run(kibana_keystore, Host(), options(tmp_path, keystore_mode='0600'))
    assert result['changed'] is True and 'diff' not in result


@pytest.mark.parametrize('kwargs, prefix, message', [
    (dict(keystore_path='/etc/kibana/secrets.keystore'), 'kibana_config_',
     'kibana_config: kibana_config_keystore_path must name a file called kibana.keystore'),
    (dict(connectors=[{'id': 'x.y', 'name': 'X', 'connector_type_id': '.server-log'}]), None,
     "kibana_keystore: connectors[0] (id 'x.y'): the id contains '.'"),
    (dict(keystore_passphrase_file='/nonexistent/pass'), 'kibana_config_', None),
])
def test_problems_fail_before_any_command(tmp_path, host, kwargs, prefix, message):
    if message is None:
        keystore(tmp_path, 'create')
        message = 'kibana_config: kibana_config_keystore_passphrase_file: there is no file /nonexistent/pass'
    result, _text = run(kibana_keystore, host, options(tmp_path, variable_prefix=prefix, **kwargs))
    assert result['failed'] is True and result['msg'].startswith(message)
    assert commands(host) == []


@pytest.mark.parametrize('content, message', [
    ('2:abc', 'the Kibana keystore has a format this role does not know (version 2)'),
    ('1:bm90IGEga2V5c3RvcmU=', 'it is protected by a passphrase (set kibana_config_keystore_passphrase_file) or the passphrase is wrong'),
])
def test_an_unreadable_keystore_fails(tmp_path, host, content, message):
    (tmp_path / 'kibana.keystore').write_text(content)
    result, _text = run(kibana_keystore, host, options(tmp_path, variable_prefix='kibana_config_'))
    assert message in result['msg'] and commands(host) == []


def test_a_failing_command_reports_its_error_without_secrets(tmp_path, host):
    script = tmp_path / 'bad-keystore'
    script.write_text('#!/bin/sh\ncat >&2\nexit 1\n')  # echoes the value it is given to stderr
    script.chmod(0o755)
    keystore(tmp_path, 'create')
    result, text = run(kibana_keystore, host, options(tmp_path, keystore_command=str(script)))
    assert result['failed'] is True
    assert result['msg'].startswith('kibana_keystore: kibana-keystore add %shook.secrets.password failed: ' % PREFIX)
    assert leaks(text) == []


def test_a_failing_command_that_echoes_the_json_form_of_a_secret_does_not_show_it(tmp_path, host):
    secret = 'keystore "action" \\ p\u00e4ssword-0005'  # sent as json.dumps(secret): \" \\ and \u00e4
    script = tmp_path / 'bad-keystore'
    script.write_text('#!/bin/sh\ncat >&2\nexit 1\n')  # echoes the value it is given to stderr
    script.chmod(0o755)
    keystore(tmp_path, 'create')
    args = options(tmp_path, keystore_command=str(script), connectors=[dict(PAGER, secrets={'routingKey': secret})])
    result, _text = run(kibana_keystore, host, args)
    assert result['failed'] is True
    assert result['msg'] == 'kibana_keystore: kibana-keystore add %smy-pager.secrets.routingKey failed: "********"' % PREFIX


def test_a_command_failing_after_writes_reports_the_partial_change(tmp_path, host):
    script = tmp_path / 'flaky-keystore'
    # the stand-in for the first two calls (create, the first add), then a failure
    script.write_text('#!/bin/sh\ncount=$(cat %s/calls 2>/dev/null || echo 0); count=$((count+1)); echo $count > %s/calls\n'
                      'if [ $count -ge 3 ]; then echo disk full >&2; exit 1; fi\nexec %s %s "$@"\n'
                      % (tmp_path, tmp_path, sys.executable, STANDIN))
    script.chmod(0o755)
    result, _text = run(kibana_keystore, host, options(tmp_path, keystore_command=str(script)))
    assert result['failed'] is True and result['changed'] is True
    assert result['msg'] == ('kibana_keystore: kibana-keystore add %shook.secrets.user failed: disk full. The keystore has the changes '
                             'made before: add %shook.secrets.password' % (PREFIX, PREFIX))
    assert keystore(tmp_path, 'list').split() == [PREFIX + 'hook.secrets.password']


def test_a_first_command_failing_reports_no_change(tmp_path, host):
    script = tmp_path / 'bad-keystore'
    script.write_text('#!/bin/sh\necho no such command >&2\nexit 1\n')
    script.chmod(0o755)
    result, _text = run(kibana_keystore, host, options(tmp_path, keystore_command=str(script)))
    assert result['failed'] is True and not result.get('changed')
    assert result['msg'] == 'kibana_keystore: kibana-keystore create failed: no such command'


class NoChown(Host):
    """A host where setting the owner, group or mode of the keystore fails (looking at them in check mode works)."""

    @staticmethod
    def file(args, check_mode):
        if check_mode:
            return Host.file(args, check_mode)
        return {'failed': True, 'msg': 'chown failed: [Errno 1] Operation not permitted', 'path': args['path']}


def test_owner_group_or_mode_failing_on_a_new_keystore_stops_before_any_secret(tmp_path):
    host = NoChown()
    result, text = run(kibana_keystore, host, options(tmp_path, owner=ME))
    mode = '%04o' % stat.S_IMODE(os.stat(str(tmp_path / 'kibana.keystore')).st_mode)
    assert result['failed'] is True and result['changed'] is True  # kibana-keystore create made the file
    assert result['msg'] == ('kibana_keystore: cannot set the owner, group or mode of %s: chown failed: [Errno 1] Operation not permitted. '
                             'It has owner %s, group %s, mode %s now; kibana-keystore create made it, and no entry was added to it'
                             % (tmp_path / 'kibana.keystore', ME, MY_GROUP, mode))
    assert [words for words, _stdin, _no_log in commands(host)] == [['create']]
    assert keystore(tmp_path, 'list').split() == [] and leaks(text) == []


def test_owner_group_or_mode_failing_on_an_existing_keystore_writes_nothing_and_reports_no_change(tmp_path, host):
    run(kibana_keystore, host, options(tmp_path, connectors=[SLACK]))
    later = NoChown()
    result, _text = run(kibana_keystore, later, options(tmp_path, owner=ME))
    assert result['failed'] is True and not result.get('changed') and commands(later) == []
    assert result['msg'] == ('kibana_keystore: cannot set the owner, group or mode of %s: chown failed: [Errno 1] Operation not permitted. '
                             'It has owner %s, group %s, mode 0640, as before; its entries were not changed'
                             % (tmp_path / 'kibana.keystore', ME, MY_GROUP))
    assert keystore(tmp_path, 'list').split() == [PREFIX + 'my-slack.secrets.webhookUrl']


# ---- the keystore holds secrets: an owner or group the host does not know is refused before anything is written, and a
# keystore holding secrets never has another owner, group or a broader mode than asked


@pytest.mark.parametrize('option, word', [('owner', 'user'), ('group', 'group')])
@pytest.mark.parametrize('check_mode', [True, False])
def test_an_owner_or_group_the_host_does_not_know_is_refused_before_anything_is_written(tmp_path, option, word, check_mode):
    host = Host(watch=tmp_path)
    args = options(tmp_path, variable_prefix='kibana_config_', **{option: 'no-such-%s-kc' % word})
    result, text = run(kibana_keystore, host, args, check_mode=check_mode)
    assert result['failed'] is True and not result.get('changed')
    assert result['msg'] == ("kibana_config: kibana_config_%s: there is no %s 'no-such-%s-kc' on the host (create it first, or choose "
                             'another one). Nothing was written.' % (option, word, word))
    assert host.names() == ['ansible.legacy.stat', 'ansible.legacy.file'] and host.check_modes[1] is True
    assert all(snapshot == {} for snapshot in host.snapshots) and os.listdir(str(tmp_path)) == []
    assert leaks(text) == []


@pytest.mark.parametrize('check_mode', [True, False])
def test_an_unknown_group_leaves_the_current_keystore_as_it_is(tmp_path, check_mode):
    keystore(tmp_path, 'create')
    os.chmod(str(tmp_path / 'kibana.keystore'), 0o600)
    with open(str(tmp_path / 'kibana.keystore'), 'rb') as handle:
        content = handle.read()
    host = Host()
    result, _text = run(kibana_keystore, host, options(tmp_path, group='no-such-group-kc'), check_mode=check_mode)
    assert result['failed'] is True and not result.get('changed') and commands(host) == []
    with open(str(tmp_path / 'kibana.keystore'), 'rb') as handle:
        assert handle.read() == content
    assert stat.S_IMODE(os.stat(str(tmp_path / 'kibana.keystore')).st_mode) == 0o600


def holding_secrets(host):
    """(mode, uid, gid) of the keystore at every moment it held an entry, between any two module calls."""
    seen = []
    for snapshot in host.snapshots:
        if 'kibana.keystore' in snapshot:
            mode, uid, gid, content = snapshot['kibana.keystore']
            try:
                held = entries(content.decode('utf-8'), None, Names(None, 'test'))
            except KeystoreProblem:
                held = {'unreadable': True}
            if held:
                seen.append((mode, uid, gid))
    return seen


@needs_root
def test_a_new_keystore_has_its_owner_group_and_mode_before_its_first_secret(tmp_path):
    user, group = other_user_and_group()
    host = Host(watch=tmp_path)
    result, _text = run(kibana_keystore, host, options(tmp_path, owner=user.pw_name, group=group.gr_name, keystore_mode='0640'))
    assert result['changed'] is True and not result.get('failed')
    seen = holding_secrets(host)
    assert len(seen) == 3 and set(seen) == set([(0o640, user.pw_uid, group.gr_gid)])
    assert [words[0] for words, _stdin, _no_log in commands(host)] == ['create', 'add', 'add', 'add']


def test_an_existing_keystore_gets_a_narrower_mode_before_its_new_secrets(tmp_path, host):
    keystore(tmp_path, 'create')
    os.chmod(str(tmp_path / 'kibana.keystore'), 0o644)
    watched = Host(watch=tmp_path)
    result, _text = run(kibana_keystore, watched, options(tmp_path, keystore_mode='0600'))
    assert result['changed'] is True
    assert set(mode for mode, _uid, _gid in holding_secrets(watched)) == set([0o600])


def test_a_new_keystore_without_a_mode_asked_gets_0600_an_existing_one_keeps_its_mode(tmp_path, host):
    run(kibana_keystore, host, options(tmp_path, keystore_mode=None, connectors=[SLACK]))
    assert stat.S_IMODE(os.stat(str(tmp_path / 'kibana.keystore')).st_mode) == 0o600
    os.chmod(str(tmp_path / 'kibana.keystore'), 0o640)
    result, _text = run(kibana_keystore, Host(), options(tmp_path, keystore_mode=None))
    assert result['changed'] is True and stat.S_IMODE(os.stat(str(tmp_path / 'kibana.keystore')).st_mode) == 0o640


def test_without_diff_mode_there_is_no_diff(tmp_path, host):
    # as kibana_yml and Ansible's own file modules: the diff only in diff mode
    result, _text = run(kibana_keystore, host, options(tmp_path), diff=False)
    assert result['changed'] is True and 'diff' not in result and len(result['summary']) == 3
    result, _text = run(kibana_keystore, Host(), options(tmp_path, connectors=[SLACK]), check_mode=True, diff=False)
    assert result['changed'] is True and 'diff' not in result and len(result['summary']) == 2
