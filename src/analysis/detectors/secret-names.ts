/**
 * Names that say "this holds a secret": variables, object keys, parameters, env vars, identifiers
 * in embedded code, header and query names. A name is split into words (camelCase, snake_case,
 * kebab-case, spaces, dots); the last meaningful word decides, so `varClientSecret`,
 * `client_secret`, `x-api-key` and `AppSecret (pre__AppSecret)` are secret names, while
 * `secretName`, `tokenEndpoint`, `passwordPolicy` and `continuationToken` are not.
 */

/** Trailing words that only describe the form of the value (`passwordValue`, `secretText`). */
const VALUE_SUFFIXES = new Set(['value', 'val', 'string', 'str', 'text', 'txt', 'data', 'b64', 'base64', 'encoded', 'raw', 'plain', 'plaintext', 'cleartext', 'var', 'env']);

/** Last words that make a name about a secret, not the secret itself. */
const NOT_SECRET_TAILS = new Set([
  'name',
  'names',
  'id',
  'ids',
  'identifier',
  'uri',
  'url',
  'urls',
  'endpoint',
  'host',
  'expiry',
  'expiration',
  'expires',
  'expire',
  'expired',
  'date',
  'time',
  'datetime',
  'timestamp',
  'type',
  'types',
  'length',
  'policy',
  'policies',
  'hint',
  'label',
  'field',
  'fields',
  'count',
  'enabled',
  'required',
  'store',
  'reference',
  'ref',
  'vault',
  'version',
  'versions',
  'path',
  'header',
  'location',
  'description',
  'title',
  'display',
  'format',
  'scope',
  'scopes',
  'issuer',
  'audience',
  'provider',
  'lifetime',
  'duration',
  'age',
  'rotation',
  'created',
  'updated',
  'start',
  'end',
  'status',
  'state',
  'flag',
  'mode',
  'kind',
  'schema',
  'prompt',
  'reset',
  'change',
  'changed',
  'complexity',
  'strength',
  'question',
  'ttl',
  'timeout',
  'settings',
  'setting',
  'option',
  'options',
  'list',
  'visible',
  'visibility',
  'is',
  'has',
  'exists',
  'needed',
  'length',
  'size',
  'regex',
  'pattern',
  'rule',
  'rules',
  'request',
  'requests',
  'response',
  'error',
  'errors',
  'message',
  'property',
  'properties',
  'column',
  'key' /* a bare trailing "key" is decided below */,
  'keys',
  'file',
  'folder',
  'metadata',
  'info',
  'details',
  'object',
  'objects',
  'entity',
  'record',
  'records',
  'item',
  'items',
  'placeholder',
  'pattern',
  'validation',
  'valid',
  'invalid',
  'updatedon',
  'createdon',
  'modifiedon',
  'owner',
  'user',
  'username',
  'account',
  'login',
  'email',
  'template',
  'input',
  'inputs',
  'output',
  'outputs',
  'parameter',
  'parameters',
  'param',
  'params',
  'manager',
  'management',
  'mgmt',
  'service',
  'client',
  'app',
  'application',
  'tenant',
  'subscription',
  'resource',
  'group',
  'secretname',
  'keyname',
  'tokentype',
]);

/** Words that are a secret when they end a name. */
export const SECRET_WORDS: ReadonlySet<string> = new Set([
  'secret',
  'password',
  'passwd',
  'pwd',
  'passphrase',
  'passcode',
  'apikey',
  'credential',
  'credentials',
  'token',
  'privatekey',
  'clientsecret',
  'accesskey',
  'secretkey',
  'accountkey',
  'subscriptionkey',
  'sharedaccesskey',
  'functionkey',
  'functionskey',
  'masterkey',
  'hostkey',
  'signingkey',
  'encryptionkey',
  'authkey',
  'sastoken',
  'accesstoken',
  'refreshtoken',
  'bearertoken',
  'authtoken',
  'idtoken',
  'connectionstring',
  'connstr',
  'connectionstr',
  'sharedsecret',
  'webhooksecret',
]);

