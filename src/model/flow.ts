/**
 * Builds a Flow from a parsed flow document: triggers, the action tree with container paths
 * (Scope, If/else, Foreach, Until, Switch cases and default), parameters and connection references.
 */
import { asName, label, names } from '../redact.js';
import type { ActionBranch, ConnectorCall, Flow, FlowConnectionReference, FlowParameter, ModelProblem, Operation, Solution, SourceDocument, WorkflowRecord } from './types.js';
import { asRecord, asString, isRecord } from './json-helpers.js';
import { classifyOperation, secureDataSupportOf } from './operations.js';
import { ROOT_POINTER, joinPointer, pointerOf, type JsonPointer } from '../parse/pointer.js';

/** Where the pieces of a flow sit in its document (docs/reports.md, "Invocation": three lone-file shapes). */
export interface FlowShape {
  readonly definitionPointer: JsonPointer;
  /** Pointer of the `connectionReferences` map, when the document has one. */
  readonly connectionReferencesPointer?: JsonPointer;
  readonly displayName?: string;
}

const WDL_SCHEMA = /workflowdefinition\.json/i;

/** Recognises a flow document by content; undefined when the JSON is not a flow. */
export function detectFlowShape(value: unknown): FlowShape | undefined {
  if (!isRecord(value)) return undefined;
  const properties = asRecord(value.properties);
  if (properties && isRecord(properties.definition) && looksLikeDefinition(properties.definition)) {
    return {
      definitionPointer: pointerOf(['properties', 'definition']),
      connectionReferencesPointer: isRecord(properties.connectionReferences) ? pointerOf(['properties', 'connectionReferences']) : undefined,
      displayName: asString(properties.displayName),
    };
  }
  if (isRecord(value.definition) && looksLikeDefinition(value.definition)) {
    return {
      definitionPointer: pointerOf(['definition']),
      connectionReferencesPointer: isRecord(value.connectionReferences) ? pointerOf(['connectionReferences']) : undefined,
      displayName: asString(value.displayName) ?? asString(value.name),
    };
  }
  if (looksLikeDefinition(value)) return { definitionPointer: ROOT_POINTER };
  return undefined;
}

function looksLikeDefinition(value: Record<string, unknown>): boolean {
  if (typeof value.$schema === 'string' && WDL_SCHEMA.test(value.$schema)) return true;
  return isRecord(value.triggers) || (isRecord(value.actions) && ('contentVersion' in value || 'parameters' in value));
}

/** A desktop flow's `Workflows/*.json` stub (`definition.package`), which is no cloud flow. */
export function isDesktopFlowStub(value: unknown): boolean {
  const definition = asRecord(asRecord(asRecord(value)?.properties)?.definition);
  return !!definition && 'package' in definition && !('triggers' in definition) && !('actions' in definition);
}

interface MutableFlow extends Omit<Flow, 'triggers' | 'rootActions' | 'actions' | 'actionsByName' | 'parameters' | 'connectionReferences' | 'problems'> {
  triggers: Operation[];
  rootActions: Operation[];
  actions: Operation[];
  actionsByName: Map<string, Operation>;
  parameters: FlowParameter[];
  connectionReferences: FlowConnectionReference[];
  problems: ModelProblem[];
}

export function buildFlow(document: SourceDocument, shape: FlowShape, solution: Solution, workflow: WorkflowRecord | undefined, fallbackName: string): Flow {
  const root = document.value as Record<string, unknown>;
  const definition = (shape.definitionPointer === '' ? root : definitionAt(root, shape.definitionPointer)) as Record<string, unknown>;
  const displayName = workflow?.displayName ?? shape.displayName ?? workflow?.name ?? fallbackName;
  const flow: MutableFlow = {
    solution,
    document,
    definitionPointer: shape.definitionPointer,
    definition,
    displayName: asName(displayName),
    name: asName(workflow?.name ?? asString(root.name)),
    workflow,
    triggers: [],
    rootActions: [],
    actions: [],
    actionsByName: new Map(),
    parameters: [],
    connectionReferences: [],
    connectionReferencesPointer: shape.connectionReferencesPointer,
    problems: [],
    location: { document, pointer: shape.definitionPointer },
    logicalName: asName(displayName),
    fullyQualifiedName: asName(displayName),
    logicalKind: 'module',
  };
  readConnectionReferences(flow, root, shape);
  readParameters(flow, definition);
  const triggers = asRecord(definition.triggers);
  if (triggers) {
    for (const [name, json] of Object.entries(triggers)) {
      const trigger = buildOperation(flow, 'trigger', name, json, joinPointer(shape.definitionPointer, 'triggers', name), undefined, undefined, []);
      if (trigger) flow.triggers.push(trigger);
    }
  }
  const actions = definition.actions;
  if (actions !== undefined) {
    if (isRecord(actions)) {
      flow.rootActions = buildActionMap(flow, actions, joinPointer(shape.definitionPointer, 'actions'), undefined, undefined, []);
    } else {
      flow.problems.push({ node: flow, pointer: joinPointer(shape.definitionPointer, 'actions'), reason: label('`actions` is not an object') });
    }
  }
  return flow;
}

