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
from ansible_collections.kibana.connectors.plugins.module_utils._schema import CREDENTIAL, IDENTITY

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
    # the catalogue has at least the types of issue 14 (newer ones are added as records, nothing else)
    assert set(ISSUE_TYPES) <= set(cat.known_types())
    for type_id in ISSUE_TYPES:
        record = cat.get_type(type_id)
        assert record.id == type_id and record.name
        assert record.license in ('basic', 'gold', 'platinum', 'enterprise')
        assert record.features


def test_every_record_cites_kibanas_source():
    for type_id in cat.known_types():
        source = cat.get_type(type_id).source
        assert source and '@' in source, type_id


def test_every_secrets_key_is_a_credential_or_an_identity():
    for type_id in cat.known_types():
        for name, key in cat.get_type(type_id).secrets.items():
            assert key.secret in (CREDENTIAL, IDENTITY), (type_id, name)


# The secrets keys that name someone (sent as secrets, not masked in results), per type; every other secrets key is a
# credential. Kibana's forms show these as plain text fields; an API key id shown as a password (XSOAR's apiKeyID)
# stays a credential.
IDENTITIES = {
    '.webhook': ['user'], '.cases-webhook': ['user'], '.email': ['user'], '.xmatters': ['user'], '.mcp': ['user'],
    '.servicenow': ['username'], '.servicenow-sir': ['username'], '.servicenow-itom': ['username'],
    '.jira': ['email'], '.tines': ['email'], '.resilient': ['apiKeyId'], '.crowdstrike': ['clientId'],
}


@pytest.mark.parametrize('type_id', ISSUE_TYPES)
def test_identity_or_credential_per_type(type_id):
    record = cat.get_type(type_id)
    assert sorted(cat.identity_keys(type_id)) == IDENTITIES.get(type_id, [])
    credentials = sorted(name for name, key in record.secrets.items() if key.secret == CREDENTIAL)
    assert credentials == sorted(set(record.secrets) - set(IDENTITIES.get(type_id, [])))


def test_identity_and_credential_examples():
    assert cat.get_type('.xsoar').secrets['apiKeyID'].secret == CREDENTIAL
    assert cat.get_type('.bedrock').secrets['accessKey'].secret == CREDENTIAL
    assert cat.get_type('.slack').secrets['webhookUrl'].secret == CREDENTIAL
    assert cat.identity_keys('.nope') == cat.IDENTITY_NAMES


def test_closest_types():
    assert cat.closest_types('.slak') == ['.slack']
    assert cat.closest_types('.servicenow-itm') == ['.servicenow-itom', '.servicenow-sir', '.servicenow']
    assert cat.closest_types('.my-own-typ', others=['.my-own-type']) == ['.my-own-type']
    assert cat.closest_types('.zzzzzzzz') == []


@pytest.mark.parametrize('type_id, sent, at_819, at_94', RETURNED)
def test_returned_config_per_kibana_version(type_id, sent, at_819, at_94):
    assert cat.returned_config(type_id, sent, '8.19.0') == at_819
    assert cat.returned_config(type_id, sent, '9.4.0') == (at_819 if at_94 is None else at_94)


@pytest.mark.parametrize('type_id, sent, at_819, at_94', RETURNED)
def test_a_create_predicts_the_newest_kibana(type_id, sent, at_819, at_94):
    assert cat.returned_config(type_id, sent) == (at_819 if at_94 is None else at_94)


@pytest.mark.parametrize('type_id, sent, at_819, at_94', RETURNED)
def test_defaults_complete_the_config_as_each_version_returns_it(type_id, sent, at_819, at_94):
    for returned in (at_819, at_94 or at_819):
        assert cat.without_nulls(cat.returned_config(type_id, sent, current=returned)) == cat.without_nulls(returned)


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
    returned = cat.returned_config(type_id, sent, version)
    assert cat.without_nulls(returned) == cat.without_nulls(config)
    # whatever this version returned, the comparison takes it for the default
    assert cat.without_nulls(cat.returned_config(type_id, sent, current=returned)) == cat.without_nulls(returned)


def test_a_removed_non_default_value_is_not_taken_for_a_default():
    held = dict(OPENAI, defaultModel='gpt-3.5-turbo')
    assert cat.returned_config('.gen-ai', OPENAI, current=held)['defaultModel'] != 'gpt-3.5-turbo'
    azure = {'apiProvider': 'Azure OpenAI', 'apiUrl': 'u'}
    assert 'defaultModel' not in cat.returned_config('.gen-ai', azure, current=dict(azure, defaultModel='gpt-4o'))


def versioned_attributes():
    for record in cat.TYPES.values():
        for keys in ([] if record.config is cat.ANY else [record.config]) + [record.secrets]:
            if isinstance(keys, cat.Versions):
                continue
            for name, key in keys.items():
                for attribute in (key.default, key.required):
                    if isinstance(attribute, cat.Versions):
                        yield (record.id, name), attribute


def test_versioned_values_are_what_the_releases_have_oldest_first():
    attributes = list(versioned_attributes())
    assert attributes  # the catalogue has versioned defaults (the .gen-ai model, the .email service...)
    for where, attribute in attributes:
        # what each release has, asked release by release: before every change, and at each change
        versions = ['0.0.1'] + sorted(set(attribute.starts), key=cat.version_key)
        expected = []
        for version in versions:
            value = attribute.at(version)
            if not any(value is seen or (type(value) is type(seen) and value == seen) for seen in expected):
                expected.append(value)
        assert attribute.values() == expected, where