/** `<word> key` pairs that name a key used as a credential. */
const KEY_QUALIFIERS = new Set([
  'api',
  'access',
  'secret',
  'private',
  'account',
  'subscription',
  'shared',
  'functions',
  'function',
  'master',
  'auth',
  'host',
  'sas',
  'signing',
  'encryption',
  'storage',
  'primary',
  'secondary',
  'client',
  'license',
  'licence',
  'ocp',
  'apim',
  'developer',
  'service',
  'app',
]);

/** Words before `token` that make it a paging or protocol marker, not a credential. */
const NON_CREDENTIAL_TOKEN_QUALIFIERS = new Set([
  'continuation',
  'skip',
  'next',
  'page',
  'paging',
  'sync',
  'delta',
  'change',
  'cancellation',
  'resume',
  'query',
  'odata',
  'csrf',
  'xsrf',
  'antiforgery',
  'request',
  'verification',
  'form',
  'state',
  'nonce',
  'cursor',
  'etag',
  'batch',
  'watermark',
  'client',
  'public',
  'key',
]);

/** Splits a name into lower-case words: `varClientSecret` -> var, client, secret. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

/**
 * Every secret name holds one of these (each SECRET_WORDS entry does, and so do `<qualifier> key`
 * and `...token`): most names hold none and are answered without being split into words.
 */
const SECRET_NAME_STEMS = /secret|pass|pwd|key|credential|token|conn.{0,12}str/i;

/** True when a name (variable, key, parameter, env var, identifier, header) says it holds a secret. */
export function isSecretName(name: string): boolean {
  if (!SECRET_NAME_STEMS.test(name)) return false;
  let answer = verdicts.get(name);
  if (answer === undefined) {
    // Env-var parameters read `Display name (schema_name)`: either part may carry the meaning.
    const envVarParameter = displayAndSchemaName(name);
    answer = envVarParameter ? isSecretWords(nameWords(envVarParameter[0])) || isSecretWords(nameWords(envVarParameter[1])) : isSecretWords(nameWords(name));
    if (verdicts.size > 50_000) verdicts.clear();
    verdicts.set(name, answer);
  }
  return answer;
}

/**
 * `Display name (schema_name)` split in two, as `/^(.*?)\s*\(([^()]+)\)\s*$/` would, without its
 * cost: tried on a long run of spaces, that pattern rescans the run from each of its characters.
 */
function displayAndSchemaName(name: string): [string, string] | undefined {
  const trimmed = name.trimEnd();
  const open = trimmed.lastIndexOf('(');
  if (!trimmed.endsWith(')') || open < 0) return undefined;
  const schema = trimmed.slice(open + 1, -1);
  const display = trimmed.slice(0, open).trimEnd();
  if (schema === '' || schema.includes(')') || /[\n\r\u2028\u2029]/.test(display)) return undefined;
  return [display, schema];
}

/** Exports repeat the same few thousand keys; each is judged once. */
const verdicts = new Map<string, boolean>();

/** Leading words of boolean and setting names (`isSecret`, `hasPassword`, `useToken`). */
const FLAG_PREFIXES = new Set(['is', 'has', 'use', 'uses', 'enable', 'enabled', 'require', 'requires', 'show', 'hide', 'allow', 'needs', 'should', 'can', 'no']);

function isSecretWords(input: readonly string[]): boolean {
  const words = [...input];
  if (words.length > 1 && FLAG_PREFIXES.has(words[0])) return false;
  // `connectionString` before `string` is dropped as a form suffix.
  if (words.length > 1 && SECRET_WORDS.has(words.slice(-2).join(''))) return true;
  while (words.length > 1 && VALUE_SUFFIXES.has(words[words.length - 1])) words.pop();
  if (words.length === 0) return false;
  // `clientsecretvalue`: a form suffix glued to the last word.
  // (Not when the whole word is a secret word: `connectionstring` ends in "string" too.)
  for (const suffix of VALUE_SUFFIXES) {
    const last = words[words.length - 1];
    if (suffix.length >= 3 && last.length > suffix.length + 3 && last.endsWith(suffix) && !SECRET_WORDS.has(last)) words[words.length - 1] = last.slice(0, -suffix.length);
  }
  const last = words[words.length - 1];
  const previous = words.length > 1 ? words[words.length - 2] : undefined;
  const joined = words.join('');
  if (last === 'key') return previous !== undefined && KEY_QUALIFIERS.has(previous);
  if (last === 'token' || last.endsWith('token')) {
    if (previous !== undefined && NON_CREDENTIAL_TOKEN_QUALIFIERS.has(previous)) return false;
    for (const qualifier of NON_CREDENTIAL_TOKEN_QUALIFIERS) if (joined.endsWith(`${qualifier}token`)) return false;
    return true;
  }
  if (NOT_SECRET_TAILS.has(last)) return false;
  if (SECRET_WORDS.has(last)) return true;
  for (const word of SECRET_WORDS) {
    if (word.length >= 6 && last.endsWith(word)) return true;
  }
  return false;
}

