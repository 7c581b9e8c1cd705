#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) kibana.connectors contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type  # pylint: disable=invalid-name

DOCUMENTATION = r'''
module: kibana_connector_execute
short_description: Run a Kibana connector
version_added: 0.1.0
description:
  - Runs a Kibana connector once with O(params), as Kibana's run connector API does, for example to send a test
    message, index documents or call a webhook.
  - The connector is chosen by O(connector_id), or by its O(name), which must then be unique in the space
    (preconfigured connectors of C(kibana.yml) count, as Kibana lists them in every space).
  - Kibana answers HTTP 200 even when the action failed. An answer with RV(status=error) fails the task with Kibana's
    RV(message) and RV(service_message), and returns RV(retry); with O(fail_on_error=false) the answer is returned
    without failing.
  - The run is B(never retried) by the module, whatever O(retries) says, because an action may have side effects
    (a message sent twice). Only the read that finds the connector is retried. Use RV(retry) to decide whether to
    run it again, for example with C(until) on the task.
  - Reports changed when the connector ran with RV(status=ok), except for the sub-actions that only read, which report
    unchanged (see O(params)). An answer with RV(status=error) reports unchanged.
  - Check mode finds the connector, checks O(params) for the types the collection knows (see O(params)), sends nothing
    to run, and reports what would run. A connector that does not exist yet is a warning in check mode, not a failure;
    an earlier task of the same check run (which creates nothing) may create it; a real run fails.
  - A space that does not exist makes the module fail clearly. The Spaces API is only asked when the connector answers
    do not already prove the space (the default space always exists; a stored connector found in it proves it). If the
    user may not read spaces (HTTP 403), the module goes on and warns that it could not verify the space.
author:
  - kibana.connectors maintainers (@kibana-connectors)
options:
  connector_id:
    description:
      - The id of the connector to run.
      - Exactly one of O(connector_id) and O(name) is required.
    type: str
    aliases: [id]
  name:
    description:
      - The name of the connector to run. It must be unique in the space; if several connectors share it, the module
        fails and lists their ids, so that one can be chosen with O(connector_id).
    type: str
  params:
    description:
      - The parameters of the run, as Kibana's run connector API takes them; they depend on the connector type, for
        example C(documents) for V(.index), C(message) and C(level) for V(.server-log), C(body) for V(.webhook), or
        C(subAction) and C(subActionParams) for sub-action types such as V(.jira) and V(.servicenow).
      - In check mode, O(params) are checked (required keys, unknown keys, value types, allowed values, known
        sub-actions and the keys each sub-action requires) for every type the collection knows (the cookbook has an
        example of each). The params of other types are left to Kibana. The system action types (V(.cases),
        V(.observability-ai-assistant)) are refused, as Kibana runs them only as rule actions.
      - The sub-actions that only read (for example V(getIncident) of V(.jira) and V(.servicenow), V(getAgents) of
        V(.sentinelone), V(listTools) of V(.mcp)) report unchanged; RV(read_only) says which did. The collection's
        catalogue lists them per type.
      - The other sub-actions report changed, among them those that call a model or another service to test it, such as
        V(test) of V(.gen-ai), V(.bedrock), V(.gemini), V(.tines) and V(.d3security), and V(getDashboard) of the AI
        connectors, which may create a dashboard.
      - Params are not secret; do not put secrets in them (use the connector's secrets).
    type: dict
    default: {}
  fail_on_error:
    description:
      - Whether an answer with RV(status=error) fails the task.
      - With V(false), the answer is returned and the task does not fail; check RV(status) yourself.
    type: bool
    default: true
extends_documentation_fragment:
  - kibana.connectors._kibana
  - kibana.connectors._kibana.attributes
  - ansible.builtin.action_common_attributes
attributes:
  check_mode:
    support: full
    details: Check mode finds the connector and checks O(params), but does not run the connector.
  diff_mode:
    support: none
  idempotent:
    description: Every run sends the action again (a message, a document, a call).
    support: none
  platform:
    platforms: posix
notes:
  - By O(connector_id), the module reads the connector first only when it needs its type (check mode, or a C(subAction)
    in O(params)); otherwise it sends the run request straight away. By O(name), it lists the space's connectors once.
seealso:
  - module: kibana.connectors.kibana_connector
  - module: kibana.connectors.kibana_connector_info
  - name: Kibana API, run a connector
    description: The request this module sends.
    link: https://www.elastic.co/docs/api/doc/kibana/operation/operation-post-actions-connector-id-execute
  - name: Kibana connectors API
    description: All connector requests.
    link: https://www.elastic.co/docs/api/doc/kibana/group/endpoint-connectors
'''

