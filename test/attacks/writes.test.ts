/**
 * Writes are safe (issue 12): a path the scanned tree controls cannot redirect a write. A report,
 * baseline, starter config or fixed flow is never written through a symbolic link, an output never
 * replaces an input, and files are written whole (temporary file, then rename). Through the CLI.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runFlowlint } from '../helpers/cli.js';
import { flow, jsonText, kvGetSecret } from '../helpers/builders.js';

const root = mkdtempSync(join(tmpdir(), 'flowlint-writes-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let count = 0;

const VICTIM = 'victim: must stay as it is\n';
/** A Key Vault read without Secure Outputs: a finding `--fix` can fix. */
const FIXABLE = jsonText(flow({ Get_secret: kvGetSecret('api-key', { secureInputs: true, secureOutputs: false }) }));

/** A tree with a fixable flow in flows/ and a victim file beside it, outside anything written. */
function tree(): { dir: string; victim: string } {
  const dir = join(root, `t${count++}`);
  mkdirSync(join(dir, 'flows'), { recursive: true });
  mkdirSync(join(dir, 'elsewhere'));
  writeFileSync(join(dir, 'flows', 'flow.json'), FIXABLE);
  const victim = join(dir, 'elsewhere', 'victim.txt');
  writeFileSync(victim, VICTIM);
  return { dir, victim };
}

/** Every file left in a folder tree: no temporary file may remain. */
function temporaries(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('.tmp'));
}

describe('no write through a symbolic link', () => {
  it('a report path that is a symlink: target untouched, exit 2', async () => {
    const { dir, victim } = tree();
    symlinkSync(victim, join(dir, 'flowlint.sarif'));
    const run = await runFlowlint(['flows', '-f', 'sarif:flowlint.sarif', '-f', 'json:report.json'], dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('flowlint.sarif: not written: it is a symbolic link');
    expect(readFileSync(victim, 'utf8')).toBe(VICTIM);
    expect(temporaries(dir)).toEqual([]);
  });

  it('a report inside a folder that is a symlink: not written there', async () => {
    const { dir, victim } = tree();
    symlinkSync(join(dir, 'elsewhere'), join(dir, 'reports'));
    const run = await runFlowlint(['flows', '-f', 'sarif:reports/victim.txt'], dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('its folder reports is a symbolic link');
    expect(readFileSync(victim, 'utf8')).toBe(VICTIM);
  });

  it('--write-baseline to a symlink: target untouched, exit 2', async () => {
    const { dir, victim } = tree();
    symlinkSync(victim, join(dir, 'baseline.json'));
    const run = await runFlowlint(['flows', '--write-baseline', 'baseline.json'], dir);
    expect(run.code).toBe(2);
    expect(readFileSync(victim, 'utf8')).toBe(VICTIM);
  });

  it('init over a symlinked flowlint.config.json (even with --force): target untouched, exit 2', async () => {
    const { dir, victim } = tree();
    symlinkSync(victim, join(dir, 'flowlint.config.json'));
    const run = await runFlowlint(['init', '--force'], dir);
    expect(run.code).toBe(2);
    expect(readFileSync(victim, 'utf8')).toBe(VICTIM);
  });

  it('--fix on a flow file that is a symlink: its target untouched, the fix refused', async () => {
    const { dir } = tree();
    const target = join(dir, 'elsewhere', 'flow.json');
    writeFileSync(target, FIXABLE);
    symlinkSync(target, join(dir, 'flows', 'linked.json'));
    const run = await runFlowlint(['flows/linked.json', '--fix'], dir);
    expect(readFileSync(target, 'utf8')).toBe(FIXABLE);
    expect(run.stderr).toContain('not fixed: flows/linked.json: not written: it is a symbolic link');
    expect(run.code).toBe(1);
  });
});

describe('an output never replaces an input, and writes are whole', () => {
  it('a report path equal to a linted file: the input untouched, exit 2', async () => {
    const { dir } = tree();
    const run = await runFlowlint(['flows', '-f', 'json:flows/flow.json'], dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('flows/flow.json: not written: it is an input of this run');
    expect(readFileSync(join(dir, 'flows', 'flow.json'), 'utf8')).toBe(FIXABLE);
  });

  it('reports, baselines and fixes are written whole, in place of the old file, with no temporary left', async () => {
    const { dir } = tree();
    writeFileSync(join(dir, 'report.json'), 'old');
    const flowFile = join(dir, 'flows', 'flow.json');
    chmodSync(flowFile, 0o640);
    const run = await runFlowlint(['flows', '-f', 'json:report.json', '--write-baseline', 'baseline.json', '--fix'], dir);
    expect(run.code).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'))).toHaveProperty('findings');
    expect(existsSync(join(dir, 'baseline.json'))).toBe(true);
    expect(readFileSync(flowFile, 'utf8')).not.toBe(FIXABLE);
    expect(statSync(flowFile).mode & 0o777).toBe(0o640);
    expect(temporaries(dir)).toEqual([]);
  });
});
