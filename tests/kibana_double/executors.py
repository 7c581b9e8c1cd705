"""What `_execute` does for each connector type (reference sections 1.8 and 3)."""

import base64
import datetime
import errno
import html
import http.client
import json
import re
import socket
import ssl
import uuid
from urllib.parse import urlencode, urlsplit

from . import schema as s


class ExecutorError(Exception):
    """The executor threw: Kibana answers `an error occurred while running the action` with retry true."""


def _now():
    return datetime.datetime.now(datetime.timezone.utc).isoformat(timespec='milliseconds').replace('+00:00', 'Z')


def _doc_id():
    return base64.urlsafe_b64encode(uuid.uuid4().bytes)[:20].decode('ascii')


def ok(data=s.MISSING):
    """A successful result."""
    result = {'status': 'ok'}
    if data is not s.MISSING:
        result['data'] = data
    return result


def run_index(conn, params, state):
    """Bulk-create the documents into the in-memory index."""
    config = conn.config
    index = params.get('indexOverride') or config['index']
    documents = []
    for document in params['documents']:
        document = dict(document)
        if config.get('executionTimeField'):
            document[config['executionTimeField']] = _now()
        documents.append(document)
    first = state.add_documents(index, documents)
    items = [{'create': {'_index': index, '_id': _doc_id(), '_version': 1, 'result': 'created',
                         '_shards': {'total': 2, 'successful': 1, 'failed': 0}, '_seq_no': first + n, '_primary_term': 1,
                         'status': 201}} for n in range(len(documents))]
    return ok({'took': 1, 'errors': False, 'items': items})


def run_server_log(_conn, params, state):
    """Record the message; no data."""
    state.add_server_log(params['level'], params['message'])
    return ok()


def _ssl_context(config, settings):
    context = ssl.create_default_context()
    mode = config.get('verificationMode') or settings.ssl_verification_mode
    if mode in ('none', 'certificate'):
        context.check_hostname = False
    if mode == 'none':
        context.verify_mode = ssl.CERT_NONE
    if config.get('ca'):
        context.load_verify_locations(cadata=config['ca'])
    return context


def _send(method, url, headers, data, timeout, context, with_headers=False):  # pylint: disable=too-many-arguments
    parts = urlsplit(url)
    target = parts.path or '/'
    if parts.query:
        target += '?' + parts.query
    if parts.scheme.lower() == 'https':
        connection = http.client.HTTPSConnection(parts.hostname, parts.port, timeout=timeout, context=context)
    else:
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    try:
        connection.request(method, target, body=data, headers=headers)
        response = connection.getresponse()
        if with_headers:
            return (response.status, response.reason, response.getheader('Retry-After'), response.read(),
                    dict((key.lower(), value) for key, value in response.getheaders()))
        return response.status, response.reason, response.getheader('Retry-After'), response.read()
    finally:
        connection.close()


def _network_error(err, url, timeout):
    parts = urlsplit(url)
    where = '%s:%s' % (parts.hostname, parts.port or (443 if parts.scheme == 'https' else 80))
    if isinstance(err, socket.timeout):
        return '[ECONNABORTED] timeout of %dms exceeded' % int(timeout * 1000)
    if isinstance(err, socket.gaierror):
        return '[ENOTFOUND] getaddrinfo ENOTFOUND %s' % parts.hostname
    if isinstance(err, ssl.SSLError):
        return '[%s] %s' % (err.reason or 'EPROTO', err.strerror or err)
    code = errno.errorcode.get(err.errno or 0, 'ECONNRESET')
    if code == 'ECONNREFUSED':
        return '[ECONNREFUSED] connect ECONNREFUSED %s' % where
    return '[%s] %s' % (code, err.strerror or err)


def _response_message(body):
    try:
        parsed = json.loads(body.decode('utf-8'))
    except ValueError:
        return None
    if isinstance(parsed, dict) and isinstance(parsed.get('message'), str) and parsed['message']:
        return parsed['message']
    return None


