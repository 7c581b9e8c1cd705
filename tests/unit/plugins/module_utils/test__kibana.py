# -*- coding: utf-8 -*-
# Copyright (c) kibana.connectors contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Unit tests of the shared Kibana API client (no network: a scripted session stands in for requests)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type  # pylint: disable=invalid-name

import http.client
import json
import os
import re
import select
import socket
import ssl
import threading

import pytest
import yaml
import requests

from ansible_collections.kibana.connectors.plugins.module_utils import _kibana, _transport
from ansible_collections.kibana.connectors.plugins.module_utils._kibana import (
    KibanaApiError,
    KibanaAuthError,
    KibanaBadRequestError,
    KibanaClient,
    KibanaConfigError,
    KibanaConflictError,
    KibanaConnectionError,
    KibanaNotFoundError,
)
from ansible_collections.kibana.connectors.tests.kibana_double.pki import write_pki
from ansible_collections.kibana.connectors.tests.kibana_double.server import start_double

URL = 'https://kibana.example.com:5601'
SECRET = 'xoxb-very-secret-token'


def response(status, body=None, headers=None, reason=None):
    """A real requests.Response with a JSON (or empty) body."""
    resp = requests.Response()
    resp.status_code = status
    resp.reason = reason or {200: 'OK', 204: 'No Content'}.get(status, 'Error')
    resp.headers.update(headers or {})
    if body is not None:
        resp._content = json.dumps(body).encode()  # pylint: disable=protected-access
        resp.headers['Content-Type'] = 'application/json'
    else:
        resp._content = b''  # pylint: disable=protected-access
    return resp


def boom(status, message):
    errors = {400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 409: 'Conflict'}
    return response(status, {'statusCode': status, 'error': errors.get(status, 'Error'), 'message': message})


class FakeSession(requests.Session):
    """A requests.Session whose answers are scripted; records every call."""

    def __init__(self, answers):
        super(FakeSession, self).__init__()
        self.answers = list(answers)
        self.calls = []

    def request(self, method, url, **kwargs):  # pylint: disable=arguments-differ
        headers = dict(self.headers)
        headers.update(kwargs.get('headers') or {})
        self.calls.append(dict(method=method, url=url, headers=headers, data=kwargs.get('data'),
                               params=kwargs.get('params'), timeout=kwargs.get('timeout'),
                               verify=kwargs.get('verify'), cert=kwargs.get('cert')))
        answer = self.answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer


class Clock:
    """A fake clock: starts 1000 s after the epoch, and moves on by what the client sleeps."""

    def __init__(self):
        self.sleeps = []

    def sleep(self, seconds):
        self.sleeps.append(seconds)

    def now(self):
        return 1000.0 + sum(self.sleeps)


def make_all(answers, rand=1.0, **kwargs):
    """A client on a scripted session, with a fake clock: (client, session, clock)."""
    clock = Clock()
    settings = dict(url=URL, api_key='my-api-key')
    settings.update(kwargs)
    client = KibanaClient(session=FakeSession(answers), sleep=clock.sleep, clock=clock.now, rand=lambda: rand, **settings)
    return client, client.session, clock


def make(answers, **kwargs):
    return make_all(answers, **kwargs)[0]


def make_with_session(answers, **kwargs):
    client, session, dummy = make_all(answers, **kwargs)
    return client, session


def make_with_clock(answers, **kwargs):
    client, dummy, clock = make_all(answers, **kwargs)
    return client, clock


CONNECTOR = {'id': 'c1', 'name': 'ops', 'connector_type_id': '.slack', 'config': {}, 'is_preconfigured': False}


# ------------------------------------------------------------------ paths, quoting, spaces
@pytest.mark.parametrize('space, segments, expected', [
    ('default', ('actions', 'connectors'), '/api/actions/connectors'),
    ('team-a', ('actions', 'connectors'), '/s/team-a/api/actions/connectors'),
    ('ops_1', ('actions', 'connector', 'my id/..?#'), '/s/ops_1/api/actions/connector/my%20id%2F..%3F%23'),
    ('default', ('actions', 'connector', 'c1', '_execute'), '/api/actions/connector/c1/_execute'),
])
def test_paths(space, segments, expected):
    assert KibanaClient.path(space, *segments) == expected


@pytest.mark.parametrize('space', ['Team', 'a/b', '', 'ünï', 'a b', None, '../x'])
def test_invalid_space_ids_are_refused_locally(space):
    with pytest.raises(KibanaConfigError, match='space'):
        KibanaClient.path(space, 'actions', 'connectors')


def test_list_in_named_space_uses_prefix():
    client, session = make_with_session([response(200, [CONNECTOR])])
    assert client.list_connectors('team-a') == [CONNECTOR]
    assert session.calls[0]['url'] == URL + '/s/team-a/api/actions/connectors'
    assert session.calls[0]['method'] == 'GET'


def test_connector_types_feature_filter():
    client, session = make_with_session([response(200, [{'id': '.index'}])])
    client.list_connector_types(feature_id='alerting')
    assert session.calls[0]['params'] == {'feature_id': 'alerting'}
    assert session.calls[0]['url'] == URL + '/api/actions/connector_types'


def test_trailing_slash_in_url_is_dropped():
    client, session = make_with_session([response(200, [])], url=URL + '/')
    client.list_connectors()
    assert session.calls[0]['url'] == URL + '/api/actions/connectors'


@pytest.mark.parametrize('url', ['kibana:5601', 'ftp://x', '', None])
def test_bad_url(url):
    with pytest.raises(KibanaConfigError, match='url'):
        KibanaClient(url=url, api_key='k', session=FakeSession([]))


@pytest.mark.parametrize('url', ['https://elastic:pw-in-url@kibana:5601', 'elastic:pw-in-url@kibana:5601',
                                 'https://pw-in-url@kibana/', 'https://u:pw-in-url@kibana?x=1'])
