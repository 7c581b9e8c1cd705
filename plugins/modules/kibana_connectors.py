#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) kibana.connectors contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type  # pylint: disable=invalid-name

DOCUMENTATION = r'''
module: kibana_connectors
short_description: Manage a whole fleet of Kibana connectors across spaces in one task
version_added: 0.2.0
description:
  - Declares many Kibana connectors, in any number of spaces, in one task. Each item of O(connectors) takes the options
    of M(kibana.connectors.kibana_connector) and is compared, planned and written exactly as that module would do it,
    so one task replaces a loop of hundreds of tasks (Ansible's own cost of a task or loop item is far above the cost of
    a connector here).
  - O(state) uses the words of Ansible's resource modules. V(replaced) and V(merged) leave connectors that no item names
    alone and report them in RV(unmanaged) (the drift report); V(overridden) deletes them, so that exactly the listed
    connectors exist in the spaces of O(spaces); V(gathered) writes nothing and returns the connectors as items of this
    module, to adopt an estate or export it.
  - The whole list is validated before anything is written, and every problem is reported in one failure, each naming its
    item (connector id or name, and space) - duplicate ids, two items with one name in one space, an invalid config
    (the collection's catalogue of connector types), a type Kibana does not know, a missing space, a type change without
    O(recreate), an update that would erase stored secrets, a preconfigured connector to change or delete, a connector
    rules use to delete or recreate without O(force).
  - Writes run concurrently, up to O(parallel) at once. When Kibana answers 429 or 503, every worker pauses (for the
    Retry-After Kibana gives, else a growing backoff), not only the one that got the answer. A create whose answer is
    lost is looked up before it is sent again, so a run never loses a connector, and a refused or dropped request
    never leaves a duplicate.
  - A connector named without an id is created with an id derived from its space and name (see
    O(kibana.connectors.kibana_connector#module:connector_id)), so two runs of the same fleet at the same time (two
    pipelines, a schedule and a manual run, AWX job slicing) create each connector once; the run whose create meets
    Kibana's 409 reads the connector and carries on as if it had found it. Kibana 8.8 or later.
  - When Kibana refuses some writes after validation, the others still complete; the task then fails listing every
    refusal, RV(ignore:changed) says whether anything was written, and RV(connectors) says what happened to each item.
author:
  - kibana.connectors contributors (@kibana-connectors)
extends_documentation_fragment:
  - kibana.connectors._kibana
  - kibana.connectors._kibana.secrets
  - kibana.connectors._kibana.attributes
  - ansible.builtin.action_common_attributes
attributes:
  check_mode:
    support: full
    details:
      - Check mode sends every read (the lists, the space checks) and no write, and returns the same
        RV(ignore:changed), RV(connectors), RV(summary) and diff as the real run that would follow. When a create
        leaves to Kibana a default that depends on the Kibana version (see
        M(kibana.connectors.kibana_connector)), check mode reads the version once (C(GET /api/status)).
  diff_mode:
    support: full
    details:
      - The diff is a list with one before/after per changed connector (name, type, config; secrets that are sent appear
        only as their key names with a masked value), headed by the connector's id and space.
  idempotent:
    description: Running the task again with the same options reports no change once Kibana holds the declared connectors.
    support: partial
    details:
      - With O(update_secrets=on_change) (the default), items with O(connectors[].secrets) are compared with keyed
        fingerprints of the secrets last written (see O(fingerprints)); a run that changes nothing sends one list per
        space and nothing else, and a rotated secret is sent once, to its connector. With O(update_secrets=always) they
        are updated on every run.
  platform:
    platforms: posix
options:
  connectors:
    description:
      - The connectors, each with the options of M(kibana.connectors.kibana_connector) plus its space.
      - Items are found by O(connectors[].connector_id) when given, otherwise by O(connectors[].name) within their space.
      - The list holds secrets, so it is a no_log option; the task's invocation (shown with C(-vvv)) does not echo
        it. Its items are checked as Ansible checks options, all of them before anything is sent.
    type: list
    elements: dict
    default: []
    suboptions:
      connector_id:
        description:
          - The connector's id, and then its identity. Connector ids are unique across all spaces.
        type: str
        aliases: [id]
      name:
        description:
          - The connector's name. Required with O(state=replaced) and O(state=overridden); with O(state=merged) only to
            create the connector.
          - Without O(connectors[].connector_id), the name must be unique among the items of the space and in Kibana.
        type: str
      connector_type_id:
        description:
          - The connector type, for example V(.index), V(.webhook) or V(.slack). Required to create a connector.
        type: str
        aliases: [type]
      config:
        description:
          - The connector's configuration (camelCase keys, as Kibana's API takes it).
          - With O(state=replaced) and O(state=overridden), keys not given go back to their defaults (Kibana replaces the
            whole config). With O(state=merged), keys not given keep what Kibana holds, unless the item changes the
            type (with O(recreate=true)); then the new connector gets the config as given.
        type: dict
        default: {}
      secrets:
        description:
          - The connector's secrets. Never returned, shown in the diff, or written to a log; masked wherever they
            appear in the result, except the keys that only name someone (see
            O(kibana.connectors.kibana_connector#module:secrets)).
          - When an update is needed and the type keeps secrets, they must be given (Kibana's update replaces them);
            V({}) says the connector has none.
        type: dict
      update_secrets:
        description:
          - As O(update_secrets), for this item.
        type: str
        choices: [on_change, always, on_create]
      space_id:
        description:
          - The item's space. Default O(space_id).
        type: str
      auth_mode:
        description:
          - As O(kibana.connectors.kibana_connector#module:auth_mode), for this item.
        type: str
        choices: [shared, personal]
        version_added: 0.3.0
  state:
    description:
      - V(replaced) (default) makes each listed connector exactly what M(kibana.connectors.kibana_connector) with
        C(state=present) would make it. Connectors that no item names are left alone and reported in RV(unmanaged).
      - V(merged) makes each listed connector exist; the config keys an item gives are set, the keys it leaves out keep
        what Kibana holds (the update sends the merged config). Unlisted connectors are left alone and reported in
        RV(unmanaged).
      - V(overridden) does what V(replaced) does, and deletes every other connector of the spaces of O(spaces) that is
        not preconfigured (see RV(removed)).
      - V(deleted) deletes the listed connectors; with no O(connectors), every connector of the spaces of O(spaces) that
        is not preconfigured.
      - V(gathered) writes nothing and returns RV(gathered), the connectors of the spaces of O(spaces) as items of this
        module (no secrets, as Kibana never returns them), and RV(preconfigured). Feeding RV(gathered) back with
        O(state=replaced) (with the secrets) changes nothing but sending each connector's secrets once (nothing is
        remembered of secrets this collection did not write).
    type: str
    choices: [replaced, merged, overridden, deleted, gathered]
    default: replaced
  spaces:
    description:
      - The spaces whose every connector the task looks at, for O(state=overridden), O(state=deleted) without
        O(connectors), O(state=gathered) and the drift report RV(unmanaged).
      - Default the spaces the items name, else O(space_id).
    type: list
    elements: str
  update_secrets:
    description:
      - When items' secrets are sent, unless an item says otherwise; see
        O(kibana.connectors.kibana_connector#module:update_secrets).
    type: str
    choices: [on_change, always, on_create]
    default: on_change
  recreate:
    description:
      - As O(kibana.connectors.kibana_connector#module:recreate), for every item. With V(true), an item whose type differs
        from the connector's is deleted and created again with the new type (keeping its id when the item gives one).
    type: bool
    default: false
  force:
    description:
      - Deleting or recreating a connector that rules or other saved objects use (C(referenced_by_count) above 0) is
        refused unless this is V(true). This covers the deletions of O(state=overridden) and O(state=deleted).
    type: bool
    default: false
  parallel:
    description:
      - How many requests (the lists of many spaces, the space checks, then the writes) are in flight at once, from 1
        to 32.
      - A 503 or 429 from Kibana pauses every worker, so the default is safe on a busy Kibana.
    type: int
    default: 4
notes:
  - "Requests: one list of connectors per space the task touches (Kibana's list carries C(referenced_by_count), so no
    connector is read alone), one GET of the Spaces API for a space in which no stored connector was listed, Kibana's
    connector types once only when a recreate or a type the collection's catalogue does not know needs them, Kibana's
    version once when a create names no id (for the derived id) or when Kibana versions check a config differently,
    then only the writes. A run that changes nothing sends one list per space, whatever the number of connectors."
  - O(space_id) is the default space of the items; O(spaces) and the items' spaces say which spaces are read.
  - Preconfigured connectors (C(kibana.yml)) are never changed or deleted. An item that names one with its name and type
    reports no change; anything else is refused. Manage them with the C(kibana.connectors.kibana_config) role.
seealso:
  - module: kibana.connectors.kibana_connector
  - module: kibana.connectors.kibana_connector_info
  - name: Kibana connectors API
    description: Kibana's API reference for connectors.
    link: https://www.elastic.co/docs/api/doc/kibana/group/endpoint-connectors
'''

