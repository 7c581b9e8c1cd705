"""Test controls that real Kibana lacks, under /__double__/ (no authentication, never in the request log)."""

import copy
from urllib.parse import unquote

from . import catalogue as cat
from .config import LICENSES
from .store import Connector


class AdminError(Exception):
    """A bad admin request (400) or an unknown admin route (404)."""

    def __init__(self, message, status=400):
        super(AdminError, self).__init__(message)
        self.status = status


def requests_log(state):
    """GET /__double__/requests"""
    with state.lock:
        return {'requests': copy.deepcopy(state.requests)}


def clear_requests(state):
    """DELETE /__double__/requests"""
    with state.lock:
        del state.requests[:]
    return {'requests': []}


def reset(state):
    """POST /__double__/reset"""
    state.reset()
    return {'reset': True}


def faults(state):
    """GET /__double__/faults"""
    with state.lock:
        return {'faults': state.faults.describe()}


def add_faults(state, spec):
    """POST /__double__/faults"""
    with state.lock:
        try:
            state.faults.add(spec)
        except ValueError as err:
            raise AdminError(str(err)) from None
        return {'faults': state.faults.describe()}


def clear_faults(state):
    """DELETE /__double__/faults"""
    with state.lock:
        state.faults.clear()
        return {'faults': state.faults.describe()}


def set_references(state, counts):
    """POST /__double__/references {"<connector id>": count}"""
    if not isinstance(counts, dict) or not all(isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in counts.values()):
        raise AdminError('expected {"<connector id>": <count >= 0>, ...}')
    with state.lock:
        state.references.update(counts)
        return {'references': dict(state.references)}


def spaces(state):
    """GET /__double__/spaces"""
    return {'spaces': state.list_spaces()}


def add_space(state, data):
    """POST /__double__/spaces {"id": .., "name": ..}"""
    try:
        state.add_space(data)
    except ValueError as err:
        raise AdminError(str(err)) from None
    return {'spaces': state.list_spaces()}


def remove_space(state, space_id):
    """DELETE /__double__/spaces/<id>"""
    if space_id == 'default':
        raise AdminError('the default space always exists')
    if not state.remove_space(space_id):
        raise AdminError('no space %r' % space_id, 404)
    return {'spaces': state.list_spaces()}


def set_license(state, data):
    """POST /__double__/license {"license": "basic|gold|platinum|enterprise|trial", "expired": false}"""
    if not isinstance(data, dict) or data.get('license') not in LICENSES:
        raise AdminError('license must be one of %s' % ', '.join(LICENSES))
    with state.lock:
        state.license = data['license']
        state.license_expired = bool(data.get('expired', False))
        return {'license': state.license, 'expired': state.license_expired}


def connectors(state):
    """GET /__double__/connectors: stored connectors with space, config and a hash of the secrets."""
    with state.lock:
        return {'connectors': [conn.admin_view() for conn in state.connectors.values()]}


def inject_connector(state, data):
    """POST /__double__/connectors: store a connector as is (no validation), e.g. one imported without secrets."""
    if not isinstance(data, dict) or not all(isinstance(data.get(key), str) for key in ('id', 'connector_type_id', 'name')):
        raise AdminError('expected {"id", "connector_type_id", "name", "space"?, "config"?, "secrets"?, "is_missing_secrets"?}')
    conn = Connector(data['id'], data.get('space', 'default'), data['connector_type_id'], data['name'], data.get('config', {}),
                     data.get('secrets', {}), bool(data.get('is_missing_secrets', False)))
    with state.lock:
        if conn.id in state.connectors or conn.id in state.settings.preconfigured:
            raise AdminError('id %r is taken' % conn.id, 409)
        state.connectors[conn.id] = conn
        return conn.admin_view()


def documents(state, index):
    """GET /__double__/indices/<index>"""
    with state.lock:
        return {'index': index, 'documents': copy.deepcopy(state.documents.get(index, []))}


def server_log(state):
    """GET /__double__/server-log"""
    with state.lock:
        return {'messages': copy.deepcopy(state.server_log)}


