/**
 * Recursive-descent parser for WDL expressions (the text after `@` or inside `@{...}`).
 *
 * Grammar (docs/formats.md §3.6):
 *   expr     := primary accessor*
 *   primary  := string | number | 'true' | 'false' | 'null' | ident '(' [expr (',' expr)*] ')'
 *   accessor := ['?'] '.' ident | ['?'] '[' expr ']'
 *   string   := "'" ( [^'] | "''" )* "'"
 *   number   := ['+'|'-'] digit+ ['.' digit+] [('e'|'E') ['+'|'-'] digit+]
 * Whitespace is allowed between tokens. There are no infix operators and no double-quoted strings.
 *
 * The parser scans character codes directly (no token array, no regular expressions) and slices
 * each token's text at most once. Nesting is capped at MAX_EXPRESSION_DEPTH so that neither this
 * parser nor recursive consumers of the AST can overflow the stack.
 */
import type { CallExpr, Expr, Identifier, MemberExpr } from './ast.js';
import {
  CH_COMMA,
  CH_DOT,
  CH_DQUOTE,
  CH_LBRACKET,
  CH_LOWER_E,
  CH_LPAREN,
  CH_MINUS,
  CH_PLUS,
  CH_QUESTION,
  CH_QUOTE,
  CH_RBRACKET,
  CH_RPAREN,
  CH_UPPER_E,
  describeAt,
  isDigit,
  isIdentPart,
  isIdentStart,
  isWhitespace,
} from './chars.js';
import { ExpressionSyntaxError } from './errors.js';

/** Maximum height of an expression tree (calls, arguments and accessors each add a level). */
export const MAX_EXPRESSION_DEPTH = 256;

/**
 * Parses one WDL expression (without the leading `@`). Throws `ExpressionSyntaxError` on malformed
 * input and never throws anything else.
 */
export function parseExpression(text: string): Expr {
  const parser = new Parser(text);
  try {
    return parser.parseAll();
  } catch (error) {
    if (error instanceof ExpressionSyntaxError) throw error;
    // Defensive: the depth cap keeps recursion shallow, but a caller that is itself deep in the
    // stack could still run out. Report that as a syntax problem rather than crashing the run.
    if (error instanceof RangeError) {
      throw new ExpressionSyntaxError('Expression is too complex to parse', parser.pos);
    }
    throw error;
  }
}

class Parser {
  readonly text: string;
  readonly len: number;
  pos = 0;
  /** Height of the node most recently returned by parseValue (leaves are 1). */
  private height = 0;

  constructor(text: string) {
    this.text = text;
    this.len = text.length;
  }

  parseAll(): Expr {
    this.skipWs();
    if (this.pos >= this.len) throw new ExpressionSyntaxError('Empty expression', this.pos);
    const expr = this.parseValue(1);
    this.skipWs();
    if (this.pos < this.len) {
      const c = this.text.charCodeAt(this.pos);
      if (c === CH_DQUOTE) throw this.doubleQuoteError();
      throw new ExpressionSyntaxError(`Unexpected ${describeAt(this.text, this.pos)} after the end of the expression`, this.pos);
    }
    return expr;
  }

  private skipWs(): void {
    const text = this.text;
    let pos = this.pos;
    while (pos < this.len && isWhitespace(text.charCodeAt(pos))) pos++;
    this.pos = pos;
  }

  private doubleQuoteError(): ExpressionSyntaxError {
    return new ExpressionSyntaxError("Double-quoted strings are not allowed in expressions; use single quotes ('...')", this.pos);
  }

  private tooDeep(at: number): ExpressionSyntaxError {
    return new ExpressionSyntaxError(`Expression is nested too deeply (more than ${MAX_EXPRESSION_DEPTH} levels)`, at);
  }

