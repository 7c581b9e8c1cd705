"""The HTTP side of the double: ThreadingHTTPServer on 127.0.0.1, faults, request log, CLI and `start_double`."""

import argparse
import json
import os
import re
import signal
import socket
import ssl
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from . import admin
from . import catalogue as cat
from .api import ApiError, ConnectorsApi, Request, boom
from .config import (ConfigError, Profile, ActionsSettings, default_credentials, load_credentials, load_credentials_file,
                     load_kibana_yml, parse_kibana_config)
from .store import State, mask_body

SPACE_PREFIX = re.compile(r'^/s/([a-z0-9_\-]+)(/.*)?$')
ADMIN_PREFIX = '/__double__'


def split_space(path):
    """('/s/a/api/x') -> ('a', '/api/x'); no prefix -> ('default', path)."""
    found = SPACE_PREFIX.match(path)
    if not found:
        return 'default', path
    return found.group(1), found.group(2) or '/'


def _query(text):
    parsed = parse_qs(text, keep_blank_values=True)
    return dict((key, values[0] if len(values) == 1 else values) for key, values in parsed.items())


def _loggable_body(raw):
    if not raw:
        return None
    try:
        return json.loads(raw.decode('utf-8'))
    except ValueError:
        return None


class Handler(BaseHTTPRequestHandler):
    """One request. Never logs more than method, path and status."""

    protocol_version = 'HTTP/1.1'
    server_version = 'kibana-double'
    _entry = None  # the API request being answered, logged just before its answer is sent
    sys_version = ''

    def setup(self):
        """Answers are written in two pieces (head, body): without TCP_NODELAY each request would wait for a delayed ACK."""
        BaseHTTPRequestHandler.setup(self)
        try:
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        except OSError:
            pass

    def handle(self):
        """A TLS handshake sent to the plain HTTP double gets the answer of Kibana's Node.js HTTP server to it.

        Node answers any request it cannot parse with exactly these bytes and closes (Node 20, observed; the
        default `clientError` handling of lib/_http_server.js); the client's TLS layer then reports
        "wrong version number". Without this, http.server would answer an HTTP/0.9-style HTML page.
        """
        if not isinstance(self.connection, ssl.SSLSocket):
            try:
                first = self.connection.recv(1, socket.MSG_PEEK)
            except OSError:
                return
            if first == b'\x16':  # a TLS record of type handshake: a ClientHello
                self.connection.sendall(b'HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n')
                return
        BaseHTTPRequestHandler.handle(self)

    def do_GET(self):  # pylint: disable=invalid-name
        """All methods go the same way."""
        self.dispatch()

    do_POST = do_PUT = do_DELETE = do_HEAD = do_PATCH = do_OPTIONS = do_GET

    def log_message(self, format, *args):  # pylint: disable=redefined-builtin
        """The standard access log could show query strings: the double writes its own lines instead."""

    def _read_body(self):
        if self.headers.get('Transfer-Encoding', '').lower() == 'chunked':
            chunks = []
            while True:
                size = int(self.rfile.readline().split(b';')[0].strip() or b'0', 16)
                if size == 0:
                    self.rfile.readline()
                    return b''.join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
        length = int(self.headers.get('Content-Length') or 0)
        return self.rfile.read(length) if length > 0 else b''

    def _flush_entry(self, status):
        """Log the pending API request before its answer leaves: a client that reads the log next sees it."""
        entry, self._entry = self._entry, None
        if entry is not None:
            if entry.get('status') is None:
                entry['status'] = status
            self.server.state.log_request(entry)
            self._trace(entry['path'], entry['status'])

    def _send(self, status, body=None, headers=None):
        self._flush_entry(status)
        payload = b''
        raw = isinstance(body, str)  # an HTML or JavaScript answer: its content-type is in `headers`
        if raw:
            payload = body.encode('utf-8')
        elif body is not None:
            payload = json.dumps(body).encode('utf-8')
        self.send_response(status)
        for key, value in (headers or {}).items():
            self.send_header(key, str(value))
        if status != 204:
            if body is not None and not raw:
                self.send_header('Content-Type', 'application/json; charset=utf-8')
            self.send_header('Content-Length', str(len(payload)))
        self.end_headers()
        if self.command != 'HEAD' and status != 204:
            self.wfile.write(payload)

    def _drop(self):
        """Close the connection without answering."""
        self._flush_entry(None)
        self.close_connection = True

    def _trace(self, path, status):
        stream = self.server.log_stream
        if stream is not None:
            stream.write('%s %s %s\n' % (self.command, path, '-' if status is None else status))
            stream.flush()

    def dispatch(self):
        """Admin routes, else faults, then the Kibana API."""
        state = self.server.state
        state.touch()
        raw = self._read_body()
        split = urlsplit(self.path)
        if split.path == ADMIN_PREFIX or split.path.startswith(ADMIN_PREFIX + '/'):
            self._admin(split.path, raw)
            return
        space, route = split_space(split.path)
        req = Request(self.command, route, space, _query(split.query), self.headers, raw)
        body = _loggable_body(raw)
        entry = {'method': self.command, 'path': split.path, 'space': space, 'status': None, 'query': req.query,
                 'body_keys': list(body) if isinstance(body, dict) else [], 'body': mask_body(body)}
        self._entry = entry
        with state.lock:
            fault = state.faults.take(self.command, split.path)
            latency = state.faults.latency_ms
        if latency:
            time.sleep(latency / 1000.0)
        if fault is not None:
            self._fault(fault, entry)
        else:
            self._api(req, entry)
        self._flush_entry(entry['status'])

    def _fault(self, fault, entry):
        entry['fault'] = fault['kind']
        if fault['kind'] == 'drop':
            self._drop()
            return
        headers = {}
        if fault.get('retry_after') is not None:
            headers['Retry-After'] = fault['retry_after']
        entry['status'] = fault['status']
        self._send(fault['status'], boom(fault['status']), headers)

    def _api(self, req, entry):
        state = self.server.state
        try:
            response = self.server.api.handle(req)
        except ApiError as err:
            entry['status'] = err.status
            self._set_user(req, entry)
            self._send(err.status, boom(err.status, err.message), err.headers)
            return
        except Exception as err:  # pylint: disable=broad-except
            entry['status'] = 500
            entry['error'] = type(err).__name__
            self._send(500, boom(500, 'An internal server error occurred.'))
            return
        entry['status'] = response.status
        self._set_user(req, entry)
        if response.is_create and response.status == 200:
            with state.lock:
                lose = state.faults.take_lose_create()
            if lose:
                entry['fault'] = 'lose_create_response'
                self._drop()
                return
        self._send(response.status, response.body, dict(response.headers, **{'kbn-name': 'kibana-double'}))

    @staticmethod
    def _set_user(req, entry):
        if req.identity is not None:
            entry['user'] = req.identity.label

    def _admin(self, path, raw):
        try:
            body = json.loads(raw.decode('utf-8')) if raw else None
        except ValueError:
            self._send(400, {'error': 'the body is not JSON'})
            return
        if self.command == 'POST' and path.rstrip('/') == ADMIN_PREFIX + '/shutdown':
            self._send(200, {'shutdown': True})
            threading.Thread(target=self.server.stop_soon, daemon=True).start()
            return
        try:
            answer = admin.handle(self.server.state, self.command, path, body)
        except admin.AdminError as err:
            self._send(err.status, {'error': str(err)})
            return
        self._send(200, answer)


