import { describe, expect, it } from 'vitest';
import { buildJsonReport, jsonReporter } from '../../src/report/index.js';
import { CONTEXT, EMPTY_RESULT, RESULT } from './fixtures.js';
import { validateJsonReport } from './helpers.js';
import { ALL_RESULT } from './fixtures-all-rules.js';

describe('json reporter', () => {
  it.each([
    ['a run with findings and errors', RESULT],
    ['an empty run', EMPTY_RESULT],
    ['a run with a table of vaults by environment', ALL_RESULT],
  ])('validates against schemas/flowlint-report.schema.json (%s)', (_name, result) => {
    expect(validateJsonReport(JSON.parse(jsonReporter(result, CONTEXT)))).toEqual([]);
  });

  it('carries the vaults by environment as the run gave them', () => {
    expect(buildJsonReport(ALL_RESULT, CONTEXT).vaults).toEqual(ALL_RESULT.vaults);
    expect(buildJsonReport(RESULT, CONTEXT)).not.toHaveProperty('vaults');
  });

  it('rejects what the schema forbids', () => {
    const report = buildJsonReport(RESULT, CONTEXT);
    expect(validateJsonReport({ ...report, findings: [{ ...report.findings[0], level: 'fatal' }] })).not.toEqual([]);
    expect(validateJsonReport({ ...report, findings: [{ ...report.findings[0], extra: 1 }] })).not.toEqual([]);
    const { fingerprint: _dropped, ...noFingerprint } = report.findings[0];
    expect(validateJsonReport({ ...report, findings: [noFingerprint] })).not.toEqual([]);
  });

  it('follows the documented shape', () => {
    const report = buildJsonReport(RESULT, CONTEXT);
    expect(Object.keys(report)).toEqual(['version', 'tool', 'findings', 'errors', 'stats']);
    expect(report.tool).toEqual({ name: 'flowlint', version: '0.1.0', informationUri: 'https://example.com/flowlint' });
    expect(report.findings).toHaveLength(RESULT.findings.length);
    expect(report.findings[0]).toEqual({
      ruleId: 'no-plain-secret',
      level: 'error',
      message: "The header 'x-api-key' of action 'Call_API' holds the literal 'sk_***': read it from Azure Key Vault.",
      file: 'flows/My Flows/Payroll #2.json',
      line: 14,
      column: 25,
      endLine: 14,
      endColumn: 43,
      flow: 'Payroll export',
      path: 'Payroll export/Call_API',
      name: 'Call_API',
      jsonPointer: '/properties/definition/actions/Call_API/inputs/headers/x-api-key',
      snippet: '"x-api-key": "sk_***"',
      fingerprint: 'no-plain-secret:3a1c5e0f8b7d6a42',
    });
    expect(report.findings[1]).toMatchObject({ entry: expect.stringMatching(/^Workflows\//), line: 40, solution: 'ContosoPayroll' });
    expect(report.findings[2].dataFlow).toHaveLength(3);
    expect(report.findings[2].related?.[0]).toMatchObject({ entry: 'customizations.xml', name: 'cr_teams' });
    expect(report.findings[3].suppressions?.[0].kind).toBe('inSource');
    expect(report.findings[4]).not.toHaveProperty('line');
    expect(report.findings[4].snippet).toBe('');
    expect(report.errors).toEqual([
      {
        file: 'dist/Broken Export.zip',
        entry: 'Workflows/Bad-1.json',
        message: 'Invalid JSON: unexpected end of input at line 3, column 1.',
        kind: 'input',
      },
      {
        file: 'flows/approval.json',
        message: "TypeError: Cannot read properties of undefined (reading 'type')",
        kind: 'internal',
        ruleId: 'trigger-auth',
      },
    ]);
    expect(report.stats).toEqual(RESULT.stats);
  });

  it('never prints a stack trace', () => {
    expect(jsonReporter(RESULT, CONTEXT)).not.toContain('/home/runner');
  });
});
