/**
 * JSON(C) for configuration and baseline files, read into objects without a prototype. A key such
 * as `__proto__` would otherwise set an object's prototype (jsonc-parser assigns members) and let
 * options the schema never saw be inherited; such keys are refused, with the path of the first.
 */
import { parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export type SafeJsonResult = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly offset: number; readonly problem: string };

/** `rules.hardcoded-secret.minEntropy`-style paths, as schema problems are named. */
function join(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path ? `${path}.${key}` : key;
}

export function parseJsonSafely(text: string, options: { readonly comments: boolean }): SafeJsonResult {
  const errors: ParseError[] = [];
  const tree = parseTree(text.replace(/^\uFEFF/, ''), errors, { allowTrailingComma: options.comments, disallowComments: !options.comments });
  if (errors.length) return { ok: false, offset: errors[0].offset, problem: `invalid JSON (${printParseErrorCode(errors[0].error)})` };
  if (!tree) return { ok: false, offset: 0, problem: 'invalid JSON (empty)' };
  const forbidden: { path: string; offset: number }[] = [];
  const value = toValue(tree, '', forbidden);
  if (forbidden.length) {
    const [first] = forbidden;
    return { ok: false, offset: first.offset, problem: `${first.path} is not allowed as a key (it would change how objects behave)` };
  }
  return { ok: true, value };
}

function toValue(node: Node, path: string, forbidden: { path: string; offset: number }[]): unknown {
  if (node.type === 'array') return (node.children ?? []).map((child, index) => toValue(child, join(path, index), forbidden));
  if (node.type !== 'object') return node.value;
  const out = Object.create(null) as Record<string, unknown>;
  for (const property of node.children ?? []) {
    const [keyNode, valueNode] = property.children ?? [];
    const key = String(keyNode?.value);
    if (FORBIDDEN_KEYS.has(key)) {
      forbidden.push({ path: join(path, key), offset: property.offset });
      continue;
    }
    if (valueNode) out[key] = toValue(valueNode, join(path, key), forbidden);
  }
  return out;
}
