# -*- coding: utf-8 -*-
# Copyright (c) kibana.connectors contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Reading the Kibana keystore, the entries the connectors need, and their masked diff."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type  # pylint: disable=invalid-name

import base64
import hashlib
import json
import os

import pytest

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from ansible_collections.kibana.connectors.plugins.plugin_utils._keystore import KeystoreProblem, diff_texts, entries, plan
from ansible_collections.kibana.connectors.tests.unit.plugins.plugin_utils.helpers import (
    ALONE, HOOK, HOOK_PASSWORD, INDEX, ROLE, SLACK, SLACK_SECRET, no_secret, options)

# Kibana's own keystore test vectors (src/cli/keystore/lib/keystore.test.ts): both hold {'a1.b2.c3': 'foo', 'a2': 'bar'}.
KIBANA_UNPROTECTED = ('1:IxR0geiUTMJp8ueHDkqeUJ0I9eEw4NJPXIJi22UDyfGfJSy4mHBBuGPkkAix/x/YFfIxo4tiKGdJ2oVTtU8LgKDkVoGdL+z7ylY4n3m'
                      'yatt6osqhI4lzJ9MRy21UcAJki2qFUTj4TYuvhta3LId+RM5UX/dJ2468hQ==')
KIBANA_PROTECTED = ('1:4BnWfydL8NwFIQJg+VQKe0jlIs7uXtty6+++yaWPbSBKIX3d9nPfQ20K1C6Xh26E/gMJAQ9jh7BxK0+W3lt/iDJBJn44wqX3pQ0189iGkNB'
                    'L0ibDCctz4mRy6+hqwiLxiukpH8ELAJsff8LNNHr+gNzX/2k/GvB7nQ==')
PREFIX = 'xpack.actions.preconfigured.'


def keystore_text(values, passphrase=''):
    """A keystore as Kibana writes it (format 1)."""
    salt, iv = os.urandom(64), os.urandom(12)
    key = hashlib.pbkdf2_hmac('sha512', passphrase.encode('utf-8'), salt, 10000, 32)
    sealed = AESGCM(key).encrypt(iv, json.dumps(values).encode('utf-8'), None)
    return '1:' + base64.b64encode(salt + iv + sealed[-16:] + sealed[:-16]).decode('ascii')


def connectors(*items):
    return options(connectors=list(items), secrets_store='keystore')['connectors']


def test_reads_kibanas_own_test_vectors():
    assert entries(KIBANA_UNPROTECTED, None, ROLE) == {'a1.b2.c3': 'foo', 'a2': 'bar'}
    assert entries(KIBANA_PROTECTED, 'changeme\n', ROLE) == {'a1.b2.c3': 'foo', 'a2': 'bar'}


@pytest.mark.parametrize('text, passphrase, message', [
    ('2:abc', None, 'the Kibana keystore has a format this role does not know (version 2)'),
    ('1:', None, 'has a format this role does not know'),
    ('1:bm90IGEga2V5c3RvcmU=', None, 'it is protected by a passphrase (set kibana_config_keystore_passphrase_file) or the passphrase is wrong'),
    (KIBANA_PROTECTED, 'wrong', 'protected by a passphrase'),
    (keystore_text(['a list']), None, 'does not hold a mapping'),
])
def test_unreadable_keystores(text, passphrase, message):
    with pytest.raises(KeystoreProblem) as raised:
        entries(text, passphrase, ROLE)
    assert message in str(raised.value)


def test_messages_alone_speak_for_the_action():
    with pytest.raises(KeystoreProblem, match='a format this action does not know'):
        entries('2:x', None, ALONE)


def test_plan_adds_updates_and_removes():
    current = {
        'elasticsearch.password': 'other',
        PREFIX + 'my-slack.secrets.webhookUrl': 'outdated',
        PREFIX + 'hook.secrets.user': 'ops',
        PREFIX + 'gone.secrets.token': 'stale',
    }
    changes = plan(connectors(SLACK, HOOK, INDEX), current)
    assert changes['add'] == [
        {'key': PREFIX + 'hook.secrets.password', 'value': '"%s"' % HOOK_PASSWORD},
        {'key': PREFIX + 'my-slack.secrets.webhookUrl', 'value': '"%s"' % SLACK_SECRET},
    ]
    assert changes['remove'] == [PREFIX + 'gone.secrets.token']
    assert changes['summary'] == [
        'keystore: add ' + PREFIX + 'hook.secrets.password',
        'keystore: update ' + PREFIX + 'my-slack.secrets.webhookUrl',
        'keystore: remove ' + PREFIX + 'gone.secrets.token',
    ]
    assert no_secret(*changes['summary'])
    before, after = diff_texts(connectors(SLACK, HOOK, INDEX), current)
    assert before == ''.join('%s: ********\n' % key for key in sorted(current) if key.startswith(PREFIX))
    assert after == (PREFIX + 'hook.secrets.password: ******** (new)\n' + PREFIX + 'hook.secrets.user: ********\n'
                     + PREFIX + 'my-slack.secrets.webhookUrl: ******** (changed)\n')


def test_plan_is_empty_when_the_keystore_holds_the_secrets():
    current = {PREFIX + 'my-slack.secrets.webhookUrl': SLACK_SECRET, PREFIX + 'hook.secrets.user': 'ops',
               PREFIX + 'hook.secrets.password': HOOK_PASSWORD}
    assert plan(connectors(SLACK, HOOK), current) == {'add': [], 'remove': [], 'summary': []}


def test_plan_sends_json_so_strings_stay_strings():
    changes = plan(connectors(dict(SLACK, secrets={'webhookUrl': '12345'})), {PREFIX + 'my-slack.secrets.webhookUrl': 12345})
    assert changes['add'] == [{'key': PREFIX + 'my-slack.secrets.webhookUrl', 'value': '"12345"'}]


def test_no_connector_removes_every_managed_entry():
    changes = plan([], {PREFIX + 'my-slack.secrets.webhookUrl': 'x', 'other': 'y'})
    assert changes['add'] == [] and changes['remove'] == [PREFIX + 'my-slack.secrets.webhookUrl']
