/**
 * Bounded resources (issue 12): a small zip whose entries share one deflate stream is refused
 * instead of inflated hundreds of times, and a lint worker that stops (out of memory, or a plugin
 * rule that ends its thread) costs only the input it was linting: every other input's findings,
 * cross-unit ones included, are still reported. Inputs that fill the default limits in the ways
 * that cost most memory are linted in under 300 MiB. Through the built CLI.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { crc32, endOfCentralDirectory, zipEntryHeaders } from '../../fixtures/zip-records.mjs';
import { repoRoot, runFlowlint } from '../helpers/cli.js';
import { formatBytes } from '../../src/sources/limits.js';
import { DEFAULT_LIMITS } from '../../src/sources/types.js';
import { flow, kvGetSecret, solutionFiles } from '../helpers/builders.js';
import { GOOD_FLOW, MiB, denseFlowsSolution, flowWith, stackLines, valuesAndTextSolution } from '../helpers/hostile.js';

const root = mkdtempSync(join(tmpdir(), 'flowlint-resources-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

interface Report {
  stats: { flows: number };
  findings: { ruleId: string; file: string; message: string }[];
  errors: { file: string; entry?: string; message: string; kind: string }[];
}

/**
 * `count` central-directory entries of 1 MiB each (exactly 1 MiB: under the size at which the
 * compression ratio is checked), all pointing at one local header and its deflate stream: 35 KB
 * on disk, 512 MiB once inflated, each entry within every default limit.
 */
function sharedStreamZip(count: number): Buffer {
  const padded = flowWith(Array.from({ length: 1000 }, (_, i) => `item ${i}`));
  const data = Buffer.concat([Buffer.from(padded), Buffer.alloc(MiB - padded.length, 0x20)]);
  const stored = deflateRawSync(data, { level: 9 });
  const header = (name: string): ReturnType<typeof zipEntryHeaders> =>
    zipEntryHeaders({ name: Buffer.from(name), method: 8, crc: crc32(data), compressedSize: stored.length, size: data.length, offset: 0 });
  const directory = Buffer.concat(Array.from({ length: count }, (_, i) => header(`Workflows/f${i}.json`).central));
  const local = header('Workflows/f0.json').local;
  return Buffer.concat([local, stored, directory, endOfCentralDirectory(count, directory.length, local.length + stored.length)]);
}

/** The built CLI on `dir`, with its peak resident memory (the whole process, workers included). */
function measuredRun(dir: string, args: readonly string[]): { status: number | null; stdout: string; stderr: string; peakMiB: number } {
  const rssFile = `${dir}.rss`;
  const run = spawnSync(process.execPath, ['--import', new URL('../../scripts/bench-rss.mjs', import.meta.url).href, join(repoRoot, 'dist/src/cli/main.js'), ...args], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, FLOWLINT_BENCH_RSS: rssFile },
    maxBuffer: 64 * MiB,
    timeout: 60_000,
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr, peakMiB: Number(readFileSync(rssFile, 'utf8')) / 1024 };
}

describe('a zip whose entries share one deflate stream', () => {
  it.each(['1', '2'])(
    'is refused after its first entry, stays under 300 MiB, and the good file is still linted (--jobs %s)',
    (jobs) => {
      const dir = join(root, `shared-${jobs}`);
      mkdirSync(dir);
      const zip = sharedStreamZip(512);
      expect(zip.length).toBeLessThan(64 * 1024);
      writeFileSync(join(dir, 'shared.zip'), zip);
      writeFileSync(join(dir, 'good.json'), GOOD_FLOW);
      const run = measuredRun(dir, ['.', '-f', 'json', '--jobs', jobs]);
      expect(run.status).toBe(2);
      expect(stackLines(run.stdout + run.stderr)).toEqual([]);
      const report = JSON.parse(run.stdout) as Report;
      expect(report.errors.map((e) => [e.file, e.entry, e.message])).toEqual([
        ['shared.zip', 'Workflows/f1.json', 'entry shares bytes with entry Workflows/f0.json: no zip writer produces this (a zip-bomb construction); not read'],
        ['shared.zip', undefined, '510 more entries were not read: an archive whose entries share data is not read further'],
      ]);
      expect(report.findings.filter((f) => f.file === 'good.json').map((f) => f.ruleId)).toContain('secure-outputs-missing');
      expect(run.peakMiB, 'peak RSS in MiB').toBeLessThan(300);
    },
    90_000,
  );
});

