/** The one index of a document's string values that expressions, detectors, credentials and vault search share. */
import { describe, expect, it } from 'vitest';
import { indexStringLeaves, leafKey, leafOwner, leafPath, leafPointer, leavesBelow } from '../../src/model/leaves.js';
import { pointerOf } from '../../src/parse/pointer.js';

describe('indexStringLeaves', () => {
  const value = { a: 'one', 'b/c': { d: ['two', { e: 'three' }], n: 4 }, 'x~y': 'four' };
  const index = indexStringLeaves(value);

  it('lists every string in document order with its key and escaped pointer', () => {
    expect(index.leaves.map((leaf) => [leaf.value, leafKey(leaf), leafPointer(leaf)])).toEqual([
      ['one', 'a', '/a'],
      ['two', 'd', '/b~1c/d/0'],
      ['three', 'e', '/b~1c/d/1/e'],
      ['four', 'x~y', '/x~0y'],
    ]);
  });

  it('gives the leaves below an object of the indexed value, and the path from it', () => {
    const inner = value['b/c'];
    expect(leavesBelow(index, inner).map((leaf) => leaf.value)).toEqual(['two', 'three']);
    expect(leavesBelow(index, { not: 'indexed' })).toEqual([]);
    expect(leafPath(index.leaves[2], inner)).toEqual(['d', 1, 'e']);
    expect(leafPath(index.leaves[0], inner)).toBeUndefined();
  });

  it('finds the innermost owner by identity', () => {
    const owners = new Map<object, string>([
      [value, 'root'],
      [value['b/c'].d[1] as object, 'inner'],
    ]);
    expect(leafOwner(index.leaves[2], owners)).toEqual({ owner: 'inner', path: ['e'] });
    expect(leafOwner(index.leaves[1], owners)).toEqual({ owner: 'root', path: ['b/c', 'd', 0] });
  });

  it('indexes a lone string as the root', () => {
    const lone = indexStringLeaves('text');
    expect(lone.leaves.map((leaf) => [leaf.value, leafKey(leaf), leafPointer(leaf, pointerOf(['base']))])).toEqual([['text', undefined, '/base']]);
  });

  it('walks four times deeper than the default nesting limit', () => {
    let deep: unknown = 'bottom';
    for (let level = 0; level < 2_000; level++) deep = { k: deep };
    const leaves = indexStringLeaves(deep).leaves;
    expect(leaves).toHaveLength(1);
    expect(leafPath(leaves[0])).toHaveLength(2_000);
  });
});
