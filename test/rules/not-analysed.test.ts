import rule from '../../rules/not-analysed.js';
import { ruleTester } from '../helpers/rule-tester.js';
import { compose, flow, scope } from '../helpers/builders.js';

ruleTester(rule, {
  valid: [
    {
      name: 'well-formed expressions and containers',
      flow: flow({ Compose: compose("@concat('a', variables('b'))"), Scope: scope({ Inner: compose("@{body('Compose')} text") }) }),
    },
    { name: 'escaped @@ text is not an expression', flow: flow({ Compose: compose('@@not(an expression') }) },
    { name: 'e-mail addresses are plain text', flow: flow({ Compose: compose('admin@contoso.com') }) },
  ],
  invalid: [
    {
      name: 'unclosed call',
      flow: flow({ Compose: compose("@concat('a', variables('b')") }),
      errors: [{ messageId: 'expression', pointer: '/properties/definition/actions/Compose/inputs', messageIncludes: ["'Compose'"] }],
    },
    {
      name: 'broken interpolation inside a nested action',
      flow: flow({ Scope: scope({ Inner: compose({ text: "Hello @{triggerBody()?['name'] world" }) }) }),
      errors: [{ messageId: 'expression', pointer: '/properties/definition/actions/Scope/actions/Inner/inputs/text' }],
    },
    {
      name: 'container whose actions is not an object',
      flow: flow({ Scope: { type: 'Scope', actions: ['not', 'a', 'map'], runAfter: {} } }),
      errors: [{ messageId: 'shape', pointer: '/properties/definition/actions/Scope/actions', messageIncludes: ['not an object'] }],
    },
  ],
});
