# -*- coding: utf-8 -*-
# Copyright (c) kibana.connectors contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Unit tests of the shared Kibana API client (no network: a scripted session stands in for requests)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type  # pylint: disable=invalid-name

import json
import os
import threading

import pytest
import yaml
import requests

from ansible_collections.kibana.connectors.plugins.module_utils import _kibana
from ansible_collections.kibana.connectors.plugins.module_utils._kibana import (
    KibanaApiError,
    KibanaAuthError,
    KibanaBadRequestError,
    KibanaClient,
    KibanaConfigError,
    KibanaConflictError,
    KibanaConnectionError,
    KibanaNotFoundError,
)

URL = 'https://kibana.example.com:5601'
SECRET = 'xoxb-very-secret-token'


def response(status, body=None, headers=None, reason=None):
    """A real requests.Response with a JSON (or empty) body."""
    resp = requests.Response()
    resp.status_code = status
    resp.reason = reason or {200: 'OK', 204: 'No Content'}.get(status, 'Error')
    resp.headers.update(headers or {})
    if body is not None:
        resp._content = json.dumps(body).encode()  # pylint: disable=protected-access
        resp.headers['Content-Type'] = 'application/json'
    else:
        resp._content = b''  # pylint: disable=protected-access
    return resp


def boom(status, message):
    errors = {400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 409: 'Conflict'}
    return response(status, {'statusCode': status, 'error': errors.get(status, 'Error'), 'message': message})


class FakeSession(requests.Session):
    """A requests.Session whose answers are scripted; records every call."""

    def __init__(self, answers):
        super(FakeSession, self).__init__()
        self.answers = list(answers)
        self.calls = []

    def request(self, method, url, **kwargs):  # pylint: disable=arguments-differ
        headers = dict(self.headers)
        headers.update(kwargs.get('headers') or {})
        self.calls.append(dict(method=method, url=url, headers=headers, data=kwargs.get('data'),
                               params=kwargs.get('params'), timeout=kwargs.get('timeout')))
        answer = self.answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer


class Clock:
    """A fake clock: starts 1000 s after the epoch, and moves on by what the client sleeps."""

    def __init__(self):
        self.sleeps = []

    def sleep(self, seconds):
        self.sleeps.append(seconds)

    def now(self):
        return 1000.0 + sum(self.sleeps)


def make_all(answers, rand=1.0, **kwargs):
    """A client on a scripted session, with a fake clock: (client, session, clock)."""
    clock = Clock()
    settings = dict(url=URL, api_key='my-api-key')
    settings.update(kwargs)
    client = KibanaClient(session=FakeSession(answers), sleep=clock.sleep, clock=clock.now, rand=lambda: rand, **settings)
    return client, client.session, clock


def make(answers, **kwargs):
    return make_all(answers, **kwargs)[0]


def make_with_session(answers, **kwargs):
    client, session, dummy = make_all(answers, **kwargs)
    return client, session


def make_with_clock(answers, **kwargs):
    client, dummy, clock = make_all(answers, **kwargs)
    return client, clock


CONNECTOR = {'id': 'c1', 'name': 'ops', 'connector_type_id': '.slack', 'config': {}, 'is_preconfigured': False}


# ------------------------------------------------------------------ paths, quoting, spaces
@pytest.mark.parametrize('space, segments, expected', [
    ('default', ('actions', 'connectors'), '/api/actions/connectors'),
    ('team-a', ('actions', 'connectors'), '/s/team-a/api/actions/connectors'),
    ('ops_1', ('actions', 'connector', 'my id/..?#'), '/s/ops_1/api/actions/connector/my%20id%2F..%3F%23'),
    ('default', ('actions', 'connector', 'c1', '_execute'), '/api/actions/connector/c1/_execute'),
])
def test_paths(space, segments, expected):
    assert KibanaClient.path(space, *segments) == expected


@pytest.mark.parametrize('space', ['Team', 'a/b', '', 'ünï', 'a b', None, '../x'])
def test_invalid_space_ids_are_refused_locally(space):
    with pytest.raises(KibanaConfigError, match='space'):
        KibanaClient.path(space, 'actions', 'connectors')


def test_list_in_named_space_uses_prefix():
    client, session = make_with_session([response(200, [CONNECTOR])])
    assert client.list_connectors('team-a') == [CONNECTOR]
    assert session.calls[0]['url'] == URL + '/s/team-a/api/actions/connectors'
    assert session.calls[0]['method'] == 'GET'


