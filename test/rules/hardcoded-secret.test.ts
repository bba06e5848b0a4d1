import rule from '../../rules/hardcoded-secret.js';
import { describe, expect, it } from 'vitest';
import { ruleTester, runRule } from '../helpers/rule-tester.js';
import { compose, connector, flow, folderGroup, http, initVariable, jsonText, kvGetSecret, setVariable, solutionFiles, terminate, type Json } from '../helpers/builders.js';
import { deploymentSettings, desktopFlowCustomizations, envVarFiles, envVarParameter, FAKE, triggerUrl } from '../detectors/fixtures.js';
import { DEFAULT_SCAN_OPTIONS, findHardcodedSecrets, type SecretFinding } from '../../src/analysis/detectors/index.js';
import { defineRule } from '../../src/engine/rule.js';
import { buildUnit } from '../../src/model/build.js';
import { DEFAULT_LIMITS } from '../../src/sources/types.js';

const A = '/properties/definition/actions';
const P = '/properties/definition/parameters';
const secured = { secureInputs: true, secureOutputs: true };

const aadAuth = (secret: string): Json => ({
  type: 'ActiveDirectoryOAuth',
  authority: 'https://login.microsoftonline.com/',
  tenant: '72f988bf-86f1-41af-91ab-2d7cd011db47',
  audience: 'https://graph.microsoft.com',
  clientId: '3f6c1a52-7f7e-4c2b-9a55-0d6a2a1f7c11',
  secret,
});

const tokenRequest = (body: Json): Json =>
  http({
    method: 'POST',
    uri: 'https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/oauth2/v2.0/token',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body,
  });

const javascript = (code: string): Json => ({ type: 'JavaScriptCode', runAfter: {}, inputs: { code } });

/** A flow file whose authentication object repeats `password`: the first value is hidden by the second. */
const duplicatePasswordFlow = jsonText(flow({ HTTP: http({ authentication: { type: 'Basic', username: 'svc', password: "@parameters('pwd')" } }) })).replace(
  '"password": "@parameters(\'pwd\')"',
  `"password": "${FAKE.random32}",\n            "password": "@parameters('pwd')"`,
);

const officeScript = (code: string): string => jsonText({ version: '0.3.0', body: code, description: 'Office Script' });

const b64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');
const basicAuth = (username: string, password?: string): Json => ({ type: 'Basic', username, ...(password === undefined ? {} : { password }) });
const response = (body: Json): Json => ({ type: 'Response', kind: 'Http', runAfter: {}, inputs: { statusCode: 401, body } });
/** A flow file whose `properties.description` (the flow's description) is `text`. */
const describedFlow = (text: string): Json => {
  const file = flow({ Call: http({}) }) as { properties: Record<string, Json> };
  return { ...file, properties: { ...file.properties, description: text } };
};
/** A deployment settings file given on its own: no environment variable definition at hand. */
const lonelySettings = (variables: Record<string, string>) => [folderGroup('deploymentSettings.json', { 'deploymentSettings.json': deploymentSettings(variables) }, 'file')];
const KEY_VAULT_REFERENCE = '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv-contoso/secrets/api-secret';

