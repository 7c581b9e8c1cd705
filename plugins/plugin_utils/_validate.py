# -*- coding: utf-8 -*-
# Copyright (c) kibana.connectors contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""What Kibana would refuse, or silently skip, in the connectors and settings of kibana.yml and the keystore.

Types and choices are the argument spec's job (the actions' documentation); these checks are the rest: Kibana's
rules for ids, the collection's catalogue of connector types, settings Kibana does not know or that exclude each
other, keys Kibana would read as nested. Messages name the connector (by index and id) or the option and its
Kibana setting, never a value, and name options as the variables of the role when a prefix is given.

Private to the collection (the name starts with an underscore): not a public API.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type  # pylint: disable=invalid-name

from ansible_collections.kibana.connectors.plugins.module_utils._catalogue import validate_connector
from ansible_collections.kibana.connectors.plugins.plugin_utils._settings import (
    CUSTOM_HOST_KEYS, EXTRA_OPTION, EXTRA_SETTINGS, MANAGED, SETTINGS, VERIFICATION_MODES)
from ansible_collections.kibana.connectors.plugins.plugin_utils._values import deepen, dotted_keys, get_path, leaves

REFUSED_IDS = ('', '__proto__', 'constructor')
RESERVED_ID = 'preconfigured-alert-history-es-index'
KEYSTORE_FILE = 'kibana.keystore'


class Names(object):
    """How messages name the options: as they are, or as the variables of a role (``prefix`` + option)."""

    def __init__(self, prefix, action):
        self.prefix = prefix or ''
        self.role = bool(prefix)
        self.action = action

    def __call__(self, option):
        return self.prefix + option

    @property
    def owner(self):
        """What the messages speak for: the role (``kibana_config``) or the action."""
        return self.prefix.rstrip('_') if self.role else self.action

    @property
    def this(self):
        return 'this role' if self.role else 'this action'

    @property
    def kind(self):
        return 'variables' if self.role else 'options'


def _label(names, index, connector):
    text = '%s[%d]' % (names('connectors'), index)
    cid, name = connector.get('id'), connector.get('name')
    if isinstance(cid, (str, int)) and not isinstance(cid, bool):
        return "%s (id '%s')" % (text, cid)
    if isinstance(name, str) and name:
        return "%s (name '%s')" % (text, name)
    return text


def connector_errors(connectors, names):
    """Problems of the connectors list (already typed by the argument spec)."""
    errors = []
    seen = {}
    for index, raw in enumerate(connectors or []):
        label = _label(names, index, raw)
        cid = raw.get('id')
        if cid is None:
            errors.append('%s: missing id' % label)
        else:
            cid = str(cid)
            if cid in REFUSED_IDS:
                errors.append("%s: Kibana refuses the id '%s' (invalid preconfigured action id) and would not start" % (label, cid))
            elif cid == RESERVED_ID:
                errors.append("%s: the id '%s' is reserved; Kibana skips a preconfigured connector with it (to get the alert history "
                              "connector, set preconfiguredAlertHistoryEsIndex in %s)" % (label, cid, names(EXTRA_OPTION)))
            elif '.' in cid:
                errors.append("%s: the id contains '.', which Kibana reads as nested keys" % label)
            if cid in seen:
                errors.append("%s: duplicate id '%s' (also %s[%d])" % (label, cid, names('connectors'), seen[cid]))
            else:
                seen[cid] = index
        for key in ('name', 'connector_type_id'):
            if raw.get(key) is None or raw.get(key) == '':
                errors.append('%s: missing %s' % (label, key))
        for key in ('config', 'secrets'):
            errors.extend("%s: %s key '%s' contains '.', which Kibana reads as nested keys" % (label, key, dotted)
                          for dotted in dotted_keys(raw.get(key) or {}))
        type_id = raw.get('connector_type_id')
        if type_id:
            errors.extend('%s (%s): %s' % (label, type_id, problem)
                          for problem in validate_connector(type_id, raw.get('config') or {}, raw.get('secrets') or {}))
    return errors


