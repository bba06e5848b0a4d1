/**
 * Messages between the main thread and the lint workers. Everything here crosses a thread by
 * structured clone: plain data only (the model's retained views are plain objects with cycles,
 * which structured clone keeps).
 */
import type { Solution } from '../model/types.js';
import type { Finding, RunDiagnostic } from '../engine/types.js';
import type { InputGroup, InputLimits } from '../sources/types.js';
import type { UnitOutcome, WorkerSetup } from './types.js';
import { Redacted, redact, reveal } from '../redact.js';

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
  /** One unit linted: what linting it gave (the diagnostics are its input errors, then rules that failed on it). */
  | ({ readonly type: 'unit'; readonly index: number } & Readonly<UnitOutcome>)
  | {
      readonly type: 'finished';
      readonly findings: readonly Finding[];
      readonly diagnostics: readonly RunDiagnostic[];
      /** Which configured exceptions and baseline entries this worker's findings used. */
      readonly sharedUsage: readonly boolean[];
    }
  /** The worker could not set itself up (a configuration error the main thread did not have). */
  | { readonly type: 'failed'; readonly message: string };

/**
 * Structured clone copies a `Redacted` value as a plain object without its (private) raw text, so
 * values held redacted in the model — environment-variable and deployment-setting values of the
 * units the cross-unit rules read — would arrive empty. They cross as marked plain objects and are
 * made `Redacted` again on arrival; the sender's own objects are restored as soon as the message
 * is copied. The raw text only ever travels between flowlint's own threads.
 */
const REDACTED_MARK = '__flowlintRedacted';

type Holder = Record<string | number, unknown>;

/** Calls `visit` for every property of every object reachable from `root` (each object once). */
function eachProperty(root: unknown, visit: (holder: Holder, key: string | number, value: unknown) => void): void {
  const seen = new Set<object>();
  const pending: unknown[] = [root];
  while (pending.length > 0) {
    const current = pending.pop();
    if (current === null || typeof current !== 'object' || seen.has(current) || ArrayBuffer.isView(current) || current instanceof Redacted) continue;
    seen.add(current);
    for (const [key, value] of Object.entries(current)) {
      visit(current as Holder, key, value);
      if (value !== null && typeof value === 'object') pending.push(value);
    }
  }
}

/** Posts `message` with its Redacted values marked (see above). */
export function postWithValues(post: (message: unknown) => void, message: unknown): void {
  const replaced: [Holder, string | number, Redacted][] = [];
  eachProperty(message, (holder, key, value) => {
    if (value instanceof Redacted) replaced.push([holder, key, value]);
  });
  for (const [holder, key, value] of replaced) holder[key] = { [REDACTED_MARK]: reveal(value) };
  try {
    post(message);
  } finally {
    for (const [holder, key, value] of replaced) holder[key] = value;
  }
}

/** Makes the marked values of a received message `Redacted` again. */
export function reviveValues<T>(message: T): T {
  eachProperty(message, (holder, key, value) => {
    if (value !== null && typeof value === 'object' && REDACTED_MARK in value) holder[key] = redact(String((value as Holder)[REDACTED_MARK]));
  });
  return message;
}
