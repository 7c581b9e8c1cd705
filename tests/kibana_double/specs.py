"""Connector types Kibana builds from `@kbn/connector-specs` (K src/platform/packages/shared/kbn-connector-specs), 9.4+.

How Kibana registers one (K x-pack/platform/plugins/shared/actions/server/lib/create_connector_from_spec.ts, find_string ids
55010146312 and 3389062963): id = metadata.id, name = metadata.displayName, minimumLicenseRequired = metadata.minimumLicense,
supportedFeatureIds = metadata.supportedFeatureIds, source 'spec';
config = generateConfigSchema(spec.schema) (K .../generate_config_schema.ts@2977442a): the spec's zod object (not strict:
unknown keys are dropped) extended with `authType: z.string().optional()`;
secrets = generateSecretsSchema(spec.auth) (K .../generate_secrets_schema_from_spec.ts@026cd2da, get_schema_for_auth_type.ts@02d377d2):
`z.discriminatedUnion('authType', [...])` of the spec's auth types (each its schema's shape with the spec's defaults and
`authType: z.literal(<id>)`, not strict), `z.object({})` when the spec has no auth.

Auth type schemas (K src/platform/packages/shared/kbn-connector-specs/src/auth_types/*): bearer {token} (@0d53534c), basic
{username, password} (@0032321a), api_key_header {<headerField>: key} with the spec's header name (@02d377d2),
oauth_authorization_code {authorizationUrl, tokenUrl (URLs), clientId, clientSecret (non-empty), scope?, redirectUri?,
useBasicAuth = true, scopeQueryParam = 'scope'} (@09fc6f09), oauth_client_credentials {tokenUrl, clientId, clientSecret, scope?,
additionalFields?} (oauth.ts@0d53534c), aws_credentials {accessKeyId, secretAccessKey (non-empty)} (@00d9ff29), azure_shared_key
{accountName, accountKey} (id 52259836858), gcp_service_account {serviceAccountJson, scope?} (id 52408675546), none {} (@3318365a).

Which ids are registered where: K connector_release_manifest.json@025f7381 (41 ids, features) and the release notes
(K docs/release-notes/index.md@007bb6df): 9.4.0 lists 30 "data source" connectors (+ Notion and Google Drive, fixed in 9.5.0),
9.5.0 adds BigQuery... (below). Per spec, `known` says what was read from the spec's own file, `sample` what comes from Kibana's
evaluation setup (find_string id 66505313291) or the docs' connector list (K docs/reference/connectors-kibana/_snippets/
data-context-sources-connectors-list.md@00361a1e), `guess` what follows the pattern of its siblings (see the README).
The double models create/read/update/delete; execute answers `ok` without data and does not validate the action's input.
"""

from . import schema as s

AGENT_BUILDER = 'agentBuilder'
WORKFLOWS = 'workflows'
BOTH = [AGENT_BUILDER, WORKFLOWS]
V94, V95 = (9, 4), (9, 5)


def _oauth_code(authorization_url=None, token_url=None, scope=None):
    return ('oauth_authorization_code', {'authorizationUrl': authorization_url, 'tokenUrl': token_url, 'scope': scope})


def _header(field):
    return ('api_key_header', {'headerField': field})


BEARER = ('bearer', {})
BASIC = ('basic', {})
AWS = ('aws_credentials', {})
GCP = ('gcp_service_account', {})
AZURE = ('azure_shared_key', {})
OAUTH = _oauth_code()

