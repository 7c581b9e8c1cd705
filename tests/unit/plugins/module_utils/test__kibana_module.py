# -*- coding: utf-8 -*-
# Copyright (c) kibana.connectors contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Unit tests of the shared connection options and the AnsibleModule glue."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type  # pylint: disable=invalid-name

import json

import pytest

from ansible_collections.kibana.connectors.plugins.module_utils import _kibana_module
from ansible_collections.kibana.connectors.plugins.module_utils._kibana import KibanaNotFoundError
from ansible_collections.kibana.connectors.plugins.module_utils._kibana_module import KibanaModule, kibana_argument_spec


@pytest.fixture
def run(capsys, module_args):
    """``run(args)``: build a KibanaModule with ``args``; return (module or None, the JSON it exited with or None)."""
    return lambda args, **kwargs: _build(args, capsys, module_args, **kwargs)


def _build(args, capsys, module_args, **kwargs):
    with module_args(args):
        try:
            return KibanaModule(dict(), supports_check_mode=True, **kwargs), None
        except SystemExit:
            return None, json.loads(capsys.readouterr().out)


@pytest.fixture(autouse=True)
def clean_env(monkeypatch):
    for var in ('KIBANA_ENDPOINT', 'KIBANA_API_KEY', 'KIBANA_USERNAME', 'KIBANA_PASSWORD', 'KIBANA_BEARER_TOKEN', 'KIBANA_CA_CERTS'):
        monkeypatch.delenv(var, raising=False)


def test_every_secret_option_is_no_log():
    spec = kibana_argument_spec()
    assert [k for k, v in spec.items() if v.get('no_log')] == ['api_key', 'password', 'bearer_token']
    assert spec['space_id']['default'] == 'default'
    assert spec['validate_certs']['default'] is True
    assert spec['timeout']['default'] == 30
    assert spec['retries']['default'] == 3


def test_environment_fallbacks(monkeypatch, run):
    monkeypatch.setenv('KIBANA_ENDPOINT', 'https://env-kibana:5601')
    monkeypatch.setenv('KIBANA_API_KEY', 'env-key')
    monkeypatch.setenv('KIBANA_CA_CERTS', '/env/ca.pem')
    module, failed = run({})
    assert failed is None
    assert module.client.base_url == 'https://env-kibana:5601'
    assert module.client.session.headers['Authorization'] == 'ApiKey env-key'
    assert module.client.session.verify == '/env/ca.pem'
    assert module.space_id == 'default'


def test_task_argument_beats_environment(monkeypatch, run):
    monkeypatch.setenv('KIBANA_ENDPOINT', 'https://env-kibana:5601')
    monkeypatch.setenv('KIBANA_API_KEY', 'env-key')
    module, dummy = run({'url': 'https://task-kibana', 'api_key': 'task-key', 'space_id': 'ops'})
    assert module.client.base_url == 'https://task-kibana'
    assert module.client.session.headers['Authorization'] == 'ApiKey task-key'
    assert module.space_id == 'ops'


def test_missing_url_fails(run):
    dummy, failed = run({'api_key': 'k'})
    assert failed['failed'] is True
    assert 'url' in failed['msg']


def test_two_auth_kinds_fail_clearly_without_leaking(run):
    dummy, failed = run({'url': 'https://k', 'api_key': 'super-secret-key', 'username': 'u', 'password': 'super-secret-pw'})
    assert failed['failed'] is True
    assert 'exactly one kind' in failed['msg']
    assert 'super-secret' not in json.dumps(failed)


def test_missing_requests_library(monkeypatch, run):
    monkeypatch.setattr(_kibana_module, 'HAS_REQUESTS', False)
    dummy, failed = run({'url': 'https://k', 'api_key': 'k'})
    assert failed['failed'] is True
    assert 'requests' in failed['msg'] and 'Failed to import the required Python library' in failed['msg']


def test_fail_from_names_action_space_and_kibana_message(capsys, module_args):
    error = KibanaNotFoundError('GET', '/s/ops/api/actions/connector/x', 404, 'Saved object [action/x] not found')
    with module_args({'url': 'https://k', 'api_key': 'k', 'space_id': 'ops'}):
        module = KibanaModule(dict(), supports_check_mode=True)
        with pytest.raises(SystemExit):
            module.fail_from(error, "read connector 'x'")
    failed = json.loads(capsys.readouterr().out)
    assert failed['msg'] == ("Failed to read connector 'x' in space 'ops': GET /s/ops/api/actions/connector/x returned 404: "
                             "Saved object [action/x] not found")
    assert failed['status'] == 404
