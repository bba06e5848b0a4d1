/**
 * What each action or trigger does, decided once when the model is built (docs/formats.md §3.2–3.5):
 * a discriminated `OperationView` whose fields carry their own JSON pointers, so analyses and rules
 * read `view.request.uri.value` and report `view.request.uri.pointer` instead of digging in the
 * action's JSON and spelling pointers by hand. The facts about action types (which take Secure
 * Inputs/Outputs, which are loops, which copy their input) are defined here and nowhere else.
 */
import { asName, type Name } from '../redact.js';
import { joinPointer, type JsonPointer } from '../parse/pointer.js';
import { asRecord, asString, isRecord } from './json-helpers.js';

/** Connector call details of OpenApiConnection / ApiConnection operations. */
export interface ConnectorCall {
  /** `shared_keyvault` (from `host.apiId`, `host.connection.name` or the `$connections` key). */
  readonly apiName?: string;
  readonly apiId?: string;
  readonly operationId?: string;
  /** `host.connectionName`, or the `$connections` key of an ApiConnection. */
  readonly connectionName?: Name;
  /** ApiConnection `method` and `path`. */
  readonly method?: string;
  readonly path?: string;
}

/** The kinds of operation, as an enum: `OperationKind.Http === 'http'`. */
export const OperationKind = {
  /** The built-in HTTP action (and webhook), without Entra ID authentication. */
  Http: 'http',
  /** The built-in HTTP action authenticated with Entra ID (`ActiveDirectoryOAuth` or a managed identity). */
  HttpEntra: 'http-entra',
  /** The "HTTP with Microsoft Entra ID" connector (`shared_webcontents`), its request in parameters. */
  WebContents: 'web-contents',
  KeyVault: 'key-vault',
  Dataverse: 'dataverse',
  Variable: 'variable',
  /** Compose, Parse JSON, Select, Filter array (Query), Join, Create table. */
  DataOperation: 'data-operation',
  Loop: 'loop',
  /** Condition, Switch, Scope. */
  Control: 'control',
  ChildFlow: 'child-flow',
  DesktopFlow: 'desktop-flow',
  Response: 'response',
  Terminate: 'terminate',
  /** Any other connector operation. */
  Connector: 'connector',
  Other: 'other',
} as const;
export type OperationKind = (typeof OperationKind)[keyof typeof OperationKind];

/** A value of the action's JSON and where it is. */
export interface Field<T> {
  readonly value: T;
  readonly pointer: JsonPointer;
}

/**
 * The parts of an HTTP-shaped request: an action's `inputs`, a webhook's `subscribe`/`unsubscribe`,
 * or the `request/…` parameters of the Entra ID HTTP connector.
 */
export interface HttpRequest {
  /** Pointer of the object that holds the parts. */
  readonly pointer: JsonPointer;
  readonly method?: Field<string>;
  readonly uri?: Field<string>;
  readonly headers?: Field<unknown>;
  readonly queries?: Field<unknown>;
  readonly body?: Field<unknown>;
  readonly authentication?: Field<unknown>;
}

/** A connector call's parameters (`inputs.parameters`, OpenApiConnection) and path (ApiConnection). */
export interface ConnectorInputs {
  readonly connector: ConnectorCall;
  /** A parameter of `inputs.parameters` by name (`request/url`, `name`, `secretVersion`). */
  parameter(name: string): Field<unknown> | undefined;
  readonly path?: Field<string>;
}

/** What a Key Vault connector operation reads. */
export type KeyVaultRead = 'secret' | 'decrypt' | 'other';

export type VariableAction = 'initialize' | 'set' | 'append-to-string' | 'append-to-array' | 'increment' | 'decrement';

/** A variable an action writes, and the value it writes. */
export interface VariableEntry {
  readonly name: Name;
  readonly value?: Field<unknown>;
  /** The entry's index in InitializeVariable's `variables`. */
  readonly index?: number;
}

export type DataOperationType = 'compose' | 'parse-json' | 'select' | 'query' | 'join' | 'table';

export type ResponseChannel = 'http' | 'power-apps' | 'copilot';

