/**
 * Snippet text built from tokens, never from a pattern pass: a tokenizer per format splits the
 * text into structure (keys, identifiers, keywords, punctuation, blanks), shown verbatim, and
 * values (strings, numbers, comments, template parts, bare words where a value goes), shown
 * redacted. A value the window's start cuts shows no character; one cut by its end shows only
 * the redacted start.
 */
import { createRequire } from 'node:module';
import type * as TypeScript from 'typescript';
import { createScanner } from 'jsonc-parser';
import { redactString } from '../redact.js';

/** A value token: `open` and `close` are its delimiters (quotes, `//`, `${`), shown as they are. */
export interface Token {
  readonly start: number;
  readonly end: number;
  readonly value: boolean;
  /** Delimiter lengths at both ends of a value token (kept verbatim when inside the window). */
  readonly open?: number;
  readonly close?: number;
  /** Shows `***` whatever its length (numbers, comments, unknown text): no leading characters. */
  readonly opaque?: boolean;
}

/**
 * Renders the part [start, stop) of `text` from tokens that cover it (in order, not overlapping).
 * Text between tokens is structure. A value cut by `start` becomes `***`.
 */
export function renderWindow(text: string, tokens: readonly Token[], start: number, stop: number, first = firstTokenAt(tokens, start)): string {
  let out = '';
  let at = start;
  for (let i = first; i < tokens.length && at < stop; i++) {
    const token = tokens[i];
    if (token.end <= at) continue;
    if (token.start > at) {
      out += text.slice(at, Math.min(token.start, stop));
      at = Math.min(token.start, stop);
      if (at >= stop) break;
    }
    const end = Math.min(token.end, stop);
    if (!token.value) out += text.slice(at, end);
    else if (at > token.start) out += '***';
    else {
      const open = Math.min(token.open ?? 0, end - token.start);
      const closeAt = token.end - (token.close ?? 0);
      const bodyEnd = Math.max(token.start + open, Math.min(closeAt, end));
      const body = text.slice(token.start + open, bodyEnd);
      out += text.slice(token.start, token.start + open) + (token.opaque ? '***' : redactString(body));
      if (end > closeAt && closeAt >= token.start + open) out += text.slice(closeAt, end);
    }
    at = end;
  }
  if (at < stop) out += text.slice(at, stop);
  return out;
}

