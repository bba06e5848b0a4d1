/**
 * AST of the Workflow Definition Language (WDL) expression grammar used by Logic Apps and
 * Power Automate (see docs/formats.md §3.6). The grammar has no infix operators: an expression is a
 * literal or a function call, optionally followed by member accesses.
 *
 * Every node carries `start` (inclusive) and `end` (exclusive) offsets in UTF-16 code units,
 * relative to the expression text that was parsed (for a template, add the embedded expression's
 * `offset` to get a position in the JSON string value).
 */

export interface NodeSpan {
  readonly start: number;
  readonly end: number;
}

/** `'text'`; `value` is unescaped (`'It''s'` -> `It's`). */
export interface StringLiteral extends NodeSpan {
  readonly kind: 'string';
  readonly value: string;
}

/** `-1`, `2.5`, `1e3`; `raw` is the source text. */
export interface NumberLiteral extends NodeSpan {
  readonly kind: 'number';
  readonly value: number;
  readonly raw: string;
}

/** `true` / `false` (case-insensitive). */
export interface BooleanLiteral extends NodeSpan {
  readonly kind: 'boolean';
  readonly value: boolean;
}

/** `null` (case-insensitive). */
export interface NullLiteral extends NodeSpan {
  readonly kind: 'null';
}

/** `name(arg, ...)`. `name` is as written; WDL function names are case-insensitive. */
export interface CallExpr extends NodeSpan {
  readonly kind: 'call';
  readonly name: string;
  /** End offset of the function name (the name starts at `start`). */
  readonly nameEnd: number;
  readonly args: readonly Expr[];
}

/** A property name after `.` or `?.`. */
export interface Identifier extends NodeSpan {
  readonly kind: 'identifier';
  readonly name: string;
}

interface MemberBase extends NodeSpan {
  readonly kind: 'member';
  readonly object: Expr;
  /** `?.` / `?[` (null-safe access). */
  readonly optional: boolean;
}

/** `object.name` or `object?.name`. */
export interface DotMemberExpr extends MemberBase {
  readonly computed: false;
  readonly property: Identifier;
}

/** `object[expr]` or `object?[expr]`. */
export interface IndexMemberExpr extends MemberBase {
  readonly computed: true;
  readonly property: Expr;
}

export type MemberExpr = DotMemberExpr | IndexMemberExpr;

export type LiteralExpr = StringLiteral | NumberLiteral | BooleanLiteral | NullLiteral;

export type Expr = LiteralExpr | CallExpr | MemberExpr;

export type ExprKind = Expr['kind'];