class DoubleServer(ThreadingHTTPServer):
    """ThreadingHTTPServer bound to 127.0.0.1 only."""

    daemon_threads = True
    block_on_close = False
    allow_reuse_address = True

    def __init__(self, state, port=0, tls_context=None, log_stream=None):
        self.state = state
        self.api = ConnectorsApi(state)
        self.log_stream = log_stream
        self.stop_event = threading.Event()
        ThreadingHTTPServer.__init__(self, ('127.0.0.1', port), Handler)
        if tls_context is not None:
            self.socket = tls_context.wrap_socket(self.socket, server_side=True, do_handshake_on_connect=False)

    def server_bind(self):
        """Skip HTTPServer's reverse DNS lookup (it can take seconds)."""
        if self.allow_reuse_address:
            self.socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.socket.bind(self.server_address)
        self.server_address = self.socket.getsockname()
        self.server_name = '127.0.0.1'
        self.server_port = self.server_address[1]

    def stop_soon(self):
        """Stop serving (from another thread than the serving one)."""
        self.stop_event.set()
        self.shutdown()
        self.server_close()

    def handle_error(self, request, client_address):
        """Connection errors (a client that went away, a failed TLS handshake) are not worth a traceback."""
        if self.log_stream is not None:
            self.log_stream.write('connection error: %s\n' % sys.exc_info()[0].__name__)


