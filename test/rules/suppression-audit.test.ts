import rule from '../../rules/suppression-audit.js';
import { ruleTester } from '../helpers/rule-tester.js';
import { compose, flow, kvGetSecret, scope } from '../helpers/builders.js';

const A = '/properties/definition/actions';

// The audit only sees directives here (the tester runs this rule alone, so nothing is
// suppressed and every directive counts as unused): its "used" half is covered by
// test/config.test.ts, which runs all rules through the CLI.
ruleTester(rule, {
  valid: [
    { name: 'no directives', flow: flow({ Compose: compose('x') }) },
    { name: 'text that only mentions the word', flow: flow({ Compose: compose('x', { description: 'we use flowlint-disable-style notes elsewhere' }) }) },
  ],
  invalid: [
    {
      name: 'directive without a reason: an error, and it suppresses nothing (so not also "unused")',
      flow: flow({ Compose: compose('x', { description: 'flowlint-disable secret-copied' }) }),
      errors: [{ messageId: 'missingReason', level: 'error', pointer: `${A}/Compose/description`, messageIncludes: ['suppresses nothing'] }],
    },
    {
      name: 'bare directive without rule ids, on a Scope',
      flow: flow({ Read: scope({ Get_secret: kvGetSecret() }, { description: 'flowlint-disable' }) }),
      errors: [{ messageId: 'missingRules', level: 'error', pointer: `${A}/Read/description`, messageIncludes: ['names no rule'] }],
    },
    {
      name: 'directive without rule ids but with a reason',
      flow: flow({ Compose: compose('x', { description: 'flowlint-disable -- accepted' }) }),
      errors: [{ messageId: 'missingRules', level: 'error', pointer: `${A}/Compose/description` }],
    },
    {
      name: 'directive with a blank reason',
      flow: flow({ Compose: compose('x', { description: 'flowlint-disable secret-copied --   ' }) }),
      errors: [{ messageId: 'missingReason', level: 'error', pointer: `${A}/Compose/description` }],
    },
    {
      name: 'unused directive with a reason, on a Scope',
      flow: flow({ Read: scope({ Get_secret: kvGetSecret() }, { description: 'Reads the key.\nflowlint-disable secret-in-loop -- reviewed' }) }),
      errors: [{ messageId: 'unused', level: 'note', pointer: `${A}/Read/description`, messageIncludes: ['secret-in-loop', "'Read'"] }],
    },
  ],
});
