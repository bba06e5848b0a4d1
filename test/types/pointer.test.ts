/**
 * JSON pointers are a branded type that only `joinPointer`/`pointerOf` make: a pointer spelled by
 * concatenation, which forgets to escape `/` and `~` in keys, does not type-check. The
 * `@ts-expect-error` lines are checked by `npm run typecheck`.
 */
import { describe, expect, it } from 'vitest';
import { joinPointer, pointerOf, ROOT_POINTER, type JsonPointer } from '../../src/parse/pointer.js';
import type { ReportDescriptor } from '../../src/engine/types.js';
import type { Operation } from '../../src/model/types.js';

declare const action: Operation;

function typeChecks(): unknown[] {
  // @ts-expect-error a string is not a pointer
  const spelled: JsonPointer = `${action.location.pointer}/inputs/parameters/request/url`;
  // @ts-expect-error a report's pointer must be made by the join helper
  const report: Pick<ReportDescriptor<string>, 'pointer'> = { pointer: '/actions/x' };
  const joined: JsonPointer = joinPointer(action.location.pointer, 'inputs', 'parameters', 'request/url');
  return [spelled, report, joined];
}

describe('JsonPointer', () => {
  it('escapes keys when it joins them', () => {
    expect(joinPointer(ROOT_POINTER, 'parameters', 'request/url', 'a~b', 0)).toBe('/parameters/request~1url/a~0b/0');
    expect(pointerOf([])).toBe('');
    expect(typeof typeChecks).toBe('function');
  });
});
