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

/** Below this depth the walk recurses (fast); deeper subtrees are walked with an explicit stack. */
const RECURSION_DEPTH = 1000;

/** Indexes the string values below `root`, in document order. Nesting is bounded only by the parser's depth limit. */
export function indexStringLeaves(root: unknown): LeafIndex {
  const leaves: StringLeaf[] = [];
  const open = (json: object, parent: LeafContainer | undefined, segment: string | number | undefined): MutableContainer => ({
    json,
    parent,
    segment,
    key: typeof segment === 'string' ? segment : parent?.key,
    firstLeaf: leaves.length,
    endLeaf: leaves.length,
  });

  const walk = (value: unknown, parent: LeafContainer, segment: string | number, depth: number): void => {
    if (typeof value === 'string') {
      leaves.push({ value, parent, segment });
      return;
    }
    if (value === null || typeof value !== 'object') return;
    if (depth > RECURSION_DEPTH) {
      walkDeep(value, parent, segment);
      return;
    }
    const container = open(value, parent, segment);
    if (Array.isArray(value)) {
      for (let index = 0; index < value.length; index++) walk(value[index], container, index, depth + 1);
    } else {
      for (const key of Object.keys(value)) walk((value as Record<string, unknown>)[key], container, key, depth + 1);
    }
    container.endLeaf = leaves.length;
  };

  // The same walk with its own stack, for what lies deeper than the recursion allows.
  const walkDeep = (value: object, parent: LeafContainer, segment: string | number): void => {
    type Work = { readonly value: unknown; readonly parent: LeafContainer; readonly segment: string | number } | { readonly close: MutableContainer };
    const stack: Work[] = [{ value, parent, segment }];
    while (stack.length > 0) {
      const work = stack.pop()!;
      if ('close' in work) {
        work.close.endLeaf = leaves.length;
        continue;
      }
      if (typeof work.value === 'string') {
        leaves.push({ value: work.value, parent: work.parent, segment: work.segment });
        continue;
      }
      if (work.value === null || typeof work.value !== 'object') continue;
      const node = work.value;
      const container = open(node, work.parent, work.segment);
      stack.push({ close: container });
      if (Array.isArray(node)) {
        for (let index = node.length - 1; index >= 0; index--) stack.push({ value: node[index], parent: container, segment: index });
      } else {
        const keys = Object.keys(node);
        for (let index = keys.length - 1; index >= 0; index--) stack.push({ value: (node as Record<string, unknown>)[keys[index]], parent: container, segment: keys[index] });
      }
    }
  };

  if (typeof root === 'string') {
    // A string root has no container; it is indexed under an empty one.
    leaves.push({ value: root, parent: { json: {}, firstLeaf: 0, endLeaf: 1 } });
  } else if (root !== null && typeof root === 'object') {
    const container = open(root, undefined, undefined);
    if (Array.isArray(root)) {
      for (let index = 0; index < root.length; index++) walk(root[index], container, index, 1);
    } else {
      for (const key of Object.keys(root)) walk((root as Record<string, unknown>)[key], container, key, 1);
    }
    container.endLeaf = leaves.length;
  }

  let byJson: Map<object, LeafContainer> | undefined;
  return {
    leaves,
    containerOf(json) {
      // Only containers that hold a string are indexed: the others have no leaves to give.
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

const documentIndexes = new WeakMap<SourceDocument, LeafIndex>();

/** The string values of a parsed document (JSON, or the XML tree), indexed once per document. */
export function documentLeaves(document: SourceDocument): LeafIndex {
  let index = documentIndexes.get(document);
  if (!index) {
    index = indexStringLeaves(document.format === 'text' ? undefined : document.value);
    documentIndexes.set(document, index);
  }
  return index;
}

/**
 * Drops what was parsed from a unit's documents once the unit is linted: the parsed value and its
 * leaf index. The documents live on (findings and cross-unit rules locate places by their text).
 * The model module is the one place that changes a document after it is built.
 */
export function releaseParsedValues(documents: readonly SourceDocument[]): void {
  for (const document of documents) {
    (document as { value: unknown }).value = undefined;
    documentIndexes.delete(document);
  }
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
