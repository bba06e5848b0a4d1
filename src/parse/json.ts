/**
 * JSON documents: parsed once with `JSON.parse` (fast), after one linear structural scan that
 * enforces the nesting cap and finds duplicate keys, which `JSON.parse` would silently collapse
 * (a hidden first value can be a secret). Positions are resolved lazily (see positions.ts).
 */
import { parseTree, type Node as JsonNode } from 'jsonc-parser';
import { findJsonNode } from './positions.js';
import { findStringEnd } from './json-locate.js';
import type { DuplicateKey, SourceDocument, SourceRef } from '../model/types.js';
import { asName } from '../redact.js';
import { joinPointer, ROOT_POINTER, type JsonPointer } from './pointer.js';

/** `values`: JSON values in the document (an upper bound: an empty object or array counts one more). */
export type ParseResult = { ok: true; document: SourceDocument; values?: number } | { ok: false; reason: string };

const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const COLON = 0x3a;
const COMMA = 0x2c;

interface Frame {
  readonly isObject: boolean;
  /** Keys seen so far in this object (null for arrays). */
  readonly keys: Set<string> | null;
  /** Pointer segment of the member or element currently being read. */
  segment: string;
  index: number;
  expectKey: boolean;
}

interface StructureScan {
  readonly tooDeepAt?: number;
  readonly duplicates: { pointer: JsonPointer; key: string }[];
  readonly prototypeKeys: JsonPointer[];
}

/**
 * One pass over the text: depth and duplicate keys. Assumes nothing about validity; JSON.parse
 * reports syntax errors afterwards. Strings are skipped with indexOf, so the scan is linear.
 */
function scanStructure(text: string, maxDepth: number): StructureScan {
  const stack: Frame[] = [];
  const duplicates: { pointer: JsonPointer; key: string }[] = [];
  const prototypeKeys: JsonPointer[] = [];
  const length = text.length;
  let i = 0;
  while (i < length) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      const end = findStringEnd(text, i);
      const top = stack[stack.length - 1];
      if (top && top.isObject && top.expectKey) {
        const raw = text.slice(i + 1, end);
        const key = raw.includes('\\') ? safeUnescape(raw) : raw;
        if (key === '__proto__') prototypeKeys.push(keyPointer(stack, key));
        if (top.keys!.has(key)) {
          duplicates.push({ pointer: keyPointer(stack, key), key });
        } else {
          top.keys!.add(key);
        }
        top.segment = key;
        top.expectKey = false;
      }
      i = end + 1;
      continue;
    }
    if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (stack.length >= maxDepth) return { tooDeepAt: i, duplicates, prototypeKeys };
      const parent = stack[stack.length - 1];
      if (parent && !parent.isObject) parent.segment = String(parent.index);
      const isObject = c === OPEN_BRACE;
      stack.push({ isObject, keys: isObject ? new Set() : null, segment: isObject ? '' : '0', index: 0, expectKey: isObject });
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      stack.pop();
    } else if (c === COMMA) {
      const top = stack[stack.length - 1];
      if (top) {
        if (top.isObject) top.expectKey = true;
        else top.index++;
      }
    } else if (c === COLON) {
      const top = stack[stack.length - 1];
      if (top) top.expectKey = false;
    }
    i++;
  }
  return { duplicates, prototypeKeys };
}

function safeUnescape(raw: string): string {
  try {
    return JSON.parse(`"${raw}"`) as string;
  } catch {
    return raw;
  }
}

function keyPointer(stack: readonly Frame[], lastKey: string): JsonPointer {
  const segments: (string | number)[] = [];
  for (let d = 0; d < stack.length - 1; d++) segments.push(stack[d].segment);
  return joinPointer(ROOT_POINTER, ...segments, lastKey);
}

/** `JSON.parse` messages carry "position N"; turn that into line and column for humans. */
function describeSyntaxError(text: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const match = /position (\d+)/.exec(message);
  const head = message.replace(/\s*\(line \d+ column \d+\)/, '').replace(/ in JSON at position \d+/, '');
  if (!match) return `invalid JSON: ${syntaxKind(head)}`;
  const offset = Number(match[1]);
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  const where = offset >= text.length ? 'at end of input (truncated?)' : `at line ${line}, column ${offset - lineStart + 1}`;
  return `invalid JSON ${where}: ${syntaxKind(head)}`;
}

/**
 * The kind of a `JSON.parse` error, as a fixed phrase: V8's message quotes the input around the
 * error (with nested quotes, so no pattern can strip it reliably), which could be part of a secret.
 */
