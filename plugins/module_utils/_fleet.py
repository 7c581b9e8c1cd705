# -*- coding: utf-8 -*-
# Copyright (c) kibana.connectors contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""A whole fleet of connectors across spaces in one task, for kibana_connectors, on the engine (_engine.py).

1. ``items``: the task's list, checked on its own (ids, names, spaces), no request;
2. the engine's ``Run``: one list per space (in parallel), the Spaces API for the spaces
   no stored connector proved, then every plan (with the deletions of connectors nobody
   manages, for state overridden or deleted without a list); every refusal is gathered,
   each naming its item, and nothing is written when there is one; then the writes;
3. the result: one line per item, the summary, the drift report, the diffs.

Private to the collection: not a public API, may change in any release.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type  # pylint: disable=invalid-name

import copy

from ansible_collections.kibana.connectors.plugins.module_utils._connector import UPDATE_SECRETS, Desired
from ansible_collections.kibana.connectors.plugins.module_utils._engine import (  # noqa: F401 pylint: disable=unused-import
    MAX_PARALLEL,
    Item,
    Run,
    unique,
)
from ansible_collections.kibana.connectors.plugins.module_utils._errors import KibanaError
from ansible_collections.kibana.connectors.plugins.module_utils._kibana import check_space_id
from ansible_collections.kibana.connectors.plugins.module_utils._lookup import space_problem

STATES = ('replaced', 'merged', 'overridden', 'deleted', 'gathered')
ACTIONS = ('created', 'updated', 'recreated', 'deleted', 'unchanged', 'failed')
_DONE = {'create': 'created', 'update': 'updated', 'recreate': 'recreated', 'delete': 'deleted', 'none': 'unchanged'}


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


def _plural(count):
    return '%d problem%s' % (count, 's' if count > 1 else '')


# --------------------------------------------------------------------------- 1. the list
# The options of an item of ``connectors``, as kibana_connectors documents them. The module's argument spec takes the
# list without them (and with no_log: the items hold secrets), and ``items`` checks them here, as Ansible would: its
# own check costs a deep copy and a validation pass per item, more than the whole plan of a 10,000-item fleet.
ITEM_SPEC = dict(
    connector_id=dict(type='str', aliases=['id']),
    name=dict(type='str'),
    connector_type_id=dict(type='str', aliases=['type']),
    config=dict(type='dict', default={}),
    secrets=dict(type='dict', no_log=True),
    update_secrets=dict(type='str', choices=list(UPDATE_SECRETS)),
    space_id=dict(type='str'),
    auth_mode=dict(type='str', choices=['shared', 'personal']),
)
_ALIASES = dict((alias, name) for name, option in ITEM_SPEC.items() for alias in option.get('aliases', ()))


def item_options(index, entry):
    """One item as Ansible would validate it against ITEM_SPEC: ``(options, problems)``; the texts name the item and
    the key, never a value of secrets."""
    where = 'connectors[%d]' % index
    if not isinstance(entry, dict):
        return {}, ['%s: expected a dict, got %s' % (where, type(entry).__name__)]
    options, problems = {}, []
    for key, value in entry.items():
        name = _ALIASES.get(key, key)
        option = ITEM_SPEC.get(name)
        if option is None:
            problems.append('%s: unsupported option %r (supported: %s)' % (where, key, ', '.join(sorted(ITEM_SPEC))))
            continue
        if name in options:
            problems.append('%s: %s is given twice (with its alias)' % (where, name))
            continue
        if value is not None and option['type'] == 'str' and not isinstance(value, str):
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                value = str(value)
            else:
                problems.append('%s: %s must be a string' % (where, name))
        elif value is not None and option['type'] == 'dict' and not isinstance(value, dict):
            problems.append('%s: %s must be a dict' % (where, name))
        if value is not None and option.get('choices') and value not in option['choices']:
            problems.append('%s: %s must be one of %s, got %r' % (where, name, ', '.join(option['choices']), value))
        options[name] = value
    for name, option in ITEM_SPEC.items():
        if options.get(name) is None:
            options[name] = option.get('default')
    return options, problems


def item_label(index, connector_id, name, space_id):
    who = 'id %r' % (connector_id,) if connector_id else 'name %r' % (name,)
    return 'connectors[%d] (%s, space %r)' % (index, who, space_id)


