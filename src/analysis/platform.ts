/**
 * Platform facts the secret rules rest on (docs/formats.md §3.4, §4, §1.6), kept in one place:
 * which actions can be secured, which steps copy a value, which calls read a secret and which
 * places persist or send one. Configuration can add sources and sinks.
 */
import { asName, type Name } from '../redact.js';
import type { Operation } from '../model/types.js';
import { isRecord } from '../model/json-helpers.js';
import { httpRequestOf, OperationKind, type HttpRequest, type ResponseChannel } from '../model/operations.js';
import { isSecretName } from './detectors/secret-names.js';
import { KEY_VAULT_DOMAIN_PATTERN } from './key-vault-domains.js';

export { httpRequestOf } from '../model/operations.js';

const lower = (value: string | undefined): string => (value ?? '').toLowerCase();

export function supportsSecureInputs(operation: Operation): boolean {
  return operation.secureData !== 'none';
}

export function supportsSecureOutputs(operation: Operation): boolean {
  return operation.secureData === 'inputs-and-outputs';
}

/** Outputs are hidden from run history: Secure Outputs, or Secure Inputs on inputs-only types. */
export function outputsHidden(operation: Operation): boolean {
  return operation.secureOutputs || (operation.secureData === 'inputs-only' && operation.secureInputs);
}

export function isVariableAction(operation: Operation): boolean {
  return operation.view.kind === OperationKind.Variable;
}

/** Steps that pass a secret from their inputs to their output (or to a variable): data operations and variable actions. */
export function isCopyStep(operation: Operation): boolean {
  return operation.view.kind === OperationKind.DataOperation || operation.view.kind === OperationKind.Variable;
}

export function isLoop(operation: Operation): boolean {
  return operation.view.kind === OperationKind.Loop;
}

export function isForeach(operation: Operation): boolean {
  return operation.view.kind === OperationKind.Loop && operation.view.loop === 'foreach';
}

/** Select, Filter array and Create table: `item()` in them is an element of their `from`. */
export function isSelection(operation: Operation): boolean {
  const view = operation.view;
  return view.kind === OperationKind.DataOperation && (view.operation === 'select' || view.operation === 'query' || view.operation === 'table');
}

/** `SecureString` and `SecureObject` definition parameters: secrets by declaration. */
export function isSecureParameterType(type: string | undefined): boolean {
  const lower = (type ?? '').toLowerCase();
  return lower === 'securestring' || lower === 'secureobject';
}

/** Variables an action writes: one per entry of InitializeVariable, or `inputs.name`. */
export function variablesWritten(operation: Operation): { name: Name; index?: number }[] {
  return operation.view.kind === OperationKind.Variable
    ? operation.view.entries.map((entry) => (entry.index === undefined ? { name: entry.name } : { name: entry.name, index: entry.index }))
    : [];
}

/**
 * Inputs the platform never shows in run history: the `Authorization` header and the HTTP
 * `authentication` object (docs/formats.md §3.4: "Authorization headers are never visible").
 */
export function hiddenByPlatform(owner: Operation, path: readonly (string | number)[]): boolean {
  if (path[0] !== 'inputs' || (owner.view.kind !== OperationKind.Http && owner.view.kind !== OperationKind.HttpEntra)) return false;
  if (path[1] === 'authentication') return true;
  return path[1] === 'headers' && typeof path[2] === 'string' && path[2].toLowerCase() === 'authorization';
}

/** A connector operation named in configuration as a secret source or sink. */
export interface ConnectorOperation {
  /** Connector api name (`shared_cyberark`) or id; matched case-insensitively. */
  readonly api: string;
  /** operationId; absent means every operation of the connector. */
  readonly operation?: string;
  /** What it is, for messages ("a CyberArk password"). */
  readonly description?: string;
}

export interface SecretSettings {
  readonly extraSources: readonly ConnectorOperation[];
  readonly extraSinks: readonly ConnectorOperation[];
}

export const DEFAULT_SECRET_SETTINGS: SecretSettings = { extraSources: [], extraSinks: [] };

