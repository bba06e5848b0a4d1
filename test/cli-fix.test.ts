/**
 * `--fix` and `--fix-dry-run` end to end: on formatted flow files (the bundled example's 2-space LF
 * files, and a 4-space CRLF file with a byte-order mark), `--fix` adds only the
 * `runtimeConfiguration` blocks — every other byte stays as it was — and a second run has nothing
 * left to fix. The dry run prints a redacted preview (not an applicable patch). Zips are not touched.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { beforeEach, describe, expect, it } from 'vitest';
import { repoRoot, runFlowlint } from './helpers/cli.js';
import { flow, http, kvGetSecret, scope, solutionFiles, type Json } from './helpers/builders.js';

interface Report {
  findings: { ruleId: string; file: string; entry?: string }[];
}

const FIXABLE = ['secure-outputs-missing', 'secure-inputs-missing'];

/**
 * Every `runtimeConfiguration` member the fix may add, with the comma before it: from `,` to the
 * closing brace at the member's own indentation.
 */
const ADDED_BLOCK = /,(\r?\n)([ \t]*)"runtimeConfiguration": \{(?:(?!\1\2\})[\s\S])*\1\2\}/g;

/**
 * `now` with the `runtimeConfiguration` blocks that are not in `old` taken out (blocks the file
 * already had stay), and the blocks taken out.
 */
function withoutAddedBlocks(old: string, now: string): { text: string; added: string[] } {
  const added: string[] = [];
  let text = '';
  let at = 0;
  let removed = 0;
  for (const match of now.matchAll(ADDED_BLOCK)) {
    if (old.startsWith(match[0], match.index - removed)) continue;
    text += now.slice(at, match.index);
    at = match.index + match[0].length;
    removed += match[0].length;
    added.push(match[0]);
  }
  return { text: text + now.slice(at), added };
}

function workflowFiles(dir: string): string[] {
  const folder = join(dir, 'Workflows');
  return readdirSync(folder)
    .filter((name) => name.endsWith('.json'))
    .map((name) => join(folder, name));
}

function snapshot(files: readonly string[]): Map<string, Buffer> {
  return new Map(files.map((file) => [file, readFileSync(file)]));
}

function fixableIn(report: Report): string[] {
  return report.findings.filter((finding) => FIXABLE.includes(finding.ruleId)).map((finding) => `${finding.ruleId} ${finding.file}${finding.entry ? `!${finding.entry}` : ''}`);
}

/** A flow file as some editors save it: 4 spaces, CRLF, a UTF-8 byte-order mark. */
function crlfFlow(): string {
  const definition = flow({
    Get_secret: kvGetSecret('api-key', { secureInputs: false, secureOutputs: false }),
    Try: scope(
      {
        Call_api: http({ headers: { 'x-api-key': "@body('Get_secret')?['value']" } }, { runAfter: {} }),
      },
      { runAfter: { Get_secret: ['Succeeded'] } },
    ),
  });
  return `\ufeff${JSON.stringify(definition, null, 4).replace(/\n/g, '\r\n')}\r\n`;
}

