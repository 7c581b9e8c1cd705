# -*- coding: utf-8 -*-
# Copyright (c) kibana.connectors contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""What Kibana would refuse or skip, named as the role's variables or as the action's options, never with a value."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type  # pylint: disable=invalid-name

import pytest

from ansible_collections.kibana.connectors.plugins.plugin_utils._validate import (
    connector_errors, keystore_path_errors, kibana_yml_errors)
from ansible_collections.kibana.connectors.tests.unit.plugins.plugin_utils.helpers import (
    ALONE, HOOK, HOOK_PASSWORD, INDEX, ROLE, SLACK, SLACK_SECRET, no_secret, options)


@pytest.mark.parametrize('kwargs, message', [
    (dict(connectors=[{'name': 'n', 'connector_type_id': '.server-log'}]), "kibana_config_connectors[0] (name 'n'): missing id"),
    (dict(connectors=[{'id': 'x', 'connector_type_id': '.server-log'}]), "kibana_config_connectors[0] (id 'x'): missing name"),
    (dict(connectors=[{'id': 'x', 'name': 'n'}]), "(id 'x'): missing connector_type_id"),
    (dict(connectors=[{'id': '', 'name': 'n', 'connector_type_id': '.server-log'}]), "Kibana refuses the id '' (invalid preconfigured action id)"),
    (dict(connectors=[{'id': '__proto__', 'name': 'n', 'connector_type_id': '.server-log'}]), "Kibana refuses the id '__proto__'"),
    (dict(connectors=[{'id': 'constructor', 'name': 'n', 'connector_type_id': '.server-log'}]), "Kibana refuses the id 'constructor'"),
    (dict(connectors=[{'id': 'preconfigured-alert-history-es-index', 'name': 'n', 'connector_type_id': '.server-log'}]),
     "the id 'preconfigured-alert-history-es-index' is reserved; Kibana skips a preconfigured connector with it (to get the alert "
     "history connector, set preconfiguredAlertHistoryEsIndex in kibana_config_actions_extra_settings)"),
    (dict(connectors=[{'id': 'a.b', 'name': 'n', 'connector_type_id': '.server-log'}]), "the id contains '.'"),
    (dict(connectors=[SLACK, dict(INDEX, id='my-slack')]),
     "kibana_config_connectors[1] (id 'my-slack'): duplicate id 'my-slack' (also kibana_config_connectors[0])"),
    (dict(connectors=[dict(SLACK, secrets={})]), "(id 'my-slack') (.slack): missing required secrets key 'webhookUrl'"),
    (dict(connectors=[dict(INDEX, config={})]), "(id 'alerts') (.index): missing required config key 'index'"),
    (dict(connectors=[dict(INDEX, config={'index': 'i', 'indx': 1})]), "unknown config key 'indx'"),
    (dict(connectors=[dict(SLACK, secrets={'webhookUrl': SLACK_SECRET, 'token': 'unit-secret-0001'})]), "unknown secrets key 'token'"),
    (dict(connectors=[dict(HOOK, secrets={'password': HOOK_PASSWORD})]), 'secrets user and password must be given together'),
    (dict(connectors=[dict(HOOK, config={'url': 'https://h', 'headers': {'X.Y': '1'}})]), "config key 'headers.X.Y' contains '.'"),
    (dict(connectors=[dict(HOOK, config={'url': 'hooks.example.com'})]), 'config.url: expected a URL, got "hooks.example.com"'),
    (dict(connectors=[dict(SLACK, secrets={'webhookUrl': 7})]), 'secrets.webhookUrl: expected a URL, got a value of type int'),
    (dict(connectors=[dict(INDEX, config={'index': 'i', 'refresh': 'maybe'})]),
     "(id 'alerts') (.index): config.refresh: expected a boolean, got \"maybe\""),
    (dict(actions_proxy_bypass_hosts=['a'], actions_proxy_only_hosts=['b']),
     'kibana_config_actions_proxy_bypass_hosts (xpack.actions.proxyBypassHosts) and kibana_config_actions_proxy_only_hosts '
     '(xpack.actions.proxyOnlyHosts) exclude each other: set only one'),
    (dict(actions_proxy_headers={'X.Y': 'v'}), "header name 'X.Y' contains '.'"),
    (dict(actions_proxy_headers={'X': 1}), 'must be a dict of header names to strings'),
    (dict(actions_custom_host_settings=[{'ssl': {}}]), 'kibana_config_actions_custom_host_settings (xpack.actions.customHostSettings)[0]: missing url'),
    (dict(actions_custom_host_settings=[{'url': 'u', 'tls': {}}]), "unknown key 'tls'"),
    (dict(actions_custom_host_settings=[{'url': 'u', 'ssl': {'mode': 1}}]), "unknown key 'ssl.mode'"),
    (dict(actions_custom_host_settings=[{'url': 'u', 'ssl': 'full'}]), "'ssl' must be a dict"),
    (dict(actions_custom_host_settings=[{'url': 'u', 'ssl': {'verificationMode': 'x'}}]), 'ssl.verificationMode must be one of'),
    (dict(actions_extra_settings={'allowedhosts': ['*']}), "kibana_config_actions_extra_settings: 'xpack.actions.allowedhosts' is not a setting Kibana knows"),
    (dict(actions_extra_settings={'allowedHosts': ['*']}), 'is set with kibana_config_actions_allowed_hosts'),
    (dict(actions_extra_settings={'preconfigured': {'x': {}}}), 'connectors go in kibana_config_connectors'),
    (dict(settings={'xpack.actions.allowedHosts': ['*']}),
     "kibana_config_settings sets 'xpack.actions.allowedHosts': the role manages xpack.actions.* through kibana_config_connectors "
     "and the kibana_config_actions_* variables"),
    (dict(settings={'xpack': {'actions': {'enabledActionTypes': ['.slack']}}}), "kibana_config_settings sets 'xpack.actions.enabledActionTypes'"),
    (dict(settings={'xpack.actions': {}}), "kibana_config_settings sets 'xpack.actions'"),
    (dict(settings={'server.host': 'a', 'server': {'host': 'b'}}), "kibana_config_settings sets 'server.host' more than once"),
    (dict(settings={'server.host': 'a'}, mode='merge'), 'kibana_config_settings is only used with kibana_config_mode=render'),
    (dict(validate_command='/bin/true'), "kibana_config_validate_command must contain '%s' (the file to check)"),
    (dict(secrets_store='keystore', keystore_path='/etc/kibana/secrets.keystore'),
     'kibana_config_keystore_path must name a file called kibana.keystore'),
])
def test_validation_names_the_problem_as_the_role_variable(kwargs, message):
    errors = kibana_yml_errors(options(**kwargs), ROLE)
    assert any(message in error for error in errors), errors
    assert no_secret(*errors)


