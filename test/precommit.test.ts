/**
 * The pre-commit path: a hook passes only the changed files, and flowlint lints each one with the
 * context of the solution folder it belongs to. In a git repository holding an unpacked solution,
 * one changed `Workflows/*.json` is linted alone: a connection reference whose logical name the
 * folder's `Other/Customizations.xml` does not define is still found (that needs the folder's
 * context), and findings in the folder's other files are not reported.
 *
 * Both hooks are run as they are shipped: the file selection and arguments of
 * `.pre-commit-hooks.yaml`, and the plain git hook `docs/git-hooks/pre-commit` with `flowlint` on
 * the PATH (the built binary).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { repoRoot, runFlowlint } from './helpers/cli.js';
import { flow, kvGetSecret, solutionFiles } from './helpers/builders.js';

interface Report {
  findings: { ruleId: string; file: string; message: string }[];
  errors: unknown[];
}

interface Hook {
  id: string;
  entry: string;
  files: string;
  args?: string[];
  pass_filenames: boolean;
}

const SOLUTION = 'solutions/ContosoFlows';
const CHANGED = `${SOLUTION}/Workflows/Notify-0000AAAA-1111-2222-3333-000000000001.json`;
const UNCHANGED = `${SOLUTION}/Workflows/Sync-0000AAAA-1111-2222-3333-000000000002.json`;

/** The arguments the hook's `entry` gives after the command (`flowlint --allow-no-exports`). */
function entryArgs(hook: Hook): string[] {
  const [command, ...args] = hook.entry.split(/\s+/);
  expect(command).toBe('flowlint');
  return args;
}

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd, encoding: 'utf8' });
}

