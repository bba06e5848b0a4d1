import { ptr } from '../helpers/builders.js';
import { describe, expect, it } from 'vitest';
import { actionPointerOf, addSecureData, detectFormatting, insertionSpan, unifiedDiff, type InsertedSpan } from '../../src/fix/index.js';

/** The text with the inserted spans taken out. */
function withoutSpans(text: string, spans: readonly InsertedSpan[]): string {
  let out = '';
  let at = 0;
  for (const span of spans) {
    out += text.slice(at, span.offset);
    at = span.offset + span.length;
  }
  return out + text.slice(at);
}

function flowText(actions: Record<string, unknown>, indent: string | number = 2, eol = '\n'): string {
  const json = JSON.stringify({ properties: { definition: { triggers: { manual: { type: 'Request' } }, actions } } }, null, indent);
  return `${json.replace(/\n/g, eol)}${eol}`;
}

const getSecret = { type: 'OpenApiConnection', inputs: { host: { operationId: 'GetSecret' }, parameters: { secretName: 'api-key' } }, runAfter: {} };
const callApi = {
  type: 'Http',
  inputs: { method: 'GET', uri: 'https://example.com', headers: { 'x-api-key': "@body('Get_secret')?['value']" } },
  runAfter: { Get_secret: ['Succeeded'] },
};
const P = '/properties/definition/actions';

describe('detectFormatting', () => {
  it.each([
    ['2 spaces, LF', flowText({ a: 1 }, 2), { eol: '\n', insertSpaces: true, tabSize: 2, compact: false }],
    ['4 spaces, CRLF', flowText({ a: 1 }, 4, '\r\n'), { eol: '\r\n', insertSpaces: true, tabSize: 4, compact: false }],
    ['tabs', flowText({ a: 1 }, '\t'), { eol: '\n', insertSpaces: false, tabSize: 1, compact: false }],
    ['minified', JSON.stringify({ properties: { definition: { actions: {} } } }), { eol: '\n', insertSpaces: true, tabSize: 2, compact: true }],
  ])('%s', (_name, text, expected) => {
    expect(detectFormatting(text)).toEqual(expected);
  });
});

describe('actionPointerOf', () => {
  it.each([
    [`${P}/Get_secret`, `${P}/Get_secret`],
    [`${P}/Call_api/inputs/headers/x-api-key`, `${P}/Call_api`],
    [`${P}/Try/actions/Inner/inputs/body`, `${P}/Try/actions/Inner`],
    [`${P}/Check/else/actions/Send/inputs`, `${P}/Check/else/actions/Send`],
    [`${P}/Route/cases/Case~1A/actions/Post/inputs/body`, `${P}/Route/cases/Case~1A/actions/Post`],
    [`${P}/Route/default/actions/Post`, `${P}/Route/default/actions/Post`],
    [`${P}/Call/inputs/body/actions/x`, `${P}/Call`],
    ['/definition/triggers/manual/inputs/schema', '/definition/triggers/manual'],
    ['/actions/Get_secret/inputs', '/actions/Get_secret'],
    ['/properties/connectionReferences/shared_keyvault', undefined],
    ['/EnvironmentVariables/0', undefined],
  ])('%s -> %s', (pointer, expected) => {
    expect(actionPointerOf(pointer)).toBe(expected);
  });
});