export type OperationView =
  | { readonly kind: typeof OperationKind.Http | typeof OperationKind.HttpEntra; readonly request: HttpRequest; readonly requests: readonly HttpRequest[] }
  | ({ readonly kind: typeof OperationKind.WebContents; readonly request: HttpRequest; readonly requests: readonly HttpRequest[] } & ConnectorInputs)
  | ({ readonly kind: typeof OperationKind.KeyVault; readonly reads: KeyVaultRead } & ConnectorInputs)
  | ({ readonly kind: typeof OperationKind.Dataverse; readonly readsSecretEnvironmentVariable: boolean } & ConnectorInputs)
  | ({ readonly kind: typeof OperationKind.DesktopFlow; readonly uiFlowId?: string } & ConnectorInputs)
  | ({ readonly kind: typeof OperationKind.Connector } & ConnectorInputs)
  | { readonly kind: typeof OperationKind.Variable; readonly action: VariableAction; readonly entries: readonly VariableEntry[] }
  | { readonly kind: typeof OperationKind.DataOperation; readonly operation: DataOperationType; readonly inputs?: Field<unknown> }
  | { readonly kind: typeof OperationKind.Loop; readonly loop: 'foreach' | 'until' }
  | { readonly kind: typeof OperationKind.Control; readonly control: 'if' | 'switch' | 'scope' }
  | { readonly kind: typeof OperationKind.ChildFlow; readonly workflowReferenceName?: string; readonly body?: Field<unknown> }
  | { readonly kind: typeof OperationKind.Response; readonly channel: ResponseChannel }
  | { readonly kind: typeof OperationKind.Terminate; readonly runError?: Field<unknown> }
  | { readonly kind: typeof OperationKind.Other };

/** The view of one kind: `ViewOf<'http'>`. */
export type ViewOf<K extends OperationKind> = Extract<OperationView, { readonly kind: K }>;

/** Which of Secure Inputs and Secure Outputs an action type has (docs/formats.md §3.4). */
export type SecureDataSupport = 'inputs-and-outputs' | 'inputs-only' | 'none';

const VARIABLE_ACTIONS: Readonly<Record<string, VariableAction>> = {
  initializevariable: 'initialize',
  setvariable: 'set',
  appendtostringvariable: 'append-to-string',
  appendtoarrayvariable: 'append-to-array',
  incrementvariable: 'increment',
  decrementvariable: 'decrement',
};

const DATA_OPERATIONS: Readonly<Record<string, DataOperationType>> = {
  compose: 'compose',
  parsejson: 'parse-json',
  select: 'select',
  query: 'query',
  join: 'join',
  table: 'table',
};

const CONTROLS: Readonly<Record<string, 'if' | 'switch' | 'scope'>> = { if: 'if', switch: 'switch', scope: 'scope' };

/** Types without Secure Inputs ("not supported"); Recurrence is a trigger. */
const NO_SECURE_DATA = new Set([...Object.keys(VARIABLE_ACTIONS), 'foreach', 'if', 'recurrence', 'scope', 'switch', 'terminate', 'until']);
/** Types that have Secure Inputs only (which then also hides their outputs). */
const SECURE_INPUTS_ONLY = new Set(['compose', 'parsejson', 'response', 'wait']);

export function secureDataSupportOf(type: string): SecureDataSupport {
  const key = type.toLowerCase();
  return NO_SECURE_DATA.has(key) ? 'none' : SECURE_INPUTS_ONLY.has(key) ? 'inputs-only' : 'inputs-and-outputs';
}

const KEY_VAULT_APIS = new Set(['shared_keyvault', 'keyvault']);
const KEY_VAULT_SECRET_OPERATIONS = new Set(['getsecret', 'getsecretversion']);
const KEY_VAULT_DECRYPT_OPERATIONS = new Set(['decryptdata', 'decryptdatawithversion']);
const DATAVERSE_APIS = new Set(['shared_commondataserviceforapps', 'shared_commondataservice']);
const SECRET_ENV_VAR_ACTION = 'retrieveenvironmentvariablesecretvalue';
const ENTRA_AUTHENTICATION = new Set(['activedirectoryoauth', 'managedserviceidentity']);

