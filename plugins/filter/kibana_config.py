# -*- coding: utf-8 -*-
# Copyright (c) kibana.connectors contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Filters of the kibana.connectors.kibana_config role.

``kibana_config_plan`` validates the role's variables and the current kibana.yml, renders the new
kibana.yml (whole file, or only the ``xpack.actions`` keys merged into the current file with its
comments kept), and describes the change with secret values masked. ``kibana_config_keystore_plan``
reads the Kibana keystore and lists the entries to add, update and remove.

Connector type knowledge comes from the collection's one catalogue (module_utils/_catalogue.py).
No text returned in ``errors``, ``summary`` or ``diff`` ever holds a secret value.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type  # pylint: disable=invalid-name

import base64
import binascii
import difflib
import hashlib
import json
from collections.abc import Mapping

import yaml

from ansible.errors import AnsibleFilterError
from ansible.module_utils.common.text.converters import to_text
from ansible_collections.kibana.connectors.plugins.module_utils._catalogue import validate_connector

try:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM
    from cryptography.exceptions import InvalidTag
    HAS_CRYPTOGRAPHY = True
except ImportError:  # pragma: no cover - cryptography is a requirement of ansible-core
    HAS_CRYPTOGRAPHY = False

MANAGED = ('xpack', 'actions')
BEGIN_MARK = '# BEGIN xpack.actions: managed by Ansible (kibana.connectors.kibana_config), edits in this block are overwritten'
END_MARK = '# END xpack.actions: managed by Ansible (kibana.connectors.kibana_config)'
BEGIN_PREFIX = '# BEGIN xpack.actions: managed by Ansible'
END_PREFIX = '# END xpack.actions: managed by Ansible'
MASK = '********'
MASK_CHANGED = '******** (changed)'
MASK_NEW = '******** (new)'
KEYSTORE_PREFIX = 'xpack.actions.preconfigured.'

REFUSED_IDS = ('', '__proto__', 'constructor')
RESERVED_ID = 'preconfigured-alert-history-es-index'
CONNECTOR_KEYS = ('id', 'name', 'connector_type_id', 'config', 'secrets', 'expose_config')

# Role variable -> setting under xpack.actions, and what kind of value it takes.
SETTINGS = (
    ('kibana_config_actions_allowed_hosts', 'allowedHosts', 'strings'),
    ('kibana_config_actions_enabled_action_types', 'enabledActionTypes', 'strings'),
    ('kibana_config_actions_proxy_url', 'proxyUrl', 'string'),
    ('kibana_config_actions_proxy_headers', 'proxyHeaders', 'headers'),
    ('kibana_config_actions_proxy_bypass_hosts', 'proxyBypassHosts', 'strings'),
    ('kibana_config_actions_proxy_only_hosts', 'proxyOnlyHosts', 'strings'),
    ('kibana_config_actions_custom_host_settings', 'customHostSettings', 'hosts'),
    ('kibana_config_actions_ssl_verification_mode', 'ssl.verificationMode', 'mode'),
    ('kibana_config_actions_email_domain_allowlist', 'email.domain_allowlist', 'strings'),
    ('kibana_config_actions_max_response_content_length', 'maxResponseContentLength', 'string'),
    ('kibana_config_actions_response_timeout', 'responseTimeout', 'string'),
)
VERIFICATION_MODES = ('none', 'certificate', 'full')
CUSTOM_HOST_KEYS = {
    'url': None,
    'smtp': ('ignoreTLS', 'requireTLS'),
    'ssl': ('verificationMode', 'certificateAuthoritiesFiles', 'certificateAuthoritiesData', 'rejectUnauthorized'),
}
# Other xpack.actions settings Kibana 8.x or 9.x accepts (some only one of them), for kibana_config_actions_extra_settings.
EXTRA_SETTINGS = (
    'preconfiguredAlertHistoryEsIndex', 'ssl.proxyVerificationMode', 'proxyRejectUnauthorizedCertificates',
    'rejectUnauthorized', 'microsoftGraphApiUrl', 'microsoftGraphApiScope', 'microsoftExchangeUrl',
    'cleanupFailedExecutionsTask', 'run', 'enableFooterInEmail', 'queued', 'usage', 'webhook', 'email.services',
)

# Key names whose values are masked in the diff, wherever they are (besides connector secrets and proxyHeaders).
SENSITIVE_WORDS = ('password', 'passphrase', 'passwd', 'secret', 'token', 'apikey', 'api_key', 'privatekey', 'private_key',
                   'encryptionkey', 'decryptiononlykeys', 'authorization', 'credential', 'cookie')
MIN_SCRUB_LENGTH = 4


# ---------------------------------------------------------------------------------------------------------------------
# Values


