/**
 * Attacks from the scanned tree (issue 12, "nothing from the scanned tree runs or escapes it"),
 * each run through the built `flowlint` binary in a child process, as CI, a pre-commit hook or an
 * auditor would run it on content someone else controls:
 * - a config above the checkout, or committed in it, naming a JavaScript plugin;
 * - a committed `.gitignore` hiding a committed flow from the gate;
 * - a `core.fsmonitor` command in the repository's `.git/config`;
 * - symlinks (folder and `*.json`) leading out of the tree, and a FIFO.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/cli.js';
import { flow, jsonText, kvGetSecret } from '../helpers/builders.js';

const BIN = join(repoRoot, 'dist/flowlint.mjs');
const posixOnly = process.platform === 'win32';

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly timedOut: boolean;
}

/** Runs the binary with the caller's environment minus any plugin opt-in, plus `env`. */
function flowlint(args: readonly string[], cwd: string, env: Record<string, string> = {}): Run {
  const base = { ...process.env };
  delete base.FLOWLINT_ALLOW_PLUGINS;
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd, env: { ...base, ...env }, encoding: 'utf8', timeout: 20_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr, timedOut: result.error !== undefined || result.signal !== null };
}

function git(cwd: string, ...args: string[]): void {
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'core.hooksPath=/dev/null', ...args], { cwd, stdio: 'ignore' });
}

/** A flow with one error-level finding: a Key Vault secret read without Secure Outputs. */
const FLOW = jsonText(flow({ Get_secret: kvGetSecret('k', { secureInputs: false, secureOutputs: false }) }));

function write(root: string, path: string, text: string): string {
  const file = join(root, path);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
  return file;
}

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'flowlint-escape-'));
}

/** A git repository at `dir` with `files` committed. */
function repository(dir: string, files: Record<string, string>): string {
  for (const [path, text] of Object.entries(files)) write(dir, path, text);
  git(dir, 'init', '-q', '.');
  git(dir, 'add', '-A', '--force'); // committed even where the committed .gitignore says otherwise
  git(dir, 'commit', '-q', '-m', 'export');
  return dir;
}

interface JsonReport {
  findings: { ruleId: string; file: string }[];
  errors: { file: string; message: string }[];
  stats: { skippedPaths?: number; skipped?: { file: string; reason: string }[] };
}

/** A plugin that, when imported, leaves a marker file next to itself. */
function evilPlugin(dir: string): string {
  write(dir, 'evil.mjs', "import { writeFileSync } from 'node:fs';\nwriteFileSync(new URL('./PWNED', import.meta.url), 'ran');\nexport const rules = [];\n");
  return join(dir, 'PWNED');
}

