/** The structural selectors: where a credential belongs in an action, and parameters used as one. */
import { describe, expect, it } from 'vitest';
import { credentialFields, isTokenRequest, parameterCredentialUses, secretParameterDefaults } from '../../src/analysis/credentials.js';
import { buildUnit } from '../../src/model/build.js';
import type { Flow } from '../../src/model/types.js';
import { DEFAULT_LIMITS } from '../../src/sources/types.js';
import { compose, connector, flow, folderGroup, http, initVariable, jsonText, type ActionMap, type FlowOptions } from '../helpers/builders.js';

function buildFlow(actions: ActionMap, options: FlowOptions = {}): Flow {
  const unit = buildUnit(folderGroup('Main.json', { 'Main.json': jsonText(flow(actions, options)) }, 'file'), DEFAULT_LIMITS);
  return unit.solution.flows[0];
}

function fieldsOf(actions: ActionMap): string[] {
  const built = buildFlow(actions);
  return built.actions.flatMap((a) => credentialFields(a).map((f) => `${a.name}|${f.kind}|${f.strength}|${f.name}|${f.text}`));
}

describe('credentialFields', () => {
  it('lists authentication secrets, credential headers, queries and URI parameters', () => {
    const fields = fieldsOf({
      HTTP: http({
        uri: "https://api.contoso.example/x?code=abc&api_key=@{variables('k')}&page=2",
        headers: { Authorization: 'Bearer t', 'Content-Type': 'application/json', 'x-api-key': 'k' },
        queries: { client_secret: 's', top: '10' },
        authentication: { type: 'Basic', username: 'u', password: 'p' },
      }),
    });
    expect(fields).toEqual([
      'HTTP|authentication|slot|password|p',
      'HTTP|header|slot|Authorization|Bearer t',
      'HTTP|header|slot|x-api-key|k',
      'HTTP|query|slot|client_secret|s',
      'HTTP|query|ambiguous|code|abc',
      "HTTP|query|slot|api_key|@{variables('k')}",
    ]);
  });

  it('lists token request bodies, form-encoded or JSON', () => {
    const form = http({
      method: 'POST',
      uri: 'https://login.microsoftonline.com/t/oauth2/v2.0/token',
      body: "client_id=c&\nclient_secret=@{parameters('s')}&\ngrant_type=client_credentials",
    });
    const json = http({ method: 'POST', uri: 'https://example.org/api', body: { grant_type: 'password', username: 'u', password: 'p' } });
    expect(fieldsOf({ Form: form, Json: json })).toEqual(["Form|token-request|slot|client_secret|@{parameters('s')}", 'Json|token-request|slot|password|p']);
    const built = buildFlow({ Form: form, Other: http({ method: 'GET' }) });
    expect(built.actions.map((a) => isTokenRequest(a))).toEqual([true, false]);
  });

  it('lists secret-named variables, Compose values and connector parameters', () => {
    const fields = fieldsOf({
      Init: initVariable('varClientSecret', 'String', 'x'),
      Other: initVariable('secretName', 'String', 'y'),
      Client_Secret: compose('z'),
      Settings: compose({ apiKey: 'k', url: 'u' }),
      Run: connector('shared_uiflow', 'RunUIFlow_V2', { 'item/Password': 'p', 'item/User': 'u' }),
    });
    expect(fields).toEqual([
      'Init|variable|named|varClientSecret|x',
      'Client_Secret|compose|named|Client_Secret|z',
      'Settings|compose|named|apiKey|k',
      'Run|connector-parameter|slot|item/Password|p',
    ]);
  });

  it('lists a Basic user name only when it is an API key with no real password', () => {
    const key = '3f6c1a52-7f7e-4c2b-9a55-0d6a2a1f7c11';
    expect(
      fieldsOf({
        Empty: http({ authentication: { type: 'Basic', username: key, password: '' } }),
        Trivial: http({ authentication: { type: 'Basic', username: key, password: 'x' } }),
        Folded: http({ authentication: { type: 'Basic', username: `@{concat('${key}')}` } }),
        Person: http({ authentication: { type: 'Basic', username: 'svc-flow', password: '' } }),
        Real: http({ authentication: { type: 'Basic', username: key, password: "@parameters('pwd')" } }),
      }).filter((field) => field.includes('|username|')),
    ).toEqual([`Empty|authentication|slot|username|${key}`, `Trivial|authentication|slot|username|${key}`, `Folded|authentication|slot|username|@{concat('${key}')}`]);
  });

  it('ignores managed identity and the connector authentication placeholder', () => {
    expect(
      fieldsOf({
        MSI: http({ authentication: { type: 'ManagedServiceIdentity', audience: 'https://vault.azure.net' } }),
        KV: connector('shared_keyvault', 'GetSecret', { secretName: 'a' }),
      }),
    ).toEqual([]);
  });
});

describe('parameters', () => {
  it('finds defaults of secret-named and SecureString parameters', () => {
    const built = buildFlow(
      {},
      {
        parameters: {
          'Api Key (cts_ApiKey)': { type: 'String', defaultValue: 'k', metadata: { schemaName: 'cts_ApiKey' } },
          Url: { type: 'String', defaultValue: 'u' },
          Pin: { type: 'SecureString', defaultValue: '1' },
        },
      },
    );
    expect(secretParameterDefaults(built).map((d) => `${d.parameter.name}|${d.strength}|${d.text}`)).toEqual(['Api Key (cts_ApiKey)|named|k', 'Pin|slot|1']);
  });

  it('finds parameters used as credentials: whole, or by a secret name', () => {
    const built = buildFlow(
      {
        Whole: http({ headers: { 'x-api-key': "@parameters('Partner')" } }),
        Scheme: http({ headers: { Authorization: "Bearer @{parameters('Token')}" } }),
        Named: http({ headers: { Authorization: "Basic @{base64(concat(parameters('User'), ':', parameters('ServicePassword')))}" } }),
        Path: http({ headers: { 'x-api-key': "@{parameters('Config')?['apiKey']}" } }),
        NotCredential: http({ uri: "@{parameters('BaseUrl')}/x" }),
      },
      {
        parameters: {
          Partner: { type: 'String' },
          Token: { type: 'String' },
          User: { type: 'String' },
          ServicePassword: { type: 'String' },
          Config: { type: 'Object' },
          BaseUrl: { type: 'String' },
        },
      },
    );
    expect(parameterCredentialUses(built).map((u) => `${u.operation.name}|${u.parameter.name}|${u.whole}`)).toEqual([
      'Whole|Partner|true',
      'Scheme|Token|true',
      'Named|ServicePassword|false',
      'Path|Config|true',
    ]);
  });
});
