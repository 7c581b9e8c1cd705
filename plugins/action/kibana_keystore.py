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
        exists, current, errors = self.read_keystore(args, names, task_vars)
        if errors:
            return self.failed(result, names, errors)
        changes = plan(args['connectors'], current)
        changed = bool(changes['add'] or changes['remove'])
        wrote = False  # a kibana-keystore command succeeded: the keystore on the host is no longer what it was
        if changed and not self._task.check_mode:
            secrets = secret_strings([connector.get('secrets') for connector in args['connectors']])
            steps = [(['create'], None)] if not exists else []
            steps += [(['add', entry['key'], '--stdin', '--force'], entry['value']) for entry in changes['add']]
            steps += [(['remove', name], None) for name in changes['remove']]
            for words, value in steps:
                failure = self._keystore(args, words, value, task_vars, secrets)
                if failure:
                    return self.failed(result, names, [failure], changed=wrote)
                wrote = True
            exists = True
        if exists:
            attributes = self._attributes(args, task_vars)
            if attributes.get('failed'):
                return self.failed(result, names, ['cannot set the owner, group or mode of %s: %s' % (path, attributes.get('msg'))],
                                   changed=wrote or bool(attributes.get('changed')))
            changed = changed or bool(attributes.get('changed'))
        result.update(changed=changed, summary=changes['summary'])
        if self._task.diff and changes['summary']:
            before, after = diff_texts(args['connectors'], current)
            result['diff'] = dict(before=before, after=after, before_header=path, after_header=path)
        return result

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

    def _attributes(self, args, task_vars):
        module_args = dict(path=args['keystore_path'], owner=args.get('owner'), group=args.get('group'), mode=args.get('keystore_mode'))
        return self.run_module('ansible.legacy.file', dict((key, value) for key, value in module_args.items() if value is not None), task_vars)
