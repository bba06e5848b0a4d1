import rule from '../../rules/secure-outputs-missing.js';
import { ruleTester } from '../helpers/rule-tester.js';
import { compose, connector, flow, http, kvGetSecret } from '../helpers/builders.js';

const A = '/properties/definition/actions';
const unsecured = { secureInputs: false, secureOutputs: false };

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
  ],
  invalid: [
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
