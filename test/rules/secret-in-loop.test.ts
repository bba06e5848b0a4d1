import rule from '../../rules/secret-in-loop.js';
import { ruleTester } from '../helpers/rule-tester.js';
import { flow, foreach, http, kvGetSecret, scope, until } from '../helpers/builders.js';

const A = '/properties/definition/actions';
const secured = { secureInputs: true, secureOutputs: true };

ruleTester(rule, {
  valid: [
    {
      name: 'read once before the loop',
      flow: flow({
        Get_secret: kvGetSecret('k', secured),
        Each: foreach("@triggerBody()?['items']", { Call: http({ headers: { k: "@body('Get_secret')?['value']" } }, secured) }),
      }),
    },
    { name: 'read inside a Scope', flow: flow({ Read: scope({ Get_secret: kvGetSecret('k', secured) }) }) },
  ],
  invalid: [
    {
      name: 'Get secret in Apply to each',
      flow: flow({ Each: foreach("@triggerBody()?['items']", { Get_secret: kvGetSecret('k', secured) }) }),
      errors: [{ messageId: 'inLoop', level: 'note', pointer: `${A}/Each/actions/Get_secret`, messageIncludes: ["loop 'Each'"] }],
    },
    {
      name: 'token request in Do until, inside a Scope',
      flow: flow({
        Retry: until('@true', {
          Inner: scope({ Token: http({ method: 'POST', uri: 'https://login.microsoftonline.com/x/oauth2/v2.0/token', body: 'grant_type=client_credentials' }, secured) }),
        }),
      }),
      errors: [{ messageId: 'inLoop', messageIncludes: ["loop 'Retry'"] }],
    },
  ],
});
