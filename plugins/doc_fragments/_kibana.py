# -*- coding: utf-8 -*-
# Copyright (c) kibana.connectors contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Documentation fragments shared by the modules of kibana.connectors (private)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type  # pylint: disable=invalid-name


class ModuleDocFragment:
    # pylint: disable=too-few-public-methods

    # The connection options (plugins/module_utils/_kibana_module.py kibana_argument_spec).
    DOCUMENTATION = r'''
options:
  url:
    description:
      - Base URL of Kibana, for example V(https://kibana.example.com:5601).
      - If not set in the task, the value of the environment variable E(KIBANA_ENDPOINT) is used.
    type: str
    required: true
  api_key:
    description:
      - "Kibana or Elasticsearch API key, sent as C(Authorization: ApiKey <api_key>). Use the encoded form."
      - Give exactly one kind of authentication (O(api_key), O(username) with O(password), or O(bearer_token)).
      - If not set in the task, the value of the environment variable E(KIBANA_API_KEY) is used.
    type: str
  username:
    description:
      - User name for basic authentication, with O(password).
      - If not set in the task, the value of the environment variable E(KIBANA_USERNAME) is used.
    type: str
  password:
    description:
      - Password for basic authentication, with O(username).
      - If not set in the task, the value of the environment variable E(KIBANA_PASSWORD) is used.
    type: str
  bearer_token:
    description:
      - "Bearer token (for example an Elasticsearch access token), sent as C(Authorization: Bearer <token>)."
      - If not set in the task, the value of the environment variable E(KIBANA_BEARER_TOKEN) is used.
    type: str
  validate_certs:
    description:
      - Whether to verify Kibana's TLS certificate. Only set V(false) on test systems.
    type: bool
    default: true
  ca_path:
    description:
      - PEM file of the certificate authorities to trust for Kibana's certificate.
      - If not set in the task, the value of the environment variable E(KIBANA_CA_CERTS) is used.
    type: path
  client_cert:
    description:
      - PEM client certificate for TLS client authentication. It may also contain the key.
    type: path
  client_key:
    description:
      - PEM private key of O(client_cert), when it is not in the same file.
    type: path
  timeout:
    description:
      - Seconds to wait for each HTTP answer from Kibana.
    type: int
    default: 30
  retries:
    description:
      - How many times a read, an update or a delete is tried again after HTTP 429, 502, 503, 504 or a connection
        failure, with exponential backoff and jitter, honouring C(Retry-After).
      - A create is never sent twice blindly; after a lost answer the module first looks for the connector it may have
        created. An execute is never retried.
    type: int
    default: 3
  space_id:
    description:
      - The Kibana space to work in. V(default) is the default space; any other space is addressed as C(/s/<space_id>).
      - Kibana space ids contain only lowercase letters, digits, V(_) and V(-).
    type: str
    default: default
requirements:
  - requests (Python library, on the host that runs the module)
notes:
  - "The modules talk to Kibana's HTTP API from the host they run on; usually run them with C(delegate_to: localhost)
    or in a play against C(localhost)."
'''

    ATTRIBUTES = r'''
attributes:
  action_group:
    description: Use C(group/kibana.connectors.kibana) in C(module_defaults) to set the connection options of all the
      modules of this collection at once.
    support: full
    membership:
      - kibana.connectors.kibana
'''
