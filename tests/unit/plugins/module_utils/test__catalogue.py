# -*- coding: utf-8 -*-
# Copyright (c) kibana.connectors contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Unit tests of the connector type catalogue.

The expected values below are written from the project's research notes on
Kibana's source (/work/research/types), not computed from the catalogue, so a
wrong catalogue entry makes a test fail.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type  # pylint: disable=invalid-name

import pytest

from ansible_collections.kibana.connectors.plugins.module_utils import _catalogue as cat

# The issue's list of types, with Kibana's ids; the last two are system action types.
ISSUE_TYPES = ['.index', '.server-log', '.email', '.slack', '.slack_api', '.teams', '.webhook', '.cases-webhook',
               '.xmatters', '.pagerduty', '.opsgenie', '.servicenow', '.servicenow-sir', '.servicenow-itom', '.jira',
               '.jira-service-management', '.resilient', '.swimlane', '.torq', '.tines', '.d3security', '.xsoar',
               '.thehive', '.gen-ai', '.bedrock', '.gemini', '.inference', '.mcp', '.crowdstrike', '.sentinelone',
               '.microsoft_defender_endpoint', '.cases', '.observability-ai-assistant']

MAPPINGS = dict((key, None) for key in ('ruleNameConfig', 'alertIdConfig', 'caseIdConfig', 'caseNameConfig',
                                        'commentsConfig', 'severityConfig', 'descriptionConfig'))
CASES_WEBHOOK = dict(createIncidentUrl='https://t/i', createIncidentJson='{}', createIncidentResponseKey='id',
                     getIncidentUrl='https://t/i/1', getIncidentResponseExternalTitleKey='key', viewIncidentUrl='https://t/v',
                     updateIncidentUrl='https://t/i/1', updateIncidentJson='{}')
CASES_WEBHOOK_819 = dict(CASES_WEBHOOK, createIncidentMethod='post', getIncidentMethod='get', getIncidentJson=None,
                         updateIncidentMethod='put', createCommentUrl=None, createCommentMethod=None,
                         createCommentJson=None, headers=None, hasAuth=True)
SN = {'apiUrl': 'https://sn'}
SN_DEFAULTS = dict(SN, usesTableApi=True, isOAuth=False, userIdentifierValue=None, clientId=None, jwtKeyId=None)
OPENAI = {'apiProvider': 'OpenAI', 'apiUrl': 'https://api'}