def _custom_host_errors(where, value):
    errors = []
    for index, entry in enumerate(value):
        item = '%s[%d]' % (where, index)
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
        ssl = entry.get('ssl')
        mode = ssl.get('verificationMode') if isinstance(ssl, dict) else None
        if mode is not None and mode not in VERIFICATION_MODES:
            errors.append('%s: ssl.verificationMode must be one of %s' % (item, ', '.join(VERIFICATION_MODES)))
    return errors


def _extra_errors(extra, names):
    errors = []
    named = dict((setting, option) for option, setting, _kind in SETTINGS)
    for path in sorted(leaves(deepen(extra))):
        where = "%s: 'xpack.actions.%s'" % (names(EXTRA_OPTION), path)
        parts = path.split('.')
        owner = [named[setting] for setting in named if setting.split('.') == parts[:len(setting.split('.'))]]
        if owner:
            errors.append('%s is set with %s' % (where, names(owner[0])))
        elif parts[0] == 'preconfigured':
            errors.append('%s: connectors go in %s' % (where, names('connectors')))
        elif not any(known.split('.') == parts[:len(known.split('.'))] for known in EXTRA_SETTINGS):
            errors.append('%s is not a setting Kibana knows; Kibana refuses to start with unknown xpack.actions settings (known here: %s)'
                          % (where, ', '.join(EXTRA_SETTINGS)))
    return errors


def setting_errors(args, names):
    """Problems of the actions_* options (already typed by the argument spec)."""
    errors = []
    for option, setting, kind in SETTINGS:
        value = args.get(option)
        if value is None:
            continue
        where = '%s (xpack.actions.%s)' % (names(option), setting)
        if kind == 'headers':
            if not all(isinstance(sub, str) for sub in value.values()):
                errors.append('%s must be a dict of header names to strings' % where)
            errors.extend("%s: header name '%s' contains '.', which Kibana reads as nested keys" % (where, key)
                          for key in value if '.' in key)
        elif kind == 'hosts':
            errors.extend(_custom_host_errors(where, value))
    bypass, only = 'actions_proxy_bypass_hosts', 'actions_proxy_only_hosts'
    if args.get(bypass) is not None and args.get(only) is not None:
        errors.append('%s (xpack.actions.proxyBypassHosts) and %s (xpack.actions.proxyOnlyHosts) exclude each other: set only one'
                      % (names(bypass), names(only)))
    return errors + _extra_errors(args.get(EXTRA_OPTION) or {}, names)


def other_settings_errors(args, names):
    """Problems of the settings option (every setting but xpack.actions)."""
    settings = args.get('settings')
    if not settings:
        return []
    errors = []
    if args.get('mode') == 'merge':
        errors.append('%s is only used with %s=render; merge mode changes xpack.actions.* and keeps every other setting of the file'
                      % (names('settings'), names('mode')))
    conflicts = []
    deep = deepen(settings, conflicts)
    errors.extend("%s sets '%s' more than once (dotted and nested forms)" % (names('settings'), path) for path in sorted(set(conflicts)))
    managed = get_path(deep, MANAGED)
    if managed is not None:
        found = sorted('xpack.actions.' + path for path in leaves(managed)) if isinstance(managed, dict) and managed else ['xpack.actions']
        errors.append('%s sets %s: the %s manages xpack.actions.* through %s and the %s* %s'
                      % (names('settings'), ', '.join("'%s'" % name for name in found), 'role' if names.role else 'action',
                         names('connectors'), names('actions_'), names.kind))
    return errors


def keystore_path_errors(path, names):
    if path and str(path).rstrip('/').rsplit('/', 1)[-1] != KEYSTORE_FILE:
        return ['%s must name a file called %s: kibana-keystore looks for it under that name in the directory it is given '
                '(KBN_PATH_CONF)' % (names('keystore_path'), KEYSTORE_FILE)]
    return []


def kibana_yml_errors(args, names):
    """Every problem of the kibana_yml options."""
    errors = []
    validate = args.get('validate_command')
    if validate and '%s' not in validate:
        errors.append("%s must contain '%%s' (the file to check)" % names('validate_command'))
    if args.get('secrets_store') == 'keystore':
        errors.extend(keystore_path_errors(args.get('keystore_path'), names))
    errors.extend(connector_errors(args.get('connectors'), names))
    errors.extend(setting_errors(args, names))
    errors.extend(other_settings_errors(args, names))
    return errors
