/**
 * Whether a name (variable, parameter, input, header, JSON key) says it holds a secret:
 * `Password`, `client_secret`, `apiKey`, `AccessToken`, `SQL connection string`, ...
 * Names that describe a secret without holding one (`SecretName`, `TokenUrl`, `PasswordExpiry`,
 * `continuationToken`, `IsPasswordSet`) are not secret names.
 */

/** Whole words that name a secret, and word endings (`clientsecret`, `accesstoken`). */
const SECRET_WORDS = new Set(['pwd', 'sas', 'bearer']);
const SECRET_ENDINGS = ['password', 'passwd', 'passphrase', 'secret', 'secrets', 'token', 'tokens', 'credential', 'credentials', 'pwd'];

/** Compounds found in the joined lower-case name (`x-api-key` -> `xapikey`). */
const SECRET_COMPOUNDS = [
  'password',
  'passwd',
  'passphrase',
  'apikey',
  'accesskey',
  'accountkey',
  'privatekey',
  'secretkey',
  'subscriptionkey',
  'sharedaccesskey',
  'functionkey',
  'functionskey',
  'masterkey',
  'signingkey',
  'encryptionkey',
  'clientsecret',
  'connectionstring',
  'connstring',
  'connstr',
  'sastoken',
  'sasurl',
];

/** A last word that makes the name describe a secret rather than hold it. */
const DESCRIPTIVE_LAST_WORDS = new Set([
  'name',
  'names',
  'id',
  'ids',
  'url',
  'uri',
  'urls',
  'endpoint',
  'type',
  'kind',
  'expiry',
  'expires',
  'expiration',
  'expired',
  'date',
  'time',
  'length',
  'count',
  'hint',
  'policy',
  'label',
  'description',
  'field',
  'column',
  'version',
  'path',
  'reset',
  'changed',
  'required',
  'enabled',
  'provided',
  'protected',
  'format',
  'prompt',
  'pattern',
  'regex',
  'validation',
  'rules',
  'location',
  'store',
  'vault',
]);

/** A first word that makes the name a flag or a question about the secret. */
const FLAG_FIRST_WORDS = new Set(['is', 'has', 'use', 'uses', 'enable', 'enabled', 'require', 'requires', 'show', 'hide', 'reset', 'change', 'forgot']);

/** Words before `token` that make it a paging, cancellation or AI-usage token, not a credential. */
const NON_CREDENTIAL_TOKEN_WORDS = new Set([
  'continuation',
  'skip',
  'page',
  'paging',
  'next',
  'cancellation',
  'sync',
  'delta',
  'change',
  'max',
  'total',
  'used',
  'prompt',
  'completion',
  'input',
  'output',
  'num',
  'number',
  'csrf',
  'xsrf',
]);

/** Splits `clientSecret`, `client_secret`, `Client Secret`, `APIKey` into lower-case words. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => word.toLowerCase());
}

/** True when the name says its value is a secret (password, secret, API key, token, credential, ...). */
export function isSecretName(name: string): boolean {
  const words = nameWords(name);
  if (words.length === 0) return false;
  if (DESCRIPTIVE_LAST_WORDS.has(words[words.length - 1])) return false;
  if (words.length > 1 && FLAG_FIRST_WORDS.has(words[0])) return false;
  const joined = words.join('');
  if (SECRET_COMPOUNDS.some((compound) => joined.includes(compound))) return true;
  return words.some((word, index) => {
    if (/tokens?$/.test(word) && isNonCredentialToken(word, words.slice(0, index))) return false;
    return SECRET_WORDS.has(word) || SECRET_ENDINGS.some((ending) => word.endsWith(ending));
  });
}

/** `continuationToken`, `nextpagetoken`, `maxTokens`: paging or usage counters, not credentials. */
function isNonCredentialToken(word: string, before: readonly string[]): boolean {
  if (before.some((w) => NON_CREDENTIAL_TOKEN_WORDS.has(w))) return true;
  const prefix = word.replace(/tokens?$/, '');
  return prefix !== '' && [...NON_CREDENTIAL_TOKEN_WORDS].some((w) => prefix.endsWith(w));
}
