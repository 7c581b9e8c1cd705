# -*- coding: utf-8 -*-
# Copyright (c) kibana.connectors contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""A whole fleet of connectors across spaces in one task, for kibana_connectors.

The engine of kibana_connector (_connector: facts, one pure plan, apply), in bulk:

1. ``items``: the task's list, checked on its own (ids, names, spaces), no request;
2. ``survey``: one list per space (Kibana's list carries referenced_by_count, so no
   connector needs a GET of its own), one Spaces API GET per space that no stored
   connector proved, and Kibana's connector types only when a recreate or a type
   the catalogue does not know needs them;
3. ``plan_fleet``: one _connector.plan per item, and the deletions of connectors
   nobody manages (state overridden, or deleted without a list); every refusal is
   gathered, each naming its item, and nothing is written when there is one;
4. ``apply_fleet``: the writes, up to ``parallel`` at once on one client (which
   gives each thread its own session and pauses them all after a 429 or 5xx).

Private to the collection: not a public API, may change in any release.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type  # pylint: disable=invalid-name

import copy
from concurrent.futures import ThreadPoolExecutor

from ansible_collections.kibana.connectors.plugins.module_utils._catalogue import get_type, without_nulls
from ansible_collections.kibana.connectors.plugins.module_utils._connector import (
    ConnectorPlanError,
    Facts,
    apply,
    connector_types,
    desired_state,
    facts_needed,
    plan,
    plan_options,
    result_connector,
    type_unavailable,
)
from ansible_collections.kibana.connectors.plugins.module_utils._kibana import KibanaError, check_space_id
from ansible_collections.kibana.connectors.plugins.module_utils._mask import redact, secret_strings
from ansible_collections.kibana.connectors.plugins.module_utils._lookup import space_problem, unique_name

STATES = ('replaced', 'merged', 'overridden', 'deleted', 'gathered')
ACTIONS = ('created', 'updated', 'recreated', 'deleted', 'unchanged', 'failed')
_DONE = {'create': 'created', 'update': 'updated', 'recreate': 'recreated', 'delete': 'deleted', 'none': 'unchanged'}
MAX_PARALLEL = 32


class FleetError(KibanaError):
    """The task fails: ``problems`` found before any write, or the writes Kibana refused.

    ``changed`` says whether anything was written; ``result`` holds what the module
    returns beside the message (the per-item results of a run that wrote some).
    """

    standalone = True

    def __init__(self, headline, problems, changed=False, result=None):
        super(FleetError, self).__init__('%s:\n- %s' % (headline, '\n- '.join(problems)))
        self.problems = list(problems)
        self.changed = changed
        self.result = result or {}


# --------------------------------------------------------------------------- 1. the list
class Item:
    """One entry of ``connectors``: what kibana_connector would be asked, plus its space."""

    def __init__(self, index, entry, params):
        self.index = index
        self.space_id = entry.get('space_id') or params['space_id']
        state = 'absent' if params['state'] == 'deleted' else 'present'
        self.desired = desired_state(dict(entry, state=state))
        self.options = plan_options(dict(update_secrets=entry.get('update_secrets') or params['update_secrets'],
                                         recreate=params['recreate'], force=params['force']))

    @property
    def connector_id(self):
        return self.desired['connector_id']

    @property
    def name(self):
        return self.desired['name']

    @property
    def label(self):
        who = 'id %r' % (self.connector_id,) if self.connector_id else 'name %r' % (self.name,)
        return 'connectors[%d] (%s, space %r)' % (self.index, who, self.space_id)


def items(params):
    """The task's items, and the problems the list has on its own (no request)."""
    entries = params.get('connectors') or []
    fleet = [Item(index, entry, params) for index, entry in enumerate(entries)]
    problems, ids, names = [], {}, {}
    for item in fleet:
        try:
            check_space_id(item.space_id)
        except KibanaError as exc:
            problems.append('%s: %s' % (item.label, exc))
        if not item.connector_id and not item.name:
            problems.append('%s: give connector_id or name' % (item.label,))
        elif params['state'] in ('replaced', 'overridden') and not item.name:
            problems.append('%s: name is required with state %s' % (item.label, params['state']))
        if item.connector_id:
            ids.setdefault(item.connector_id, []).append(item)
        if item.name:
            names.setdefault((item.space_id, item.name), []).append(item)
    for connector_id, same in ids.items():
        if len(same) > 1:
            problems.append('connector id %r is given %d times (%s); connector ids are unique across all spaces'
                            % (connector_id, len(same), ', '.join('connectors[%d]' % i.index for i in same)))
    for (space_id, name), same in names.items():
        if len(same) > 1 and any(not i.connector_id for i in same):
            problems.append('%d items of space %r are named %r (%s): give each a connector_id to tell them apart'
                            % (len(same), space_id, name, ', '.join('connectors[%d]' % i.index for i in same)))
    return fleet, problems


