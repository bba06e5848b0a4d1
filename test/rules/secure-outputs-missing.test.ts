import rule from '../../rules/secure-outputs-missing.js';
import { ruleTester } from '../helpers/rule-tester.js';
import { compose, connector, flow, http, kvGetSecret } from '../helpers/builders.js';

const A = '/properties/definition/actions';
const unsecured = { secureInputs: false, secureOutputs: false };
const T = '/properties/definition/triggers';
const vaultFromEnvVar = "https://@{parameters('KV Vault Name (cts_KV_VaultName)')}.vault.azure.net";
const vaultAudience = { type: 'ManagedServiceIdentity', audience: 'https://vault.azure.net' };
/** A manual or Power Apps V2 trigger declaring these inputs (`{ key: title }`). */
const triggerWith = (inputs: Record<string, string>, kind = 'PowerAppV2', settings: object = {}) => ({
  manual: {
    type: 'Request',
    kind,
    inputs: { schema: { type: 'object', properties: Object.fromEntries(Object.entries(inputs).map(([key, title]) => [key, { title, type: 'string' }])) } },
    ...settings,
  },
});
const secureTrigger = { runtimeConfiguration: { secureData: { properties: ['inputs', 'outputs'] } } };
/** A login call that was sent a password, and a step that reads the token it answers with. */
const login = (options: object = {}) => ({
  Login: http({ method: 'POST', uri: 'https://api.contoso.example/login', body: { username: 'svc', password: "@parameters('Password (cts_Password)')" } }, options),
});

