/**
 * One index of a document's string values, built on first use and shared: the expression table,
 * the hard-coded secret scan, the credential places and the vault-name search all read the same
 * list instead of walking the parsed JSON (or XML tree) each in its own way. A leaf knows its value,
 * the key it sits under and its parent; its pointer is built only when asked for, because almost no
 * leaf ends up in a report and building a pointer for each was a large share of a scan.
 */
import { joinPointer, pointerOf, type JsonPointer } from '../parse/pointer.js';
import type { SourceDocument } from './types.js';

/** An object or array of the document. */
export interface LeafContainer {
  readonly json: object;
  readonly parent?: LeafContainer;
  /** The key or index that holds it in its parent (absent for the root). */
  readonly segment?: string | number;
  /** The nearest object key above it: its own key, or for an array item its array's key. */
  readonly key?: string;
  /** Its leaves are `leaves[firstLeaf]` up to (not including) `leaves[endLeaf]`. */
  readonly firstLeaf: number;
  readonly endLeaf: number;
}

/** A string value of a document. */
export interface StringLeaf {
  readonly value: string;
  readonly parent: LeafContainer;
  /** The key or index that holds the value in its parent (absent when the indexed value is this string). */
  readonly segment?: string | number;
}

export interface LeafIndex {
  /** Every string value, in document order (the order `Object.keys` gives). */
  readonly leaves: readonly StringLeaf[];
  /** The index entry of an object or array of the indexed value, if it is one. */
  containerOf(json: object): LeafContainer | undefined;
}

interface MutableContainer {
  json: object;
  parent?: LeafContainer;
  segment?: string | number;
  key?: string;
  firstLeaf: number;
  endLeaf: number;
}

/** Which strings an index keeps: its value and the nearest object key above it. */
export type LeafFilter = (value: string, key: string | undefined) => boolean;

/**
 * Indexes the string values below `root` that `keep` accepts (all when absent), in document order.
 * The objects and arrays above a kept value are made into containers when the value is kept: most
 * strings of a flow are short words no analysis looks at, and an object per string and per
 * container made the index cost more than the walks it replaces. The walk recurses: the parser's
 * nesting limit bounds its depth.
 */
export function indexStringLeaves(root: unknown, keep?: LeafFilter): LeafIndex {
  const leaves: StringLeaf[] = [];
  // The path from the root to the value being walked, and the container made for each level.
  const jsons: object[] = [];
  const segments: (string | number | undefined)[] = [];
  const keys: (string | undefined)[] = [];
  const made: (MutableContainer | undefined)[] = [];
  const containerAt = (depth: number): MutableContainer => {
    let container = made[depth];
    if (!container) {
      container = {
        json: jsons[depth],
        parent: depth > 0 ? containerAt(depth - 1) : undefined,
        segment: segments[depth],
        key: keys[depth],
        firstLeaf: leaves.length,
        endLeaf: leaves.length,
      };
      made[depth] = container;
    }
    return container;
  };
  // Read through a function: after `made[depth] = undefined` the compiler would take it to stay so.
  const madeAt = (depth: number): MutableContainer | undefined => made[depth];
  const walk = (value: unknown, segment: string | number | undefined, key: string | undefined, depth: number): void => {
    if (typeof value === 'string') {
      if (depth === 0) leaves.push({ value, parent: { json: {}, firstLeaf: 0, endLeaf: 1 } });
      else if (!keep || keep(value, key)) leaves.push({ value, parent: containerAt(depth - 1), segment });
      return;
    }
    if (value === null || typeof value !== 'object') return;
    jsons[depth] = value;
    segments[depth] = segment;
    keys[depth] = key;
    // A container made for a previous value at this depth is not this value's.
    made[depth] = undefined;
    if (Array.isArray(value)) {
      for (let index = 0; index < value.length; index++) walk(value[index], index, key, depth + 1);
    } else {
      for (const name of Object.keys(value)) walk((value as Record<string, unknown>)[name], name, name, depth + 1);
    }
    const container = madeAt(depth);
    if (container) container.endLeaf = leaves.length;
  };
  walk(root, undefined, undefined, 0);

  let byJson: Map<object, LeafContainer> | undefined;
  return {
    leaves,
    containerOf(json) {
      // Only containers above a kept string exist: the others have no leaves to give.
      if (!byJson) {
        byJson = new Map();
        for (const leaf of leaves) {
          for (let container: LeafContainer | undefined = leaf.parent; container && !byJson.has(container.json); container = container.parent)
            byJson.set(container.json, container);
        }
      }
      return byJson.get(json);
    },
  };
}

/**
 * Drops what was parsed from a unit's documents once the unit is linted. The documents live on
 * (findings and cross-unit rules locate places by their text). The model module is the one place
 * that changes a document after it is built.
 */
export function releaseParsedValues(documents: readonly SourceDocument[]): void {
  for (const document of documents) (document as { value: unknown }).value = undefined;
}

/** The nearest object key above a leaf: its own key, or for an array item its array's key. */
export function leafKey(leaf: StringLeaf): string | undefined {
  return typeof leaf.segment === 'string' ? leaf.segment : leaf.parent.key;
}

/** The keys and indexes from `from` (the indexed root when absent) down to the leaf; undefined when the leaf is not below `from`. */
export function leafPath(leaf: StringLeaf, from?: object): (string | number)[] | undefined {
  if (leaf.segment === undefined) return from === undefined ? [] : undefined;
  const path: (string | number)[] = [leaf.segment];
  for (let container: LeafContainer | undefined = leaf.parent; container; container = container.parent) {
    if (container.json === from) return path.reverse();
    if (container.segment === undefined) break;
    path.push(container.segment);
  }
  return from === undefined ? path.reverse() : undefined;
}

/** The leaf's pointer below `base` (the pointer of the indexed root). */
export function leafPointer(leaf: StringLeaf, base?: JsonPointer): JsonPointer {
  const path = leafPath(leaf) ?? [];
  return base === undefined ? pointerOf(path) : joinPointer(base, ...path);
}

/**
 * The innermost of `owners` (keyed by their JSON object) that holds the leaf, with the path from it
 * down to the leaf.
 */
export function leafOwner<T>(leaf: StringLeaf, owners: ReadonlyMap<object, T>): { owner: T; path: (string | number)[] } | undefined {
  if (leaf.segment === undefined) return undefined;
  const path: (string | number)[] = [leaf.segment];
  for (let container: LeafContainer | undefined = leaf.parent; container; container = container.parent) {
    const owner = owners.get(container.json);
    if (owner !== undefined) return { owner, path: path.reverse() };
    if (container.segment === undefined) return undefined;
    path.push(container.segment);
  }
  return undefined;
}

/** The leaves below an object or array of the indexed value (none when it is not part of it). */
export function leavesBelow(index: LeafIndex, json: object): readonly StringLeaf[] {
  const container = index.containerOf(json);
  return container ? index.leaves.slice(container.firstLeaf, container.endLeaf) : [];
}