def test_a_url_with_user_info_is_refused_without_echoing_it(url):
    with pytest.raises(KibanaConfigError, match='url must not hold a user name or password') as err:
        KibanaClient(url=url, api_key='k', session=FakeSession([]))
    assert 'pw-in-url' not in str(err.value)


def test_an_at_sign_after_the_host_is_no_user_info():
    client, session = make_with_session([response(200, [])], url=URL + '/kibana@prefix')
    client.list_connectors()
    assert session.calls[0]['url'] == URL + '/kibana@prefix/api/actions/connectors'


# ------------------------------------------------------------------ authentication and headers
def sent_authorization(session):
    """The Authorization header requests would send for a request of ``session`` (prepared as requests prepares it:
    session headers, session auth, and with trust_env the machine's netrc)."""
    return session.prepare_request(requests.Request('GET', URL + '/api/actions/connectors')).headers.get('Authorization')


def test_api_key_header():
    client, session = make_with_session([response(200, [])])
    client.list_connectors()
    assert sent_authorization(session) == 'ApiKey my-api-key'
    assert 'my-api-key' not in repr(session.auth)


def test_bearer_header():
    client, session = make_with_session([response(200, [])], api_key=None, bearer_token='tok')
    client.list_connectors()
    assert sent_authorization(session) == 'Bearer tok'
    assert 'tok' not in repr(session.auth)


def test_basic_auth():
    client, session = make_with_session([response(200, [])], api_key=None, username='elastic', password='pw')
    client.list_connectors()
    assert session.auth == ('elastic', 'pw')
    assert 'Authorization' not in session.calls[0]['headers']
    assert sent_authorization(session) == 'Basic ZWxhc3RpYzpwdw=='


@pytest.mark.parametrize('settings, expected', [
    (dict(api_key='my-api-key'), 'ApiKey my-api-key'),
    (dict(bearer_token='tok'), 'Bearer tok'),
    (dict(username='elastic', password='pw'), 'Basic ZWxhc3RpYzpwdw=='),
])
def test_a_netrc_entry_for_the_kibana_host_never_replaces_the_task_credentials(tmp_path, monkeypatch, settings, expected):
    """requests reads ~/.netrc for a session without auth (trust_env): its Basic header must not replace the api_key's
    or the bearer token's, whichever thread sends."""
    netrc = tmp_path / 'netrc'
    netrc.write_text('machine kibana.example.com login netrc-user password netrc-password\n')
    netrc.chmod(0o600)
    monkeypatch.setenv('NETRC', str(netrc))
    client = KibanaClient(url=URL, **settings)
    assert client.session.trust_env
    sent = [sent_authorization(client.transport.thread_session())]
    worker = threading.Thread(target=lambda: sent.append(sent_authorization(client.transport.thread_session())))
    worker.start()
    worker.join(5)
    assert sent == [expected, expected]
    bare = requests.Session()  # the same machine, as requests would send without credentials: the file is read
    assert bare.prepare_request(requests.Request('GET', URL)).headers.get('Authorization', '').startswith('Basic ')


@pytest.mark.parametrize('kwargs, text', [
    (dict(api_key=None), 'got none'),
    (dict(api_key='k', bearer_token='t'), 'api_key and bearer_token'),
    (dict(api_key='k', username='u', password='p'), 'api_key and username/password'),
    (dict(api_key=None, username='u'), 'both username and password'),
    (dict(api_key=None, password='p'), 'both username and password'),
])
def test_exactly_one_auth_kind(kwargs, text):
    settings = dict(url=URL, api_key='k')
    settings.update(kwargs)
    with pytest.raises(KibanaConfigError, match=text):
        KibanaClient(session=FakeSession([]), **settings)


BAD_CREDENTIAL = 'abc123-SECRET-credential'


@pytest.mark.parametrize('option', ['api_key', 'bearer_token', 'password'])
@pytest.mark.parametrize('value', [BAD_CREDENTIAL + '\n', ' ' + BAD_CREDENTIAL, BAD_CREDENTIAL + '\t',
                                   'abc123\r\nX-Injected: 1', 'abc\x00123', BAD_CREDENTIAL + '\x7f'])
def test_a_credential_with_whitespace_or_control_characters_is_refused_without_its_value(option, value):
    settings = dict(url=URL, api_key=None)
    settings[option] = value
    if option == 'password':
        settings['username'] = 'elastic'
    session = FakeSession([])
    with pytest.raises(KibanaConfigError) as err:
        KibanaClient(session=session, **settings)
    text = str(err.value)
    assert option in text
    assert value.strip() not in text and repr(value) not in text and repr(value)[1:-1] not in text
    assert 'abc123' not in text
    assert session.calls == []


@pytest.mark.parametrize('shown, expected', [
    (('user',), 'user "u" with password "********" is not usable'),
    ((), '********ser "********" with password "********" is not ********sable'),
])
def test_kibanas_error_text_masks_the_secrets_sent_except_the_keys_shown(shown, expected):
    message = 'user "u" with password "pw-0123456789" is not usable'
    client, session = make_with_session([response(400, {'statusCode': 400, 'error': 'Bad Request', 'message': message})])
    with pytest.raises(KibanaBadRequestError) as err:
        client.update_connector('c1', 'Hook', {}, {'user': 'u', 'password': 'pw-0123456789'}, shown=shown)
    assert str(err.value).endswith('returned 400: ' + expected)
    assert len(session.calls) == 1


def test_an_invalid_header_error_never_shows_the_header_value():
    value = 'ApiKey %s\n' % BAD_CREDENTIAL
    error = requests.exceptions.InvalidHeader(
        'Invalid leading whitespace, reserved character(s), or return character(s) in header value: %r' % value)
    client, session = make_with_session([error], api_key=BAD_CREDENTIAL)
    with pytest.raises(KibanaConnectionError) as err:
        client.list_connectors()
    text = str(err.value)
    assert BAD_CREDENTIAL not in text and repr(value) not in text and 'abc123' not in text
    assert 'api_key' in text and len(session.calls) == 1


