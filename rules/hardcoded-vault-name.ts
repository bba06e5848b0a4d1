/**
 * Flags Key Vault names and URLs written into a flow definition (string leaves, including the
 * literal text around `@{...}` segments, never expressions) or into an environment variable's
 * definition default. Both travel unchanged to every environment the solution is imported into,
 * so test and production end up reading the same vault. Values in env-var value files and
 * deployment settings are where a vault belongs, and are not flagged.
 * https://learn.microsoft.com/power-apps/maker/data-platform/environmentvariables-azure-key-vault-secrets
 */
import {
  defineRule,
  type Field,
  type Flow,
  type FlowParameter,
  documentLeaves,
  leafPath,
  leavesBelow,
  ownerIndex,
  isPlaceholderValue,
  isTemplate,
  isValidVaultName,
  joinPointer,
  type JsonPointer,
  label,
  literalVaults,
  type ModelNode,
  type Name,
  names,
  namesVault,
  type Operation,
  OperationKind,
  redact,
  UNEVALUATED_KEYS,
  type VaultReference,
  vaultsInValue,
} from '../src/rule-api.js';

interface VaultLeaf {
  readonly pointer: JsonPointer;
  readonly vault: VaultReference;
  /** `definition.parameters.<name>` when the leaf sits in a parameter. */
  readonly parameter?: string;
}

/** An env-var parameter (docs/formats.md §3.7): its `defaultValue` is a snapshot of the variable's value. */
function isEnvironmentVariableParameter(parameter: FlowParameter): boolean {
  return parameter.schemaName !== undefined || /\([A-Za-z0-9]+_[A-Za-z0-9_]+\)$/.test(parameter.name);
}

/** A plain (non-template) string held by something named like a vault name: `KeyVaultName = 'kv-x'`. */
function bareVaultName(name: string | undefined, value: unknown): VaultReference | undefined {
  if (name === undefined || typeof value !== 'string' || isTemplate(value) || !namesVault(name)) return undefined;
  const trimmed = value.trim();
  if (!isValidVaultName(trimmed)) return undefined;
  return vaultsInValue(value, name).find((v) => v.kind === 'name');
}

/** Variables an action names with the values it gives them: InitializeVariable entries, SetVariable. */
function variableValues(operation: Operation): { name: string; value: Field<unknown> }[] {
  const view = operation.view;
  if (view.kind !== OperationKind.Variable || (view.action !== 'initialize' && view.action !== 'set')) return [];
  return view.entries.flatMap((entry) => (entry.value ? [{ name: entry.name, value: entry.value }] : []));
}

/**
 * Whether a flow's document could name a vault at all: every vault reference spells "vault" or
 * "managedhsm", and every name that says it holds one "vault" or "kv" (`namesVault`) — unless JSON
 * escapes spell their letters (`\u0076ault`), in which case the leaves are searched anyway.
 */
function mayNameVault(flow: Flow): boolean {
  const { text } = flow.document;
  return /vault|managedhsm|kv/i.test(text) || /\\u00[4-7][0-9a-f]/i.test(text);
}

/**
 * Vaults in the string leaves of a definition, outside designer notes and metadata; env-var
 * parameters are skipped. Then bare vault names held by parameters and variables named for one.
 */
function definitionVaults(flow: Flow): VaultLeaf[] {
  const found: VaultLeaf[] = [];
  if (!mayNameVault(flow)) return found;
  const skipped = new Set(flow.parameters.filter(isEnvironmentVariableParameter).map((parameter) => parameter.name as string));
  for (const leaf of leavesBelow(documentLeaves(flow.document), flow.definition)) {
    const vaults = literalVaults(leaf.value);
    if (vaults.length === 0) continue;
    const path = leafPath(leaf, flow.definition) ?? [];
    const parameter = path[0] === 'parameters' && path.length > 1 ? String(path[1]) : undefined;
    if (parameter !== undefined && skipped.has(parameter)) continue;
    // A parameter's own name is no key of the definition: it may be called `description`.
    if (path.some((segment, index) => typeof segment === 'string' && UNEVALUATED_KEYS.has(segment) && !(parameter !== undefined && index === 1))) continue;
    const pointer = joinPointer(flow.definitionPointer, ...path);
    const seen = new Set<string>();
    for (const vault of vaults) {
      if (seen.has(vault.key)) continue;
      seen.add(vault.key);
      found.push({ pointer, vault, parameter });
    }
  }
  for (const parameter of flow.parameters) {
    if (skipped.has(parameter.name)) continue;
    const bare = bareVaultName(parameter.name, parameter.defaultValue);
    if (bare) found.push({ pointer: joinPointer(parameter.location.pointer, 'defaultValue'), vault: bare, parameter: parameter.name });
  }
  for (const action of flow.actions) {
    for (const variable of variableValues(action)) {
      const bare = bareVaultName(variable.name, variable.value.value);
      if (bare) found.push({ pointer: variable.value.pointer, vault: bare });
    }
  }
  return found;
}

function formOf(vault: VaultReference): Name {
  if (vault.kind === 'name') return label('a vault name');
  if (vault.kind === 'resource-id') return vault.managedHsm ? label('a Managed HSM resource id') : label('a vault resource id');
  return vault.managedHsm ? label('a Managed HSM URL') : label('a vault URL');
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
    tags: ['security', 'alm', 'key-vault', 'environments', 'external/cwe/cwe-668'],
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
        const owners = ownerIndex(flow.solution);
        for (const leaf of definitionVaults(flow)) {
          const holder = owners.ownerAt(flow.document, leaf.pointer).node;
          const owner = 'role' in holder ? (holder as Operation) : undefined;
          const parameter = leaf.parameter !== undefined ? flow.parameters.find((p) => p.name === leaf.parameter) : undefined;
          const node: ModelNode = owner ?? parameter ?? flow;
          const where = owner
            ? names`${owner.role === 'trigger' ? label('Trigger') : label('Action')} '${owner.name}'`
            : parameter !== undefined
              ? names`Parameter '${parameter.name}' of flow '${flow.displayName}'`
              : names`Flow '${flow.displayName}'`;
          context.report({
            node,
            pointer: leaf.pointer,
            messageId: 'inFlow',
            data: { where, vault: leaf.vault.shown, form: formOf(leaf.vault) },
            value: redact(leaf.vault.key),
          });
        }
      },
      environmentVariable(variable) {
        const defaultValue = variable.defaultValue;
        if (!defaultValue || defaultValue.value.test(isPlaceholderValue)) return;
        const seen = new Set<string>();
        for (const vault of vaultsInValue(defaultValue.value, variable.schemaName)) {
          if (seen.has(vault.key)) continue;
          seen.add(vault.key);
          context.report({ node: defaultValue, messageId: 'inDefault', data: { variable: variable.schemaName, vault: vault.shown }, value: redact(vault.key) });
        }
      },
    };
  },
});
