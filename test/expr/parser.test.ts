import { describe, expect, it } from 'vitest';
import { ExpressionSyntaxError, MAX_EXPRESSION_DEPTH, parseExpression, walkExpression } from '../../src/expr/index.js';
import type { Expr } from '../../src/expr/index.js';
import { print } from './print.js';

function syntaxError(text: string): ExpressionSyntaxError {
  try {
    parseExpression(text);
  } catch (error) {
    expect(error).toBeInstanceOf(ExpressionSyntaxError);
    return error as ExpressionSyntaxError;
  }
  throw new Error(`expected a syntax error for ${JSON.stringify(text.slice(0, 80))}`);
}

describe('parseExpression: valid input', () => {
  it.each([
    // literals
    ["'abc'", "'abc'"],
    ["''", "''"],
    ["'It''s'", "'It''s'"],
    ["''''", "''''"],
    ["'a}b'", "'a}b'"],
    ["'@{x}'", "'@{x}'"],
    ['\'say "hi"\'', '\'say "hi"\''],
    ['0', '#0'],
    ['42', '#42'],
    ['-1', '#-1'],
    ['+7', '#+7'],
    ['2.5', '#2.5'],
    ['1e3', '#1e3'],
    ['1.5E-3', '#1.5E-3'],
    ['true', 'true'],
    ['false', 'false'],
    ['null', 'null'],
    ['True', 'true'],
    ['NULL', 'null'],
    // calls
    ['utcNow()', 'utcNow()'],
    ["concat('a', 'b')", "concat('a','b')"],
    ["concat('a',-1,2.5,true,null)", "concat('a',#-1,#2.5,true,null)"],
    ["if(equals(variables('x'), 1), 'y', 'n')", "if(equals(variables('x'),#1),'y','n')"],
    ["parameters('$connections')", "parameters('$connections')"],
    ['$fn_1()', '$fn_1()'],
    ['a1_$b()', 'a1_$b()'],
    ["  concat ( 'a' ,\n\t'b' )  ", "concat('a','b')"],
    // member chains
    ["body('A')?['x']", "body('A')?['x']"],
    ["body('HTTP')['access_token']", "body('HTTP')['access_token']"],
    ["outputs('Get_secret')?['body/value']", "outputs('Get_secret')?['body/value']"],
    ['trigger().outputs?.body?.x', 'trigger().outputs?.body?.x'],
    ["item().x['y']?.z?[0]", "item().x['y']?.z?[#0]"],
    ["parameters('$connections')['shared_x']['connectionId']", "parameters('$connections')['shared_x']['connectionId']"],
    ["body('A')[variables('k')]", "body('A')[variables('k')]"],
    ["body('A') ? [ 'x' ] . y", "body('A')?['x'].y"],
    ['item().$content', 'item().$content'],
    ["'abc'[0]", "'abc'[#0]"],
    ['null?.x', 'null?.x'],
    ['f().null.true', 'f().null.true'],
    // nesting
    ["concat(body('A'), variables('b'))", "concat(body('A'),variables('b'))"],
    ["concat('a', '@{x}')", "concat('a','@{x}')"],
    ['f(g(h(i(j()))))', 'f(g(h(i(j()))))'],
    ["first(body('A')?['value'])?['id']", "first(body('A')?['value'])?['id']"],
  ])('%s', (input, expected) => {
    expect(print(parseExpression(input))).toBe(expected);
  });

  it('unescapes doubled quotes', () => {
    expect(parseExpression("'It''s'")).toEqual({ kind: 'string', value: "It's", start: 0, end: 7 });
  });

  it('parses number values', () => {
    expect(parseExpression('-1')).toMatchObject({ kind: 'number', value: -1 });
    expect(parseExpression('2.5')).toMatchObject({ kind: 'number', value: 2.5 });
    expect(parseExpression('1e3')).toMatchObject({ kind: 'number', value: 1000 });
  });

  it('records offsets, optional and computed flags', () => {
    const expr = parseExpression(" body('A')?['x'].y");
    expect(expr).toMatchObject({
      kind: 'member',
      computed: false,
      optional: false,
      start: 1,
      end: 18,
      property: { kind: 'identifier', name: 'y', start: 17, end: 18 },
      object: {
        kind: 'member',
        computed: true,
        optional: true,
        start: 1,
        end: 16,
        property: { kind: 'string', value: 'x', start: 12, end: 15 },
        object: {
          kind: 'call',
          name: 'body',
          start: 1,
          nameEnd: 5,
          end: 10,
          args: [{ kind: 'string', value: 'A', start: 6, end: 9 }],
        },
      },
    });
  });

  it('accepts nesting up to the depth limit', () => {
    const depth = MAX_EXPRESSION_DEPTH;
    const text = 'f('.repeat(depth - 1) + 'g()' + ')'.repeat(depth - 1);
    expect(parseExpression(text).kind).toBe('call');
    const chain = 'f()' + '.a'.repeat(depth - 1);
    expect(parseExpression(chain).kind).toBe('member');
  });
});