def test_every_versioned_change_changes_the_value():
    for where, attribute in versioned_attributes():
        before = attribute.oldest
        for start, value in attribute.changes:
            assert not (value is before or (type(value) is type(before) and value == before)), (where, start)
            before = value


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


def test_versions_describe_older_kibana():
    swimlane = cat.get_type('.swimlane')
    assert swimlane.config_keys('9.4.0')['mappings'].required_in('9.4.0')
    assert not swimlane.config_keys('9.2.0')['mappings'].required_in('9.2.0')
    assert swimlane.config_keys('9.3.0')['mappings'].required_in('9.3.0')
    assert 'secretHeaders' not in cat.get_type('.webhook').secrets_keys('8.19.0')
    assert 'secretHeaders' in cat.get_type('.webhook').secrets_keys('9.2.0')
    assert cat.get_type('.webhook').config_keys('9.2.0')['method'].choices('9.2.0') == ['post', 'put']
    assert cat.get_type('.webhook').config_keys('9.3.0')['method'].choices('9.3.0') == [
        'post', 'put', 'patch', 'get', 'delete']
    assert cat.get_type('.gen-ai').since == '8.9'


# Kibana 8.0-8.2 ServiceNow (x-pack/plugins/actions/server/builtin_action_types/servicenow/schema.ts): config
# {apiUrl, usesTableApi} (ITOM {apiUrl}), secrets username and password; the OAuth keys came with 8.3 (PR #131084).
SN_82 = dict(SN, usesTableApi=True)


@pytest.mark.parametrize('type_id, returned', [
    ('.servicenow', SN_82), ('.servicenow-sir', SN_82), ('.servicenow-itom', SN)])
def test_servicenow_before_8_3_knows_no_oauth(type_id, returned):
    record = cat.get_type(type_id)
    assert cat.returned_config(type_id, SN, '8.2.0') == returned
    assert 'isOAuth' in cat.returned_config(type_id, SN, '8.3.0')
    # the config Kibana 8.2 returns is no change: an absent isOAuth is its default there
    assert cat.without_nulls(cat.returned_config(type_id, SN, current=returned)) == cat.without_nulls(returned)
    # an update keeps what that Kibana shows: no isOAuth
    assert 'isOAuth' not in cat.returned_config(type_id, SN, current=returned)
    assert cat.returned_config(type_id, SN, '8.2.4') == returned
    basic = {'username': 'u', 'password': 'p'}
    assert cat.validate_connector(type_id, dict(SN, isOAuth=False), basic, version='8.2.0') == [
        "unknown config key 'isOAuth' (known: %s)" % ', '.join(sorted(record.config_keys('8.2.0')))]
    assert sorted(name for name, key in record.secrets_keys('8.2.0').items()
                  if key.required_in('8.2.0')) == ['password', 'username']
    assert cat.validate_connector(type_id, SN, dict(basic, clientSecret='s'), version='8.2.0') == [
        "unknown secrets key 'clientSecret' (known: password, username)"]
    assert cat.validate_connector(type_id, SN, {}, version='8.2.0') == [
        "missing required secrets key 'password'", "missing required secrets key 'username'"]
    assert cat.validate_connector(type_id, dict(SN, isOAuth=False), basic, version='8.3.0') == []


def test_servicenow_version_note_for_is_oauth():
    notes = cat.version_notes('.servicenow', SN)
    assert notes == ['config.isOAuth: false (Kibana 8.3 and later); left out (Kibana 8.0 to before 8.3)']
    assert cat.version_notes('.servicenow', dict(SN, isOAuth=False)) == []


@pytest.mark.parametrize('type_id', ['.teams', '.server-log'])
def test_teams_and_server_log_store_any_config_before_8_8(type_id):
    """No config validator before 8.8 (PR #153969): Kibana stored the config as sent."""
    record = cat.get_type(type_id)
    assert record.config_keys('8.7.0') is cat.ANY
    assert cat.validate_connector(type_id, {'free': 'form'}, {}, check_secrets=False, version='8.7.0') == []
    assert cat.returned_config(type_id, {'free': 'form'}, '8.7.0') == {'free': 'form'}
    assert cat.validate_connector(type_id, {'free': 'form'}, {}, check_secrets=False, version='8.8.0') == [
        "unknown config key 'free' (known: none)"]


@pytest.mark.parametrize('version, config_key, secret_key, known', [
    # OAuth2 client credentials from 9.2 (PR #218442)
    ('9.1.0', 'accessTokenUrl', 'clientSecret', True),
    ('9.2.0', 'accessTokenUrl', 'clientSecret', False),
    # SSL from 8.10 (PR #161894)
    ('8.9.0', 'ca', 'crt', True),
    ('8.10.0', 'ca', 'crt', False),
])
def test_webhook_auth_keys_by_version(version, config_key, secret_key, known):
    problems = cat.validate_connector('.webhook', {'url': 'https://u', config_key: 'x'}, {secret_key: 'x'},
                                      version=version)
    unknown_config = any(problem.startswith("unknown config key '%s'" % config_key) for problem in problems)
    unknown_secret = any(problem.startswith("unknown secrets key '%s'" % secret_key) for problem in problems)
    assert unknown_config is known and unknown_secret is known


