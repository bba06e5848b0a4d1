/**
 * Turns the configuration file plus command-line flags into what a run needs: the rules (built-in,
 * plugins, declarative) with levels and options, analysis settings, limits, ignores, and the
 * suppressions (description directives, configured exceptions, baseline).
 */
import { existsSync, readFileSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import { builtinRules } from '../../rules/index.js';
import { ConfigError, enableRules, parseRuleFlag, type RuleConfig } from '../engine/registry.js';
import type { EnabledRule } from '../engine/engine.js';
import type { AnyRule, Level, RunContext } from '../engine/types.js';
import { Suppressions, type BaselineEntry } from '../engine/suppressions.js';
import type { AnalysisSettings } from '../analysis/index.js';
import type { InputLimits } from '../sources/types.js';
import type { SourceDocument } from '../model/types.js';
import { parseJsonDocument } from '../parse/json.js';
import { loadConfig, normaliseRuleEntry, type LoadedConfig } from '../config/load.js';
import { parseJsonSafely } from '../config/safe-json.js';
import { loadPlugins } from '../config/plugins.js';
import { declarativeRule } from '../config/declarative.js';

export interface RunFlags {
  readonly config?: string;
  /** false (`--no-config-lookup`): no config is searched for; only `config` is read. */
  readonly configLookup?: boolean;
  /**
   * JavaScript plugins named by the config may load (`--allow-plugins` or
   * FLOWLINT_ALLOW_PLUGINS=1, resolved by the caller so workers obey the same decision).
   */
  readonly allowPlugins?: boolean;
  readonly rule: readonly string[];
  readonly ignore: readonly string[];
  readonly failOn?: Level | 'none';
  readonly maxWarnings?: number;
  readonly limits: Partial<InputLimits>;
  readonly baseline?: string;
}

export interface RunSetup {
  readonly loaded: LoadedConfig;
  /** Every known rule (for reporters' rule lists), enabled or not. */
  readonly rules: readonly AnyRule[];
  readonly enabled: readonly EnabledRule[];
  readonly settings: AnalysisSettings;
  /** What rules are told about the run (configured environments). */
  readonly run: RunContext;
  readonly limits: Partial<InputLimits>;
  readonly ignore: readonly string[];
  readonly failOn: Level | 'none';
  readonly maxWarnings?: number;
  readonly suppressions: Suppressions;
  /** The baseline as read (for --prune-baseline). */
  readonly baseline?: { readonly path: string; readonly entries: readonly BaselineEntry[] };
  /** What this was built from (pool workers build from it too). */
  readonly runConfig: RunConfig;
}

export const ALLOW_PLUGINS_FLAG = '--allow-plugins';
export const ALLOW_PLUGINS_ENV = 'FLOWLINT_ALLOW_PLUGINS';

/** The opt-in for plugins: the flag, or the environment variable set to 1 or true. */
export function pluginsAllowed(flag: boolean | undefined, env: Readonly<Record<string, string | undefined>>): boolean {
  const value = env[ALLOW_PLUGINS_ENV]?.trim().toLowerCase();
  return flag === true || value === '1' || value === 'true';
}

export function displayPath(cwd: string, path: string): string {
  const rel = relative(cwd, path);
  return (rel === '' ? '.' : rel).split(sep).join('/');
}

function documentOf(cwd: string, path: string, text: string): SourceDocument {
  const file = displayPath(cwd, path);
  const parsed = parseJsonDocument(text.replace(/^\uFEFF/, ''), { file }, file, 512);
  // A config with comments is not plain JSON: keep it as text (findings then carry no line).
  return parsed.ok ? parsed.document : { source: { file }, unitPath: file, format: 'text', text: '', value: undefined, duplicateKeys: [], prototypeKeys: [] };
}

/** The baseline file read and checked: its entries, and its text (findings on it point into it). */
export function readBaseline(cwd: string, file: string): { path: string; entries: BaselineEntry[]; text: string } {
  const path = resolve(cwd, file);
  if (!existsSync(path)) throw new ConfigError(`baseline ${file} does not exist (create it with --write-baseline ${file})`);
  const text = readFileSync(path, 'utf8');
  const parsed = parseJsonSafely(text, { comments: false });
  if (!parsed.ok) throw new ConfigError(`baseline ${file}: ${parsed.problem.startsWith('invalid JSON') ? 'is not valid JSON' : parsed.problem}`);
  const { value } = parsed;
  const entries = (value as { entries?: unknown })?.entries;
  if (!Array.isArray(entries) || !entries.every((e) => e && typeof e.ruleId === 'string' && typeof e.file === 'string' && typeof e.pointer === 'string')) {
    throw new ConfigError(`baseline ${file} has no valid "entries" (each needs ruleId, file, pointer)`);
  }
  return { path, entries: entries as BaselineEntry[], text };
}

/**
 * Everything a run is configured from, read once, by the main thread: the flags, the config file
 * (found, parsed and checked) and the baseline. Plain data: pool workers receive it and build the
 * same rules from it without reading or searching for any file again (plugins, being code, are
 * imported in each).
 */
export interface RunConfig {
  readonly cwd: string;
  readonly flags: RunFlags;
  readonly loaded: LoadedConfig;
  readonly baseline?: { readonly path: string; readonly entries: readonly BaselineEntry[]; readonly text: string };
}

/** Reads the config file and the baseline the flags name (configuration errors throw ConfigError). */
export function readRunConfig(cwd: string, flags: RunFlags): RunConfig {
  const loaded = loadConfig(cwd, flags.config, flags.configLookup ?? true);
  return { cwd, flags, loaded, ...(flags.baseline ? { baseline: readBaseline(cwd, flags.baseline) } : {}) };
}

export async function setupRun(cwd: string, flags: RunFlags): Promise<RunSetup> {
  return buildRun(readRunConfig(cwd, flags));
}

/** The rules, settings and suppressions of a run, from its configuration; reads no file. */
export async function buildRun(runConfig: RunConfig): Promise<RunSetup> {
  const { cwd, flags, loaded } = runConfig;
  const { config } = loaded;
  // A plugin is code: a config from the scanned tree must not run it unless the person running
  // flowlint said so. Checked before anything is imported.
  if (config.plugins?.length && !flags.allowPlugins) {
    throw new ConfigError(
      `${flags.config ?? (loaded.file ? displayPath(cwd, loaded.file) : 'the configuration')} declares JavaScript "plugins", which run as code; ` +
        `they load only with ${ALLOW_PLUGINS_FLAG} or ${ALLOW_PLUGINS_ENV}=1 (declarative "customRules" need neither)`,
    );
  }
  const pluginRules = await loadPlugins(config.plugins ?? [], loaded.dir);
  const customRules = (config.customRules ?? []).map((spec, index) => declarativeRule(spec, index));
  const rules = [...builtinRules, ...pluginRules, ...customRules];
  const seen = new Set<string>();
  for (const rule of rules) {
    if (seen.has(rule.meta.id)) throw new ConfigError(`rule id "${rule.meta.id}" is defined twice (plugins and customRules must not reuse built-in ids)`);
    seen.add(rule.meta.id);
  }

  const settings: Record<string, RuleConfig> = {};
  for (const [id, entry] of Object.entries(config.rules ?? {})) settings[id] = normaliseRuleEntry(entry);
  for (const flag of flags.rule) {
    const [id, level] = parseRuleFlag(flag);
    settings[id] = { ...settings[id], level };
  }
  const enabled = enableRules(rules, settings);

  const configDocument = loaded.file ? documentOf(cwd, loaded.file, loaded.text ?? '') : undefined;
  const suppressions = new Suppressions(config.exceptions ?? [], configDocument);
  const { baseline } = runConfig;
  if (baseline) suppressions.addBaseline(baseline.entries, documentOf(cwd, baseline.path, baseline.text), displayPath(cwd, baseline.path));

  return {
    runConfig,
    loaded,
    rules,
    enabled,
    settings: { secrets: { extraSources: config.secretSources ?? [], extraSinks: config.secretSinks ?? [] } },
    run: { environments: config.environments ?? {} },
    limits: { ...config.limits, ...flags.limits },
    ignore: [...(config.ignore ?? []), ...flags.ignore],
    failOn: flags.failOn ?? config.failOn ?? 'error',
    maxWarnings: flags.maxWarnings ?? config.maxWarnings,
    suppressions,
    baseline,
  };
}