EXAMPLES = r'''
- name: The connectors of two teams, in one task
  kibana.connectors.kibana_connectors:
    url: https://kibana.example.com:5601
    api_key: "{{ vault_kibana_api_key }}"
    connectors:
      - connector_id: ops-log
        name: Ops server log
        connector_type_id: .server-log
        space_id: ops
      - connector_id: ops-slack
        name: Ops Slack
        connector_type_id: .slack
        secrets:
          webhookUrl: "{{ vault_ops_slack_webhook }}"
        space_id: ops
      - name: Web alerts index
        connector_type_id: .index
        config:
          index: web-alerts
        space_id: web

- name: Exactly these connectors in space ops, nothing else (rules' connectors are kept unless force)
  kibana.connectors.kibana_connectors:
    url: https://kibana.example.com:5601
    api_key: "{{ vault_kibana_api_key }}"
    state: overridden
    space_id: ops
    connectors: "{{ ops_connectors }}"

- name: Only turn on refresh for an index connector, whatever else its config holds
  kibana.connectors.kibana_connectors:
    url: https://kibana.example.com:5601
    api_key: "{{ vault_kibana_api_key }}"
    state: merged
    connectors:
      - connector_id: web-alerts-index
        config:
          refresh: true
        space_id: web

- name: Report connectors nobody manages (the drift report), with the connection options from module_defaults
  module_defaults:
    group/kibana.connectors.kibana:
      url: https://kibana.example.com:5601
      api_key: "{{ vault_kibana_api_key }}"
  block:
    - name: Converge, and read the drift report
      kibana.connectors.kibana_connectors:
        connectors: "{{ all_connectors }}"
        spaces: [ops, web]
      register: fleet

    - name: Show what nobody manages
      ansible.builtin.debug:
        msg: "{{ fleet.unmanaged | map(attribute='name') | list }}"

- name: Export the connectors of two spaces as items of this module
  kibana.connectors.kibana_connectors:
    url: https://kibana.example.com:5601
    api_key: "{{ vault_kibana_api_key }}"
    state: gathered
    spaces: [ops, web]
  register: estate

- name: Write them to a vars file (add the secrets, vaulted, before managing connectors that use them)
  ansible.builtin.copy:
    dest: "{{ playbook_dir }}/vars/connectors.yml"
    mode: "0644"
    content: "{{ {'all_connectors': estate.gathered} | to_nice_yaml(indent=2, sort_keys=false) }}"

- name: Delete every connector of a retired space that rules do not use
  kibana.connectors.kibana_connectors:
    url: https://kibana.example.com:5601
    api_key: "{{ vault_kibana_api_key }}"
    state: deleted
    spaces: [retired]
'''

