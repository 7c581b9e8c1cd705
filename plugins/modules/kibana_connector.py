#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) kibana.connectors contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type  # pylint: disable=invalid-name

DOCUMENTATION = r'''
module: kibana_connector
short_description: Create, update and delete Kibana connectors
version_added: 0.1.0
description:
  - Declares one Kibana connector (alerting action) in a Kibana space. The first run creates or corrects the connector;
    every later run with the same options reports no change (but see O(update_secrets)).
  - The connector is found by O(connector_id) when given, otherwise by O(name) within the space.
  - Kibana's update replaces the config wholesale and fills in the type's defaults, so the module compares the desired
    O(config), completed with the type's defaults, against the config Kibana holds. A key the task does not set that
    Kibana holds at a non-default value is a difference (the update removes it). The collection knows the defaults of
    every connector type Kibana ships (see the cookbook), per Kibana version where they differ.
  - For a type the collection does not know (one that a newer Kibana added), it cannot know the defaults Kibana fills
    in, so it compares only the config keys the task gives, and never reports a change on every run because of a
    default. A key removed from the task is then not detected; the task warns about it, with one text per type.
  - Kibana never returns secrets, so they cannot be compared; O(update_secrets) chooses when they are sent.
  - Preconfigured connectors (defined in C(kibana.yml)) are never changed or deleted.
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
      - Check mode sends every lookup (GET) and no write. It returns the same RV(ignore:changed), diff and predicted
        RV(connector) as a real run, with RV(connector.id) null where Kibana would choose the id, and
        RV(connector.is_deprecated) as Kibana will say it (ServiceNow connectors using the Table API).
      - A few defaults Kibana fills in on a create depend on the Kibana version (the webhook's C(authType) from
        Kibana 9.4, the default model of the AI connectors, some case webhook methods). For a create that leaves such a
        key to Kibana, check mode reads Kibana's version once (C(GET /api/status)) and predicts that version's defaults;
        when the user may not read the status, it predicts the newest Kibana's and warns, naming the keys and what each
        version returns. An update predicts from the config Kibana holds. In a real run the diff shows the config
        Kibana answered.
      - Before a create in a named space it checks that the space exists, so C(--check) reveals a wrong O(space_id).
  diff_mode:
    support: full
    details:
      - The diff shows the name, type and config before and after. Secrets that are sent appear only as their key names
        with a masked value. A create has an empty C(before), a delete an empty C(after).
  idempotent:
    description: Running the task again with the same options reports no change once Kibana holds the declared connector.
    support: partial
    details:
      - Kibana never returns secrets. With O(update_secrets=on_change) (the default) the module compares the given
        O(secrets) with a keyed fingerprint of those it last wrote to the connector (see O(fingerprints)); a run that
        changes nothing sends nothing. The first run that meets a connector of which nothing is remembered sends its
        secrets once. With O(update_secrets=always) they are sent, and the task reports changed, on every run.
  platform:
    platforms: posix
options:
  state:
    description:
      - V(present) creates the connector or brings it to the declared name and config.
      - V(absent) deletes it; nothing happens when it does not exist.
    type: str
    choices: [present, absent]
    default: present
  connector_id:
    description:
      - The connector's id, and then its identity. On create it is sent as the id of the new connector (Kibana 8.8 or
        later). Connector ids are unique across all spaces.
      - Without it, the identity is O(name) within the space. One connector with that name is the connector; several fail
        the task, listing their ids; none means create, with an id derived from the space and the name (a UUID, the
        same for every run and host). So two runs at the same time, or the hosts of one Kibana cluster in a play
        without C(run_once), create it once; the second create meets Kibana's 409, and that run reads the connector
        and goes on as if it had found it (updating it if it differs). C(run_once) still saves the other hosts'
        requests. On Kibana before 8.8, which takes no id on create, Kibana picks the id and that protection is lost.
      - Connectors found by name keep their ids, whoever created them. Renaming a connector identified by name
        creates a connector with the new name and leaves the old one; give O(connector_id) to rename one.
    type: str
    aliases: [id]
  name:
    description:
      - The connector's name. Required for O(state=present), and for O(state=absent) without O(connector_id).
    type: str
  connector_type_id:
    description:
      - The connector type, with Kibana's id. The collection's cookbook has an example of every type it knows (their
        value types, required keys, secrets and defaults, per Kibana version); other types are managed too (see the
        description).
      - The system action types (V(.cases), V(.observability-ai-assistant)) are built into Kibana, which refuses to
        create or update connectors of them; the module refuses them before sending anything.
      - Required to create a connector. Before creating a connector of a type the collection does not know, the module
        asks Kibana for its types, and fails before any write when Kibana does not know it either, naming the closest
        type ids (for a misspelt V(.slak), V(.slack)).
      - Kibana cannot change the type of a connector; see O(recreate).
    type: str
    aliases: [type]
  config:
    description:
      - The connector's configuration, as Kibana's connectors API takes it (camelCase keys).
      - Kibana replaces the whole config on update; keys not given go back to their defaults.
      - For a type the collection knows, the config is checked before anything is written, in check mode too, as Kibana
        will check it; value types (a string V("25") is taken as the integer it is, as Ansible converts option values),
        required keys, keys Kibana refuses, values outside a list of choices. A problem fails the task, naming the key,
        what was expected and what was given.
    type: dict
    default: {}
  secrets:
    description:
      - The connector's secrets (for example a password, a webhook URL with a token, a routing key). Never returned or
        shown in the diff.
      - Kibana's update replaces the secrets. When an update is needed, no secrets are given and the type keeps secrets,
        the task fails before sending anything, because the stored secrets would be erased. Give V({}) to say the
        connector has none.
      - Every secret value is masked wherever it appears in the task's result, except the keys that only name someone
        (user names, a login email, a client id; C(user), C(username), C(email) of the types that log in with one,
        CrowdStrike's C(clientId), IBM Resilient's C(apiKeyId)), so that an id, a name or a URL that contains a user
        name comes back as it is. They are still sent as secrets, and the invocation shows them masked.
    type: dict
  update_secrets:
    description:
      - V(on_change) sends the given O(secrets) when the connector is created, when an update is needed anyway (they
        ride along, because Kibana's update replaces secrets), when Kibana reports the connector is missing its secrets,
        and when they differ from those this collection last wrote to the connector, or nothing is remembered of those
        (a connector made elsewhere, or no fact cache; see O(fingerprints)). A rotated secret is so sent exactly once.
        A secret changed outside Ansible (in Kibana's UI) is not detected; run once with V(always) to force it back.
      - V(always) sends them on every run; the task then always reports changed.
      - V(on_create) sends them only when the connector is created, when an update is needed anyway, and when Kibana
        reports missing secrets; a rotated secret is never sent by itself.
    type: str
    choices: [on_change, always, on_create]
    default: on_change
  recreate:
    description:
      - Kibana cannot change a connector's type. With V(false), a different O(connector_type_id) fails the task.
      - With V(true), the connector is deleted and created again with the new type. It keeps its id when O(connector_id) is
        given (rules refer to connectors by id); otherwise it gets the id derived from its space and name (Kibana 8.8+).
      - Before deleting anything the module checks that Kibana knows and enables the new type.
    type: bool
    default: false
  force:
    description:
      - Deleting or recreating a connector that rules or other saved objects use (C(referenced_by_count) above 0) fails
        the task, naming the count, unless this is V(true).
    type: bool
    default: false
  auth_mode:
    description:
      - Whose credentials the connector uses, as Kibana 9.4 and later report it (C(auth_mode) in its answers). Not
        set, it is not compared.
      - Kibana's connectors API creates every connector with V(shared) credentials and cannot change it, so
        V(shared) asserts what Kibana reports (no change, or a failure naming the connector's mode), and V(personal),
        which only Kibana's UI sets up, is refused. On Kibana before 9.4, which has no such mode, it is refused.
    type: str
    choices: [shared, personal]
    version_added: 0.3.0
notes:
  - Kibana's update always receives the name, the config and the secrets; for types without secrets it receives V({}).
  - What Kibana would refuse in the config or secrets of a known type fails the task before any write, in check mode
    as in a real run. Every refusal from Kibana itself fails the task with Kibana's message, the connector's id or name,
    and the space. A failed task changes nothing, except where its message says so (a recreate whose create failed
    after the delete).
  - Before a write into a named space the module confirms the space exists, unless the lookup already found the
    connector there. A user who may not read spaces (HTTP 403 from the Spaces API) still works; the module warns that it
    could not verify the space.
  - Preconfigured connectors are defined in C(kibana.yml); manage them with the C(kibana.connectors.kibana_config) role.
    O(state=present) with the same name and type is accepted and reports no change; anything else fails.
  - "Requests a run sends: a run that changes nothing sends one GET (by O(connector_id)) or one list (by O(name)).
    A create adds one POST (and one GET of the space in a named space not yet proven; by O(name), one GET of Kibana's
    version, for the id), an update one PUT. A delete by
    O(connector_id) with O(force=false) looks the connector up in the list instead (it carries C(referenced_by_count)),
    so it costs one list and one DELETE, as by O(name); with O(force=true), one GET and one DELETE."
seealso:
  - module: kibana.connectors.kibana_connector_info
  - module: kibana.connectors.kibana_connector_execute
  - name: Kibana connectors API
    description: Kibana's API reference for connectors.
    link: https://www.elastic.co/docs/api/doc/kibana/group/endpoint-connectors
  - name: Kibana connector types
    description: The connector types, their config and secrets.
    link: https://www.elastic.co/docs/reference/kibana/connectors-kibana
'''

