# -*- coding: utf-8 -*-
# Copyright (c) kibana.connectors contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Test data and the kibana_yml options as the argument spec hands them to the plugin_utils functions."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type  # pylint: disable=invalid-name

from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

from ansible_collections.kibana.connectors.plugins.modules.kibana_yml import DOCUMENTATION
from ansible_collections.kibana.connectors.plugins.plugin_utils._argspec import from_documentation
from ansible_collections.kibana.connectors.plugins.plugin_utils._validate import Names

SLACK_SECRET = 'https://hooks.slack.com/services/T0/B0/unit-secret-0001'
HOOK_PASSWORD = 'unit-password-0002'
SLACK = {'id': 'my-slack', 'name': 'Ops Slack', 'connector_type_id': '.slack', 'secrets': {'webhookUrl': SLACK_SECRET}}
INDEX = {'id': 'alerts', 'name': 'Alerts', 'connector_type_id': '.index', 'config': {'index': 'alerts-history'}}
HOOK = {'id': 'hook', 'name': 'Hook', 'connector_type_id': '.webhook', 'config': {'url': 'https://h.example.com'},
        'secrets': {'user': 'ops', 'password': HOOK_PASSWORD}}
ROLE = Names('kibana_config_', 'kibana_yml')
ALONE = Names(None, 'kibana_yml')


def options(**kwargs):
    """kibana_yml's options after its argument spec (defaults filled in, suboptions completed with None)."""
    kwargs.setdefault('header', 'Managed by Ansible')
    result = ArgumentSpecValidator(from_documentation(DOCUMENTATION)).validate(kwargs)
    assert result.error_messages == [], result.error_messages
    return result.validated_parameters


def no_secret(*texts):
    blob = '\n'.join(texts)
    return SLACK_SECRET not in blob and 'unit-secret-0001' not in blob and HOOK_PASSWORD not in blob
