/**
 * Runs the loader over the shared corpus of real exports (skipped where it is absent): it must
 * finish, find every zip and every unpacked solution, and report problems only as InputErrors.
 */
import { existsSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { collectInputs, type InputGroup, type InputGroupKind } from '../../src/sources/index.js';
import { corpusRoot } from '../helpers/cli.js';

// The shared corpus sits beside the repository (../shared/corpus).
const CORPUS = corpusRoot.replace(/\/$/, '');

/** Corpus paths (relative, `/`-separated) matching `test`, found independently of the loader. */
function corpusPaths(test: (relPath: string) => boolean): string[] {
  const all = readdirSync(CORPUS, { recursive: true, encoding: 'utf8' }).map((p) => p.split('\\').join('/'));
  return all.filter(test).sort();
}

describe.skipIf(!existsSync(CORPUS))('collectInputs over the shared corpus', () => {
  it('finishes, yields groups for the zips and unpacked solutions, and reports errors as InputErrors', async () => {
    const counts: Record<InputGroupKind, number> = { archive: 0, folder: 0, file: 0 };
    const roots = new Set<string>();
    const errors: string[] = [];
    let files = 0;
    let nestedGroups = 0;
    for await (const group of collectInputs(['.'], { cwd: CORPUS })) {
      checkGroupShape(group);
      counts[group.kind] += 1;
      files += group.files.length;
      if (group.root.entry !== undefined) nestedGroups += 1;
      const key = `${group.kind}:${group.root.file}${group.root.entry ? `!${group.root.entry}` : ''}`;
      expect(roots.has(key), `${key} yielded twice`).toBe(false);
      roots.add(key);
      for (const e of group.errors) errors.push(`${e.file}${e.entry ? `!${e.entry}` : ''}: ${e.message}`);
    }
    console.log(JSON.stringify({ groups: counts, nestedGroups, files, errors: errors.length }));
    for (const error of errors) console.log(`  input error: ${error}`);

    for (const zip of corpusPaths((p) => p.toLowerCase().endsWith('.zip'))) expect(roots).toContain(`archive:${zip}`);
    const unpacked = corpusPaths((p) => /(^|\/)other\/solution\.xml$/i.test(p)).map((p) => p.replace(/\/?other\/solution\.xml$/i, ''));
    expect(unpacked.length).toBeGreaterThan(30);
    for (const root of unpacked) expect(roots).toContain(`folder:${root || '.'}`);
    expect(files).toBeGreaterThan(1000);
  }, 120_000);
});

function checkGroupShape(group: InputGroup): void {
  expect(group.root.file).not.toMatch(/^\/|\\/);
  for (const file of group.files) {
    expect(file.path).not.toMatch(/^\/|\\|(^|\/)\.\.(\/|$)/);
    expect(Buffer.isBuffer(file.bytes)).toBe(true);
  }
  for (const error of group.errors) expect(error.message.length).toBeGreaterThan(0);
}