def scope(params, fleet):
    """The spaces whose every connector the task looks at: ``spaces``, else the items' spaces, else space_id."""
    if params.get('spaces'):
        return _unique(params['spaces'])
    return _unique([item.space_id for item in fleet]) or [params['space_id']]


def _unique(values):
    seen = []
    for value in values:
        if value not in seen:
            seen.append(value)
    return seen


# --------------------------------------------------------------------------- 2. what Kibana holds
class Survey:
    """What Kibana holds in the spaces a task touches: ``connectors`` per space, ``exists`` per space
    (True, False, or None when the Spaces API may not be read), ``types`` (see _connector.Facts)."""

    def __init__(self, connectors, exists):
        self.connectors = connectors
        self.exists = exists
        self.types = None
        self.version = None
        self._by_id = dict((space, dict((c.get('id'), c) for c in listed)) for space, listed in connectors.items())
        self._stored_in = {}  # connector id -> the space that stores it (preconfigured ones are in every space)
        for space in connectors:
            for connector in self.stored(space):
                self._stored_in[connector.get('id')] = space

    def facts(self, space_id):
        return Facts(space_id, space_exists=self.exists[space_id], types=self.types, version=self.version)

    def stored(self, space_id):
        return [c for c in self.connectors[space_id] if not c.get('is_preconfigured')]

    def find(self, item):
        """The connector an item is about, or None; raises LookupFailed (ambiguous name) or ConnectorPlanError
        (the id is stored in another space, so creating it here would fail)."""
        if not item.connector_id:
            return unique_name(self.connectors[item.space_id], item.name, item.space_id)
        found = self._by_id[item.space_id].get(item.connector_id)
        elsewhere = self._stored_in.get(item.connector_id)
        if found is None and elsewhere is not None:
            raise ConnectorPlanError('connector id %r exists in space %r (connector ids are unique across all spaces)'
                                     % (item.connector_id, elsewhere))
        return found


def in_parallel(function, arguments, parallel):
    """``[function(*a) for a in arguments]``, up to ``parallel`` at once; each result or the exception it raised."""
    def call(args):
        try:
            return function(*args)
        except KibanaError as exc:
            return exc
    if len(arguments) <= 1 or parallel <= 1:
        return [call(args) for args in arguments]
    with ThreadPoolExecutor(max_workers=min(parallel, len(arguments), MAX_PARALLEL)) as pool:
        return list(pool.map(call, arguments))


def survey(client, spaces, parallel, warnings):
    """One list per space (in parallel), then the Spaces API for the spaces no stored connector proved."""
    answers = in_parallel(client.list_connectors, [(space,) for space in spaces], parallel)
    for answer in answers:
        if isinstance(answer, KibanaError):
            raise answer
    found = Survey(dict(zip(spaces, answers)), {})
    for space in spaces:
        found.exists[space] = client.space_exists(space)
        warning = space_problem(space, found.exists[space]) if found.exists[space] is not False else None
        if warning and warning not in warnings:
            warnings.append(warning)
    return found


# --------------------------------------------------------------------------- 3. plans
class Entry:
    """One line of the outcome: an item (``item`` set) or a connector nobody manages that the task deletes."""

    def __init__(self, item, space_id, current=None):
        self.item = item
        self.space_id = space_id
        self.current = current
        self.plan = None
        self.answer = None
        self.error = None
        self.skip = False  # its lookup was refused: no plan

    @property
    def label(self):
        if self.item is not None:
            return self.item.label
        return 'connector %r (%r, space %r, not in connectors)' % (self.current.get('id'), self.current.get('name'),
                                                                   self.space_id)


def _merged(item, current):
    """State merged: the item's config keys over the config Kibana holds; the item's config alone when it changes
    the type (the old type's keys mean nothing to the new one)."""
    new_type = item.desired.get('connector_type_id')
    if current is None or current.get('is_preconfigured') or (new_type and new_type != current.get('connector_type_id')):
        return item.desired
    desired = copy.deepcopy(item.desired)
    desired['config'] = dict(without_nulls(current.get('config')), **desired['config'])
    return desired


def _refusals(entry, p):
    """What the fleet refuses in a plan besides what plan() refuses: invalid config, a create without name."""
    problems = list(p.problems)
    if p.action == 'create' and not p.desired.get('name'):
        problems.append('it does not exist, and name is required to create it')
    return problems