def test_webhook_auth_types_by_version():
    oauth2 = {'url': 'https://u', 'authType': 'webhook-oauth2-client-credentials', 'accessTokenUrl': 'https://t',
              'clientId': 'c'}
    problems = cat.validate_connector('.webhook', oauth2, {}, version='9.1.0')
    assert 'config.authType: expected one of webhook-authentication-basic, webhook-authentication-ssl, null, ' \
           'got "webhook-oauth2-client-credentials"' in problems
    assert cat.validate_connector('.webhook', oauth2, {}, version='9.2.0') == []
    assert cat.validate_connector('.webhook', {'url': 'https://u', 'method': 'put', 'hasAuth': True}, {},
                                  version='8.9.0') == []
    # accessTokenUrl is a URL only for OAuth2 (webhook/validations.ts)
    assert cat.validate_connector('.webhook', dict(oauth2, accessTokenUrl='token'), {}, version='9.2.0') == [
        'config.accessTokenUrl: expected a URL, got "token" (authType webhook-oauth2-client-credentials)']
    assert cat.validate_connector('.webhook', {'url': 'https://u', 'accessTokenUrl': 'token'}, {}, version='9.2.0') == []


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
    assert cat.returned_config('.nope', {'a': None}) == {'a': None}
    assert cat.returned_config('.nope', {'a': None}, current={'a': 1}) == {'a': None}
    assert cat.get_type('.nope') is None


def test_types_that_drop_unknown_keys():
    """.mcp (zod, not strict) drops unknown config and secrets keys: Kibana accepts them, so the validation does too,
    and the comparison drops them."""
    config = {'serverUrl': 'https://u', 'tools': []}
    assert cat.returned_config('.mcp', config) == {'serverUrl': 'https://u', 'hasAuth': True}
    assert cat.get_type('.mcp').drops_unknown_config() and cat.get_type('.mcp').drops_unknown_config('9.3.0')
    assert cat.validate_connector('.mcp', config, {'token': 't', 'refreshToken': 'r'}) == []
    # a known key still has its value type checked
    assert cat.validate_connector('.mcp', dict(config, hasAuth='sometimes'), {}) == [
        'config.hasAuth: expected a boolean, got "sometimes"']


@pytest.mark.parametrize('version', ['8.18.0', '9.2.0', '9.3.0', '9.4.0'])
def test_inference_refuses_unknown_keys_in_every_era(version):
    """config-schema schema.object up to 9.2, zod .strict() from 9.3: Kibana refuses an unknown key, never drops it."""
    record = cat.get_type('.inference')
    inference = {'provider': 'openai', 'taskType': 'completion', 'inferenceId': 'x', 'model': 'm'}
    assert not record.drops_unknown_config() and not record.drops_unknown_config(version)
    assert cat.validate_connector('.inference', inference, {}, version=version) == [
        "unknown config key 'model' (known: %s)" % ', '.join(sorted(record.config_keys(version)))]
    assert cat.returned_config('.inference', inference)['model'] == 'm'


def test_nested_defaults_of_swimlane_mappings():
    have = {'apiUrl': 'u', 'appId': 'a', 'connectorType': 'all', 'mappings': dict(MAPPINGS, alertIdConfig={'id': 'x'})}
    want = cat.returned_config('.swimlane', {'apiUrl': 'u', 'appId': 'a', 'connectorType': 'all',
                                             'mappings': {'alertIdConfig': {'id': 'x'}}}, current=have)
    assert want == have
    # 8.x-9.2 fill an omitted mappings with its seven nulls
    assert cat.returned_config('.swimlane', {'apiUrl': 'u', 'appId': 'a', 'connectorType': 'all'}, '9.2.0')[
        'mappings'] == MAPPINGS
    assert cat.returned_config('.swimlane', {'apiUrl': 'u', 'appId': 'a', 'connectorType': 'all'})['mappings'] == MAPPINGS


