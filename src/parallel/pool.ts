/**
 * Lints input groups in a pool of worker threads. The main thread reads the inputs (one group at
 * a time, as in a single-thread run) and hands each to the worker with the least work queued;
 * at most two groups wait per worker, so memory stays bounded however many inputs there are.
 * The results are merged in input order, and fingerprints are made unique after sorting, so the
 * output does not depend on the number of workers or on which worker got which input.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { LintEngine, finalizeFindings } from '../engine/engine.js';
import { isShared } from '../engine/suppressions.js';
import type { Finding, RunDiagnostic } from '../engine/types.js';
import type { InputGroup, InputLimits } from '../sources/types.js';
import { groupBytes, runNotices, runStats, type LintOptions, type LintRun, type UnitOutcome, type WorkerSetup } from '../lint.js';
import type { FromWorker, ToWorker, WorkerData } from './protocol.js';

export interface PoolOptions extends LintOptions {
  readonly limits: InputLimits;
  readonly jobs: number;
  readonly workerSetup: WorkerSetup;
  readonly started: number;
}

/** Groups queued per worker: one being linted and one ready, so no worker waits for the reader. */
const QUEUED_PER_WORKER = 2;

/**
 * The worker script: next to this module in the compiled tree and in the bundle (`dist/worker.js`);
 * when this module runs from the TypeScript sources (tests), the bundled worker.
 */
function workerScript(): string {
  const candidates = [new URL('./worker.js', import.meta.url), new URL('../../dist/worker.js', import.meta.url)];
  const found = candidates.find((candidate) => existsSync(fileURLToPath(candidate)));
  if (!found) throw new Error('the flowlint worker script is missing (run `npm run build`)');
  return fileURLToPath(found);
}

interface PoolWorker {
  readonly worker: Worker;
  readonly indices: number[];
  queuedBytes: number;
  queued: number;
}

type UnitReply = Extract<FromWorker, { type: 'unit' }>;
type FinishedReply = Extract<FromWorker, { type: 'finished' }>;

export async function lintInPool(
  options: PoolOptions,
  held: readonly InputGroup[],
  rest: AsyncIterator<InputGroup>,
  reportProgress: (group: InputGroup) => void,
): Promise<LintRun> {
  const script = workerScript();
  const data: WorkerData = { setup: options.workerSetup, limits: options.limits, debug: options.debug ?? false };
  const replies: UnitReply[] = [];
  const finished: FinishedReply[] = [];
  let failure: Error | undefined;
  let wake: (() => void) | undefined;
  const notify = (): void => {
    wake?.();
    wake = undefined;
  };

  /** Input bytes of each group sent and not yet answered, by input index. */
  const bytesByIndex = new Map<number, number>();
  const workers: PoolWorker[] = Array.from({ length: options.jobs }, () => {
    const entry: PoolWorker = { worker: new Worker(script, { workerData: data }), indices: [], queuedBytes: 0, queued: 0 };
    entry.worker.on('message', (message: FromWorker) => {
      if (message.type === 'unit') {
        replies[message.index] = message;
        entry.queued--;
        entry.queuedBytes -= bytesByIndex.get(message.index) ?? 0;
        bytesByIndex.delete(message.index);
      } else if (message.type === 'finished') {
        finished.push(message);
      } else {
        failure ??= new Error(`a lint worker failed: ${message.message}`);
      }
      notify();
    });
    entry.worker.on('error', (error) => {
      failure ??= new Error(`a lint worker failed: ${error.message}`);
      notify();
    });
    entry.worker.on('exit', (code) => {
      if (code !== 0) failure ??= new Error(`a lint worker stopped with exit code ${code}`);
      notify();
    });
    return entry;
  });
  const until = async (done: () => boolean): Promise<void> => {
    while (!done() && !failure) await new Promise<void>((resolve) => (wake = resolve));
    if (failure) throw failure;
  };

  try {
    let count = 0;
    const dispatch = async (group: InputGroup): Promise<void> => {
      await until(() => workers.some((w) => w.queued < QUEUED_PER_WORKER));
      const target = workers.filter((w) => w.queued < QUEUED_PER_WORKER).reduce((a, b) => (b.queuedBytes < a.queuedBytes ? b : a));
      const index = count++;
      const bytes = groupBytes(group);
      bytesByIndex.set(index, bytes);
      target.indices.push(index);
      target.queued++;
      target.queuedBytes += bytes;
      target.worker.postMessage({ type: 'unit', index, group } satisfies ToWorker);
    };
    for (const group of held) await dispatch(group);
    for (let next = await rest.next(); !next.done; next = await rest.next()) {
      reportProgress(next.value);
      await dispatch(next.value);
    }
    await until(() => workers.every((w) => w.queued === 0));

    const outcomes: UnitOutcome[] = replies.map((reply) => ({ ...reply, diagnostics: [...reply.diagnostics] }));
    for (const entry of workers) {
      const own = new Set(entry.indices);
      const units = replies.flatMap((reply) => (reply.solution ? [{ index: reply.index, solution: own.has(reply.index) ? null : reply.solution }] : []));
      entry.worker.postMessage({ type: 'finish', units } satisfies ToWorker);
    }
    await until(() => finished.length === workers.length);

    // Exceptions and baseline entries: used if any worker used them, audited once, here.
    const engine = new LintEngine(options.rules, { debug: options.debug, settings: options.settings, suppressions: options.suppressions });
    for (const reply of finished) options.suppressions?.mergeSharedUsage(reply.sharedUsage);
    const setupDiagnostics = [...engine.diagnostics];
    engine.auditSuppressions(isShared);

    const findings: Finding[] = [...replies.flatMap((reply) => reply.findings), ...finished.flatMap((reply) => reply.findings), ...engine.findings];
    const internal = uniqueDiagnostics([
      ...setupDiagnostics,
      ...replies.flatMap((reply) => reply.diagnostics.filter((d) => d.kind === 'internal')),
      ...finished.flatMap((reply) => reply.diagnostics),
      ...engine.diagnostics.slice(setupDiagnostics.length),
    ]);
    return {
      project: { solutions: outcomes.flatMap((outcome) => (outcome.solution ? [outcome.solution] : [])) },
      findings: finalizeFindings(findings),
      diagnostics: [...replies.flatMap((reply) => reply.diagnostics.filter((d) => d.kind === 'input')), ...internal],
      stats: runStats(outcomes, options.started),
      notices: runNotices(outcomes),
    };
  } finally {
    await Promise.all(workers.map((entry) => entry.worker.terminate()));
  }
}

/** A rule that fails to set up, or in the cross-unit phase, fails the same way in every worker: report it once. */
function uniqueDiagnostics(diagnostics: readonly RunDiagnostic[]): RunDiagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((diagnostic) => {
    const key = [diagnostic.ruleId, diagnostic.file, diagnostic.message].join('\u0000');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
