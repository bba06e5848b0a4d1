/**
 * Each action is classified once, when the model is built, into one operation kind with typed
 * fields that carry their own pointers. One row per kind (and per shape a kind comes in).
 */
import { describe, expect, it } from 'vitest';
import { buildUnit } from '../../src/model/build.js';
import { OperationKind, type OperationView } from '../../src/model/operations.js';
import type { Flow } from '../../src/model/types.js';
import { DEFAULT_LIMITS } from '../../src/sources/types.js';
import { valueAtPointer } from '../../src/parse/pointer.js';
import {
  compose,
  condition,
  connector,
  flow,
  folderGroup,
  foreach,
  http,
  initVariable,
  jsonText,
  scope,
  setVariable,
  switchOn,
  terminate,
  until,
  type ActionMap,
  type Json,
} from '../helpers/builders.js';

function buildFlow(actions: ActionMap): Flow {
  const unit = buildUnit(folderGroup('Main.json', { 'Main.json': jsonText(flow(actions)) }, 'file'), DEFAULT_LIMITS);
  return unit.solution.flows[0];
}

function viewOf(action: Json): { flow: Flow; view: OperationView } {
  const built = buildFlow({ Step: action });
  return { flow: built, view: built.actions[0].view };
}

const apiConnection = (api: string, method: string, path: string): Json => ({
  type: 'ApiConnection',
  inputs: { host: { connection: { name: `@parameters('$connections')['${api}']['connectionId']` } }, method, path },
  runAfter: {},
});

const cases: readonly { name: string; action: Json; kind: OperationKind; expected?: Record<string, unknown> }[] = [
  { name: 'HTTP', action: http({ method: 'POST', uri: 'https://api.contoso.example/x' }), kind: OperationKind.Http },
  { name: 'HTTP webhook', action: { type: 'HttpWebhook', inputs: { subscribe: { method: 'POST', uri: 'https://hook.example/s' } }, runAfter: {} }, kind: OperationKind.Http },
  { name: 'HTTP with Entra auth', action: http({ authentication: { type: 'ActiveDirectoryOAuth', audience: 'https://vault.azure.net' } }), kind: OperationKind.HttpEntra },
  { name: 'HTTP with a managed identity', action: http({ authentication: { type: 'ManagedServiceIdentity' } }), kind: OperationKind.HttpEntra },
  { name: 'Entra ID HTTP connector', action: connector('shared_webcontents', 'InvokeHttp', { 'request/method': 'GET', 'request/url': '/v1/me' }), kind: OperationKind.WebContents },
  { name: 'Key Vault Get secret', action: connector('shared_keyvault', 'GetSecret', { secretName: 'x' }), kind: OperationKind.KeyVault, expected: { reads: 'secret' } },
  { name: 'Key Vault Decrypt', action: connector('shared_keyvault', 'DecryptData', {}), kind: OperationKind.KeyVault, expected: { reads: 'decrypt' } },
  { name: 'Key Vault list', action: connector('shared_keyvault', 'ListSecrets', {}), kind: OperationKind.KeyVault, expected: { reads: 'other' } },
  {
    name: 'Key Vault ApiConnection path',
    action: apiConnection('keyvault', 'get', "/secrets/@{encodeURIComponent('x')}/value"),
    kind: OperationKind.KeyVault,
    expected: { reads: 'secret' },
  },
  {
    name: 'Dataverse secret env var',
    action: connector('shared_commondataserviceforapps', 'PerformUnboundAction', { actionName: 'RetrieveEnvironmentVariableSecretValue' }),
    kind: OperationKind.Dataverse,
    expected: { readsSecretEnvironmentVariable: true },
  },
  {
    name: 'Dataverse create',
    action: connector('shared_commondataserviceforapps', 'CreateRecord', {}),
    kind: OperationKind.Dataverse,
    expected: { readsSecretEnvironmentVariable: false },
  },
  { name: 'Initialize variable', action: initVariable('token', 'string', 'x'), kind: OperationKind.Variable, expected: { action: 'initialize' } },
  { name: 'Set variable', action: setVariable('token', 'x'), kind: OperationKind.Variable, expected: { action: 'set' } },
  { name: 'Compose', action: compose('x'), kind: OperationKind.DataOperation, expected: { operation: 'compose' } },
  {
    name: 'Parse JSON',
    action: { type: 'ParseJson', inputs: { content: 'x', schema: {} }, runAfter: {} },
    kind: OperationKind.DataOperation,
    expected: { operation: 'parse-json' },
  },
  {
    name: 'Filter array',
    action: { type: 'Query', inputs: { from: '@body(x)', where: '@true' }, runAfter: {} },
    kind: OperationKind.DataOperation,
    expected: { operation: 'query' },
  },
  { name: 'Apply to each', action: foreach('@body(x)', {}), kind: OperationKind.Loop, expected: { loop: 'foreach' } },
  { name: 'Do until', action: until('@true', {}), kind: OperationKind.Loop, expected: { loop: 'until' } },
  { name: 'Condition', action: condition('@true', {}), kind: OperationKind.Control, expected: { control: 'if' } },
  { name: 'Switch', action: switchOn('@x', {}), kind: OperationKind.Control, expected: { control: 'switch' } },
  { name: 'Scope', action: scope({}), kind: OperationKind.Control, expected: { control: 'scope' } },
  {
    name: 'Run a child flow',
    action: { type: 'Workflow', inputs: { host: { workflowReferenceName: 'b7c1' }, body: { key: 'x' } }, runAfter: {} },
    kind: OperationKind.ChildFlow,
    expected: { workflowReferenceName: 'b7c1' },
  },
  { name: 'Run a desktop flow', action: connector('shared_uiflow', 'RunUIFlow_V2', { uiFlowId: 'd1' }), kind: OperationKind.DesktopFlow, expected: { uiFlowId: 'd1' } },
  {
    name: 'Response to Power Apps',
    action: { type: 'Response', kind: 'PowerApp', inputs: { statusCode: 200 }, runAfter: {} },
    kind: OperationKind.Response,
    expected: { channel: 'power-apps' },
  },
  { name: 'HTTP response', action: { type: 'Response', kind: 'Http', inputs: { statusCode: 200 }, runAfter: {} }, kind: OperationKind.Response, expected: { channel: 'http' } },
  { name: 'Terminate', action: terminate('x'), kind: OperationKind.Terminate },
  { name: 'Send an e-mail', action: connector('shared_office365', 'SendEmailV2', {}), kind: OperationKind.Connector },
  { name: 'Delay', action: { type: 'Wait', inputs: { interval: { count: 1, unit: 'Minute' } }, runAfter: {} }, kind: OperationKind.Other },
];

