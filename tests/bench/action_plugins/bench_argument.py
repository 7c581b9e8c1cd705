# -*- coding: utf-8 -*-
# Copyright (c) kibana.connectors contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""No-op action plugin of the benchmark (tests/bench/bench.py, section 7): what Ansible alone costs a task that takes a
fleet as its argument and returns one line per connector.

It takes the arguments of a kibana_connectors task, sends nothing anywhere, and returns what a no-change run of
kibana_connectors returns for the same fleet: ``changed: false`` and one line per item (id, name, type, space,
``action: unchanged``, no changes), in the same order, plus a summary. So its wall time is Ansible's own cost of
such a task: templating the argument in the worker, the task's fields and the result pickled to the controller,
the callbacks. ``scale_argument.yml`` runs it; bench.py puts it next to the no-change run of ``scale.yml``.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type  # pylint: disable=invalid-name

from collections import Counter

from ansible.plugins.action import ActionBase


class ActionModule(ActionBase):
    """Returns a no-change result of the shape of kibana_connectors', from the items alone."""

    _supports_check_mode = True

    def run(self, tmp=None, task_vars=None):
        result = super(ActionModule, self).run(tmp, task_vars)
        lines = []
        for item in self._task.args.get('connectors') or []:
            lines.append(dict(id=str(item.get('connector_id') or item.get('name')), name=str(item.get('name')),
                              connector_type_id=str(item.get('connector_type_id')), space_id=str(item.get('space_id') or 'default'),
                              action='unchanged', changes=[]))
        per_space = Counter(line['space_id'] for line in lines)
        result.update(changed=False, connectors=lines, unmanaged=[],
                      summary=dict(unchanged=len(lines), spaces=dict((space, dict(unchanged=count)) for space, count in per_space.items())))
        return result
