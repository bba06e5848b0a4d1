/**
 * Reports parts of a flow flowlint could not analyse (an unknown container shape, an action that is
 * not an object, a malformed expression). A linter that silently skips what it cannot read gives
 * false confidence; this note says exactly what was left out.
 */
import { defineRule, flowExpressions } from '../src/rule-api.js';

export default defineRule({
  meta: {
    id: 'not-analysed',
    title: 'Not analysed',
    description: 'Require every part of a flow to be readable by the analysis.',
    rationale:
      'flowlint follows secrets through expressions and containers. Where a definition has a shape it cannot read, or an expression it cannot parse, that part is not analysed and a secret could pass unseen. This note names the place so a person can review it.',
    defaultLevel: 'note',
    precision: 'very-high',
    tags: ['analysis'],
    recommended: true,
    since: '0.1.0',
    messages: {
      shape: "'{{name}}' was not analysed: {{reason}}.",
      expression: "An expression in '{{name}}' was not analysed: {{reason}}. Check it in the designer.",
    },
    defaultOptions: {},
    references: [],
  },
  create(context) {
    return {
      flow(flow) {
        for (const problem of flow.problems) {
          context.report({ node: problem.node, pointer: problem.pointer, messageId: 'shape', data: { name: problem.node.logicalName, reason: problem.reason } });
        }
        for (const entry of context.analysis.memo('expressions', flow, flowExpressions)) {
          if (entry.error === undefined) continue;
          context.report({ node: entry.owner, pointer: entry.pointer, messageId: 'expression', data: { name: entry.owner.logicalName, reason: entry.error } });
        }
      },
    };
  },
});
