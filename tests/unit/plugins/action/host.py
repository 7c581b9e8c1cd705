# -*- coding: utf-8 -*-
# Copyright (c) kibana.connectors contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""A managed host for the action tests: the modules the actions run (stat, slurp, file, command, the copy action)
stand in for over real files in a test directory, and every call is recorded with the no_log flag it was sent with.

The command module runs the molecule scenarios' stand-in kibana-keystore for real (same commands, file format and
JSON parsing as Kibana's), so the argv, environment and stdin the action sends are what is tested.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type  # pylint: disable=invalid-name

import base64
import json
import os
import shutil
import stat
import subprocess
import sys

try:
    from unittest import mock
except ImportError:  # pragma: no cover
    import mock  # type: ignore

from ansible.playbook.play_context import PlayContext
from ansible.playbook.task import Task

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..', '..', '..'))
STANDIN = os.path.join(ROOT, 'extensions', 'molecule', 'resources', 'kibana-keystore')


class Host(object):
    """Files under a test directory, and a record of the module calls."""

    def __init__(self):
        self.calls = []  # (module name, arguments without the _ansible_ ones, no_log flag)
        self.copies = []  # the task each copy action was given

    def names(self):
        return [name for name, _args, _no_log in self.calls]

    def _module(self, action, module_name=None, module_args=None, task_vars=None, **kwargs):
        module_args = dict(module_args or {})
        action._update_module_args(module_name, module_args, task_vars or {})
        no_log = module_args['_ansible_no_log']
        check_mode = module_args['_ansible_check_mode']
        plain = dict((key, value) for key, value in module_args.items() if not key.startswith('_ansible_'))
        self.calls.append((module_name, plain, no_log))
        return getattr(self, module_name.rsplit('.', 1)[-1])(plain, check_mode)

    @staticmethod
    def stat(args, _check_mode):
        path = args['path']
        return {'stat': {'exists': os.path.exists(path), 'isdir': os.path.isdir(path)}}

    @staticmethod
    def slurp(args, _check_mode):
        with open(args['src'], 'rb') as handle:
            return {'content': base64.b64encode(handle.read()).decode('ascii'), 'encoding': 'base64'}

    @staticmethod
    def file(args, check_mode):
        mode = args.get('mode')
        changed = mode is not None and stat.S_IMODE(os.stat(args['path']).st_mode) != int(str(mode), 8)
        if changed and not check_mode:
            os.chmod(args['path'], int(str(mode), 8))
        return {'changed': changed, 'path': args['path']}

    @staticmethod
    def command(args, _check_mode):
        argv = list(args['argv'])
        if STANDIN in argv:  # run the stand-in with this Python, which has cryptography
            argv.insert(argv.index(STANDIN), sys.executable)
        done = subprocess.run(argv, input=(args.get('stdin') or '').encode('utf-8'), capture_output=True, check=False)
        result = {'rc': done.returncode, 'stdout': done.stdout.decode('utf-8'), 'stderr': done.stderr.decode('utf-8'), 'cmd': argv}
        if done.returncode:
            result.update(failed=True, msg='non-zero return code')
        return result

    def copy_action(self, task):
        """The copy action: writes src to dest (atomic enough here), with backup, validate and mode."""
        host = self
        host.copies.append(task)

        class Copy(object):
            @staticmethod
            def run(task_vars=None):
                args = task.args
                with open(args['src'], 'rb') as handle:
                    content = handle.read()
                dest = args['dest']
                old = None
                if os.path.exists(dest):
                    with open(dest, 'rb') as handle:
                        old = handle.read()
                changed = old != content
                if args.get('mode') is not None and old is not None:
                    changed = changed or stat.S_IMODE(os.stat(dest).st_mode) != int(str(args['mode']), 8)
                result = {'changed': changed, 'dest': dest, 'mode': args.get('mode'), 'state': 'file'}
                if task.check_mode or not changed:
                    return result
                if args.get('validate'):
                    done = subprocess.run(args['validate'] % args['src'], shell=True, capture_output=True, check=False)
                    if done.returncode:
                        return {'failed': True, 'msg': 'failed to validate', 'exit_status': done.returncode,
                                'stdout': done.stdout.decode('utf-8'), 'stderr': done.stderr.decode('utf-8')}
                if args.get('backup') and old is not None:
                    result['backup_file'] = dest + '.1~'
                    shutil.copy(dest, result['backup_file'])
                with open(dest, 'wb') as handle:
                    handle.write(content)
                if args.get('mode') is not None:
                    os.chmod(dest, int(str(args['mode']), 8))
                return result

        return Copy()


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
    if hasattr(action, '_copy_action'):
        action._copy_action = host.copy_action  # pylint: disable=protected-access
    return action


def run(module, host, args, **kwargs):
    """The task result of one run, and its JSON text (to search for secrets)."""
    result = make_action(module, host, args, **kwargs).run(task_vars={})
    return result, json.dumps(result, sort_keys=True)
