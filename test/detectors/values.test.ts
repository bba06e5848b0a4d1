/** What a literal is when it is not a secret, and what looks like one. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_SCAN_OPTIONS } from '../../src/analysis/detectors/judge.js';
import { fake, fakeGuid, ALNUM, HEX } from '../../src/analysis/detectors/samples.js';
import {
  basicCredentialPair,
  isApiKeyUsername,
  isBasicCredential,
  isBenignShape,
  isCredentialShaped,
  isKeyShaped,
  isKeyVaultReference,
  keyVaultReferenceVersion,
  isPlaceholder,
  isPlausibleSecret,
  isProse,
  isSecretShaped,
  isTrivialPassword,
  stripAuthScheme,
} from '../../src/analysis/detectors/values.js';
import { entropyThreshold, shannonEntropy } from '../../src/analysis/detectors/entropy.js';

const PLACEHOLDERS = [
  '',
  '   ',
  '<client_secret>',
  '<your password here>',
  '{{token}}',
  '{client secret}',
  '[YOUR KEY]',
  '${SECRET}',
  '$(ClientSecret)',
  '#{ClientSecret}#',
  '%SECRET%',
  '__ClientSecret__',
  'xxx',
  'xxxxxxxxxxxxxxxx',
  'XXXX-XXXX',
  '***',
  '********',
  '...',
  'changeme',
  'change_me',
  'CHANGE-ME',
  'YOUR_API_KEY',
  'your-secret-here',
  'REPLACE WITH YOUR SECRET',
  '***REPLACE THIS WITH YOUR SECRET***',
  'insert key',
  'TODO',
  'dummy',
  'example-key',
  'sample',
  'password',
  'Password',
  'secret',
  'token',
  'apikey',
  'test',
  'null',
  'none',
  'string',
  'password123',
  '00000000',
  'aaaaaaaa',
  '123456789',
  'abcdefgh',
  'Bearer <token>',
  'key={{apiKey}}',
  'FILL ME OUT',
  'tbd',
  // Bare vendor prefixes, left to be filled in.
  'xoxp-',
  'xoxb-',
  'ghp_',
  'github_pat_',
  'sk-',
  'sk-proj-',
  'sk_live_',
  'glpat-',
  'AKIA',
];

const REAL_LOOKING = [fake(ALNUM, 32, 1), 'Summer2024!Flow', 'pass@word1', 'TempPa$$w0rd123', fake(HEX, 32, 2)];

describe('placeholders', () => {
  it.each(PLACEHOLDERS)('%j is a placeholder', (value) => expect(isPlaceholder(value)).toBe(true));
  it.each(REAL_LOOKING)('%s is not', (value) => expect(isPlaceholder(value)).toBe(false));
  it('a value equal to its holder name is a placeholder', () => expect(isPlaceholder('client_secret', 'client_secret')).toBe(true));
});

describe('benign shapes', () => {
  it.each([
    'admin@contoso.com',
    'https://login.microsoftonline.com/common/oauth2/v2.0/token',
    '72f988bf-86f1-41af-91ab-2d7cd011db47',
    '{72F988BF-86F1-41AF-91AB-2D7CD011DB47}',
    '/subscriptions/0000/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv/secrets/s',
    'https://kv-contoso.vault.azure.net/secrets/api-key',
    '12345',
    '2024-01-31T10:00:00Z',
    '1.0.0.3',
    '/sites/Ops/Shared Documents',
    'DEV_ENVIRONMENT_SECRET',
    'graph-client-secret',
    'Microsoft.KeyVault',
    'HelloWorld',
    'application/json',
    'Production',
  ])('%s is benign', (value) => expect(isBenignShape(value)).toBe(true));
  it.each(REAL_LOOKING)('%s is not', (value) => expect(isBenignShape(value)).toBe(false));
  it('a URL with a password is not a plain URL', () => expect(isBenignShape('https://user:Pa55w0rd@host.example/')).toBe(false));
});

describe('shape', () => {
  it('random values are secret-shaped, words and placeholders are not', () => {
    expect(isSecretShaped(fake(ALNUM, 32, 3), DEFAULT_SCAN_OPTIONS)).toBe(true);
    expect(isSecretShaped('Summer2024!Flow', DEFAULT_SCAN_OPTIONS)).toBe(true);
    for (const value of ['DEV_ENVIRONMENT_SECRET', 'https://api.contoso.example', 'short1', 'a b c d e f g h', '<client secret>', 'aaaa1111']) {
      expect(isSecretShaped(value, DEFAULT_SCAN_OPTIONS), value).toBe(false);
    }
  });

  it('plausible secrets are the weaker signal', () => {
    expect(isPlausibleSecret('aaaa1111')).toBe(true);
    expect(isPlausibleSecret('Production')).toBe(false);
    expect(isPlausibleSecret('tbc')).toBe(false);
  });

  it('minEntropy and minLength are honoured', () => {
    const medium = 'aaaa1111bbbb2222cccZ';
    expect(isSecretShaped(medium, { minEntropy: 2, minLength: 8 })).toBe(true);
    expect(isSecretShaped(medium, { minEntropy: 3.5, minLength: 8 })).toBe(false);
    expect(isSecretShaped(fake(ALNUM, 24, 4), { minEntropy: 3, minLength: 30 })).toBe(false);
  });

  it('entropy is measured in bits per character, capped for short values', () => {
    expect(shannonEntropy('')).toBe(0);
    expect(shannonEntropy('aaaa')).toBe(0);
    expect(shannonEntropy('abcd')).toBe(2);
    expect(entropyThreshold(10, 3.5)).toBeCloseTo(Math.log2(10) - 0.7);
    expect(entropyThreshold(1000, 3.5)).toBe(3.5);
  });

  it('Key Vault references and auth schemes', () => {
    expect(isKeyVaultReference('/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv/secrets/name')).toBe(true);
    expect(isKeyVaultReference('/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv')).toBe(false);
    expect(isKeyVaultReference('/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv/secrets/name/0123abcd')).toBe(true);
    expect(keyVaultReferenceVersion('/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv/secrets/name/0123abcd')).toBe('0123abcd');
    expect(keyVaultReferenceVersion('/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv/secrets/name/')).toBeUndefined();
    expect(stripAuthScheme('Bearer abc')).toBe('abc');
    expect(stripAuthScheme('SharedAccessSignature sr=x')).toBe('sr=x');
  });
});

describe('prose', () => {
  it.each(['Unauthorized!', 'Time out!', 'Bad request.', 'Token expired, sign in again', "Can't reach the server."])('%j is prose', (value) => expect(isProse(value)).toBe(true));
  it.each(['Unauthorized', 'Welcome1!', 'Summer2024!Flow', fake(ALNUM, 32, 5), 'QhUaBeKtoP!', 'xKqzPw vRtq!', 'Go!', 'pass@word1'])('%j is not', (value) =>
    expect(isProse(value)).toBe(false),
  );
});

describe('keys and Basic credentials', () => {
  const guid = fakeGuid(6);
  it('GUIDs, hex keys and random values are key-shaped; names and short values are not', () => {
    for (const value of [guid, fake(HEX, 32, 7), fake(ALNUM, 24, 8)]) expect(isKeyShaped(value), value).toBe(true);
    for (const value of ['svc-flow', 'admin@contoso.com', 'user1', 'Summer2024!']) expect(isKeyShaped(value), value).toBe(false);
  });

  it('trivial passwords', () => {
    for (const value of ['', 'x', 'X', 'test', 'password', 'pass', '-']) expect(isTrivialPassword(value), value).toBe(true);
    for (const value of ['Summer2024!', fake(ALNUM, 12, 9)]) expect(isTrivialPassword(value), value).toBe(false);
  });

  it('an API key as the user name needs a key-shaped user and a trivial password', () => {
    expect(isApiKeyUsername(guid, '')).toBe(true);
    expect(isApiKeyUsername(guid, 'x')).toBe(true);
    expect(isApiKeyUsername('svc-flow', '')).toBe(false);
    expect(isApiKeyUsername(guid, 'Summer2024!')).toBe(false);
  });

  it('Basic pairs: a real password or an API key user is a credential, placeholders are not', () => {
    expect(basicCredentialPair(Buffer.from(`${guid}:`).toString('base64'))).toEqual({ user: guid, password: '' });
    expect(basicCredentialPair('not base64!')).toBeUndefined();
    expect(basicCredentialPair(Buffer.from('no colon').toString('base64'))).toBeUndefined();
    expect(isBasicCredential('svc', 'Summer2024!')).toBe(true);
    expect(isBasicCredential(guid, '')).toBe(true);
    expect(isBasicCredential('username', 'password')).toBe(false);
    expect(isBasicCredential('svc-flow', '')).toBe(false);
  });
});

describe('credential shape with no name or place', () => {
  it('random values are; URLs, GUIDs, thread ids, tokens and Key Vault references are not', () => {
    expect(isCredentialShaped(fake(ALNUM, 40, 10), DEFAULT_SCAN_OPTIONS)).toBe(true);
    for (const value of [
      'https://api.contoso.example',
      fakeGuid(11),
      `19:${fake(HEX, 32, 12)}@thread.tacv2`,
      '#{environmentvariable.cts_Partner}#',
      '$(Partner)',
      '__Partner__',
      '/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv/secrets/name',
      'Production',
    ]) {
      expect(isCredentialShaped(value, DEFAULT_SCAN_OPTIONS), value).toBe(false);
    }
  });
});
