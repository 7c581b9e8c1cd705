# -*- coding: utf-8 -*-
# Copyright (c) kibana.connectors contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Documentation fragments shared by the modules of kibana.connectors (private)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type  # pylint: disable=invalid-name


class ModuleDocFragment:
    # pylint: disable=too-few-public-methods

    # How the modules that write secrets remember them (plugins/module_utils/_kibana_module.py secrets_argument_spec,
    # plugins/module_utils/_fingerprint.py).
    SECRETS = r'''
options:
  fingerprint_key:
    description:
      - The key of the fingerprints that O(update_secrets=on_change) remembers of the secrets it wrote (HMAC-SHA256).
        Keep it in a vault. If not set in the task, the value of the environment variable E(KIBANA_FINGERPRINT_KEY) is
        used.
      - Without it, the key is derived from the Kibana credential of the task (O(api_key), O(password) or
        O(bearer_token)). A new credential, or a new key, makes every fingerprint unknown, so each connector's secrets
        are sent once on the next run, and remembered again. Set this option to rotate the Kibana credential without
        that write per connector.
      - The fingerprints never hold a secret, nor a digest of one that could be checked against a guessed password
        without this key.
    type: str
    version_added: 0.3.0
  fingerprints:
    description:
      - What is remembered of the secrets written before, per Kibana URL and connector (a keyed fingerprint each).
      - Do not set it. The action plugin in front of the module fills it from the fact C(kibana_connectors_fingerprints)
        of the host the task runs for, which the module returns after each run that writes secrets
        (RV(ansible_facts.kibana_connectors_fingerprints)). Ansible keeps that fact for the rest of the run, and between
        runs when fact caching is on (C(fact_caching) in C(ansible.cfg), or "Enable fact storage" in AWX and Automation
        Controller). Without a fact cache, the first task of a run that declares a connector sends its secrets once.
    type: dict
    version_added: 0.3.0
'''

    # The connection options (plugins/module_utils/_kibana_module.py kibana_argument_spec).
    DOCUMENTATION = r'''
options:
  url:
    description:
      - Base URL of Kibana, for example V(https://kibana.example.com:5601).
      - It may not hold a user name or password (V(https://user:password@host)); give the credentials with the
        options below.
      - If not set in the task, the value of the environment variable E(KIBANA_ENDPOINT) is used. One of the two is
        required; without either the task fails naming both.
    type: str
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
      - V(false) wins over O(ca_path) and over any CA bundle named in the environment.
      - "Where the trusted certificate authorities come from, first match wins: O(ca_path) set in the task; the
        environment variable E(KIBANA_CA_CERTS); the environment variable E(REQUESTS_CA_BUNDLE), else E(CURL_CA_BUNDLE)
        (read by the Python library C(requests)); the default bundle of C(requests) (usually the one of C(certifi))."
      - A certificate that does not verify fails the task with the reason (for example V(unable to get local issuer
        certificate)) and the option to set; a host name that the certificate does not name fails as a hostname
        mismatch.
    type: bool
    default: true
  ca_path:
    description:
      - PEM file of the certificate authorities to trust for Kibana's certificate.
      - If not set in the task, the value of the environment variable E(KIBANA_CA_CERTS) is used.
      - It always wins over E(REQUESTS_CA_BUNDLE) and E(CURL_CA_BUNDLE), which only give the default when neither
        O(ca_path) nor E(KIBANA_CA_CERTS) is set; see O(validate_certs).
      - Proxies still come from the environment (E(HTTPS_PROXY), E(HTTP_PROXY), E(NO_PROXY)), as C(requests) reads them.
    type: path
  client_cert:
    description:
      - PEM client certificate for TLS client authentication (mutual TLS, Kibana's
        C(server.ssl.clientAuthentication)). It may also contain the key.
      - A Kibana that requires a client certificate and gets none, or one signed by a CA it does not trust, fails the
        task with a message saying so.
    type: path
  client_key:
    description:
      - PEM private key of O(client_cert), when it is not in the same file. It must not be encrypted.
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
        created (by id, else by name and type among the connectors it did not know before). Only a create by name
        whose answer timed out while Kibana was still making the connector, finished after that lookup, can be made
        twice; a create by connector id is exact. An execute is never retried.
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
  - "The modules talk to Kibana's HTTP API from the host they run on, not to a managed host. Run them in a play for
    C(localhost) (the examples are tasks of such a play), or, in a play for Kibana's own hosts, with
    C(delegate_to: localhost) and C(run_once: true)."
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