def test_rules_are_data_and_functions_of_the_record():
    """Per-type rules live on the type's record, not in branches on the type id."""
    assert cat.validate_connector('.email', {'from': 'a@b', 'service': 'gmail'}, {}, check_secrets=False) == []
    assert cat.validate_connector('.email', {'from': 'a@b'}, {}, check_secrets=False) == [
        "missing required config key 'host'", "missing required config key 'port'"]
    assert cat.get_type('.servicenow-sir').config == cat.get_type('.servicenow').config
    assert cat.get_type('.servicenow-sir').name == 'ServiceNow SecOps'
    assert 'closeIncident' not in cat.get_type('.servicenow-sir').sub_actions
    # a rule naming a secret is Kibana's connector check: not run when the secrets are not checked
    assert cat.validate_connector('.xmatters', {'usesBasic': True}, {}, check_secrets=False) == []
    # config-only oddities run without the secrets too
    assert cat.validate_connector('.torq', {'webhookIntegrationUrl': 'https://example.com/x'}, {}, check_secrets=False) == [
        'config webhookIntegrationUrl must begin with https://hooks.torq.io or https://hooks.eu.torq.io']


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
    ('.index', {'index': 'i', 'bogus': 1}, {}, ["unknown config key 'bogus' (known: executionTimeField, index, refresh)"]),
    ('.slack', {}, {}, ["missing required secrets key 'webhookUrl'"]),
    ('.slack', {}, {'webhookUrl': 'https://u', 'extra': 'x'}, ["unknown secrets key 'extra' (known: webhookUrl)"]),
    # Kibana 8.0-8.7 store any config of these two types: without a version nothing is certain
    ('.server-log', {'x': 1}, {}, []),
    ('.teams', {'free': 'form'}, {'webhookUrl': 'https://u'}, []),
    ('.email', {'from': 'a@b'}, {'user': 'u', 'password': 'p'}, ["missing required config key 'host'", "missing required config key 'port'"]),
    # Kibana's connector checks see the config as sent: a hasAuth left out asks for nothing
    ('.email', {'from': 'a@b', 'service': 'gmail'}, {}, []),
    ('.email', {'from': 'a@b', 'service': 'gmail', 'hasAuth': True}, {},
     ["missing required secrets key 'user' (hasAuth true)", "missing required secrets key 'password' (hasAuth true)"]),
    ('.email', {'from': 'a@b', 'service': 'gmail', 'hasAuth': False}, {}, []),
    ('.email', {'from': 'a@b', 'service': 'exchange_server'}, {},
     ["missing required config key 'clientId' (service exchange_server)",
      "missing required config key 'tenantId' (service exchange_server)", "missing required secrets key 'clientSecret'"]),
    ('.webhook', {'url': 'https://u'}, {'user': 'u'}, ['secrets user and password must be given together']),
    ('.webhook', {'url': 'https://u'}, {'crt': 'c', 'key': 'k', 'password': 'p'}, []),
    ('.webhook', {'url': 'https://u'}, {'user': 'u', 'password': 'p', 'pfx': 'x'},
     ['secrets must be one of: user and password; crt and key (with optional password); pfx (with optional password); '
      'or clientSecret (for OAuth2)']),
    ('.webhook', {'url': 'https://u', 'hasAuth': False, 'authType': 'webhook-authentication-basic'}, {},
     ['config authType must be null or left out when hasAuth is false']),
    ('.webhook', {'url': 'https://u', 'authType': 'webhook-oauth2-client-credentials'}, {'clientSecret': 's'},
     ["missing required config key 'accessTokenUrl' (authType webhook-oauth2-client-credentials)",
      "missing required config key 'clientId' (authType webhook-oauth2-client-credentials)"]),
    ('.webhook', {'url': 'https://u', 'method': 'trace'}, {},
     ['config.method: expected one of post, put, patch, get, delete, got "trace"']),
    ('.cases-webhook', dict(CASES_WEBHOOK, authType='webhook-oauth2-client-credentials'), {'clientSecret': 's'},
     ['OAuth2 authentication is not supported for cases webhook connector']),
    ('.cases-webhook', dict(CASES_WEBHOOK, hasAuth=True), {},
     ['one of secrets.user, secrets.password, secrets.crt, secrets.key, secrets.pfx, secrets.clientSecret, '
      'secrets.secretHeaders is required (hasAuth true)']),
    ('.cases-webhook', CASES_WEBHOOK, {}, []),
    ('.cases-webhook', dict(CASES_WEBHOOK, hasAuth=False), {}, []),
    ('.xmatters', {'usesBasic': True}, {'user': 'u', 'password': 'p'}, ["missing required config key 'configUrl' (usesBasic true)"]),
    ('.xmatters', {'usesBasic': True, 'configUrl': 'https://x/flow'}, {'user': 'u', 'password': 'p'}, []),
    ('.xmatters', {'usesBasic': False}, {'secretsUrl': 'https://x/?apiKey=k'}, []),
    ('.xmatters', {}, {'secretsUrl': 'https://x/?apiKey=k'}, []),
    ('.xmatters', {'configUrl': 'https://x/flow'}, {'user': 'u', 'password': 'p'},
     ['secrets user and password must not be given unless usesBasic is true (Kibana checks the config as sent: give '
      'usesBasic true for basic authentication)', 'config configUrl must not be given unless usesBasic is true',
      "missing required secrets key 'secretsUrl'"]),
    ('.xmatters', {'usesBasic': True, 'configUrl': 'https://x/flow'}, {'user': 'u', 'password': 'p',
                                                                       'secretsUrl': 'https://x/?apiKey=k'},
     ['secrets.secretsUrl, secrets.user are mutually exclusive (given: secrets.secretsUrl, secrets.user)',
      'secrets.secretsUrl, secrets.password are mutually exclusive (given: secrets.secretsUrl, secrets.password)']),
    ('.servicenow', dict(SN, isOAuth=True), {},
     ["missing required config key 'userIdentifierValue' (isOAuth true)", "missing required config key 'clientId' (isOAuth true)",
      "missing required config key 'jwtKeyId' (isOAuth true)", "missing required secrets key 'clientSecret' (isOAuth true)",
      "missing required secrets key 'privateKey' (isOAuth true)"]),
    ('.servicenow', SN, {'username': 'u', 'password': 'p'}, []),
    ('.servicenow', dict(SN, clientId='c'), {'username': 'u', 'password': 'p'}, ['clientId must not be given when isOAuth is false']),
    ('.servicenow-itom', dict(SN, usesTableApi=False), {'username': 'u', 'password': 'p'},
     ["unknown config key 'usesTableApi' (known: apiUrl, clientId, isOAuth, jwtKeyId, userIdentifierValue)"]),
    ('.torq', {'webhookIntegrationUrl': 'https://example.com/x'}, {'token': 't'},
     ['config webhookIntegrationUrl must begin with https://hooks.torq.io or https://hooks.eu.torq.io']),
    ('.torq', {'webhookIntegrationUrl': 'https://hooks.eu.torq.io/v1/x'}, {'token': 't'}, []),
    # mappings is required from 9.3 only: without a version, only the certain problem
    ('.swimlane', {'apiUrl': 'https://u', 'appId': 'a', 'connectorType': 'some'}, {'apiToken': 't'},
     ['config.connectorType: expected one of all, alerts, cases, got "some"']),
    ('.gen-ai', {'apiProvider': 'Other', 'apiUrl': 'https://u'}, {'apiKey': 'k'},
     ["missing required config key 'defaultModel' (apiProvider Other)"]),
    ('.gen-ai', {'apiProvider': 'Nope', 'apiUrl': 'https://u'}, {'apiKey': 'k'},
     ['config.apiProvider: expected one of OpenAI, Azure OpenAI, Other, got "Nope"']),
    ('.gen-ai', dict(OPENAI, verificationMode='full'), {'apiKey': 'k'},
     ["config key 'verificationMode' is not known for apiProvider OpenAI"]),
    ('.gen-ai', OPENAI, {}, ["missing required secrets key 'apiKey'"]),
    # refused by every version, each for its own reasons (PKI keys unknown before 8.19): the newest's
    ('.gen-ai', {'apiProvider': 'Other', 'apiUrl': 'https://u', 'defaultModel': 'm'}, {'certificateData': 'c'},
     ["missing required secrets key 'privateKeyData' (PKI)"]),
    ('.jira', {'apiUrl': 'https://u', 'projectKey': 'P'}, {'email': 'e', 'apiToken': 't'}, []),
    ('.jira-service-management', {'apiUrl': 'https://u'}, {}, ["missing required secrets key 'apiKey'"]),
    ('.tines', {'url': 'https://u'}, {'token': 't'}, ["missing required secrets key 'email'"]),
    ('.xsoar', {'url': 'https://u'}, {'apiKey': 'k', 'apiKeyID': None}, []),
    ('.crowdstrike', {'url': 'https://u'}, {'clientId': 'c'}, ["missing required secrets key 'clientSecret'"]),
    ('.microsoft_defender_endpoint', {'clientId': 'c'}, {'clientSecret': 's'},
     ["missing required config key 'apiUrl'", "missing required config key 'oAuthScope'",
      "missing required config key 'oAuthServerUrl'", "missing required config key 'tenantId'"]),
    ('.inference', {'provider': 'openai', 'taskType': 'completion'}, {}, ["missing required config key 'inferenceId'"]),
    ('.mcp', {'serverUrl': 'https://u', 'authType': 'oauth'}, {},
     ['config.authType: expected one of none, bearer, apiKey, basic, got "oauth"']),
    ('.unknown', {'x': 1}, {}, []),
])
def test_validate_connector(type_id, config, secrets, expected):
    assert cat.validate_connector(type_id, config, secrets) == expected