RETURN = r'''
ansible_facts:
  description: The facts the task sets on the host it runs for.
  returned: when a real run wrote secrets or deleted a connector that had some
  type: dict
  contains:
    kibana_connectors_fingerprints:
      description:
        - Per Kibana URL, per C(<space>/<connector id>), a keyed fingerprint of the secrets this collection last wrote
          to the connector (see O(fingerprints)). Never a secret.
      type: dict
      sample: {"https://kibana.example.com:5601": {"ops/ops-slack": "v1:4f0c1d9e8b7a6f5e4d3c2b1a09f8e7d6"}}
connectors:
  description: One entry per item of O(connectors), in the given order.
  returned: unless O(state=gathered)
  type: list
  elements: dict
  contains:
    id:
      description: The connector id (null in check mode for a connector Kibana would name).
      type: str
      sample: ops-slack
    name:
      description: The connector name.
      type: str
      sample: Ops Slack
    connector_type_id:
      description: The connector type.
      type: str
      sample: .slack
    space_id:
      description: The item's space.
      type: str
      sample: ops
    action:
      description: What the task did (or, in check mode, would do) to the connector.
      type: str
      choices: [created, updated, recreated, deleted, unchanged, failed]
      sample: created
    changes:
      description: Why, by key name (never a value); empty when RV(connectors[].action) is V(unchanged).
      type: list
      elements: str
      sample: ["config.index changes"]
    error:
      description: Kibana's refusal of the write.
      type: str
      returned: when RV(connectors[].action=failed)
      sample: "POST /s/ops/api/actions/connector/ops-slack returned 403: Unauthorized to create a \".slack\" action"
removed:
  description: The connectors that no item names that the task deleted (O(state=overridden), or O(state=deleted) without
    O(connectors)), with the keys of RV(connectors).
  returned: when O(state=overridden) or O(state=deleted)
  type: list
  elements: dict
  sample: [{id: old-hook, name: Old hook, connector_type_id: .webhook, space_id: ops, action: deleted,
            changes: ["delete connector 'old-hook'"]}]
summary:
  description: How many connectors each action touched, in all and per space (RV(removed) included).
  returned: unless O(state=gathered)
  type: dict
  sample: {created: 2, updated: 0, recreated: 0, deleted: 0, unchanged: 998, failed: 0,
           spaces: {ops: {created: 2, updated: 0, recreated: 0, deleted: 0, unchanged: 498, failed: 0}}}
unmanaged:
  description:
    - The drift report. The connectors of the spaces of O(spaces) that no item names and that are not preconfigured.
  returned: when O(state=replaced) or O(state=merged)
  type: list
  elements: dict
  contains:
    id:
      description: The connector id.
      type: str
    name:
      description: The connector name.
      type: str
    connector_type_id:
      description: The connector type.
      type: str
    space_id:
      description: Its space.
      type: str
    referenced_by_count:
      description: How many rules and other saved objects use it.
      type: int
  sample: [{id: hand-made, name: Someone's webhook, connector_type_id: .webhook, space_id: ops, referenced_by_count: 1}]
gathered:
  description:
    - The stored connectors of the spaces of O(spaces), as items of O(connectors) (C(connector_id), C(name),
      C(connector_type_id), C(config) as Kibana returns it, C(space_id)). Kibana never returns secrets.
  returned: when O(state=gathered)
  type: list
  elements: dict
  sample: [{connector_id: ops-log, name: Ops server log, connector_type_id: .server-log, config: {}, space_id: ops}]
preconfigured:
  description: The preconfigured connectors (C(kibana.yml)) Kibana shows in those spaces, once each, left out of RV(gathered).
  returned: when O(state=gathered)
  type: list
  elements: dict
  sample: [{id: my-slack, name: Preconfigured Slack, connector_type_id: .slack}]
'''

