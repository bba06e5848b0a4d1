import rule from '../../rules/security-regression.js';
import { ruleTester } from '../helpers/rule-tester.js';
import { flow, http, kvGetSecret } from '../helpers/builders.js';

const A = '/properties/definition/actions';
const KEY = 'ContosoFlows|Workflows/Main-0000AAAA-1111-2222-3333-000000000001.json';
const secured = { secureInputs: true, secureOutputs: true };
const previous = (actions: Record<string, { secureInputs: boolean; secureOutputs: boolean }>, connections: Record<string, boolean> = {}) => ({
  previous: { [KEY]: { actions, connections } },
});

ruleTester(rule, {
  valid: [
    { name: 'no previous version (a plain lint run)', flow: flow({ Get_secret: kvGetSecret('k', { secureOutputs: false }) }) },
    { name: 'protections kept', flow: flow({ Get_secret: kvGetSecret('k', secured) }), run: previous({ Get_secret: { secureInputs: true, secureOutputs: true } }) },
    { name: 'a new action is not a regression', flow: flow({ Call: http({}) }), run: previous({}) },
    { name: 'a flow that did not exist before', flow: flow({ Get_secret: kvGetSecret('k', { secureOutputs: false }) }), run: { previous: {} } },
    { name: 'a connection that was never a reference', flow: flow({}, { connections: { shared_keyvault: { connection: 'x' } } }), run: previous({}, { shared_keyvault: false }) },
  ],
  invalid: [
    {
      name: 'Secure Outputs turned off',
      flow: flow({ Get_secret: kvGetSecret('k', { secureInputs: true, secureOutputs: false }) }),
      run: previous({ Get_secret: { secureInputs: true, secureOutputs: true } }),
      errors: [{ messageId: 'secureOutputsRemoved', pointer: `${A}/Get_secret` }],
    },
    {
      name: 'both turned off',
      flow: flow({ Call: http({}) }),
      run: previous({ Call: { secureInputs: true, secureOutputs: true } }),
      errors: [{ messageId: 'secureInputsRemoved' }, { messageId: 'secureOutputsRemoved' }],
    },
    {
      name: 'connection reference replaced by a connection',
      flow: flow({}, { connections: { shared_keyvault: { connection: 'shared-keyvault-1' } } }),
      run: previous({}, { shared_keyvault: true }),
      errors: [{ messageId: 'connectionReferenceReplaced', pointer: '/properties/connectionReferences/shared_keyvault' }],
    },
  ],
});