class DoubleHandle(object):
    """A running double: `.url`, `.state`, `.stop()`, helpers, and a context manager."""

    def __init__(self, server, thread, scheme, idle_timeout):
        self.server = server
        self.thread = thread
        self.state = server.state
        self.port = server.server_port
        self.url = '%s://127.0.0.1:%d' % (scheme, self.port)
        self._watchdog = None
        if idle_timeout:
            self._watchdog = threading.Thread(target=self._watch, args=(idle_timeout,), daemon=True)
            self._watchdog.start()

    def _watch(self, timeout):
        while not self.server.stop_event.wait(min(timeout / 4.0, 1.0)):
            if time.monotonic() - self.state.last_activity >= timeout:
                if self.server.log_stream is not None:
                    self.server.log_stream.write('idle for %ss: stopping\n' % timeout)
                self.server.stop_soon()
                return

    def stop(self):
        """Stop serving and close the socket."""
        if not self.server.stop_event.is_set():
            self.server.stop_soon()
        self.thread.join(5)
        self.server.server_close()

    def wait(self):
        """Block until the double stops (idle timeout, /__double__/shutdown, or stop())."""
        while self.thread.is_alive():
            self.thread.join(0.5)
        self.server.server_close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()

    # in-process controls: the same code as the /__double__/ routes
    def requests(self):
        """The request log entries."""
        return admin.requests_log(self.state)['requests']

    def clear_requests(self):
        """Empty the request log."""
        admin.clear_requests(self.state)

    def reset(self):
        """Like POST /__double__/reset."""
        admin.reset(self.state)

    def connectors(self):
        """Like GET /__double__/connectors."""
        return admin.connectors(self.state)['connectors']

    def documents(self, index):
        """Documents an `.index` connector wrote."""
        return admin.documents(self.state, index)['documents']

    def server_log(self):
        """Messages a `.server-log` connector recorded."""
        return admin.server_log(self.state)['messages']

    def add_faults(self, **spec):
        """Like POST /__double__/faults."""
        return admin.add_faults(self.state, spec)

    def clear_faults(self):
        """Like DELETE /__double__/faults."""
        return admin.clear_faults(self.state)

    def set_references(self, counts):
        """Like POST /__double__/references."""
        return admin.set_references(self.state, counts)

    def add_space(self, space_id, name=None):
        """Like POST /__double__/spaces."""
        return admin.add_space(self.state, {'id': space_id, 'name': name or space_id})

    def set_license(self, level, expired=False):
        """Like POST /__double__/license."""
        return admin.set_license(self.state, {'license': level, 'expired': expired})

    def types(self):
        """Like GET /__double__/types."""
        return admin.types(self.state)

    def add_type(self, spec):
        """Like POST /__double__/types."""
        return admin.add_type(self.state, spec)

    def inference_endpoints(self):
        """Like GET /__double__/inference."""
        return admin.inference_endpoints(self.state)['endpoints']


