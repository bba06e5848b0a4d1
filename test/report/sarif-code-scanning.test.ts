/**
 * What GitHub code scanning and the Azure DevOps SARIF tab need from the log to be useful: a result
 * inside a zip says where in the zip it is, security severity only on security rules (never on
 * notes), and CWE tags spelt the one way GitHub reads them.
 */
import { readFileSync } from 'node:fs';
import type { Log, ReportingDescriptor, Result } from 'sarif';
import { describe, expect, it } from 'vitest';
import { builtinRules } from '../../rules/index.js';
import type { Finding, FindingLocation, RuleMeta } from '../../src/engine/types.js';
import { buildSarifLog } from '../../src/report/index.js';
import { flow, folderGroup, jsonText, type Json } from '../helpers/builders.js';
import { runRule } from '../helpers/rule-tester.js';
import { ALL_CONTEXT, ALL_RESULT } from './fixtures-all-rules.js';
import { CONTEXT, EMPTY_RESULT, FINDINGS, RULES } from './fixtures.js';
import { validateSarif } from './helpers.js';

const ZIP = 'dist/Contoso Payroll_1_0_0_1.zip';
const ENTRY = 'Workflows/PayrollSync-5F3E2A10-0C4B-4B7E-9D55-2B0E8B1B7A11.json';
const CWE_TAG = /^external\/cwe\/cwe-\d+$/;

/** Rules whose findings are not security alerts: no security severity, no `security` tag. */
const NOT_SECURITY: Readonly<Record<string, string>> = {
  'connection-reference-missing': 'governance: how a flow is bound to connections across environments',
  'deployment-settings-incomplete': 'ALM: a settings file that does not bind everything',
  'duplicate-json-key': 'correctness: a hidden value is itself scanned by hardcoded-secret',
  'not-analysed': 'coverage of the analysis',
  'secret-in-loop': 'performance',
  'suppression-audit': 'maintenance of suppressions',
};

function onlyResult(log: Log): Result {
  const [result] = log.runs[0].results ?? [];
  if (result === undefined) throw new Error('no result');
  return result;
}

function descriptors(log: Log): Map<string, ReportingDescriptor> {
  return new Map((log.runs[0].tool.driver.rules ?? []).map((rule) => [rule.id, rule]));
}

const secureOutputs = FINDINGS[1];
const at = (location: Partial<FindingLocation>): Finding => ({ ...secureOutputs, location: { ...secureOutputs.location, ...location } });

describe('sarif for code scanning: places inside zips', () => {
  const base = secureOutputs.message;
  it.each([
    ['a zip member', at({}), `${base} (in ${ENTRY} line 40)`, { entry: ENTRY, line: 40, column: 9 }],
    [
      'a member of a zip inside a zip',
      at({ entry: `Solutions/Inner_1_0.zip!${ENTRY}`, region: { startLine: 7, startColumn: 3, endLine: 7, endColumn: 30 } }),
      `${base} (in Solutions/Inner_1_0.zip!${ENTRY} line 7)`,
      { entry: `Solutions/Inner_1_0.zip!${ENTRY}`, line: 7, column: 3 },
    ],
    ['a zip member without a region', at({ region: undefined, snippet: undefined }), `${base} (in ${ENTRY})`, { entry: ENTRY }],
    ['a plain file', at({ file: 'flows/Payroll.json', entry: undefined }), base, {}],
  ] as const)('%s: the message and properties name the entry and line', (_name, finding, text, place) => {
    const result = onlyResult(buildSarifLog({ ...EMPTY_RESULT, findings: [finding] }, CONTEXT));
    expect(result.message.text).toBe(text);
    const physical = result.locations?.[0].physicalLocation;
    const properties = result.properties ?? {};
    if ('entry' in place) {
      // Code scanning needs a file of the repository: the zip, with no region in it.
      expect(physical?.artifactLocation?.uri).toBe(encodeURI(ZIP));
      expect(physical?.region).toBeUndefined();
      expect(properties.entry).toBe(place.entry);
      const region = properties.entryRegion as { startLine: number; startColumn: number } | undefined;
      if ('line' in place) expect(region).toMatchObject({ startLine: place.line, startColumn: place.column });
      else expect(region).toBeUndefined();
    } else {
      expect(physical?.region?.startLine).toBe(40);
      expect(properties.entry).toBeUndefined();
    }
  });

  it('names the entry and line in every result inside a zip of the all-rules run', () => {
    const log = buildSarifLog(ALL_RESULT, ALL_CONTEXT);
    expect(validateSarif(log)).toEqual([]);
    const results = log.runs[0].results ?? [];
    const inZips = results.filter((result) => result.properties?.entry !== undefined);
    expect(inZips.length).toBeGreaterThan(0);
    for (const result of inZips) {
      const { entry, entryRegion } = result.properties as { entry: string; entryRegion: { startLine: number } };
      expect((result.message.text ?? '').endsWith(` (in ${entry} line ${entryRegion.startLine})`), result.ruleId).toBe(true);
    }
    for (const result of results.filter((r) => r.properties?.entry === undefined)) expect(result.message.text).not.toMatch(/ \(in .+\)$/);
  });
});

