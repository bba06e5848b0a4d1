/**
 * What GitHub code scanning and the Azure DevOps SARIF tab need from the log to be useful: a result
 * inside a zip says where in the zip it is.
 */
import type { Log, Result } from 'sarif';
import { describe, expect, it } from 'vitest';
import type { Finding, FindingLocation } from '../../src/engine/types.js';
import { buildSarifLog } from '../../src/report/index.js';
import { ALL_CONTEXT, ALL_RESULT } from './fixtures-all-rules.js';
import { CONTEXT, EMPTY_RESULT, FINDINGS } from './fixtures.js';
import { validateSarif } from './helpers.js';

const ZIP = 'dist/Contoso Payroll_1_0_0_1.zip';
const ENTRY = 'Workflows/PayrollSync-5F3E2A10-0C4B-4B7E-9D55-2B0E8B1B7A11.json';

function onlyResult(log: Log): Result {
  const [result] = log.runs[0].results ?? [];
  if (result === undefined) throw new Error('no result');
  return result;
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
