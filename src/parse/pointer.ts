/**
 * RFC 6901 JSON pointers. A pointer is a branded string that only `joinPointer` (and the root,
 * `ROOT_POINTER`) makes, so no code builds one by concatenation and forgets to escape a `/` or `~`
 * in a key (`request/url` is the segment `request~1url`).
 */

declare const jsonPointerBrand: unique symbol;
export type JsonPointer = string & { readonly [jsonPointerBrand]: true };

/** The pointer of the whole document. */
export const ROOT_POINTER = '' as JsonPointer;

export function escapePointerSegment(segment: string | number): string {
  if (typeof segment === 'number') return String(segment);
  // Most keys need no escaping; two regex replacements per key were a visible cost on big flows.
  if (!segment.includes('~') && !segment.includes('/')) return segment;
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

export function joinPointer(base: JsonPointer, ...segments: (string | number)[]): JsonPointer {
  let pointer: string = base;
  for (const segment of segments) pointer += '/' + escapePointerSegment(segment);
  return pointer as JsonPointer;
}

/** The pointer of a path of keys and indexes from the document root. */
export function pointerOf(segments: readonly (string | number)[]): JsonPointer {
  return joinPointer(ROOT_POINTER, ...segments);
}

/** The pointer of the value that holds the one given (undefined for the root). */
export function parentPointer(pointer: JsonPointer): JsonPointer | undefined {
  return pointer === '' ? undefined : (pointer.slice(0, pointer.lastIndexOf('/')) as JsonPointer);
}

export function unescapePointerSegment(raw: string): string {
  return raw.includes('~') ? raw.replace(/~1/g, '/').replace(/~0/g, '~') : raw;
}

/** `/a/b~1c` -> `['a', 'b/c']`. */
export function pointerSegments(pointer: string): string[] {
  return pointer === '' ? [] : pointer.slice(1).split('/').map(unescapePointerSegment);
}

/** Reads the value at a pointer in a parsed JSON value (undefined when absent). */
export function valueAtPointer(root: unknown, pointer: string): unknown {
  if (pointer === '') return root;
  let current: unknown = root;
  for (const segment of pointerSegments(pointer)) {
    if (current === null || typeof current !== 'object') return undefined;
    current = Object.prototype.hasOwnProperty.call(current, segment) ? (current as Record<string, unknown>)[segment] : undefined;
  }
  return current;
}