function syntaxKind(message: string): string {
  if (/unterminated string/i.test(message)) return 'unterminated string';
  if (/bad control character/i.test(message)) return 'control character in string';
  if (/bad (unicode )?escape/i.test(message)) return 'bad escape in string';
  if (/unexpected end/i.test(message)) return 'unexpected end of input';
  if (/unexpected non-whitespace/i.test(message)) return 'unexpected text after the JSON value';
  if (/expected/i.test(message)) return 'unexpected character';
  return 'syntax error';
}

export function parseJsonDocument(text: string, source: SourceRef, unitPath: string, maxDepth: number): ParseResult {
  const quick = quickScan(text, maxDepth);
  if (quick.tooDeep) return { ok: false, reason: `JSON nested deeper than ${maxDepth} levels` };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, reason: describeSyntaxError(text, error) };
  }
  // JSON.parse keeps one member per key, so equal counts mean no key was repeated anywhere; only
  // a document with a repeated key (or a `__proto__` key) pays for the scan that names them.
  if (countMembers(value) === quick.members && !text.includes('__proto__')) {
    return { ok: true, values: quick.values, document: { source, unitPath, format: 'json', text, value, duplicateKeys: [], prototypeKeys: [] } };
  }
  const scan = scanStructure(text, maxDepth);
  const duplicateKeys = scan.duplicates.length ? collectShadowedValues(text, scan.duplicates) : [];
  return { ok: true, values: quick.values, document: { source, unitPath, format: 'json', text, value, duplicateKeys, prototypeKeys: scan.prototypeKeys } };
}

/**
 * The cheap pass every document gets: nesting depth, the number of object members (colons
 * outside strings) and of values (one, plus one per comma and per opened object or array),
 * without building anything.
 */
function quickScan(text: string, maxDepth: number): { tooDeep: boolean; members: number; values: number } {
  let depth = 0;
  let members = 0;
  let values = 1;
  const length = text.length;
  for (let i = 0; i < length; i++) {
    const c = text.charCodeAt(i);
    // Indentation is most of what lies outside strings in exported JSON: pass it first.
    if (c <= 0x20) continue;
    if (c === QUOTE) {
      i = findStringEnd(text, i);
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      values++;
      if (++depth > maxDepth) return { tooDeep: true, members, values };
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      depth--;
    } else if (c === COLON) {
      members++;
    } else if (c === COMMA) {
      values++;
    }
  }
  return { tooDeep: false, members, values };
}

/** Members of every object in a parsed value (iterative: the value may be deep). */
function countMembers(value: unknown): number {
  let members = 0;
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const current = pending.pop();
    if (Array.isArray(current)) {
      for (const item of current) if (item !== null && typeof item === 'object') pending.push(item);
    } else if (current !== null && typeof current === 'object') {
      for (const key in current) {
        members++;
        const item = (current as Record<string, unknown>)[key];
        if (item !== null && typeof item === 'object') pending.push(item);
      }
    }
  }
  return members;
}

/** Only documents that have duplicates pay for a full tree, to recover the dropped values. */
function collectShadowedValues(text: string, duplicates: readonly { pointer: JsonPointer; key: string }[]): DuplicateKey[] {
  const tree = parseTree(text);
  const seen = new Set<string>();
  const result: DuplicateKey[] = [];
  for (const { pointer, key } of duplicates) {
    if (seen.has(pointer)) continue;
    seen.add(pointer);
    const parentMember = tree ? findJsonNode(tree, pointer.slice(0, pointer.lastIndexOf('/'))) : undefined;
    const parent = parentMember?.type === 'property' ? parentMember.children?.[1] : parentMember;
    const members = (parent?.children ?? []).filter((p: JsonNode) => p.children?.[0]?.value === key);
    const shadowedValues = members.slice(0, -1).map((p) => nodeValue(p.children?.[1]));
    result.push({ pointer, key: asName(key), shadowedValues });
  }
  return result;
}

function nodeValue(node: JsonNode | undefined): unknown {
  if (!node) return undefined;
  switch (node.type) {
    case 'object': {
      const out: Record<string, unknown> = Object.create(null);
      for (const p of node.children ?? []) {
        const k = p.children?.[0]?.value;
        if (typeof k === 'string') out[k] = nodeValue(p.children?.[1]);
      }
      return out;
    }
    case 'array':
      return (node.children ?? []).map(nodeValue);
    default:
      return node.value;
  }
}