def plan_fleet(client, params, fleet, found, scope_spaces, warnings, check_mode=False):
    """The entries of a task, each with its plan; raises FleetError listing every refusal."""
    state = params['state']
    entries, problems, managed = [], [], {}  # managed: stored connector id -> the first item that is about it
    for space in scope_spaces:
        if found.exists[space] is False:
            problems.append((-1, 'space %r does not exist in Kibana; create it first or correct spaces/space_id' % (space,)))
    for item in fleet:
        entry = Entry(item, item.space_id)
        entries.append(entry)
        try:
            entry.current = found.find(item)
        except KibanaError as exc:
            problems.append((item.index, '%s: %s' % (item.label, exc)))
            entry.skip = True
            continue
        if entry.current is not None:
            earlier = managed.setdefault(entry.current.get('id'), item)
            if earlier is not item:
                # two writes to one connector would race, and each run would undo the other's
                problems.append((item.index, '%s: it is connector %r, which %s is about too; give each connector once'
                                 % (item.label, entry.current.get('id'), earlier.label)))
        if state == 'merged':
            item.desired = _merged(item, entry.current)
    if state == 'overridden' or (state == 'deleted' and not fleet):
        for space in scope_spaces:
            for connector in found.stored(space):
                if connector.get('id') not in managed:
                    entries.append(Entry(None, space, connector))
    _read_types(client, found, entries)
    if check_mode and any('version' in facts_needed(e.current, e.item.desired, e.item.options, True)
                          for e in entries if e.item is not None and not e.skip):
        found.version = client.kibana_version()
    for order, entry in enumerate(entries):
        if entry.skip:
            continue
        desired, options = _wish(entry, params)
        try:
            entry.plan = plan(entry.current, desired, options, found.facts(entry.space_id))
        except KibanaError as exc:
            problems.append((order, '%s: %s' % (entry.label, exc)))
            continue
        texts = _refusals(entry, entry.plan) + _type_problems(entry.plan, found.types)
        problems.extend((order, '%s: %s' % (entry.label, text)) for text in texts)
        # check mode's own warnings, as kibana_connector's; not for a refused plan: its problems say more
        extra = entry.plan.check_mode_warnings if check_mode and not texts else []
        for warning in entry.plan.warnings + extra:
            if warning not in warnings:
                warnings.append(warning)
    if problems:
        texts = [text for dummy, text in sorted(problems, key=lambda problem: problem[0])]
        raise FleetError('nothing was written; %d problem%s in the task' % (len(texts), 's' if len(texts) > 1 else ''), texts)
    return entries


def _wish(entry, params):
    """The desired state and options of an entry (an unmanaged connector: deleted)."""
    if entry.item is not None:
        return entry.item.desired, entry.item.options
    desired = desired_state(dict(state='absent', connector_id=entry.current.get('id')))
    return desired, plan_options(dict(force=params['force']))


def _read_types(client, found, entries):
    """Kibana's connector types, read once, only when a recreate or a type unknown to the catalogue needs them."""
    for entry in entries:
        if entry.item is None or entry.skip:
            continue
        desired, options = entry.item.desired, entry.item.options
        type_id = desired.get('connector_type_id')
        creates = desired['state'] != 'absent' and entry.current is None and type_id and get_type(type_id) is None
        if creates or 'types' in facts_needed(entry.current, desired, options):
            found.types = connector_types(client)
            return


def _type_problems(p, types):
    """A create of a type the catalogue does not know: Kibana must know it and allow it."""
    if p.action != 'create' or get_type(p.type_id) is not None or types is None:
        return []
    problem = type_unavailable(p.type_id, types)
    return [problem] if problem else []


# --------------------------------------------------------------------------- 4. writes
def apply_fleet(client, entries, parallel):
    """Carry out every plan that changes something, up to ``parallel`` at once. Refusals are kept per entry."""
    jobs = [entry for entry in entries if entry.plan.changed]

    def write(entry):
        return apply(client, entry.plan, entry.space_id)

    for entry, answer in zip(jobs, in_parallel(write, [(entry,) for entry in jobs], parallel)):
        if isinstance(answer, KibanaError):
            entry.error = answer
        else:
            entry.answer = answer


# --------------------------------------------------------------------------- results
def _action(entry, check_mode):
    if entry.error is not None:
        return 'failed'
    if check_mode or entry.answer is None:
        return _DONE[entry.plan.action]
    changed, dummy = entry.answer
    return _DONE[entry.plan.action] if changed else 'unchanged'


def _line(entry, check_mode, scrub):
    p = entry.plan
    if entry.answer is not None and entry.answer[1] is not None:
        connector = result_connector(p, entry.answer[1])
    else:
        connector = p.after or p.before
    action = _action(entry, check_mode)
    line = dict(id=connector.get('id', (entry.current or {}).get('id')), name=connector.get('name'),
                connector_type_id=connector.get('connector_type_id'), space_id=entry.space_id,
                action=action, changes=list(p.reasons) if p.changed and action != 'unchanged' else [])
    if entry.error is not None:
        line['error'] = redact(str(entry.error), scrub)
    return line