# id: (display name, licence, features, since, config [(key, required)], auth types, evidence)
SPECS = {
    '.1password': ('1Password', 'enterprise', [WORKFLOWS], V94, [('accountUuid', True)],
                   [('oauth_client_credentials', {'tokenUrl': 'https://api.1password.com/v1/oauth/token', 'scope': 'openid'})],
                   'known: onepassword spec (id 70282193090)'),
    '.abuseipdb': ('AbuseIPDB', 'gold', BOTH, V94, [], [_header('Key')], 'known: spec (id 3375897688); PR #245421'),
    '.alienvault-otx': ('AlienVault OTX', 'gold', BOTH, V94, [], [_header('X-OTX-API-KEY')], 'known: spec (id 3216564810)'),
    '.amazon_s3': ('Amazon S3', 'enterprise', BOTH, V94, [('region', True)], [AWS], 'sample: eval setup; PR #253753'),
    '.aws_lambda': ('AWS Lambda', 'gold', BOTH, V94, [('region', True)], [AWS], 'known: spec (id 51770484731); PR #256150'),
    '.azure-blob': ('Azure Blob Storage', 'enterprise', BOTH, V94, [('accountUrl', True)], [AZURE], 'known: spec (id 56198445040); PR #259439'),
    '.bigquery': ('BigQuery', 'enterprise', BOTH, V95, [('projectId', True)], [GCP], 'known: spec (id 54582415793)'),
    '.box': ('Box', 'enterprise', BOTH, V95, [('serverUrl', False)],
             [_oauth_code('https://account.box.com/api/oauth2/authorize', 'https://api.box.com/oauth2/token',
                          'root_readwrite ai.readwrite docgen.readwrite')], 'known: spec; PR #271306'),
    '.brave-search': ('Brave Search', 'enterprise', BOTH, V95, [], [_header('X-Subscription-Token')], 'sample: eval setup'),
    '.confluence-cloud': ('Confluence Cloud', 'enterprise', BOTH, V94, [('subdomain', True)], [BASIC], 'sample: eval setup; PR #256508'),
    '.dropbox': ('Dropbox', 'enterprise', BOTH, V95, [],
                 [_oauth_code('https://www.dropbox.com/oauth2/authorize', 'https://api.dropboxapi.com/oauth2/token')],
                 'known: spec (id 54586164186)'),
    '.figma': ('Figma', 'enterprise', BOTH, V94, [], [OAUTH], 'sample: eval setup; PR #255322'),
    '.firecrawl': ('Firecrawl', 'enterprise', BOTH, V94, [], [BEARER], 'sample: eval setup; PR #255004'),
    '.gcp_cloud_functions': ('Google Cloud Functions', 'enterprise', BOTH, V94, [], [GCP], 'guess; PR #261277'),
    '.github': ('GitHub', 'enterprise', BOTH, V94, [('serverUrl', False)], [BEARER], 'sample: eval setup; PR #258169 (OAuth: PR #259549, 9.5)'),
    '.gmail': ('Gmail', 'enterprise', BOTH, V94, [], [OAUTH], 'sample: eval setup; PR #255565'),
    '.google_calendar': ('Google Calendar', 'enterprise', BOTH, V94, [], [OAUTH], 'sample: eval setup; PR #252740'),
    '.google_cloud_storage': ('Google Cloud Storage', 'enterprise', BOTH, V94, [], [OAUTH], 'sample: eval setup; PR #257374'),
    '.google_drive': ('Google Drive', 'enterprise', BOTH, V94, [], [OAUTH], 'sample: docs list; fix PR #274303'),
    '.greynoise': ('GreyNoise', 'gold', BOTH, V94, [], [_header('key')], 'known: spec (id 3017830224)'),
    '.hubspot': ('HubSpot', 'enterprise', BOTH, V95, [], [OAUTH], 'sample: eval setup; PR #257675'),
    '.jina': ('Jina Reader', 'enterprise', BOTH, V94, [], [BEARER], 'sample: eval setup; PR #247527'),
    '.jira-cloud': ('Jira Cloud', 'enterprise', BOTH, V94, [('subdomain', True)], [BASIC], 'sample: eval setup; PR #251345'),
    '.microsoft-teams': ('Microsoft Teams', 'enterprise', BOTH, V94, [], [OAUTH], 'sample: eval setup; PR #252465'),
    '.notion': ('Notion', 'enterprise', BOTH, V94, [], [OAUTH], 'sample: eval setup; fix PR #262757'),
    '.one_drive': ('OneDrive', 'enterprise', BOTH, V95, [], [OAUTH], 'guess; PR #275244'),
    '.outlook': ('Outlook', 'enterprise', BOTH, V95, [], [OAUTH], 'sample: eval setup; PR #266766'),
    '.pagerduty_mcp': ('PagerDuty', 'enterprise', BOTH, V94, [], [BEARER], 'guess; PR #255154'),
    '.salesforce': ('Salesforce', 'enterprise', BOTH, V94, [], [OAUTH], 'sample: eval setup; PR #254303'),
    '.servicenow_search': ('ServiceNow', 'enterprise', BOTH, V94, [], [BASIC], 'guess; PR #252430'),
    '.sharepoint-online': ('SharePoint Online', 'enterprise', BOTH, V94, [], [OAUTH], 'sample: eval setup; PR #251544'),
    '.sharepoint-server': ('SharePoint Server', 'enterprise', BOTH, V94, [], [BASIC], 'guess; PR #258014'),
    '.shodan': ('Shodan', 'gold', BOTH, V94, [], [_header('X-Api-Key')], 'known: spec (id 2709033681)'),
    '.slack2': ('Slack', 'enterprise', BOTH, V94, [], [OAUTH], 'sample: eval setup; PR #252972'),
    '.snowflake': ('Snowflake', 'enterprise', BOTH, V95, [], [BASIC], 'guess; PR #264827'),
    '.sublime_security': ('Sublime Security', 'enterprise', BOTH, V95, [], [BEARER], 'guess; PR #279707'),
    '.tavily_mcp': ('Tavily', 'enterprise', BOTH, V94, [('serverUrl', True)], [BEARER], 'sample: eval setup; PR #252717'),
    '.urlvoid': ('URLVoid', 'gold', BOTH, V94, [], [_header('X-Api-Key')], 'known: spec (id 70365270852)'),
    '.virustotal': ('VirusTotal', 'gold', BOTH, V94, [], [_header('x-apikey')], 'known: third-party wizard (id 59714925067)'),
    '.zendesk': ('Zendesk', 'enterprise', BOTH, V94, [], [BASIC], 'guess; PR #254739'),
    '.zoom': ('Zoom', 'enterprise', BOTH, V94, [], [BEARER], 'known: spec @01ad79c3; PR #255174'),
}