/** Words for a secret a person chooses (and may make of words), unlike a machine-issued token or key. */
const PASSWORD_WORDS = /^(?:[a-z0-9]*(?:password|passwd|pwd)|passphrase|passcode|pass|pin)$/;

/** `password`, `AdminPwd`, `item/Password`, `passwordValue`: a name for a password. */
export function isPasswordName(name: string): boolean {
  const words = nameWords(name);
  while (words.length > 1 && VALUE_SUFFIXES.has(words[words.length - 1])) words.pop();
  return PASSWORD_WORDS.test(words[words.length - 1] ?? '');
}

/**
 * Header names that carry a credential whatever their wording (`Authorization`), plus every
 * header whose name is a secret name (`x-api-key`, `Ocp-Apim-Subscription-Key`, `x-functions-key`).
 */
const CREDENTIAL_HEADERS = new Set([
  'authorization',
  'proxy-authorization',
  'api-key',
  'apikey',
  'x-api-key',
  'x-apikey',
  'x-functions-key',
  'ocp-apim-subscription-key',
  'x-auth-token',
  'x-access-token',
  'x-api-token',
  'private-token',
  'x-goog-api-key',
  'x-rapidapi-key',
  'x-figma-token',
  'x-gitlab-token',
  'x-ms-client-secret',
  'client-secret',
  'x-client-secret',
  'x-secret',
  'x-auth-key',
  'x-master-key',
  'x-cc-api-key',
  'x-dnsme-apikey',
]);

export function isCredentialHeader(name: string): boolean {
  return isWellKnownCredentialHeader(name) || isSecretName(name);
}

/** `Authorization`, `x-api-key`, `Ocp-Apim-Subscription-Key`, ...: headers that carry a credential by convention. */
export function isWellKnownCredentialHeader(name: string): boolean {
  return CREDENTIAL_HEADERS.has(name.trim().toLowerCase());
}

/** Query, form and body parameter names that hold a credential (OAuth, Functions, SAS, common APIs). */
const CREDENTIAL_PARAMETERS = new Set([
  'client_secret',
  'clientsecret',
  'password',
  'passwd',
  'pwd',
  'api_key',
  'apikey',
  'api-key',
  'access_token',
  'refresh_token',
  'secret',
  'subscription-key',
  'subscription_key',
  'private_key',
  'client_assertion',
  'id_token',
  'auth_token',
  'token',
  'x-api-key',
]);

/** Parameter names that often, but not always, hold a credential: only secret-shaped values count. */
const AMBIGUOUS_CREDENTIAL_PARAMETERS = new Set(['code', 'key', 'sig', 'signature', 'auth', 'access_key', 'accesskey', 'pass']);

export type CredentialParameterStrength = 'slot' | 'ambiguous' | 'named';

/** How strongly a query/body/form parameter name marks a credential, or undefined if it does not. */
export function credentialParameterStrength(name: string): CredentialParameterStrength | undefined {
  const lower = name.trim().toLowerCase();
  if (CREDENTIAL_PARAMETERS.has(lower)) return 'slot';
  if (AMBIGUOUS_CREDENTIAL_PARAMETERS.has(lower)) return 'ambiguous';
  if (isSecretName(name)) return 'named';
  return undefined;
}
