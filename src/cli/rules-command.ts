/** `flowlint rules` and `flowlint explain ID`. */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AnyRule } from '../engine/types.js';

export function listRules(rules: readonly AnyRule[], asJson: boolean): string {
  if (asJson) {
    return `${JSON.stringify(
      rules.map(({ meta }) => ({
        id: meta.id,
        level: meta.defaultLevel,
        securitySeverity: meta.securitySeverity,
        description: meta.description,
        tags: meta.tags,
      })),
      null,
      2,
    )}\n`;
  }
  const width = Math.max(...rules.map((r) => r.meta.id.length));
  const lines = rules.map(({ meta }) => {
    const severity = meta.securitySeverity === undefined ? '   ' : meta.securitySeverity.toFixed(1);
    return `${meta.id.padEnd(width)}  ${meta.defaultLevel.padEnd(7)}  ${severity.padStart(4)}  ${meta.description}`;
  });
  return `${'rule'.padEnd(width)}  ${'level'.padEnd(7)}  sev.  description\n${lines.join('\n')}\n`;
}

/** Rule pages ship beside the rule modules: rules/<id>.md (also from dist/rules/). */
function rulePage(id: string): string | undefined {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    try {
      return readFileSync(join(dir, 'rules', `${id}.md`), 'utf8');
    } catch {
      dir = dirname(dir);
    }
  }
  return undefined;
}

export function explainRule(rules: readonly AnyRule[], id: string): string | undefined {
  const rule = rules.find((r) => r.meta.id === id);
  if (!rule) return undefined;
  const page = rulePage(id);
  if (page) return page.endsWith('\n') ? page : `${page}\n`;
  const { meta } = rule;
  return `${meta.id} (${meta.defaultLevel})\n\n${meta.description}\n\n${meta.rationale}\n`;
}