def test_connector_types_feature_filter():
    client, session = make_with_session([response(200, [{'id': '.index'}])])
    client.list_connector_types(feature_id='alerting')
    assert session.calls[0]['params'] == {'feature_id': 'alerting'}
    assert session.calls[0]['url'] == URL + '/api/actions/connector_types'


def test_trailing_slash_in_url_is_dropped():
    client, session = make_with_session([response(200, [])], url=URL + '/')
    client.list_connectors()
    assert session.calls[0]['url'] == URL + '/api/actions/connectors'


@pytest.mark.parametrize('url', ['kibana:5601', 'ftp://x', '', None])
def test_bad_url(url):
    with pytest.raises(KibanaConfigError, match='url'):
        KibanaClient(url=url, api_key='k', session=FakeSession([]))


# ------------------------------------------------------------------ authentication and headers
def test_api_key_header():
    client, session = make_with_session([response(200, [])])
    client.list_connectors()
    assert session.calls[0]['headers']['Authorization'] == 'ApiKey my-api-key'
    assert session.auth is None


def test_bearer_header():
    client, session = make_with_session([response(200, [])], api_key=None, bearer_token='tok')
    client.list_connectors()
    assert session.calls[0]['headers']['Authorization'] == 'Bearer tok'


def test_basic_auth():
    client, session = make_with_session([response(200, [])], api_key=None, username='elastic', password='pw')
    client.list_connectors()
    assert session.auth == ('elastic', 'pw')
    assert 'Authorization' not in session.calls[0]['headers']


@pytest.mark.parametrize('kwargs, text', [
    (dict(api_key=None), 'got none'),
    (dict(api_key='k', bearer_token='t'), 'api_key and bearer_token'),
    (dict(api_key='k', username='u', password='p'), 'api_key and username/password'),
    (dict(api_key=None, username='u'), 'both username and password'),
    (dict(api_key=None, password='p'), 'both username and password'),
])
def test_exactly_one_auth_kind(kwargs, text):
    settings = dict(url=URL, api_key='k')
    settings.update(kwargs)
    with pytest.raises(KibanaConfigError, match=text):
        KibanaClient(session=FakeSession([]), **settings)


def test_xsrf_only_on_writes_and_user_agent():
    client, session = make_with_session([response(200, [CONNECTOR]), response(200, CONNECTOR), response(200, CONNECTOR),
                                         response(204), response(200, {'status': 'ok', 'connector_id': 'c1'})])
    client.list_connectors()
    client.create_connector('ops', '.slack', {}, {'webhookUrl': 'https://hooks'}, connector_id='c1')
    client.update_connector('c1', 'ops', {}, {'webhookUrl': 'https://hooks'})
    client.delete_connector('c1')
    client.execute_connector('c1', {'message': 'hi'})
    methods = [(c['method'], c['headers'].get('kbn-xsrf')) for c in session.calls]
    assert methods == [('GET', None), ('POST', 'true'), ('PUT', 'true'), ('DELETE', 'true'), ('POST', 'true')]
    for call in session.calls:
        assert call['headers']['User-Agent'] == 'ansible-collection-kibana.connectors/%s' % galaxy_version()
        assert call['timeout'] == 30
    assert json.loads(session.calls[1]['data']) == {'name': 'ops', 'connector_type_id': '.slack', 'config': {},
                                                    'secrets': {'webhookUrl': 'https://hooks'}}
    assert session.calls[1]['headers']['Content-Type'] == 'application/json'
    assert session.calls[1]['url'] == URL + '/api/actions/connector/c1'
    assert json.loads(session.calls[2]['data']) == {'name': 'ops', 'config': {}, 'secrets': {'webhookUrl': 'https://hooks'}}
    assert json.loads(session.calls[4]['data']) == {'params': {'message': 'hi'}}


def test_create_without_id_has_no_trailing_slash():
    client, session = make_with_session([response(200, CONNECTOR)])
    client.create_connector('ops', '.slack')
    assert session.calls[0]['url'] == URL + '/api/actions/connector'


def test_tls_settings():
    client = make([], validate_certs=True, ca_path='/etc/ca.pem', client_cert='/c.pem', client_key='/k.pem', timeout=7)
    assert client.session.verify == '/etc/ca.pem'
    assert client.session.cert == ('/c.pem', '/k.pem')
    assert client.timeout == 7
    client = make([], validate_certs=False, ca_path='/etc/ca.pem')
    assert client.session.verify is False
    client = make([])
    assert client.session.verify is True
    with pytest.raises(KibanaConfigError, match='client_key needs client_cert'):
        make([], client_key='/k.pem')


