/**
 * Turns the rule list plus user settings into the rules a run enables. Unknown ids and bad levels
 * are configuration errors (exit 2), never silently ignored.
 */
import type { AnyRule, RuleSetting } from './types.js';
import type { EnabledRule } from './engine.js';
import { validateAgainstSchema } from '../config/validate.js';

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export const RULE_SETTINGS: readonly RuleSetting[] = ['off', 'note', 'warning', 'error'];

export function isRuleSetting(value: unknown): value is RuleSetting {
  return typeof value === 'string' && (RULE_SETTINGS as readonly string[]).includes(value);
}

/** A rule's setting as configured: checked here (the level) and against the rule's schema (the options). */
export interface RuleConfig {
  readonly level?: unknown;
  readonly options?: unknown;
}

/**
 * The enabled rules with their levels and merged options. Options are checked against the rule's
 * schema on every run; options for a rule that takes none are an error too (ESLint v9 learnt this).
 */
export function enableRules(rules: readonly AnyRule[], settings: Readonly<Record<string, RuleConfig>>): EnabledRule[] {
  const byId = new Map(rules.map((rule) => [rule.meta.id, rule]));
  for (const [id, setting] of Object.entries(settings)) {
    const rule = byId.get(id);
    if (!rule) throw new ConfigError(`unknown rule "${id}" (run \`flowlint rules\` to list them)`);
    if (setting.level !== undefined && !isRuleSetting(setting.level)) {
      throw new ConfigError(`rules.${id}: level must be one of off, note, warning, error, got ${JSON.stringify(setting.level)}`);
    }
    if (setting.options !== undefined) checkRuleOptions(rule, setting.options);
  }
  const enabled: EnabledRule[] = [];
  for (const rule of rules) {
    const setting = settings[rule.meta.id];
    const configured = setting?.level;
    const level: RuleSetting = configured !== undefined && isRuleSetting(configured) ? configured : rule.meta.defaultLevel;
    if (level === 'off') continue;
    const options = setting?.options;
    enabled.push({ rule, level, options: { ...rule.meta.defaultOptions, ...(typeof options === 'object' && options !== null ? options : {}) } });
  }
  return enabled;
}

function checkRuleOptions(rule: AnyRule, options: unknown): void {
  const { id, schema } = rule.meta;
  if (!schema) {
    if (typeof options !== 'object' || options === null) throw new ConfigError(`rules.${id}: options must be an object`);
    if (Object.keys(options).length) throw new ConfigError(`rules.${id}: this rule takes no options, got ${Object.keys(options).join(', ')}`);
    return;
  }
  const problems = validateAgainstSchema(options, schema, `rules.${id}.options`);
  if (problems.length) throw new ConfigError(problems.map((p) => `${p.path} ${p.message}`).join('; '));
}

/** Parses `--rule id=level`. */
export function parseRuleFlag(flag: string): [string, RuleSetting] {
  const match = /^([\w-]+)=(\w+)$/.exec(flag.trim());
  if (!match) throw new ConfigError(`--rule expects ID=LEVEL (off, note, warning, error), got "${flag}"`);
  if (!isRuleSetting(match[2])) throw new ConfigError(`--rule ${match[1]}: level must be one of off, note, warning, error, got "${match[2]}"`);
  return [match[1], match[2]];
}
