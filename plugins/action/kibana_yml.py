# -*- coding: utf-8 -*-
# Copyright (c) kibana.connectors contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Action plugin of kibana.connectors.kibana_yml (documentation: plugins/modules/kibana_yml.py).

Reads the current kibana.yml on the host, checks the options, renders the new file, and writes it through the
copy action as ansible.builtin.template does (lib/ansible/plugins/action/template.py in ansible-core), with
Ansible's diff turned into a masked one.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type  # pylint: disable=invalid-name

import os
import shutil
import tempfile

from ansible import constants as C
from ansible.module_utils.common.text.converters import to_bytes

from ansible_collections.kibana.connectors.plugins.module_utils._mask import secret_strings
from ansible_collections.kibana.connectors.plugins.modules.kibana_yml import DOCUMENTATION
from ansible_collections.kibana.connectors.plugins.plugin_utils._diff import describe, secrets_of
from ansible_collections.kibana.connectors.plugins.plugin_utils._host import HostAction
from ansible_collections.kibana.connectors.plugins.plugin_utils._settings import render
from ansible_collections.kibana.connectors.plugins.plugin_utils._validate import kibana_yml_errors
from ansible_collections.kibana.connectors.plugins.plugin_utils._yaml_text import YamlProblem

# What the copy action returns that holds no file content
COPY_KEYS = ('dest', 'backup_file', 'owner', 'group', 'mode', 'uid', 'gid', 'size', 'state', 'warnings')


def option_secrets(args):
    """The secret values given in the options: connector secrets and proxy headers."""
    found = secret_strings([connector.get('secrets') for connector in args.get('connectors') or []])
    return secret_strings(args.get('actions_proxy_headers') or {}, found)


class ActionModule(HostAction):
    """Write kibana.yml."""

    TRANSFERS_FILES = True
    DOCUMENTATION = DOCUMENTATION
    NAME = 'kibana_yml'

    def act(self, result, task_vars):
        args, names = self.options()
        path = args['path']
        errors = kibana_yml_errors(args, names)
        if errors:
            return self.failed(result, names, errors)
        current = self.read_text(path, task_vars)
        if args['secrets_store'] == 'keystore':
            errors = self.read_keystore(args, names, task_vars)[2]
            if errors:
                return self.failed(result, names, errors)
        try:
            rendered = render(args, current)
        except YamlProblem as err:
            return self.failed(result, names, [str(err)])
        secrets = option_secrets(args)
        summary = before = after = None
        if rendered.content != current:
            summary, before, after = describe(current, rendered, secrets)
        in_file = secrets_of(rendered.root)
        holds_secrets = bool(in_file)
        written = self._write(rendered.content, args, task_vars, holds_secrets)
        if written.get('failed'):
            # the secrets of the options and those of the new file (elasticsearch.password in settings, say)
            secrets = secret_strings([value for _start, _end, _path, value in in_file], set(secrets))
            return self._write_failed(result, written, path, holds_secrets, secrets)
        result.update((key, written[key]) for key in COPY_KEYS if key in written)
        result.update(changed=bool(written.get('changed')), path=path, summary=summary or [])
        if self._task.diff and summary is not None:
            result['diff'] = dict(before=before, after=after, before_header=path, after_header=path)
        return result

    def _write(self, content, args, task_vars, holds_secrets):
        """Run the copy action with the content; its own diff off (it would show the raw file)."""
        copy_args = dict(dest=args['path'], backup=args['backup'],
                         owner=args.get('owner'), group=args.get('group'), mode=args.get('file_mode'),
                         validate=args.get('validate_command') or None)
        new_task = self._task.copy()
        new_task.diff = False
        new_task.no_log = bool(new_task.no_log or holds_secrets)
        local_tempdir = tempfile.mkdtemp(dir=C.DEFAULT_LOCAL_TMP)
        try:
            source = os.path.join(local_tempdir, 'kibana.yml')
            with open(to_bytes(source, errors='surrogate_or_strict'), 'wb') as handle:
                handle.write(to_bytes(content, errors='surrogate_or_strict'))
            copy_args['src'] = source
            new_task.args = dict((key, value) for key, value in copy_args.items() if value is not None)
            return self._copy_action(new_task).run(task_vars=task_vars)
        finally:
            shutil.rmtree(to_bytes(local_tempdir, errors='surrogate_or_strict'))

    def _copy_action(self, task):
        return self._shared_loader_obj.action_loader.get(
            'ansible.legacy.copy', task=task, connection=self._connection, play_context=self._play_context,
            loader=self._loader, templar=self._templar, shared_loader_obj=self._shared_loader_obj)

    def _write_failed(self, result, written, path, holds_secrets, secrets):
        if holds_secrets:
            # a validate command's output may quote the file: show none of it
            status = written.get('exit_status', written.get('rc'))
            msg = 'Could not write %s: %s%s. Its output is not shown because the new file holds secrets.' % (
                path, self.outside_text(written.get('msg') or 'the copy failed', secrets),
                ' (exit status %s)' % status if status is not None else '')
        else:
            details = [self.outside_text(written.get(key), secrets) for key in ('msg', 'stderr') if written.get(key)]
            msg = 'Could not write %s: %s' % (path, ': '.join(details) or 'the copy failed')
        result.update(failed=True, msg=msg, path=path)
        return result