function definitionAt(root: Record<string, unknown>, pointer: JsonPointer): unknown {
  return pointer === '/properties/definition' ? asRecord(root.properties)?.definition : root.definition;
}

function readConnectionReferences(flow: MutableFlow, root: Record<string, unknown>, shape: FlowShape): void {
  if (!shape.connectionReferencesPointer) return;
  const map =
    shape.connectionReferencesPointer === '/properties/connectionReferences' ? asRecord(asRecord(root.properties)?.connectionReferences) : asRecord(root.connectionReferences);
  for (const [key, raw] of Object.entries(map ?? {})) {
    const entry = asRecord(raw) ?? {};
    const connection = asRecord(entry.connection);
    const api = asRecord(entry.api);
    flow.connectionReferences.push({
      key: asName(key),
      apiName: asString(api?.name) ?? asString(entry.apiName) ?? apiNameFromId(asString(entry.id)),
      referenceLogicalName: asName(asString(connection?.connectionReferenceLogicalName)),
      connectionName: asName(asString(connection?.name) ?? asString(connection?.id) ?? asString(entry.connectionName)),
      runtimeSource: asString(entry.runtimeSource) ?? asString(entry.source),
      flow,
      location: { document: flow.document, pointer: joinPointer(shape.connectionReferencesPointer, key) },
      logicalName: asName(key),
      fullyQualifiedName: asName(`${flow.displayName}/connectionReferences/${key}`),
      logicalKind: 'variable',
    });
  }
}

function readParameters(flow: MutableFlow, definition: Record<string, unknown>): void {
  const parameters = asRecord(definition.parameters);
  for (const [name, raw] of Object.entries(parameters ?? {})) {
    const json = asRecord(raw) ?? {};
    flow.parameters.push({
      name: asName(name),
      type: asString(json.type),
      schemaName: asName(asString(asRecord(json.metadata)?.schemaName)),
      defaultValue: json.defaultValue,
      flow,
      location: { document: flow.document, pointer: joinPointer(flow.definitionPointer, 'parameters', name) },
      logicalName: asName(name),
      fullyQualifiedName: asName(`${flow.displayName}/parameters/${name}`),
      logicalKind: 'variable',
    });
  }
}

export function apiNameFromId(apiId: string | undefined): string | undefined {
  if (!apiId) return undefined;
  const match = /\/apis\/([^/]+)\/?$/i.exec(apiId);
  return match ? match[1] : undefined;
}

const CONNECTIONS_KEY = /parameters\('\$connections'\)\['([^']+)'\]/;

function readConnector(flow: MutableFlow, type: string, inputs: Record<string, unknown> | undefined): ConnectorCall | undefined {
  if (!inputs) return undefined;
  const host = asRecord(inputs.host);
  if (!host) return undefined;
  const lowerType = type.toLowerCase();
  if (lowerType.startsWith('openapiconnection')) {
    const apiId = asString(host.apiId);
    const connectionName = asString(host.connectionName);
    return {
      apiId,
      apiName: apiNameFromId(apiId) ?? apiNameOfKey(flow, connectionName),
      operationId: asString(host.operationId),
      connectionName: asName(connectionName),
    };
  }
  if (lowerType.startsWith('apiconnection')) {
    const connection = asRecord(host.connection);
    const expression = asString(connection?.name) ?? '';
    const key = CONNECTIONS_KEY.exec(expression)?.[1];
    return {
      apiId: asString(host.apiId),
      apiName: apiNameFromId(asString(host.apiId)) ?? apiNameOfKey(flow, key),
      connectionName: asName(key),
      method: asString(inputs.method),
      path: asString(inputs.path),
    };
  }
  return undefined;
}

/** `shared_office365_1` -> the api of that connection reference, else the key without its suffix. */
function apiNameOfKey(flow: MutableFlow, key: string | undefined): string | undefined {
  if (!key) return undefined;
  const reference = flow.connectionReferences.find((r) => r.key === key);
  return reference?.apiName ?? key.replace(/_\d+$/, '');
}

