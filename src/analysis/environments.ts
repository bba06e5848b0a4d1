/**
 * Which deployment environment a file configures, and which Key Vaults each environment uses.
 * The environment of a file comes from configuration (`{ prod: ["settings/prod*.json"] }`, globs
 * matched against the display path) or else from its path: the last folder or file-name word that
 * names an environment (`config/Prod/deploymentSettings.json`, `deploymentSettings.test.json`,
 * `exports/Contoso_uat.zip`). Vaults come from deployment settings values, env-var value files and
 * Secret env-var references (docs/formats.md §1.5, §1.6, §5). And which solution a deployment
 * settings file kept beside its solution belongs to.
 */
import { asName, reveal, type Name } from '../redact.js';
import type { DeploymentSetting, DeploymentSettings, EnvironmentVariable, ModelNode, Project, Solution, SourceDocument, SourceRef } from '../model/types.js';
import { matchesGlob } from '../glob.js';
import { isPlaceholderValue, vaultsInValue, type VaultReference } from './vaults.js';
import { sourceKey } from '../source-key.js';

/** Path words that name an environment, and the environment they name. */
const ENVIRONMENT_WORDS: Readonly<Record<string, string>> = {
  dev: 'dev',
  develop: 'dev',
  development: 'dev',
  test: 'test',
  tst: 'test',
  testing: 'test',
  uat: 'uat',
  qa: 'qa',
  sit: 'sit',
  validation: 'validation',
  stage: 'stage',
  staging: 'stage',
  stg: 'stage',
  preprod: 'preprod',
  preproduction: 'preprod',
  prod: 'prod',
  production: 'prod',
  prd: 'prod',
  live: 'prod',
};

/** The canonical environments in the order a pipeline promotes through them (report columns). */
export const ENVIRONMENT_ORDER: readonly string[] = ['dev', 'test', 'qa', 'sit', 'uat', 'validation', 'stage', 'preprod', 'prod'];

/** Environment names (canonical or configured) that are production. */
const PRODUCTION_NAMES = new Set(['prod', 'production', 'prd', 'live']);

export function isProductionEnvironment(name: string): boolean {
  return PRODUCTION_NAMES.has(name.toLowerCase());
}

/** Lower-case words of a path: split on `/`, `\`, `!`, `.`, `-`, `_` and spaces. */
function pathWords(path: string): string[] {
  return path
    .toLowerCase()
    .split(/[/\\!._\s-]+/)
    .filter(Boolean);
}

/** The environment a path names: its last environment word (`pre-prod` reads as `preprod`). */
export function environmentFromPath(path: string): string | undefined {
  const words = pathWords(path);
  for (let i = words.length - 1; i >= 0; i--) {
    const word = words[i];
    const environment = ENVIRONMENT_WORDS[word];
    if (!environment) continue;
    const previous = words[i - 1];
    if (environment === 'prod' && (previous === 'pre' || previous === 'non')) return previous === 'pre' ? 'preprod' : undefined;
    return environment;
  }
  return undefined;
}

/** Configured globs are matched like suppression globs (`src/glob.ts`). */
export { matchesGlob };

/** Configured environments: name -> globs of the files (or zips/folders) that configure it. */
export type EnvironmentPatterns = Readonly<Record<string, readonly string[]>>;

/**
 * The environment of a file: the first configured environment with a glob that matches one of
 * `paths` (the file, then the zip or folder holding it), else the environment its path names.
 */
export function environmentOf(paths: readonly string[], configured: EnvironmentPatterns = {}): string | undefined {
  for (const [environment, globs] of Object.entries(configured)) {
    if (paths.some((path) => globs.some((glob) => matchesGlob(path, glob)))) return environment;
  }
  for (const path of paths) {
    const environment = environmentFromPath(path);
    if (environment) return environment;
  }
  return undefined;
}

/** Display path of a document: the file, or `zip!entry` for an archive member. */
export function documentPath(document: SourceDocument): string {
  return sourceKey(document.source);
}

export type VaultUsageKind = 'deployment-settings' | 'env-var-value' | 'env-var-default';

/** One place that points an environment at a vault. */
export interface VaultUsage {
  readonly vault: VaultReference;
  readonly kind: VaultUsageKind;
  /** The env var (schema name) the value belongs to. */
  readonly schemaName: Name;
  /** The node to report on, and the file it is in. */
  readonly node: ModelNode;
  readonly document: SourceDocument;
  readonly solution: Solution;
  /** Paths the environment is read from, most specific first. */
  readonly paths: readonly string[];
}

function usagesOfValue(value: string, base: Omit<VaultUsage, 'vault'>): VaultUsage[] {
  if (isPlaceholderValue(value)) return [];
  const seen = new Set<string>();
  const usages: VaultUsage[] = [];
  for (const vault of vaultsInValue(value, base.schemaName)) {
    if (seen.has(vault.key)) continue;
    seen.add(vault.key);
    usages.push({ ...base, vault });
  }
  return usages;
}

const usagesByUnit = new WeakMap<Solution, readonly VaultUsage[]>();

/**
 * Where a unit points at vaults: each deployment setting value, and each env var's value as the
 * environment sees it (the exported current value, else the definition default).
 */
