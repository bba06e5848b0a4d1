/**
 * "No silent pass" (issue 12): each way a hostile tree made the gate pass without checking what it
 * should have, run through the built `flowlint` binary as CI or a pre-commit hook runs it, with
 * the outcome asserted — a suppression not applied, an input error, exit code 1 or 2.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/cli.js';
import { compose, connector, flow, jsonText, kvGetSecret, solutionFiles, type Json } from '../helpers/builders.js';
import { buildZip } from '../sources/helpers.js';

interface Report {
  findings: { ruleId: string; level: string; file: string; entry?: string; message: string; suppressions?: unknown[] }[];
  errors: { file: string; entry?: string; message: string }[];
}

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'flowlint-silent-pass-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** The built bin, as a hook or a CI step starts it. */
function flowlint(cwd: string, ...args: string[]): Run {
  const child = spawnSync(process.execPath, [join(repoRoot, 'dist/flowlint.mjs'), ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: child.status, stdout: child.stdout, stderr: child.stderr };
}

function report(run: Run): Report {
  return JSON.parse(run.stdout) as Report;
}

function writeTree(dir: string, files: Record<string, string | Buffer>): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
}

function scratch(name: string): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** A Key Vault secret copied by a Compose and e-mailed: errors of secret-copied, secret-exposed, secure-inputs-missing. */
function leakyFlow(copy: string = "@body('Get_secret')?['value']", description?: string): Json {
  const built = flow({
    Get_secret: kvGetSecret('partner-api-key'),
    Compose_key: compose(copy, { runAfter: { Get_secret: ['Succeeded'] } }),
    Send_mail: connector(
      'shared_office365',
      'SendEmailV2',
      { 'emailMessage/To': 'ops@example.com', 'emailMessage/Subject': 'key', 'emailMessage/Body': "@{outputs('Compose_key')}" },
      { runAfter: { Compose_key: ['Succeeded'] } },
    ),
  }) as { properties: { definition: Record<string, Json> } };
  if (description !== undefined) built.properties.definition.description = description;
  return built as unknown as Json;
}

const SECRET_RULES = ['secret-copied', 'secret-exposed', 'secure-inputs-missing'];

function errorRules(findings: Report['findings']): string[] {
  return [...new Set(findings.filter((f) => f.level === 'error' && !f.suppressions?.length).map((f) => f.ruleId))].sort();
}

describe('a flowlint-disable without rule ids or without a reason', () => {
  for (const [name, directive, messageId] of [
    ['bare, in the flow description', 'flowlint-disable', 'names no rule'],
    ['with a reason but no rule ids', 'flowlint-disable -- accepted', 'names no rule'],
    ['with * for the rule ids', 'flowlint-disable * -- accepted', 'names no rule'],
    ['with rule ids but no reason', `flowlint-disable ${SECRET_RULES.join(', ')}`, 'gives no reason'],
  ] as const) {
    it(`${name}: suppresses nothing, is an error itself, exit 1`, () => {
      const dir = scratch(`suppress-${name.replace(/\W+/g, '-')}`);
      writeTree(dir, prefixed('solution/', solutionFiles({ flows: { Main: leakyFlow(undefined, directive) } })));
      const run = flowlint(dir, 'solution', '-f', 'json');
      expect(run.code).toBe(1);
      const { findings } = report(run);
      expect(findings.filter((f) => f.suppressions?.length)).toEqual([]);
      expect(errorRules(findings)).toEqual(expect.arrayContaining([...SECRET_RULES, 'suppression-audit']));
      const audit = findings.find((f) => f.ruleId === 'suppression-audit')!;
      expect(audit.level).toBe('error');
      expect(audit.message).toContain(messageId);

      // The default SARIF (GitHub profile) leaves suppressed results out: here nothing is left out.
      const sarif = JSON.parse(flowlint(dir, 'solution', '-f', 'sarif').stdout) as { runs: { results: { ruleId: string }[] }[] };
      expect(sarif.runs[0].results.map((r) => r.ruleId)).toEqual(expect.arrayContaining(SECRET_RULES));
    });
  }

  it('words of a directive that are no rule id are input text: the audit shows them redacted', () => {
    const dir = scratch('suppress-unknown-words');
    const canary = 'Zq8vK3mPx7Lw2Rt';
    writeTree(dir, prefixed('solution/', solutionFiles({ flows: { Main: leakyFlow(undefined, `flowlint-disable secret-copied, ${canary}`) } })));
    const run = flowlint(dir, 'solution', '-f', 'json');
    expect(run.stdout + run.stderr).not.toContain(canary.slice(0, 8));
    const audit = report(run).findings.find((f) => f.ruleId === 'suppression-audit' && f.message.includes('secret-copied'));
    expect(audit?.message).toContain(`secret-copied, ${canary.slice(0, 3)}***`);
  });

  it('a complete directive still suppresses (the same flow, exit 0 for the accepted rules)', () => {
    const dir = scratch('suppress-complete');
    const accepted = [...SECRET_RULES, 'connection-reference-missing'];
    writeTree(dir, prefixed('solution/', solutionFiles({ flows: { Main: leakyFlow(undefined, `flowlint-disable ${accepted.join(', ')} -- reviewed in SR-42`) } })));
    const run = flowlint(dir, 'solution', '-f', 'json');
    expect(errorRules(report(run).findings)).toEqual([]);
    expect(run.code).toBe(0);
  });

  it('a configured exception without rules, or with a blank reason, is a configuration error (exit 2)', () => {
    for (const exception of [
      { rules: [], reason: 'accepted' },
      { rules: ['*'], reason: '  ' },
    ]) {
      const dir = scratch(`exception-${exception.rules.length}`);
      writeTree(dir, { ...prefixed('solution/', solutionFiles({ flows: { Main: leakyFlow() } })), 'flowlint.config.json': JSON.stringify({ exceptions: [exception] }) });
      const run = flowlint(dir, 'solution');
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/exceptions\[0\]\.(rules|reason)/);
    }
  });
});

