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
    KibanaApiError,
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
    """AnsibleModule plus one KibanaClient, with one way to fail on a client error."""

    def __init__(self, argument_spec, **kwargs):
        spec = kibana_argument_spec()
        spec.update(argument_spec)
        self.module = AnsibleModule(argument_spec=spec, **kwargs)
        self.params = self.module.params
        if not HAS_REQUESTS:
            self.module.fail_json(msg=missing_required_lib('requests'), exception=REQUESTS_IMPORT_ERROR)
        try:
            self.client = client_from_params(self.params)
        except KibanaError as exc:
            self.module.fail_json(msg=str(exc))

    @property
    def space_id(self):
        return self.params['space_id']

    def fail_from(self, exc, action, **result):
        """fail_json for a client error: what was being done, in which space, and Kibana's answer."""
        msg = 'Failed to %s in space %r: %s' % (action, self.space_id, exc)
        if isinstance(exc, KibanaApiError):
            result.setdefault('status', exc.status)
        self.module.fail_json(msg=msg, **result)