def _webhook_failure(status, reason, retry_after, body, word='webhook'):
    detail = _response_message(body)
    service_message = '[%s] %s%s' % (status, reason, ': %s' % detail if detail else '')
    if status >= 500:
        return {'status': 'error', 'message': 'error calling %s, retry later' % word, 'retry': True, 'serviceMessage': service_message}
    if status == 429:
        try:
            seconds = int(str(retry_after).strip())
        except ValueError:
            seconds = None
        if seconds is not None:
            when = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=seconds)
            stamp = when.isoformat(timespec='milliseconds').replace('+00:00', 'Z')
            return {'status': 'error', 'message': 'error calling %s, retry at %s' % (word, stamp), 'retry': stamp,
                    'serviceMessage': service_message}
        return {'status': 'error', 'message': 'error calling %s, retry later' % word, 'retry': True, 'serviceMessage': service_message}
    return {'status': 'error', 'message': 'error calling %s, invalid response' % word, 'serviceMessage': service_message}


def run_webhook(conn, params, state):
    """Really send the request, and map the answer as the webhook executor does (section 3.3)."""
    config, secrets = conn.config, conn.secrets or {}
    headers = dict(config.get('headers') or {})
    if not any(key.lower() == 'content-type' for key in headers):
        headers['Content-Type'] = 'application/json'
    basic = config.get('authType') in (None, 'webhook-authentication-basic')
    if config.get('hasAuth', True) and basic and secrets.get('user') and secrets.get('password'):
        token = base64.b64encode(('%s:%s' % (secrets['user'], secrets['password'])).encode('utf-8')).decode('ascii')
        headers['Authorization'] = 'Basic %s' % token
    body = params.get('body')
    timeout = state.settings.response_timeout
    try:
        context = _ssl_context(config, state.settings)
        status, reason, retry_after, answer = _send(config.get('method', 'post').upper(), config['url'], headers,
                                                    body.encode('utf-8') if body is not None else None, timeout, context)
    except (OSError, http.client.HTTPException) as err:
        message = _network_error(err, config['url'], timeout) if isinstance(err, OSError) else '[ECONNRESET] %s' % type(err).__name__
        return {'status': 'error', 'message': 'error calling webhook, request failed', 'serviceMessage': message}
    if 200 <= status < 300:
        return ok(body if body is not None else s.MISSING)
    return _webhook_failure(status, reason, retry_after, answer)


def _http_url(config, secrets, params):
    url = params.get('url') or config['url']
    if params.get('path'):
        url = '%s/%s' % (url.rstrip('/'), params['path'].lstrip('/'))
    query = dict(params.get('query') or {})
    query.update((secrets or {}).get('secretQueryParams') or {})
    if query:
        url += ('&' if '?' in url else '?') + urlencode(query)
    return url


def run_http(conn, params, state):
    """`.http` (K stack_connectors/server/connector_types/http/http_connector.ts@e2971c75, errors.ts@33a26fbf): the request
    really goes out (params.url or config.url, + path, + query and the 9.5 secretQueryParams; method params.method, GET by
    default; config headers, secret headers, params headers; basic auth); ok data is {status, statusText, headers, data}."""
    config, secrets = conn.config, conn.secrets or {}
    headers = dict(config.get('headers') or {})
    headers.update(secrets.get('secretHeaders') or {})
    headers.update(params.get('headers') or {})
    basic = config.get('authType') in (None, 'webhook-authentication-basic')
    if config.get('hasAuth', True) and basic and secrets.get('user') and secrets.get('password'):
        token = base64.b64encode(('%s:%s' % (secrets['user'], secrets['password'])).encode('utf-8')).decode('ascii')
        headers['Authorization'] = 'Basic %s' % token
    url = _http_url(config, secrets, params)
    body = params.get('body')
    timeout = (params['timeout'] / 1000.0) if params.get('timeout') else state.settings.response_timeout
    try:
        context = _ssl_context(config, state.settings)
        status, reason, retry_after, answer, answer_headers = _send(params.get('method', 'GET'), url, headers,
                                                                    body.encode('utf-8') if body is not None else None, timeout, context,
                                                                    with_headers=True)
    except (OSError, http.client.HTTPException) as err:
        message = _network_error(err, url, timeout) if isinstance(err, OSError) else '[ECONNRESET] %s' % type(err).__name__
        return {'status': 'error', 'message': 'error calling http, request failed', 'serviceMessage': message}
    if not 200 <= status < 300:
        return _webhook_failure(status, reason, retry_after, answer, 'http')
    try:
        data = json.loads(answer.decode('utf-8')) if answer else ''
    except ValueError:
        data = answer.decode('utf-8', 'replace')
    return ok({'status': status, 'statusText': reason, 'headers': answer_headers, 'data': data})