  /** Parses `primary accessor*` at nesting level `depth` (1 = top level). */
  private parseValue(depth: number): Expr {
    if (depth > MAX_EXPRESSION_DEPTH) throw this.tooDeep(this.pos);
    this.skipWs();
    let expr = this.parsePrimary(depth);
    let height = this.height;
    const text = this.text;
    for (;;) {
      const save = this.pos;
      this.skipWs();
      if (this.pos >= this.len) {
        this.pos = save;
        break;
      }
      let c = text.charCodeAt(this.pos);
      let optional = false;
      if (c === CH_QUESTION) {
        optional = true;
        const qPos = this.pos;
        this.pos++;
        this.skipWs();
        c = this.pos < this.len ? text.charCodeAt(this.pos) : -1;
        if (c !== CH_DOT && c !== CH_LBRACKET) {
          throw new ExpressionSyntaxError(`Expected '.' or '[' after '?' but found ${describeAt(text, this.pos)}`, c === -1 ? qPos : this.pos);
        }
      }
      if (c === CH_DOT) {
        this.pos++;
        this.skipWs();
        const property = this.parsePropertyName();
        height++;
        if (height > MAX_EXPRESSION_DEPTH) throw this.tooDeep(property.start);
        const member: MemberExpr = {
          kind: 'member',
          object: expr,
          property,
          computed: false,
          optional,
          start: expr.start,
          end: property.end,
        };
        expr = member;
      } else if (c === CH_LBRACKET) {
        const open = this.pos;
        this.pos++;
        this.skipWs();
        if (this.pos < this.len && text.charCodeAt(this.pos) === CH_RBRACKET) {
          throw new ExpressionSyntaxError("Empty index '[]'; expected an expression", this.pos);
        }
        const property = this.parseValue(depth + 1);
        height = Math.max(height, this.height) + 1;
        if (height > MAX_EXPRESSION_DEPTH) throw this.tooDeep(open);
        this.skipWs();
        this.expect(CH_RBRACKET, "']'", open, "'['");
        const member: MemberExpr = {
          kind: 'member',
          object: expr,
          property,
          computed: true,
          optional,
          start: expr.start,
          end: this.pos,
        };
        expr = member;
      } else {
        this.pos = save;
        break;
      }
    }
    this.height = height;
    return expr;
  }

  /** Consumes `code` or throws, naming the construct opened at `openPos` when input ran out. */
  private expect(code: number, what: string, openPos: number, opener: string): void {
    if (this.pos < this.len && this.text.charCodeAt(this.pos) === code) {
      this.pos++;
      return;
    }
    if (this.pos >= this.len) {
      throw new ExpressionSyntaxError(`Missing ${what} to close ${opener} at offset ${openPos}`, openPos);
    }
    if (this.text.charCodeAt(this.pos) === CH_DQUOTE) throw this.doubleQuoteError();
    throw new ExpressionSyntaxError(`Expected ${what} but found ${describeAt(this.text, this.pos)}`, this.pos);
  }

  private parsePropertyName(): Identifier {
    const text = this.text;
    const start = this.pos;
    let pos = start;
    while (pos < this.len && isIdentPart(text.charCodeAt(pos))) pos++;
    if (pos === start) {
      if (pos < this.len && text.charCodeAt(pos) === CH_DQUOTE) throw this.doubleQuoteError();
      throw new ExpressionSyntaxError(`Expected a property name after '.' but found ${describeAt(text, pos)}`, pos);
    }
    this.pos = pos;
    return { kind: 'identifier', name: text.slice(start, pos), start, end: pos };
  }

  private parsePrimary(depth: number): Expr {
    const text = this.text;
    const start = this.pos;
    if (start >= this.len) {
      throw new ExpressionSyntaxError('Unexpected end of expression; expected a value', start);
    }
    const c = text.charCodeAt(start);
    if (c === CH_QUOTE) return this.parseString();
    if (isDigit(c) || c === CH_MINUS || c === CH_PLUS) return this.parseNumber();
    if (c === CH_DQUOTE) throw this.doubleQuoteError();
    if (!isIdentStart(c)) {
      throw new ExpressionSyntaxError(`Unexpected ${describeAt(text, start)}; expected a function call, string, number, true, false or null`, start);
    }
    let pos = start + 1;
    while (pos < this.len && isIdentPart(text.charCodeAt(pos))) pos++;
    const nameEnd = pos;
    const name = text.slice(start, nameEnd);
    this.pos = nameEnd;
    this.skipWs();
    const next = this.pos < this.len ? text.charCodeAt(this.pos) : -1;
    if (next !== CH_LPAREN) {
      const keyword = keywordLiteral(name, start, nameEnd);
      if (keyword) {
        this.pos = nameEnd;
        this.height = 1;
        return keyword;
      }
      if (next === CH_DQUOTE) throw this.doubleQuoteError();
      throw new ExpressionSyntaxError(
        next === -1 ? `Expected '(' after function name '${name}' but the expression ended` : `Expected '(' after function name '${name}' but found ${describeAt(text, this.pos)}`,
        next === -1 ? start : this.pos,
      );
    }
    if (keywordLiteral(name, start, nameEnd)) {
      throw new ExpressionSyntaxError(`'${name}' is a literal and cannot be called`, this.pos);
    }
    return this.parseCallArgs(name, start, nameEnd, depth);
  }