def test_xsrf_only_on_writes_and_user_agent():
    client, session = make_with_session([response(200, [CONNECTOR]), response(200, CONNECTOR), response(200, CONNECTOR),
                                         response(204), response(200, {'status': 'ok', 'connector_id': 'c1'})])
    client.list_connectors()
    client.create_connector('ops', '.slack', {}, {'webhookUrl': 'https://hooks'}, connector_id='c1')
    client.update_connector('c1', 'ops', {}, {'webhookUrl': 'https://hooks'})
    client.delete_connector('c1')
    client.execute_connector('c1', {'message': 'hi'})
    methods = [(c['method'], c['headers'].get('kbn-xsrf')) for c in session.calls]
    assert methods == [('GET', None), ('POST', 'true'), ('PUT', 'true'), ('DELETE', 'true'), ('POST', 'true')]
    for call in session.calls:
        assert call['headers']['User-Agent'] == 'ansible-collection-kibana.connectors/%s' % galaxy_version()
        assert call['timeout'] == 30
    assert json.loads(session.calls[1]['data']) == {'name': 'ops', 'connector_type_id': '.slack', 'config': {},
                                                    'secrets': {'webhookUrl': 'https://hooks'}}
    assert session.calls[1]['headers']['Content-Type'] == 'application/json'
    assert session.calls[1]['url'] == URL + '/api/actions/connector/c1'
    assert json.loads(session.calls[2]['data']) == {'name': 'ops', 'config': {}, 'secrets': {'webhookUrl': 'https://hooks'}}
    assert json.loads(session.calls[4]['data']) == {'params': {'message': 'hi'}}


def test_create_without_id_has_no_trailing_slash():
    client, session = make_with_session([response(200, CONNECTOR)])
    client.create_connector('ops', '.slack')
    assert session.calls[0]['url'] == URL + '/api/actions/connector'


@pytest.fixture
def tls_files(tmp_path):
    """Three empty files standing for a CA bundle, a client certificate and its key (the fake session never reads them)."""
    paths = {}
    for name in ('ca', 'cert', 'key'):
        paths[name] = str(tmp_path / ('%s.pem' % name))
        with open(paths[name], 'w', encoding='utf-8'):
            pass
    return paths


def test_tls_settings_go_with_every_request(tls_files):
    ca, cert, key = tls_files['ca'], tls_files['cert'], tls_files['key']
    for kwargs, verify, client_cert in [
        (dict(ca_path=ca, client_cert=cert, client_key=key), ca, (cert, key)),
        (dict(ca_path=ca, client_cert=cert), ca, cert),
        (dict(validate_certs=False, ca_path=ca), False, None),
        (dict(validate_certs=False, ca_path='/no/such/ca.pem'), False, None),  # not used, so not checked
        (dict(), True, None),
    ]:
        client, session = make_with_session([response(200, []), boom(503, 'busy'), response(204)], **kwargs)
        client.list_connectors()
        client.delete_connector('c1')
        assert [(call['verify'], call['cert']) for call in session.calls] == [(verify, client_cert)] * 3
        assert client.tls_kwargs() == {'verify': verify, 'cert': client_cert}
        assert (session.verify, session.cert) == (verify, client_cert)


def test_client_key_needs_client_cert():
    with pytest.raises(KibanaConfigError, match='client_key needs client_cert'):
        make([], client_key='/k.pem')


@pytest.mark.parametrize('option', ['ca_path', 'client_cert', 'client_key'])
def test_a_missing_tls_file_is_named_and_nothing_is_sent(tls_files, tmp_path, option):
    kwargs = dict(ca_path=tls_files['ca'], client_cert=tls_files['cert'], client_key=tls_files['key'])
    kwargs[option] = str(tmp_path / 'missing.pem')
    client, session = make_with_session([response(200, [])], **kwargs)
    with pytest.raises(KibanaConfigError, match="^%s '.*missing.pem' does not exist" % option):
        client.list_connectors()
    assert session.calls == []


def test_requests_missing(monkeypatch):
    monkeypatch.setattr(_transport, 'HAS_REQUESTS', False)
    with pytest.raises(KibanaConfigError, match='requests'):
        KibanaClient(url=URL, api_key='k')


# ------------------------------------------------------------------ errors
@pytest.mark.parametrize('status, cls', [
    (400, KibanaBadRequestError), (401, KibanaAuthError), (403, KibanaAuthError),
    (404, KibanaNotFoundError), (409, KibanaConflictError), (500, KibanaApiError), (422, KibanaApiError),
])
def test_error_mapping(status, cls):
    client = make([boom(status, 'Kibana says no')])
    with pytest.raises(cls) as err:
        client.update_connector('c1', 'ops', {}, {})
    assert err.value.status == status
    assert err.value.kibana_message == 'Kibana says no'
    assert str(err.value) == 'PUT /api/actions/connector/c1 returned %s: Kibana says no' % status


def test_non_json_error_body():
    resp = response(502, None, reason='Bad Gateway')
    resp._content = b'<html>proxy down</html>'  # pylint: disable=protected-access
    client = make([resp], retries=0)
    with pytest.raises(KibanaApiError, match='proxy down'):
        client.list_connectors()


@pytest.mark.parametrize('at', [290, 297, 299, 300])
def test_a_secret_where_a_non_json_error_body_is_cut_leaves_no_part(at):
    resp = response(400, None, reason='Bad Request')
    prefix = '<html>' + 'x' * (at - len('<html>'))
    resp._content = (prefix + SECRET + '</html>').encode()  # pylint: disable=protected-access
    client = make([resp], retries=0)
    with pytest.raises(KibanaBadRequestError) as err:
        client.create_connector('ops', '.slack', {}, {'webhookUrl': SECRET})
    message = err.value.kibana_message
    assert not any(part.endswith(SECRET[:n]) for part in (message, str(err.value)) for n in range(2, len(SECRET) + 1))
    assert message.startswith(prefix) and len(message) <= 300


def test_get_404_is_none_and_delete_404_is_false():
    client = make([boom(404, 'Saved object [action/x] not found'), boom(404, 'Saved object [action/x] not found'), response(204)])
    assert client.get_connector('x') is None
    assert client.delete_connector('x') is False
    assert client.delete_connector('x') is True


