# -*- coding: utf-8 -*-
# Copyright (c) kibana.connectors contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Action plugin of kibana.connectors.kibana_keystore (documentation: plugins/modules/kibana_keystore.py).

Reads the keystore on the host, compares it with the connector secrets, and runs kibana-keystore only for what
differs (never in check mode); the values travel in module calls made with no_log.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type  # pylint: disable=invalid-name

import posixpath

from ansible_collections.kibana.connectors.plugins.module_utils._mask import secret_strings
from ansible_collections.kibana.connectors.plugins.modules.kibana_keystore import DOCUMENTATION
from ansible_collections.kibana.connectors.plugins.plugin_utils._host import HostAction
from ansible_collections.kibana.connectors.plugins.plugin_utils._keystore import diff_texts, plan
from ansible_collections.kibana.connectors.plugins.plugin_utils._validate import connector_errors, keystore_path_errors


class ActionModule(HostAction):
    """Keep connector secrets in the Kibana keystore."""

    DOCUMENTATION = DOCUMENTATION
    NAME = 'kibana_keystore'

    def act(self, result, task_vars):
        args, names = self.options()
        path = args['keystore_path']
        errors = keystore_path_errors(path, names) + connector_errors(args['connectors'], names)
        if errors:
            return self.failed(result, names, errors)
        before, current, errors = self.read_keystore(args, names, task_vars)
        if errors:
            return self.failed(result, names, errors)
        # then what the host must have, also in check mode: the directory, the owner and the group
        errors = self.owner_group_errors(path, args, names, task_vars)
        if errors:
            return self.failed(result, names, errors)
        changes = plan(args['connectors'], current)
        changed = bool(changes['add'] or changes['remove'])
        owner, group, mode = args.get('owner'), args.get('group'), args.get('keystore_mode')
        if self._task.check_mode:
            if before is not None and (owner, group, mode) != (None, None, None):
                attributes_changed, failure = self.set_attributes(path, owner, group, mode, before, task_vars)
                if failure:
                    return self.failed(result, names, [failure])
                changed = changed or attributes_changed
        else:
            failure, changed = self._apply(args, changes, before, task_vars)
            if failure:
                return self.failed(result, names, [failure], changed=changed)
        result.update(changed=changed, summary=changes['summary'])
        if self._task.diff and changes['summary']:
            before_text, after_text = diff_texts(args['connectors'], current)
            result['diff'] = dict(before=before_text, after=after_text, before_header=path, after_header=path)
        return result

    def _apply(self, args, changes, before, task_vars):
        """Change the keystore: (failure message or None, changed). The owner, group and mode are set before any secret
        is written: on a new keystore right after ``kibana-keystore create`` (which writes none), whose mode is 0600
        unless one is asked; and kibana-keystore rewrites the file in place, so they stay."""
        path = args['keystore_path']
        owner, group, mode = args.get('owner'), args.get('group'), args.get('keystore_mode')
        secrets = secret_strings([connector.get('secrets') for connector in args['connectors']])
        changed = False  # the keystore on the host is no longer what it was
        if before is None:
            if not (changes['add'] or changes['remove']):
                return None, False
            failure = self._keystore(args, ['create'], None, task_vars, secrets)
            if failure:
                return failure, False
            changed = True
            mode = mode if mode is not None else '0600'
        if (owner, group, mode) != (None, None, None):
            attributes_changed, failure = self.set_attributes(path, owner, group, mode, before, task_vars)
            changed = changed or attributes_changed
            if failure:
                if before is None:
                    failure += '; kibana-keystore create made it, and no entry was added to it'
                else:
                    failure += '; its entries were not changed'
                return failure, changed
        steps = [(['add', entry['key'], '--stdin', '--force'], entry['value']) for entry in changes['add']]
        steps += [(['remove', name], None) for name in changes['remove']]
        for index, (words, value) in enumerate(steps):
            failure = self._keystore(args, words, value, task_vars, secrets)
            if failure:
                done = changes['summary'][:index]
                if done:
                    failure += '. The keystore has the changes made before: %s' % ', '.join(item.split(': ', 1)[-1] for item in done)
                return failure, changed or bool(done)
            changed = True
        return None, changed

    def _keystore(self, args, words, value, task_vars, secrets):
        """Run kibana-keystore; the error text when it fails."""
        environment = ['KBN_PATH_CONF=%s' % posixpath.dirname(args['keystore_path'])]
        if args.get('keystore_passphrase_file'):
            environment.append('KBN_KEYSTORE_PASSPHRASE_FILE=%s' % args['keystore_passphrase_file'])
        module_args = dict(argv=['env'] + environment + [args['keystore_command']] + words)
        if value is not None:
            module_args.update(stdin=value, stdin_add_newline=False)
        outcome = self.run_module('ansible.legacy.command', module_args, task_vars, secret=True)
        if outcome.get('failed') or outcome.get('rc'):
            details = outcome.get('stderr') or outcome.get('msg') or 'exit status %s' % outcome.get('rc')
            return 'kibana-keystore %s failed: %s' % (' '.join(words[:2]), self.outside_text(details, secrets).strip())
        return None
