import { describe, expect, it } from 'vitest';
import { listReferences, parseExpression, parseTemplate, referenceFunction } from '../../src/expr/index.js';
import type { PathSegment, Reference, ReferenceFunction, ReferenceKind, Template } from '../../src/expr/index.js';

interface Expected {
  kind: ReferenceKind;
  fn: ReferenceFunction;
  name?: string;
  dynamic?: boolean;
  path?: PathSegment[];
  pathComplete?: boolean;
  offset?: number;
}

function template(value: string): Template {
  const result = parseTemplate(value);
  if (!result.ok) throw new Error(`unexpected error: ${result.error.message}`);
  return result.template;
}

function summarize(refs: Reference[], expected: Expected[]): Record<string, unknown>[] {
  return refs.map((ref, i) => {
    const want = expected[i] ?? {};
    const out: Record<string, unknown> = { kind: ref.kind, fn: ref.fn, name: ref.name };
    if ('dynamic' in want) out.dynamic = ref.dynamic;
    if ('path' in want) out.path = ref.path;
    if ('pathComplete' in want) out.pathComplete = ref.pathComplete;
    if ('offset' in want) out.offset = ref.offset;
    return out;
  });
}

describe('listReferences on designer templates', () => {
  it.each<[string, Expected[]]>([
    ["@outputs('Get_secret')?['body/value']", [{ kind: 'action', fn: 'outputs', name: 'Get_secret', path: ['body', 'value'], pathComplete: true, offset: 1 }]],
    ["@{body('Get_secret')?['value']}", [{ kind: 'action', fn: 'body', name: 'Get_secret', path: ['value'], offset: 2 }]],
    ["Bearer @{body('Get_secret')?['value']}", [{ kind: 'action', fn: 'body', name: 'Get_secret', path: ['value'], offset: 9 }]],
    ["@items('Apply_to_each')?['x']", [{ kind: 'loop', fn: 'items', name: 'Apply_to_each', path: ['x'] }]],
    ["@parameters('Api Base Url (cts_ApiBaseUrl)')", [{ kind: 'parameter', fn: 'parameters', name: 'Api Base Url (cts_ApiBaseUrl)', path: [] }]],
    ["@body('HTTP')['access_token']", [{ kind: 'action', fn: 'body', name: 'HTTP', path: ['access_token'] }]],
    ["@parameters('$connections')['shared_keyvault']['connectionId']", [{ kind: 'parameter', fn: 'parameters', name: '$connections', path: ['shared_keyvault', 'connectionId'] }]],
    ["@parameters('$authentication')", [{ kind: 'parameter', fn: 'parameters', name: '$authentication' }]],
    [
      "@concat(body('A'), variables('b'))",
      [
        { kind: 'action', fn: 'body', name: 'A', offset: 8 },
        { kind: 'variable', fn: 'variables', name: 'b', offset: 19 },
      ],
    ],
    [
      "https://@{parameters('host')}/api?key=@{variables('apiKey')}",
      [
        { kind: 'parameter', fn: 'parameters', name: 'host', offset: 10 },
        { kind: 'variable', fn: 'variables', name: 'apiKey', offset: 40 },
      ],
    ],
    ['@item()', [{ kind: 'loop', fn: 'item', path: [] }]],
    ["@item()?['Email']", [{ kind: 'loop', fn: 'item', path: ['Email'] }]],
    ['@item().x', [{ kind: 'loop', fn: 'item', path: ['x'] }]],
    ["@iterationIndexes('Until')", [{ kind: 'loop', fn: 'iterationIndexes', name: 'Until' }]],
    ['@trigger().outputs?.body?.x', [{ kind: 'trigger', fn: 'trigger', path: ['outputs', 'body', 'x'] }]],
    ["@triggerBody()?['text']", [{ kind: 'trigger', fn: 'triggerBody', path: ['text'] }]],
    ["@triggerOutputs()?['headers']?['Authorization']", [{ kind: 'trigger', fn: 'triggerOutputs', path: ['headers', 'Authorization'] }]],
    ["@triggerFormDataValue('password')", [{ kind: 'trigger', fn: 'triggerFormDataValue', name: 'password' }]],
    ["@triggerFormDataMultiValues('k')", [{ kind: 'trigger', fn: 'triggerFormDataMultiValues', name: 'k' }]],
    ['@triggerMultipartBody(0)', [{ kind: 'trigger', fn: 'triggerMultipartBody', name: '0' }]],
    ["@workflow()?['tags']", [{ kind: 'workflow', fn: 'workflow', path: ['tags'] }]],
    ['@listCallbackUrl()', [{ kind: 'callbackUrl', fn: 'listCallbackUrl' }]],
    ["@actions('A')?['outputs']", [{ kind: 'action', fn: 'actions', name: 'A', path: ['outputs'] }]],
    ["@actionBody('A')", [{ kind: 'action', fn: 'actionBody', name: 'A' }]],
    ["@actionOutputs('A')", [{ kind: 'action', fn: 'actionOutputs', name: 'A' }]],
    ["@result('Try_scope')", [{ kind: 'action', fn: 'result', name: 'Try_scope' }]],
    // case-insensitive function names, canonical fn
    ["@Body('A')", [{ kind: 'action', fn: 'body', name: 'A' }]],
    ['@TRIGGERBODY()', [{ kind: 'trigger', fn: 'triggerBody' }]],
    // dynamic names and paths
    [
      "@body(variables('name'))?['x']",
      [
        { kind: 'action', fn: 'body', dynamic: true, path: ['x'] },
        { kind: 'variable', fn: 'variables', name: 'name', dynamic: false },
      ],
    ],
    [
      "@body('A')?[variables('k')]?['y']",
      [
        { kind: 'action', fn: 'body', name: 'A', path: [], pathComplete: false },
        { kind: 'variable', fn: 'variables', name: 'k' },
      ],
    ],
    ["@body('A')?['value'][0]?['id']", [{ kind: 'action', fn: 'body', name: 'A', path: ['value', 0, 'id'], pathComplete: true }]],
    // paths belong only to the call they directly follow
    ["@first(body('A')?['value'])?['id']", [{ kind: 'action', fn: 'body', name: 'A', path: ['value'] }]],
    // nested references, including inside index expressions
    [
      "@{outputs(items('Loop')?['name'])?['body/value']}",
      [
        { kind: 'action', fn: 'outputs', dynamic: true, path: ['body', 'value'] },
        { kind: 'loop', fn: 'items', name: 'Loop', path: ['name'] },
      ],
    ],
    // literals and nested interpolation text are not references
    ["@concat('body(''A'')', '@{variables(''x'')}')", []],
    ['user@contoso.com', []],
    ["@@{body('A')}", []],
    ['@utcNow()', []],
  ])('%s', (value, expected) => {
    const refs = listReferences(template(value));
    expect(summarize(refs, expected)).toEqual(expected.map((e) => ({ name: undefined, ...e })));
  });
});