def test_no_secret_in_any_error_text():
    message = 'error configuring slack action: target url "https://hooks.slack.com/%s" is not added' % SECRET
    client, session = make_with_session([boom(400, message), requests.exceptions.ConnectionError('reset by peer my-api-key')],
                                        api_key='my-api-key')
    with pytest.raises(KibanaBadRequestError) as err:
        client.create_connector('ops', '.slack', {}, {'webhookUrl': 'https://hooks.slack.com/' + SECRET})
    text = str(err.value) + err.value.kibana_message
    assert SECRET not in text and '********' in text
    assert 'ApiKey' not in text and 'my-api-key' not in text
    with pytest.raises(KibanaConnectionError) as err:
        client.execute_connector('c1', {})
    assert 'my-api-key' not in str(err.value)
    assert len(session.calls) == 2


def test_tls_error_is_a_connection_error_and_not_retried():
    client, session = make_with_session([requests.exceptions.SSLError('handshake went wrong')])
    with pytest.raises(KibanaConnectionError, match=r'TLS error: handshake went wrong \(https://kibana.example.com:5601\)$'):
        client.list_connectors()
    assert len(session.calls) == 1


def _wrapped(cause, outer=requests.exceptions.SSLError):
    """``cause`` wrapped the way requests and urllib3 wrap it (pool text around it)."""
    from urllib3.exceptions import MaxRetryError, SSLError as Urllib3SSLError  # pylint: disable=import-outside-toplevel
    inner = Urllib3SSLError(cause)
    pool = MaxRetryError(None, '/api/actions/connectors', inner)
    return outer(pool)


@pytest.mark.parametrize('cause, url, expected', [
    # OpenSSL 3.2 and later word a non-TLS answer as "record layer failure", 3.0 as "wrong version number"
    (ssl.SSLError(1, '[SSL] record layer failure (_ssl.c:1000)'), URL,
     'the server did not answer with TLS (record layer failure) (https://kibana.example.com:5601); '
     'if Kibana serves plain HTTP there, use http:// in url'),
    (ssl.SSLError(1, '[SSL: WRONG_VERSION_NUMBER] wrong version number (_ssl.c:1006)'), URL,
     'the server did not answer with TLS (wrong version number) (https://kibana.example.com:5601); '
     'if Kibana serves plain HTTP there, use http:// in url'),
    (ssl.SSLError(1, '[SSL: SSLV3_ALERT_BAD_CERTIFICATE] sslv3 alert bad certificate (_ssl.c:2580)'), URL,
     'Kibana refused the client certificate (sslv3 alert bad certificate) (https://kibana.example.com:5601); '
     'set client_cert and client_key to a certificate signed by a CA that Kibana trusts'),
    (ssl.SSLError(1, '[SSL: TLSV13_ALERT_CERTIFICATE_REQUIRED] tlsv13 alert certificate required (_ssl.c:2580)'), URL,
     'Kibana requires a client certificate (tlsv13 alert certificate required) (https://kibana.example.com:5601); '
     'set client_cert and client_key'),
])
def test_tls_failure_texts_hold_for_other_openssl_wordings(cause, url, expected):
    client = make([_wrapped(cause)], url=url)
    with pytest.raises(KibanaConnectionError) as err:
        client.list_connectors()
    assert err.value.reason == expected


def _aborted(cause):
    """``cause`` wrapped the way requests and urllib3 wrap a connection lost while waiting for the answer."""
    from urllib3.exceptions import ProtocolError  # pylint: disable=import-outside-toplevel
    return requests.exceptions.ConnectionError(ProtocolError('Connection aborted.', cause))


@pytest.mark.parametrize('failure, text', [
    (lambda: _wrapped(ssl.SSLEOFError(8, '[SSL: UNEXPECTED_EOF_WHILE_READING] EOF occurred in violation of protocol '
                                         '(_ssl.c:2427)')), 'EOF occurred in violation of protocol'),
    (lambda: _aborted(http.client.RemoteDisconnected('Remote end closed connection without response')),
     'Remote end closed connection without response'),
    (lambda: _aborted(ConnectionResetError(104, 'Connection reset by peer')), 'Connection reset by peer'),
])
def test_a_close_during_tls_points_at_the_client_certificate(tls_files, failure, text):
    reason = {}
    for label, kwargs in (('none', {}), ('given', dict(client_cert=tls_files['cert'], client_key=tls_files['key']))):
        client = make([failure()], retries=0, **kwargs)
        with pytest.raises(KibanaConnectionError) as err:
            client.list_connectors()
        reason[label] = err.value.reason
    assert reason['none'] == ('Kibana closed the connection without an answer (%s) (https://kibana.example.com:5601); '
                              'if Kibana requires a client certificate, set client_cert and client_key' % text)
    assert reason['given'] == reason['none'] + ' to a certificate signed by a CA that Kibana trusts'


def test_connection_failure_text_has_the_cause_not_the_pool():
    from urllib3.exceptions import MaxRetryError, NewConnectionError  # pylint: disable=import-outside-toplevel
    refused = ConnectionRefusedError(111, 'Connection refused')
    new = NewConnectionError(None, 'Failed to establish a new connection: [Errno 111] Connection refused')
    new.__cause__ = refused
    client = make([requests.exceptions.ConnectionError(MaxRetryError(None, '/api/actions/connectors', new))], retries=0)
    with pytest.raises(KibanaConnectionError) as err:
        client.list_connectors()
    assert str(err.value) == 'GET /api/actions/connectors: connection failed: Connection refused (https://kibana.example.com:5601)'


def test_timeout_text():
    client = make([requests.exceptions.ReadTimeout('read timed out')], retries=0)
    with pytest.raises(KibanaConnectionError, match=r'^GET /api/actions/connectors: timed out \(https://kibana.example.com:5601\)$'):
        client.list_connectors()


