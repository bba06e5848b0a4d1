/**
 * CI log injection (issue 12): names taken from inputs — a file called `##vso[task.setvariable …]`,
 * an action called `::add-mask::…`, a name with a line break — must never reach a line of output
 * where Azure Pipelines (`##vso[` anywhere in a line) or GitHub Actions (a line starting with
 * `::`) would read them as a logging command. Every format, stdout and stderr, through the CLI.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runFlowlint } from '../helpers/cli.js';
import { flow, http, jsonText } from '../helpers/builders.js';
import { reporters } from '../../src/report/index.js';

const dir = mkdtempSync(join(tmpdir(), 'flowlint-log-injection-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const hostileFlow = jsonText(
  flow({
    '::add-mask::x': http({ method: 'GET', uri: 'https://example.com', authentication: { type: 'Basic', username: 'svc', password: 'Qm7vT2pXw9LkZr4N' } }),
    'a\n::warning file=x::injected ##VSO[task.complete result=Succeeded]': http({ method: 'GET', uri: 'https://example.com', headers: { 'x-api-key': 'Zq8vLmN3pX7rT2wKyH5s' } }),
  }),
);
mkdirSync(join(dir, 'flows'));
writeFileSync(join(dir, 'flows', '##vso[task.setvariable variable=FLOWLINT;]owned.json'), hostileFlow);
writeFileSync(join(dir, 'flows', '::error::line\n::set-output name=x::y.json'), hostileFlow);
// An unreadable input, so stderr carries a diagnostic that names a hostile file.
writeFileSync(join(dir, 'flows', '##vso[task.uploadfile]broken.json'), '{"definition": {');

/** Lines a runner would take for a command (GitHub's own `github` format aside). */
function commandLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/).filter((line) => /##vso\[/i.test(line) || /^\s*::/.test(line));
}

describe('no output line reads as a CI logging command', () => {
  it.each(Object.keys(reporters).filter((format) => format !== 'github'))('%s on stdout, and stderr', async (format) => {
    const run = await runFlowlint(['flows', '-f', format, '--verbose'], dir);
    expect(run.code).toBe(2);
    // The hostile names are really in the output (escaped), so the check is not vacuous.
    expect(run.stdout).toContain('owned.json');
    expect(commandLines(run.stdout)).toEqual([]);
    expect(commandLines(run.stderr)).toEqual([]);
  });

  it('github (read by GitHub only): every line is one of its own well-formed commands, the data escaped', async () => {
    const run = await runFlowlint(['flows', '-f', 'github'], dir);
    expect(run.code).toBe(2);
    const lines = run.stdout.split('\n').filter((line) => line !== '');
    expect(lines.length).toBeGreaterThan(2);
    for (const line of lines) {
      // Its commands, or its own summary line.
      expect(line).toMatch(/^(::(error|warning|notice)( [a-zA-Z]+=[^,:]*(,[a-zA-Z]+=[^,:]*)*)?::|flowlint: \d+ problems?)/);
    }
    expect(commandLines(run.stderr)).toEqual([]);
  });
});