def items(params):
    """The task's items, and the problems the list has on its own (no request)."""
    fleet, problems = [], []
    for index, raw in enumerate(params.get('connectors') or []):
        entry, found = item_options(index, raw)
        problems.extend(found)
        if found:
            continue
        space_id = entry.get('space_id') or params['space_id']
        desired = Desired(state='absent' if params['state'] == 'deleted' else 'present',
                          connector_id=entry.get('connector_id'), name=entry.get('name'),
                          connector_type_id=entry.get('connector_type_id'), config=entry.get('config'),
                          secrets=entry.get('secrets'), update_secrets=entry.get('update_secrets') or params['update_secrets'],
                          recreate=params['recreate'], force=params['force'], merge=params['state'] == 'merged',
                          auth_mode=entry.get('auth_mode'))
        fleet.append(Item(index, space_id, desired, item_label(index, desired.connector_id, desired.name, space_id)))
    ids, names = {}, {}
    for item in fleet:
        desired = item.desired
        try:
            check_space_id(item.space_id)
        except KibanaError as exc:
            problems.append('%s: %s' % (item.label, exc))
        if not desired.connector_id and not desired.name:
            problems.append('%s: give connector_id or name' % (item.label,))
        elif params['state'] in ('replaced', 'overridden') and not desired.name:
            problems.append('%s: name is required with state %s' % (item.label, params['state']))
        if desired.connector_id:
            ids.setdefault(desired.connector_id, []).append(item)
        if desired.name:
            names.setdefault((item.space_id, desired.name), []).append(item)
    for connector_id, same in ids.items():
        if len(same) > 1:
            problems.append('connector id %r is given %d times (%s); connector ids are unique across all spaces'
                            % (connector_id, len(same), ', '.join('connectors[%d]' % i.index for i in same)))
    for (space_id, name), same in names.items():
        if len(same) > 1 and any(not i.desired.connector_id for i in same):
            problems.append('%d items of space %r are named %r (%s): give each a connector_id to tell them apart'
                            % (len(same), space_id, name, ', '.join('connectors[%d]' % i.index for i in same)))
    return fleet, problems


def scope(params, fleet):
    """The spaces whose every connector the task looks at: ``spaces``, else the items' spaces, else space_id."""
    if params.get('spaces'):
        return unique(params['spaces'])
    return unique([item.space_id for item in fleet]) or [params['space_id']]


# --------------------------------------------------------------------------- 2. plans
def _space_problems(run, scope_spaces):
    """A scope space that does not exist is a problem; one that cannot be verified a warning (once)."""
    problems = []
    for space in scope_spaces:
        exists = run.survey.exists.get(space, True)
        if exists is False:
            problems.append('space %r does not exist in Kibana; create it first or correct spaces/space_id' % (space,))
        else:
            run.warn(space_problem(space, exists))
    return problems


def _same_connector_twice(run):
    """Two items that find the same stored connector (one by id, one by name): two writes to one connector would race,
    and each run would undo the other's."""
    problems, managed = [], {}
    for entry in run.entries:
        if entry.item is None or entry.current is None:
            continue
        earlier = managed.setdefault(entry.current.get('id'), entry.item)
        if earlier is not entry.item:
            problems.append((entry.item.index, '%s: it is connector %r, which %s is about too; give each connector once'
                             % (entry.item.label, entry.current.get('id'), earlier.label)))
    return problems


def plan_fleet(run, params, scope_spaces):
    """Every entry's plan, the deletions of unmanaged connectors added; raises FleetError listing every refusal."""
    problems = [(-1, text) for text in _space_problems(run, scope_spaces)] + _same_connector_twice(run)
    if params['state'] == 'overridden' or (params['state'] == 'deleted' and not run.entries):
        managed = set(entry.current.get('id') for entry in run.entries if entry.current is not None)
        for space in scope_spaces:
            for connector in run.survey.stored(space):
                if connector.get('id') not in managed:
                    run.add(space, connector, params['force'])
    problems += [(order, '%s: %s' % (entry.label, error)) for order, entry, error in run.plan()]
    if problems:
        texts = [text for dummy, text in sorted(problems, key=lambda problem: problem[0])]
        raise FleetError('nothing was written; %s in the task' % _plural(len(texts)), texts)


# --------------------------------------------------------------------------- 3. results
def _action(entry, check_mode):
    if entry.error is not None:
        return 'failed'
    if check_mode or not entry.plan.changed:
        return _DONE[entry.plan.action]
    return _DONE[entry.plan.action] if entry.changed else 'unchanged'


def _line(entry, check_mode):
    """What the result says of an entry: the connector, else (nothing found to delete) the item as given. An error
    is as the client raised it: masked there with the secrets of its request (the only ones Kibana could echo)."""
    p = entry.plan
    connector = entry.connector or p.before
    action = _action(entry, check_mode)
    desired = entry.desired
    line = dict(id=connector.get('id', (entry.current or {}).get('id', desired.connector_id)),
                name=connector.get('name', desired.name),
                connector_type_id=connector.get('connector_type_id', desired.connector_type_id), space_id=entry.space_id,
                action=action, changes=list(p.reasons) if p.changed and action != 'unchanged' else [])
    if entry.error is not None:
        line['error'] = str(entry.error)
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
        if not p.changed or (not check_mode and (entry.error is not None or not entry.changed)):
            continue
        after = entry.connector
        header = 'connector %s (space %s)' % (p.before.get('id') or p.after.get('id') or repr(p.desired.name),
                                              entry.space_id)
        change = p.diff(after)
        change.update(before_header=header, after_header=header)
        diffs.append(change)
    return diffs