const lower = (value: string | undefined): string => (value ?? '').toLowerCase();

function field<T>(record: Record<string, unknown>, key: string, base: JsonPointer, test: (value: unknown) => value is T): Field<T> | undefined {
  if (!(key in record)) return undefined;
  const value = record[key];
  return test(value) ? { value, pointer: joinPointer(base, key) } : undefined;
}

const anything = (value: unknown): value is unknown => value !== undefined;
const isString = (value: unknown): value is string => typeof value === 'string';

function requestOf(record: Record<string, unknown>, pointer: JsonPointer): HttpRequest {
  return {
    pointer,
    method: field(record, 'method', pointer, isString),
    uri: field(record, 'uri', pointer, isString),
    headers: field(record, 'headers', pointer, anything),
    queries: field(record, 'queries', pointer, anything),
    body: field(record, 'body', pointer, anything),
    authentication: field(record, 'authentication', pointer, anything),
  };
}

/**
 * Every HTTP-shaped request an action's inputs hold, whatever its type: the inputs themselves, a
 * webhook's `subscribe` and `unsubscribe`, and the `request/…` parameters of the Entra ID HTTP
 * connector. Credential places are looked for in all of them.
 */
export function requestsIn(inputs: unknown, inputsPointer: JsonPointer): HttpRequest[] {
  if (!isRecord(inputs)) return [];
  const requests: HttpRequest[] = [requestOf(inputs, inputsPointer)];
  for (const key of ['subscribe', 'unsubscribe']) {
    const nested = inputs[key];
    if (isRecord(nested)) requests.push(requestOf(nested, joinPointer(inputsPointer, key)));
  }
  const parameters = inputs.parameters;
  if (isRecord(parameters) && ('request/url' in parameters || 'request/headers' in parameters)) requests.push(parametersRequest(parameters, inputsPointer));
  return requests;
}

/** The request the Entra ID HTTP connector keeps in `request/…` parameters. */
function parametersRequest(parameters: Record<string, unknown>, inputsPointer: JsonPointer): HttpRequest {
  const base = joinPointer(inputsPointer, 'parameters');
  return {
    pointer: base,
    method: field(parameters, 'request/method', base, isString),
    uri: field(parameters, 'request/url', base, isString),
    headers: field(parameters, 'request/headers', base, anything),
    body: field(parameters, 'request/body', base, anything),
  };
}

function connectorInputs(connector: ConnectorCall, inputs: Record<string, unknown> | undefined, inputsPointer: JsonPointer): ConnectorInputs {
  // Looked up when asked: most connector calls are never asked for a parameter.
  const raw = asRecord(inputs?.parameters);
  const parameter = (name: string): Field<unknown> | undefined =>
    raw && Object.hasOwn(raw, name) ? { value: raw[name], pointer: joinPointer(inputsPointer, 'parameters', name) } : undefined;
  return { connector, parameter, path: inputs ? field(inputs, 'path', inputsPointer, isString) : undefined };
}

function keyVaultRead(connector: ConnectorCall): KeyVaultRead {
  const operationId = lower(connector.operationId);
  if (KEY_VAULT_SECRET_OPERATIONS.has(operationId)) return 'secret';
  if (KEY_VAULT_DECRYPT_OPERATIONS.has(operationId)) return 'decrypt';
  const path = lower(connector.path);
  if (/^\/secrets\/.+\/value$/.test(path)) return 'secret';
  if (/^\/keys\/.+\/decrypt$/.test(path)) return 'decrypt';
  return 'other';
}

function responseChannel(kind: string | undefined): ResponseChannel {
  const channel = lower(kind);
  return channel === 'powerapp' ? 'power-apps' : channel === 'skills' || channel === 'virtualagent' ? 'copilot' : 'http';
}