describe('parseExpression: malformed input', () => {
  it.each<[string, string, RegExp, number]>([
    ['empty', '', /empty expression/i, 0],
    ['blank', '   ', /empty expression/i, 3],
    ['unclosed paren', "concat('a'", /missing '\)'.*concat/i, 6],
    ['unclosed nested paren', "concat(body('A'", /missing '\)'.*body/i, 11],
    ['unclosed string', "concat('a)", /unterminated string/i, 7],
    ['lone quote', "'", /unterminated string/i, 0],
    ['double quotes', 'concat("a")', /double-quoted/i, 7],
    ['double quoted value', '"a"', /double-quoted/i, 0],
    ['trailing garbage', "body('A') x", /after the end of the expression/i, 10],
    ['trailing paren', "body('A'))", /unexpected '\)' after the end/i, 9],
    ['two expressions', "'a' 'b'", /after the end/i, 4],
    ['infix operator', '1 + 2', /after the end/i, 2],
    ['bare identifier', 'foo', /expected '\(' after function name 'foo'/i, 0],
    ['identifier then garbage', 'foo bar', /expected '\('.*'b'/i, 4],
    ['missing argument', 'f(a(),)', /missing argument/i, 6],
    ['leading comma', 'f(,1)', /missing argument/i, 2],
    ['unclosed index', "body('A')['x'", /missing '\]'/i, 9],
    ['empty index', "body('A')[]", /empty index/i, 10],
    ['dot without name', "body('A').", /property name/i, 10],
    ['dot with string', "body('A').'x'", /property name/i, 10],
    ['question mark alone', "body('A')?", /expected '\.' or '\['/i, 9],
    ['question mark then paren', "body('A')?(", /expected '\.' or '\['/i, 10],
    ['bad number', '1abc', /invalid number/i, 1],
    ['sign without digits', '-x', /invalid number/i, 1],
    ['trailing dot number', '1.', /invalid number/i, 2],
    ['bad exponent', '1e', /invalid number/i, 2],
    ['call a literal', 'true()', /literal/i, 4],
    ['braces', '{x}', /unexpected '\{'/i, 0],
    ['at sign', "@body('A')", /unexpected '@'/i, 0],
    ['closing brace', '}', /unexpected '\}'/i, 0],
    ['index with trailing garbage', "body('A')['x' 'y']", /expected '\]'/i, 14],
  ])('%s', (_name, input, message, offset) => {
    const error = syntaxError(input);
    expect(error.message).toMatch(message);
    expect(error.offset).toBe(offset);
    expect(error.name).toBe('ExpressionSyntaxError');
  });

  it.each([
    ['10,000-deep calls', 'f('.repeat(10_000) + ')'.repeat(10_000)],
    ['10,000-deep calls, unclosed', 'f('.repeat(10_000)],
    ['10,000-deep indexes', 'f()' + '[f()'.repeat(10_000) + ']'.repeat(10_000)],
    ['10,000-long member chain', 'f()' + '?.a'.repeat(10_000)],
    ['10,000-long index chain', 'f()' + "['a']".repeat(10_000)],
    ['one level too deep', 'f('.repeat(MAX_EXPRESSION_DEPTH + 1) + ')'.repeat(MAX_EXPRESSION_DEPTH + 1)],
    ['one accessor too many', 'f()' + '.a'.repeat(MAX_EXPRESSION_DEPTH)],
  ])('rejects %s with a depth error', (_name, input) => {
    const error = syntaxError(input);
    expect(error.message).toMatch(/nested too deeply/);
    expect(error.offset).toBeGreaterThan(0);
    expect(error.offset).toBeLessThanOrEqual(input.length);
  });

  it('never throws anything but ExpressionSyntaxError on arbitrary junk', () => {
    const alphabet = ["'", '"', '(', ')', '[', ']', '.', '?', ',', '@', '{', '}', 'a', '1', '-', ' ', 'e', '$'];
    let seed = 12345;
    const next = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed;
    };
    for (let i = 0; i < 5000; i++) {
      let text = '';
      const len = next() % 24;
      for (let j = 0; j < len; j++) text += alphabet[next() % alphabet.length];
      try {
        parseExpression(text);
      } catch (error) {
        expect(error).toBeInstanceOf(ExpressionSyntaxError);
        const offset = (error as ExpressionSyntaxError).offset;
        expect(offset).toBeGreaterThanOrEqual(0);
        expect(offset).toBeLessThanOrEqual(text.length);
      }
    }
  });
});