# ------------------------------------------------------------------ TLS against a real HTTPS double
# Real handshakes: the Kibana test double serves HTTPS with certificates this test run makes (no key is committed).
DOUBLE_KEY = 'double-api-key'  # an API key the double accepts: it must never show in an error
PROXY_VARS = ('HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'ALL_PROXY', 'all_proxy', 'NO_PROXY', 'no_proxy')
NO_POOL_TEXT = ('HTTPSConnectionPool', 'HTTPConnectionPool', 'Max retries', 'Caused by', '_ssl.c')
insecure_warning = pytest.mark.filterwarnings('ignore:Unverified HTTPS request')


@pytest.fixture(scope='module')
def pki(tmp_path_factory):
    """Two CAs, a server certificate for 127.0.0.1, a client CA and client certificates (tests/kibana_double/pki.py)."""
    return write_pki(str(tmp_path_factory.mktemp('pki')))


@pytest.fixture(scope='module')
def running_doubles(pki):
    """An HTTPS double, an HTTPS double that requires a client certificate signed by the client CA, a plain HTTP one."""
    running = {
        'https': start_double(tls_cert=pki['server_cert'], tls_key=pki['server_key']),
        'mtls': start_double(tls_cert=pki['server_cert'], tls_key=pki['server_key'], tls_client_ca=pki['client_ca']),
        'http': start_double(),
    }
    yield running
    for double in running.values():
        double.stop()


@pytest.fixture
def doubles(running_doubles):
    """The running doubles, emptied."""
    for double in running_doubles.values():
        double.reset()
    return running_doubles


@pytest.fixture
def env(monkeypatch):
    """No CA bundle or proxy variable from the machine; a test sets what it needs."""
    for var in ('REQUESTS_CA_BUNDLE', 'CURL_CA_BUNDLE') + PROXY_VARS:
        monkeypatch.delenv(var, raising=False)
    return monkeypatch


def real(url, **kwargs):
    """A client with a real requests session (trust_env on, as in a module run), no retry."""
    settings = dict(api_key=DOUBLE_KEY, retries=0)
    settings.update(kwargs)
    return KibanaClient(url, **settings)


def fails(client):
    """The KibanaConnectionError of listing connectors; checks it carries no pool text and no credential."""
    with pytest.raises(KibanaConnectionError) as err:
        client.list_connectors()
    text = str(err.value)
    assert DOUBLE_KEY not in text and 'ApiKey' not in text
    assert [part for part in NO_POOL_TEXT if part in text] == []
    assert text.startswith('GET /api/actions/connectors: ')
    return err.value.reason


def untrusted(url):
    return ("certificate verify failed: unable to get local issuer certificate (%s); set ca_path to the CA that signed "
            "Kibana's certificate, or validate_certs: false" % url)


def test_ca_path_wins_over_the_environment_bundles(env, pki, doubles):
    url = doubles['https'].url
    env.setenv('REQUESTS_CA_BUNDLE', pki['other_ca'])
    env.setenv('CURL_CA_BUNDLE', pki['other_ca'])
    # what the client did before: the CA only on the session, and requests takes the environment's bundle instead
    bare = requests.Session()
    bare.verify = pki['ca']
    with pytest.raises(requests.exceptions.SSLError):
        bare.get(url + '/api/status', timeout=10)
    client = real(url, ca_path=pki['ca'])
    assert client.list_connectors() == []
    assert client.create_connector('tls log', '.server-log')['name'] == 'tls log'


def test_the_environment_bundle_is_the_default_trust_store(env, pki, doubles):
    url = doubles['https'].url
    env.setenv('REQUESTS_CA_BUNDLE', pki['ca'])
    assert real(url).list_connectors() == []
    env.delenv('REQUESTS_CA_BUNDLE')
    env.setenv('CURL_CA_BUNDLE', pki['ca'])
    assert real(url).list_connectors() == []
    env.setenv('CURL_CA_BUNDLE', pki['other_ca'])
    assert fails(real(url)) == untrusted(url)


def test_an_untrusted_certificate_names_the_reason_and_the_option(env, pki, doubles):
    url = doubles['https'].url
    assert fails(real(url, ca_path=pki['other_ca'])) == untrusted(url)
    env.setenv('REQUESTS_CA_BUNDLE', pki['ca'])  # ca_path wins even when the environment would have trusted it
    assert fails(real(url, ca_path=pki['other_ca'])) == untrusted(url)


@insecure_warning
def test_validate_certs_false_wins_over_the_environment_bundle(env, pki, doubles):
    env.setenv('REQUESTS_CA_BUNDLE', pki['other_ca'])
    assert real(doubles['https'].url, validate_certs=False, ca_path=pki['other_ca']).list_connectors() == []


def test_a_hostname_mismatch_is_named_as_such(env, pki, doubles):
    url = 'https://localhost:%d' % doubles['https'].port  # the certificate names 127.0.0.1 only
    assert fails(real(url, ca_path=pki['ca'])) == (
        "certificate verify failed: hostname mismatch, the certificate is not valid for 'localhost' (%s); "
        "use a url with a host name that Kibana's certificate names, or validate_certs: false" % url)


def test_http_against_an_https_port_hints_at_https(env, doubles):
    url = 'http://127.0.0.1:%d' % doubles['https'].port
    # usually "Remote end closed connection without response"; "Connection reset by peer" when the close races the request
    assert re.match(r'connection closed without an HTTP answer \((Remote end closed connection without response|'
                    r'Connection reset by peer)\) \(%s\); if Kibana serves HTTPS there, use https:// in url$' % url,
                    fails(real(url)))


def test_https_against_plain_http_hints_at_http(env, pki, doubles):
    url = 'https://127.0.0.1:%d' % doubles['http'].port
    reason = fails(real(url, ca_path=pki['ca']))
    assert reason.startswith('the server did not answer with TLS (')
    assert reason.endswith(') (%s); if Kibana serves plain HTTP there, use http:// in url' % url)


def test_mutual_tls(env, pki, doubles):
    url = doubles['mtls'].url
    env.setenv('REQUESTS_CA_BUNDLE', pki['other_ca'])
    assert real(url, ca_path=pki['ca'], client_cert=pki['client_cert'], client_key=pki['client_key']).list_connectors() == []
    assert real(url, ca_path=pki['ca'], client_cert=pki['client_combined']).list_connectors() == []
    # TLS 1.3: the server's alert, or (a race, also with Kibana's Node.js) the close that follows it
    closed = r'Kibana closed the connection without an answer \([^)]+\) \(%s\); if Kibana requires a client certificate, ' % url
    assert re.match(r'(Kibana requires a client certificate \(tlsv13 alert certificate required\) \(%s\); |%s)'
                    r'set client_cert and client_key$' % (url, closed),
                    fails(real(url, ca_path=pki['ca'])))
    assert re.match(r'(Kibana refused the client certificate \(tlsv1 alert unknown ca\) \(%s\); |%s)'
                    r'set client_cert and client_key to a certificate signed by a CA that Kibana trusts$' % (url, closed),
                    fails(real(url, ca_path=pki['ca'], client_cert=pki['stranger_cert'], client_key=pki['stranger_key'])))
    assert fails(real(url, ca_path=pki['ca'], client_cert=pki['client_cert'], client_key=pki['stranger_key'])) == (
        'client_key is not the key of client_cert (key values mismatch)')
    assert fails(real(url, ca_path=pki['ca'], client_cert=pki['ca'])).startswith(
        'client_cert or client_key could not be loaded (')


def test_a_ca_path_without_a_certificate(env, pki, doubles):
    assert fails(real(doubles['https'].url, ca_path=pki['server_key'])) == 'ca_path holds no PEM certificate (no certificate or crl found)'


class ConnectProxy:
    """A minimal HTTPS proxy on 127.0.0.1 (CONNECT only) that records where it tunnelled to."""

    def __init__(self):
        self.listener = socket.create_server(('127.0.0.1', 0))
        self.url = 'http://127.0.0.1:%d' % self.listener.getsockname()[1]
        self.targets = []
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self):
        while True:
            try:
                conn, dummy = self.listener.accept()
            except OSError:
                return
            threading.Thread(target=self._tunnel, args=(conn,), daemon=True).start()

    def _tunnel(self, conn):
        with conn:
            head = b''
            while b'\r\n\r\n' not in head:
                chunk = conn.recv(4096)
                if not chunk:
                    return
                head += chunk
            method, target = head.split(b' ')[:2]
            assert method == b'CONNECT'
            self.targets.append(target.decode())
            host, port = target.decode().rsplit(':', 1)
            with socket.create_connection((host, int(port)), timeout=10) as upstream:
                conn.sendall(b'HTTP/1.1 200 Connection established\r\n\r\n')
                ends = [conn, upstream]
                while True:
                    readable = select.select(ends, [], [], 10)[0]
                    data = readable[0].recv(65536) if readable else b''
                    if not data:
                        return
                    ends[1 - ends.index(readable[0])].sendall(data)

    def close(self):
        self.listener.close()