def _external(conn, key, number):
    base = (conn.config or {}).get(key) or 'https://example.invalid'
    return '%s/%s' % (base.rstrip('/'), number)


def run_jira(conn, params, _state):
    """Plausible Jira answers without any network."""
    sub = params['subAction']
    sub_params = params.get('subActionParams') or {}
    if sub == 'pushToService':
        key = '%s-1' % (conn.config or {}).get('projectKey', 'PROJ')
        comments = [{'commentId': c['commentId'], 'pushedDate': _now()} for c in sub_params.get('comments') or []]
        return ok({'id': '10000', 'title': key, 'url': _external(conn, 'apiUrl', 'browse/' + key), 'pushedDate': _now(), 'comments': comments})
    if sub == 'issueTypes':
        return ok([{'id': '10006', 'name': 'Task'}, {'id': '10023', 'name': 'Bug'}])
    if sub in ('issues',):
        return ok([])
    return ok({})


def run_servicenow(conn, params, _state):
    """Plausible ServiceNow answers without any network."""
    sub = params['subAction']
    if sub == 'pushToService':
        return ok({'id': uuid.uuid4().hex, 'title': 'INC0010001', 'pushedDate': _now(),
                   'url': _external(conn, 'apiUrl', 'nav_to.do?uri=incident.do'), 'comments': []})
    if sub in ('getChoices', 'getFields'):
        return ok([])
    if sub == 'closeIncident':
        return ok(None)
    return ok({})


def run_cases_webhook(conn, _params, _state):
    """Plausible case-management answer."""
    return ok({'id': '1', 'title': 'CASE-1', 'url': _external(conn, 'viewIncidentUrl', '1'), 'pushedDate': _now(), 'comments': []})


def run_slack_api(_conn, params, _state):
    """Plausible Slack Web API answer."""
    sub_params = params.get('subActionParams') or {}
    if params['subAction'] == 'validChannelId':
        channel = sub_params.get('channelId') or 'C0000000000'
        return ok({'ok': True, 'channel': {'id': channel, 'name': 'general', 'is_channel': True}})
    return ok({'ok': True, 'channel': 'C0000000000', 'message': {'text': sub_params.get('text')}})


def _markdown_inline(text):
    text = html.escape(text, quote=False)
    text = re.sub(r'\*\*(.+?)\*\*', r'<strong>\1</strong>', text)
    text = re.sub(r'(?<![\w*])_(.+?)_(?![\w*])', r'<em>\1</em>', text)
    text = re.sub(r'\[([^\]]+)\]\(([^)\s]+)\)', r'<a href="\2">\1</a>', text)
    return re.sub(r'(?<!href=")(?<!">)\b(https?://[^\s<]+)', r'<a href="\1">\1</a>', text)


def markdown_html(text):
    """A small stand-in for Kibana's markdown-it rendering of an email message (paragraphs, **bold**, _italic_, links,
    bare URLs linkified, `---` as <hr>): enough for the texts of K email.ts FTR test @01ad79c3."""
    out = []
    for block in re.split(r'\n\s*\n', text.strip('\n')):
        if block.strip() == '---':
            out.append('<hr>')
        elif block.strip():
            out.append('<p>%s</p>' % _markdown_inline(block.strip()))
    return '\n'.join(out) + '\n'


def email_footer(params, settings):
    """The footer Kibana adds (K email/index.ts@00cb7c75 getFooterMessage): a link to server.publicBaseUrl + the
    kibanaFooterLink path when publicBaseUrl is set."""
    base = getattr(settings, 'public_base_url', None)
    if not base:
        return 'This message was sent by Elastic.'
    link = params.get('kibanaFooterLink') or {'path': '/', 'text': 'Go to Elastic'}
    path = link.get('path') or '/'
    return 'This message was sent by Elastic. [%s](%s%s).' % (link.get('text') or 'Go to Elastic', base.rstrip('/'), '' if path == '/' else path)


