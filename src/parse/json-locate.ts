/**
 * Finds where a JSON pointer sits in a JSON text by scanning the text itself, without building a
 * position tree: members that are not on the path are skipped (strings with `indexOf`), so a
 * lookup allocates nothing and costs at most one pass over the text before the target. Offsets of
 * the containers passed on the way are remembered per text, so findings in sibling actions do not
 * rescan the path down to them. The text must be valid JSON (it has been through `JSON.parse`).
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;

/** Offset of the closing quote of the string opened at `openQuote` (text length when unclosed). */
export function findStringEnd(text: string, openQuote: number): number {
  let j = openQuote + 1;
  for (;;) {
    const close = text.indexOf('"', j);
    if (close < 0) return text.length;
    let backslashes = 0;
    for (let k = close - 1; k > openQuote && text.charCodeAt(k) === BACKSLASH; k--) backslashes++;
    if (backslashes % 2 === 0) return close;
    j = close + 1;
  }
}

function skipSpace(text: string, i: number): number {
  for (;;) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return i;
    i++;
  }
}

/** Offset just after the value that starts at `i`. */
function valueEnd(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c === QUOTE) return findStringEnd(text, i) + 1;
  if (c === OPEN_BRACE || c === OPEN_BRACKET) {
    let depth = 0;
    for (let j = i; j < text.length; j++) {
      const d = text.charCodeAt(j);
      if (d === QUOTE) j = findStringEnd(text, j);
      else if (d === OPEN_BRACE || d === OPEN_BRACKET) depth++;
      else if ((d === CLOSE_BRACE || d === CLOSE_BRACKET) && --depth === 0) return j + 1;
    }
    return text.length;
  }
  let j = i;
  while (j < text.length) {
    const d = text.charCodeAt(j);
    if (d === COMMA || d === CLOSE_BRACE || d === CLOSE_BRACKET || d === 0x20 || d === 0x0a || d === 0x0d || d === 0x09) break;
    j++;
  }
  return j;
}

/** The key of the member whose quote is at `i`, unescaped. */
function keyAt(text: string, i: number, end: number): string {
  const raw = text.slice(i + 1, end);
  if (!raw.includes('\\')) return raw;
  try {
    return JSON.parse(`"${raw}"`) as string;
  } catch {
    return raw;
  }
}

export interface Span {
  readonly start: number;
  readonly end: number;
}

/** Span of the value at `pointer`, given the value's container starts at `at`; undefined if absent. */
function childSpan(text: string, at: number, segment: string): { member: Span; value: Span } | undefined {
  const open = text.charCodeAt(at);
  if (open === OPEN_BRACE) {
    let found: { member: Span; value: Span } | undefined;
    let i = skipSpace(text, at + 1);
    while (text.charCodeAt(i) === QUOTE) {
      const keyEnd = findStringEnd(text, i);
      const colon = skipSpace(text, keyEnd + 1);
      if (text.charCodeAt(colon) !== COLON) return found;
      const valueStart = skipSpace(text, colon + 1);
      const end = valueEnd(text, valueStart);
      // The last of repeated keys wins, as in JSON.parse.
      if (keyAt(text, i, keyEnd) === segment) found = { member: { start: i, end }, value: { start: valueStart, end } };
      const next = skipSpace(text, end);
      if (text.charCodeAt(next) !== COMMA) return found;
      i = skipSpace(text, next + 1);
    }
    return found;
  }
  if (open === OPEN_BRACKET) {
    if (!/^(0|[1-9]\d*)$/.test(segment)) return undefined;
    const index = Number(segment);
    let i = skipSpace(text, at + 1);
    if (text.charCodeAt(i) === CLOSE_BRACKET) return undefined;
    for (let k = 0; i < text.length; k++) {
      const end = valueEnd(text, i);
      if (k === index) return { member: { start: i, end }, value: { start: i, end } };
      const next = skipSpace(text, end);
      if (text.charCodeAt(next) !== COMMA) return undefined;
      i = skipSpace(text, next + 1);
    }
  }
  return undefined;
}

function unescapeSegment(raw: string): string {
  return raw.includes('~') ? raw.replace(/~1/g, '/').replace(/~0/g, '~') : raw;
}

interface Step {
  /** Where the value at this pointer starts. */
  readonly value: number;
  /** The span reported for this pointer. */
  readonly member: Span;
}

/** Per text: the containers at pointers already walked through. */
const stepCache = new WeakMap<object, Map<string, Step>>();

/**
 * The span a pointer designates: for an object member, the member (`"key": value`), so a finding
 * points at the key and its value; for an array element or the root, the value itself. When the
 * pointer leads nowhere, the deepest existing ancestor. `owner` keys the per-text cache.
 */
export function locatePointer(owner: object, text: string, pointer: string): Span {
  let cache = stepCache.get(owner);
  if (!cache) {
    cache = new Map();
    stepCache.set(owner, cache);
  }
  const segments = pointer === '' ? [] : pointer.slice(1).split('/');
  let depth = 0;
  let step: Step | undefined;
  // Start below the longest prefix already walked.
  for (let d = segments.length - 1; d > 0 && !step; d--) {
    step = cache.get('/' + segments.slice(0, d).join('/'));
    if (step) depth = d;
  }
  if (!step) {
    const rootStart = skipSpace(text, 0);
    step = { value: rootStart, member: { start: rootStart, end: valueEnd(text, rootStart) } };
  }
  let prefix = depth === 0 ? '' : '/' + segments.slice(0, depth).join('/');
  for (; depth < segments.length; depth++) {
    const child = childSpan(text, step.value, unescapeSegment(segments[depth]));
    if (!child) return step.member;
    step = { value: child.value.start, member: child.member };
    prefix += '/' + segments[depth];
    if (depth < segments.length - 1 && cache.size < 10_000) cache.set(prefix, step);
  }
  return step.member;
}