function buildActionMap(
  flow: MutableFlow,
  map: Record<string, unknown>,
  pointer: JsonPointer,
  parent: Operation | undefined,
  branch: ActionBranch | undefined,
  containerPath: readonly string[],
): Operation[] {
  const result: Operation[] = [];
  for (const [name, json] of Object.entries(map)) {
    const action = buildOperation(flow, 'action', name, json, joinPointer(pointer, name), parent, branch, containerPath);
    if (action) result.push(action);
  }
  return result;
}

function buildOperation(
  flow: MutableFlow,
  role: 'action' | 'trigger',
  name: string,
  raw: unknown,
  pointer: JsonPointer,
  parent: Operation | undefined,
  branch: ActionBranch | undefined,
  containerPath: readonly string[],
): Operation | undefined {
  const location = { document: flow.document, pointer };
  const json = asRecord(raw);
  const path = [flow.displayName, ...containerPath, name].join('/');
  if (!json) {
    flow.problems.push({
      node: { location, logicalName: asName(name), fullyQualifiedName: asName(path), logicalKind: 'function' },
      pointer,
      reason: label(`${role} is not an object`),
    });
    return undefined;
  }
  const type = asString(json.type) ?? '';
  const inputs = json.inputs;
  const secureData = asRecord(asRecord(json.runtimeConfiguration)?.secureData);
  const secured = Array.isArray(secureData?.properties) ? (secureData.properties as unknown[]).map(String) : [];
  const runAfter = asRecord(json.runAfter);
  const children: Operation[] = [];
  const connector = readConnector(flow, type, asRecord(inputs));
  const operation: Operation = {
    role,
    name: asName(name),
    type,
    kind: asString(json.kind),
    json,
    inputs,
    description: asString(json.description),
    secureInputs: secured.includes('inputs'),
    secureOutputs: secured.includes('outputs'),
    secureData: secureDataSupportOf(type),
    connector,
    view: classifyOperation(json, type, connector, pointer),
    flow,
    parent,
    branch,
    containerPath,
    children,
    runAfter: runAfter ? Object.keys(runAfter) : [],
    location,
    logicalName: asName(name),
    fullyQualifiedName: asName(path),
    logicalKind: 'function',
  };
  if (role === 'trigger') return operation;
  flow.actions.push(operation);
  if (!flow.actionsByName.has(name)) flow.actionsByName.set(name, operation);
  for (const nested of nestedActionMaps(json, pointer)) {
    if (!isRecord(nested.map)) {
      flow.problems.push({ node: operation, pointer: nested.pointer, reason: names`\`${asName(nested.label)}\` is not an object of actions` });
      continue;
    }
    const childPath = [...containerPath, nested.branch === 'actions' ? name : `${name}/${nested.label}`];
    children.push(...buildActionMap(flow, nested.map, nested.pointer, operation, nested.branch, childPath));
  }
  return operation;
}

interface NestedMap {
  readonly map: unknown;
  readonly pointer: JsonPointer;
  readonly branch: ActionBranch;
  readonly label: string;
}

/** The action maps a container holds (docs/formats.md §3.2); any action with `actions` is walked. */
function nestedActionMaps(json: Record<string, unknown>, pointer: JsonPointer): NestedMap[] {
  const maps: NestedMap[] = [];
  if (json.actions !== undefined) maps.push({ map: json.actions, pointer: joinPointer(pointer, 'actions'), branch: 'actions', label: 'actions' });
  const elseBranch = asRecord(json.else);
  if (elseBranch && elseBranch.actions !== undefined) {
    maps.push({ map: elseBranch.actions, pointer: joinPointer(pointer, 'else', 'actions'), branch: 'else', label: 'else' });
  }
  const cases = asRecord(json.cases);
  for (const [caseName, raw] of Object.entries(cases ?? {})) {
    const body = asRecord(raw);
    if (body && body.actions !== undefined) {
      maps.push({ map: body.actions, pointer: joinPointer(pointer, 'cases', caseName, 'actions'), branch: `case:${caseName}`, label: caseName });
    }
  }
  const defaultBranch = asRecord(json.default);
  if (defaultBranch && defaultBranch.actions !== undefined) {
    maps.push({ map: defaultBranch.actions, pointer: joinPointer(pointer, 'default', 'actions'), branch: 'default', label: 'default' });
  }
  return maps;
}