@pytest.mark.parametrize('type_id, config, secrets, version, expected', [
    ('.server-log', {'x': 1}, {}, '8.19.0', ["unknown config key 'x' (known: none)"]),
    ('.teams', {'free': 'form'}, {'webhookUrl': 'https://u'}, '9.4.0', ["unknown config key 'free' (known: none)"]),
    ('.swimlane', {'apiUrl': 'https://u', 'appId': 'a', 'connectorType': 'some'}, {'apiToken': 't'}, '9.3.0',
     ["missing required config key 'mappings'", 'config.connectorType: expected one of all, alerts, cases, got "some"']),
    ('.gen-ai', {'apiProvider': 'Other', 'apiUrl': 'https://u', 'defaultModel': 'm'}, {'certificateData': 'c'}, '9.4.0',
     ["missing required secrets key 'privateKeyData' (PKI)"]),
    # before PKI (8.19, 9.1): apiKey is simply required, and the PKI keys are unknown
    ('.gen-ai', {'apiProvider': 'Other', 'apiUrl': 'https://u', 'defaultModel': 'm'}, {'certificateData': 'c'}, '9.0.0',
     ["missing required secrets key 'apiKey'", "unknown secrets key 'certificateData' (known: apiKey)"]),
    ('.gen-ai', {'apiProvider': 'Other', 'apiUrl': 'https://u', 'defaultModel': 'm'}, {'apiKey': 'k'}, '8.15.0',
     ['config.apiProvider: expected one of OpenAI, Azure OpenAI, got "Other"']),
])
def test_validate_connector_of_a_version(type_id, config, secrets, version, expected):
    assert cat.validate_connector(type_id, config, secrets, version=version) == expected


def test_validation_texts_never_carry_secret_values():
    errors = cat.validate_connector('.slack', {}, {'webhookUrl': 's3cr3t-1', 'typo': 's3cr3t-2'})
    errors += cat.validate_connector('.webhook', {'url': 'https://u'}, {'user': 's3cr3t-3', 'pfx': 's3cr3t-4'})
    errors += cat.validate_connector('.xmatters', {}, {'secretsUrl': 's3cr3t-5'})
    errors += cat.validate_connector('.mcp', {'serverUrl': 'https://u'}, {'secretHeaders': {'X-Key': 7, 'y': 's3cr3t-6'}})
    errors += cat.validate_connector('.email', {'from': 'a', 'host': 'h', 'port': 1}, {'password': ['s3cr3t-7']})
    assert len(errors) >= 5 and not any('s3cr3t' in e for e in errors)
    assert 'secrets.webhookUrl: expected a URL, got a value of type str' in errors
    assert 'secrets.password: expected a string, got a value of type list' in errors