ruleTester(rule, {
  valid: [
    { name: 'authentication from expressions', flow: flow({ HTTP: http({ authentication: aadAuth("@parameters('Client Secret (cts_ClientSecret)')") }) }) },
    {
      name: 'Basic password from a Key Vault action',
      flow: flow({ Get_secret: kvGetSecret('pwd', secured), HTTP: http({ authentication: { type: 'Basic', username: 'svc-flow', password: "@body('Get_secret')?['value']" } }) }),
    },
    { name: 'bearer header with an interpolated token', flow: flow({ HTTP: http({ headers: { Authorization: "Bearer @{body('Get_token')?['access_token']}" } }) }) },
    { name: 'concat of a scheme and a reference', flow: flow({ HTTP: http({ headers: { Authorization: "@{concat('Bearer ', body('Get_token')?['access_token'])}" } }) }) },
    {
      name: 'GUIDs in clientId, tenant and audience',
      flow: flow({ HTTP: http({ authentication: { ...(aadAuth("@parameters('s')") as object), audience: `api://${FAKE.guid}` } }) }),
    },
    { name: 'managed identity', flow: flow({ HTTP: http({ authentication: { type: 'ManagedServiceIdentity', audience: 'https://vault.azure.net' } }) }) },
    { name: 'connector authentication placeholder', flow: flow({ Get_secret: kvGetSecret('graph-client-secret', secured) }) },
    ...[
      '<client_secret>',
      '{{token}}',
      '{client secret}',
      '[YOUR KEY]',
      '${SECRET}',
      '$(ClientSecret)',
      '#{ClientSecret}#',
      '__ClientSecret__',
      'xxxxxxxxxxxxxxxx',
      '***',
      'changeme',
      'YOUR_API_KEY',
      'REPLACE WITH YOUR SECRET',
      '',
    ].map((placeholder) => ({
      name: `placeholder ${JSON.stringify(placeholder)} as a client secret`,
      flow: flow({ HTTP: http({ authentication: aadAuth(placeholder) }) }),
    })),
    { name: 'placeholder in a Bearer header', flow: flow({ HTTP: http({ headers: { Authorization: 'Bearer <replace with actual token>' } }) }) },
    {
      name: 'placeholder in a token request form body',
      flow: flow({ Get_token: tokenRequest('grant_type=client_credentials&client_id= <client_id>&client_secret=<client_secret>&resource= api://<client_id>') }),
    },
    { name: 'e-mail address in a password field', flow: flow({ HTTP: http({ authentication: { type: 'Basic', username: 'svc', password: 'admin@contoso.com' } }) }) },
    {
      name: 'plain URL in a variable named like a token',
      flow: flow({ Init: initVariable('tokenEndpoint', 'String', 'https://login.microsoftonline.com/common/oauth2/v2.0/token') }),
    },
    { name: 'secret name, not a secret', flow: flow({ Init: initVariable('SecretName', 'String', 'graph-client-secret') }) },
    { name: 'name of a GitHub secret in a variable named Secret', flow: flow({ Init: initVariable('Secret', 'String', 'DEV_ENVIRONMENT_SECRET') }) },
    { name: 'continuation token is not a credential', flow: flow({ Init: initVariable('continuationToken', 'String', FAKE.random40) }) },
    { name: 'short value in a variable named like a secret', flow: flow({ Init: initVariable('ClientSecret', 'String', 'tbc') }) },
    {
      name: 'Key Vault reference as a Secret env var default',
      solution: {
        extraFiles: envVarFiles('cts_ApiSecret', {
          type: 'Secret',
          defaultValue: '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv-contoso/secrets/api-secret',
        }),
      },
    },
    {
      name: 'pipeline token in deployment settings',
      solution: { extraFiles: { 'deploymentSettings.json': deploymentSettings({ cts_ClientSecret: '#{ClientSecret}#', cts_ApiKey: '' }) } },
    },
    {
      name: 'Azurite connection string',
      flow: flow({
        Compose: compose(`DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=${FAKE.storageKey};BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;`),
      }),
    },
    { name: 'trigger URL without a signature', flow: flow({ HTTP: http({ uri: triggerUrl('').replace(/&sp=.*$/, '') }) }) },
    {
      name: 'jwt.io sample token in a description',
      flow: flow({
        Compose: compose(`${FAKE.base64url('{"alg":"HS256","typ":"JWT"}')}.${FAKE.base64url('{"sub":"1234567890","name":"John Doe","iat":1516239022}')}.${'x'.repeat(10)}abc123`),
      }),
    },
    { name: 'environment-variable parameter without a default', flow: flow({}, { parameters: envVarParameter('cts_ClientSecret') }) },
    { name: 'SecureString parameter without a default', flow: flow({}, { parameters: { ApiKey: { type: 'SecureString' } } }) },
    {
      name: 'inline code reading its secret from an input',
      flow: flow({
        Code: javascript("const token = workflowContext.actions.Get_secret.outputs.body.value;\nreturn fetch(url, { headers: { Authorization: 'Bearer ' + token } });"),
      }),
    },
    { name: 'inline code that does not parse and holds no known format', flow: flow({ Code: javascript('const password = "Xq7#kL2!pZ9@wR4" +;;; (((') }) },
    {
      name: 'Office Script with a placeholder',
      groups: [folderGroup('Book.osts', { 'Book.osts': officeScript('function main(workbook: ExcelScript.Workbook) {\n  const apiKey = "<your api key>";\n}\n') }, 'file')],
    },
    // Prose under a token/secret key of a response or message body is a message, not a credential.
    ...['Unauthorized!', 'Time out!', 'Bad request.', 'Token expired, sign in again'].map((prose) => ({
      name: `prose ${JSON.stringify(prose)} as a Response body token`,
      flow: flow({ Respond: response({ token: prose, secret: prose }) }),
    })),
    { name: 'prose under a token key of a message body', flow: flow({ Post: connector('shared_teams', 'PostMessageToConversation', { 'body/token': 'Time out!' }) }) },
    // A bare vendor prefix is a template left to be filled in.
    ...(
      [{ Authorization: 'Bearer xoxp-' }, { Authorization: 'Bearer ghp_' }, { 'x-api-key': 'sk-' }, { 'x-api-key': 'sk-proj-' }, { Authorization: 'token ghp_' }] as Record<
        string,
        string
      >[]
    ).map((headers) => ({ name: `bare vendor prefix ${JSON.stringify(headers)}`, flow: flow({ HTTP: http({ headers }) }) })),
    { name: 'bare vendor prefix in a variable named like a token', flow: flow({ Init: initVariable('SlackToken', 'String', 'xoxb-') }) },
    // An 88-character base64 string is a storage key only in context.
    ...['checksum', 'signature', 'fileHash', 'sha512', 'integrity', 'contentDigest'].map((key) => ({
      name: `88-character base64 under '${key}'`,
      flow: flow({ Compose: compose({ [key]: FAKE.storageKey, url: 'https://fakeacct.blob.core.windows.net/in/x.csv' }) }),
    })),
    { name: '88-character base64 with nothing around it', flow: flow({ Compose: compose(FAKE.storageKey) }) },
    { name: '88-character base64 HMAC in a header', flow: flow({ HTTP: http({ headers: { 'X-Hub-Signature': FAKE.storageKey } }) }) },
    // A Basic user name is a credential only when it is a key and the password is not a real one.
    { name: 'Basic user name with an empty password', flow: flow({ HTTP: http({ authentication: basicAuth('svc-flow', '') }) }) },
    { name: 'key-shaped user name with a password from an expression', flow: flow({ HTTP: http({ authentication: basicAuth(FAKE.guid, "@parameters('pwd')") }) }) },
    { name: 'user name from an expression with an empty password', flow: flow({ HTTP: http({ authentication: basicAuth("@parameters('apiKey')", '') }) }) },
    { name: 'Basic header of a placeholder pair', flow: flow({ HTTP: http({ headers: { Authorization: "@{concat('Basic ', base64(concat('username', ':', 'password')))}" } }) }) },
    {
      name: 'Basic header folded from a user name and a run-time password',
      flow: flow({ HTTP: http({ headers: { Authorization: "Basic @{base64(concat('svc-flow', ':', parameters('pwd')))}" } }) }),
    },
    // Notes that mention a password without writing one.
    ...['Password: see the vault', 'password: ********', 'Password: <password>', 'pwd=%Password%', "The password: @{variables('pwd')}", 'Password: Username:'].map((text) => ({
      name: `note ${JSON.stringify(text)}`,
      flow: flow({ Call: http({}, { description: text }) }),
    })),
    // Deployment settings: Key Vault references and pipeline tokens are not credentials.
    ...[KEY_VAULT_REFERENCE, '#{ApiSecret}#', '$(ApiSecret)', '__ApiSecret__', ''].map((value) => ({
      name: `${JSON.stringify(value)} for a Secret environment variable in deployment settings`,
      solution: { extraFiles: { ...envVarFiles('cts_Partner', { type: 'Secret' }), 'deploymentSettings.json': deploymentSettings({ cts_Partner: value }) } },
    })),
    ...[
      KEY_VAULT_REFERENCE,
      '#{environmentvariable.cts_Partner}#',
      '$(Partner)',
      '__Partner__',
      'https://api.contoso.example',
      FAKE.guid,
      'Production',
      `19:${FAKE.hex32}@thread.tacv2`,
      '',
    ].map((value) => ({
      name: `${JSON.stringify(value)} in a deployment settings file linted alone`,
      groups: lonelySettings({ cts_Partner: value }),
    })),
    {
      name: 'a random value for a String environment variable in deployment settings',
      solution: { extraFiles: { ...envVarFiles('cts_Partner', { type: 'String' }), 'deploymentSettings.json': deploymentSettings({ cts_Partner: FAKE.random40 }) } },
    },
    { name: 'ignorePatterns skips matching values', flow: flow({ HTTP: http({ authentication: aadAuth(FAKE.entraSecret) }) }), options: { ignorePatterns: ['^FAK8Q~'] } },
    { name: 'ignoreDetectors switches a detector off', flow: flow({ Compose: compose(`token ${FAKE.githubToken}`) }), options: { ignoreDetectors: ['github-token'] } },
  ],
  invalid: [
    {
      name: 'a credential two detectors confirm names both',
      flow: flow({ HTTP: http({ authentication: { type: 'Basic', username: 'svc', password: FAKE.githubToken } }) }),
      errors: [{ messageId: 'literalCredential', messageIncludes: ['detector http-authentication, github-token'] }],
    },
    {
      name: 'switching one of them off keeps the other',
      flow: flow({ HTTP: http({ authentication: { type: 'Basic', username: 'svc', password: FAKE.githubToken } }) }),
      options: { ignoreDetectors: ['http-authentication'] },
      errors: [{ messageId: 'literalCredential', messageIncludes: ['detector github-token'] }],
    },
    {
      name: 'Basic authentication password',
      flow: flow({ HTTP: http({ authentication: { type: 'Basic', username: 'svc-flow', password: 'Summer2024!Flow' } }) }),
      errors: [
        {
          messageId: 'literalCredential',
          pointer: `${A}/HTTP/inputs/authentication/password`,
          level: 'error',
          messageIncludes: ["Action 'HTTP' authentication 'password'", 'detector http-authentication', 'Sum***'],
        },
      ],
    },
    {
      name: 'Entra client secret in ActiveDirectoryOAuth',
      flow: flow({ HTTP: http({ authentication: aadAuth(FAKE.entraSecret) }) }),
      errors: [
        { messageId: 'literalCredential', pointer: `${A}/HTTP/inputs/authentication/secret`, messageIncludes: ['http-authentication, azure-entra-client-secret', 'FAK***'] },
      ],
    },
    {
      name: 'Raw authentication value',
      flow: flow({ HTTP: http({ authentication: { type: 'Raw', value: `Bearer ${FAKE.random40}` } }) }),
      errors: [{ messageId: 'literalCredential', pointer: `${A}/HTTP/inputs/authentication/value` }],
    },
    {
      name: 'short literal password is a warning',
      flow: flow({ HTTP: http({ authentication: { type: 'Basic', username: 'svc', password: 's3cr3t' } }) }),
      errors: [{ messageId: 'literalCredential', level: 'warning' }],
    },
    {
      name: 'Authorization header with Basic credentials',
      flow: flow({ HTTP: http({ headers: { Authorization: `Basic ${FAKE.basic}` } }) }),
      errors: [
        {
          messageId: 'literalCredential',
          pointer: `${A}/HTTP/inputs/headers/Authorization`,
          messageIncludes: ["header 'Authorization'", 'credential-header, http-basic-credentials'],
        },
      ],
    },
    {
      name: 'Authorization header with a JWT',
      flow: flow({ HTTP: http({ headers: { Authorization: `Bearer ${FAKE.jwt}` } }) }),
      errors: [{ messageId: 'literalCredential', messageIncludes: ['credential-header, jwt', 'eyJ***'] }],
    },
    {
      name: 'literal token text before an interpolation',
      flow: flow({ HTTP: http({ headers: { Authorization: `Bearer ${FAKE.random40}@{variables('suffix')}` } }) }),
      errors: [{ messageId: 'literalCredential', pointer: `${A}/HTTP/inputs/headers/Authorization` }],
    },
    {
      name: 'x-functions-key and Ocp-Apim-Subscription-Key headers',
      flow: flow({ HTTP: http({ headers: { 'x-functions-key': FAKE.random40, 'Ocp-Apim-Subscription-Key': FAKE.hex32 } }) }),
      errors: [
        { messageId: 'literalCredential', pointer: `${A}/HTTP/inputs/headers/x-functions-key` },
        { messageId: 'literalCredential', pointer: `${A}/HTTP/inputs/headers/Ocp-Apim-Subscription-Key` },
      ],
    },
    {
      name: 'client_secret in queries',
      flow: flow({ HTTP: http({ queries: { client_id: FAKE.guid, client_secret: FAKE.random32 } }) }),
      errors: [{ messageId: 'literalCredential', pointer: `${A}/HTTP/inputs/queries/client_secret`, messageIncludes: ["query parameter 'client_secret'"] }],
    },
    {
      name: 'function key in the URI',
      flow: flow({ HTTP: http({ uri: `https://fake-func.azurewebsites.net/api/Notify?code=${FAKE.functionKey}` }) }),
      errors: [{ messageId: 'literalCredential', pointer: `${A}/HTTP/inputs/uri`, messageIncludes: ["URI query parameter 'code'", 'azure-function-key-url'] }],
    },
    {
      name: 'api_key in an interpolated URI',
      flow: flow({ HTTP: http({ uri: `https://api.contoso.example/items?api_key=${FAKE.random32}&user=@{variables('user')}` }) }),
      errors: [{ messageId: 'literalCredential', pointer: `${A}/HTTP/inputs/uri`, messageIncludes: ['credential-parameter, url-credential-parameter'] }],
    },
    {
      name: 'password in the URI userinfo',
      flow: flow({ HTTP: http({ uri: `https://svc-flow:${FAKE.random32}@ftp.contoso.example/in` }) }),
      errors: [{ messageId: 'literalCredential', messageIncludes: ['url-password'] }],
    },
    {
      name: 'token request with a form-encoded client secret (multi-line)',
      flow: flow({
        Get_token: tokenRequest(`client_id=${FAKE.guid}&\nscope=https://graph.microsoft.com/.default&\nclient_secret=${FAKE.random40}&\ngrant_type=client_credentials`),
      }),
      errors: [{ messageId: 'literalCredential', pointer: `${A}/Get_token/inputs/body`, messageIncludes: ["form parameter 'client_secret'", 'token-request-body'] }],
    },
    {
      name: 'token request with a JSON client secret',
      flow: flow({ Get_token: tokenRequest({ grant_type: 'client_credentials', client_id: FAKE.guid, client_secret: FAKE.random40 }) }),
      errors: [{ messageId: 'literalCredential', pointer: `${A}/Get_token/inputs/body/client_secret` }],
    },
    {
      name: 'password in a request body',
      flow: flow({
        Create_user: http({
          method: 'POST',
          uri: 'https://graph.microsoft.com/v1.0/users',
          body: { accountEnabled: true, passwordProfile: { password: 'TempPa$$w0rd123', forceChangePasswordNextSignIn: true } },
        }),
      }),
      errors: [{ messageId: 'literalCredential', pointer: `${A}/Create_user/inputs/body/passwordProfile/password` }],
    },
    {
      name: '@@-escaped literal is literal text',
      flow: flow({ HTTP: http({ authentication: { type: 'Basic', username: 'svc', password: '@@Sup3rS3cret!!' } }) }),
      errors: [{ messageId: 'literalCredential', messageIncludes: ['@Su***'] }],
    },
    {
      name: 'variable named like a secret',
      flow: flow({ Init: initVariable('varClientSecret', 'String', FAKE.random40), Set: setVariable('varClientSecret', FAKE.random32) }),
      errors: [
        { messageId: 'secretNamed', pointer: `${A}/Init/inputs/variables/0/value`, level: 'error', messageIncludes: ["variable 'varClientSecret'", 'secret-named-variable'] },
        { messageId: 'secretNamed', pointer: `${A}/Set/inputs/value`, level: 'error' },
      ],
    },
    {
      name: 'variable named like a secret with a weak literal is a warning',
      flow: flow({ Init: initVariable('AdminPassword', 'String', 'aaaa1111') }),
      errors: [{ messageId: 'secretNamed', level: 'warning' }],
    },
    {
      name: 'Compose named like a secret, and a Compose key named like one',
      flow: flow({ Client_Secret: compose(FAKE.random40), Settings: compose({ endpoint: 'https://api.contoso.example', apiKey: FAKE.random32 }) }),
      errors: [
        { messageId: 'secretNamed', pointer: `${A}/Client_Secret/inputs`, messageIncludes: ['secret-named-compose'] },
        { messageId: 'secretNamed', pointer: `${A}/Settings/inputs/apiKey` },
      ],
    },
    {
      name: 'connector parameter named like a credential',
      flow: flow({ Run_desktop_flow: connector('shared_uiflow', 'RunUIFlow_V2', { uiFlowId: FAKE.guid, 'item/Password': 'pass@word1' }) }),
      errors: [{ messageId: 'literalCredential', pointer: `${A}/Run_desktop_flow/inputs/parameters/item~1Password` }],
    },
    {
      name: 'environment-variable parameter default (a snapshot of the value)',
      flow: flow({}, { parameters: envVarParameter('cts_ClientSecret', FAKE.random40) }),
      errors: [{ messageId: 'secretNamed', pointer: `${P}/ClientSecret (cts_ClientSecret)/defaultValue`, messageIncludes: ["parameter 'ClientSecret (cts_ClientSecret)'"] }],
    },
    {
      name: 'SecureString parameter with a literal default',
      flow: flow({}, { parameters: { ApiKey: { type: 'SecureString', defaultValue: FAKE.random32 } } }),
      errors: [{ messageId: 'literalCredential', messageIncludes: ['secure-parameter-default'] }],
    },
    {
      name: 'parameter not named like a secret but used as one',
      flow: flow({ HTTP: http({ headers: { 'x-api-key': "@parameters('Partner (cts_Partner)')" } }) }, { parameters: envVarParameter('cts_Partner', FAKE.random32) }),
      errors: [{ messageId: 'literalCredential', messageIncludes: ['parameter-used-as-credential', "header 'x-api-key'"] }],
    },
    {
      name: 'known formats anywhere: GitHub token in a Compose, SAS URL in a Terminate message',
      flow: flow({
        Notes: compose(`deploy with ${FAKE.githubToken}`),
        Stop: terminate(`Upload to https://fakeacct.blob.core.windows.net/in/x.csv?sv=2022-11-02&sp=w&se=2030-01-01&sig=${encodeURIComponent(FAKE.storageKey.slice(0, 44))}`),
      }),
      errors: [
        { messageId: 'knownFormat', pointer: `${A}/Notes/inputs`, messageIncludes: ['GitHub token', 'detector github-token'] },
        { messageId: 'knownFormat', pointer: `${A}/Stop/inputs/runError/message`, messageIncludes: ['azure-sas-token'] },
      ],
    },
    {
      name: 'known format inside an expression string constant',
      flow: flow({ HTTP: http({ headers: { 'Content-Type': "@{concat('Bearer ', '" + FAKE.jwt + "')}" } }) }),
      errors: [{ messageId: 'knownFormat', messageIncludes: ['jwt'] }],
    },
    {
      name: 'value hidden by a duplicate key',
      groups: [folderGroup('Main.json', { 'Main.json': duplicatePasswordFlow }, 'file')],
      errors: [{ messageId: 'secretNamed', messageIncludes: ['hidden by a duplicate key'] }],
    },
    {
      name: 'environment variable default and value',
      solution: { extraFiles: { ...envVarFiles('cts_ApiSecret', { defaultValue: FAKE.random40 }), ...envVarFiles('cts_WebhookUrl', { value: triggerUrl() }) } },
      errors: [
        { messageId: 'secretNamed', messageIncludes: ["default value of environment variable 'cts_ApiSecret'", 'environment-variable-value'] },
        { messageId: 'knownFormat', pointer: '/environmentvariablevalues/environmentvariablevalue/value', messageIncludes: ['logic-app-trigger-url'] },
      ],
    },
    {
      name: 'JSON environment variable with a secret-named key',
      solution: { extraFiles: envVarFiles('cts_PartnerConfig', { type: 'JSON', value: JSON.stringify({ endpoint: 'https://api.contoso.example', clientSecret: FAKE.random40 }) }) },
      errors: [{ messageId: 'secretNamed', messageIncludes: ["key 'clientSecret'"] }],
    },
    {
      name: 'deployment settings value',
      solution: { extraFiles: { 'deploymentSettings.json': deploymentSettings({ cts_ClientSecret: FAKE.random40, cts_ApiBaseUrl: 'https://api.contoso.example' }) } },
      errors: [{ messageId: 'secretNamed', pointer: '/EnvironmentVariables/0/Value', messageIncludes: ["Deployment setting 'cts_ClientSecret'", 'deployment-settings-value'] }],
    },
    {
      name: 'desktop flow input default for a sensitive input',
      solution: {
        extraFiles: {
          'Other/Customizations.xml': desktopFlowCustomizations(
            "@SENSITIVE: [Password]\n@INPUT Username : { 'Description': 'User', 'DefaultValue': 'Your Username', 'Type': 'String' }\n@INPUT Password : { 'Description': 'Password', 'DefaultValue': 'pass@word1', 'Type': 'String' }\n",
          ),
        },
      },
      errors: [{ messageId: 'secretNamed', messageIncludes: ["input 'Password'", 'desktop-input-default', 'pas***'] }],
    },
    {
      name: 'desktop flow action with a literal password, and a known format in another action',
      solution: {
        extraFiles: {
          'Other/Customizations.xml': desktopFlowCustomizations(
            `@SENSITIVE: [Password]\nWebAutomation.PopulateTextField.PopulateTextFieldUsePhysicalKeyboard BrowserInstance: Browser Control: appmask['Login']['Password'] Text: $'''Wq7!vR2#pLx9''' Mode: WebAutomation.PopulateTextMode.Replace\nWeb.InvokeWebService.InvokeWebService Url: $'''https://api.contoso.example''' Method: Web.Method.Get CustomHeaders: $'''x-token: ${FAKE.githubToken}'''\n`,
          ),
        },
      },
      // The script is one JSON string on one XML line: findings sort by column, script order.
      errors: [
        { messageId: 'secretNamed', messageIncludes: ['desktop-action-literal', 'Wq7***', 'script line 2'] },
        { messageId: 'knownFormat', messageIncludes: ['github-token', 'script line 3'] },
      ],
    },
    {
      name: 'inline JavaScript assigns a secret to a secret-named identifier',
      flow: flow({ Code: javascript(`const url = "https://api.contoso.example";\nconst apiKey = "${FAKE.random32}";\nreturn apiKey;`) }),
      errors: [{ messageId: 'embeddedCode', pointer: `${A}/Code/inputs/code`, messageIncludes: ["Action 'Code' inline code, line 2", 'code-secret-assignment'] }],
    },
    {
      name: 'inline JavaScript sets an Authorization header from a literal',
      flow: flow({ Code: javascript(`const headers = new Headers();\nheaders.set('Authorization', 'Bearer ${FAKE.random40}');`) }),
      errors: [{ messageId: 'embeddedCode', messageIncludes: ['line 2', 'code-credential-header'] }],
    },
    {
      name: 'inline JavaScript that does not parse still gets known formats',
      flow: flow({ Code: javascript(`const x = "${FAKE.githubToken}" +;;; (((`) }),
      errors: [{ messageId: 'knownFormat', messageIncludes: ['github-token', 'line 1'] }],
    },
    {
      name: 'Office Script (.osts)',
      groups: [
        folderGroup(
          'Book.osts',
          {
            'Book.osts': officeScript(
              `function main(workbook: ExcelScript.Workbook) {\n  let settings = { clientSecret: "${FAKE.random40}" };\n  const note = "${FAKE.jwt}";\n}\n`,
            ),
          },
          'file',
        ),
      ],
      errors: [
        { messageId: 'embeddedCode', pointer: '/body', messageIncludes: ["Office Script 'Book.osts', line 2"] },
        { messageId: 'knownFormat', pointer: '/body', messageIncludes: ['line 3', 'jwt'] },
      ],
    },
    {
      name: 'plain TypeScript file given directly',
      groups: [folderGroup('script.ts', { 'script.ts': `async function main() {\n  const password: string = "${FAKE.random32}";\n}\n` }, 'file')],
      errors: [{ messageId: 'embeddedCode', messageIncludes: ["Script 'script.ts', line 2"] }],
    },
    // Credentials folded from literals by concat/base64/string/encodeUriComponent.
    {
      name: 'API key as base64(concat(key, colon)) in a Basic Authorization header',
      flow: flow({ HTTP: http({ headers: { Authorization: `Basic @{base64(concat('${FAKE.guid}', ':'))}` } }) }),
      errors: [
        { messageId: 'literalCredential', pointer: `${A}/HTTP/inputs/headers/Authorization`, level: 'error', messageIncludes: ["header 'Authorization'", 'credential-header'] },
      ],
    },
    {
      name: 'the same as one whole expression',
      flow: flow({ HTTP: http({ headers: { Authorization: `@{concat('Basic ', base64(concat('${FAKE.guid}', ':')))}` } }) }),
      errors: [{ messageId: 'literalCredential', level: 'error', messageIncludes: ['credential-header'] }],
    },
    {
      name: 'a GUID key inside a credential header that does not fold',
      flow: flow({ HTTP: http({ headers: { Authorization: `Basic @{base64(concat('${FAKE.guid}', ':', variables('suffix')))}` } }) }),
      errors: [{ messageId: 'literalCredential', level: 'error', messageIncludes: ['credential-header'] }],
    },
    {
      name: 'API key as a written-out Basic credential with an empty password',
      flow: flow({ HTTP: http({ headers: { Authorization: `Basic ${b64(`${FAKE.guid}:`)}` } }) }),
      errors: [{ messageId: 'literalCredential', level: 'error', messageIncludes: ['credential-header, http-basic-credentials'] }],
    },
    {
      name: 'concat of literals in an authentication password',
      flow: flow({ HTTP: http({ authentication: { type: 'Basic', username: 'svc-flow', password: "@concat('Summer', '2024!Flow')" } }) }),
      errors: [{ messageId: 'literalCredential', pointer: `${A}/HTTP/inputs/authentication/password`, level: 'error', messageIncludes: ['Sum***'] }],
    },
    {
      name: 'concat of literals in an API key header, a query and a variable named like a secret',
      flow: flow({
        HTTP: http({
          headers: { 'x-api-key': `@{concat('${FAKE.random32.slice(0, 16)}', '${FAKE.random32.slice(16)}')}` },
          queries: { client_secret: `@{string('${FAKE.random40}')}` },
        }),
        Init: initVariable('varClientSecret', 'String', `@{encodeUriComponent(concat('${FAKE.random40.slice(0, 20)}', '${FAKE.random40.slice(20)}'))}`),
      }),
      errors: [
        { messageId: 'literalCredential', pointer: `${A}/HTTP/inputs/headers/x-api-key`, level: 'error' },
        { messageId: 'literalCredential', pointer: `${A}/HTTP/inputs/queries/client_secret`, level: 'error' },
        { messageId: 'secretNamed', pointer: `${A}/Init/inputs/variables/0/value`, level: 'error' },
      ],
    },
    {
      name: 'concat of literals under a key named like a secret',
      flow: flow({ Settings: compose({ endpoint: 'https://api.contoso.example', apiKey: `@{concat('${FAKE.random32.slice(0, 16)}', '${FAKE.random32.slice(16)}')}` }) }),
      errors: [{ messageId: 'secretNamed', pointer: `${A}/Settings/inputs/apiKey`, level: 'error' }],
    },
    // An API key in the Basic user name, with an empty or trivial password.
    ...[
      { password: '', label: "''" },
      { password: 'x', label: 'x' },
      { password: 'test', label: 'test' },
      { password: 'password', label: 'password' },
      { password: 'X', label: 'X' },
      { password: undefined, label: 'no password' },
    ].map(({ password, label }) => ({
      name: `API key as the Basic user name, password ${label}`,
      flow: flow({ HTTP: http({ authentication: basicAuth(FAKE.guid, password) }) }),
      errors: [
        {
          messageId: 'literalCredential' as const,
          pointer: `${A}/HTTP/inputs/authentication/username`,
          level: 'error' as const,
          messageIncludes: ["authentication 'username'", 'http-authentication'],
        },
      ],
    })),
    {
      name: 'random API key as the Basic user name',
      flow: flow({ HTTP: http({ authentication: basicAuth(FAKE.random32, 'x') }) }),
      errors: [{ messageId: 'literalCredential', pointer: `${A}/HTTP/inputs/authentication/username`, level: 'error' }],
    },
    {
      name: 'API key folded into the Basic user name',
      flow: flow({ HTTP: http({ authentication: basicAuth(`@{concat('${FAKE.hex32}')}`, '') }) }),
      errors: [{ messageId: 'literalCredential', pointer: `${A}/HTTP/inputs/authentication/username`, level: 'error' }],
    },
    // `password: …` and `pwd=…` in notes and descriptions.
    {
      name: 'password written in an action note',
      flow: flow({ Call: http({}, { description: 'Partner API. Login: svc-flow / password: Welcome2024!' }) }),
      errors: [{ messageId: 'knownFormat', pointer: `${A}/Call/description`, level: 'error', messageIncludes: ['password-in-text', 'Wel***'] }],
    },
    {
      name: 'pwd= written in a Compose note',
      flow: flow({ Notes: compose('see the wiki', { description: `Use pwd=${FAKE.random32.slice(0, 12)} for the test tenant` }) }),
      errors: [{ messageId: 'knownFormat', pointer: `${A}/Notes/description`, level: 'error', messageIncludes: ['password-in-text'] }],
    },
    {
      name: 'password written in the flow description',
      flow: describedFlow(`Runs nightly. Service account password: ${FAKE.random32.slice(0, 14)}`),
      errors: [{ messageId: 'knownFormat', pointer: '/properties/description', level: 'error', messageIncludes: ['password-in-text'] }],
    },
    // A credential in deployment settings for a Secret environment variable, or credential-shaped with no definition at hand.
    {
      name: 'plain credential for a Secret environment variable in deployment settings',
      solution: { extraFiles: { ...envVarFiles('cts_Partner', { type: 'Secret' }), 'deploymentSettings.json': deploymentSettings({ cts_Partner: 'Summer2024!Flow' }) } },
      errors: [
        {
          messageId: 'literalCredential',
          pointer: '/EnvironmentVariables/0/Value',
          level: 'error',
          messageIncludes: ["Deployment setting 'cts_Partner'", 'secret-environment-variable-value'],
        },
      ],
    },
    {
      name: 'the same value in a value file is an error too',
      solution: { extraFiles: envVarFiles('cts_Partner', { type: 'Secret', value: 'Summer2024!Flow' }) },
      errors: [{ messageId: 'literalCredential', level: 'error', messageIncludes: ['secret-environment-variable-value'] }],
    },
    {
      name: 'credential-shaped value in a deployment settings file linted alone',
      groups: lonelySettings({ cts_Partner: FAKE.random40, cts_BaseUrl: 'https://api.contoso.example' }),
      errors: [
        {
          messageId: 'literalCredential',
          pointer: '/EnvironmentVariables/0/Value',
          level: 'error',
          messageIncludes: ["Deployment setting 'cts_Partner'", 'deployment-settings-credential'],
        },
      ],
    },
    // Token/secret keys that hold a credential, not prose, are still credentials.
    {
      name: 'a real token in a Response body',
      flow: flow({ Respond: response({ token: FAKE.random40 }) }),
      errors: [{ messageId: 'literalCredential', pointer: `${A}/Respond/inputs/body/token`, level: 'error' }],
    },
    {
      name: 'a words-only password is still a password',
      flow: flow({ HTTP: http({ authentication: { type: 'Basic', username: 'svc-flow', password: 'Correct horse battery staple!' } }) }),
      errors: [{ messageId: 'literalCredential', pointer: `${A}/HTTP/inputs/authentication/password` }],
    },
    {
      name: 'a vendor prefix with its payload',
      flow: flow({ HTTP: http({ headers: { Authorization: `Bearer ${FAKE.githubToken}` } }) }),
      errors: [{ messageId: 'literalCredential', level: 'error', messageIncludes: ['credential-header', 'ghp***'] }],
    },
    // 88-character base64 in a storage key's context.
    {
      name: '88-character base64 under a key-named field',
      flow: flow({ Compose: compose({ accountName: 'fakeacct', accountKey: FAKE.storageKey }) }),
      errors: [{ messageId: 'secretNamed', pointer: `${A}/Compose/inputs/accountKey`, messageIncludes: ['azure-storage-account-key'] }],
    },
    {
      name: '88-character base64 beside a storage account URL',
      flow: flow({ Compose: compose({ account: 'https://fakeacct.blob.core.windows.net', value: FAKE.storageKey }) }),
      errors: [{ messageId: 'knownFormat', pointer: `${A}/Compose/inputs/value`, messageIncludes: ['detector azure-storage-account-key'] }],
    },
    {
      name: '88-character base64 in a storage key environment variable',
      solution: { extraFiles: envVarFiles('cts_StorageKey', { value: FAKE.storageKey }) },
      errors: [{ messageId: 'knownFormat', messageIncludes: ["environment variable 'cts_StorageKey'", 'azure-storage-account-key', 'environment-variable-value'] }],
    },
    {
      name: 'minLength raises the bar for errors',
      flow: flow({ HTTP: http({ authentication: { type: 'Basic', username: 'svc', password: 'Summer2024!Flow' } }) }),
      options: { minLength: 20 },
      errors: [{ messageId: 'literalCredential', level: 'warning' }],
    },
  ],
});