def info(state):
    """GET /__double__/info: what the double was started with."""
    with state.lock:
        return {'version': state.profile.version, 'license': state.license, 'license_expired': state.license_expired,
                'allowed_hosts': list(state.settings.allowed_hosts), 'enabled_action_types': list(state.settings.enabled_types),
                'preconfigured': sorted(state.settings.preconfigured), 'spaces': [space['id'] for space in state.list_spaces()],
                'connector_types': [ctype.id for ctype in cat.listed_types(state.profile, state.extra_types)],
                'extra_types': sorted(state.extra_types), 'warnings': list(state.settings.warnings)}


def types(state):
    """GET /__double__/types: what the double knows per type in its version (catalogue.describe_types)."""
    with state.lock:
        return cat.describe_types(state.profile, state.extra_types, state.settings)


def add_type(state, data):
    """POST /__double__/types: register a type the catalogue does not know (see catalogue.extra_type)."""
    try:
        ctype = cat.extra_type(data)
    except ValueError as err:
        raise AdminError(str(err)) from None
    with state.lock:
        if ctype.id in cat.TYPES and cat.TYPES[ctype.id].available(state.profile):
            raise AdminError('type %r is already registered' % ctype.id, 409)
        state.extra_types[ctype.id] = ctype
        return cat.describe_type(ctype, state.profile, state.settings)


def remove_type(state, type_id):
    """DELETE /__double__/types/<id>: forget a type registered at run time."""
    with state.lock:
        if state.extra_types.pop(type_id, None) is None:
            raise AdminError('no extra type %r' % type_id, 404)
        return {'types': sorted(state.extra_types)}


def inference_endpoints(state):
    """GET /__double__/inference: the Elasticsearch inference endpoints `.inference` connectors made (no secret values)."""
    with state.lock:
        return {'endpoints': [copy.deepcopy(v) for _k, v in sorted(state.inference_endpoints.items(), key=lambda item: str(item[0]))]}


def add_inference_endpoint(state, data):
    """POST /__double__/inference {"inference_id", "task_type"}: an endpoint made outside Kibana."""
    if not isinstance(data, dict) or not all(isinstance(data.get(key), str) for key in ('inference_id', 'task_type')):
        raise AdminError('expected {"inference_id": "...", "task_type": "..."}')
    with state.lock:
        state.inference_endpoints[(data['task_type'], data['inference_id'])] = {
            'inference_id': data['inference_id'], 'task_type': data['task_type'], 'service': data.get('service'),
            'service_settings_keys': [], 'task_settings': {}}
    return inference_endpoints(state)


def handle(state, method, path, body):
    """Route an admin request; return a JSON-able answer or raise AdminError."""
    parts = [unquote(part) for part in path.split('/')[2:] if part]
    key = (method, parts[0] if parts else '', len(parts))
    simple = {
        ('GET', 'requests', 1): requests_log, ('DELETE', 'requests', 1): clear_requests, ('POST', 'reset', 1): reset,
        ('GET', 'faults', 1): faults, ('DELETE', 'faults', 1): clear_faults, ('GET', 'spaces', 1): spaces,
        ('GET', 'connectors', 1): connectors, ('GET', 'server-log', 1): server_log, ('GET', 'info', 1): info,
        ('GET', '', 0): info, ('GET', 'types', 1): types, ('GET', 'inference', 1): inference_endpoints,
    }
    with_body = {
        ('POST', 'faults', 1): add_faults, ('POST', 'references', 1): set_references, ('POST', 'spaces', 1): add_space,
        ('POST', 'license', 1): set_license, ('POST', 'connectors', 1): inject_connector,
        ('POST', 'types', 1): add_type, ('POST', 'inference', 1): add_inference_endpoint,
    }
    if key in simple:
        return simple[key](state)
    if key in with_body:
        return with_body[key](state, body)
    if key == ('DELETE', 'spaces', 2):
        return remove_space(state, parts[1])
    if key == ('GET', 'indices', 2):
        return documents(state, parts[1])
    if key == ('DELETE', 'types', 2):
        return remove_type(state, parts[1])
    raise AdminError('no admin route %s %s' % (method, path), 404)
