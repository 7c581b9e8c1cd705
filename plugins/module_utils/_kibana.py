# -*- coding: utf-8 -*-
# Copyright (c) kibana.connectors contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Kibana connectors API client shared by every module of kibana.connectors.

This module_utils file is private to the collection (its name starts with an
underscore): it is not a public API and may change in any release.

The client is built from plain settings, never from an AnsibleModule, so that it
can be unit tested and reused. It raises the exceptions defined here; only the
modules turn them into ``fail_json``.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type  # pylint: disable=invalid-name

import email.utils
import http.client
import json
import os
import random
import re
import ssl
import threading
import time
import traceback

from ansible_collections.kibana.connectors.plugins.module_utils._mask import redact, secret_strings

try:
    from urllib.parse import quote, urlsplit
except ImportError:  # pragma: no cover - Python 2 is not supported, the import only keeps sanity quiet
    from urllib import quote  # type: ignore
    from urlparse import urlsplit  # type: ignore

REQUESTS_IMPORT_ERROR = None
try:
    import requests
    from urllib3.exceptions import NewConnectionError
except ImportError:  # pragma: no cover - depends on the host
    requests = None
    REQUESTS_IMPORT_ERROR = traceback.format_exc()

HAS_REQUESTS = requests is not None

COLLECTION_NAME = 'kibana.connectors'
COLLECTION_VERSION = '0.2.0'
USER_AGENT = 'ansible-collection-%s/%s' % (COLLECTION_NAME, COLLECTION_VERSION)

DEFAULT_SPACE = 'default'
SPACE_ID_RE = re.compile(r'^[a-z0-9_-]+$')
RETRY_STATUSES = frozenset((429, 502, 503, 504))
IDEMPOTENT_METHODS = frozenset(('GET', 'PUT', 'DELETE'))
BACKOFF_BASE = 0.5
BACKOFF_CAP = 10.0
RETRY_AFTER_CAP = 60.0


class KibanaError(Exception):
    """Base class of every error this client raises.

    ``standalone``: the text says all a user needs (what is missing, where), so a
    module shows it as it is rather than after what it was doing.
    """

    standalone = False


class KibanaConfigError(KibanaError):
    """The client settings are not usable (authentication, space id, URL)."""


class KibanaConnectionError(KibanaError):
    """Kibana could not be reached: connection refused or reset, TLS failure, timeout."""

    def __init__(self, method, path, reason):
        self.method = method
        self.path = path
        self.reason = reason
        super(KibanaConnectionError, self).__init__('%s %s: %s' % (method, path, reason))


class KibanaSpaceNotFoundError(KibanaError):
    """Kibana's Spaces API says the space does not exist."""

    standalone = True

    def __init__(self, space_id):
        self.space_id = space_id
        super(KibanaSpaceNotFoundError, self).__init__(
            'Space %r does not exist in Kibana; create it first or correct space_id.' % (space_id,))


class KibanaApiError(KibanaError):
    """Kibana answered with an error status. ``message`` is Kibana's own text."""

    def __init__(self, method, path, status, message, retry_after=None):
        self.method = method
        self.path = path
        self.status = status
        self.kibana_message = message
        self.retry_after = retry_after  # seconds, from a Retry-After header of a 429/5xx answer
        # an earlier attempt of the same request may have reached Kibana (its answer was lost, or a 502-504)
        self.after_lost_answer = False
        super(KibanaApiError, self).__init__('%s %s returned %s: %s' % (method, path, status, message))


class KibanaBadRequestError(KibanaApiError):
    """400: Kibana refused the request body or the operation."""


class KibanaAuthError(KibanaApiError):
    """401 or 403: missing or wrong credentials, or not enough privileges."""


class KibanaNotFoundError(KibanaApiError):
    """404."""


class KibanaConflictError(KibanaApiError):
    """409: the id is taken (ids are unique across spaces)."""


