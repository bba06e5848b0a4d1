/** Literal text of JSON string values (docs/formats.md §3.6): what the secret layers may judge. */
import { describe, expect, it } from 'vitest';
import { constantText, isExpressionValue, literalPieces, maskExpressions } from '../../src/analysis/detectors/literals.js';

describe('literalPieces', () => {
  it('a plain string is one literal piece', () => {
    expect(literalPieces('abc123')).toEqual([{ text: 'abc123', origin: 'literal' }]);
    expect(literalPieces('user@contoso.com')).toEqual([{ text: 'user@contoso.com', origin: 'literal' }]);
  });

  it('an @@ escape is literal text', () => {
    expect(literalPieces('@@secret')).toEqual([{ text: '@secret', origin: 'literal' }]);
  });

  it('a whole expression yields only its data string constants', () => {
    expect(literalPieces("@parameters('Client Secret')")).toEqual([]);
    expect(literalPieces("@body('Get_secret')?['value']")).toEqual([]);
    expect(literalPieces("@concat('Bearer ', variables('token'))")).toEqual([{ text: 'Bearer ', origin: 'expression-string' }]);
  });

  it('interpolations yield the text between segments and constants inside them', () => {
    expect(literalPieces("Bearer @{variables('t')}")).toEqual([{ text: 'Bearer ', origin: 'text' }]);
    expect(literalPieces("a=@{concat('x', items('Loop')?['k'])}&b=c")).toEqual([
      { text: 'a=', origin: 'text' },
      { text: 'x', origin: 'expression-string' },
      { text: '&b=c', origin: 'text' },
    ]);
  });

  it('unparsable templates yield nothing', () => {
    expect(literalPieces("@{concat('x'")).toEqual([]);
  });
});

describe('isExpressionValue and maskExpressions', () => {
  it('tells expressions from literals', () => {
    expect(isExpressionValue("@parameters('p')")).toBe(true);
    expect(isExpressionValue("x @{parameters('p')}")).toBe(true);
    expect(isExpressionValue('@@literal')).toBe(false);
    expect(isExpressionValue('plain')).toBe(false);
  });

  it('masks segments', () => {
    expect(maskExpressions('a=@{x()}&b=c')).toBe('a=\u0000&b=c');
    expect(maskExpressions('@x()')).toBeUndefined();
    expect(maskExpressions('plain')).toBe('plain');
  });
});

describe('constantText', () => {
  const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
  it.each([
    ['abc123', 'abc123'],
    ['@@secret', '@secret'],
    ["@concat('Sum', 'mer', '2024')", 'Summer2024'],
    ["@{concat('ab', 'cd')}", 'abcd'],
    ["Basic @{base64(concat('key', ':'))}", `Basic ${b64('key:')}`],
    ["@{concat('Basic ', base64(concat('key', ':')))}", `Basic ${b64('key:')}`],
    ["@string('x1')", 'x1'],
    ["@encodeUriComponent('a b&c')", 'a%20b%26c'],
    ["@{CONCAT('a', 1)}", 'a1'],
  ])('%s folds to %j', (value, expected) => expect(constantText(value)).toBe(expected));

  it.each([
    "@parameters('Client Secret')",
    "@{concat('Bearer ', variables('token'))}",
    "Bearer @{body('Get_token')?['access_token']}",
    "@base64(concat('key', ':', parameters('pwd')))",
    "@toUpper('abc')",
    '@concat()',
    "@{concat('a'",
  ])('%s has no constant value', (value) => expect(constantText(value)).toBeUndefined());
});