/** Index of the first token that ends after `offset` (binary search). */
function firstTokenAt(tokens: readonly Token[], offset: number): number {
  let lo = 0;
  let hi = tokens.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (tokens[mid].end <= offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

// ---------------------------------------------------------------------------------------------
// JSON

/** jsonc-parser's SyntaxKind values (a const enum, which this build cannot import). */
const JsonKind = {
  ColonToken: 6,
  StringLiteral: 10,
  NumericLiteral: 11,
  LineCommentTrivia: 12,
  BlockCommentTrivia: 13,
  LineBreakTrivia: 14,
  Trivia: 15,
  Unknown: 16,
  EOF: 17,
} as const;

/**
 * JSON tokens by jsonc-parser's scanner. Object keys, `true`/`false`/`null` and punctuation are
 * structure; string values, numbers (a PIN is a number), comments and anything the scanner does
 * not know are values. A string cut by the text's end is a value too.
 */
export function jsonTokens(text: string): Token[] {
  const scanner = createScanner(text, false);
  const raw: { kind: number; start: number; end: number }[] = [];
  for (let kind: number = scanner.scan(); kind !== JsonKind.EOF; kind = scanner.scan()) {
    raw.push({ kind, start: scanner.getTokenOffset(), end: scanner.getTokenOffset() + scanner.getTokenLength() });
  }
  const tokens: Token[] = [];
  for (let i = 0; i < raw.length; i++) {
    const { kind, start, end } = raw[i];
    switch (kind) {
      case JsonKind.StringLiteral: {
        let next = i + 1;
        while (next < raw.length && (raw[next].kind === JsonKind.Trivia || raw[next].kind === JsonKind.LineBreakTrivia)) next++;
        const key = next < raw.length && raw[next].kind === JsonKind.ColonToken;
        const closed = end - start >= 2 && text[end - 1] === '"' && !isEscaped(text, end - 1, start);
        tokens.push({ start, end, value: !key, open: 1, close: closed ? 1 : 0 });
        break;
      }
      case JsonKind.LineCommentTrivia:
        tokens.push({ start, end, value: true, open: 2, opaque: true });
        break;
      case JsonKind.BlockCommentTrivia:
        tokens.push({ start, end, value: true, open: 2, close: text.startsWith('*/', end - 2) && end - start >= 4 ? 2 : 0, opaque: true });
        break;
      case JsonKind.NumericLiteral:
      case JsonKind.Unknown:
        tokens.push({ start, end, value: true, opaque: true });
        break;
      default:
        tokens.push({ start, end, value: false });
    }
  }
  return tokens;
}

function isEscaped(text: string, at: number, floor: number): boolean {
  let backslashes = 0;
  for (let i = at - 1; i > floor && text[i] === '\\'; i--) backslashes++;
  return backslashes % 2 === 1;
}

/** Redacts a piece of JSON text that starts outside any string (a whole line, a node). */
export function redactJsonText(text: string): string {
  return renderWindow(text, jsonTokens(text), 0, text.length);
}

/**
 * Ranges of every string in a JSON document (keys and values), sorted, as [start, end) pairs: a
 * window into the document that starts inside one is moved past it (showing `***`).
 */
export function jsonStringRanges(text: string): Int32Array {
  const scanner = createScanner(text, true);
  const ranges: number[] = [];
  for (let kind: number = scanner.scan(); kind !== JsonKind.EOF; kind = scanner.scan()) {
    if (kind === JsonKind.StringLiteral) ranges.push(scanner.getTokenOffset(), scanner.getTokenOffset() + scanner.getTokenLength());
  }
  return Int32Array.from(ranges);
}

/** The [start, end) range in `ranges` that holds `offset` strictly after its start, or undefined. */
export function rangeHolding(ranges: Int32Array, offset: number): [number, number] | undefined {
  let lo = 0;
  let hi = ranges.length / 2;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ranges[mid * 2 + 1] <= offset) lo = mid + 1;
    else hi = mid;
  }
  if (lo * 2 >= ranges.length) return undefined;
  const start = ranges[lo * 2];
  const end = ranges[lo * 2 + 1];
  return start < offset && offset < end ? [start, end] : undefined;
}

/** A JSON window: a string the window's start cuts shows `***`, the rest is tokenised. */
export function redactJsonWindow(text: string, ranges: Int32Array, start: number, stop: number): string {
  const cut = rangeHolding(ranges, start);
  if (!cut) return redactJsonText(text.slice(start, stop));
  if (cut[1] >= stop) return '***';
  return '***' + redactJsonText(text.slice(cut[1], stop));
}

// ---------------------------------------------------------------------------------------------
// TypeScript / JavaScript

let typescript: typeof TypeScript | null | undefined;

/** The TypeScript compiler loads only when a script file's snippet is built. */
function loadTypeScript(): typeof TypeScript | undefined {
  if (typescript === undefined) {
    try {
      typescript = createRequire(import.meta.url)('typescript') as typeof TypeScript;
    } catch {
      typescript = null;
    }
  }
  return typescript ?? undefined;
}

/**
 * Tokens of a `.ts`/`.js` file by the TypeScript scanner. Identifiers, keywords, punctuation and
 * blanks are structure; strings, template parts, regular expressions, numbers and comments are
 * values. Without the compiler the whole text is one value.
 */
