import { describe, expect, it } from 'vitest';
import { findVaults, shownVaultName, isPlaceholderValue, isValidVaultName, literalVaults, namesVault, productionWordOf, vaultsInValue } from '../../src/analysis/vaults.js';
import { environmentFromPath, environmentOf, isProductionEnvironment, matchesGlob } from '../../src/analysis/environments.js';

const names = (text: string): string[] => findVaults(text).map((v) => `${v.kind}:${v.name}`);

describe('findVaults', () => {
  it.each([
    ['https://kv-contoso.vault.azure.net/secrets/x', ['url:kv-contoso']],
    ['https://KV-Contoso.vault.azure.net:443/keys/k/decrypt', ['url:KV-Contoso']],
    ['kv-bare.vault.azure.net', ['url:kv-bare']],
    ['https://kv-cn.vault.azure.cn/ https://kv-gov.vault.usgovcloudapi.net https://kv-de.vault.microsoftazure.de', ['url:kv-cn', 'url:kv-gov', 'url:kv-de']],
    ['https://hsm-contoso.managedhsm.azure.net/keys/k', ['url:hsm-contoso']],
    ['/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv-ref/secrets/api-key', ['resource-id:kv-ref']],
    ['/subscriptions/s/resourcegroups/rg/providers/microsoft.keyvault/vaults/kv-lower', ['resource-id:kv-lower']],
    ['/providers/Microsoft.KeyVault/managedHSMs/hsm-ref', ['resource-id:hsm-ref']],
    ["concat('https://kv-quoted.vault.azure.net')", ['url:kv-quoted']],
  ])('%s', (text, expected) => {
    expect(names(text)).toEqual(expected);
  });

  it.each([
    ['the token audience', 'scope=https://vault.azure.net/.default'],
    ['a pipeline placeholder', 'https://#{KeyVaultName}#.vault.azure.net/secrets/x'],
    ['an Azure DevOps variable', 'https://$(KvName).vault.azure.net'],
    ['a suffix glued to a placeholder', 'https://$(prefix)kvprod.vault.azure.net'],
    ['a name in angle brackets', 'https://<vault>.vault.azure.net'],
    ['a resource-id placeholder', '/providers/Microsoft.KeyVault/vaults/{vaultName}/secrets/x'],
    ['consecutive hyphens', 'https://kv--x.vault.azure.net'],
    ['a leading digit', 'https://1kv.vault.azure.net'],
    ['too short', 'https://kv.vault.azure.net'],
    ['too long', 'https://kv-this-name-is-far-too-long.vault.azure.net'],
    ['another host', 'https://kv-contoso.vaultx.azure.net/'],
    ['a storage account', 'https://contoso.blob.core.windows.net'],
  ])('not a vault: %s', (_label, text) => {
    expect(names(text)).toEqual([]);
  });

  it('gives offsets of the name', () => {
    const [vault] = findVaults('uri: https://kv-a1.vault.azure.net/x');
    expect(vault).toMatchObject({ start: 13, end: 18, key: 'kv-a1', host: 'vault.azure.net', managedHsm: false });
  });
});

describe('isValidVaultName', () => {
  it.each([
    ['abc', true],
    ['kv-contoso-prod01', true],
    ['A'.repeat(24), true],
    ['ab', false],
    ['A'.repeat(25), false],
    ['kv-', false],
    ['-kv', false],
    ['1kv', false],
    ['kv--x', false],
    ['kv_x', false],
  ])('%s -> %s', (name, expected) => {
    expect(isValidVaultName(name)).toBe(expected);
  });
});

