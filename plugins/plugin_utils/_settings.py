# -*- coding: utf-8 -*-
# Copyright (c) kibana.connectors contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The connector settings of kibana.yml (the one table of them) and rendering the file.

``SETTINGS`` maps each ``actions_*`` option of the kibana_yml action (the ``kibana_config_actions_*`` variable of
the kibana_config role) to its setting under ``xpack.actions`` and the kind of value it takes. ``render`` writes
the whole file (render mode) or replaces only ``xpack.actions`` in the current one (merge mode), then reads the
result back and checks that Kibana would read exactly the intended settings.

Private to the collection (the name starts with an underscore): not a public API.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type  # pylint: disable=invalid-name

from ansible_collections.kibana.connectors.plugins.plugin_utils._values import deepen, get_path, merge, set_path
from ansible_collections.kibana.connectors.plugins.plugin_utils._yaml_text import (
    YamlProblem, check_document, cut_keys, dump, load_text, without_block)

MANAGED = ('xpack', 'actions')
BEGIN_MARK = '# BEGIN xpack.actions: managed by Ansible (kibana.connectors.kibana_config), edits in this block are overwritten'
END_MARK = '# END xpack.actions: managed by Ansible (kibana.connectors.kibana_config)'
BEGIN_PREFIX = '# BEGIN xpack.actions: managed by Ansible'
END_PREFIX = '# END xpack.actions: managed by Ansible'

# Option (role variable without kibana_config_) -> setting under xpack.actions, and the kind of value it takes.
# The option types themselves are in the action's documentation (plugins/modules/kibana_yml.py).
SETTINGS = (
    ('actions_allowed_hosts', 'allowedHosts', 'strings'),
    ('actions_enabled_action_types', 'enabledActionTypes', 'strings'),
    ('actions_proxy_url', 'proxyUrl', 'string'),
    ('actions_proxy_headers', 'proxyHeaders', 'headers'),
    ('actions_proxy_bypass_hosts', 'proxyBypassHosts', 'strings'),
    ('actions_proxy_only_hosts', 'proxyOnlyHosts', 'strings'),
    ('actions_custom_host_settings', 'customHostSettings', 'hosts'),
    ('actions_ssl_verification_mode', 'ssl.verificationMode', 'mode'),
    ('actions_email_domain_allowlist', 'email.domain_allowlist', 'strings'),
    ('actions_max_response_content_length', 'maxResponseContentLength', 'string'),
    ('actions_response_timeout', 'responseTimeout', 'string'),
)
EXTRA_OPTION = 'actions_extra_settings'
VERIFICATION_MODES = ('none', 'certificate', 'full')
CUSTOM_HOST_KEYS = {
    'url': None,
    'smtp': ('ignoreTLS', 'requireTLS'),
    'ssl': ('verificationMode', 'certificateAuthoritiesFiles', 'certificateAuthoritiesData', 'rejectUnauthorized'),
}
# Other xpack.actions settings Kibana 8.x or 9.x accepts (some only one of them), for actions_extra_settings.
EXTRA_SETTINGS = (
    'preconfiguredAlertHistoryEsIndex', 'ssl.proxyVerificationMode', 'proxyRejectUnauthorizedCertificates',
    'rejectUnauthorized', 'microsoftGraphApiUrl', 'microsoftGraphApiScope', 'microsoftExchangeUrl',
    'cleanupFailedExecutionsTask', 'run', 'enableFooterInEmail', 'queued', 'usage', 'webhook', 'email.services',
)


class Rendered(object):
    """The new kibana.yml: its text, its YAML nodes (for masking) and what Kibana reads from it."""

    def __init__(self, content, root, data):
        self.content = content
        self.root = root
        self.data = data


def managed_tree(args):
    """The xpack.actions settings to write, as one nested mapping (Kibana's names)."""
    tree = {}
    for option, setting, _kind in SETTINGS:
        value = args.get(option)
        if value is not None:
            set_path(tree, setting.split('.'), value)
    merge(tree, deepen(args.get(EXTRA_OPTION) or {}))
    keystore = args.get('secrets_store') == 'keystore'
    preconfigured = {}
    for raw in args.get('connectors') or []:
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


def without_managed(deep):
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


def _block(tree):
    if not tree:
        return ''
    return '%s\n%s%s\n' % (BEGIN_MARK, dump({'xpack.actions': tree}), END_MARK)


def _header(text):
    if not text:
        return ''
    return ''.join(('# %s' % line).rstrip() + '\n' for line in str(text).splitlines())


def render_whole(args, tree):
    parts = (_header(args.get('header')), dump(args['settings']) if args.get('settings') else '', _block(tree))
    return '\n'.join(part for part in parts if part)


def strip_block(text):
    """The text without the block this collection wrote, or raise YamlProblem."""
    return without_block(text, BEGIN_PREFIX, END_PREFIX)


def merge_into(current, tree):
    """``current`` with every xpack.actions key (dotted or nested) removed and the managed block appended."""
    body = cut_keys(strip_block(current), MANAGED)
    block = _block(tree)
    if body and block:
        return body + '\n' + block
    return body + block


def _expected(args, tree):
    """What Kibana should read from the new file in render mode."""
    expected = deepen(args.get('settings') or {})
    if tree:
        merge(expected.setdefault('xpack', {}), {'actions': deepen(tree)})
    return expected


def render(args, current):
    """The new kibana.yml as a Rendered, or raise YamlProblem (never quoting the text)."""
    tree = managed_tree(args)
    if args.get('mode') == 'merge':
        content = merge_into(current or '', tree)
    else:
        content = render_whole(args, tree)
    root = check_document(content, 'the new kibana.yml')
    data = deepen(load_text(content, 'the new kibana.yml') or {})
    if get_path(data, MANAGED) != (deepen(tree) if tree else None):
        raise YamlProblem('the new kibana.yml does not read back as the xpack.actions settings it should hold')
    if args.get('mode') == 'merge':
        before = deepen(load_text(strip_block(current or '')) or {})
        if without_managed(data) != without_managed(before):
            raise YamlProblem('the merged kibana.yml does not keep the other settings as they were')
    elif data != _expected(args, tree):
        raise YamlProblem('the new kibana.yml does not read back as the settings it should hold')
    return Rendered(content, root, data)
