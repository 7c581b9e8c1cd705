#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) kibana.connectors contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# This module is implemented as an action plugin (plugins/action/kibana_keystore.py) and runs on the controller.
# The action reads its argument spec from this DOCUMENTATION: the options are declared here only.

from __future__ import absolute_import, division, print_function

__metaclass__ = type  # pylint: disable=invalid-name

DOCUMENTATION = r'''
module: kibana_keystore
short_description: Keep the secrets of preconfigured connectors in the Kibana keystore
version_added: 0.2.0
description:
  - Keeps the O(connectors[].secrets) of preconfigured connectors in the Kibana keystore, as
    C(xpack.actions.preconfigured.<id>.secrets.<key>), the full setting path Kibana reads from it. The connectors
    themselves go to C(kibana.yml) with M(kibana.connectors.kibana_yml) and O(kibana.connectors.kibana_yml#module:secrets_store=keystore).
  - Reads the keystore file on the controller (Kibana's keystore format 1) and compares values, so a second run
    changes nothing and C(changed) is true only when an entry is added, updated or removed, or the file's owner,
    group or mode changes.
  - New or different values are written with C(kibana-keystore add <key> --stdin --force), JSON-encoded (Kibana parses
    the value as JSON when it can, so V("12345") stays a string), in a module call made with C(no_log).
  - Owns every keystore entry under C(xpack.actions.preconfigured.). Entries for connectors or secret keys not
    declared in O(connectors) are removed with C(kibana-keystore remove), since a stale entry would define a connector
    without a name, and Kibana would refuse to start. Other entries (C(elasticsearch.password), ...) are left alone.
  - A missing keystore is created with C(kibana-keystore create).
  - The keystore never holds a secret with another owner or group, or a broader mode, than asked. O(owner) and O(group)
    are checked on the host before anything is written, also in check mode. The owner, group and mode are set
    (with M(ansible.builtin.file)) before any secret is added, on a new keystore right after C(kibana-keystore create),
    which writes none. C(kibana-keystore) then rewrites the file in place, which keeps them. A failure says what the
    keystore is left with, and C(changed) is true when that differs from before.
  - In check mode nothing is run on the keystore. C(changed) and the diff say what would change.
  - The diff lists the entries under C(xpack.actions.preconfigured.) before and after, every value replaced by
    C(********), followed by C((changed)) or C((new)) when it changes.
  - C(kibana-keystore) is run with E(KBN_PATH_CONF) set to the keystore's directory, and with
    E(KBN_KEYSTORE_PASSPHRASE_FILE) set to O(keystore_passphrase_file) when there is one.
  - This is not a Kibana API module. It takes no C(url) or C(api_key) and is not in the C(kibana) action group.
  - The P(kibana.connectors.kibana_config#role) role runs this action with its variables, C(kibana_config_<option>).
author:
  - kibana.connectors contributors (@kibana-connectors)
options:
  keystore_path:
    description:
      - The Kibana keystore. Its directory is passed to C(kibana-keystore) as E(KBN_PATH_CONF), so the file must be
        called C(kibana.keystore).
    type: path
    default: /etc/kibana/kibana.keystore
  keystore_command:
    description: The C(kibana-keystore) program on the host.
    type: path
    default: /usr/share/kibana/bin/kibana-keystore
  keystore_passphrase_file:
    description: File on the host holding the passphrase of a passphrase-protected keystore.
    type: path
  keystore_mode:
    description:
      - Mode of the keystore file, as the O(ansible.builtin.file#module:mode) option of M(ansible.builtin.file). Kibana's packages use C(0660).
      - Unset, the keystore keeps its mode; a keystore this action creates gets C(0600).
    type: raw
  owner:
    description:
      - Owner of the keystore file, a user name or a number. Kibana's packages use C(root).
      - A user name the host does not know fails the task before anything is written, also in check mode.
    type: str
  group:
    description:
      - Group of the keystore file, a group name or a number. Kibana's packages use C(kibana).
      - A group name the host does not know fails the task before anything is written, also in check mode.
    type: str
  connectors:
    description:
      - The preconfigured connectors, as for O(kibana.connectors.kibana_yml#module:connectors), and checked the same
        way. Their O(connectors[].secrets) are kept in the keystore.
      - The list is the whole truth. The secrets of a connector that leaves the list leave the keystore.
    type: list
    elements: dict
    default: []
    suboptions:
      id:
        description: Connector id. Required.
        type: str
      name:
        description: Display name. Required.
        type: str
      connector_type_id:
        description: Connector type, for example V(.slack). Required.
        type: str
      config:
        description: Type configuration, only checked here.
        type: dict
      secrets:
        description: Type secrets. Each key becomes the keystore entry C(xpack.actions.preconfigured.<id>.secrets.<key>).
        type: dict
      expose_config:
        description: Whether Kibana's API returns the config; not used here.
        type: bool
  variable_prefix:
    description:
      - For a role that passes its variables through as options, the variables' prefix. Messages then name each
        option as the variable C(<prefix><option>) and speak for the role. The P(kibana.connectors.kibana_config#role)
        role sets V(kibana_config_).
    type: str
requirements:
  - The Python package C(cryptography) on the controller (a requirement of ansible-core), to read the keystore.
  - C(kibana-keystore) on the host (Kibana 7.10 or later, whose C(add) parses JSON), and C(env).
notes:
  - When you move the secrets from the keystore back to C(kibana.yml), remove the C(xpack.actions.preconfigured.*)
    entries (for example with this action and O(connectors=[])). Kibana lets keystore values win over C(kibana.yml).
seealso:
  - module: kibana.connectors.kibana_yml
  - name: Secure settings
    description: Kibana's documentation of the keystore.
    link: https://www.elastic.co/guide/en/kibana/current/secure-settings.html
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
  - ansible.builtin.action_common_attributes.flow
attributes:
  action:
    support: full
  async:
    support: none
  bypass_host_loop:
    support: none
  check_mode:
    support: full
  diff_mode:
    support: full
    details: Values are masked in the diff.
  platform:
    platforms: posix
'''

EXAMPLES = r'''
- name: Write kibana.yml without the connector secrets
  kibana.connectors.kibana_yml:
    secrets_store: keystore
    connectors: "{{ kibana_connectors }}"
  notify: Restart Kibana

- name: Keep the connector secrets in the keystore
  kibana.connectors.kibana_keystore:
    owner: root
    group: kibana
    keystore_mode: "0660"
    connectors: "{{ kibana_connectors }}"
  notify: Restart Kibana

- name: Remove every connector secret from a keystore
  kibana.connectors.kibana_keystore:
    keystore_path: /opt/kibana/config/kibana.keystore
    keystore_command: /opt/kibana/bin/kibana-keystore
    connectors: []
'''

RETURN = r'''
summary:
  description: What changes in the keystore, by key, never with values.
  returned: always
  type: list
  elements: str
  sample: ["keystore: add xpack.actions.preconfigured.my-slack.secrets.webhookUrl", "keystore: remove xpack.actions.preconfigured.old.secrets.token"]
'''
