/**
 * The pre-commit hook for real: Debian's `pre-commit` (what .ci/run installs) installs the hook from
 * a git repository of this work tree (as it would from the published repository: a clone, then
 * `npm install` and `npm pack` in it, then `npm install -g` of the tarball), and `git commit` in a
 * scratch repository runs it. A hard-coded password is blocked with a readable message; a clean
 * solution and unrelated JSON pass; and deleting a connection reference from the solution's
 * `Other/Customizations.xml`, committed alone, is blocked for the flow that uses it.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from './helpers/cli.js';
import { connector, flow, http, jsonText, solutionFiles } from './helpers/builders.js';

const PRE_COMMIT = '/usr/bin/pre-commit';
const SOLUTION = 'solutions/ContosoFlows';
const PASSWORD = 'Tr0ub4dor&3xyzzy';
const work = mkdtempSync(join(tmpdir(), 'flowlint-pre-commit-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd, encoding: 'utf8', stdio: 'pipe' });
}

// pre-commit's own cache in the scratch folder; npm quiet and served from its cache where it can.
const env = {
  ...process.env,
  PRE_COMMIT_HOME: join(work, 'cache'),
  NO_COLOR: '1',
  npm_config_update_notifier: 'false',
  npm_config_fund: 'false',
  npm_config_audit: 'false',
  npm_config_prefer_offline: 'true',
};

function commit(cwd: string, message: string): { status: number | null; output: string } {
  const run = spawnSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-q', '-m', message], { cwd, encoding: 'utf8', env });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

function write(root: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
}

describe('the pre-commit hook, installed by pre-commit', () => {
  const hookRepo = join(work, 'flowlint');
  const project = join(work, 'project');

  beforeAll(() => {
    if (!existsSync(PRE_COMMIT)) throw new Error(`${PRE_COMMIT} is missing: apt-get install pre-commit (as .ci/run does)`);
    // The work tree as it is (tracked and new files, ignored ones left out), committed: pre-commit
    // installs from a git revision.
    const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: repoRoot, encoding: 'utf8' }).split('\0').filter(Boolean);
    for (const file of files) if (existsSync(join(repoRoot, file))) cpSync(join(repoRoot, file), join(hookRepo, file), { recursive: true });
    git(hookRepo, 'init', '-q');
    git(hookRepo, 'add', '-A');
    git(hookRepo, 'commit', '-q', '--no-verify', '-m', 'flowlint');
    const rev = git(hookRepo, 'rev-parse', 'HEAD').trim();

    mkdirSync(project);
    git(project, 'init', '-q');
    writeFileSync(join(project, '.pre-commit-config.yaml'), `repos:\n  - repo: ${hookRepo}\n    rev: ${rev}\n    hooks:\n      - id: flowlint\n`);
    const install = spawnSync(PRE_COMMIT, ['install-hooks'], { cwd: project, encoding: 'utf8', env });
    expect(install.status, `${install.stdout}${install.stderr}`).toBe(0);
    const hook = spawnSync(PRE_COMMIT, ['install'], { cwd: project, encoding: 'utf8', env });
    expect(hook.status, `${hook.stdout}${hook.stderr}`).toBe(0);
  }, 600_000);

  it('passes a clean solution', () => {
    const send = connector('shared_office365', 'SendEmailV2', { 'emailMessage/To': 'ops@contoso.example' });
    write(
      join(project, SOLUTION),
      solutionFiles({ flows: { Notify: flow({ Send_mail: send }, { connections: { shared_office365: 'cts_office365' } }) }, connectionReferences: ['cts_office365'] }),
    );
    git(project, 'add', '-A');
    const result = commit(project, 'clean solution');
    expect(result.status, result.output).toBe(0);
    expect(result.output).toMatch(/flowlint\.+Passed/);
  });

  it('passes a commit of unrelated JSON', () => {
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'flows', private: true }));
    git(project, 'add', 'package.json');
    const result = commit(project, 'unrelated json');
    expect(result.status, result.output).toBe(0);
  });

  it('blocks a hard-coded password, naming the file and rule without the password', () => {
    const file = 'flows/call-api.json';
    const call = http({ method: 'GET', uri: 'https://api.contoso.example/items', authentication: { type: 'Basic', username: 'svc-sync', password: PASSWORD } });
    write(project, { [file]: jsonText(flow({ Call_API: call })) });
    git(project, 'add', file);
    const result = commit(project, 'hard-coded password');
    expect(result.status).toBe(1);
    expect(result.output).toMatch(/flowlint\.+Failed/);
    expect(result.output).toContain(file);
    expect(result.output).toContain('hardcoded-secret');
    expect(result.output).not.toContain(PASSWORD);
    git(project, 'rm', '-q', '--cached', file);
    rmSync(join(project, file));
  });

  it('blocks deleting a connection reference a flow uses, with only Customizations.xml committed', () => {
    const file = `${SOLUTION}/Other/Customizations.xml`;
    const text = readFileSync(join(project, file), 'utf8');
    const without = text.replace(/\s*<connectionreference connectionreferencelogicalname="cts_office365">[\s\S]*?<\/connectionreference>/, '');
    expect(without).not.toBe(text);
    writeFileSync(join(project, file), without);
    git(project, 'add', file);
    const result = commit(project, 'drop a connection reference');
    expect(result.status, result.output).toBe(1);
    expect(result.output).toContain('connection-reference-missing');
    expect(result.output).toContain('cts_office365');
    expect(result.output).toContain(`${SOLUTION}/Workflows/Notify-`);
  });
});
