# -*- coding: utf-8 -*-
# Copyright (c) kibana.connectors contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The action plugin in front of kibana_connector and kibana_connectors: what the host's facts remember.

The modules remember the secrets they wrote as keyed fingerprints (module_utils/_fingerprint.py), returned as
the host fact ``kibana_connectors_fingerprints``: Ansible keeps it for the rest of the run, and its fact cache
(or AWX's fact storage) between runs. A module cannot read the host's facts; this plugin, which runs on the
controller, passes the fact to the module as its ``fingerprints`` option, so the user wires nothing. Everything
else (module_defaults, check mode, diff, delegation) is the module's, called as it would be without the plugin.

Private to the collection: not a public API, may change in any release.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type  # pylint: disable=invalid-name

from ansible.plugins.action import ActionBase

from ansible_collections.kibana.connectors.plugins.module_utils._fingerprint import FACT


class RememberingAction(ActionBase):
    """Runs the module of the same name with the host's fingerprints fact as its ``fingerprints`` option."""

    MODULE = None  # the module's fully qualified name
    _supports_check_mode = True

    def run(self, tmp=None, task_vars=None):
        task_vars = task_vars or {}
        result = super(RememberingAction, self).run(tmp, task_vars)
        args = dict(self._task.args)
        if args.get('fingerprints') is None:
            facts = task_vars.get('ansible_facts') or {}
            known = facts.get(FACT)
            if isinstance(known, dict) and known:
                args['fingerprints'] = known
        result.update(self._execute_module(module_name=self.MODULE, module_args=args, task_vars=task_vars))
        return result
