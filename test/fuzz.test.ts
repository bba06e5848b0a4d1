/**
 * Property tests (fast-check): the expression parser, the JSON and XML loaders, the unit builder
 * with every rule, and the zip reader, fed generated expressions and byte-mutated real inputs from
 * the shared corpus (those properties are skipped when it is absent). A few dozen cases each here;
 * `npm run fuzz` runs the same properties with 100,000+ cases in total (FLOWLINT_FUZZ_RUNS).
 * Crashes found by fuzzing are pinned as named regression tests at the end.
 */
import { parseTree } from 'jsonc-parser';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { builtinRules } from '../rules/index.js';
import { ExpressionSyntaxError, parseExpression, parseTemplate, templateExpressions, type Expr } from '../src/expr/index.js';
import { parseJsonDocument } from '../src/parse/json.js';
import { locatePointer } from '../src/parse/json-locate.js';
import { findJsonNode } from '../src/parse/positions.js';
import { parseXmlDocument } from '../src/parse/xml.js';
import { decodeText } from '../src/sources/text.js';
import { readZip } from '../src/sources/zip.js';
import { DEFAULT_LIMITS, type InputGroup } from '../src/sources/types.js';
import { buildUnit } from '../src/model/build.js';
import { LintEngine } from '../src/engine/engine.js';
import { enableRules } from '../src/engine/registry.js';
import { corpusSample, expressions, fuzzParameters, mutate, mutations, printWdl, readAll, recordRuns } from './helpers/fuzz.js';

/** Long fuzz runs (`npm run fuzz`) take minutes; `npm test` runs take a second or two. */
const TIMEOUT = process.env.FLOWLINT_FUZZ_RUNS ? 24 * 3600_000 : 60_000;

/** Runs a property, counting its cases for `npm run fuzz`'s report. */
function check<T>(name: string, arbitrary: fc.Arbitrary<T>, predicate: (value: T) => void, weight = 1): void {
  let count = 0;
  fc.assert(
    fc.property(arbitrary, (value) => {
      count++;
      predicate(value);
    }),
    fuzzParameters(weight),
  );
  recordRuns(name, count);
}

async function checkAsync<T>(name: string, arbitrary: fc.Arbitrary<T>, predicate: (value: T) => Promise<void>, weight = 1): Promise<void> {
  let count = 0;
  await fc.assert(
    fc.asyncProperty(arbitrary, async (value) => {
      count++;
      await predicate(value);
    }),
    fuzzParameters(weight),
  );
  recordRuns(name, count);
}

/** Strings made of the characters expressions are made of, so the parser gets past its first token. */
const wdlish = fc.string({ unit: fc.constantFrom(...'@{}()[]?.,\'" -+0123456789eEabcxyz_$tTrRuUfFnNlL\\\t\u00a0\u2028'.split('')), maxLength: 40 });

describe('expression parser', () => {
  it(
    'never throws anything but ExpressionSyntaxError',
    () => {
      check(
        'parseExpression: any text',
        fc.oneof(wdlish, fc.string({ maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 40 })),
        (text) => {
          try {
            parseExpression(text);
          } catch (error) {
            expect(error).toBeInstanceOf(ExpressionSyntaxError);
            const offset = (error as ExpressionSyntaxError).offset;
            expect(offset >= 0 && offset <= text.length).toBe(true);
          }
        },
        3,
      );
    },
    TIMEOUT,
  );

  it(
    'parseTemplate never throws, and error offsets fall inside the value',
    () => {
      check(
        'parseTemplate: any text',
        fc.oneof(
          wdlish.map((s) => `@${s}`),
          wdlish.map((s) => `a@{${s}}b`),
          wdlish,
          fc.string({ unit: 'binary', maxLength: 40 }),
        ),
        (value) => {
          const result = parseTemplate(value);
          if (!result.ok) expect(result.error.offset >= 0 && result.error.offset <= value.length).toBe(true);
        },
        3,
      );
    },
    TIMEOUT,
  );

  it(
    'printing a parsed expression and parsing it again gives the same expression, whatever the spacing',
    () => {
      const spaces = fc.array(fc.constantFrom('', ' ', '\t', '\n', '\u00a0'), { minLength: 64, maxLength: 64 });
      check(
        'parseExpression: round trip',
        fc.tuple(expressions, spaces),
        ([expr, gaps]: [Expr, string[]]) => {
          const canonical = printWdl(expr);
          let i = 0;
          const spaced = printWdl(expr, () => gaps[i++ % gaps.length]);
          const parsed = parseExpression(spaced);
          expect(printWdl(parsed)).toBe(canonical);
          expect(printWdl(parseExpression(canonical))).toBe(canonical);
          // Spans lie inside the text and the root covers it, spacing aside.
          expect(spaced.slice(parsed.start, parsed.end).trim()).toBe(spaced.trim());
        },
        2,
      );
    },
    TIMEOUT,
  );

  it(
    'an interpolated template yields its expressions in order',
    () => {
      const text = fc.string({ maxLength: 8 }).filter((t) => !t.includes('@') && !t.includes('}'));
      check('parseTemplate: interpolation', fc.tuple(fc.array(fc.tuple(text, expressions), { minLength: 1, maxLength: 4 }), text), ([parts, tail]) => {
        const value = parts.map(([before, expr]) => `${before}@{${printWdl(expr)}}`).join('') + tail;
        const result = parseTemplate(value);
        expect(result.ok).toBe(true);
        if (!result.ok) return;
        const found = templateExpressions(result.template).map((e) => printWdl(e.expr));
        expect(found).toEqual(parts.map(([, expr]) => printWdl(expr)));
      });
    },
    TIMEOUT,
  );
});

