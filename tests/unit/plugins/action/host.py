# -*- coding: utf-8 -*-
# Copyright (c) kibana.connectors contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""A managed host for the action tests: the modules the actions run (stat, slurp, file, tempfile, command) stand in
for over real files in a test directory, and every call is recorded with the no_log flag it was sent with. The file
module resolves owners and groups as Ansible's does (a name must exist, a number is taken as it is) and sets the owner,
the group, then the mode, in the same order.

With ``watch``, the host also keeps a snapshot of that directory after every call (each file's mode, owner, group and
content), so that a test can check what existed at any moment between two module calls.

The command module runs its commands for real (sh, cat, ln, mv, rm, a validate command), and the molecule scenarios'
stand-in kibana-keystore (same commands, file format and JSON parsing as Kibana's), so the argv, environment and stdin
the action sends are what is tested.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type  # pylint: disable=invalid-name

import base64
import grp
import json
import os
import pwd
import shlex
import stat
import subprocess
import sys
import tempfile

import pytest

try:
    from unittest import mock
except ImportError:  # pragma: no cover
    import mock  # type: ignore

from ansible.playbook.play_context import PlayContext
from ansible.playbook.task import Task

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..', '..', '..'))
STANDIN = os.path.join(ROOT, 'extensions', 'molecule', 'resources', 'kibana-keystore')
ME = pwd.getpwuid(os.geteuid()).pw_name  # the test's own user and group: an owner and group any user may set
MY_GROUP = grp.getgrgid(os.getegid()).gr_name


def other_user_and_group():
    """A user and a group other than the test's own (the tests that set them need root)."""
    user = [entry for entry in pwd.getpwall() if entry.pw_uid != os.geteuid()][0]
    group = [entry for entry in grp.getgrall() if entry.gr_gid != os.getegid()][0]
    return user, group


def needs_root(test):
    """A test that gives a file another owner and group: it needs root. On a user's clone run by another user it
    skips, saying so; in CI (CI=true) it runs anyway, and fails there rather than hide that it did not run."""
    if os.geteuid() == 0 or os.environ.get('CI') == 'true':
        return test
    return pytest.mark.skip(reason='setting another owner and group needs root')(test)


class Host(object):
    """Files under a test directory, and a record of the module calls."""

    def __init__(self, watch=None):
        self.calls = []  # (module name, arguments without the _ansible_ ones, no_log flag)
        self.check_modes = []  # the check mode flag of each call
        self.watch = str(watch) if watch is not None else None
        self.snapshots = []  # after each call: {file name: (mode, uid, gid, content bytes)} of the watched directory

    def names(self):
        return [name for name, _args, _no_log in self.calls]

    def _module(self, action, module_name=None, module_args=None, task_vars=None, **kwargs):
        module_args = dict(module_args or {})
        action._update_module_args(module_name, module_args, task_vars or {})
        no_log = module_args['_ansible_no_log']
        check_mode = module_args['_ansible_check_mode']
        plain = dict((key, value) for key, value in module_args.items() if not key.startswith('_ansible_'))
        self.calls.append((module_name, plain, no_log))
        self.check_modes.append(check_mode)
        try:
            return getattr(self, module_name.rsplit('.', 1)[-1])(plain, check_mode)
        finally:
            self.snapshot()

    def snapshot(self):
        if self.watch is None:
            return
        found = {}
        for name in sorted(os.listdir(self.watch)):
            path = os.path.join(self.watch, name)
            if os.path.isfile(path) and not os.path.islink(path):
                info = os.stat(path)
                with open(path, 'rb') as handle:
                    found[name] = (stat.S_IMODE(info.st_mode), info.st_uid, info.st_gid, handle.read())
        self.snapshots.append(found)

    @staticmethod
    def stat(args, _check_mode):
        path = args['path']
        if not os.path.exists(path):
            return {'stat': {'exists': False}}
        info = os.stat(path)
        return {'stat': {'exists': True, 'isdir': os.path.isdir(path), 'uid': info.st_uid, 'gid': info.st_gid,
                         'pw_name': pwd.getpwuid(info.st_uid).pw_name, 'gr_name': grp.getgrgid(info.st_gid).gr_name,
                         'mode': '%04o' % stat.S_IMODE(info.st_mode)}}

    @staticmethod
    def slurp(args, _check_mode):
        with open(args['src'], 'rb') as handle:
            return {'content': base64.b64encode(handle.read()).decode('ascii'), 'encoding': 'base64'}

    @staticmethod
    def file(args, check_mode):
        """ansible.builtin.file for state file or directory (or none): owner, group, then mode, as Ansible sets them."""
        path = args['path']
        if not os.path.exists(path):
            if args.get('state') == 'directory' and check_mode:
                return {'changed': True, 'path': path, 'state': 'absent'}
            return {'failed': True, 'msg': 'file (%s) is absent, cannot continue' % path, 'path': path}
        changed = False
        for key, lookup, word, verb in (('owner', pwd.getpwnam, 'user', 'chown'), ('group', grp.getgrnam, 'group', 'chgrp')):
            if args.get(key) is None:
                continue
            try:
                wanted = int(args[key])
            except ValueError:
                try:
                    wanted = lookup(args[key])[2]
                except KeyError:
                    return {'failed': True, 'msg': '%s failed: failed to look up %s %s' % (verb, word, args[key]), 'path': path}
            info = os.stat(path)
            current = info.st_uid if key == 'owner' else info.st_gid
            if current != wanted:
                changed = True
                if not check_mode:
                    os.chown(path, wanted, -1) if key == 'owner' else os.chown(path, -1, wanted)
        mode = args.get('mode')
        if mode is not None and stat.S_IMODE(os.stat(path).st_mode) != int(str(mode), 8):
            changed = True
            if not check_mode:
                os.chmod(path, int(str(mode), 8))
        info = os.stat(path)
        return {'changed': changed, 'path': path, 'state': 'directory' if os.path.isdir(path) else 'file',
                'uid': info.st_uid, 'gid': info.st_gid, 'mode': '%04o' % stat.S_IMODE(info.st_mode),
                'owner': pwd.getpwuid(info.st_uid).pw_name, 'group': grp.getgrgid(info.st_gid).gr_name}

    @staticmethod
    def tempfile(args, check_mode):
        assert not check_mode, 'the tempfile module does not support check mode'
        handle, path = tempfile.mkstemp(prefix=args.get('prefix', 'ansible.'), suffix=args.get('suffix', ''), dir=args.get('path'))
        os.close(handle)
        return {'changed': True, 'path': path}

    @staticmethod
    def command(args, _check_mode):
        argv = list(args['argv']) if 'argv' in args else shlex.split(args['cmd'])
        if STANDIN in argv:  # run the stand-in with this Python, which has cryptography
            argv.insert(argv.index(STANDIN), sys.executable)
        done = subprocess.run(argv, input=(args.get('stdin') or '').encode('utf-8'), capture_output=True, check=False)
        result = {'rc': done.returncode, 'stdout': done.stdout.decode('utf-8'), 'stderr': done.stderr.decode('utf-8'), 'cmd': argv}
        if done.returncode:
            result.update(failed=True, msg='non-zero return code')
        return result


def make_action(module, host, args, check_mode=False, diff=True, no_log=False):
    """An action of ``module`` (an action plugin module) for a task with ``args``, running on ``host``."""
    task = Task()
    task.action = 'kibana.connectors.' + module.ActionModule.NAME
    task.args = dict(args)
    task.check_mode = check_mode
    task.diff = diff
    task.no_log = no_log
    connection = mock.MagicMock()
    connection._shell.tmpdir = '/nonexistent/remote-tmp'  # pylint: disable=protected-access
    connection.socket_path = None
    action = module.ActionModule(task, connection, PlayContext(), mock.MagicMock(), mock.MagicMock(), None)
    action._load_name = task.action  # pylint: disable=protected-access
    action._execute_module = lambda *a, **kw: host._module(action, *a, **kw)  # pylint: disable=protected-access
    action._remove_tmp_path = lambda *a, **kw: None  # pylint: disable=protected-access
    return action


def run(module, host, args, **kwargs):
    """The task result of one run, and its JSON text (to search for secrets)."""
    result = make_action(module, host, args, **kwargs).run(task_vars={})
    return result, json.dumps(result, sort_keys=True)
