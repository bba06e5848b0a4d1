/**
 * Flags data operations and variable actions that copy a secret. Each copy is a new place where
 * the value sits in run history (variables can never be secured), and the consumers of a copy are
 * not hidden by the platform's implicit one-hop protection. With Secure Inputs on the copy step the
 * copy itself is hidden, so that case is a warning.
 * https://learn.microsoft.com/azure/logic-apps/logic-apps-securing-a-logic-app#secure-data-in-run-history-by-using-obfuscation
 */
import { defineRule, isCopyStep, isVariableAction, secretsOf, variablesWritten } from '../src/rule-api.js';
import { dataFlowOf, mostDirect, relatedOf, taintData } from './support/secret-flow.js';

export default defineRule({
  meta: {
    id: 'secret-copied',
    title: 'Secret copied into a data operation or variable',
    description: 'Disallow copying a secret with Compose, Parse JSON, Select, Join, Filter array, Create table or variable actions.',
    rationale:
      "Copying a secret into a Compose, Parse JSON, Select, Join, Filter array or Create table step, or into a variable, stores another readable copy in run history: variable actions cannot be secured at all, and the actions that consume a copy are not covered by the platform's implicit hiding of a secured source's consumers. Use the source's output directly where it is needed, in an action with Secure Inputs.",
    defaultLevel: 'error',
    securitySeverity: 7.0,
    precision: 'high',
    tags: ['security', 'secrets', 'run-history', 'external/cwe/cwe-532'],
    recommended: true,
    since: '0.1.0',
    messages: {
      copiedToVariable:
        "Action '{{action}}' copies the {{sourceKind}} from '{{source}}'{{path}} into variable '{{variable}}', which can never be secured and shows in run history; use the source's output directly in the action that needs it.",
      copied:
        "Action '{{action}}' copies the {{sourceKind}} from '{{source}}'{{path}} and does not have Secure Inputs, so the copy is readable in run history and its consumers are not hidden; use the source's output directly, or turn on Secure Inputs on this step.",
      copiedSecured:
        "Action '{{action}}' copies the {{sourceKind}} from '{{source}}'{{path}}; the copy is hidden by its Secure Inputs, but actions that use it are not hidden implicitly. Use the source's output directly where it is needed.",
    },
    defaultOptions: {},
    references: ['CWE-532', 'https://learn.microsoft.com/azure/logic-apps/logic-apps-securing-a-logic-app#secure-data-in-run-history-by-using-obfuscation'],
  },
  create(context) {
    return {
      action(action) {
        if (!isCopyStep(action)) return;
        const uses = secretsOf(context.analysis, action.flow).taintedUses(action);
        if (!uses.length) return;
        const use = mostDirect(uses);
        const base = { node: action, pointer: use.entry.pointer, related: relatedOf(use.taint), dataFlow: dataFlowOf(use, action) };
        const data = { action: action.name, ...taintData(use.taint) };
        if (isVariableAction(action)) {
          const written = variablesWritten(action);
          const variable = written.find((v) => v.index === undefined || use.entry.path[2] === v.index) ?? written[0];
          context.report({ ...base, messageId: 'copiedToVariable', data: { ...data, variable: variable?.name ?? '?' } });
          return;
        }
        if (action.secureInputs) context.report({ ...base, messageId: 'copiedSecured', level: 'warning', data });
        else context.report({ ...base, messageId: 'copied', data });
      },
    };
  },
});
