import rule from '../../rules/secure-inputs-missing.js';
import { ruleTester } from '../helpers/rule-tester.js';
import { compose, condition, connector, flow, foreach, http, initVariable, kvGetSecret, scope, setVariable, switchOn, type Json } from '../helpers/builders.js';

const A = '/properties/definition/actions';
const secured = { secureInputs: true, secureOutputs: true };
const unsecured = { secureInputs: false, secureOutputs: false };
const header = (value: string): Record<string, Json> => ({ headers: { 'x-api-key': value } });
const after = (name: string) => ({ runAfter: { [name]: ['Succeeded'] } });

ruleTester(rule, {
  valid: [
    {
      name: 'a flow that does everything right',
      flow: flow({
        Get_secret: kvGetSecret('api-key', secured),
        Call_API: http(header("@{body('Get_secret')?['value']}"), { ...after('Get_secret'), secureInputs: true, secureOutputs: true }),
      }),
    },
    { name: 'secret metadata is not the secret', flow: flow({ Get_secret: kvGetSecret('k', secured), Log: http({ body: "@body('Get_secret')?['version']" }) }) },
    { name: 'escaped @@ text only looks like an expression', flow: flow({ Get_secret: kvGetSecret('k', secured), Call: http(header("@@{body('Get_secret')?['value']}")) }) },
    { name: 'connector outputs are not secrets', flow: flow({ List: connector('shared_sharepointonline', 'GetItems', { dataset: 'x' }), Call: http({ body: "@body('List')" }) }) },
    {
      name: 'the Authorization header is never shown in run history',
      flow: flow({
        Get_token: http(
          { method: 'POST', uri: 'https://login.microsoftonline.com/x/oauth2/v2.0/token', body: 'grant_type=client_credentials' },
          { secureOutputs: true, secureInputs: true },
        ),
        Call: http({ headers: { authorization: "Bearer @{body('Get_token')?['access_token']}" } }),
      }),
    },
    {
      name: 'the HTTP authentication object is sanitised by the platform',
      flow: flow({ Get_secret: kvGetSecret('k', unsecured), Call: http({ authentication: { type: 'Raw', value: "Bearer @{body('Get_secret')?['value']}" } }) }),
    },
    {
      name: 'variables cannot be secured (secret-copied reports them)',
      flow: flow({ Get_secret: kvGetSecret('k', secured), Init: initVariable('token', 'String', "@body('Get_secret')?['value']") }),
    },
    { name: 'copy steps are reported by secret-copied', flow: flow({ Get_secret: kvGetSecret('k', secured), Compose: compose("@body('Get_secret')?['value']") }) },
  ],
  invalid: [
    {
      name: 'direct consumer of an unsecured source',
      flow: flow({ Get_secret: kvGetSecret('k', unsecured), Call_API: http(header("@body('Get_secret')?['value']"), after('Get_secret')) }),
      errors: [{ messageId: 'missing', level: 'error', pointer: `${A}/Call_API/inputs/headers/x-api-key`, dataFlowLength: 2, messageIncludes: ["'Call_API'", "'Get_secret'"] }],
    },
    {
      name: 'secured source, direct consumer only implicitly hidden: warning',
      flow: flow({ Get_secret: kvGetSecret('k', secured), Call_API: http(header("@body('Get_secret')?['value']")) }),
      errors: [{ messageId: 'implicit', level: 'warning', pointer: `${A}/Call_API/inputs/headers/x-api-key` }],
    },
    {
      name: 'secured source reached through Compose: error naming the path',
      flow: flow({ Get_secret: kvGetSecret('k', secured), Compose_key: compose("@body('Get_secret')?['value']"), Call_API: http(header("@{outputs('Compose_key')}")) }),
      errors: [{ messageId: 'missing', level: 'error', dataFlowLength: 3, messageIncludes: ["through 'Compose_key'"] }],
    },
    {
      name: 'interpolation inside a longer string',
      flow: flow({ Get_secret: kvGetSecret('k', unsecured), Call: http({ headers: { 'X-Partner-Token': "Token @{body('Get_secret')?['value']} (rotated)" } }) }),
      errors: [{ messageId: 'missing', pointer: `${A}/Call/inputs/headers/X-Partner-Token` }],
    },
    {
      name: 'source in a Scope consumed in an Apply to each inside an If',
      flow: flow({
        Read: scope({ Get_secret: kvGetSecret('k', unsecured) }),
        Check: condition('@equals(1, 1)', { Each: foreach("@triggerBody()?['items']", { Call: http(header("@body('Get_secret')?['value']")) }) }),
      }),
      errors: [{ messageId: 'missing', pointer: `${A}/Check/actions/Each/actions/Call/inputs/headers/x-api-key` }],
    },
    {
      name: 'variable set in one branch and read in another',
      flow: flow({
        Init: initVariable('token', 'String', ''),
        Branch: condition('@true', { Set: setVariable('token', "@body('Get_secret')?['value']") }, { Call: http(header("@variables('token')")) }),
        Get_secret: kvGetSecret('k', secured),
      }),
      errors: [{ messageId: 'missing', pointer: `${A}/Branch/else/actions/Call/inputs/headers/x-api-key`, messageIncludes: ["through 'Set'"] }],
    },
    {
      name: 'Switch case and default',
      flow: flow({
        Get_secret: kvGetSecret('k', unsecured),
        Route: switchOn(
          "@triggerBody()?['kind']",
          { Partner: { case: 'partner', actions: { Call_partner: http(header("@body('Get_secret')?['value']")) } } },
          { Call_default: http(header("@{body('Get_secret')['value']}")) },
        ),
      }),
      errors: [
        { messageId: 'missing', pointer: `${A}/Route/cases/Partner/actions/Call_partner/inputs/headers/x-api-key` },
        { messageId: 'missing', pointer: `${A}/Route/default/actions/Call_default/inputs/headers/x-api-key` },
      ],
    },
    {
      name: 'items() over a tainted array',
      flow: flow({
        Get_secret: kvGetSecret('k', secured),
        Keys: compose("@createArray(body('Get_secret')?['value'])"),
        Each_key: foreach("@outputs('Keys')", { Call: http(header("@items('Each_key')")), Call_item: http(header('@item()')) }),
      }),
      errors: [
        { messageId: 'missing', pointer: `${A}/Each_key/actions/Call/inputs/headers/x-api-key`, messageIncludes: ["through 'Keys' → 'Each_key'"] },
        { messageId: 'missing', pointer: `${A}/Each_key/actions/Call_item/inputs/headers/x-api-key` },
      ],
    },
    {
      name: 'the same secret read twice',
      flow: flow({
        Get_secret: kvGetSecret('k', unsecured),
        Get_secret_again: kvGetSecret('k', unsecured),
        Call: http({ headers: { a: "@body('Get_secret')?['value']", b: "@body('Get_secret_again')?['value']" } }),
      }),
      errors: [{ messageId: 'missing', pointer: `${A}/Call/inputs/headers/a` }],
    },
    {
      name: 'action names with spaces and quotes',
      flow: flow({
        "Get_the_partner's_key": kvGetSecret('k', unsecured),
        'Call partner API': http(header("@body('Get_the_partner''s_key')?['value']")),
      }),
      errors: [{ messageId: 'missing', pointer: `${A}/Call partner API/inputs/headers/x-api-key`, messageIncludes: ["'Get_the_partner's_key'"] }],
    },
    {
      name: 'child flow and desktop flow calls',
      flow: flow({
        Get_secret: kvGetSecret('k', unsecured),
        Run_desktop: connector('shared_uiflow', 'RunUIFlow_V2', { uiFlowId: 'x', runMode: 'attended', 'item/Password': "@body('Get_secret')?['value']" }),
        Run_child: { type: 'Workflow', runAfter: {}, inputs: { host: { workflowReferenceName: 'abc' }, body: { key: "@body('Get_secret')?['value']" } } },
      }),
      errors: [
        { messageId: 'missing', pointer: `${A}/Run_desktop/inputs/parameters/item~1Password` },
        { messageId: 'missing', pointer: `${A}/Run_child/inputs/body/key` },
      ],
    },
    {
      name: 'token request whose body carries the secret',
      flow: flow({
        Get_secret: kvGetSecret('client-secret', secured),
        Get_token: http({
          method: 'POST',
          uri: 'https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token',
          body: "grant_type=client_credentials&client_id=abc&client_secret=@{body('Get_secret')?['value']}",
        }),
        Call: http({ body: { token: "@{body('Get_token')?['access_token']}" } }),
      }),
      errors: [
        { messageId: 'implicit', pointer: `${A}/Get_token/inputs/body`, level: 'warning' },
        { messageId: 'missing', pointer: `${A}/Call/inputs/body/token`, messageIncludes: ['access token', "'Get_token'"] },
      ],
    },
    {
      name: 'secure definition parameter',
      flow: flow({ Call: http(header("@parameters('ApiKey')")) }, { parameters: { ApiKey: { type: 'SecureString', defaultValue: '' } } }),
      errors: [{ messageId: 'implicit', level: 'warning' }],
    },
  ],
});
