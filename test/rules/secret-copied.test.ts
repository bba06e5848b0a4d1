import rule from '../../rules/secret-copied.js';
import { ruleTester } from '../helpers/rule-tester.js';
import { compose, condition, connector, flow, foreach, http, initVariable, kvGetSecret, scope, setVariable } from '../helpers/builders.js';

const A = '/properties/definition/actions';
const secured = { secureInputs: true, secureOutputs: true };

ruleTester(rule, {
  valid: [
    {
      name: 'secret used directly by a secured action',
      flow: flow({ Get_secret: kvGetSecret('k', secured), Call: http({ headers: { k: "@body('Get_secret')?['value']" } }, secured) }),
    },
    { name: 'Compose of non-secret data', flow: flow({ Get_secret: kvGetSecret('k', secured), Compose: compose("@body('Get_secret')?['name']") }) },
    { name: 'variable of a trigger value', flow: flow({ Init: initVariable('name', 'String', "@triggerBody()?['name']") }) },
    {
      name: 'outputs of failed runs carry no secret',
      flow: flow({
        Try: scope({
          Get_token: http({ method: 'POST', uri: 'https://login.microsoftonline.com/x/oauth2/token', body: 'grant_type=client_credentials' }, { secureOutputs: true }),
        }),
        Failed: { type: 'Query', runAfter: {}, inputs: { from: "@result('Try')", where: "@or(equals(item()?['status'], 'Failed'), equals(item()?['status'], 'TimedOut'))" } },
        Each: foreach("@body('Failed')", { Describe: compose("@items('Each')?['outputs']?['body']") }),
      }),
    },
    {
      name: 'result() of secured actions is obfuscated',
      flow: flow({
        Try: scope({ Get_token: http({ method: 'POST', uri: 'https://login.microsoftonline.com/x/oauth2/token', body: 'grant_type=client_credentials' }, secured) }),
        Failed: { type: 'Query', runAfter: {}, inputs: { from: "@result('Try')", where: "@equals(item()?['status'], 'Failed')" } },
      }),
    },
    { name: 'escaped text in a variable', flow: flow({ Get_secret: kvGetSecret('k', secured), Init: initVariable('doc', 'String', "@@{body('Get_secret')?['value']}") }) },
  ],
  invalid: [
    {
      name: "Parse JSON copies the refresh token a custom connector's GetSecret returned",
      flow: flow({
        Get_secret: connector('cts_5fcontoso-20key-20vault', 'GetSecret', { secretName: 'crm-refresh' }, secured),
        Parse_JSON: {
          type: 'ParseJson',
          runAfter: {},
          inputs: { content: "@body('Get_secret')?['value']", schema: { type: 'object', properties: { refresh_token: { type: 'string' } } } },
        },
      }),
      errors: [{ messageId: 'copied', pointer: `${A}/Parse_JSON/inputs/content` }],
    },
    {
      name: 'Key Vault REST in the ALM shape, copied by Compose',
      flow: flow({
        Get_secret: http(
          {
            method: 'GET',
            uri: "https://@{parameters('KV Vault Name (cts_KV_VaultName)')}.vault.azure.net/secrets/api-key?api-version=7.4",
            authentication: { type: 'ManagedServiceIdentity', audience: 'https://vault.azure.net' },
          },
          secured,
        ),
        Compose: compose("@body('Get_secret')?['value']"),
      }),
      errors: [{ messageId: 'copied', pointer: `${A}/Compose/inputs` }],
    },
    {
      name: 'Filter array copies result() but error details read from it are not the secret',
      flow: flow({
        Try: scope({ Get_token: http({ method: 'POST', uri: 'https://login.microsoftonline.com/x/oauth2/token', body: 'grant_type=client_credentials' }) }),
        Failed: { type: 'Query', runAfter: {}, inputs: { from: "@result('Try')", where: "@equals(item()?['status'], 'Failed')" } },
        Each: foreach("@body('Failed')", { Describe: compose("@concat(items('Each')?['name'], ': ', items('Each')?['error']?['message'])") }),
      }),
      errors: [{ messageId: 'copied', pointer: `${A}/Failed/inputs/from` }],
    },

    {
      name: 'outputs read from result() are the secret',
      flow: flow({
        Try: scope({ Get_token: http({ method: 'POST', uri: 'https://login.microsoftonline.com/x/oauth2/token', body: 'grant_type=client_credentials' }) }),
        Each: foreach("@result('Try')", { Describe: compose("@items('Each')?['outputs']?['body']") }),
      }),
      errors: [{ messageId: 'copied', pointer: `${A}/Each/actions/Describe/inputs`, messageIncludes: ["through 'Each'"] }],
    },
    {
      name: 'Compose copies the secret',
      flow: flow({ Get_secret: kvGetSecret('k', secured), Compose_key: compose("@body('Get_secret')?['value']") }),
      errors: [{ messageId: 'copied', level: 'error', pointer: `${A}/Compose_key/inputs`, dataFlowLength: 2 }],
    },
    {
      name: 'Compose with Secure Inputs is a warning',
      flow: flow({ Get_secret: kvGetSecret('k', secured), Compose_key: compose("@body('Get_secret')?['value']", { secureInputs: true }) }),
      errors: [{ messageId: 'copiedSecured', level: 'warning' }],
    },
    {
      name: 'variable initialised with the secret',
      flow: flow({ Get_secret: kvGetSecret('k', secured), Init: initVariable('token', 'String', "@{body('Get_secret')?['value']}") }),
      errors: [{ messageId: 'copiedToVariable', pointer: `${A}/Init/inputs/variables/0/value`, messageIncludes: ["variable 'token'"] }],
    },
    {
      name: 'copy of a copy names the whole path',
      flow: flow({
        Get_secret: kvGetSecret('k', secured),
        Parse: { type: 'ParseJson', runAfter: {}, inputs: { content: "@body('Get_secret')", schema: {} } },
        Branch: condition('@true', { Set: setVariable('token', "@body('Parse')?['value']") }),
      }),
      errors: [
        { messageId: 'copied', pointer: `${A}/Parse/inputs/content` },
        { messageId: 'copiedToVariable', pointer: `${A}/Branch/actions/Set/inputs/value`, messageIncludes: ["through 'Parse'"], dataFlowLength: 3 },
      ],
    },
    {
      name: 'Select and Join over a tainted array',
      flow: flow({
        Get_secret: kvGetSecret('k', secured),
        Select: { type: 'Select', runAfter: {}, inputs: { from: "@createArray(body('Get_secret')?['value'])", select: { key: '@item()' } } },
        Join: { type: 'Join', runAfter: {}, inputs: { from: "@body('Select')", joinWith: ',' } },
      }),
      errors: [
        { messageId: 'copied', pointer: `${A}/Select/inputs/from` },
        { messageId: 'copied', pointer: `${A}/Join/inputs/from` },
      ],
    },
  ],
});
