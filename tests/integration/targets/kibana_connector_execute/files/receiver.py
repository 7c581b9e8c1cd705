# -*- coding: utf-8 -*-
# Copyright (c) kibana.connectors contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""A tiny HTTP receiver for the webhook tests of kibana_connector_execute.

POST/PUT to a path starting with /fail answers 500, any other path 200. Every
request is remembered; GET /__received__ returns them as JSON. The receiver
listens on 127.0.0.1 only, writes its port to --port-file once it listens, and
stops itself after --idle-timeout seconds without a request (or --lifetime).
"""

import argparse
import json
import os
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Handler(BaseHTTPRequestHandler):
    def _answer(self, status, payload):
        body = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header('Content-Type', 'application/json')
        self.send_header('Content-Length', str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _receive(self):
        self.server.last_seen = time.time()
        length = int(self.headers.get('Content-Length') or 0)
        body = self.rfile.read(length).decode('utf-8', 'replace') if length else ''
        self.server.received.append({'method': self.command, 'path': self.path, 'body': body})
        if self.path.startswith('/fail'):
            self._answer(500, {'error': 'the receiver was told to fail'})
        else:
            self._answer(200, {'received': True})

    do_POST = _receive
    do_PUT = _receive

    def do_GET(self):
        self.server.last_seen = time.time()
        if self.path == '/__received__':
            self._answer(200, {'requests': self.server.received})
        else:
            self._answer(404, {'error': 'not found'})

    def log_message(self, *args):  # keep the test output quiet
        pass


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--port-file', required=True)
    parser.add_argument('--idle-timeout', type=float, default=120)
    parser.add_argument('--lifetime', type=float, default=900)
    args = parser.parse_args()
    server = ThreadingHTTPServer(('127.0.0.1', 0), Handler)
    server.received = []
    server.last_seen = started = time.time()

    def watchdog():
        while time.time() - server.last_seen < args.idle_timeout and time.time() - started < args.lifetime:
            time.sleep(0.5)
        server.shutdown()

    threading.Thread(target=watchdog, daemon=True).start()
    tmp = args.port_file + '.tmp'
    with open(tmp, 'w') as handle:
        handle.write('%d\n' % server.server_address[1])
    os.rename(tmp, args.port_file)
    server.serve_forever()


if __name__ == '__main__':
    main()
