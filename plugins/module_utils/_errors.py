# -*- coding: utf-8 -*-
# Copyright (c) kibana.connectors contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The errors of kibana.connectors, and how a failed request is described to the user.

* The ``KibanaError`` hierarchy every part of the collection raises (only the modules turn
  them into ``fail_json``).
* ``kibana_message``: Kibana's own error text from an answer, with secrets masked.
* ``describe_failure``: what went wrong when no answer came (TLS, refused or closed
  connections, timeouts), worded from the exception urllib3 and ssl wrap, with Kibana's URL
  and the option to set, never urllib3's pool text or a credential.

Private to the collection: not a public API, may change in any release.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type  # pylint: disable=invalid-name

import http.client
import re
import ssl

from ansible_collections.kibana.connectors.plugins.module_utils._mask import redact

try:
    from urllib.parse import urlsplit
except ImportError:  # pragma: no cover - Python 2 is not supported, the import only keeps sanity quiet
    from urlparse import urlsplit  # type: ignore


class KibanaError(Exception):
    """Base class of every error this collection raises.

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


ERROR_CLASSES = {400: KibanaBadRequestError, 401: KibanaAuthError, 403: KibanaAuthError,
                 404: KibanaNotFoundError, 409: KibanaConflictError}


def api_error(method, path, status, message, retry_after=None):
    """The KibanaApiError subclass for an HTTP status."""
    return ERROR_CLASSES.get(status, KibanaApiError)(method, path, status, message, retry_after)


def kibana_message(response, scrub):
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


# --------------------------------------------------------------------------- failures without an answer
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


def causes(exc):
    """``exc`` and the exceptions it wraps, outermost first (urllib3 keeps them in ``reason`` and ``args``)."""
    chain = []
    while isinstance(exc, BaseException) and not any(exc is seen for seen in chain):
        chain.append(exc)
        inner = [getattr(exc, 'reason', None)] + list(exc.args) + [exc.__cause__, exc.__context__]
        exc = next((item for item in inner if isinstance(item, BaseException)), None)
    return chain


def _plain(error):
    """An exception's own text, without OpenSSL's source location or an errno prefix."""
    text = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
    text = re.sub(r'^\[[A-Z0-9_]+: [A-Z0-9_]+\] |^\[[A-Z0-9_]+\] ', '', text)
    return re.sub(r' \(_ssl\.c:\d+\)$', '', text).strip().rstrip('.')


def describe_failure(exc, base_url, client_cert, requests_exceptions):
    """What went wrong when a request got no answer: with Kibana's URL and what to set, never urllib3's pool
    text or a credential. Worded from the exception urllib3 and ssl wrap, as they word them on Python 3.11+
    with OpenSSL 3. ``requests_exceptions`` is ``requests.exceptions`` (passed in: this file does not need
    the library to import)."""
    rex = requests_exceptions
    if isinstance(exc, rex.InvalidHeader):
        # requests' text holds the header value (the credential) as a repr no mask recognises
        return ('a request header holds a character HTTP does not allow (leading or trailing whitespace, a line '
                'break or another control character); check api_key, bearer_token and password')
    split = urlsplit(base_url)
    origin = '%s://%s' % (split.scheme, split.netloc.rpartition('@')[2])
    chain = causes(exc)
    root = chain[-1]
    tls = next((cause for cause in chain if isinstance(cause, ssl.SSLError)), None)
    if isinstance(tls, ssl.SSLCertVerificationError):
        if tls.verify_code in _HOSTNAME_MISMATCH:
            return ('certificate verify failed: hostname mismatch, the certificate is not valid for %r (%s); '
                    'use a url with a host name that Kibana\'s certificate names, or validate_certs: false'
                    % (split.hostname, origin))
        return ('certificate verify failed: %s (%s); set ca_path to the CA that signed Kibana\'s certificate, '
                'or validate_certs: false' % (tls.verify_message or _plain(tls), origin))
    text = _plain(tls if tls is not None else root)
    signed = _SIGNED if client_cert else ''
    if tls is not None or isinstance(exc, rex.SSLError):
        for words, message in _TLS_FAILURES:
            if any(word in text.lower() for word in words):
                return message.format(text=text, origin=origin, signed=_SIGNED)
    if isinstance(root, _CLOSED) and split.scheme == 'https':
        # TLS 1.3: a refused client certificate may show as a close instead of an alert (a race)
        return ('Kibana closed the connection without an answer (%s) (%s); if Kibana requires a client certificate, '
                'set client_cert and client_key%s' % (text, origin, signed))
    if isinstance(root, _CLOSED) and isinstance(exc, rex.ConnectionError):
        return ('connection closed without an HTTP answer (%s) (%s); if Kibana serves HTTPS there, use https:// in url'
                % (text, origin))
    if tls is not None or isinstance(exc, rex.SSLError):
        return 'TLS error: %s (%s)' % (text, origin)
    if isinstance(exc, rex.Timeout):
        return 'timed out (%s)' % (origin,)
    if isinstance(exc, rex.ConnectionError):
        return 'connection failed: %s (%s)' % (text, origin)
    return '%s: %s' % (type(exc).__name__, text)
