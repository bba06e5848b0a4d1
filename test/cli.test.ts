/**
 * Scenario tests of the command line: exit codes, formats, output files, input errors that name
 * file, entry and reason while the rest of the run goes on, and positions of findings.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { corpusRoot, repoRoot, runFlowlint } from './helpers/cli.js';
import { flow, jsonText, kvGetSecret, solutionFiles } from './helpers/builders.js';
import { validateJsonReport, validateSarif } from './report/helpers.js';

interface JsonFindingShape {
  ruleId: string;
  level: string;
  file: string;
  entry?: string;
  line?: number;
  column?: number;
  jsonPointer: string;
  message: string;
}
interface JsonReportShape {
  findings: JsonFindingShape[];
  errors: { file: string; entry?: string; message: string }[];
  stats: { flows: number; actions: number };
}

const run = promisify(execFile);
const bin = join(repoRoot, 'dist/flowlint.mjs');

describe('flowlint on the bundled example', () => {
  it('reports findings of several rules and exits 1', async () => {
    const result = await runFlowlint(['fixtures/example'], repoRoot);
    expect(result.code).toBe(1);
    for (const id of [
      'secure-outputs-missing',
      'secure-inputs-missing',
      'secret-copied',
      'secret-exposed',
      'secret-version-pinned',
      'secret-in-loop',
      'connection-reference-missing',
    ]) {
      expect(result.stdout).toContain(id);
    }
    expect(result.stdout).toContain('fixtures/example/ContosoPartnerSync/Workflows/SyncPartnerOrders-2F0C1A3E-5B6D-4E7F-8A9B-0C1D2E3F4A5B.json');
    expect(result.stderr).toBe('');
  });

  it('writes SARIF and JSON that validate, and --fail-on none exits 0', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'flowlint-cli-'));
    const result = await runFlowlint(['fixtures/example', '-f', `sarif:${dir}/out.sarif`, '-f', `json:${dir}/out.json`, '--fail-on', 'none'], repoRoot);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
    const sarif = JSON.parse(readFileSync(`${dir}/out.sarif`, 'utf8')) as { runs: { results: unknown[] }[] };
    expect(validateSarif(sarif)).toEqual([]);
    expect(sarif.runs[0].results.length).toBeGreaterThan(5);
    expect(validateJsonReport(JSON.parse(readFileSync(`${dir}/out.json`, 'utf8')))).toEqual([]);
  });

  it('points each finding at the offending JSON member', async () => {
    const result = await runFlowlint(['fixtures/example', '-f', 'json'], repoRoot);
    const report = JSON.parse(result.stdout) as JsonReportShape;
    const inJson = report.findings.filter((f) => f.file.endsWith('.json') && !f.entry);
    expect(inJson.length).toBeGreaterThan(5);
    for (const finding of inJson) {
      const lines = readFileSync(join(repoRoot, finding.file), 'utf8').split('\n');
      const key = finding.jsonPointer.split('/').pop()!.replace(/~1/g, '/').replace(/~0/g, '~');
      const at = lines[finding.line! - 1].slice(finding.column! - 1);
      // An object member starts with its quoted key; an array element with its value.
      if (/^\d+$/.test(key)) expect(at).toMatch(/^["{[\d tfn-]/);
      else expect(at.startsWith(JSON.stringify(key)), `${finding.ruleId} at ${finding.line}:${finding.column} is "${at.slice(0, 40)}"`).toBe(true);
    }
  });

  it('--quiet keeps errors only; --rule turns a rule off', async () => {
    const quiet = await runFlowlint(['fixtures/example', '--quiet', '-f', 'json'], repoRoot);
    expect((JSON.parse(quiet.stdout) as JsonReportShape).findings.every((f) => f.level === 'error')).toBe(true);
    const off = await runFlowlint(['fixtures/example', '--rule', 'secret-copied=off', '-f', 'json'], repoRoot);
    expect((JSON.parse(off.stdout) as JsonReportShape).findings.some((f) => f.ruleId === 'secret-copied')).toBe(false);
  });
});

describe('files that are not exports', () => {
  // A folder with nothing but such files holds no export: that run fails (exit 2) unless
  // --allow-no-exports says it is expected (test/attacks/silent-pass.test.ts).
  it('are skipped without findings when met alone (package-lock.json hashes are not storage keys)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'flowlint-skip-'));
    // A real-looking integrity hash: 64 random-looking bytes, 88 base64 characters, as a storage key.
    const digest = createHash('sha512').update('flowlint').digest('base64');
    writeFileSync(join(dir, 'package-lock.json'), JSON.stringify({ packages: { 'node_modules/x': { integrity: `sha512-${digest}`, shasum: digest } } }, null, 2));
    const result = await runFlowlint(['.', '--verbose', '--allow-no-exports', '-f', 'json'], dir);
    expect(result.code).toBe(0);
    expect((JSON.parse(result.stdout) as JsonReportShape).findings).toEqual([]);
    expect(result.stderr).toMatch(/1 files skipped/);
  });
});

describe('usage errors exit 2 with a message and no stack trace', () => {
  for (const args of [
    ['--no-such-option'],
    ['-f', 'yaml'],
    ['--rule', 'secret-copied=loud'],
    ['--rule', 'no-such-rule=off'],
    ['-f', 'json', '-f', 'sarif'],
    ['explain', 'no-such-rule'],
    ['--fail-on', 'sometimes'],
    ['--jobs', '0'],
    ['--jobs', 'many'],
  ]) {
    it(args.join(' '), async () => {
      const result = await runFlowlint([...args, 'fixtures/example'], repoRoot);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/\S/);
      expect(result.stderr).not.toMatch(/\n\s+at /);
    });
  }

  it('--help and --version exit 0', async () => {
    expect((await runFlowlint(['--help'], repoRoot)).code).toBe(0);
    const version = await runFlowlint(['--version'], repoRoot);
    expect(version.code).toBe(0);
    expect(version.stdout).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('rules and explain', async () => {
    const rules = await runFlowlint(['rules'], repoRoot);
    expect(rules.code).toBe(0);
    expect(rules.stdout).toContain('secure-outputs-missing');
    const explain = await runFlowlint(['explain', 'secret-copied'], repoRoot);
    expect(explain.code).toBe(0);
    expect(explain.stdout).toContain('## How to fix');
  });
});

describe('bad inputs: named, reported, and the rest of the run goes on', () => {
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'flowlint-bad-'));
    const good = jsonText(flow({ Get_secret: kvGetSecret('k', { secureInputs: false, secureOutputs: false }) }));
    // A solution zip with one truncated flow beside a good one.
    const zip = new JSZip();
    for (const [path, text] of Object.entries(solutionFiles({ flows: { Good: flow({ Get_secret: kvGetSecret('k', { secureInputs: false, secureOutputs: false }) }) } })))
      zip.file(path, text);
    zip.file('Workflows/Broken-0000AAAA-1111-2222-3333-0000000000EE.json', good.slice(0, good.length / 2));
    writeFileSync(join(dir, 'truncated.zip'), await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
    // Not a zip at all, but named like one and starting like one.
    writeFileSync(join(dir, 'corrupt.zip'), Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(200, 7)]));
    // An entry over the size cap (the cap is lowered on the command line).
    const big = new JSZip();
    big.file('Workflows/Big-0000AAAA-1111-2222-3333-0000000000DD.json', `{"pad":"${'x'.repeat(3 * 1024 * 1024)}"}`);
    big.file('Other/Solution.xml', solutionFiles()['Other/Solution.xml']);
    writeFileSync(join(dir, 'big.zip'), await big.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
    // An unpacked solution whose manifest tries an entity-expansion attack.
    const hostile = join(dir, 'hostile', 'Other');
    mkdirSync(hostile, { recursive: true });
    writeFileSync(
      join(hostile, 'Solution.xml'),
      '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><ImportExportXml><SolutionManifest><UniqueName>&lol2;</UniqueName></SolutionManifest></ImportExportXml>',
    );
    writeFileSync(join(dir, 'hostile', 'Other', 'Customizations.xml'), solutionFiles()['Other/Customizations.xml']);
  });

  it('reports each bad input with file, entry and reason, still lints the good flow, and exits 2', async () => {
    const result = await runFlowlint(['.', '-f', 'json', '--max-entry-bytes', String(1024 * 1024)], dir);
    expect(result.code).toBe(2);
    const report = JSON.parse(result.stdout) as JsonReportShape;
    const errors = report.errors.map((e) => `${e.file}${e.entry ? `!${e.entry}` : ''}: ${e.message}`);
    expect(errors.find((e) => e.startsWith('truncated.zip!Workflows/Broken-'))).toMatch(/invalid JSON/);
    expect(errors.find((e) => e.startsWith('corrupt.zip'))).toMatch(/zip/i);
    expect(errors.find((e) => e.startsWith('big.zip!Workflows/Big-'))).toMatch(/size|limit|large|exceed/i);
    expect(errors.find((e) => e.startsWith('hostile/Other/Solution.xml'))).toMatch(/entit/i);
    expect(report.findings.some((f) => f.ruleId === 'secure-outputs-missing' && f.entry?.startsWith('Workflows/Good-'))).toBe(true);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('the input errors go to stderr; the stylish report counts them after the findings', async () => {
    const result = await runFlowlint(['.', '--max-entry-bytes', String(1024 * 1024)], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^flowlint: error: corrupt\.zip: /m);
    expect(result.stdout).not.toMatch(/corrupt\.zip/);
    expect(result.stdout).toMatch(/secure-outputs-missing/);
    expect(result.stdout).toMatch(/4 inputs could not be fully linted \(listed on stderr\)\.\n$/);
  });

  it('a path that does not exist is an input error', async () => {
    const result = await runFlowlint(['no/such/file.zip'], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/no\/such\/file\.zip/);
  });
});

describe.skipIf(!existsSync(corpusRoot))('the shared corpus', () => {
  it('loads every file without an input error, and its SARIF validates', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'flowlint-corpus-'));
    const result = await runFlowlint([corpusRoot, '-f', `sarif:${dir}/corpus.sarif`, '-f', `json:${dir}/corpus.json`], repoRoot);
    const report = JSON.parse(readFileSync(`${dir}/corpus.json`, 'utf8')) as JsonReportShape;
    expect(report.errors).toEqual([]);
    expect(result.code).toBe(1);
    expect(report.stats.flows).toBe(668);
    const sarif = JSON.parse(readFileSync(`${dir}/corpus.sarif`, 'utf8')) as object;
    expect(validateSarif(sarif)).toEqual([]);
    expect(validateJsonReport(report)).toEqual([]);
  });
});

describe('the flowlint binary', () => {
  it('pipes a large SARIF report whole and sets the exit code', async () => {
    const target = existsSync(corpusRoot) ? corpusRoot : 'fixtures/example';
    const child: { code?: number; stdout: string } = await run(process.execPath, [bin, target, '-f', 'sarif'], { cwd: repoRoot, maxBuffer: 512 * 1024 * 1024 }).catch(
      (error: { code: number; stdout: string }) => error,
    );
    expect(child.code ?? 0).toBe(1);
    const log = JSON.parse(child.stdout) as { runs: { results: unknown[] }[] };
    expect(log.runs[0].results.length).toBeGreaterThan(0);
  });
});