def _addresses(values):
    return [{'address': value, 'name': ''} for value in values] if values else None


def run_email(conn, params, state):
    """Plausible nodemailer result; HTML is refused outside notifications. The `__json` service answers nodemailer's JSON
    transport result (K email.ts FTR test @01ad79c3 "should return the message data when firing the __json service")."""
    if params.get('messageHTML') is not None:
        return {'status': 'error', 'message': 'HTML email can only be sent via notifications'}
    recipients = params['to'] + params['cc'] + params['bcc']
    if conn.config.get('service') == '__json':
        text = '%s\n\n---\n\n%s' % (params['message'], email_footer(params, state.settings))
        message_id = '<%s@kibana-double>' % uuid.uuid4()
        message = {'from': {'address': conn.config.get('from'), 'name': ''}, 'to': _addresses(params['to']),
                   'cc': _addresses(params['cc']), 'bcc': _addresses(params['bcc'])}
        if params.get('replyTo'):
            message['replyTo'] = _addresses(params['replyTo'])
        message.update({'subject': params['subject'], 'html': markdown_html(text), 'text': text, 'headers': {}, 'messageId': message_id})
        return ok({'envelope': {'from': conn.config.get('from'), 'to': recipients}, 'messageId': message_id, 'message': message})
    return ok({'accepted': recipients, 'rejected': [], 'envelope': {'from': conn.config.get('from'), 'to': recipients},
               'messageId': '<%s@kibana-double>' % uuid.uuid4()})


def run_pagerduty(_conn, params, _state):
    """PagerDuty answers 202 with this body."""
    return ok({'status': 'success', 'message': 'Event processed', 'dedup_key': params.get('dedupKey') or uuid.uuid4().hex})


def _completion(model):
    return {'id': 'chatcmpl-double', 'object': 'chat.completion', 'created': 0, 'model': model,
            'choices': [{'index': 0, 'message': {'role': 'assistant', 'content': REPLY}, 'finish_reason': 'stop'}],
            'usage': {'prompt_tokens': 1, 'completion_tokens': 6, 'total_tokens': 7}}


REPLY = 'Hello from the Kibana double.'
USAGE = {'input_tokens': 1, 'output_tokens': 6}


def run_genai(conn, params, _state):
    """Plausible OpenAI answers."""
    if params['subAction'] == 'getDashboard':
        return ok({'available': True})
    completion = _completion((conn.config or {}).get('defaultModel') or 'gpt-4.1')
    if params['subAction'] in ('invokeAI', 'invokeStream', 'invokeAsyncIterator'):
        return ok({'message': REPLY, 'usage': completion['usage']})
    return ok(completion)


def run_bedrock(conn, params, _state):
    """Plausible Amazon Bedrock answers."""
    sub = params['subAction']
    if sub == 'getDashboard':
        return ok({'available': True})
    if sub in ('invokeAI', 'invokeStream', 'invokeAIRaw'):
        return ok({'message': REPLY, 'usage': USAGE})
    if sub in ('converse', 'converseStream', 'bedrockClientSend'):
        return ok({'output': {'message': {'role': 'assistant', 'content': [{'text': REPLY}]}}, 'stopReason': 'end_turn', 'usage': USAGE})
    return ok({'completion': REPLY, 'stop_reason': 'end_turn', 'usage': USAGE, 'model': (conn.config or {}).get('defaultModel')})


def run_gemini(_conn, params, _state):
    """Plausible Google Gemini answers."""
    usage = {'promptTokenCount': 1, 'candidatesTokenCount': 6, 'totalTokenCount': 7}
    if params['subAction'] == 'getDashboard':
        return ok({'available': True})
    if params['subAction'] in ('invokeAI', 'invokeAIRaw', 'invokeStream'):
        return ok({'message': REPLY, 'usageMetadata': usage})
    return ok({'completion': REPLY, 'usageMetadata': usage})