def test_proxies_from_the_environment_still_apply(env, pki, doubles):
    double = doubles['https']
    proxy = ConnectProxy()
    try:
        env.setenv('HTTPS_PROXY', proxy.url)
        env.setenv('REQUESTS_CA_BUNDLE', pki['other_ca'])
        client = real(double.url, ca_path=pki['ca'])
        assert client.list_connectors() == []
        client.session.close()
        assert proxy.targets == ['127.0.0.1:%d' % double.port]
        env.setenv('NO_PROXY', '127.0.0.1')
        client = real(double.url, ca_path=pki['ca'])
        assert client.list_connectors() == []
        client.session.close()
        assert proxy.targets == ['127.0.0.1:%d' % double.port]
    finally:
        proxy.close()


# ------------------------------------------------------------------ retries
def test_backoff_schedule_with_jitter_and_success():
    client, session, clock = make_all([boom(503, 'busy'), boom(502, 'bad'), boom(504, 'slow'), response(200, [])], rand=1.0)
    assert client.list_connectors() == []
    assert len(session.calls) == 4
    assert clock.sleeps == [0.5, 1.0, 2.0]


def test_jitter_scales_the_delay():
    client, clock = make_with_clock([boom(503, 'busy'), boom(503, 'busy'), response(200, [])], rand=0.25)
    client.list_connectors()
    assert clock.sleeps == [0.125, 0.25]


def test_backoff_is_capped():
    client, clock = make_with_clock([boom(503, 'x')] * 8 + [response(200, [])], retries=8)
    client.list_connectors()
    assert max(clock.sleeps) == _transport.BACKOFF_CAP


def test_retries_exhausted_raise_the_last_error():
    client, session, clock = make_all([boom(503, 'busy')] * 4)
    with pytest.raises(KibanaApiError) as err:
        client.get_connector('c1')
    assert err.value.status == 503
    assert len(session.calls) == 4 and len(clock.sleeps) == 3


def test_retries_zero_means_one_attempt():
    client, session = make_with_session([boom(429, 'slow down')], retries=0)
    with pytest.raises(KibanaApiError):
        client.list_connectors()
    assert len(session.calls) == 1


def test_retry_after_seconds_is_honoured():
    client, clock = make_with_clock([response(429, {'message': 'slow'}, headers={'Retry-After': '7'}), response(200, [])])
    client.list_connectors()
    assert clock.sleeps == [7.0]


def test_retry_after_http_date_is_honoured():
    # the fake clock says 1000 s after the epoch
    date = 'Thu, 01 Jan 1970 00:16:52 GMT'  # 1012 s
    client, clock = make_with_clock([response(503, {'message': 'x'}, headers={'Retry-After': date}), response(200, [])])
    client.list_connectors()
    assert clock.sleeps == [12.0]


def test_retry_after_is_capped():
    client, clock = make_with_clock([response(429, {'message': 'x'}, headers={'Retry-After': '3600'}), response(200, [])])
    client.list_connectors()
    assert clock.sleeps == [_transport.RETRY_AFTER_CAP]