/** Variables an action writes: one per named entry of InitializeVariable, or `inputs.name`. */
function variableEntries(inputs: Record<string, unknown> | undefined, inputsPointer: JsonPointer): VariableEntry[] {
  if (!inputs) return [];
  if (Array.isArray(inputs.variables)) {
    const list = joinPointer(inputsPointer, 'variables');
    return inputs.variables.flatMap((raw, index) => {
      const entry = asRecord(raw);
      const name = asString(entry?.name);
      if (!entry || !name) return [];
      return [{ name: asName(name), index, value: field(entry, 'value', joinPointer(list, index), anything) }];
    });
  }
  const name = asString(inputs.name);
  return name ? [{ name: asName(name), value: field(inputs, 'value', inputsPointer, anything) }] : [];
}

/** Classifies one action or trigger (`json` is its object, `pointer` where it is). */
export function classifyOperation(json: Record<string, unknown>, type: string, connector: ConnectorCall | undefined, pointer: JsonPointer): OperationView {
  const key = type.toLowerCase();
  const inputsPointer = joinPointer(pointer, 'inputs');
  const inputs = asRecord(json.inputs);
  if (key === 'http' || key === 'httpwebhook') {
    const requests = requestsIn(inputs, inputsPointer);
    const request = requests[0] ?? { pointer: inputsPointer };
    const authentication = asRecord(request.authentication?.value);
    const entra = ENTRA_AUTHENTICATION.has(lower(asString(authentication?.type)));
    return { kind: entra ? OperationKind.HttpEntra : OperationKind.Http, request, requests };
  }
  if (key in VARIABLE_ACTIONS) return { kind: OperationKind.Variable, action: VARIABLE_ACTIONS[key], entries: variableEntries(inputs, inputsPointer) };
  if (key in DATA_OPERATIONS) return { kind: OperationKind.DataOperation, operation: DATA_OPERATIONS[key], inputs: field(json, 'inputs', pointer, anything) };
  if (key === 'foreach' || key === 'until') return { kind: OperationKind.Loop, loop: key };
  if (key in CONTROLS) return { kind: OperationKind.Control, control: CONTROLS[key] };
  if (key === 'workflow') {
    const host = asRecord(inputs?.host);
    return {
      kind: OperationKind.ChildFlow,
      workflowReferenceName: asString(host?.workflowReferenceName),
      body: inputs ? field(inputs, 'body', inputsPointer, anything) : undefined,
    };
  }
  if (key === 'response') return { kind: OperationKind.Response, channel: responseChannel(asString(json.kind)) };
  if (key === 'terminate') return { kind: OperationKind.Terminate, runError: inputs ? field(inputs, 'runError', inputsPointer, anything) : undefined };
  if (connector) {
    const api = lower(connector.apiName);
    const call = connectorInputs(connector, inputs, inputsPointer);
    if (api === 'shared_webcontents') {
      const requests = requestsIn(inputs, inputsPointer);
      const request = parametersRequest(asRecord(inputs?.parameters) ?? {}, inputsPointer);
      return { kind: OperationKind.WebContents, request, requests, ...call };
    }
    if (KEY_VAULT_APIS.has(api)) return { kind: OperationKind.KeyVault, reads: keyVaultRead(connector), ...call };
    if (DATAVERSE_APIS.has(api)) {
      const actionName = lower(asString(call.parameter('actionName')?.value));
      const readsSecret =
        (lower(connector.operationId) === 'performunboundaction' && actionName === SECRET_ENV_VAR_ACTION) || lower(connector.path).includes(SECRET_ENV_VAR_ACTION);
      return { kind: OperationKind.Dataverse, readsSecretEnvironmentVariable: readsSecret, ...call };
    }
    if (api === 'shared_uiflow') return { kind: OperationKind.DesktopFlow, uiFlowId: asString(call.parameter('uiFlowId')?.value), ...call };
    return { kind: OperationKind.Connector, ...call };
  }
  return { kind: OperationKind.Other };
}

/** The request of an HTTP action or of the Entra ID HTTP connector. */
export function httpRequestOf(operation: { readonly view: OperationView }): HttpRequest | undefined {
  const view = operation.view;
  return view.kind === OperationKind.Http || view.kind === OperationKind.HttpEntra || view.kind === OperationKind.WebContents ? view.request : undefined;
}
