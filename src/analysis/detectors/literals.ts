/**
 * The literal text inside a JSON string value of a flow (docs/formats.md §3.6). A plain string is all
 * literal; `@@...` is literal text starting with `@`; a whole expression (`@fn(...)`) is not a
 * literal, but the string constants inside it are (`@concat('Bearer ', 'abc...')`); an
 * interpolation (`Bearer @{variables('t')}`) has literal text between its segments.
 */
import { foldTemplate, isTemplate, parseTemplate, referenceFunction, walkExpression, type Expr, type Template } from '../../expr/index.js';

export type PieceOrigin = 'literal' | 'text' | 'expression-string';

export interface LiteralPiece {
  readonly text: string;
  /**
   * `literal`: the whole value is literal text; `text`: text between interpolation segments;
   * `expression-string`: a string constant inside an expression.
   */
  readonly origin: PieceOrigin;
}

/** True when the engine evaluates the value (it starts with `@` or holds `@{`) and it is not an `@@` escape. */
export function isExpressionValue(value: string): boolean {
  if (!isTemplate(value)) return false;
  const parsed = parseTemplate(value);
  return !(parsed.ok && parsed.template.kind === 'literal');
}

/**
 * The text a JSON string value of a flow evaluates to when it needs no run-time data: plain text,
 * `@@` escapes, and `concat`, `base64`, `string` and `encodeUriComponent` of literals
 * (`@{base64(concat('key', ':'))}`). A credential built that way is as hard-coded as one written
 * out. Undefined for anything that reads run-time data and for unparsable templates.
 */
export function constantText(value: string): string | undefined {
  const parsed = parseTemplate(value);
  return parsed.ok ? foldTemplate(parsed.template) : undefined;
}

/** The literal pieces of a JSON string value, in source order. Unparsable templates yield none. */
export function literalPieces(value: string): LiteralPiece[] {
  const parsed = parseTemplate(value);
  if (!parsed.ok) return [];
  return piecesOf(parsed.template);
}

function piecesOf(template: Template): LiteralPiece[] {
  switch (template.kind) {
    case 'literal':
      return template.value === '' ? [] : [{ text: template.value, origin: 'literal' }];
    case 'expression':
      return expressionStrings(template.expr);
    case 'interpolation': {
      const out: LiteralPiece[] = [];
      for (const part of template.parts) {
        if (part.kind === 'text') {
          if (part.value !== '') out.push({ text: part.value, origin: 'text' });
        } else {
          out.push(...expressionStrings(part.expr));
        }
      }
      return out;
    }
  }
}

/**
 * String constants of an expression that are data, not names: the name argument of reference
 * functions (`variables('token')`) and member keys (`?['access_token']`) are left out.
 */
function expressionStrings(expr: Expr): LiteralPiece[] {
  const out: LiteralPiece[] = [];
  walkExpression(expr, (node, parent) => {
    if (node.kind !== 'string' || node.value === '') return;
    if (parent?.kind === 'member' && parent.computed && parent.property === node) return;
    if (parent?.kind === 'call' && parent.args[0] === node && referenceFunction(parent.name) !== undefined) return;
    out.push({ text: node.value, origin: 'expression-string' });
  });
  return out;
}

/**
 * The value with every expression segment replaced by `\u0000` (one per segment), so callers can
 * split literal structure (`a=b&c=@{x}`) without mistaking expression text for literal text.
 * Undefined for whole expressions and unparsable templates.
 */
export function maskExpressions(value: string): string | undefined {
  const parsed = parseTemplate(value);
  if (!parsed.ok) return undefined;
  const { template } = parsed;
  if (template.kind === 'literal') return template.value;
  if (template.kind === 'expression') return undefined;
  return template.parts.map((part) => (part.kind === 'text' ? part.value : '\u0000')).join('');
}
