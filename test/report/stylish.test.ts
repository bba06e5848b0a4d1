import { describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/engine/types.js';
import { stylishReporter } from '../../src/report/index.js';
import { escapeForTerminal, STYLISH_COLUMNS, wrapText } from '../../src/report/stylish.js';
import { CONTEXT, EMPTY_RESULT, FINDINGS, RESULT } from './fixtures.js';

// eslint-disable-next-line no-control-regex -- looking for escape sequences
const ANSI = /\u001b\[/;

describe('stylish reporter', () => {
  it('prints no ANSI escapes without colour', () => {
    expect(stylishReporter(RESULT, CONTEXT)).not.toMatch(ANSI);
    expect(stylishReporter(EMPTY_RESULT, CONTEXT)).not.toMatch(ANSI);
  });

  it('colours only when asked', () => {
    expect(stylishReporter(RESULT, { ...CONTEXT, color: true })).toMatch(ANSI);
  });

  it('groups by file, names archive members with !, errors first, and shows the designer path below', () => {
    const text = stylishReporter(RESULT, CONTEXT);
    const lines = text.split('\n');
    expect(lines).toContain('flows/My Flows/Payroll #2.json');
    const zipGroup = lines.indexOf('dist/Contoso Payroll_1_0_0_1.zip!Workflows/PayrollSync-5F3E2A10-0C4B-4B7E-9D55-2B0E8B1B7A11.json');
    expect(zipGroup).toBeGreaterThan(0);
    // The error at line 75 comes before the warning at line 40.
    expect(lines[zipGroup + 1]).toMatch(/^ {2}75:17 {2}error {4}Action 'Post_message' .* {2}no-secret-in-logs$/);
    const pathLine = lines.indexOf(`${' '.repeat(18)}Payroll sync/Try/Post_message`);
    expect(pathLine).toBeGreaterThan(zipGroup + 1);
    expect(lines[pathLine + 1]).toMatch(/^ {3}40:9 {2}warning {2}Action 'Get_secret' .* {2}secure-outputs$/);
    // Files with an error come before a file with only a note.
    expect(lines.indexOf('solution/Other/environmentvariabledefinitions/cr_ApiKey/environmentvariabledefinition.xml')).toBeGreaterThan(zipGroup);
  });

  it('aligns the columns of a group', () => {
    const text = stylishReporter(RESULT, CONTEXT);
    const rows = text.split('\n').filter((line) => /(secure-outputs|no-secret-in-logs)$/.test(line));
    expect(rows).toHaveLength(2);
    expect(rows[0].indexOf('Action')).toBe(rows[1].indexOf('Action'));
    expect(rows[0].indexOf('no-secret-in-logs')).toBe(rows[1].indexOf('secure-outputs'));
  });

  it('wraps long messages so every line fits 120 columns, keeping every word', () => {
    const long = `${'Action x reads a secret and sends it somewhere it should not go; '.repeat(6)}Unbreakable${'y'.repeat(150)}`;
    const findings = RESULT.findings.map((finding) => ({ ...finding, message: long }));
    const text = stylishReporter({ ...RESULT, findings }, CONTEXT);
    const rows = text.split('\n').filter((line) => line.startsWith('  '));
    for (const line of rows) expect(Array.from(line).length).toBeLessThanOrEqual(STYLISH_COLUMNS);
    // The unbreakable word is cut across lines, not lost.
    expect(text.replace(/\s+/g, '')).toContain(`Unbreakable${'y'.repeat(150)}`);
    expect(text.split('Unbreakable')).toHaveLength(findings.filter((finding) => finding.suppressions.length === 0).length + 1);
  });

  it('wrapText cuts at spaces, and a word longer than the width across lines', () => {
    expect(wrapText('a bb ccc dddd', 6)).toEqual(['a bb', 'ccc', 'dddd']);
    expect(wrapText('abcdefgh ij', 3)).toEqual(['abc', 'def', 'gh', 'ij']);
    expect(wrapText('', 10)).toEqual(['']);
  });

  it('summarises, counts suppressed findings and lists the errors after', () => {
    const text = stylishReporter(RESULT, CONTEXT);
    expect(text).toContain('\u2716 4 problems (2 errors, 1 warning, 1 note)\n');
    expect(text).toContain('1 suppressed finding not shown.\n');
    expect(text).not.toContain('manual');
    expect(text).toMatch(
      /2 inputs could not be fully linted:\n {2}dist\/Broken Export\.zip!Workflows\/Bad-1\.json: Invalid JSON: .*\n {2}flows\/approval\.json: Internal error in rule trigger-auth: TypeError: .*\n( {4}.*\n)*$/,
    );
    expect(text).not.toContain('/home/runner');
    expect(text.indexOf('\u2716')).toBeLessThan(text.indexOf('could not be fully linted'));
  });

  it('prints a short stable line when there is nothing to report', () => {
    expect(stylishReporter(EMPTY_RESULT, CONTEXT)).toBe('\u2714 No problems found.\n');
  });

  it('prints only the errors when no finding was made', () => {
    const result: RunResult = { ...RESULT, findings: [] };
    expect(stylishReporter(result, CONTEXT)).toMatch(/^2 inputs could not be fully linted:\n/);
  });

  it('shows - for a finding without a region', () => {
    const text = stylishReporter(RESULT, CONTEXT);
    expect(text).toMatch(/\n {2}- {2}note {2}Environment variable 'cr_ApiKey'/);
  });

  it('escapes control and bidi characters taken from the linted files', () => {
    const hostile = {
      ...FINDINGS[0],
      message: "Action '\u001b[2JEvil\u202e' has a\nsecond line.",
      location: { ...FINDINGS[0].location, fullyQualifiedName: 'Flow/\u0007Bell' },
    };
    const text = stylishReporter({ ...EMPTY_RESULT, findings: [hostile] }, CONTEXT);
    expect(text).not.toMatch(ANSI);
    expect(text).not.toContain('\u0007');
    expect(text).not.toContain('\u202e');
    expect(text).toContain("Action '\\u001b[2JEvil\\u202e' has a\\u000asecond line.");
    expect(text).toContain('Flow/\\u0007Bell');
    expect(escapeForTerminal('plain ünïcode ✓')).toBe('plain ünïcode ✓');
  });
});
