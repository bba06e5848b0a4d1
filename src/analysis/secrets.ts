/**
 * The secret model (docs/secret-model.md): where a flow gets secrets, and where they travel. Flow-insensitive:
 * every expression of every action is read once, then taint is pushed through copy steps,
 * variables and loops until nothing changes. Each tainted value keeps the chain that tainted it
 * (source, then each step), so findings can name the path and SARIF can draw it.
 */
import { label, nameList, names, type Name } from '../redact.js';
import { listReferences, type Reference } from '../expr/index.js';
import type { Flow, FlowParameter, ModelNode, Operation } from '../model/types.js';
import type { Analysis } from './index.js';
import { OperationKind } from '../model/operations.js';
import { flowExpressions, type ExpressionEntry } from './expressions.js';
import { credentialFields } from './credentials.js';
import { desktopScript } from './desktop.js';
import {
  isCopyStep,
  isForeach,
  isSecureParameterType,
  isSelection,
  outputsHidden,
  NON_SECRET_OUTPUT_FIELDS,
  SESSION_TOKEN_FIELDS,
  secretSourceKind,
  secretTriggerInputs,
  variablesWritten,
  type SecretSettings,
  type SecretSourceKind,
} from './platform.js';

export interface SecretSource {
  readonly kind: SecretSourceKind;
  /** The action that reads the secret, or the secure definition parameter. */
  readonly node: Operation | FlowParameter;
  readonly name: Name;
  /** The output fields that hold the secret (lower case), when the rest of the output is data. */
  readonly fields?: ReadonlySet<string>;
}

/** How a value came to hold a secret: the source, then each copy step, variable write or loop. */
export interface Taint {
  readonly source: SecretSource;
  readonly steps: readonly Operation[];
  /**
   * `result('Scope')` is an array of run records (name, status, code, error, inputs, outputs);
   * only their `inputs`/`outputs` hold data. The shape survives Filter array and Apply to each, so
   * `items('Loop')?['name']` over failed results is not mistaken for the secret.
   */
  readonly shape?: 'result-array' | 'result-item';
}

const RESULT_METADATA = new Set(['name', 'status', 'code', 'error', 'starttime', 'endtime', 'trackingid', 'clienttrackingid', 'retryhistory']);

/** Narrows a taint by the accessor path that reads it (undefined when the path reads no secret). */
function narrow(taint: Taint | undefined, path: readonly (string | number)[]): Taint | undefined {
  if (!taint?.shape) return taint;
  let shape: Taint['shape'] = taint.shape;
  for (const segment of path) {
    if (shape === 'result-array') {
      if (typeof segment !== 'number') return taint;
      shape = 'result-item';
      continue;
    }
    const field = String(segment).toLowerCase();
    if (RESULT_METADATA.has(field)) return undefined;
    return { source: taint.source, steps: taint.steps };
  }
  return shape === taint.shape ? taint : { ...taint, shape };
}

/** One reference to a secret in an action's own strings. */
export interface TaintedUse {
  readonly entry: ExpressionEntry;
  readonly reference: Reference;
  readonly taint: Taint;
}

export interface FlowSecrets {
  readonly sources: readonly SecretSource[];
  sourceOf(operation: Operation): SecretSource | undefined;
  /** The taint of an action's output (sources and copy steps that carry a secret). */
  outputTaint(operation: Operation): Taint | undefined;
  /** References to secrets in the strings an action (or, for outputs, the flow) owns. */
  taintedUses(owner: Operation | Flow): readonly TaintedUse[];
  /** Calls from parent flows of the same solution that pass this flow's trigger a secret. */
  readonly inboundCalls: readonly InboundCall[];
}

/** A parent flow's "Run a Child Flow" action that passes a secret to this flow's trigger. */
export interface InboundCall {
  readonly call: Operation;
  readonly taint: Taint;
}

/**
 * What other flows of the solution hand a flow: the secrets its parents pass to its trigger
 * (by input key, or the whole body), and the secrets its children return to its calls.
 */