EXAMPLES = r'''
- name: Index a document through an index connector
  kibana.connectors.kibana_connector_execute:
    url: https://kibana.example.com:5601
    api_key: "{{ vault_kibana_api_key }}"
    connector_id: deploy-log-index
    params:
      documents:
        - event: deploy
          version: "{{ app_version }}"

- name: Send a test message through the connector named "Ops webhook" in space team-a
  kibana.connectors.kibana_connector_execute:
    url: https://kibana.example.com:5601
    api_key: "{{ vault_kibana_api_key }}"
    space_id: team-a
    name: Ops webhook
    params:
      body: '{"text": "Ansible test message"}'

- name: Write to Kibana's server log, with the connection options from module_defaults
  module_defaults:
    group/kibana.connectors.kibana:
      url: https://kibana.example.com:5601
      api_key: "{{ vault_kibana_api_key }}"
  block:
    - name: Log the start of the maintenance
      kibana.connectors.kibana_connector_execute:
        name: Server log
        params:
          message: Maintenance starts
          level: warn

- name: Read the issue types of a Jira connector (read-only sub-action, reports unchanged)
  kibana.connectors.kibana_connector_execute:
    url: https://kibana.example.com:5601
    api_key: "{{ vault_kibana_api_key }}"
    connector_id: jira-ops
    params:
      subAction: issueTypes
      subActionParams: {}
  register: jira_issue_types

- name: Call a webhook, and try again later when Kibana says the failure is temporary
  kibana.connectors.kibana_connector_execute:
    url: https://kibana.example.com:5601
    api_key: "{{ vault_kibana_api_key }}"
    name: Ops webhook
    params:
      body: '{"text": "deploy finished"}'
    fail_on_error: false
  register: hook
  until: hook.status == 'ok' or hook.retry | default(false) is not true
  retries: 3
  delay: 30

- name: Fail on a final error
  ansible.builtin.fail:
    msg: "{{ hook.message }}: {{ hook.service_message | default('') }}"
  when: hook.status != 'ok'
'''

RETURN = r'''
status:
  description: Kibana's verdict on the run, V(ok) or V(error).
  returned: when the connector ran (not in check mode)
  type: str
  sample: ok
connector_id:
  description: The id of the connector.
  returned: always
  type: str
  sample: deploy-log-index
connector_name:
  description: The name of the connector.
  returned: when the module read the connector (by O(name), in check mode, or with a C(subAction))
  type: str
  sample: Deploy log
connector_type_id:
  description: The type of the connector.
  returned: when the module read the connector (by O(name), in check mode, or with a C(subAction))
  type: str
  sample: .index
read_only:
  description: Whether the run is a sub-action that only reads (see O(params)); such runs report unchanged.
  returned: always
  type: bool
  sample: false
data:
  description: What the connector returned; its form depends on the type (for example Elasticsearch's bulk answer for
    V(.index), the body sent for V(.webhook)).
  returned: when Kibana returns it
  type: raw
  sample: {took: 3, errors: false}
message:
  description: Kibana's error message when RV(status=error).
  returned: when Kibana returns it
  type: str
  sample: error calling webhook, retry later
service_message:
  description: The detail from the called service when RV(status=error).
  returned: when Kibana returns it
  type: str
  sample: "[500] Internal Server Error"
retry:
  description: When RV(status=error), whether Kibana considers that running again may succeed (V(true), V(false)),
    or from when (an ISO 8601 date).
  returned: when Kibana returns it
  type: raw
  sample: true
http_status:
  description: The HTTP status of Kibana's answer when a request failed (for example V(403) when the license or
    C(kibana.yml) does not allow the type).
  returned: when a request to Kibana failed
  type: int
  sample: 403
msg:
  description: What would run.
  returned: in check mode
  type: str
  sample: "Would run connector 'Deploy log' (id deploy-log-index, type .index); params checked."
'''

from ansible_collections.kibana.connectors.plugins.module_utils._execute import RunFailed, failure_message, run_connector
from ansible_collections.kibana.connectors.plugins.module_utils._errors import KibanaError
from ansible_collections.kibana.connectors.plugins.module_utils._kibana_module import KibanaModule


def main():
    kibana = KibanaModule(
        argument_spec=dict(
            connector_id=dict(type='str', aliases=['id']),
            name=dict(type='str'),
            params=dict(type='dict', default={}),
            fail_on_error=dict(type='bool', default=True),
        ),
        mutually_exclusive=[('connector_id', 'name')],
        required_one_of=[('connector_id', 'name')],
        supports_check_mode=True,
        status_key='http_status',  # the result's 'status' is Kibana's verdict on the run
    )
    module, params = kibana.module, kibana.params
    try:
        result = run_connector(kibana.client, params['connector_id'], params['name'], params['params'], kibana.space_id,
                               check_mode=module.check_mode, warnings=kibana.warnings)
    except KibanaError as exc:
        kibana.fail(exc, 'run connector %s' % (params['connector_id'] or repr(params['name'])))
    if result.get('status') == 'error' and params['fail_on_error']:
        kibana.fail(RunFailed(failure_message(result)), 'run connector', **result)
    kibana.exit(**result)


if __name__ == '__main__':
    main()