export function scriptTokens(text: string): Token[] {
  const ts = loadTypeScript();
  if (!ts) return [{ start: 0, end: text.length, value: true }];
  const K = ts.SyntaxKind;
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, false, ts.LanguageVariant.Standard, text);
  const tokens: Token[] = [];
  // Brace depth at each open `${`, so the `}` that closes one is rescanned as template text.
  const templates: number[] = [];
  let depth = 0;
  let previous: TypeScript.SyntaxKind = K.Unknown;
  for (let kind = scanner.scan(); kind !== K.EndOfFileToken; kind = scanner.scan()) {
    if (kind === K.CloseBraceToken && templates.length > 0 && templates[templates.length - 1] === depth) {
      templates.pop();
      kind = scanner.reScanTemplateToken(false);
    } else if ((kind === K.SlashToken || kind === K.SlashEqualsToken) && !endsExpression(ts, previous)) {
      kind = scanner.reScanSlashToken();
    }
    const start = scanner.getTokenStart();
    const end = scanner.getTokenEnd();
    switch (kind) {
      case K.StringLiteral:
        tokens.push({ start, end, value: true, open: 1, close: closes(text, start, end, text[start]) ? 1 : 0 });
        break;
      case K.NoSubstitutionTemplateLiteral:
      case K.TemplateTail:
        tokens.push({ start, end, value: true, open: 1, close: closes(text, start, end, '`') ? 1 : 0 });
        break;
      case K.TemplateHead:
      case K.TemplateMiddle:
        templates.push(depth);
        tokens.push({ start, end, value: true, open: 1, close: text.startsWith('${', end - 2) ? 2 : 0 });
        break;
      case K.SingleLineCommentTrivia:
        tokens.push({ start, end, value: true, open: 2, opaque: true });
        break;
      case K.MultiLineCommentTrivia:
        tokens.push({ start, end, value: true, open: 2, close: end - start >= 4 && text.startsWith('*/', end - 2) ? 2 : 0, opaque: true });
        break;
      case K.RegularExpressionLiteral:
        tokens.push({ start, end, value: true, open: 1 });
        break;
      case K.NumericLiteral:
      case K.BigIntLiteral:
      case K.Unknown:
      case K.JsxText:
        tokens.push({ start, end, value: true, opaque: true });
        break;
      default:
        if (kind === K.OpenBraceToken) depth++;
        else if (kind === K.CloseBraceToken) depth--;
        tokens.push({ start, end, value: false });
    }
    if (kind !== K.WhitespaceTrivia && kind !== K.NewLineTrivia && kind !== K.SingleLineCommentTrivia && kind !== K.MultiLineCommentTrivia) previous = kind;
  }
  return tokens;
}

function closes(text: string, start: number, end: number, quote: string): boolean {
  return end - start >= 2 && text[end - 1] === quote && !isEscaped(text, end - 1, start);
}

/** After these a `/` divides; anywhere else it opens a regular expression. */
function endsExpression(ts: typeof TypeScript, kind: TypeScript.SyntaxKind): boolean {
  const K = ts.SyntaxKind;
  return (
    kind === K.Identifier ||
    kind === K.PrivateIdentifier ||
    kind === K.NumericLiteral ||
    kind === K.BigIntLiteral ||
    kind === K.StringLiteral ||
    kind === K.NoSubstitutionTemplateLiteral ||
    kind === K.TemplateTail ||
    kind === K.RegularExpressionLiteral ||
    kind === K.CloseParenToken ||
    kind === K.CloseBracketToken ||
    kind === K.CloseBraceToken ||
    kind === K.PlusPlusToken ||
    kind === K.MinusMinusToken ||
    kind === K.ThisKeyword ||
    kind === K.SuperKeyword ||
    kind === K.TrueKeyword ||
    kind === K.FalseKeyword ||
    kind === K.NullKeyword
  );
}

// ---------------------------------------------------------------------------------------------
// Robin (desktop flow scripts)

/** Words that are syntax in Robin statements and expressions. */
const ROBIN_KEYWORDS = new Set([
  'SET',
  'TO',
  'IF',
  'THEN',
  'ELSE',
  'END',
  'LOOP',
  'FOREACH',
  'IN',
  'FROM',
  'STEP',
  'WHILE',
  'FUNCTION',
  'CALL',
  'GOTO',
  'LABEL',
  'BLOCK',
  'ON',
  'ERROR',
  'WAIT',
  'EXIT',
  'NEXT',
  'SWITCH',
  'CASE',
  'DEFAULT',
  'IMPORT',
  'AS',
  'DISABLE',
  'RETURN',
  'THROW',
  'GLOBAL',
  'LOCAL',
  'AND',
  'OR',
  'NOT',
  'MOD',
  'True',
  'False',
  'RETRY',
  'POLICY',
  'COUNT',
  'INTERVAL',
  'REPEAT',
  'ACTIONS',
  'CONTINUE',
  'BREAK',
  'IS',
  'EMPTY',
  'OUTPUTS',
  'INPUTS',
]);

/** Keywords whose next word is a name (a variable, function, label or alias). */
const ROBIN_NAME_AFTER = new Set(['SET', 'CALL', 'FUNCTION', 'GOTO', 'LABEL', 'BLOCK', 'AS', 'LOOP', 'FOREACH', '=>', '@INPUT', '@OUTPUT']);

const ROBIN_PUNCTUATION = new Set([...'=<>!+-*/,:;()[]{}&|.']);

