/** Literal text of JSON string values (docs/formats.md §3.6): what the secret layers may judge. */
import { describe, expect, it } from 'vitest';
import { isExpressionValue, literalPieces, maskExpressions } from '../../src/analysis/detectors/literals.js';

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
