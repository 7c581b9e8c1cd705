# -*- coding: utf-8 -*-
# Copyright (c) kibana.connectors contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Values as Kibana reads them from kibana.yml: Ansible's values as plain Python, dotted keys as nested keys.

Private to the collection (the name starts with an underscore): not a public API.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type  # pylint: disable=invalid-name

from collections.abc import Mapping

from ansible.module_utils.common.text.converters import to_text


def _text(value):
    # str.__str__ gives an exact str for a subclass; str() does not for AnsibleUnsafeText (before ansible-core 2.19)
    return str.__str__(to_text(value))


def plain(value):
    """Ansible's (tagged or unsafe) values as plain Python values that yaml.safe_dump can write."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    if isinstance(value, Mapping):
        return dict((_text(key), plain(sub)) for key, sub in value.items())
    if isinstance(value, (list, tuple)):
        return [plain(sub) for sub in value]
    return _text(value)


def merge(target, source, conflicts=None, path=()):
    """Merge the mapping ``source`` into ``target`` leaf by leaf; leaves set in both go to ``conflicts``."""
    for key, value in source.items():
        if isinstance(target.get(key), dict) and isinstance(value, dict):
            merge(target[key], value, conflicts, path + (key,))
        else:
            if key in target and conflicts is not None:
                conflicts.append('.'.join(path + (key,)))
            target[key] = value


def deepen(value, conflicts=None, path=()):
    """Kibana's reading of kibana.yml: a dotted key is nested keys, at every level, and leaves merge.

    Paths set twice (``server.host`` and ``server: {host: ...}``) are added to ``conflicts``.
    """
    if isinstance(value, list):
        return [deepen(sub, conflicts, path) for sub in value]
    if not isinstance(value, dict):
        return value
    out = {}
    for key, sub in value.items():
        parts = str(key).split('.')
        node = out
        for index, part in enumerate(parts[:-1]):
            if not isinstance(node.get(part), dict):
                if part in node and conflicts is not None:
                    conflicts.append('.'.join(path + tuple(parts[:index + 1])))
                node[part] = {}
            node = node[part]
        full = path + tuple(parts)
        sub = deepen(sub, conflicts, full)
        last = parts[-1]
        if isinstance(node.get(last), dict) and isinstance(sub, dict):
            merge(node[last], sub, conflicts, full)
        else:
            if last in node and conflicts is not None:
                conflicts.append('.'.join(full))
            node[last] = sub
    return out


def get_path(data, path):
    """The value at ``path`` (a tuple of keys) in nested mappings, or None."""
    for part in path:
        if not isinstance(data, dict) or part not in data:
            return None
        data = data[part]
    return data


def set_path(tree, parts, value):
    for part in parts[:-1]:
        tree = tree.setdefault(part, {})
    tree[parts[-1]] = value


def leaves(data, path=()):
    """{dotted path: value} of a deepened mapping (lists are leaves)."""
    out = {}
    if isinstance(data, dict) and data:
        for key, sub in data.items():
            out.update(leaves(sub, path + (key,)))
    elif path:
        out['.'.join(path)] = data
    return out


def dotted_keys(value, path=()):
    """The paths of the keys that hold a dot, anywhere inside ``value``."""
    found = []
    if isinstance(value, dict):
        for key, sub in value.items():
            if '.' in key:
                found.append('.'.join(path + (key,)))
            found.extend(dotted_keys(sub, path + (key,)))
    elif isinstance(value, list):
        for sub in value:
            found.extend(dotted_keys(sub, path))
    return found