  /** At '(' after a function name. */
  private parseCallArgs(name: string, start: number, nameEnd: number, depth: number): CallExpr {
    const text = this.text;
    const open = this.pos;
    this.pos++;
    const args: Expr[] = [];
    let height = 1;
    this.skipWs();
    if (this.pos < this.len && text.charCodeAt(this.pos) === CH_RPAREN) {
      this.pos++;
    } else {
      for (;;) {
        this.skipWs();
        if (this.pos >= this.len) {
          throw new ExpressionSyntaxError(`Missing ')' to close the call to '${name}' at offset ${open}`, open);
        }
        const c = text.charCodeAt(this.pos);
        if (c === CH_COMMA || c === CH_RPAREN) {
          throw new ExpressionSyntaxError(`Missing argument in the call to '${name}' before ${describeAt(text, this.pos)}`, this.pos);
        }
        args.push(this.parseValue(depth + 1));
        if (this.height + 1 > height) height = this.height + 1;
        this.skipWs();
        if (this.pos < this.len && text.charCodeAt(this.pos) === CH_COMMA) {
          this.pos++;
          continue;
        }
        this.expect(CH_RPAREN, "')'", open, `the call to '${name}'`);
        break;
      }
    }
    if (height > MAX_EXPRESSION_DEPTH) throw this.tooDeep(start);
    this.height = height;
    return { kind: 'call', name, nameEnd, args, start, end: this.pos };
  }

  private parseString(): Expr {
    const text = this.text;
    const start = this.pos;
    let chunkStart = start + 1;
    let value = '';
    for (;;) {
      const close = text.indexOf("'", chunkStart);
      if (close === -1) {
        throw new ExpressionSyntaxError('Unterminated string literal', start);
      }
      if (close + 1 < this.len && text.charCodeAt(close + 1) === CH_QUOTE) {
        // '' is an escaped quote: keep one.
        value += text.slice(chunkStart, close + 1);
        chunkStart = close + 2;
        continue;
      }
      value += text.slice(chunkStart, close);
      this.pos = close + 1;
      this.height = 1;
      return { kind: 'string', value, start, end: this.pos };
    }
  }

  private parseNumber(): Expr {
    const text = this.text;
    const len = this.len;
    const start = this.pos;
    let pos = start;
    let c = text.charCodeAt(pos);
    if (c === CH_MINUS || c === CH_PLUS) pos++;
    const digitsStart = pos;
    while (pos < len && isDigit(text.charCodeAt(pos))) pos++;
    if (pos === digitsStart) {
      throw new ExpressionSyntaxError(`Invalid number: expected a digit after '${text[start]}' but found ${describeAt(text, pos)}`, pos);
    }
    if (pos < len && text.charCodeAt(pos) === CH_DOT) {
      pos++;
      const fracStart = pos;
      while (pos < len && isDigit(text.charCodeAt(pos))) pos++;
      if (pos === fracStart) {
        throw new ExpressionSyntaxError(`Invalid number: expected a digit after '.' but found ${describeAt(text, pos)}`, pos);
      }
    }
    if (pos < len) {
      c = text.charCodeAt(pos);
      if (c === CH_LOWER_E || c === CH_UPPER_E) {
        pos++;
        if (pos < len) {
          c = text.charCodeAt(pos);
          if (c === CH_MINUS || c === CH_PLUS) pos++;
        }
        const expStart = pos;
        while (pos < len && isDigit(text.charCodeAt(pos))) pos++;
        if (pos === expStart) {
          throw new ExpressionSyntaxError(`Invalid number: expected exponent digits but found ${describeAt(text, pos)}`, pos);
        }
      }
    }
    if (pos < len && isIdentPart(text.charCodeAt(pos))) {
      throw new ExpressionSyntaxError(`Invalid number: unexpected ${describeAt(text, pos)} after '${text.slice(start, pos)}'`, pos);
    }
    const raw = text.slice(start, pos);
    this.pos = pos;
    this.height = 1;
    return { kind: 'number', value: Number(raw), raw, start, end: pos };
  }
}

function keywordLiteral(name: string, start: number, end: number): Expr | undefined {
  const n = name.length;
  if (n !== 4 && n !== 5) return undefined;
  switch (name.toLowerCase()) {
    case 'true':
      return { kind: 'boolean', value: true, start, end };
    case 'false':
      return { kind: 'boolean', value: false, start, end };
    case 'null':
      return { kind: 'null', start, end };
    default:
      return undefined;
  }
}
