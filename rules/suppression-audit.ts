/**
 * Reports `flowlint-disable` directives and configured exceptions that give no reason, and those
 * that no longer suppress anything. Accepted exceptions need a recorded reason to stay reviewable,
 * and stale ones hide future problems. The engine feeds this rule after all others have run
 * (src/engine/engine.ts, `auditSuppressions`), since only then is it known what was used.
 */
import { defineRule } from '../src/engine/rule.js';

export default defineRule({
  meta: {
    id: 'suppression-audit',
    title: 'Suppression audit',
    description: 'Require every suppression and baseline entry to give a reason and to still suppress something.',
    rationale:
      'A `flowlint-disable` directive in an action or flow description, or an exception in the configuration, records a decision to accept a risk. Without a reason nobody can review that decision later; a suppression that no longer matches any finding is stale and would silently hide the next, different problem in the same place.',
    defaultLevel: 'warning',
    precision: 'very-high',
    tags: ['maintainability'],
    recommended: true,
    since: '0.1.0',
    messages: {
      missingReason: "The suppression of {{rules}} in the {{origin}} gives no reason; add one after ' -- ' (flowlint-disable RULE -- why this is accepted).",
      unused: 'The suppression of {{rules}} in the {{origin}} suppresses nothing; remove it.',
      staleBaseline: 'An entry for {{rules}} in the {{origin}} matches no finding any more; run with --prune-baseline to drop it.',
    },
    defaultOptions: {},
    references: ['https://eslint.org/docs/latest/use/configure/rules#report-unused-eslint-disable-comments'],
  },
  create() {
    return {};
  },
});
