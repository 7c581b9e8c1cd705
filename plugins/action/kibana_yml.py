# -*- coding: utf-8 -*-
# Copyright (c) kibana.connectors contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Action plugin of kibana.connectors.kibana_yml (documentation: plugins/modules/kibana_yml.py).

Reads the current kibana.yml on the host, checks the options, renders the new file, and reports Ansible's changed
and a masked diff. The file may hold secrets, so it is written so that no file holding them ever has another owner,
group or a broader mode than asked, not even for an instant: the owner and group are checked on the host first (in
check mode too); the new content goes into an empty temporary file in the same directory that already has the
owner, group and mode; then the optional validate command and backup (a hard link to the previous file); then a
rename over kibana.yml. A failure removes the temporary file and leaves kibana.yml as it was.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type  # pylint: disable=invalid-name

import os
import posixpath
import time

from ansible.module_utils.common.text.converters import to_bytes

from ansible_collections.kibana.connectors.plugins.module_utils._mask import secret_strings
from ansible_collections.kibana.connectors.plugins.modules.kibana_yml import DOCUMENTATION
from ansible_collections.kibana.connectors.plugins.plugin_utils._diff import describe, secrets_of
from ansible_collections.kibana.connectors.plugins.plugin_utils._host import HostAction
from ansible_collections.kibana.connectors.plugins.plugin_utils._settings import render
from ansible_collections.kibana.connectors.plugins.plugin_utils._validate import kibana_yml_errors
from ansible_collections.kibana.connectors.plugins.plugin_utils._yaml_text import YamlProblem

# What the file module returns about the written file (as the copy module would)
FILE_KEYS = ('owner', 'group', 'mode', 'uid', 'gid', 'state')
# The command that writes the content (given on stdin) into the temporary file, which keeps its owner, group and mode
WRITE = ['sh', '-c', 'cat > "$1"', 'sh']


class WriteFailed(Exception):
    """A step of the write failed: ``reason`` says which, ``outcome`` is the module's result (never holding content)."""

    def __init__(self, reason, outcome=None, quotes_file=False):
        super(WriteFailed, self).__init__(reason)
        self.reason = reason
        self.outcome = outcome or {}
        self.quotes_file = quotes_file  # its output may quote the new file (the validate command's)


def option_secrets(args):
    """The secret values given in the options: connector secrets and proxy headers."""
    found = secret_strings([connector.get('secrets') for connector in args.get('connectors') or []])
    return secret_strings(args.get('actions_proxy_headers') or {}, found)


