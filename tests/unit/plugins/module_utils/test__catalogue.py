# -*- coding: utf-8 -*-
# Copyright (c) kibana.connectors contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Unit tests of the connector type catalogue."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type  # pylint: disable=invalid-name

import pytest

from ansible_collections.kibana.connectors.plugins.module_utils import _catalogue as cat

# Table 3.14 of the reference: what Kibana 8.x returns for a minimal config.
RETURNED = [
    ('.index', {'index': 'i'}, {'index': 'i', 'refresh': False, 'executionTimeField': None}),
    ('.webhook', {'url': 'http://h'}, {'url': 'http://h', 'method': 'post', 'headers': None, 'hasAuth': True}),
    ('.email', {'from': 'a@b.c', 'host': 'smtp', 'port': 25},
     {'from': 'a@b.c', 'host': 'smtp', 'port': 25, 'service': 'other', 'hasAuth': True, 'secure': None, 'clientId': None,
      'tenantId': None, 'oauthTokenUrl': None}),
    ('.pagerduty', {}, {'apiUrl': None}),
    ('.servicenow', {'apiUrl': 'https://sn'},
     {'apiUrl': 'https://sn', 'usesTableApi': True, 'isOAuth': False, 'clientId': None, 'jwtKeyId': None, 'userIdentifierValue': None}),
    ('.server-log', {}, {}),
    ('.slack', {}, {}),
    ('.slack_api', {}, {}),
    ('.teams', {'anything': 1}, {'anything': 1}),
    ('.gen-ai', {'apiProvider': 'OpenAI', 'apiUrl': 'https://api'}, {'apiProvider': 'OpenAI', 'apiUrl': 'https://api', 'defaultModel': 'gpt-4'}),
]


@pytest.mark.parametrize('type_id, sent, returned', RETURNED)
def test_defaults_complete_the_config_as_kibana_returns_it(type_id, sent, returned):
    assert cat.without_nulls(cat.config_with_defaults(type_id, sent, returned)) == cat.without_nulls(returned)


def test_defaults_do_not_override_what_the_user_set():
    assert cat.config_with_defaults('.index', {'index': 'i', 'refresh': True})['refresh'] is True


def test_version_dependent_default_follows_what_kibana_holds():
    sent = {'apiProvider': 'OpenAI', 'apiUrl': 'https://api'}
    assert cat.config_with_defaults('.gen-ai', sent, {'defaultModel': None}).get('defaultModel') is None
    assert cat.config_with_defaults('.gen-ai', sent, {'defaultModel': 'gpt-4o'})['defaultModel'] == 'gpt-4'
    webhook = cat.config_with_defaults('.webhook', {'url': 'u'}, {'authType': 'webhook-authentication-basic'})
    assert webhook['authType'] == 'webhook-authentication-basic'


def test_unknown_type_keeps_config_as_given():
    assert cat.config_with_defaults('.nope', {'a': None}) == {'a': None}
    assert cat.get_type('.nope') is None


def test_rules_are_functions_of_the_record():
    """Per-type rules live on the type's record, not in branches on the type id."""
    email = cat.get_type('.email')
    assert email.config_problems({'from': 'a@b', 'service': 'gmail'}) == []
    assert email.config_problems({'from': 'a@b'}) == ["missing required config key 'host'", "missing required config key 'port'"]
    assert cat.get_type('.servicenow-sir').config_defaults == cat.get_type('.servicenow').config_defaults
    assert cat.get_type('.servicenow-sir').name == 'ServiceNow SecOps'


def test_uses_secrets():
    assert cat.uses_secrets('.index') is False
    assert cat.uses_secrets('.server-log') is False
    assert cat.uses_secrets('.slack') is True
    assert cat.uses_secrets('.webhook', {'hasAuth': True}) is True
    assert cat.uses_secrets('.webhook', {'hasAuth': False}) is False
    assert cat.uses_secrets('.unknown-type') is True


@pytest.mark.parametrize('type_id, config, secrets, expected', [
    ('.index', {}, {}, ["missing required config key 'index'"]),
    ('.index', {'index': 'i', 'bogus': 1}, {}, ["unknown config key 'bogus' (known: index, refresh, executionTimeField)"]),
    ('.slack', {}, {}, ["missing required secrets key 'webhookUrl'"]),
    ('.slack', {}, {'webhookUrl': 'u', 'extra': 'x'}, ["unknown secrets key 'extra' (known: webhookUrl)"]),
    ('.server-log', {'x': 1}, {}, ["unknown config key 'x' (known: none)"]),
    ('.email', {'from': 'a@b'}, {'user': 'u', 'password': 'p'}, ["missing required config key 'host'", "missing required config key 'port'"]),
    ('.email', {'from': 'a@b', 'service': 'gmail'}, {}, ["missing required secrets key 'user'", "missing required secrets key 'password'"]),
    ('.email', {'from': 'a@b', 'service': 'gmail', 'hasAuth': False}, {}, []),
    ('.webhook', {'url': 'u'}, {'user': 'u'}, ['secrets user and password must be given together']),
    ('.gen-ai', {'apiProvider': 'Other', 'apiUrl': 'u'}, {'apiKey': 'k'}, ["missing required config key 'defaultModel' (apiProvider Other)"]),
    ('.gen-ai', {'apiProvider': 'Nope', 'apiUrl': 'u'}, {'apiKey': 'k'}, ["config key 'apiProvider' must be one of OpenAI, Azure OpenAI, Other"]),
    ('.teams', {'free': 'form'}, {'webhookUrl': 'u'}, []),
    ('.jira', {'apiUrl': 'u', 'projectKey': 'P'}, {'email': 'e', 'apiToken': 't'}, []),
    ('.unknown', {'x': 1}, {}, []),
])
def test_validate_connector(type_id, config, secrets, expected):
    assert cat.validate_connector(type_id, config, secrets) == expected