describe('--fix on formatted flow files', () => {
  let dir: string;
  let solution: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'flowlint-fix-'));
    solution = join(dir, 'ContosoPartnerSync');
    cpSync(join(repoRoot, 'fixtures/example/ContosoPartnerSync'), solution, { recursive: true });
    writeFileSync(join(solution, 'Workflows', 'CrlfFlow-0000AAAA-1111-2222-3333-0000000000C1.json'), crlfFlow());
    execFileSync('git', ['init', '-q'], { cwd: dir });
  });

  it('adds only runtimeConfiguration, keeps every other byte, and a second run has nothing to fix', async () => {
    const files = workflowFiles(solution);
    const before = snapshot(files);
    const first = await runFlowlint(['ContosoPartnerSync', '-f', 'json', '--fail-on', 'none'], dir);
    const fixable = fixableIn(JSON.parse(first.stdout) as Report);
    expect(fixable.length).toBeGreaterThanOrEqual(4);
    expect(fixable.some((key) => key.includes('CrlfFlow'))).toBe(true);

    const fixed = await runFlowlint(['ContosoPartnerSync', '--fix', '-f', 'json', '--fail-on', 'none'], dir);
    expect(fixed.code).toBe(0);
    expect(fixed.stderr).toMatch(new RegExp(`^flowlint: fixed ${fixable.length} findings in 3 files \\(Secure Inputs/Outputs turned on\\)\\.$`, 'm'));
    // The report of the --fix run no longer lists what was fixed.
    expect(fixableIn(JSON.parse(fixed.stdout) as Report)).toEqual([]);

    let blocks = 0;
    for (const file of files) {
      const old = before.get(file)!.toString('utf8');
      const now = readFileSync(file, 'utf8');
      const { text, added } = withoutAddedBlocks(old, now);
      blocks += added.length;
      // Every other byte unchanged: the file minus the added blocks is the original, BOM and all.
      expect(text, file).toBe(old);
      for (const block of added) {
        const eol = old.includes('\r\n') ? '\r\n' : '\n';
        expect(block.split(eol).join('').includes('\n'), `${file}: line endings of the file`).toBe(false);
        const value = JSON.parse(`{${block.slice(1)}}`) as unknown;
        expect(value).toMatchObject({ runtimeConfiguration: { secureData: { properties: expect.any(Array) as unknown } } });
      }
    }
    expect(blocks).toBeGreaterThanOrEqual(3);
    const crlf = readFileSync(join(solution, 'Workflows', 'CrlfFlow-0000AAAA-1111-2222-3333-0000000000C1.json'), 'utf8');
    const pad = (n: number) => ' '.repeat(n);
    expect(crlf).toContain(`\r\n${pad(20)}"runtimeConfiguration": {\r\n${pad(24)}"secureData": {\r\n${pad(28)}"properties": [\r\n${pad(32)}"outputs"\r\n`);

    const afterFix = snapshot(files);
    const second = await runFlowlint(['ContosoPartnerSync', '--fix', '-f', 'json', '--fail-on', 'none'], dir);
    expect(second.stderr).toContain('flowlint: nothing to fix.');
    expect(fixableIn(JSON.parse(second.stdout) as Report)).toEqual([]);
    for (const file of files) expect(readFileSync(file).equals(afterFix.get(file)!), file).toBe(true);
  });

  it('--fix-dry-run prints a redacted preview of what --fix writes, and changes nothing', async () => {
    const files = workflowFiles(solution);
    const before = snapshot(files);
    const dry = await runFlowlint(['ContosoPartnerSync', '--fix-dry-run', '-f', `sarif:${join(dir, 'out.sarif')}`], dir);
    expect(dry.code).toBe(1);
    expect(dry.stdout).toMatch(/^--- a\/ContosoPartnerSync\/Workflows\/.*\.json\n\+\+\+ b\/ContosoPartnerSync\/Workflows\//);
    expect(dry.stdout).toMatch(/^\+ {10}"runtimeConfiguration": \{$/m);
    expect(dry.stderr).toMatch(/would fix \d+ findings in 3 files .*nothing was written/);
    for (const file of files) expect(readFileSync(file).equals(before.get(file)!), file).toBe(true);

    // A preview, not a patch: every string value on a shown line is redacted.
    for (const line of dry.stdout.split('\n').filter((l) => /^[ +-](?![-+]{2} [ab]\/)/.test(l))) {
      for (const match of line.matchAll(/"((?:[^"\\]|\\.)*)"(\s*:)?/g)) if (!match[2]) expect(match[1], line).toMatch(/^.{0,3}\*\*\*$/u);
    }
    await runFlowlint(['ContosoPartnerSync', '--fix'], dir);
    for (const file of files) expect(readFileSync(file).equals(before.get(file)!), file).toBe(false);
  });

  it('--fix and --fix-dry-run together are a usage error', async () => {
    const result = await runFlowlint(['ContosoPartnerSync', '--fix', '--fix-dry-run'], dir);
    expect(result.code).toBe(2);
  });
});

describe('--fix never rewrites a zip', () => {
  it('says so, and leaves the zip as it was', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'flowlint-fix-zip-'));
    const zip = new JSZip();
    const files = solutionFiles({ flows: { Sync: flow({ Get_secret: kvGetSecret('k', { secureInputs: false, secureOutputs: false }) }) as Json } });
    for (const [path, text] of Object.entries(files)) zip.file(path, text);
    mkdirSync(join(dir, 'dist'));
    const path = join(dir, 'dist', 'ContosoFlows_1_0_0_1.zip');
    writeFileSync(path, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
    const before = readFileSync(path);
    const result = await runFlowlint(['dist', '--fix'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/not fixed: 1 finding inside solution zips \(dist\/ContosoFlows_1_0_0_1\.zip\): flowlint never rewrites a zip/);
    expect(result.stdout).toContain('secure-outputs-missing');
    expect(readFileSync(path).equals(before)).toBe(true);
  });
});
