"""Spaces: isolation of connectors, unique ids across spaces, undeclared spaces, and the Spaces API routes."""

import pytest

from .conftest import Client

DEFAULT = {'id': 'default', 'name': 'Default', 'description': 'This is your default space!', 'color': '#00bfb3', 'disabledFeatures': [],
           '_reserved': True}
PRECONF = {'xpack.actions.preconfigured.pre-log': {'name': 'Preconfigured log', 'actionTypeId': '.server-log'}}


@pytest.fixture
def spaced(doubles):
    return Client(doubles(spaces=['team', 'ops'], kibana_config=PRECONF))


def test_list_spaces(spaced):
    spaced.admin('POST', 'spaces', {'id': 'added', 'name': 'Added later'})
    response = spaced.call('GET', '/api/spaces/space')
    assert response.status_code == 200
    assert response.json() == [{'id': 'added', 'name': 'Added later', 'disabledFeatures': []}, DEFAULT,
                               {'id': 'ops', 'name': 'ops', 'disabledFeatures': []}, {'id': 'team', 'name': 'team', 'disabledFeatures': []}]
    spaced.admin('DELETE', 'spaces/added')
    assert [space['id'] for space in spaced.call('GET', '/api/spaces/space', space='team').json()] == ['default', 'ops', 'team']


def test_get_space(spaced):
    assert spaced.call('GET', '/api/spaces/space/default').json() == DEFAULT
    assert spaced.call('GET', '/api/spaces/space/team').json() == {'id': 'team', 'name': 'team', 'disabledFeatures': []}
    missing = spaced.call('GET', '/api/spaces/space/nope')
    assert missing.status_code == 404
    assert missing.json() == {'statusCode': 404, 'error': 'Not Found', 'message': 'Not Found'}


def test_spaces_api_forbidden_for_some_credentials(spaced):
    for user in (('nospaces', 'nospaces-pass'), ('nobody', 'nobody-pass')):
        limited = Client(spaced.double, auth=user)
        listing = limited.call('GET', '/api/spaces/space')
        assert listing.status_code == 403
        assert listing.json() == {'statusCode': 403, 'error': 'Forbidden', 'message': 'Forbidden'}
        single = limited.call('GET', '/api/spaces/space/team')
        assert single.json() == {'statusCode': 403, 'error': 'Forbidden', 'message': 'Unauthorized to get team space'}
        assert limited.call('GET', '/api/spaces/space/nope').status_code == 403
    nospaces = Client(spaced.double, auth=('nospaces', 'nospaces-pass'))
    assert nospaces.created('.server-log', space='team')['connector_type_id'] == '.server-log'
    assert spaced.call('GET', '/api/spaces/space', auth=None).status_code == 401


def test_spaces_api_credential_option(doubles):
    creds = [{'kind': 'basic', 'username': 'u', 'password': 'p', 'spaces_api': False}, {'kind': 'bearer', 'token': 'tok'}]
    client = Client(doubles(credentials=creds), auth=('u', 'p'))
    assert client.call('GET', '/api/spaces/space').status_code == 403
    assert client.call('GET', '/api/spaces/space', auth=None, headers={'Authorization': 'Bearer tok'}).status_code == 200


def test_spaces_isolate_connectors(spaced):
    conn = spaced.created('.server-log', space='team', connector_id='team-log')
    assert spaced.call('GET', '/api/actions/connector/team-log', space='team').status_code == 200
    for other in (None, 'ops'):
        for method, path, body in (('GET', '', None), ('PUT', '', {'name': 'n'}), ('DELETE', '', None), ('POST', '/_execute', {'params': {}})):
            response = spaced.call(method, '/api/actions/connector/team-log' + path, space=other, json=body)
            assert response.status_code == 404, (other, method)
            assert response.json()['message'] == 'Saved object [action/team-log] not found'
    assert [item['id'] for item in spaced.call('GET', '/api/actions/connectors', space='ops').json()] == ['pre-log']
    assert conn['id'] in [item['id'] for item in spaced.call('GET', '/api/actions/connectors', space='team').json()]


def test_ids_are_unique_across_spaces(spaced):
    spaced.created('.server-log', space='team', connector_id='shared-id')
    for space in (None, 'ops', 'undeclared'):
        response = spaced.create('.server-log', connector_id='shared-id', space=space)
        assert response.status_code == 409
        assert response.json() == {'statusCode': 409, 'error': 'Conflict', 'message': 'Saved object [action/shared-id] conflict'}


def test_undeclared_space_behaves_like_kibana(spaced):
    assert [item['id'] for item in spaced.call('GET', '/api/actions/connectors', space='ghost').json()] == ['pre-log']
    created = spaced.created('.server-log', space='ghost', name='in a ghost space')
    listed = spaced.call('GET', '/api/actions/connectors', space='ghost').json()
    assert [item['id'] for item in listed] == [created['id'], 'pre-log']
    assert spaced.call('GET', '/api/spaces/space/ghost').status_code == 404
    assert [entry['space'] for entry in spaced.admin('GET', 'requests')['requests']][:2] == ['ghost', 'ghost']


def test_default_prefix_is_the_default_space(spaced):
    spaced.created('.server-log', connector_id='in-default')
    assert spaced.call('GET', '/api/actions/connector/in-default', space='default').status_code == 200


def test_admin_space_controls(spaced):
    bad = spaced.session.post(spaced.url + '/__double__/spaces', json={'id': 'Bad Id'})
    assert bad.status_code == 400
    assert spaced.session.delete(spaced.url + '/__double__/spaces/default').status_code == 400
    assert spaced.session.delete(spaced.url + '/__double__/spaces/unknown').status_code == 404
    spaced.double.add_space('in-process', 'From Python')
    assert spaced.call('GET', '/api/spaces/space/in-process').json()['name'] == 'From Python'
    spaced.double.reset()
    assert spaced.call('GET', '/api/spaces/space/in-process').status_code == 200  # reset keeps declared spaces
    spaced.admin('DELETE', 'spaces/in-process')
