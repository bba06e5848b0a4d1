import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { collectInputs, type InputGroup, type InputGroupKind } from '../../src/sources/index.js';

const CORPUS = '/work/shared/corpus';

describe.skipIf(!existsSync(CORPUS))('collectInputs over the shared corpus', () => {
  it('finishes, yields archive and folder groups, and reports problems as InputErrors', async () => {
    const counts: Record<InputGroupKind, number> = { archive: 0, folder: 0, file: 0 };
    let files = 0;
    let nested = 0;
    let focused = 0;
    const errors: string[] = [];
    const seenRoots = new Set<string>();
    for await (const group of collectInputs(['.'], { cwd: CORPUS })) {
      counts[group.kind] += 1;
      files += group.files.length;
      if (group.root.entry !== undefined) nested += 1;
      if (group.focus) focused += 1;
      const key = `${group.kind}:${group.root.file}!${group.root.entry ?? ''}`;
      expect(seenRoots.has(key), key).toBe(false);
      seenRoots.add(key);
      for (const e of group.errors) errors.push(`${e.file}${e.entry ? `!${e.entry}` : ''}: ${e.message}`);
      checkGroupShape(group);
    }
    console.log(JSON.stringify({ groups: counts, nestedArchiveGroups: nested, focused, files, errors: errors.length }, null, 2));
    for (const e of errors) console.log(`  error: ${e}`);
    expect(counts.archive).toBeGreaterThanOrEqual(140);
    expect(counts.folder).toBeGreaterThanOrEqual(30);
    expect(files).toBeGreaterThan(1000);
  }, 120_000);
});

function checkGroupShape(group: InputGroup): void {
  for (const file of group.files) {
    expect(file.source.file).not.toMatch(/^\/|\\/);
    expect(file.path).not.toMatch(/^\/|\\|(^|\/)\.\.(\/|$)/);
    expect(Buffer.isBuffer(file.bytes)).toBe(true);
  }
  for (const error of group.errors) expect(error.message.length).toBeGreaterThan(0);
}