describe('listReferences on expressions', () => {
  it('uses offsets relative to the expression text (plus an optional base)', () => {
    const expr = parseExpression("concat(body('A'), variables('b'))");
    expect(listReferences(expr).map((r) => [r.fn, r.offset, r.end])).toEqual([
      ['body', 7, 16],
      ['variables', 18, 32],
    ]);
    expect(listReferences(expr, 100).map((r) => r.offset)).toEqual([107, 118]);
  });

  it('keeps the call node and all accessors', () => {
    const expr = parseExpression("body('A')?['x'][variables('k')].y");
    const [ref] = listReferences(expr);
    expect(ref.call.name).toBe('body');
    expect(ref.accessors.map((a) => (a.computed ? a.property.kind : a.property.name))).toEqual(['string', 'call', 'y']);
    expect(ref.path).toEqual(['x']);
    expect(ref.pathComplete).toBe(false);
  });

  it('points into the JSON string for templates', () => {
    const value = "Token: @{body('Get_token')?['access_token']}";
    const [ref] = listReferences(template(value));
    expect(value.slice(ref.offset, ref.end)).toBe("body('Get_token')");
  });

  it('records a missing name argument as not dynamic', () => {
    const [ref] = listReferences(parseExpression('body()'));
    expect(ref).toMatchObject({ fn: 'body', dynamic: false });
    expect(ref.name).toBeUndefined();
  });

  it('maps function names to canonical reference functions', () => {
    expect(referenceFunction('TriggerBody')).toBe('triggerBody');
    expect(referenceFunction('concat')).toBeUndefined();
  });

  it('handles the deepest allowed expressions', () => {
    const deep = parseExpression('concat('.repeat(200) + "body('A')" + ')'.repeat(200));
    expect(listReferences(deep).map((r) => r.name)).toEqual(['A']);
  });
});
