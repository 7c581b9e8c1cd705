# -*- coding: utf-8 -*-
# Copyright (c) kibana.connectors contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""kibana.yml as text: YAML nodes with their positions (PyYAML events), duplicate keys, cutting every key under a
path out of the text line by line (comments elsewhere kept), a marked block, and writing YAML as Kibana's own
kibana.yml is written.

Private to the collection (the name starts with an underscore): not a public API.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type  # pylint: disable=invalid-name

import yaml


class YamlProblem(Exception):
    """The text is not YAML Kibana can read, or cannot be edited safely. The message never quotes the text."""


class Node(object):
    """One YAML node with where it starts and ends in the text."""

    def __init__(self, kind, start, end, value=None, style=None, flow=False, anchor=None):
        self.kind = kind  # 'scalar', 'alias', 'map' or 'seq'
        self.start = start
        self.end = end
        self.value = value
        self.style = style
        self.flow = flow
        self.anchor = anchor
        self.pairs = []  # map: (key node, value node)
        self.items = []  # seq: nodes


def _problem(err, what):
    mark = getattr(err, 'problem_mark', None)
    problem = getattr(err, 'problem', None) or 'cannot be parsed'
    where = ' (line %d, column %d)' % (mark.line + 1, mark.column + 1) if mark is not None else ''
    return YamlProblem('%s is not valid YAML: %s%s' % (what, problem, where))


