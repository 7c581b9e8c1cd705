# -*- coding: utf-8 -*-
# Copyright (c) kibana.connectors contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The one in-memory Kibana of the unit tests: a requests.Session that answers the real KibanaClient.

It knows just enough of Kibana's connectors and Spaces APIs for the engine's unit
tests, and records every request, so request counts and space checks are those
of a real run. Its defaults table is written here on purpose, independently of
_catalogue.py (and of the test double's catalogue), so a wrong catalogue entry
makes the tests fail. The integration targets run against the full test double.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type  # pylint: disable=invalid-name

import copy
import json
import re
import uuid

import requests

from ansible_collections.kibana.connectors.plugins.module_utils._kibana import KibanaClient

URL = 'http://kibana.test:5601'

# What Kibana 8.x stores for an absent key (reference section 3.14).
KIBANA_DEFAULTS = {
    '.index': {'refresh': False, 'executionTimeField': None},
    '.webhook': {'method': 'post', 'headers': None, 'hasAuth': True},
    '.email': {'service': 'other', 'hasAuth': True, 'host': None, 'port': None, 'secure': None, 'clientId': None,
               'tenantId': None, 'oauthTokenUrl': None},
    '.pagerduty': {'apiUrl': None},
    '.server-log': {},
    '.slack': {},
    '.teams': {},
    '.jira': {},
}
REQUIRED_SECRETS = {'.slack': ('webhookUrl',), '.pagerduty': ('routingKey',)}
# What Kibana's connector_types route answers (name, minimum licence, features) for the types above.
TYPE_FACTS = {
    '.index': ('Index', 'basic', ['alerting', 'uptime', 'siem']),
    '.webhook': ('Webhook', 'gold', ['alerting', 'uptime', 'siem']),
    '.email': ('Email', 'gold', ['alerting', 'uptime', 'siem']),
    '.pagerduty': ('PagerDuty', 'gold', ['alerting', 'uptime', 'siem']),
    '.server-log': ('Server log', 'basic', ['alerting', 'uptime']),
    '.slack': ('Slack', 'gold', ['alerting', 'uptime', 'siem']),
    '.teams': ('Microsoft Teams', 'gold', ['alerting', 'uptime', 'siem']),
    '.jira': ('Jira', 'gold', ['alerting', 'cases', 'uptime', 'siem']),
}


def response(status, body=None):
    resp = requests.Response()
    resp.status_code = status
    resp.reason = 'OK' if status < 400 else 'Error'
    if body is None:
        resp._content = b''  # pylint: disable=protected-access
    else:
        resp._content = json.dumps(body).encode()  # pylint: disable=protected-access
        resp.headers['Content-Type'] = 'application/json'
    return resp


def boom(status, message):
    return response(status, {'statusCode': status, 'error': 'Error', 'message': message})


def connector_types(license_level='platinum'):
    """type id -> the connector_types entry, every type enabled except those above ``license_level``."""
    ranks = ['basic', 'gold', 'platinum']
    types = {}
    for type_id, (name, license_required, features) in TYPE_FACTS.items():
        licensed = ranks.index(license_required) <= ranks.index(license_level)
        types[type_id] = dict(id=type_id, name=name, enabled=licensed, enabled_in_config=True, enabled_in_license=licensed,
                              minimum_license_required=license_required, supported_feature_ids=list(features))
    return types


class FakeKibana(requests.Session):
    """An in-memory Kibana connectors API.

    ``calls``: (method, path) of every request, with ``bodies`` and ``params`` in the
    same order; ``spaces``: the spaces that exist; ``spaces_forbidden``: the Spaces
    API answers 403; ``types``: the registered types (connector_types entries);
    ``answers``: connector id -> its _execute answer (default status ok);
    ``execute_status``: connector id -> an HTTP error status for its _execute;
    ``executed``: (connector id, params) of every run; ``version``: what GET /api/status says (None: 403).
    """

    ROUTE = re.compile(r'^(?:/s/(?P<space>[^/]+))?/api/(?P<rest>.*)$')

    def __init__(self, spaces=('default', 'team-a', 'team-b'), spaces_forbidden=False):
        super(FakeKibana, self).__init__()
        self.spaces = set(spaces)
        self.spaces_forbidden = spaces_forbidden
        self.version = '8.19.0'  # the defaults table above is 8.x's
        self.store = {}
        self.types = connector_types()
        self.answers = {}
        self.execute_status = {}
        self.executed = []
        self.calls = []
        self.bodies = []
        self.params = []

    # -------------------------------------------------------------- set-up and inspection
    def add(self, connector_id=None, name='c', type_id='.index', config=None, space='default', secrets=None,
            preconfigured=False, refs=0, missing_secrets=False):
        """Store a connector as Kibana would hold it (config completed with the defaults), without validation."""
        connector_id = connector_id or str(uuid.uuid4())
        self.store[connector_id] = dict(id=connector_id, name=name, connector_type_id=type_id, space=space, refs=refs,
                                        is_preconfigured=preconfigured, is_missing_secrets=missing_secrets,
                                        secrets=secrets or {}, config=self._defaults(type_id, config or {}))
        return connector_id

    def reset_log(self):
        self.calls[:], self.bodies[:], self.params[:] = [], [], []

    def writes(self):
        return [call for call in self.calls if call[0] != 'GET']

    def paths(self):
        return ['%s %s' % call for call in self.calls]

    def executes(self):
        return [call for call in self.calls if call[1].endswith('/_execute')]

    @staticmethod
    def _defaults(type_id, config):
        result = dict(KIBANA_DEFAULTS.get(type_id, {}))
        result.update(config)
        return result

    def _view(self, stored, listed=False):
        view = dict(id=stored['id'], name=stored['name'], connector_type_id=stored['connector_type_id'],
                    is_preconfigured=stored['is_preconfigured'], is_deprecated=False, is_system_action=False)
        if not stored['is_preconfigured']:
            view['config'] = copy.deepcopy(stored['config'])
            view['is_missing_secrets'] = stored['is_missing_secrets']
        if listed:
            view['referenced_by_count'] = stored['refs']
        return view

    def _visible(self, space):
        return [s for s in self.store.values() if s['is_preconfigured'] or s['space'] == space]

    # -------------------------------------------------------------- HTTP
    def request(self, method, url, **kwargs):  # pylint: disable=arguments-differ
        path = url[len(URL):] if url.startswith(URL) else url
        body = json.loads(kwargs['data']) if kwargs.get('data') else None
        self.calls.append((method, path))
        self.bodies.append(body)
        self.params.append(kwargs.get('params'))
        if path == '/api/status':
            if self.version is None:
                return boom(403, 'Forbidden')
            return response(200, {'name': 'fake', 'version': {'number': self.version}})
        match = self.ROUTE.match(path)
        space = match.group('space') or 'default'
        parts = match.group('rest').split('/')
        if parts[:2] == ['spaces', 'space']:
            if self.spaces_forbidden:
                return boom(403, 'Forbidden')
            return response(200, {'id': parts[2], 'name': parts[2]}) if parts[2] in self.spaces else boom(404, 'Not Found')
        if parts == ['actions', 'connectors']:
            return response(200, [self._view(s, True) for s in sorted(self._visible(space), key=lambda s: s['name'])])
        if parts == ['actions', 'connector_types']:
            feature = (kwargs.get('params') or {}).get('feature_id')
            return response(200, [self.types[t] for t in sorted(self.types)
                                  if not feature or feature in self.types[t]['supported_feature_ids']])
        if parts[:2] == ['actions', 'connector']:
            connector_id = requests.utils.unquote(parts[2]) if len(parts) > 2 else None
            if len(parts) > 3 and parts[3] == '_execute':
                return self._execute(space, connector_id, body)
            return self._connector(method, space, connector_id, body)
        return boom(404, 'Not Found')

    def _connector(self, method, space, connector_id, body):
        stored = self.store.get(connector_id)
        visible = stored is not None and (stored['is_preconfigured'] or stored['space'] == space)
        if method == 'POST':
            connector_id = connector_id or str(uuid.uuid4())
            if connector_id in self.store:
                return boom(409, 'Saved object [action/%s] conflict' % connector_id)
            type_id = body['connector_type_id']
            if type_id not in self.types:
                return boom(400, 'Action type "%s" is not registered.' % type_id)
            for key in REQUIRED_SECRETS.get(type_id, ()):
                if key not in body['secrets']:
                    return boom(400, 'error validating action type secrets: [%s]: expected value of type [string] '
                                     'but got [undefined]' % key)
            self.add(connector_id, body['name'], type_id, body['config'], space, body['secrets'])
            return response(200, self._view(self.store[connector_id]))
        if not visible:
            return boom(404, 'Saved object [action/%s] not found' % connector_id)
        if method == 'GET':
            return response(200, self._view(stored))
        if stored['is_preconfigured']:
            return boom(400, 'Preconfigured action %s can not be updated.' % connector_id)
        if method == 'PUT':
            if 'connector_type_id' in body:
                return boom(400, '[request body.connector_type_id]: definition for this key is missing')
            stored.update(name=body['name'], config=self._defaults(stored['connector_type_id'], body['config']),
                          secrets=body['secrets'], is_missing_secrets=False)
            return response(200, self._view(stored))
        del self.store[connector_id]
        return response(204)

    def _execute(self, space, connector_id, body):
        stored = self.store.get(connector_id)
        if stored is None or not (stored['is_preconfigured'] or stored['space'] == space):
            return boom(404, 'Saved object [action/%s] not found' % connector_id)
        if connector_id in self.execute_status:
            return boom(self.execute_status[connector_id], 'Service Unavailable')
        self.executed.append((connector_id, body['params']))
        return response(200, self.answers.get(connector_id, {'status': 'ok', 'connector_id': connector_id}))


SECRET = 'super-secret-webhook-password'


def sample():
    """A fake Kibana holding connectors of several kinds: by space, duplicate names, a preconfigured one.

    The webhook's password is ``SECRET``: no test output may contain it.
    """
    fake = FakeKibana()
    fake.add('hook-1', 'Ops webhook', '.webhook', {'url': 'https://hooks.test/x', 'method': 'post', 'hasAuth': True},
             secrets={'user': 'u', 'password': SECRET}, refs=2)
    fake.add('index-1', 'Docs index', '.index', {'index': 'docs', 'refresh': False, 'executionTimeField': None})
    fake.add('jira-1', 'Jira', '.jira', {'apiUrl': 'https://jira.test', 'projectKey': 'OPS'})
    fake.add('log-a', 'Team log', '.server-log', space='team-a')
    fake.add('dup-1', 'Twin', '.server-log')
    fake.add('dup-2', 'Twin', '.server-log')
    fake.add('my-slack', 'Preconfigured slack', '.slack', preconfigured=True)
    return fake


def client_for(kibana, **kwargs):
    """A real KibanaClient whose HTTP session is ``kibana``; retries do not sleep."""
    settings = dict(url=URL, username='elastic', password='changeme', session=kibana, sleep=lambda s: None)
    settings.update(kwargs)
    return KibanaClient(**settings)
