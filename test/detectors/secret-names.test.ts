/** Which names say "this holds a secret" (variables, keys, parameters, env vars, headers). */
import { describe, expect, it } from 'vitest';
import { credentialParameterStrength, isCredentialHeader, isPasswordName, isSecretName, nameWords, SECRET_WORDS } from '../../src/analysis/detectors/secret-names.js';

const SECRET_NAMES = [
  'password',
  'Password',
  'varPassword',
  'strAdminPwd',
  'client_secret',
  'ClientSecret',
  'varClientSecret',
  'Client Secret',
  'secret',
  'apiKey',
  'api_key',
  'x-api-key',
  'API Key',
  'subscriptionKey',
  'Ocp-Apim-Subscription-Key',
  'x-functions-key',
  'accessToken',
  'access_token',
  'refreshToken',
  'bearerToken',
  'sasToken',
  'token',
  'connectionString',
  'storageAccountKey',
  'privateKey',
  'passphrase',
  'credentials',
  'AppSecret (pre__AppSecret)',
  'Partner Key (cts_PartnerApiKey)',
  'secretValue',
  'passwordText',
  'TokenSecret',
  'webhookSecret',
  'mysqlpassword',
  'clientsecretvalue',
];

const NOT_SECRET_NAMES = [
  'secretName',
  'SecretName',
  'KeyVaultSecretName',
  'tokenEndpoint',
  'tokenType',
  'token_type',
  'passwordPolicy',
  'passwordExpiry',
  'PasswordResetRequired',
  'continuationToken',
  'nextPageToken',
  'skipToken',
  'PublicKeyToken',
  'keyName',
  'primaryKeyName',
  'key',
  'itemKey',
  'partitionKey',
  'publicKey',
  'secrets',
  'secretUri',
  'secretId',
  'secretVersion',
  'clientId',
  'tenant',
  'audience',
  'username',
  'Secret Name (cts_SecretName)',
  'description',
  'value',
  'code',
  'tokenCount',
  'isSecret',
  'hasPassword',
];

describe('isSecretName', () => {
  it.each(SECRET_NAMES)('%s is a secret name', (name) => expect(isSecretName(name)).toBe(true));
  it.each(NOT_SECRET_NAMES)('%s is not', (name) => expect(isSecretName(name)).toBe(false));

  it('recognises every secret word however it is written (the quick pre-check lets them all through)', () => {
    for (const word of SECRET_WORDS) {
      for (const name of [word, word.toUpperCase(), `my_${word}`, `x-${word}`]) expect(isSecretName(name), name).toBe(true);
    }
    for (const name of ['connection_string', 'Connection String', 'conn-str', 'Partner Api Key', 'db passwd']) expect(isSecretName(name), name).toBe(true);
  });
});

describe('nameWords', () => {
  it('splits camelCase, snake_case, kebab-case and acronyms', () => {
    expect(nameWords('varClientSecret')).toEqual(['var', 'client', 'secret']);
    expect(nameWords('Ocp-Apim-Subscription-Key')).toEqual(['ocp', 'apim', 'subscription', 'key']);
    expect(nameWords('APIKey')).toEqual(['api', 'key']);
    expect(nameWords('client_secret')).toEqual(['client', 'secret']);
  });
});

describe('credential headers and parameters', () => {
  it.each(['Authorization', 'authorization', 'Proxy-Authorization', 'api-key', 'x-api-key', 'Ocp-Apim-Subscription-Key', 'x-functions-key', 'X-Auth-Token', 'X-Client-Secret'])(
    'header %s carries a credential',
    (name) => expect(isCredentialHeader(name)).toBe(true),
  );
  it.each(['Content-Type', 'Accept', 'x-ms-date', 'If-Match', 'Prefer'])('header %s does not', (name) => expect(isCredentialHeader(name)).toBe(false));

  it('grades parameter names', () => {
    expect(credentialParameterStrength('client_secret')).toBe('slot');
    expect(credentialParameterStrength('password')).toBe('slot');
    expect(credentialParameterStrength('api_key')).toBe('slot');
    expect(credentialParameterStrength('code')).toBe('ambiguous');
    expect(credentialParameterStrength('sig')).toBe('ambiguous');
    expect(credentialParameterStrength('adminPassword')).toBe('named');
    expect(credentialParameterStrength('client_id')).toBeUndefined();
    expect(credentialParameterStrength('grant_type')).toBeUndefined();
  });
});

describe('isPasswordName', () => {
  it.each(['password', 'AdminPwd', 'item/Password', 'passwordValue', 'passphrase', 'userPass', 'PIN'])('%s names a password', (name) => expect(isPasswordName(name)).toBe(true));
  it.each(['token', 'client_secret', 'apiKey', 'Authorization', 'mapping', 'bypassToken'])('%s does not', (name) => expect(isPasswordName(name)).toBe(false));
});
