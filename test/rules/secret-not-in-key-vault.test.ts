import rule from '../../rules/secret-not-in-key-vault.js';
import { ruleTester } from '../helpers/rule-tester.js';
import { flow, folderGroup, http, kvGetSecret, solutionFiles } from '../helpers/builders.js';
import { deploymentSettings, envVarFiles, envVarParameter, FAKE } from '../detectors/fixtures.js';

const KV_REFERENCE = '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-flows/providers/Microsoft.KeyVault/vaults/kv-contoso/secrets/partner-secret';
const P = '/properties/definition/parameters';
const secured = { secureInputs: true, secureOutputs: true };

const aadAuth = (secret: string) => ({
  type: 'ActiveDirectoryOAuth',
  tenant: '72f988bf-86f1-41af-91ab-2d7cd011db47',
  audience: 'https://graph.microsoft.com',
  clientId: '3f6c1a52-7f7e-4c2b-9a55-0d6a2a1f7c11',
  secret,
});

/** A flow that sends env var `cts_PartnerSecret` as its client secret. */
const usesPartnerSecret = flow(
  { HTTP: http({ authentication: aadAuth("@parameters('PartnerSecret (cts_PartnerSecret)')") }) },
  { parameters: envVarParameter('cts_PartnerSecret') },
);

/** The solution with a Secret env var, and its deployment settings kept beside it in another folder. */
const secretSolution = folderGroup('solution', solutionFiles({ extraFiles: envVarFiles('cts_PartnerSecret', { type: 'Secret' }) }));