describe('plugins from the scanned tree do not run', () => {
  it('a config above the repository root is not used at all (its plugin does not run, its rules do not apply)', () => {
    const outer = tempDir();
    const marker = evilPlugin(outer);
    write(outer, 'flowlint.config.json', JSON.stringify({ plugins: ['./evil.mjs'], rules: { 'secure-outputs-missing': 'off' } }));
    const repo = repository(join(outer, 'checkout'), { 'flows/main.json': FLOW });
    const run = flowlint(['.', '-f', 'json'], repo);
    expect(existsSync(marker)).toBe(false);
    expect(run.code).toBe(1);
    expect((JSON.parse(run.stdout) as JsonReport).findings.map((f) => f.ruleId)).toContain('secure-outputs-missing');
  });

  it('outside any repository, only the working folder is searched', () => {
    const outer = tempDir();
    const marker = evilPlugin(outer);
    write(outer, 'flowlint.config.json', JSON.stringify({ plugins: ['./evil.mjs'] }));
    const received = join(outer, 'received');
    write(received, 'flows/main.json', FLOW);
    const run = flowlint(['.'], received);
    expect(existsSync(marker)).toBe(false);
    expect(run.code).toBe(1);
  });

  it('a committed config naming a plugin is a configuration error naming it and the opt-in, also with --jobs and -c', () => {
    const repo = tempDir();
    const marker = evilPlugin(repo);
    repository(repo, { 'flowlint.config.json': JSON.stringify({ plugins: ['./evil.mjs'] }), 'a/main.json': FLOW, 'b/main.json': FLOW });
    for (const args of [['.'], ['a', 'b', '--jobs', '2'], ['a', '-c', 'flowlint.config.json']]) {
      const run = flowlint(args, repo);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr).toMatch(/flowlint\.config\.json declares JavaScript "plugins".*--allow-plugins or FLOWLINT_ALLOW_PLUGINS=1/);
      expect(run.stdout).toBe('');
      expect(existsSync(marker)).toBe(false);
    }
    // The marker does show when the plugin runs: with the opt-in, on the command line or in the environment.
    expect(flowlint(['a', 'b', '--jobs', '2', '--allow-plugins'], repo).code).toBe(1);
    expect(existsSync(marker)).toBe(true);
  });

  it('FLOWLINT_ALLOW_PLUGINS=1 is the opt-in too', () => {
    const repo = tempDir();
    const marker = evilPlugin(repo);
    repository(repo, { 'flowlint.config.json': JSON.stringify({ plugins: ['./evil.mjs'] }), 'main.json': FLOW });
    expect(flowlint(['main.json'], repo, { FLOWLINT_ALLOW_PLUGINS: '1' }).code).toBe(1);
    expect(existsSync(marker)).toBe(true);
  });

  it('--no-config-lookup uses no config found in the tree (declarative rules need no opt-in)', () => {
    const repo = tempDir();
    repository(repo, {
      'flowlint.config.json': JSON.stringify({
        rules: { 'secure-outputs-missing': 'off' },
        customRules: [{ id: 'any-action', message: 'An action.', path: '$.type', check: 'absent' }],
      }),
      'main.json': FLOW,
    });
    const withConfig = JSON.parse(flowlint(['main.json', '-f', 'json'], repo).stdout) as JsonReport;
    expect(withConfig.findings.map((f) => f.ruleId)).toContain('any-action');
    expect(withConfig.findings.map((f) => f.ruleId)).not.toContain('secure-outputs-missing');
    const without = JSON.parse(flowlint(['main.json', '-f', 'json', '--no-config-lookup'], repo).stdout) as JsonReport;
    expect(without.findings.map((f) => f.ruleId)).not.toContain('any-action');
    expect(without.findings.map((f) => f.ruleId)).toContain('secure-outputs-missing');
  });
});

describe('a committed .gitignore does not hide committed flows', () => {
  it('a tracked flow that .gitignore lists is linted (exit 1); an untracked ignored one is counted and listed as skipped', () => {
    const repo = repository(tempDir(), { '.gitignore': 'flows/\n', 'flows/main.json': FLOW });
    write(repo, 'flows/draft.json', FLOW); // untracked and ignored
    const json = flowlint(['.', '-f', 'json', '--verbose'], repo);
    expect(json.code).toBe(1);
    const report = JSON.parse(json.stdout) as JsonReport;
    expect(new Set(report.findings.map((f) => f.file))).toEqual(new Set(['flows/main.json']));
    expect(report.stats.skipped).toEqual([{ file: 'flows/draft.json', reason: 'ignored by .gitignore (not tracked by git)' }]);
    expect(json.stderr).toContain('flowlint: skipped flows/draft.json: ignored by .gitignore (not tracked by git)');
    // The count is in the default summary, without --verbose.
    const stylish = flowlint(['.'], repo);
    expect(stylish.stdout).toMatch(/\n1 path skipped, not read/);
  });

  it('flowlint diff between revisions lints the committed flows .gitignore lists', () => {
    const repo = repository(tempDir(), { '.gitignore': 'flows/\n', 'flows/main.json': jsonText(flow({ Get_secret: kvGetSecret('k') })) });
    write(repo, 'flows/main.json', FLOW);
    git(repo, 'add', '--force', 'flows/main.json');
    git(repo, 'commit', '-q', '-m', 'protection removed');
    const run = flowlint(['diff', 'HEAD~1', 'HEAD', '-f', 'json'], repo);
    expect(run.code).toBe(1);
    expect((JSON.parse(run.stdout) as JsonReport).findings.filter((f) => f.file === 'flows/main.json').map((f) => f.ruleId)).toContain('secure-outputs-missing');
  });

  it('a core.fsmonitor command in the repository config is not run when git lists the tracked files', () => {
    const repo = repository(tempDir(), { '.gitignore': 'flows/\n', 'flows/main.json': FLOW });
    const marker = join(repo, 'FSMONITOR-RAN');
    const hook = write(repo, 'hook.sh', `#!/bin/sh\ntouch '${marker}'\nexit 1\n`);
    execFileSync('chmod', ['+x', hook]);
    git(repo, 'config', 'core.fsmonitor', hook);
    const run = flowlint(['.', '-f', 'json'], repo);
    expect(existsSync(marker)).toBe(false);
    expect(run.code).toBe(1);
    expect((JSON.parse(run.stdout) as JsonReport).findings.some((f) => f.file === 'flows/main.json')).toBe(true);
  });

  it('without git, .gitignore is not applied at all, and a note says so', () => {
    const repo = repository(tempDir(), { '.gitignore': 'flows/\n', 'flows/main.json': FLOW });
    const run = flowlint(['.', '-f', 'json'], repo, { PATH: tempDir() });
    expect(run.code).toBe(1);
    expect((JSON.parse(run.stdout) as JsonReport).findings.some((f) => f.file === 'flows/main.json')).toBe(true);
    expect(run.stderr).toMatch(/note: \.: git could not list the tracked files \(git is not installed\); \.gitignore files were not applied/);
  });
});

