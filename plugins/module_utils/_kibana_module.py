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

from ansible_collections.kibana.connectors.plugins.module_utils._kibana import (
    DEFAULT_SPACE,
    HAS_REQUESTS,
    REQUESTS_IMPORT_ERROR,
    KibanaClient,
    KibanaError,
)


def kibana_argument_spec():
    """The connection options, merged into every module's own argument spec."""
    return dict(
        url=dict(type='str', required=True, fallback=(env_fallback, ['KIBANA_ENDPOINT'])),
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


def client_from_params(params, **kwargs):
    """A KibanaClient from module parameters (the connection options only)."""
    settings = dict((key, params.get(key)) for key in CONNECTION_OPTIONS if key != 'space_id')
    settings.update(kwargs)
    return KibanaClient(**settings)


class KibanaModule:
    """AnsibleModule plus one KibanaClient, with the one way every module ends: ``exit`` or ``fail``.

    ``warnings`` is the list the engine appends to as it goes; both endings show
    it, so a failure keeps the warnings gathered before it. ``status_key`` names
    the result key of Kibana's HTTP status in a failure (kibana_connector_execute
    uses ``http_status``: its ``status`` is Kibana's verdict on the run).
    """

    def __init__(self, argument_spec, status_key='status', **kwargs):
        spec = kibana_argument_spec()
        spec.update(argument_spec)
        self.module = AnsibleModule(argument_spec=spec, **kwargs)
        self.params = self.module.params
        self.status_key = status_key
        self.warnings = []
        if not HAS_REQUESTS:
            self.module.fail_json(msg=missing_required_lib('requests'), exception=REQUESTS_IMPORT_ERROR)
        try:
            self.client = client_from_params(self.params)
        except KibanaError as exc:
            self.module.fail_json(msg=str(exc))

    @property
    def space_id(self):
        return self.params['space_id']

    def _warn(self):
        for warning in self.warnings:
            self.module.warn(warning)
        self.warnings = []

    def exit(self, **result):
        self._warn()
        self.module.exit_json(**result)

    def fail(self, exc, action, **result):
        """fail_json for a KibanaError: what was being done, in which space, and the error.

        A ``standalone`` error (a missing space or connector, an ambiguous name,
        invalid params) is shown as it is. ``changed`` says whether the error came
        after a write; Kibana's HTTP status is returned under ``status_key``.
        """
        self._warn()
        if getattr(exc, 'standalone', False):
            msg = str(exc)
        else:
            msg = 'Failed to %s in space %r: %s' % (action, self.space_id, exc)
        result.setdefault('changed', bool(getattr(exc, 'changed', False)))
        status = getattr(exc, 'status', None)
        if status is not None:
            result.setdefault(self.status_key, status)
        self.module.fail_json(msg=msg, **result)
