import type { Log, Result } from 'sarif';
import { describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/engine/types.js';
import { buildSarifLog, sarifReporter } from '../../src/report/index.js';
import { formatSecuritySeverity } from '../../src/report/sarif.js';
import { CONTEXT, EMPTY_RESULT, FINDINGS, RESULT, RULES } from './fixtures.js';
import { validateSarif } from './helpers.js';

const ENTRY = 'Workflows/PayrollSync-5F3E2A10-0C4B-4B7E-9D55-2B0E8B1B7A11.json';
const github = buildSarifLog(RESULT, CONTEXT);
const azure = buildSarifLog(RESULT, { ...CONTEXT, sarifProfile: 'azure-devops' });

function results(log: Log): Result[] {
  return log.runs[0].results ?? [];
}

function byRule(log: Log, ruleId: string): Result {
  const found = results(log).find((result) => result.ruleId === ruleId);
  if (found === undefined) throw new Error(`no result for ${ruleId}`);
  return found;
}

describe('sarif reporter', () => {
  it.each([
    ['github', RESULT, CONTEXT],
    ['azure-devops', RESULT, { ...CONTEXT, sarifProfile: 'azure-devops' as const }],
    ['empty run', EMPTY_RESULT, CONTEXT],
  ])('validates against the SARIF 2.1.0 schema (%s)', (_name, result, context) => {
    const text = sarifReporter(result, context);
    expect(validateSarif(JSON.parse(text))).toEqual([]);
  });

  it('writes pretty JSON with a final newline and no BOM', () => {
    const text = sarifReporter(RESULT, CONTEXT);
    expect(text.charCodeAt(0)).not.toBe(0xfeff);
    expect(text.endsWith('}\n')).toBe(true);
    expect(text).toBe(`${JSON.stringify(github, null, 2)}\n`);
  });

  it('describes the tool and every rule', () => {
    const { driver } = github.runs[0].tool;
    expect(driver).toMatchObject({
      name: 'flowlint',
      version: '0.1.0',
      semanticVersion: '0.1.0',
      informationUri: 'https://example.com/flowlint',
    });
    expect(driver.rules?.map((rule) => rule.id)).toEqual(RULES.map((rule) => rule.id));
    const first = driver.rules?.[0];
    expect(first).toMatchObject({
      id: 'no-plain-secret',
      name: 'NoPlainSecret',
      shortDescription: { text: RULES[0].description },
      fullDescription: { text: RULES[0].rationale },
      helpUri: 'https://example.com/flowlint/rules/no-plain-secret.md',
      defaultConfiguration: { level: 'error' },
    });
    expect(first?.help?.text).toContain('https://example.com/flowlint/rules/no-plain-secret.md');
    expect(first?.help?.markdown).toContain('](https://example.com/flowlint/rules/no-plain-secret.md)');
    expect(github.runs[0].columnKind).toBe('utf16CodeUnits');
  });

  it('gives security-severity as a string with one decimal, and tags security rules', () => {
    const rules = github.runs[0].tool.driver.rules ?? [];
    const severities = rules.map((rule) => rule.properties?.['security-severity'] as unknown);
    expect(severities).toEqual(['9.0', '7.5', '8.5', undefined, undefined]);
    for (const rule of rules) {
      const tags = rule.properties?.tags ?? [];
      const security = rule.properties?.['security-severity'] !== undefined;
      expect(tags.includes('security')).toBe(security);
      expect(new Set(tags).size).toBe(tags.length);
      expect(tags.length).toBeLessThanOrEqual(20);
    }
    expect(rules[1].properties?.tags).toEqual(['secrets', 'security', 'external/cwe/cwe-532']);
  });

  it('keeps security-severity within 0.1-10.0', () => {
    expect(formatSecuritySeverity(0)).toBe('0.1');
    expect(formatSecuritySeverity(12)).toBe('10.0');
    expect(formatSecuritySeverity(6.25)).toBe('6.3');
    expect(formatSecuritySeverity(undefined)).toBeUndefined();
    expect(formatSecuritySeverity(Number.NaN)).toBeUndefined();
  });

  it('caps tags at 20 and keeps security among them', () => {
    const tags = Array.from({ length: 25 }, (_, index) => `tag-${index}`);
    const log = buildSarifLog(EMPTY_RESULT, { ...CONTEXT, rules: [{ ...RULES[0], tags }] });
    const kept = log.runs[0].tool.driver.rules?.[0].properties?.tags ?? [];
    expect(kept).toHaveLength(20);
    expect(kept).toContain('security');
  });

  it('points ruleIndex at the rule with the same id', () => {
    const rules = github.runs[0].tool.driver.rules ?? [];
    for (const result of [...results(github), ...results(azure)]) {
      expect(result.ruleIndex).toBeTypeOf('number');
      expect(rules[result.ruleIndex ?? -1].id).toBe(result.ruleId);
    }
  });

  it('leaves ruleIndex out for a rule that is not registered', () => {
    const log = buildSarifLog({ ...EMPTY_RESULT, findings: [{ ...FINDINGS[0], ruleId: 'unknown-rule' }] }, CONTEXT);
    expect(results(log)[0].ruleIndex).toBeUndefined();
    expect(validateSarif(log)).toEqual([]);
  });

  it('percent-encodes relative URIs, each segment on its own', () => {
    const plain = byRule(github, 'no-plain-secret').locations?.[0].physicalLocation?.artifactLocation;
    expect(plain).toEqual({ uri: 'flows/My%20Flows/Payroll%20%232.json', uriBaseId: '%SRCROOT%' });
    const zipped = byRule(github, 'secure-outputs').locations?.[0].physicalLocation?.artifactLocation;
    expect(zipped?.uri).toBe('dist/Contoso%20Payroll_1_0_0_1.zip');
    const text = sarifReporter(RESULT, CONTEXT);
    for (const match of text.matchAll(/"uri": "([^"]*)"/g)) {
      const uri = match[1];
      if (uri.startsWith('https://')) continue;
      expect(uri).not.toMatch(/[\s\\]/);
      expect(uri).not.toMatch(/^\/|^[A-Za-z][A-Za-z0-9+.-]*:/);
    }
  });

  it('never names an absolute path or a stack trace', () => {
    const text = sarifReporter(RESULT, { ...CONTEXT, sarifProfile: 'azure-devops' });
    expect(text).not.toContain('file://');
    expect(text).not.toContain('/home/');
    expect(text).not.toContain('trigger-auth.ts:12:3');
    expect(github.runs[0].originalUriBaseIds?.['%SRCROOT%']?.uri).toBeUndefined();
  });

  it('gives a plain file its region and snippet', () => {
    const result = byRule(github, 'no-plain-secret');
    expect(result.locations?.[0].physicalLocation?.region).toEqual({
      startLine: 14,
      startColumn: 25,
      endLine: 14,
      endColumn: 43,
      snippet: { text: '"x-api-key": "sk_***"' },
    });
    expect(result.properties).toEqual({
      jsonPointer: '/properties/definition/actions/Call_API/inputs/headers/x-api-key',
      flow: 'Payroll export',
    });
    expect(result.locations?.[0].logicalLocations).toEqual([{ name: 'Call_API', fullyQualifiedName: 'Payroll export/Call_API', kind: 'function' }]);
  });

  it('puts an archive member in properties.entry and its range in properties.entryRegion', () => {
    const result = byRule(github, 'secure-outputs');
    expect(result.locations?.[0].physicalLocation?.region).toBeUndefined();
    expect(result.properties).toEqual({
      jsonPointer: '/properties/definition/actions/Try/actions/Get_secret',
      entry: 'Workflows/PayrollSync-5F3E2A10-0C4B-4B7E-9D55-2B0E8B1B7A11.json',
      entryRegion: { startLine: 40, startColumn: 9, endLine: 52, endColumn: 10, snippet: { text: '"Get_secret": {' } },
      solution: 'ContosoPayroll',
      flow: 'Payroll sync',
    });
  });

  it('gives every result a location and both fingerprints', () => {
    const hashes = new Set<string>();
    for (const result of results(azure)) {
      expect(result.locations?.[0].physicalLocation?.artifactLocation?.uri).toBeTruthy();
      expect(result.partialFingerprints?.['flowlint/v1']).toBe(FINDINGS.find((f) => f.ruleId === result.ruleId)?.fingerprint);
      const hash = result.partialFingerprints?.primaryLocationLineHash ?? '';
      expect(hash).toMatch(/^[0-9a-f]{16}:\d+$/);
      hashes.add(hash);
    }
    expect(hashes.size).toBe(results(azure).length);
  });

  it('derives primaryLocationLineHash from the fingerprint only', () => {
    const moved = { ...FINDINGS[0], location: { ...FINDINGS[0].location, region: { startLine: 99, startColumn: 1, endLine: 99, endColumn: 9 } } };
    const a = results(buildSarifLog({ ...EMPTY_RESULT, findings: [FINDINGS[0]] }, CONTEXT))[0];
    const b = results(buildSarifLog({ ...EMPTY_RESULT, findings: [moved] }, CONTEXT))[0];
    expect(a.partialFingerprints).toEqual(b.partialFingerprints);
    const twice = results(buildSarifLog({ ...EMPTY_RESULT, findings: [FINDINGS[0], moved] }, CONTEXT));
    expect(twice.map((result) => result.partialFingerprints?.primaryLocationLineHash.split(':')[1])).toEqual(['1', '2']);
  });

  it('lists related places and the data flow, and a code flow that ends at the result', () => {
    const result = byRule(github, 'no-secret-in-logs');
    expect(result.relatedLocations?.map((location) => [location.id, location.message?.text])).toEqual([
      [1, "Connection reference 'cr_teams' used to post. (in customizations.xml line 8)"],
      [2, `The secret is read by 'Get_secret'. (in ${ENTRY} line 40)`],
      [3, `'Compose_body' copies it into its output. (in ${ENTRY} line 60)`],
      [4, `'Post_message' sends it to Teams. (in ${ENTRY} line 75)`],
    ]);
    expect(result.relatedLocations?.[0].properties).toMatchObject({ entry: 'customizations.xml' });
    const flow = result.codeFlows?.[0].threadFlows[0].locations ?? [];
    expect(result.codeFlows).toHaveLength(1);
    expect(flow.map((step) => step.location?.logicalLocations?.[0].name)).toEqual(['Get_secret', 'Compose_body', 'Post_message']);
    expect(flow.map((step) => step.executionOrder)).toEqual([1, 2, 3]);
    expect(byRule(github, 'no-plain-secret').codeFlows).toBeUndefined();
    expect(byRule(github, 'no-plain-secret').relatedLocations).toEqual([]);
  });

  it('appends the reported place when the data flow stops before it', () => {
    const finding = FINDINGS[2];
    const shortened = { ...finding, dataFlow: finding.dataFlow.slice(0, 2) };
    const [result] = results(buildSarifLog({ ...EMPTY_RESULT, findings: [shortened] }, CONTEXT));
    const flow = result.codeFlows?.[0].threadFlows[0].locations ?? [];
    expect(flow.map((step) => step.location?.logicalLocations?.[0].name)).toEqual(['Get_secret', 'Compose_body', 'Post_message']);
    expect(flow[2].location?.message?.text).toBe(`${finding.message} (in ${ENTRY} line 75)`);
  });

  it('drops suppressed results for GitHub, which ignores suppressions', () => {
    expect(results(github).map((result) => result.ruleId)).toEqual(['no-plain-secret', 'secure-outputs', 'no-secret-in-logs', 'env-var-value']);
    expect(results(github).every((result) => result.suppressions === undefined)).toBe(true);
  });

  it('keeps suppressed results with their suppressions for Azure DevOps', () => {
    expect(results(azure)).toHaveLength(FINDINGS.length);
    const suppressed = byRule(azure, 'trigger-auth');
    expect(suppressed.suppressions).toEqual([
      {
        kind: 'inSource',
        status: 'accepted',
        justification: 'Called only from the internal gateway.',
        properties: { origin: 'flows/approval.json#/definition/triggers/manual/description' },
      },
    ]);
    expect(byRule(azure, 'no-plain-secret').suppressions).toEqual([]);
  });

  it('reports input and internal errors as tool execution notifications', () => {
    const [invocation] = github.runs[0].invocations ?? [];
    expect(invocation.executionSuccessful).toBe(false);
    expect(invocation.toolExecutionNotifications).toEqual([
      {
        level: 'error',
        message: {
          text: 'dist/Broken Export.zip!Workflows/Bad-1.json: Invalid JSON: unexpected end of input at line 3, column 1.',
        },
        descriptor: { id: 'input-error' },
        locations: [
          {
            physicalLocation: { artifactLocation: { uri: 'dist/Broken%20Export.zip', uriBaseId: '%SRCROOT%' } },
            properties: { entry: 'Workflows/Bad-1.json' },
          },
        ],
      },
      {
        level: 'error',
        message: {
          text: "flows/approval.json: Internal error in rule trigger-auth: TypeError: Cannot read properties of undefined (reading 'type')",
        },
        descriptor: { id: 'internal-error' },
        associatedRule: { id: 'trigger-auth', index: 3 },
        locations: [{ physicalLocation: { artifactLocation: { uri: 'flows/approval.json', uriBaseId: '%SRCROOT%' } } }],
      },
    ]);
  });

  it('leaves locations out of a notification that names no file', () => {
    const result: RunResult = { ...EMPTY_RESULT, diagnostics: [{ kind: 'internal', file: '', message: 'Out of memory.' }] };
    const [notification] = buildSarifLog(result, CONTEXT).runs[0].invocations?.[0].toolExecutionNotifications ?? [];
    expect(notification).toEqual({
      level: 'error',
      message: { text: 'Internal error: Out of memory.' },
      descriptor: { id: 'internal-error' },
    });
  });

  it('reports a clean run as successful, with empty arrays', () => {
    const run = buildSarifLog(EMPTY_RESULT, CONTEXT).runs[0];
    expect(run.results).toEqual([]);
    expect(run.invocations?.[0]).toEqual({ executionSuccessful: true, toolExecutionNotifications: [] });
    expect(JSON.stringify(run)).not.toContain('null');
  });
});