describe.skipIf(posixOnly)('nothing outside the tree is read', () => {
  const CANARY = 'CANARYsecretVALUE0123456789';

  function outside(): string {
    const dir = tempDir();
    write(dir, 'flows/main.json', FLOW);
    write(dir, 'secret.txt', `PASSWORD=${CANARY}\n`);
    return dir;
  }

  it('a folder symlink leading outside is not followed, and is listed as skipped', () => {
    const elsewhere = outside();
    const tree = tempDir();
    write(tree, 'keep.json', '{}');
    symlinkSync(elsewhere, join(tree, 'root'), 'dir');
    // The tree holds no export, which alone exits 2: allowed here to see the symlink's effect.
    const run = flowlint(['.', '-f', 'json', '--verbose', '--allow-no-exports'], tree);
    const report = JSON.parse(run.stdout) as JsonReport;
    expect(report.findings).toEqual([]);
    expect(report.stats.skipped).toEqual([{ file: 'root/', reason: 'symbolic link to a folder outside the scanned folder; not followed' }]);
    expect(run.stderr).toContain('flowlint: skipped root/: symbolic link to a folder outside the scanned folder; not followed');
    expect(run.code).toBe(0);
  });

  it('a *.json symlink to a file outside is not read, in a walk or named on the command line', () => {
    const elsewhere = outside();
    const tree = tempDir();
    symlinkSync(join(elsewhere, 'secret.txt'), join(tree, 'x.json'));
    const walked = flowlint(['.', '-f', 'json', '--verbose', '--allow-no-exports'], tree);
    expect(walked.stdout + walked.stderr).not.toContain(CANARY.slice(0, 8));
    expect(walked.stdout + walked.stderr).not.toContain('PASSWORD');
    expect((JSON.parse(walked.stdout) as JsonReport).stats.skipped).toEqual([{ file: 'x.json', reason: 'symbolic link to a file outside the scanned folder; not read' }]);
    expect(walked.code).toBe(0);

    const named = flowlint(['x.json', '-f', 'json'], tree);
    expect(named.stdout + named.stderr).not.toContain('PASSWORD');
    expect((JSON.parse(named.stdout) as JsonReport).errors).toEqual([
      { kind: 'input', file: 'x.json', message: "leads outside the working folder through a symbolic link; not read (name the link's target to lint it)" },
    ]);
    expect(named.code).toBe(2);
  });

  it('a FIFO is never opened: skipped in a walk, an input error when named, and no hang', () => {
    const tree = tempDir();
    write(tree, 'main.json', FLOW);
    execFileSync('mkfifo', [join(tree, 'pipe.json')]);
    const walked = flowlint(['.', '-f', 'json'], tree);
    expect(walked.timedOut).toBe(false);
    expect(walked.code).toBe(1);
    expect((JSON.parse(walked.stdout) as JsonReport).stats.skipped).toEqual([{ file: 'pipe.json', reason: 'a FIFO (named pipe), not a regular file; not read' }]);
    const named = flowlint(['pipe.json'], tree);
    expect(named.timedOut).toBe(false);
    expect(named.code).toBe(2);
    // Input errors are diagnostics: on stderr, whatever the format.
    expect(named.stderr).toContain('pipe.json: a FIFO (named pipe), not a regular file or folder; not read');
  });
});