describe('walkExpression', () => {
  it('visits nodes in pre-order, source order, with parents', () => {
    const expr = parseExpression("concat(body('A')?[variables('k')], 'x').y");
    const seen: string[] = [];
    walkExpression(expr, (node, parent) => {
      seen.push(`${node.kind}${node.kind === 'call' ? `:${node.name}` : ''}<${parent?.kind ?? '-'}`);
    });
    expect(seen).toEqual(['member<-', 'call:concat<member', 'member<call', 'call:body<member', 'string<call', 'call:variables<member', 'string<call', 'string<call']);
  });

  it('skips children when the visitor returns false', () => {
    const expr = parseExpression("concat(body('A'), variables('b'))");
    const names: string[] = [];
    walkExpression(expr, (node) => {
      if (node.kind === 'call') names.push(node.name);
      return node.kind === 'call' && node.name === 'body' ? false : undefined;
    });
    expect(names).toEqual(['concat', 'body', 'variables']);
  });

  it('handles the deepest allowed trees without recursion', () => {
    const chain = parseExpression('f()' + '.a'.repeat(MAX_EXPRESSION_DEPTH - 1));
    let count = 0;
    walkExpression(chain, () => {
      count++;
    });
    expect(count).toBe(MAX_EXPRESSION_DEPTH);
  });
});

describe('performance', () => {
  it('parses long expressions in linear time', () => {
    const args = Array.from({ length: 20_000 }, (_, i) => `body('Action_${i}')?['value/x']`).join(', ');
    const text = `concat(${args})`;
    const started = performance.now();
    const expr = parseExpression(text) as Extract<Expr, { kind: 'call' }>;
    const elapsed = performance.now() - started;
    expect(expr.args).toHaveLength(20_000);
    expect(elapsed).toBeLessThan(2000);
  });

  it('parses a long string literal with many escapes', () => {
    const text = `'${"a''".repeat(50_000)}'`;
    const expr = parseExpression(text);
    expect(expr).toMatchObject({ kind: 'string' });
    expect((expr as { value: string }).value).toHaveLength(100_000);
  });
});