describe('a credential in XML kept as raw text', () => {
  it('is found inside a section the model does not read, and placed on its own line', () => {
    const customizations = [
      '<ImportExportXml>',
      '  <msdyn_dataflows>',
      '    <msdyn_dataflow>',
      '      <msdyn_name>Sync</msdyn_name>',
      `      <msdyn_mashupdocument>let Source = Web.Contents("https://api.contoso.example", [Headers=[token="${FAKE.githubToken}"]])</msdyn_mashupdocument>`,
      '    </msdyn_dataflow>',
      '  </msdyn_dataflows>',
      '</ImportExportXml>',
    ].join('\r\n');
    const { findings } = runRule(rule, [folderGroup('solution', solutionFiles({ extraFiles: { 'Other/Customizations.xml': customizations } }))]);
    expect(findings.map((f) => [f.messageId, f.location.entry ?? f.location.file, f.location.region?.startLine])).toEqual([
      ['knownFormat', 'solution/Other/Customizations.xml', 5],
    ]);
  });

  it('is found in an XML file the model does not read at all (a Copilot topic), on its own line', () => {
    const topic = [
      '<botcomponent schemaname="cr_bot.topic.Sync">',
      '  <data>kind: AdaptiveDialog',
      '    actions:',
      `      - kind: HttpRequestAction&#10;        headers: {"x-api-key": "${FAKE.githubToken}"}</data>`,
      '</botcomponent>',
    ].join('\n');
    const { findings } = runRule(rule, [folderGroup('solution', solutionFiles({ extraFiles: { 'botcomponents/cr_bot.topic.Sync/botcomponent.xml': topic } }))]);
    expect(findings.map((f) => [f.messageId, f.location.entry ?? f.location.file, f.location.region?.startLine])).toEqual([
      ['knownFormat', 'solution/botcomponents/cr_bot.topic.Sync/botcomponent.xml', 4],
    ]);
  });
});

