import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { githubUploadProblems, GzippedSize } from '../src/cli/upload-limits.js';

describe('GitHub upload limits', () => {
  it('accepts a log within the limits', () => {
    expect(githubUploadProblems({ results: 3, gzippedBytes: 1000 })).toEqual([]);
  });
  it('names a run with too many results', () => {
    expect(githubUploadProblems({ results: 4, gzippedBytes: 10 }, { results: 3, gzippedBytes: 1e9 })).toEqual([
      'run 0 has 4 results; GitHub code scanning accepts at most 3 per run',
    ]);
  });
  it('names a file that is too large gzipped', () => {
    expect(githubUploadProblems({ results: 1, gzippedBytes: 3 * 1048576 }, { results: 1e9, gzippedBytes: 1048576 })).toEqual([
      'the file is 3.0 MB gzipped; GitHub code scanning accepts at most 1 MB',
    ]);
  });
  it('measures the gzipped size of a text given in pieces as gzip does for the whole', async () => {
    const pieces = Array.from({ length: 2000 }, (_, i) => `{"ruleId":"r${i % 7}","message":{"text":"finding ${i} ${'x'.repeat(i % 50)}"}},\n`);
    const size = new GzippedSize();
    for (const piece of pieces) await size.add(piece);
    expect(await size.total()).toBe(gzipSync(pieces.join('')).length);
  });
});