EXAMPLES = r'''
- name: Index connector (writes alert documents to an index)
  kibana.connectors.kibana_connector:
    url: https://kibana.example.com:5601
    api_key: "{{ vault_kibana_api_key }}"
    name: Alerts history
    connector_type_id: .index
    config:
      index: alerts-history
      refresh: true

- name: Webhook connector with basic authentication (the password is sent when it changes)
  kibana.connectors.kibana_connector:
    url: https://kibana.example.com:5601
    api_key: "{{ vault_kibana_api_key }}"
    connector_id: ops-webhook
    name: Ops webhook
    connector_type_id: .webhook
    config:
      url: https://hooks.example.com/alerts
      method: post
      headers:
        Content-Type: application/json
    secrets:
      user: alerting
      password: "{{ webhook_password }}"

- name: Slack connector (the webhook URL is a secret)
  kibana.connectors.kibana_connector:
    url: https://kibana.example.com:5601
    api_key: "{{ vault_kibana_api_key }}"
    name: Slack alerts
    connector_type_id: .slack
    secrets:
      webhookUrl: "{{ slack_webhook_url }}"

- name: Email connector through an SMTP server
  kibana.connectors.kibana_connector:
    url: https://kibana.example.com:5601
    api_key: "{{ vault_kibana_api_key }}"
    name: Ops email
    connector_type_id: .email
    config:
      from: alerts@example.com
      host: smtp.example.com
      port: 587
      secure: false
    secrets:
      user: alerts@example.com
      password: "{{ smtp_password }}"

- name: PagerDuty connector
  kibana.connectors.kibana_connector:
    url: https://kibana.example.com:5601
    api_key: "{{ vault_kibana_api_key }}"
    name: PagerDuty
    connector_type_id: .pagerduty
    config:
      apiUrl: https://events.pagerduty.com/v2/enqueue
    secrets:
      routingKey: "{{ pagerduty_routing_key }}"

- name: Server log connector in the space of team A
  kibana.connectors.kibana_connector:
    url: https://kibana.example.com:5601
    api_key: "{{ vault_kibana_api_key }}"
    space_id: team-a
    name: Server log
    connector_type_id: .server-log

- name: Several connectors with the connection options set once for the collection's modules
  module_defaults:
    group/kibana.connectors.kibana:
      url: https://kibana.example.com:5601
      api_key: "{{ vault_kibana_api_key }}"
      space_id: team-b
  block:
    - name: Log connector
      kibana.connectors.kibana_connector:
        name: Team B log
        connector_type_id: .server-log

    - name: Remove a connector that rules no longer use
      kibana.connectors.kibana_connector:
        name: Old Slack channel
        state: absent

- name: Adopt a connector created by hand in the Kibana UI (found by its name), and bring it to this config
  kibana.connectors.kibana_connector:
    url: https://kibana.example.com:5601
    api_key: "{{ vault_kibana_api_key }}"
    name: Legacy alerts index
    connector_type_id: .index
    config:
      index: legacy-alerts
  register: adopted

- name: Change a connector's type, keeping its id so that rules still find it
  kibana.connectors.kibana_connector:
    url: https://kibana.example.com:5601
    api_key: "{{ vault_kibana_api_key }}"
    connector_id: ops-notify
    name: Ops notifications
    connector_type_id: .server-log
    recreate: true
    force: true
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
      sample: {"https://kibana.example.com:5601": {"default/ops-webhook": "v1:4f0c1d9e8b7a6f5e4d3c2b1a09f8e7d6"}}
connector:
  description:
    - The connector after the task; in check mode, the connector as predicted. Empty when O(state=absent).
    - Never contains secrets.
  returned: success
  type: dict
  contains:
    id:
      description: The connector's id. Null in check mode when Kibana would choose it.
      type: str
      returned: success
      sample: 5f1c6f4e-2b1d-4a8e-9a4c-0d3f3c1c2b7a
    name:
      description: The connector's name.
      type: str
      returned: success
      sample: Alerts history
    connector_type_id:
      description: The connector type.
      type: str
      returned: success
      sample: .index
    config:
      description:
        - The config Kibana holds, with the type's defaults filled in.
        - Empty for a preconfigured connector that does not expose its config.
      type: dict
      returned: success
      sample: {"index": "alerts-history", "refresh": true, "executionTimeField": null}
    is_preconfigured:
      description: Whether the connector is defined in C(kibana.yml).
      type: bool
      returned: success
      sample: false
    is_deprecated:
      description: Whether Kibana considers the connector deprecated.
      type: bool
      returned: success
      sample: false
    is_missing_secrets:
      description: Whether Kibana reports that the connector lacks its secrets.
      type: bool
      returned: success
      sample: false
    referenced_by_count:
      description:
        - How many saved objects (rules, for example) refer to the connector.
        - Returned when known. Kibana reports it only in its list of connectors, so it is known after a lookup by
          O(name), or when a delete or recreate read it.
      type: int
      returned: when known
      sample: 2
changes:
  description: Why the task changed the connector, or would in check mode. Empty when nothing changes.
  returned: success
  type: list
  elements: str
  sample: ["config.refresh changes", "secrets are sent on every run (update_secrets: always)"]
'''