def _plain(value):
    """Ansible's (tagged) values as plain Python values that yaml.safe_dump can write."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    if isinstance(value, (bytes, str)):
        return str(to_text(value))
    if isinstance(value, Mapping):
        return dict((str(to_text(key)), _plain(sub)) for key, sub in value.items())
    if isinstance(value, (list, tuple)):
        return [_plain(sub) for sub in value]
    return str(to_text(value))


def _merge(target, source, conflicts, path):
    for key, value in source.items():
        if isinstance(target.get(key), dict) and isinstance(value, dict):
            _merge(target[key], value, conflicts, path + (key,))
        else:
            if key in target and conflicts is not None:
                conflicts.append('.'.join(path + (key,)))
            target[key] = value


def deepen(value, conflicts=None, path=()):
    """Kibana's reading of kibana.yml: a dotted key is nested keys, at every level, and leaves merge.

    Paths set twice (``server.host`` and ``server: {host: ...}``) are added to ``conflicts``.
    """
    if isinstance(value, list):
        return [deepen(sub, conflicts, path) for sub in value]
    if not isinstance(value, dict):
        return value
    out = {}
    for key, sub in value.items():
        parts = str(key).split('.')
        node = out
        for index, part in enumerate(parts[:-1]):
            if not isinstance(node.get(part), dict):
                if part in node and conflicts is not None:
                    conflicts.append('.'.join(path + tuple(parts[:index + 1])))
                node[part] = {}
            node = node[part]
        full = path + tuple(parts)
        sub = deepen(sub, conflicts, full)
        last = parts[-1]
        if isinstance(node.get(last), dict) and isinstance(sub, dict):
            _merge(node[last], sub, conflicts, full)
        else:
            if last in node and conflicts is not None:
                conflicts.append('.'.join(full))
            node[last] = sub
    return out


def _get_path(data, path):
    for part in path:
        if not isinstance(data, dict) or part not in data:
            return None
        data = data[part]
    return data


def _without_managed(deep):
    """A deepened document without xpack.actions (and without an xpack left empty by that)."""
    out = dict(deep)
    xpack = out.get('xpack')
    if isinstance(xpack, dict) and 'actions' in xpack:
        xpack = dict(xpack)
        del xpack['actions']
        if xpack:
            out['xpack'] = xpack
        else:
            del out['xpack']
    return out


def _leaves(data, path=()):
    """{dotted path: value} of a deepened mapping (lists are leaves)."""
    out = {}
    if isinstance(data, dict) and data:
        for key, sub in data.items():
            out.update(_leaves(sub, path + (key,)))
    elif path:
        out['.'.join(path)] = data
    return out


def _dump(data):
    return yaml.dump(data, Dumper=_Dumper, default_flow_style=False, sort_keys=False, allow_unicode=True,
                     width=1000000000, indent=2)


class _Dumper(yaml.SafeDumper):  # pylint: disable=too-many-ancestors
    """Lists indented under their key, as in Kibana's own kibana.yml."""

    def increase_indent(self, flow=False, indentless=False):
        return super(_Dumper, self).increase_indent(flow, False)


# Templated values reach the filter as subclasses of str, dict and list (AnsibleUnsafeText and friends on
# ansible-core before 2.19): write them as the plain types.
_Dumper.add_multi_representer(str, lambda dumper, value: dumper.represent_str(str(value)))
_Dumper.add_multi_representer(dict, lambda dumper, value: dumper.represent_dict(dict(value)))
_Dumper.add_multi_representer(list, lambda dumper, value: dumper.represent_list(list(value)))


def _is_sensitive(path):
    if len(path) >= 3 and tuple(path[:3]) == ('xpack', 'actions', 'proxyHeaders'):
        return True
    if len(path) >= 5 and tuple(path[:3]) == ('xpack', 'actions', 'preconfigured') and path[4] == 'secrets':
        return True
    for part in path:
        if isinstance(part, str):
            lowered = part.lower()
            if any(word in lowered for word in SENSITIVE_WORDS):
                return True
    return False


def _secret_strings(value, found):
    """Every scalar inside ``value`` (a secrets dict), as text."""
    if isinstance(value, dict):
        for sub in value.values():
            _secret_strings(sub, found)
    elif isinstance(value, list):
        for sub in value:
            _secret_strings(sub, found)
    elif value is not None and not isinstance(value, bool):
        found.add(str(value))
    return found


# ---------------------------------------------------------------------------------------------------------------------
# YAML text with positions (PyYAML events), for editing the file in place and masking values in it


class _Node(object):
    """One YAML node with where it starts and ends in the text."""

    def __init__(self, kind, start, end, value=None, style=None, flow=False, anchor=None):
        self.kind = kind  # 'scalar', 'alias', 'map' or 'seq'
        self.start = start
        self.end = end
        self.value = value
        self.style = style
        self.flow = flow
        self.anchor = anchor
        self.pairs = []  # map: (key node, value node)
        self.items = []  # seq: nodes


class YamlProblem(Exception):
    """The text is not YAML Kibana can read. The message never quotes the text."""


def _problem(err, what):
    mark = getattr(err, 'problem_mark', None)
    problem = getattr(err, 'problem', None) or 'cannot be parsed'
    where = ' (line %d, column %d)' % (mark.line + 1, mark.column + 1) if mark is not None else ''
    return YamlProblem('%s is not valid YAML: %s%s' % (what, problem, where))


