/**
 * `scanReferences`: the references a value spells when the parser refuses it, so the secret
 * analysis fails closed. Checked against the parser where both apply, and on values it refuses.
 */
import { describe, expect, it } from 'vitest';
import { listReferences, parseTemplate, scanReferences, type Reference } from '../../src/expr/index.js';
import { analyseSecrets } from '../../src/analysis/secrets.js';
import { flowExpressions } from '../../src/analysis/expressions.js';
import { DEFAULT_SECRET_SETTINGS } from '../../src/analysis/platform.js';
import { buildUnit } from '../../src/model/build.js';
import { DEFAULT_LIMITS } from '../../src/sources/types.js';
import { compose, flow, folderGroup, kvGetSecret, solutionFiles } from '../helpers/builders.js';

const brief = (references: readonly Reference[]): [string, string | undefined, boolean][] => references.map((r) => [r.fn, r.name, r.dynamic]);

function nested(depth: number, inner: string): string {
  let text = inner;
  for (let i = 0; i < depth; i++) text = `string(${text})`;
  return text;
}

describe('scanReferences', () => {
  const cases: [string, string, [string, string | undefined, boolean][]][] = [
    ['an action output', "body('Get_secret')?['value']", [['body', 'Get_secret', false]]],
    [
      'every reference function, any case',
      "concat(OUTPUTS('A'), actions('B'), items('Loop'), variables('v'), parameters('p'), triggerBody(), triggerOutputs(), result('Scope'), item())",
      [
        ['outputs', 'A', false],
        ['actions', 'B', false],
        ['items', 'Loop', false],
        ['variables', 'v', false],
        ['parameters', 'p', false],
        ['triggerBody', undefined, false],
        ['triggerOutputs', undefined, false],
        ['result', 'Scope', false],
        ['item', undefined, false],
      ],
    ],
    ['spaces and a quote in the name', "body (  'It''s'  )", [['body', "It's", false]]],
    [
      'a computed name',
      "body(variables('n'))",
      [
        ['body', undefined, true],
        ['variables', 'n', false],
      ],
    ],
    ['not a reference: a longer identifier or no call', "mybody('A'), body, bodyX('B'), x.body('C')", [['body', 'C', false]]],
    ['an unterminated name', "body('Get_sec", [['body', undefined, true]]],
    ['a number', 'triggerMultipartBody(2)', [['triggerMultipartBody', '2', false]]],
  ];
  for (const [name, text, expected] of cases) {
    it(name, () => expect(brief(scanReferences(text))).toEqual(expected));
  }

  it('finds what the parser finds in a value it can parse (names and kinds)', () => {
    const text = "@{concat(body('A')?['x'], variables('v'), items('L')?['y'], parameters('p'))}";
    const parsed = parseTemplate(text);
    if (!parsed.ok) throw new Error('fixture should parse');
    const fromParser = listReferences(parsed.template).map((r) => [r.kind, r.fn, r.name]);
    expect(scanReferences(text).map((r) => [r.kind, r.fn, r.name])).toEqual(fromParser);
  });

  it('finds the reference in an expression nested past the parser limit, and in malformed ones', () => {
    for (const text of [`@${nested(300, "body('Get_secret')")}`, "@{body('Get_secret')", '@concat(body(\'Get_secret\'), "x")', "@body('Get_secret')?["]) {
      expect(parseTemplate(text).ok, text).toBe(false);
      expect(brief(scanReferences(text)), text).toEqual([['body', 'Get_secret', false]]);
    }
  });
});

describe('the secret analysis fails closed on a value it cannot parse', () => {
  const taintedIn = (inputs: string): boolean => {
    const files = solutionFiles({ flows: { Main: flow({ Get_secret: kvGetSecret('k', { secureInputs: true, secureOutputs: true }), Compose_key: compose(inputs) }) } });
    const { solution } = buildUnit(folderGroup('s', files), DEFAULT_LIMITS);
    const main = solution.flows[0];
    const secrets = analyseSecrets(main, flowExpressions(main), DEFAULT_SECRET_SETTINGS);
    return secrets.outputTaint(main.actions.find((a) => a.name === 'Compose_key')!) !== undefined;
  };

  it.each([
    ['parsed', "@body('Get_secret')?['value']"],
    ['nested 300 levels deep', `@${nested(300, "body('Get_secret')?['value']")}`],
    ['with a missing brace', "@{body('Get_secret')?['value']"],
  ])('%s: the copy is tainted', (_name, inputs) => {
    expect(taintedIn(inputs)).toBe(true);
  });

  it('a value that names no secret stays clean', () => {
    expect(taintedIn(`@${nested(300, "variables('other')")}`)).toBe(false);
  });
});
