/**
 * Turns a JSON pointer (or an XML/text hint) into line/column ranges. JSON pointers are found by
 * scanning the text (json-locate.ts), not through a position tree: a tree per document that a
 * finding points into cost more than the rest of the run on estates with many findings.
 */
import { pointerSegments } from './pointer.js';
import { parseTree, type Node as JsonNode } from 'jsonc-parser';
import type { NodeLocation, Region, SourceDocument } from '../model/types.js';
import { redactString } from '../redact.js';
import { definitionTokens, jsonStringRanges, redactJsonWindow, renderWindow, scriptTokens, type Token } from './snippet-tokens.js';
import { lineStartsOf, positionIn } from './lines.js';
import { locatePointer } from './json-locate.js';
import { oncePer } from '../once.js';

const treeOf = oncePer((document: SourceDocument): JsonNode | undefined => parseTree(document.text, [], { allowTrailingComma: false, disallowComments: true }));

const lineStarts = oncePer((document: SourceDocument): number[] => lineStartsOf(document.text));

/** 1-based line and column of a UTF-16 offset. */
export function positionAt(document: SourceDocument, offset: number): { line: number; column: number } {
  return positionIn(lineStarts(document), offset);
}

/**
 * The jsonc node for a pointer: for an object member, the property node (key and value), so a
 * finding points at `"key": value`; for an array element or the root, the value itself.
 * Falls back to the deepest existing ancestor.
 */
export function findJsonNode(tree: JsonNode, pointer: string): JsonNode {
  if (pointer === '') return tree;
  let node: JsonNode = tree;
  let member: JsonNode = tree;
  for (const segment of pointerSegments(pointer)) {
    let next: JsonNode | undefined;
    let nextMember: JsonNode | undefined;
    if (node.type === 'object') {
      // The last duplicate wins, as in JSON.parse.
      const properties = node.children ?? [];
      for (let i = properties.length - 1; i >= 0; i--) {
        if (properties[i].children?.[0]?.value === segment) {
          nextMember = properties[i];
          next = properties[i].children?.[1];
          break;
        }
      }
    } else if (node.type === 'array' && /^\d+$/.test(segment)) {
      next = node.children?.[Number(segment)];
      nextMember = next;
    }
    if (!next || !nextMember) return member;
    node = next;
    member = nextMember;
  }
  return member;
}

export function jsonValueNode(document: SourceDocument, pointer: string): JsonNode | undefined {
  const tree = treeOf(document);
  if (!tree) return undefined;
  const node = findJsonNode(tree, pointer);
  return node.type === 'property' ? node.children?.[1] : node;
}

const MAX_SNIPPET = 200;

declare const snippetBrand: unique symbol;
/**
 * Snippet text that went through this module's redaction. Only snippetOf creates one (the brand
 * symbol is not exported), so a reporter typed to receive it cannot be handed raw input text.
 */
export type RedactedSnippet = string & { readonly [snippetBrand]: true };

function regionOf(document: SourceDocument, start: number, end: number): Region {
  const from = positionAt(document, start);
  const to = positionAt(document, end);
  return { startLine: from.line, startColumn: from.column, endLine: to.line, endColumn: to.column };
}

/** Region and redacted snippet of a model location (undefined when it cannot be placed). */
export function resolveRegion(location: NodeLocation): { region: Region; snippet: RedactedSnippet } | undefined {
  const { document } = location;
  let start: number;
  let end: number;
  if (document.format === 'json') {
    ({ start, end } = locatePointer(document, document.text, location.pointer));
  } else if (location.offset !== undefined) {
    // From the start of the value's line (at most 48 characters back) to its third character.
    const lineStart = document.text.lastIndexOf('\n', location.offset - 1) + 1;
    start = Math.max(lineStart, location.offset - 48);
    end = Math.min(document.text.length, location.offset + 3);
  } else {
    const from = location.hintAfter ? Math.max(0, document.text.indexOf(location.hintAfter)) : 0;
    const at = location.hint ? document.text.indexOf(location.hint, from) : -1;
    if (at < 0) return undefined;
    start = at;
    end = at + location.hint!.length;
  }
  const region = regionOf(document, start, end);
  return { region, snippet: snippetOf(document, start, end) };
}

/** The first line of the region, redacted; long lines are cut around the start. */
function snippetOf(document: SourceDocument, start: number, end: number): RedactedSnippet {
  const text = document.text;
  const lineEnd = text.indexOf('\n', start);
  const stop = Math.min(end, lineEnd < 0 ? text.length : lineEnd, start + MAX_SNIPPET);
  const cut = stop < end ? ' …' : '';
  let shown: string;
  if (document.format === 'json') shown = redactJsonWindow(text, stringRanges(document), start, stop);
  else if (document.format === 'xml') shown = redactXmlDocumentWindow(document, start, stop);
  else shown = renderWindow(text, scriptTokensOf(document), start, stop);
  return (shown.replace(/\r$/, '') + cut) as RedactedSnippet;
}

const stringRanges = oncePer((document: SourceDocument): Int32Array => jsonStringRanges(document.text));

/** `.ts`/`.js` files (the only text documents with findings): tokenised once, windows cut from the tokens. */
const scriptTokensOf = oncePer((document: SourceDocument): Token[] => scriptTokens(document.text));

/** Text nodes of `<Definition>` elements (desktop flow scripts) as [start, end) pairs, in order. */
const definitionRanges = oncePer((document: SourceDocument): [number, number][] => {
  const ranges: [number, number][] = [];
  const open = /<Definition>/g;
  for (let m = open.exec(document.text); m; m = open.exec(document.text)) {
    const start = m.index + m[0].length;
    const close = document.text.indexOf('<', start);
    const end = close < 0 ? document.text.length : close;
    ranges.push([start, end]);
    open.lastIndex = end;
  }
  return ranges;
});