def _build(event, events):
    if isinstance(event, yaml.ScalarEvent):
        return _Node('scalar', event.start_mark, event.end_mark, value=event.value, style=event.style, anchor=event.anchor)
    if isinstance(event, yaml.AliasEvent):
        return _Node('alias', event.start_mark, event.end_mark, anchor=event.anchor)
    if isinstance(event, yaml.MappingStartEvent):
        node = _Node('map', event.start_mark, None, flow=bool(event.flow_style), anchor=event.anchor)
        while True:
            key_event = next(events)
            if isinstance(key_event, yaml.MappingEndEvent):
                node.end = key_event.end_mark
                return node
            key = _build(key_event, events)
            node.pairs.append((key, _build(next(events), events)))
    if isinstance(event, yaml.SequenceStartEvent):
        node = _Node('seq', event.start_mark, None, flow=bool(event.flow_style), anchor=event.anchor)
        while True:
            item_event = next(events)
            if isinstance(item_event, yaml.SequenceEndEvent):
                node.end = item_event.end_mark
                return node
            node.items.append(_build(item_event, events))
    raise YamlProblem('unexpected YAML event %s' % type(event).__name__)


def parse_tree(text, what='kibana.yml'):
    """The root node of a one-document YAML text (None when it holds no document)."""
    roots = []
    try:
        events = iter(list(yaml.parse(text, Loader=yaml.SafeLoader)))
        for event in events:
            if isinstance(event, (yaml.ScalarEvent, yaml.AliasEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                roots.append(_build(event, events))
    except yaml.YAMLError as err:
        raise _problem(err, what)
    if len(roots) > 1:
        raise YamlProblem('%s holds %d YAML documents; Kibana reads one' % (what, len(roots)))
    root = roots[0] if roots else None
    if root is not None and root.kind == 'scalar' and root.value == '' and root.style is None:
        return None
    return root


def load_text(text, what='kibana.yml'):
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as err:
        raise _problem(err, what)


def _duplicates(node, what, found=None):
    """Duplicate keys in any mapping: Kibana's YAML reader (js-yaml) refuses them."""
    found = [] if found is None else found
    if node is None:
        return found
    if node.kind == 'map':
        seen = {}
        for key, value in node.pairs:
            if key.kind == 'scalar':
                if key.value in seen:
                    found.append("%s: duplicate key '%s' (lines %d and %d); Kibana refuses duplicate keys"
                                 % (what, key.value, seen[key.value] + 1, key.start.line + 1))
                else:
                    seen[key.value] = key.start.line
            _duplicates(value, what, found)
    elif node.kind == 'seq':
        for item in node.items:
            _duplicates(item, what, found)
    return found


def _end_of(node):
    """(line, column) just after the last character of the node's content (comments after it excluded)."""
    if node.kind == 'map' and not node.flow and node.pairs:
        return _end_of(node.pairs[-1][1])
    if node.kind == 'seq' and not node.flow and node.items:
        return _end_of(node.items[-1])
    return node.end.line, node.end.column


def _last_line(position):
    line, column = position
    return line if column > 0 else line - 1


def _entry_span(lines, key, value):
    """Inclusive line range of a mapping entry, or None when other content shares those lines."""
    first = key.start.line
    end_line, end_column = _end_of(value)
    last = _last_line((end_line, end_column))
    if last < first:
        last = first
    if lines[first][:key.start.column].strip():
        return None
    if end_column > 0 and end_line < len(lines):
        rest = lines[end_line][end_column:].strip()
        if rest and not rest.startswith('#'):
            return None
    return first, last


def _is_managed(path):
    return len(path) >= len(MANAGED) and tuple(path[:len(MANAGED)]) == MANAGED


def _leads_to_managed(path):
    return len(path) < len(MANAGED) and tuple(MANAGED[:len(path)]) == tuple(path)


def _managed_spans(lines, node, path):
    """Line spans of the managed entries under a mapping node; None when they cannot be cut out line by line.

    Returns (spans, removes_all).
    """
    spans = []
    kept = 0
    for key, value in node.pairs:
        if key.kind != 'scalar':
            kept += 1
            continue
        sub = path + tuple(key.value.split('.'))
        if _is_managed(sub):
            span = _entry_span(lines, key, value)
            if span is None or node.flow:
                return None, False
            spans.append(span)
        elif _leads_to_managed(sub) and value.kind == 'map':
            inner, removes_all = _managed_spans(lines, value, sub)
            if inner is None:
                return None, False
            if removes_all and inner:
                span = _entry_span(lines, key, value)
                if span is None or node.flow:
                    return None, False
                spans.append(span)
            else:
                spans.extend(inner)
                kept += 1
        else:
            kept += 1
    return spans, kept == 0


def _strip_managed(value, path):
    """A loaded (not deepened) mapping without the managed keys; None if nothing is left."""
    out = {}
    for key, sub in value.items():
        full = path + tuple(str(key).split('.'))
        if _is_managed(full):
            continue
        if _leads_to_managed(full) and isinstance(sub, dict):
            sub = _strip_managed(sub, full)
            if sub is None:
                continue
        out[key] = sub
    return out or None


# ---------------------------------------------------------------------------------------------------------------------
# Validation


def _label(index, connector):
    text = 'kibana_config_connectors[%d]' % index
    if isinstance(connector, Mapping):
        cid, name = connector.get('id'), connector.get('name')
        if isinstance(cid, (str, int)) and not isinstance(cid, bool):
            return "%s (id '%s')" % (text, cid)
        if isinstance(name, str) and name:
            return "%s (name '%s')" % (text, name)
    return text


def _dotted_keys(value, path=()):
    found = []
    if isinstance(value, dict):
        for key, sub in value.items():
            if '.' in key:
                found.append('.'.join(path + (key,)))
            found.extend(_dotted_keys(sub, path + (key,)))
    elif isinstance(value, list):
        for sub in value:
            found.extend(_dotted_keys(sub, path))
    return found


def _connector_errors(connectors):
    errors = []
    if connectors is None:
        return errors
    if not isinstance(connectors, list):
        return ['kibana_config_connectors must be a list of connectors']
    seen = {}
    for index, raw in enumerate(connectors):
        label = _label(index, raw)
        if not isinstance(raw, dict):
            errors.append('%s: must be a dict with id, name and connector_type_id' % label)
            continue
        errors.extend("%s: unknown key '%s' (known: %s)" % (label, key, ', '.join(CONNECTOR_KEYS))
                      for key in sorted(raw) if key not in CONNECTOR_KEYS)
        cid = raw.get('id')
        if cid is None:
            errors.append('%s: missing id' % label)
        elif isinstance(cid, (bool, dict, list)):
            errors.append('%s: id must be a string' % label)
        else:
            cid = str(cid)
            if cid in REFUSED_IDS:
                errors.append("%s: Kibana refuses the id '%s' (invalid preconfigured action id) and would not start" % (label, cid))
            elif cid == RESERVED_ID:
                errors.append("%s: the id '%s' is reserved; Kibana skips a preconfigured connector with it (to get the alert history "
                              "connector, set preconfiguredAlertHistoryEsIndex in kibana_config_actions_extra_settings)" % (label, cid))
            elif '.' in cid:
                errors.append("%s: the id contains '.', which Kibana reads as nested keys" % label)
            if cid in seen:
                errors.append("%s: duplicate id '%s' (also kibana_config_connectors[%d])" % (label, cid, seen[cid]))
            else:
                seen[cid] = index
        for key, what in (('name', 'name'), ('connector_type_id', 'connector_type_id')):
            value = raw.get(key)
            if value is None or value == '':
                errors.append('%s: missing %s' % (label, what))
            elif not isinstance(value, str):
                errors.append('%s: %s must be a string' % (label, what))
        for key in ('config', 'secrets'):
            value = raw.get(key)
            if value is not None and not isinstance(value, dict):
                errors.append('%s: %s must be a dict' % (label, key))
            elif value:
                errors.extend("%s: %s key '%s' contains '.', which Kibana reads as nested keys" % (label, key, dotted)
                              for dotted in _dotted_keys(value))
        if raw.get('expose_config') is not None and not isinstance(raw.get('expose_config'), bool):
            errors.append('%s: expose_config must be true or false' % label)
        type_id = raw.get('connector_type_id')
        config, secrets = raw.get('config'), raw.get('secrets')
        if isinstance(type_id, str) and isinstance(config or {}, dict) and isinstance(secrets or {}, dict):
            errors.extend('%s (%s): %s' % (label, type_id, problem)
                          for problem in validate_connector(type_id, config or {}, secrets or {}))
    return errors


def _strings(value):
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def _setting_errors(actions, extra):
    errors = []
    for variable, setting, kind in SETTINGS:
        value = actions.get(variable)
        if value is None:
            continue
        where = '%s (xpack.actions.%s)' % (variable, setting)
        if kind == 'strings' and not _strings(value):
            errors.append('%s must be a list of strings' % where)
        elif kind == 'string' and not isinstance(value, (str, int)):
            errors.append('%s must be a string' % where)
        elif kind == 'mode' and value not in VERIFICATION_MODES:
            errors.append('%s must be one of %s' % (where, ', '.join(VERIFICATION_MODES)))
        elif kind == 'headers':
            if not isinstance(value, dict) or not all(isinstance(sub, str) for sub in value.values()):
                errors.append('%s must be a dict of header names to strings' % where)
            else:
                errors.extend("%s: header name '%s' contains '.', which Kibana reads as nested keys" % (where, key)
                              for key in value if '.' in key)
        elif kind == 'hosts':
            errors.extend(_custom_host_errors(where, value))
    if actions.get('kibana_config_actions_proxy_bypass_hosts') is not None and actions.get('kibana_config_actions_proxy_only_hosts') is not None:
        errors.append('kibana_config_actions_proxy_bypass_hosts (xpack.actions.proxyBypassHosts) and kibana_config_actions_proxy_only_hosts '
                      '(xpack.actions.proxyOnlyHosts) exclude each other: set only one')
    if extra is None:
        return errors
    if not isinstance(extra, dict):
        return errors + ['kibana_config_actions_extra_settings must be a dict']
    named = dict((setting, variable) for variable, setting, _kind in SETTINGS)
    for path in sorted(_leaves(deepen(extra))):
        where = "kibana_config_actions_extra_settings: 'xpack.actions.%s'" % path
        parts = path.split('.')
        owner = [named[setting] for setting in named if setting.split('.') == parts[:len(setting.split('.'))]]
        if owner:
            errors.append('%s is set with %s' % (where, owner[0]))
        elif parts[0] == 'preconfigured':
            errors.append('%s: connectors go in kibana_config_connectors' % where)
        elif not any(known.split('.') == parts[:len(known.split('.'))] for known in EXTRA_SETTINGS):
            errors.append('%s is not a setting Kibana knows; Kibana refuses to start with unknown xpack.actions settings (known here: %s)'
                          % (where, ', '.join(EXTRA_SETTINGS)))
    return errors


def _custom_host_errors(where, value):
    if not isinstance(value, list):
        return ['%s must be a list of dicts' % where]
    errors = []
    for index, entry in enumerate(value):
        item = '%s[%d]' % (where, index)
        if not isinstance(entry, dict):
            errors.append('%s must be a dict' % item)
            continue
        if not entry.get('url'):
            errors.append('%s: missing url' % item)
        for key, sub in entry.items():
            if key not in CUSTOM_HOST_KEYS:
                errors.append("%s: unknown key '%s' (known: %s)" % (item, key, ', '.join(CUSTOM_HOST_KEYS)))
            elif CUSTOM_HOST_KEYS[key] and not isinstance(sub, dict):
                errors.append("%s: '%s' must be a dict" % (item, key))
            elif CUSTOM_HOST_KEYS[key]:
                errors.extend("%s: unknown key '%s.%s' (known: %s)" % (item, key, inner, ', '.join(CUSTOM_HOST_KEYS[key]))
                              for inner in sub if inner not in CUSTOM_HOST_KEYS[key])
        mode = (entry.get('ssl') or {}).get('verificationMode') if isinstance(entry.get('ssl'), dict) else None
        if mode is not None and mode not in VERIFICATION_MODES:
            errors.append('%s: ssl.verificationMode must be one of %s' % (item, ', '.join(VERIFICATION_MODES)))
    return errors


def _spec_errors(spec):
    errors = []
    mode = spec.get('mode', 'render')
    if mode not in ('render', 'merge'):
        errors.append('kibana_config_mode must be render or merge')
    store = spec.get('secrets_store', 'file')
    if store not in ('file', 'keystore'):
        errors.append('kibana_config_secrets_store must be file or keystore')
    keystore_path = spec.get('keystore_path')
    if store == 'keystore' and keystore_path and str(keystore_path).rstrip('/').rsplit('/', 1)[-1] != 'kibana.keystore':
        errors.append('kibana_config_keystore_path must name a file called kibana.keystore: kibana-keystore looks for it under that name '
                      'in the directory it is given (KBN_PATH_CONF)')
    validate = spec.get('validate_command')
    if validate and '%s' not in validate:
        errors.append("kibana_config_validate_command must contain '%s' (the file to check)")
    errors.extend(_connector_errors(spec.get('connectors')))
    errors.extend(_setting_errors(spec.get('actions') or {}, spec.get('extra_settings')))
    settings = spec.get('settings')
    if settings is None:
        return errors
    if not isinstance(settings, dict):
        return errors + ['kibana_config_settings must be a dict']
    if settings and mode == 'merge':
        errors.append('kibana_config_settings is only used with kibana_config_mode=render; merge mode changes xpack.actions.* and '
                      'keeps every other setting of the file')
    conflicts = []
    deep = deepen(settings, conflicts)
    errors.extend("kibana_config_settings sets '%s' more than once (dotted and nested forms)" % path for path in sorted(set(conflicts)))
    if _get_path(deep, MANAGED) is not None:
        managed = _get_path(deep, MANAGED)
        names = sorted('xpack.actions.' + path for path in _leaves(managed)) if isinstance(managed, dict) and managed else ['xpack.actions']
        errors.append('kibana_config_settings sets %s: the role manages xpack.actions.* through kibana_config_connectors and the '
                      'kibana_config_actions_* variables' % ', '.join("'%s'" % name for name in names))
    return errors


# ---------------------------------------------------------------------------------------------------------------------
# Rendering


def _set_path(tree, parts, value):
    for part in parts[:-1]:
        tree = tree.setdefault(part, {})
    tree[parts[-1]] = value


def managed_tree(spec):
    """The xpack.actions settings the role writes, as one nested mapping (Kibana's names)."""
    tree = {}
    actions = spec.get('actions') or {}
    for variable, setting, _kind in SETTINGS:
        value = actions.get(variable)
        if value is not None:
            _set_path(tree, setting.split('.'), value)
    extra = deepen(spec.get('extra_settings') or {})
    _merge(tree, extra, None, ())
    keystore = spec.get('secrets_store') == 'keystore'
    preconfigured = {}
    for raw in spec.get('connectors') or []:
        entry = {'name': raw['name'], 'actionTypeId': raw['connector_type_id']}
        if raw.get('config'):
            entry['config'] = raw['config']
        if raw.get('secrets') and not keystore:
            entry['secrets'] = raw['secrets']
        if raw.get('expose_config') is not None:
            entry['exposeConfig'] = raw['expose_config']
        preconfigured[str(raw['id'])] = entry
    if preconfigured:
        tree['preconfigured'] = preconfigured
    return tree


def _block(tree):
    if not tree:
        return ''
    return '%s\n%s%s\n' % (BEGIN_MARK, _dump({'xpack.actions': tree}), END_MARK)


def _header(text):
    if not text:
        return ''
    return ''.join(('# %s' % line).rstrip() + '\n' for line in str(text).splitlines())


def render_whole(spec, tree):
    parts = [part for part in (_header(spec.get('header')), _dump(spec['settings']) if spec.get('settings') else '', _block(tree)) if part]
    return '\n'.join(parts)


def _without_block(text):
    """The text without the role's marked block (and the line numbers it held), or raise."""
    lines = text.splitlines(True)
    out = []
    inside = None
    for number, line in enumerate(lines):
        stripped = line.rstrip('\r\n')
        if inside is None and stripped.startswith(BEGIN_PREFIX):
            inside = number
            continue
        if inside is not None:
            if stripped.startswith(END_PREFIX):
                inside = None
            continue
        out.append(line)
    if inside is not None:
        raise YamlProblem('kibana.yml: the block managed by Ansible that starts at line %d has no END line; fix the file by hand' % (inside + 1))
    return ''.join(out)


def merge_into(current, tree):
    """``current`` with every xpack.actions key (dotted or nested) removed and the managed block appended."""
    text = _without_block(current)
    root = parse_tree(text)
    if root is not None and root.kind != 'map':
        raise YamlProblem('kibana.yml does not hold a mapping of settings')
    lines = text.splitlines(True)
    if root is not None:
        problems = _duplicates(root, 'kibana.yml')
        if problems:
            raise YamlProblem(problems[0])
        if root.flow:
            stripped = _strip_managed(load_text(text) or {}, ())
            lines = [_dump(stripped)] if stripped else []
        else:
            lines = _cut_managed(text, lines, root)
    while lines and not lines[-1].strip():
        lines.pop()
    body = ''.join(lines)
    if body and not body.endswith('\n'):
        body += '\n'
    block = _block(tree)
    if body and block:
        return body + '\n' + block
    return body + block


def _cut_managed(text, lines, root):
    bare = [line.rstrip('\r\n') for line in lines]
    replace = {}  # first line -> (last line, replacement text)
    data = None
    for key, value in root.pairs:
        if key.kind != 'scalar':
            continue
        path = tuple(key.value.split('.'))
        if _is_managed(path):
            span = _entry_span(bare, key, value)
        elif _leads_to_managed(path) and value.kind == 'map':
            spans, removes_all = _managed_spans(bare, value, path)
            if spans is not None and (not removes_all or not spans):
                for first, last in spans:
                    replace[first] = (last, '')
                continue
            span = _entry_span(bare, key, value)
            if spans is None and span is not None:
                # a flow-style mapping holds the managed keys: rewrite this top-level entry in block style
                data = load_text(text) if data is None else data
                kept = _strip_managed({key.value: data.get(key.value)}, ())
                replace[span[0]] = (span[1], _dump(kept) if kept else '')
                continue
        else:
            continue
        if span is None:
            raise YamlProblem("kibana.yml: cannot cut out '%s' at line %d line by line; rewrite it in block style" % (key.value, key.start.line + 1))
        replace[span[0]] = (span[1], '')
    out = []
    number = 0
    while number < len(lines):
        if number in replace:
            last, replacement = replace[number]
            if replacement:
                out.append(replacement)
            number = last + 1
            continue
        out.append(lines[number])
        number += 1
    return out


# ---------------------------------------------------------------------------------------------------------------------
# Masking and describing a change


def _secret_nodes(node, path, found, anchors, secret=False):
    """(start index, end index, path, value) of every scalar that holds a secret."""
    if node is None:
        return
    secret = secret or _is_sensitive(path) or (node.anchor is not None and node.anchor in anchors)
    if node.kind == 'scalar':
        if secret:
            found.append((node.start.index, node.end.index, path, node.value))
    elif node.kind == 'alias':
        if secret:
            anchors.add(node.anchor)
    elif node.kind == 'map':
        for key, value in node.pairs:
            sub = path + tuple(key.value.split('.')) if key.kind == 'scalar' else path + ('?',)
            _secret_nodes(value, sub, found, anchors, secret)
    else:
        for index, item in enumerate(node.items):
            _secret_nodes(item, path + (index,), found, anchors, secret)


def _secrets_of(root):
    found, anchors = [], set()
    _secret_nodes(root, (), found, anchors)
    if anchors:  # anchored values used under a secret key: mask where they are defined too
        found = []
        _secret_nodes(root, (), found, anchors)
    return found


def _masked(text, root, other=None):
    """The text with secret values replaced. With ``other`` ({path: value} of the text before), changed ones say so."""
    spans = sorted(_secrets_of(root), key=lambda span: span[0], reverse=True)
    for start, end, path, value in spans:
        if other is None or other.get(path) == value:
            mask = MASK
        else:
            mask = MASK_CHANGED if path in other else MASK_NEW
        original = text[start:end]
        text = text[:start] + mask + ('\n' if original.endswith('\n') else '') + text[end:]
    return text


def _scrub(lines, secrets):
    """Any remaining occurrence of a known secret (in a comment, say) masked too."""
    secrets = sorted((secret for secret in secrets if len(secret) >= MIN_SCRUB_LENGTH), key=len, reverse=True)
    out = []
    for line in lines:
        for secret in secrets:
            if secret in line:
                line = line.replace(secret, MASK)
        out.append(line)
    return out


def _connector_summary(before, after):
    lines = []
    before = before if isinstance(before, dict) else {}
    after = after if isinstance(after, dict) else {}
    for cid in after:
        new = after[cid] if isinstance(after[cid], dict) else {}
        if cid not in before:
            lines.append("connector '%s' (%s): added" % (cid, new.get('actionTypeId')))
            continue
        old = before[cid] if isinstance(before[cid], dict) else {}
        changes = []
        for field in ('name', 'actionTypeId', 'config', 'secrets', 'exposeConfig'):
            if field in old and field not in new:
                changes.append('%s removed' % field)
            elif field in new and field not in old:
                changes.append('%s added' % field)
            elif old.get(field) != new.get(field):
                changes.append('%s changed' % field)
        if changes:
            lines.append("connector '%s': %s" % (cid, ', '.join(changes)))
    lines.extend("connector '%s': removed" % cid for cid in before if cid not in after)
    return lines


def _summary(before, after, text_changed):
    """What changes, by name only (never a value)."""
    lines = []
    old_actions = _get_path(before, MANAGED) if isinstance(_get_path(before, MANAGED), dict) else {}
    new_actions = _get_path(after, MANAGED) if isinstance(_get_path(after, MANAGED), dict) else {}
    lines.extend(_connector_summary(old_actions.get('preconfigured'), new_actions.get('preconfigured')))
    old_settings = _leaves(dict((k, v) for k, v in old_actions.items() if k != 'preconfigured'), MANAGED)
    new_settings = _leaves(dict((k, v) for k, v in new_actions.items() if k != 'preconfigured'), MANAGED)
    for leaves_before, leaves_after, kind in ((old_settings, new_settings, 'setting'),
                                              (_leaves(_without_managed(before)), _leaves(_without_managed(after)), 'setting')):
        leaves_before.pop('', None)
        leaves_after.pop('', None)
        leaves_before.pop('xpack.actions', None)
        leaves_after.pop('xpack.actions', None)
        for path in leaves_after:
            if path not in leaves_before:
                lines.append("%s '%s': added" % (kind, path))
            elif leaves_before[path] != leaves_after[path]:
                lines.append("%s '%s': changed" % (kind, path))
        lines.extend("%s '%s': removed" % (kind, path) for path in leaves_before if path not in leaves_after)
    if text_changed and not lines:
        lines.append('comments or layout only')
    return lines


# ---------------------------------------------------------------------------------------------------------------------
# The filters


def _expected(spec, tree):
    """What Kibana should read from the new file in render mode."""
    expected = deepen(spec.get('settings') or {})
    if tree:
        _merge(expected.setdefault('xpack', {}), {'actions': deepen(tree)}, None, ())
    return expected


def _render(spec, current):
    """(content, tree of the parsed content, deepened data of the content), or raise YamlProblem."""
    tree = managed_tree(spec)
    if spec.get('mode') == 'merge':
        content = merge_into(current or '', tree)
    else:
        content = render_whole(spec, tree)
    root = parse_tree(content, 'the new kibana.yml')
    problems = _duplicates(root, 'the new kibana.yml')
    if problems:
        raise YamlProblem(problems[0])
    data = deepen(load_text(content, 'the new kibana.yml') or {})
    if _get_path(data, MANAGED) != (deepen(tree) if tree else None):
        raise YamlProblem('the new kibana.yml does not read back as the xpack.actions settings it should hold')
    if spec.get('mode') == 'merge':
        before = deepen(load_text(_without_block(current or '')) or {})
        if _without_managed(data) != _without_managed(before):
            raise YamlProblem('the merged kibana.yml does not keep the other settings as they were')
    elif data != _expected(spec, tree):
        raise YamlProblem('the new kibana.yml does not read back as the settings it should hold')
    return content, root, data


def _describe(spec, current, content, new_root, new_data, path):
    """(summary, masked diff lines) of the change from current to content."""
    old_root = old_data = None
    if current is not None:
        try:
            old_root = parse_tree(current)
            old_data = deepen(load_text(current) or {})
        except YamlProblem:
            old_root = old_data = None
    summary = _summary(old_data or {}, new_data, True)
    new_secrets = _secrets_of(new_root)
    old_secrets = _secrets_of(old_root) if old_root is not None else []
    known = set(value for _start, _end, _path, value in new_secrets + old_secrets)
    for raw in spec.get('connectors') or []:
        _secret_strings(raw.get('secrets') or {}, known)
    if current is None:
        before = []
    elif old_root is None and old_data is None and current.strip():
        before = ['<the current file is not valid YAML and is not shown>']
    else:
        before = _masked(current, old_root).splitlines()
    old_values = dict((secret_path, value) for _start, _end, secret_path, value in old_secrets)
    after = _masked(content, new_root, old_values).splitlines()
    diff = difflib.unified_diff(before, after, '%s (before)' % path, '%s (after)' % path, lineterm='')
    return summary, _scrub(list(diff), known)


def kibana_config_plan(spec, current=None, path='kibana.yml'):
    """Validate, render and describe kibana.yml. See the filter's documentation."""
    if not isinstance(spec, Mapping):
        raise AnsibleFilterError('kibana_config_plan: the input must be the role specification (a dict)')
    spec = _plain(spec)
    current = None if current is None else str(to_text(current))
    result = {'errors': _spec_errors(spec), 'content': None, 'changed': False, 'secrets': False, 'summary': [], 'diff': []}
    if result['errors']:
        return result
    try:
        content, new_root, new_data = _render(spec, current)
    except YamlProblem as err:
        result['errors'] = [str(err)]
        return result
    result.update(content=content, changed=content != current, secrets=bool(_secrets_of(new_root)))
    if result['changed']:
        result['summary'], result['diff'] = _describe(spec, current, content, new_root, new_data, to_text(path))
    return result


def _keystore_data(text, passphrase):
    """The entries of a kibana.keystore file (Kibana's format 1: AES-256-GCM, key from PBKDF2-SHA512 of the passphrase)."""
    version, _sep, data = to_text(text).strip().partition(':')
    if version != '1' or not data:
        raise YamlProblem('the Kibana keystore has a format this role does not know (version %s)' % version[:8])
    if not HAS_CRYPTOGRAPHY:
        raise YamlProblem('reading the Kibana keystore needs the Python package cryptography on the controller')
    try:
        raw = base64.b64decode(data)
        salt, iv, tag, ciphertext = raw[:64], raw[64:76], raw[76:92], raw[92:]
        key = hashlib.pbkdf2_hmac('sha512', to_text(passphrase or '').encode('utf-8'), salt, 10000, 32)
        plain = AESGCM(key).decrypt(iv, ciphertext + tag, None)
    except (binascii.Error, ValueError, InvalidTag):
        raise YamlProblem('cannot read the Kibana keystore: it is protected by a passphrase (set kibana_config_keystore_passphrase_file) '
                          'or the passphrase is wrong')
    try:
        entries = json.loads(plain.decode('utf-8'))
    except ValueError:
        raise YamlProblem('the Kibana keystore does not hold JSON')
    if not isinstance(entries, dict):
        raise YamlProblem('the Kibana keystore does not hold a mapping')
    return entries


def keystore_key(connector_id, secret):
    return '%s%s.secrets.%s' % (KEYSTORE_PREFIX, connector_id, secret)


def kibana_config_keystore_plan(spec, keystore=None, passphrase=None):
    """Keystore entries to add, update and remove. See the filter's documentation."""
    if not isinstance(spec, Mapping):
        raise AnsibleFilterError('kibana_config_keystore_plan: the input must be the role specification (a dict)')
    spec = _plain(spec)
    result = {'errors': _connector_errors(spec.get('connectors')), 'add': [], 'remove': [], 'create': False, 'changed': False,
              'summary': []}
    if result['errors']:
        return result
    try:
        current = _keystore_data(keystore, None if passphrase is None else to_text(passphrase).strip()) if keystore else {}
    except YamlProblem as err:
        result['errors'] = [str(err)]
        return result
    wanted = {}
    if spec.get('secrets_store') == 'keystore':
        for raw in spec.get('connectors') or []:
            for secret, value in sorted((raw.get('secrets') or {}).items()):
                if value is not None:
                    wanted[keystore_key(raw['id'], secret)] = value
    for key in sorted(wanted):
        if key not in current or current[key] != wanted[key]:
            # kibana-keystore add parses the value as JSON when it can: send JSON, so a string stays this exact string.
            result['add'].append({'key': key, 'value': json.dumps(wanted[key])})
            result['summary'].append('keystore: %s %s' % ('update' if key in current else 'add', key))
    for key in sorted(current):
        if key.startswith(KEYSTORE_PREFIX) and key not in wanted:
            result['remove'].append(key)
            result['summary'].append('keystore: remove %s' % key)
    result['create'] = not keystore and bool(result['add'])
    result['changed'] = bool(result['add'] or result['remove'])
    return result


class FilterModule(object):
    """kibana.yml filters of the kibana_config role."""

    def filters(self):
        return {
            'kibana_config_plan': kibana_config_plan,
            'kibana_config_keystore_plan': kibana_config_keystore_plan,
        }
