/**
 * The run's Key Vaults by environment, for the reports: every vault that deployment settings,
 * env-var value files and env-var defaults name, and which environment each file configures
 * (as `shared-vault-across-environments` reads them). Vault names are shown: they are not secrets,
 * and an auditor needs them to see which vault test and production share.
 */
import { ENVIRONMENT_ORDER, environmentOf, vaultUsagesOf, type EnvironmentPatterns } from '../analysis/environments.js';
import type { Project } from '../model/types.js';
import type { VaultEnvironment, VaultPlace, VaultRow, VaultTable } from '../engine/types.js';
import { compareStrings } from '../sources/roots.js';

/** Undefined when no input names a vault. */
export function vaultTable(project: Project, configured: EnvironmentPatterns = {}): VaultTable | undefined {
  // vault key -> environment ('' when unknown) -> file key -> place
  const byVault = new Map<string, { shown: string; environments: Map<string, Map<string, { file: string; entry?: string; settings: string[] }>> }>();
  for (const solution of project.solutions) {
    for (const usage of vaultUsagesOf(solution)) {
      const row = byVault.get(usage.vault.key) ?? { shown: String(usage.vault.shown), environments: new Map() };
      byVault.set(usage.vault.key, row);
      const environment = environmentOf(usage.paths, configured) ?? '';
      const places = row.environments.get(environment) ?? new Map();
      row.environments.set(environment, places);
      const { file, entry } = usage.document.source;
      const key = entry === undefined ? file : `${file}\u0000${entry}`;
      const place = places.get(key) ?? { file, ...(entry === undefined ? {} : { entry }), settings: [] };
      places.set(key, place);
      if (!place.settings.includes(usage.schemaName)) place.settings.push(usage.schemaName);
    }
  }
  const rows = [...byVault.entries()].map(([key, row]): VaultRow & { key: string } => ({
    key,
    vault: row.shown,
    environments: [...row.environments.entries()]
      .sort(([a], [b]) => compareEnvironments(a, b))
      .map(([environment, places]): VaultEnvironment => ({
        ...(environment === '' ? {} : { environment }),
        places: [...places.values()].sort(comparePlaces),
      })),
  }));
  // Vaults that more than one environment reads first: the question the table answers.
  rows.sort((a, b) => known(b) - known(a) || compareStrings(a.key, b.key));
  if (rows.length === 0) return undefined;
  const names = new Set(rows.flatMap((row) => row.environments.flatMap((e) => (e.environment === undefined ? [] : [e.environment]))));
  return { environments: [...names].sort(compareEnvironments), rows: rows.map(({ vault, environments }) => ({ vault, environments })) };
}

function known(row: VaultRow): number {
  return row.environments.filter((e) => e.environment !== undefined).length;
}

function rank(environment: string): number {
  if (environment === '') return Number.MAX_SAFE_INTEGER;
  const index = ENVIRONMENT_ORDER.indexOf(environment.toLowerCase());
  return index === -1 ? ENVIRONMENT_ORDER.length : index;
}

function compareEnvironments(a: string, b: string): number {
  return rank(a) - rank(b) || compareStrings(a, b);
}

function comparePlaces(a: VaultPlace, b: VaultPlace): number {
  return compareStrings(a.file, b.file) || compareStrings(a.entry ?? '', b.entry ?? '');
}
