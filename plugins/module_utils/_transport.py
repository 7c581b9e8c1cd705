# -*- coding: utf-8 -*-
# Copyright (c) kibana.connectors contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""How requests reach Kibana: HTTP sessions (one per thread), authentication, TLS, retries and the shared pause.

``Transport.request`` sends one API call and returns its decoded answer, retrying
idempotent methods after a dropped connection or a 429/5xx answer; a 429 or 5xx pauses
every thread of the transport (``Hold``). It raises the errors of _errors.py, whose texts
never carry a header, a credential or a request body. It knows nothing of connectors.

Private to the collection: not a public API, may change in any release.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type  # pylint: disable=invalid-name

import email.utils
import json
import os
import random
import re
import threading
import time
import traceback

from ansible_collections.kibana.connectors.plugins.module_utils._errors import (
    KibanaApiError,
    KibanaConfigError,
    KibanaConnectionError,
    api_error,
    causes,
    describe_failure,
    kibana_message,
)
from ansible_collections.kibana.connectors.plugins.module_utils._mask import redact, secret_strings

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

RETRY_STATUSES = frozenset((429, 502, 503, 504))
IDEMPOTENT_METHODS = frozenset(('GET', 'PUT', 'DELETE'))
BACKOFF_BASE = 0.5
BACKOFF_CAP = 10.0
RETRY_AFTER_CAP = 60.0


def parse_retry_after(value, now):
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


