# -*- coding: utf-8 -*-
# Copyright (c) kibana.connectors contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The one engine path of kibana.connectors: one connector (kibana_connector) is a fleet of one (kibana_connectors).

``Run`` takes a task's ``Item``s through four steps:

1. ``read``: what Kibana holds, with the fewest requests: one list per space that must be
   listed (a fleet's spaces, a connector named without an id, a delete that needs the
   reference count), else one GET per connector id; in parallel, up to ``parallel`` at
   once (the transport pauses every thread after a 429 or 5xx);
2. ``plan``: each entry's decision (_connector.decide), then the facts those decisions
   need, read once for all (reference counts, Kibana's connector types, spaces, Kibana's
   version: see _connector.facts_needed), then each entry's complete, frozen Plan; every
   refusal of every entry is gathered in one pass, and nothing is written when there is one;
3. ``apply``: the writes, up to ``parallel`` at once;
4. the entries carry what the modules return: ``plan``, ``changed``, ``connector``, ``error``.

What a run learns (the connectors listed, the spaces proven, the version) is the
``Survey``'s, passed explicitly: the client remembers nothing.

Private to the collection: not a public API, may change in any release.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type  # pylint: disable=invalid-name

import threading
from concurrent.futures import ThreadPoolExecutor

from ansible_collections.kibana.connectors.plugins.module_utils._connector import (
    ConnectorPlanError,
    CreatedElsewhere,
    Desired,
    Facts,
    apply,
    custom_ids,
    decide,
    facts_needed,
    plan,
    result_connector,
)
from ansible_collections.kibana.connectors.plugins.module_utils._errors import KibanaError
from ansible_collections.kibana.connectors.plugins.module_utils._lookup import unique_name

MAX_PARALLEL = 32


def in_parallel(function, arguments, parallel):
    """``[function(*a) for a in arguments]``, up to ``parallel`` at once; each result or the KibanaError it raised."""
    def call(args):
        try:
            return function(*args)
        except KibanaError as exc:
            return exc
    if len(arguments) <= 1 or parallel <= 1:
        return [call(args) for args in arguments]
    with ThreadPoolExecutor(max_workers=min(parallel, len(arguments), MAX_PARALLEL)) as pool:
        return list(pool.map(call, arguments))


def unique(values):
    """``values`` without repeats, in their order."""
    seen, kept = set(), []
    for value in values:
        if value not in seen:
            seen.add(value)
            kept.append(value)
    return kept


class Item:
    """One connector a task declares: its ``index`` in the task, its ``space_id``, its ``desired`` state
    (_connector.Desired) and how messages name it (``label``)."""

    __slots__ = ('index', 'space_id', 'desired', 'label')

    def __init__(self, index, space_id, desired, label):
        self.index = index
        self.space_id = space_id
        self.desired = desired
        self.label = label


class Entry:
    """One line of a run: an item, or (``item`` None) a connector nobody manages that the task deletes.

    ``current``: the connector Kibana holds; ``desired`` (the item's, merged over ``current``
    for state merged); ``decision``, ``plan``; after ``apply``: ``changed``, ``answer`` (Kibana's
    answer) or ``error``. ``refused``: the lookup or the plan was refused (see Run.problems).
    """

    def __init__(self, item, space_id, current=None, desired=None):
        self.item = item
        self.space_id = space_id
        self.current = current
        self.desired = desired if desired is not None else (item.desired if item is not None else None)
        self.decision = None
        self.plan = None
        self.changed = False
        self.applied = False
        self.answer = None
        self.error = None
        self.refused = False

    @property
    def label(self):
        if self.item is not None:
            return self.item.label
        return 'connector %r (%r, space %r, not in connectors)' % (self.current.get('id'), self.current.get('name'),
                                                                   self.space_id)

    @property
    def connector(self):
        """The connector after the task, in the result shape: Kibana's answer after a write ({} after a delete),
        else the plan's prediction (the connector as it is, when nothing changes)."""
        if self.plan is None:
            return {}
        if self.applied:
            return result_connector(self.plan, self.answer)
        return self.plan.after


