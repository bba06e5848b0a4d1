/**
 * Finds and reads the configuration: `-c FILE`, else the nearest `flowlint.config.json` or
 * `.flowlintrc.json` upward from the working directory, no higher than the root of the repository
 * it is in (outside a repository: the working directory only), so a config placed above a checkout
 * or a received folder is never picked up. `--no-config-lookup` turns the search off. Comments are allowed (JSONC). Any problem
 * is a ConfigError naming the file and, for schema problems, the option path.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { ConfigError } from '../engine/registry.js';
import type { RuleConfig } from '../engine/registry.js';
import { CONFIG_SCHEMA } from './schema.js';
import type { FromSchema } from '../from-schema.js';
import { validateAgainstSchema } from './validate.js';
import { parseJsonSafely } from './safe-json.js';
import { findRepoRoot } from '../git.js';

export const CONFIG_FILE_NAMES = ['flowlint.config.json', '.flowlintrc.json'] as const;

/** The configuration file's content, typed from its schema (`CONFIG_SCHEMA`), so the two cannot drift. */
export type FlowlintConfig = FromSchema<typeof CONFIG_SCHEMA>;

/** A rule's entry: a level, `[level, options]`, or `{ level, options }`. */
export type RuleEntry = NonNullable<FlowlintConfig['rules']>[string];
export type ConfigException = NonNullable<FlowlintConfig['exceptions']>[number];
export type DeclarativeRuleConfig = NonNullable<FlowlintConfig['customRules']>[number];

export interface LoadedConfig {
  /** The file read, or undefined when there is none. */
  readonly file?: string;
  /** Folder that relative paths in the config are resolved against. */
  readonly dir: string;
  readonly config: FlowlintConfig;
  /** The file's text, as read (findings on the config point into it). */
  readonly text?: string;
}

/**
 * The nearest config file upward from `start`, if any, looking no higher than the repository root
 * that holds `start` (the nearest folder with `.git`); outside a repository, in `start` only.
 */
export function findConfigFile(start: string): string | undefined {
  let dir = resolve(start);
  const stopAt = findRepoRoot(dir) ?? dir;
  for (;;) {
    for (const name of CONFIG_FILE_NAMES) {
      const candidate = join(dir, name);
      if (existsSync(candidate)) return candidate;
    }
    const parent = dirname(dir);
    if (dir === stopAt || parent === dir) return undefined;
    dir = parent;
  }
}

function lineColumn(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return `${line}:${offset - before.lastIndexOf('\n')}`;
}

/** Parses and validates config text; `file` is only used in messages. */
export function parseConfig(text: string, file: string): FlowlintConfig {
  const parsed = parseJsonSafely(text, { comments: true });
  if (!parsed.ok) throw new ConfigError(`${file}:${lineColumn(text, parsed.offset)}: ${parsed.problem}`);
  const { value } = parsed;
  const problems = validateAgainstSchema(value, CONFIG_SCHEMA);
  if (problems.length) {
    throw new ConfigError(`${file}: ${problems.map((p) => `${p.path} ${p.message}`).join('; ')}`);
  }
  return value as FlowlintConfig;
}

/** `lookup: false` (`--no-config-lookup`): only an explicit file is read. */
export function loadConfig(cwd: string, explicit?: string, lookup = true): LoadedConfig {
  const file = explicit ? resolve(cwd, explicit) : lookup ? findConfigFile(cwd) : undefined;
  if (!file) return { dir: cwd, config: {} };
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`cannot read config ${explicit ?? file}: ${(error as NodeJS.ErrnoException).code ?? 'unknown error'}`);
  }
  return { file, dir: dirname(file), config: parseConfig(text, explicit ?? file), text };
}

/** `Array.isArray` does not narrow a readonly array type. */
function isList(value: unknown): value is readonly unknown[] {
  return Array.isArray(value);
}

/** `rules` entries in their three spellings, as level + options. */
export function normaliseRuleEntry(entry: RuleEntry): RuleConfig {
  if (typeof entry === 'string') return { level: entry };
  if (isList(entry)) return { level: entry[0], options: entry[1] };
  return entry;
}
