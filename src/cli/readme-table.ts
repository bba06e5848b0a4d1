/** The README's rule table, generated from rule metadata (kept in sync by a test). */
import type { AnyRule } from '../engine/types.js';

export const RULE_TABLE_START = '<!-- rules:start (generated from rule metadata; run `npm run docs` to update) -->';
export const RULE_TABLE_END = '<!-- rules:end -->';

const LEVEL_ORDER = { error: 0, warning: 1, note: 2 } as const;

/** Most serious first: by default level, then security severity (highest first), then id. */
function bySeriousness(a: AnyRule, b: AnyRule): number {
  const level = LEVEL_ORDER[a.meta.defaultLevel] - LEVEL_ORDER[b.meta.defaultLevel];
  const severity = (b.meta.securitySeverity ?? 0) - (a.meta.securitySeverity ?? 0);
  return level || severity || (a.meta.id < b.meta.id ? -1 : a.meta.id > b.meta.id ? 1 : 0);
}

export function ruleTable(rules: readonly AnyRule[]): string {
  const rows = [...rules].sort(bySeriousness).map(({ meta }) => {
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