def _summary(lines):
    summary = dict((action, 0) for action in ACTIONS)
    summary['spaces'] = {}
    for line in lines:
        summary[line['action']] += 1
        per_space = summary['spaces'].setdefault(line['space_id'], dict((action, 0) for action in ACTIONS))
        per_space[line['action']] += 1
    return summary


def _diffs(entries, check_mode):
    """One before/after per changed connector: the prediction in check mode, Kibana's answer in a real run."""
    diffs = []
    for entry in entries:
        p = entry.plan
        if not p.changed or (not check_mode and (entry.error is not None or not entry.answer[0])):
            continue
        after = p.after if check_mode else result_connector(p, entry.answer[1])
        header = 'connector %s (space %s)' % (p.before.get('id') or p.after.get('id') or repr(p.desired.get('name')),
                                              entry.space_id)
        change = p.diff(after)
        change.update(before_header=header, after_header=header)
        diffs.append(change)
    return diffs


def unmanaged(found, scope_spaces, entries):
    """The drift report: connectors of the scope spaces that no item names, preconfigured ones aside."""
    managed = set((e.current or {}).get('id') for e in entries if e.current is not None)
    report = []
    for space in scope_spaces:
        for connector in found.stored(space):
            if connector.get('id') not in managed:
                report.append(dict(id=connector.get('id'), name=connector.get('name'),
                                   connector_type_id=connector.get('connector_type_id'), space_id=space,
                                   referenced_by_count=connector.get('referenced_by_count', 0)))
    return report


def gathered(found, scope_spaces):
    """State gathered: the scope spaces' stored connectors as items of this module, and the preconfigured ones apart."""
    items_found, preconfigured = [], {}
    for space in scope_spaces:
        for connector in found.connectors[space]:
            if connector.get('is_preconfigured'):
                preconfigured.setdefault(connector.get('id'), dict(
                    id=connector.get('id'), name=connector.get('name'), connector_type_id=connector.get('connector_type_id')))
                continue
            items_found.append(dict(connector_id=connector.get('id'), name=connector.get('name'),
                                    connector_type_id=connector.get('connector_type_id'),
                                    config=copy.deepcopy(connector.get('config') or {}), space_id=space))
    return items_found, sorted(preconfigured.values(), key=lambda c: c['id'])


# --------------------------------------------------------------------------- all of it
def run(client, params, check_mode=False, warnings=None, diff=False):
    """The result of a kibana_connectors task. Raises FleetError (or another KibanaError before any write)."""
    warnings = [] if warnings is None else warnings
    parallel = params.get('parallel') or 4
    fleet, problems = items(params)
    if problems:
        raise FleetError('nothing was sent to Kibana; %d problem%s in connectors' % (len(problems), 's' if len(problems) > 1 else ''),
                         problems)
    scope_spaces = scope(params, fleet)
    found = survey(client, _unique(scope_spaces + [item.space_id for item in fleet]), parallel, warnings)
    if params['state'] == 'gathered':
        for space in scope_spaces:
            space_problem(space, found.exists[space])
        connectors, preconfigured = gathered(found, scope_spaces)
        return dict(changed=False, gathered=connectors, preconfigured=preconfigured)
    entries = plan_fleet(client, params, fleet, found, scope_spaces, warnings, check_mode)
    if not check_mode:
        apply_fleet(client, entries, parallel)
    scrub = [text for item in fleet for text in secret_strings(item.desired.get('secrets'))]
    lines = [_line(entry, check_mode, scrub) for entry in entries]
    result = dict(connectors=[line for entry, line in zip(entries, lines) if entry.item is not None],
                  summary=_summary(lines))
    result['changed'] = any(line['action'] not in ('unchanged', 'failed') for line in lines) or \
        any(getattr(entry.error, 'changed', False) for entry in entries)
    if params['state'] in ('overridden', 'deleted'):
        result['removed'] = [line for entry, line in zip(entries, lines) if entry.item is None]
    if params['state'] in ('replaced', 'merged'):
        result['unmanaged'] = unmanaged(found, scope_spaces, entries)
    if diff:
        result['diff'] = _diffs(entries, check_mode)
    refused = ['%s: %s' % (entry.label, line['error']) for entry, line in zip(entries, lines) if line['action'] == 'failed']
    if refused:
        writes = len([entry for entry in entries if entry.plan.changed])
        headline = 'Kibana refused %d of %d writes%s' % (len(refused), writes, '; the others were made' if result['changed'] else '')
        raise FleetError(headline, refused, changed=result['changed'], result=result)
    return result