describe('zips that are not what they seem, named as pre-commit names them', () => {
  let zip: Buffer;
  beforeAll(async () => {
    zip = await buildZip(solutionFiles({ flows: { Main: leakyFlow() } }));
  });

  it('a solution zip behind junk bytes is read as unzip reads it: its findings, exit 1', () => {
    const dir = scratch('zip-prefix');
    writeTree(dir, { 'Contoso_1_0_0_1_managed.zip': Buffer.concat([Buffer.from('JUNKJUNK'), zip]) });
    const run = flowlint(dir, 'Contoso_1_0_0_1_managed.zip', '-f', 'json');
    const { findings, errors } = report(run);
    expect(errors).toEqual([]);
    expect(errorRules(findings)).toEqual(expect.arrayContaining(SECRET_RULES));
    expect(findings.every((f) => f.file === 'Contoso_1_0_0_1_managed.zip')).toBe(true);
    expect(run.code).toBe(1);
  });

  it('a Git LFS pointer named _managed.zip: an input error that says so and how to fetch it, exit 2', () => {
    const dir = scratch('zip-lfs');
    const pointer = 'version https://git-lfs.github.com/spec/v1\noid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\nsize 48213\n';
    writeTree(dir, { 'Contoso_1_0_0_1_managed.zip': pointer });
    const run = flowlint(dir, 'Contoso_1_0_0_1_managed.zip');
    expect(run.code).toBe(2);
    // Input errors are said on stderr; stdout carries the report.
    expect(run.stderr).toContain('Contoso_1_0_0_1_managed.zip: is a Git LFS pointer');
    expect(run.stderr).toContain('git lfs pull');
  });

  it('random bytes named .zip: an input error, exit 2', () => {
    const dir = scratch('zip-random');
    const bytes = Buffer.alloc(3000);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7919 + 13) % 251;
    writeTree(dir, { 'export.zip': bytes });
    const run = flowlint(dir, 'export.zip', '-f', 'json');
    expect(run.code).toBe(2);
    expect(report(run).errors).toEqual([expect.objectContaining({ file: 'export.zip', message: expect.stringMatching(/not a valid zip archive/) })]);
  });
});

describe('paths that hold no export', () => {
  const cases: [string, Record<string, string>][] = [
    ['an empty folder', {}],
    ['a folder without any export', { 'package.json': JSON.stringify({ name: 'x' }), 'docs/notes.xml': '<notes/>' }],
  ];
  for (const [name, files] of cases) {
    it(`${name}: exit 2 naming the path; exit 0 with --allow-no-exports`, () => {
      const dir = scratch(`none-${name.replace(/\W+/g, '-')}`);
      mkdirSync(join(dir, 'drop'), { recursive: true });
      writeTree(join(dir, 'drop'), files);
      const run = flowlint(dir, 'drop', '-f', 'json');
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/^flowlint: error: drop: no Power Platform export found here\b.*--allow-no-exports/m);
      expect(report(run).errors).toEqual([expect.objectContaining({ file: 'drop', message: expect.stringContaining('no Power Platform export found') })]);

      const allowed = flowlint(dir, 'drop', '--allow-no-exports');
      expect(allowed.code).toBe(0);
      expect(allowed.stderr).toBe('');
    });
  }

  it('a folder with an export beside unrelated files passes as before', () => {
    const dir = scratch('some');
    writeTree(dir, { 'package.json': '{}', ...prefixed('flows/', { 'clean.json': jsonText(flow({ Compose: compose('x') })) }) });
    expect(flowlint(dir, '.').code).toBe(0);
  });
});

describe('an expression nested past the parser limit', () => {
  it('still carries the secret it copies: the copy and the e-mail are reported, exit 1', () => {
    let deep = "body('Get_secret')?['value']";
    for (let i = 0; i < 255; i++) deep = `string(${deep})`;
    const dir = scratch('deep');
    writeTree(dir, prefixed('solution/', solutionFiles({ flows: { Main: leakyFlow(`@${deep}`) } })));
    const run = flowlint(dir, 'solution', '-f', 'json');
    const { findings } = report(run);
    expect(findings.some((f) => f.ruleId === 'not-analysed' && f.message.includes('nested too deeply'))).toBe(true);
    expect(errorRules(findings)).toEqual(expect.arrayContaining(SECRET_RULES));
    expect(run.code).toBe(1);
  });
});

function prefixed(prefix: string, files: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(files).map(([path, text]) => [`${prefix}${path}`, text]));
}
