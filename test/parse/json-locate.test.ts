/**
 * Pointer to position by scanning the text (json-locate.ts), which replaced a jsonc-parser tree
 * per document; the fuzz tests compare it with jsonc-parser on mutated corpus files.
 */
import { describe, expect, it } from 'vitest';
import { locatePointer } from '../../src/parse/json-locate.js';

const text = '{ "a": 1, "a": { "b": [10, {"c": "x\\"y"}] }, "e~/x": "v", "n": null }';
const at = (pointer: string): string => {
  const { start, end } = locatePointer({}, text, pointer);
  return text.slice(start, end);
};

describe('locatePointer', () => {
  it('gives the member (key and value) for object members and the value for array elements', () => {
    expect(at('/a/b')).toBe('"b": [10, {"c": "x\\"y"}]');
    expect(at('/a/b/0')).toBe('10');
    expect(at('/a/b/1/c')).toBe('"c": "x\\"y"');
    expect(at('/n')).toBe('"n": null');
  });

  it('takes the last of repeated keys, as JSON.parse does', () => {
    expect(at('/a')).toBe('"a": { "b": [10, {"c": "x\\"y"}] }');
  });

  it('unescapes ~0 and ~1', () => {
    expect(at('/e~0~1x')).toBe('"e~/x": "v"');
  });

  it('falls back to the deepest existing ancestor', () => {
    expect(at('')).toBe(text);
    expect(at('/missing')).toBe(text);
    expect(at('/a/b/7')).toBe('"b": [10, {"c": "x\\"y"}]');
    expect(at('/a/b/x')).toBe('"b": [10, {"c": "x\\"y"}]');
    expect(at('/n/deeper')).toBe('"n": null');
  });

  it('answers repeated lookups in one text from its cache, consistently', () => {
    const owner = {};
    const first = ['/a/b/1/c', '/a/b/0', '/n', '/a'].map((p) => locatePointer(owner, text, p));
    const again = ['/a/b/1/c', '/a/b/0', '/n', '/a'].map((p) => locatePointer(owner, text, p));
    expect(again).toEqual(first);
  });
});
