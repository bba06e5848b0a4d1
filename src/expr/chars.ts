/** Character-code helpers shared by the expression and template scanners. */

export const CH_TAB = 9;
export const CH_LF = 10;
export const CH_CR = 13;
export const CH_SPACE = 32;
export const CH_DQUOTE = 34;
export const CH_DOLLAR = 36;
export const CH_QUOTE = 39;
export const CH_LPAREN = 40;
export const CH_RPAREN = 41;
export const CH_PLUS = 43;
export const CH_COMMA = 44;
export const CH_MINUS = 45;
export const CH_DOT = 46;
export const CH_0 = 48;
export const CH_9 = 57;
export const CH_QUESTION = 63;
export const CH_AT = 64;
export const CH_UPPER_E = 69;
export const CH_LBRACKET = 91;
export const CH_RBRACKET = 93;
export const CH_UNDERSCORE = 95;
export const CH_LOWER_E = 101;
export const CH_LBRACE = 123;
export const CH_RBRACE = 125;

export function isWhitespace(c: number): boolean {
  return c === CH_SPACE || (c >= CH_TAB && c <= CH_CR) || c === 0xa0 || c === 0xfeff || c === 0x2028 || c === 0x2029 || c === 0x3000 || (c >= 0x2000 && c <= 0x200a);
}

export function isDigit(c: number): boolean {
  return c >= CH_0 && c <= CH_9;
}

/**
 * Letters, `_`, `$`, and any non-ASCII code unit that is not whitespace (property names in exports
 * are occasionally non-English). Digits are accepted after the first character.
 */
export function isIdentStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === CH_UNDERSCORE || c === CH_DOLLAR || (c >= 0x80 && !isWhitespace(c));
}

export function isIdentPart(c: number): boolean {
  return isIdentStart(c) || isDigit(c);
}

/** Human-readable description of the character at `pos` for error messages. */
export function describeAt(text: string, pos: number): string {
  if (pos >= text.length) return 'end of expression';
  const c = text.charCodeAt(pos);
  if (c === CH_LF) return 'line break';
  if (c === CH_TAB) return 'tab';
  if (c < 32 || c === 127) return `control character U+${c.toString(16).padStart(4, '0').toUpperCase()}`;
  return `'${String.fromCodePoint(text.codePointAt(pos) ?? c)}'`;
}
