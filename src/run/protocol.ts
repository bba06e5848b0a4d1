/**
 * Messages between the main thread and the lint workers. Everything here crosses a thread by
 * structured clone: plain data only (the model's retained views are plain objects with cycles,
 * which structured clone keeps).
 */
import type { Solution } from '../model/types.js';
import type { Finding, RunDiagnostic } from '../engine/types.js';
import type { InputGroup, InputLimits, SkippedPath } from '../sources/types.js';
import type { WorkerSetup } from './types.js';

export interface WorkerData {
  readonly setup: WorkerSetup;
  readonly limits: InputLimits;
  readonly debug: boolean;
}

export type ToWorker =
  /** Lint one input group; `index` is its place in the run's input order. */
  | { readonly type: 'unit'; readonly index: number; readonly group: InputGroup }
  /**
   * Every unit was linted: run the cross-unit rules over the project, the units in input order
   * (`solution` null: one of this worker's own units, which it still holds).
   */
  | {
      readonly type: 'finish';
      readonly units: readonly { readonly index: number; readonly solution: Solution | null }[];
      /** Files of units linted by a worker that stopped: this worker reports on them as its own. */
      readonly adopt: readonly string[];
    };

export type FromWorker =
  | {
      readonly type: 'unit';
      readonly index: number;
      readonly findings: readonly Finding[];
      /** Input errors, then internal errors of rules on this unit. */
      readonly diagnostics: readonly RunDiagnostic[];
      readonly files: number;
      readonly skippedFiles: number;
      readonly flows: number;
      readonly actions: number;
      readonly skipped: readonly SkippedPath[];
      readonly notices: readonly string[];
      readonly solution?: Solution;
    }
  | {
      readonly type: 'finished';
      readonly findings: readonly Finding[];
      readonly diagnostics: readonly RunDiagnostic[];
      /** Which configured exceptions and baseline entries this worker's findings used. */
      readonly sharedUsage: readonly boolean[];
    }
  /** The worker could not set itself up (a configuration error the main thread did not have). */
  | { readonly type: 'failed'; readonly message: string };
