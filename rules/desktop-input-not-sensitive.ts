/**
 * Flags desktop flow inputs and outputs that should be sensitive but are not: an `@INPUT` or
 * `@OUTPUT` named like a secret that the Robin script's `@SENSITIVE: [...]` list leaves out, and an
 * input into which a cloud flow (`shared_uiflow` Run a flow built with Power Automate for desktop)
 * passes a secret. Values of non-sensitive variables are written to the desktop flow's run logs
 * and action details in plain text.
 * https://learn.microsoft.com/power-automate/desktop-flows/manage-variables#sensitive-variables
 */
import {
  defineRule,
  type DesktopFlow,
  desktopScript,
  desktopScriptNode,
  isSecretName,
  label,
  type Operation,
  OperationKind,
  type Project,
  type RobinScript,
  type RobinVariable,
  type RuleContext,
  secretsOf,
  type TaintedUse,
} from '../src/rule-api.js';
import { dataFlowOf, mostDirect, taintData } from './support/secret-flow.js';

type MessageId = 'notSensitive' | 'taintedInput';

interface PendingCall {
  readonly action: Operation;
  readonly uiFlowId: string;
  readonly uses: ReadonlyMap<string, readonly TaintedUse[]>;
}

/** `uiFlowId` of a RunUIFlow call, lower case without braces; undefined when computed. */
function uiFlowIdOf(action: Operation): string | undefined {
  const id = action.view.kind === OperationKind.DesktopFlow ? action.view.uiFlowId : undefined;
  if (!id || id.startsWith('@') || id.includes('@{')) return undefined;
  return id.replace(/[{}]/g, '').trim().toLowerCase();
}

/** Tainted uses in `inputs.parameters['item/<Input>']`, by input name. */
function taintedInputs(uses: readonly TaintedUse[]): Map<string, TaintedUse[]> {
  const byInput = new Map<string, TaintedUse[]>();
  for (const use of uses) {
    const [inputs, parameters, key] = use.entry.path;
    if (inputs !== 'inputs' || parameters !== 'parameters' || typeof key !== 'string' || !key.startsWith('item/')) continue;
    const input = key.slice('item/'.length).split('/')[0];
    if (!input) continue;
    const list = byInput.get(input) ?? [];
    list.push(use);
    byInput.set(input, list);
  }
  return byInput;
}

function findInput(script: RobinScript, name: string): RobinVariable | undefined {
  const inputs = script.variables.filter((v) => v.direction === 'input');
  return inputs.find((v) => v.name === name) ?? inputs.find((v) => v.name.toLowerCase() === name.toLowerCase());
}

export default defineRule({
  meta: {
    id: 'desktop-input-not-sensitive',
    title: 'Desktop flow input not sensitive',
    description: 'Require desktop flow inputs and outputs that carry secrets to be marked sensitive.',
    rationale:
      'Power Automate for desktop writes the values of input, output and other variables to its run logs and action details unless the variable is marked sensitive (the @SENSITIVE list of the Robin script). A password input that is not sensitive, or an input into which a cloud flow passes a Key Vault secret, leaves that secret readable by everyone who can see the desktop flow runs.',
    defaultLevel: 'warning',
    securitySeverity: 5.5,
    precision: 'high',
    tags: ['security', 'secrets', 'desktop-flows', 'logging', 'external/cwe/cwe-532'],
    recommended: true,
    since: '0.1.0',
    messages: {
      notSensitive:
        "Desktop flow '{{flow}}' declares {{direction}} '{{name}}' (script line {{line}}) without marking it sensitive, so its value is written to run logs; mark it as sensitive in the variable's properties (it then joins the @SENSITIVE list).",
      taintedInput:
        "Action '{{action}}' passes the {{sourceKind}} '{{source}}'{{path}} into input '{{input}}' of desktop flow '{{desktopFlow}}', which is not marked sensitive, so the desktop flow's run logs show it; mark '{{input}}' as sensitive in the desktop flow.",
    },
    defaultOptions: {},
    references: ['CWE-532', 'https://learn.microsoft.com/power-automate/desktop-flows/manage-variables#sensitive-variables'],
  },
  create(context: RuleContext<Record<string, never>, MessageId>) {
    const pending: PendingCall[] = [];

    function reportCall(call: PendingCall, desktop: DesktopFlow): void {
      const script = desktopScript(desktop);
      for (const [inputName, uses] of call.uses) {
        const input = findInput(script, inputName);
        if (!input || input.sensitive) continue;
        const use = mostDirect(uses);
        context.report({
          node: call.action,
          pointer: use.entry.pointer,
          messageId: 'taintedInput',
          data: { action: call.action.name, input: input.name, desktopFlow: desktop.logicalName, ...taintData(use.taint) },
          dataFlow: dataFlowOf(use, call.action),
          related: [
            {
              node: desktopScriptNode(desktop, input.headerText, `input/${input.name}`, input.name),
              message: `input '${input.name}' of desktop flow '${desktop.logicalName}' (script line ${input.line}), not in @SENSITIVE`,
            },
          ],
        });
      }
    }

    return {
      desktopFlow(flow) {
        const script = desktopScript(flow);
        for (const variable of script.variables) {
          if (variable.sensitive || !isSecretName(variable.name)) continue;
          context.report({
            node: desktopScriptNode(flow, variable.headerText, `${variable.direction}/${variable.name}`, variable.name),
            messageId: 'notSensitive',
            data: { flow: flow.logicalName, direction: label(variable.direction), name: variable.name, line: variable.line },
          });
        }
      },
      action(action) {
        if (action.view.kind !== OperationKind.DesktopFlow) return;
        const uiFlowId = uiFlowIdOf(action);
        if (!uiFlowId) return;
        const uses = taintedInputs(secretsOf(context.analysis, action.flow).taintedUses(action));
        if (uses.size === 0) return;
        const call: PendingCall = { action, uiFlowId, uses };
        const local = action.flow.solution.desktopFlows.find((d) => d.workflow.id === uiFlowId);
        if (local) reportCall(call, local);
        else pending.push(call);
      },
      'project:exit'(project: Project) {
        if (pending.length === 0) return;
        const byId = new Map<string, DesktopFlow>();
        for (const solution of project.solutions) {
          for (const desktop of solution.desktopFlows) if (desktop.workflow.id && !byId.has(desktop.workflow.id)) byId.set(desktop.workflow.id, desktop);
        }
        for (const call of pending) {
          const desktop = byId.get(call.uiFlowId);
          if (desktop) reportCall(call, desktop);
        }
      },
    };
  },
});
