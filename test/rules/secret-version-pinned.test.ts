import rule from '../../rules/secret-version-pinned.js';
import { ruleTester } from '../helpers/rule-tester.js';
import { connector, flow, http, kvGetSecret } from '../helpers/builders.js';

const A = '/properties/definition/actions';
const secured = { secureInputs: true, secureOutputs: true };
const version = '4f0b3c2d1e0a49c8b7a6f5e4d3c2b1a0';

ruleTester(rule, {
  valid: [
    { name: 'current version', flow: flow({ Get_secret: kvGetSecret('k', secured) }) },
    {
      name: 'version chosen at run time',
      flow: flow({ Get_v: connector('shared_keyvault', 'GetSecretVersion', { secretName: 'k', secretVersion: "@triggerBody()?['version']" }, secured) }),
    },
    { name: 'URL without a version', flow: flow({ Read: http({ uri: 'https://kv-contoso.vault.azure.net/secrets/api-key?api-version=7.4' }, secured) }) },
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
