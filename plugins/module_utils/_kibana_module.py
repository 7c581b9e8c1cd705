# -*- coding: utf-8 -*-
# Copyright (c) kibana.connectors contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The connection options every module of kibana.connectors shares, and the glue
between AnsibleModule and the API client.

Private to the collection: not a public API, may change in any release.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type  # pylint: disable=invalid-name

from ansible.module_utils.basic import AnsibleModule, env_fallback, missing_required_lib

from ansible_collections.kibana.connectors.plugins.module_utils._catalogue import identity_keys
from ansible_collections.kibana.connectors.plugins.module_utils._errors import KibanaConfigError, KibanaError
from ansible_collections.kibana.connectors.plugins.module_utils._fingerprint import FACT, Fingerprints, fingerprint_key
from ansible_collections.kibana.connectors.plugins.module_utils._kibana import DEFAULT_SPACE, KibanaClient
from ansible_collections.kibana.connectors.plugins.module_utils._mask import NO_LOG_VALUE, Masker, secret_strings
from ansible_collections.kibana.connectors.plugins.module_utils._transport import HAS_REQUESTS, REQUESTS_IMPORT_ERROR, url_userinfo

try:
    from urllib.parse import unquote
except ImportError:  # pragma: no cover - Python 2 is not supported, the import only keeps sanity quiet
    from urllib import unquote  # type: ignore


def kibana_argument_spec():
    """The connection options, merged into every module's own argument spec."""
    return dict(
        url=dict(type='str', fallback=(env_fallback, ['KIBANA_ENDPOINT'])),
        api_key=dict(type='str', no_log=True, fallback=(env_fallback, ['KIBANA_API_KEY'])),
        username=dict(type='str', fallback=(env_fallback, ['KIBANA_USERNAME'])),
        password=dict(type='str', no_log=True, fallback=(env_fallback, ['KIBANA_PASSWORD'])),
        bearer_token=dict(type='str', no_log=True, fallback=(env_fallback, ['KIBANA_BEARER_TOKEN'])),
        validate_certs=dict(type='bool', default=True),
        ca_path=dict(type='path', fallback=(env_fallback, ['KIBANA_CA_CERTS'])),
        client_cert=dict(type='path'),
        client_key=dict(type='path', no_log=False),
        timeout=dict(type='int', default=30),
        retries=dict(type='int', default=3),
        space_id=dict(type='str', default=DEFAULT_SPACE),
    )


CONNECTION_OPTIONS = tuple(kibana_argument_spec())


def secrets_argument_spec():
    """The options of the modules that write secrets: how they remember what they wrote (see _fingerprint.py)."""
    return dict(
        fingerprint_key=dict(type='str', no_log=True, fallback=(env_fallback, ['KIBANA_FINGERPRINT_KEY'])),
        # no_log although no secret: Ansible would otherwise log the host's whole fact, and sanitize its text against
        # every no_log value of the task (for a fleet, every string of its items): a cost that grows quadratically
        fingerprints=dict(type='dict', no_log=True),
    )


def client_from_params(params, **kwargs):
    """A KibanaClient from module parameters (the connection options only)."""
    if not params.get('url'):
        raise KibanaConfigError('No Kibana endpoint: set url in the task (or in module_defaults for the group '
                                'kibana.connectors.kibana), or the environment variable KIBANA_ENDPOINT')
    settings = dict((key, params.get(key)) for key in CONNECTION_OPTIONS if key != 'space_id')
    settings.update(kwargs)
    return KibanaClient(**settings)


# no_log options that hold no credential: keyed fingerprints of the secrets written (see secrets_argument_spec)
NOT_CREDENTIALS = frozenset(('fingerprints',))


def credentials(spec, params, item_specs=None):
    """Every credential among ``params``: the values of the ``no_log`` options, at any depth, except the secrets keys
    that only name someone (a user name: see _catalogue.identity_keys), read from a ``secrets`` dict beside its
    ``connector_type_id``. ``item_specs``: option -> the spec of its items, for a list the module validates itself
    (kibana_connectors' ``connectors``, whose items' secrets are the credentials, not the whole list)."""
    found = []
    item_specs = item_specs or {}
    for name, option in spec.items():
        value = params.get(name)
        if value is None or name in NOT_CREDENTIALS:
            continue
        if name in item_specs and isinstance(value, list):
            for item in value:
                if isinstance(item, dict):
                    found.extend(credentials(item_specs[name], item))
        elif option.get('no_log'):
            if name == 'secrets' and isinstance(value, dict):
                identities = identity_keys(params.get('connector_type_id'))
                found.extend(text for key, item in value.items() if key not in identities for text in secret_strings(item))
            else:
                found.extend(secret_strings(value))
        elif option.get('options') and isinstance(value, (list, dict)):
            for item in value if isinstance(value, list) else [value]:
                if isinstance(item, dict):
                    found.extend(credentials(option['options'], item))
    return found


