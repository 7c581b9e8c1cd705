"""Fixtures for the double's own tests: in-process doubles, cached per start configuration, and a small client."""

import json

import pytest
import requests

from tests.kibana_double.server import start_double

ADMIN = ('elastic', 'changeme')


class Client(object):
    """requests against one double, with Kibana's headers filled in."""

    def __init__(self, double, auth=ADMIN):
        self.double = double
        self.url = double.url
        self.auth = auth
        self.session = requests.Session()
        self.session.trust_env = False  # no proxy from the environment for 127.0.0.1; faster too

    def call(self, method, path, space=None, auth='default', xsrf=True, **kwargs):
        """One request; `space` adds the /s/<space> prefix; auth=None sends no credentials."""
        headers = dict(kwargs.pop('headers', {}))
        if xsrf:
            headers.setdefault('kbn-xsrf', 'true')
        prefix = '/s/%s' % space if space else ''
        return self.session.request(method, self.url + prefix + path, headers=headers,
                                    auth=self.auth if auth == 'default' else auth, timeout=10, **kwargs)

    def create(self, type_id, config=None, secrets=None, name='my-connector', connector_id=None, space=None, **kwargs):
        """POST /api/actions/connector[/id]"""
        body = {'name': name, 'connector_type_id': type_id}
        if config is not None:
            body['config'] = config
        if secrets is not None:
            body['secrets'] = secrets
        path = '/api/actions/connector' + ('/%s' % connector_id if connector_id else '')
        return self.call('POST', path, space=space, json=body, **kwargs)

    def created(self, type_id, config=None, secrets=None, **kwargs):
        """Create and return the connector JSON (asserting 200)."""
        response = self.create(type_id, config, secrets, **kwargs)
        assert response.status_code == 200, response.text
        return response.json()

    def execute(self, connector_id, params, space=None, **kwargs):
        """POST /api/actions/connector/{id}/_execute"""
        return self.call('POST', '/api/actions/connector/%s/_execute' % connector_id, space=space, json={'params': params}, **kwargs)

    def admin(self, method, path, body=None):
        """A /__double__/ control."""
        response = self.session.request(method, self.url + '/__double__/' + path.lstrip('/'),
                                        data=None if body is None else json.dumps(body), timeout=10)
        assert response.status_code == 200, response.text
        return response.json()


@pytest.fixture(scope='session')
def doubles():
    """start(**options) -> a running double for those options, started once per test session and reset on each use."""
    running = {}

    def start(**options):
        key = json.dumps(options, sort_keys=True, default=str)
        if key not in running:
            running[key] = start_double(**options)
        running[key].reset()
        return running[key]

    yield start
    for double in running.values():
        double.stop()


@pytest.fixture
def double(doubles):
    """The default double (8.19.0, trial licence), freshly reset."""
    return doubles()


@pytest.fixture
def client(double):
    """A superuser client of the default double."""
    return Client(double)


@pytest.fixture
def make_client(doubles):
    """make_client(**start options) -> a superuser Client of that double."""
    def make(**options):
        return Client(doubles(**options))
    return make