def test_validation_texts_never_carry_secret_values():
    errors = cat.validate_connector('.slack', {}, {'webhookUrl': 'https://hooks/s3cr3t', 'typo': 's3cr3t-2'})
    assert errors and not any('s3cr3t' in e for e in errors)


@pytest.mark.parametrize('type_id, params, expected', [
    ('.index', {'documents': [{'a': 1}]}, []),
    ('.index', {}, ["missing required params key 'documents'"]),
    ('.index', {'documents': {'a': 1}}, ['params.documents must be a list of dicts']),
    ('.server-log', {'message': 'm', 'level': 'loud'}, ["params key 'level' must be one of trace, debug, info, warn, error, fatal"]),
    ('.email', {'subject': 's', 'message': 'm'}, ['no [to], [cc], or [bcc] entries']),
    ('.pagerduty', {'eventAction': 'resolve'}, ['DedupKey is required when eventAction is "resolve"']),
    ('.jira', {'subAction': 'issues', 'subActionParams': {'title': 't'}}, []),
    ('.jira', {'subAction': 'nope'}, ['params.subAction must be one of fieldsByIssueType, getFields, getIncident, handshake, issue, '
                                      'issueTypes, issues, pushToService']),
    ('.opsgenie', {'subAction': 'createAlert', 'subActionParams': {}}, ["missing required subActionParams key 'message'"]),
    ('.unknown', {'anything': 1}, []),
])
def test_validate_params(type_id, params, expected):
    assert cat.validate_params(type_id, params) == expected


@pytest.mark.parametrize('type_id, sub, read_only', [
    ('.jira', 'getFields', True), ('.jira', 'issueTypes', True), ('.jira', 'pushToService', False),
    ('.servicenow', 'getChoices', True), ('.servicenow-sir', 'getIncident', True), ('.slack_api', 'validChannelId', True),
    ('.slack_api', 'postMessage', False), ('.index', None, False), ('.unknown', 'getFields', False),
])
def test_read_only_sub_actions(type_id, sub, read_only):
    assert cat.is_read_only(type_id, {'subAction': sub} if sub else {}) is read_only


def test_catalogue_covers_the_types_the_collection_documents():
    for type_id in ('.index', '.server-log', '.webhook', '.slack', '.slack_api', '.email', '.pagerduty', '.teams',
                    '.jira', '.servicenow', '.opsgenie', '.gen-ai', '.cases-webhook'):
        entry = cat.get_type(type_id)
        assert entry.id == type_id
        assert entry.license in ('basic', 'gold', 'platinum', 'enterprise')
        assert entry.name


class TestPredictedConfig:

    def test_create_keeps_plain_null_defaults(self):
        assert cat.predicted_config('.index', {'index': 'i'}) == {'index': 'i', 'refresh': False, 'executionTimeField': None}

    def test_create_leaves_out_version_dependent_null_defaults(self):
        # 8.x does not return webhook authType at all; newer versions may return a value
        assert cat.predicted_config('.webhook', {'url': 'https://h'}) == {'url': 'https://h', 'method': 'post',
                                                                          'headers': None, 'hasAuth': True}

    def test_update_mirrors_the_keys_kibana_returns(self):
        have = {'url': 'https://h', 'method': 'post', 'hasAuth': True}
        assert cat.predicted_config('.webhook', {'url': 'https://g'}, have) == {'url': 'https://g', 'method': 'post',
                                                                                'hasAuth': True}
        have = {'url': 'https://h', 'method': 'post', 'headers': None, 'hasAuth': True,
                'authType': 'webhook-authentication-basic'}
        assert cat.predicted_config('.webhook', {'url': 'https://g'}, have)['authType'] == 'webhook-authentication-basic'

    def test_given_keys_are_kept(self):
        assert cat.predicted_config('.webhook', {'url': 'https://h', 'authType': None}) == {
            'url': 'https://h', 'method': 'post', 'headers': None, 'hasAuth': True, 'authType': None}

    def test_unknown_type_as_given(self):
        assert cat.predicted_config('.custom', {'a': None}) == {'a': None}
