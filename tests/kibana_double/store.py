"""In-memory state of the double: connectors, spaces, documents, server log, request log, faults, test controls."""

import copy
import hashlib
import json
import re
import threading
import time

from .config import ActionsSettings, Profile, default_credentials

MASK = '********'
REQUEST_LOG_LIMIT = 10000
SPACE_ID_RE = re.compile(r'^[a-z0-9_\-]+$')
DEFAULT_SPACE = {'id': 'default', 'name': 'Default', 'description': 'This is your default space!', 'color': '#00bfb3',
                 'disabledFeatures': [], '_reserved': True}
SPACE_KEYS = ('id', 'name', 'description', 'color', 'initials', 'imageUrl', 'disabledFeatures', 'solution')


class Connector(object):
    """A connector saved object (hidden type `action`, namespace multiple-isolated)."""

    def __init__(self, connector_id, space, type_id, name, config, secrets, is_missing_secrets=False):
        self.id = connector_id
        self.space = space
        self.type_id = type_id
        self.name = name
        self.config = config
        self.secrets = secrets
        self.is_missing_secrets = is_missing_secrets

    def admin_view(self):
        """What GET /__double__/connectors shows: never the secrets themselves."""
        canonical = json.dumps(self.secrets, sort_keys=True, separators=(',', ':'))
        return {'id': self.id, 'space': self.space, 'connector_type_id': self.type_id, 'name': self.name,
                'config': copy.deepcopy(self.config), 'is_missing_secrets': self.is_missing_secrets,
                'secrets_sha256': hashlib.sha256(canonical.encode('utf-8')).hexdigest(),
                'secret_keys': sorted(key for key, value in (self.secrets or {}).items() if value is not None)}


def mask_body(body):
    """A request body for the request log, with every secrets value masked."""
    if not isinstance(body, dict):
        return body
    masked = copy.deepcopy(body)
    if 'secrets' in masked:
        secrets = masked['secrets']
        masked['secrets'] = dict((key, MASK) for key in secrets) if isinstance(secrets, dict) else MASK
    return masked


class Faults(object):
    """Injected faults: status answers, dropped connections, lost create answers, latency."""

    def __init__(self, latency_ms=0):
        self.start_latency_ms = latency_ms
        self.latency_ms = latency_ms
        self.rules = []
        self.lose_create = 0

    def clear(self):
        """Forget every fault; latency goes back to the start value."""
        self.rules = []
        self.lose_create = 0
        self.latency_ms = self.start_latency_ms

    def add(self, spec):
        """Add faults from a POST /__double__/faults body; raise ValueError when it is not understood."""
        if not isinstance(spec, dict) or not spec:
            raise ValueError('expected a JSON object')
        known = ('status', 'count', 'retry_after', 'methods', 'path_prefix', 'drop', 'lose_create_response', 'latency_ms')
        unknown = [key for key in spec if key not in known]
        if unknown:
            raise ValueError('unknown keys: %s' % ', '.join(sorted(unknown)))
        methods = [m.upper() for m in spec.get('methods') or []]
        prefix = spec.get('path_prefix')
        if 'status' in spec:
            if spec['status'] not in (429, 500, 502, 503, 504):
                raise ValueError('status must be 429, 500, 502, 503 or 504')
            self.rules.append({'kind': 'status', 'status': spec['status'], 'count': _count(spec.get('count', 1)),
                               'retry_after': spec.get('retry_after'), 'methods': methods, 'path_prefix': prefix})
        if 'drop' in spec:
            self.rules.append({'kind': 'drop', 'count': _count(spec['drop']), 'methods': methods, 'path_prefix': prefix})
        if 'lose_create_response' in spec:
            self.lose_create += _count(spec['lose_create_response'])
        if 'latency_ms' in spec:
            if not isinstance(spec['latency_ms'], (int, float)) or spec['latency_ms'] < 0:
                raise ValueError('latency_ms must be a number >= 0')
            self.latency_ms = spec['latency_ms']

    def take(self, method, path):
        """The fault rule that applies to this request, if any (its count goes down by one)."""
        for rule in self.rules:
            if rule['methods'] and method not in rule['methods']:
                continue
            if rule['path_prefix'] and not path.startswith(rule['path_prefix']):
                continue
            rule['count'] -= 1
            if rule['count'] <= 0:
                self.rules.remove(rule)
            return dict(rule)
        return None

    def take_lose_create(self):
        """True when this successful create's answer must be lost."""
        if self.lose_create > 0:
            self.lose_create -= 1
            return True
        return False

    def describe(self):
        """The pending faults."""
        return {'rules': copy.deepcopy(self.rules), 'lose_create_response': self.lose_create, 'latency_ms': self.latency_ms}