export type SecretSourceKind =
  | 'key-vault'
  | 'key-vault-decrypt'
  | 'environment-variable-secret'
  | 'key-vault-http'
  | 'token-request'
  | 'session-token'
  | 'connector-secret'
  | 'trigger-input'
  | 'desktop-output'
  | 'secure-parameter'
  | 'configured';

/**
 * Key Vault hosts in every cloud, plus Managed HSM. A match starts only where a run of name
 * characters starts: tried at every character of a long URL without a dot, the pattern would
 * rescan the rest of the run each time (quadratic: minutes for a 200,000-character URL).
 */
export const KEY_VAULT_HOST = new RegExp(`(?<![a-z0-9-])[a-z0-9-]+\\.(?:${KEY_VAULT_DOMAIN_PATTERN})`, 'i');
/**
 * The same domains after any vault name, literal or an expression (`@{parameters('Vault')}.vault…`),
 * in the authority of a URL: the recommended ALM shape takes the vault name from an environment variable.
 */
const KEY_VAULT_AUTHORITY = new RegExp(`^[a-z]+://[^/?#]*\\.(?:${KEY_VAULT_DOMAIN_PATTERN})(?::\\d+)?(?=[/?#]|$)`, 'i');
/** Entra ID audiences (resources) of the Key Vault data plane. */
const KEY_VAULT_AUDIENCE = new RegExp(`^https://(?:${KEY_VAULT_DOMAIN_PATTERN})/?$`, 'i');
/** `/secrets/<name>[/<version>]`, `/keys/<name>[/<version>]/decrypt|unwrapkey`, or a list of secrets or versions. */
const KEY_VAULT_SECRET_PATH = /\/secrets\/([^/?#]+)(?:\/([^/?#]+))?\/?(?=[?#]|$)/i;
const KEY_VAULT_KEY_OPERATION = /\/keys\/[^/?#]+(?:\/([^/?#]+))?\/(?:decrypt|unwrapkey)\/?(?=[?#]|$)/i;

/** What a request to the Key Vault REST API does, as far as secrets go. */
export interface KeyVaultRestCall {
  /** `secret` and `decrypt` return a secret; `list` (secrets, versions) and `write` do not. */
  readonly reads: 'secret' | 'decrypt' | 'list' | 'write';
  /** The version segment, when the call names one. */
  readonly version?: string;
}

/**
 * A call to the Key Vault REST API (docs/secret-model.md, source 3): a Key Vault host, whatever expression
 * names the vault, or an Entra ID / managed identity authentication whose audience is Key Vault.
 */
export function keyVaultRestCall(request: HttpRequest): KeyVaultRestCall | undefined {
  const uri = request.uri?.value;
  if (!uri) return undefined;
  if (!KEY_VAULT_AUTHORITY.test(uri) && !KEY_VAULT_HOST.test(uri) && !hasKeyVaultAudience(request.authentication?.value)) return undefined;
  const method = lower(request.method?.value ?? 'get');
  const key = KEY_VAULT_KEY_OPERATION.exec(uri);
  if (key) return key[1] ? { reads: 'decrypt', version: key[1] } : { reads: 'decrypt' };
  const secret = KEY_VAULT_SECRET_PATH.exec(uri);
  if (!secret) return /\/secrets\/?(?=[?#]|$)/i.test(uri) ? { reads: 'list' } : undefined;
  const version = secret[2];
  if (version !== undefined && version.toLowerCase() === 'versions') return { reads: 'list' };
  const reads = method === 'get' ? 'secret' : 'write';
  return version === undefined ? { reads } : { reads, version };
}

function hasKeyVaultAudience(authentication: unknown): boolean {
  if (!isRecord(authentication)) return false;
  const audience = authentication.audience;
  return typeof audience === 'string' && KEY_VAULT_AUDIENCE.test(audience.trim());
}

/**
 * OAuth token endpoints: Entra ID (`/oauth2/token`, `/oauth2/v2.0/token`), OpenID Connect servers
 * (`/connect/token`), Auth0, Okta and most others (`/oauth/token`, or a path ending in `/token`).
 */
const TOKEN_ENDPOINT = /\/oauth2(?:\/v2\.0)?\/token\b|\/connect\/token\b|\/oauth\/token\b|\/token\/?(?:\?|$)/i;
const TOKEN_BODY = /(?:^|[&?\s])(?:client_secret|grant_type)=/i;

/**
 * A request for an OAuth token: a POST (the method defaults to it) to a token endpoint, or a body
 * with `client_secret`/`grant_type`, as form text or as keys. Its request carries a credential and
 * its response is a secret: the one definition both facts use.
 */
export function isTokenRequestShape(uri: unknown, method: string | undefined, body: unknown): boolean {
  const post = (method ?? 'POST').toUpperCase() === 'POST';
  return (post && typeof uri === 'string' && TOKEN_ENDPOINT.test(uri)) || bodyLooksLikeTokenRequest(body);
}

function bodyLooksLikeTokenRequest(body: unknown): boolean {
  if (typeof body === 'string') return TOKEN_BODY.test(body);
  if (isRecord(body)) return Object.keys(body).some((key) => /^(client_secret|grant_type)$/i.test(key));
  return false;
}

/**
 * Fields of a response that hold a session or access token (`body('Login')?['sessionToken']`): a
 * call that was sent a credential and answers with one of these hands the flow a new secret.
 */
export const SESSION_TOKEN_FIELDS: ReadonlySet<string> = new Set([
  'token',
  'access_token',
  'accesstoken',
  'refresh_token',
  'refreshtoken',
  'id_token',
  'idtoken',
  'sessiontoken',
  'session_token',
  'sessionid',
  'session_id',
  'authtoken',
  'auth_token',
  'bearertoken',
  'bearer_token',
  'jwt',
]);

/**
 * Custom connector operations that read a secret: an operation id such as `GetSecret`,
 * `GetSecretValue` or `RetrieveSecret`, or a GET of a `/secrets/<name>` path. Listing secrets or
 * their versions returns names and metadata, not values.
 */
const SECRET_READ_OPERATION = /^(?:get|read|retrieve|fetch|reveal)_?(?:[a-z]+_?)??secret(?:_?(?:value|version|byname|text))?(?:_?v\d+)?$/i;
const SECRET_READ_PATH = /\/secrets?\/[^/?#]+(?:\/(?:value|version\/[^/?#]+))?\/?(?=[?#]|$)/i;

export function readsSecretFromConnector(operation: Operation): boolean {
  const view = operation.view;
  if (view.kind !== OperationKind.Connector) return false;
  const { operationId, method, path } = view.connector;
  if (operationId && SECRET_READ_OPERATION.test(operationId)) return true;
  return !operationId && lower(method ?? 'get') === 'get' && typeof path === 'string' && SECRET_READ_PATH.test(path) && !/\/versions\/?(?=[?#]|$)/i.test(path);
}

/** Which kind of secret an action's output is, if any (docs/secret-model.md, "Secret sources"). */
export function secretSourceKind(operation: Operation, settings: SecretSettings): SecretSourceKind | undefined {
  if (operation.role !== 'action') return undefined;
  const view = operation.view;
  if (view.kind === OperationKind.KeyVault) {
    if (view.reads === 'secret') return 'key-vault';
    if (view.reads === 'decrypt') return 'key-vault-decrypt';
  }
  if (view.kind === OperationKind.Dataverse && view.readsSecretEnvironmentVariable) return 'environment-variable-secret';
  const connector = operation.connector;
  if (connector && matchesConnector(settings.extraSources, connector.apiName, connector.apiId, connector.operationId)) return 'configured';
  if (readsSecretFromConnector(operation)) return 'connector-secret';
  const request = httpRequestOf(operation);
  if (request) {
    const vault = keyVaultRestCall(request);
    if (vault) return vault.reads === 'secret' || vault.reads === 'decrypt' ? 'key-vault-http' : undefined;
    if (isTokenRequestShape(request.uri?.value, request.method?.value, request.body?.value)) return 'token-request';
  }
  return undefined;
}

/**
 * A trigger's declared inputs (Request, manual, Power Apps V2 and child-flow triggers:
 * `inputs.schema.properties`) whose key or title says they hold a secret.
 */
export function secretTriggerInputs(trigger: Operation): string[] {
  if (trigger.role !== 'trigger') return [];
  const schema = isRecord(trigger.inputs) ? trigger.inputs.schema : undefined;
  const properties = isRecord(schema) ? schema.properties : undefined;
  if (!isRecord(properties)) return [];
  const found: string[] = [];
  for (const [key, property] of Object.entries(properties)) {
    const title = isRecord(property) && typeof property.title === 'string' ? property.title : undefined;
    if (isSecretName(key) || (title !== undefined && isSecretName(title))) found.push(key);
  }
  return found;
}

export function matchesConnector(
  list: readonly ConnectorOperation[],
  apiName: string | undefined,
  apiId: string | undefined,
  operationId: string | undefined,
): ConnectorOperation | undefined {
  const api = lower(apiName);
  const id = lower(apiId);
  return list.find((entry) => {
    const wanted = lower(entry.api);
    const apiMatches = wanted === api || (id !== '' && (wanted === id || id.endsWith(`/${wanted}`)));
    return apiMatches && (entry.operation === undefined || lower(entry.operation) === lower(operationId));
  });
}

/** Fields of a source's output that are metadata, not the secret (Key Vault SecretMetadata, token fields). */
export const NON_SECRET_OUTPUT_FIELDS: Readonly<Record<SecretSourceKind, ReadonlySet<string>>> = {
  'key-vault': new Set(['id', 'name', 'version', 'contenttype', 'isenabled', 'createdtime', 'lastupdatedtime', 'validitystarttime', 'validityendtime', 'statuscode', 'headers']),
  'key-vault-decrypt': new Set(['statuscode', 'headers', 'kid']),
  'environment-variable-secret': new Set(['statuscode', 'headers', '@odata.context']),
  'key-vault-http': new Set(['id', 'attributes', 'contenttype', 'kid', 'managed', 'tags', 'statuscode', 'headers']),
  'token-request': new Set(['token_type', 'expires_in', 'ext_expires_in', 'expires_on', 'not_before', 'resource', 'scope', 'statuscode', 'headers']),
  // Only SESSION_TOKEN_FIELDS of such a response are secret (see readsOnlyMetadata).
  'session-token': new Set(['statuscode', 'headers']),
  'connector-secret': new Set(['id', 'name', 'version', 'contenttype', 'isenabled', 'attributes', 'tags', 'statuscode', 'headers']),
  'trigger-input': new Set(),
  // Only the sensitive output variables are secret (SecretSource.fields).
  'desktop-output': new Set(['statuscode', 'headers']),
  'secure-parameter': new Set(),
  configured: new Set(['statuscode', 'headers']),
};

/** A place that persists or sends what reaches it (docs/secret-model.md, "Sinks"). */
export interface SinkMatch {
  /** What the place is, for messages: "an e-mail", "the run's error". */
  readonly what: Name;
}

interface ConnectorSink extends ConnectorOperation {
  readonly what: string;
}

/** Connector operations whose inputs leave the flow: messages, records, files. */
const CONNECTOR_SINKS: readonly ConnectorSink[] = [
  { api: 'shared_office365', what: 'an e-mail or calendar item' },
  { api: 'shared_outlook', what: 'an e-mail' },
  { api: 'shared_sendmail', what: 'an e-mail' },
  { api: 'shared_gmail', what: 'an e-mail' },
  { api: 'shared_smtp', what: 'an e-mail' },
  { api: 'shared_sendgrid', what: 'an e-mail' },
  { api: 'shared_teams', what: 'a Teams message' },
  { api: 'shared_slack', what: 'a Slack message' },
  { api: 'shared_yammer', what: 'a Viva Engage message' },
  { api: 'shared_flowpush', what: 'a push notification' },
  { api: 'shared_twilio', what: 'a text message' },
  { api: 'shared_approvals', what: 'an approval request' },
  { api: 'shared_commondataserviceforapps', operation: 'CreateRecord', what: 'a Dataverse row' },
  { api: 'shared_commondataserviceforapps', operation: 'UpdateRecord', what: 'a Dataverse row' },
  { api: 'shared_commondataserviceforapps', operation: 'UpdateOnlyRecord', what: 'a Dataverse row' },
  { api: 'shared_commondataserviceforapps', operation: 'UploadFile', what: 'a Dataverse file column' },
  { api: 'shared_commondataservice', operation: 'PostItem_V2', what: 'a Dataverse row' },
  { api: 'shared_commondataservice', operation: 'PatchItem_V2', what: 'a Dataverse row' },
  { api: 'shared_sharepointonline', operation: 'PostItem', what: 'a SharePoint list item' },
  { api: 'shared_sharepointonline', operation: 'PatchItem', what: 'a SharePoint list item' },
  { api: 'shared_sharepointonline', operation: 'CreateFile', what: 'a SharePoint file' },
  { api: 'shared_sharepointonline', operation: 'UpdateFile', what: 'a SharePoint file' },
  { api: 'shared_sharepointonline', operation: 'HttpRequest', what: 'a SharePoint request' },
  { api: 'shared_onedriveforbusiness', operation: 'CreateFile', what: 'a OneDrive file' },
  { api: 'shared_onedriveforbusiness', operation: 'UpdateFile', what: 'a OneDrive file' },
  { api: 'shared_onedrive', operation: 'CreateFile', what: 'a OneDrive file' },
  { api: 'shared_azureblob', operation: 'CreateFile', what: 'a blob' },
  { api: 'shared_azureblob', operation: 'CreateFile_V2', what: 'a blob' },
  { api: 'shared_azureblob', operation: 'UpdateFile', what: 'a blob' },
  { api: 'shared_azureblob', operation: 'UpdateFile_V2', what: 'a blob' },
  { api: 'shared_excelonlinebusiness', operation: 'AddRowV2', what: 'an Excel row' },
  { api: 'shared_excelonlinebusiness', operation: 'PatchItem', what: 'an Excel row' },
  { api: 'shared_sql', operation: 'PostItem_V2', what: 'a SQL row' },
  { api: 'shared_sql', operation: 'PatchItem_V2', what: 'a SQL row' },
];

/**
 * Whether a string at `path` (keys below the owner) is in a place that persists or sends it.
 * `owner` is undefined for the definition's own `outputs`.
 */
export function sinkAt(owner: Operation | undefined, path: readonly (string | number)[], settings: SecretSettings): SinkMatch | undefined {
  if (!owner) return { what: asName('the flow outputs') };
  if (path[0] === 'trackedProperties') return { what: asName('tracked properties') };
  if (path[0] !== 'inputs') return undefined;
  const view = owner.view;
  if (view.kind === OperationKind.Terminate) return path[1] === 'runError' ? { what: asName("the run's error") } : undefined;
  if (view.kind === OperationKind.Response) return { what: RESPONSE_SINKS[view.channel] };
  const connector = owner.connector;
  if (!connector || path[1] === 'host' || path[1] === 'authentication') return undefined;
  const builtIn = matchesConnector(CONNECTOR_SINKS, connector.apiName, connector.apiId, connector.operationId) as ConnectorSink | undefined;
  if (builtIn) return { what: asName(builtIn.what) };
  const configured = matchesConnector(settings.extraSinks, connector.apiName, connector.apiId, connector.operationId);
  if (configured) return { what: asName(configured.description ?? `${connector.apiName ?? 'connector'} ${connector.operationId ?? ''}`.trim()) };
  return undefined;
}

const RESPONSE_SINKS: Readonly<Record<ResponseChannel, Name>> = {
  http: asName('the HTTP response'),
  'power-apps': asName('the response to Power Apps'),
  copilot: asName('the response to Copilot Studio'),
};

/** Desktop flow call (`shared_uiflow` RunUIFlow_V2) and child flow calls carry inputs to another flow. */
export function isFlowCall(operation: Operation): boolean {
  return operation.view.kind === OperationKind.ChildFlow || operation.view.kind === OperationKind.DesktopFlow;
}
