# -*- coding: utf-8 -*-
# Copyright (c) kibana.connectors contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The collection's one mask and one masking routine (plugins/module_utils/_mask.py), used by the client too."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type  # pylint: disable=invalid-name

from ansible_collections.kibana.connectors.plugins.module_utils import _kibana_module, _mask, _transport


def test_the_collection_has_one_mask():
    assert _mask.MASK == '********'
    assert _transport.redact is _mask.redact and _transport.secret_strings is _mask.secret_strings
    assert _mask.MASK_CHANGED == '******** (changed)' and _mask.MASK_NEW == '******** (new)'


def test_redact_masks_longest_first_and_skips_short_or_empty_secrets():
    assert _mask.redact('a token-1 and token-12', ['token-1', 'token-12', '']) == 'a ******** and ********'
    assert _mask.redact('pin 123 abc', [123, 'ab'], min_length=3) == 'pin ******** abc'
    assert _mask.secret_strings({'a': [1, True, None, {'b': 'x'}]}) == {'1', 'x'}


def test_the_modules_credentials_are_read_with_it_too():
    # the masker of every module's result gets the credentials through secret_strings (their JSON forms too)
    assert _kibana_module.secret_strings is _mask.secret_strings


def test_a_string_json_writes_otherwise_counts_in_its_json_form_too():
    secret = 'pa"ss\\w\u00f6rd'
    assert _mask.secret_strings({'password': secret}) == {secret, 'pa\\"ss\\\\w\\u00f6rd', 'pa\\"ss\\\\w\u00f6rd'}
    echoed = 'cannot parse "pa\\"ss\\\\w\\u00f6rd" as JSON'  # what a command may echo of json.dumps(secret)
    assert _mask.redact(echoed, _mask.secret_strings([secret])) == 'cannot parse "********" as JSON'
    # Node's JSON.stringify (Kibana's error texts) keeps the non-ASCII character and escapes the rest
    node = 'invalid value "pa\\"ss\\\\w\u00f6rd"'
    assert _mask.redact(node, _mask.secret_strings([secret])) == 'invalid value "********"'
    assert _mask.Masker(_mask.secret_strings([secret])).text(node) == 'invalid value "********"'
