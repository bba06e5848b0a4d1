/**
 * Shared pieces of the property tests (test/fuzz.test.ts): how many runs, byte mutations of real
 * inputs, samples of the shared corpus, and a printer that writes an expression AST back as WDL.
 */
import { appendFileSync, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import fc from 'fast-check';
import type { Expr } from '../../src/expr/index.js';
import { corpusRoot } from './cli.js';

/**
 * Runs per property: small in `npm test`; `npm run fuzz` sets FLOWLINT_FUZZ_RUNS (and a seed in
 * FLOWLINT_FUZZ_SEED, printed by fast-check on failure, replays a run).
 */
export function runs(weight = 1): number {
  const base = Number(process.env.FLOWLINT_FUZZ_RUNS ?? '60');
  return Math.max(1, Math.round(base * weight));
}

export function fuzzParameters(weight = 1): fc.Parameters<unknown> {
  const seed = process.env.FLOWLINT_FUZZ_SEED;
  return { numRuns: runs(weight), ...(seed ? { seed: Number(seed) } : {}), endOnFailure: true };
}

/** `npm run fuzz` collects how many cases each property ran. */
export function recordRuns(property: string, count: number): void {
  const file = process.env.FLOWLINT_FUZZ_REPORT;
  if (file) appendFileSync(file, `${JSON.stringify({ property, count })}\n`);
}

export type Mutation =
  | { readonly kind: 'flip'; readonly at: number; readonly value: number }
  | { readonly kind: 'insert'; readonly at: number; readonly bytes: Uint8Array }
  | { readonly kind: 'delete'; readonly at: number; readonly length: number }
  | { readonly kind: 'copy'; readonly from: number; readonly to: number; readonly length: number };

/** Bytes that matter to JSON, XML and zip structure, mixed with anything at all. */
const interesting = fc.oneof(
  fc.constantFrom(...Buffer.from('{}[]":,\\<>/=&;!?-\'@ \n\r\t0eE.PK\x03\x04\x01\x02\x05\x06\x00\xff\xfe\xef\xbb\xbf')),
  fc.integer({ min: 0, max: 255 }),
);

const position = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });

export const mutations: fc.Arbitrary<Mutation[]> = fc.array(
  fc.oneof(
    fc.record({ kind: fc.constant('flip' as const), at: position, value: interesting }),
    fc.record({ kind: fc.constant('insert' as const), at: position, bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }).chain((b) => fc.constant(b)) }),
    fc.record({ kind: fc.constant('insert' as const), at: position, bytes: fc.array(interesting, { minLength: 1, maxLength: 4 }).map((a) => Uint8Array.from(a)) }),
    fc.record({ kind: fc.constant('delete' as const), at: position, length: fc.integer({ min: 1, max: 64 }) }),
    fc.record({ kind: fc.constant('copy' as const), from: position, to: position, length: fc.integer({ min: 1, max: 256 }) }),
  ),
  { minLength: 1, maxLength: 6 },
);

/** Applies mutations to a copy of `bytes` (positions are fractions of the current length). */
export function mutate(bytes: Uint8Array, list: readonly Mutation[]): Buffer {
  let out = Buffer.from(bytes);
  for (const m of list) {
    const at = (f: number): number => Math.floor(f * out.length);
    switch (m.kind) {
      case 'flip':
        if (out.length) out[at(m.at)] = m.value;
        break;
      case 'insert':
        out = Buffer.concat([out.subarray(0, at(m.at)), m.bytes, out.subarray(at(m.at))]);
        break;
      case 'delete':
        out = Buffer.concat([out.subarray(0, at(m.at)), out.subarray(at(m.at) + m.length)]);
        break;
      case 'copy': {
        const from = at(m.from);
        const piece = Buffer.from(out.subarray(from, from + m.length));
        out = Buffer.concat([out.subarray(0, at(m.to)), piece, out.subarray(at(m.to))]);
        break;
      }
    }
  }
  return out;
}