# What Kibana 8.19 and 9.4 return after a create with a minimal config (research notes, section 2 of each type).
RETURNED = [
    ('.index', {'index': 'i'}, {'index': 'i', 'refresh': False, 'executionTimeField': None}, None),
    ('.server-log', {}, {}, None),
    ('.slack', {}, {}, None),
    ('.slack_api', {}, {}, None),
    ('.teams', {}, {}, None),
    ('.webhook', {'url': 'http://h'}, {'url': 'http://h', 'method': 'post', 'headers': None, 'hasAuth': True},
     {'url': 'http://h', 'method': 'post', 'headers': None, 'hasAuth': True, 'authType': 'webhook-authentication-basic'}),
    ('.webhook', {'url': 'http://h', 'hasAuth': False}, {'url': 'http://h', 'method': 'post', 'headers': None, 'hasAuth': False},
     {'url': 'http://h', 'method': 'post', 'headers': None, 'hasAuth': False, 'authType': None}),
    ('.cases-webhook', CASES_WEBHOOK, CASES_WEBHOOK_819,
     dict(CASES_WEBHOOK_819, createCommentMethod='put', authType='webhook-authentication-basic')),
    ('.email', {'from': 'a@b.c', 'host': 'smtp', 'port': 25},
     {'from': 'a@b.c', 'host': 'smtp', 'port': 25, 'service': 'other', 'hasAuth': True, 'secure': None, 'clientId': None,
      'tenantId': None, 'oauthTokenUrl': None}, None),
    ('.xmatters', {}, {'configUrl': None, 'usesBasic': True}, None),
    ('.pagerduty', {}, {'apiUrl': None}, None),
    ('.opsgenie', {'apiUrl': 'https://o'}, {'apiUrl': 'https://o'}, None),
    ('.servicenow', SN, SN_DEFAULTS, None),
    ('.servicenow-sir', SN, SN_DEFAULTS, None),
    ('.servicenow-itom', SN, dict(SN, isOAuth=False, userIdentifierValue=None, clientId=None, jwtKeyId=None), None),
    ('.jira', {'apiUrl': 'u', 'projectKey': 'P'}, {'apiUrl': 'u', 'projectKey': 'P'}, None),
    ('.resilient', {'apiUrl': 'u', 'orgId': '1'}, {'apiUrl': 'u', 'orgId': '1'}, None),
    ('.swimlane', {'apiUrl': 'u', 'appId': 'a', 'connectorType': 'all', 'mappings': {}},
     {'apiUrl': 'u', 'appId': 'a', 'connectorType': 'all', 'mappings': MAPPINGS}, None),
    ('.torq', {'webhookIntegrationUrl': 'https://hooks.torq.io/v1/x'}, {'webhookIntegrationUrl': 'https://hooks.torq.io/v1/x'},
     None),
    ('.tines', {'url': 'u'}, {'url': 'u'}, None),
    ('.d3security', {'url': 'u'}, {'url': 'u'}, None),
    ('.xsoar', {'url': 'u'}, {'url': 'u'}, None),
    ('.thehive', {'url': 'u'}, {'url': 'u', 'organisation': None}, None),
    ('.gen-ai', OPENAI, dict(OPENAI, defaultModel='gpt-4.1'), None),
    ('.gen-ai', {'apiProvider': 'Azure OpenAI', 'apiUrl': 'u'}, {'apiProvider': 'Azure OpenAI', 'apiUrl': 'u'}, None),
    ('.gen-ai', {'apiProvider': 'Other', 'apiUrl': 'u', 'defaultModel': 'm'},
     {'apiProvider': 'Other', 'apiUrl': 'u', 'defaultModel': 'm'},
     {'apiProvider': 'Other', 'apiUrl': 'u', 'defaultModel': 'm', 'verificationMode': 'full'}),
    ('.bedrock', {'apiUrl': 'u'}, {'apiUrl': 'u', 'defaultModel': 'us.anthropic.claude-3-7-sonnet-20250219-v1:0'},
     {'apiUrl': 'u', 'defaultModel': 'us.anthropic.claude-sonnet-4-5-20250929-v1:0'}),
    ('.gemini', {'apiUrl': 'u', 'gcpRegion': 'r', 'gcpProjectID': 'p'},
     {'apiUrl': 'u', 'gcpRegion': 'r', 'gcpProjectID': 'p', 'defaultModel': 'gemini-2.5-pro'}, None),
    ('.inference', {'provider': 'openai', 'taskType': 'completion', 'inferenceId': 'x'},
     {'provider': 'openai', 'taskType': 'completion', 'inferenceId': 'x', 'providerConfig': {}, 'taskTypeConfig': {}}, None),
    ('.crowdstrike', {'url': 'u'}, {'url': 'u'}, None),
    ('.sentinelone', {'url': 'u'}, {'url': 'u'}, None),
    ('.microsoft_defender_endpoint', dict.fromkeys(('clientId', 'tenantId', 'oAuthServerUrl', 'oAuthScope', 'apiUrl'), 'x'),
     dict.fromkeys(('clientId', 'tenantId', 'oAuthServerUrl', 'oAuthScope', 'apiUrl'), 'x'), None),
]


def test_the_catalogue_has_every_type_of_the_issue():
    assert cat.known_types() == sorted(ISSUE_TYPES)
    for type_id in ISSUE_TYPES:
        record = cat.get_type(type_id)
        assert record.id == type_id and record.name
        assert record.license in ('basic', 'gold', 'platinum', 'enterprise')
        assert record.features


@pytest.mark.parametrize('type_id, sent, at_819, at_94', RETURNED)
def test_returned_config_per_kibana_version(type_id, sent, at_819, at_94):
    record = cat.get_type(type_id)
    assert record.returned_config_at('8.19.0', sent) == at_819
    assert record.returned_config_at('9.4.0', sent) == (at_819 if at_94 is None else at_94)


@pytest.mark.parametrize('type_id, sent, at_819, at_94', RETURNED)
def test_a_create_predicts_the_newest_kibana(type_id, sent, at_819, at_94):
    assert cat.predicted_config(type_id, sent) == (at_819 if at_94 is None else at_94)


@pytest.mark.parametrize('type_id, sent, at_819, at_94', RETURNED)
def test_defaults_complete_the_config_as_each_version_returns_it(type_id, sent, at_819, at_94):
    for returned in (at_819, at_94 or at_819):
        assert cat.without_nulls(cat.config_with_defaults(type_id, sent, returned)) == cat.without_nulls(returned)


