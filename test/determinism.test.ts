/**
 * The same inputs give byte-identical SARIF and JSON reports: across runs, and between the two
 * builds of the CLI (`dist/src/cli/main.js` from tsc, and the bundled bin `dist/flowlint.mjs`).
 * The JSON report's `stats.durationMs` is the one field that measures the run rather than the
 * inputs; it is removed before comparing (SARIF carries no timing). flowlint has no `--jobs`
 * option (one process reads and lints one unit at a time; see BENCHMARKS.md), so there is no
 * worker count to vary.
 */
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusRoot, repoRoot } from './helpers/cli.js';
import { flowWith, GOOD_FLOW } from './helpers/hostile.js';

const execFileAsync = promisify(execFile);
const builds = { tsc: join(repoRoot, 'dist/src/cli/main.js'), bundle: join(repoRoot, 'dist/flowlint.mjs') };

let work: string;
let inputs: string[];

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'flowlint-determinism-'));
  cpSync(join(repoRoot, 'fixtures/example'), join(work, 'example'), { recursive: true });
  const zip = new JSZip();
  zip.file('solution.xml', '<ImportExportXml><SolutionManifest><UniqueName>Zipped</UniqueName></SolutionManifest></ImportExportXml>');
  zip.file('customizations.xml', '<ImportExportXml><Workflows /></ImportExportXml>');
  zip.file('Workflows/Good-11111111-2222-3333-4444-555555555555.json', GOOD_FLOW);
  zip.file('Workflows/Token-11111111-2222-3333-4444-666666666666.json', flowWith({ token: 'ghp_R8f2Kq9ZtW3xLm7Vb1Nc5Yd0Hs4Jg6Pa2Ue8' }));
  zip.file('Workflows/Broken-11111111-2222-3333-4444-777777777777.json', '{"properties": ');
  mkdirSync(join(work, 'zips'));
  writeFileSync(join(work, 'zips', 'Zipped_1_0_0_1.zip'), await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
  writeFileSync(join(work, 'lone.json'), GOOD_FLOW);
  inputs = ['example', 'zips', 'lone.json'];
  // A slice of the shared corpus when it is there: real exports, kept small for CI's budget.
  if (existsSync(corpusRoot)) {
    for (const name of readdirSync(corpusRoot).sort().slice(0, 4)) inputs.push(join(corpusRoot, name));
  }
});

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

/** One run writing SARIF and JSON; returns both texts (JSON without its duration). */
async function reports(build: keyof typeof builds, tag: string): Promise<{ sarif: string; json: string }> {
  const sarifFile = join(work, `${tag}.sarif`);
  const jsonFile = join(work, `${tag}.json`);
  await execFileAsync(process.execPath, [builds[build], ...inputs, '-f', `sarif:${sarifFile}`, '-f', `json:${jsonFile}`], { cwd: work }).catch((error: { code?: number }) => {
    if (error.code !== 1 && error.code !== 2) throw error;
  });
  const json = JSON.parse(readFileSync(jsonFile, 'utf8')) as { stats: Record<string, unknown> };
  expect(typeof json.stats.durationMs).toBe('number');
  delete json.stats.durationMs;
  return { sarif: readFileSync(sarifFile, 'utf8'), json: JSON.stringify(json, null, 2) };
}

describe('determinism', () => {
  it('two runs give byte-identical SARIF and JSON (JSON without stats.durationMs)', async () => {
    const first = await reports('tsc', 'first');
    const second = await reports('tsc', 'second');
    expect(first.sarif.length).toBeGreaterThan(1000);
    expect(second.sarif).toBe(first.sarif);
    expect(second.json).toBe(first.json);
    // The inputs exercise findings, archive members and input errors alike.
    const json = JSON.parse(first.json) as { findings: { entry?: string }[]; errors: unknown[] };
    expect(json.findings.some((f) => f.entry !== undefined)).toBe(true);
    expect(json.errors.length).toBeGreaterThan(0);
  }, 60_000);

  it('the bundled bin and the tsc build give the same reports', async () => {
    const tsc = await reports('tsc', 'tsc');
    const bundle = await reports('bundle', 'bundle');
    expect(bundle.sarif).toBe(tsc.sarif);
    expect(bundle.json).toBe(tsc.json);
  }, 60_000);
});
