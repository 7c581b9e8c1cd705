#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) kibana.connectors contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# This module is implemented as an action plugin (plugins/action/kibana_yml.py) and runs on the controller.
# The action reads its argument spec from this DOCUMENTATION: the options are declared here only.

from __future__ import absolute_import, division, print_function

__metaclass__ = type  # pylint: disable=invalid-name

DOCUMENTATION = r'''
module: kibana_yml
short_description: Write kibana.yml with preconfigured connectors and connector settings
version_added: 0.2.0
description:
  - Does for C(kibana.yml) what M(ansible.builtin.template) does for a template. Reads the current file on the
    managed host, checks the connectors and settings, renders the new file, and reports Ansible's own C(changed)
    and diff, with every secret value masked.
  - The file may hold secrets, so no file holding its new content ever has another owner or group, or a broader mode,
    than asked, not even for an instant. O(owner) and O(group) are checked on the host before anything is written,
    in check mode too. The new content goes into an empty temporary file in the same directory that already has the
    owner, group and mode (set with M(ansible.builtin.file)); then come O(validate_command), O(backup) and an atomic
    rename over the file (C(mv)). When a step fails, the temporary file is removed and the file is left as it was,
    and the message and C(changed) say so. This needs C(sh), C(cat), C(mv), C(rm) (and C(ln) with O(backup=true)) on
    the host.
  - Two modes. V(render) owns the whole file. V(merge) keeps an existing C(kibana.yml) byte for byte, comments
    included, and replaces only C(xpack.actions.*), whether written as dotted or nested keys.
  - Everything is checked before the file is touched, also in check mode. A failure names the connector or the
    setting at fault and never quotes a value. The connectors are checked with the collection's catalogue of
    connector types (the one the modules use), Kibana's rules for ids, the settings Kibana knows, and by parsing
    the new file back as YAML. It must read as exactly the intended settings, with no duplicate key.
  - Secret values never appear in the task's output, in its diff or in its messages. In the diff they are
    replaced by C(********), followed by C((changed)) or C((new)) when they change. Values are secret under a
    connector's C(secrets), under C(xpack.actions.proxyHeaders) and under any key whose name contains
    C(password), C(passphrase), C(passwd), C(secret), C(token), C(apikey), C(api_key), C(privatekey),
    C(private_key), C(encryptionkey), C(decryptiononlykeys), C(authorization), C(credential) or C(cookie). Known
    secret strings of 4 characters or more are masked wherever else they appear, in comments for example.
  - The current file is read with C(no_log), and the new content is written with C(no_log). The validate command runs
    with C(no_log) when the new file holds a secret, and then its failure is reported without its output.
  - This is not a Kibana API module. It takes no C(url) or C(api_key) and is not in the C(kibana) action group,
    so C(module_defaults) for C(group/kibana.connectors.kibana) does not reach it.
  - The P(kibana.connectors.kibana_config#role) role runs this action with its variables, C(kibana_config_<option>).
author:
  - kibana.connectors contributors (@kibana-connectors)
options:
  path:
    description: Path of C(kibana.yml) on the managed host.
    type: path
    default: /etc/kibana/kibana.yml
  mode:
    description:
      - V(render) writes the whole file from O(header), O(settings), the connector settings and O(connectors).
      - V(merge) keeps the current file (every other setting, comments and layout) and replaces only the
        C(xpack.actions.*) keys, whether written as dotted keys (C(xpack.actions.allowedHosts)) or nested (C(xpack:),
        C(actions:)). The managed keys go to the end of the file, between C(# BEGIN xpack.actions) and
        C(# END xpack.actions) comment lines. A flow-style mapping that holds C(xpack.actions) keys is rewritten in
        block style. A missing file is created with only the managed keys. A file that is not one YAML mapping, has a
        duplicate key or a BEGIN line without END is refused.
    type: str
    choices: [render, merge]
    default: render
  owner:
    description:
      - Owner of the file, a user name or a number, as in M(ansible.builtin.file). Kibana's packages use C(root).
      - A user name the host does not know fails the task before anything is written, also in check mode.
      - Unset, the file keeps its owner; a new file belongs to the remote user.
    type: str
  group:
    description:
      - Group of the file, a group name or a number, as in M(ansible.builtin.file). Kibana's packages use C(kibana).
      - A group name the host does not know fails the task before anything is written, also in check mode.
      - Unset, the file keeps its group; a new file gets the remote user's (or the directory's, when it is setgid).
    type: str
  file_mode:
    description:
      - Mode of the file, as the O(ansible.builtin.file#module:mode) option of M(ansible.builtin.file). Kibana's
        packages use C(0660). Quote it (V("0660")).
      - Unset, the file keeps its mode; a new file gets C(0600), since it may hold secrets (not the umask's mode
        M(ansible.builtin.copy) would give it).
    type: raw
  backup:
    description:
      - Keep a timestamped copy of the previous file next to it when the file changes (RV(backup_file)).
      - The copy is the previous file itself (a hard link to it made before the new file replaces it), so it holds
        whatever secrets the previous file held, with the previous file's owner, group and mode.
    type: bool
    default: false
  validate_command:
    description:
      - A command run on the host against the new file before it replaces the old one (C(%s) stands for its path, a
        temporary file next to it that already has the owner, group and mode), as the
        O(ansible.builtin.copy#module:validate) option of M(ansible.builtin.copy) (split into words, run without a
        shell). Empty for none.
    type: str
  header:
    description: Comment written at the top of the file in render mode. Empty for none.
    type: str
  settings:
    description:
      - Every other setting of C(kibana.yml), such as C(server.host) or C(elasticsearch.hosts), as dotted keys or
        nested mappings, written as given. Render mode only.
      - C(xpack.actions.*) is refused here; use O(connectors) and the C(actions_*) options.
    type: dict
    default: {}
  connectors:
    description:
      - Preconfigured connectors, written to C(xpack.actions.preconfigured.<id>). They appear in every space, and
        Kibana's API cannot change or delete them.
      - The list is the whole truth. A connector that leaves the list leaves C(kibana.yml).
    type: list
    elements: dict
    default: []
    suboptions:
      id:
        description:
          - Connector id. Required. Kibana refuses V(''), V(__proto__) and V(constructor), and skips
            V(preconfigured-alert-history-es-index). An id with a dot would be read as nested keys. Ids must be unique.
        type: str
      name:
        description: Display name (C(name)). Required.
        type: str
      connector_type_id:
        description: Connector type (C(actionTypeId)), for example V(.slack), V(.webhook), V(.index). Required.
        type: str
      config:
        description:
          - Type configuration (C(config)). For the types the collection knows, required keys are checked and unknown
            keys refused. Types it does not know are written as given.
        type: dict
      secrets:
        description:
          - Type secrets (C(secrets)), checked as O(connectors[].config) is.
          - Left out of the file with O(secrets_store=keystore).
        type: dict
      expose_config:
        description:
          - Let Kibana's API return the config of this connector (C(exposeConfig)). Kibana 8.18 and 9.x only. Older
            Kibana refuses to start with it.
        type: bool
  actions_allowed_hosts:
    description: C(xpack.actions.allowedHosts), hostnames connectors may reach (V(*) for any). Unset leaves Kibana's default.
    type: list
    elements: str
  actions_enabled_action_types:
    description: C(xpack.actions.enabledActionTypes), connector types that may be used (V(*) for all).
    type: list
    elements: str
  actions_proxy_url:
    description: C(xpack.actions.proxyUrl), proxy for connector requests.
    type: str
  actions_proxy_headers:
    description: C(xpack.actions.proxyHeaders), headers sent to the proxy. Their values are secret.
    type: dict
  actions_proxy_bypass_hosts:
    description: C(xpack.actions.proxyBypassHosts), hosts reached without the proxy. Excludes O(actions_proxy_only_hosts).
    type: list
    elements: str
  actions_proxy_only_hosts:
    description: C(xpack.actions.proxyOnlyHosts), the only hosts reached through the proxy. Excludes O(actions_proxy_bypass_hosts).
    type: list
    elements: str
  actions_custom_host_settings:
    description:
      - C(xpack.actions.customHostSettings), TLS and SMTP settings per server. Each entry needs C(url) and may have
        C(smtp) (C(ignoreTLS), C(requireTLS)) and C(ssl) (C(verificationMode), C(certificateAuthoritiesFiles),
        C(certificateAuthoritiesData), C(rejectUnauthorized)).
    type: list
    elements: dict
  actions_ssl_verification_mode:
    description: C(xpack.actions.ssl.verificationMode). Unset or null, Kibana's default (V(full)).
    type: str
    choices: [none, certificate, full]
  actions_email_domain_allowlist:
    description: C(xpack.actions.email.domain_allowlist), the domains email connectors may send to and from.
    type: list
    elements: str
  actions_max_response_content_length:
    description: C(xpack.actions.maxResponseContentLength), for example V(1mb).
    type: str
  actions_response_timeout:
    description: C(xpack.actions.responseTimeout), for example V(60s).
    type: str
  actions_extra_settings:
    description:
      - Other C(xpack.actions) settings, relative to C(xpack.actions), dotted or nested. Only settings Kibana 8.x or 9.x
        knows are accepted (some exist in one of them only), because Kibana refuses to start with an unknown one.
        They are C(preconfiguredAlertHistoryEsIndex), C(ssl.proxyVerificationMode),
        C(proxyRejectUnauthorizedCertificates), C(rejectUnauthorized), C(microsoftGraphApiUrl),
        C(microsoftGraphApiScope), C(microsoftExchangeUrl), C(cleanupFailedExecutionsTask.*), C(run.*),
        C(enableFooterInEmail), C(queued.*), C(usage.*), C(webhook.*) and C(email.services.*).
    type: dict
    default: {}
  secrets_store:
    description:
      - V(file) writes connector secrets into the file.
      - V(keystore) leaves them out. Keep them in the Kibana keystore with M(kibana.connectors.kibana_keystore), run
        after this action. This action then also checks that the keystore at O(keystore_path) can be read, so that
        nothing is written when the keystore task would fail.
    type: str
    choices: [file, keystore]
    default: file
  keystore_path:
    description:
      - The Kibana keystore, with O(secrets_store=keystore). The file must be called C(kibana.keystore).
    type: path
    default: /etc/kibana/kibana.keystore
  keystore_passphrase_file:
    description: File on the host holding the passphrase of a passphrase-protected keystore.
    type: path
  variable_prefix:
    description:
      - For a role that passes its variables through as options, the variables' prefix. Messages then name each
        option as the variable C(<prefix><option>) and speak for the role. The P(kibana.connectors.kibana_config#role)
        role sets V(kibana_config_).
    type: str
requirements:
  - PyYAML on the controller (a requirement of ansible-core).
  - With O(secrets_store=keystore), the Python package C(cryptography) on the controller, to read the keystore.
notes:
  - Kibana 8.x or 9.x.
  - Not masked are a secret under a key name the rules above do not recognise in O(settings), and a secret shorter
    than 4 characters written outside its key. Give such settings a recognisable name or keep them in the keystore.
seealso:
  - module: kibana.connectors.kibana_keystore
  - module: ansible.builtin.file
  - name: Preconfigured connectors
    description: Kibana's documentation of xpack.actions.preconfigured.
    link: https://www.elastic.co/guide/en/kibana/current/pre-configured-connectors.html
  - name: Alerting and action settings
    description: Kibana's documentation of the xpack.actions settings.
    link: https://www.elastic.co/guide/en/kibana/current/alert-action-settings-kb.html
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
  - ansible.builtin.action_common_attributes.flow
  - action_common_attributes.files  # the FQCN form of this one does not resolve in ansible-core 2.19
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
    details: Secret values are masked in the diff.
  platform:
    platforms: posix
  safe_file_operations:
    support: full
  vault:
    support: none
'''