def test_connection_failures_are_retried_for_put_and_delete():
    client, session = make_with_session([requests.exceptions.ConnectionError('reset'), response(200, CONNECTOR),
                                         requests.exceptions.Timeout('slow'), response(204)])
    client.update_connector('c1', 'ops', {}, {})
    assert client.delete_connector('c1') is True
    assert [c['method'] for c in session.calls] == ['PUT', 'PUT', 'DELETE', 'DELETE']


@pytest.mark.parametrize('lost', [requests.exceptions.Timeout('slow'), requests.exceptions.ConnectionError('reset by peer'),
                                  boom(502, 'bad gateway'), boom(503, 'busy'), boom(504, 'gateway timeout')])
def test_delete_404_after_a_lost_answer_is_deleted(lost):
    client, session = make_with_session([lost, boom(404, 'Saved object [action/c1] not found')])
    assert client.delete_connector('c1') is True
    assert [c['method'] for c in session.calls] == ['DELETE', 'DELETE']


def _refused():
    from urllib3.exceptions import NewConnectionError
    return requests.exceptions.ConnectionError(NewConnectionError(None, 'Connection refused'))


@pytest.mark.parametrize('first', [boom(429, 'too many'), requests.exceptions.ConnectTimeout('connect timed out'), _refused()])
def test_delete_404_after_an_attempt_that_did_nothing_is_not_deleted(first):
    client, session = make_with_session([first, boom(404, 'Saved object [action/c1] not found')])
    assert client.delete_connector('c1') is False
    assert [c['method'] for c in session.calls] == ['DELETE', 'DELETE']


def test_400_is_not_retried():
    client, session = make_with_session([boom(400, 'bad')])
    with pytest.raises(KibanaBadRequestError):
        client.update_connector('c1', 'ops', {}, {})
    assert len(session.calls) == 1


@pytest.mark.parametrize('failure', [boom(503, 'busy'), requests.exceptions.ConnectionError('reset')])
def test_execute_is_never_retried(failure):
    client, session = make_with_session([failure, response(200, {'status': 'ok'})])
    with pytest.raises((KibanaApiError, KibanaConnectionError)):
        client.execute_connector('c1', {'message': 'x'})
    assert len(session.calls) == 1


# ------------------------------------------------------------------ create: never a duplicate
def test_lost_create_answer_with_id_finds_the_connector():
    client, session = make_with_session([requests.exceptions.ConnectionError('connection aborted'), response(200, CONNECTOR)])
    assert client.create_connector('ops', '.slack', {}, {}, connector_id='c1') == CONNECTOR
    assert [(c['method'], c['url'][len(URL):]) for c in session.calls] == [
        ('POST', '/api/actions/connector/c1'), ('GET', '/api/actions/connector/c1')]


def test_lost_create_answer_without_id_finds_the_new_connector_by_name():
    other = dict(CONNECTOR, id='old', name='other')
    client, session = make_with_session([response(200, [other]), requests.exceptions.ConnectionError('aborted'),
                                         response(200, [other, CONNECTOR])])
    client.list_connectors()
    assert client.create_connector('ops', '.slack', {}, {}) == CONNECTOR
    assert [c['method'] for c in session.calls] == ['GET', 'POST', 'GET']


def test_lost_create_answer_ignores_connectors_known_before():
    same_name = dict(CONNECTOR, id='seen-before')
    client, session = make_with_session([response(200, [same_name]), requests.exceptions.ConnectionError('aborted'),
                                         response(200, [same_name]), response(200, dict(CONNECTOR, id='new'))])
    known = [c['id'] for c in client.list_connectors()]
    assert client.create_connector('ops', '.slack', {}, {}, known_ids=known)['id'] == 'new'
    assert [c['method'] for c in session.calls] == ['GET', 'POST', 'GET', 'POST']


def test_create_503_not_created_is_sent_again():
    client, session, clock = make_all([boom(503, 'busy'), boom(404, 'Saved object [action/c1] not found'), response(200, CONNECTOR)])
    assert client.create_connector('ops', '.slack', {}, {}, connector_id='c1') == CONNECTOR
    assert [c['method'] for c in session.calls] == ['POST', 'GET', 'POST']
    assert clock.sleeps == [0.5]


def test_create_retry_conflict_after_lost_answer_is_resolved_by_lookup():
    client, session = make_with_session([requests.exceptions.ConnectionError('aborted'), boom(404, 'not found'),
                                         boom(409, 'Saved object [action/c1] conflict'), response(200, CONNECTOR)])
    assert client.create_connector('ops', '.slack', {}, {}, connector_id='c1') == CONNECTOR
    assert [c['method'] for c in session.calls] == ['POST', 'GET', 'POST', 'GET']


def test_create_conflict_on_first_attempt_is_an_error():
    client, session = make_with_session([boom(409, 'Saved object [action/c1] conflict')])
    with pytest.raises(KibanaConflictError):
        client.create_connector('ops', '.slack', {}, {}, connector_id='c1')
    assert len(session.calls) == 1


def test_create_gives_up_after_retries():
    client, session = make_with_session([boom(503, 'busy'), boom(404, 'nf')] * 2, retries=1)
    with pytest.raises(KibanaApiError) as err:
        client.create_connector('ops', '.slack', {}, {}, connector_id='c1')
    assert err.value.status == 503
    assert [c['method'] for c in session.calls] == ['POST', 'GET', 'POST', 'GET']


def test_create_400_is_not_looked_up():
    client, session = make_with_session([boom(400, 'Action type ".nope" is not registered.')])
    with pytest.raises(KibanaBadRequestError, match='not registered'):
        client.create_connector('ops', '.nope', {}, {})
    assert len(session.calls) == 1


# ------------------------------------------------------------------ spaces
def test_space_exists_default_costs_nothing():
    client, session = make_with_session([])
    assert client.space_exists('default') is True
    assert not session.calls