class Hold:
    """One pause for every thread of a transport: after a 429 or 5xx answer, no request leaves before it ends.

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


def authorization(api_key, username, password, bearer_token):
    """The Authorization header's value for the one kind of authentication given (None for username and password,
    which requests sends as Basic); KibanaConfigError unless exactly one kind is given."""
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
        return 'ApiKey %s' % api_key
    if bearer_token:
        return 'Bearer %s' % bearer_token
    return None


def url_userinfo(url):
    """What a url holds before ``@`` in its authority (``user:password`` of ``https://user:password@host``), or ''."""
    authority = str(url or '').split('://', 1)[-1].split('/', 1)[0].split('?', 1)[0].split('#', 1)[0]
    return authority.rsplit('@', 1)[0] if '@' in authority else ''


class HeaderAuth:
    """requests authentication by one ``Authorization`` header: an API key or a bearer token.

    It is the session's ``auth`` rather than a session header because requests, with ``trust_env`` on (kept on for
    HTTPS_PROXY, NO_PROXY and REQUESTS_CA_BUNDLE), reads ``~/.netrc`` (or NETRC) for every request of a session
    without ``auth``, and a Basic header from a netrc entry for Kibana's host replaces a session header: the task
    would run as whoever that file names instead of with its api_key. Its repr never shows the header."""

    def __init__(self, value):
        self._value = value

    def __call__(self, request):
        request.headers['Authorization'] = self._value
        return request

    def __repr__(self):
        return 'HeaderAuth(<hidden>)'


def tls_settings(validate_certs, ca_path, client_cert, client_key):
    """The TLS settings of every request: requests' ``verify`` and ``cert``, and the files they name."""
    if client_key and not client_cert:
        raise KibanaConfigError('client_key needs client_cert')
    verify = (ca_path or True) if validate_certs else False
    files = [('client_cert', client_cert, True), ('client_key', client_key, True)]
    if validate_certs:
        files.insert(0, ('ca_path', ca_path, False))
    return {'verify': verify, 'cert': (client_cert, client_key) if client_key else client_cert or None,
            'files': [(option, path, must_be_file) for option, path, must_be_file in files if path]}


class Transport:
    """Sends API calls to one Kibana; safe to share between threads.

    Each thread sends through its own HTTP session (a copy of the first one, made on
    first use); an injected ``session`` (a test's fake Kibana) serves every thread.
    ``sleep``, ``clock`` and ``rand`` are injectable so the retry schedule can be
    tested without real waiting.
    """

    def __init__(self, url, api_key=None, username=None, password=None, bearer_token=None,
                 validate_certs=True, ca_path=None, client_cert=None, client_key=None,
                 timeout=30, retries=3, session=None, sleep=time.sleep, clock=time.time, rand=random.random):
        if not HAS_REQUESTS and session is None:
            raise KibanaConfigError('The Python library "requests" is required')
        if url_userinfo(url):
            # said without the url: it holds a credential
            raise KibanaConfigError('url must not hold a user name or password (user:password@host): give the '
                                    'credentials as username and password, api_key or bearer_token')
        if not url or not re.match(r'^https?://[^/]+', url):
            raise KibanaConfigError('url must be an http:// or https:// URL of Kibana, got %r' % (url,))
        self.base_url = url.rstrip('/')
        self.timeout = timeout
        self.retries = max(0, int(retries))
        self.sleep = sleep
        self.clock = clock
        self._rand = rand
        self.credentials = [s for s in (api_key, password, bearer_token) if s]
        self.hold = Hold(clock, sleep)
        self._local = threading.local()
        self._shared_session = session is not None
        self.session = session if session is not None else requests.Session()
        header = authorization(api_key, username, password, bearer_token)
        self.session.headers['User-Agent'] = USER_AGENT
        self.session.headers['Accept'] = 'application/json'
        if header:
            self.session.auth = HeaderAuth(header)
        else:
            self.session.auth = (username, password)
        self._tls = tls_settings(validate_certs, ca_path, client_cert, client_key)
        self.session.verify = self._tls['verify']
        self.session.cert = self._tls['cert']

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

    def backoff(self, attempt, retry_after):
        if retry_after is not None:
            return min(retry_after, RETRY_AFTER_CAP)
        return self._rand() * min(BACKOFF_CAP, BACKOFF_BASE * (2 ** attempt))

    def thread_session(self):
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
        self.hold.wait()
        return self.thread_session().request(method, self.base_url + path, **kwargs)

    def request(self, method, path, body=None, params=None, retry=None, shown=()):
        """Send one API call, retrying idempotent methods; return the decoded body or None.

        Errors are raised as KibanaApiError subclasses or KibanaConnectionError,
        with texts that never carry a header, a credential or a request body: the values of
        the body's ``secrets`` are masked in them, except those of the keys in ``shown``
        (a user name, which would otherwise mask every one of its letters in Kibana's text).
        """
        if retry is None:
            retry = method in IDEMPOTENT_METHODS
        scrub = list(self.credentials)
        if isinstance(body, dict):
            secrets = body.get('secrets')
            if isinstance(secrets, dict):
                secrets = dict((key, value) for key, value in secrets.items() if key not in shown)
            scrub.extend(secret_strings(secrets))
        attempt = 0
        lost = False  # an earlier attempt may have reached Kibana: its answer was lost, or a proxy answered 502-504
        while True:
            retry_after = None
            try:
                response = self._send(method, path, body, params)
            except requests.exceptions.RequestException as exc:
                transient = isinstance(exc, (requests.exceptions.ConnectionError, requests.exceptions.Timeout))
                if retry and attempt < self.retries and transient and not isinstance(exc, requests.exceptions.SSLError):
                    self.sleep(self.backoff(attempt, None))
                    attempt += 1
                    lost = lost or not self._not_sent(exc)
                    continue
                reason = describe_failure(exc, self.base_url, self._tls['cert'], requests.exceptions)
                raise KibanaConnectionError(method, path, redact(reason, scrub))
            status = response.status_code
            if status in RETRY_STATUSES:
                retry_after = parse_retry_after(response.headers.get('Retry-After'), self.clock())
                if retry and attempt < self.retries:
                    self.hold.extend(self.backoff(attempt, retry_after))
                    attempt += 1
                    lost = lost or status != 429  # a 429 is Kibana's refusal: that attempt did nothing
                    continue
            if status >= 400:
                error = api_error(method, path, status, kibana_message(response, scrub), retry_after)
                error.after_lost_answer = lost
                raise error
            if status == 204 or not response.content:
                return None
            try:
                return response.json()
            except ValueError:
                raise KibanaApiError(method, path, status, 'the answer is not JSON')

    @staticmethod
    def _not_sent(exc):
        """Whether a failed attempt surely never reached Kibana: no connection was made (refused, connect timeout)."""
        return isinstance(exc, requests.exceptions.ConnectTimeout) or \
            any(isinstance(cause, NewConnectionError) for cause in causes(exc))