from ansible_collections.kibana.connectors.plugins.module_utils._connector import UPDATE_SECRETS, Desired
from ansible_collections.kibana.connectors.plugins.module_utils._engine import converge
from ansible_collections.kibana.connectors.plugins.module_utils._errors import KibanaError
from ansible_collections.kibana.connectors.plugins.module_utils._kibana_module import KibanaModule, secrets_argument_spec


def argument_spec():
    return dict(
        secrets_argument_spec(),
        state=dict(type='str', default='present', choices=['present', 'absent']),
        connector_id=dict(type='str', aliases=['id']),
        name=dict(type='str'),
        connector_type_id=dict(type='str', aliases=['type']),
        config=dict(type='dict', default={}),
        secrets=dict(type='dict', no_log=True),
        update_secrets=dict(type='str', default='on_change', choices=list(UPDATE_SECRETS), no_log=False),
        recreate=dict(type='bool', default=False),
        force=dict(type='bool', default=False),
        auth_mode=dict(type='str', choices=['shared', 'personal']),
    )


def main():
    kibana = KibanaModule(
        argument_spec(),
        supports_check_mode=True,
        required_if=[('state', 'present', ['name'])],
        required_one_of=[('connector_id', 'name')],
    )
    module = kibana.module
    desired = Desired.from_params(kibana.params)
    fingerprints = kibana.fingerprints()
    try:
        entry = converge(kibana.client, desired, kibana.space_id, module.check_mode, kibana.warnings, fingerprints)
    except KibanaError as exc:
        kibana.fail(exc, 'manage %s' % desired.label)
    connector = entry.connector
    result = dict(changed=entry.changed, connector=connector, changes=list(entry.plan.reasons) if entry.changed else [])
    if module._diff:
        result['diff'] = entry.plan.diff(connector)
    kibana.exit(**kibana.remembered(result, fingerprints))


if __name__ == '__main__':
    main()