describe('literalVaults (flow strings)', () => {
  it.each([
    ['plain text', 'https://kv-a.vault.azure.net/secrets/x', ['kv-a']],
    ['literal text of an interpolation', "https://kv-a.vault.azure.net/secrets/@{parameters('Name')}", ['kv-a']],
    ['escaped @@ literal', '@@https://kv-a.vault.azure.net', ['kv-a']],
    ['an expression is not literal', "@concat('https://kv-a.vault.azure.net/secrets/', parameters('Name'))", []],
    ['a name computed in a segment', "https://@{parameters('KeyVaultName')}.vault.azure.net/secrets/x", []],
    ['a name split by a segment', "https://kv-@{parameters('env')}.vault.azure.net", []],
    ['an unparsable template', "@{concat('https://kv-a.vault.azure.net'", []],
  ])('%s', (_label, value, expected) => {
    expect(literalVaults(value).map((v) => v.name)).toEqual(expected);
  });

  it('offsets refer to the JSON string', () => {
    const value = "@{parameters('p')} and https://kv-abc.vault.azure.net";
    const [vault] = literalVaults(value);
    expect(value.slice(vault.start, vault.end)).toBe('kv-abc');
  });
});

describe('vault-name values', () => {
  it.each([
    ['cts_KeyVaultName', true],
    ['KeyVault', true],
    ['kvName', true],
    ['Vault Name', true],
    ['cts_KeyVaultSecretName', false],
    ['cts_KeyVaultUrl', false],
    ['SecretName', false],
  ])('namesVault(%s) -> %s', (name, expected) => {
    expect(namesVault(name)).toBe(expected);
  });

  it('reads a bare name only for vault-name variables', () => {
    expect(vaultsInValue(' kv-partner ', 'cts_KeyVaultName').map((v) => [v.kind, v.name])).toEqual([['name', 'kv-partner']]);
    expect(vaultsInValue('kv-partner', 'cts_SecretName')).toEqual([]);
    expect(vaultsInValue('not a vault name', 'cts_KeyVaultName')).toEqual([]);
    expect(vaultsInValue('https://kv-x1.vault.azure.net', 'cts_KeyVaultName').map((v) => v.kind)).toEqual(['url']);
  });
});

describe('placeholders and production names', () => {
  it.each([
    ['', true],
    ['  ', true],
    ['#{environmentvariable.cts_ApiKey}#', true],
    ['$(KeyVaultName)', true],
    ['${KV}', true],
    ['{{vault}}', true],
    ['__KeyVault__', true],
    ['<vault>', true],
    ['kv-contoso', false],
    ['https://kv-a.vault.azure.net', false],
  ])('isPlaceholderValue(%j) -> %s', (value, expected) => {
    expect(isPlaceholderValue(value)).toBe(expected);
  });

  it.each([
    ['kv-contoso-prod', 'prod'],
    ['kv-contoso-prod01', 'prod'],
    ['PRD-kv-contoso', 'prd'],
    ['kv-live-eu', 'live'],
    ['kv-production', 'production'],
    ['kv-contoso-preprod', undefined],
    ['kv-products', undefined],
    ['kvcontosoprod', undefined],
  ])('productionWordOf(%s) -> %s', (name, expected) => {
    expect(productionWordOf(name)).toBe(expected);
  });
});

describe('environments', () => {
  it.each([
    ['config/Prod/deploymentSettings.json', 'prod'],
    ['config/Validation/deploymentSettings.json', 'validation'],
    ['settings/deploymentSettings.test.json', 'test'],
    ['settings/deploymentSettings-UAT.json', 'uat'],
    ['exports/Contoso_dev.zip', 'dev'],
    ['exports/Contoso_managed_production.zip', 'prod'],
    ['envs/staging.json', 'stage'],
    ['envs/pre-prod.json', 'preprod'],
    ['envs/non-prod.json', undefined],
    ['test/fixtures/prod/settings.json', 'prod'],
    ['settings/deploymentSettings.json', undefined],
    ['settings/product-catalog.json', undefined],
    ['C:\\repo\\config\\QA\\settings.json', 'qa'],
  ])('environmentFromPath(%s) -> %s', (path, expected) => {
    expect(environmentFromPath(path)).toBe(expected);
  });

  it.each([
    ['settings/prod.json', 'settings/prod*.json', true],
    ['settings/prod-eu.json', 'settings/prod*.json', true],
    ['settings/sub/prod.json', 'settings/prod*.json', false],
    ['settings/sub/prod.json', 'settings/**/prod.json', true],
    ['settings/prod.json', 'settings/**/prod.json', true],
    ['a/b/Prod.JSON', '*.json', true],
    ['a/b/prod.json', '{prod,live}.json', true],
    ['a/b/test.json', '{prod,live}.json', false],
    ['./settings/p1.json', 'settings/p?.json', true],
    ['settings/p1.json', 'settings/p?.json', true],
    ['exports/x.zip', 'exports/**', true],
  ])('matchesGlob(%s, %s) -> %s', (path, glob, expected) => {
    expect(matchesGlob(path, glob)).toBe(expected);
  });

  it('configuration wins; names are the fallback', () => {
    expect(environmentOf(['settings/test-copy.json'], { prod: ['settings/*.json'] })).toBe('prod');
    expect(environmentOf(['other/test-copy.json'], { prod: ['settings/*.json'] })).toBe('test');
    expect(environmentOf(['settings/a.json', 'exports/Contoso_dev.zip'])).toBe('dev');
    expect(environmentOf(['unknown.json'])).toBeUndefined();
  });

  it('knows production names', () => {
    expect(['prod', 'Production', 'PRD', 'live'].map(isProductionEnvironment)).toEqual([true, true, true, true]);
    expect(['preprod', 'test', 'stage'].map(isProductionEnvironment)).toEqual([false, false, false]);
  });
});

