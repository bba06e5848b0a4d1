/**
 * Turns the rule list plus user settings into the rules a run enables. Unknown ids and bad levels
 * are configuration errors (exit 2), never silently ignored.
 */
import type { AnyRule, Level, RuleSetting } from './types.js';
import type { EnabledRule } from './engine.js';

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export const RULE_SETTINGS: readonly RuleSetting[] = ['off', 'note', 'warning', 'error'];

export function isRuleSetting(value: unknown): value is RuleSetting {
  return typeof value === 'string' && (RULE_SETTINGS as readonly string[]).includes(value);
}

export interface RuleConfig {
  readonly level?: RuleSetting;
  readonly options?: object;
}

export function enableRules(rules: readonly AnyRule[], settings: Readonly<Record<string, RuleConfig>>): EnabledRule[] {
  const byId = new Map(rules.map((rule) => [rule.meta.id, rule]));
  for (const id of Object.keys(settings)) {
    if (!byId.has(id)) throw new ConfigError(`unknown rule "${id}" (run \`flowlint rules\` to list them)`);
  }
  const enabled: EnabledRule[] = [];
  for (const rule of rules) {
    const setting = settings[rule.meta.id];
    const level: RuleSetting = setting?.level ?? rule.meta.defaultLevel;
    if (level === 'off') continue;
    enabled.push({ rule, level: level as Level, options: { ...rule.meta.defaultOptions, ...(setting?.options ?? {}) } });
  }
  return enabled;
}

/** Parses `--rule id=level`. */
export function parseRuleFlag(flag: string): [string, RuleSetting] {
  const match = /^([\w-]+)=(\w+)$/.exec(flag.trim());
  if (!match) throw new ConfigError(`--rule expects ID=LEVEL (off, note, warning, error), got "${flag}"`);
  if (!isRuleSetting(match[2])) throw new ConfigError(`--rule ${match[1]}: level must be one of off, note, warning, error, got "${match[2]}"`);
  return [match[1], match[2]];
}