class Survey:
    """What Kibana holds in the spaces of a run: ``listed`` (space -> its connectors, when listed), ``got``
    ((space, id) -> the connector a GET found, or None), ``exists`` (space -> True, False, or None when the
    Spaces API may not be read; only spaces a connector proved or the Spaces API answered), ``types``
    (connector type id -> enabled, when read), ``version`` (when read; None when not readable)."""

    def __init__(self):
        self.listed = {}
        self.got = {}
        self.exists = {}
        self.types = None
        self.version = None
        self.version_read = False
        self._stored_in = {}  # connector id -> the space whose list holds it (preconfigured ones are in every space)
        self._by_id = {}  # space -> connector id -> connector, of the listed spaces
        self._by_name = {}  # space -> name -> the connectors of that name

    def add_list(self, space_id, connectors):
        self.listed[space_id] = connectors
        self._by_id[space_id] = dict((c.get('id'), c) for c in connectors)
        by_name = self._by_name[space_id] = {}
        for connector in connectors:
            by_name.setdefault(connector.get('name'), []).append(connector)
        for connector in self.stored(space_id):
            self._stored_in[connector.get('id')] = space_id
            self.exists[space_id] = True

    def add_get(self, space_id, connector_id, connector):
        self.got[(space_id, connector_id)] = connector
        if connector is not None and not connector.get('is_preconfigured'):
            self.exists[space_id] = True

    def ids(self, space_id):
        """The ids of the connectors the list of ``space_id`` holds (a view: no copy), empty when not listed."""
        return self._by_id.get(space_id, {}).keys()

    def listed_connector(self, space_id, connector_id):
        """The connector of that id in the list of ``space_id``, or None."""
        return self._by_id.get(space_id, {}).get(connector_id)

    def stored(self, space_id):
        return [c for c in self.listed.get(space_id, ()) if not c.get('is_preconfigured')]

    def facts(self, space_id):
        return Facts(space_id, space_exists=self.exists.get(space_id, True), types=self.types, version=self.version,
                     custom_ids=custom_ids(self.version) if self.version_read else True)

    def find(self, space_id, connector_id, name):
        """The connector an item is about, or None; LookupFailed for a name several connectors share,
        ConnectorPlanError for an id stored in another space (creating it here would fail)."""
        if space_id not in self.listed:
            return self.got.get((space_id, connector_id))
        if not connector_id:
            return unique_name(self._by_name[space_id].get(name, ()), name, space_id)
        found = self._by_id[space_id].get(connector_id)
        elsewhere = self._stored_in.get(connector_id)
        if found is None and elsewhere is not None:
            raise ConnectorPlanError('connector id %r exists in space %r (connector ids are unique across all spaces)'
                                     % (connector_id, elsewhere))
        return found


