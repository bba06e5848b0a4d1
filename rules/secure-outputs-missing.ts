/**
 * Flags actions that read a secret (Key Vault, secret environment variables, Key Vault over HTTP,
 * token requests, configured sources) without Secure Outputs: the value is then stored readable in
 * the run history of every run, for anyone who can see runs.
 * https://learn.microsoft.com/azure/logic-apps/logic-apps-securing-a-logic-app#secure-data-in-run-history-by-using-obfuscation
 */
import { defineRule, secretsOf, supportsSecureOutputs } from '../src/rule-api.js';
import { relatedOf, sourceLabelWithArticle } from './support/secret-flow.js';

export default defineRule({
  meta: {
    fixable: true,
    id: 'secure-outputs-missing',
    title: 'Secure Outputs missing on a secret source',
    description: 'Require Secure Outputs on actions that read a secret.',
    rationale:
      'An action that reads a secret — Key Vault Get secret, the Dataverse RetrieveEnvironmentVariableSecretValue action, a Key Vault REST call or a token request — returns the secret in its outputs. Without Secure Outputs those outputs are stored in run history, readable by every owner, co-owner and admin who opens a run, and sent to connected logs. Microsoft recommends Secure Outputs on every such action.',
    defaultLevel: 'error',
    securitySeverity: 7.5,
    precision: 'very-high',
    tags: ['security', 'secrets', 'run-history', 'external/cwe/cwe-532'],
    recommended: true,
    since: '0.1.0',
    messages: {
      missing:
        "Action '{{action}}' reads {{sourceKind}} but does not have Secure Outputs, so the value is stored readable in run history; turn on Secure Outputs (and Secure Inputs) in the action's settings.",
      childTriggerMissing:
        "Trigger '{{action}}' receives {{sourceKind}} from '{{call}}' in flow '{{parent}}' but does not have Secure Inputs and Outputs, so the value is stored readable in this flow's run history; turn on Secure Inputs and Secure Outputs in the trigger's settings.",
      triggerMissing:
        "Trigger '{{action}}' receives {{sourceKind}} but does not have Secure Inputs and Outputs, so the value is stored readable in run history; turn on Secure Inputs and Secure Outputs in the trigger's settings.",
    },
    defaultOptions: {},
    references: [
      'CWE-532',
      'https://learn.microsoft.com/azure/logic-apps/logic-apps-securing-a-logic-app#secure-data-in-run-history-by-using-obfuscation',
      'https://learn.microsoft.com/power-apps/maker/data-platform/environmentvariables-azure-key-vault-secrets',
    ],
  },
  create(context) {
    return {
      action(action) {
        const source = secretsOf(context.analysis, action.flow).sourceOf(action);
        if (!source || action.secureOutputs || !supportsSecureOutputs(action)) return;
        context.report({
          node: action,
          messageId: 'missing',
          data: { action: action.name, sourceKind: sourceLabelWithArticle({ source, steps: [] }) },
          fix: { kind: 'secure-data', action: action.location.pointer, properties: ['outputs'] },
        });
      },
      // A trigger's inputs are its outputs: both settings keep a secret input out of run history.
      trigger(trigger) {
        if ((trigger.secureInputs && trigger.secureOutputs) || !supportsSecureOutputs(trigger)) return;
        const secrets = secretsOf(context.analysis, trigger.flow);
        const inbound = secrets.inboundCalls[0];
        if (inbound) {
          context.report({
            node: trigger,
            messageId: 'childTriggerMissing',
            data: { action: trigger.name, sourceKind: sourceLabelWithArticle(inbound.taint), call: inbound.call.name, parent: inbound.call.flow.displayName },
            related: relatedOf(inbound.taint),
            fix: { kind: 'secure-data', action: trigger.location.pointer, properties: ['inputs', 'outputs'] },
          });
          return;
        }
        const source = secrets.sourceOf(trigger);
        if (!source) return;
        context.report({
          node: trigger,
          messageId: 'triggerMissing',
          data: { action: trigger.name, sourceKind: sourceLabelWithArticle({ source, steps: [] }) },
          fix: { kind: 'secure-data', action: trigger.location.pointer, properties: ['inputs', 'outputs'] },
        });
      },
    };
  },
});