def _build(event, events):
    if isinstance(event, yaml.ScalarEvent):
        return Node('scalar', event.start_mark, event.end_mark, value=event.value, style=event.style, anchor=event.anchor)
    if isinstance(event, yaml.AliasEvent):
        return Node('alias', event.start_mark, event.end_mark, anchor=event.anchor)
    if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
        kind = 'map' if isinstance(event, yaml.MappingStartEvent) else 'seq'
        node = Node(kind, event.start_mark, None, flow=bool(event.flow_style), anchor=event.anchor)
        while True:
            sub = next(events)
            if isinstance(sub, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                node.end = sub.end_mark
                return node
            child = _build(sub, events)
            if kind == 'map':
                node.pairs.append((child, _build(next(events), events)))
            else:
                node.items.append(child)
    raise YamlProblem('unexpected YAML event %s' % type(event).__name__)


def parse_tree(text, what='kibana.yml'):
    """The root node of a one-document YAML text (None when it holds no document)."""
    roots = []
    try:
        events = iter(list(yaml.parse(text, Loader=yaml.SafeLoader)))
        for event in events:
            if isinstance(event, (yaml.ScalarEvent, yaml.AliasEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                roots.append(_build(event, events))
    except yaml.YAMLError as err:
        raise _problem(err, what)
    if len(roots) > 1:
        raise YamlProblem('%s holds %d YAML documents; Kibana reads one' % (what, len(roots)))
    root = roots[0] if roots else None
    if root is not None and root.kind == 'scalar' and root.value == '' and root.style is None:
        return None
    return root


def load_text(text, what='kibana.yml'):
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as err:
        raise _problem(err, what)


def duplicates(node, what, found=None):
    """Duplicate keys in any mapping: Kibana's YAML reader (js-yaml) refuses them."""
    found = [] if found is None else found
    if node is None:
        return found
    if node.kind == 'map':
        seen = {}
        for key, value in node.pairs:
            if key.kind == 'scalar':
                if key.value in seen:
                    found.append("%s: duplicate key '%s' (lines %d and %d); Kibana refuses duplicate keys"
                                 % (what, key.value, seen[key.value] + 1, key.start.line + 1))
                else:
                    seen[key.value] = key.start.line
            duplicates(value, what, found)
    elif node.kind == 'seq':
        for item in node.items:
            duplicates(item, what, found)
    return found


def check_document(text, what):
    """The root node of ``text``, or raise YamlProblem when it is not one mapping without duplicate keys."""
    root = parse_tree(text, what)
    if root is not None and root.kind != 'map':
        raise YamlProblem('%s does not hold a mapping of settings' % what)
    problems = duplicates(root, what)
    if problems:
        raise YamlProblem(problems[0])
    return root


def _end_of(node):
    """(line, column) just after the last character of the node's content (comments after it excluded)."""
    if node.kind == 'map' and not node.flow and node.pairs:
        return _end_of(node.pairs[-1][1])
    if node.kind == 'seq' and not node.flow and node.items:
        return _end_of(node.items[-1])
    return node.end.line, node.end.column


def _entry_span(lines, key, value):
    """Inclusive line range of a mapping entry, or None when other content shares those lines."""
    first = key.start.line
    end_line, end_column = _end_of(value)
    last = end_line if end_column > 0 else end_line - 1
    if last < first:
        last = first
    if lines[first][:key.start.column].strip():
        return None
    if end_column > 0 and end_line < len(lines):
        rest = lines[end_line][end_column:].strip()
        if rest and not rest.startswith('#'):
            return None
    return first, last


def _under(path, prefix):
    return len(path) >= len(prefix) and tuple(path[:len(prefix)]) == prefix


def _above(path, prefix):
    return len(path) < len(prefix) and tuple(prefix[:len(path)]) == tuple(path)


def _spans_under(lines, node, path, prefix):
    """Line spans of the entries under ``prefix`` inside a mapping node; None when they cannot be cut out line by line.

    Returns (spans, removes_all).
    """
    spans = []
    kept = 0
    for key, value in node.pairs:
        if key.kind != 'scalar':
            kept += 1
            continue
        sub = path + tuple(key.value.split('.'))
        if _under(sub, prefix):
            span = _entry_span(lines, key, value)
            if span is None or node.flow:
                return None, False
            spans.append(span)
        elif _above(sub, prefix) and value.kind == 'map':
            inner, removes_all = _spans_under(lines, value, sub, prefix)
            if inner is None:
                return None, False
            if removes_all and inner:
                span = _entry_span(lines, key, value)
                if span is None or node.flow:
                    return None, False
                spans.append(span)
            else:
                spans.extend(inner)
                kept += 1
        else:
            kept += 1
    return spans, kept == 0


def _strip(value, path, prefix):
    """A loaded (not deepened) mapping without the keys under ``prefix``; None if nothing is left."""
    out = {}
    for key, sub in value.items():
        full = path + tuple(str(key).split('.'))
        if _under(full, prefix):
            continue
        if _above(full, prefix) and isinstance(sub, dict):
            sub = _strip(sub, full, prefix)
            if sub is None:
                continue
        out[key] = sub
    return out or None


def _cut(text, lines, root, prefix):
    bare = [line.rstrip('\r\n') for line in lines]
    replace = {}  # first line -> (last line, replacement text)
    data = None
    for key, value in root.pairs:
        if key.kind != 'scalar':
            continue
        path = tuple(key.value.split('.'))
        if _under(path, prefix):
            span = _entry_span(bare, key, value)
        elif _above(path, prefix) and value.kind == 'map':
            spans, removes_all = _spans_under(bare, value, path, prefix)
            if spans is not None and (not removes_all or not spans):
                for first, last in spans:
                    replace[first] = (last, '')
                continue
            span = _entry_span(bare, key, value)
            if spans is None and span is not None:
                # a flow-style mapping holds keys to cut: rewrite this top-level entry in block style
                data = load_text(text) if data is None else data
                kept = _strip({key.value: data.get(key.value)}, (), prefix)
                replace[span[0]] = (span[1], dump(kept) if kept else '')
                continue
        else:
            continue
        if span is None:
            raise YamlProblem("kibana.yml: cannot cut out '%s' at line %d line by line; rewrite it in block style" % (key.value, key.start.line + 1))
        replace[span[0]] = (span[1], '')
    out = []
    number = 0
    while number < len(lines):
        if number in replace:
            last, replacement = replace[number]
            if replacement:
                out.append(replacement)
            number = last + 1
            continue
        out.append(lines[number])
        number += 1
    return out


def cut_keys(text, prefix):
    """``text`` without every key under ``prefix`` (dotted, nested or mixed), the rest kept line for line.

    A mapping left empty by that goes too; a flow-style mapping holding such keys is rewritten in block style.
    Trailing blank lines are dropped; the result ends with a newline unless it is empty.
    """
    root = check_document(text, 'kibana.yml')
    lines = text.splitlines(True)
    if root is not None:
        if root.flow:
            stripped = _strip(load_text(text) or {}, (), prefix)
            lines = [dump(stripped)] if stripped else []
        else:
            lines = _cut(text, lines, root, prefix)
    while lines and not lines[-1].strip():
        lines.pop()
    body = ''.join(lines)
    if body and not body.endswith('\n'):
        body += '\n'
    return body


def without_block(text, begin_prefix, end_prefix):
    """The text without the lines from a ``begin_prefix`` line to the next ``end_prefix`` line, or raise."""
    out = []
    inside = None
    for number, line in enumerate(text.splitlines(True)):
        stripped = line.rstrip('\r\n')
        if inside is None and stripped.startswith(begin_prefix):
            inside = number
            continue
        if inside is not None:
            if stripped.startswith(end_prefix):
                inside = None
            continue
        out.append(line)
    if inside is not None:
        raise YamlProblem('kibana.yml: the block managed by Ansible that starts at line %d has no END line; fix the file by hand' % (inside + 1))
    return ''.join(out)


class _Dumper(yaml.SafeDumper):  # pylint: disable=too-many-ancestors
    """Lists indented under their key, as in Kibana's own kibana.yml."""

    def increase_indent(self, flow=False, indentless=False):
        return super(_Dumper, self).increase_indent(flow, False)


# Values that are subclasses of str, dict and list (AnsibleUnsafeText and friends before ansible-core 2.19,
# tagged values after) are written as the plain types.
_Dumper.add_multi_representer(str, lambda dumper, value: dumper.represent_str(str(value)))
_Dumper.add_multi_representer(dict, lambda dumper, value: dumper.represent_dict(dict(value)))
_Dumper.add_multi_representer(list, lambda dumper, value: dumper.represent_list(list(value)))


def dump(data):
    """Block-style YAML of ``data``, keys in their order, long values on one line."""
    return yaml.dump(data, Dumper=_Dumper, default_flow_style=False, sort_keys=False, allow_unicode=True,
                     width=1000000000, indent=2)
