/**
 * Flags a Key Vault configured for more than one deployment environment: deployment settings
 * files, env-var value files of exports and Secret env-var references of different environments
 * that name the same vault (case-insensitive). Also warns when a non-production environment points
 * at a vault whose name says production. The environment of a file comes from the `environments`
 * option, else from its folder or file name (`config/Prod/deploymentSettings.json`).
 * https://learn.microsoft.com/azure/key-vault/general/best-practices#use-separate-key-vaults
 */
import {
  defineRule,
  environmentFromPath,
  isProductionEnvironment,
  type Name,
  nameList,
  productionWordOf,
  projectVaults,
  redact,
  type RelatedNode,
  type SourceDocument,
  type VaultUsage,
  type OptionsOf,
  type OptionsSchema,
} from '../src/rule-api.js';

const schema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    environments: {
      type: 'object',
      description:
        'Environment name to globs of the files, zips or folders that configure it (matched against the path relative to the working directory; a glob without "/" matches the file name). Files no glob matches take their environment from their folder or file name.',
      additionalProperties: { type: 'array', items: { type: 'string' } },
    },
  },
} as const satisfies OptionsSchema;

/** Options, typed from their schema: environment name -> globs of the files (or zips/folders) that configure it. */
type Options = OptionsOf<typeof schema>;

type Usage = VaultUsage & { readonly environment: Name };

/** Most related locations one finding lists. */
const MAX_RELATED = 20;

/** The first usage of each document, in order. */
function firstPerDocument(usages: readonly Usage[]): Usage[] {
  const seen = new Set<SourceDocument>();
  const first: Usage[] = [];
  for (const usage of usages) {
    if (seen.has(usage.document)) continue;
    seen.add(usage.document);
    first.push(usage);
  }
  return first;
}

function describe(usage: Usage): string {
  const what = usage.kind === 'deployment-settings' ? 'deployment setting' : usage.kind === 'env-var-value' ? 'environment variable value' : 'environment variable default';
  return `${usage.environment}: ${what} '${usage.schemaName}'`;
}

function nonProduction(environment: string): boolean {
  return !isProductionEnvironment(environment) && environmentFromPath(environment) !== 'prod';
}

export default defineRule<Options, 'shared' | 'productionVault'>({
  meta: {
    id: 'shared-vault-across-environments',
    title: 'Key Vault shared across environments',
    description: 'Disallow using the same Key Vault for more than one deployment environment.',
    rationale:
      'Each environment (development, test, production) should read its secrets from its own Key Vault. When test and production settings name the same vault, the test environment and everyone who can run or edit its flows can read production secrets, a test run can change production data, and access policies and rotation cannot differ between them. A non-production environment that points at a vault named for production is the same mistake made visible.',
    defaultLevel: 'error',
    securitySeverity: 6.5,
    precision: 'high',
    tags: ['security', 'alm', 'key-vault', 'environments', 'external/cwe/cwe-668'],
    recommended: true,
    since: '0.1.0',
    messages: {
      shared:
        "Key Vault '{{vault}}' is configured here for the {{environment}} environment ({{setting}}) and also for {{others}}; give each environment a vault of its own and point this file at the {{environment}} vault.",
      productionVault:
        "The {{environment}} environment points '{{setting}}' at Key Vault '{{vault}}', whose name says '{{word}}' (production); give {{environment}} a vault of its own.",
    },
    schema,
    defaultOptions: { environments: {} },
    references: [
      'CWE-668',
      'https://learn.microsoft.com/azure/key-vault/general/best-practices',
      'https://learn.microsoft.com/power-platform/alm/conn-ref-env-variables-build-tools',
    ],
  },
  create(context) {
    return {
      'project:exit'(project) {
        // The configuration's top-level `environments`, with the rule's own option on top.
        const { byVault } = projectVaults(project, { ...context.run.environments, ...context.options.environments });
        for (const environments of byVault.values()) {
          if (environments.size >= 2) {
            for (const [environment, usages] of environments) {
              const others = [...environments.keys()].filter((e) => e !== environment);
              const otherUsages = others.flatMap((other) => firstPerDocument(environments.get(other) ?? []));
              for (const usage of firstPerDocument(usages)) {
                const related: RelatedNode[] = otherUsages.slice(0, MAX_RELATED).map((other) => ({ node: other.node, message: `also used for ${describe(other)}` }));
                context.report({
                  node: usage.node,
                  messageId: 'shared',
                  data: { vault: usage.vault.shown, environment, setting: usage.schemaName, others: nameList(others, 'quoted') },
                  related,
                  value: redact(usage.vault.key),
                });
              }
            }
          }
          for (const [environment, usages] of environments) {
            if (!nonProduction(environment)) continue;
            for (const usage of firstPerDocument(usages)) {
              const word = productionWordOf(usage.vault.name);
              if (!word) continue;
              context.report({
                node: usage.node,
                messageId: 'productionVault',
                level: 'warning',
                data: { environment, setting: usage.schemaName, vault: usage.vault.shown, word },
                value: redact(usage.vault.key),
              });
            }
          }
        }
      },
    };
  },
});