def _tls_context(cert, key, client_ca=None):
    """The server's TLS context; with `client_ca`, a client certificate signed by that CA is required (mutual TLS)."""
    if not cert and not key:
        if client_ca:
            raise ConfigError('--tls-client-ca needs --tls-cert and --tls-key')
        return None
    if not (cert and key):
        raise ConfigError('--tls-cert and --tls-key go together')
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    try:
        context.load_cert_chain(cert, key)
    except (OSError, ssl.SSLError) as err:
        raise ConfigError('cannot load the TLS certificate or key: %s' % err) from None
    if client_ca:
        try:
            context.load_verify_locations(cafile=client_ca)
        except (OSError, ssl.SSLError) as err:
            raise ConfigError('cannot load the client CA: %s' % err) from None
        context.verify_mode = ssl.CERT_REQUIRED
    return context


def _extra_types(specs):
    out = {}
    for spec in specs or ():
        if isinstance(spec, str):
            spec = _read_extra_type(spec)
        try:
            ctype = cat.extra_type(spec)
        except ValueError as err:
            raise ConfigError('--extra-type: %s' % err) from None
        out[ctype.id] = ctype
    return out


def _read_extra_type(text):
    """--extra-type value: a JSON object, or @path to a file holding one."""
    try:
        if text.startswith('@'):
            with open(text[1:], encoding='utf-8') as handle:
                return json.load(handle)
        return json.loads(text)
    except (OSError, ValueError) as err:
        raise ConfigError('--extra-type: cannot read %r: %s' % (text, err)) from None


def _refuse_system_preconfigured(settings, profile):
    """Kibana's start throws when a preconfigured connector has a system action type (reference section 4)."""
    for pre in settings.preconfigured.values():
        if cat.is_system_type(pre.type_id, profile):
            raise ConfigError('Setting system action types in preconfigured connectors are not allowed')


def build_state(version='8.19.0', license_level='trial', kibana_yml=None, kibana_config=None, spaces=(), latency_ms=0,  # pylint: disable=too-many-arguments
                credentials=None, credentials_file=None, extra_types=None):
    """The State a double starts with; raise ConfigError where Kibana would not start."""
    profile = Profile(version)
    if license_level not in ('basic', 'standard', 'gold', 'platinum', 'enterprise', 'trial'):
        raise ConfigError('unknown license %r' % (license_level,))
    if kibana_yml:
        settings = load_kibana_yml(kibana_yml, profile)
    elif kibana_config is not None:
        settings = parse_kibana_config(kibana_config, profile)
    else:
        settings = ActionsSettings()
    _refuse_system_preconfigured(settings, profile)
    extra = _extra_types(extra_types)
    if credentials_file:
        creds = load_credentials_file(credentials_file)
    elif credentials is not None:
        creds = load_credentials(credentials)
    else:
        creds = default_credentials()
    try:
        return State(profile, settings, license_level, creds, spaces, latency_ms, extra)
    except ValueError as err:
        raise ConfigError(str(err)) from None