# --------------------------------------------------------------------------- value types
@pytest.mark.parametrize('type_id, config, secrets, expected', [
    # str
    ('.index', {'index': 7}, {}, 'config.index: expected a string, got 7'),
    # url: Kibana parses it (new URL(), the allow-list's url.parse): a scheme, and a host after http(s)
    ('.webhook', {'url': 'hooks.example.com/x'}, {}, 'config.url: expected a URL, got "hooks.example.com/x"'),
    ('.webhook', {'url': 'https:///x'}, {}, 'config.url: expected a URL, got "https:///x"'),
    # url of an LLM connector: assertURL takes http and https only
    ('.bedrock', {'apiUrl': 'ftp://bedrock.example.com'}, {'accessKey': 'a', 'secret': 's'},
     'config.apiUrl: expected a URL (http, https), got "ftp://bedrock.example.com"'),
    # json
    ('.webhook', {'url': 'https://u', 'additionalFields': '[1]'}, {},
     'config.additionalFields: expected a string holding a non-empty JSON object, got "[1]"'),
    # number, with Kibana's bounds
    ('.email', {'from': 'a@b', 'host': 'h', 'port': 'smtp'}, {}, 'config.port: expected a number, got "smtp"'),
    ('.email', {'from': 'a@b', 'host': 'h', 'port': 0}, {}, 'config.port: expected a number from 1 to 65535, got 0'),
    ('.email', {'from': 'a@b', 'host': 'h', 'port': True}, {}, 'config.port: expected a number, got true'),
    # bool
    ('.index', {'index': 'i', 'refresh': 'sometimes'}, {}, 'config.refresh: expected a boolean, got "sometimes"'),
    # enum
    ('.webhook', {'url': 'https://u', 'certType': 'pem'}, {},
     'config.certType: expected one of ssl-crt-key, ssl-pfx, got "pem"'),
    # null where Kibana takes no null (schema.maybe / .optional())
    ('.webhook', {'url': 'https://u', 'ca': None}, {}, 'config.ca: expected a string, got null'),
    # list, with the kind of its items
    ('.slack_api', {'allowedChannels': {'id': 'C1'}}, {'token': 't'},
     'config.allowedChannels: expected a list of dicts, got {"id": "C1"}'),
    # dict, with the kind of its values
    ('.webhook', {'url': 'https://u', 'headers': ['X-A: 1']}, {}, 'config.headers: expected a dict of strings, got ["X-A: 1"]'),
    ('.webhook', {'url': 'https://u', 'headers': {'X-A': 1}}, {}, 'config.headers: expected a dict of strings, got {"X-A": 1}'),
    # a secret: its value type only, never its value
    ('.slack', {}, {'webhookUrl': 12345}, 'secrets.webhookUrl: expected a URL, got a value of type int'),
    ('.jira', {'apiUrl': 'https://u', 'projectKey': 'P'}, {'email': ['e'], 'apiToken': 't'},
     'secrets.email: expected a string, got a value of type list'),
])
def test_a_wrong_value_type_names_the_key_what_was_expected_and_what_was_given(type_id, config, secrets, expected):
    problems = cat.validate_connector(type_id, config, secrets)
    assert expected in problems, problems


def test_an_int_key_names_the_key_what_was_expected_and_what_was_given():
    key = cat.Key('int', minimum=1, maximum=10)
    assert key.convert('25', cat.NEWEST, False) == (25, 'expected an integer from 1 to 10, got 25')
    assert key.convert(2.5, cat.NEWEST, False) == (2.5, 'expected an integer, got 2.5')
    assert key.convert('x', cat.NEWEST, True) == ('x', 'expected an integer, got a value of type str')
    assert key.convert('7', cat.NEWEST, False) == (7, None)


@pytest.mark.parametrize('type_id, config, key, converted', [
    ('.email', {'from': 'a@b', 'host': 'h', 'port': '25'}, 'port', 25),
    ('.email', {'from': 'a@b', 'host': 'h', 'port': '25', 'hasAuth': 'no'}, 'hasAuth', False),
    ('.index', {'index': 'i', 'refresh': 'yes'}, 'refresh', True),
    ('.index', {'index': 'i', 'refresh': 1}, 'refresh', True),
    ('.gen-ai', dict(OPENAI, temperature='0.2'), 'temperature', 0.2),
    ('.gen-ai', dict(OPENAI, contextWindowLength='128000'), 'contextWindowLength', 128000),
    # config-schema takes a JSON object string for an object; Ansible converts it (and key=value) to a dict
    ('.webhook', {'url': 'https://u', 'headers': '{"X-A": "1"}'}, 'headers', {'X-A': '1'}),
    ('.webhook', {'url': 'https://u', 'headers': 'X-A=1'}, 'headers', {'X-A': '1'}),
])
def test_ansible_style_conversions_are_accepted(type_id, config, key, converted):
    config_out, _secrets, problems = cat.normalize(type_id, config, {'user': 'u', 'password': 'p', 'apiKey': 'k'},
                                                   check_secrets=False)
    assert problems == []
    assert config_out[key] == converted and type(config_out[key]) is type(converted)
    assert cat.validate_connector(type_id, config, {}, check_secrets=False) == []


