/**
 * Template (JSON string value) handling, docs/formats.md §3.6:
 * - a string is a template iff it starts with `@` or contains `@{` after index 0;
 * - `@@...` (leading) is an escape: a literal string starting with one `@`;
 * - `@{` starts an interpolation segment closed by the first `}` outside a `'...'` literal;
 *   `@@{` inside an interpolated string yields literal `@{`;
 * - any other leading `@` makes the whole value one expression (its result keeps its type).
 */
import type { Expr } from './ast.js';
import { CH_AT, CH_LBRACE, CH_QUOTE, CH_RBRACE, isWhitespace } from './chars.js';
import { ExpressionSyntaxError } from './errors.js';
import { parseExpression } from './parser.js';

/** An expression embedded in a JSON string value. */
export interface EmbeddedExpression {
  /** The expression text (without `@`, `@{` and `}`). */
  readonly text: string;
  /** Offset of `text` in the JSON string value; add it to node offsets to locate them there. */
  readonly offset: number;
  readonly expr: Expr;
}

/** Not an expression (`escaped` false) or an escaped value whose result is plain text. */
export interface LiteralTemplate {
  readonly kind: 'literal';
  /** The resulting text, with `@@` / `@@{` escapes resolved. */
  readonly value: string;
  /** True when the value was a template whose escapes produced plain text. */
  readonly escaped: boolean;
}

/** `@expr`: the whole value is one expression; `offset` is 1. */
export interface ExpressionTemplate extends EmbeddedExpression {
  readonly kind: 'expression';
}

/** Literal text between segments of an interpolated string. */
export interface TemplateTextPart {
  readonly kind: 'text';
  /** The text with `@@{` escapes resolved. */
  readonly value: string;
  /** Raw span in the JSON string value (`end` exclusive). */
  readonly start: number;
  readonly end: number;
}

/** `@{expr}`; `start`/`end` cover `@{` through `}`, `offset` is where `text` starts (start + 2). */
export interface TemplateExpressionPart extends EmbeddedExpression {
  readonly kind: 'segment';
  readonly start: number;
  readonly end: number;
}

export type TemplatePart = TemplateTextPart | TemplateExpressionPart;

/** `text @{expr} text`: the result is always a string. Contains at least one segment. */
export interface InterpolationTemplate {
  readonly kind: 'interpolation';
  readonly parts: readonly TemplatePart[];
}

export type Template = LiteralTemplate | ExpressionTemplate | InterpolationTemplate;

export interface TemplateError {
  readonly message: string;
  /** Offset in the JSON string value. */
  readonly offset: number;
}

export type TemplateResult = { readonly ok: true; readonly template: Template } | { readonly ok: false; readonly error: TemplateError };

/** True iff the JSON string value is evaluated by the engine (starts with `@` or has `@{` later). */
export function isTemplate(value: string): boolean {
  return value.length > 0 && (value.charCodeAt(0) === CH_AT || value.indexOf('@{', 1) !== -1);
}

/**
 * Recent results by value. The analyses and rules that read a flow's strings each parse them
 * (taint, credentials, vaults, literal pieces), and exports repeat the same expressions across
 * flows: parsing each value once saved a tenth of the run on a large estate. Bounded, and results
 * are immutable, so sharing them is safe.
 */
const recentTemplates = new Map<string, TemplateResult>();
const RECENT_TEMPLATES_LIMIT = 4096;

/** Parses a JSON string value as a template. Never throws. */
export function parseTemplate(value: string): TemplateResult {
  if (!isTemplate(value)) {
    return { ok: true, template: { kind: 'literal', value, escaped: false } };
  }
  let result = recentTemplates.get(value);
  if (result === undefined) {
    result = parseTemplateValue(value);
    if (recentTemplates.size >= RECENT_TEMPLATES_LIMIT) recentTemplates.clear();
    recentTemplates.set(value, result);
  }
  return result;
}