const jsonFiles = readAll(corpusSample(['.json'], 40, 200_000));
const xmlFiles = readAll(corpusSample(['.xml'], 40, 200_000));
const zipFiles = readAll(corpusSample(['.zip'], 12, 400_000));

describe.skipIf(jsonFiles.length === 0)('JSON loader on mutated corpus files', () => {
  it(
    'never throws; what parses equals JSON.parse, and every pointer is located as jsonc-parser does',
    () => {
      check(
        'parseJsonDocument: mutated corpus JSON',
        fc.tuple(fc.nat(jsonFiles.length - 1), mutations, fc.array(fc.nat(), { maxLength: 6 })),
        ([index, list, picks]) => {
          const decoded = decodeText(mutate(jsonFiles[index].bytes, list));
          if ('error' in decoded) return;
          const result = parseJsonDocument(decoded.text, { file: 'f.json' }, 'f.json', DEFAULT_LIMITS.maxNestingDepth);
          let reference: unknown;
          try {
            reference = JSON.parse(decoded.text);
          } catch {
            expect(result.ok).toBe(false);
            return;
          }
          if (!result.ok) {
            expect(result.reason).toMatch(/nested deeper/);
            return;
          }
          expect(result.document.value).toEqual(reference);
          const tree = parseTree(decoded.text, [], { disallowComments: true });
          const pointers = collectPointers(reference);
          for (const pick of picks) {
            const pointer = pointers[pick % pointers.length];
            const node = findJsonNode(tree!, pointer);
            expect(locatePointer(result.document, decoded.text, pointer)).toEqual({ start: node.offset, end: node.offset + node.length });
          }
        },
        2,
      );
    },
    TIMEOUT,
  );
});

function collectPointers(value: unknown, pointer = '', out: string[] = []): string[] {
  if (out.length > 500) return out;
  out.push(pointer);
  if (Array.isArray(value)) value.forEach((item, i) => collectPointers(item, `${pointer}/${i}`, out));
  else if (value && typeof value === 'object')
    for (const [key, item] of Object.entries(value)) collectPointers(item, `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`, out);
  return out;
}

describe.skipIf(xmlFiles.length === 0)('XML loader on mutated corpus files', () => {
  it(
    'never throws, and says why it refuses',
    () => {
      check(
        'parseXmlDocument: mutated corpus XML',
        fc.tuple(fc.nat(xmlFiles.length - 1), mutations),
        ([index, list]) => {
          const decoded = decodeText(mutate(xmlFiles[index].bytes, list));
          if ('error' in decoded) return;
          const result = parseXmlDocument(decoded.text, { file: 'f.xml' }, 'f.xml', DEFAULT_LIMITS.maxNestingDepth);
          if (!result.ok) expect(result.reason).toMatch(/^(invalid XML|XML declares a DOCTYPE)/);
        },
        2,
      );
    },
    TIMEOUT,
  );
});

const rules = enableRules(builtinRules, {});

/** Builds the unit and runs every rule on it: input errors are fine, a crash is not. */
function buildAndLint(group: InputGroup): void {
  const unit = buildUnit(group, DEFAULT_LIMITS);
  for (const error of unit.errors) expect(typeof error.message).toBe('string');
  const engine = new LintEngine(rules);
  const diagnostics = [...engine.setupDiagnostics, ...engine.lintSolution(unit.solution).diagnostics, ...engine.finish({ solutions: [unit.solution] }).diagnostics];
  expect(diagnostics.filter((d) => d.kind === 'internal')).toEqual([]);
}

describe.skipIf(zipFiles.length === 0)('zip reader and unit builder on mutated corpus zips', () => {
  it(
    'readZip never rejects; every group builds and lints without an internal error',
    async () => {
      await checkAsync(
        'readZip + buildUnit + rules: mutated corpus zips',
        fc.tuple(fc.nat(zipFiles.length - 1), mutations),
        async ([index, list]) => {
          const bytes = mutate(zipFiles[index].bytes, list);
          for await (const group of readZip(bytes, { displayPath: 'in.zip' })) {
            for (const error of group.errors) expect(error.file).toBe('in.zip');
            if (group.files.length) buildAndLint(group);
          }
        },
        0.5,
      );
    },
    TIMEOUT,
  );

  it(
    'a mutated member of a real solution builds and lints without an internal error',
    async () => {
      const groups: InputGroup[] = [];
      for (const zip of zipFiles.slice(0, 6)) for await (const group of readZip(zip.bytes, { displayPath: 'in.zip' })) if (group.files.length) groups.push(group);
      await checkAsync('buildUnit + rules: one mutated member', fc.tuple(fc.nat(groups.length - 1), fc.nat(), mutations), async ([g, f, list]) => {
        const group = groups[g];
        const target = f % group.files.length;
        const files = group.files.map((file, i) => (i === target ? { ...file, bytes: mutate(file.bytes, list) } : file));
        buildAndLint({ ...group, files });
      });
    },
    TIMEOUT,
  );
});