@pytest.mark.parametrize('answer, expected', [
    (response(200, {'id': 'team-a', 'name': 'Team A'}), True),
    (boom(404, 'Not Found'), False),
    (boom(403, 'Forbidden'), None),
])
def test_space_exists_answers(answer, expected):
    client, session = make_with_session([answer])
    assert client.space_exists('team-a') is expected
    assert client.space_exists('default') is True  # no request: the default space always exists
    assert [c['url'] for c in session.calls] == [URL + '/api/spaces/space/team-a']


def test_space_401_is_an_error():
    client = make([boom(401, 'Unauthorized')])
    with pytest.raises(KibanaAuthError):
        client.space_exists('team-a')


def test_the_client_remembers_nothing_between_calls():
    # what a run learns (spaces proven, ids seen, the version) is the engine's, passed explicitly
    client, session = make_with_session([response(200, [CONNECTOR]), response(200, {}), response(200, {}),
                                         response(200, {'version': {'number': '9.4.0'}}),
                                         response(200, {'version': {'number': '9.4.0'}})])
    client.list_connectors('team-a')
    assert client.space_exists('team-a') is True and client.space_exists('team-a') is True
    assert client.kibana_version() == '9.4.0' and client.kibana_version() == '9.4.0'
    assert len(session.calls) == 5
    assert not [name for name in vars(client) if name != 'transport']


def galaxy_version():
    """The collection's version, from galaxy.yml (the one place it is written by hand)."""
    root = os.path.join(os.path.dirname(__file__), '..', '..', '..', '..')
    with open(os.path.join(root, 'galaxy.yml')) as handle:
        return yaml.safe_load(handle)['version']


def test_user_agent_version_is_galaxy_version():
    assert _kibana.COLLECTION_VERSION == galaxy_version()


# ------------------------------------------------------------------ threads: one pause for all, one session each
def test_create_honours_retry_after_before_the_lookup():
    client, session, clock = make_all([response(503, {'message': 'unavailable'}, headers={'Retry-After': '3'}),
                                       boom(404, 'Saved object [action/c1] not found'), response(200, CONNECTOR)])
    assert client.create_connector('ops', '.slack', {}, {}, connector_id='c1') == CONNECTOR
    assert [c['method'] for c in session.calls] == ['POST', 'GET', 'POST']
    assert clock.sleeps == [3.0]


def test_a_create_refused_with_429_is_sent_again_without_a_lookup():
    # a 429 is Kibana's refusal before doing anything: nothing to look for, one request less to a busy Kibana
    client, session, clock = make_all([response(429, {'message': 'slow down'}, headers={'Retry-After': '3'}),
                                       response(429, {'message': 'slow down'}, headers={'Retry-After': '1'}),
                                       response(200, CONNECTOR)])
    assert client.create_connector('ops', '.slack', {}, {}, connector_id='c1') == CONNECTOR
    assert [c['method'] for c in session.calls] == ['POST', 'POST', 'POST']
    assert clock.sleeps == [3.0, 1.0]


def test_a_409_after_only_429s_is_another_runs_connector():
    # no attempt of this run can have taken the id: the 409 is raised, for the engine to read the connector
    client, session, _clock = make_all([response(429, {'message': 'slow down'}, headers={'Retry-After': '1'}),
                                        boom(409, 'Saved object [action/c1] conflict')])
    with pytest.raises(KibanaConflictError):
        client.create_connector('ops', '.slack', {}, {}, connector_id='c1')
    assert [c['method'] for c in session.calls] == ['POST', 'POST']


def test_a_retry_after_holds_every_thread():
    """A 429 answered to one thread pauses the others too, until Retry-After has passed."""
    started, release = threading.Event(), threading.Event()
    log = []
    now = [1000.0]

    def sleep(seconds):
        log.append((threading.current_thread().name, seconds))
        if threading.current_thread().name == 'worker':
            started.set()
            release.wait(5)  # the worker sits in its pause while the main thread sends
        else:
            now[0] += seconds

    answers = [response(429, {'message': 'slow'}, headers={'Retry-After': '7'}), response(200, []), response(200, [])]
    client = KibanaClient(url=URL, api_key='k', session=FakeSession(answers), sleep=sleep, clock=lambda: now[0])
    worker = threading.Thread(target=client.list_connectors, name='worker')
    worker.start()
    assert started.wait(5)
    client.list_connectors()  # main thread: must wait out the worker's Retry-After first
    release.set()
    worker.join(5)
    assert log == [('worker', 7.0), ('MainThread', 7.0)]


def test_each_thread_sends_through_its_own_session():
    client = KibanaClient(url=URL, username='u', password='p', ca_path='/etc/ssl/ca.pem', client_cert='/c.pem')
    sessions = []
    transport = client.transport
    threads = [threading.Thread(target=lambda: sessions.append(transport.thread_session())) for dummy in range(2)]
    for thread in threads:
        thread.start()
        thread.join()
    assert transport.thread_session() is client.session
    assert len(set(id(s) for s in sessions + [client.session])) == 3
    for copy in sessions:
        assert dict(copy.headers) == dict(client.session.headers) and copy.auth == ('u', 'p')
        assert copy.verify == client.session.verify and copy.cert == client.session.cert


def test_lost_create_found_even_when_another_thread_listed_it_first():
    """Another worker's list can see the connector this create made before its own lookup does: it is still ours
    (the ids known before the create are the caller's, not whatever the client saw since)."""
    created = dict(CONNECTOR, id='new-one')
    session = FakeSession([requests.exceptions.ConnectionError('aborted'),  # the create: stored, the answer lost
                           response(200, [created]),                      # another worker lists the space meanwhile
                           response(200, [created])])                     # this create's own lookup
    client = KibanaClient(url=URL, api_key='k', session=session, rand=lambda: 1.0,
                          sleep=lambda seconds: client.list_connectors())  # the other worker runs while this one waits
    assert client.create_connector('ops', '.slack', {}, {})['id'] == 'new-one'
    assert [c['method'] for c in session.calls] == ['POST', 'GET', 'GET']  # found: never sent twice