@pytest.mark.parametrize('type_id, version, config', [
    ('.gen-ai', '8.15.3', dict(OPENAI, defaultModel='gpt-4')),
    ('.gen-ai', '8.18.0', dict(OPENAI, defaultModel='gpt-4o')),
    ('.gen-ai', '9.0.4', dict(OPENAI, defaultModel='gpt-4o')),
    ('.gen-ai', '9.1.0', dict(OPENAI, defaultModel='gpt-4.1')),
    ('.gen-ai', '8.9.0', OPENAI),
    ('.bedrock', '9.0.0', {'apiUrl': 'u', 'defaultModel': 'anthropic.claude-3-5-sonnet-20240620-v1:0'}),
    ('.bedrock', '9.2.1', {'apiUrl': 'u', 'defaultModel': 'us.anthropic.claude-sonnet-4-5-20250929-v1:0'}),
    ('.gemini', '8.16.0', {'apiUrl': 'u', 'defaultModel': 'gemini-1.5-pro-002'}),
    ('.cases-webhook', '8.16.0', dict(CASES_WEBHOOK_819, getIncidentMethod=None)),
    ('.cases-webhook', '9.3.0', dict(CASES_WEBHOOK_819, createCommentMethod='put')),
])
def test_defaults_of_other_versions(type_id, version, config):
    sent = dict((key, value) for key, value in config.items()
                if key in ('apiProvider', 'apiUrl') or key in CASES_WEBHOOK)
    returned = cat.get_type(type_id).returned_config_at(version, sent)
    assert cat.without_nulls(returned) == cat.without_nulls(config)
    # whatever this version returned, the comparison takes it for the default
    assert cat.without_nulls(cat.config_with_defaults(type_id, sent, returned)) == cat.without_nulls(returned)


def test_a_removed_non_default_value_is_not_taken_for_a_default():
    held = dict(OPENAI, defaultModel='gpt-3.5-turbo')
    assert cat.config_with_defaults('.gen-ai', OPENAI, held)['defaultModel'] != 'gpt-3.5-turbo'
    azure = {'apiProvider': 'Azure OpenAI', 'apiUrl': 'u'}
    assert 'defaultModel' not in cat.config_with_defaults('.gen-ai', azure, dict(azure, defaultModel='gpt-4o'))


def test_accepted_values_list_every_version_oldest_first():
    for record in cat.TYPES.values():
        for key, default in record.config_defaults.items():
            if not default.since:
                continue
            values = [None if value is cat.ABSENT else value for _start, value in default.since if not callable(value)]
            assert values[0] == default.accepted[0], (record.id, key)
            assert set(map(repr, values)) <= set(map(repr, default.accepted)), (record.id, key)


@pytest.mark.parametrize('type_id, version, available', [
    ('.index', '8.0.0', True), ('.mcp', '8.19.0', False), ('.mcp', '9.2.0', False), ('.mcp', '9.3.0', True),
    ('.jira-service-management', '9.1.2', False), ('.jira-service-management', '9.2.0', True),
    ('.jira-service-management', '8.19.0', False), ('.xsoar', '8.18.0', False), ('.xsoar', '8.19.0', True),
    ('.xsoar', '9.0.5', False), ('.xsoar', '9.1.0', True), ('.xsoar', '9.4.0', True), ('.thehive', '8.15.0', False),
    ('.thehive', '8.16.0', True), ('.microsoft_defender_endpoint', '8.18.0', True), ('.cases', '8.13.0', False),
    ('.cases', '8.14.0', True), ('.gen-ai', '8.8.0', False), ('.gen-ai', '8.9.0', True),
    ('.cases-webhook', '8.3.0', False), ('.cases-webhook', '8.4.0', True),  # PR #131762: 8.4
])
def test_types_exist_from_the_version_that_introduced_them(type_id, version, available):
    assert cat.get_type(type_id).available_in(version) is available


def test_eras_describe_older_versions():
    swimlane = cat.get_type('.swimlane')
    assert 'mappings' in swimlane.config_required and 'mappings' not in swimlane.at('9.2.0').config_required
    assert 'mappings' in swimlane.at('9.3.0').config_required
    assert 'secretHeaders' not in cat.get_type('.webhook').at('8.19.0').secrets_keys
    assert 'secretHeaders' in cat.get_type('.webhook').at('9.2.0').secrets_keys
    assert cat.get_type('.webhook').at('9.2.0').config_choices['method'] == ('post', 'put')


# Kibana 8.0-8.2 ServiceNow (x-pack/plugins/actions/server/builtin_action_types/servicenow/schema.ts): config
# {apiUrl, usesTableApi} (ITOM {apiUrl}), secrets username and password; the OAuth keys came with 8.3 (PR #131084).
SN_82 = dict(SN, usesTableApi=True)


@pytest.mark.parametrize('type_id, returned', [
    ('.servicenow', SN_82), ('.servicenow-sir', SN_82), ('.servicenow-itom', SN)])
