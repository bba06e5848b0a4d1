/**
 * src/git.ts runs git in the work tree it is given, whatever the caller's environment says: a
 * pre-commit hook runs with GIT_DIR and GIT_INDEX_FILE set for the repository being committed to,
 * and a solution folder may be another repository (a submodule, a nested clone).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runGit } from '../src/git.js';

const saved = { ...process.env };
afterEach(() => {
  for (const name of ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE']) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
});

function repo(): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'flowlint-git-')));
  execFileSync('git', ['init', '-q'], { cwd: dir });
  return dir;
}

describe('runGit', () => {
  it('asks the repository of its cwd, not the one GIT_DIR and GIT_WORK_TREE name', () => {
    const inner = repo();
    const outer = repo();
    process.env.GIT_DIR = join(outer, '.git');
    process.env.GIT_WORK_TREE = outer;
    process.env.GIT_INDEX_FILE = join(outer, '.git', 'index');
    expect(runGit(inner, ['rev-parse', '--show-toplevel']).toString('utf8').trim()).toBe(inner);
  });
});
