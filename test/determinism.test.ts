/**
 * The same inputs give byte-identical SARIF and JSON reports: across runs, and between the two
 * builds of the CLI (`dist/src/cli/main.js` from tsc, and the bundled bin `dist/flowlint.mjs`).
 * The JSON report's `stats.durationMs` is the one field that measures the run rather than the
 * inputs; it is removed before comparing (SARIF carries no timing). And across `--jobs` values:
 * the inputs then include what a pool of workers has to merge — findings across units (a vault
 * shared by settings files, a desktop flow called from another solution), the same solution twice
 * (fingerprints that need `:1`), a configured exception and baseline entries used in one worker
 * and not in another, and a plugin rule that crashes in every worker.
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
import { connector, desktopFlowId, flow, kvGetSecret, solutionFiles } from './helpers/builders.js';

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
  writeJobsInputs();
  // A slice of the shared corpus when it is there: real exports, kept small for CI's budget.
  if (existsSync(corpusRoot)) {
    for (const name of readdirSync(corpusRoot).sort().slice(0, 4)) inputs.push(join(corpusRoot, name));
  }
});

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

function writeFiles(root: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
}

/** Inputs only a pool has to merge with care (see the top of this file), below `work/jobs`. */
function writeJobsInputs(): void {
  const jobs = join(work, 'jobs');
  cpSync(join(repoRoot, 'fixtures/settings-trio'), join(jobs, 'settings-trio'), { recursive: true });
  cpSync(join(repoRoot, 'fixtures/example'), join(jobs, 'example-again'), { recursive: true });
  const script = ['@SENSITIVE: []', "@INPUT Password : { 'Description': 'Password', 'FriendlyName': 'Password', 'DefaultValue': '', 'Type': 'String' } "].join('\r\n');
  writeFiles(join(jobs, 'desktop-host'), solutionFiles({ uniqueName: 'DesktopHost', desktopFlows: { Login: script } }));
  const call = connector(
    'shared_uiflow',
    'RunUIFlow_V2',
    { uiFlowId: desktopFlowId(0), runMode: 'attended', 'item/Password': "@body('Get_secret')?['value']" },
    { secureInputs: true, runAfter: { Get_secret: ['Succeeded'] } },
  );
  writeFiles(join(jobs, 'desktop-caller'), solutionFiles({ uniqueName: 'DesktopCaller', flows: { Call: flow({ Get_secret: kvGetSecret('pw'), Run: call }) } }));
  writeFileSync(
    join(jobs, 'crash.mjs'),
    `export default { rules: [{ meta: { id: 'contoso/crash-at-end', title: 'Crash', description: 'Require nothing.', defaultLevel: 'error', messages: { x: 'X.' } }, create() { return { 'project:exit'() { throw new Error('boom'); } }; } }] };\n`,
  );
  writeFileSync(
    join(jobs, 'flowlint.config.json'),
    JSON.stringify({
      plugins: ['./crash.mjs'],
      exceptions: [
        { rules: ['connection-reference-missing'], reason: 'accepted for the test', file: 'example-again/**' },
        { rules: ['secret-copied'], reason: 'matches nothing', flow: 'No such flow' },
      ],
    }),
  );
}

/** One run writing SARIF and JSON; returns both texts (JSON without its duration). */
async function reports(
  build: keyof typeof builds,
  tag: string,
  options: { cwd?: string; paths?: readonly string[]; args?: readonly string[] } = {},
): Promise<{ sarif: string; json: string }> {
  const sarifFile = join(work, `${tag}.sarif`);
  const jsonFile = join(work, `${tag}.json`);
  const args = [builds[build], ...(options.paths ?? inputs), ...(options.args ?? []), '-f', `sarif:${sarifFile}`, '-f', `json:${jsonFile}`];
  await execFileAsync(process.execPath, args, { cwd: options.cwd ?? work }).catch((error: { code?: number }) => {
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

  it('--jobs 1, 2 and 3 give the same reports, also for findings across units, suppressions and crashes', async () => {
    const cwd = join(work, 'jobs');
    const paths = ['.', '../example', '../zips', ...inputs.slice(3)];
    const baseline = join(work, 'jobs.baseline.json');
    // Exit 2: the crashing plugin rule; the baseline is written all the same.
    await execFileAsync(process.execPath, [builds.bundle, 'example-again', 'desktop-caller', '--write-baseline', baseline, '--jobs', '1', '--allow-plugins'], { cwd }).catch(
      (error: { code?: number }) => {
        if (error.code !== 2) throw error;
      },
    );
    const entries = (JSON.parse(readFileSync(baseline, 'utf8')) as { entries: unknown[] }).entries;
    // One entry that matches nothing any more, so the audit has a stale one to report.
    writeFileSync(baseline, JSON.stringify({ entries: [...entries, { ruleId: 'hardcoded-secret', file: 'gone.json', pointer: '/x' }] }));
    const args = ['--baseline', baseline, '--sarif-profile', 'azure-devops', '--allow-plugins'];
    const one = await reports('bundle', 'jobs-1', { cwd, paths, args: [...args, '--jobs', '1'] });
    const two = await reports('bundle', 'jobs-2', { cwd, paths, args: [...args, '--jobs', '2'] });
    const three = await reports('bundle', 'jobs-3', { cwd, paths, args: [...args, '--jobs', '3'] });
    expect(two.json).toBe(one.json);
    expect(three.json).toBe(one.json);
    expect(two.sarif).toBe(one.sarif);
    expect(three.sarif).toBe(one.sarif);

    // What the inputs were there to exercise really happened.
    const report = JSON.parse(one.json) as {
      findings: { ruleId: string; message: string; fingerprint: string; suppressions?: unknown[] }[];
      errors: { message: string }[];
    };
    const matching = (rule: string, message: RegExp) => report.findings.filter((f) => f.ruleId === rule && message.test(f.message));
    expect(matching('shared-vault-across-environments', /./).length).toBeGreaterThan(0);
    expect(matching('desktop-input-not-sensitive', /passes the Key Vault secret 'Get_secret' into input 'Password' of desktop flow 'Login'/)).toHaveLength(1);
    expect(report.findings.some((f) => f.fingerprint.endsWith(':1'))).toBe(true);
    expect(report.findings.filter((f) => f.suppressions?.length).length).toBeGreaterThan(0);
    // exceptions[0] is used (by one worker only, with --jobs 2 or 3), exceptions[1] by none.
    expect(matching('suppression-audit', /suppresses nothing/).map((f) => f.message)).toEqual([
      'The suppression of secret-copied in the configuration exceptions[1] suppresses nothing; remove it.',
    ]);
    expect(matching('suppression-audit', /matches no finding any more/)).toHaveLength(1);
    expect(report.errors.filter((e) => /contoso\/crash-at-end crashed/.test(e.message))).toHaveLength(1);
  }, 120_000);
});