describe('addSecureData', () => {
  it('adds runtimeConfiguration in the file style, and changes no other byte', () => {
    for (const [indent, eol] of [
      [2, '\n'],
      [4, '\r\n'],
      ['\t', '\n'],
    ] as const) {
      const text = flowText({ Get_secret: getSecret, Call_api: callApi }, indent, eol);
      const result = addSecureData(text, [
        { pointer: ptr(`${P}/Get_secret`), properties: ['outputs'] },
        { pointer: ptr(`${P}/Get_secret`), properties: ['inputs'] },
        { pointer: ptr(`${P}/Call_api`), properties: ['inputs'] },
      ]);
      expect(result.applied).toEqual([
        { pointer: `${P}/Get_secret`, added: ['inputs', 'outputs'] },
        { pointer: `${P}/Call_api`, added: ['inputs'] },
      ]);
      expect(result.skipped).toEqual([]);
      expect(result.inserted).toHaveLength(2);
      expect(withoutSpans(result.text, result.inserted)).toBe(text);
      // Exactly what the designer writes, indented like the file (parsing gives the same object).
      const parsed = JSON.parse(result.text) as { properties: { definition: { actions: Record<string, { runtimeConfiguration?: unknown }> } } };
      expect(parsed.properties.definition.actions.Get_secret.runtimeConfiguration).toEqual({ secureData: { properties: ['inputs', 'outputs'] } });
      expect(parsed.properties.definition.actions.Call_api.runtimeConfiguration).toEqual({ secureData: { properties: ['inputs'] } });
      const expected = JSON.stringify(JSON.parse(result.text), null, indent).replace(/\n/g, eol) + eol;
      expect(result.text).toBe(expected);
    }
  });

  it('extends an existing runtimeConfiguration, secureData or properties list', () => {
    const text = flowText({
      A: { ...getSecret, runtimeConfiguration: { contentTransfer: { transferMode: 'Chunked' } } },
      B: { ...getSecret, runtimeConfiguration: { secureData: {} } },
      C: { ...getSecret, runtimeConfiguration: { secureData: { properties: ['inputs'] } } },
      D: { ...getSecret, runtimeConfiguration: { secureData: { properties: [] } } },
    });
    const result = addSecureData(
      text,
      ['A', 'B', 'C', 'D'].map((name) => ({ pointer: ptr(`${P}/${name}`), properties: ['inputs', 'outputs'] as const })),
    );
    expect(result.skipped).toEqual([]);
    expect(withoutSpans(result.text, result.inserted)).toBe(text);
    const actions = (JSON.parse(result.text) as { properties: { definition: { actions: Record<string, { runtimeConfiguration: unknown }> } } }).properties.definition.actions;
    expect(actions.A.runtimeConfiguration).toEqual({ contentTransfer: { transferMode: 'Chunked' }, secureData: { properties: ['inputs', 'outputs'] } });
    expect(actions.B.runtimeConfiguration).toEqual({ secureData: { properties: ['inputs', 'outputs'] } });
    expect(actions.C.runtimeConfiguration).toEqual({ secureData: { properties: ['inputs', 'outputs'] } });
    expect(actions.D.runtimeConfiguration).toEqual({ secureData: { properties: ['inputs', 'outputs'] } });
  });

  it('edits nested actions (scopes, branches, cases)', () => {
    const text = flowText({
      Try: { type: 'Scope', actions: { Get_secret: getSecret }, runAfter: {} },
      Route: { type: 'Switch', expression: '@x', cases: { 'Case/A': { case: 'a', actions: { Post: callApi } } }, default: { actions: {} }, runAfter: {} },
    });
    const result = addSecureData(text, [
      { pointer: ptr(`${P}/Try/actions/Get_secret`), properties: ['outputs'] },
      { pointer: ptr(`${P}/Route/cases/Case~1A/actions/Post`), properties: ['inputs'] },
    ]);
    expect(result.applied).toHaveLength(2);
    expect(withoutSpans(result.text, result.inserted)).toBe(text);
    // Indented one step deeper than the action's own members.
    expect(result.text).toContain(
      '              "runAfter": {},\n              "runtimeConfiguration": {\n                "secureData": {\n                  "properties": [\n                    "outputs"\n',
    );
  });

  it('keeps a minified file on one line', () => {
    const text = JSON.stringify({ properties: { definition: { actions: { Get_secret: getSecret } } } });
    const result = addSecureData(text, [{ pointer: ptr(`${P}/Get_secret`), properties: ['outputs'] }]);
    expect(result.text).not.toContain('\n');
    expect(withoutSpans(result.text, result.inserted)).toBe(text);
    expect(result.text).toContain(',"runtimeConfiguration": {"secureData":{"properties":["outputs"]}}');
  });

  it('falls back to a compact insertion when formatting would touch a neighbouring line', () => {
    const text = '{\n  "actions": {\n    "A": {\n      "type" :   "Http",\n      "inputs":{"uri":"x"}\n    }\n  }\n}\n';
    const result = addSecureData(text, [{ pointer: ptr('/actions/A'), properties: ['inputs'] }]);
    expect(result.applied).toHaveLength(1);
    expect(withoutSpans(result.text, result.inserted)).toBe(text);
    expect(JSON.parse(result.text)).toEqual({ actions: { A: { type: 'Http', inputs: { uri: 'x' }, runtimeConfiguration: { secureData: { properties: ['inputs'] } } } } });
  });

  it('is idempotent: a second application changes nothing', () => {
    const text = flowText({ Get_secret: getSecret });
    const targets = [{ pointer: ptr(`${P}/Get_secret`), properties: ['inputs', 'outputs'] as const }];
    const once = addSecureData(text, targets);
    const twice = addSecureData(once.text, targets);
    expect(twice.text).toBe(once.text);
    expect(twice.applied).toEqual([]);
    expect(twice.inserted).toEqual([]);
  });

  it('skips what it cannot edit safely, and still applies the rest', () => {
    const text = flowText({ A: { ...getSecret, runtimeConfiguration: 'odd' }, B: getSecret, C: { ...getSecret, runtimeConfiguration: { secureData: { properties: 'inputs' } } } });
    const result = addSecureData(text, [
      { pointer: ptr(`${P}/A`), properties: ['outputs'] },
      { pointer: ptr(`${P}/Missing`), properties: ['outputs'] },
      { pointer: ptr(`${P}/C`), properties: ['outputs'] },
      { pointer: ptr(`${P}/B`), properties: ['outputs'] },
    ]);
    expect(result.applied).toEqual([{ pointer: `${P}/B`, added: ['outputs'] }]);
    expect(result.skipped.map((skip) => [skip.pointer, skip.reason])).toEqual([
      [`${P}/A`, 'runtimeConfiguration is a string, not an object'],
      [`${P}/Missing`, 'the action is missing, not an object'],
      [`${P}/C`, 'runtimeConfiguration.secureData.properties is a string, not an array'],
    ]);
  });

  it('insertionSpan finds the one inserted span, or none', () => {
    expect(insertionSpan('abcdef', 'abcXYdef')).toEqual({ offset: 3, length: 2 });
    expect(insertionSpan('abc', 'abc')).toEqual({ offset: 3, length: 0 });
    expect(insertionSpan('abcdef', 'abXdeY')).toBeUndefined();
  });
});

