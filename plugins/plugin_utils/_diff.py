# -*- coding: utf-8 -*-
# Copyright (c) kibana.connectors contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""What changes in kibana.yml, without a secret value: the before and after texts with secret values masked
(for Ansible's diff) and a summary by connector and setting name.

Secret values are the scalars under ``xpack.actions.proxyHeaders`` and under keys whose name looks secret
(``SENSITIVE_WORDS``), wherever they are (a connector's ``secrets`` among them: the word ``secret``), plus what YAML
anchors share with them. Known secret strings are then masked wherever else they appear (comments, say) with the
collection's one routine.

Private to the collection (the name starts with an underscore): not a public API.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type  # pylint: disable=invalid-name

from ansible_collections.kibana.connectors.plugins.module_utils._mask import MASK, MASK_CHANGED, MASK_NEW, redact, secret_strings
from ansible_collections.kibana.connectors.plugins.plugin_utils._settings import MANAGED, without_managed
from ansible_collections.kibana.connectors.plugins.plugin_utils._values import deepen, get_path, leaves
from ansible_collections.kibana.connectors.plugins.plugin_utils._yaml_text import YamlProblem, load_text, parse_tree

# Key names whose values are masked, wherever they are (besides proxyHeaders); 'secret' covers a connector's secrets.
SENSITIVE_WORDS = ('password', 'passphrase', 'passwd', 'secret', 'token', 'apikey', 'api_key', 'privatekey', 'private_key',
                   'encryptionkey', 'decryptiononlykeys', 'authorization', 'credential', 'cookie')
MIN_SCRUB_LENGTH = 4
NOT_SHOWN = '<the current file is not valid YAML and is not shown>\n'


def is_sensitive(path):
    if len(path) >= 3 and tuple(path[:3]) == ('xpack', 'actions', 'proxyHeaders'):
        return True
    for part in path:
        if isinstance(part, str) and any(word in part.lower() for word in SENSITIVE_WORDS):
            return True
    return False


def _secret_nodes(node, path, found, anchors, secret=False):
    """(start index, end index, path, value) of every scalar that holds a secret."""
    if node is None:
        return
    secret = secret or is_sensitive(path) or (node.anchor is not None and node.anchor in anchors)
    if node.kind == 'scalar':
        if secret:
            found.append((node.start.index, node.end.index, path, node.value))
    elif node.kind == 'alias':
        if secret:
            anchors.add(node.anchor)
    elif node.kind == 'map':
        for key, value in node.pairs:
            sub = path + tuple(key.value.split('.')) if key.kind == 'scalar' else path + ('?',)
            _secret_nodes(value, sub, found, anchors, secret)
    else:
        for index, item in enumerate(node.items):
            _secret_nodes(item, path + (index,), found, anchors, secret)


def secrets_of(root):
    """The secret scalars of a parsed text, as (start, end, path, value)."""
    found, anchors = [], set()
    _secret_nodes(root, (), found, anchors)
    if anchors:  # anchored values used under a secret key: mask where they are defined too
        found = []
        _secret_nodes(root, (), found, anchors)
    return found


def masked(text, root, other=None):
    """The text with secret values replaced. With ``other`` ({path: value} of the text before), changed ones say so."""
    spans = sorted(secrets_of(root), key=lambda span: span[0], reverse=True)
    for start, end, path, value in spans:
        if other is None or other.get(path) == value:
            mask = MASK
        else:
            mask = MASK_CHANGED if path in other else MASK_NEW
        original = text[start:end]
        text = text[:start] + mask + ('\n' if original.endswith('\n') else '') + text[end:]
    return text


def _connector_summary(before, after):
    lines = []
    before = before if isinstance(before, dict) else {}
    after = after if isinstance(after, dict) else {}
    for cid in after:
        new = after[cid] if isinstance(after[cid], dict) else {}
        if cid not in before:
            lines.append("connector '%s' (%s): added" % (cid, new.get('actionTypeId')))
            continue
        old = before[cid] if isinstance(before[cid], dict) else {}
        changes = []
        for field in ('name', 'actionTypeId', 'config', 'secrets', 'exposeConfig'):
            if field in old and field not in new:
                changes.append('%s removed' % field)
            elif field in new and field not in old:
                changes.append('%s added' % field)
            elif old.get(field) != new.get(field):
                changes.append('%s changed' % field)
        if changes:
            lines.append("connector '%s': %s" % (cid, ', '.join(changes)))
    lines.extend("connector '%s': removed" % cid for cid in before if cid not in after)
    return lines


def _setting_summary(before, after):
    lines = []
    for drop in ('', 'xpack.actions'):
        before.pop(drop, None)
        after.pop(drop, None)
    for path in after:
        if path not in before:
            lines.append("setting '%s': added" % path)
        elif before[path] != after[path]:
            lines.append("setting '%s': changed" % path)
    lines.extend("setting '%s': removed" % path for path in before if path not in after)
    return lines


def summary(before, after):
    """What changes between two deepened documents, by name only (never a value)."""
    old = get_path(before, MANAGED) if isinstance(get_path(before, MANAGED), dict) else {}
    new = get_path(after, MANAGED) if isinstance(get_path(after, MANAGED), dict) else {}
    lines = _connector_summary(old.get('preconfigured'), new.get('preconfigured'))
    lines.extend(_setting_summary(leaves(dict((k, v) for k, v in old.items() if k != 'preconfigured'), MANAGED),
                                  leaves(dict((k, v) for k, v in new.items() if k != 'preconfigured'), MANAGED)))
    lines.extend(_setting_summary(leaves(without_managed(before)), leaves(without_managed(after))))
    return lines or ['comments or layout only']


def describe(current, rendered, secrets=()):
    """(summary, masked before text, masked after text) of the change from ``current`` (None: no file) to ``rendered``.

    ``secrets``: other secret values (those of the connectors and options) to mask wherever they appear.
    """
    old_root = old_data = None
    if current is not None:
        try:
            old_root = parse_tree(current)
            old_data = deepen(load_text(current) or {})
        except YamlProblem:
            old_root = old_data = None
    new_secrets = secrets_of(rendered.root)
    old_secrets = secrets_of(old_root) if old_root is not None else []
    known = set(secrets)
    known.update(secret_strings([value for _start, _end, _path, value in new_secrets + old_secrets]))
    if current is None:
        before = ''
    elif old_data is None and current.strip():
        before = NOT_SHOWN
    else:
        before = masked(current, old_root)
    old_values = dict((path, value) for _start, _end, path, value in old_secrets)
    after = masked(rendered.content, rendered.root, old_values)
    return (summary(old_data if isinstance(old_data, dict) else {}, rendered.data), redact(before, known, MIN_SCRUB_LENGTH),
            redact(after, known, MIN_SCRUB_LENGTH))