def test_normalize_converts_secrets_too_and_keeps_unknown_types_as_given():
    _config, secrets, problems = cat.normalize('.mcp', {'serverUrl': 'https://u'}, {'secretHeaders': '{"X-K": "v"}'})
    assert problems == [] and secrets == {'secretHeaders': {'X-K': 'v'}}
    assert cat.normalize('.nope', {'port': '25'}, {'a': 'b'}) == ({'port': '25'}, {'a': 'b'}, [])
    assert cat.normalize('.nope', {'x': ' '}, {}) == ({'x': ' '}, {}, [
        'config.x: Kibana refuses an empty or whitespace-only string'])


def test_an_enum_value_that_exists_from_a_version():
    """webhook methods patch, get and delete from 9.3: refused by older Kibana, accepted without a version (only
    what is certain is refused then)."""
    patch = {'url': 'https://u', 'method': 'patch'}
    assert cat.validate_connector('.webhook', patch, {}, version='9.2.0') == [
        'config.method: expected one of post, put, got "patch"']
    assert cat.validate_connector('.webhook', patch, {}, version='9.3.0') == []
    assert cat.validate_connector('.webhook', patch, {}) == []
    assert cat.version_dependent('.webhook', patch)
    # a value no version has is certain
    assert cat.validate_connector('.webhook', dict(patch, method='head'), {}) == [
        'config.method: expected one of post, put, patch, get, delete, got "head"']


def test_a_key_that_exists_from_a_version():
    bedrock = {'apiUrl': 'https://bedrock.example.com', 'region': 'us-east-1'}
    secrets = {'accessKey': 'a', 'secret': 's'}
    assert cat.validate_connector('.bedrock', bedrock, secrets, version='9.3.0') == [
        "unknown config key 'region' (known: apiUrl, contextWindowLength, defaultModel, temperature)"]
    assert cat.validate_connector('.bedrock', bedrock, secrets, version='9.4.0') == []
    assert cat.validate_connector('.bedrock', bedrock, secrets) == []
    assert cat.version_dependent('.bedrock', bedrock)
    # OpenAI's PKI secrets from 8.19 and 9.1: keys of a release line (not 9.0)
    pki = {'apiProvider': 'Other', 'apiUrl': 'https://u', 'defaultModel': 'm'}
    for version, known in (('8.18.0', False), ('8.19.0', True), ('9.0.0', False), ('9.1.0', True)):
        problems = cat.validate_connector('.gen-ai', pki, {'apiKey': 'k', 'caData': 'c'}, version=version)
        assert (problems == []) is known, (version, problems)


def test_identities_are_not_masked_but_still_validated():
    assert cat.validate_connector('.crowdstrike', {'url': 'https://u'}, {'clientId': 5, 'clientSecret': 's'}) == [
        'secrets.clientId: expected a string, got a value of type int']