def test_requests_missing(monkeypatch):
    monkeypatch.setattr(_kibana, 'HAS_REQUESTS', False)
    with pytest.raises(KibanaConfigError, match='requests'):
        KibanaClient(url=URL, api_key='k')


# ------------------------------------------------------------------ errors
@pytest.mark.parametrize('status, cls', [
    (400, KibanaBadRequestError), (401, KibanaAuthError), (403, KibanaAuthError),
    (404, KibanaNotFoundError), (409, KibanaConflictError), (500, KibanaApiError), (422, KibanaApiError),
])
def test_error_mapping(status, cls):
    client = make([boom(status, 'Kibana says no')])
    with pytest.raises(cls) as err:
        client.update_connector('c1', 'ops', {}, {})
    assert err.value.status == status
    assert err.value.kibana_message == 'Kibana says no'
    assert str(err.value) == 'PUT /api/actions/connector/c1 returned %s: Kibana says no' % status


def test_non_json_error_body():
    resp = response(502, None, reason='Bad Gateway')
    resp._content = b'<html>proxy down</html>'  # pylint: disable=protected-access
    client = make([resp], retries=0)
    with pytest.raises(KibanaApiError, match='proxy down'):
        client.list_connectors()


def test_get_404_is_none_and_delete_404_is_false():
    client = make([boom(404, 'Saved object [action/x] not found'), boom(404, 'Saved object [action/x] not found'), response(204)])
    assert client.get_connector('x') is None
    assert client.delete_connector('x') is False
    assert client.delete_connector('x') is True


def test_no_secret_in_any_error_text():
    message = 'error configuring slack action: target url "https://hooks.slack.com/%s" is not added' % SECRET
    client, session = make_with_session([boom(400, message), requests.exceptions.ConnectionError('reset by peer my-api-key')],
                                        api_key='my-api-key')
    with pytest.raises(KibanaBadRequestError) as err:
        client.create_connector('ops', '.slack', {}, {'webhookUrl': 'https://hooks.slack.com/' + SECRET})
    text = str(err.value) + err.value.kibana_message
    assert SECRET not in text and '********' in text
    assert 'ApiKey' not in text and 'my-api-key' not in text
    with pytest.raises(KibanaConnectionError) as err:
        client.execute_connector('c1', {})
    assert 'my-api-key' not in str(err.value)
    assert len(session.calls) == 2


def test_tls_error_is_a_connection_error_and_not_retried():
    client, session = make_with_session([requests.exceptions.SSLError('certificate verify failed')])
    with pytest.raises(KibanaConnectionError, match='TLS error: certificate verify failed'):
        client.list_connectors()
    assert len(session.calls) == 1


# ------------------------------------------------------------------ retries
def test_backoff_schedule_with_jitter_and_success():
    client, session, clock = make_all([boom(503, 'busy'), boom(502, 'bad'), boom(504, 'slow'), response(200, [])], rand=1.0)
    assert client.list_connectors() == []
    assert len(session.calls) == 4
    assert clock.sleeps == [0.5, 1.0, 2.0]


def test_jitter_scales_the_delay():
    client, clock = make_with_clock([boom(503, 'busy'), boom(503, 'busy'), response(200, [])], rand=0.25)
    client.list_connectors()
    assert clock.sleeps == [0.125, 0.25]


def test_backoff_is_capped():
    client, clock = make_with_clock([boom(503, 'x')] * 8 + [response(200, [])], retries=8)
    client.list_connectors()
    assert max(clock.sleeps) == _kibana.BACKOFF_CAP


def test_retries_exhausted_raise_the_last_error():
    client, session, clock = make_all([boom(503, 'busy')] * 4)
    with pytest.raises(KibanaApiError) as err:
        client.get_connector('c1')
    assert err.value.status == 503
    assert len(session.calls) == 4 and len(clock.sleeps) == 3


def test_retries_zero_means_one_attempt():
    client, session = make_with_session([boom(429, 'slow down')], retries=0)
    with pytest.raises(KibanaApiError):
        client.list_connectors()
    assert len(session.calls) == 1


def test_retry_after_seconds_is_honoured():
    client, clock = make_with_clock([response(429, {'message': 'slow'}, headers={'Retry-After': '7'}), response(200, [])])
    client.list_connectors()
    assert clock.sleeps == [7.0]


def test_retry_after_http_date_is_honoured():
    # the fake clock says 1000 s after the epoch
    date = 'Thu, 01 Jan 1970 00:16:52 GMT'  # 1012 s
    client, clock = make_with_clock([response(503, {'message': 'x'}, headers={'Retry-After': date}), response(200, [])])
    client.list_connectors()
    assert clock.sleeps == [12.0]


