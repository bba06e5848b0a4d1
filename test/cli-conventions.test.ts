/**
 * The command-line conventions of ESLint, gitleaks and Checkov, through the built binary: stdout
 * carries the report alone, `-o`, `--color`/`FORCE_COLOR`/`NO_COLOR`, `--stdin`, `help`, the
 * `--max-warnings` message, line numbers after `--fix`, and `diff` charging only the files that changed.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { repoRoot, runBin, runFlowlint } from './helpers/cli.js';
import { flow, jsonText, kvGetSecret, solutionFiles } from './helpers/builders.js';

interface Report {
  findings: { ruleId: string; file: string; entry?: string; line?: number; column?: number; jsonPointer: string }[];
  errors: { file: string; message: string }[];
}

const EXAMPLE = join(repoRoot, 'fixtures/example');
// eslint-disable-next-line no-control-regex -- an ANSI colour sequence is what is looked for
const ANSI = /\u001b\[\d+m/;
const flowText = jsonText(flow({ Get_secret: kvGetSecret('k', { secureInputs: false, secureOutputs: false }) }));

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'flowlint-conv-'));
}

describe('stdout carries the report alone', () => {
  it.each([
    { name: 'stylish', args: [] as string[] },
    { name: 'json', args: ['-f', 'json'] },
  ])('an input error is said on stderr ($name)', ({ args }) => {
    const run = runBin(['no/such.zip', ...args], repoRoot);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^flowlint: error: no\/such\.zip: no such file or directory$/m);
    if (args.length === 0) {
      expect(run.stdout).not.toContain('no/such.zip');
      expect(run.stdout).toMatch(/1 input could not be fully linted \(listed on stderr\)/);
    } else {
      // A machine-readable report still holds its errors.
      expect((JSON.parse(run.stdout) as Report).errors).toEqual([expect.objectContaining({ file: 'no/such.zip' })]);
    }
  });
});

describe('-o, --output-file', () => {
  it.each([['-o'], ['--output-file']])('%s writes the report to the file and nothing to stdout', (flag) => {
    const dir = tempDir();
    const run = runBin([EXAMPLE, '-f', 'json', flag, join(dir, 'out', 'report.json')], repoRoot);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect((JSON.parse(readFileSync(join(dir, 'out', 'report.json'), 'utf8')) as Report).findings.length).toBeGreaterThan(5);
  });

  it.each([
    { name: 'over an input', setup: (dir: string): string => (writeFileSync(join(dir, 'flow.json'), flowText), 'flow.json'), error: /never replaces an input/ },
    {
      name: 'through a symbolic link',
      setup: (dir: string): string => {
        writeFileSync(join(dir, 'flow.json'), flowText);
        symlinkSync(join(dir, 'elsewhere.txt'), join(dir, 'report.txt'));
        return 'report.txt';
      },
      error: /symbolic link/,
    },
    {
      name: 'with every format already in a file',
      setup: (dir: string): string => (writeFileSync(join(dir, 'flow.json'), flowText), 'x.txt'),
      extra: ['-f', 'json:r.json'],
      error: /already names its file/,
    },
  ])('is refused $name (exit 2)', ({ setup, error, extra }) => {
    const dir = tempDir();
    const target = setup(dir);
    const before = readFileSync(join(dir, 'flow.json'), 'utf8');
    const run = runBin(['flow.json', '-o', target, ...(extra ?? [])], dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(error);
    expect(readFileSync(join(dir, 'flow.json'), 'utf8')).toBe(before);
  });
});

describe('colours', () => {
  it.each<{ env: Record<string, string>; args: string[]; colored: boolean }>([
    { env: {}, args: [], colored: false },
    { env: {}, args: ['--color'], colored: true },
    { env: { FORCE_COLOR: '1' }, args: [], colored: true },
    { env: { FORCE_COLOR: '' }, args: [], colored: true },
    { env: { FORCE_COLOR: '0' }, args: [], colored: false },
    { env: { FORCE_COLOR: 'false' }, args: [], colored: false },
    { env: { FORCE_COLOR: '1' }, args: ['--no-color'], colored: false },
    { env: { FORCE_COLOR: '0' }, args: ['--color'], colored: true },
    { env: { NO_COLOR: '1' }, args: [], colored: false },
    { env: { NO_COLOR: '1' }, args: ['--color'], colored: true },
    { env: { NO_COLOR: '1', FORCE_COLOR: '1' }, args: [], colored: true },
  ])('$env $args: coloured $colored', ({ env, args, colored }) => {
    const run = runBin([EXAMPLE, ...args], repoRoot, { env });
    expect(run.code).toBe(1);
    expect(ANSI.test(run.stdout)).toBe(colored);
  });

  it('a report written to a file is never coloured', () => {
    const dir = tempDir();
    runBin([EXAMPLE, '--color', '-o', join(dir, 'report.txt')], repoRoot);
    expect(ANSI.test(readFileSync(join(dir, 'report.txt'), 'utf8'))).toBe(false);
  });
});

describe('--stdin', () => {
  it.each([
    { args: ['--stdin', '--stdin-filename', 'flows/in.json'], file: 'flows/in.json' },
    { args: ['--stdin'], file: 'stdin.json' },
    { args: ['--stdin', '--stdin-filename', '/elsewhere/in.json'], file: 'in.json' },
  ])('lints the flow read from stdin under its name ($file)', ({ args, file }) => {
    const run = runBin([...args, '-f', 'json'], tempDir(), { input: flowText });
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as Report;
    expect(report.findings.some((f) => f.ruleId === 'secure-outputs-missing' && f.file === file && f.line !== undefined)).toBe(true);
  });

  it('refuses a stdin larger than one file may be, without taking it all in', () => {
    const run = runBin(['--stdin', '--max-entry-bytes', '1024'], tempDir(), { input: Buffer.alloc(8 * 1024 * 1024, 0x20) });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/flowlint: error: stdin\.json: standard input is larger than the 1024-byte limit/);
  });

  it.each([
    { args: ['--stdin', 'flow.json'], error: /no paths/ },
    { args: ['--stdin-filename', 'x.json'], error: /needs --stdin/ },
    { args: ['--stdin', '--fix'], error: /--fix-dry-run/ },
  ])('usage errors: $args', ({ args, error }) => {
    const run = runBin(args, tempDir(), { input: flowText });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(error);
  });
});

describe('help', () => {
  it.each([
    { args: ['help'], code: 0, out: /^Usage: flowlint \[options\]/ },
    { args: ['help', 'diff'], code: 0, out: /^Usage: flowlint diff / },
    { args: ['help', 'rules'], code: 0, out: /^Usage: flowlint rules / },
  ])('flowlint $args', ({ args, code, out }) => {
    const run = runBin(args, tempDir());
    expect(run.code).toBe(code);
    expect(run.stdout).toMatch(out);
    expect(run.stderr).toBe('');
  });

  it('flowlint help with an unknown command exits 2', () => {
    expect(runBin(['help', 'nope'], tempDir()).code).toBe(2);
  });
});

describe('--max-warnings', () => {
  it.each([
    { args: ['--max-warnings', '0', '--fail-on', 'none'], code: 1, message: true },
    { args: ['--max-warnings', '0'], code: 1, message: true },
    { args: ['--max-warnings', '1000', '--fail-on', 'none'], code: 0, message: false },
  ])('$args', ({ args, code, message }) => {
    const run = runBin([EXAMPLE, '-f', 'json', ...args], repoRoot);
    expect(run.code).toBe(code);
    expect(/^flowlint: \d+ warnings exceed --max-warnings 0$/m.test(run.stderr)).toBe(message);
  });
});

describe('--fix', () => {
  it('reports what is left at its line in the fixed files', () => {
    const dir = tempDir();
    cpSync(EXAMPLE, dir, { recursive: true });
    const run = runBin(['.', '--fix', '-f', 'json'], dir);
    expect(run.stderr).toMatch(/flowlint: fixed \d+ findings/);
    const left = (JSON.parse(run.stdout) as Report).findings.filter((f) => f.file.endsWith('.json') && f.line !== undefined);
    expect(left.length).toBeGreaterThan(3);
    for (const finding of left) {
      const lines = readFileSync(join(dir, finding.file), 'utf8').split('\n');
      const key = finding.jsonPointer.split('/').pop()!.replace(/~1/g, '/').replace(/~0/g, '~');
      const at = lines[finding.line! - 1].slice(finding.column! - 1);
      if (/^\d+$/.test(key)) expect(at).toMatch(/^["{[\d tfn-]/);
      else expect(at.startsWith(JSON.stringify(key)), `${finding.ruleId} at ${finding.line}:${finding.column} is "${at.slice(0, 40)}"`).toBe(true);
    }
  });
});

describe('diff charges only the files that changed', () => {
  const FLOW = 'Workflows/Example-0000AAAA-1111-2222-3333-000000000001.json';
  /** One solution twice: as a zip whose action has Secure Outputs off, and unpacked with it on (or off). */
  async function writeSolution(dir: string, folderSecure: boolean): Promise<void> {
    const zipFiles = solutionFiles({ flows: { Example: flow({ Get_secret: kvGetSecret('k', { secureInputs: true, secureOutputs: false }) }) } });
    const zip = new JSZip();
    for (const [path, text] of Object.entries(zipFiles)) zip.file(path, text);
    writeFileSync(join(dir, 'a-solution.zip'), await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
    const folder = solutionFiles({ flows: { Example: flow({ Get_secret: kvGetSecret('k', { secureInputs: true, secureOutputs: folderSecure }) }) } });
    for (const [path, text] of Object.entries(folder)) {
      mkdirSync(join(dir, 'b-solution', path, '..'), { recursive: true });
      writeFileSync(join(dir, 'b-solution', path), text);
    }
  }

  function regressions(run: { stdout: string }): string[] {
    return (JSON.parse(run.stdout) as Report).findings.filter((f) => f.ruleId === 'security-regression').map((f) => `${f.file}${f.entry ? `!${f.entry}` : ''}`);
  }

  it('between two folders', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'old'));
    mkdirSync(join(dir, 'new'));
    await writeSolution(join(dir, 'old'), true);
    await writeSolution(join(dir, 'new'), false);
    expect(regressions(runBin(['diff', 'old', 'new', '-f', 'json'], dir))).toEqual([`new/b-solution/${FLOW}`]);
  });

  it('between two git revisions', async () => {
    const dir = tempDir();
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: dir, stdio: 'pipe' });
    git('init', '-q');
    await writeSolution(dir, true);
    git('add', '.');
    git('commit', '-qm', 'old');
    await writeSolution(dir, false);
    git('commit', '-qam', 'new');
    expect(regressions(runBin(['diff', 'HEAD~1', 'HEAD', '.', '-f', 'json'], dir))).toEqual([`b-solution/${FLOW}`]);
  });
});

