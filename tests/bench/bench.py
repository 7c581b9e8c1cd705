#!/usr/bin/env python
# -*- coding: utf-8 -*-
# Copyright (c) kibana.connectors contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Benchmark of kibana.connectors against the Kibana test double (`make bench`).

Measures, in one run, so that the ratios hold on a noisy machine:

1. converge.yml (kibana_connector in a loop) against converge_uri.yml (the same desired state written by
   hand with ansible.builtin.uri), for each N: a first run (creates), a second run (no change) and a run in
   check mode. The two run against two doubles with the same latency, interleaved run by run.
2. kibana_connector_info over --info-n connectors in one space, against a uri GET of the list.
3. The role kibana_config rendering --role-n preconfigured connectors, first and second run.
4. The requests of every module task against the floor: a no-op by connector_id costs one GET, by name one
   list; a create one POST after its lookup (plus at most one space check per task in a named space, and at
   most one GET /api/status per module run that creates: the Kibana version, for the id derived from space
   and name or a default that depends on it; both reported apart). Anything else is an extra request and
   fails the benchmark.
5. kibana_connectors (fleet.yml, one task) over --fleet-n connectors across --fleet-spaces spaces: check mode on an
   empty Kibana, the first run, a no-change run, and state overridden after 100 connectors nobody manages were
   added; and the same fleet shape at --fleet-loop-n as kibana_connector loop items (converge.yml) next to
   kibana_connectors at that size. Floors: a no-change run sends exactly one list per space; the first run one
   write per connector, one list per space, one space check per empty named space and at most one GET
   /api/status; check mode no write.

6. (the floors of every module task, in one table)
7. kibana_connectors at scale (--scale-n, 60% of the connectors with secrets) with the module's defaults and a jsonfile
   fact cache: the empty-play floor (same variables, same process), the first run, the no-change run, the floor
   again, and a run with update_secrets always at -vvv --diff; ratios to the floor, requests from the double's trace.
8. The module alone: plugins/modules/kibana_connectors.py run with an args file, at --module-n sizes: first run and
   no-change run (with the fingerprints of the first), the 3,000 -> 10,000 ratio, a profile of the largest.
9. Reads in parallel: the lists of a task over --reads-spaces spaces, within `parallel` and the shared pause.
10. Many Kibanas: many.yml over an inventory of --many-kibanas doubles, with each of --many-forks.
11. Every output of 7, 8 and 10 searched for every secret.