export function vaultUsagesOf(solution: Solution): readonly VaultUsage[] {
  // The rule and the run's table of vaults both ask; a unit's usages do not change.
  const known = usagesByUnit.get(solution);
  if (known) return known;
  const usages: VaultUsage[] = [];
  const unitPaths = solution.root.entry ? [sourceKey(solution.root), solution.root.file] : [solution.root.file];
  for (const settings of solution.deploymentSettings) {
    // A settings file names its environment itself, else the zip or folder holding it does.
    const paths = [...new Set([documentPath(settings.document), ...unitPaths])];
    for (const setting of settings.environmentVariables) {
      usages.push(
        ...usagesOfValue(reveal(setting.value), {
          kind: 'deployment-settings',
          schemaName: setting.schemaName,
          node: setting as DeploymentSetting,
          document: settings.document,
          solution,
          paths,
        }),
      );
    }
  }
  for (const variable of solution.environmentVariables) {
    const effective = effectiveValue(variable);
    if (!effective) continue;
    const kind: VaultUsageKind = effective === variable.currentValue ? 'env-var-value' : 'env-var-default';
    // Component files name their variable in their path (`environmentvariabledefinitions/<schema>/`),
    // so the environment comes from the unit (the zip or solution folder), unless the unit is the file.
    const paths = solution.kind === 'standalone' ? [...new Set([documentPath(effective.location.document), ...unitPaths])] : unitPaths;
    usages.push(...usagesOfValue(reveal(effective.value), { kind, schemaName: variable.schemaName, node: effective, document: effective.location.document, solution, paths }));
  }
  usagesByUnit.set(solution, usages);
  return usages;
}

/** The exported current value wins over the default (a placeholder value names no vault). */
function effectiveValue(variable: EnvironmentVariable): EnvironmentVariable['currentValue'] {
  return variable.currentValue ?? variable.defaultValue;
}

/** Vault usages of a whole run, grouped: vault key -> environment -> usages. */
export interface ProjectVaults {
  readonly byVault: ReadonlyMap<string, ReadonlyMap<Name, readonly (VaultUsage & { readonly environment: Name })[]>>;
}

export function projectVaults(project: Project, configured: EnvironmentPatterns = {}): ProjectVaults {
  const byVault = new Map<string, Map<Name, (VaultUsage & { environment: Name })[]>>();
  for (const solution of project.solutions) {
    for (const usage of vaultUsagesOf(solution)) {
      // Environment names come from the configuration or from words of file and folder names.
      const environment = asName(environmentOf(usage.paths, configured));
      if (!environment) continue;
      let environments = byVault.get(usage.vault.key);
      if (!environments) {
        environments = new Map();
        byVault.set(usage.vault.key, environments);
      }
      const list = environments.get(environment) ?? [];
      list.push({ ...usage, environment });
      environments.set(environment, list);
    }
  }
  return { byVault };
}

/** Folders of a path, a zip's entry path continuing its file's (`a/b.zip!c/d.json` -> a, b.zip, c). */
function folderSegments(source: SourceRef): string[] {
  const parts = source.file.split(/[\\/]/);
  if (source.entry !== undefined) parts.push(...source.entry.split('/'));
  // An absolute path keeps its empty first segment, so it never shares a folder with a relative one.
  return parts.filter((part, index) => index === 0 || (part !== '' && part !== '.'));
}

/** Per solution, computed once for all the settings files of a run. */
const settingsNames = new WeakMap<Solution, ReadonlySet<string>>();

/** Lower-cased names a solution is known by in settings: connection references and env vars. */
function settingsNamesOf(solution: Solution): ReadonlySet<string> {
  let names = settingsNames.get(solution);
  if (!names) {
    const { defined, used } = solution.connectionReferenceNames;
    names = new Set([...defined, ...used, ...solution.environmentVariables.map((v) => v.schemaName)].map((name) => name.toLowerCase()));
    settingsNames.set(solution, names);
  }
  return names;
}

/**
 * The solution a deployment settings file kept outside any solution belongs to
 * (`<Project>/config/Prod/deploymentSettings.json` beside `<Project>/SolutionPackage/src/` or a
 * solution zip). From the file's folder upwards, the first folder holding solutions of the run
 * decides: the one of them sharing the most names (connection reference logical names and env var
 * schema names, without case) with the file, when it shares at least one and no other shares as
 * many; otherwise none. A file inside a solution belongs to that solution, not to this search.
 */
export function settingsSolutionOf(settings: DeploymentSettings, solutions: readonly Solution[]): Solution | undefined {
  const folder = folderSegments(settings.document.source).slice(0, -1);
  const candidates = solutions.filter((s) => s.kind === 'solution').map((solution) => ({ solution, path: folderSegments(solution.root) }));
  const wanted = new Set([...settings.connectionReferences.map((c) => c.logicalName), ...settings.environmentVariables.map((v) => v.schemaName)].map((name) => name.toLowerCase()));
  for (let depth = folder.length; depth >= 0; depth--) {
    const below = candidates.filter(({ path }) => path.length >= depth && folder.slice(0, depth).every((part, i) => part === path[i]));
    if (below.length === 0) continue;
    // The nearest folder with solutions decides, even when none of them matches: a file is not
    // matched to a solution further away than its own project's.
    let best: Solution | undefined;
    let bestScore = 0;
    let tied = false;
    for (const { solution } of below) {
      const known = settingsNamesOf(solution);
      let score = 0;
      for (const name of wanted) if (known.has(name)) score++;
      if (score > bestScore) [best, bestScore, tied] = [solution, score, false];
      else if (score === bestScore && score > 0) tied = true;
    }
    return tied ? undefined : best;
  }
  return undefined;
}
