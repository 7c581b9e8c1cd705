"""Fault injection, latency, the request log, reset, and the idle timeout."""

import time

import pytest
import requests

from tests.kibana_double.server import start_double

from .conftest import Client


def test_status_faults_with_retry_after(client):
    client.admin('POST', 'faults', {'status': 429, 'count': 2, 'retry_after': 7})
    for _attempt in range(2):
        response = client.call('GET', '/api/actions/connectors')
        assert response.status_code == 429 and response.headers['Retry-After'] == '7'
        assert response.json() == {'statusCode': 429, 'error': 'Too Many Requests', 'message': 'Too Many Requests'}
    assert client.call('GET', '/api/actions/connectors').status_code == 200
    statuses = [(entry['status'], entry.get('fault')) for entry in client.admin('GET', 'requests')['requests']]
    assert statuses == [(429, 'status'), (429, 'status'), (200, None)]


def test_503_only_for_chosen_methods(client):
    client.admin('POST', 'faults', {'status': 503, 'count': 1, 'methods': ['POST']})
    assert client.call('GET', '/api/actions/connectors').status_code == 200
    response = client.create('.server-log')
    assert response.status_code == 503 and 'Retry-After' not in response.headers
    assert response.json()['error'] == 'Service Unavailable'
    assert client.create('.server-log').status_code == 200


def test_path_prefix_filter(client):
    client.admin('POST', 'faults', {'status': 502, 'count': 1, 'path_prefix': '/api/actions'})
    assert client.call('GET', '/api/status').status_code == 200
    assert client.call('GET', '/api/actions/connectors').status_code == 502


def test_dropped_connections(client):
    client.admin('POST', 'faults', {'drop': 2})
    for _attempt in range(2):
        with pytest.raises(requests.exceptions.ConnectionError):
            client.call('GET', '/api/actions/connectors')
    assert client.call('GET', '/api/actions/connectors').status_code == 200
    assert [entry['status'] for entry in client.admin('GET', 'requests')['requests']] == [None, None, 200]


def test_lost_create_response_really_creates(client):
    client.admin('POST', 'faults', {'lose_create_response': 1})
    assert client.call('GET', '/api/actions/connectors').json() == []  # not a create: unaffected
    with pytest.raises(requests.exceptions.ConnectionError):
        client.create('.index', {'index': 'i'}, connector_id='lost-answer')
    assert [item['id'] for item in client.admin('GET', 'connectors')['connectors']] == ['lost-answer']
    retry = client.create('.index', {'index': 'i'}, connector_id='lost-answer')
    assert retry.status_code == 409
    entries = client.admin('GET', 'requests')['requests']
    assert entries[1]['status'] == 200 and entries[1]['fault'] == 'lose_create_response'


def test_failed_create_does_not_use_up_a_lost_response(client):
    client.admin('POST', 'faults', {'lose_create_response': 1})
    assert client.create('.index', {}).status_code == 400
    with pytest.raises(requests.exceptions.ConnectionError):
        client.create('.index', {'index': 'i'})


def test_latency(client):
    client.admin('POST', 'faults', {'latency_ms': 150})
    started = time.monotonic()
    client.call('GET', '/api/actions/connectors')
    assert time.monotonic() - started >= 0.15
    client.admin('DELETE', 'faults')
    assert client.admin('GET', 'faults')['faults'] == {'rules': [], 'lose_create_response': 0, 'latency_ms': 0}


def test_latency_start_option(doubles):
    client = Client(doubles(latency_ms=100))
    started = time.monotonic()
    client.call('GET', '/api/status')
    assert time.monotonic() - started >= 0.1


@pytest.mark.parametrize('spec', [{'status': 418}, {'drop': 0}, {'unknown': 1}, {'latency_ms': -1}, []])
def test_bad_fault_specs(client, spec):
    response = client.session.post(client.url + '/__double__/faults', json=spec)
    assert response.status_code == 400 and 'error' in response.json()


def test_request_log_shows_check_mode_sent_no_write(client):
    conn = client.created('.server-log', connector_id='existing')
    client.admin('DELETE', 'requests')
    client.call('GET', '/api/actions/connector/%s' % conn['id'], space=None)
    client.call('GET', '/api/actions/connectors', params={'x': '1'})
    client.admin('GET', 'connectors')
    entries = client.admin('GET', 'requests')['requests']
    assert [entry['method'] for entry in entries] == ['GET', 'GET']
    assert entries[1]['query'] == {'x': '1'} and entries[1]['user'] == 'elastic'
    assert not [entry for entry in entries if entry['method'] in ('POST', 'PUT', 'DELETE')]


def test_reset_keeps_preconfigured(doubles):
    double = doubles(kibana_config={'xpack.actions.preconfigured.keep-me': {'name': 'k', 'actionTypeId': '.server-log'}})
    client = Client(double)
    client.created('.index', {'index': 'i'})
    client.execute('keep-me', {'message': 'm'})
    client.admin('POST', 'faults', {'status': 503, 'count': 5, 'path_prefix': '/nowhere'})
    client.admin('POST', 'reset')
    assert [item['id'] for item in client.call('GET', '/api/actions/connectors').json()] == ['keep-me']
    assert client.admin('GET', 'server-log')['messages'] == [] and client.admin('GET', 'faults')['faults']['rules'] == []
    assert [entry['path'] for entry in client.admin('GET', 'requests')['requests']] == ['/api/actions/connectors']


def test_idle_timeout_stops_the_double():
    double = start_double(idle_timeout=0.3)
    try:
        assert requests.get(double.url + '/api/status', timeout=5).status_code == 200
        double.thread.join(5)
        assert not double.thread.is_alive()
        with pytest.raises(requests.exceptions.ConnectionError):
            requests.get(double.url + '/api/status', timeout=2)
    finally:
        double.stop()


def test_unknown_admin_route(client):
    assert client.session.get(client.url + '/__double__/nope').status_code == 404
