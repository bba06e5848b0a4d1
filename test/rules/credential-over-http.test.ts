import rule from '../../rules/credential-over-http.js';
import { ruleTester } from '../helpers/rule-tester.js';
import { connector, flow, http, kvGetSecret } from '../helpers/builders.js';

const A = '/properties/definition/actions';
const secured = { secureInputs: true, secureOutputs: true };
const withSecret = (uri: string) =>
  flow({
    Get_secret: kvGetSecret('k', secured),
    Call: http({ uri, headers: { 'x-api-key': "@body('Get_secret')?['value']" } }, { ...secured, runAfter: { Get_secret: ['Succeeded'] } }),
  });

ruleTester(rule, {
  valid: [
    { name: 'a secret sent over https', flow: withSecret('https://partner.contoso.example/orders') },
    { name: 'plain http without a credential', flow: flow({ Call: http({ uri: 'http://status.contoso.example/health' }) }) },
    { name: 'a loopback address', flow: withSecret('http://localhost:8080/orders') },
    { name: 'authentication None', flow: flow({ Call: http({ uri: 'http://api.contoso.example/x', authentication: { type: 'None' } }) }) },
    { name: 'a header that is no credential', flow: flow({ Call: http({ uri: 'http://api.contoso.example/x', headers: { Accept: 'application/json' } }) }) },
  ],
  invalid: [
    {
      name: 'a Key Vault secret in a header over http',
      flow: withSecret('http://partner.contoso.example/orders'),
      errors: [{ messageId: 'plainHttp', pointer: `${A}/Call/inputs/uri`, messageIncludes: ["'Call'", 'a secret'] }],
    },
    { name: 'HTTP:// in capitals', flow: withSecret('HTTP://partner.contoso.example/orders'), errors: [{ messageId: 'plainHttp' }] },
    {
      name: 'an authentication object',
      flow: flow({ Call: http({ uri: 'http://api.contoso.example/x', authentication: { type: 'Basic', username: 'svc', password: "@parameters('pw')" } }) }),
      errors: [{ messageId: 'plainHttp', messageIncludes: ['authentication settings'] }],
    },
    {
      name: 'an Authorization header',
      flow: flow({ Call: http({ uri: 'http://api.contoso.example/x', headers: { Authorization: "@parameters('token')" } }) }),
      errors: [{ messageId: 'plainHttp', messageIncludes: ['header Authorization'] }],
    },
    {
      name: 'the HTTP with Entra ID connector',
      flow: flow({
        Get_secret: kvGetSecret('k', secured),
        Call: connector(
          'shared_webcontents',
          'InvokeHttp',
          { 'request/method': 'POST', 'request/url': 'http://intranet.contoso.example/api', 'request/body': "@body('Get_secret')?['value']" },
          { ...secured, runAfter: { Get_secret: ['Succeeded'] } },
        ),
      }),
      errors: [{ messageId: 'plainHttp', pointer: `${A}/Call/inputs/parameters/request~1url` }],
    },
  ],
});