describe('unifiedDiff', () => {
  it('prints hunks with context, as git apply reads them', () => {
    const before = Array.from({ length: 20 }, (_, i) => `line ${i + 1}`).join('\n') + '\n';
    const after = before.replace('line 5\n', 'line 5\nnew A\n').replace('line 18\n', 'line 18 changed\n');
    expect(unifiedDiff(before, after, 'dir/file.json')).toBe(
      [
        '--- a/dir/file.json',
        '+++ b/dir/file.json',
        '@@ -3,6 +3,7 @@',
        ' line 3',
        ' line 4',
        ' line 5',
        '+new A',
        ' line 6',
        ' line 7',
        ' line 8',
        '@@ -15,6 +16,6 @@',
        ' line 15',
        ' line 16',
        ' line 17',
        '-line 18',
        '+line 18 changed',
        ' line 19',
        ' line 20',
        '',
      ].join('\n'),
    );
  });

  it('merges close changes into one hunk, and marks a missing final newline', () => {
    const diff = unifiedDiff('a\nb\nc', 'a\nX\nb\nc\nd', 'f');
    expect(diff).toBe(['--- a/f', '+++ b/f', '@@ -1,3 +1,5 @@', ' a', '+X', ' b', '-c', '\\ No newline at end of file', '+c', '+d', '\\ No newline at end of file', ''].join('\n'));
  });

  it('is empty for equal texts, and handles empty files', () => {
    expect(unifiedDiff('same\n', 'same\n', 'f')).toBe('');
    expect(unifiedDiff('', 'x\n', 'f')).toBe('--- a/f\n+++ b/f\n@@ -0,0 +1 @@\n+x\n');
  });
});
