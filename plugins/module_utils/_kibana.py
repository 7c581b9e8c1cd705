# -*- coding: utf-8 -*-
# Copyright (c) kibana.connectors contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The Kibana API calls of kibana.connectors: connectors, connector types, spaces and Kibana's version.

``KibanaClient`` turns each call into a request of its ``Transport`` (_transport.py: sessions,
retries, the shared pause, TLS) and raises the errors of _errors.py. It remembers nothing
between calls: what a run has learnt (spaces proven, ids seen, the version) is the engine's,
passed in where a call needs it.

This module_utils file is private to the collection (its name starts with an
underscore): it is not a public API and may change in any release.

The client is built from plain settings, never from an AnsibleModule, so that it
can be unit tested and reused. Only the modules turn its errors into ``fail_json``.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type  # pylint: disable=invalid-name

import re

from ansible_collections.kibana.connectors.plugins.module_utils._errors import (  # noqa: F401 pylint: disable=unused-import
    KibanaApiError,
    KibanaAuthError,
    KibanaBadRequestError,
    KibanaConfigError,
    KibanaConflictError,
    KibanaConnectionError,
    KibanaError,
    KibanaNotFoundError,
    KibanaSpaceNotFoundError,
)
from ansible_collections.kibana.connectors.plugins.module_utils._transport import (  # noqa: F401 pylint: disable=unused-import
    COLLECTION_VERSION,
    HAS_REQUESTS,
    REQUESTS_IMPORT_ERROR,
    RETRY_STATUSES,
    USER_AGENT,
    Transport,
)

try:
    from urllib.parse import quote
except ImportError:  # pragma: no cover - Python 2 is not supported, the import only keeps sanity quiet
    from urllib import quote  # type: ignore

DEFAULT_SPACE = 'default'
SPACE_ID_RE = re.compile(r'^[a-z0-9_-]+$')


def _quote(segment):
    if not isinstance(segment, str) or not segment:
        raise KibanaConfigError('Path segments must be non-empty strings, got %r' % (segment,))
    return quote(segment, safe='')


def check_space_id(space_id):
    """Return the space id if Kibana would accept it, else raise KibanaConfigError."""
    if not isinstance(space_id, str) or not SPACE_ID_RE.match(space_id):
        raise KibanaConfigError(
            'Invalid space_id %r: Kibana space ids contain only lowercase letters, digits, "_" and "-"' % (space_id,))
    return space_id


