#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) kibana.connectors contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type  # pylint: disable=invalid-name

DOCUMENTATION = r'''
module: kibana_connector_info
short_description: List the connectors of a Kibana space, and Kibana's connector types
version_added: 0.1.0
description:
  - Lists the connectors of a Kibana space, optionally filtered by O(connector_id), O(name) and O(connector_type_id).
  - The list includes the preconfigured connectors of C(kibana.yml) (RV(connectors[].is_preconfigured=true)), which
    Kibana shows in every space.
  - With O(connector_types=true), also returns Kibana's connector types with their C(enabled), C(enabled_in_config),
    C(enabled_in_license) and C(minimum_license_required), so that a play can check that a type is usable before
    creating a connector of it.
  - System action types (V(.cases), V(.observability-ai-assistant)) are built into Kibana. Their connectors never
    appear in RV(connectors), as Kibana's public API does not list them. Kibana's public connector types API leaves the
    system types out of RV(connector_types) too. M(kibana.connectors.kibana_connector) refuses them.
  - The entries use the option names of M(kibana.connectors.kibana_connector) (C(connector_id), C(name),
    C(connector_type_id), C(config)), so existing connectors can be adopted into a playbook as they are (see the
    examples). Kibana never returns secrets; they have to be added to adopted connectors.
  - Never changes anything.
  - A space that does not exist makes the module fail, instead of returning an empty list. The Spaces API is only
    asked when the list does not already prove the space (the default space, or a space in which a stored connector
    was listed, need no check). If the user may not read spaces (HTTP 403), the module goes on and warns that it
    could not verify the space.
author:
  - kibana.connectors maintainers (@kibana-connectors)
options:
  connector_id:
    description:
      - Only return the connector with this id.
    type: str
  name:
    description:
      - Only return the connectors with this name. Kibana does not require connector names to be unique.
    type: str
  connector_type_id:
    description:
      - Only return the connectors of this type, for example V(.webhook).
      - With O(connector_types=true), also limits RV(connector_types) to this type.
    type: str
  connector_types:
    description:
      - Also return Kibana's connector types in RV(connector_types).
    type: bool
    default: false
  feature_id:
    description:
      - Only return the connector types that support this Kibana feature, for example V(alerting), V(cases),
        V(uptime) or V(siem). Kibana returns no type for an unknown feature.
      - Needs O(connector_types=true).
    type: str
extends_documentation_fragment:
  - kibana.connectors._kibana
  - kibana.connectors._kibana.attributes
  - ansible.builtin.action_common_attributes
attributes:
  check_mode:
    support: full
    details: The module never changes anything; it sends the same read requests in check mode.
  diff_mode:
    support: none
  idempotent:
    description: Running the module again with the same options gives the same result when nothing changed in Kibana.
    support: full
  platform:
    platforms: posix
seealso:
  - module: kibana.connectors.kibana_connector
  - module: kibana.connectors.kibana_connector_execute
  - name: Kibana API, get all connectors
    description: The list request this module sends.
    link: https://www.elastic.co/docs/api/doc/kibana/operation/operation-get-actions-connectors
  - name: Kibana API, get all connector types
    description: The request behind O(connector_types=true).
    link: https://www.elastic.co/docs/api/doc/kibana/operation/operation-get-actions-connector-types
'''

EXAMPLES = r'''
- name: List the connectors of the default space
  kibana.connectors.kibana_connector_info:
    url: https://kibana.example.com:5601
    api_key: "{{ vault_kibana_api_key }}"
  register: found

- name: Find the webhook connectors of the team-a space, with connection options from module_defaults
  module_defaults:
    group/kibana.connectors.kibana:
      url: https://kibana.example.com:5601
      api_key: "{{ vault_kibana_api_key }}"
      space_id: team-a
  block:
    - name: Look them up
      kibana.connectors.kibana_connector_info:
        connector_type_id: .webhook
      register: webhooks

    - name: Show their names
      ansible.builtin.debug:
        msg: "{{ webhooks.connectors | map(attribute='name') | list }}"

- name: Check that the license and kibana.yml allow Jira connectors
  kibana.connectors.kibana_connector_info:
    url: https://kibana.example.com:5601
    api_key: "{{ vault_kibana_api_key }}"
    connector_types: true
    connector_type_id: .jira
  register: jira

- name: Stop when the type cannot be used
  ansible.builtin.assert:
    that:
      - jira.connector_types | length == 1
      - jira.connector_types[0].enabled
    fail_msg: "Jira connectors need a {{ jira.connector_types[0].minimum_license_required | default('(unknown)') }} license"

- name: List the connector types usable for cases
  kibana.connectors.kibana_connector_info:
    url: https://kibana.example.com:5601
    api_key: "{{ vault_kibana_api_key }}"
    connector_types: true
    feature_id: cases
  register: case_types

# Adopting existing connectors: write a space's stored connectors to a vars file, with the keys of
# kibana.connectors.kibana_connector's options (preconfigured ones are left out: kibana.yml manages them).
# Kibana never returns secrets: add them to the file (with Ansible Vault) before managing connectors that use them.
- name: Read the connectors of the team-a space
  kibana.connectors.kibana_connector_info:
    url: https://kibana.example.com:5601
    api_key: "{{ vault_kibana_api_key }}"
    space_id: team-a
  register: existing

- name: Write them to a vars file
  ansible.builtin.copy:
    dest: "{{ playbook_dir }}/vars/team-a-connectors.yml"
    mode: "0644"
    content: "{{ {'kibana_connectors': adopted} | to_nice_yaml(indent=2, sort_keys=false) }}"
  vars:
    adopted: >-
      {{ existing.connectors | rejectattr('is_preconfigured')
         | map('dict2items') | map('selectattr', 'key', 'in', ['connector_id', 'name', 'connector_type_id', 'config'])
         | map('items2dict') | list }}

# A later play manages them from the file. The secrets live in a vaulted dict, connector id -> secrets, for the
# connectors that have some; connectors that match the file report no change (their secrets are sent once, the first
# time: nothing is remembered of secrets the collection did not write).
- name: Manage the connectors of the team-a space
  hosts: localhost
  gather_facts: false
  vars_files:
    - vars/team-a-connectors.yml
    - vars/team-a-connector-secrets.vault.yml  # connector_secrets: {ops-webhook: {user: ..., password: ...}}
  tasks:
    - name: Keep each connector as written in the file
      kibana.connectors.kibana_connector:
        url: https://kibana.example.com:5601
        api_key: "{{ vault_kibana_api_key }}"
        space_id: team-a
        connector_id: "{{ item.connector_id }}"
        name: "{{ item.name }}"
        connector_type_id: "{{ item.connector_type_id }}"
        config: "{{ item.config }}"
        secrets: "{{ connector_secrets[item.connector_id] | default(omit) }}"
      loop: "{{ kibana_connectors }}"
      loop_control:
        label: "{{ item.name }}"
'''