interface CrossFlowTaint {
  readonly inbound: readonly InboundCall[];
  readonly inputs: ReadonlyMap<string, Taint>;
  readonly wholeInput?: Taint;
  readonly returned: ReadonlyMap<Operation, Taint>;
}

interface OwnedReference {
  readonly entry: ExpressionEntry;
  readonly reference: Reference;
}

const NO_SECRETS: FlowSecrets = {
  sources: [],
  sourceOf: () => undefined,
  outputTaint: () => undefined,
  taintedUses: () => [],
  inboundCalls: [],
};

export function secretsOf(analysis: Analysis, flow: Flow): FlowSecrets {
  const linked = analysis.memo('linked-secrets', flow.solution, (solution) => analyseLinkedFlows(analysis, solution.flows));
  return linked.get(flow) ?? analysis.memo('secrets', flow, () => analyseSecrets(flow, analysis.memo('expressions', flow, flowExpressions), analysis.settings.secrets));
}

/** A flow's workflow id, as a parent's `workflowReferenceName` names it (lower case, no braces). */
function workflowIdOf(flow: Flow): string | undefined {
  if (flow.workflow?.id) return flow.workflow.id;
  return /([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.json$/i.exec(flow.document.unitPath)?.[1].toLowerCase();
}

interface ChildCall {
  readonly call: Operation;
  readonly child: Flow;
}

/**
 * Secrets across "Run a Child Flow" calls inside one solution (docs/secret-model.md, "Across
 * flows"): the flows that call or are called are analysed together, feeding each call's tainted
 * inputs to the child's trigger and each child's tainted response to the parent's call, until
 * nothing new crosses. Flows with no such call are analysed alone, when asked.
 */
function analyseLinkedFlows(analysis: Analysis, flows: readonly Flow[]): ReadonlyMap<Flow, FlowSecrets> {
  const byId = new Map<string, Flow>();
  for (const flow of flows) {
    const id = workflowIdOf(flow);
    if (id && !byId.has(id)) byId.set(id, flow);
  }
  const calls: ChildCall[] = [];
  if (byId.size > 0) {
    for (const flow of flows) {
      for (const action of flow.actions) {
        const view = action.view;
        if (view.kind !== OperationKind.ChildFlow || !view.workflowReferenceName) continue;
        const child = byId.get(view.workflowReferenceName.replace(/[{}]/g, '').toLowerCase());
        if (child && child !== flow) calls.push({ call: action, child });
      }
    }
  }
  const results = new Map<Flow, FlowSecrets>();
  if (calls.length === 0) return results;
  const linked = new Set<Flow>();
  for (const { call, child } of calls) linked.add(call.flow).add(child);
  const cross = new Map<Flow, CrossFlowTaint>();
  const analyse = (flow: Flow) => analyseSecrets(flow, analysis.memo('expressions', flow, flowExpressions), analysis.settings.secrets, cross.get(flow));
  for (const flow of linked) results.set(flow, analyse(flow));
  // Each round can only add what crosses (a key, a returned call); a chain of n flows settles in n rounds.
  for (let round = 0; round <= linked.size; round++) {
    const next = new Map<Flow, { inbound: InboundCall[]; inputs: Map<string, Taint>; wholeInput?: Taint; returned: Map<Operation, Taint> }>();
    const entry = (flow: Flow) => {
      let found = next.get(flow);
      if (!found) next.set(flow, (found = { inbound: [], inputs: new Map(), returned: new Map() }));
      return found;
    };
    for (const { call, child } of calls) {
      const parentSecrets = results.get(call.flow) as FlowSecrets;
      const childSecrets = results.get(child) as FlowSecrets;
      const target = entry(child);
      for (const use of parentSecrets.taintedUses(call)) {
        const path = use.entry.path;
        if (path[0] !== 'inputs' || path[1] !== 'body') continue;
        const taint: Taint = { source: use.taint.source, steps: [...use.taint.steps, call] };
        if (!target.inbound.some((inbound) => inbound.call === call)) target.inbound.push({ call, taint });
        const key = path[2];
        if (key === undefined) target.wholeInput ??= taint;
        else if (!target.inputs.has(String(key).toLowerCase())) target.inputs.set(String(key).toLowerCase(), taint);
      }
      const response = respondedTaint(child, childSecrets);
      if (response && !entry(call.flow).returned.has(call)) entry(call.flow).returned.set(call, { source: response.source, steps: [...response.steps, call] });
    }
    let changed = false;
    for (const flow of linked) {
      const before = cross.get(flow);
      const after = next.get(flow);
      const size = (value: CrossFlowTaint | undefined) => (value ? value.inputs.size + value.returned.size + (value.wholeInput ? 1 : 0) + value.inbound.length : 0);
      if (size(after) === size(before)) continue;
      cross.set(flow, after as CrossFlowTaint);
      changed = true;
    }
    if (!changed) break;
    for (const flow of linked) results.set(flow, analyse(flow));
  }
  return results;
}

/** The taint of what a flow returns to its caller: a secret in a Response action's inputs. */
function respondedTaint(flow: Flow, secrets: FlowSecrets): Taint | undefined {
  for (const action of flow.actions) {
    if (action.view.kind !== OperationKind.Response) continue;
    const use = secrets.taintedUses(action)[0];
    if (use) return { source: use.taint.source, steps: [...use.taint.steps, action] };
  }
  return undefined;
}

export function analyseSecrets(flow: Flow, entries: readonly ExpressionEntry[], settings: SecretSettings, crossFlow?: CrossFlowTaint): FlowSecrets {
  const sources: SecretSource[] = [];
  const sourceByOperation = new Map<Operation, SecretSource>();
  const outputTaint = new Map<Operation, Taint>();
  const variableTaint = new Map<string, Taint>();
  const loopTaint = new Map<Operation, Taint>();
  const parameterTaint = new Map<string, Taint>();

  for (const parameter of flow.parameters) {
    if (parameter.name === '$authentication' || !isSecureParameterType(parameter.type)) continue;
    const source: SecretSource = { kind: 'secure-parameter', node: parameter, name: parameter.name };
    sources.push(source);
    parameterTaint.set(parameter.name.toLowerCase(), { source, steps: [] });
  }
  const addSource = (kind: SecretSourceKind, operation: Operation, fields?: ReadonlySet<string>): SecretSource => {
    const source: SecretSource = fields ? { kind, node: operation, name: operation.name, fields } : { kind, node: operation, name: operation.name };
    sources.push(source);
    sourceByOperation.set(operation, source);
    return source;
  };
  // Trigger inputs named like a secret (Request, Power Apps V2, manual, child-flow triggers).
  let triggerInputs: { readonly fields: ReadonlySet<string>; readonly taint: Taint } | undefined;
  for (const trigger of flow.triggers) {
    const fields = secretTriggerInputs(trigger);
    if (fields.length === 0 || triggerInputs) continue;
    triggerInputs = { fields: new Set(fields.map((field) => field.toLowerCase())), taint: { source: addSource('trigger-input', trigger), steps: [] } };
  }
  const sessionCandidates: Operation[] = [];
  for (const action of flow.actions) {
    const kind = secretSourceKind(action, settings);
    const desktopOutputs = kind ? undefined : sensitiveDesktopOutputs(action);
    if (kind) outputTaint.set(action, { source: addSource(kind, action), steps: [] });
    else if (desktopOutputs) outputTaint.set(action, { source: addSource('desktop-output', action, desktopOutputs), steps: [] });
    else if (sendsCredential(action)) sessionCandidates.push(action);
  }
  for (const [call, taint] of crossFlow?.returned ?? []) if (!outputTaint.has(call)) outputTaint.set(call, taint);
  const crossed = crossFlow !== undefined && (crossFlow.returned.size > 0 || crossFlow.inbound.length > 0);
  // Every taint starts at a source: a flow without one (most flows) has nothing to follow.
  if (sources.length === 0 && sessionCandidates.length === 0 && !crossed) return NO_SECRETS;

  const actionsByName = new Map<string, Operation>();
  for (const action of flow.actions) {
    const key = action.name.toLowerCase();
    if (!actionsByName.has(key)) actionsByName.set(key, action);
  }

  const references = new Map<ModelNode, OwnedReference[]>();
  for (const entry of entries) {
    // An unparseable value counts with the references its text spells: it fails closed.
    const found = entry.template ? listReferences(entry.template) : (entry.scannedReferences ?? []);
    let list = references.get(entry.owner);
    for (const reference of found) {
      if (!list) {
        list = [];
        references.set(entry.owner, list);
      }
      list.push({ entry, reference });
    }
  }

  // A call that was sent a credential is a source once the flow reads a token from its response.
  if (sessionCandidates.length > 0) {
    const tokenReads = new Set<Operation>();
    for (const list of references.values()) {
      for (const { reference } of list) {
        if (reference.kind !== 'action' || !reference.name) continue;
        const target = actionsByName.get(reference.name.toLowerCase());
        const field = target && outputField(reference);
        if (target && field !== undefined && SESSION_TOKEN_FIELDS.has(field)) tokenReads.add(target);
      }
    }
    for (const action of sessionCandidates) {
      if (tokenReads.has(action)) outputTaint.set(action, { source: addSource('session-token', action, SESSION_TOKEN_FIELDS), steps: [] });
    }
    if (sources.length === 0 && !crossed) return NO_SECRETS;
  }

  const resolve = (owned: OwnedReference): Taint | undefined => {
    const { reference, entry } = owned;
    const name = reference.name?.toLowerCase();
    switch (reference.kind) {
      case 'action': {
        if (!name) return undefined;
        const target = actionsByName.get(name);
        if (!target) return undefined;
        if (reference.fn === 'result') {
          const inner = firstDescendantTaint(target, outputTaint);
          return inner && narrow({ source: inner.source, steps: inner.steps, shape: 'result-array' }, reference.path);
        }
        const taint = outputTaint.get(target);
        if (!taint || (taint.steps.length === 0 && readsOnlyMetadata(reference, taint.source))) return undefined;
        return narrow(taint, bodyPath(reference));
      }
      case 'variable':
        return name ? variableTaint.get(name) : undefined;
      case 'parameter':
        return name ? parameterTaint.get(name) : undefined;
      case 'trigger': {
        const passed = crossFlow && passedInput(reference, crossFlow);
        if (passed) return passed;
        return triggerInputs && readsTriggerInput(reference, triggerInputs.fields) ? triggerInputs.taint : undefined;
      }
      case 'loop': {
        if (reference.fn === 'items') {
          const loop = name ? actionsByName.get(name) : undefined;
          return loop ? narrow(loopTaint.get(loop), reference.path) : undefined;
        }
        if (reference.fn === 'item') return narrow(itemTaint(entry), reference.path);
        return undefined;
      }
      default:
        return undefined;
    }
  };

  /** `item()` is the current element of a Select/Query/Table `from`, else of the innermost Foreach. */
  const itemTaint = (entry: ExpressionEntry): Taint | undefined => {
    const owner = entry.owner;
    if (!('role' in owner)) return undefined;
    if (isSelection(owner) && entry.path[1] !== 'from') {
      return firstTaint((references.get(owner) ?? []).filter((r) => r.entry.path[1] === 'from'));
    }
    for (let parent = owner.parent; parent; parent = parent.parent) {
      if (isForeach(parent)) return loopTaint.get(parent);
    }
    return undefined;
  };

  /** The taint among these references with the shortest chain (the most direct path). */
  const firstTaint = (owned: readonly OwnedReference[]): Taint | undefined => {
    let best: Taint | undefined;
    for (const reference of owned) {
      const taint = resolve(reference);
      if (taint && (!best || taint.steps.length < best.steps.length)) best = taint;
    }
    return best;
  };

  const extend = (taint: Taint, step: Operation): Taint => ({ source: taint.source, steps: [...taint.steps, step] });
  /** `outputs('X')?['body/…']` and `body('X')?['…']` read the same data. */
  const bodyPath = (reference: Reference): readonly (string | number)[] =>
    (reference.fn === 'outputs' || reference.fn === 'actionOutputs' || reference.fn === 'actions') && String(reference.path[0]).toLowerCase() === 'body'
      ? reference.path.slice(1)
      : reference.path;

  // Propagate to a fixpoint; each pass marks values at most once, so it ends after at most
  // (longest chain + 1) passes.
  for (let changed = true; changed;) {
    changed = false;
    for (const action of flow.actions) {
      const owned = references.get(action);
      if (!owned) continue;
      if (isForeach(action) && !loopTaint.has(action)) {
        const taint = firstTaint(owned.filter((r) => r.entry.path[0] === 'foreach'));
        if (taint) {
          loopTaint.set(action, { ...extend(taint, action), shape: taint.shape === 'result-array' ? 'result-item' : undefined });
          changed = true;
        }
      }
      if (!isCopyStep(action)) continue;
      const written = variablesWritten(action);
      if (written.length) {
        for (const variable of written) {
          const key = variable.name.toLowerCase();
          if (variableTaint.has(key)) continue;
          const own = variable.index === undefined ? owned : owned.filter((r) => r.entry.path[2] === variable.index);
          const taint = firstTaint(own);
          if (taint) {
            variableTaint.set(key, extend(taint, action));
            changed = true;
          }
        }
      } else if (!outputTaint.has(action)) {
        const taint = firstTaint(owned);
        if (taint) {
          // Filter array keeps the elements it is given; other steps reshape them. Keeping only
          // failed runs drops the secret: a source that failed returned an error, not the secret.
          const keepsShape = action.view.kind === OperationKind.DataOperation && action.view.operation === 'query' && taint.shape === 'result-array';
          if (!(keepsShape && keepsOnlyFailures(action))) {
            outputTaint.set(action, keepsShape ? { ...extend(taint, action), shape: taint.shape } : extend(taint, action));
            changed = true;
          }
        }
      }
    }
  }

  const usesCache = new Map<ModelNode, TaintedUse[]>();
  return {
    sources,
    inboundCalls: crossFlow?.inbound ?? [],
    sourceOf: (operation) => sourceByOperation.get(operation),
    outputTaint: (operation) => outputTaint.get(operation),
    taintedUses(owner) {
      let uses = usesCache.get(owner);
      if (!uses) {
        uses = [];
        for (const owned of references.get(owner) ?? []) {
          const taint = resolve(owned);
          if (taint) uses.push({ entry: owned.entry, reference: owned.reference, taint });
        }
        usesCache.set(owner, uses);
      }
      return uses;
    },
  };
}

const FAILURE_STATUS = /^(failed|timedout|cancelled|skipped|aborted)$/i;

/** A Filter array over run records whose condition only admits failure statuses. */
function keepsOnlyFailures(query: Operation): boolean {
  const where = (query.inputs as { where?: unknown } | undefined)?.where;
  if (typeof where !== 'string' || !/\[\s*'status'\s*\]/i.test(where)) return false;
  const statuses = [...where.matchAll(/'([A-Za-z]+)'/g)].map((m) => m[1]).filter((s) => s.toLowerCase() !== 'status');
  return statuses.length > 0 && statuses.every((s) => FAILURE_STATUS.test(s));
}

/**
 * `result('Scope')` holds the inputs and outputs of the actions inside the scope; secured outputs
 * are obfuscated there as everywhere else.
 */
function firstDescendantTaint(container: Operation, outputTaint: ReadonlyMap<Operation, Taint>): Taint | undefined {
  for (const child of container.children) {
    const own = outputsHidden(child) ? undefined : outputTaint.get(child);
    const taint = own ?? firstDescendantTaint(child, outputTaint);
    if (taint) return taint;
  }
  return undefined;
}

/** The first field of an action's output a reference reads, lower-cased (`outputs('X')?['body/value']` and `body('X')?['value']` alike). */
function outputField(reference: Reference): string | undefined {
  const path = reference.path;
  const wholeOutputs = reference.fn === 'outputs' || reference.fn === 'actionOutputs' || reference.fn === 'actions';
  const segment = wholeOutputs && String(path[0]).toLowerCase() === 'body' ? path[1] : path[0];
  return segment === undefined ? undefined : String(segment).toLowerCase();
}

/** `body('Get_secret')?['id']` reads metadata of the secret, not the secret itself. */
function readsOnlyMetadata(reference: Reference, source: SecretSource): boolean {
  const field = outputField(reference);
  if (field === undefined) return false;
  // A session token or a desktop flow's sensitive output is one field of an answer that is otherwise data.
  if (source.fields) return !source.fields.has(field);
  return NON_SECRET_OUTPUT_FIELDS[source.kind].has(field);
}

/**
 * The sensitive output variables (`@SENSITIVE` and `@OUTPUT`, lower case) of the desktop flow a
 * "Run a flow built with Power Automate for desktop" action runs, when it is in the same solution.
 */
function sensitiveDesktopOutputs(action: Operation): ReadonlySet<string> | undefined {
  const view = action.view;
  if (view.kind !== OperationKind.DesktopFlow || !view.uiFlowId) return undefined;
  const id = view.uiFlowId.replace(/[{}]/g, '').toLowerCase();
  const desktop = action.flow.solution.desktopFlows.find((candidate) => candidate.workflow.id === id);
  if (!desktop) return undefined;
  const outputs = desktopScript(desktop).variables.filter((variable) => variable.direction === 'output' && variable.sensitive);
  return outputs.length ? new Set(outputs.map((variable) => variable.name.toLowerCase())) : undefined;
}

/**
 * The keys below the trigger's body a reference reads (`[]` for the whole body), or undefined when
 * it reads something else (headers, queries): `triggerBody()?['password']`,
 * `triggerOutputs()?['body/password']`, `trigger()['outputs']['body']`.
 */
function triggerBodyPath(reference: Reference): readonly string[] | undefined {
  const path = reference.path.map((segment) => String(segment).toLowerCase());
  if (reference.fn === 'triggerBody') return path;
  if (reference.fn === 'triggerOutputs') return path.length === 0 ? [] : path[0] === 'body' ? path.slice(1) : undefined;
  if (reference.fn !== 'trigger') return undefined;
  if (path.length === 0 || (path.length === 1 && path[0] === 'outputs')) return [];
  return path[0] === 'outputs' && path[1] === 'body' ? path.slice(2) : undefined;
}

/** Whether a trigger reference reads one of the secret inputs, or the whole body that holds them. */
function readsTriggerInput(reference: Reference, fields: ReadonlySet<string>): boolean {
  const body = triggerBodyPath(reference);
  return body !== undefined && (body.length === 0 || fields.has(body[0]));
}

/** The taint a parent passed to the input a trigger reference reads (or to the whole body). */
function passedInput(reference: Reference, crossFlow: CrossFlowTaint): Taint | undefined {
  const body = triggerBodyPath(reference);
  if (body === undefined || crossFlow.inbound.length === 0) return undefined;
  if (body.length === 0) return crossFlow.wholeInput ?? crossFlow.inbound[0].taint;
  return crossFlow.inputs.get(body[0]) ?? crossFlow.wholeInput;
}

/** An HTTP call whose inputs carry a credential (a password, secret header, key parameter), not only a name. */
function sendsCredential(operation: Operation): boolean {
  const kind = operation.view.kind;
  if (kind !== OperationKind.Http && kind !== OperationKind.HttpEntra && kind !== OperationKind.WebContents) return false;
  return credentialFields(operation).some((field) => field.strength !== 'ambiguous' && field.text.trim() !== '');
}

/** "through Compose_key → Set_token" or "" when the value comes straight from the source. */
export function describeSteps(taint: Taint): Name {
  return taint.steps.length
    ? names` through ${nameList(
        taint.steps.map((step) => names`'${step.name}'`),
        'arrow',
      )}`
    : label('');
}
