/**
 * The shape of the code, checked on its imports: data flows one way, so no module under src/ or
 * rules/ imports itself back through others, nothing under src/ but the CLI imports the CLI, and
 * the run layer stands on its own. Imports are read with TypeScript's pre-processor (static,
 * type-only and dynamic imports alike), relative ones resolved to the `.ts` files they name.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './helpers/cli.js';

function sourceFiles(folder: string): string[] {
  return readdirSync(join(repoRoot, folder), { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.ts'))
    .map((name) => join(folder, name).split('\\').join('/'));
}

/** Each file's imports of files in the repository, as repository-relative paths. */
function importGraph(files: readonly string[]): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const { importedFiles } = ts.preProcessFile(readFileSync(join(repoRoot, file), 'utf8'), true, true);
    const targets = importedFiles
      .filter((ref) => ref.fileName.startsWith('.'))
      .map((ref) => resolve(repoRoot, dirname(file), ref.fileName.replace(/\.js$/, '.ts')))
      .filter((target) => existsSync(target))
      .map((target) => relative(repoRoot, target).split('\\').join('/'));
    graph.set(file, targets);
  }
  return graph;
}

/** Strongly connected groups of more than one module (or a module importing itself): the cycles. */
function importCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  let counter = 0;
  const order = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (node: string): void => {
    order.set(node, counter);
    low.set(node, counter++);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!order.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node)!, order.get(next)!));
      }
    }
    if (low.get(node) !== order.get(node)) return;
    const group: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      group.push(member);
    } while (member !== node);
    if (group.length > 1 || (graph.get(node) ?? []).includes(node)) cycles.push(group.sort());
  };
  for (const node of graph.keys()) if (!order.has(node)) visit(node);
  return cycles;
}

const graph = importGraph([...sourceFiles('src'), ...sourceFiles('rules')]);

describe('architecture', () => {
  it('reads the whole tree', () => {
    expect(graph.size).toBeGreaterThan(100);
    expect(graph.get('src/run/lint.ts')).toContain('src/run/unit.ts');
  });

  it('has no import cycle in src/ or rules/', () => {
    expect(importCycles(graph)).toEqual([]);
  });

  it('finds a cycle when there is one (the check itself)', () => {
    const looped = new Map(graph);
    looped.set('src/parse/positions.ts', [...(graph.get('src/parse/positions.ts') ?? []), 'src/engine/types.ts']);
    expect(importCycles(looped)).toContainEqual(['src/engine/types.ts', 'src/parse/positions.ts']);
  });

  it('nothing under src/ but the CLI imports the CLI', () => {
    const offenders = [...graph].filter(([file, targets]) => !file.startsWith('src/cli/') && targets.some((target) => target.startsWith('src/cli/')));
    expect(offenders.map(([file]) => file)).toEqual([]);
  });

  it('the run layer imports nothing from the CLI or the reporters', () => {
    const offenders = [...graph].filter(
      ([file, targets]) => file.startsWith('src/run/') && targets.some((target) => target.startsWith('src/cli/') || target.startsWith('src/report/')),
    );
    expect(offenders.map(([file]) => file)).toEqual([]);
  });

  it('reporters never look at inputs: src/report/ imports nothing that reads, parses or models them', () => {
    const inputSide = ['src/sources/', 'src/parse/', 'src/model/', 'src/analysis/', 'src/expr/', 'src/run/'];
    const offenders = [...graph].filter(([file, targets]) => file.startsWith('src/report/') && targets.some((target) => inputSide.some((side) => target.startsWith(side))));
    expect(offenders.map(([file]) => file)).toEqual([]);
  });

  it('rules import nothing from src/ but the rule API', () => {
    const offenders = [...graph].filter(([file, targets]) => file.startsWith('rules/') && targets.some((target) => target.startsWith('src/') && target !== 'src/rule-api.ts'));
    expect(offenders.map(([file]) => file)).toEqual([]);
  });
});
