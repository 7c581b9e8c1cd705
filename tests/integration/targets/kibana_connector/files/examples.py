# Copyright (c) kibana.connectors contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Turn the EXAMPLES of kibana_connector (ansible-doc --json on stdin) into task files for the test Kibana.

Writes into the folder given as argument: run1.yml and run2.yml (the examples, each task registered,
with the connection options replaced by the target's; run2.yml ends with
an assert that nothing changed), and cleanup.yml (every declared connector removed again).
"""

import copy
import json
import os
import sys

import yaml

MODULE = 'kibana.connectors.kibana_connector'
CONNECTION = ('url', 'api_key', 'username', 'password', 'bearer_token')


def strip_connection(task):
    task = copy.deepcopy(task)
    for key, value in task.items():
        if key == MODULE:
            for option in CONNECTION:
                value.pop(option, None)
        elif key == 'module_defaults':
            # an inner module_defaults replaces the target's for the same group: merge the connection back in
            for group, options in value.items():
                rest = dict((option, item) for option, item in options.items() if option not in CONNECTION)
                value[group] = '{{ kibana_conn | combine(%s) }}' % json.dumps(rest, sort_keys=True)
    return task


def registered(tasks, run, prefix=''):
    """The tasks with ``register: example_<run>_<n>``; returns (tasks, register names of module tasks)."""
    out, names = [], []
    for index, task in enumerate(tasks):
        task = strip_connection(task)
        if 'block' in task:
            task['block'], inner = registered(task['block'], run, '%s%d_' % (prefix, index))
            names += inner
        elif MODULE in task:
            task['register'] = 'example_%d_%s%d' % (run, prefix, index)
            names.append(task['register'])
        out.append(task)
    return out, names


def cleanup(tasks, space=None):
    out = []
    for task in tasks:
        defaults = (task.get('module_defaults') or {}).get('group/kibana.connectors.kibana', {})
        if 'block' in task:
            out += cleanup(task['block'], defaults.get('space_id', space))
        elif MODULE in task and task[MODULE].get('state', 'present') == 'present':
            args = task[MODULE]
            absent = dict(state='absent', force=True)
            absent.update(dict((key, args[key]) for key in ('connector_id', 'name', 'space_id') if key in args))
            if space and 'space_id' not in absent:
                absent['space_id'] = space
            if 'connector_id' in absent:
                absent.pop('name', None)
            out.append({'name': 'Remove %s' % args.get('name'), MODULE: absent})
    return out


def main():
    folder = sys.argv[1]
    examples = yaml.safe_load(json.load(sys.stdin)[MODULE]['examples'])
    for run in (1, 2):
        tasks, names = registered(examples, run)
        if run == 2:
            tasks.append({'name': 'The second run of every example reports no change (no example uses update_secrets: always)',
                          'ansible.builtin.assert': {'that': ['%s is not changed' % name for name in names]}})
        with open(os.path.join(folder, 'run%d.yml' % run), 'w') as handle:
            yaml.safe_dump(tasks, handle, sort_keys=False)
    with open(os.path.join(folder, 'cleanup.yml'), 'w') as handle:
        yaml.safe_dump(cleanup(examples), handle, sort_keys=False)


if __name__ == '__main__':
    main()
