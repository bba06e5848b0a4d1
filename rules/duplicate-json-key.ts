/**
 * Flags JSON objects that repeat a key. JSON.parse (and Power Automate) keep only the last value,
 * so an earlier one is invisible in the designer yet still sits in the exported file — a common
 * hiding place for a credential that someone "removed" by adding the key again.
 */
import { defineRule, documentNode, lastKeyOf } from '../src/rule-api.js';

export default defineRule({
  meta: {
    id: 'duplicate-json-key',
    title: 'Duplicate JSON key',
    description: 'Disallow repeated keys in one JSON object of an export.',
    rationale:
      'When a key appears twice in one object, JSON parsers keep only the last value. The earlier value is invisible in the designer and in most tools, but it is still in the file that goes to source control; flowlint scans it for secrets anyway and reports the duplication so it can be removed.',
    defaultLevel: 'warning',
    precision: 'very-high',
    tags: ['correctness'],
    recommended: true,
    since: '0.1.0',
    messages: {
      duplicate: "Key '{{key}}' appears {{count}} times in this object; only the last value is used, the others stay hidden in the file. Remove the extra occurrences.",
      prototypeKey: "Key '{{key}}' is a JavaScript prototype name; tools that copy this object may drop or misread it. Rename it.",
    },
    defaultOptions: {},
    references: ['https://www.rfc-editor.org/rfc/rfc8259#section-4'],
  },
  create(context) {
    return {
      solution(solution) {
        for (const document of solution.documents) {
          for (const duplicate of document.duplicateKeys) {
            context.report({
              node: documentNode(document, duplicate.pointer, duplicate.key),
              messageId: 'duplicate',
              data: { key: duplicate.key, count: duplicate.shadowedValues.length + 1 },
            });
          }
          for (const pointer of document.prototypeKeys) {
            const key = lastKeyOf(pointer);
            context.report({
              node: documentNode(document, pointer, key),
              messageId: 'prototypeKey',
              data: { key },
            });
          }
        }
      },
    };
  },
});
