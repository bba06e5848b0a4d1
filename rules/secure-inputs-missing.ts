/**
 * Flags actions whose inputs carry a secret without Secure Inputs. The platform hides the inputs
 * of a direct consumer of a source that has Secure Outputs ("implicit one-hop hiding"), so that
 * case is a warning: the protection silently disappears as soon as someone adds a Compose in
 * between or turns off the source's setting. Copy steps are `secret-copied`'s; actions that cannot
 * be secured (variables, loops, conditions, Scope, Terminate) are never reported here.
 * https://learn.microsoft.com/azure/logic-apps/logic-apps-securing-a-logic-app#secure-data-in-run-history-by-using-obfuscation
 */
import { defineRule, hiddenByPlatform, isCopyStep, outputsHidden, secretsOf, supportsSecureInputs, type TaintedUse } from '../src/rule-api.js';
import { dataFlowOf, mostDirect, relatedOf, taintData } from './support/secret-flow.js';

/** Inputs are hidden implicitly only when the value comes straight from a source whose outputs are hidden. */
function implicitlyHidden(use: TaintedUse): boolean {
  const { source, steps } = use.taint;
  if (steps.length > 0) return false;
  if (source.kind === 'secure-parameter') return true;
  return 'role' in source.node && outputsHidden(source.node);
}

export default defineRule({
  meta: {
    fixable: true,
    id: 'secure-inputs-missing',
    title: 'Secure Inputs missing on an action that receives a secret',
    description: 'Require Secure Inputs on actions whose inputs carry a secret.',
    rationale:
      "When an action's inputs contain a secret — an API key in a header, a password in a body, a token passed to a child or desktop flow — the run history shows those inputs in clear text unless the action has Secure Inputs. The platform hides the inputs of an action that directly consumes a source with Secure Outputs, but only for that one hop and without turning the setting on, so that case is reported as a warning: make the protection explicit.",
    defaultLevel: 'error',
    securitySeverity: 7.5,
    precision: 'high',
    tags: ['security', 'secrets', 'run-history', 'external/cwe/cwe-532'],
    recommended: true,
    since: '0.1.0',
    messages: {
      missing:
        "Action '{{action}}' receives the {{sourceKind}} from '{{source}}'{{path}} in its inputs without Secure Inputs, so the secret is readable in run history; turn on Secure Inputs in the action's settings.",
      implicit:
        "Action '{{action}}' receives the {{sourceKind}} from '{{source}}' and is hidden only by the platform's implicit one-hop protection; turn on Secure Inputs in the action's settings so it stays hidden if the flow changes.",
    },
    defaultOptions: {},
    references: ['CWE-532', 'https://learn.microsoft.com/azure/logic-apps/logic-apps-securing-a-logic-app#secure-data-in-run-history-by-using-obfuscation'],
  },
  create(context) {
    return {
      action(action) {
        if (action.secureInputs || isCopyStep(action) || !supportsSecureInputs(action)) return;
        const uses = secretsOf(context.analysis, action.flow)
          .taintedUses(action)
          .filter((use) => !hiddenByPlatform(action, use.entry.path));
        if (!uses.length) return;
        const exposed = uses.filter((use) => !implicitlyHidden(use));
        const use = mostDirect(exposed.length ? exposed : uses);
        context.report({
          node: action,
          pointer: use.entry.pointer,
          messageId: exposed.length ? 'missing' : 'implicit',
          level: exposed.length ? undefined : 'warning',
          data: { action: action.name, ...taintData(use.taint) },
          related: relatedOf(use.taint),
          dataFlow: dataFlowOf(use, action),
          fix: { kind: 'secure-data', action: action.location.pointer, properties: ['inputs'] },
        });
      },
    };
  },
});
