# -*- coding: utf-8 -*-
# Copyright (c) kibana.connectors contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Unit tests of the shared connection options and the AnsibleModule glue."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type  # pylint: disable=invalid-name

import json

import pytest
import requests

from ansible_collections.kibana.connectors.plugins.module_utils import _kibana_module
from ansible_collections.kibana.connectors.plugins.module_utils._connector import ConnectorPlanError
from ansible_collections.kibana.connectors.plugins.module_utils._kibana import (
    KibanaError,
    KibanaNotFoundError,
    KibanaSpaceNotFoundError,
)
from ansible_collections.kibana.connectors.plugins.module_utils._lookup import LookupFailed
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
    assert module.client.session.auth(requests.Request('GET', 'https://kibana').prepare()).headers['Authorization'] == 'ApiKey env-key'
    assert module.client.session.verify == '/env/ca.pem'
    assert module.space_id == 'default'


def test_task_argument_beats_environment(monkeypatch, run):
    monkeypatch.setenv('KIBANA_ENDPOINT', 'https://env-kibana:5601')
    monkeypatch.setenv('KIBANA_API_KEY', 'env-key')
    module, dummy = run({'url': 'https://task-kibana', 'api_key': 'task-key', 'space_id': 'ops'})
    assert module.client.base_url == 'https://task-kibana'
    assert module.client.session.auth(requests.Request('GET', 'https://kibana').prepare()).headers['Authorization'] == 'ApiKey task-key'
    assert module.space_id == 'ops'


def test_missing_url_fails_naming_the_option_and_the_variable(run, monkeypatch):
    monkeypatch.delenv('KIBANA_ENDPOINT', raising=False)
    dummy, failed = run({'api_key': 'k'})
    assert failed['failed'] is True
    assert 'url' in failed['msg'] and 'KIBANA_ENDPOINT' in failed['msg']
    assert 'missing required arguments' not in failed['msg']


def test_url_is_documented_as_optional_with_its_variable():
    from ansible_collections.kibana.connectors.plugins.doc_fragments._kibana import ModuleDocFragment
    import yaml
    url = yaml.safe_load(ModuleDocFragment.DOCUMENTATION)['options']['url']
    assert not url.get('required') and 'KIBANA_ENDPOINT' in ' '.join(url['description'])


def test_two_auth_kinds_fail_clearly_without_leaking(run):
    dummy, failed = run({'url': 'https://k', 'api_key': 'super-secret-key', 'username': 'u', 'password': 'super-secret-pw'})
    assert failed['failed'] is True
    assert 'exactly one kind' in failed['msg']
    assert 'super-secret' not in json.dumps(failed)


@pytest.mark.parametrize('url, hidden', [
    ('https://elastic:url-pass-word@kibana:5601', ['url-pass-word']),
    ('https://elastic:p%40ss-in%3Aurl@kibana:5601/', ['p%40ss-in%3Aurl', 'p@ss-in:url']),
    ('https://bare-token-in-url@kibana:5601', ['bare-token-in-url']),
])
def test_a_url_holding_credentials_is_refused_without_showing_them(run, url, hidden):
    """A url with user info would send its credentials nowhere the task says, and name them in results and in the
    fact of fingerprints: refused, and the invocation shows the url with them masked."""
    dummy, failed = run({'url': url, 'api_key': 'an-api-key-of-this-test'})
    assert failed['failed'] is True
    assert 'url must not hold a user name or password' in failed['msg']
    text = json.dumps(failed)
    assert [secret for secret in hidden if secret in text] == []
    if 'invocation' in failed:  # ansible-core 2.21 returns no invocation
        assert failed['invocation']['module_args']['url'].startswith('https://')


def test_missing_requests_library(monkeypatch, run):
    monkeypatch.setattr(_kibana_module, 'HAS_REQUESTS', False)
    dummy, failed = run({'url': 'https://k', 'api_key': 'k'})
    assert failed['failed'] is True
    assert 'requests' in failed['msg'] and 'Failed to import the required Python library' in failed['msg']


def _fail(module_args, capsys, exc, action, warnings=(), **kwargs):
    """Run KibanaModule.fail with ``warnings`` gathered first; the JSON it exited with."""
    with module_args({'url': 'https://k', 'api_key': 'k', 'space_id': 'ops'}):
        module = KibanaModule(dict(), supports_check_mode=True, **kwargs)
        module.warnings.extend(warnings)
        with pytest.raises(SystemExit):
            module.fail(exc, action)
    return json.loads(capsys.readouterr().out)


def _warning_texts(result):
    return [w if isinstance(w, str) else w['event']['msg'] for w in result.get('warnings', [])]


def test_fail_names_action_space_and_kibana_message(capsys, module_args):
    error = KibanaNotFoundError('GET', '/s/ops/api/actions/connector/x', 404, 'Saved object [action/x] not found')
    failed = _fail(module_args, capsys, error, "read connector 'x'")
    assert failed['msg'] == ("Failed to read connector 'x' in space 'ops': GET /s/ops/api/actions/connector/x returned 404: "
                             "Saved object [action/x] not found")
    assert failed['status'] == 404 and failed['changed'] is False


def test_fail_keeps_the_warnings_gathered_before(capsys, module_args):
    failed = _fail(module_args, capsys, KibanaError('boom'), 'create it', warnings=['space could not be verified'])
    assert failed['failed'] is True and _warning_texts(failed) == ['space could not be verified']


def test_fail_says_whether_something_was_written(capsys, module_args):
    failed = _fail(module_args, capsys, ConnectorPlanError('x', changed=True, status=400), 'recreate it')
    assert failed['changed'] is True and failed['status'] == 400
    failed = _fail(module_args, capsys, ConnectorPlanError('x'), 'recreate it')
    assert failed['changed'] is False and 'status' not in failed


def test_fail_shows_standalone_errors_as_they_are(capsys, module_args):
    failed = _fail(module_args, capsys, KibanaSpaceNotFoundError('ops'), 'create it')
    assert failed['msg'] == "Space 'ops' does not exist in Kibana; create it first or correct space_id."
    failed = _fail(module_args, capsys, LookupFailed('No connector named x.'), 'run it')
    assert failed['msg'] == 'No connector named x.'


def test_fail_status_key(capsys, module_args):
    error = KibanaNotFoundError('POST', '/api/actions/connector/x/_execute', 503, 'Service Unavailable')
    failed = _fail(module_args, capsys, error, 'run it', status_key='http_status')
    assert failed['http_status'] == 503 and 'status' not in failed
