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
    writes otherwise (``"``, ``\\``, control or non-ASCII characters) counts in its JSON form too, without the quotes:
    request bodies and kibana-keystore's input carry that form, and an error text may echo it.
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
    return found