def test_servicenow_before_8_3_knows_no_oauth(type_id, returned):
    record = cat.get_type(type_id)
    assert record.returned_config_at('8.2.0', SN) == returned
    assert 'isOAuth' in record.returned_config_at('8.3.0', SN)
    # the config Kibana 8.2 returns is no change: an absent isOAuth is its default there
    assert cat.without_nulls(cat.config_with_defaults(type_id, SN, returned)) == cat.without_nulls(returned)
    # an update keeps what that Kibana shows: no isOAuth
    assert 'isOAuth' not in cat.predicted_config(type_id, SN, returned)
    assert cat.predicted_config(type_id, SN, version='8.2.4') == returned
    old = record.at('8.2.0')
    assert old.config_problems(dict(SN, isOAuth=False)) == [
        "unknown config key 'isOAuth' (known: %s)" % ', '.join(old.config_keys)]
    assert old.secrets_required == ('username', 'password')
    assert old.secrets_problems(SN, {'username': 'u', 'password': 'p', 'clientSecret': 's'}) == [
        "unknown secrets key 'clientSecret' (known: username, password)"]
    assert old.secrets_problems(SN, {}) == ["missing required secrets key 'username'", "missing required secrets key 'password'"]
    assert record.at('8.3.0').config_problems(dict(SN, isOAuth=False)) == []


def test_servicenow_version_note_for_is_oauth():
    notes = cat.version_notes('.servicenow', SN)
    assert notes == ['config.isOAuth: false (Kibana 8.3 and later); left out (Kibana 8.0 to before 8.3)']
    assert cat.version_notes('.servicenow', dict(SN, isOAuth=False)) == []


@pytest.mark.parametrize('type_id', ['.teams', '.server-log'])
def test_teams_and_server_log_store_any_config_before_8_8(type_id):
    """No config validator before 8.8 (PR #153969): Kibana stored the config as sent."""
    record = cat.get_type(type_id)
    assert record.at('8.7.0').config_keys is cat.ANY
    assert record.at('8.7.0').config_problems({'free': 'form'}) == []
    assert record.at('8.7.0').returned_config_at('8.7.0', {'free': 'form'}) == {'free': 'form'}
    assert record.at('8.8.0').config_problems({'free': 'form'}) == ["unknown config key 'free' (known: none)"]


@pytest.mark.parametrize('version, config_key, secret_key, known', [
    # OAuth2 client credentials from 9.2 (PR #218442)
    ('9.1.0', 'accessTokenUrl', 'clientSecret', True),
    ('9.2.0', 'accessTokenUrl', 'clientSecret', False),
    # SSL from 8.10 (PR #161894)
    ('8.9.0', 'certType', 'crt', True),
    ('8.10.0', 'certType', 'crt', False),
])
def test_webhook_auth_keys_by_version(version, config_key, secret_key, known):
    record = cat.get_type('.webhook').at(version)
    unknown_config = any(problem.startswith("unknown config key '%s'" % config_key)
                         for problem in record.config_problems({'url': 'u', config_key: 'x'}))
    unknown_secret = any(problem.startswith("unknown secrets key '%s'" % secret_key)
                         for problem in record.secrets_problems({'url': 'u'}, {secret_key: 'x'}))
    assert unknown_config is known and unknown_secret is known


def test_webhook_auth_types_by_version():
    oauth2 = {'url': 'u', 'authType': 'webhook-oauth2-client-credentials', 'accessTokenUrl': 't', 'clientId': 'c'}
    assert "config key 'authType' must be one of" in ' '.join(cat.get_type('.webhook').at('9.1.0').config_problems(oauth2))
    assert cat.get_type('.webhook').at('9.2.0').config_problems(oauth2) == []
    assert cat.get_type('.webhook').at('8.9.0').config_problems({'url': 'u', 'method': 'put', 'hasAuth': True}) == []


def test_version_notes_name_the_defaults_that_depend_on_the_version():
    notes = cat.version_notes('.webhook', {'url': 'u'})
    assert len(notes) == 1 and notes[0].startswith('config.authType: "webhook-authentication-basic" (Kibana 9.4 and later)')
    assert 'left out (Kibana 8.0 to before 9.4)' in notes[0]
    assert cat.version_notes('.webhook', {'url': 'u', 'authType': None}) == []
    # null or left out: the same to Kibana and to the comparison, so no note
    assert cat.version_notes('.webhook', {'url': 'u', 'hasAuth': False}) == []
    assert cat.version_notes('.index', {'index': 'i'}) == []
    assert cat.version_notes('.nope', {}) == []
    model = cat.version_notes('.gen-ai', OPENAI)[0]
    assert '"gpt-4o" (Kibana 8.16 to before 8.19, 9.0 to before 9.1)' in model
    assert cat.version_notes('.gen-ai', dict(OPENAI, defaultModel='x')) == []


def test_unknown_type_keeps_config_as_given():
    assert cat.config_with_defaults('.nope', {'a': None}) == {'a': None}
    assert cat.predicted_config('.nope', {'a': None}) == {'a': None}
    assert cat.get_type('.nope') is None


def test_types_that_drop_unknown_keys():
    """.mcp (zod, not strict) drops unknown config keys: the comparison does too."""
    assert cat.config_with_defaults('.mcp', {'serverUrl': 'u', 'tools': []}) == {'serverUrl': 'u', 'hasAuth': True}
    assert cat.validate_connector('.mcp', {'serverUrl': 'u', 'tools': []}, {}) == [
        "unknown config key 'tools' (Kibana drops it; known: serverUrl, hasAuth, authType, apiKeyHeaderName, headers)"]


