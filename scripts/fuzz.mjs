#!/usr/bin/env node
/**
 * `npm run fuzz`: the property tests of test/fuzz.test.ts with many more cases than `npm test`
 * runs (CI does not run this). Prints how many cases each property ran, then runs
 * scripts/long-runs.mjs (long runs of one character in every field, in bounded time).
 *
 *   node scripts/fuzz.mjs [--runs 10000] [--seed N]
 *
 * --runs is the base count per property (properties are weighted: the cheap ones run 2-3 times
 * as many, the zip one half as many); the default gives about 145,000 cases. A failure prints
 * fast-check's seed and path: rerun with --seed to replay it, and pin the case as a named test.
 */
import { performance } from 'node:perf_hooks';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const arg = (name, fallback) => {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1] : fallback;
};
const root = fileURLToPath(new URL('../', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'flowlint-fuzz-'));
const report = join(work, 'runs.jsonl');
const env = { ...process.env, FLOWLINT_FUZZ_RUNS: arg('runs', '10000'), FLOWLINT_FUZZ_REPORT: report };
const seed = arg('seed', undefined);
if (seed) env.FLOWLINT_FUZZ_SEED = seed;

const started = performance.now();
const vitest = join(root, 'node_modules', 'vitest', 'vitest.mjs');
const result = spawnSync(process.execPath, [vitest, 'run', 'test/fuzz.test.ts'], { cwd: root, env, stdio: 'inherit' });
const seconds = ((performance.now() - started) / 1000).toFixed(0);

let lines = [];
try {
  lines = readFileSync(report, 'utf8')
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));
} catch {
  // No property finished (a failure before the first one, or no corpus).
}
rmSync(work, { recursive: true, force: true });
const total = lines.reduce((sum, line) => sum + line.count, 0);
console.log(`\nflowlint fuzz: ${total} cases in ${seconds} s (base ${env.FLOWLINT_FUZZ_RUNS} per property)${seed ? `, seed ${seed}` : ''}`);
for (const line of lines) console.log(`  ${String(line.count).padStart(8)}  ${line.property}`);

// Then long runs of one character in every field, through the bundled CLI (the vitest run built it).
console.log('');
const longRuns = spawnSync(process.execPath, [join(root, 'scripts', 'long-runs.mjs')], { cwd: root, stdio: 'inherit' });
process.exitCode = result.status === 0 && longRuns.status === 0 ? 0 : 1;