def start_double(port=0, version='8.19.0', license_level='trial', kibana_yml=None, kibana_config=None, spaces=(), latency_ms=0,
                 idle_timeout=0, tls_cert=None, tls_key=None, credentials=None, credentials_file=None, log_stream=None,
                 tls_client_ca=None, extra_types=None, **aliases):
    """Start a double in a background thread and return its DoubleHandle (use it as a context manager).

    `license=` is accepted as an alias of `license_level=`. `kibana_config` is a parsed kibana.yml mapping.
    `credentials` is the list a --credentials-file holds. `idle_timeout=0` means never stop by itself.
    `tls_client_ca` (with `tls_cert`/`tls_key`): require a client certificate signed by that CA (mutual TLS).
    `extra_types` is a list of type specs (see catalogue.extra_type) registered at start, as --extra-type does.
    """
    unknown = [key for key in aliases if key != 'license']
    if unknown:
        raise TypeError('unknown options: %s' % ', '.join(sorted(unknown)))
    license_level = aliases.get('license', license_level)
    state = build_state(version, license_level, kibana_yml, kibana_config, spaces, latency_ms, credentials, credentials_file, extra_types)
    for warning in state.settings.warnings:
        if log_stream is not None:
            log_stream.write('WARN %s\n' % warning)
    context = _tls_context(tls_cert, tls_key, tls_client_ca)
    server = DoubleServer(state, port, context, log_stream)
    thread = threading.Thread(target=server.serve_forever, kwargs={'poll_interval': 0.05}, daemon=True, name='kibana-double')
    thread.start()
    return DoubleHandle(server, thread, 'https' if context else 'http', idle_timeout)


def _write_port_file(path, port):
    temporary = '%s.tmp%d' % (path, os.getpid())
    with open(temporary, 'w', encoding='utf-8') as handle:
        handle.write('%d\n' % port)
    os.replace(temporary, path)


def parse_args(argv=None):
    """The command line."""
    parser = argparse.ArgumentParser(prog='python -m tests.kibana_double', description='A Kibana connectors API test double.')
    parser.add_argument('--port', type=int, default=0, help='port on 127.0.0.1 (0: any free port)')
    parser.add_argument('--port-file', help='write the port here once the double accepts connections')
    parser.add_argument('--kibana-yml', help='kibana.yml to read xpack.actions.* from')
    parser.add_argument('--version', default='8.19.0', help='Kibana version to imitate (default 8.19.0)')
    parser.add_argument('--license', default='trial', choices=['basic', 'standard', 'gold', 'platinum', 'enterprise', 'trial'])
    parser.add_argument('--spaces', default='', help='comma-separated space ids to declare (default always exists)')
    parser.add_argument('--latency-ms', type=float, default=0, help='delay every API answer')
    parser.add_argument('--idle-timeout', type=float, default=600, help='stop after this many seconds without requests (0: never)')
    parser.add_argument('--tls-cert', help='PEM certificate: serve HTTPS')
    parser.add_argument('--tls-key', help='PEM private key for --tls-cert')
    parser.add_argument('--tls-client-ca', help='PEM CA: require a client certificate signed by it (mutual TLS)')
    parser.add_argument('--credentials-file', help='JSON list of credentials replacing the default ones')
    parser.add_argument('--extra-type', action='append', default=[], metavar='JSON|@FILE',
                        help='register a connector type the catalogue does not know, e.g. '
                             '\'{"id": ".future-type", "config_defaults": {"mode": "auto"}}\' (repeatable)')
    parser.add_argument('--quiet', action='store_true', help='no per-request line on stderr')
    return parser.parse_args(argv)


def main(argv=None):
    """Run until idle, signalled or shut down through /__double__/shutdown."""
    args = parse_args(argv)
    spaces = [space.strip() for space in args.spaces.split(',') if space.strip()]
    try:
        handle = start_double(args.port, args.version, args.license, args.kibana_yml, None, spaces, args.latency_ms,
                              args.idle_timeout, args.tls_cert, args.tls_key, None, args.credentials_file,
                              None if args.quiet else sys.stderr, args.tls_client_ca, args.extra_type)
    except (ConfigError, OSError) as err:
        sys.stderr.write('FATAL Error: %s\n' % err)
        return 1
    if args.port_file:
        _write_port_file(args.port_file, handle.port)
    sys.stderr.write('kibana-double %s listening on %s\n' % (args.version, handle.url))
    sys.stderr.flush()

    def _stop(_signum, _frame):
        threading.Thread(target=handle.server.stop_soon, daemon=True).start()

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    handle.wait()
    return 0
