# -*- coding: utf-8 -*-
# Copyright (c) kibana.connectors contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The Kibana keystore: reading its file (Kibana's format 1), the connector secrets it should hold, and what
changes, with every value masked.

Format 1, as Kibana's src/cli/keystore/keystore.js writes it: ``1:`` + base64 of salt (64 bytes), IV (12), GCM tag
(16) and the ciphertext of a JSON object; AES-256-GCM with a key from PBKDF2-SHA512 (10,000 rounds) of the
passphrase (empty by default).

Private to the collection (the name starts with an underscore): not a public API.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type  # pylint: disable=invalid-name

import base64
import binascii
import hashlib
import json

from ansible.module_utils.common.text.converters import to_text
from ansible_collections.kibana.connectors.plugins.module_utils._mask import MASK, MASK_CHANGED, MASK_NEW

try:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM
    from cryptography.exceptions import InvalidTag
    HAS_CRYPTOGRAPHY = True
except ImportError:  # pragma: no cover - cryptography is a requirement of ansible-core
    HAS_CRYPTOGRAPHY = False

PREFIX = 'xpack.actions.preconfigured.'


class KeystoreProblem(Exception):
    """The keystore cannot be read. The message never holds a value."""


def entries(text, passphrase, names):
    """The entries of a kibana.keystore file, or raise KeystoreProblem."""
    version, _sep, data = to_text(text).strip().partition(':')
    if version != '1' or not data:
        raise KeystoreProblem('the Kibana keystore has a format %s does not know (version %s)' % (names.this, version[:8]))
    if not HAS_CRYPTOGRAPHY:
        raise KeystoreProblem('reading the Kibana keystore needs the Python package cryptography on the controller')
    passphrase = to_text(passphrase).strip() if passphrase is not None else ''
    try:
        raw = base64.b64decode(data)
        salt, iv, tag, ciphertext = raw[:64], raw[64:76], raw[76:92], raw[92:]
        key = hashlib.pbkdf2_hmac('sha512', passphrase.encode('utf-8'), salt, 10000, 32)
        plain = AESGCM(key).decrypt(iv, ciphertext + tag, None)
    except (binascii.Error, ValueError, InvalidTag):
        raise KeystoreProblem('cannot read the Kibana keystore: it is protected by a passphrase (set %s) or the passphrase is wrong'
                              % names('keystore_passphrase_file'))
    try:
        found = json.loads(plain.decode('utf-8'))
    except ValueError:
        raise KeystoreProblem('the Kibana keystore does not hold JSON')
    if not isinstance(found, dict):
        raise KeystoreProblem('the Kibana keystore does not hold a mapping')
    return found


def key(connector_id, secret):
    return '%s%s.secrets.%s' % (PREFIX, connector_id, secret)


def wanted(connectors):
    """{keystore key: value} of the connector secrets."""
    out = {}
    for raw in connectors or []:
        for secret, value in sorted((raw.get('secrets') or {}).items()):
            if value is not None:
                out[key(raw['id'], secret)] = value
    return out


def plan(connectors, current):
    """What to add or update (values JSON-encoded) and what to remove, with a summary by key.

    ``kibana-keystore add`` parses its input as JSON when it can: the value is sent as JSON, so that a string
    stays this exact string. Every entry under PREFIX that no declared secret matches is removed.
    """
    want = wanted(connectors)
    out = {'add': [], 'remove': [], 'summary': []}
    for name in sorted(want):
        if name not in current or current[name] != want[name]:
            out['add'].append({'key': name, 'value': json.dumps(want[name])})
            out['summary'].append('keystore: %s %s' % ('update' if name in current else 'add', name))
    for name in sorted(current):
        if name.startswith(PREFIX) and name not in want:
            out['remove'].append(name)
            out['summary'].append('keystore: remove %s' % name)
    return out


def diff_texts(connectors, current):
    """(before, after): the managed entries of the keystore before and after, one per line, every value masked."""
    want = wanted(connectors)
    before = ''.join('%s: %s\n' % (name, MASK) for name in sorted(current) if name.startswith(PREFIX))
    after = []
    for name in sorted(want):
        if name not in current:
            mask = MASK_NEW
        elif current[name] != want[name]:
            mask = MASK_CHANGED
        else:
            mask = MASK
        after.append('%s: %s\n' % (name, mask))
    return before, ''.join(after)
