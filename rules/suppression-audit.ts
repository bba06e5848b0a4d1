/**
 * Reports `flowlint-disable` directives that name no rule or give no reason (they suppress
 * nothing: a bare directive must not silence a whole flow), and suppressions that no longer
 * suppress anything. Accepted exceptions need named rules and a recorded reason to stay
 * reviewable, and stale ones hide future problems. Its `suppressions` visitor runs after every
 * other rule, when it is known what each suppression was used for.
 */
import { defineRule, nameList } from '../src/rule-api.js';

export default defineRule({
  meta: {
    id: 'suppression-audit',
    title: 'Suppression audit',
    description: 'Require every suppression and baseline entry to give a reason and to still suppress something.',
    rationale:
      'A `flowlint-disable` directive in an action or flow description, or an exception in the configuration, records a decision to accept a risk. Without the rules it accepts and a reason nobody can review that decision later, and one stray line could silence every rule of a flow, so such a directive suppresses nothing and fails the run; a suppression that no longer matches any finding is stale and would silently hide the next, different problem in the same place.',
    defaultLevel: 'error',
    precision: 'very-high',
    tags: ['maintainability'],
    recommended: true,
    since: '0.1.0',
    messages: {
      missingReason:
        "The suppression of {{rules}} in the {{origin}} gives no reason, so it suppresses nothing; add one after ' -- ' (flowlint-disable RULE -- why this is accepted).",
      missingRules:
        'The flowlint-disable in the {{origin}} names no rule, so it suppresses nothing; name the rules it accepts and why (flowlint-disable RULE[, RULE] -- why this is accepted).',
      unused: 'The suppression of {{rules}} in the {{origin}} suppresses nothing; remove it.',
      staleBaseline: 'An entry for {{rules}} in the {{origin}} matches no finding any more; run with --prune-baseline to drop it.',
    },
    defaultOptions: {},
    references: ['https://eslint.org/docs/latest/use/configure/rules#report-unused-eslint-disable-comments'],
    // A suppression must not be able to hide its own audit.
    unsuppressible: true,
  },
  create(context) {
    return {
      suppressions(suppressions) {
        for (const suppression of suppressions) {
          const { node, pointer, origin } = suppression;
          const rules = nameList(suppression.rules);
          if (suppression.from === 'baseline') {
            if (!suppression.used) context.report({ node, messageId: 'staleBaseline', level: 'note', data: { origin, rules } });
            continue;
          }
          // One that names no rule or gives no reason suppressed nothing: that is the finding, at
          // the rule's level (error by default), and "unused" would only repeat it.
          if (suppression.rules.length === 0) context.report({ node, pointer, messageId: 'missingRules', data: { origin } });
          else if (!suppression.applicable) context.report({ node, pointer, messageId: 'missingReason', data: { origin, rules } });
          else if (!suppression.used) context.report({ node, pointer, messageId: 'unused', level: 'note', data: { origin, rules } });
        }
      },
    };
  },
});