@pytest.mark.parametrize('version', ['8.18.0', '9.2.0', '9.3.0', '9.4.0'])
def test_inference_refuses_unknown_keys_in_every_era(version):
    """config-schema schema.object up to 9.2, zod .strict() from 9.3: Kibana refuses an unknown key, never drops it."""
    record = cat.get_type('.inference')
    inference = {'provider': 'openai', 'taskType': 'completion', 'inferenceId': 'x', 'model': 'm'}
    assert not record.drops_unknown_config and not record.at(version).strips_unknown_config
    assert record.at(version).config_problems(inference) == [
        "unknown config key 'model' (known: %s)" % ', '.join(record.config_keys)]
    assert cat.config_with_defaults('.inference', inference)['model'] == 'm'


def test_nested_defaults_of_swimlane_mappings():
    have = {'apiUrl': 'u', 'appId': 'a', 'connectorType': 'all', 'mappings': dict(MAPPINGS, alertIdConfig={'id': 'x'})}
    want = cat.config_with_defaults('.swimlane', {'apiUrl': 'u', 'appId': 'a', 'connectorType': 'all',
                                                  'mappings': {'alertIdConfig': {'id': 'x'}}}, have)
    assert want == have
    # 8.x-9.2 fill an omitted mappings with its seven nulls
    assert cat.config_with_defaults('.swimlane', {'apiUrl': 'u', 'appId': 'a', 'connectorType': 'all'})['mappings'] == MAPPINGS


def test_rules_are_functions_of_the_record():
    """Per-type rules live on the type's record, not in branches on the type id."""
    email = cat.get_type('.email')
    assert email.config_problems({'from': 'a@b', 'service': 'gmail'}) == []
    assert email.config_problems({'from': 'a@b'}) == ["missing required config key 'host'", "missing required config key 'port'"]
    assert cat.get_type('.servicenow-sir').config_defaults == cat.get_type('.servicenow').config_defaults
    assert cat.get_type('.servicenow-sir').name == 'ServiceNow SecOps'
    assert 'closeIncident' not in cat.get_type('.servicenow-sir').sub_actions


def test_uses_secrets():
    assert cat.uses_secrets('.index') is False
    assert cat.uses_secrets('.server-log') is False
    assert cat.uses_secrets('.slack') is True
    assert cat.uses_secrets('.webhook', {'hasAuth': True}) is True
    assert cat.uses_secrets('.webhook', {'hasAuth': False}) is False
    assert cat.uses_secrets('.mcp', {'hasAuth': False}) is False
    assert cat.uses_secrets('.xsoar') is True
    assert cat.uses_secrets('.cases') is False
    assert cat.uses_secrets('.unknown-type') is True


def test_is_deprecated_follows_kibana_rule():
    assert cat.is_deprecated('.servicenow', SN_DEFAULTS) is True
    assert cat.is_deprecated('.servicenow', SN) is True  # no usesTableApi: Kibana says deprecated
    assert cat.is_deprecated('.servicenow-sir', dict(SN_DEFAULTS, usesTableApi=False)) is False
    assert cat.is_deprecated('.servicenow-itom', SN) is False
    assert cat.is_deprecated('.webhook', {'url': 'u'}) is False
    assert cat.is_deprecated('.nope', {}) is False


def test_system_action_types():
    for type_id in ('.cases', '.observability-ai-assistant'):
        assert cat.is_system_type(type_id)
        problems = cat.validate_connector(type_id, {}, {})
        assert len(problems) == 1 and 'system action type built into Kibana' in problems[0]
        assert 'built into Kibana' in cat.validate_params(type_id, {'subAction': 'run'})[0]
    assert not cat.is_system_type('.index') and not cat.is_system_type('.nope')


