/**
 * A small record of a project's security-relevant settings, taken from one version so that the
 * next version can be compared with it (`flowlint diff`): which actions had Secure Inputs/Outputs
 * and how each flow connection was bound. Flows are matched by solution and path inside it, which
 * is the same for a zip, an unpacked folder and a git revision of the same solution.
 */
import type { Flow, Project } from '../model/types.js';

export interface ActionSnapshot {
  readonly secureInputs: boolean;
  readonly secureOutputs: boolean;
}

/** Plain JSON, so a snapshot can also be written down (rule options, documentation examples). */
export interface FlowSnapshot {
  readonly actions: Readonly<Record<string, ActionSnapshot>>;
  /** Flow connection key -> bound through a connection reference (true) or a connection (false). */
  readonly connections: Readonly<Record<string, boolean>>;
}

/** By `flowKey`: `<solution unique name>|<path of the flow file inside the solution>`. */
export type ProjectSnapshot = Readonly<Record<string, FlowSnapshot>>;

export function flowKey(flow: Flow): string {
  const unit = flow.solution.uniqueName ?? flow.solution.displayName ?? '';
  return `${unit}|${flow.document.unitPath}`;
}

export function snapshotProject(project: Project): ProjectSnapshot {
  const snapshot: Record<string, FlowSnapshot> = {};
  for (const solution of project.solutions) {
    for (const flow of solution.flows) {
      const actions: Record<string, ActionSnapshot> = {};
      for (const operation of [...flow.triggers, ...flow.actions]) {
        actions[operation.name] = { secureInputs: operation.secureInputs, secureOutputs: operation.secureOutputs };
      }
      const connections: Record<string, boolean> = {};
      for (const reference of flow.connectionReferences) connections[reference.key] = reference.referenceLogicalName !== undefined;
      snapshot[flowKey(flow)] = { actions, connections };
    }
  }
  return snapshot;
}