from ansible_collections.kibana.connectors.plugins.module_utils._connector import UPDATE_SECRETS
from ansible_collections.kibana.connectors.plugins.module_utils._fleet import ITEM_SPEC, MAX_PARALLEL, STATES, run
from ansible_collections.kibana.connectors.plugins.module_utils._errors import KibanaError
from ansible_collections.kibana.connectors.plugins.module_utils._kibana_module import KibanaModule, secrets_argument_spec


def argument_spec():
    # the items' options (documented above) are checked by _fleet.items against _fleet.ITEM_SPEC
    return dict(
        secrets_argument_spec(),
        connectors=dict(type='list', elements='dict', default=[], no_log=True),
        state=dict(type='str', default='replaced', choices=list(STATES)),
        spaces=dict(type='list', elements='str'),
        update_secrets=dict(type='str', default='on_change', choices=list(UPDATE_SECRETS)),
        recreate=dict(type='bool', default=False),
        force=dict(type='bool', default=False),
        parallel=dict(type='int', default=4),
    )


def main():
    kibana = KibanaModule(argument_spec(), supports_check_mode=True, item_specs={'connectors': ITEM_SPEC})
    module, params = kibana.module, kibana.params
    if not 1 <= params['parallel'] <= MAX_PARALLEL:
        kibana.fail_json(msg='parallel must be between 1 and %d, got %d' % (MAX_PARALLEL, params['parallel']))
    fingerprints = kibana.fingerprints()
    try:
        result = run(kibana.client, params, module.check_mode, kibana.warnings, diff=module._diff,
                     fingerprints=fingerprints)
    except KibanaError as exc:
        kibana.fail(exc, 'manage connectors', **getattr(exc, 'result', {}))
    kibana.exit(**kibana.remembered(result, fingerprints))


if __name__ == '__main__':
    main()
