/**
 * Reads a rule page (rules/<id>.md): frontmatter, section headings, and the flow examples under
 * "### Incorrect" / "### Correct". An example may be preceded by
 * `<!-- solution: {...} -->` giving the solution around it (builder options).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { SolutionOptions } from './builders.js';

export interface RuleDocExample {
  readonly kind: 'incorrect' | 'correct';
  readonly code: string;
  readonly solution?: SolutionOptions;
  readonly line: number;
}

export interface RuleDoc {
  readonly frontmatter: Record<string, string>;
  readonly headings: string[];
  readonly examples: RuleDocExample[];
}

export function rulePagePath(id: string): string {
  return fileURLToPath(new URL(`../../rules/${id}.md`, import.meta.url));
}

export function readRuleDoc(id: string): RuleDoc {
  const text = readFileSync(rulePagePath(id), 'utf8');
  const frontmatter: Record<string, string> = {};
  const fm = /^---\n([\s\S]*?)\n---\n/.exec(text);
  if (fm) {
    for (const line of fm[1].split('\n')) {
      const match = /^(\w[\w-]*):\s*(.*)$/.exec(line);
      if (match) frontmatter[match[1]] = match[2].trim();
    }
  }
  const lines = text.split('\n');
  const headings: string[] = [];
  const examples: RuleDocExample[] = [];
  let section: 'incorrect' | 'correct' | undefined;
  let pendingSolution: SolutionOptions | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const heading = /^(#{2,3}) (.+)$/.exec(line);
    if (heading) {
      headings.push(`${heading[1]} ${heading[2].trim()}`);
      const title = heading[2].trim().toLowerCase();
      section = title === 'incorrect' ? 'incorrect' : title === 'correct' ? 'correct' : heading[1] === '##' ? undefined : section;
      continue;
    }
    const solution = /^<!--\s*solution:\s*(\{.*\})\s*-->$/.exec(line.trim());
    if (solution) {
      pendingSolution = JSON.parse(solution[1]) as SolutionOptions;
      continue;
    }
    if (section && /^```json\b/.test(line)) {
      const start = i + 1;
      let end = start;
      while (end < lines.length && !lines[end].startsWith('```')) end++;
      examples.push({ kind: section, code: lines.slice(start, end).join('\n'), solution: pendingSolution, line: start });
      pendingSolution = undefined;
      i = end;
    }
  }
  return { frontmatter, headings, examples };
}