def drift_warning(report, shown=5):
    """The drift report as one warning (a return value nobody reads is no report): the count and the first ids."""
    if not report:
        return None
    ids = ', '.join('%s (space %s)' % (line['id'], line['space_id']) for line in report[:shown])
    more = ' and %d more' % (len(report) - shown) if len(report) > shown else ''
    return ('%d connector%s in the spaces of this task %s managed by it (see unmanaged): %s%s'
            % (len(report), 's' if len(report) > 1 else '', 'are not' if len(report) > 1 else 'is not', ids, more))


def unmanaged(run, scope_spaces):
    """The drift report: connectors of the scope spaces that no item names, preconfigured ones aside."""
    managed = set(entry.current.get('id') for entry in run.entries if entry.current is not None)
    report = []
    for space in scope_spaces:
        for connector in run.survey.stored(space):
            if connector.get('id') not in managed:
                report.append(dict(id=connector.get('id'), name=connector.get('name'),
                                   connector_type_id=connector.get('connector_type_id'), space_id=space,
                                   referenced_by_count=connector.get('referenced_by_count', 0)))
    return report


def gathered(run, scope_spaces):
    """State gathered: the scope spaces' stored connectors as items of this module, and the preconfigured ones apart."""
    items_found, preconfigured = [], {}
    for space in scope_spaces:
        for connector in run.survey.listed[space]:
            if connector.get('is_preconfigured'):
                preconfigured.setdefault(connector.get('id'), dict(
                    id=connector.get('id'), name=connector.get('name'), connector_type_id=connector.get('connector_type_id')))
                continue
            items_found.append(dict(connector_id=connector.get('id'), name=connector.get('name'),
                                    connector_type_id=connector.get('connector_type_id'),
                                    config=copy.deepcopy(connector.get('config') or {}), space_id=space))
    return items_found, sorted(preconfigured.values(), key=lambda c: c['id'])


# --------------------------------------------------------------------------- all of it
def run(client, params, check_mode=False, warnings=None, diff=False, fingerprints=None):
    """The result of a kibana_connectors task. Raises FleetError (or another KibanaError before any write).

    ``fingerprints``: what is remembered of the secrets written before (_fingerprint.Fingerprints), updated as
    the run writes."""
    fleet, problems = items(params)
    if problems:
        raise FleetError('nothing was sent to Kibana; %s in connectors' % _plural(len(problems)), problems)
    scope_spaces = scope(params, fleet)
    engine = Run(client, check_mode, params.get('parallel') or 4, warnings, fingerprints)
    engine.read(fleet, scope_spaces, check_spaces=True)
    if params['state'] == 'gathered':
        for space in scope_spaces:
            engine.warn(space_problem(space, engine.survey.exists.get(space, True)))
        connectors, preconfigured = gathered(engine, scope_spaces)
        return dict(changed=False, gathered=connectors, preconfigured=preconfigured)
    plan_fleet(engine, params, scope_spaces)
    if not check_mode:
        engine.apply()
    lines = [_line(entry, check_mode) for entry in engine.entries]
    result = dict(connectors=[line for entry, line in zip(engine.entries, lines) if entry.item is not None],
                  summary=_summary(lines))
    result['changed'] = any(line['action'] not in ('unchanged', 'failed') for line in lines) or \
        any(getattr(entry.error, 'changed', False) for entry in engine.entries)
    if params['state'] in ('overridden', 'deleted'):
        result['removed'] = [line for entry, line in zip(engine.entries, lines) if entry.item is None]
    if params['state'] in ('replaced', 'merged'):
        result['unmanaged'] = unmanaged(engine, scope_spaces)
        engine.warn(drift_warning(result['unmanaged']))
    if diff:
        result['diff'] = _diffs(engine.entries, check_mode)
    refused = ['%s: %s' % (entry.label, line['error']) for entry, line in zip(engine.entries, lines)
               if line['action'] == 'failed']
    if refused:
        writes = len([entry for entry in engine.entries if entry.plan.changed])
        headline = 'Kibana refused %d of %d writes%s' % (len(refused), writes, '; the others were made' if result['changed'] else '')
        raise FleetError(headline, refused, changed=result['changed'], result=result)
    return result
