import rule from '../../rules/hardcoded-vault-name.js';
import { ruleTester } from '../helpers/rule-tester.js';
import { compose, connector, flow, folderGroup, http, initVariable, jsonText, scope, type Json } from '../helpers/builders.js';

const A = '/properties/definition/actions';
const P = '/properties/definition/parameters';
const KV_URL = 'https://kv-contoso-dev.vault.azure.net';
const SECRET_REF = '/subscriptions/8f6c1f4e-0000-4000-8000-000000000001/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv-contoso-dev/secrets/api-key';

function envVarDefinition(schemaName: string, defaultValue?: string, type = '100000005'): string {
  const value = defaultValue === undefined ? '' : `\n  <defaultvalue>${defaultValue}</defaultvalue>`;
  return `<environmentvariabledefinition schemaname="${schemaName}">\n  <displayname default="${schemaName}" />\n  <type>${type}</type>\n  <secretstore>0</secretstore>${value}\n</environmentvariabledefinition>\n`;
}

function envVarFiles(schemaName: string, defaultValue?: string, currentValue?: string): Record<string, string> {
  const files: Record<string, string> = { [`environmentvariabledefinitions/${schemaName}/environmentvariabledefinition.xml`]: envVarDefinition(schemaName, defaultValue) };
  if (currentValue !== undefined) {
    files[`environmentvariabledefinitions/${schemaName}/environmentvariablevalues.json`] = jsonText({
      environmentvariablevalues: { environmentvariablevalue: { '@environmentvariablevalueid': '0f0e0000-0000-0000-0000-000000000001', value: currentValue } },
    });
  }
  return files;
}

const envParameter = (schemaName: string, defaultValue: Json): Record<string, Json> => ({
  [`Key Vault URL (${schemaName})`]: { defaultValue, type: 'String', metadata: { schemaName } },
});

