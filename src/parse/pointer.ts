/** RFC 6901 JSON pointers. */

export function escapePointerSegment(segment: string | number): string {
  if (typeof segment === 'number') return String(segment);
  // Most keys need no escaping; two regex replacements per key were a visible cost on big flows.
  if (!segment.includes('~') && !segment.includes('/')) return segment;
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

export function joinPointer(base: string, ...segments: (string | number)[]): string {
  let pointer = base;
  for (const segment of segments) pointer += '/' + escapePointerSegment(segment);
  return pointer;
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
