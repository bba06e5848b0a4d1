import { describe, expect, it } from 'vitest';
import { isTemplate, parseTemplate, templateExpressions } from '../../src/expr/index.js';
import type { Template, TemplateResult } from '../../src/expr/index.js';
import { print, printTemplate } from './print.js';

function ok(value: string): Template {
  const result = parseTemplate(value);
  if (!result.ok) throw new Error(`unexpected error: ${result.error.message} at ${result.error.offset}`);
  return result.template;
}

describe('isTemplate', () => {
  it.each<[string, boolean]>([
    ["@body('A')", true],
    ['@{x}', true],
    ['text @{x} text', true],
    ['@@odata.etag', true],
    ['x @@{y}', true],
    ['@', true],
    ['user@contoso.com', false],
    ['a@b{c}', false],
    ['', false],
    ['plain text', false],
    ['trailing @', false],
    ['{x}', false],
  ])('%j -> %s', (value, expected) => {
    expect(isTemplate(value)).toBe(expected);
  });
});

describe('parseTemplate: valid templates', () => {
  it.each<[string, string, string]>([
    // not templates
    ['plain text', 'hello', 'lit:hello'],
    ['e-mail address', 'user@contoso.com', 'lit:user@contoso.com'],
    ['empty string', '', 'lit:'],
    ['at sign without brace', 'a @ b', 'lit:a @ b'],
    // whole-value expressions
    ['whole value', "@body('A')", "expr@1:body('A')"],
    ['whole value with chain', "@outputs('Get_secret')?['body/value']", "expr@1:outputs('Get_secret')?['body/value']"],
    ['whole value with $', "@parameters('$connections')['shared_x']['connectionId']", "expr@1:parameters('$connections')['shared_x']['connectionId']"],
    ['whole value literal', "@'text'", "expr@1:'text'"],
    ['whole value number', '@-1', 'expr@1:#-1'],
    ['whole value boolean', '@true', 'expr@1:true'],
    ['whole value null', '@null', 'expr@1:null'],
    ['whole value with trailing space', "@body('A') ", "expr@1:body('A')"],
    ['whole value containing @{ in a literal', "@concat('@{', 'x}')", "expr@1:concat('@{','x}')"],
    ['whole value with nested interpolation text', "@concat('a', '@{x}')", "expr@1:concat('a','@{x}')"],
    ['whole value with quotes', "@concat('It''s', ' ok')", "expr@1:concat('It''s',' ok')"],
    ['condition', '@greater(item(),2)', 'expr@1:greater(item(),#2)'],
    ['table column', '@item().x', 'expr@1:item().x'],
    // interpolation
    ['interpolation only', '@{x()}', 'seg@2:x()'],
    ['interpolation in text', "Hello @{triggerBody()?['name']}!", "text:Hello |seg@8:triggerBody()?['name']|text:!"],
    ['multiple segments', "@{body('A')} and @{body('B')}", "seg@2:body('A')|text: and |seg@19:body('B')"],
    ['adjacent segments', '@{a()}@{b()}', 'seg@2:a()|seg@8:b()'],
    ['segment with spaces', 'x @{ utcNow() } y', 'text:x |seg@4:utcNow()|text: y'],
    ['} inside a literal', "a @{concat('}', '{')} b", "text:a |seg@4:concat('}','{')|text: b"],
    ['nested interpolation text', "@{concat('a', '@{x}')}", "seg@2:concat('a','@{x}')"],
    ['nested interpolation text in longer string', "Value: @{concat('a', '@{x}')}.", "text:Value: |seg@9:concat('a','@{x}')|text:."],
    ['doubled quote in segment', "x @{concat('It''s', '}')}", "text:x |seg@4:concat('It''s','}')"],
    ['escape next to segment', 'x @@{y} @{z()}', 'text:x @{y} |seg@10:z()'],
    ['escape after segment', '@{a()}@@{b}', 'seg@2:a()|text:@{b}'],
    ['e-mail in interpolated text', 'mail user@contoso.com @{x()}', 'text:mail user@contoso.com |seg@24:x()'],
    ['utcNow in baseTime', '@{utcNow()}', 'seg@2:utcNow()'],
    // escapes
    ['@@ key', '@@odata.etag', 'esc:@odata.etag'],
    ['@@ text', '@@hello @{x}', 'esc:@hello @{x}'],
    ['@@{ at start', '@@{x}', 'esc:@{x}'],
    ['@@{ later', 'x @@{y}', 'esc:x @{y}'],
    ['several @@{', 'a @@{b} c @@{d}', 'esc:a @{b} c @{d}'],
  ])('%s', (_name, value, expected) => {
    expect(printTemplate(ok(value))).toBe(expected);
  });

  it('keeps the expression text and offset of a whole-value expression', () => {
    expect(ok("@body('A')?['x']")).toMatchObject({
      kind: 'expression',
      text: "body('A')?['x']",
      offset: 1,
    });
  });

  it('records part offsets and raw spans', () => {
    const value = "Hi @@{ok} @{variables('v')} bye";
    const template = ok(value);
    expect(template.kind).toBe('interpolation');
    if (template.kind !== 'interpolation') return;
    expect(template.parts).toHaveLength(3);
    const [head, segment, tail] = template.parts;
    expect(head).toEqual({ kind: 'text', value: 'Hi @{ok} ', start: 0, end: 10 });
    expect(segment).toMatchObject({ kind: 'segment', text: "variables('v')", offset: 12, start: 10, end: 27 });
    expect(tail).toEqual({ kind: 'text', value: ' bye', start: 27, end: 31 });
    if (segment.kind !== 'segment') return;
    expect(value.slice(segment.start, segment.end)).toBe("@{variables('v')}");
    expect(value.slice(segment.offset + segment.expr.start, segment.offset + segment.expr.end)).toBe("variables('v')");
  });

  it('lists template expressions', () => {
    expect(templateExpressions(ok('plain'))).toEqual([]);
    expect(templateExpressions(ok("@body('A')")).map((e) => print(e.expr))).toEqual(["body('A')"]);
    expect(templateExpressions(ok('a @{x()} b @{y()}')).map((e) => [e.offset, print(e.expr)])).toEqual([
      [4, 'x()'],
      [13, 'y()'],
    ]);
  });
});