def test_retry_after_is_capped():
    client, clock = make_with_clock([response(429, {'message': 'x'}, headers={'Retry-After': '3600'}), response(200, [])])
    client.list_connectors()
    assert clock.sleeps == [_kibana.RETRY_AFTER_CAP]


def test_connection_failures_are_retried_for_put_and_delete():
    client, session = make_with_session([requests.exceptions.ConnectionError('reset'), response(200, CONNECTOR),
                                         requests.exceptions.Timeout('slow'), response(204)])
    client.update_connector('c1', 'ops', {}, {})
    assert client.delete_connector('c1') is True
    assert [c['method'] for c in session.calls] == ['PUT', 'PUT', 'DELETE', 'DELETE']


def test_400_is_not_retried():
    client, session = make_with_session([boom(400, 'bad')])
    with pytest.raises(KibanaBadRequestError):
        client.update_connector('c1', 'ops', {}, {})
    assert len(session.calls) == 1


@pytest.mark.parametrize('failure', [boom(503, 'busy'), requests.exceptions.ConnectionError('reset')])
def test_execute_is_never_retried(failure):
    client, session = make_with_session([failure, response(200, {'status': 'ok'})])
    with pytest.raises((KibanaApiError, KibanaConnectionError)):
        client.execute_connector('c1', {'message': 'x'})
    assert len(session.calls) == 1


# ------------------------------------------------------------------ create: never a duplicate
def test_lost_create_answer_with_id_finds_the_connector():
    client, session = make_with_session([requests.exceptions.ConnectionError('connection aborted'), response(200, CONNECTOR)])
    assert client.create_connector('ops', '.slack', {}, {}, connector_id='c1') == CONNECTOR
    assert [(c['method'], c['url'][len(URL):]) for c in session.calls] == [
        ('POST', '/api/actions/connector/c1'), ('GET', '/api/actions/connector/c1')]


def test_lost_create_answer_without_id_finds_the_new_connector_by_name():
    other = dict(CONNECTOR, id='old', name='other')
    client, session = make_with_session([response(200, [other]), requests.exceptions.ConnectionError('aborted'),
                                         response(200, [other, CONNECTOR])])
    client.list_connectors()
    assert client.create_connector('ops', '.slack', {}, {}) == CONNECTOR
    assert [c['method'] for c in session.calls] == ['GET', 'POST', 'GET']


def test_lost_create_answer_ignores_connectors_seen_before():
    same_name = dict(CONNECTOR, id='seen-before')
    client, session = make_with_session([response(200, [same_name]), requests.exceptions.ConnectionError('aborted'),
                                         response(200, [same_name]), response(200, dict(CONNECTOR, id='new'))])
    client.list_connectors()
    assert client.create_connector('ops', '.slack', {}, {})['id'] == 'new'
    assert [c['method'] for c in session.calls] == ['GET', 'POST', 'GET', 'POST']


def test_create_503_not_created_is_sent_again():
    client, session, clock = make_all([boom(503, 'busy'), boom(404, 'Saved object [action/c1] not found'), response(200, CONNECTOR)])
    assert client.create_connector('ops', '.slack', {}, {}, connector_id='c1') == CONNECTOR
    assert [c['method'] for c in session.calls] == ['POST', 'GET', 'POST']
    assert clock.sleeps == [0.5]


def test_create_retry_conflict_after_lost_answer_is_resolved_by_lookup():
    client, session = make_with_session([requests.exceptions.ConnectionError('aborted'), boom(404, 'not found'),
                                         boom(409, 'Saved object [action/c1] conflict'), response(200, CONNECTOR)])
    assert client.create_connector('ops', '.slack', {}, {}, connector_id='c1') == CONNECTOR
    assert [c['method'] for c in session.calls] == ['POST', 'GET', 'POST', 'GET']


def test_create_conflict_on_first_attempt_is_an_error():
    client, session = make_with_session([boom(409, 'Saved object [action/c1] conflict')])
    with pytest.raises(KibanaConflictError):
        client.create_connector('ops', '.slack', {}, {}, connector_id='c1')
    assert len(session.calls) == 1


def test_create_gives_up_after_retries():
    client, session = make_with_session([boom(503, 'busy'), boom(404, 'nf')] * 2, retries=1)
    with pytest.raises(KibanaApiError) as err:
        client.create_connector('ops', '.slack', {}, {}, connector_id='c1')
    assert err.value.status == 503
    assert [c['method'] for c in session.calls] == ['POST', 'GET', 'POST', 'GET']


