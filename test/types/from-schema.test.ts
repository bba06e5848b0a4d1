/**
 * Rule options and the configuration are typed from their JSON Schemas (`FromSchema`), so a type
 * cannot say one thing while the schema checks another. The `@ts-expect-error` lines and the
 * `expectTypeOf` checks are verified by `npm run typecheck`.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { FromSchema, OptionsOf } from '../../src/from-schema.js';
import type { FlowlintConfig, RuleEntry } from '../../src/config/load.js';
import type { HardcodedSecretOptions } from '../../rules/hardcoded-secret.js';
import { DETECTOR_IDS, type DetectorId } from '../../src/analysis/detectors/index.js';
import { KNOWN_FORMAT_DETECTORS } from '../../src/analysis/detectors/known-formats.js';

const sample = {
  type: 'object',
  required: ['name'],
  properties: {
    name: { type: 'string' },
    count: { type: 'integer' },
    mode: { type: 'string', enum: ['a', 'b'] },
    tags: { type: 'array', items: { type: 'string' } },
    byName: { type: 'object', additionalProperties: { type: 'array', items: { type: 'number' } } },
    either: { oneOf: [{ type: 'boolean' }, { type: 'string', enum: ['x'] }] },
    anything: { description: 'no type' },
  },
} as const;

describe('FromSchema', () => {
  it('types a schema', () => {
    expectTypeOf<FromSchema<typeof sample>>().toEqualTypeOf<{
      readonly name: string;
      readonly count?: number;
      readonly mode?: 'a' | 'b';
      readonly tags?: readonly string[];
      readonly byName?: Readonly<Record<string, readonly number[]>>;
      readonly either?: boolean | 'x';
      readonly anything?: unknown;
    }>();
    expectTypeOf<OptionsOf<typeof sample>['count']>().toEqualTypeOf<number>();
    // @ts-expect-error a value outside the enum
    const wrong: FromSchema<typeof sample> = { name: 'n', mode: 'c' };
    expect(wrong).toBeDefined();
    expect(sample.required).toEqual(['name']);
  });

  it('types the configuration from its schema', () => {
    expectTypeOf<FlowlintConfig['failOn']>().toEqualTypeOf<'error' | 'warning' | 'note' | 'none' | undefined>();
    expectTypeOf<RuleEntry>().toExtend<'off' | 'note' | 'warning' | 'error' | readonly unknown[] | object>();
    // @ts-expect-error a key the schema does not have
    const unknownKey: FlowlintConfig = { failsOn: 'error' };
    expect(unknownKey).toBeDefined();
  });

  it('types hardcoded-secret detector ids as the union the registry defines', () => {
    expectTypeOf<HardcodedSecretOptions['ignoreDetectors']>().toEqualTypeOf<readonly DetectorId[]>();
    // @ts-expect-error a misspelt detector id
    const misspelt: DetectorId = 'jwt-token';
    expect(misspelt).toBeDefined();
    expect(new Set(DETECTOR_IDS).size).toBe(DETECTOR_IDS.length);
    expect(DETECTOR_IDS).toEqual(expect.arrayContaining(KNOWN_FORMAT_DETECTORS.map((detector) => detector.id)));
  });
});