@pytest.mark.parametrize('type_id, config, secrets, expected', [
    ('.index', {}, {}, ["missing required config key 'index'"]),
    ('.index', {'index': 'i', 'bogus': 1}, {}, ["unknown config key 'bogus' (known: index, refresh, executionTimeField)"]),
    ('.slack', {}, {}, ["missing required secrets key 'webhookUrl'"]),
    ('.slack', {}, {'webhookUrl': 'u', 'extra': 'x'}, ["unknown secrets key 'extra' (known: webhookUrl)"]),
    ('.server-log', {'x': 1}, {}, ["unknown config key 'x' (known: none)"]),
    ('.teams', {'free': 'form'}, {'webhookUrl': 'u'}, ["unknown config key 'free' (known: none)"]),
    ('.email', {'from': 'a@b'}, {'user': 'u', 'password': 'p'}, ["missing required config key 'host'", "missing required config key 'port'"]),
    # Kibana's connector checks see the config as sent: a hasAuth left out asks for nothing
    ('.email', {'from': 'a@b', 'service': 'gmail'}, {}, []),
    ('.email', {'from': 'a@b', 'service': 'gmail', 'hasAuth': True}, {},
     ["missing required secrets key 'user' (hasAuth true)", "missing required secrets key 'password' (hasAuth true)"]),
    ('.email', {'from': 'a@b', 'service': 'gmail', 'hasAuth': False}, {}, []),
    ('.email', {'from': 'a@b', 'service': 'exchange_server'}, {},
     ["missing required config key 'clientId' (service exchange_server)",
      "missing required config key 'tenantId' (service exchange_server)", "missing required secrets key 'clientSecret'"]),
    ('.webhook', {'url': 'u'}, {'user': 'u'}, ['secrets user and password must be given together']),
    ('.webhook', {'url': 'u'}, {'crt': 'c', 'key': 'k', 'password': 'p'}, []),
    ('.webhook', {'url': 'u'}, {'user': 'u', 'password': 'p', 'pfx': 'x'},
     ['secrets must be one of: user and password; crt and key (with optional password); pfx (with optional password); '
      'or clientSecret (for OAuth2)']),
    ('.webhook', {'url': 'u', 'hasAuth': False, 'authType': 'webhook-authentication-basic'}, {},
     ['config authType must be null or left out when hasAuth is false']),
    ('.webhook', {'url': 'u', 'authType': 'webhook-oauth2-client-credentials'}, {'clientSecret': 's'},
     ["missing required config key 'accessTokenUrl' (authType webhook-oauth2-client-credentials)",
      "missing required config key 'clientId' (authType webhook-oauth2-client-credentials)"]),
    ('.webhook', {'url': 'u', 'method': 'trace'}, {}, ["config key 'method' must be one of post, put, patch, get, delete"]),
    ('.cases-webhook', dict(CASES_WEBHOOK, authType='webhook-oauth2-client-credentials'), {'clientSecret': 's'},
     ['OAuth2 authentication is not supported for cases webhook connector']),
    ('.cases-webhook', dict(CASES_WEBHOOK, hasAuth=True), {}, ['missing secrets: with hasAuth true Kibana needs a secrets configuration']),
    ('.cases-webhook', CASES_WEBHOOK, {}, []),
    ('.cases-webhook', dict(CASES_WEBHOOK, hasAuth=False), {}, []),
    ('.xmatters', {'usesBasic': True}, {'user': 'u', 'password': 'p'}, ["missing required config key 'configUrl'"]),
    ('.xmatters', {'usesBasic': True, 'configUrl': 'u'}, {'user': 'u', 'password': 'p'}, []),
    ('.xmatters', {'usesBasic': False}, {'secretsUrl': 'https://x/?apiKey=k'}, []),
    ('.xmatters', {}, {'secretsUrl': 'https://x/?apiKey=k'}, []),
    ('.xmatters', {'configUrl': 'u'}, {'user': 'u', 'password': 'p'},
     ['secrets user and password must not be given unless usesBasic is true (Kibana checks the config as sent: give '
      'usesBasic true for basic authentication)', 'config configUrl must not be given unless usesBasic is true',
      "missing required secrets key 'secretsUrl'"]),
    ('.servicenow', dict(SN, isOAuth=True), {},
     ["missing required config key 'userIdentifierValue' (isOAuth true)", "missing required config key 'clientId' (isOAuth true)",
      "missing required config key 'jwtKeyId' (isOAuth true)", "missing required secrets key 'clientSecret' (isOAuth true)",
      "missing required secrets key 'privateKey' (isOAuth true)"]),
    ('.servicenow', SN, {'username': 'u', 'password': 'p'}, []),
    ('.servicenow', dict(SN, clientId='c'), {'username': 'u', 'password': 'p'}, ['clientId must not be given when isOAuth is false']),
    ('.servicenow-itom', dict(SN, usesTableApi=False), {'username': 'u', 'password': 'p'},
     ["unknown config key 'usesTableApi' (known: apiUrl, isOAuth, userIdentifierValue, clientId, jwtKeyId)"]),
    ('.torq', {'webhookIntegrationUrl': 'https://example.com/x'}, {'token': 't'},
     ['config webhookIntegrationUrl must begin with https://hooks.torq.io or https://hooks.eu.torq.io']),
    ('.torq', {'webhookIntegrationUrl': 'https://hooks.eu.torq.io/v1/x'}, {'token': 't'}, []),
    ('.swimlane', {'apiUrl': 'u', 'appId': 'a', 'connectorType': 'some'}, {'apiToken': 't'},
     ["missing required config key 'mappings'", "config key 'connectorType' must be one of all, alerts, cases"]),
    ('.gen-ai', {'apiProvider': 'Other', 'apiUrl': 'u'}, {'apiKey': 'k'}, ["missing required config key 'defaultModel' (apiProvider Other)"]),
    ('.gen-ai', {'apiProvider': 'Nope', 'apiUrl': 'u'}, {'apiKey': 'k'}, ["config key 'apiProvider' must be one of OpenAI, Azure OpenAI, Other"]),
    ('.gen-ai', dict(OPENAI, verificationMode='full'), {'apiKey': 'k'},
     ["config key 'verificationMode' is not known for apiProvider OpenAI"]),
    ('.gen-ai', OPENAI, {}, ["missing required secrets key 'apiKey'"]),
    ('.gen-ai', {'apiProvider': 'Other', 'apiUrl': 'u', 'defaultModel': 'm'}, {'certificateData': 'c'},
     ["missing required secrets key 'privateKeyData' (PKI)"]),
    ('.jira', {'apiUrl': 'u', 'projectKey': 'P'}, {'email': 'e', 'apiToken': 't'}, []),
    ('.jira-service-management', {'apiUrl': 'u'}, {}, ["missing required secrets key 'apiKey'"]),
    ('.tines', {'url': 'u'}, {'token': 't'}, ["missing required secrets key 'email'"]),
    ('.xsoar', {'url': 'u'}, {'apiKey': 'k', 'apiKeyID': None}, []),
    ('.crowdstrike', {'url': 'u'}, {'clientId': 'c'}, ["missing required secrets key 'clientSecret'"]),
    ('.microsoft_defender_endpoint', {'clientId': 'c'}, {'clientSecret': 's'},
     ["missing required config key 'tenantId'", "missing required config key 'oAuthServerUrl'",
      "missing required config key 'oAuthScope'", "missing required config key 'apiUrl'"]),
    ('.inference', {'provider': 'openai', 'taskType': 'completion'}, {}, ["missing required config key 'inferenceId'"]),
    ('.mcp', {'serverUrl': 'u', 'authType': 'oauth'}, {}, ["config key 'authType' must be one of none, bearer, apiKey, basic"]),
    ('.unknown', {'x': 1}, {}, []),
])
def test_validate_connector(type_id, config, secrets, expected):
    assert cat.validate_connector(type_id, config, secrets) == expected


