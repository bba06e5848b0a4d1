/**
 * Flags secrets that reach a place that persists or sends them: the run's error (Terminate), an
 * HTTP/Power Apps/Copilot response, e-mail, Teams and chat messages, Dataverse and SharePoint rows,
 * files, tracked properties and the definition's outputs. Secure Inputs does not help there: the
 * value leaves the flow. The sink list is in src/analysis/platform.ts; configuration adds to it.
 */
import { defineRule, type Flow, type Operation, type RuleContext, secretsOf, sinkAt, type TaintedUse } from '../src/rule-api.js';
import { dataFlowOf, relatedOf, taintData } from './support/secret-flow.js';

type MessageId = 'exposed';

function reportSinks(context: RuleContext<Record<string, never>, MessageId>, owner: Operation | Flow, uses: readonly TaintedUse[]): void {
  const operation = 'role' in owner ? owner : undefined;
  const reported = new Set<string>();
  for (const use of uses) {
    const sink = sinkAt(operation, use.entry.path, context.analysis.settings.secrets);
    if (!sink || reported.has(sink.what)) continue;
    reported.add(sink.what);
    context.report({
      node: owner,
      pointer: use.entry.pointer,
      messageId: 'exposed',
      data: { action: owner.logicalName, sink: sink.what, ...taintData(use.taint) },
      related: relatedOf(use.taint),
      dataFlow: dataFlowOf(use, owner),
    });
  }
}

export default defineRule({
  meta: {
    id: 'secret-exposed',
    title: 'Secret sent or stored outside the flow',
    description: 'Disallow secrets in messages, responses, stored records, files, tracked properties and flow outputs.',
    rationale:
      "Some places keep or send what they receive: the error of a Terminate action, an HTTP, Power Apps or Copilot response, an e-mail, Teams or chat message, a Dataverse or SharePoint row, a file, tracked properties, the flow's outputs. A secret that reaches one of them has left the flow — Secure Inputs cannot take it back. Send a reference or a status instead of the value.",
    defaultLevel: 'error',
    securitySeverity: 8.0,
    precision: 'high',
    tags: ['security', 'secrets', 'external/cwe/cwe-200', 'external/cwe/cwe-532'],
    recommended: true,
    since: '0.1.0',
    messages: {
      exposed:
        "The {{sourceKind}} from '{{source}}'{{path}} reaches {{sink}} in '{{action}}', where it leaves the flow; remove it from that value and send a reference or status instead.",
    },
    defaultOptions: {},
    references: ['CWE-200', 'CWE-532', 'https://learn.microsoft.com/azure/logic-apps/logic-apps-securing-a-logic-app'],
  },
  create(context) {
    return {
      action(action) {
        const uses = secretsOf(context.analysis, action.flow).taintedUses(action);
        if (uses.length) reportSinks(context, action, uses);
      },
      flow(flow) {
        const uses = secretsOf(context.analysis, flow).taintedUses(flow);
        if (uses.length) reportSinks(context, flow, uses);
      },
    };
  },
});
