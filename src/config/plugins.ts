/**
 * Rules from outside flowlint: modules named in the configuration (a path relative to the config
 * file, or an installed package) that export rules with the built-in contract — `export const
 * rules = [...]`, or a default export of that array or of `{ rules }`. Anything else is a
 * configuration error naming the module and the rule.
 */
import { createRequire } from 'node:module';
import { isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfigError } from '../engine/registry.js';
import type { AnyRule } from '../engine/types.js';

const RULE_ID = /^[a-z][a-z0-9]*(-[a-z0-9]+)*(\/[a-z][a-z0-9]*(-[a-z0-9]+)*)?$/;
const LEVELS = new Set(['error', 'warning', 'note']);

function resolveModule(specifier: string, configDir: string): string {
  if (specifier.startsWith('.') || isAbsolute(specifier)) return pathToFileURL(resolve(configDir, specifier)).href;
  try {
    return pathToFileURL(createRequire(join(configDir, 'noop.js')).resolve(specifier)).href;
  } catch {
    throw new ConfigError(`plugin "${specifier}": cannot find the package (install it next to the configuration)`);
  }
}

function rulesOf(exports: Record<string, unknown>): unknown {
  if (Array.isArray(exports.rules)) return exports.rules;
  const fallback = exports.default as Record<string, unknown> | unknown[] | undefined;
  if (Array.isArray(fallback)) return fallback;
  if (fallback && Array.isArray((fallback as Record<string, unknown>).rules)) return (fallback as Record<string, unknown>).rules;
  return undefined;
}

/** Checks the parts of the contract the engine relies on. */
function checkRule(candidate: unknown, plugin: string, index: number): AnyRule {
  const rule = candidate as Partial<AnyRule> | undefined;
  const id = typeof rule?.meta?.id === 'string' ? rule.meta.id : `#${index}`;
  const where = `plugin "${plugin}" rule ${id}`;
  if (!rule || typeof rule !== 'object' || !rule.meta || typeof rule.create !== 'function') throw new ConfigError(`${where}: a rule needs "meta" and a "create" function`);
  // A plugin is untyped JavaScript: read its meta loosely, then check each field the engine needs.
  const meta = rule.meta as Partial<AnyRule['meta']> & { id: string };
  if (!RULE_ID.test(meta.id)) throw new ConfigError(`${where}: meta.id must be kebab-case, optionally scoped ("contoso/my-rule")`);
  if (!LEVELS.has(meta.defaultLevel ?? '')) throw new ConfigError(`${where}: meta.defaultLevel must be error, warning or note`);
  if (!meta.messages || typeof meta.messages !== 'object' || Object.keys(meta.messages).length === 0) throw new ConfigError(`${where}: meta.messages must map messageIds to text`);
  for (const field of ['title', 'description'] as const) {
    if (typeof meta[field] !== 'string' || !meta[field]) throw new ConfigError(`${where}: meta.${field} must be a non-empty string`);
  }
  // Fill what SARIF needs but a plugin may leave out.
  return {
    create: rule.create,
    meta: {
      ...meta,
      rationale: meta.rationale ?? meta.description,
      precision: meta.precision ?? 'medium',
      tags: meta.tags ?? [],
      recommended: meta.recommended ?? false,
      since: meta.since ?? '0.0.0',
      defaultOptions: meta.defaultOptions ?? {},
      references: meta.references ?? [],
    },
  } as AnyRule;
}

/**
 * The bundled CLI runs as a script compiled by the bin (src/cli/bundled.ts), where `import()` has
 * no module loader behind it: the bin passes its own as `__flowlintImport`. Compiled by tsc, the
 * identifier does not exist and the module's own `import()` is used.
 */
declare const __flowlintImport: ((url: string) => Promise<unknown>) | undefined;

function importModule(url: string): Promise<unknown> {
  return typeof __flowlintImport === 'function' ? __flowlintImport(url) : import(url);
}

export async function loadPlugins(specifiers: readonly string[], configDir: string): Promise<AnyRule[]> {
  const rules: AnyRule[] = [];
  for (const specifier of specifiers) {
    const url = resolveModule(specifier, configDir);
    let exports: Record<string, unknown>;
    try {
      exports = (await importModule(url)) as Record<string, unknown>;
    } catch (error) {
      throw new ConfigError(`plugin "${specifier}" could not be loaded: ${(error as Error).message.split('\n')[0]}`);
    }
    const list = rulesOf(exports);
    if (!Array.isArray(list)) throw new ConfigError(`plugin "${specifier}" exports no rules (export const rules = [...])`);
    list.forEach((candidate, index) => rules.push(checkRule(candidate, specifier, index)));
  }
  return rules;
}
