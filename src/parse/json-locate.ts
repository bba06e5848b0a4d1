/**
 * Finds where a JSON pointer sits in a JSON text by scanning the text itself, without building a
 * position tree: members that are not on the path are skipped (strings with `indexOf`), so a
 * lookup allocates nothing and costs at most one pass over the text before the target. Offsets of
 * the containers passed on the way are remembered per text, so findings in sibling actions do not
 * rescan the path down to them. The text must be valid JSON (it has been through `JSON.parse`).
 */

import { unescapePointerSegment } from './pointer.js';

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

interface Child {
  /** The span reported for the child: `"key": value` for a member, the value for an element. */
  readonly member: Span;
  /** Where the child's value starts. */
  readonly value: number;
}

/** Every child of the object or array that starts at `at`, by key or index (the last repeated key wins, as in JSON.parse). */
function childrenOf(text: string, at: number): Map<string, Child> {
  const children = new Map<string, Child>();
  const open = text.charCodeAt(at);
  if (open === OPEN_BRACE) {
    let i = skipSpace(text, at + 1);
    while (text.charCodeAt(i) === QUOTE) {
      const keyEnd = findStringEnd(text, i);
      const colon = skipSpace(text, keyEnd + 1);
      if (text.charCodeAt(colon) !== COLON) break;
      const valueStart = skipSpace(text, colon + 1);
      const end = valueEnd(text, valueStart);
      children.set(keyAt(text, i, keyEnd), { member: { start: i, end }, value: valueStart });
      const next = skipSpace(text, end);
      if (text.charCodeAt(next) !== COMMA) break;
      i = skipSpace(text, next + 1);
    }
  } else if (open === OPEN_BRACKET) {
    let i = skipSpace(text, at + 1);
    for (let index = 0; i < text.length && text.charCodeAt(i) !== CLOSE_BRACKET; index++) {
      const end = valueEnd(text, i);
      children.set(String(index), { member: { start: i, end }, value: i });
      const next = skipSpace(text, end);
      if (text.charCodeAt(next) !== COMMA) break;
      i = skipSpace(text, next + 1);
    }
  }
  return children;
}

/** Per text: the root, and the children of each container a lookup went through (by offset). */
const childCache = new WeakMap<object, { root: Child; children: Map<number, Map<string, Child>> }>();

/**
 * The span a pointer designates: for an object member, the member (`"key": value`), so a finding
 * points at the key and its value; for an array element or the root, the value itself. When the
 * pointer leads nowhere, the deepest existing ancestor. `owner` keys the per-text cache: each
 * container on a looked-up path is scanned once, so findings in sibling actions cost a map lookup.
 */
export function locatePointer(owner: object, text: string, pointer: string): Span {
  let cache = childCache.get(owner);
  if (!cache) {
    const rootStart = skipSpace(text, 0);
    cache = { root: { member: { start: rootStart, end: valueEnd(text, rootStart) }, value: rootStart }, children: new Map() };
    childCache.set(owner, cache);
  }
  let current = cache.root;
  if (pointer === '') return current.member;
  for (const raw of pointer.slice(1).split('/')) {
    let children = cache.children.get(current.value);
    if (!children) {
      children = childrenOf(text, current.value);
      cache.children.set(current.value, children);
    }
    const segment = unescapePointerSegment(raw);
    const isArray = text.charCodeAt(current.value) === OPEN_BRACKET;
    const child = isArray ? (/^\d+$/.test(segment) ? children.get(String(Number(segment))) : undefined) : children.get(segment);
    if (!child) return current.member;
    current = child;
  }
  return current.member;
}