describe('files read only as context around a file given alone', () => {
  const customizations = `<ImportExportXml><msdyn_dataflows><x>token="${FAKE.githubToken}"</x></msdyn_dataflows></ImportExportXml>`;
  const files = solutionFiles({
    flows: { Main: flow({ HTTP: http({ headers: { 'x-api-key': FAKE.githubToken } }) }) },
    extraFiles: { 'Other/Customizations.xml': customizations },
  });
  const group = folderGroup('solution', files);
  const flowFile = group.files.find((f) => f.path.startsWith('Workflows/'))!.source.file;

  it('the engine tells a rule which documents keep their findings', () => {
    const seen: Record<string, boolean> = {};
    const probe = defineRule({
      meta: { ...rule.meta, id: 'probe', messages: {}, defaultOptions: {}, schema: undefined },
      create: (context) => ({
        solution(solution) {
          for (const document of solution.documents) seen[document.unitPath] = context.reportsIn(document);
        },
      }),
    });
    runRule(probe, [{ ...group, focus: [flowFile] }]);
    expect(
      Object.entries(seen)
        .filter(([, kept]) => kept)
        .map(([path]) => path),
    ).toEqual([flowFile.slice('solution/'.length)]);
    expect(Object.keys(seen).length).toBeGreaterThan(2);
    runRule(probe, [group]);
    expect(Object.values(seen).every(Boolean)).toBe(true);
  });

  it('are not searched for secrets, and the file in focus still is', () => {
    const { solution } = buildUnit(group, DEFAULT_LIMITS);
    const inFile = (findings: readonly SecretFinding[]) => findings.map((f) => f.node.location.document.unitPath).sort();
    expect(inFile(findHardcodedSecrets(solution, DEFAULT_SCAN_OPTIONS))).toEqual(['Other/Customizations.xml', flowFile.slice('solution/'.length)].sort());
    const focused = findHardcodedSecrets(solution, DEFAULT_SCAN_OPTIONS, (document) => document.source.file === flowFile);
    expect(inFile(focused)).toEqual([flowFile.slice('solution/'.length)]);
    // Through the engine, with the flow file in focus: its finding, none elsewhere.
    const { findings } = runRule(rule, [{ ...group, focus: [flowFile] }]);
    expect(findings.map((f) => f.location.file)).toEqual([flowFile]);
  });
});