def test_validation_texts_never_carry_secret_values():
    errors = cat.validate_connector('.slack', {}, {'webhookUrl': 'https://hooks/s3cr3t', 'typo': 's3cr3t-2'})
    errors += cat.validate_connector('.webhook', {'url': 'u'}, {'user': 's3cr3t-3', 'pfx': 's3cr3t-4'})
    errors += cat.validate_connector('.xmatters', {}, {'secretsUrl': 's3cr3t-5'})
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
    ('.xmatters', {}, ["missing required params key 'severity'"]),
    ('.torq', {'body': '{}'}, []),
    ('.tines', {'subAction': 'webhooks', 'subActionParams': {}}, ["missing required subActionParams key 'storyId'"]),
    ('.xsoar', {'subAction': 'run', 'subActionParams': {'name': 'n', 'severity': 1}},
     ["missing required subActionParams key 'createInvestigation'"]),
    ('.servicenow-itom', {'subAction': 'addEvent', 'subActionParams': {}}, []),
    ('.servicenow-sir', {'subAction': 'closeIncident'}, ['params.subAction must be one of getChoices, getFields, getIncident, '
                                                         'handshake, pushToService']),
    ('.mcp', {'subAction': 'callTool', 'subActionParams': {}}, ["missing required subActionParams key 'name'"]),
    ('.gen-ai', {'subAction': 'invokeAI', 'subActionParams': {'messages': [{'role': 'user', 'content': 'hi'}]}}, []),
    ('.unknown', {'anything': 1}, []),
])
def test_validate_params(type_id, params, expected):
    assert cat.validate_params(type_id, params) == expected


@pytest.mark.parametrize('type_id, sub, read_only', [
    ('.jira', 'getFields', True), ('.jira', 'issueTypes', True), ('.jira', 'pushToService', False),
    ('.servicenow', 'getChoices', True), ('.servicenow-sir', 'getIncident', True), ('.servicenow-itom', 'addEvent', False),
    ('.slack_api', 'validChannelId', True), ('.slack_api', 'postMessage', False),
    # getDashboard may create a dashboard saved object (Kibana's openai functional test "should create a dashboard")
    ('.gen-ai', 'getDashboard', False), ('.gen-ai', 'test', False), ('.tines', 'stories', True), ('.tines', 'test', False),
    ('.xsoar', 'getPlaybooks', True), ('.crowdstrike', 'hostActions', False), ('.sentinelone', 'getAgents', True),
    ('.microsoft_defender_endpoint', 'testConnector', True), ('.microsoft_defender_endpoint', 'isolateHost', False),
    ('.mcp', 'callTool', False), ('.mcp', 'listTools', True),
    ('.index', None, False), ('.unknown', 'getFields', False),
])
def test_read_only_sub_actions(type_id, sub, read_only):
    assert cat.is_read_only(type_id, {'subAction': sub} if sub else {}) is read_only