class Run:
    """A task's run through the engine (see the module docstring). ``problems``: (order, entry, error) of every
    refusal, in the order of the task's items; ``warnings``: the list the run appends its warnings to."""

    def __init__(self, client, check_mode=False, parallel=1, warnings=None, fingerprints=None):
        self.client = client
        self.fingerprints = fingerprints  # _fingerprint.Fingerprints of this Kibana (None: nothing remembered)
        self.check_mode = check_mode
        self.parallel = max(1, parallel)
        self.warnings = [] if warnings is None else warnings
        self._warned = set(self.warnings)
        self._warn_lock = threading.Lock()  # apply's workers warn too
        self._facts_lock = threading.Lock()  # and read facts after a 409 (see _found_after_all)
        self.survey = Survey()
        self.entries = []
        self.problems = []

    def warn(self, text):
        with self._warn_lock:
            if text and text not in self._warned:
                self._warned.add(text)
                self.warnings.append(text)

    def _refuse(self, order, entry, error):
        entry.refused = True
        self.problems.append((order, entry, error))

    # ----------------------------------------------------------------- 1. read
    def read(self, items, spaces=(), check_spaces=False):
        """What Kibana holds for ``items``: lists of ``spaces`` (listed whatever the items) and of the spaces
        where an item needs a list, GETs by id for the others; then, with ``check_spaces``, the Spaces API for
        every space no stored connector proved. Raises the first KibanaError of a read."""
        listed = unique(list(spaces) + [item.space_id for item in items if _needs_list(item.desired)])
        in_lists = set(listed)
        gets = unique([(item.space_id, item.desired.connector_id) for item in items if item.space_id not in in_lists])
        reads = [('list', space, None) for space in listed] + [('get', space, cid) for space, cid in gets]
        for (kind, space, connector_id), answer in zip(reads, in_parallel(self._read, reads, self.parallel)):
            if isinstance(answer, KibanaError):
                raise answer
            if kind == 'list':
                self.survey.add_list(space, answer)
            else:
                self.survey.add_get(space, connector_id, answer)
        if check_spaces:
            self.check_spaces(unique(listed + [space for space, dummy in gets]))
        for item in items:
            entry = Entry(item, item.space_id)
            self.entries.append(entry)
            try:
                entry.current = self.survey.find(item.space_id, item.desired.connector_id, item.desired.name)
            except KibanaError as exc:
                self._refuse(item.index, entry, exc)
                continue
            entry.desired = item.desired.merged_over(entry.current)

    def _read(self, kind, space, connector_id):
        if kind == 'list':
            return self.client.list_connectors(space)
        return self.client.get_connector(connector_id, space)

    def check_spaces(self, spaces):
        """The Spaces API for each of ``spaces`` that no stored connector proved (in parallel)."""
        unproven = [space for space in spaces if space not in self.survey.exists]
        for space, answer in zip(unproven, in_parallel(self.client.space_exists, [(s,) for s in unproven], self.parallel)):
            if isinstance(answer, KibanaError):
                raise answer
            self.survey.exists[space] = answer

    def add(self, space_id, connector, force):
        """An entry that deletes ``connector``, which no item names (state overridden, or deleted without a list)."""
        entry = Entry(None, space_id, connector, Desired(state='absent', connector_id=connector.get('id'), force=force))
        self.entries.append(entry)
        return entry

    # ----------------------------------------------------------------- 2. plan
    def plan(self):
        """Every entry's decision, the facts they need (read once), then every entry's Plan. Returns ``problems``."""
        needs = {}
        for order, entry in enumerate(self.entries):
            if entry.refused:
                continue
            try:
                entry.decision = decide(entry.current, entry.desired, self._secrets_known(entry))
            except KibanaError as exc:
                self._refuse(self._order(order, entry), entry, exc)
                continue
            for fact in facts_needed(entry.current, entry.desired, self.check_mode, entry.decision):
                needs.setdefault(fact, []).append(entry)
        self._read_facts(needs)
        for order, entry in enumerate(self.entries):
            if entry.refused:
                continue
            try:
                entry.plan = plan(entry.current, entry.desired, self.survey.facts(entry.space_id), entry.decision)
            except KibanaError as exc:
                self._refuse(self._order(order, entry), entry, exc)
                continue
            for warning in entry.plan.warnings + (entry.plan.check_mode_warnings if self.check_mode else []):
                self.warn(warning)
        self.problems.sort(key=lambda problem: problem[0])
        return self.problems

    def _secrets_known(self, entry):
        """Whether the secrets given are those this collection last wrote to the connector (see decide)."""
        desired, current = entry.desired, entry.current
        if self.fingerprints is None or current is None or not desired.secrets or desired.update_secrets != 'on_change':
            return None
        return self.fingerprints.same(entry.space_id, current.get('id'), desired.secrets)

    def _remember(self, entry):
        """After a write: the fingerprint of the secrets sent, under the connector's id; none for a deleted one."""
        if self.fingerprints is None or not entry.changed:
            return
        p = entry.plan
        if p.current and (p.action == 'delete' or (p.action == 'recreate' and p.current.get('id') != (entry.answer or {}).get('id'))):
            self.fingerprints.forget(entry.space_id, p.current.get('id'))
        if p.action in ('create', 'update', 'recreate') and entry.desired.secrets is not None and entry.answer:
            self.fingerprints.record(entry.space_id, entry.answer.get('id'), entry.desired.secrets)

    def _order(self, order, entry):
        """Problems are listed in the task's order: an item by its index, the others after every item."""
        return entry.item.index if entry.item is not None else len(self.entries) + order

    def _read_facts(self, needs):
        survey, client = self.survey, self.client
        counted = unique([e.space_id for e in needs.get('reference_count', ()) if e.space_id not in survey.listed])
        for space, answer in zip(counted, in_parallel(client.list_connectors, [(s,) for s in counted], self.parallel)):
            if isinstance(answer, KibanaError):
                raise answer
            survey.add_list(space, answer)
        for entry in needs.get('reference_count', ()):
            listed = survey.listed_connector(entry.space_id, entry.current.get('id'))
            entry.current = dict(entry.current, referenced_by_count=(listed or {}).get('referenced_by_count') or 0)
        if needs.get('space'):
            self.check_spaces(unique([entry.space_id for entry in needs['space']]))
        # a create in a space that does not exist is refused: it needs nothing more
        live = dict((fact, [e for e in entries if survey.exists.get(e.space_id, True) is not False])
                    for fact, entries in needs.items())
        if live.get('types'):
            survey.types = dict((t.get('id'), t.get('enabled') is not False) for t in client.list_connector_types())
        if live.get('version') and not survey.version_read:
            survey.version_read = True
            survey.version = client.kibana_version()

    # ----------------------------------------------------------------- 3. apply
    def apply(self):
        """Carry out every plan that changes something, up to ``parallel`` at once. Refusals are kept per entry."""
        jobs = [entry for entry in self.entries if entry.plan is not None and entry.plan.changed]
        answers = in_parallel(self._write, [(entry,) for entry in jobs], self.parallel)
        for entry, answer in zip(jobs, answers):
            if isinstance(answer, KibanaError):
                entry.error = answer
            else:
                entry.applied = True
                entry.changed, entry.answer = answer
                self._remember(entry)

    def _write(self, entry):
        try:
            return apply(self.client, entry.plan, entry.space_id, known_ids=self.survey.ids(entry.space_id))
        except CreatedElsewhere as exc:
            return self._found_after_all(entry, exc.connector_id)

    def _found_after_all(self, entry, connector_id):
        """Another run or host created the connector between this run's read and its create (Kibana's 409 to its
        id): read it and carry on as if this run had found it, updating it if it differs. An id Kibana holds in
        another space fails, saying so."""
        current = self.client.get_connector(connector_id, entry.space_id)
        if current is None:
            raise ConnectorPlanError('connector id %r is taken in another space (connector ids are unique across all '
                                     'spaces)' % (connector_id,), status=409)
        desired = entry.desired.replace(connector_id=connector_id)
        entry.current = current
        decision = decide(current, desired)  # the secrets this run last wrote to it: unknown, it did not write it
        with self._facts_lock:  # the facts a recreate needs (the types; a reference count of 0: it was just created)
            self._read_facts(dict((fact, [entry]) for fact in facts_needed(current, desired, False, decision)))
        entry.plan = plan(entry.current, desired, self.survey.facts(entry.space_id), decision)
        for warning in entry.plan.warnings:
            self.warn(warning)
        if not entry.plan.changed:
            return False, current
        return apply(self.client, entry.plan, entry.space_id)


def converge(client, desired, space_id, check_mode=False, warnings=None, fingerprints=None):
    """One connector through the engine, as kibana_connector runs it: the Entry, with ``changed``, ``connector``
    and ``plan``. Raises the refusal of the plan, or the error of the write (KibanaError subclasses)."""
    engine = Run(client, check_mode, 1, warnings, fingerprints)
    engine.read([Item(0, space_id, desired, desired.label)])
    problems = engine.plan()
    if problems:
        raise problems[0][2]
    entry = engine.entries[0]
    if check_mode:
        entry.changed = entry.plan.changed
    else:
        engine.apply()
    if entry.error is not None:
        raise entry.error
    return entry


def _needs_list(desired):
    """Whether finding this connector needs its space's list: named without an id, or a delete that must know
    the reference count (only the list carries it)."""
    return not desired.connector_id or (desired.state == 'absent' and not desired.force)