describe('shownVaultName: a name that reads as one is shown, anything else redacted', () => {
  const shown = (name: string, kind?: 'url' | 'name'): boolean => String(shownVaultName(name, kind)) === name;

  it.each([
    'kv-contoso-prod',
    'kv-contoso-prod01',
    'KV-Contoso-Shared',
    'ContosoKeyVault',
    'coe-kv-dev-001',
    'kvcontosoprod',
    'hsm-contoso',
    'kv-crm-uat-weu',
    'mykeyvault2024',
    'contoso-shared-prod',
  ])('%s is shown, in a URL and as a bare value', (name) => {
    expect(shown(name)).toBe(true);
    expect(shown(name, 'name')).toBe(true);
  });

  it.each([
    'Xk9fP2qL7vR3mZ8tW4nB',
    'kv8fj2kq9zxq3mn7pl4w',
    'kvzulhcrszesvteaeiqcrbrn',
    'a1b2c3d4e5',
    'kvQz7Lm2',
    'kv01prod',
    'kv-8fj2kq9zx-prod',
    'not_a_vault',
    'kv--double',
    'AKIA2E0A8F3B244C9986',
    'Passw0rd',
    'Password1',
    'P4ssword',
    'S3cret-P4ss',
    'Secret-Key-2024',
    'kv-password-prod',
  ])('%s is redacted wherever it stands', (name) => {
    expect(shown(name)).toBe(false);
    expect(shown(name, 'name')).toBe(false);
    const text = String(shownVaultName(name));
    expect(text).toMatch(/\*\*\*$/);
    expect(text).not.toContain(name.slice(3, 8));
  });

  it.each(['Summer2024', 'Welcome123', 'Qwerty123', 'Letmein99', 'Hunter2', 'Xk9-Lm3-Pq7-Zr5', 'AKIAIOSFODNNXEXAMPLE'])(
    '%s is a vault name in a URL, but redacted as a bare value (what is typed into KeyVaultName)',
    (name) => {
      expect(shown(name)).toBe(true);
      expect(shown(name, 'name')).toBe(false);
    },
  );
});

describe('namesVault: the name of what holds a vault name', () => {
  it.each(['KeyVaultName', 'cts_KeyVaultName', 'cts_KeyVault', 'kvName', 'VaultName', 'ApiKeyVault', 'Key Vault name (cts_KeyVaultName)'])('%s holds a vault name', (name) => {
    expect(namesVault(name)).toBe(true);
  });

  it.each(['KeyVaultSecretName', 'SqlAdminPasswordKv', 'cr_PasswordFromKeyVault', 'cr_DbPasswordFromVault', 'SmtpPasswordKv', 'ClientSecretVault', 'TokenKv'])(
    '%s does not',
    (name) => {
      expect(namesVault(name)).toBe(false);
    },
  );
});
