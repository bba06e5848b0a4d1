import { describe, expect, it } from 'vitest';
import { githubUploadProblems } from '../src/cli/upload-limits.js';

const sarif = (results: number): string => JSON.stringify({ version: '2.1.0', runs: [{ results: Array.from({ length: results }, (_, i) => ({ ruleId: 'r', message: { text: `m${i}` } })) }] });

describe('GitHub upload limits', () => {
  it('accepts a log within the limits', () => {
    expect(githubUploadProblems(sarif(3))).toEqual([]);
  });
  it('names a run with too many results', () => {
    expect(githubUploadProblems(sarif(4), { results: 3, gzippedBytes: 1e9 })).toEqual(['run 0 has 4 results; GitHub code scanning accepts at most 3 per run']);
  });
  it('names a file that is too large gzipped', () => {
    expect(githubUploadProblems(sarif(50), { results: 1e9, gzippedBytes: 100 })[0]).toMatch(/MB gzipped; GitHub code scanning accepts at most/);
  });
});