const SKIPPED = new Set(['node_modules', '.git']);

/** Up to `count` corpus files with one of `extensions`, no larger than `maxBytes`, spread evenly. */
export function corpusSample(extensions: readonly string[], count: number, maxBytes: number): string[] {
  if (!existsSync(corpusRoot)) return [];
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (SKIPPED.has(entry.name)) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile() && extensions.includes(extname(entry.name).toLowerCase()) && statSync(path).size <= maxBytes) found.push(path);
    }
  };
  walk(corpusRoot);
  if (found.length <= count) return found;
  return Array.from({ length: count }, (_, i) => found[Math.floor((i * found.length) / count)]);
}

export function readAll(paths: readonly string[]): { path: string; bytes: Buffer }[] {
  return paths.map((path) => ({ path, bytes: readFileSync(path) }));
}

/** Writes an AST as WDL text; `gap()` supplies the whitespace between tokens (none by default). */
export function printWdl(expr: Expr, gap: () => string = () => ''): string {
  switch (expr.kind) {
    case 'string':
      return `'${expr.value.replaceAll("'", "''")}'`;
    case 'number':
      return expr.raw;
    case 'boolean':
      return String(expr.value);
    case 'null':
      return 'null';
    case 'call':
      return `${expr.name}${gap()}(${gap()}${expr.args.map((a) => printWdl(a, gap)).join(`${gap()},${gap()}`)}${gap()})`;
    case 'member': {
      const q = expr.optional ? '?' : '';
      return expr.computed
        ? `${printWdl(expr.object, gap)}${gap()}${q}[${gap()}${printWdl(expr.property, gap)}${gap()}]`
        : `${printWdl(expr.object, gap)}${gap()}${q}.${expr.property.name}`;
    }
  }
}

const identifier = fc.stringMatching(/^[A-Za-z_$][A-Za-z0-9_$]{0,8}$/).filter((name) => !/^(true|false|null)$/i.test(name));

/** Arbitrary expression ASTs (spans are not generated: they come from parsing the printed text). */
export const expressions: fc.Arbitrary<Expr> = fc.letrec<{ expr: Expr }>((tie) => ({
  expr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.string({ maxLength: 12 }).map((value) => ({ kind: 'string', value, start: 0, end: 0 }) as Expr),
    fc
      .tuple(fc.constantFrom('', '-', '+'), fc.nat(99999), fc.option(fc.nat(999), { nil: undefined }), fc.option(fc.integer({ min: -20, max: 20 }), { nil: undefined }))
      .map(([sign, whole, fraction, exponent]) => {
        const raw = `${sign}${whole}${fraction === undefined ? '' : `.${fraction}`}${exponent === undefined ? '' : `e${exponent}`}`;
        return { kind: 'number', value: Number(raw), raw, start: 0, end: 0 } as Expr;
      }),
    fc.boolean().map((value) => ({ kind: 'boolean', value, start: 0, end: 0 }) as Expr),
    fc.constant({ kind: 'null', start: 0, end: 0 } as Expr),
    fc.tuple(identifier, fc.array(tie('expr'), { maxLength: 3 })).map(([name, args]) => ({ kind: 'call', name, nameEnd: 0, args, start: 0, end: 0 }) as Expr),
    // `1.x` reads as a malformed number, so a name cannot follow a number directly (WDL has no parentheses).
    fc
      .tuple(
        tie('expr').filter((object) => object.kind !== 'number'),
        fc.boolean(),
        identifier,
      )
      .map(
        ([object, optional, name]) => ({ kind: 'member', object, optional, computed: false, property: { kind: 'identifier', name, start: 0, end: 0 }, start: 0, end: 0 }) as Expr,
      ),
    fc
      .tuple(tie('expr'), fc.boolean(), tie('expr'))
      .map(([object, optional, property]) => ({ kind: 'member', object, optional, computed: true, property, start: 0, end: 0 }) as Expr),
  ),
})).expr;
