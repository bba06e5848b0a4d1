/**
 * A small record of a project's security-relevant settings, taken from one version so that the
 * next version can be compared with it (`flowlint diff`): which actions had Secure Inputs/Outputs
 * and how each flow connection was bound. Flows are matched by solution and path inside it, which
 * is the same for a zip, an unpacked folder and a git revision of the same solution.
 */
import type { Flow, Project } from '../model/types.js';
import { sourceKey } from '../source-key.js';

export interface ActionSnapshot {
  readonly secureInputs: boolean;
  readonly secureOutputs: boolean;
}

/** Plain JSON, so a snapshot can also be written down (rule options, documentation examples). */
export interface FlowSnapshot {
  readonly actions: Readonly<Record<string, ActionSnapshot>>;
  /** Flow connection key -> bound through a connection reference (true) or a connection (false). */
  readonly connections: Readonly<Record<string, boolean>>;
  /**
   * The same flow as each file of the old version held it (`file` or `file!entry`), when one
   * solution was there more than once (a zip beside its unpacked folder): each file is compared
   * with its own old self, so an unchanged zip is not charged with what changed in the folder.
   */
  readonly bySource?: Readonly<Record<string, Omit<FlowSnapshot, 'bySource'>>>;
}

/** By `flowKey`: `<solution unique name>|<path of the flow file inside the solution>`. */
export type ProjectSnapshot = Readonly<Record<string, FlowSnapshot>>;

export function flowKey(flow: Flow): string {
  const unit = flow.solution.uniqueName ?? flow.solution.displayName ?? '';
  return `${unit}|${flow.document.unitPath}`;
}

/** `renameSource` puts the old files' names where the new version has them (two folders compared). */
export function snapshotProject(project: Project, renameSource: (key: string) => string = (key) => key): ProjectSnapshot {
  const snapshot: Record<string, FlowSnapshot> = {};
  for (const solution of project.solutions) {
    for (const flow of solution.flows) {
      const actions: Record<string, ActionSnapshot> = {};
      for (const operation of [...flow.triggers, ...flow.actions]) {
        actions[operation.name] = { secureInputs: operation.secureInputs, secureOutputs: operation.secureOutputs };
      }
      const connections: Record<string, boolean> = {};
      for (const reference of flow.connectionReferences) connections[reference.key] = reference.referenceLogicalName !== undefined;
      const key = flowKey(flow);
      const source = renameSource(sourceKey(flow.document.source));
      // The first file keeps the plain entry, which a file the old version did not have is compared with.
      const first = Object.prototype.hasOwnProperty.call(snapshot, key) ? snapshot[key] : { actions, connections };
      snapshot[key] = { ...first, bySource: { ...first.bySource, [source]: { actions, connections } } };
    }
  }
  return snapshot;
}

/** The old version of `flow`: the same file's if the old version had that file, else the solution's flow at that path. */
export function previousVersionOf(previous: ProjectSnapshot, flow: Flow): Omit<FlowSnapshot, 'bySource'> | undefined {
  const key = flowKey(flow);
  const before = Object.prototype.hasOwnProperty.call(previous, key) ? previous[key] : undefined;
  if (before === undefined) return undefined;
  const source = sourceKey(flow.document.source);
  return before.bySource !== undefined && Object.prototype.hasOwnProperty.call(before.bySource, source) ? before.bySource[source] : before;
}
