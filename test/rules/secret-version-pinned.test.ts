import rule from '../../rules/secret-version-pinned.js';
import { ruleTester } from '../helpers/rule-tester.js';
import { connector, flow, http, kvGetSecret } from '../helpers/builders.js';
import { deploymentSettings, envVarFiles } from '../detectors/fixtures.js';

const A = '/properties/definition/actions';
const secured = { secureInputs: true, secureOutputs: true };
const version = '4f0b3c2d1e0a49c8b7a6f5e4d3c2b1a0';
/** The ALM shape: the vault name comes from an environment variable parameter. */
const vaultFromEnvVar = "https://@{parameters('KV Vault Name (cts_KV_VaultName)')}.vault.azure.net";
const reference = '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv-contoso/secrets/api-key';
const secretVariable = (value: string) => envVarFiles('cts_ApiKey', { type: 'Secret', defaultValue: value });

ruleTester(rule, {
  valid: [
    { name: 'current version', flow: flow({ Get_secret: kvGetSecret('k', secured) }) },
    {
      name: 'version chosen at run time',
      flow: flow({ Get_v: connector('shared_keyvault', 'GetSecretVersion', { secretName: 'k', secretVersion: "@triggerBody()?['version']" }, secured) }),
    },
    { name: 'URL without a version', flow: flow({ Read: http({ uri: 'https://kv-contoso.vault.azure.net/secrets/api-key?api-version=7.4' }, secured) }) },
    { name: 'vault from an environment variable, no version', flow: flow({ Read: http({ uri: `${vaultFromEnvVar}/secrets/api-key?api-version=7.4` }, secured) }) },
    { name: 'listing the versions of a secret', flow: flow({ List: http({ uri: `${vaultFromEnvVar}/secrets/api-key/versions?api-version=7.4` }, secured) }) },
    { name: 'not a Key Vault URL', flow: flow({ Read: http({ method: 'GET', uri: `https://api.contoso.example/secrets/api-key/${version}` }, secured) }) },
    { name: 'Secret variable referring to the current version', solution: { extraFiles: secretVariable(reference) } },
    { name: 'deployment settings referring to the current version', solution: { extraFiles: { 'deploymentSettings.json': deploymentSettings({ cts_ApiKey: reference }) } } },
  ],
  invalid: [
    {
      name: 'GetSecretVersion with a literal version',
      flow: flow({ Get_v: connector('shared_keyvault', 'GetSecretVersion', { secretName: 'k', secretVersion: version }, secured) }),
      errors: [{ messageId: 'pinned', level: 'warning', pointer: `${A}/Get_v/inputs/parameters/secretVersion` }],
    },
    {
      name: 'DecryptDataWithVersion with a literal version',
      flow: flow({ Decrypt: connector('shared_keyvault', 'DecryptDataWithVersion', { keyName: 'k', keyVersion: version }, secured) }),
      errors: [{ messageId: 'pinned', pointer: `${A}/Decrypt/inputs/parameters/keyVersion` }],
    },
    {
      name: 'Key Vault URL with a version segment',
      flow: flow({ Read: http({ uri: `https://kv-contoso.vault.azure.net/secrets/api-key/${version}?api-version=7.4` }, secured) }),
      errors: [{ messageId: 'pinned', pointer: `${A}/Read/inputs/uri` }],
    },
    {
      name: 'vault name from an environment variable, version segment',
      flow: flow({ Read: http({ method: 'GET', uri: `${vaultFromEnvVar}/secrets/api-key/${version}?api-version=7.4` }, secured) }),
      errors: [{ messageId: 'pinned', pointer: `${A}/Read/inputs/uri` }],
    },
    {
      name: 'Key Vault audience with the vault URL from a parameter, version segment',
      flow: flow({
        Read: http(
          {
            method: 'GET',
            uri: `@{parameters('Vault URL (cts_VaultUrl)')}/secrets/api-key/${version}`,
            authentication: { type: 'ManagedServiceIdentity', audience: 'https://vault.azure.net' },
          },
          secured,
        ),
      }),
      errors: [{ messageId: 'pinned', pointer: `${A}/Read/inputs/uri` }],
    },
    {
      name: 'Secret variable whose Key Vault reference names a version',
      solution: { extraFiles: secretVariable(`${reference}/${version}`) },
      errors: [{ messageId: 'pinnedReference' }],
    },
    {
      name: 'deployment settings giving a versioned Key Vault reference',
      solution: { extraFiles: { 'deploymentSettings.json': deploymentSettings({ cts_ApiKey: `${reference}/${version}` }) } },
      errors: [{ messageId: 'pinnedReference', file: 'deploymentSettings.json' }],
    },
    {
      name: 'legacy path with a version',
      flow: flow({
        Get: {
          type: 'ApiConnection',
          runAfter: {},
          inputs: { host: { connection: { name: "@parameters('$connections')['keyvault']['connectionId']" } }, method: 'get', path: `/secrets/api-key/versions/${version}/value` },
        },
      }),
      errors: [{ messageId: 'pinned', pointer: `${A}/Get/inputs/path` }],
    },
  ],
});