describe('inputs that fill the default limits', () => {
  // Each is read whole (no input error: it is within every limit) and costs the most memory of
  // its kind: JSON values where the analysis is busiest, or values plus two-byte text up to the
  // archive's byte limit.
  const inputs = {
    'dense flows': { zip: () => denseFlowsSolution(50), flows: 50 },
    'values and text': { zip: () => valuesAndTextSolution(DEFAULT_LIMITS.maxJsonValues - 5_000, DEFAULT_LIMITS.maxArchiveBytes - 64 * 1024), flows: 1 },
  };
  it.each(Object.keys(inputs).flatMap((name) => ['1', '2'].map((jobs) => [name, jobs] as const)))(
    '%s, --jobs %s: linted in full under 300 MiB',
    (name, jobs) => {
      const dir = join(root, `limits-${name.replace(/ /g, '-')}-${jobs}`);
      mkdirSync(dir);
      const input = inputs[name as keyof typeof inputs];
      writeFileSync(join(dir, 'solution.zip'), input.zip());
      writeFileSync(join(dir, 'good.json'), GOOD_FLOW);
      const run = measuredRun(dir, ['.', '-f', 'json', '--jobs', jobs]);
      const report = JSON.parse(run.stdout) as Report;
      expect(report.errors).toEqual([]);
      expect(run.status).toBe(1);
      expect(report.stats.flows).toBe(input.flows + 1);
      expect(run.peakMiB, 'peak RSS in MiB').toBeLessThan(300);
    },
    90_000,
  );

  it('a solution folder past maxArchiveBytes: the files past the total are not read, and the run says so (exit 2)', async () => {
    const dir = join(root, 'folder-total');
    const files = solutionFiles({ flows: { A: flow({ Get_secret: kvGetSecret('a') }), B: flow({ Get_secret: kvGetSecret('b') }) } });
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(join(dir, 'sol', path, '..'), { recursive: true });
      writeFileSync(join(dir, 'sol', path), text);
    }
    const sizes = Object.values(files).map((text) => Buffer.byteLength(text));
    const whole = sizes.reduce((a, b) => a + b, 0);
    expect((await runFlowlint(['sol', '-f', 'json', '--max-archive-bytes', String(whole)], dir)).code).toBe(1);
    const over = await runFlowlint(['sol', '-f', 'json', '--max-archive-bytes', String(whole - 1)], dir);
    expect(over.code).toBe(2);
    expect((JSON.parse(over.stdout) as Report).errors.map((e) => [e.file, e.message])).toEqual([
      ['sol', "1 file was not read: the folder's total size limit of " + formatBytes(whole - 1) + ' (maxArchiveBytes) was reached'],
    ]);
  });

  it('one JSON value over maxJsonValues: that input is not analysed (exit 2), the others are', async () => {
    const dir = join(root, 'values-over');
    mkdirSync(join(dir, 'big'), { recursive: true });
    writeFileSync(join(dir, 'big', 'flow.json'), flowWith(Array.from({ length: 99 }, (_, i) => i)));
    writeFileSync(join(dir, 'good.json'), GOOD_FLOW);
    // The flow document counts 110 values (108, and one more for each of its two empty objects).
    const at = await runFlowlint(['big', 'good.json', '-f', 'json', '--max-json-values', '110'], dir);
    expect(at.code).toBe(1);
    const over = await runFlowlint(['big', 'good.json', '-f', 'json', '--max-json-values', '109'], dir);
    expect(over.code).toBe(2);
    const report = JSON.parse(over.stdout) as Report;
    expect(report.errors.map((e) => [e.file, e.message])).toEqual([['big/flow.json', 'holds more than 109 JSON values (maxJsonValues); not analysed']]);
    expect([...new Set(report.findings.map((f) => f.file))]).toEqual(['good.json']);
  });
});

