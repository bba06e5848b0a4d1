/**
 * SARIF and JSON reports are written a result at a time; joined, the pieces must be exactly what
 * serialising the whole report object gives.
 */
import { describe, expect, it } from 'vitest';
import { jsonChunks, streamedItems } from '../../src/report/chunks.js';
import { buildJsonReport, buildSarifLog, jsonReportChunks, sarifChunks, sarifResultCount } from '../../src/report/index.js';
import { ALL_CONTEXT, ALL_EMPTY_RESULT, ALL_RESULT } from './fixtures-all-rules.js';

const whole = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

describe('jsonChunks', () => {
  const items = [{ a: 1, nested: { list: [1, 2, { deep: 'x' }], empty: [], none: {} } }, 'a "quoted"\nline\u2028', null, [], 42];
  for (const [name, skeleton] of [
    ['at the top level', (list: unknown[]) => list],
    ['inside objects and arrays', (list: unknown[]) => ({ version: 1, runs: [{ tool: { name: 't' }, results: list, after: [1, { b: 2 }] }], tail: 'end' })],
  ] as const) {
    it(`${name}: the same text as JSON.stringify(value, null, 2), with items or none`, () => {
      expect([...jsonChunks(skeleton(streamedItems()), items)].join('')).toBe(whole(skeleton([...items])));
      expect([...jsonChunks(skeleton(streamedItems()), [])].join('')).toBe(whole(skeleton([])));
    });
  }

  it('takes items lazily, one at a time', () => {
    let made = 0;
    function* lazy(): Generator<number> {
      for (let i = 0; i < 3; i++) {
        made++;
        yield i;
      }
    }
    const chunks = jsonChunks({ list: streamedItems() }, lazy());
    chunks.next();
    expect(made).toBe(0);
    chunks.next();
    expect(made).toBe(1);
  });

  it('refuses a skeleton without exactly one streamed array', () => {
    expect(() => [...jsonChunks({ list: [] }, [])]).toThrow(/exactly one streamed array/);
    expect(() => [...jsonChunks({ a: streamedItems(), b: streamedItems() }, [])]).toThrow(/exactly one streamed array/);
  });
});

describe('chunked reports', () => {
  for (const profile of ['github', 'azure-devops'] as const) {
    it(`SARIF (${profile}): joined pieces = the serialised log; result count as in the log`, () => {
      const context = { ...ALL_CONTEXT, sarifProfile: profile };
      const log = buildSarifLog(ALL_RESULT, context);
      expect([...sarifChunks(ALL_RESULT, context)].join('')).toBe(whole(log));
      expect(sarifResultCount(ALL_RESULT, context)).toBe(log.runs[0].results?.length);
      expect([...sarifChunks(ALL_EMPTY_RESULT, context)].join('')).toBe(whole(buildSarifLog(ALL_EMPTY_RESULT, context)));
    });
  }

  it('JSON: joined pieces = the serialised report', () => {
    expect([...jsonReportChunks(ALL_RESULT, ALL_CONTEXT)].join('')).toBe(whole(buildJsonReport(ALL_RESULT, ALL_CONTEXT)));
    expect([...jsonReportChunks(ALL_EMPTY_RESULT, ALL_CONTEXT)].join('')).toBe(whole(buildJsonReport(ALL_EMPTY_RESULT, ALL_CONTEXT)));
  });
});