class KibanaClient:
    """The API calls, on one Transport; safe to share between threads (see Transport).

    Takes the settings of ``Transport`` (url, authentication, TLS, timeout, retries, and the
    injectable session, sleep, clock and rand of tests).
    """

    def __init__(self, url, **settings):
        self.transport = Transport(url, **settings)

    # what tests and callers read of the transport
    @property
    def base_url(self):
        return self.transport.base_url

    @property
    def session(self):
        return self.transport.session

    def tls_kwargs(self):
        return self.transport.tls_kwargs()

    def request(self, method, path, body=None, params=None, retry=None, shown=()):
        return self.transport.request(method, path, body, params, retry, shown)

    # ----------------------------------------------------------------- paths
    @staticmethod
    def path(space_id, *segments):
        """API path for a space: bare for the default space, /s/<space> otherwise."""
        prefix = '' if check_space_id(space_id) == DEFAULT_SPACE else '/s/%s' % _quote(space_id)
        return prefix + '/api/' + '/'.join(_quote(s) if i else s for i, s in enumerate(segments))

    # ----------------------------------------------------------------- connectors API
    def list_connectors(self, space_id=DEFAULT_SPACE):
        return self.request('GET', self.path(space_id, 'actions', 'connectors')) or []

    def get_connector(self, connector_id, space_id=DEFAULT_SPACE):
        """The connector, or None when Kibana answers 404 (also: it lives in another space)."""
        try:
            return self.request('GET', self.path(space_id, 'actions', 'connector', connector_id))
        except KibanaNotFoundError:
            return None

    def create_connector(self, name, connector_type_id, config=None, secrets=None, connector_id=None,
                         space_id=DEFAULT_SPACE, known_ids=None, shown=()):
        """Create a connector; never leaves a duplicate behind a lost or failed answer.

        A create is not retried blindly: when its answer is lost (connection
        failure, 429/5xx) the client waits (Retry-After when Kibana sends one,
        holding every thread of the transport, else a backoff), looks for the
        connector it may have created, and only sends the create again when it
        is not there: by ``connector_id`` when one is given (exact); else among the
        connectors of the space whose ids are not in ``known_ids`` (the ids the
        caller knew before the create, any container: only ``in`` is asked of it;
        another run may still make the same connector meanwhile, which only an id
        known before the create prevents). A 409 to a first attempt is raised (the
        id is taken). While every answer so far was a 429 (Kibana refused the
        request before doing anything), there is nothing to look for.
        ``shown``: the secrets keys that name someone, left unmasked in Kibana's error texts (see Transport.request).
        """
        body = {'name': name, 'connector_type_id': connector_type_id, 'config': config or {}, 'secrets': secrets or {}}
        known = known_ids if known_ids is not None else ()
        segments = ('actions', 'connector') + ((connector_id,) if connector_id else ())
        path = self.path(space_id, *segments)
        transport = self.transport
        attempt = 0
        maybe_made = False  # whether an attempt so far may have created the connector
        while True:
            try:
                return self.request('POST', path, body, retry=False, shown=shown)
            except (KibanaConnectionError, KibanaApiError) as exc:
                ambiguous = isinstance(exc, KibanaConnectionError) or exc.status in RETRY_STATUSES
                if isinstance(exc, KibanaConflictError) and maybe_made:
                    ambiguous = True  # our earlier, lost attempt took the id
                if not ambiguous:
                    raise
                if isinstance(exc, KibanaApiError) and exc.status in RETRY_STATUSES:
                    transport.hold.extend(transport.backoff(attempt, exc.retry_after))
                else:
                    transport.sleep(transport.backoff(attempt, None))
                maybe_made = maybe_made or not (isinstance(exc, KibanaApiError) and exc.status == 429)
                found = self._find_created(name, connector_type_id, connector_id, space_id, known) if maybe_made else None
                if found is not None:
                    return found
                if isinstance(exc, KibanaConflictError) or attempt >= transport.retries:
                    raise
                attempt += 1

    def _find_created(self, name, connector_type_id, connector_id, space_id, known):
        if connector_id:
            connector = self.get_connector(connector_id, space_id)
            if connector and connector.get('name') == name and connector.get('connector_type_id') == connector_type_id:
                return connector
            return None
        for connector in self.list_connectors(space_id):
            if (connector.get('id') not in known and connector.get('name') == name
                    and connector.get('connector_type_id') == connector_type_id and not connector.get('is_preconfigured')):
                return connector
        return None

    def update_connector(self, connector_id, name, config=None, secrets=None, space_id=DEFAULT_SPACE, shown=()):
        body = {'name': name, 'config': config or {}, 'secrets': secrets or {}}
        return self.request('PUT', self.path(space_id, 'actions', 'connector', connector_id), body, shown=shown)

    def delete_connector(self, connector_id, space_id=DEFAULT_SPACE):
        """Delete; True when deleted, False when it was already absent (404).

        A 404 to a retry, after an attempt whose answer was lost (timeout, dropped
        connection, 502-504), is True: that attempt is what deleted it.
        """
        try:
            self.request('DELETE', self.path(space_id, 'actions', 'connector', connector_id))
        except KibanaNotFoundError as exc:
            return exc.after_lost_answer
        return True

    def execute_connector(self, connector_id, params, space_id=DEFAULT_SPACE):
        """Run a connector once. Never retried: an action may have side effects."""
        path = self.path(space_id, 'actions', 'connector', connector_id, '_execute')
        return self.request('POST', path, {'params': params or {}}, retry=False)

    def list_connector_types(self, feature_id=None, space_id=DEFAULT_SPACE):
        params = {'feature_id': feature_id} if feature_id else None
        return self.request('GET', self.path(space_id, 'actions', 'connector_types'), params=params) or []

    def kibana_version(self):
        """Kibana's version number (for example '8.19.0'), from GET /api/status.

        None when the user may not read the status (or Kibana does not say).
        """
        try:
            status = self.request('GET', '/api/status')
        except KibanaApiError:
            return None
        number = ((status or {}).get('version') or {}).get('number') if isinstance(status, dict) else None
        return number if isinstance(number, str) else None

    # ----------------------------------------------------------------- spaces API
    def space_exists(self, space_id):
        """True or False from Kibana's Spaces API; None when the user may not read spaces (403).

        The default space always exists (no request).
        """
        if check_space_id(space_id) == DEFAULT_SPACE:
            return True
        try:
            self.request('GET', '/api/spaces/space/%s' % _quote(space_id))
        except KibanaNotFoundError:
            return False
        except KibanaAuthError as exc:
            if exc.status != 403:
                raise
            return None
        return True