/**
 * Tokens of a Robin script. Structure: keywords, the statement's first word (an action name such
 * as `Web.InvokeWebService.InvokeWebService`), parameter names (`Url:`, `Response=>`), names after
 * `SET`/`CALL`/`=>`…, `@` header names, words inside `%…%` (variable names and properties) and in
 * `@SENSITIVE: [...]`, punctuation and blanks. Values: `'…'` and `$'''…'''` strings, `#` and
 * `/# … #/` comments, numbers and every other bare word (a bare `Pwd=secret` shows `Pwd=sec***`).
 */
export function robinTokens(text: string): Token[] {
  const tokens: Token[] = [];
  let statementStart = true;
  let inPercent = false;
  let inSensitive = false;
  let previousWord = '';
  let i = 0;
  const push = (start: number, end: number, value: boolean, open = 0, close = 0, opaque = false): void => {
    tokens.push({ start, end, value, open, close, opaque });
  };
  while (i < text.length) {
    const c = text[i];
    if (c === '\n') {
      push(i, i + 1, false);
      i++;
      statementStart = true;
      inPercent = false;
      inSensitive = false;
      previousWord = '';
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r') {
      let j = i + 1;
      while (j < text.length && (text[j] === ' ' || text[j] === '\t' || text[j] === '\r')) j++;
      push(i, j, false);
      i = j;
      continue;
    }
    if (text.startsWith("$'''", i)) {
      let j = i + 4;
      while (j < text.length && !text.startsWith("'''", j)) j += text[j] === '\\' ? 2 : 1;
      const end = Math.min(text.length, j + 3);
      push(i, end, true, 4, j < text.length ? 3 : 0);
      i = end;
      statementStart = false;
      continue;
    }
    if (c === "'") {
      let j = i + 1;
      while (j < text.length && text[j] !== "'" && text[j] !== '\n') j += text[j] === '\\' && text[j + 1] !== '\n' ? 2 : 1;
      const closed = j < text.length && text[j] === "'";
      const end = closed ? j + 1 : Math.min(j, text.length);
      push(i, end, true, 1, closed ? 1 : 0);
      i = end;
      statementStart = false;
      continue;
    }
    if (text.startsWith('/#', i)) {
      const close = text.indexOf('#/', i + 2);
      const end = close < 0 ? text.length : close + 2;
      push(i, end, true, 2, close < 0 ? 0 : 2, true);
      i = end;
      continue;
    }
    if (c === '#' && !inPercent) {
      const newline = text.indexOf('\n', i);
      const end = newline < 0 ? text.length : newline;
      push(i, end, true, 1, 0, true);
      i = end;
      continue;
    }
    if (c === '%') {
      push(i, i + 1, false);
      inPercent = !inPercent;
      i++;
      statementStart = false;
      continue;
    }
    if (c === '@') {
      let j = i;
      while (j < text.length && text[j] === '@') j++;
      while (j < text.length && /[A-Za-z0-9_]/.test(text[j])) j++;
      push(i, j, false);
      const word = text.slice(i, j);
      previousWord = word.toUpperCase();
      if (previousWord === '@SENSITIVE') inSensitive = true;
      i = j;
      statementStart = false;
      continue;
    }
    if (text.startsWith('=>', i)) {
      push(i, i + 2, false);
      previousWord = '=>';
      i += 2;
      continue;
    }
    if (ROBIN_PUNCTUATION.has(c)) {
      push(i, i + 1, false);
      i++;
      continue;
    }
    // A word: a run of anything else (letters, digits, `$`, non-ASCII).
    let j = i;
    while (j < text.length && !isRobinBreak(text, j)) j++;
    // Dotted names (`Web.InvokeWebService.InvokeWebService`, `%List.Count%`) are one word.
    while (text[j] === '.' && j + 1 < text.length && !isRobinBreak(text, j + 1)) {
      j++;
      while (j < text.length && !isRobinBreak(text, j)) j++;
    }
    const word = text.slice(i, j);
    const identifier = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/.test(word);
    const structure = identifier && (statementStart || inPercent || inSensitive || ROBIN_KEYWORDS.has(word) || ROBIN_NAME_AFTER.has(previousWord) || isParameterName(text, j));
    // Numbers show nothing (a PIN is a number).
    push(i, j, !structure, 0, 0, /^[0-9]/.test(word));
    statementStart = word === 'DISABLE';
    previousWord = word;
    i = j;
  }
  return tokens;
}