describe('operation kinds', () => {
  it.each(cases)('$name is $kind', ({ action, kind, expected }) => {
    const { view } = viewOf(action);
    expect(view.kind).toBe(kind);
    if (expected) expect(view).toMatchObject(expected);
  });

  it('covers every kind', () => {
    expect(new Set(cases.map((c) => c.kind))).toEqual(new Set(Object.values(OperationKind)));
  });
});

describe('typed fields carry the pointer of their value', () => {
  /** Every field's pointer reads back its value from the document. */
  function expectFieldsResolve(built: Flow, fields: readonly ({ value: unknown; pointer: string } | undefined)[]): void {
    for (const field of fields) {
      expect(field).toBeDefined();
      expect(valueAtPointer(built.document.value, field!.pointer)).toEqual(field!.value);
    }
  }

  it('HTTP request parts', () => {
    const { flow: built, view } = viewOf(http({ method: 'POST', uri: 'https://login.example/oauth/token', headers: { 'x-api-key': 'k' }, body: 'grant_type=x' }));
    if (view.kind !== OperationKind.Http) throw new Error(view.kind);
    expectFieldsResolve(built, [view.request.uri, view.request.method, view.request.headers, view.request.body]);
    expect(view.request.uri!.pointer).toBe('/properties/definition/actions/Step/inputs/uri');
  });

  it('the Entra ID HTTP connector request, whose keys hold a `/`', () => {
    const { flow: built, view } = viewOf(connector('shared_webcontents', 'InvokeHttp', { 'request/method': 'GET', 'request/url': 'http://x.example/' }));
    if (view.kind !== OperationKind.WebContents) throw new Error(view.kind);
    expectFieldsResolve(built, [view.request.uri, view.request.method]);
    expect(view.request.uri!.pointer).toBe('/properties/definition/actions/Step/inputs/parameters/request~1url');
  });

  it('variable entries', () => {
    const { flow: built, view } = viewOf({
      type: 'InitializeVariable',
      inputs: {
        variables: [
          { name: 'a', type: 'string', value: 'one' },
          { type: 'string', value: 'nameless' },
          { name: 'b', type: 'string', value: 'two' },
        ],
      },
      runAfter: {},
    });
    if (view.kind !== OperationKind.Variable) throw new Error(view.kind);
    expect(view.entries.map((e) => [e.name, e.index])).toEqual([
      ['a', 0],
      ['b', 2],
    ]);
    expectFieldsResolve(
      built,
      view.entries.map((e) => e.value),
    );
  });

  it('connector parameters and the ApiConnection path', () => {
    const built = buildFlow({
      Pinned: connector('shared_keyvault', 'GetSecretVersion', { secretName: 'x', secretVersion: '0123' }),
      Path: apiConnection('keyvault', 'get', '/secrets/x/versions/0123/value'),
    });
    const [pinned, path] = built.actions.map((a) => a.view);
    if (pinned.kind !== OperationKind.KeyVault || path.kind !== OperationKind.KeyVault) throw new Error('not Key Vault');
    expectFieldsResolve(built, [pinned.parameter('secretVersion'), path.path]);
  });

  it('classifies triggers too', () => {
    const built = buildFlow({});
    expect(built.triggers[0].view.kind).toBe(OperationKind.Other);
  });
});