@pytest.mark.parametrize('type_id, params, expected', [
    ('.index', {'documents': [{'a': 1}]}, []),
    ('.index', {}, ["missing required params key 'documents'"]),
    ('.index', {'documents': {'a': 1}}, ['params.documents: expected a list of dicts, got {"a": 1}']),
    ('.server-log', {'message': 'm', 'level': 'loud'},
     ['params.level: expected one of trace, debug, info, warn, error, fatal, got "loud"']),
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


class TestReturnedConfig:

    def test_create_keeps_plain_null_defaults(self):
        assert cat.returned_config('.index', {'index': 'i'}) == {'index': 'i', 'refresh': False, 'executionTimeField': None}

    def test_update_mirrors_the_keys_kibana_returns(self):
        have = {'url': 'https://h', 'method': 'post', 'hasAuth': True}
        assert cat.returned_config('.webhook', {'url': 'https://g'}, current=have) == {
            'url': 'https://g', 'method': 'post', 'hasAuth': True}
        have = {'url': 'https://h', 'method': 'post', 'headers': None, 'hasAuth': True,
                'authType': 'webhook-authentication-basic'}
        assert cat.returned_config('.webhook', {'url': 'https://g'}, current=have)['authType'] == 'webhook-authentication-basic'

    def test_update_of_a_removed_value_gets_the_newest_default(self):
        have = dict(OPENAI, defaultModel='my-model')
        assert cat.returned_config('.gen-ai', OPENAI, current=have)['defaultModel'] == 'gpt-4.1'

    def test_given_keys_are_kept(self):
        assert cat.returned_config('.webhook', {'url': 'https://h', 'authType': None}) == {
            'url': 'https://h', 'method': 'post', 'headers': None, 'hasAuth': True, 'authType': None}

    def test_unknown_type_as_given(self):
        assert cat.returned_config('.custom', {'a': None}) == {'a': None}


def test_version_key():
    assert cat.version_key('8.19.2') == (8, 19, 2)
    assert cat.version_key('9.4') == (9, 4, 0)
    assert cat.version_key('9.4.0-SNAPSHOT') == (9, 4, 0)


def _root():
    import os
    root = os.path.dirname(os.path.abspath(__file__))
    for _level in range(4):
        root = os.path.dirname(root)
    return root


def _cookbook_sections():
    """The cookbook page's sections: type id (the heading's first word) -> the section's text."""
    import os
    import re
    with open(os.path.join(_root(), 'docs', 'docsite', 'rst', 'cookbook.rst')) as handle:
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


def test_the_type_list_of_the_docs_target_comes_from_the_catalogue(capsys, monkeypatch):
    """tests/integration/targets/docs_cookbook counts the cookbook's types: the catalogue's list, as the
    kibana_connector_types target's files/catalogue.py prints it (known_types, predates, system) for any checkout."""
    import json
    import os
    import re
    import sys
    files = os.path.join(_root(), 'tests', 'integration', 'targets', 'kibana_connector_types', 'files')
    monkeypatch.syspath_prepend(files)
    modules = dict(sys.modules)
    try:
        import catalogue as script  # pylint: disable=import-error,import-outside-toplevel
        monkeypatch.setattr(sys, 'argv', ['catalogue.py', _root(), '8.18.0'])
        script.main()
    finally:
        for name in set(sys.modules) - set(modules):
            del sys.modules[name]
        sys.modules.update(modules)
    printed = json.loads(capsys.readouterr().out)
    assert printed['known_types'] == cat.known_types() and set(ISSUE_TYPES) <= set(printed['known_types'])
    assert printed['predates'] == ['.http', '.http-system', '.jira-service-management', '.mcp', '.xsoar']
    assert printed['system'] == ['.cases', '.http-system', '.observability-ai-assistant']
    with open(os.path.join(_root(), 'tests', 'integration', 'targets', 'docs_cookbook', 'tasks', 'main.yml')) as handle:
        text = handle.read()
    # the docs target compares the cookbook's types with the list its extract script reads from the catalogue
    assert "map(attribute='type') | unique | sort == cookbook.known" in text
    assert not re.findall(r"length == \d\d", text)


def _examples():
    """tests/integration/targets/kibana_connector_types/files/examples.yml: one good and one bad connector per type."""
    import os
    import yaml
    path = os.path.join(_root(), 'tests', 'integration', 'targets', 'kibana_connector_types', 'files', 'examples.yml')
    with open(path) as handle:
        return yaml.safe_load(handle)['types']


EXAMPLES = _examples()


def test_the_examples_are_of_known_types():
    # a deeper test per type, optional: every type has its tested example in the cookbook (docs_cookbook)
    assert set(EXAMPLES) <= set(cat.known_types())
    for type_id, entry in EXAMPLES.items():
        assert bool(entry.get('system')) == cat.is_system_type(type_id)
        assert ('good' in entry) != cat.is_system_type(type_id)


# Kibana 8.0-8.7 stores any .server-log config: the bad example is refused from 8.8 only, so not without a version.
ACCEPTED_BY_SOME_VERSION = ('.server-log',)


@pytest.mark.parametrize('type_id', sorted(EXAMPLES))
def test_the_good_example_passes_and_the_bad_one_names_its_problem(type_id):
    entry = EXAMPLES[type_id]
    if 'good' in entry:
        assert cat.validate_connector(type_id, entry['good']['config'], entry['good']['secrets']) == []
        if 'extra' in entry:
            with_extra = dict(entry['good']['config'], **entry['extra'])
            assert cat.validate_connector(type_id, with_extra, entry['good']['secrets']) == []
            # the extra values are not Kibana's defaults, so removing them is a change
            defaults = cat.returned_config(type_id, entry['good']['config'])
            assert all(defaults.get(key) != value for key, value in entry['extra'].items())
        if 'deprecated' in entry:
            assert cat.is_deprecated(type_id, cat.returned_config(type_id, entry['good']['config'])) is entry['deprecated']
    bad = entry['bad']
    for version in ('8.19.0', '9.4.0', None):
        if version and not cat.get_type(type_id).available_in(version):
            continue
        problems = cat.validate_connector(type_id, bad['config'], bad['secrets'], version=version)
        if version is None and type_id in ACCEPTED_BY_SOME_VERSION:
            assert problems == []
            continue
        assert any(bad['problem'] in problem for problem in problems), (version, problems)
        if 'kibana' in bad:
            assert bad['kibana']['where'] in ('config', 'secrets', 'connector')
            assert bad['kibana']['key'] in ' '.join(problems)


def test_the_http_connector_of_workflows():
    """kbn-connector-schemas/http/schemas/v1.ts@010fdd29: strict config, the webhook's authentication (9.4), the
    query-param authentication and secretQueryParams from 9.5."""
    record = cat.get_type('.http')
    assert record.since == '9.4' and not record.available_in('9.3.0') and record.available_in('9.6.0')
    assert cat.returned_config('.http', {'url': 'https://api.example.com'}, version='9.4.0') == {
        'url': 'https://api.example.com', 'headers': None, 'hasAuth': True, 'authType': 'webhook-authentication-basic'}
    query = {'url': 'https://api.example.com', 'authType': 'http-authentication-query-param'}
    assert cat.validate_connector('.http', query, {'secretQueryParams': {'key': 'x'}}, version='9.5.0') == []
    assert cat.validate_connector('.http', query, {}, version='9.4.0') == [
        'config.authType: expected one of webhook-authentication-basic, webhook-authentication-ssl, '
        'webhook-oauth2-client-credentials, null, got "http-authentication-query-param"']
    assert "unknown secrets key 'secretQueryParams'" in cat.validate_connector(
        '.http', {'url': 'https://api.example.com'}, {'secretQueryParams': {'key': 'x'}}, version='9.4.0')[0]
    assert cat.validate_connector('.http', {'url': 'u', 'method': 'GET'}, {}, version='9.4.0') == [
        "unknown config key 'method' (known: accessTokenUrl, additionalFields, authType, ca, certType, clientId, "
        "hasAuth, headers, scope, url, verificationMode)", 'config.url: expected a URL, got "u"']
    assert cat.is_system_type('.http-system') and not cat.is_system_type('.http')
