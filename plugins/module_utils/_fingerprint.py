# -*- coding: utf-8 -*-
# Copyright (c) kibana.connectors contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""What the collection remembers of the secrets it wrote: a keyed fingerprint per connector, never a secret.

Kibana never returns secrets, so ``update_secrets: on_change`` compares the secrets a task gives
with a fingerprint of those this collection last wrote to the connector: HMAC-SHA256, keyed, of
the Kibana URL, the space, the connector id and the secrets. The fingerprints travel as a fact of
the host the task runs for (FACT), so Ansible's fact cache, or AWX's fact storage, keeps them
between runs; the action plugins in front of kibana_connector and kibana_connectors pass them in.

The key is never stored with them: it is the task's ``fingerprint_key`` when set (kept in a vault),
else derived from the Kibana credential the task authenticates with. Whoever reads the fact cache
can therefore not test a guessed password against a fingerprint without that key; a changed key
(a rotated API key, say) makes every fingerprint unknown, and each connector's secrets are sent once.

Private to the collection: not a public API, may change in any release.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type  # pylint: disable=invalid-name

import hashlib
import hmac
import json

FACT = 'kibana_connectors_fingerprints'
_VERSION = 'v1'
_KEY_LABEL = b'kibana.connectors secrets fingerprint key v1'


def fingerprint_key(fingerprint_key_option=None, api_key=None, username=None, password=None, bearer_token=None):
    """The HMAC key: from the ``fingerprint_key`` option, else from the credential the task uses (bytes)."""
    if fingerprint_key_option:
        material = 'option\x00' + fingerprint_key_option
    elif api_key:
        material = 'api_key\x00' + api_key
    elif bearer_token:
        material = 'bearer\x00' + bearer_token
    else:
        material = 'basic\x00%s\x00%s' % (username or '', password or '')
    return hmac.new(_KEY_LABEL, material.encode('utf-8'), hashlib.sha256).digest()


def kibana_key(base_url):
    """How the fact names a Kibana: its URL, lowercased, without a trailing slash."""
    return (base_url or '').rstrip('/').lower()


class Fingerprints:
    """The fingerprints of one Kibana, read from the fact; ``record``/``forget`` as the run writes."""

    def __init__(self, fact, base_url, key):
        self.kibana = kibana_key(base_url)
        fact = fact if isinstance(fact, dict) else {}
        known = fact.get(self.kibana)
        self.known = dict(known) if isinstance(known, dict) else {}
        self._fact = fact
        self._key = key
        self.changed = False

    @staticmethod
    def _name(space_id, connector_id):
        return '%s/%s' % (space_id, connector_id)

    def of(self, space_id, connector_id, secrets):
        """The fingerprint of ``secrets`` written to a connector of this Kibana."""
        text = json.dumps([self.kibana, space_id, connector_id, secrets], sort_keys=True, separators=(',', ':'),
                          default=str)
        return '%s:%s' % (_VERSION, hmac.new(self._key, text.encode('utf-8'), hashlib.sha256).hexdigest()[:32])

    def same(self, space_id, connector_id, secrets):
        """True when ``secrets`` are those this collection last wrote to the connector, False when they differ,
        None when nothing is remembered of it."""
        known = self.known.get(self._name(space_id, connector_id))
        if known is None:
            return None
        return hmac.compare_digest(known, self.of(space_id, connector_id, secrets))

    def record(self, space_id, connector_id, secrets):
        value = self.of(space_id, connector_id, secrets)
        name = self._name(space_id, connector_id)
        if self.known.get(name) != value:
            self.known[name] = value
            self.changed = True

    def forget(self, space_id, connector_id):
        if self.known.pop(self._name(space_id, connector_id), None) is not None:
            self.changed = True

    def fact(self):
        """The whole fact, this Kibana's fingerprints updated (the other Kibanas' kept)."""
        fact = dict(self._fact)
        fact[self.kibana] = dict(sorted(self.known.items()))
        return fact