/** Robin tokens of one `<Definition>` text node, by its start offset. */
const definitionTokensOf = oncePer((_document: SourceDocument): Map<number, Token[]> => new Map());

/**
 * An XML window. The part of it in a desktop flow's `<Definition>` shows the script's structure
 * (Robin tokens); the rest is tokenised as XML.
 */
function redactXmlDocumentWindow(document: SourceDocument, start: number, stop: number): string {
  const ranges = definitionRanges(document);
  let lo = 0;
  let hi = ranges.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ranges[mid][1] <= start) lo = mid + 1;
    else hi = mid;
  }
  let out = '';
  let at = start;
  for (let r = lo; r < ranges.length && ranges[r][0] < stop; r++) {
    const [nodeStart, nodeEnd] = ranges[r];
    if (nodeStart > at) out += redactXmlWindow(document.text, at, nodeStart);
    out += renderWindow(document.text, robinTokensAt(document, nodeStart, nodeEnd), Math.max(at, nodeStart), Math.min(stop, nodeEnd));
    at = Math.min(stop, nodeEnd);
  }
  return at < stop ? out + redactXmlWindow(document.text, at, stop) : out;
}

function robinTokensAt(document: SourceDocument, nodeStart: number, nodeEnd: number): Token[] {
  const cache = definitionTokensOf(document);
  let tokens = cache.get(nodeStart);
  if (!tokens) {
    tokens = definitionTokens(document.text.slice(nodeStart, nodeEnd)).map((t) => ({ ...t, start: t.start + nodeStart, end: t.end + nodeStart }));
    cache.set(nodeStart, tokens);
  }
  return tokens;
}

/**
 * How far back a window into XML looks for the markup it is in. Further back, the window is taken
 * to be inside a value and shows none of it; the bound keeps many findings in one large document
 * linear.
 */
const XML_CONTEXT = 8 * 1024;

/**
 * An XML window tokenised from the markup it starts in, so a window that opens inside an
 * attribute value, a text node, a comment or CDATA still knows it is inside a value. Tag and
 * attribute names, `=`, quotes and brackets stay; every attribute value, text node, comment and
 * CDATA body is redacted. A value cut by the window's start shows no characters.
 */
export function redactXmlWindow(text: string, start: number, stop: number): string {
  const floor = Math.max(0, start - XML_CONTEXT);
  let at = lastIndexIn(text, '<', start, floor);
  // '<' may occur inside a comment or CDATA: start from the section when the window is in one.
  for (const [open, close] of [
    ['<!--', '-->'],
    ['<![CDATA[', ']]>'],
  ] as const) {
    const opened = lastIndexIn(text, open, start, floor);
    if (opened >= 0 && opened < at && lastIndexIn(text, close, start, opened) < 0) at = opened;
  }
  let out = '';
  const value = (from: number, to: number): void => {
    const a = Math.max(from, start);
    const b = Math.min(to, stop);
    if (b <= a) return;
    out += a > from ? '***' : redactString(text.slice(a, b));
  };
  const structure = (from: number, to: number): void => {
    const a = Math.max(from, start);
    const b = Math.min(to, stop);
    if (b > a) out += text.slice(a, b);
  };
  // No markup within reach: the window is in a text node (or something as opaque).
  if (at < 0) {
    const next = text.indexOf('<', start);
    value(start, next < 0 ? stop : next);
    at = next < 0 ? stop : next;
  }
  let i = at;
  while (i < stop) {
    if (text[i] !== '<') {
      const next = text.indexOf('<', i);
      const to = next < 0 ? text.length : next;
      value(i, to);
      i = to;
      continue;
    }
    const section = [
      ['<!--', '-->'],
      ['<![CDATA[', ']]>'],
    ].find(([open]) => text.startsWith(open, i));
    if (section) {
      const [open, close] = section;
      structure(i, i + open.length);
      const found = text.indexOf(close, i + open.length);
      const bodyEnd = found < 0 ? text.length : found;
      value(i + open.length, bodyEnd);
      structure(bodyEnd, Math.min(text.length, bodyEnd + close.length));
      i = bodyEnd + close.length;
      continue;
    }
    // A tag: names and punctuation verbatim, quoted values redacted.
    let j = i;
    while (j < text.length && text[j] !== '>') {
      const quote = text[j];
      if (quote === '"' || quote === "'") {
        structure(j, j + 1);
        const found = text.indexOf(quote, j + 1);
        const valueEnd = found < 0 ? text.length : found;
        value(j + 1, valueEnd);
        structure(valueEnd, valueEnd + 1);
        j = valueEnd + 1;
        continue;
      }
      const k = nextSpecial(text, j);
      structure(j, k);
      j = k;
    }
    structure(j, j + 1);
    i = j + 1;
  }
  return out;
}

/** The last index of `needle` that starts before `before` and at or after `floor`, or -1. */
function lastIndexIn(text: string, needle: string, before: number, floor: number): number {
  if (before <= floor) return -1;
  // Searched in a slice (V8 does not copy it): lastIndexOf on the whole text would scan back to
  // its start whenever the needle is absent.
  const found = text.slice(floor, Math.min(text.length, before - 1 + needle.length)).lastIndexOf(needle);
  return found < 0 ? -1 : floor + found;
}

/** The end of a run of tag characters that are neither quotes nor '>'. */
function nextSpecial(text: string, from: number): number {
  let k = from;
  while (k < text.length && text[k] !== '"' && text[k] !== "'" && text[k] !== '>') k++;
  return Math.max(k, from + 1);
}
