/**
 * The `flowlint` bin starts the bundled CLI from V8's code cache, which `npm run build` (run by the
 * test setup) writes: a fresh Node must accept that cache, and a bin whose cache is unusable must
 * still run, with the same output.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from './helpers/cli.js';

const work = mkdtempSync(join(tmpdir(), 'flowlint-bin-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function runBin(bin: string, args: readonly string[]): { status: number | null; stdout: string; stderr: string } {
  const child = spawnSync(process.execPath, [bin, ...args], { cwd: repoRoot, encoding: 'utf8' });
  return { status: child.status, stdout: child.stdout, stderr: child.stderr };
}

describe('the bin', () => {
  it('finds a code cache this Node accepts', () => {
    const probe = `import('${join(repoRoot, 'dist/src/cli/bundled.js')}').then((m) => process.stdout.write(String(m.loadBundledCli(new URL('file://${join(repoRoot, 'dist/')}')).script.cachedDataRejected)))`;
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', probe], { encoding: 'utf8' });
    expect(child.stderr).toBe('');
    expect(child.stdout).toBe('false');
  });

  it('runs the same without a usable cache', () => {
    const dist = join(work, 'dist');
    mkdirSync(dist);
    for (const file of ['flowlint.mjs', 'cli.js', 'worker.js']) copyFileSync(join(repoRoot, 'dist', file), join(dist, file));
    // The version comes from the package.json above dist/.
    copyFileSync(join(repoRoot, 'package.json'), join(work, 'package.json'));
    writeFileSync(join(dist, 'cli.cache'), 'not a code cache');
    const cached = runBin(join(repoRoot, 'dist/flowlint.mjs'), ['fixtures/example', '--format', 'json']);
    const uncached = runBin(join(dist, 'flowlint.mjs'), ['fixtures/example', '--format', 'json']);
    expect(cached.status).toBe(1);
    expect(uncached.status).toBe(1);
    expect(uncached.stderr).toBe('');
    const withoutTime = (text: string) => text.replace(/"durationMs": \d+/, '');
    expect(withoutTime(uncached.stdout)).toBe(withoutTime(cached.stdout));
  });
});