It prints one table (and writes it as JSON with --json) and exits non-zero when a floor is exceeded, a run
does not do what it must (a failed task, a second run reporting changes, a write in check mode), a secret is in an
output, or a target of issue 23 is missed (see tests/bench/README.md).
"""

from __future__ import absolute_import, division, print_function

import argparse
import base64
import datetime
import grp
import json
import os
import platform
import pwd
import re
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from urllib.error import HTTPError
from urllib.request import Request, urlopen

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
SPACES = ['default', 's1', 's2', 's3']
USER, PASSWORD = 'elastic', 'changeme'
MARKER = '/bench-marker/'
TRACE_LINE = re.compile(r'^(GET|POST|PUT|DELETE|PATCH|HEAD) (/\S*) (\d+|-)$')
ID_NAMESPACE = uuid.UUID('6f1e9a0c-2a57-4f0e-9a43-6d0d5b1c8e11')
RUNS = ('create', 'noop', 'check')
RUN_TITLES = {'create': 'first run (creates)', 'noop': 'second run (no change)', 'check': 'check mode'}
DOUBLE_VERSION = '8.19.0'
ROLE_MAIN = os.path.join(ROOT, 'roles', 'kibana_config', 'tasks', 'main.yml')
MODULE_FILES = {
    'kibana_connector': os.path.join(ROOT, 'plugins', 'modules', 'kibana_connector.py'),
    'kibana_connector_info': os.path.join(ROOT, 'plugins', 'modules', 'kibana_connector_info.py'),
    'kibana_connectors': os.path.join(ROOT, 'plugins', 'modules', 'kibana_connectors.py'),
    'double': os.path.join(ROOT, 'tests', 'kibana_double', '__main__.py'),
}


class BenchError(Exception):
    """The benchmark could not run (as opposed to a result that fails a check)."""


# ------------------------------------------------------------------ the desired state
def connector_spec(index, space_id):
    """Connector number ``index``: one of five types, with its config and (for two types) secrets."""
    kind = index % 5
    name = 'bench-%05d' % index
    if kind == 0:
        spec = dict(connector_type_id='.index', config={'index': 'bench-alerts-%d' % (index % 7), 'refresh': index % 2 == 0})
    elif kind == 1:
        spec = dict(connector_type_id='.server-log', config={})
    elif kind == 2:
        spec = dict(connector_type_id='.webhook', config={'url': 'https://hooks.example.com/bench/%d' % index, 'method': 'post',
                                                          'hasAuth': False, 'headers': {'X-Bench': str(index)}})
    elif kind == 3:
        spec = dict(connector_type_id='.slack', config={},
                    secrets={'webhookUrl': 'https://hooks.slack.com/services/T0/B0/bench%d' % index})
    else:
        spec = dict(connector_type_id='.pagerduty', config={'apiUrl': 'https://events.pagerduty.com/v2/enqueue'},
                    secrets={'routingKey': 'bench-routing-key-%d' % index})
    spec.update(name='%s%s' % (spec['connector_type_id'].lstrip('.'), name[5:]), space_id=space_id)
    return spec


def desired_connectors(count):
    """``count`` connectors over the four spaces; half identified by connector_id, half by name."""
    by_id, by_name = [], []
    for index in range(count):
        spec = connector_spec(index, SPACES[index % len(SPACES)])
        if (index // len(SPACES)) % 2 == 0:
            spec['connector_id'] = str(uuid.uuid5(ID_NAMESPACE, 'bench-%d' % index))
            by_id.append(spec)
        else:
            by_name.append(spec)
    return by_id, by_name


# ------------------------------------------------------------------ the double
class Double(object):
    """One Kibana test double, started as `python -m tests.kibana_double` from the collection root."""

    def __init__(self, python, workdir, name, latency_ms, kibana_yml=None, spaces=None, trace=False):
        """``trace``: the double writes one line per API request to its log (``METHOD /path STATUS``), which
        ``traced`` reads: unlike the request log of the admin API, which keeps the last 10,000 requests, it keeps
        them all."""
        self.name = name
        self.workdir = workdir
        port_file = os.path.join(workdir, '%s.port' % name)
        self.log_path = os.path.join(workdir, '%s.log' % name)
        argv = [python, '-m', 'tests.kibana_double', '--port', '0', '--port-file', port_file, '--latency-ms', str(latency_ms),
                '--spaces', ','.join(spaces or SPACES[1:]), '--idle-timeout', '3600', '--version', DOUBLE_VERSION]
        if not trace:
            argv.append('--quiet')
        if kibana_yml:
            argv += ['--kibana-yml', kibana_yml]
        with open(self.log_path, 'w') as log:
            self.process = subprocess.Popen(argv, cwd=ROOT, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.time() + 30
        while not (os.path.exists(port_file) and open(port_file).read().strip()):
            if self.process.poll() is not None or time.time() > deadline:
                self.stop()
                raise BenchError('the Kibana test double %s did not start: %s' % (name, self.log_tail()))
            time.sleep(0.05)
        self.url = 'http://127.0.0.1:%d' % int(open(port_file).read().strip())

    def log_tail(self):
        try:
            with open(self.log_path) as log:
                return log.read()[-2000:]
        except OSError:
            return ''

    def call(self, method, path, body=None, auth=False):
        data = None if body is None else json.dumps(body).encode('utf-8')
        request = Request(self.url + path, data=data, method=method)
        request.add_header('Content-Type', 'application/json')
        request.add_header('kbn-xsrf', 'bench')
        if auth:
            token = base64.b64encode(('%s:%s' % (USER, PASSWORD)).encode('utf-8')).decode('ascii')
            request.add_header('Authorization', 'Basic %s' % token)
        try:
            with urlopen(request, timeout=60) as answer:
                text = answer.read()
        except HTTPError as err:
            raise BenchError('%s %s on the double: HTTP %s %s' % (method, path, err.code, err.read()[:500]))
        except OSError as err:
            raise BenchError('%s %s on the double %s (%s): %s; its log: %s' % (
                method, path, self.name, 'running' if self.process.poll() is None else 'exited', err, self.log_tail()))
        return json.loads(text.decode('utf-8')) if text else None

    def admin(self, method, what, body=None):
        return self.call(method, '/__double__/' + what, body)

    def reset(self):
        self.admin('POST', 'reset')

    def requests(self):
        return self.admin('GET', 'requests')['requests']

    def clear_requests(self):
        self.admin('DELETE', 'requests')

    def stored(self):
        return self.admin('GET', 'connectors')['connectors']

    def faults(self, spec=None):
        """Add a fault (or set the latency: ``{"latency_ms": X}``); with no spec, clear them all."""
        if spec is None:
            self.admin('DELETE', 'faults')
        else:
            self.admin('POST', 'faults', spec)

    def trace_offset(self):
        """Where the traced requests that follow will start in the log (see ``traced``)."""
        return os.path.getsize(self.log_path)

    def traced(self, offset):
        """The requests the double traced in its log since ``offset``, as request log entries (method, path, space)."""
        with open(self.log_path, 'rb') as log:
            log.seek(offset)
            text = log.read().decode('utf-8', 'replace')
        entries = []
        for line in text.splitlines():
            found = TRACE_LINE.match(line)
            if found:
                space = re.match(r'^/s/([^/]+)', found.group(2))
                entries.append(dict(method=found.group(1), path=found.group(2), space=space.group(1) if space else None,
                                    status=found.group(3)))
        return entries

    def stop(self):
        if self.process.poll() is None:
            try:
                self.call('POST', '/__double__/shutdown')
            except (BenchError, OSError):
                pass
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.terminate()
                self.process.wait(10)


# ------------------------------------------------------------------ ansible
class Ansible(object):
    """Runs the benchmark playbooks with the quiet bench_stats callback and times them."""

    def __init__(self, python, workdir):
        self.python = python
        self.workdir = workdir
        collections = os.path.join(workdir, 'collections')
        os.makedirs(os.path.join(collections, 'ansible_collections', 'kibana'))
        os.symlink(ROOT, os.path.join(collections, 'ansible_collections', 'kibana', 'connectors'))
        script = os.path.join(os.path.dirname(python), 'ansible-playbook')
        self.command = [script] if os.access(script, os.X_OK) else [python, '-m', 'ansible.cli.playbook']
        self.env = dict(os.environ)
        self.env.update(
            ANSIBLE_COLLECTIONS_PATH=collections,
            ANSIBLE_CALLBACK_PLUGINS=os.path.join(HERE, 'callback_plugins'),
            ANSIBLE_ACTION_PLUGINS=os.path.join(HERE, 'action_plugins'),
            ANSIBLE_STDOUT_CALLBACK='bench_stats',
            ANSIBLE_LOCALHOST_WARNING='false',
            ANSIBLE_INVENTORY_UNPARSED_WARNING='false',
            ANSIBLE_RETRY_FILES_ENABLED='false',
            ANSIBLE_NOCOLOR='1',
            ANSIBLE_FORCE_COLOR='0',
        )
        self.runs = 0

    def play(self, playbook, variables, check=False, marker_url=None, config=None, options=(), stdout_callback=None, results_file=None,
             vars_file=None):
        """Run a playbook; return dict(wall, tasks, rc, output).

        ``config``: an ansible.cfg (ANSIBLE_CONFIG); ``options``: more ansible-playbook options (-vvv, --diff,
        --forks, -i); ``stdout_callback``: instead of bench_stats (then ``tasks`` is empty); ``results_file``: the
        bench_stats callback writes every task result there, as JSON lines; ``vars_file``: the variables written
        already (the same file for several runs, as a user's vars file would be)."""
        self.runs += 1
        if vars_file is None:
            vars_file = os.path.join(self.workdir, 'vars-%d.json' % self.runs)
            with open(vars_file, 'w') as handle:
                json.dump(dict(variables, ansible_python_interpreter=self.python), handle)
        stats_file = os.path.join(self.workdir, 'stats-%d.json' % self.runs)
        env = dict(self.env, BENCH_STATS_FILE=stats_file)
        if marker_url:
            env['BENCH_MARKER_URL'] = marker_url + MARKER
        if config:
            env['ANSIBLE_CONFIG'] = config
        if stdout_callback:
            env['ANSIBLE_STDOUT_CALLBACK'] = stdout_callback
        if results_file:
            env['BENCH_RESULTS_FILE'] = results_file
        argv = self.command + [os.path.join(HERE, playbook), '-e', '@' + vars_file] + (['--check'] if check else []) + list(options)
        start = time.monotonic()
        done = subprocess.run(argv, cwd=self.workdir, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, check=False)
        wall = time.monotonic() - start
        tasks = []
        if os.path.exists(stats_file):
            with open(stats_file) as handle:
                tasks = json.load(handle)['tasks']
        return dict(wall=wall, tasks=tasks, rc=done.returncode, output=done.stdout.decode('utf-8', 'replace'))


# ------------------------------------------------------------------ the request log
def classify(entry):
    """(kind, space, key) of one logged request; kind is get|list|create|update|delete|space|marker|other."""
    method, space = entry['method'], entry.get('space') or 'default'
    route = re.sub(r'^/s/[^/]+', '', entry['path'].split('?')[0])
    if route.startswith(MARKER):
        return 'marker', space, route[len(MARKER):]
    found = re.match(r'^/api/actions/connector(?:/([^/]*))?$', route)
    if found:
        key = found.group(1) or None
        kind = {'GET': 'get', 'POST': 'create', 'PUT': 'update', 'DELETE': 'delete'}.get(method, 'other')
        return kind, space, key if kind != 'other' else '%s %s' % (method, route)
    if method == 'GET' and route == '/api/actions/connectors':
        return 'list', space, None
    if method == 'GET' and route == '/api/status':
        return 'status', space, None
    found = re.match(r'^/api/spaces/space/([^/]+)$', route)
    if method == 'GET' and found:
        return 'space', found.group(1), found.group(1)
    return 'other', space, '%s %s' % (method, route)


def split_by_task(entries):
    """The logged requests between the markers the callback sends at each task start: {task index: [(kind, space, key)]}."""
    tasks, current = {}, None
    for entry in entries:
        kind, space, key = classify(entry)
        if kind == 'marker':
            current = int(key)
            tasks.setdefault(current, [])
            continue
        tasks.setdefault(current, []).append((kind, space, key))
    return tasks


KIND_LABEL = {'get': 'GET', 'list': 'list', 'create': 'POST', 'update': 'PUT', 'delete': 'DELETE', 'space': 'space GET',
              'status': 'status GET'}
WRITES = ('create', 'update', 'delete')


def describe_counts(counts, per):
    """'1 GET + 1 POST' style text of a Counter of kinds, divided by ``per`` tasks."""
    parts = []
    for kind in ('get', 'list', 'create', 'update', 'delete', 'space', 'status', 'other'):
        if counts.get(kind):
            value = counts[kind] / float(per or 1)
            parts.append('%s %s' % (('%d' % value) if value == int(value) else ('%.2f' % value), KIND_LABEL.get(kind, 'other')))
    return ' + '.join(parts) or '0'


def listing(counts):
    """'2 x POST <id> (space s1), ...' for a Counter of (kind, space, key)."""
    items = sorted(counts.items(), key=str)
    text = ', '.join('%d x %s %s (space %s)' % (count, KIND_LABEL.get(kind, kind), key or '', space) for (kind, space, key), count in items[:8])
    return text + (', ...' if len(items) > 8 else '')


def floor_check(run, identity, connectors, requests):
    """Compare one module task's requests with the floor; return a result dict.

    A create by name goes to the id the module derives from the space and the name (or to Kibana's own id before
    Kibana 8.8): its key is not compared. Two requests are allowed apart and counted in their own columns: the space
    check before a create into a named space (once per such create), and GET /api/status (the Kibana version, for
    the derived id or a default that depends on the version: at most once per module run that creates).
    """
    expected = Counter()
    space_budget = Counter()
    for conn in connectors:
        key = conn.get('connector_id') if identity == 'connector_id' else None
        lookup = 'get' if identity == 'connector_id' else 'list'
        expected[(lookup, conn['space_id'], key)] += 1
        if run == 'create':
            expected[('create', conn['space_id'], key)] += 1
            if conn['space_id'] != 'default':
                space_budget[conn['space_id']] += 1
    status_budget = len(connectors) if run == 'create' else 0
    observed = Counter((kind, space, None if (kind == 'create' and identity == 'name') else key)
                       for kind, space, key in requests if kind not in ('space', 'status'))
    space_checks = Counter(item[1] for item in requests if item[0] == 'space')
    status_checks = sum(1 for item in requests if item[0] == 'status')
    extra = observed - expected
    missing = expected - observed
    over_budget = dict((space, count - space_budget[space]) for space, count in space_checks.items() if count > space_budget[space])
    floor = Counter()
    for (kind, dummy, dummy2), count in expected.items():
        floor[kind] += count
    problems = []
    if extra:
        problems.append('extra requests: %s' % listing(extra))
    if missing:
        problems.append('requests missing (did the task do its work?): %s' % listing(missing))
    if over_budget:
        problems.append('space checks above one per create into a named space: %s' % over_budget)
    if status_checks > status_budget:
        problems.append('%d GET /api/status, at most %d allowed (one per module run that creates)' % (status_checks, status_budget))
    return dict(run=run, identity=identity, tasks=len(connectors),
                observed=describe_counts(Counter(item[0] for item in requests if item[0] not in ('space', 'status')), len(connectors)),
                floor=describe_counts(floor, len(connectors)),
                space_checks=sum(space_checks.values()), space_checks_allowed=sum(space_budget.values()),
                status_checks=status_checks, status_checks_allowed=status_budget,
                extra=sum(extra.values()), ok=not problems, problems=problems)


# ------------------------------------------------------------------ the scenarios
def progress(label, result):
    """One line on stderr per playbook run, so that a long benchmark shows where it is."""
    sys.stderr.write('bench: %-28s %7.1f s%s\n' % (label, result['wall'], '' if result['rc'] == 0 else '  (exit %d)' % result['rc']))
    sys.stderr.flush()


def task_named(result, prefix):
    for task in result['tasks']:
        if task['name'].startswith(prefix):
            return task
    return None


def run_problems(label, result):
    """Failures of a playbook run, as text."""
    problems = []
    if result['rc'] != 0:
        tail = result['output'].strip().splitlines()[-15:]
        problems.append('%s: ansible-playbook exited %d: %s' % (label, result['rc'], '\n    '.join(tail)))
    for task in result['tasks']:
        if task['failed']:
            problems.append('%s: task %r failed %d times: %s' % (label, task['name'], task['failed'], '; '.join(task['failures'])[:1500]))
    return problems


def converge(args, ansible, doubles, count):
    """The module and the uri baseline, N connectors, three runs each, interleaved."""
    by_id, by_name = desired_connectors(count)
    id_names = set(conn['name'] for conn in by_id)
    rows, floors, problems = [], [], []
    for double in doubles.values():
        double.reset()
    for run in RUNS:
        row = dict(n=count, run=run)
        for impl, playbook in (('module', 'converge.yml'), ('uri', 'converge_uri.yml')):
            double = doubles[impl]
            double.clear_requests()
            variables = dict(bench_kibana=dict(url=double.url, username=USER, password=PASSWORD), bench_by_id=by_id, bench_by_name=by_name)
            result = ansible.play(playbook, variables, check=run == 'check', marker_url=double.url)
            entries = double.requests()
            label = '%s N=%d %s' % (impl, count, run)
            progress(label, result)
            problems += run_problems(label, result)
            per_task = split_by_task(entries)
            requests = [item for index in sorted(per_task, key=lambda k: -1 if k is None else k) for item in per_task[index]]
            kinds = Counter(item[0] for item in requests)
            invoked = sum(task['invoked'] for task in result['tasks'])
            changed = sum(task['changed'] for task in result['tasks'])
            writes = sum(kinds[kind] for kind in WRITES)
            row[impl] = dict(wall=result['wall'], invocations=invoked, requests=len(requests), changed=changed, writes=writes,
                             kinds=dict(kinds), per_connector=len(requests) / float(count))
            expect_changed = count if run == 'create' else 0
            if changed != expect_changed:
                problems.append('%s: %d changed, expected %d' % (label, changed, expect_changed))
            if run == 'check' and writes:
                problems.append('%s: %d writes in check mode' % (label, writes))
            if run == 'create':
                stored = double.stored()
                if len(stored) != count:
                    problems.append('%s: %d connectors stored, expected %d' % (label, len(stored), count))
                row[impl]['stored'] = sorted((c['space'], c['name'], c['connector_type_id'], json.dumps(c.get('config'), sort_keys=True),
                                              c.get('secrets_sha256'), c['id'] if c['name'] in id_names else '') for c in stored)
            if impl == 'module':
                for identity, connectors in (('connector_id', by_id), ('name', by_name)):
                    title = 'Connectors identified by %s' % identity
                    position = next((i for i, task in enumerate(result['tasks']) if task['name'] == title), None)
                    if position is None:
                        problems.append('%s: no task %r in converge.yml' % (label, title))
                        continue
                    check = floor_check(run, identity, connectors, per_task.get(position, []))
                    check['n'] = count
                    floors.append(check)
                    problems += ['%s, by %s: %s' % (label, identity, text) for text in check['problems']]
                unattributed = per_task.get(None, [])
                if unattributed:
                    problems.append('%s: %d requests outside any task' % (label, len(unattributed)))
        if run == 'create' and row['module'].get('stored') != row['uri'].get('stored'):
            problems.append('N=%d: the module and the uri baseline did not store the same connectors' % count)
        for impl in ('module', 'uri'):
            row[impl].pop('stored', None)
        rows.append(row)
    return rows, floors, problems


def info_connectors(count):
    """``count`` stored connectors for the info benchmark, as the double's admin API takes them."""
    stored = []
    for index in range(count):
        spec = connector_spec(index, 's1')
        config = dict(spec['config'])
        if spec['connector_type_id'] == '.index':
            config.setdefault('executionTimeField', None)
        stored.append(dict(id=str(uuid.uuid5(ID_NAMESPACE, 'info-%d' % index)), space='s1', name=spec['name'],
                           connector_type_id=spec['connector_type_id'], config=config, secrets=spec.get('secrets', {})))
    return stored


def info(args, ansible, double):
    """kibana_connector_info over --info-n connectors in one space, against uri GETs of the list."""
    double.reset()
    stored = info_connectors(args.info_n)
    for conn in stored:
        double.admin('POST', 'connectors', conn)
    middle = stored[len(stored) // 2]
    queries = [dict(expect=len(stored)), dict(expect=len(stored)), dict(name=middle['name'], expect=1),
               dict(connector_type_id='.webhook', expect=sum(1 for c in stored if c['connector_type_id'] == '.webhook')),
               dict(connector_id=middle['id'], expect=1)]
    variables = dict(bench_kibana=dict(url=double.url, username=USER, password=PASSWORD), bench_info_space='s1', bench_info_queries=queries)
    rows, floors, problems = [], [], []
    for impl, playbook in (('module', 'info.yml'), ('uri', 'info_uri.yml')):
        double.clear_requests()
        result = ansible.play(playbook, variables, marker_url=double.url)
        label = 'info %s' % impl
        progress(label, result)
        problems += run_problems(label, result)
        per_task = split_by_task(double.requests())
        position = next((i for i, task in enumerate(result['tasks']) if task['name'].startswith('Read the connectors')), None)
        if position is None:
            problems.append('%s: no task "Read the connectors ..." in %s' % (label, playbook))
            continue
        task = result['tasks'][position]
        requests = per_task.get(position, [])
        kinds = Counter(item[0] for item in requests)
        rows.append(dict(impl=impl, wall=result['wall'], task_seconds=task['seconds'], invocations=task['invoked'], requests=len(requests),
                         kinds=dict(kinds), connectors=len(stored)))
        if impl == 'module':
            ok = kinds == Counter(list=len(queries)) and all(item[1] == 's1' for item in requests)
            check = dict(run='info', identity='space (%d connectors)' % len(stored), tasks=task['invoked'],
                         observed=describe_counts(kinds, task['invoked']), floor='1 list', space_checks=kinds.get('space', 0),
                         space_checks_allowed=0, status_checks=kinds.get('status', 0), status_checks_allowed=0,
                         extra=max(0, len(requests) - len(queries)), ok=ok, n=len(stored),
                         problems=[] if ok else ['requests %s, expected one list per task' % dict(kinds)])
            floors.append(check)
            problems += ['info: %s' % text for text in check['problems']]
    return rows, floors, problems


def role(args, ansible, workdir, python):
    """The role kibana_config rendering --role-n preconfigured connectors, first and second run."""
    if not os.path.exists(ROLE_MAIN):
        return [], ['role: roles/kibana_config/tasks/main.yml does not exist yet: the role part was not run']
    config_dir = os.path.join(workdir, 'kibana-config')
    os.makedirs(config_dir)
    connectors = []
    for index in range(args.role_n):
        spec = connector_spec(index, 'default')
        entry = dict(id='bench-pre-%05d' % index, name=spec['name'], connector_type_id=spec['connector_type_id'], config=spec['config'])
        if spec.get('secrets'):
            entry['secrets'] = spec['secrets']
        connectors.append(entry)
    rendered = os.path.join(config_dir, 'kibana.yml')
    variables = dict(bench_kibana_config_path=rendered, bench_preconfigured=connectors,
                     bench_owner=pwd.getpwuid(os.getuid()).pw_name, bench_group=grp.getgrgid(os.getgid()).gr_name)
    rows, problems = [], []
    for run in ('first', 'second'):
        result = ansible.play('role.yml', variables)
        label = 'role %s run' % run
        progress(label, result)
        problems += run_problems(label, result)
        changed = sum(task['changed'] for task in result['tasks'])
        rows.append(dict(run=run, wall=result['wall'], changed=changed, tasks=len(result['tasks']), connectors=args.role_n))
        if run == 'second' and changed:
            problems.append('%s: %d tasks changed, expected none' % (label, changed))
        if run == 'first' and not changed:
            problems.append('%s: nothing changed' % label)
    if not problems and os.path.exists(rendered):
        loaded = Double(python, workdir, 'role-check', 0, kibana_yml=rendered)
        try:
            found = set(loaded.admin('GET', 'info')['preconfigured'])
        finally:
            loaded.stop()
        ids = set(conn['id'] for conn in connectors)
        if ids - found:
            problems.append('role: the rendered kibana.yml lacks %d of the %d connectors (the double read it)' % (len(ids - found), len(ids)))
        for row in rows:
            row['loaded_by_double'] = len(ids & found)
    elif not problems:
        problems.append('role: no kibana.yml at %s after the runs' % rendered)
    return rows, problems


# ------------------------------------------------------------------ the fleet module
FLEET_RUNS = ('check', 'create', 'noop', 'overridden')
FLEET_TITLES = {'check': 'check mode (empty Kibana)', 'create': 'first run (creates)', 'noop': 'second run (no change)',
                'overridden': 'overridden, 100 unmanaged', 'loop-create': 'first run (creates)', 'loop-noop': 'second run (no change)'}
FLEET_UNMANAGED = 100


def fleet_spaces(count):
    return ['default'] + ['f%d' % number for number in range(1, count)]


def fleet_connectors(count, spaces):
    """``count`` connectors over ``spaces``, the five types of connector_spec; half by connector_id, half by name."""
    fleet = []
    for index in range(count):
        spec = connector_spec(index, spaces[index % len(spaces)])
        if (index // len(spaces)) % 2 == 0:
            spec['connector_id'] = str(uuid.uuid5(ID_NAMESPACE, 'fleet-%d' % index))
        fleet.append(spec)
    return fleet


def fleet_floor(run, connectors, spaces, kinds):
    """The requests a fleet run may send, by kind, and the problems of what it sent."""
    named = len(set(conn['space_id'] for conn in connectors) - set(['default']))
    floor = Counter(list=len(spaces))
    if run in ('create', 'check'):
        floor['space'] = named
    # the Kibana version, read once when a create needs it (a derived id, or a default that depends on the version)
    status_budget = 1 if run in ('check', 'create') else 0
    if run == 'create':
        floor['create'] = len(connectors)
    if run == 'overridden':
        floor['delete'] = FLEET_UNMANAGED
    problems = []
    sent = Counter(kinds)
    status = sent.pop('status', 0)
    if sent != floor or status > status_budget:
        problems.append('requests %s, the floor is %s%s' % (dict(kinds), dict(floor),
                                                            ' and at most one status GET' if status_budget else ''))
    return floor, problems


def fleet_run(ansible, double, label, playbook, variables, check=False):
    """One playbook run against the fleet double: (result, Counter of request kinds)."""
    double.clear_requests()
    result = ansible.play(playbook, variables, check=check, marker_url=double.url)
    progress(label, result)
    kinds = Counter(item[0] for item in (classify(entry) for entry in double.requests()) if item[0] != 'marker')
    return result, kinds


def fleet(args, ansible, workdir, python):
    """kibana_connectors over --fleet-n connectors, and kibana_connector loop items at --fleet-loop-n, side by side."""
    spaces = fleet_spaces(args.fleet_spaces)
    double = Double(python, workdir, 'fleet', args.latency_ms, spaces=spaces[1:])
    rows, floors, problems = [], [], []
    try:
        kibana = dict(url=double.url, username=USER, password=PASSWORD)
        for count in sorted(set([args.fleet_n, args.fleet_loop_n])):
            connectors = fleet_connectors(count, spaces)
            double.reset()
            variables = dict(bench_kibana=kibana, bench_fleet=connectors, bench_state='replaced', bench_spaces=spaces,
                             bench_parallel=args.fleet_parallel)
            for run in FLEET_RUNS if count == args.fleet_n else ('create', 'noop'):
                if run == 'overridden':
                    for index in range(FLEET_UNMANAGED):
                        double.admin('POST', 'connectors', dict(id='unmanaged-%03d' % index, name='unmanaged %03d' % index,
                                                                connector_type_id='.server-log', space=spaces[index % len(spaces)]))
                label = 'fleet N=%d %s' % (count, run)
                result, kinds = fleet_run(ansible, double, label, 'fleet.yml',
                                          dict(variables, bench_state='overridden' if run == 'overridden' else 'replaced'),
                                          check=run == 'check')
                problems += run_problems(label, result)
                task = task_named(result, 'The fleet') or dict(changed=0, seconds=0)
                expect_changed = run != 'noop'
                if bool(task['changed']) != expect_changed:
                    problems.append('%s: changed is %s, expected %s' % (label, bool(task['changed']), expect_changed))
                floor, wrong = fleet_floor(run, connectors, spaces, kinds)
                problems += ['%s: %s' % (label, text) for text in wrong]
                stored = [c for c in double.stored() if not c['name'].startswith('unmanaged ')]
                if run != 'check' and len(stored) != count:
                    problems.append('%s: %d connectors stored, expected %d' % (label, len(stored), count))
                rows.append(dict(impl='kibana_connectors', n=count, spaces=len(spaces), run=run, wall=result['wall'],
                                 task_seconds=task['seconds'], requests=sum(kinds.values()), kinds=dict(kinds)))
                floors.append(dict(n=count, run='fleet %s' % run, identity='over %d spaces' % len(spaces), tasks=1,
                                   observed=describe_counts(kinds, 1), floor=describe_counts(floor, 1),
                                   space_checks=kinds.get('space', 0), space_checks_allowed=floor.get('space', 0),
                                   status_checks=kinds.get('status', 0), status_checks_allowed=1 if run in ('check', 'create') else 0,
                                   extra=max(0, sum(kinds.values()) - kinds.get('status', 0) - sum(floor.values())), ok=not wrong,
                                   problems=wrong))
        loop_connectors = fleet_connectors(args.fleet_loop_n, spaces)
        double.reset()
        variables = dict(bench_kibana=kibana, bench_by_id=[c for c in loop_connectors if c.get('connector_id')],
                         bench_by_name=[c for c in loop_connectors if not c.get('connector_id')])
        for run in ('create', 'noop'):
            label = 'loop N=%d %s' % (args.fleet_loop_n, run)
            result, kinds = fleet_run(ansible, double, label, 'converge.yml', variables)
            problems += run_problems(label, result)
            rows.append(dict(impl='kibana_connector loop', n=args.fleet_loop_n, spaces=len(spaces), run='loop-' + run,
                             wall=result['wall'], task_seconds=sum(task['seconds'] for task in result['tasks']),
                             requests=sum(kinds.values()), kinds=dict(kinds)))
    finally:
        double.stop()
    return rows, floors, problems


# ------------------------------------------------------------------ scale: kibana_connectors at 1,000 and 10,000
SCALE_TITLES = {'floor': 'floor: empty play, same variables', 'create': 'first run (creates)', 'noop': 'no change (defaults)',
                'argument': 'Ansible alone: same task, no-op action', 'floor-after': 'floor again',
                'secrets': 'update_secrets always, -vvv --diff'}
SECRET_TYPES = ('.slack', '.pagerduty', '.teams')
# The targets of issue 23, at 10,000 connectors: wall time of a run against the empty-play floor measured in the same run,
# and the module's own time from 3,000 to 10,000 connectors.
SCALE_TARGET_AT = 10000
SCALE_TARGETS = {'noop': 2.0, 'create': 10.0}
MODULE_RATIO_SIZES = (3000, 10000)
MODULE_RATIO_LIMIT = 4.0


def scale_connectors(count, spaces, marker, prefix='scale'):
    """``count`` connectors over ``spaces``: five types, three of them with secrets (60%), half by connector_id.

    Every secret holds ``marker`` (random, made for this benchmark run) followed by the connector's index in six
    digits, so that one search for the marker finds any secret, whole or cut, in an output (``find_secrets``)."""
    fleet = []
    for index in range(count):
        kind = index % 5
        tag = '%s%06d' % (marker, index)
        if kind == 0:
            spec = dict(connector_type_id='.index', config={'index': 'scale-alerts-%d' % (index % 7), 'refresh': index % 2 == 0})
        elif kind == 1:
            spec = dict(connector_type_id='.server-log', config={})
        elif kind == 2:
            spec = dict(connector_type_id='.slack', config={}, secrets={'webhookUrl': 'https://hooks.slack.com/services/T0/B0/' + tag})
        elif kind == 3:
            spec = dict(connector_type_id='.pagerduty', config={'apiUrl': 'https://events.pagerduty.com/v2/enqueue'},
                        secrets={'routingKey': 'pd-' + tag})
        else:
            spec = dict(connector_type_id='.teams', config={}, secrets={'webhookUrl': 'https://example.webhook.office.com/webhookb2/' + tag})
        spec.update(name='%s %s %05d' % (prefix, spec['connector_type_id'].lstrip('.'), index), space_id=spaces[index % len(spaces)])
        if (index // len(spaces)) % 2 == 0:
            spec['connector_id'] = str(uuid.uuid5(ID_NAMESPACE, '%s-%d' % (prefix, index)))
        fleet.append(spec)
    return fleet


def secret_index(connectors):
    """{index: secret string} of the connectors ``scale_connectors`` made."""
    found = {}
    for index, conn in enumerate(connectors):
        for value in (conn.get('secrets') or {}).values():
            found[index] = value
    return found


def find_secrets(text, marker, secrets):
    """Where ``text`` holds a secret or a piece of one: every occurrence of the marker that each secret holds, as
    (connector index, True when the whole secret string is there). Every secret contains the marker, so this finds
    each secret string, whole, and also the pieces of one that keep the marker."""
    found = []
    start = text.find(marker)
    while start >= 0:
        digits = text[start + len(marker):start + len(marker) + 6]
        secret = secrets.get(int(digits)) if digits.isdigit() else None
        whole = False
        if secret:
            offset = secret.index(marker)
            whole = text[start - offset:start - offset + len(secret)] == secret
        found.append((digits, whole))
        start = text.find(marker, start + 1)
    return found


def search_outputs(label, outputs, marker, secrets):
    """Search every output (name -> text) for the secrets; return the search's row and its problems."""
    leaks, size = [], 0
    for name, text in outputs:
        size += len(text)
        hits = find_secrets(text, marker, secrets)
        if hits:
            whole = sum(1 for dummy, is_whole in hits if is_whole)
            leaks.append('%s: %d secrets (%d whole, %d pieces), connectors %s' % (
                name, len(hits), whole, len(hits) - whole, ', '.join(sorted(set(digits for digits, dummy in hits)))[:200]))
    row = dict(label=label, outputs=len(outputs), chars=size, secrets=len(secrets), found=len(leaks))
    return row, ['%s: a secret in an output: %s' % (label, leak) for leak in leaks]


def read_text(path):
    with open(path, 'rb') as handle:
        return handle.read().decode('utf-8', 'replace')


def folder_outputs(folder):
    """(name, text) of every file under ``folder`` (a fact cache)."""
    found = []
    for top, dummy, files in os.walk(folder):
        for name in sorted(files):
            path = os.path.join(top, name)
            found.append((os.path.relpath(path, os.path.dirname(folder)), read_text(path)))
    return found


def cached_facts(folder, host):
    """The facts of ``host`` in a jsonfile fact cache (ansible-core 2.19 names the file ``s1_<host>`` and wraps the facts in
    ``__payload__``; older cores name it ``<host>``)."""
    for name in ('s1_' + host, host):
        path = os.path.join(folder, name)
        if os.path.exists(path):
            facts = json.loads(read_text(path))
            if isinstance(facts, dict) and isinstance(facts.get('__payload__'), str):
                facts = json.loads(facts['__payload__'])
            return facts if isinstance(facts, dict) else {}
    return {}


def write_fact_cache_cfg(path, facts):
    """An ansible.cfg with a jsonfile fact cache that never expires: the fingerprints of the secrets written persist
    between runs, as the collection's documentation tells users to set it up."""
    with open(path, 'w') as handle:
        handle.write('[defaults]\nfact_caching = jsonfile\nfact_caching_connection = %s\nfact_caching_timeout = 0\n' % facts)


def request_kinds(entries):
    """Counter of request kinds (markers left out), and Counter of the spaces listed."""
    kinds, lists = Counter(), Counter()
    for entry in entries:
        kind, space, dummy = classify(entry)
        if kind == 'marker':
            continue
        kinds[kind] += 1
        if kind == 'list':
            lists[space] += 1
    return kinds, lists


def requests_of_run(double, offset, label):
    """The requests a run sent, from the double's trace (every request); cross-checked against its request log when
    that log holds the whole run (it keeps the last 10,000 requests). Returns (kinds, lists, problems)."""
    traced = double.traced(offset)
    kinds, lists = request_kinds(traced)
    problems = []
    logged = double.requests()
    if len(logged) < 10000:
        logged_kinds, dummy = request_kinds(logged)
        if logged_kinds != kinds:
            problems.append('%s: the double traced %s but logged %s' % (label, dict(kinds), dict(logged_kinds)))
    return kinds, lists, problems


def scale_floor(run, count, spaces, with_secrets, kinds, lists):
    """The requests a scale run may send, and the problems of what it sent."""
    problems = []
    sent = Counter(kinds)
    twice = sorted(space for space, number in lists.items() if number != 1)
    missing = sorted(set(spaces) - set(lists))
    if run in ('floor', 'floor-after', 'argument'):
        floor = Counter()
    else:
        floor = Counter(list=len(spaces))
        if twice or missing:
            problems.append('not exactly one list per space (listed twice or more: %s; not listed: %s)' % (twice[:5], missing[:5]))
    if run == 'create':
        floor.update(create=count)
        spaces_allowed = len(set(spaces) - set(['default']))
        if sent.pop('space', 0) > spaces_allowed:
            problems.append('more space checks than named spaces (%d)' % spaces_allowed)
        if sent.pop('status', 0) > 1:
            problems.append('more than one GET /api/status')
    if run == 'secrets':
        floor.update(update=with_secrets)
    if sent != floor:
        problems.append('requests %s, the floor is %s' % (dict(kinds), dict(floor)))
    return floor, problems


def scale(args, ansible, workdir, python, marker):
    """kibana_connectors over --scale-n connectors (--scale-per-space in each space, 60% with secrets), with the defaults
    (update_secrets on_change) and a fact cache: the empty-play floor, the first run, the no-change run, the floor again,
    then a run with update_secrets always at -vvv --diff; every output searched for the secrets."""
    rows, floors, searches, problems = [], [], [], []
    for count in args.scale_counts:
        spaces = fleet_spaces(max(1, count // args.scale_per_space))
        connectors = scale_connectors(count, spaces, marker)
        secrets = secret_index(connectors)
        base = os.path.join(workdir, 'scale-%d' % count)
        facts = os.path.join(base, 'facts')
        os.makedirs(facts)
        config = os.path.join(base, 'ansible.cfg')
        write_fact_cache_cfg(config, facts)
        double = Double(python, workdir, 'scale-%d' % count, args.latency_ms, spaces=spaces[1:], trace=True)
        outputs = []
        try:
            kibana = dict(url=double.url, username=USER, password=PASSWORD)
            vars_file = os.path.join(base, 'vars.json')
            with open(vars_file, 'w') as handle:
                json.dump(dict(bench_kibana=kibana, bench_fleet=connectors, bench_spaces=spaces, bench_parallel=args.fleet_parallel,
                               ansible_python_interpreter=python), handle)
            outputs_control = find_secrets(read_text(vars_file), marker, secrets)
            if sum(1 for dummy, whole in outputs_control if whole) != len(secrets):
                problems.append('scale N=%d: the secret search does not find the %d secrets of the variables file (found %d)'
                                % (count, len(secrets), len(outputs_control)))
            walls = {}
            for run in ('floor', 'create', 'noop', 'argument', 'floor-after', 'secrets'):
                label = 'scale N=%d %s' % (count, run)
                results_file = os.path.join(base, '%s.results.jsonl' % run)
                double.clear_requests()
                offset = double.trace_offset()
                if run == 'secrets':
                    result = ansible.play('scale.yml', None, config=config, vars_file=vars_file, stdout_callback='default',
                                          options=['-vvv', '--diff', '-e', 'bench_update_secrets=always'])
                else:
                    playbook = {'floor': 'scale_floor.yml', 'floor-after': 'scale_floor.yml', 'argument': 'scale_argument.yml'}
                    result = ansible.play(playbook.get(run, 'scale.yml'), None, config=config, vars_file=vars_file,
                                          results_file=results_file)
                progress(label, result)
                problems += run_problems(label, result)
                outputs.append(('%s: ansible-playbook output' % run, result['output']))
                if os.path.exists(results_file):
                    outputs.append(('%s: task results (JSON)' % run, read_text(results_file)))
                kinds, lists, wrong = requests_of_run(double, offset, label)
                floor, more = scale_floor(run, count, spaces, len(secrets), kinds, lists)
                wrong += more
                task = task_named(result, 'The fleet') or dict(changed=None, seconds=None)
                if run in ('create', 'noop', 'argument') and bool(task['changed']) != (run == 'create'):
                    wrong.append('changed is %s, expected %s' % (bool(task['changed']), run == 'create'))
                if run == 'secrets' and not re.search(r'localhost\s*:.*changed=1', result['output']):
                    wrong.append('the recap does not say changed=1')
                if run == 'create':
                    stored = len(double.stored())
                    if stored != count:
                        wrong.append('%d connectors stored, expected %d' % (stored, count))
                    remembered = cached_facts(facts, 'localhost').get('kibana_connectors_fingerprints') or {}
                    known = sum(len(value) for value in remembered.values())
                    if known != len(secrets):
                        wrong.append('the fact cache remembers %d fingerprints, expected %d (one per connector with secrets)'
                                     % (known, len(secrets)))
                problems += ['%s: %s' % (label, text) for text in wrong]
                walls[run] = result['wall']
                rows.append(dict(n=count, spaces=len(spaces), run=run, wall=result['wall'], task_seconds=task['seconds'],
                                 requests=sum(kinds.values()), kinds=dict(kinds)))
                if run not in ('floor-after', 'argument'):
                    floors.append(dict(n=count, run='scale %s' % run, identity='over %d spaces' % len(spaces), tasks=1 if run != 'floor' else 0,
                                       observed=describe_counts(kinds, 1), floor=describe_counts(floor, 1),
                                       space_checks=kinds.get('space', 0), space_checks_allowed=len(spaces) - 1 if run == 'create' else 0,
                                       status_checks=kinds.get('status', 0), status_checks_allowed=1 if run == 'create' else 0,
                                       extra=max(0, sum(kinds.values()) - kinds.get('status', 0) - kinds.get('space', 0) - sum(floor.values())),
                                       ok=not wrong, problems=wrong))
            floor_wall = (walls['floor'] + walls['floor-after']) / 2.0
            for row in rows:
                if row['n'] == count:
                    row['floor'] = floor_wall
                    row['ratio'] = row['wall'] / floor_wall if floor_wall else None
                    target = SCALE_TARGETS.get(row['run']) if count >= SCALE_TARGET_AT else None
                    row['target'] = target
                    if target and row['ratio'] > target:
                        problems.append('scale N=%d %s: %.1f s is %.2f x the floor (%.1f s), above the target of %g x'
                                        % (count, row['run'], row['wall'], row['ratio'], floor_wall, target))
            outputs += folder_outputs(facts)
            row, leaks = search_outputs('kibana_connectors, N=%d (ansible-playbook runs, task results, fact cache)' % count,
                                        outputs, marker, secrets)
            row['n'] = count
            searches.append(row)
            problems += leaks
        finally:
            double.stop()
    return rows, floors, searches, problems


# ------------------------------------------------------------------ the module alone
def module_internal_args(check_mode=False):
    """The internal options Ansible passes to every module (ansible.plugins.action.ActionBase._update_module_args)."""
    try:
        from ansible.release import __version__ as core_version  # pylint: disable=import-outside-toplevel
    except ImportError:
        core_version = '0.0'
    return dict(_ansible_check_mode=check_mode, _ansible_no_log=False, _ansible_debug=False, _ansible_diff=False,
                _ansible_verbosity=0, _ansible_version=core_version, _ansible_module_name='kibana.connectors.kibana_connectors',
                _ansible_syslog_facility='LOG_USER', _ansible_selinux_special_fs=['fuse', 'nfs', 'vboxsf', 'ramfs', '9p', 'vfat'],
                _ansible_shell_executable='/bin/sh', _ansible_keep_remote_files=False, _ansible_tmpdir=None,
                _ansible_remote_tmp='~/.ansible/tmp', _ansible_ignore_unknown_opts=False, _ansible_target_log_info=None,
                _ansible_tracebacks_for=[])


class ModuleRunner(object):
    """Runs plugins/modules/kibana_connectors.py as a program with an args file, as Ansible runs a module (without the
    AnsiballZ wrapper): the module's own time, without Ansible's."""

    def __init__(self, python, workdir):
        self.python = python
        self.workdir = workdir
        self.env = dict(os.environ, PYTHONPATH=os.path.join(workdir, 'collections'))
        self.runs = 0

    def run(self, module_args, profile=None):
        """Return dict(wall, cpu, rc, result, output); ``profile``: a path for cProfile's statistics."""
        self.runs += 1
        args_file = os.path.join(self.workdir, 'module-args-%d.json' % self.runs)
        with open(args_file, 'w') as handle:
            json.dump(dict(ANSIBLE_MODULE_ARGS=dict(module_internal_args(), **module_args)), handle)
        argv = [self.python] + (['-m', 'cProfile', '-o', profile] if profile else []) + [MODULE_FILES['kibana_connectors'], args_file]
        before = os.times()
        start = time.monotonic()
        done = subprocess.run(argv, env=self.env, cwd=self.workdir, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, check=False)
        wall = time.monotonic() - start
        after = os.times()
        cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
        output = done.stdout.decode('utf-8', 'replace')
        try:
            result = json.loads(output)
        except ValueError:
            result = dict(failed=True, msg='not JSON: %s %s' % (output[-800:], done.stderr.decode('utf-8', 'replace')[-800:]))
        return dict(wall=wall, cpu=cpu, rc=done.returncode, result=result, output=output + done.stderr.decode('utf-8', 'replace'))


def profile_top(path, limit=12):
    """The functions where a profiled run spent its time: [(share of the run, cumulative s, own s, calls, where)]."""
    import pstats  # pylint: disable=import-outside-toplevel
    stats = pstats.Stats(path)
    total = max(getattr(stats, 'total_tt', 0) or 0, 1e-9)
    top = []
    for (filename, line, function), (dummy, calls, own, cumulative, dummy2) in stats.stats.items():  # pylint: disable=no-member
        where = '%s:%d(%s)' % (re.sub(r'^.*/(site-packages|ansible_collections)/', '', filename), line, function)
        top.append((cumulative / total, cumulative, own, calls, where))
    skip = re.compile(r'(builtins\.exec>\)|\((<module>|main|exec|_find_and_load|_find_and_load_unlocked|_load_unlocked|exec_module|_call_with_frames_removed|'
                      r'run_module|_run_module_code|_run_code)\))$')
    ranked = sorted((item for item in top if not skip.search(item[4])), key=lambda item: -item[1])
    return [dict(share=item[0], cumulative=item[1], own=item[2], calls=item[3], where=item[4]) for item in ranked[:limit]]


def module_alone(args, workdir, python, marker):
    """kibana_connectors run directly with an args file at --module-n sizes (--scale-per-space in each space), against a
    double with no latency: the first run, then the no-change run with the fingerprints the first run returned (as the
    action plugin passes the host fact). Returns rows, ratio rows, profile, searches, problems."""
    largest = max(args.module_counts)
    all_spaces = fleet_spaces(max(1, largest // args.scale_per_space))
    double = Double(python, workdir, 'alone', 0, spaces=all_spaces[1:], trace=True)
    runner = ModuleRunner(python, workdir)
    rows, searches, problems, profile = [], [], [], []
    try:
        for count in args.module_counts:
            spaces = fleet_spaces(max(1, count // args.scale_per_space))
            connectors = scale_connectors(count, spaces, marker, prefix='alone')
            secrets = secret_index(connectors)
            double.reset()
            module_args = dict(url=double.url, username=USER, password=PASSWORD, connectors=connectors, spaces=spaces,
                               parallel=args.fleet_parallel)
            outputs = []
            fingerprints = None
            for run in ('create', 'noop'):
                label = 'module alone N=%d %s' % (count, run)
                double.clear_requests()
                offset = double.trace_offset()
                done = runner.run(dict(module_args, fingerprints=fingerprints) if fingerprints else module_args)
                sys.stderr.write('bench: %-28s %7.1f s (cpu %.1f s)\n' % (label, done['wall'], done['cpu']))
                result = done['result']
                outputs.append(('%s: module output' % run, done['output']))
                kinds, lists, wrong = requests_of_run(double, offset, label)
                dummy, more = scale_floor(run, count, spaces, len(secrets), kinds, lists)
                wrong += more
                if result.get('failed') or done['rc'] != 0:
                    wrong.append('failed: %s' % str(result.get('msg'))[:800])
                elif bool(result.get('changed')) != (run == 'create'):
                    wrong.append('changed is %s' % result.get('changed'))
                if run == 'create':
                    fingerprints = (result.get('ansible_facts') or {}).get('kibana_connectors_fingerprints')
                    if not fingerprints:
                        wrong.append('no fingerprints fact in the result')
                problems += ['%s: %s' % (label, text) for text in wrong]
                rows.append(dict(n=count, spaces=len(spaces), run=run, wall=done['wall'], cpu=done['cpu'], requests=sum(kinds.values()),
                                 kinds=dict(kinds), with_fingerprints=bool(fingerprints) and run == 'noop'))
            if count == largest:
                path = os.path.join(workdir, 'module-noop.prof')
                profiled = runner.run(dict(module_args, fingerprints=fingerprints), profile=path)
                if os.path.exists(path):
                    profile = dict(n=count, wall=profiled['wall'], top=profile_top(path))
                outputs.append(('noop (profiled): module output', profiled['output']))
            row, leaks = search_outputs('the module alone, N=%d (its outputs)' % count, outputs, marker, secrets)
            row['n'] = count
            searches.append(row)
            problems += leaks
    finally:
        double.stop()
    ratios = []
    by_size = dict(((row['n'], row['run']), row) for row in rows)
    sizes = sorted(args.module_counts)
    for small, large in zip(sizes, sizes[1:]):
        for run in ('create', 'noop'):
            first, second = by_size.get((small, run)), by_size.get((large, run))
            if not first or not second:
                continue
            item = dict(run=run, small=small, large=large, size_ratio=large / float(small),
                        wall_ratio=second['wall'] / first['wall'], cpu_ratio=second['cpu'] / first['cpu'] if first['cpu'] else None,
                        limit=MODULE_RATIO_LIMIT if (small, large) == MODULE_RATIO_SIZES else None)
            ratios.append(item)
            if item['limit'] and max(item['wall_ratio'], item['cpu_ratio'] or 0) > item['limit']:
                problems.append('module alone, %s: from %d to %d connectors the time grows %.1f x (wall) and %.1f x (cpu), above %g x '
                                '(linear: %.1f x); see the profile' % (RUN_TITLES.get(run, run), small, large, item['wall_ratio'],
                                                                       item['cpu_ratio'] or 0, item['limit'], item['size_ratio']))
    return rows, ratios, profile, searches, problems


def parallel_reads(args, workdir, python):
    """The lists of a task over --reads-spaces spaces go in parallel, within ``parallel``, and pause together: the module
    alone, no-change, with --reads-latency-ms per request: parallel 1, parallel --fleet-parallel, and the same with a 429
    (Retry-After --reads-retry-after s) on the first list. Each run's wall time has a lower bound that holds only if at
    most ``parallel`` lists are under way at once (and, with the 429, only if every worker paused)."""
    count = args.reads_spaces * 10
    spaces = fleet_spaces(args.reads_spaces)
    double = Double(python, workdir, 'reads', 0, spaces=spaces[1:], trace=True)
    runner = ModuleRunner(python, workdir)
    rows, problems = [], []
    latency = args.reads_latency_ms / 1000.0
    try:
        connectors = scale_connectors(count, spaces, 'nosecret', prefix='reads')
        module_args = dict(url=double.url, username=USER, password=PASSWORD, connectors=connectors, spaces=spaces)
        first = runner.run(dict(module_args, parallel=args.fleet_parallel))
        fingerprints = (first['result'].get('ansible_facts') or {}).get('kibana_connectors_fingerprints')
        if first['rc'] != 0 or not fingerprints:
            return rows, ['parallel reads: the first run failed: %s' % str(first['result'].get('msg'))[:800]]
        double.faults(dict(latency_ms=args.reads_latency_ms))
        plans = [('parallel 1', 1, None), ('parallel %d' % args.fleet_parallel, args.fleet_parallel, None),
                 ('parallel %d, one 429' % args.fleet_parallel, args.fleet_parallel, args.reads_retry_after)]
        for label, parallel, retry_after in plans:
            double.clear_requests()
            if retry_after:
                double.faults(dict(status=429, count=1, retry_after=retry_after, methods=['GET']))
            offset = double.trace_offset()
            done = runner.run(dict(module_args, parallel=parallel, fingerprints=fingerprints))
            sys.stderr.write('bench: %-28s %7.1f s\n' % ('reads, ' + label, done['wall']))
            traced = double.traced(offset)
            refused = sum(1 for entry in traced if entry['status'] == '429')
            kinds, lists = request_kinds(entry for entry in traced if entry['status'] != '429')
            wrong = []
            if done['rc'] != 0 or done['result'].get('changed'):
                wrong.append('failed or changed: %s' % str(done['result'].get('msg'))[:500])
            if kinds != Counter(list=len(spaces)) or set(lists.values()) != set([1]):
                wrong.append('requests %s, expected one list per space' % dict(kinds))
            if refused != (1 if retry_after else 0):
                wrong.append('%d answers 429, expected %d' % (refused, 1 if retry_after else 0))
            waves = -(-len(spaces) // parallel)
            bound = waves * latency
            if retry_after:
                # the 429 answers the first list after its latency; the p - 1 others end then too; every worker waits
                # Retry-After, then the rest (the refused list again included) go at most p at once
                bound = latency + retry_after + (-(-(len(spaces) - parallel + 1) // parallel)) * latency
            if done['wall'] < bound:
                wrong.append('%.2f s, below the %.2f s that %d lists of %d ms take at most %d at once%s' % (
                    done['wall'], bound, len(spaces), args.reads_latency_ms, parallel, ' with a shared pause' if retry_after else ''))
            problems += ['parallel reads, %s: %s' % (label, text) for text in wrong]
            rows.append(dict(label=label, parallel=parallel, retry_after=retry_after, wall=done['wall'], bound=bound,
                             lists=kinds.get('list', 0), refused=refused, spaces=len(spaces), ok=not wrong))
    finally:
        double.stop()
    return rows, problems


# ------------------------------------------------------------------ many Kibanas
def many_kibanas(args, ansible, workdir, python, marker):
    """One playbook over an inventory of --many-kibanas Kibanas (a double each, connection local), --many-n connectors each,
    with --many-forks (forks 1 against forks 10 by default): first run and no-change run, whole ansible-playbook wall time."""
    spaces = fleet_spaces(max(1, args.many_n // args.scale_per_space))
    connectors = scale_connectors(args.many_n, spaces, marker, prefix='many')
    secrets = secret_index(connectors)
    base = os.path.join(workdir, 'many')
    os.makedirs(base)
    doubles = []
    rows, problems, outputs = [], [], []
    try:
        for number in range(1, args.many_kibanas + 1):
            doubles.append(Double(python, workdir, 'kibana-%02d' % number, args.latency_ms, spaces=spaces[1:]))
        inventory = os.path.join(base, 'inventory.json')
        with open(inventory, 'w') as handle:
            json.dump(dict(kibanas=dict(hosts=dict(('kibana-%02d' % (i + 1), dict(bench_url=d.url)) for i, d in enumerate(doubles)),
                                        vars=dict(ansible_connection='local', ansible_python_interpreter=python))), handle)
        vars_file = os.path.join(base, 'vars.json')
        with open(vars_file, 'w') as handle:
            json.dump(dict(bench_username=USER, bench_password=PASSWORD, bench_fleet=connectors, bench_spaces=spaces,
                           bench_parallel=args.fleet_parallel), handle)
        for forks in args.many_forks:
            facts = os.path.join(base, 'facts-%d' % forks)
            os.makedirs(facts)
            config = os.path.join(base, 'ansible-%d.cfg' % forks)
            write_fact_cache_cfg(config, facts)
            for double in doubles:
                double.reset()
            for run in ('create', 'noop'):
                label = 'many forks=%d %s' % (forks, run)
                for double in doubles:
                    double.clear_requests()
                result = ansible.play('many.yml', None, config=config, vars_file=vars_file, options=['-i', inventory, '--forks', str(forks)])
                progress(label, result)
                problems += run_problems(label, result)
                outputs.append(('%s: ansible-playbook output' % label, result['output']))
                total = Counter()
                for double in doubles:
                    kinds, lists = request_kinds(double.requests())
                    total.update(kinds)
                    dummy, wrong = scale_floor(run, args.many_n, spaces, len(secrets), kinds, lists)
                    problems += ['%s, %s: %s' % (label, double.name, text) for text in wrong]
                task = task_named(result, 'The fleet') or dict(changed=0, invoked=0)
                expected = len(doubles) if run == 'create' else 0
                if task['changed'] != expected or task['invoked'] != len(doubles):
                    problems.append('%s: %d Kibanas changed of %d run, expected %d of %d'
                                    % (label, task['changed'], task['invoked'], expected, len(doubles)))
                rows.append(dict(forks=forks, run=run, wall=result['wall'], kibanas=len(doubles), n=args.many_n, spaces=len(spaces),
                                 requests=sum(total.values()), kinds=dict(total)))
            outputs += folder_outputs(facts)
    finally:
        for double in doubles:
            double.stop()
    row, leaks = search_outputs('many Kibanas (ansible-playbook runs, fact caches)', outputs, marker, secrets)
    row['n'] = args.many_n
    return rows, [row], problems + leaks


# ------------------------------------------------------------------ output
def machine():
    model = ''
    try:
        with open('/proc/cpuinfo') as handle:
            model = next((line.split(':', 1)[1].strip() for line in handle if line.startswith('model name')), '')
    except OSError:
        pass
    try:
        from ansible.release import __version__ as core_version  # pylint: disable=import-outside-toplevel
    except ImportError:
        core_version = 'unknown'
    return dict(nproc=os.cpu_count(), cpu=model or platform.processor(), python=platform.python_version(), ansible_core=core_version,
                system='%s %s' % (platform.system(), platform.release()),
                date=datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%d %H:%M UTC'))


def ratio(ours, base):
    return '%.2f' % (ours / base) if base else '-'


def table(lines, header, rows):
    widths = [max(len(str(cell)) for cell in column) for column in zip(header, *rows)]
    fmt = '  '.join('{:<%d}' % width if index < 2 else '{:>%d}' % width for index, width in enumerate(widths))
    lines.append(fmt.format(*header).rstrip())
    lines.append('  '.join('-' * width for width in widths))
    for row in rows:
        lines.append(fmt.format(*row).rstrip())


def render(report):
    params, lines = report['params'], []
    host = report['machine']
    lines.append('kibana.connectors benchmark against the Kibana test double %s, %s ms latency per request' % (DOUBLE_VERSION, params['latency_ms']))
    lines.append('machine: %s x %s, Python %s, ansible-core %s, %s, %s'
                 % (host['nproc'], host['cpu'], host['python'], host['ansible_core'], host['system'], host['date']))
    lines.append('')
    if report['converge']:
        lines.append('1-2. Converge N connectors (5 types, 4 spaces, half by connector_id, half by name): kibana_connector in a loop')
        lines.append('     against hand-written ansible.builtin.uri tasks (GET, then POST or PUT where needed). Wall = whole ansible-playbook;')
        lines.append('     ms/task = wall / module invocations (module: one per connector; uri: GETs + writes); req/conn = requests / N.')
        rows = []
        for row in report['converge']:
            mod, uri = row['module'], row['uri']
            rows.append([row['n'], RUN_TITLES[row['run']], mod['changed'],
                         '%.1f' % mod['wall'], '%.0f' % (1000 * mod['wall'] / max(mod['invocations'], 1)), '%.2f' % mod['per_connector'],
                         '%.1f' % uri['wall'], uri['invocations'], '%.0f' % (1000 * uri['wall'] / max(uri['invocations'], 1)), '%.2f' % uri['per_connector'],
                         ratio(mod['wall'], uri['wall']), ratio(mod['requests'], uri['requests'])])
        table(lines, ['N', 'run', 'changed', 'module s', 'ms/task', 'req/conn', 'uri s', 'uri tasks', 'ms/task', 'req/conn', 'wall ratio', 'req ratio'], rows)
        lines.append('     ratio = module / uri (below 1: the module is faster or sends fewer requests)')
        for row in report['converge']:
            spaces = row['module']['kinds'].get('space', 0)
            if spaces:
                lines.append('     N=%d %s: the module req/conn includes %d space checks (%.2f per connector; see 5.)'
                             % (row['n'], RUN_TITLES[row['run']], spaces, spaces / float(row['n'])))
    if report['info']:
        lines.append('')
        first = report['info'][0]
        lines.append('3. kibana_connector_info over %d connectors in one space (%d lookups: all, all, by name, by type, by id),'
                     % (first['connectors'], first['invocations']))
        lines.append('   against ansible.builtin.uri GETs of the list. task s = the lookup task alone.')
        rows = [[item['impl'], '', '%.2f' % item['wall'], '%.2f' % item['task_seconds'], '%.0f' % (1000 * item['task_seconds'] / max(item['invocations'], 1)),
                 '%.2f' % (item['requests'] / float(max(item['invocations'], 1)))] for item in report['info']]
        if len(report['info']) == 2:
            mod, uri = report['info']
            rows.append(['module / uri', '', ratio(mod['wall'], uri['wall']), ratio(mod['task_seconds'], uri['task_seconds']),
                         ratio(mod['task_seconds'], uri['task_seconds']), ratio(mod['requests'], uri['requests'])])
        table(lines, ['impl', '', 'wall s', 'task s', 'ms/task', 'req/task'], rows)
    lines.append('')
    if report['role']:
        lines.append('4. Role kibana_config rendering %d preconfigured connectors into kibana.yml (no HTTP requests)' % report['role'][0]['connectors'])
        rows = [[item['run'], '', '%.2f' % item['wall'], item['tasks'], item['changed'], item.get('loaded_by_double', '-')] for item in report['role']]
        table(lines, ['run', '', 'wall s', 'tasks', 'changed', 'read back by double'], rows)
    else:
        why = [p for p in report['problems'] if p.startswith('role')] or ['--role-n 0']
        lines.append('4. Role kibana_config: not run (%s)' % '; '.join(why))
    lines.append('')
    if report['fleet']:
        lines.append('5. kibana_connectors: the whole fleet in one task (5 types, half by connector_id, half by name, %d spaces),'
                     % report['fleet'][0]['spaces'])
        lines.append('   parallel %d; and the same fleet as kibana_connector loop items (converge.yml, two tasks). Wall = whole'
                     % report['params']['fleet_parallel'])
        lines.append('   ansible-playbook; task s = the module task(s) alone; s/conn = wall / N.')
        rows = [[item['n'], item['impl'], FLEET_TITLES[item['run']], '%.1f' % item['wall'], '%.1f' % item['task_seconds'],
                 '%.3f' % (item['wall'] / float(item['n'])), item['requests'], describe_counts(Counter(item['kinds']), 1)]
                for item in report['fleet']]
        table(lines, ['N', 'module', 'run', 'wall s', 'task s', 's/conn', 'requests', 'requests by kind'], rows)
        for run in ('create', 'noop'):
            loop = next((i for i in report['fleet'] if i['run'] == 'loop-' + run), None)
            ours = next((i for i in report['fleet'] if i['run'] == run and loop and i['n'] == loop['n']), None)
            if loop and ours:
                lines.append('   N=%d %s: kibana_connectors / loop wall ratio %s (%.1f s against %.1f s)'
                             % (loop['n'], FLEET_TITLES[run], ratio(ours['wall'], loop['wall']), ours['wall'], loop['wall']))
        lines.append('')
    lines.append('6. Requests per module task against the floor (space checks: GET /api/spaces/space/<id> before a create into a named')
    lines.append('   space, allowed once per such create; status: GET /api/status, the Kibana version for a derived id or a default')
    lines.append('   that depends on it, allowed once per module run that creates; both counted apart, as used/allowed).')
    lines.append('   FAIL = a request above the floor.')
    rows = []
    for check in report['floors']:
        by = '%s, %s' if check['run'].startswith(('info', 'fleet', 'scale')) else '%s, by %s'
        rows.append([check['n'], by % (check['run'], check['identity']),
                     check['tasks'], check['observed'], check['floor'], '%d/%d' % (check['space_checks'], check['space_checks_allowed']),
                     '%d/%d' % (check.get('status_checks', 0), check.get('status_checks_allowed', 0)),
                     check['extra'], 'ok' if check['ok'] else 'FAIL'])
    table(lines, ['N', 'task', 'tasks', 'requests per task', 'floor', 'space chk', 'status', 'extra', 'result'], rows)
    lines.append('')
    render_scale(report, lines)
    if report['problems']:
        lines.append('PROBLEMS (%d):' % len(report['problems']))
        lines.extend('  - %s' % problem for problem in report['problems'])
    else:
        lines.append('All runs did what they must and every module task stayed at the floor.')
    lines.append('Total benchmark time: %.0f s' % report['seconds'])
    return '\n'.join(lines)


def scale_runs(rows):
    """{N: {run: row}} of the scale rows."""
    runs = {}
    for row in rows:
        runs.setdefault(row['n'], {})[row['run']] = row
    return runs


def render_scale(report, lines):
    """Sections 7 to 11: scale, the module alone, parallel reads, many Kibanas, the search for secrets."""
    params = report['params']
    if report['scale']:
        lines.append('7. kibana_connectors at scale: %d connectors per space, 5 types, half by connector_id, 60%% with secrets, the'
                     % params['scale_per_space'])
        lines.append('   module\'s defaults (update_secrets on_change), parallel %d, a jsonfile fact cache in the ansible.cfg. floor = an empty'
                     % params['fleet_parallel'])
        lines.append('   play with the same variables file and ansible.cfg, run before the first run and after the no-change run (x floor:')
        lines.append('   wall / the mean of the two). Wall = whole ansible-playbook; task s = the module task; requests from the double.')
        rows = []
        for item in report['scale']:
            target = item.get('target')
            verdict = '' if not target else ('<= %g: met' % target if item['ratio'] <= target else '<= %g: NOT MET' % target)
            rows.append([item['n'], '%d' % item['spaces'], SCALE_TITLES[item['run']], '%.1f' % item['wall'],
                         '-' if item['task_seconds'] is None else '%.1f' % item['task_seconds'],
                         '%.2f' % item['ratio'] if item.get('ratio') is not None else '-', verdict, item['requests'],
                         describe_counts(Counter(item['kinds']), 1)])
        table(lines, ['N', 'spaces', 'run', 'wall s', 'task s', 'x floor', 'target (issue 23)', 'requests', 'requests by kind'], rows)
        for count, runs in sorted(scale_runs(report['scale']).items()):
            if 'noop' in runs and 'argument' in runs:
                noop, alone = runs['noop'], runs['argument']
                lines.append('   N=%d: Ansible alone (the same task given to a no-op action plugin that returns the same lines) is %.2f x the'
                             % (count, alone['ratio']))
                lines.append('   floor; the no-change run is %.2f x Ansible alone; the module\'s own share of its wall is %.1f s (%.2f x the floor).'
                             % (noop['wall'] / alone['wall'], noop['wall'] - alone['wall'], (noop['wall'] - alone['wall']) / noop['floor']))
        lines.append('')
    if report['module_alone']:
        lines.append('8. The module alone: plugins/modules/kibana_connectors.py run directly with an args file (the internal options')
        lines.append('   Ansible passes, no AnsiballZ), against a double with no latency; the same fleet shape as 7. The no-change run gets')
        lines.append('   the fingerprints the first run returned, as the action plugin passes the host fact. cpu = user + system of the module.')
        rows = [[item['n'], item['spaces'], RUN_TITLES.get(item['run'], item['run']), '%.2f' % item['wall'], '%.2f' % item['cpu'],
                 '%.1f' % (1000000.0 * item['wall'] / item['n']), item['requests'], describe_counts(Counter(item['kinds']), 1)]
                for item in report['module_alone']]
        table(lines, ['N', 'spaces', 'run', 'wall s', 'cpu s', 'us/conn', 'requests', 'requests by kind'], rows)
        for item in report['module_ratios']:
            limit = item.get('limit')
            verdict = ''
            if limit:
                verdict = '  (limit %g x: %s)' % (limit, 'met' if max(item['wall_ratio'], item['cpu_ratio'] or 0) <= limit else 'NOT MET')
            lines.append('   %s, %d -> %d connectors (x %.2f): wall x %.2f, cpu x %.2f%s'
                         % (RUN_TITLES.get(item['run'], item['run']), item['small'], item['large'], item['size_ratio'],
                            item['wall_ratio'], item['cpu_ratio'] or 0, verdict))
        profile = report.get('module_profile')
        if profile:
            lines.append('   Profile of the no-change run at %d connectors (cProfile, %.1f s under the profiler): where the time goes,'
                         % (profile['n'], profile['wall']))
            lines.append('   by cumulative time (share of the run):')
            rows = [['%.0f%%' % (100 * item['share']), '%.2f' % item['cumulative'], '%.2f' % item['own'], item['calls'], item['where']]
                    for item in profile['top']]
            table(lines, ['   share', 'cum s', 'own s', 'calls', 'function'], rows)
        lines.append('')
    if report['reads']:
        first = report['reads'][0]
        lines.append('9. Reads in parallel: the module alone, no change, %d spaces (one list each), %g ms per request; bound = the least'
                     % (first['spaces'], params['reads_latency_ms']))
        lines.append('   wall time possible with at most `parallel` lists under way at once (with the 429: and every worker pausing for')
        lines.append('   its Retry-After of %g s). A run below its bound fails.' % params['reads_retry_after'])
        rows = [[item['label'], '%.2f' % item['wall'], '%.2f' % item['bound'], item['lists'], item['refused'], 'ok' if item['ok'] else 'FAIL']
                for item in report['reads']]
        table(lines, ['run', '', 'wall s', 'bound s', 'lists', '429s', 'result'], [[row[0], ''] + row[1:] for row in rows])
        if len(report['reads']) > 1:
            lines.append('   %s / parallel 1: %s' % (report['reads'][1]['label'], ratio(report['reads'][1]['wall'], report['reads'][0]['wall'])))
        lines.append('')
    if report['many']:
        first = report['many'][0]
        lines.append('10. Many Kibanas: one playbook (many.yml: hosts = an inventory of %d Kibanas, connection local, one kibana_connectors'
                     % first['kibanas'])
        lines.append('    task each) over %d Kibana test doubles x %d connectors in %d spaces, a fact cache; whole ansible-playbook wall.'
                     % (first['kibanas'], first['n'], first['spaces']))
        rows = [[item['forks'], RUN_TITLES.get(item['run'], item['run']), '%.1f' % item['wall'], item['requests'],
                 describe_counts(Counter(item['kinds']), item['kibanas']) + ' per Kibana'] for item in report['many']]
        table(lines, ['forks', 'run', 'wall s', 'requests', 'requests by kind'], rows)
        forks = sorted(set(item['forks'] for item in report['many']))
        for run in ('create', 'noop'):
            walls = dict((item['forks'], item['wall']) for item in report['many'] if item['run'] == run)
            if len(forks) > 1 and forks[0] in walls and forks[-1] in walls:
                lines.append('    %s: forks %d / forks %d wall ratio %s (%.1f s against %.1f s)' % (
                    RUN_TITLES.get(run, run), forks[-1], forks[0], ratio(walls[forks[-1]], walls[forks[0]]), walls[forks[-1]], walls[forks[0]]))
        lines.append('')
    if report['searches']:
        lines.append('11. Secrets in outputs: every output searched for every secret of the fleet (each secret holds a random marker made')
        lines.append('    for this benchmark run, so one pass finds any secret, whole or cut). Outputs: ansible-playbook stdout and stderr')
        lines.append('    (one run at -vvv --diff with update_secrets always), the task results as JSON, the fact cache, the module\'s own output.')
        rows = [[item['label'], item['outputs'], '%.1f' % (item['chars'] / 1e6), item['secrets'], item['found'],
                 'ok' if not item['found'] else 'FAIL'] for item in report['searches']]
        table(lines, ['outputs of', 'files', 'MB', 'secrets', 'outputs with one', 'result'], rows)
        lines.append('')


# ------------------------------------------------------------------ main
def parse_args(argv=None):
    parser = argparse.ArgumentParser(prog='tests/bench/bench.py', description=__doc__.split('\n\n', maxsplit=1)[0])
    parser.add_argument('--n', help='connector counts to converge, comma-separated (default 50,200; 0 skips)')
    parser.add_argument('--latency-ms', type=float, help='latency of every request to the double, in ms (default 5)')
    parser.add_argument('--info-n', type=int, help='connectors in the space read by kibana_connector_info (default 1000; 0 skips)')
    parser.add_argument('--role-n', type=int, help='preconfigured connectors the role renders (default 500; 0 skips)')
    parser.add_argument('--fleet-n', type=int, help='connectors kibana_connectors converges in one task (default 1000; 0 skips)')
    parser.add_argument('--fleet-spaces', type=int, help='spaces of the fleet, the default one included (default 10)')
    parser.add_argument('--fleet-loop-n', type=int, help='the same fleet as kibana_connector loop items, at this size (default 200)')
    parser.add_argument('--fleet-parallel', type=int, default=4, help='parallel of kibana_connectors (default 4)')
    parser.add_argument('--scale-n', help='kibana_connectors with the defaults and a fact cache, against the empty-play floor: connector '
                                          'counts, comma-separated (default 1000,10000; 0 skips)')
    parser.add_argument('--scale-per-space', type=int, default=100, help='connectors per space of the scale parts (default 100)')
    parser.add_argument('--module-n', help='the module alone (run directly with an args file): connector counts (default 1000,3000,10000; '
                                           '0 skips)')
    parser.add_argument('--reads-spaces', type=int, help='spaces of the parallel reads part (default 100; 0 skips)')
    parser.add_argument('--reads-latency-ms', type=float, default=50, help='latency per request in the parallel reads part (default 50)')
    parser.add_argument('--reads-retry-after', type=float, default=2, help='Retry-After of the 429 in the parallel reads part (default 2)')
    parser.add_argument('--many-kibanas', type=int, help='Kibanas (doubles) of the many-Kibanas part (default 20; 0 skips)')
    parser.add_argument('--many-n', type=int, help='connectors per Kibana of the many-Kibanas part (default 500)')
    parser.add_argument('--many-forks', help='forks of the many-Kibanas runs, comma-separated (default 1,10)')
    parser.add_argument('--quick', action='store_true',
                        help='small sizes for CI: n=8, info-n=50, role-n=20, fleet-n=40 over 4 spaces, fleet-loop-n=8, scale-n=1000, '
                             'module-n=1000,3000, reads-spaces=20, 3 Kibanas x 50 with forks 1,3, latency 0 (options given explicitly '
                             'still apply)')
    parser.add_argument('--json', metavar='FILE', help='also write the results as JSON to FILE')
    parser.add_argument('--python', default=sys.executable, help='python of the double and the modules (default: this one)')
    parser.add_argument('--keep', action='store_true', help='keep the work folder (playbook variables, logs)')
    args = parser.parse_args(argv)
    if args.quick:
        defaults = dict(n='8', info_n=50, role_n=20, latency_ms=0.0, fleet_n=40, fleet_spaces=4, fleet_loop_n=8, scale_n='1000',
                        module_n='1000,3000', reads_spaces=20, many_kibanas=3, many_n=50, many_forks='1,3')
    else:
        defaults = dict(n='50,200', info_n=1000, role_n=500, latency_ms=5.0, fleet_n=1000, fleet_spaces=10, fleet_loop_n=200,
                        scale_n='1000,10000', module_n='1000,3000,10000', reads_spaces=100, many_kibanas=20, many_n=500, many_forks='1,10')
    for key, value in defaults.items():
        if getattr(args, key) is None:
            setattr(args, key, value)
    try:
        args.counts = [int(part) for part in args.n.split(',') if part.strip() and int(part)]
    except ValueError:
        parser.error('--n takes comma-separated numbers')
    if args.counts and min(args.counts) < 8:
        parser.error('--n needs numbers of at least 8 (two connectors per space and identity), or 0 to skip')
    if args.fleet_n and (args.fleet_spaces < 1 or args.fleet_loop_n < 2 * args.fleet_spaces):
        parser.error('--fleet-loop-n needs at least two connectors per fleet space')
    try:
        args.scale_counts = [int(part) for part in args.scale_n.split(',') if int(part)]
        args.module_counts = [int(part) for part in args.module_n.split(',') if int(part)]
        args.many_forks = [int(part) for part in args.many_forks.split(',') if part.strip()]
    except ValueError:
        parser.error('--scale-n, --module-n and --many-forks take comma-separated numbers')
    if args.scale_per_space < 1 or any(count < 10 for count in args.scale_counts + args.module_counts):
        parser.error('--scale-n and --module-n need at least 10 connectors, --scale-per-space at least 1')
    return args


def main(argv=None):
    args = parse_args(argv)
    missing = [name for name, path in MODULE_FILES.items() if not os.path.exists(path)]
    if missing:
        sys.stderr.write('bench: not ready, missing: %s\n' % ', '.join(missing))
        return 2
    started = time.monotonic()
    workdir = tempfile.mkdtemp(prefix='kibana-bench.')
    doubles = {}
    report = dict(params=dict(n=args.counts, latency_ms=args.latency_ms, info_n=args.info_n, role_n=args.role_n, quick=args.quick,
                              fleet_n=args.fleet_n, fleet_spaces=args.fleet_spaces, fleet_loop_n=args.fleet_loop_n,
                              fleet_parallel=args.fleet_parallel),
                  machine=machine(), converge=[], floors=[], info=[], role=[], fleet=[], scale=[], module_alone=[], module_ratios=[],
                  module_profile=None, reads=[], many=[], searches=[], problems=[])
    report['params'].update(scale_n=args.scale_counts, scale_per_space=args.scale_per_space, module_n=args.module_counts,
                            reads_spaces=args.reads_spaces, reads_latency_ms=args.reads_latency_ms, reads_retry_after=args.reads_retry_after,
                            many_kibanas=args.many_kibanas, many_n=args.many_n, many_forks=args.many_forks)
    marker = 'S%s' % uuid.uuid4().hex[:15]  # every secret of the scale parts holds it: see find_secrets
    try:
        ansible = Ansible(args.python, workdir)
        for impl in ('module', 'uri'):
            doubles[impl] = Double(args.python, workdir, impl, args.latency_ms)
        for count in args.counts:
            rows, floors, problems = converge(args, ansible, doubles, count)
            report['converge'] += rows
            report['floors'] += floors
            report['problems'] += problems
        if args.info_n:
            rows, floors, problems = info(args, ansible, doubles['module'])
            report['info'], report['floors'], report['problems'] = rows, report['floors'] + floors, report['problems'] + problems
        if args.role_n:
            rows, problems = role(args, ansible, workdir, args.python)
            report['role'], report['problems'] = rows, report['problems'] + problems
        if args.fleet_n:
            rows, floors, problems = fleet(args, ansible, workdir, args.python)
            report['fleet'], report['floors'], report['problems'] = rows, report['floors'] + floors, report['problems'] + problems
        if args.scale_counts:
            rows, floors, searches, problems = scale(args, ansible, workdir, args.python, marker)
            report['scale'], report['floors'], report['searches'] = rows, report['floors'] + floors, report['searches'] + searches
            report['problems'] += problems
        if args.module_counts:
            rows, ratios, profile, searches, problems = module_alone(args, workdir, args.python, marker)
            report.update(module_alone=rows, module_ratios=ratios, module_profile=profile)
            report['searches'] += searches
            report['problems'] += problems
        if args.reads_spaces:
            rows, problems = parallel_reads(args, workdir, args.python)
            report['reads'], report['problems'] = rows, report['problems'] + problems
        if args.many_kibanas:
            rows, searches, problems = many_kibanas(args, ansible, workdir, args.python, marker)
            report['many'], report['searches'], report['problems'] = rows, report['searches'] + searches, report['problems'] + problems
    except BenchError as err:
        report['problems'].append('the benchmark could not run: %s' % err)
    finally:
        for double in doubles.values():
            double.stop()
        if args.keep:
            sys.stderr.write('bench: work folder kept: %s\n' % workdir)
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    report['seconds'] = time.monotonic() - started
    text = render(report)
    print(text)
    if args.json:
        with open(args.json, 'w') as handle:
            json.dump(dict(report, table=text), handle, indent=2, sort_keys=True)
    return 1 if report['problems'] else 0


if __name__ == '__main__':
    sys.exit(main())