ruleTester(rule, {
  valid: [
    { name: 'Get secret with Secure Outputs', flow: flow({ Get_secret: kvGetSecret('k', { secureOutputs: true }) }) },
    { name: 'secret metadata is not a secret source', flow: flow({ Meta: connector('shared_keyvault', 'GetSecretMetadata', { secretName: 'k' }) }) },
    { name: 'Encrypt returns ciphertext', flow: flow({ Encrypt: connector('shared_keyvault', 'EncryptData', { keyName: 'k' }) }) },
    { name: 'ordinary HTTP GET', flow: flow({ Call: http({ uri: 'https://api.contoso.example/items' }) }) },
    { name: 'Compose cannot have Secure Outputs', flow: flow({ Compose: compose('x') }) },
    {
      name: 'environment variable secret with Secure Outputs',
      flow: flow({
        Get_env_secret: connector(
          'shared_commondataserviceforapps',
          'PerformUnboundAction',
          { actionName: 'RetrieveEnvironmentVariableSecretValue', 'item/EnvironmentVariableName': 'cts_ApiSecret' },
          { secureInputs: true, secureOutputs: true },
        ),
      }),
    },
    { name: 'listing secrets returns no value', flow: flow({ List: http({ method: 'GET', uri: `${vaultFromEnvVar}/secrets?api-version=7.4` }) }) },
    { name: 'listing the versions of a secret', flow: flow({ List: http({ method: 'GET', uri: `${vaultFromEnvVar}/secrets/api-key/versions?api-version=7.4` }) }) },
    {
      name: 'setting a secret returns no value to hide',
      flow: flow({ Set: http({ method: 'PUT', uri: `${vaultFromEnvVar}/secrets/api-key?api-version=7.4`, body: { value: "@triggerBody()?['v']" } }) }),
    },
    { name: 'custom connector listing secrets', flow: flow({ List: connector('cts_5fcontoso-20key-20vault', 'ListSecrets', { vault: 'x' }) }) },
    { name: 'trigger inputs about secrets, not holding one', flow: flow({}, { triggers: triggerWith({ text: 'tokenName', text_1: 'passwordPolicy' }) }) },
    { name: 'a secret trigger input with Secure Inputs and Outputs', flow: flow({}, { triggers: triggerWith({ text: 'Password' }, 'PowerAppV2', secureTrigger) }) },
    { name: 'a login call whose token is never read', flow: flow({ ...login(), Log: compose("@body('Login')?['userId']") }) },
    {
      name: 'a call without a credential that answers with a token field',
      flow: flow({ Get: http({ uri: 'https://api.contoso.example/items' }), Use: compose("@body('Get')?['token']") }),
    },
    { name: 'a login call with Secure Outputs', flow: flow({ ...login({ secureOutputs: true }), Use: compose("@body('Login')?['sessionToken']") }) },
  ],
  invalid: [
    {
      name: 'Key Vault REST, vault name from an environment variable (the ALM shape)',
      flow: flow({ Get_secret: http({ method: 'GET', uri: `${vaultFromEnvVar}/secrets/api-key?api-version=7.4`, authentication: vaultAudience }) }),
      errors: [{ messageId: 'missing', messageIncludes: ['Key Vault secret read over HTTP'] }],
    },
    {
      name: 'Key Vault REST recognised by the managed identity audience',
      flow: flow({ Get_secret: http({ method: 'GET', uri: "@{parameters('Vault URL (cts_VaultUrl)')}/secrets/api-key", authentication: vaultAudience }) }),
      errors: [{ messageId: 'missing' }],
    },
    {
      name: 'Key Vault REST unwrapping a key',
      flow: flow({ Unwrap: http({ method: 'POST', uri: `${vaultFromEnvVar}/keys/kek/unwrapkey?api-version=7.4`, authentication: vaultAudience }) }),
      errors: [{ messageId: 'missing' }],
    },
    {
      name: 'custom connector operation that reads a secret',
      flow: flow({ Get_secret: connector('cts_5fcontoso-20key-20vault', 'GetSecret', { secretName: 'refresh' }) }),
      errors: [{ messageId: 'missing', messageIncludes: ['custom connector'] }],
    },
    {
      name: 'Power Apps V2 trigger input titled Password',
      flow: flow({}, { triggers: triggerWith({ text: 'User', text_1: 'Password' }) }),
      errors: [{ messageId: 'triggerMissing', pointer: `${T}/manual`, messageIncludes: ["'manual'", 'secret trigger input'] }],
    },
    {
      name: 'Request trigger input named apiKey, Secure Outputs alone',
      flow: flow({}, { triggers: triggerWith({ apiKey: 'API key' }, 'Http', { runtimeConfiguration: { secureData: { properties: ['outputs'] } } }) }),
      errors: [{ messageId: 'triggerMissing' }],
    },
    {
      name: 'a login call that was sent a password answers with a session token the flow reads',
      flow: flow({ ...login(), Use: compose("@body('Login')?['sessionToken']") }),
      errors: [{ messageId: 'missing', pointer: `${A}/Login`, messageIncludes: ['session token'] }],
    },
    {
      name: 'Key Vault Get secret',
      flow: flow({ Get_secret: kvGetSecret('k', unsecured) }),
      errors: [{ messageId: 'missing', pointer: `${A}/Get_secret`, messageIncludes: ["'Get_secret'", 'Key Vault secret'] }],
    },
    { name: 'Secure Inputs alone is not enough', flow: flow({ Get_secret: kvGetSecret('k', { secureInputs: true }) }), errors: [{ messageId: 'missing' }] },
    {
      name: 'Get secret version',
      flow: flow({ Get_v: connector('shared_keyvault', 'GetSecretVersion', { secretName: 'k', secretVersion: "@variables('v')" }) }),
      errors: [{ messageId: 'missing' }],
    },
    {
      name: 'Decrypt data',
      flow: flow({ Decrypt: connector('shared_keyvault', 'DecryptData', { keyName: 'k' }) }),
      errors: [{ messageId: 'missing', messageIncludes: ['decrypted'] }],
    },
    {
      name: 'legacy ApiConnection Key Vault path',
      flow: flow({
        Get_legacy: {
          type: 'ApiConnection',
          runAfter: {},
          inputs: {
            host: { connection: { name: "@parameters('$connections')['keyvault']['connectionId']" } },
            method: 'get',
            path: "/secrets/@{encodeURIComponent('graph-client-secret')}/value",
          },
        },
      }),
      errors: [{ messageId: 'missing', pointer: `${A}/Get_legacy` }],
    },
    {
      name: 'Dataverse RetrieveEnvironmentVariableSecretValue',
      flow: flow({
        Get_env_secret: connector('shared_commondataserviceforapps', 'PerformUnboundAction', {
          actionName: 'RetrieveEnvironmentVariableSecretValue',
          'item/EnvironmentVariableName': 'cts_ApiSecret',
        }),
      }),
      errors: [{ messageId: 'missing', messageIncludes: ['secret environment variable'] }],
    },
    {
      name: 'Key Vault REST call in a sovereign cloud',
      flow: flow({ Read: http({ uri: 'https://kv-contoso.vault.usgovcloudapi.net/secrets/api-key?api-version=7.4' }) }),
      errors: [{ messageId: 'missing' }],
    },
    {
      name: 'token request by endpoint',
      flow: flow({ Token: http({ method: 'POST', uri: "https://login.microsoftonline.com/@{parameters('tenant')}/oauth2/token", body: "@parameters('form')" }) }),
      errors: [{ messageId: 'missing', messageIncludes: ['access token'] }],
    },
    // One definition of a token request: what makes hardcoded-secret read a request as a token
    // request makes its response a secret here (an Auth0-style endpoint once counted for one only).
    ...['https://contoso.eu.auth0.com/oauth/token', 'https://idp.contoso.example/connect/token', 'https://contoso.okta.com/oauth2/default/v1/token'].map((uri) => ({
      name: `token request to ${uri}`,
      flow: flow({ Token: http({ method: 'POST', uri, body: "@parameters('form')" }) }),
      errors: [{ messageId: 'missing' as const, messageIncludes: ['access token'] }],
    })),
    {
      name: 'token request by body',
      flow: flow({ Token: http({ method: 'POST', uri: 'https://idp.contoso.example/connect', body: 'grant_type=password&username=a' }) }),
      errors: [{ messageId: 'missing' }],
    },
    {
      name: 'Entra ID HTTP connector reading Key Vault',
      flow: flow({ Read: connector('shared_webcontents', 'InvokeHttp', { 'request/method': 'GET', 'request/url': 'https://kv-contoso.vault.azure.net/secrets/api-key' }) }),
      errors: [{ messageId: 'missing' }],
    },
  ],
});