function isRobinBreak(text: string, at: number): boolean {
  const c = text[at];
  return c === ' ' || c === '\t' || c === '\r' || c === '\n' || c === "'" || c === '%' || c === '#' || c === '@' || ROBIN_PUNCTUATION.has(c) || text.startsWith("$'''", at);
}

/** `Name:` or `Name=>` (blanks allowed before the mark): the word names a parameter. */
function isParameterName(text: string, end: number): boolean {
  let k = end;
  while (text[k] === ' ' || text[k] === '\t') k++;
  return (text[k] === ':' && text[k + 1] !== ':') || text.startsWith('=>', k);
}

// ---------------------------------------------------------------------------------------------
// Robin inside an XML `<Definition>` (XML-escaped, usually a JSON-encoded string)

/**
 * Tokens of a `<Definition>` text node as it stands in the XML: the node is decoded (XML entities,
 * then the JSON string escapes when it is a JSON string) with a map back to the source, the
 * Robin tokens are found in the decoded script, and mapped back onto the source text.
 */
export function definitionTokens(source: string): Token[] {
  const decoded = decodeWithMap(source);
  const mapped: Token[] = [];
  for (const token of robinTokens(decoded.text)) {
    const start = decoded.map[token.start];
    const end = decoded.map[token.end];
    if (end <= start) continue;
    if (!token.value) {
      mapped.push({ start, end, value: false });
      continue;
    }
    // Delimiters are mapped too (`'` may be spelt `&apos;`, `\n` as two characters).
    const open = decoded.map[token.start + (token.open ?? 0)] - start;
    const close = end - decoded.map[token.end - (token.close ?? 0)];
    mapped.push({ start, end, value: true, open, close, opaque: token.opaque });
  }
  return mapped;
}

/** XML entities and (for a JSON string) JSON escapes resolved; `map[k]` is decoded char k's source offset. */
function decodeWithMap(source: string): { text: string; map: number[] } {
  const chars: string[] = [];
  const map: number[] = [];
  const xml: { c: string; at: number }[] = [];
  for (let i = 0; i < source.length;) {
    if (source[i] === '&') {
      const semi = source.indexOf(';', i);
      const entity = semi > i && semi - i <= 10 ? source.slice(i + 1, semi) : '';
      const c = entityChar(entity);
      if (c !== undefined) {
        // One entry per UTF-16 unit, so offsets in the decoded text match the map.
        for (const unit of c.split('')) xml.push({ c: unit, at: i });
        i = semi + 1;
        continue;
      }
    }
    xml.push({ c: source[i], at: i });
    i++;
  }
  const first = xml.findIndex((e) => !/\s/.test(e.c));
  const json = first >= 0 && xml[first].c === '"';
  // The JSON string's own quotes stay outside the script (shown as structure).
  let sentinel = source.length;
  for (let k = json ? first + 1 : 0; k < xml.length; k++) {
    const { c, at } = xml[k];
    if (json && c === '"') {
      sentinel = at;
      break;
    }
    if (json && c === '\\' && k + 1 < xml.length) {
      const next = xml[k + 1].c;
      const simple: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f', '"': '"', '\\': '\\', '/': '/' };
      if (next in simple) {
        chars.push(simple[next]);
        map.push(at);
        k++;
        continue;
      }
      if (next === 'u' && k + 5 < xml.length) {
        const hex = xml
          .slice(k + 2, k + 6)
          .map((e) => e.c)
          .join('');
        if (/^[0-9a-fA-F]{4}$/.test(hex)) {
          chars.push(String.fromCharCode(parseInt(hex, 16)));
          map.push(at);
          k += 5;
          continue;
        }
      }
    }
    chars.push(c);
    map.push(at);
  }
  map.push(sentinel);
  return { text: chars.join(''), map };
}

function entityChar(entity: string): string | undefined {
  switch (entity) {
    case 'lt':
      return '<';
    case 'gt':
      return '>';
    case 'amp':
      return '&';
    case 'quot':
      return '"';
    case 'apos':
      return "'";
  }
  const numeric = /^#(?:x([0-9a-fA-F]{1,6})|([0-9]{1,7}))$/.exec(entity);
  if (!numeric) return undefined;
  const code = numeric[1] ? parseInt(numeric[1], 16) : Number(numeric[2]);
  return code <= 0x10ffff ? String.fromCodePoint(code) : undefined;
}