@pytest.mark.parametrize('kwargs, message', [
    (dict(connectors=[SLACK, dict(INDEX, id='my-slack')]), "connectors[1] (id 'my-slack'): duplicate id 'my-slack' (also connectors[0])"),
    (dict(settings={'xpack.actions.allowedHosts': ['*']}),
     "settings sets 'xpack.actions.allowedHosts': the action manages xpack.actions.* through connectors and the actions_* options"),
    (dict(settings={'server.host': 'a'}, mode='merge'), 'settings is only used with mode=render'),
])
def test_alone_the_messages_name_the_options(kwargs, message):
    errors = kibana_yml_errors(options(**kwargs), ALONE)
    assert [error for error in errors if error.startswith(message)], errors
    assert not [error for error in errors if 'kibana_config' in error]


def test_valid_options_have_no_problem():
    assert kibana_yml_errors(options(connectors=[SLACK, INDEX, HOOK], settings={'server.host': 'a'}, actions_allowed_hosts=['*'],
                                     actions_extra_settings={'email': {'services': {'x': 1}}, 'run.maxAttempts': 3}), ROLE) == []


def test_every_problem_is_reported():
    errors = connector_errors(options(connectors=[{'id': '__proto__'}, {'name': 'x'}])['connectors'], ROLE)
    assert len(errors) == 5


def test_keystore_path_only_in_keystore_mode():
    assert kibana_yml_errors(options(keystore_path='/x/other.keystore'), ROLE) == []
    assert keystore_path_errors('/x/kibana.keystore/', ROLE) == []
    assert keystore_path_errors(None, ROLE) == []


def _type_examples():
    """One good and one bad connector per type (tests/integration/targets/kibana_connector_types/files/examples.yml)."""
    import os  # pylint: disable=import-outside-toplevel
    import yaml  # pylint: disable=import-outside-toplevel
    root = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..', '..', '..'))
    with open(os.path.join(root, 'tests', 'integration', 'targets', 'kibana_connector_types', 'files', 'examples.yml')) as handle:
        return yaml.safe_load(handle)['types']


TYPE_EXAMPLES = _type_examples()


@pytest.mark.parametrize('type_id', sorted(TYPE_EXAMPLES))
def test_the_role_accepts_a_good_connector_and_refuses_a_bad_one_of_every_type(type_id):
    """The role's validation, per type, from the same catalogue as the modules; messages name the role variable."""
    entry = TYPE_EXAMPLES[type_id]
    if 'good' in entry:
        good = dict(id='types-good', name='Good %s' % type_id, connector_type_id=type_id, **entry['good'])
        assert connector_errors([good], ROLE) == []
    bad = dict(id='types-bad', name='Bad %s' % type_id, connector_type_id=type_id,
               config=entry['bad']['config'], secrets=entry['bad']['secrets'])
    errors = connector_errors([bad], ROLE)
    if type_id == '.server-log':
        # the role knows no Kibana version, and Kibana 8.0-8.7 store any .server-log config: nothing is certain
        assert errors == []
        return
    assert errors and all(e.startswith("kibana_config_connectors[0] (id 'types-bad') (%s): " % type_id) for e in errors)
    assert any(entry['bad']['problem'] in e for e in errors), errors
    assert not any('types-secret' in e for e in errors)  # key names only, never a secret value
