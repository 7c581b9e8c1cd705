# -*- coding: utf-8 -*-
# Copyright (c) kibana.connectors contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The one mask of kibana.connectors and the one routine that masks known secret strings in a text.

The API client (error texts), the kibana_yml action (diffs of kibana.yml) and the kibana_keystore action
(diffs of keystore entries) all mask with these.

This module_utils file is private to the collection (its name starts with an underscore): it is not a
public API and may change in any release.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type  # pylint: disable=invalid-name

import json

MASK = '********'
MASK_CHANGED = MASK + ' (changed)'
MASK_NEW = MASK + ' (new)'


def redact(text, secrets, min_length=1):
    """``text`` with every occurrence of each secret string replaced by MASK, longest secret first.

    Secrets shorter than ``min_length`` are left alone (a diff would otherwise lose every ``a`` of the file
    to a one-letter secret); the empty string never counts as a secret. Numbers are masked as their text.
    """
    texts = set(str(secret) for secret in secrets if secret is not None and not isinstance(secret, bool))
    wanted = set(secret for secret in texts if len(secret) >= max(min_length, 1))
    for secret in sorted(wanted, key=len, reverse=True):
        text = text.replace(secret, MASK)
    return text


def secret_strings(value, found=None):
    """Every scalar inside ``value`` (a secrets dict or list, at any depth) as text, in a set.

    Numbers count (``12345`` is written to a file as ``12345``); booleans and ``None`` do not. A string that JSON
    writes otherwise (``"``, ``\\``, control or non-ASCII characters) counts in its JSON forms too, without the
    quotes: Python's (non-ASCII escaped, as request bodies and kibana-keystore's input carry it) and Node's
    (``JSON.stringify`` keeps non-ASCII characters as they are), since Kibana's error texts may echo either.
    """
    found = set() if found is None else found
    if isinstance(value, dict):
        for sub in value.values():
            secret_strings(sub, found)
    elif isinstance(value, (list, tuple)):
        for sub in value:
            secret_strings(sub, found)
    elif value is not None and not isinstance(value, bool):
        found.add(str(value))
        if isinstance(value, str):
            found.add(json.dumps(value)[1:-1])
            found.add(json.dumps(value, ensure_ascii=False)[1:-1])
    return found


NO_LOG_VALUE = 'VALUE_SPECIFIED_IN_NO_LOG_PARAMETER'  # what Ansible shows for a value that is a secret as a whole
_GRAM = 8  # longer credentials are found through their first _GRAM characters
_SHORT = 4  # shorter credentials are looked for one by one


class Masker:
    """Masks known credentials in a module's whole result, in one pass: what Ansible's no_log scrubbing does, in
    time linear in the size of the result.

    Ansible's own scrubbing (``remove_values``, run by ``exit_json`` against every ``no_log`` value) calls
    ``str.replace`` once per string of the result and per secret: for a fleet of 10,000 connectors with 6,000
    secrets that is about a billion calls, twenty times the time Kibana takes. It also masks the values of keys
    that only name someone (a webhook's ``user``), so an id, a name or a URL that contains a user name came back
    corrupted. This masker is at least as safe for credentials: every string and number of the result (nested at
    any depth, the invocation included) is searched for every credential, and a credential found anywhere is
    replaced, as Ansible does (a value that is a credential as a whole becomes NO_LOG_VALUE, one inside a longer
    text becomes MASK). It is fast because each distinct string is searched once (results repeat their space
    ids, types and actions), and through a dict of the credentials' first characters rather than once per
    credential (each filed under the one of its 8-character grams that the fewest others share); credentials
    shorter than four characters, which mask every such syllable of the result as Ansible's would, are still
    looked for, one by one.
    """

    def __init__(self, credentials):
        texts = set(str(value) for value in credentials if value is not None and not isinstance(value, bool))
        texts.discard('')
        self.credentials = frozenset(texts)
        self._short = sorted((text for text in texts if len(text) < _SHORT), key=len, reverse=True)
        longer = [text for text in texts if len(text) >= _SHORT]
        gram = self._gram = min([_GRAM] + [len(text) for text in longer])
        # each credential is filed under the one of its grams that the fewest others use (URLs share their start)
        self._index = {}
        for text in sorted(longer, key=len, reverse=True):
            offset = min(range(len(text) - gram + 1), key=lambda at: len(self._index.get(text[at:at + gram], ())))
            self._index.setdefault(text[offset:offset + gram], []).append((text, offset))
        self._seen = {}

    def text(self, value):
        """One string, masked."""
        if not self.credentials or not isinstance(value, str):
            return value
        cached = self._seen.get(value)
        if cached is None:
            cached = self._seen[value] = self._mask(value)
        return cached

    def _mask(self, value):
        if value in self.credentials:
            return NO_LOG_VALUE
        found = set()
        gram, index = self._gram, self._index
        if index and len(value) >= gram:
            get = index.get
            for start in range(len(value) - gram + 1):
                for credential, offset in get(value[start:start + gram], ()):
                    if start >= offset and value.startswith(credential, start - offset):
                        found.add(credential)
        found.update(credential for credential in self._short if credential in value)
        for credential in sorted(found, key=len, reverse=True):
            value = value.replace(credential, MASK)
        return value

    def mask(self, value):
        """``value`` (a result: dicts, lists, strings, numbers) with every credential masked; a new structure."""
        if not self.credentials:
            return value
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, bool) or value is None:
            return value
        if isinstance(value, (int, float)):
            text = str(value)
            return NO_LOG_VALUE if self.text(text) != text else value
        if isinstance(value, dict):
            return dict((key, self.mask(item)) for key, item in value.items())
        if isinstance(value, (list, tuple, set, frozenset)):
            return [self.mask(item) for item in value]
        return value