ruleTester(rule, {
  valid: [
    {
      name: 'vault URL from an environment variable parameter',
      flow: flow({ Get: http({ uri: "@{parameters('Key Vault URL (cts_KeyVaultUrl)')}/secrets/api-key" }) }, { parameters: envParameter('cts_KeyVaultUrl', KV_URL) }),
    },
    { name: 'vault name in an expression is not literal', flow: flow({ Get: http({ uri: "@concat('https://', parameters('KeyVaultName'), '.vault.azure.net/secrets/x')" }) }) },
    { name: 'vault name inside a template segment is an expression', flow: flow({ Get: http({ uri: "https://@{parameters('KeyVaultName')}.vault.azure.net/secrets/x" }) }) },
    { name: 'escaped @@ text is literal but names no vault', flow: flow({ Note: compose('@@{vault}.vault.azure.net') }) },
    {
      name: 'token audience is not a vault',
      flow: flow({
        Token: http({ method: 'POST', uri: 'https://login.microsoftonline.com/t/oauth2/v2.0/token', body: 'scope=https://vault.azure.net/.default&grant_type=client_credentials' }),
      }),
    },
    {
      name: 'pipeline placeholders are not vaults',
      flow: flow({ Get: http({ uri: 'https://#{KeyVaultName}#.vault.azure.net/secrets/x', headers: { 'x-vault': 'https://$(KvName).vault.azure.net' } }) }),
    },
    {
      name: 'invalid vault names are not vaults',
      flow: flow({ Get: http({ uri: 'https://kv--double.vault.azure.net/x', body: 'https://1starts-with-digit.vault.azure.net https://ab.vault.azure.net' }) }),
    },
    {
      name: 'descriptions and metadata are not evaluated',
      flow: flow({ Get: { type: 'Compose', inputs: 'x', runAfter: {}, description: `reads ${KV_URL}`, metadata: { note: KV_URL } } }),
    },
    { name: 'Key Vault connector keeps its vault in the connection', flow: flow({ Get: connector('shared_keyvault', 'GetSecret', { secretName: 'api-key' }) }) },
    { name: 'env-var value file and empty default are the right place', solution: { extraFiles: envVarFiles('cts_ApiKey', undefined, SECRET_REF) } },
    { name: 'placeholder default is not a vault', solution: { extraFiles: envVarFiles('cts_ApiKey', '#{environmentvariable.cts_ApiKey}#') } },
    { name: 'a secret name is not a vault name', flow: flow({ Init: initVariable('KeyVaultSecretName', 'String', 'api-key') }) },
    { name: 'vault-name variable set from an expression', flow: flow({ Init: initVariable('KeyVaultName', 'String', "@parameters('Key Vault name (cts_KeyVaultName)')") }) },
    {
      name: 'env-var parameter named like a vault name (a snapshot of the variable)',
      flow: flow({}, { parameters: { 'Key Vault name (cts_KeyVaultName)': { defaultValue: 'kv-contoso-dev', type: 'String', metadata: { schemaName: 'cts_KeyVaultName' } } } }),
    },
    {
      name: 'deployment settings are the right place',
      groups: [
        folderGroup('settings.json', { 'settings.json': jsonText({ EnvironmentVariables: [{ SchemaName: 'cts_ApiKey', Value: SECRET_REF }], ConnectionReferences: [] }) }, 'file'),
      ],
    },
  ],
  invalid: [
    {
      name: 'vault URL in an HTTP action',
      flow: flow({ Get: http({ uri: `${KV_URL}/secrets/api-key?api-version=7.4` }) }),
      errors: [{ messageId: 'inFlow', pointer: `${A}/Get/inputs/uri`, level: 'warning', messageIncludes: ["Action 'Get'", "'kv-contoso-dev'", 'a vault URL'] }],
    },
    {
      name: 'literal text around a template segment',
      flow: flow({ Get: http({ uri: "https://kv-contoso-dev.vault.azure.net/secrets/@{parameters('SecretName')}" }) }),
      errors: [{ messageId: 'inFlow', pointer: `${A}/Get/inputs/uri` }],
    },
    {
      name: 'resource id in a variable inside a scope',
      flow: flow({ Setup: scope({ Init: initVariable('secretRef', 'String', SECRET_REF) }) }),
      errors: [{ messageId: 'inFlow', pointer: `${A}/Setup/actions/Init/inputs/variables/0/value`, messageIncludes: ["Action 'Init'", 'a vault resource id'] }],
    },
    {
      name: 'sovereign cloud and Managed HSM hosts',
      flow: flow({ Cn: http({ uri: 'https://kv-contoso-cn.vault.azure.cn/secrets/x' }), Hsm: http({ uri: 'https://hsm-contoso.managedhsm.azure.net/keys/k/decrypt' }) }),
      errors: [
        { messageId: 'inFlow', pointer: `${A}/Cn/inputs/uri`, messageIncludes: ["'kv-contoso-cn'"] },
        { messageId: 'inFlow', pointer: `${A}/Hsm/inputs/uri`, messageIncludes: ['a Managed HSM URL'] },
      ],
    },
    {
      name: 'plain definition parameter default (not an env var)',
      flow: flow({ Get: http({ uri: "@{parameters('VaultUrl')}/secrets/x" }) }, { parameters: { VaultUrl: { type: 'String', defaultValue: KV_URL } } }),
      errors: [{ messageId: 'inFlow', pointer: `${P}/VaultUrl/defaultValue`, messageIncludes: ["Parameter 'VaultUrl'"] }],
    },
    {
      name: 'vault in a trigger',
      flow: flow({}, { triggers: { Poll: { type: 'Http', inputs: { method: 'GET', uri: `${KV_URL}/secrets/x` }, recurrence: { frequency: 'Hour', interval: 1 } } } }),
      errors: [{ messageId: 'inFlow', pointer: '/properties/definition/triggers/Poll/inputs/uri', messageIncludes: ["Trigger 'Poll'"] }],
    },
    {
      name: 'one finding per string and vault',
      flow: flow({ Get: http({ uri: `${KV_URL}/secrets/a`, body: `${KV_URL}/secrets/a ${KV_URL.toUpperCase()}/secrets/b https://kv-contoso-test.vault.azure.net/x` }) }),
      errors: [
        { messageId: 'inFlow', pointer: `${A}/Get/inputs/uri` },
        { messageId: 'inFlow', pointer: `${A}/Get/inputs/body`, messageIncludes: ["'kv-contoso-dev'"] },
        { messageId: 'inFlow', pointer: `${A}/Get/inputs/body`, messageIncludes: ["'kv-contoso-test'"] },
      ],
    },
    {
      name: 'bare vault name in a variable named like one',
      flow: flow({
        Init: initVariable('KeyVaultName', 'String', 'kv-contoso-dev'),
        Set: { type: 'SetVariable', inputs: { name: 'kvName', value: 'kv-contoso-test' }, runAfter: {} },
      }),
      errors: [
        { messageId: 'inFlow', pointer: `${A}/Init/inputs/variables/0/value`, messageIncludes: ["'kv-contoso-dev'", 'a vault name'] },
        { messageId: 'inFlow', pointer: `${A}/Set/inputs/value`, messageIncludes: ["'kv-contoso-test'"] },
      ],
    },
    {
      name: 'what does not read as a vault name is shown redacted (a key pasted where the vault name goes)',
      flow: flow({ Init: initVariable('KeyVaultName', 'String', 'Xk9fP2qL7vR3mZ8tW4nB') }),
      errors: [{ messageId: 'inFlow', pointer: `${A}/Init/inputs/variables/0/value`, messageIncludes: ["'Xk9***'"] }],
    },
    {
      name: 'bare vault name in a variable named kv, with "vault" nowhere in the flow',
      flow: flow({ Set: { type: 'SetVariable', inputs: { name: 'kvName', value: 'kv-contoso-test' }, runAfter: {} } }),
      errors: [{ messageId: 'inFlow', pointer: `${A}/Set/inputs/value`, messageIncludes: ["'kv-contoso-test'"] }],
    },
    {
      name: 'vault URL whose letters are JSON escapes',
      solution: {
        extraFiles: {
          'Workflows/Escaped-0000AAAA-1111-2222-3333-0000000000E1.json': jsonText(flow({ Get: http({ uri: `${KV_URL}/secrets/x` }) })).replace(/vault/g, '\\u0076ault'),
        },
      },
      errors: [{ messageId: 'inFlow', pointer: `${A}/Get/inputs/uri`, messageIncludes: ["'kv-contoso-dev'"] }],
    },
    {
      name: 'bare vault name as a plain parameter default',
      flow: flow({}, { parameters: { VaultName: { type: 'String', defaultValue: 'kv-contoso-dev' } } }),
      errors: [{ messageId: 'inFlow', pointer: `${P}/VaultName/defaultValue`, messageIncludes: ["Parameter 'VaultName'"] }],
    },
    {
      name: 'vault-name env var with a bare default',
      solution: {
        extraFiles: { 'environmentvariabledefinitions/cts_KeyVaultName/environmentvariabledefinition.xml': envVarDefinition('cts_KeyVaultName', 'kv-contoso-dev', '100000000') },
      },
      errors: [{ messageId: 'inDefault', messageIncludes: ["'cts_KeyVaultName'", "'kv-contoso-dev'"] }],
    },
    {
      name: 'Secret env var with a vault reference as its definition default',
      solution: { extraFiles: envVarFiles('cts_ApiKey', SECRET_REF, '') },
      errors: [
        {
          messageId: 'inDefault',
          pointer: '/environmentvariabledefinition/cts_ApiKey/defaultvalue',
          file: 'environmentvariabledefinition.xml',
          messageIncludes: ["'cts_ApiKey'", "'kv-contoso-dev'"],
        },
      ],
    },
    {
      name: 'String env var with a vault URL default',
      solution: { extraFiles: { 'environmentvariabledefinitions/cts_KeyVaultUrl/environmentvariabledefinition.xml': envVarDefinition('cts_KeyVaultUrl', KV_URL, '100000000') } },
      errors: [{ messageId: 'inDefault', messageIncludes: ["'cts_KeyVaultUrl'"] }],
    },
  ],
});