ruleTester(rule, {
  valid: [
    {
      name: 'Secret env var referencing Key Vault',
      solution: { extraFiles: envVarFiles('cts_PartnerSecret', { type: 'Secret', defaultValue: KV_REFERENCE, value: KV_REFERENCE }) },
    },
    {
      name: 'Secret env var referencing one version of a Key Vault secret (a reference; secret-version-pinned reports the pin)',
      solution: { extraFiles: envVarFiles('cts_PartnerSecret', { type: 'Secret', value: `${KV_REFERENCE}/4f0b3c2d1e0a49c8b7a6f5e4d3c2b1a0` }) },
    },
    { name: 'Secret env var without values', solution: { extraFiles: envVarFiles('cts_PartnerSecret', { type: 'Secret' }) } },
    { name: 'Secret env var with a pipeline token', solution: { extraFiles: envVarFiles('cts_PartnerSecret', { type: 'Secret', value: '#{PartnerSecretReference}#' }) } },
    { name: 'Secret env var used as a credential', flow: usesPartnerSecret, solution: { extraFiles: envVarFiles('cts_PartnerSecret', { type: 'Secret' }) } },
    {
      name: 'String env var not used as a credential',
      flow: flow({ HTTP: http({ uri: "@{parameters('PartnerUrl (cts_PartnerUrl)')}/orders" }) }, { parameters: envVarParameter('cts_PartnerUrl') }),
      solution: { extraFiles: envVarFiles('cts_PartnerUrl', { value: 'https://api.contoso.example' }) },
    },
    {
      name: 'SecureString parameter used as a credential',
      flow: flow({ HTTP: http({ headers: { 'x-api-key': "@parameters('ApiKey')" } }) }, { parameters: { ApiKey: { type: 'SecureString' } } }),
    },
    {
      name: 'user name beside a secret in a Basic header',
      flow: flow(
        {
          HTTP: http({ headers: { Authorization: "Basic @{base64(concat(parameters('ServiceUser'), ':', body('Get_secret')?['value']))}" } }),
          Get_secret: kvGetSecret('pwd', secured),
        },
        { parameters: { ServiceUser: { type: 'String', defaultValue: 'svc-flow' } } },
      ),
    },
    {
      name: 'Key Vault action feeding the credential',
      flow: flow({ Get_secret: kvGetSecret('partner-secret', secured), HTTP: http({ authentication: aadAuth("@body('Get_secret')?['value']") }) }),
    },
    {
      name: 'deployment settings with a Key Vault reference or nothing',
      groups: [
        secretSolution,
        folderGroup('config/deploymentSettings.json', { 'deploymentSettings.json': deploymentSettings({ cts_PartnerSecret: KV_REFERENCE }) }, 'file'),
        folderGroup('config/test.json', { 'test.json': deploymentSettings({ cts_PartnerSecret: '' }) }, 'file'),
      ],
    },
    {
      name: 'deployment settings for a String env var are not this rule',
      groups: [folderGroup('config/deploymentSettings.json', { 'deploymentSettings.json': deploymentSettings({ cts_ApiBaseUrl: 'https://api.contoso.example' }) }, 'file')],
    },
  ],
  invalid: [
    {
      name: 'Secret env var whose value is not a Key Vault reference',
      solution: { extraFiles: envVarFiles('cts_PartnerSecret', { type: 'Secret', value: FAKE.random40 }) },
      errors: [
        {
          messageId: 'secretNotReference',
          pointer: '/environmentvariablevalues/environmentvariablevalue/value',
          messageIncludes: ["'cts_PartnerSecret'", 'current value', `${FAKE.random40.slice(0, 3)}***`],
        },
      ],
    },
    {
      name: 'Secret env var with a literal default',
      solution: { extraFiles: envVarFiles('cts_PartnerSecret', { type: 'Secret', defaultValue: 'https://kv-contoso.vault.azure.net/secrets/partner-secret' }) },
      errors: [{ messageId: 'secretNotReference', messageIncludes: ['default value'] }],
    },
    {
      name: 'Secret env var stored outside Key Vault',
      solution: { extraFiles: envVarFiles('cts_PartnerSecret', { type: 'Secret', secretStore: 1 }) },
      errors: [{ messageId: 'secretStoreNotKeyVault', messageIncludes: ['secret store 1'] }],
    },
    {
      name: 'deployment settings give a Secret env var a secret',
      groups: [secretSolution, folderGroup('config/deploymentSettings.json', { 'deploymentSettings.json': deploymentSettings({ cts_PartnerSecret: FAKE.random40 }) }, 'file')],
      errors: [{ messageId: 'settingNotReference', pointer: '/EnvironmentVariables/0/Value', file: 'deploymentSettings.json' }],
    },
    {
      name: 'String env var used as a client secret',
      flow: usesPartnerSecret,
      solution: { extraFiles: envVarFiles('cts_PartnerSecret', { type: 'String' }) },
      errors: [{ messageId: 'environmentVariableUsedAsCredential', messageIncludes: ["'cts_PartnerSecret' is of type String", "action 'HTTP' (authentication 'secret')"] }],
    },
    {
      name: 'JSON env var whose secret-named key is used as a credential',
      flow: flow({ HTTP: http({ headers: { 'x-api-key': "@{parameters('Partner (cts_Partner)')?['apiKey']}" } }) }, { parameters: envVarParameter('cts_Partner', {}, 'Object') }),
      solution: { extraFiles: envVarFiles('cts_Partner', { type: 'JSON' }) },
      errors: [{ messageId: 'environmentVariableUsedAsCredential', messageIncludes: ['of type JSON'] }],
    },
    {
      name: 'env-var parameter of a lone flow (definition not in the solution)',
      flow: usesPartnerSecret,
      errors: [{ messageId: 'environmentVariableUsedAsCredential', pointer: `${P}/PartnerSecret (cts_PartnerSecret)` }],
    },
    {
      name: 'String parameter filling an API key header',
      flow: flow({ HTTP: http({ headers: { 'x-api-key': "@parameters('PartnerApiKey')" } }) }, { parameters: { PartnerApiKey: { type: 'String', defaultValue: '' } } }),
      errors: [{ messageId: 'parameterUsedAsCredential', pointer: `${P}/PartnerApiKey`, messageIncludes: ["Parameter 'PartnerApiKey' (String)", "header 'x-api-key'"] }],
    },
    {
      name: 'secret-named String parameter inside a Basic header',
      flow: flow(
        { HTTP: http({ headers: { Authorization: "Basic @{base64(concat('svc-flow:', parameters('ServicePassword')))}" } }) },
        { parameters: { ServicePassword: { type: 'String' } } },
      ),
      errors: [{ messageId: 'parameterUsedAsCredential' }],
    },
  ],
});