describe('a reader that stops early', () => {
  it('ends the run quietly with its own exit code, no EPIPE stack trace', () => {
    const dir = mkdtempSync(join(tmpdir(), 'flowlint-epipe-'));
    const errors = join(dir, 'stderr.txt');
    const bin = join(repoRoot, 'dist/flowlint.mjs');
    // The SARIF log of the example is far larger than a pipe's buffer, so writing it meets the closed pipe.
    const status = execFileSync('bash', ['-c', 'node "$0" fixtures/example -f sarif 2>"$1" | head -c 10 >/dev/null; echo "${PIPESTATUS[0]}"', bin, errors], {
      cwd: repoRoot,
      encoding: 'utf8',
    });
    expect(status.trim()).toBe('1');
    expect(readFileSync(errors, 'utf8')).toBe('');
  });
});

describe('paths printed as given', () => {
  /** A flow with a hard-coded password and a truncated JSON file, in a folder beside the cwd. */
  function scene(): { cwd: string; input: string; relativeInput: string } {
    const root = tempDir();
    const input = join(root, 'exports');
    mkdirSync(join(root, 'work'));
    mkdirSync(input);
    writeFileSync(join(input, 'flow.json'), flowText);
    writeFileSync(join(input, 'broken.json'), '{"properties": {"definition": ');
    return { cwd: join(root, 'work'), input, relativeInput: '../exports' };
  }

  it('an input named absolutely is printed absolutely in the text formats and on stderr', async () => {
    const { cwd, input } = scene();
    const stylish = await runFlowlint([input, '--no-config-lookup'], cwd);
    expect(stylish.code).toBe(2);
    expect(stylish.stdout).toMatch(new RegExp(`^${input}/flow\\.json$`, 'm'));
    expect(stylish.stderr).toContain(`flowlint: error: ${input}/broken.json: `);
    for (const format of ['stylish', 'json', 'markdown', 'html', 'junit']) {
      const run = await runFlowlint([input, '--no-config-lookup', '-f', format], cwd);
      expect(run.stdout, format).not.toContain('../exports');
      expect(run.stdout, format).toContain(`${input}/flow.json`);
    }
    const json = JSON.parse((await runFlowlint([input, '--no-config-lookup', '-f', 'json'], cwd)).stdout) as Report;
    expect(json.findings.map((f) => f.file)).toEqual(expect.arrayContaining([`${input}/flow.json`]));
    expect(json.errors).toEqual([expect.objectContaining({ file: `${input}/broken.json` })]);
  });

  it('SARIF and GitHub annotations keep locations relative to the working directory', async () => {
    const { cwd, input } = scene();
    const sarif = await runFlowlint([input, '--no-config-lookup', '-f', 'sarif'], cwd);
    expect(sarif.stdout).not.toContain(input);
    expect(sarif.stdout).toContain('"uri": "../exports/flow.json"');
    const github = await runFlowlint([input, '--no-config-lookup', '-f', 'github'], cwd);
    expect(github.stdout).toMatch(/^::error file=\.\.\/exports\/flow\.json,/m);
  });

  it('a relative input is printed relative; the findings are the same however the input is named', async () => {
    const { cwd, input, relativeInput } = scene();
    const absolute = JSON.parse((await runFlowlint([input, '--no-config-lookup', '-f', 'json'], cwd)).stdout) as Report;
    const relative = JSON.parse((await runFlowlint([relativeInput, '--no-config-lookup', '-f', 'json'], cwd)).stdout) as Report;
    expect(relative.findings.map((f) => f.file)).toEqual(expect.arrayContaining(['../exports/flow.json']));
    const strip = (report: Report) => JSON.parse(JSON.stringify(report.findings).replaceAll(`${input}/`, '../exports/')) as unknown;
    expect(strip(absolute)).toEqual(strip(relative));
    expect(absolute.findings.length).toBeGreaterThan(0);
  });

  /** Deployment settings of two environments sharing a vault, under `sub/` of a fresh folder. */
  function settingsProject(): string {
    const dir = realpathSync(tempDir());
    for (const env of ['test', 'prod']) {
      mkdirSync(join(dir, 'sub', env), { recursive: true });
      writeFileSync(
        join(dir, 'sub', env, 'deploymentSettings.json'),
        JSON.stringify({ EnvironmentVariables: [{ SchemaName: 'cr_KeyVaultName', Value: 'kv-contoso-shared' }], ConnectionReferences: [] }),
      );
    }
    return dir;
  }

  it('the innermost input decides: a file also named relatively stays relative', async () => {
    const dir = settingsProject();
    const report = JSON.parse((await runFlowlint(['-f', 'json', '--no-config-lookup', dir, 'sub/test/deploymentSettings.json'], dir)).stdout) as Report;
    expect(report.findings.map((f) => f.file).sort()).toEqual([`${dir}/sub/prod/deploymentSettings.json`, 'sub/test/deploymentSettings.json']);
  });

  it('an absolute input above the working directory shows the files inside it absolutely too, and the logical path agrees', async () => {
    const dir = settingsProject();
    const report = JSON.parse((await runFlowlint(['-f', 'json', '--no-config-lookup', dir], join(dir, 'sub'))).stdout) as Report & { findings: { path: string }[] };
    expect(report.findings.length).toBeGreaterThan(0);
    for (const finding of report.findings) {
      expect(finding.file.startsWith(`${dir}/sub/`), finding.file).toBe(true);
      expect(finding.path.startsWith(`${finding.file}/`), finding.path).toBe(true);
    }
  });

  it('a baseline written from an absolute run matches a relative run (its keys are relative)', async () => {
    const { cwd, input, relativeInput } = scene();
    await runFlowlint([input, '--no-config-lookup', '--write-baseline', 'baseline.json'], cwd);
    const baseline = readFileSync(join(cwd, 'baseline.json'), 'utf8');
    expect(baseline).not.toContain(input);
    expect(baseline).toContain('"file": "../exports/flow.json"');
    const run = await runFlowlint([relativeInput, '--no-config-lookup', '--baseline', 'baseline.json', '-f', 'json'], cwd);
    const report = JSON.parse(run.stdout) as Report & { findings: { suppressed?: unknown }[] };
    expect(report.findings.filter((f) => f.file.endsWith('flow.json')).length).toBeGreaterThan(0);
    expect(run.code).toBe(2); // the broken file alone
    expect(run.stderr).not.toMatch(/error .*hardcoded-secret/);
  });
});