def run_inference(conn, params, state):
    """The Elastic inference API behind `.inference`: the endpoint the connector made must still exist."""
    config = conn.config or {}
    with state.lock:
        exists = (config.get('taskType'), config.get('inferenceId')) in state.inference_endpoints
    if not exists:
        raise ExecutorError('Inference endpoint not found [%s]' % config.get('inferenceId'))
    sub = params['subAction']
    sub_params = params.get('subActionParams') or {}
    if sub.startswith('unified_completion'):
        return ok({'id': 'double', 'choices': [{'index': 0, 'message': {'role': 'assistant', 'content': REPLY}, 'finish_reason': 'stop'}],
                   'model': config.get('inferenceId'), 'object': 'chat.completion'})
    if sub.startswith('completion'):
        return ok([{'result': REPLY}])
    if sub == 'rerank':
        return ok([{'index': n, 'relevance_score': 1.0 / (n + 1)} for n in range(len(sub_params.get('input') or []))])
    if sub == 'text_embedding':
        return ok([{'embedding': [0.1, 0.2, 0.3]}])
    return ok([{'is_truncated': False, 'embedding': {'double': 1.0}}])


def run_mcp(_conn, params, _state):
    """A plausible MCP server."""
    sub = params['subAction']
    if sub == 'listTools':
        return ok({'tools': [{'name': 'echo', 'description': 'Echo the input', 'inputSchema': {'type': 'object'}}]})
    if sub == 'callTool':
        return ok({'content': [{'type': 'text', 'text': REPLY}], 'isError': False})
    return ok({'connected': True})


def run_teams(_conn, params, _state):
    """Teams returns the body it posted."""
    return ok({'text': params['message']})


def run_slack(_conn, _params, _state):
    """Slack's IncomingWebhook result."""
    return ok({'text': 'ok'})


def run_generic(_conn, _params, _state):
    """Any other type."""
    return ok()


def run_alerting(_conn, _params, _state):
    """Opsgenie-like alert APIs (Opsgenie, Jira Service Management)."""
    return ok({'result': 'Request will be processed', 'took': 0.107, 'requestId': str(uuid.uuid4())})


def _pushed(conn, title, key='apiUrl'):
    return {'id': uuid.uuid4().hex, 'title': title, 'url': _external(conn, key, title), 'pushedDate': _now(), 'comments': []}


def run_case_system(conn, params, _state):
    """Case-management services (Resilient, Swimlane, TheHive): a pushed incident, or the lists they read."""
    sub = params['subAction']
    if sub == 'pushToService':
        comments = ((params.get('subActionParams') or {}).get('comments')) or []
        pushed = _pushed(conn, 'CASE-1', 'url' if 'url' in (conn.config or {}) else 'apiUrl')
        pushed['comments'] = [{'commentId': c['commentId'], 'pushedDate': _now()} for c in comments]
        return ok(pushed)
    if sub in ('incidentTypes', 'severity'):
        return ok([{'id': 1, 'name': 'Low'}, {'id': 2, 'name': 'Medium'}])
    if sub == 'getFields':
        return ok([])
    return ok({})


def run_servicenow_itom(_conn, params, _state):
    """addEvent returns {}; getChoices a list."""
    return ok([] if params['subAction'] == 'getChoices' else {})


def run_xmatters(_conn, params, _state):
    """xMatters answers 202; Kibana returns the payload it sent."""
    return ok({'severity': params.get('severity'), 'signalId': params.get('signalId')})


def run_torq(_conn, params, _state):
    """Torq: the body must be JSON; ok data is the body string."""
    try:
        json.loads(params.get('body') or 'null')
    except ValueError as err:
        return {'status': 'error', 'message': 'error triggering Torq workflow, invalid body', 'serviceMessage': str(err)}
    return ok(params.get('body'))


def run_tines(_conn, params, _state):
    """Tines: stories and webhooks are read; run and test POST to a webhook."""
    sub = params['subAction']
    sub_params = params.get('subActionParams') or {}
    if sub == 'stories':
        return ok({'stories': [{'id': 1, 'name': 'Story'}], 'incompleteResponse': False})
    if sub == 'webhooks':
        return ok({'webhooks': [{'id': 2, 'name': 'Webhook', 'storyId': sub_params.get('storyId'), 'path': 'p', 'secret': 's'}],
                   'incompleteResponse': False})
    if not sub_params.get('webhook') and not sub_params.get('webhookUrl'):
        raise ExecutorError('Invalid subActionsParams: [webhook] or [webhookUrl] expected but got none')
    return ok({})