_ERROR_CLASSES = {400: KibanaBadRequestError, 401: KibanaAuthError, 403: KibanaAuthError,
                  404: KibanaNotFoundError, 409: KibanaConflictError}


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


def _parse_retry_after(value, now):
    """Seconds to wait from a Retry-After header (delta seconds or HTTP date), or None."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - now)


def _kibana_message(response, scrub):
    """Kibana's error text, with the ``scrub`` strings masked; a body that is not Kibana's JSON is cut at 300
    characters after the masking, so that no part of a secret the cut would split is left."""
    try:
        body = response.json()
    except ValueError:
        body = None
    if isinstance(body, dict):
        for key in ('message', 'error'):
            if isinstance(body.get(key), str) and body[key]:
                return redact(body[key], scrub)
    text = (response.text or '').strip()
    return redact(text, scrub)[:300] if text else (response.reason or 'no message')


class _Hold:
    """One pause for every thread of a client: after a 429 or 5xx answer, no request leaves before it ends.

    ``extend(seconds)`` moves the end later (never earlier); ``wait()`` sleeps until
    the end, and again if another thread moved it meanwhile.
    """

    def __init__(self, clock, sleep):
        self._clock = clock
        self._sleep = sleep
        self._lock = threading.Lock()
        self._until = 0.0

    def extend(self, seconds):
        with self._lock:
            self._until = max(self._until, self._clock() + seconds)

    def wait(self):
        slept_until = None
        while True:
            with self._lock:
                until = self._until
            delay = until - self._clock()
            if delay <= 0 or until == slept_until:
                return
            self._sleep(delay)
            slept_until = until


class KibanaClient:
    """One client per module run, safe to share between threads.

    Each thread sends through its own HTTP session (a copy of the first one, made
    on first use); an injected ``session`` (a test's fake Kibana) serves every
    thread. A 429 or 5xx answer pauses every thread of the client (see _Hold).
    ``sleep``, ``clock`` and ``rand`` are injectable so the retry schedule can be
    tested without real waiting.
    """

    def __init__(self, url, api_key=None, username=None, password=None, bearer_token=None,
                 validate_certs=True, ca_path=None, client_cert=None, client_key=None,
                 timeout=30, retries=3, session=None, sleep=time.sleep, clock=time.time, rand=random.random):
        if not HAS_REQUESTS and session is None:
            raise KibanaConfigError('The Python library "requests" is required')
        if not url or not re.match(r'^https?://[^/]+', url):
            raise KibanaConfigError('url must be an http:// or https:// URL of Kibana, got %r' % (url,))
        self.base_url = url.rstrip('/')
        self.timeout = timeout
        self.retries = max(0, int(retries))
        self._sleep = sleep
        self._clock = clock
        self._rand = rand
        self._secrets = [s for s in (api_key, password, bearer_token) if s]
        self.seen_ids = set()
        self._spaces = {}
        self._hold = _Hold(clock, sleep)
        self._version = None
        self._version_read = False
        self._local = threading.local()
        self._shared_session = session is not None
        self.session = session if session is not None else requests.Session()
        self.session.headers.update(self._auth_headers(api_key, username, password, bearer_token))
        self.session.headers['User-Agent'] = USER_AGENT
        self.session.headers['Accept'] = 'application/json'
        if username is not None and password is not None and not api_key and not bearer_token:
            self.session.auth = (username, password)
        self._tls = self._tls_settings(validate_certs, ca_path, client_cert, client_key)
        self.session.verify = self._tls['verify']
        self.session.cert = self._tls['cert']

    @staticmethod
    def _tls_settings(validate_certs, ca_path, client_cert, client_key):
        """The TLS settings of every request: requests' ``verify`` and ``cert``, and the files they name."""
        if client_key and not client_cert:
            raise KibanaConfigError('client_key needs client_cert')
        verify = (ca_path or True) if validate_certs else False
        files = [('client_cert', client_cert, True), ('client_key', client_key, True)]
        if validate_certs:
            files.insert(0, ('ca_path', ca_path, False))
        return {'verify': verify, 'cert': (client_cert, client_key) if client_key else client_cert or None,
                'files': [(option, path, must_be_file) for option, path, must_be_file in files if path]}

    def tls_kwargs(self):
        """The ``verify`` and ``cert`` arguments to give every request, on whatever session sends it.

        They go with each request because requests, with ``trust_env`` on (kept on so that HTTPS_PROXY
        and NO_PROXY work), replaces a request's ``verify`` of True by REQUESTS_CA_BUNDLE or
        CURL_CA_BUNDLE, and a request's value wins over ``Session.verify``: a CA file set only on the
        session is silently ignored wherever those variables are set (psf/requests#3829; see
        merge_environment_settings in requests/sessions.py). A path or False given with the request is
        kept as it is, so ca_path, KIBANA_CA_CERTS and validate_certs always win, and the environment's
        bundle is used only when none of them is set.

        Raises KibanaConfigError when a file the settings name is missing (requests would raise a bare
        OSError at send time).
        """
        for option, path, must_be_file in self._tls['files']:
            if not (os.path.isfile(path) if must_be_file else os.path.exists(path)):
                raise KibanaConfigError('%s %r does not exist%s' % (option, path, ' or is not a file' if must_be_file else ''))
        return {'verify': self._tls['verify'], 'cert': self._tls['cert']}

    @staticmethod
    def _auth_headers(api_key, username, password, bearer_token):
        kinds = []
        if api_key:
            kinds.append('api_key')
        if username or password:
            kinds.append('username/password')
        if bearer_token:
            kinds.append('bearer_token')
        if len(kinds) != 1:
            raise KibanaConfigError(
                'Give exactly one kind of Kibana authentication (api_key, username and password, or bearer_token); got %s'
                % (' and '.join(kinds) if kinds else 'none'))
        if kinds[0] == 'username/password' and not (username and password):
            raise KibanaConfigError('Basic authentication needs both username and password')
        for option, value in (('api_key', api_key), ('password', password), ('bearer_token', bearer_token)):
            if isinstance(value, str) and (value != value.strip() or any(ord(c) < 32 or ord(c) == 127 for c in value)):
                # never the value in the text: a line break from a file lookup is the usual cause
                raise KibanaConfigError('%s starts or ends with whitespace or holds a control character (a line break?); '
                                        'give it without them' % option)
        if api_key:
            return {'Authorization': 'ApiKey %s' % api_key}
        if bearer_token:
            return {'Authorization': 'Bearer %s' % bearer_token}
        return {}

    # ----------------------------------------------------------------- paths
    @staticmethod
    def path(space_id, *segments):
        """API path for a space: bare for the default space, /s/<space> otherwise."""
        prefix = '' if check_space_id(space_id) == DEFAULT_SPACE else '/s/%s' % _quote(space_id)
        return prefix + '/api/' + '/'.join(_quote(s) if i else s for i, s in enumerate(segments))

    # ----------------------------------------------------------------- transport
    def _backoff(self, attempt, retry_after):
        if retry_after is not None:
            return min(retry_after, RETRY_AFTER_CAP)
        return self._rand() * min(BACKOFF_CAP, BACKOFF_BASE * (2 ** attempt))

    def _thread_session(self):
        """The HTTP session of the calling thread: the first session, or a copy of it for another thread."""
        if self._shared_session or threading.current_thread() is threading.main_thread():
            return self.session
        session = getattr(self._local, 'session', None)
        if session is None:
            session = requests.Session()
            for attribute in ('auth', 'verify', 'cert', 'proxies', 'trust_env'):
                setattr(session, attribute, getattr(self.session, attribute))
            session.headers.update(self.session.headers)
            self._local.session = session
        return session

    def _send(self, method, path, body, params):
        headers = {}
        if method != 'GET':
            headers['kbn-xsrf'] = 'true'
        kwargs = dict(headers=headers, timeout=self.timeout, params=params, **self.tls_kwargs())
        if body is not None:
            kwargs['data'] = json.dumps(body)
            headers['Content-Type'] = 'application/json'
        self._hold.wait()
        return self._thread_session().request(method, self.base_url + path, **kwargs)

    def request(self, method, path, body=None, params=None, retry=None):
        """Send one API call, retrying idempotent methods; return the decoded body or None.

        Errors are raised as KibanaApiError subclasses or KibanaConnectionError,
        with texts that never carry a header, a credential or a request body.
        """
        if retry is None:
            retry = method in IDEMPOTENT_METHODS
        scrub = list(self._secrets)
        if isinstance(body, dict):
            scrub.extend(secret_strings(body.get('secrets')))
        attempt = 0
        lost = False  # an earlier attempt may have reached Kibana: its answer was lost, or a proxy answered 502-504
        while True:
            retry_after = None
            try:
                response = self._send(method, path, body, params)
            except requests.exceptions.RequestException as exc:
                transient = isinstance(exc, (requests.exceptions.ConnectionError, requests.exceptions.Timeout))
                if retry and attempt < self.retries and transient and not isinstance(exc, requests.exceptions.SSLError):
                    self._sleep(self._backoff(attempt, None))
                    attempt += 1
                    lost = lost or not self._not_sent(exc)
                    continue
                raise KibanaConnectionError(method, path, redact(self._describe(exc), scrub))
            status = response.status_code
            if status in RETRY_STATUSES:
                retry_after = _parse_retry_after(response.headers.get('Retry-After'), self._clock())
                if retry and attempt < self.retries:
                    self._hold.extend(self._backoff(attempt, retry_after))
                    attempt += 1
                    lost = lost or status != 429  # a 429 is Kibana's refusal: that attempt did nothing
                    continue
            if status >= 400:
                cls = _ERROR_CLASSES.get(status, KibanaApiError)
                error = cls(method, path, status, _kibana_message(response, scrub), retry_after)
                error.after_lost_answer = lost
                raise error
            if status == 204 or not response.content:
                return None
            try:
                return response.json()
            except ValueError:
                raise KibanaApiError(method, path, status, 'the answer is not JSON')

    @classmethod
    def _not_sent(cls, exc):
        """Whether a failed attempt surely never reached Kibana: no connection was made (refused, connect timeout)."""
        return isinstance(exc, requests.exceptions.ConnectTimeout) or \
            any(isinstance(cause, NewConnectionError) for cause in cls._causes(exc))

    # TLS failures by the words of OpenSSL's text (OpenSSL 3.2 says "record layer failure" where 3.0 says
    # "wrong version number"): the first match gives the message.
    _TLS_FAILURES = (
        (('wrong version number', 'record layer failure', 'packet length too long', 'unknown protocol'),
         'the server did not answer with TLS ({text}) ({origin}); if Kibana serves plain HTTP there, use http:// in url'),
        (('alert certificate required',),
         'Kibana requires a client certificate ({text}) ({origin}); set client_cert and client_key'),
        (('alert unknown ca', 'alert bad certificate', 'alert certificate unknown', 'alert unsupported certificate',
          'alert certificate expired', 'alert certificate revoked'),
         'Kibana refused the client certificate ({text}) ({origin}); set client_cert and client_key{signed}'),
        (('key values mismatch',), 'client_key is not the key of client_cert ({text})'),
        (('no certificate or crl found',), 'ca_path holds no PEM certificate ({text})'),
        (('pem lib',), 'client_cert or client_key could not be loaded ({text}); both must be PEM, and client_cert must '
                       'hold the key too unless client_key is set'),
    )
    _SIGNED = ' to a certificate signed by a CA that Kibana trusts'
    _HOSTNAME_MISMATCH = (62, 64)  # X509_V_ERR_HOSTNAME_MISMATCH, X509_V_ERR_IP_ADDRESS_MISMATCH
    # The peer closed or reset the connection instead of answering.
    _CLOSED = (ConnectionResetError, ConnectionAbortedError, BrokenPipeError, http.client.HTTPException, ssl.SSLEOFError)

    @staticmethod
    def _causes(exc):
        """``exc`` and the exceptions it wraps, outermost first (urllib3 keeps them in ``reason`` and ``args``)."""
        chain = []
        while isinstance(exc, BaseException) and not any(exc is seen for seen in chain):
            chain.append(exc)
            inner = [getattr(exc, 'reason', None)] + list(exc.args) + [exc.__cause__, exc.__context__]
            exc = next((item for item in inner if isinstance(item, BaseException)), None)
        return chain

    @staticmethod
    def _plain(error):
        """An exception's own text, without OpenSSL's source location or an errno prefix."""
        text = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        text = re.sub(r'^\[[A-Z0-9_]+: [A-Z0-9_]+\] |^\[[A-Z0-9_]+\] ', '', text)
        return re.sub(r' \(_ssl\.c:\d+\)$', '', text).strip().rstrip('.')

    def _describe(self, exc):
        """What went wrong, with Kibana's URL and what to set: never urllib3's pool text or a credential.

        Worded from the exception urllib3 and ssl wrap, as they word them on Python 3.11+ with OpenSSL 3.
        """
        if isinstance(exc, requests.exceptions.InvalidHeader):
            # requests' text holds the header value (the credential) as a repr no mask recognises
            return ('a request header holds a character HTTP does not allow (leading or trailing whitespace, a line '
                    'break or another control character); check api_key, bearer_token and password')
        split = urlsplit(self.base_url)
        origin = '%s://%s' % (split.scheme, split.netloc.rpartition('@')[2])
        causes = self._causes(exc)
        root = causes[-1]
        tls = next((cause for cause in causes if isinstance(cause, ssl.SSLError)), None)
        if isinstance(tls, ssl.SSLCertVerificationError):
            if tls.verify_code in self._HOSTNAME_MISMATCH:
                return ('certificate verify failed: hostname mismatch, the certificate is not valid for %r (%s); '
                        'use a url with a host name that Kibana\'s certificate names, or validate_certs: false'
                        % (split.hostname, origin))
            return ('certificate verify failed: %s (%s); set ca_path to the CA that signed Kibana\'s certificate, '
                    'or validate_certs: false' % (tls.verify_message or self._plain(tls), origin))
        text = self._plain(tls if tls is not None else root)
        signed = self._SIGNED if self._tls['cert'] else ''
        if tls is not None or isinstance(exc, requests.exceptions.SSLError):
            for words, message in self._TLS_FAILURES:
                if any(word in text.lower() for word in words):
                    return message.format(text=text, origin=origin, signed=self._SIGNED)
        if isinstance(root, self._CLOSED) and split.scheme == 'https':
            # TLS 1.3: a refused client certificate may show as a close instead of an alert (a race)
            return ('Kibana closed the connection without an answer (%s) (%s); if Kibana requires a client certificate, '
                    'set client_cert and client_key%s' % (text, origin, signed))
        if isinstance(root, self._CLOSED) and isinstance(exc, requests.exceptions.ConnectionError):
            return ('connection closed without an HTTP answer (%s) (%s); if Kibana serves HTTPS there, use https:// in url'
                    % (text, origin))
        if tls is not None or isinstance(exc, requests.exceptions.SSLError):
            return 'TLS error: %s (%s)' % (text, origin)
        if isinstance(exc, requests.exceptions.Timeout):
            return 'timed out (%s)' % (origin,)
        if isinstance(exc, requests.exceptions.ConnectionError):
            return 'connection failed: %s (%s)' % (text, origin)
        return '%s: %s' % (type(exc).__name__, text)

    def _remember(self, connector, space_id):
        """Note the ids seen in this run; a stored (not preconfigured) connector proves its space exists."""
        if isinstance(connector, dict) and connector.get('id'):
            self.seen_ids.add(connector['id'])
            if not connector.get('is_preconfigured'):
                self._spaces[space_id] = True
        return connector

    # ----------------------------------------------------------------- connectors API
    def list_connectors(self, space_id=DEFAULT_SPACE):
        connectors = self.request('GET', self.path(space_id, 'actions', 'connectors')) or []
        for connector in connectors:
            self._remember(connector, space_id)
        return connectors

    def get_connector(self, connector_id, space_id=DEFAULT_SPACE):
        """The connector, or None when Kibana answers 404 (also: it lives in another space)."""
        try:
            connector = self.request('GET', self.path(space_id, 'actions', 'connector', connector_id))
        except KibanaNotFoundError:
            return None
        return self._remember(connector, space_id)

    def create_connector(self, name, connector_type_id, config=None, secrets=None, connector_id=None, space_id=DEFAULT_SPACE):
        """Create a connector; never leaves a duplicate behind a lost or failed answer.

        A create is not retried blindly: when its answer is lost (connection
        failure, 429/5xx) the client waits (Retry-After when Kibana sends one,
        holding every thread of the client, else a backoff), looks for the
        connector it may have created, and only sends the create again when it
        is not there.
        """
        body = {'name': name, 'connector_type_id': connector_type_id, 'config': config or {}, 'secrets': secrets or {}}
        # The connectors that existed before this create: another thread may see the one it makes first.
        known = set(self.seen_ids)
        segments = ('actions', 'connector') + ((connector_id,) if connector_id else ())
        path = self.path(space_id, *segments)
        attempt = 0
        while True:
            try:
                return self._remember(self.request('POST', path, body, retry=False), space_id)
            except (KibanaConnectionError, KibanaApiError) as exc:
                ambiguous = isinstance(exc, KibanaConnectionError) or exc.status in RETRY_STATUSES
                if isinstance(exc, KibanaConflictError) and attempt > 0:
                    ambiguous = True  # our earlier, lost attempt took the id
                if not ambiguous:
                    raise
                if isinstance(exc, KibanaApiError) and exc.status in RETRY_STATUSES:
                    self._hold.extend(self._backoff(attempt, exc.retry_after))
                else:
                    self._sleep(self._backoff(attempt, None))
                found = self._find_created(name, connector_type_id, connector_id, space_id, known)
                if found is not None:
                    return found
                if isinstance(exc, KibanaConflictError) or attempt >= self.retries:
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

    def update_connector(self, connector_id, name, config=None, secrets=None, space_id=DEFAULT_SPACE):
        body = {'name': name, 'config': config or {}, 'secrets': secrets or {}}
        return self._remember(self.request('PUT', self.path(space_id, 'actions', 'connector', connector_id), body), space_id)

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
        """Kibana's version number (for example '8.19.0'), from GET /api/status, read once per client.

        None when the user may not read the status (or Kibana does not say): only
        check mode asks, to predict the defaults that differ between versions.
        """
        if not self._version_read:
            self._version_read = True
            try:
                status = self.request('GET', '/api/status')
            except KibanaApiError:
                status = None
            number = ((status or {}).get('version') or {}).get('number') if isinstance(status, dict) else None
            self._version = number if isinstance(number, str) else None
        return self._version

    # ----------------------------------------------------------------- spaces API
    def space_exists(self, space_id):
        """True or False from Kibana's Spaces API; None when the user may not read spaces (403).

        The default space always exists. Answers are remembered for the run, and a
        space is known to exist once a connector call in it returned a saved object.
        """
        if check_space_id(space_id) == DEFAULT_SPACE:
            return True
        if space_id not in self._spaces:
            try:
                self.request('GET', '/api/spaces/space/%s' % _quote(space_id))
                self._spaces[space_id] = True
            except KibanaNotFoundError:
                self._spaces[space_id] = False
            except KibanaAuthError as exc:
                if exc.status != 403:
                    raise
                self._spaces[space_id] = None
        return self._spaces[space_id]