def url_credentials(url):
    """What a url holds before ``@`` (``user:password``), as written and percent-decoded, with its password alone:
    the client refuses such a url, and the failure's invocation shows the url."""
    userinfo = url_userinfo(url)
    found = set()
    for form in (userinfo, unquote(userinfo)):
        found.update(part for part in (form, form.split(':', 1)[-1]) if part)
    return sorted(found)


def masked_params(spec, params):
    """``params`` as the result's invocation shows them: each value of a ``no_log`` option replaced, as Ansible
    replaces it (a dict keeps its keys)."""
    shown = {}
    for name, value in params.items():
        option = spec.get(name, {})
        if option.get('no_log') and value is not None:
            shown[name] = dict((key, NO_LOG_VALUE) for key in value) if isinstance(value, dict) else NO_LOG_VALUE
        elif option.get('options') and isinstance(value, list):
            shown[name] = [masked_params(option['options'], item) if isinstance(item, dict) else item for item in value]
        elif option.get('options') and isinstance(value, dict):
            shown[name] = masked_params(option['options'], value)
        else:
            shown[name] = value
    return shown


class KibanaModule:
    """AnsibleModule plus one KibanaClient, with the one way every module ends: ``exit`` or ``fail``.

    ``warnings`` is the list the engine appends to as it goes; both endings show
    it, so a failure keeps the warnings gathered before it. ``status_key`` names
    the result key of Kibana's HTTP status in a failure (kibana_connector_execute
    uses ``http_status``: its ``status`` is Kibana's verdict on the run).

    Both endings mask the result with one _mask.Masker of the task's credentials, instead of
    Ansible's no_log scrubbing (see Masker: Ansible's costs the number of result strings times
    the number of secrets, and masks user names too); the invocation shows every no_log option
    replaced, as Ansible shows it.
    """

    def __init__(self, argument_spec, status_key='status', item_specs=None, **kwargs):
        spec = kibana_argument_spec()
        spec.update(argument_spec)
        self.spec = spec
        self.module = AnsibleModule(argument_spec=spec, **kwargs)
        self.params = self.module.params
        self.status_key = status_key
        self.warnings = []
        self.masker = Masker(credentials(spec, self.params, item_specs) + url_credentials(self.params.get('url')))
        # the masker replaces Ansible's scrubbing of the result (see the class docstring)
        self.module.no_log_values = set()
        if not HAS_REQUESTS:
            self.fail_json(msg=missing_required_lib('requests'), exception=REQUESTS_IMPORT_ERROR)
        try:
            self.client = client_from_params(self.params)
        except KibanaError as exc:
            self.fail_json(msg=str(exc))

    @property
    def space_id(self):
        return self.params['space_id']

    def fingerprints(self):
        """What is remembered of the secrets written to this Kibana (the ``fingerprints`` the action plugin read
        from the host's facts), keyed by ``fingerprint_key`` or the task's Kibana credential."""
        params = self.params
        key = fingerprint_key(params.get('fingerprint_key'), params.get('api_key'), params.get('username'),
                              params.get('password'), params.get('bearer_token'))
        return Fingerprints(params.get('fingerprints') or {}, self.client.base_url, key)

    def remembered(self, result, fingerprints):
        """``result`` with the host fact of the fingerprints, when a real run changed them (check mode records
        nothing)."""
        if fingerprints.changed and not self.module.check_mode:
            result['ansible_facts'] = {FACT: fingerprints.fact()}
        return result

    def _masked(self, result):
        for warning in self.warnings:
            self.module.warn(self.masker.text(warning))
        self.warnings = []
        result.setdefault('invocation', {'module_args': masked_params(self.spec, self.params)})
        return self.masker.mask(result)

    def exit(self, **result):
        self.module.exit_json(**self._masked(result))

    def fail_json(self, **result):
        self.module.fail_json(**self._masked(result))

    def fail(self, exc, action, **result):
        """fail_json for a KibanaError: what was being done, in which space, and the error.

        A ``standalone`` error (a missing space or connector, an ambiguous name,
        invalid params) is shown as it is. ``changed`` says whether the error came
        after a write; Kibana's HTTP status is returned under ``status_key``.
        """
        if getattr(exc, 'standalone', False):
            msg = str(exc)
        else:
            msg = 'Failed to %s in space %r: %s' % (action, self.space_id, exc)
        result.setdefault('changed', bool(getattr(exc, 'changed', False)))
        status = getattr(exc, 'status', None)
        if status is not None:
            result.setdefault(self.status_key, status)
        self.fail_json(msg=msg, **result)
