/**
 * Large machine-readable reports, written in pieces. The SARIF log of a big estate can be a
 * 100 MB text serialised from an object tree several times that size; produced as its skeleton
 * plus one array element at a time, the same bytes never need more than one element's text and
 * object at once. The pieces joined are exactly `JSON.stringify(value, null, 2)` plus a newline.
 */

/** Stands in for the streamed array inside the skeleton; JSON-escaped, so no real value collides. */
const ITEMS_MARKER = '\u0000flowlint:streamed-items\u0000';

/** What to put where the streamed array goes when building a skeleton. */
export function streamedItems<T>(): T[] {
  // The marker is a string in place of the array: it only ever reaches `jsonChunks`, which cuts it out.
  return ITEMS_MARKER as unknown as T[];
}

/** `skeleton` holds `streamedItems()` in one place; `items` are serialised into that place, lazily. */
export function* jsonChunks(skeleton: unknown, items: Iterable<unknown>): Generator<string> {
  const text = JSON.stringify(skeleton, null, 2);
  const marker = JSON.stringify(ITEMS_MARKER);
  const at = text.indexOf(marker);
  if (at < 0 || text.indexOf(marker, at + 1) >= 0) throw new Error('report skeleton must hold exactly one streamed array');
  const indent = /^ */.exec(text.slice(text.lastIndexOf('\n', at) + 1, at))?.[0] ?? '';
  const inner = `${indent}  `;
  yield text.slice(0, at);
  let count = 0;
  for (const item of items) {
    // Newlines in JSON.stringify output are all indentation (strings escape theirs).
    yield `${count === 0 ? '[\n' : ',\n'}${inner}${JSON.stringify(item, null, 2).replace(/\n/g, `\n${inner}`)}`;
    count++;
  }
  yield count === 0 ? '[]' : `\n${indent}]`;
  yield `${text.slice(at + marker.length)}\n`;
}

/** `items.map(convert)`, one element at a time. */
export function* mapLazily<T, U>(items: Iterable<T>, convert: (item: T) => U): Generator<U> {
  for (const item of items) yield convert(item);
}