describe('pre-commit: one changed flow file, linted with its solution folder', () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'flowlint-precommit-'));
    const files = solutionFiles({
      flows: {
        // A connection reference the solution does not define: only the folder shows that.
        Notify: flow({}, { connections: { shared_office365: 'cts_office365_missing', shared_keyvault: 'cts_keyvault' } }),
        // Findings of their own, in a file that is not part of the commit.
        Sync: flow({ Get_secret: kvGetSecret('api-key', { secureInputs: false, secureOutputs: false }) }, { connections: { shared_keyvault: 'cts_keyvault' } }),
      },
      connectionReferences: ['cts_keyvault'],
    });
    for (const [path, text] of Object.entries(files)) {
      const target = join(dir, SOLUTION, path);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, text);
    }
    writeFileSync(join(dir, 'README.md'), '# flows\n');
    git(dir, 'init', '-q');
    git(dir, 'add', '.');
    git(dir, 'commit', '-q', '-m', 'initial');
    // The change being committed: a description edit in the Notify flow.
    const changed = join(dir, CHANGED);
    writeFileSync(changed, readFileSync(changed, 'utf8').replace('"schemaVersion"', '"description": "Sends the daily status.",\n  "schemaVersion"'));
    git(dir, 'add', CHANGED);
  });

  it('the files of the folder do have findings of their own (the test would prove nothing otherwise)', async () => {
    const whole = JSON.parse((await runFlowlint([SOLUTION, '-f', 'json'], dir)).stdout) as Report;
    expect(whole.findings.some((finding) => finding.file === UNCHANGED)).toBe(true);
  });

  it('with the files and arguments .pre-commit-hooks.yaml gives, finds the dangling reference and nothing else', async () => {
    const hooks = parse(readFileSync(join(repoRoot, '.pre-commit-hooks.yaml'), 'utf8')) as Hook[];
    const hook = hooks.find((candidate) => candidate.id === 'flowlint')!;
    expect(hook.pass_filenames).toBe(true);
    const pattern = new RegExp(hook.files);
    const staged = git(dir, 'diff', '--cached', '--name-only').split('\n').filter(Boolean);
    const passed = [...staged, 'README.md'].filter((file) => pattern.test(file));
    expect(passed).toEqual([CHANGED]);

    const result = await runFlowlint([...entryArgs(hook), ...(hook.args ?? []), ...passed, '-f', 'json'], dir);
    const report = JSON.parse(result.stdout) as Report;
    expect(report.errors).toEqual([]);
    expect(result.code).toBe(1);
    const dangling = report.findings.filter((finding) => finding.ruleId === 'connection-reference-missing');
    expect(dangling).toHaveLength(1);
    expect(dangling[0].file).toBe(CHANGED);
    expect(dangling[0].message).toContain('cts_office365_missing');
    expect(report.findings.every((finding) => finding.file === CHANGED)).toBe(true);
  });

  it('a commit of unrelated JSON only passes with the hook definition (and would fail without its --allow-no-exports)', async () => {
    const hooks = parse(readFileSync(join(repoRoot, '.pre-commit-hooks.yaml'), 'utf8')) as Hook[];
    const hook = hooks.find((candidate) => candidate.id === 'flowlint')!;
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'flows', private: true }));
    expect(new RegExp(hook.files).test('package.json')).toBe(true);
    const result = await runFlowlint([...entryArgs(hook), ...(hook.args ?? []), 'package.json'], dir);
    expect(result.code).toBe(0);
    expect((await runFlowlint([...(hook.args ?? []), 'package.json'], dir)).code).toBe(2);
  });

  const CUSTOMIZATIONS = `${SOLUTION}/Other/Customizations.xml`;

  it('Customizations.xml named as it is committed (a CI job linting the files of the last commit, a pre-push run): every finding of its solution is reported', async () => {
    const result = await runFlowlint(['--allow-no-exports', CUSTOMIZATIONS, '-f', 'json'], dir);
    const report = JSON.parse(result.stdout) as Report;
    expect(report.errors).toEqual([]);
    expect(report.findings.some((finding) => finding.file === UNCHANGED)).toBe(true);
    expect(result.code).toBe(1);
  });

  it('a committed change that deletes a connection reference, linted from the file list of the commit: what it breaks is reported', async () => {
    const scratch = mkdtempSync(join(tmpdir(), 'flowlint-precommit-ci-'));
    cpSync(dir, scratch, { recursive: true });
    const path = join(scratch, CUSTOMIZATIONS);
    writeFileSync(path, readFileSync(path, 'utf8').replace(/<connectionreference connectionreferencelogicalname="cts_keyvault">[\s\S]*?<\/connectionreference>/, ''));
    git(scratch, 'commit', '-q', '--no-verify', '-am', 'drop cts_keyvault');
    const changed = git(scratch, 'diff', '--name-only', 'HEAD~1').split('\n').filter(Boolean);
    expect(changed).toContain(CUSTOMIZATIONS);
    const result = await runFlowlint(['--allow-no-exports', ...changed, '-f', 'json'], scratch);
    const report = JSON.parse(result.stdout) as Report;
    expect(
      report.findings
        .filter((finding) => finding.ruleId === 'connection-reference-missing' && finding.message.includes('cts_keyvault'))
        .map((finding) => finding.file)
        .sort(),
    ).toEqual([CHANGED, UNCHANGED]);
    expect(result.code).toBe(1);
  });

  it('deleting a connection reference in Customizations.xml: the flows that use it are re-linted and only what the change brings is reported', async () => {
    const path = join(dir, CUSTOMIZATIONS);
    const committed = readFileSync(path, 'utf8');
    try {
      writeFileSync(path, committed.replace(/<connectionreference connectionreferencelogicalname="cts_keyvault">[\s\S]*?<\/connectionreference>/, ''));
      expect(readFileSync(path, 'utf8')).not.toContain('connectionreferencelogicalname="cts_keyvault"');
      const result = await runFlowlint(['--allow-no-exports', CUSTOMIZATIONS, '-f', 'json'], dir);
      const report = JSON.parse(result.stdout) as Report;
      expect(report.errors).toEqual([]);
      expect(result.code).toBe(1);
      // Both flows bind cts_keyvault: each now has a dangling reference. Their findings from before
      // (Notify's missing cts_office365_missing, Sync's unsecured Get_secret) are not the change's.
      const brought = report.findings.map((finding) => `${finding.file} ${finding.ruleId} ${finding.message.includes('cts_keyvault')}`).sort();
      expect(brought).toEqual([`${CHANGED} connection-reference-missing true`, `${UNCHANGED} connection-reference-missing true`]);
      // The whole solution, linted as it is, has those and more.
      const whole = JSON.parse((await runFlowlint([SOLUTION, '-f', 'json'], dir)).stdout) as Report;
      expect(whole.findings.length).toBeGreaterThan(report.findings.length);
    } finally {
      writeFileSync(path, committed);
    }
  });

  it('Customizations.xml in a folder git does not track the history of: every finding of the solution is reported', async () => {
    const loose = mkdtempSync(join(tmpdir(), 'flowlint-precommit-nogit-'));
    cpSync(join(dir, SOLUTION), join(loose, 'sol'), { recursive: true });
    const result = await runFlowlint(['--allow-no-exports', 'sol/Other/Customizations.xml', '-f', 'json'], loose);
    const report = JSON.parse(result.stdout) as Report;
    expect(report.findings.some((finding) => finding.file === 'sol/Workflows/Sync-0000AAAA-1111-2222-3333-000000000002.json')).toBe(true);
    expect(result.code).toBe(1);
  });

  it('the plain git hook in docs/ runs flowlint on the staged files and blocks the commit', () => {
    const bin = join(dir, '.bin');
    mkdirSync(bin, { recursive: true });
    writeFileSync(join(bin, 'flowlint'), `#!/bin/sh\nexec "${process.execPath}" "${join(repoRoot, 'dist/flowlint.mjs')}" "$@"\n`);
    chmodSync(join(bin, 'flowlint'), 0o755);
    const hook = spawnSync('sh', [join(repoRoot, 'docs/git-hooks/pre-commit')], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, PATH: `${bin}:${process.env.PATH ?? ''}`, NO_COLOR: '1' },
    });
    expect(hook.status).toBe(1);
    expect(hook.stdout).toContain(CHANGED);
    expect(hook.stdout).toContain('cts_office365_missing');
    expect(hook.stdout).not.toContain(UNCHANGED);
  });
});
