# -*- coding: utf-8 -*-
# Copyright (c) kibana.connectors contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Quiet stdout callback of the benchmark (tests/bench/bench.py): per-task counts and times as JSON.

It prints only failures and warnings, so that the screen output costs the same
little for the module playbooks and the hand-written uri ones, and writes one
JSON document to the file named by the environment variable BENCH_STATS_FILE:
{"tasks": [{"name", "action", "seconds", "items", "invoked", "changed", "failed",
"skipped", "warnings", "failures"}], "stats": {"ok", "changed", "failures", ...}}.
With BENCH_MARKER_URL set it also sends one GET <BENCH_MARKER_URL><task number> at each task start, which the
Kibana test double logs: bench.py splits the request log by task at these markers. With BENCH_RESULTS_FILE set it
appends every task result, as Ansible hands it to a callback, to that file (one JSON document per line:
{"task", "host", "result"}), for bench.py's search for secrets in everything a run returns.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type  # pylint: disable=invalid-name

DOCUMENTATION = r'''
name: bench_stats
type: stdout
short_description: Per-task counts and times of a benchmark playbook, as JSON
description:
  - Writes the counts and times of every task to the file named by E(BENCH_STATS_FILE) and prints only failures.
  - When E(BENCH_MARKER_URL) is set, sends C(GET <BENCH_MARKER_URL><task number>) at the start of each task, so that
    the request log of the Kibana test double can be split by task.
  - When E(BENCH_RESULTS_FILE) is set, appends every task result to that file, one JSON document per line.
'''

import json
import os
import time
from urllib.request import urlopen

from ansible.plugins.callback import CallbackBase


def _payload(result):
    """The result dict of a task result (ansible-core 2.19 names it .result, older cores ._result)."""
    payload = getattr(result, 'result', None)
    if not isinstance(payload, dict):
        payload = getattr(result, '_result', {})
    return payload


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = 'stdout'
    CALLBACK_NAME = 'bench_stats'

    def __init__(self, *args, **kwargs):
        super(CallbackModule, self).__init__(*args, **kwargs)
        self.tasks = []
        self.current = None

    def v2_playbook_on_task_start(self, task, is_conditional):
        self.current = dict(name=task.get_name(), action=task.action, start=time.monotonic(), end=None,
                            items=0, invoked=0, changed=0, failed=0, skipped=0, warnings=[], failures=[])
        self.tasks.append(self.current)
        marker = os.environ.get('BENCH_MARKER_URL')
        if marker:
            try:
                urlopen('%s%d' % (marker, len(self.tasks) - 1), timeout=10).close()
            except (OSError, ValueError):
                pass  # the double answers 401/404 to a marker: only its place in the request log matters

    def _record(self, result, outcome):
        entry = self.current
        if entry is None:
            return
        entry['end'] = time.monotonic()
        payload = _payload(result)
        path = os.environ.get('BENCH_RESULTS_FILE')
        if path:
            host = getattr(getattr(result, '_host', None), 'name', None) or str(getattr(result, 'host', ''))
            with open(path, 'a') as handle:
                handle.write(json.dumps(dict(task=entry['name'], host=host, result=payload), default=str) + '\n')
        items = payload.get('results') if isinstance(payload.get('results'), list) and 'item' not in payload else None
        for one in items if items is not None else [payload]:
            if not isinstance(one, dict):
                continue
            entry['items'] += 1
            skipped = bool(one.get('skipped')) or (items is None and outcome == 'skipped')
            failed = bool(one.get('failed')) or bool(one.get('unreachable')) or (items is None and outcome == 'failed')
            if skipped:
                entry['skipped'] += 1
            else:
                entry['invoked'] += 1
            if one.get('changed'):
                entry['changed'] += 1
            if failed:
                entry['failed'] += 1
                message = str(one.get('msg') or one.get('module_stderr') or one)[:2000]
                self._display.display('FAILED: %s: %s' % (entry['name'], message))
                if len(entry['failures']) < 5:
                    entry['failures'].append(message)
            for warning in one.get('warnings') or []:
                if len(entry['warnings']) < 5:
                    entry['warnings'].append(str(warning)[:500])

    def v2_runner_on_ok(self, result):
        self._record(result, 'ok')

    def v2_runner_on_failed(self, result, ignore_errors=False):
        self._record(result, 'failed')

    def v2_runner_on_skipped(self, result):
        self._record(result, 'skipped')

    def v2_runner_on_unreachable(self, result):
        self._record(result, 'failed')

    def v2_playbook_on_stats(self, stats):
        tasks = []
        for entry in self.tasks:
            end = entry.pop('end') or entry['start']
            entry['seconds'] = round(end - entry.pop('start'), 6)
            tasks.append(entry)
        summary = {host: stats.summarize(host) for host in sorted(stats.processed)}
        path = os.environ.get('BENCH_STATS_FILE')
        if path:
            with open(path, 'w') as handle:
                json.dump(dict(tasks=tasks, stats=summary), handle)