class ActionModule(HostAction):
    """Write kibana.yml."""

    DOCUMENTATION = DOCUMENTATION
    NAME = 'kibana_yml'

    def act(self, result, task_vars):
        args, names = self.options()
        path = args['path']
        errors = kibana_yml_errors(args, names)
        if errors:
            return self.failed(result, names, errors)
        before, current = self.read(path, task_vars)
        if args['secrets_store'] == 'keystore':
            errors = self.read_keystore(args, names, task_vars)[2]
            if errors:
                return self.failed(result, names, errors)
        try:
            rendered = render(args, current)
        except YamlProblem as err:
            return self.failed(result, names, [str(err)])
        # then what the host must have for the write, also in check mode: the directory, the owner and the group
        errors = self.owner_group_errors(path, args, names, task_vars)
        if errors:
            return self.failed(result, names, errors)
        secrets = option_secrets(args)
        summary = before_text = after_text = None
        if rendered.content != current:
            summary, before_text, after_text = describe(current, rendered, secrets)
        in_file = secrets_of(rendered.root)
        result.update(path=path, dest=path, summary=summary or [])
        if rendered.content == current:
            # the text stays: only the owner, group and mode may change (none set: nothing to do)
            changed, failure = False, None
            if any(args.get(key) is not None for key in ('owner', 'group', 'file_mode')):
                changed, failure = self.set_attributes(path, args.get('owner'), args.get('group'), args.get('file_mode'), before, task_vars)
            if failure:
                return self._failed(result, '%s%s. Its content is unchanged.' % (failure[:1].upper(), failure[1:]), changed)
            result['changed'] = changed
            return result
        if not self._task.check_mode:
            # the secrets of the options and those of the new file (elasticsearch.password in settings, say)
            secrets = secret_strings([value for _start, _end, _path, value in in_file], set(secrets))
            failure = self._write(result, rendered.content, args, before, task_vars, secrets, bool(in_file))
            if failure:
                return failure
        result['changed'] = True
        if self._task.diff:
            result['diff'] = dict(before=before_text, after=after_text, before_header=path, after_header=path)
        return result

    def _write(self, result, content, args, before, task_vars, secrets, holds_secrets):
        """Write the new file; the failed task result when a step fails, else None (and ``result`` has the file's keys)."""
        path = args['path']
        directory, base = posixpath.split(path)
        # unset options keep the current file's owner, group and mode, as the copy module does; a new file gets the
        # temporary file's: the remote user, its group (or the directory's, setgid) and 0600
        owner, group, mode = args.get('owner'), args.get('group'), args.get('file_mode')
        if before is not None:
            owner = owner if owner is not None else str(before.get('uid'))
            group = group if group is not None else str(before.get('gid'))
            mode = mode if mode is not None else before.get('mode')
        made = self.run_module('ansible.legacy.tempfile', dict(state='file', path=directory or '.', prefix='.%s.' % base, suffix='.tmp'), task_vars)
        if made.get('failed'):
            reason = 'cannot create a temporary file in %s: %s' % (directory, self.outside_text(made.get('msg'), secrets))
            return self._failed(result, 'Could not write %s: %s. %s is unchanged.' % (path, reason, path), False)
        temp = made['path']
        backup = None
        try:
            # owner, group and mode first, on the empty file: no byte of the content ever has others
            done = self.run_module('ansible.legacy.file', dict(path=temp, state='file', owner=owner, group=group, mode=mode), task_vars)
            if done.get('failed'):
                raise WriteFailed('cannot set the owner, group or mode of the new file', done)
            self._step(WRITE + [temp], 'cannot write the new file', task_vars, secret=True, stdin=content)
            if args.get('validate_command'):
                # as the copy module runs it: split into words, no shell
                outcome = self.run_module('ansible.legacy.command', dict(cmd=args['validate_command'] % temp), task_vars, secret=holds_secrets)
                if outcome.get('failed') or outcome.get('rc'):
                    raise WriteFailed('failed to validate', outcome, quotes_file=True)
            if args['backup'] and before is not None:
                backup = '%s.%d.%s' % (path, os.getpid(), time.strftime('%Y-%m-%d@%H:%M:%S~'))
                self._step(['ln', '--', path, backup], 'cannot make the backup %s' % backup, task_vars)
            self._step(['mv', '-f', '--', temp, path], 'cannot move the new file %s over %s' % (temp, path), task_vars)
        except WriteFailed as err:
            on_disk, left = self._clean_up(path, [temp] + ([backup] if backup else []), task_vars, secrets)
            return self._failed(result, '%s %s' % (self._failure_text(path, err, secrets, holds_secrets), on_disk), left)
        result.update((key, done[key]) for key in FILE_KEYS if key in done)
        result['size'] = len(to_bytes(content, errors='surrogate_or_strict'))
        if backup:
            result['backup_file'] = backup
        return None

    def _step(self, argv, reason, task_vars, secret=False, stdin=None):
        module_args = dict(argv=argv)
        if stdin is not None:
            module_args.update(stdin=stdin, stdin_add_newline=False)
        outcome = self.run_module('ansible.legacy.command', module_args, task_vars, secret=secret)
        if outcome.get('failed') or outcome.get('rc'):
            raise WriteFailed(reason, outcome)

    def _failure_text(self, path, err, secrets, holds_secrets):
        outcome = err.outcome
        if err.quotes_file and holds_secrets:
            status = outcome.get('rc')
            return 'Could not write %s: %s%s. Its output is not shown because the new file holds secrets.' % (
                path, err.reason, ' (exit status %s)' % status if status else '')
        detail = self.outside_text(outcome.get('stderr') or outcome.get('msg'), secrets).strip()
        return 'Could not write %s: %s.' % (path, err.reason + (': ' + detail if detail else ''))

    def _clean_up(self, path, paths, task_vars, secrets):
        """Remove the temporary file (and a backup made for nothing): (the sentence that says what is on disk, whether
        something is left there)."""
        outcome = self.run_module('ansible.legacy.command', dict(argv=['rm', '-f', '--'] + paths), task_vars)
        if outcome.get('failed') or outcome.get('rc'):
            return ('%s is unchanged, but the temporary file %s (the new content, with the owner, group and mode asked for) '
                    'could not be removed: %s' % (path, paths[0], self.outside_text(outcome.get('stderr') or outcome.get('msg'), secrets).strip()),
                    True)
        return '%s is unchanged.' % path, False

    @staticmethod
    def _failed(result, msg, changed):
        result.update(failed=True, msg=msg, changed=bool(changed))
        return result