def run_xsoar(_conn, params, _state):
    """XSOAR: getPlaybooks reads; run creates an incident (data {})."""
    if params['subAction'] == 'getPlaybooks':
        return ok({'total': 1, 'playbooks': [{'id': 'playbook0', 'name': 'Playbook 0'}]})
    body = (params.get('subActionParams') or {}).get('body')
    if body:
        try:
            json.loads(body)
        except ValueError as err:
            raise ExecutorError('Error parsing alert body for xSOAR: %s' % err) from None
    return ok({})


def run_edr(_conn, params, _state):
    """EDR services (CrowdStrike, SentinelOne, Microsoft Defender): empty but well-formed lists and accepted actions."""
    sub = params['subAction']
    if sub.startswith('get') or sub == 'testConnector':
        return ok({'data': [], 'resources': [], 'value': [], 'pagination': {'totalItems': 0}})
    return ok({'id': str(uuid.uuid4()), 'status': 'Pending'})


EXECUTORS = {
    '.index': run_index, '.server-log': run_server_log, '.webhook': run_webhook, '.slack': run_slack, '.teams': run_teams,
    '.slack_api': run_slack_api, '.email': run_email, '.pagerduty': run_pagerduty, '.jira': run_jira,
    '.servicenow': run_servicenow, '.servicenow-sir': run_servicenow, '.servicenow-itom': run_servicenow_itom,
    '.opsgenie': run_alerting, '.jira-service-management': run_alerting, '.gen-ai': run_genai, '.bedrock': run_bedrock,
    '.gemini': run_gemini, '.inference': run_inference, '.mcp': run_mcp, '.cases-webhook': run_cases_webhook,
    '.resilient': run_case_system, '.swimlane': run_case_system, '.thehive': run_case_system, '.xmatters': run_xmatters,
    '.torq': run_torq, '.tines': run_tines, '.d3security': run_generic, '.xsoar': run_xsoar, '.crowdstrike': run_edr,
    '.sentinelone': run_edr, '.microsoft_defender_endpoint': run_edr, '.http': run_http,
}


def check_sub_action(ctype, conn, params, profile):
    """The sub-action framework (K sub_action_framework/executor.ts@33dd4792): the sub-action must exist and its own params
    must validate, else the executor throws. `Connector name` is the connector TYPE's name (getConnectorErrorMsg receives the
    registered type: K tines FTR test `Connector name: Tines`, thehive `TheHive`, gemini `Google Gemini`). The zod-era detail of
    `Request validation failed (...)` is the formatZodError text in 9.3 (K tines FTR test @1a7bf6ce: `Request validation failed
    (Field "storyId": Expected number, received nan)`); for 9.4+ the double assumes the prettified text (not seen in a test)."""
    sub_actions = ctype.sub_actions(profile)
    sub = params['subAction']
    if sub not in sub_actions:
        raise ExecutorError('Sub action "%s" is not registered. Connector id: %s. Connector name: %s. Connector type: %s'
                            % (sub, conn.id, ctype.name, ctype.id))
    schema = sub_actions[sub].schema
    if schema is None:
        return params
    zod = ctype.zod(profile)
    try:
        checked = s.validate(schema, params.get('subActionParams') or {}, zod)
    except s.SchemaError as err:
        raise ExecutorError('Request validation failed (%s%s)' % ('' if zod else 'Error: ', s.describe(err, zod))) from None
    return dict(params, subActionParams=checked)


def execute(ctype, conn, params, state):
    """Run the executor; an ExecutorError becomes Kibana's generic error result."""
    try:
        if ctype.is_sub_action_type(state.profile):
            params = check_sub_action(ctype, conn, params, state.profile)
        return EXECUTORS.get(ctype.id, run_generic)(conn, params, state)
    except ExecutorError as err:
        return {'status': 'error', 'message': 'an error occurred while running the action', 'serviceMessage': str(err), 'retry': True}