describe('parseTemplate: malformed templates', () => {
  it.each<[string, string, RegExp, number]>([
    ['lone @', '@', /empty expression/i, 1],
    ['@ and spaces', '@  ', /empty expression/i, 3],
    ['unclosed paren', "@concat('a'", /missing '\)'/i, 7],
    ['unclosed string', "@concat('a", /unterminated string/i, 8],
    ['double quotes', '@concat("a")', /double-quoted/i, 8],
    ['trailing garbage', "@body('A') x", /after the end/i, 11],
    ['text after @', '@John please review', /expected '\('/i, 6],
    ['@{ without }', "x @{body('A')", /missing '\}'/i, 2],
    ['@{ at start without }', '@{x', /missing '\}'/i, 0],
    ['unterminated literal inside @{', "x @{concat('a)} y", /unterminated string/i, 11],
    ['empty @{}', 'a @{} b', /empty expression/i, 2],
    ['blank @{ }', '@{ }', /empty expression/i, 0],
    ['bad segment', 'a @{1 + 2} b', /after the end/i, 6],
    ['second segment bad', '@{a()} @{b(}', /missing '\)'/i, 10],
    ['double quotes in segment', 'x @{concat("a")}', /double-quoted/i, 11],
  ])('%s', (_name, value, message, offset) => {
    const result: TemplateResult = parseTemplate(value);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.message).toMatch(message);
    expect(result.error.offset).toBe(offset);
  });

  it('reports deep nesting as an error, never a crash', () => {
    const deep = 'f('.repeat(10_000) + ')'.repeat(10_000);
    for (const value of [`@${deep}`, `x @{${deep}} y`]) {
      const result = parseTemplate(value);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.message).toMatch(/nested too deeply/);
    }
  });

  it('never throws on arbitrary junk', () => {
    const alphabet = ["'", '"', '(', ')', '[', ']', '.', '?', ',', '@', '@', '{', '}', 'a', '1', ' '];
    let seed = 987654;
    const next = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed;
    };
    for (let i = 0; i < 5000; i++) {
      let value = '';
      const len = next() % 20;
      for (let j = 0; j < len; j++) value += alphabet[next() % alphabet.length];
      const result = parseTemplate(value);
      if (!result.ok) {
        expect(result.error.offset).toBeGreaterThanOrEqual(0);
        expect(result.error.offset).toBeLessThanOrEqual(value.length);
      }
    }
  });
});

describe('parseTemplate: performance', () => {
  it('handles many strings and long interpolations quickly', () => {
    const values: string[] = [];
    for (let i = 0; i < 20_000; i++) {
      values.push(`Item ${i}: @{body('Get_item_${i}')?['value']} from user${i}@contoso.com`);
      values.push(`@outputs('Action_${i}')?['body/value']`);
      values.push(`plain text value number ${i} without expressions`);
    }
    const long = Array.from({ length: 10_000 }, (_, i) => `p${i} @{variables('v${i}')}`).join(' ');
    const started = performance.now();
    let segments = 0;
    for (const value of values) {
      const result = parseTemplate(value);
      if (result.ok) segments += templateExpressions(result.template).length;
    }
    const longResult = parseTemplate(long);
    const elapsed = performance.now() - started;
    expect(segments).toBe(40_000);
    expect(longResult.ok && longResult.template.kind === 'interpolation' && longResult.template.parts.length).toBe(20_000);
    expect(elapsed).toBeLessThan(3000);
  });
});
