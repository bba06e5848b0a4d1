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

/**
 * Indexes the string values below `root`. The walk keeps its own stack, so nesting is bounded only
 * by the parser's depth limit.
 */
export function indexStringLeaves(root: unknown): LeafIndex {
  const leaves: StringLeaf[] = [];
  const containers: MutableContainer[] = [];
  type Work = { readonly value: unknown; readonly parent?: MutableContainer; readonly segment?: string | number } | { readonly close: MutableContainer };
  const stack: Work[] = [{ value: root }];
  while (stack.length > 0) {
    const work = stack.pop()!;
    if ('close' in work) {
      work.close.endLeaf = leaves.length;
      continue;
    }
    const { value, parent, segment } = work;
    if (typeof value === 'string') {
      // A string root has no container; it is indexed under an empty one.
      leaves.push({ value, parent: parent ?? { json: {}, firstLeaf: 0, endLeaf: 1 }, segment });
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    const key = typeof segment === 'string' ? segment : parent?.key;
    const container: MutableContainer = { json: value, parent, segment, key, firstLeaf: leaves.length, endLeaf: leaves.length };
    containers.push(container);
    stack.push({ close: container });
    if (Array.isArray(value)) {
      for (let index = value.length - 1; index >= 0; index--) stack.push({ value: value[index], parent: container, segment: index });
    } else {
      const keys = Object.keys(value);
      for (let index = keys.length - 1; index >= 0; index--) stack.push({ value: (value as Record<string, unknown>)[keys[index]], parent: container, segment: keys[index] });
    }
  }
  let byJson: Map<object, LeafContainer> | undefined;
  return {
    leaves,
    containerOf(json) {
      byJson ??= new Map(containers.map((container) => [container.json, container]));
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