def test_create_400_is_not_looked_up():
    client, session = make_with_session([boom(400, 'Action type ".nope" is not registered.')])
    with pytest.raises(KibanaBadRequestError, match='not registered'):
        client.create_connector('ops', '.nope', {}, {})
    assert len(session.calls) == 1


# ------------------------------------------------------------------ spaces
def test_space_exists_default_costs_nothing():
    client, session = make_with_session([])
    assert client.space_exists('default') is True
    assert not session.calls


@pytest.mark.parametrize('answer, expected', [
    (response(200, {'id': 'team-a', 'name': 'Team A'}), True),
    (boom(404, 'Not Found'), False),
    (boom(403, 'Forbidden'), None),
])
def test_space_exists_answers_and_cache(answer, expected):
    client, session = make_with_session([answer])
    assert client.space_exists('team-a') is expected
    assert client.space_exists('team-a') is expected
    assert [c['url'] for c in session.calls] == [URL + '/api/spaces/space/team-a']


def test_space_401_is_an_error():
    client = make([boom(401, 'Unauthorized')])
    with pytest.raises(KibanaAuthError):
        client.space_exists('team-a')


def test_stored_connector_proves_the_space_but_preconfigured_does_not():
    pre = dict(CONNECTOR, id='pre', is_preconfigured=True)
    client, session = make_with_session([response(200, [pre]), response(200, {}), response(200, CONNECTOR)])
    client.list_connectors('team-a')
    assert client.space_exists('team-a') is True  # asked: preconfigured connectors show in every space
    assert len(session.calls) == 2
    client.get_connector('c1', 'team-b')
    assert client.space_exists('team-b') is True
    assert len(session.calls) == 3


def galaxy_version():
    """The collection's version, from galaxy.yml (the one place it is written by hand)."""
    root = os.path.join(os.path.dirname(__file__), '..', '..', '..', '..')
    with open(os.path.join(root, 'galaxy.yml')) as handle:
        return yaml.safe_load(handle)['version']


def test_user_agent_version_is_galaxy_version():
    assert _kibana.COLLECTION_VERSION == galaxy_version()


# ------------------------------------------------------------------ threads: one pause for all, one session each
def test_create_honours_retry_after_before_the_lookup():
    client, session, clock = make_all([response(429, {'message': 'slow down'}, headers={'Retry-After': '3'}),
                                       boom(404, 'Saved object [action/c1] not found'), response(200, CONNECTOR)])
    assert client.create_connector('ops', '.slack', {}, {}, connector_id='c1') == CONNECTOR
    assert [c['method'] for c in session.calls] == ['POST', 'GET', 'POST']
    assert clock.sleeps == [3.0]


def test_a_retry_after_holds_every_thread():
    """A 429 answered to one thread pauses the others too, until Retry-After has passed."""
    started, release = threading.Event(), threading.Event()
    log = []
    now = [1000.0]

    def sleep(seconds):
        log.append((threading.current_thread().name, seconds))
        if threading.current_thread().name == 'worker':
            started.set()
            release.wait(5)  # the worker sits in its pause while the main thread sends
        else:
            now[0] += seconds

    answers = [response(429, {'message': 'slow'}, headers={'Retry-After': '7'}), response(200, []), response(200, [])]
    client = KibanaClient(url=URL, api_key='k', session=FakeSession(answers), sleep=sleep, clock=lambda: now[0])
    worker = threading.Thread(target=client.list_connectors, name='worker')
    worker.start()
    assert started.wait(5)
    client.list_connectors()  # main thread: must wait out the worker's Retry-After first
    release.set()
    worker.join(5)
    assert log == [('worker', 7.0), ('MainThread', 7.0)]


def test_each_thread_sends_through_its_own_session():
    client = KibanaClient(url=URL, username='u', password='p', ca_path='/etc/ssl/ca.pem', client_cert='/c.pem')
    sessions = []
    threads = [threading.Thread(target=lambda: sessions.append(client._thread_session())) for _ in range(2)]  # pylint: disable=protected-access
    for thread in threads:
        thread.start()
        thread.join()
    assert client._thread_session() is client.session  # pylint: disable=protected-access
    assert len(set(id(s) for s in sessions + [client.session])) == 3
    for copy in sessions:
        assert dict(copy.headers) == dict(client.session.headers) and copy.auth == ('u', 'p')
        assert copy.verify == client.session.verify and copy.cert == client.session.cert
