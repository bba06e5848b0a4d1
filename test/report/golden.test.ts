import { describe, it } from 'vitest';
import { reporters } from '../../src/report/index.js';
import { CONTEXT, EMPTY_RESULT, RESULT } from './fixtures.js';
import { expectGolden } from './helpers.js';

describe('golden reports', () => {
  it('sarif (github profile)', () => {
    expectGolden('report.sarif', reporters.sarif(RESULT, CONTEXT));
  });

  it('sarif (azure-devops profile)', () => {
    expectGolden('report.azure-devops.sarif', reporters.sarif(RESULT, { ...CONTEXT, sarifProfile: 'azure-devops' }));
  });

  it('sarif with nothing to report', () => {
    expectGolden('empty.sarif', reporters.sarif(EMPTY_RESULT, CONTEXT));
  });

  it('json', () => {
    expectGolden('report.json', reporters.json(RESULT, CONTEXT));
  });

  it('json with nothing to report', () => {
    expectGolden('empty.json', reporters.json(EMPTY_RESULT, CONTEXT));
  });

  it('stylish', () => {
    expectGolden('stylish.txt', reporters.stylish(RESULT, CONTEXT));
  });

  it('stylish in colour', () => {
    expectGolden('stylish.color.txt', reporters.stylish(RESULT, { ...CONTEXT, color: true }));
  });

  it('stylish with nothing to report', () => {
    expectGolden('empty.txt', reporters.stylish(EMPTY_RESULT, CONTEXT));
  });
});
