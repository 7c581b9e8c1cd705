"""A small HTTP server the double's executors call (a webhook receiver, an HTTP API), for the tests."""

import contextlib
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class QuietHandler(BaseHTTPRequestHandler):
    """A request handler without delayed-ACK stalls and without log lines."""

    def setup(self):
        """Avoid delayed-ACK stalls."""
        BaseHTTPRequestHandler.setup(self)
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def log_message(self, format, *args):  # pylint: disable=redefined-builtin
        """Quiet."""


@contextlib.contextmanager
def serving(handler):
    """``handler`` (a QuietHandler class) served on 127.0.0.1 in a thread; yields its base URL."""
    server = ThreadingHTTPServer(('127.0.0.1', 0), handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={'poll_interval': 0.05}, daemon=True)
    thread.start()
    try:
        yield 'http://127.0.0.1:%d' % server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()