EXAMPLES = r'''
- name: Own the whole kibana.yml
  kibana.connectors.kibana_yml:
    path: /etc/kibana/kibana.yml
    owner: root
    group: kibana
    file_mode: "0660"
    header: Managed by Ansible. Local changes are overwritten.
    settings:
      server.host: 0.0.0.0
      elasticsearch.hosts: [https://es1.example.com:9200]
      elasticsearch.serviceAccountToken: "{{ vault_kibana_service_token }}"
    actions_allowed_hosts: [hooks.slack.com]
    connectors:
      - id: ops-slack
        name: Ops Slack
        connector_type_id: .slack
        secrets:
          webhookUrl: "{{ vault_ops_slack_webhook }}"
  notify: Restart Kibana

- name: Replace only xpack.actions in a kibana.yml maintained by hand, secrets in the keystore
  kibana.connectors.kibana_yml:
    path: /etc/kibana/kibana.yml
    mode: merge
    backup: true
    secrets_store: keystore
    connectors: "{{ kibana_connectors }}"
  notify: Restart Kibana

- name: Then keep the connector secrets in the Kibana keystore
  kibana.connectors.kibana_keystore:
    connectors: "{{ kibana_connectors }}"
  notify: Restart Kibana
'''

RETURN = r'''
path:
  description: The file.
  returned: always
  type: str
  sample: /etc/kibana/kibana.yml
summary:
  description: What changes in the file, by connector and setting name, never with values. Empty when the text stays.
  returned: always
  type: list
  elements: str
  sample: ["connector 'my-slack' (.slack): added", "connector 'old': removed", "setting 'xpack.actions.allowedHosts': changed"]
backup_file:
  description: The copy of the previous file, with O(backup=true).
  returned: changed and a backup was made
  type: str
  sample: /etc/kibana/kibana.yml.2615.2026-11-22@10:15:00~
'''