/** A plugin rule that ends its worker thread on any flow read from a file whose path holds `crash`. */
const CRASH_PLUGIN = `export default { rules: [{
  meta: { id: 'contoso/stop-thread', title: 'Stop', description: 'Ends the thread on crash inputs.', defaultLevel: 'note', messages: { x: 'X.' } },
  create() { return { flow(flow) { if (JSON.stringify(flow.location.document.source).includes('crash')) process.exit(7); }, ATEXIT }; },
}] };
`;

function crashTree(name: string, atExit: string): string {
  const dir = join(root, name);
  for (const sub of ['a', 'c', 'd', 'e', 'f']) {
    mkdirSync(join(dir, sub), { recursive: true });
    writeFileSync(join(dir, sub, 'main.json'), GOOD_FLOW);
  }
  mkdirSync(join(dir, 'b'));
  writeFileSync(join(dir, 'b', 'crash.json'), GOOD_FLOW);
  // Settings files given one by one: the shared-vault finding is a cross-unit one.
  cpSync(join(repoRoot, 'fixtures/settings-trio'), join(dir, 'trio'), { recursive: true });
  writeFileSync(join(dir, 'stop.mjs'), CRASH_PLUGIN.replace('ATEXIT', atExit));
  writeFileSync(join(dir, 'flowlint.config.json'), JSON.stringify({ plugins: ['./stop.mjs'] }));
  return dir;
}

const TRIO = ['trio/deploymentSettings.dev.json', 'trio/deploymentSettings.test.json', 'trio/deploymentSettings.prod.json'];
const sorted = (report: Report): string[] => report.findings.map((f) => `${f.file} ${f.ruleId} ${f.message}`).sort();

describe('a lint worker that stops', () => {
  it('costs only the input it was linting: the others keep their findings, cross-unit ones too, exit 2', async () => {
    const dir = crashTree('worker-stops', "'project:exit'() {}");
    const without = await runFlowlint(['a', ...TRIO, 'c', 'd', 'e', 'f', '-f', 'json', '--jobs', '2', '--allow-plugins'], dir);
    expect(without.code).toBe(1);
    const expected = sorted(JSON.parse(without.stdout) as Report);
    expect(expected.some((line) => line.includes('shared-vault-across-environments'))).toBe(true);

    for (const order of [
      ['a', 'b', ...TRIO, 'c', 'd', 'e', 'f'],
      [...TRIO, 'a', 'c', 'b', 'd', 'e', 'f'],
      ['a', 'c', 'd', 'e', 'f', ...TRIO, 'b'],
    ]) {
      const run = await runFlowlint([...order, '-f', 'json', '--jobs', '2', '--allow-plugins'], dir);
      expect(run.code, order.join(' ')).toBe(2);
      expect(stackLines(run.stdout + run.stderr)).toEqual([]);
      const report = JSON.parse(run.stdout) as Report;
      expect(report.errors.map((e) => [e.file, e.message])).toEqual([['b/crash.json', 'not analysed: the lint worker stopped while linting it (exit code 7)']]);
      expect(sorted(report), order.join(' ')).toEqual(expected);
    }
  }, 60_000);

  it('while running the cross-unit rules: the unit findings stay, and the run says what did not run (exit 2)', async () => {
    const dir = crashTree('worker-stops-at-end', "'project:exit'() { process.exit(9); }");
    const run = await runFlowlint(['a', 'c', 'd', 'e', '-f', 'json', '--jobs', '2', '--allow-plugins'], dir);
    expect(run.code).toBe(2);
    const report = JSON.parse(run.stdout) as Report;
    expect(
      report.findings
        .filter((f) => f.ruleId === 'secure-outputs-missing')
        .map((f) => f.file)
        .sort(),
    ).toEqual(['a/main.json', 'c/main.json', 'd/main.json', 'e/main.json']);
    expect(report.errors.map((e) => e.message)).toContain('the cross-unit rules did not run for the inputs of a lint worker that stopped (exit code 9)');
  }, 60_000);
});
