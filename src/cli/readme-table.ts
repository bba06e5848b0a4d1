/** The README's rule table, generated from rule metadata (kept in sync by a test). */
import type { AnyRule } from '../engine/types.js';

export const RULE_TABLE_START = '<!-- rules:start (generated from rule metadata; run `npm run docs` to update) -->';
export const RULE_TABLE_END = '<!-- rules:end -->';

export function ruleTable(rules: readonly AnyRule[]): string {
  const rows = rules.map(({ meta }) => {
    const severity = meta.securitySeverity === undefined ? '—' : meta.securitySeverity.toFixed(1);
    return `| [\`${meta.id}\`](rules/${meta.id}.md) | ${meta.defaultLevel} | ${severity} | ${meta.description} |`;
  });
  return ['| rule | default level | security severity | what it requires |', '|---|---|---|---|', ...rows].join('\n');
}

/** Replaces the generated block of a README text. */
export function withRuleTable(readme: string, rules: readonly AnyRule[]): string {
  const start = readme.indexOf(RULE_TABLE_START);
  const end = readme.indexOf(RULE_TABLE_END);
  if (start < 0 || end < start) throw new Error('README has no rule table markers');
  return `${readme.slice(0, start + RULE_TABLE_START.length)}\n${ruleTable(rules)}\n${readme.slice(end)}`;
}