def _url(default=None):
    return s.Str(url=True) if default is None else s.Str(url=True, default=default)


def _auth_props(kind, options):
    """The props of one auth type's secrets schema, with the spec's defaults."""
    if kind == 'bearer':
        return [('token', s.Str())]
    if kind == 'basic':
        return [('username', s.Str()), ('password', s.Str())]
    if kind == 'api_key_header':
        return [(options.get('headerField') or 'Api-Key', s.Str())]
    if kind == 'oauth_authorization_code':
        scope = s.Maybe(s.Str()) if options.get('scope') is None else s.Str(default=options['scope'])
        return [('authorizationUrl', _url(options.get('authorizationUrl'))), ('tokenUrl', _url(options.get('tokenUrl'))),
                ('clientId', s.Str(min_len=1)), ('clientSecret', s.Str(min_len=1)), ('scope', scope), ('redirectUri', s.Maybe(s.Str())),
                ('useBasicAuth', s.OptDefault(s.Bool(), True)), ('scopeQueryParam', s.OptDefault(s.Str(), 'scope'))]
    if kind == 'oauth_client_credentials':
        scope = s.Maybe(s.Str()) if options.get('scope') is None else s.Str(default=options['scope'])
        return [('tokenUrl', _url(options.get('tokenUrl'))), ('clientId', s.Str()), ('clientSecret', s.Str()), ('scope', scope),
                ('additionalFields', s.Maybe(s.Str()))]
    if kind == 'aws_credentials':
        return [('accessKeyId', s.Str(min_len=1)), ('secretAccessKey', s.Str(min_len=1))]
    if kind == 'azure_shared_key':
        return [('accountName', s.Str()), ('accountKey', s.Str())]
    if kind == 'gcp_service_account':
        return [('serviceAccountJson', s.Str()), ('scope', s.Maybe(s.Str()))]
    return []


def config_schema(spec):
    """generateConfigSchema: the spec's schema + authType, unknown keys dropped."""
    props = [(key, s.Str(min_len=1) if required else s.Maybe(s.Str())) for key, required in spec[4]]
    return s.Obj(props + [('authType', s.Maybe(s.Str()))], unknowns='ignore')


def secrets_schema(spec):
    """generateSecretsSchema: a union discriminated on authType, one member per auth type of the spec."""
    members = [s.Obj([('authType', s.Literal(kind))] + _auth_props(kind, options), unknowns='ignore') for kind, options in spec[5]]
    return s.OneOf(members, discriminator='authType')


def auth_type_ids(spec):
    """The auth type ids a spec accepts."""
    return [kind for kind, _options in spec[5]]


def minimal_secrets(type_id):
    """Secrets a create accepts (for examples and tests)."""
    kind, options = SPECS[type_id][5][0]
    values = {'bearer': {'token': 't'}, 'basic': {'username': 'u', 'password': 'p'}, 'aws_credentials': {'accessKeyId': 'a', 'secretAccessKey': 's'},
              'azure_shared_key': {'accountName': 'n', 'accountKey': 'k'}, 'gcp_service_account': {'serviceAccountJson': '{}'},
              'api_key_header': {options.get('headerField') or 'Api-Key': 'k'},
              'oauth_client_credentials': {'clientId': 'c', 'clientSecret': 's'},
              'oauth_authorization_code': {'clientId': 'c', 'clientSecret': 's'}}[kind]
    if kind in ('oauth_client_credentials', 'oauth_authorization_code'):
        if not options.get('tokenUrl'):
            values['tokenUrl'] = 'https://auth.example.com/token'
        if kind == 'oauth_authorization_code' and not options.get('authorizationUrl'):
            values['authorizationUrl'] = 'https://auth.example.com/authorize'
    return dict(values, authType=kind)


def minimal_config(type_id):
    """Config a create accepts."""
    samples = {'accountUuid': 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'region': 'us-east-1', 'accountUrl': 'https://acct.blob.core.windows.net',
               'projectId': 'my-project', 'serverUrl': 'https://mcp.example.com/mcp', 'subdomain': 'acme'}
    return dict((key, samples[key]) for key, required in SPECS[type_id][4] if required)
