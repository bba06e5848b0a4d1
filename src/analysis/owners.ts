/**
 * Which model node holds a place of a document: the innermost action, trigger, parameter, flow,
 * environment variable value, deployment setting or script whose pointer is a prefix of it. One
 * lookup for every analysis and rule that turns a pointer into the node to report on.
 */
import { asName } from '../redact.js';
import type { ModelNode, Operation, Solution, SourceDocument } from '../model/types.js';
import { pointerSegments, ROOT_POINTER, type JsonPointer } from '../parse/pointer.js';

export interface PointerOwner {
  readonly node: ModelNode;
  /** The owner and the place below it, in words: `Action 'X' field 'inputs/body'`. */
  readonly where: string;
}

export interface OwnerIndex {
  ownerAt(document: SourceDocument, pointer: JsonPointer): PointerOwner;
}

/** `Action 'X'` or `Trigger 'X'`. */
export function operationLabel(operation: Operation): string {
  return `${operation.role === 'trigger' ? 'Trigger' : 'Action'} '${operation.name}'`;
}

const indexes = new WeakMap<Solution, OwnerIndex>();

/** The owner index of a unit, built once. */
export function ownerIndex(solution: Solution): OwnerIndex {
  let index = indexes.get(solution);
  if (!index) {
    index = buildOwnerIndex(solution);
    indexes.set(solution, index);
  }
  return index;
}

function buildOwnerIndex(solution: Solution): OwnerIndex {
  const byDocument = new Map<SourceDocument, { pointer: JsonPointer; node: ModelNode; where: string }[]>();
  const add = (document: SourceDocument, pointer: JsonPointer, node: ModelNode, where: string): void => {
    const list = byDocument.get(document);
    if (list) list.push({ pointer, node, where });
    else byDocument.set(document, [{ pointer, node, where }]);
  };
  for (const flow of solution.flows) {
    add(flow.document, flow.location.pointer, flow, `Flow '${flow.displayName}'`);
    for (const operation of [...flow.triggers, ...flow.actions]) add(flow.document, operation.location.pointer, operation, operationLabel(operation));
    for (const parameter of flow.parameters) add(flow.document, parameter.location.pointer, parameter, `Parameter '${parameter.name}'`);
  }
  for (const variable of solution.environmentVariables) {
    const value = variable.currentValue;
    if (value && value.location.document.format === 'json')
      add(value.location.document, value.location.pointer, value, `The value of environment variable '${variable.schemaName}'`);
  }
  for (const settings of solution.deploymentSettings) {
    add(settings.document, ROOT_POINTER, settings, `Deployment settings '${settings.logicalName}'`);
    for (const setting of settings.environmentVariables) add(settings.document, setting.location.pointer, setting, `Deployment setting '${setting.schemaName}'`);
  }
  for (const script of solution.scripts) add(script.location.document, ROOT_POINTER, script, `Office Script '${script.logicalName}'`);
  // Longest pointer first: the first prefix found is the innermost owner.
  for (const entries of byDocument.values()) entries.sort((a, b) => b.pointer.length - a.pointer.length);

  return {
    ownerAt(document, pointer) {
      for (const entry of byDocument.get(document) ?? []) {
        if (pointer === entry.pointer || pointer.startsWith(`${entry.pointer}/`) || entry.pointer === '') {
          const rest = pointer.slice(entry.pointer.length).replace(/^\//, '');
          return { node: entry.node, where: rest ? `${entry.where} field '${pointerSegments(`/${rest}`).join('/')}'` : entry.where };
        }
      }
      const name = document.unitPath.slice(document.unitPath.lastIndexOf('/') + 1) || document.source.file;
      return {
        node: {
          location: { document, pointer: document.format === 'json' ? pointer : ROOT_POINTER },
          logicalName: asName(name),
          fullyQualifiedName: asName(document.unitPath || document.source.file),
          logicalKind: 'module',
        },
        where: `File '${document.unitPath || document.source.file}'`,
      };
    },
  };
}