class TestPredictedConfig:

    def test_create_keeps_plain_null_defaults(self):
        assert cat.predicted_config('.index', {'index': 'i'}) == {'index': 'i', 'refresh': False, 'executionTimeField': None}

    def test_update_mirrors_the_keys_kibana_returns(self):
        have = {'url': 'https://h', 'method': 'post', 'hasAuth': True}
        assert cat.predicted_config('.webhook', {'url': 'https://g'}, have) == {
            'url': 'https://g', 'method': 'post', 'hasAuth': True}
        have = {'url': 'https://h', 'method': 'post', 'headers': None, 'hasAuth': True,
                'authType': 'webhook-authentication-basic'}
        assert cat.predicted_config('.webhook', {'url': 'https://g'}, have)['authType'] == 'webhook-authentication-basic'

    def test_update_of_a_removed_value_gets_the_newest_default(self):
        have = dict(OPENAI, defaultModel='my-model')
        assert cat.predicted_config('.gen-ai', OPENAI, have)['defaultModel'] == 'gpt-4.1'

    def test_given_keys_are_kept(self):
        assert cat.predicted_config('.webhook', {'url': 'https://h', 'authType': None}) == {
            'url': 'https://h', 'method': 'post', 'headers': None, 'hasAuth': True, 'authType': None}

    def test_unknown_type_as_given(self):
        assert cat.predicted_config('.custom', {'a': None}) == {'a': None}


def test_version_key():
    assert cat.version_key('8.19.2') == (8, 19, 2)
    assert cat.version_key('9.4') == (9, 4, 0)
    assert cat.version_key('9.4.0-SNAPSHOT') == (9, 4, 0)


def _cookbook_sections():
    """The cookbook page's sections: type id (the heading's first word) -> the section's text."""
    import os
    import re
    root = os.path.dirname(os.path.abspath(__file__))
    for _level in range(4):
        root = os.path.dirname(root)
    with open(os.path.join(root, 'docs', 'docsite', 'rst', 'cookbook.rst')) as handle:
        text = handle.read()
    parts = re.split(r'\n(\.[a-z0-9_-]+): [^\n]+\n-+\n', text)
    return dict(zip(parts[1::2], parts[2::2]))


def test_the_cookbook_has_one_section_per_type_of_the_catalogue():
    sections = _cookbook_sections()
    assert sorted(sections) == cat.known_types()
    for type_id, text in sections.items():
        record = cat.get_type(type_id)
        assert 'connector_type_id: %s\n' % type_id in text, type_id
        assert text.lstrip().lower().startswith('license %s' % record.license), type_id


def _examples():
    """tests/integration/targets/kibana_connector_types/files/examples.yml: one good and one bad connector per type."""
    import os
    import yaml
    root = os.path.dirname(os.path.abspath(__file__))
    for _level in range(4):
        root = os.path.dirname(root)
    path = os.path.join(root, 'tests', 'integration', 'targets', 'kibana_connector_types', 'files', 'examples.yml')
    with open(path) as handle:
        return yaml.safe_load(handle)['types']


EXAMPLES = _examples()


def test_the_examples_cover_every_type():
    assert sorted(EXAMPLES) == cat.known_types()
    for type_id, entry in EXAMPLES.items():
        assert bool(entry.get('system')) == cat.is_system_type(type_id)
        assert ('good' in entry) != cat.is_system_type(type_id)


@pytest.mark.parametrize('type_id', sorted(EXAMPLES))
def test_the_good_example_passes_and_the_bad_one_names_its_problem(type_id):
    entry = EXAMPLES[type_id]
    if 'good' in entry:
        assert cat.validate_connector(type_id, entry['good']['config'], entry['good']['secrets']) == []
        if 'extra' in entry:
            with_extra = dict(entry['good']['config'], **entry['extra'])
            assert cat.validate_connector(type_id, with_extra, entry['good']['secrets']) == []
            # the extra values are not Kibana's defaults, so removing them is a change
            defaults = cat.config_with_defaults(type_id, entry['good']['config'])
            assert all(defaults.get(key) != value for key, value in entry['extra'].items())
        if 'deprecated' in entry:
            assert cat.is_deprecated(type_id, cat.predicted_config(type_id, entry['good']['config'])) is entry['deprecated']
    bad = entry['bad']
    problems = cat.validate_connector(type_id, bad['config'], bad['secrets'])
    assert any(bad['problem'] in problem for problem in problems), problems
    if 'kibana' in bad:
        assert bad['kibana']['where'] in ('config', 'secrets', 'connector')
        assert bad['kibana']['key'] in ' '.join(problems)
