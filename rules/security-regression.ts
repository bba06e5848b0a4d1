/**
 * Used by `flowlint diff`: reports protections the new version of a flow lost compared with the
 * old one — Secure Inputs or Secure Outputs turned off, a connection reference replaced by a
 * direct connection. (New findings of every other rule are reported by `diff` as well.) In a
 * plain lint run it has no previous version to compare with and reports nothing.
 */
import { defineRule, previousVersionOf } from '../src/rule-api.js';

export default defineRule<Record<string, never>, 'secureInputsRemoved' | 'secureOutputsRemoved' | 'connectionReferenceReplaced'>({
  meta: {
    id: 'security-regression',
    title: 'Security regression between two versions',
    description: 'Disallow removing Secure Inputs, Secure Outputs or connection references from a flow.',
    rationale:
      'A pull request that turns Secure Inputs or Secure Outputs off, or rebinds a flow connection from a connection reference to a specific connection, weakens a flow that was protected before. Such changes are easy to miss in a diff of a large JSON export; flowlint diff compares the two versions and reports each one.',
    defaultLevel: 'error',
    securitySeverity: 7.0,
    precision: 'very-high',
    tags: ['security', 'drift', 'secrets'],
    recommended: true,
    since: '0.1.0',
    messages: {
      secureInputsRemoved: "Secure Inputs was turned off on '{{action}}' in this version; turn it back on in the action's settings.",
      secureOutputsRemoved: "Secure Outputs was turned off on '{{action}}' in this version; turn it back on in the action's settings.",
      connectionReferenceReplaced:
        "Flow connection '{{key}}' was bound through a connection reference and is now bound to a specific connection; bind it to a connection reference again.",
    },
    defaultOptions: {},
    references: ['https://learn.microsoft.com/azure/logic-apps/logic-apps-securing-a-logic-app#secure-data-in-run-history-by-using-obfuscation'],
  },
  create(context) {
    // The old version: given by `flowlint diff` through the run context.
    const previous = context.run.previous;
    if (!previous) return {};
    return {
      flow(flow) {
        const before = previousVersionOf(previous, flow);
        if (!before) return;
        for (const operation of [...flow.triggers, ...flow.actions]) {
          const old = Object.prototype.hasOwnProperty.call(before.actions, operation.name) ? before.actions[operation.name] : undefined;
          if (!old) continue;
          const settings = operation.location.pointer;
          if (old.secureInputs && !operation.secureInputs)
            context.report({ node: operation, pointer: settings, messageId: 'secureInputsRemoved', data: { action: operation.name } });
          if (old.secureOutputs && !operation.secureOutputs)
            context.report({ node: operation, pointer: settings, messageId: 'secureOutputsRemoved', data: { action: operation.name } });
        }
        for (const reference of flow.connectionReferences) {
          if (before.connections[reference.key] === true && reference.referenceLogicalName === undefined) {
            context.report({ node: reference, messageId: 'connectionReferenceReplaced', data: { key: reference.key } });
          }
        }
      },
    };
  },
});
