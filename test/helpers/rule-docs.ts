/**
 * Reads a rule page (rules/<id>.md): frontmatter, section headings, and the flow examples under
 * "### Incorrect" / "### Correct". An example may be preceded by
 * `<!-- solution: {...} -->` giving the solution around it (builder options), and by
 * `<!-- options: {...} -->` giving the rule options it runs with, and by `<!-- run: {...} -->`
 * giving the run context (`environments`, the `previous` version `flowlint diff` compares with).
 * Context blocks add to the solution of the next example instead of being one:
 * - a fenced block preceded by `<!-- file: <path> -->` is a file of the solution folder
 *   (deployment settings, an env-var definition, ...);
 * - a ` ```robin ` block is a desktop flow script, named by an optional
 *   `<!-- desktop: {"name": "...", "id": "..."} -->` before it.
 * Context followed by prose or the end of the section, rather than by a ` ```json ` flow, forms an
 * example of its own (with no flow file).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { DesktopFlowSpec, SolutionOptions } from './builders.js';

/** Stands in for the flow file of an example made only of context blocks (no flow, no settings). */
const NO_FLOW = '{}';

export interface RuleDocExample {
  readonly kind: 'incorrect' | 'correct';
  readonly code: string;
  readonly solution?: SolutionOptions;
  /** Rule options for this example, from `<!-- options: {...} -->` before it. */
  readonly options?: object;
  /** Run context for this example, from `<!-- run: {...} -->` before it. */
  readonly run?: object;
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
  let pendingOptions: object | undefined;
  let pendingRun: object | undefined;
  let pendingFiles: Record<string, string> = {};
  let pendingDesktop: Record<string, DesktopFlowSpec> = {};
  let pendingFile: string | undefined;
  let pendingDesktopSpec: { name?: string; id?: string } | undefined;
  let contextLine: number | undefined;
  const withContext = (solution: SolutionOptions | undefined): SolutionOptions | undefined => {
    if (contextLine === undefined) return solution;
    const merged: SolutionOptions = {
      ...solution,
      extraFiles: { ...solution?.extraFiles, ...pendingFiles },
      desktopFlows: { ...solution?.desktopFlows, ...pendingDesktop },
    };
    pendingFiles = {};
    pendingDesktop = {};
    contextLine = undefined;
    return merged;
  };
  const flushContext = (): void => {
    if (section && contextLine !== undefined) {
      const line = contextLine;
      examples.push({ kind: section, code: NO_FLOW, solution: withContext(pendingSolution), line });
      pendingSolution = undefined;
    }
    pendingFiles = {};
    pendingDesktop = {};
    contextLine = undefined;
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const heading = /^(#{2,3}) (.+)$/.exec(line);
    if (heading) {
      flushContext();
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
    const options = /^<!--\s*options:\s*(\{.*\})\s*-->$/.exec(line.trim());
    if (options) {
      pendingOptions = JSON.parse(options[1]) as object;
      continue;
    }
    const run = /^<!--\s*run:\s*(\{.*\})\s*-->$/.exec(line.trim());
    if (run) {
      pendingRun = JSON.parse(run[1]) as object;
      continue;
    }
    const file = /^<!--\s*file:\s*(\S+)\s*-->$/.exec(line.trim());
    if (file) {
      pendingFile = file[1];
      continue;
    }
    const desktop = /^<!--\s*desktop:\s*(\{.*\})\s*-->$/.exec(line.trim());
    if (desktop) {
      pendingDesktopSpec = JSON.parse(desktop[1]) as { name?: string; id?: string };
      continue;
    }
    const fence = /^```(\w*)/.exec(line);
    if (!fence && line.trim() !== '') {
      flushContext();
      continue;
    }
    if (section && fence) {
      const start = i + 1;
      let end = start;
      while (end < lines.length && !lines[end].startsWith('```')) end++;
      const code = lines.slice(start, end).join('\n');
      i = end;
      if (pendingFile !== undefined) {
        pendingFiles[pendingFile] = `${code}\n`;
        contextLine ??= start;
        pendingFile = undefined;
      } else if (fence[1] === 'robin') {
        const name = pendingDesktopSpec?.name ?? `Example desktop flow ${Object.keys(pendingDesktop).length + 1}`;
        pendingDesktop[name] = { script: code, id: pendingDesktopSpec?.id };
        contextLine ??= start;
        pendingDesktopSpec = undefined;
      } else if (fence[1] === 'json') {
        examples.push({ kind: section, code, solution: withContext(pendingSolution), options: pendingOptions, run: pendingRun, line: start });
        pendingOptions = undefined;
        pendingRun = undefined;
        pendingSolution = undefined;
      }
    }
  }
  flushContext();
  return { frontmatter, headings, examples };
}