RETURN = r'''
connectors:
  description:
    - The connectors of the space that match the filters, in Kibana's order (by name).
    - Each entry has Kibana's keys (more recent Kibana versions add some), plus RV(connectors[].connector_id).
  returned: always
  type: list
  elements: dict
  contains:
    connector_id:
      description: The connector id, under the name of the O(kibana.connectors.kibana_connector#module:connector_id) option.
      type: str
      sample: 3f6c1a50-0c8e-11ef-9d3f-3b1b5e0f3c2a
    id:
      description: The connector id, as Kibana names it.
      type: str
      sample: 3f6c1a50-0c8e-11ef-9d3f-3b1b5e0f3c2a
    name:
      description: The connector name.
      type: str
      sample: Ops webhook
    connector_type_id:
      description: The connector type.
      type: str
      sample: .webhook
    config:
      description:
        - The connector configuration as Kibana stores it, with the defaults Kibana filled in. Never holds secrets.
        - Absent for preconfigured connectors, unless C(kibana.yml) exposes their config (C(exposeConfig), Kibana 8.18 and later).
      type: dict
      returned: when Kibana returns it
      sample: {url: "https://hooks.example.com/kibana", method: post, headers: null, hasAuth: false}
    is_preconfigured:
      description: Whether the connector is defined in C(kibana.yml) (read-only through the API).
      type: bool
      sample: false
    is_deprecated:
      description: Whether Kibana considers the connector deprecated.
      type: bool
      sample: false
    is_missing_secrets:
      description: Whether the connector's secrets are missing (for example after an import). Absent for preconfigured connectors.
      type: bool
      returned: when Kibana returns it
      sample: false
    is_system_action:
      description: Whether the connector is a system action.
      type: bool
      returned: when Kibana returns it
      sample: false
    referenced_by_count:
      description: How many saved objects (rules, for example) use the connector.
      type: int
      sample: 2
connector_types:
  description:
    - Kibana's connector types (only those supporting O(feature_id), and only O(connector_type_id) when they are set).
    - Each entry has Kibana's keys; more recent Kibana versions add some.
  returned: when O(connector_types=true)
  type: list
  elements: dict
  contains:
    id:
      description: The type id, the value of O(kibana.connectors.kibana_connector#module:connector_type_id).
      type: str
      sample: .webhook
    name:
      description: The type's display name.
      type: str
      sample: Webhook
    enabled:
      description: Whether connectors of the type can be used (enabled in C(kibana.yml) and allowed by the license).
      type: bool
      sample: true
    enabled_in_config:
      description: Whether C(xpack.actions.enabledActionTypes) in C(kibana.yml) allows the type.
      type: bool
      sample: true
    enabled_in_license:
      description: Whether the current license allows the type.
      type: bool
      sample: true
    minimum_license_required:
      description: The lowest license that allows the type.
      type: str
      sample: gold
    supported_feature_ids:
      description: The Kibana features that can use the type.
      type: list
      elements: str
      sample: [alerting, uptime, siem]
'''

from ansible_collections.kibana.connectors.plugins.module_utils._info import gather
from ansible_collections.kibana.connectors.plugins.module_utils._errors import KibanaError
from ansible_collections.kibana.connectors.plugins.module_utils._kibana_module import KibanaModule


def main():
    kibana = KibanaModule(
        argument_spec=dict(
            connector_id=dict(type='str'),
            name=dict(type='str'),
            connector_type_id=dict(type='str'),
            connector_types=dict(type='bool', default=False),
            feature_id=dict(type='str'),
        ),
        supports_check_mode=True,
    )
    params = kibana.params
    if params['feature_id'] and not params['connector_types']:
        kibana.fail_json(msg='feature_id only filters connector types: set connector_types=true to list them.')
    try:
        result = gather(kibana.client, kibana.space_id, connector_id=params['connector_id'], name=params['name'],
                        connector_type_id=params['connector_type_id'], connector_types=params['connector_types'],
                        feature_id=params['feature_id'], warnings=kibana.warnings)
    except KibanaError as exc:
        kibana.fail(exc, 'list connectors')
    kibana.exit(**result)


if __name__ == '__main__':
    main()
