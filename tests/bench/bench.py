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

It prints one table (and writes it as JSON with --json) and exits non-zero when a floor is exceeded or a run
does not do what it must (a failed task, a second run reporting changes, a write in check mode).
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

    def __init__(self, python, workdir, name, latency_ms, kibana_yml=None, spaces=None):
        self.name = name
        self.workdir = workdir
        port_file = os.path.join(workdir, '%s.port' % name)
        self.log_path = os.path.join(workdir, '%s.log' % name)
        argv = [python, '-m', 'tests.kibana_double', '--port', '0', '--port-file', port_file, '--latency-ms', str(latency_ms),
                '--spaces', ','.join(spaces or SPACES[1:]), '--idle-timeout', '3600', '--version', DOUBLE_VERSION, '--quiet']
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
            ANSIBLE_STDOUT_CALLBACK='bench_stats',
            ANSIBLE_LOCALHOST_WARNING='false',
            ANSIBLE_INVENTORY_UNPARSED_WARNING='false',
            ANSIBLE_RETRY_FILES_ENABLED='false',
            ANSIBLE_NOCOLOR='1',
            ANSIBLE_FORCE_COLOR='0',
        )
        self.runs = 0

    def play(self, playbook, variables, check=False, marker_url=None):
        """Run a playbook; return dict(wall, tasks, rc, output)."""
        self.runs += 1
        vars_file = os.path.join(self.workdir, 'vars-%d.json' % self.runs)
        stats_file = os.path.join(self.workdir, 'stats-%d.json' % self.runs)
        with open(vars_file, 'w') as handle:
            json.dump(dict(variables, ansible_python_interpreter=self.python), handle)
        env = dict(self.env, BENCH_STATS_FILE=stats_file)
        if marker_url:
            env['BENCH_MARKER_URL'] = marker_url + MARKER
        argv = self.command + [os.path.join(HERE, playbook), '-e', '@' + vars_file] + (['--check'] if check else [])
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
        by = '%s, %s' if check['run'].startswith(('info', 'fleet')) else '%s, by %s'
        rows.append([check['n'], by % (check['run'], check['identity']),
                     check['tasks'], check['observed'], check['floor'], '%d/%d' % (check['space_checks'], check['space_checks_allowed']),
                     '%d/%d' % (check.get('status_checks', 0), check.get('status_checks_allowed', 0)),
                     check['extra'], 'ok' if check['ok'] else 'FAIL'])
    table(lines, ['N', 'task', 'tasks', 'requests per task', 'floor', 'space chk', 'status', 'extra', 'result'], rows)
    lines.append('')
    if report['problems']:
        lines.append('PROBLEMS (%d):' % len(report['problems']))
        lines.extend('  - %s' % problem for problem in report['problems'])
    else:
        lines.append('All runs did what they must and every module task stayed at the floor.')
    lines.append('Total benchmark time: %.0f s' % report['seconds'])
    return '\n'.join(lines)


# ------------------------------------------------------------------ main
def parse_args(argv=None):
    parser = argparse.ArgumentParser(prog='tests/bench/bench.py', description=__doc__.split('\n\n', maxsplit=1)[0])
    parser.add_argument('--n', help='connector counts to converge, comma-separated (default 50,200)')
    parser.add_argument('--latency-ms', type=float, help='latency of every request to the double, in ms (default 5)')
    parser.add_argument('--info-n', type=int, help='connectors in the space read by kibana_connector_info (default 1000; 0 skips)')
    parser.add_argument('--role-n', type=int, help='preconfigured connectors the role renders (default 500; 0 skips)')
    parser.add_argument('--fleet-n', type=int, help='connectors kibana_connectors converges in one task (default 1000; 0 skips)')
    parser.add_argument('--fleet-spaces', type=int, help='spaces of the fleet, the default one included (default 10)')
    parser.add_argument('--fleet-loop-n', type=int, help='the same fleet as kibana_connector loop items, at this size (default 200)')
    parser.add_argument('--fleet-parallel', type=int, default=4, help='parallel of kibana_connectors (default 4)')
    parser.add_argument('--quick', action='store_true',
                        help='small sizes for CI: n=8, info-n=50, role-n=20, fleet-n=40 over 4 spaces, fleet-loop-n=8, latency 0 '
                             '(options given explicitly still apply)')
    parser.add_argument('--json', metavar='FILE', help='also write the results as JSON to FILE')
    parser.add_argument('--python', default=sys.executable, help='python of the double and the modules (default: this one)')
    parser.add_argument('--keep', action='store_true', help='keep the work folder (playbook variables, logs)')
    args = parser.parse_args(argv)
    if args.quick:
        defaults = dict(n='8', info_n=50, role_n=20, latency_ms=0.0, fleet_n=40, fleet_spaces=4, fleet_loop_n=8)
    else:
        defaults = dict(n='50,200', info_n=1000, role_n=500, latency_ms=5.0, fleet_n=1000, fleet_spaces=10, fleet_loop_n=200)
    for key, value in defaults.items():
        if getattr(args, key) is None:
            setattr(args, key, value)
    try:
        args.counts = [int(part) for part in args.n.split(',') if part.strip()]
    except ValueError:
        parser.error('--n takes comma-separated numbers')
    if not args.counts or min(args.counts) < 8:
        parser.error('--n needs numbers of at least 8 (two connectors per space and identity)')
    if args.fleet_n and (args.fleet_spaces < 1 or args.fleet_loop_n < 2 * args.fleet_spaces):
        parser.error('--fleet-loop-n needs at least two connectors per fleet space')
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
                  machine=machine(), converge=[], floors=[], info=[], role=[], fleet=[], problems=[])
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
