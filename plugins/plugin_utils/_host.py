# -*- coding: utf-8 -*-
# Copyright (c) kibana.connectors contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""What the kibana_yml and kibana_keystore actions do on the managed host: check their options against their
documentation, read a file, check the owner and group on the host before anything is written, run a module with
``no_log`` when its arguments or result carry secrets, and fail with messages that hold no secret.

Private to the collection (the name starts with an underscore): not a public API.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type  # pylint: disable=invalid-name

import base64
import posixpath

from ansible.errors import AnsibleActionFail
from ansible.module_utils.common.text.converters import to_text
from ansible.plugins.action import ActionBase

from ansible_collections.kibana.connectors.plugins.module_utils._mask import redact
from ansible_collections.kibana.connectors.plugins.plugin_utils._argspec import from_documentation
from ansible_collections.kibana.connectors.plugins.plugin_utils._keystore import KeystoreProblem, entries
from ansible_collections.kibana.connectors.plugins.plugin_utils._validate import Names
from ansible_collections.kibana.connectors.plugins.plugin_utils._values import plain


class HostAction(ActionBase):
    """Base of the collection's file-writing actions. Subclasses set DOCUMENTATION (their stub's) and NAME."""

    DOCUMENTATION = ''
    NAME = ''
    _supports_check_mode = True
    _supports_async = False
    _secret_call = False
    _probe_call = False

    def run(self, tmp=None, task_vars=None):
        task_vars = task_vars or {}
        result = super(HostAction, self).run(tmp, task_vars)
        del tmp
        try:
            return self.act(result, task_vars)
        finally:
            self._remove_tmp_path(self._connection._shell.tmpdir)

    def act(self, result, task_vars):
        """The action's work: return the task result (``result`` holds what ActionBase.run set)."""
        raise NotImplementedError

    def _update_module_args(self, module_name, module_args, task_vars, *args, **kwargs):
        super(HostAction, self)._update_module_args(module_name, module_args, task_vars, *args, **kwargs)
        if self._secret_call:
            # the module's arguments or result carry secrets: keep them out of the host's log
            module_args['_ansible_no_log'] = True
        if self._probe_call:
            # a look that changes nothing whatever the task's check mode
            module_args['_ansible_check_mode'] = True
            module_args['_ansible_diff'] = False

    def options(self):
        """(options as plain values, Names for the messages), or raise AnsibleActionFail."""
        given = self._task.args
        # null is an unset option, as the role's null defaults mean; a null would fail an option's choices
        self._task.args = dict((key, value) for key, value in given.items() if value is not None)
        try:
            _result, args = self.validate_argument_spec(argument_spec=from_documentation(self.DOCUMENTATION))
        finally:
            self._task.args = given
        args = plain(args)
        return args, Names(args.get('variable_prefix'), self.NAME)

    def run_module(self, name, module_args, task_vars, secret=False, probe=False):
        """Run a module on the host. ``secret``: with no_log. ``probe``: in check mode, whatever the task's."""
        saved = self._secret_call, self._probe_call
        self._secret_call, self._probe_call = secret, probe
        try:
            module_args = dict((key, value) for key, value in module_args.items() if value is not None)
            return self._execute_module(module_name=name, module_args=module_args, task_vars=task_vars)
        finally:
            self._secret_call, self._probe_call = saved

    def stat(self, path, task_vars):
        """The stat of a file on the host (following links), or None when there is none."""
        found = self._execute_remote_stat(path, all_vars=task_vars, follow=True, checksum=False)
        return found if found.get('exists') else None

    def read(self, path, task_vars):
        """(stat, text) of a file on the host; (None, None) when there is none. Read with no_log: it may hold secrets."""
        stat = self.stat(path, task_vars)
        if stat is None:
            return None, None
        if stat.get('isdir'):
            raise AnsibleActionFail('%s is a directory' % path)
        result = self.run_module('ansible.legacy.slurp', {'src': path}, task_vars, secret=True)
        if result.get('failed'):
            raise AnsibleActionFail('Could not read %s: %s' % (path, to_text(result.get('msg', 'slurp failed'))))
        return stat, to_text(base64.b64decode(result['content']), errors='surrogate_or_strict')

    def read_text(self, path, task_vars):
        """The text of a file on the host, or None when there is none."""
        return self.read(path, task_vars)[1]

    def owner_group_errors(self, path, args, names, task_vars):
        """Problems with the directory of ``path`` and the owner and group options, found on the host before anything
        is written, in check mode too: an owner or group the host does not know, a directory that does not exist.

        The file module looks at the directory in check mode: it resolves the owner and group as it would to set them
        (a name must exist, a number is taken as it is) and changes nothing.
        """
        directory = posixpath.dirname(path) or '.'
        looked = self.run_module('ansible.legacy.file', dict(path=directory, state='directory', owner=args.get('owner'),
                                                             group=args.get('group')), task_vars, probe=True)
        if looked.get('failed'):
            msg = to_text(looked.get('msg') or 'the file module failed')
            for option, word in (('owner', 'user'), ('group', 'group')):
                if 'failed to look up %s' % word in msg:
                    return ["%s: there is no %s '%s' on the host (create it first, or choose another one). Nothing was written."
                            % (names(option), word, args.get(option))]
            return ['cannot check %s and %s on %s: %s. Nothing was written.' % (names('owner'), names('group'), directory, msg)]
        if looked.get('state') == 'absent':
            return ['the directory %s does not exist. Nothing was written.' % directory]
        return []

    def set_attributes(self, path, owner, group, mode, before, task_vars):
        """Set the owner, group and mode of ``path`` with the file module, in the task's check mode.

        Returns (changed, failure message or None). After a failure, the file is looked at again, and the message says
        what it is left with; ``changed`` then tells whether that differs from ``before`` (its stat before).
        """
        done = self.run_module('ansible.legacy.file', dict(path=path, state='file', owner=owner, group=group, mode=mode), task_vars)
        if not done.get('failed'):
            return bool(done.get('changed')), None
        msg = 'cannot set the owner, group or mode of %s: %s' % (path, to_text(done.get('msg') or 'the file module failed'))
        after = self.stat(path, task_vars)
        if after is None:
            return before is not None, msg
        changed = before is None or attributes_text(after) != attributes_text(before)
        return changed, '%s. It has %s%s' % (msg, attributes_text(after), ' now' if changed else ', as before')

    def read_keystore(self, args, names, task_vars):
        """(stat, entries, errors) of the keystore at the keystore_path option; stat is None when there is none."""
        stat, text = self.read(args['keystore_path'], task_vars)
        if text is None:
            return None, {}, []
        passphrase = None
        passphrase_file = args.get('keystore_passphrase_file')
        if passphrase_file:
            passphrase = self.read_text(passphrase_file, task_vars)
            if passphrase is None:
                return stat, {}, ['%s: there is no file %s' % (names('keystore_passphrase_file'), passphrase_file)]
        try:
            return stat, entries(text, passphrase, names), []
        except KeystoreProblem as err:
            return stat, {}, [str(err)]

    @staticmethod
    def failed(result, names, errors, changed=False):
        """The task result of a failure. The messages hold no value (see _validate): they are shown as they are.

        ``changed``: something was written on the host before the failure (a partial write), so the result says so.
        """
        result.update(failed=True, msg='%s: %s' % (names.owner, '; '.join(errors)))
        if changed:
            result['changed'] = True
        return result

    @staticmethod
    def outside_text(text, secrets):
        """A text from outside (a command's error output) with every known secret masked."""
        return redact(to_text(text or ''), secrets)


def attributes_text(stat):
    """The owner, group and mode of a file's stat, as a message says them."""
    return 'owner %s, group %s, mode %s' % (stat.get('pw_name', stat.get('uid')), stat.get('gr_name', stat.get('gid')), stat.get('mode'))
