/**
 * Flags Key Vault names and URLs written into a flow definition (string leaves, including the
 * literal text around `@{...}` segments, never expressions) or into an environment variable's
 * definition default. Both travel unchanged to every environment the solution is imported into,
 * so test and production end up reading the same vault. Values in env-var value files and
 * deployment settings are where a vault belongs, and are not flagged.
 * https://learn.microsoft.com/power-apps/maker/data-platform/environmentvariables-azure-key-vault-secrets
 */
import { defineRule } from '../src/engine/rule.js';
import { literalVaults, findVaults, isPlaceholderValue, type VaultReference } from '../src/analysis/vaults.js';
import { isRecord } from '../src/model/json-helpers.js';
import type { Flow, ModelNode, Operation } from '../src/model/types.js';
import { redact } from '../src/redact.js';

/** Designer notes and metadata are never evaluated. */
const UNEVALUATED_KEYS = new Set(['description', 'metadata', '$schema']);

interface VaultLeaf {
  readonly pointer: string;
  readonly vault: VaultReference;
  /** `definition.parameters.<name>` when the leaf sits in a parameter. */
  readonly parameter?: string;
}

function escapeSegment(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** An env-var parameter (formats.md 3.7): its `defaultValue` is a snapshot of the variable's value. */
function isEnvironmentVariableParameter(name: string, parameter: unknown): boolean {
  if (!isRecord(parameter)) return false;
  const metadata = parameter.metadata;
  if (isRecord(metadata) && typeof metadata.schemaName === 'string') return true;
  return /\([A-Za-z0-9]+_[A-Za-z0-9_]+\)$/.test(name);
}

function collectLeaves(value: unknown, pointer: string, out: VaultLeaf[], parameter?: string): void {
  if (typeof value === 'string') {
    const seen = new Set<string>();
    for (const vault of literalVaults(value)) {
      if (seen.has(vault.key)) continue;
      seen.add(vault.key);
      out.push({ pointer, vault, parameter });
    }
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, index) => collectLeaves(item, `${pointer}/${index}`, out, parameter));
    return;
  }
  if (!isRecord(value)) return;
  for (const [key, item] of Object.entries(value)) {
    if (UNEVALUATED_KEYS.has(key)) continue;
    collectLeaves(item, `${pointer}/${escapeSegment(key)}`, out, parameter);
  }
}

/** Vaults in the string leaves of a definition; env-var parameters are skipped. */
function definitionVaults(flow: Flow): VaultLeaf[] {
  const leaves: VaultLeaf[] = [];
  for (const [key, value] of Object.entries(flow.definition)) {
    if (UNEVALUATED_KEYS.has(key)) continue;
    const pointer = `${flow.definitionPointer}/${escapeSegment(key)}`;
    if (key === 'parameters' && isRecord(value)) {
      for (const [name, parameter] of Object.entries(value)) {
        if (isEnvironmentVariableParameter(name, parameter)) continue;
        collectLeaves(parameter, `${pointer}/${escapeSegment(name)}`, leaves, name);
      }
      continue;
    }
    collectLeaves(value, pointer, leaves);
  }
  return leaves;
}

/** The innermost trigger or action whose JSON holds the pointer. */
function ownerOf(flow: Flow, pointer: string): Operation | undefined {
  let owner: Operation | undefined;
  for (const operation of [...flow.triggers, ...flow.actions]) {
    const base = operation.location.pointer;
    if ((pointer === base || pointer.startsWith(`${base}/`)) && (!owner || base.length > owner.location.pointer.length)) owner = operation;
  }
  return owner;
}

function formOf(vault: VaultReference): string {
  if (vault.kind === 'resource-id') return vault.managedHsm ? 'a Managed HSM resource id' : 'a vault resource id';
  return vault.managedHsm ? 'a Managed HSM URL' : 'a vault URL';
}

export default defineRule({
  meta: {
    id: 'hardcoded-vault-name',
    title: 'Hard-coded Key Vault name',
    description: 'Disallow literal Key Vault names and URLs in flow definitions and environment variable defaults.',
    rationale:
      'A vault URL or resource id written into a flow, or into the default of an environment variable definition, is exported with the solution and imported unchanged into test and production: every environment then reads the same vault, so a development identity can reach production secrets and rotating one environment rotates them all. Keep the vault in environment variable values set per environment (deployment settings), and read it in the flow through the variable.',
    defaultLevel: 'warning',
    securitySeverity: 5.0,
    precision: 'high',
    tags: ['security', 'alm', 'key-vault', 'environments'],
    recommended: true,
    since: '0.1.0',
    messages: {
      inFlow:
        "{{where}} hard-codes Key Vault '{{vault}}' ({{form}}), so every environment the flow is imported into reads that vault; take the vault URL from an environment variable whose value is set per environment.",
      inDefault:
        "Environment variable '{{variable}}' names Key Vault '{{vault}}' in its definition default, which travels to every environment; leave the default empty and set the value per environment (deployment settings or the environment's own value).",
    },
    defaultOptions: {},
    references: [
      'CWE-668',
      'https://learn.microsoft.com/power-apps/maker/data-platform/environmentvariables-azure-key-vault-secrets',
      'https://learn.microsoft.com/power-platform/alm/conn-ref-env-variables-build-tools',
    ],
  },
  create(context) {
    return {
      flow(flow) {
        for (const leaf of definitionVaults(flow)) {
          const owner = ownerOf(flow, leaf.pointer);
          const parameter = leaf.parameter !== undefined ? flow.parameters.find((p) => p.name === leaf.parameter) : undefined;
          const node: ModelNode = owner ?? parameter ?? flow;
          const where = owner
            ? `${owner.role === 'trigger' ? 'Trigger' : 'Action'} '${owner.name}'`
            : leaf.parameter !== undefined
              ? `Parameter '${leaf.parameter}' of flow '${flow.displayName}'`
              : `Flow '${flow.displayName}'`;
          context.report({
            node,
            pointer: leaf.pointer,
            messageId: 'inFlow',
            data: { where, vault: leaf.vault.name, form: formOf(leaf.vault) },
            value: redact(leaf.vault.key),
          });
        }
      },
      environmentVariable(variable) {
        const defaultValue = variable.defaultValue;
        if (!defaultValue || isPlaceholderValue(defaultValue.value)) return;
        const seen = new Set<string>();
        for (const vault of findVaults(defaultValue.value)) {
          if (seen.has(vault.key)) continue;
          seen.add(vault.key);
          context.report({ node: defaultValue, messageId: 'inDefault', data: { variable: variable.schemaName, vault: vault.name }, value: redact(vault.key) });
        }
      },
    };
  },
});
