"""HTTPS and mutual TLS, with certificates made by tests/kibana_double/pki.py for this test run."""

import json
import socket
import ssl
import subprocess
import sys

import pytest
import requests

from tests.kibana_double.config import ConfigError
from tests.kibana_double.pki import write_pki
from tests.kibana_double.server import start_double

from .conftest import Client
from .test_routes import ROOT, _start_cli


@pytest.fixture(scope='module')
def pki(tmp_path_factory):
    return write_pki(str(tmp_path_factory.mktemp('pki')))


def _status(url, **kwargs):
    session = requests.Session()
    session.trust_env = False
    return session.get(url + '/api/status', timeout=10, **kwargs)


def test_pki_files(pki):
    server = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server.load_cert_chain(pki['server_cert'], pki['server_key'])
    client = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    client.load_verify_locations(pki['ca'])
    client.load_cert_chain(pki['client_combined'])
    client.load_cert_chain(pki['client_cert'], pki['client_key'])
    with open(pki['server_key'], encoding='ascii') as handle:
        assert 'PRIVATE KEY' in handle.read()


def test_pki_command_line(tmp_path):
    result = subprocess.run([sys.executable, '-m', 'tests.kibana_double.pki', str(tmp_path)], cwd=ROOT, capture_output=True,
                            timeout=60, check=True)
    paths = json.loads(result.stdout)
    assert paths['ca'] == str(tmp_path / 'ca.pem')
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted(p.rsplit('/', 1)[1] for p in paths.values())
    assert (tmp_path / 'client-key.pem').stat().st_mode & 0o077 == 0


def test_https_with_the_test_ca(doubles, pki):
    double = doubles(tls_cert=pki['server_cert'], tls_key=pki['server_key'])
    assert double.url.startswith('https://127.0.0.1:')
    assert _status(double.url, verify=pki['ca']).status_code == 200
    with pytest.raises(requests.exceptions.SSLError, match='unable to get local issuer certificate'):
        _status(double.url, verify=pki['other_ca'])


def test_mutual_tls_requires_a_client_certificate_signed_by_the_client_ca(doubles, pki):
    double = doubles(tls_cert=pki['server_cert'], tls_key=pki['server_key'], tls_client_ca=pki['client_ca'])
    client = Client(double)
    assert client.created('.server-log', verify=pki['ca'], cert=(pki['client_cert'], pki['client_key']))['name'] == 'my-connector'
    assert _status(double.url, verify=pki['ca'], cert=pki['client_combined']).status_code == 200
    # TLS 1.3 checks the client certificate after the client's Finished: the client sees the server's alert, or
    # (a race) the connection closed before it; either way the request never reaches the double (see the log below)
    refused = r'certificate required|unknown ca|EOF occurred|reset by peer'
    with pytest.raises(requests.exceptions.ConnectionError, match=refused):
        _status(double.url, verify=pki['ca'])
    with pytest.raises(requests.exceptions.ConnectionError, match=refused):
        _status(double.url, verify=pki['ca'], cert=(pki['stranger_cert'], pki['stranger_key']))
    # the request log shows only the requests that got through the handshake
    assert [entry['path'] for entry in double.requests()] == ['/api/actions/connector', '/api/status']


def test_a_tls_handshake_to_the_plain_double_gets_what_node_answers(doubles, pki):
    double = doubles()
    context = ssl.create_default_context(cafile=pki['ca'])
    incoming, outgoing = ssl.MemoryBIO(), ssl.MemoryBIO()
    tls = context.wrap_bio(incoming, outgoing, server_hostname='127.0.0.1')
    with pytest.raises(ssl.SSLWantReadError):
        tls.do_handshake()
    with socket.create_connection(('127.0.0.1', double.port), timeout=10) as conn:
        conn.sendall(outgoing.read())
        answer = b''
        while True:
            chunk = conn.recv(4096)
            if not chunk:
                break
            answer += chunk
    assert answer == b'HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n'
    with pytest.raises(requests.exceptions.SSLError, match='wrong version number|record layer failure'):
        _status('https://127.0.0.1:%d' % double.port, verify=pki['ca'])
    assert Client(double).call('GET', '/api/status').status_code == 200  # plain HTTP still served
    assert double.requests() == [{'method': 'GET', 'path': '/api/status', 'space': 'default', 'status': 200, 'query': {},
                                  'body_keys': [], 'body': None}]


def test_http_to_the_https_double_is_closed_unanswered(doubles, pki):
    double = doubles(tls_cert=pki['server_cert'], tls_key=pki['server_key'])
    with pytest.raises(requests.exceptions.ConnectionError, match='Remote end closed connection without response'):
        _status('http://127.0.0.1:%d' % double.port)


def test_tls_client_ca_needs_a_server_certificate(pki):
    with pytest.raises(ConfigError, match='--tls-client-ca needs --tls-cert and --tls-key'):
        start_double(tls_client_ca=pki['client_ca'])
    with pytest.raises(ConfigError, match='cannot load the client CA'):
        start_double(tls_cert=pki['server_cert'], tls_key=pki['server_key'], tls_client_ca=pki['server_key'])


def test_cli_mutual_tls(tmp_path, pki):
    process, port = _start_cli(tmp_path, '--idle-timeout', '0', '--tls-cert', pki['server_cert'], '--tls-key',
                               pki['server_key'], '--tls-client-ca', pki['client_ca'])
    url = 'https://127.0.0.1:%d' % port
    try:
        assert _status(url, verify=pki['ca'], cert=pki['client_combined']).status_code == 200
        with pytest.raises(requests.exceptions.SSLError):
            _status(url, verify=pki['ca'])
        assert _status(url, verify=pki['ca'], cert=pki['client_combined']).status_code == 200  # still serving
    finally:
        process.terminate()
        process.wait(timeout=10)