function parseTemplateValue(value: string): TemplateResult {
  if (value.charCodeAt(0) === CH_AT) {
    const second = value.length > 1 ? value.charCodeAt(1) : -1;
    if (second === CH_AT) {
      return { ok: true, template: { kind: 'literal', value: value.slice(1), escaped: true } };
    }
    if (second !== CH_LBRACE) {
      const text = value.slice(1);
      const parsed = parseEmbedded(text, 1);
      if (!parsed.ok) return parsed;
      return { ok: true, template: { kind: 'expression', text, offset: 1, expr: parsed.expr } };
    }
  }
  return parseInterpolation(value);
}

/** All expressions of a template in source order (none for a literal). */
export function templateExpressions(template: Template): readonly EmbeddedExpression[] {
  switch (template.kind) {
    case 'literal':
      return [];
    case 'expression':
      return [template];
    case 'interpolation': {
      const out: EmbeddedExpression[] = [];
      for (const part of template.parts) if (part.kind === 'segment') out.push(part);
      return out;
    }
  }
}

type EmbeddedResult = { ok: true; expr: Expr } | { ok: false; error: TemplateError };

function parseEmbedded(text: string, offset: number): EmbeddedResult {
  try {
    return { ok: true, expr: parseExpression(text) };
  } catch (error) {
    if (error instanceof ExpressionSyntaxError) {
      return { ok: false, error: { message: error.message, offset: offset + error.offset } };
    }
    return {
      ok: false,
      error: { message: `Could not parse expression: ${String(error)}`, offset },
    };
  }
}

function parseInterpolation(value: string): TemplateResult {
  const len = value.length;
  const parts: TemplatePart[] = [];
  let segments = 0;
  let escaped = false;
  // Pending text part: resolved text so far, its raw start, and the raw start of the unflushed chunk.
  let text = '';
  let textStart = 0;
  let chunkStart = 0;
  let searchFrom = 0;

  for (;;) {
    const at = value.indexOf('@{', searchFrom);
    if (at === -1) break;
    if (at > 0 && value.charCodeAt(at - 1) === CH_AT) {
      // `@@{` -> literal `@{`: keep the first `@`, drop the second.
      text += value.slice(chunkStart, at);
      chunkStart = at + 1;
      searchFrom = at + 2;
      escaped = true;
      continue;
    }
    text += value.slice(chunkStart, at);
    if (at > textStart) parts.push({ kind: 'text', value: text, start: textStart, end: at });

    // Find the closing `}` outside single-quoted literals (`''` toggles twice, so it is harmless).
    let pos = at + 2;
    let inQuote = false;
    let quoteStart = -1;
    while (pos < len) {
      const c = value.charCodeAt(pos);
      if (c === CH_QUOTE) {
        inQuote = !inQuote;
        if (inQuote) quoteStart = pos;
      } else if (c === CH_RBRACE && !inQuote) {
        break;
      }
      pos++;
    }
    if (pos >= len) {
      return inQuote
        ? { ok: false, error: { message: "Unterminated string literal in '@{...}'", offset: quoteStart } }
        : { ok: false, error: { message: "Missing '}' to close '@{'", offset: at } };
    }
    const exprOffset = at + 2;
    let blank = true;
    for (let i = exprOffset; i < pos; i++) {
      if (!isWhitespace(value.charCodeAt(i))) {
        blank = false;
        break;
      }
    }
    if (blank) {
      return { ok: false, error: { message: "Empty expression in '@{}'", offset: at } };
    }
    const exprText = value.slice(exprOffset, pos);
    const parsed = parseEmbedded(exprText, exprOffset);
    if (!parsed.ok) return parsed;
    parts.push({
      kind: 'segment',
      text: exprText,
      offset: exprOffset,
      expr: parsed.expr,
      start: at,
      end: pos + 1,
    });
    segments++;
    text = '';
    textStart = chunkStart = searchFrom = pos + 1;
  }

  text += value.slice(chunkStart);
  if (segments === 0) {
    return { ok: true, template: { kind: 'literal', value: text, escaped } };
  }
  if (textStart < len) parts.push({ kind: 'text', value: text, start: textStart, end: len });
  return { ok: true, template: { kind: 'interpolation', parts } };
}