describe('sarif for code scanning: security severity', () => {
  const log = buildSarifLog(ALL_RESULT, ALL_CONTEXT);
  const rules = descriptors(log);

  // Not a closed list: a new quality rule (CONTRIBUTING.md's example) needs no entry here.
  it.each(builtinRules.filter((rule) => rule.meta.securitySeverity === undefined).map((rule) => [rule.meta.id, rule.meta] as const))(
    '%s, with no security severity, is not tagged security',
    (id, meta) => {
      expect(meta.tags).not.toContain('security');
      expect(rules.get(id)?.properties?.['security-severity']).toBeUndefined();
      expect(rules.get(id)?.properties?.tags).not.toContain('security');
    },
  );

  it.each(Object.entries(NOT_SECURITY))('%s (%s) carries no security severity and no security tag', (id) => {
    const rule = rules.get(id);
    expect(rule).toBeDefined();
    expect(rule?.properties?.['security-severity']).toBeUndefined();
    expect(rule?.properties?.tags).not.toContain('security');
    expect(builtinRules.find((r) => r.meta.id === id)?.meta.tags).not.toContain('security');
  });

  it.each(builtinRules.filter((rule) => rule.meta.securitySeverity !== undefined).map((rule) => [rule.meta.id, rule.meta] as const))(
    '%s, a security rule, is tagged security and reports no notes',
    (_id, meta) => {
      expect(meta.defaultLevel).not.toBe('note');
      expect(meta.tags).toContain('security');
      expect(rules.get(meta.id)?.properties?.tags).toContain('security');
      // A per-report level is written in the rule's source; GitHub would show such a note as a security alert.
      expect(readFileSync(new URL(`../../rules/${meta.id}.ts`, import.meta.url), 'utf8')).not.toMatch(/level:\s*'note'/);
    },
  );

  const legacyDefinition: Json = (flow({}) as { properties: { definition: Json } }).properties.definition;
  it.each([
    ['a lone flow definition', [folderGroup('definition.json', { 'definition.json': jsonText(legacyDefinition) }, 'file')]],
    ['a lone flow file', [folderGroup('Main.json', { 'Main.json': jsonText(flow({})) }, 'file')]],
  ])('a note-level result of a real run (%s) comes from a rule with no security severity', (_name, groups) => {
    const rule = builtinRules.find((r) => r.meta.id === 'connection-reference-missing');
    if (rule === undefined) throw new Error('connection-reference-missing is not registered');
    const { findings } = runRule(rule, groups, {}, undefined, builtinRules);
    expect(findings.map((finding) => finding.level)).toEqual(['note']);
    const result = onlyResult(buildSarifLog({ ...EMPTY_RESULT, findings }, ALL_CONTEXT));
    expect(result.level).toBe('note');
    expect(rules.get(result.ruleId ?? '')?.properties?.['security-severity']).toBeUndefined();
  });

  it('gives a rule that reports notes by default no security severity, even with one in its metadata', () => {
    const noted: RuleMeta<object, string> = { ...RULES[0], defaultLevel: 'note' };
    const [rule] = buildSarifLog(EMPTY_RESULT, { ...CONTEXT, rules: [noted] }).runs[0].tool.driver.rules ?? [];
    expect(rule.properties?.['security-severity']).toBeUndefined();
    expect(rule.properties?.tags).not.toContain('security');
  });

  it('drops a security tag from a rule that has no security severity', () => {
    const tagged: RuleMeta<object, string> = { ...RULES[3], tags: ['security', 'http'] };
    const [rule] = buildSarifLog(EMPTY_RESULT, { ...CONTEXT, rules: [tagged] }).runs[0].tool.driver.rules ?? [];
    expect(rule.properties?.tags).toEqual(['http']);
  });
});

describe('sarif for code scanning: CWE tags', () => {
  const log = buildSarifLog(ALL_RESULT, ALL_CONTEXT);

  it.each(builtinRules.map((rule) => [rule.meta.id, rule.meta] as const))('%s: CWE tags are external/cwe/cwe-NNN, in the rule and the log', (id, meta) => {
    const cweTags = (tags: readonly string[]) => tags.filter((tag) => /cwe/i.test(tag));
    for (const tag of cweTags(meta.tags)) expect(tag).toMatch(CWE_TAG);
    const logged = cweTags(descriptors(log).get(id)?.properties?.tags ?? []);
    for (const tag of logged) expect(tag).toMatch(CWE_TAG);
    // References keep the documentation spelling (CWE-NNN); a security rule is tagged with each.
    const referenced = meta.references.flatMap((reference) => /^CWE-(\d+)$/.exec(reference)?.[1] ?? []).map((number) => `external/cwe/cwe-${number}`);
    if (meta.securitySeverity !== undefined) expect(logged.sort()).toEqual(referenced.sort());
    else for (const tag of logged) expect(referenced).toContain(tag);
  });

  it.each([
    ['CWE-532', 'external/cwe/cwe-532'],
    ['cwe-0079', 'external/cwe/cwe-79'],
    ['external/cwe/cwe-798', 'external/cwe/cwe-798'],
    ['EXTERNAL/CWE/CWE-200', 'external/cwe/cwe-200'],
  ])('spells a plugin tag %s as %s', (tag, spelt) => {
    const [rule] = buildSarifLog(EMPTY_RESULT, { ...CONTEXT, rules: [{ ...RULES[0], tags: ['secrets', tag, spelt] }] }).runs[0].tool.driver.rules ?? [];
    expect(rule.properties?.tags).toEqual(['secrets', spelt, 'security']);
  });
});
