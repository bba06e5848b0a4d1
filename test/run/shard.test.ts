/**
 * `--shard I/N` and `flowlint merge`, through the built bin: N shards merged give the report of
 * one run (JSON and SARIF, timings aside), the shards are disjoint and cover every input group,
 * and a group's shard does not depend on the order or the set of the paths given.
 */
import { execFile } from 'node:child_process';
import { existsSync, writeFileSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parseShard, shardOf } from '../../src/run/shard.js';
import { collectInputs } from '../../src/sources/index.js';
import { DEFAULT_LIMITS } from '../../src/sources/types.js';
import { corpusRoot } from '../helpers/cli.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const bin = join(repoRoot, 'dist/flowlint.mjs');
const run = promisify(execFile);
const SHARDS = 4;

interface Ran {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

async function flowlint(cwd: string, args: readonly string[]): Promise<Ran> {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], { cwd, maxBuffer: 1 << 30 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

interface JsonOut {
  findings: { file: string; fingerprint: string }[];
  errors: unknown[];
  stats: { files: number; solutions: number; durationMs: number };
}

function withoutTimings(text: string): string {
  const report = JSON.parse(text) as JsonOut;
  report.stats.durationMs = 0;
  return JSON.stringify(report);
}

/** Lints `paths` once whole and in SHARDS shards, merges, and compares. */
async function splitAndMerge(cwd: string, paths: readonly string[]): Promise<{ single: JsonOut; shards: JsonOut[] }> {
  const out = mkdtempSync(join(tmpdir(), 'flowlint-shard-'));
  const common = ['-j', '1', ...paths];
  const runs = await Promise.all([
    flowlint(cwd, [...common, '-f', `json:${out}/single.json`, '-f', `sarif:${out}/single.sarif`]),
    ...Array.from({ length: SHARDS }, (_, i) =>
      flowlint(cwd, [...common, '--shard', `${i + 1}/${SHARDS}`, '-f', `json:${out}/${i + 1}.json`, '-f', `sarif:${out}/${i + 1}.sarif`]),
    ),
  ]);
  const single = runs[0];
  for (const shard of runs.slice(1)) expect(shard.stderr).toBe(single.stderr);
  const shardFiles = (ext: string): string[] => Array.from({ length: SHARDS }, (_, i) => `${out}/${i + 1}.${ext}`);
  // Given in another order than the shards': merge orders them itself.
  const json = await flowlint(cwd, ['merge', ...shardFiles('json').reverse()]);
  const sarif = await flowlint(cwd, ['merge', ...shardFiles('sarif')]);
  expect(json.code).toBe(single.code);
  expect(sarif.code).toBe(single.code);
  expect(withoutTimings(json.stdout)).toBe(withoutTimings(readFileSync(`${out}/single.json`, 'utf8')));
  // The SARIF log holds no timing: byte for byte.
  expect(sarif.stdout).toBe(readFileSync(`${out}/single.sarif`, 'utf8'));
  return {
    single: JSON.parse(readFileSync(`${out}/single.json`, 'utf8')) as JsonOut,
    shards: shardFiles('json').map((file) => JSON.parse(readFileSync(file, 'utf8')) as JsonOut),
  };
}

function expectDisjointCover(single: JsonOut, shards: readonly JsonOut[]): void {
  expect(shards.reduce((total, shard) => total + shard.stats.files, 0)).toBe(single.stats.files);
  expect(shards.reduce((total, shard) => total + shard.stats.solutions, 0)).toBe(single.stats.solutions);
  const owner = new Map<string, number>();
  shards.forEach((shard, index) => {
    for (const finding of shard.findings) {
      expect(owner.get(finding.file) ?? index).toBe(index);
      owner.set(finding.file, index);
    }
  });
  expect(new Set(owner.keys())).toEqual(new Set(single.findings.map((finding) => finding.file)));
}

describe('--shard I/N', () => {
  it('parses I/N and rejects the rest', () => {
    expect(parseShard('2/4')).toEqual({ index: 2, count: 4 });
    for (const bad of ['0/4', '5/4', '1/0', '1', 'a/b', '-1/2']) expect(() => parseShard(bad)).toThrow(/--shard/);
  });

  it('assigns a group by its path alone', () => {
    const root = { file: 'estate/solutions/Contoso_1_0.zip' };
    expect(shardOf(root, 4)).toBe(shardOf({ ...root }, 4));
    expect(shardOf(root, 1)).toBe(1);
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 400; i++) counts[shardOf({ file: `s/${i}.zip` }, 4) - 1]++;
    for (const count of counts) expect(count).toBeGreaterThan(60);
  });

  it('merges the example and the settings trio (findings across units) into one run’s reports', async () => {
    const { single, shards } = await splitAndMerge(repoRoot, ['fixtures/example', 'fixtures/settings-trio']);
    expectDisjointCover(single, shards);
  }, 60_000);

  it('refuses a merge with a shard missing or given twice', async () => {
    const out = mkdtempSync(join(tmpdir(), 'flowlint-shard-'));
    await Promise.all([1, 2].map((i) => flowlint(repoRoot, ['fixtures/example', '--shard', `${i}/3`, '-f', `json:${out}/${i}.json`])));
    const missing = await flowlint(repoRoot, ['merge', `${out}/1.json`, `${out}/2.json`]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('3/3 missing');
    const twice = await flowlint(repoRoot, ['merge', `${out}/1.json`, `${out}/1.json`, `${out}/2.json`]);
    expect(twice.code).toBe(2);
  }, 60_000);

  it('refuses what is not a report of this version, without echoing its text', async () => {
    const out = mkdtempSync(join(tmpdir(), 'flowlint-shard-'));
    const cases: [string, string, string][] = [
      ['array.json', '[]', 'is not a flowlint report'],
      ['run-without-tool.sarif', '{"runs":[{}]}', 'is not a flowlint report'],
      ['other-version.json', '{"tool":{"name":"flowlint","version":"##vso[task.complete]"},"findings":[]}', 'another flowlint version'],
      ['truncated.json', '{"tool":', 'invalid JSON'],
    ];
    for (const [name, text, message] of cases) {
      writeFileSync(join(out, name), text);
      const run = await flowlint(out, ['merge', name]);
      expect(run.code, name).toBe(2);
      expect(run.stderr, name).toContain(message);
      expect(run.stderr, name).not.toContain('##vso');
      expect(run.stderr, name).not.toMatch(/\n\s+at /);
    }
  }, 60_000);

  describe.skipIf(!existsSync(corpusRoot))('the shared corpus', () => {
    const cwd = dirname(corpusRoot.replace(/\/$/, ''));

    it('in 4 shards, merged, gives the JSON report and SARIF log of one run', async () => {
      const { single, shards } = await splitAndMerge(cwd, ['corpus']);
      expectDisjointCover(single, shards);
    }, 300_000);

    it('every input group lands in exactly one shard, whatever the order of the paths', async () => {
      const rootsOf = async (paths: string[]): Promise<Map<string, number>> => {
        const roots = new Map<string, number>();
        for await (const group of collectInputs(paths, { cwd, limits: DEFAULT_LIMITS })) roots.set(`${group.root.file}!${group.root.entry ?? ''}`, shardOf(group.root, SHARDS));
        return roots;
      };
      const folders = readdirSync(join(cwd, 'corpus')).map((name) => `corpus/${name}`);
      const forward = await rootsOf(folders);
      const backward = await rootsOf([...folders].reverse());
      expect(backward).toEqual(forward);
      expect(forward).toEqual(await rootsOf(['corpus']));
      expect(new Set(forward.values())).toEqual(new Set([1, 2, 3, 4]));
    }, 300_000);
  });
});
