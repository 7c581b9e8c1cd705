# Copyright (c) kibana.connectors contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The e2e scenario's "restart Kibana": stop the running Kibana test double, start a new one on the rendered kibana.yml.

Usage: restart_double.py COLLECTION_ROOT KIBANA_YML STATE_DIR [stop]
STATE_DIR gets double.pid, double.port and double.log; each start is appended to STATE_DIR/starts.log.
"""
import os
import signal
import subprocess
import sys
import time


def stop(state):
    pid_file = os.path.join(state, 'double.pid')
    if not os.path.exists(pid_file):
        return
    with open(pid_file, encoding='utf-8') as handle:
        pid = int(handle.read().strip() or 0)
    os.remove(pid_file)
    if pid <= 0:
        return
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    for _attempt in range(50):
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.1)
    os.kill(pid, signal.SIGKILL)


def start(root, kibana_yml, state):
    port_file = os.path.join(state, 'double.port')
    if os.path.exists(port_file):
        os.remove(port_file)
    with open(os.path.join(state, 'double.log'), 'ab') as log:
        process = subprocess.Popen(  # pylint: disable=consider-using-with
            [sys.executable, '-m', 'tests.kibana_double', '--port', '0', '--port-file', port_file,
             '--kibana-yml', kibana_yml, '--idle-timeout', '300'],
            cwd=root, stdin=subprocess.DEVNULL, stdout=log, stderr=log, start_new_session=True)
    with open(os.path.join(state, 'double.pid'), 'w', encoding='utf-8') as handle:
        handle.write(str(process.pid))
    with open(os.path.join(state, 'starts.log'), 'a', encoding='utf-8') as handle:
        handle.write('start %d\n' % process.pid)
    for _attempt in range(200):
        if os.path.exists(port_file) and open(port_file, encoding='utf-8').read().strip():
            return 0
        if process.poll() is not None:
            sys.stderr.write('the Kibana test double exited with %s; see %s/double.log\n' % (process.returncode, state))
            return 1
        time.sleep(0.1)
    sys.stderr.write('the Kibana test double did not write its port file in 20 s\n')
    return 1


def main():
    root, kibana_yml, state = sys.argv[1:4]
    stop(state)
    if sys.argv[4:] == ['stop']:
        return 0
    return start(root, kibana_yml, state)


if __name__ == '__main__':
    sys.exit(main())