def _count(value):
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise ValueError('counts must be integers >= 1')
    return value


class State(object):  # pylint: disable=too-many-instance-attributes
    """Everything the double knows. All access goes through `lock`."""

    def __init__(self, profile=None, settings=None, license_level='trial', credentials=None, spaces=(), latency_ms=0,  # pylint: disable=too-many-arguments
                 extra_types=None):
        self.lock = threading.RLock()
        self.profile = profile or Profile()
        self.settings = settings or ActionsSettings()
        self.start_license = license_level
        self.license = license_level
        self.license_expired = False
        self.credentials = credentials if credentials is not None else default_credentials()
        self.connectors = {}
        self.references = {}
        self.documents = {}
        self.server_log = []
        self.requests = []
        self.faults = Faults(latency_ms)
        self.start_extra_types = dict(extra_types or {})
        self.extra_types = dict(self.start_extra_types)
        self.inference_endpoints = {}
        self.spaces = {'default': dict(DEFAULT_SPACE)}
        self.declared_spaces = []
        for space in spaces:
            self.add_space(space if isinstance(space, dict) else {'id': space})
        self.last_activity = time.monotonic()

    def touch(self):
        """Note activity (for the idle timeout)."""
        self.last_activity = time.monotonic()

    def reset(self):
        """POST /__double__/reset: keeps preconfigured connectors and declared spaces; the licence and the extra types go back
        to their start values; inference endpoints are forgotten."""
        with self.lock:
            self.license = self.start_license
            self.license_expired = False
            self.connectors.clear()
            self.references.clear()
            self.documents.clear()
            self.inference_endpoints.clear()
            self.extra_types = dict(self.start_extra_types)
            del self.server_log[:]
            del self.requests[:]
            self.faults.clear()

    def add_space(self, data):
        """Declare a space; raise ValueError for a bad id."""
        if not isinstance(data, dict) or not isinstance(data.get('id'), str) or not SPACE_ID_RE.match(data['id']):
            raise ValueError('a space needs an id made of lowercase letters, digits, "_" and "-"')
        unknown = [key for key in data if key not in SPACE_KEYS]
        if unknown:
            raise ValueError('unknown space keys: %s' % ', '.join(sorted(unknown)))
        space = dict((key, data[key]) for key in SPACE_KEYS if key in data)
        space.setdefault('name', data['id'])
        space.setdefault('disabledFeatures', [])
        with self.lock:
            if data['id'] == 'default':
                self.spaces['default'].update(space)
                return
            self.spaces[data['id']] = space

    def remove_space(self, space_id):
        """Forget a declared space (its connectors stay, as in Kibana's API without cleanup)."""
        with self.lock:
            if space_id == 'default' or space_id not in self.spaces:
                return False
            del self.spaces[space_id]
            return True

    def list_spaces(self):
        """Spaces sorted by name, as Kibana's `name.keyword` sort does."""
        with self.lock:
            return sorted((copy.deepcopy(space) for space in self.spaces.values()), key=lambda space: space['name'])

    def log_request(self, entry):
        """Append to the request log."""
        with self.lock:
            self.requests.append(entry)
            if len(self.requests) > REQUEST_LOG_LIMIT:
                del self.requests[0]

    def add_documents(self, index, documents):
        """Documents written by an `.index` execute; return their positions."""
        with self.lock:
            stored = self.documents.setdefault(index, [])
            first = len(stored)
            stored.extend(copy.deepcopy(documents))
            return first

    def add_server_log(self, level, message):
        """A `.server-log` execute."""
        with self.lock:
            self.server_log.append({'level': level, 'message': message})

    def find_in_space(self, connector_id, space):
        """A saved connector visible in `space`, or None."""
        with self.lock:
            connector = self.connectors.get(connector_id)
            if connector is None or connector.space != space:
                return None
            return connector
