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
import { finalizeFindings } from '../engine/engine.js';
import { isShared } from '../engine/suppressions.js';
import type { Finding, RunDiagnostic } from '../engine/types.js';
import type { InputGroup, InputLimits } from '../sources/types.js';
import type { LintOptions, LintRun, UnitOutcome, WorkerSetup } from './types.js';
import { engineFor, groupBytes, runNotices, runStats } from './unit.js';
import { postWithValues, reviveValues, type FromWorker, type ToWorker, type WorkerData } from './protocol.js';
import { sourceKey } from '../source-key.js';
import type { ShardRun } from './shard.js';
import type { Solution } from '../model/types.js';

export interface PoolOptions extends LintOptions {
  readonly limits: InputLimits;
  readonly jobs: number;
  readonly workerSetup: WorkerSetup;
  readonly started: number;
  /** `--shard`: the other shards' units join the cross-unit rules (see shard.ts). */
  readonly sharding?: ShardRun;
}

/** Groups queued per worker: one being linted and one ready, so no worker waits for the reader. */
const QUEUED_PER_WORKER = 2;

/** Workers started in a row without a unit linted in between, before the run gives up. */
const MAX_RESTARTS_WITHOUT_PROGRESS = 3;

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
  /** Units sent to this worker, in the order sent (it lints them in that order). */
  readonly indices: number[];
  /** Units answered by a worker that stopped: this one treats their files as its own at the end. */
  readonly adopted: number[];
  queuedBytes: number;
  queued: number;
  stopped: boolean;
  /** Its cross-unit findings have come back. */
  done: boolean;
}

type UnitReply = Extract<FromWorker, { type: 'unit' }>;
type FinishedReply = Extract<FromWorker, { type: 'finished' }>;

/**
 * Why a worker stopped, in words for the report. A worker that runs out of memory or crashes on
 * one input must not take the other inputs' findings with it.
 */
function stopReason(error: Error | undefined, code: number | undefined): string {
  if ((error as NodeJS.ErrnoException | undefined)?.code === 'ERR_WORKER_OUT_OF_MEMORY') return 'out of memory';
  if (error) return `error: ${error.message}`;
  return `exit code ${code}`;
}

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
  /** Diagnostics of workers that stopped while running the cross-unit rules. */
  const finishFailures: RunDiagnostic[] = [];
  let failure: Error | undefined;
  let finishing = false;
  /** Set when the pool is being shut down: workers stopping then are expected. */
  let closing = false;
  let restartsWithoutProgress = 0;
  let wake: (() => void) | undefined;
  const notify = (): void => {
    wake?.();
    wake = undefined;
  };

  /** Groups sent and not yet answered, by input index: one a stopped worker had not begun is sent again. */
  const inFlight = new Map<number, InputGroup>();
  /** Input bytes of each group sent and not yet answered, by input index. */
  const bytesByIndex = new Map<number, number>();
  /** Files of each answered unit, as workers name them, for a worker that adopts the unit. */
  const filesByIndex = new Map<number, string[]>();

  const answer = (entry: PoolWorker, reply: UnitReply): void => {
    replies[reply.index] = reply;
    entry.queued--;
    entry.queuedBytes -= bytesByIndex.get(reply.index) ?? 0;
    bytesByIndex.delete(reply.index);
    const group = inFlight.get(reply.index);
    inFlight.delete(reply.index);
    if (group)
      filesByIndex.set(
        reply.index,
        group.files.map((file) => sourceKey(file.source)),
      );
  };

  /** The reply for a unit that could not be linted: an input error, so the run exits 2. */
  const notLinted = (index: number, group: InputGroup, message: string): UnitReply => ({
    type: 'unit',
    index,
    findings: [],
    diagnostics: [{ kind: 'input', file: group.root.file, ...(group.root.entry === undefined ? {} : { entry: group.root.entry }), message }],
    files: group.files.length,
    skippedFiles: 0,
    flows: 0,
    actions: 0,
    skipped: group.skipped ?? [],
    notices: group.notices ?? [],
  });

  const start = (): PoolWorker => {
    const entry: PoolWorker = { worker: new Worker(script, { workerData: data }), indices: [], adopted: [], queuedBytes: 0, queued: 0, stopped: false, done: false };
    entry.worker.on('message', (received: FromWorker) => {
      const message = reviveValues(received);
      if (message.type === 'unit') {
        answer(entry, message);
        restartsWithoutProgress = 0;
      } else if (message.type === 'finished') {
        finished.push(message);
        entry.done = true;
      }
      // Set-up failed: a configuration problem every worker shares, not one input's.
      else failure ??= new Error(`a lint worker failed: ${message.message}`);
      notify();
    });
    entry.worker.on('error', (error) => stopped(entry, stopReason(error, undefined)));
    entry.worker.on('exit', (code) => stopped(entry, stopReason(undefined, code)));
    return entry;
  };
  const workers: PoolWorker[] = Array.from({ length: options.jobs }, start);

  /**
   * A worker stopped before it was told to (an uncaught error, out of memory, `process.exit` in a
   * plugin rule). The unit it was linting is reported as not analysed; the units queued behind it
   * go to a new worker, which also takes over the units it had finished for the cross-unit rules.
   */
  const stopped = (entry: PoolWorker, reason: string): void => {
    if (entry.stopped || closing) return;
    entry.stopped = true;
    if (finishing) {
      if (!entry.done) finishFailures.push({ kind: 'internal', file: '', message: `the cross-unit rules did not run for the inputs of a lint worker that stopped (${reason})` });
      notify();
      return;
    }
    const unanswered = entry.indices.filter((index) => inFlight.has(index));
    // A worker that stops before it begins an input would be replaced forever.
    if (unanswered.length === 0 && ++restartsWithoutProgress > MAX_RESTARTS_WITHOUT_PROGRESS) {
      failure ??= new Error(`lint workers keep stopping (${reason})`);
      notify();
      return;
    }
    const replacement = start();
    replacement.adopted.push(...entry.adopted, ...entry.indices.filter((index) => !inFlight.has(index)));
    workers[workers.indexOf(entry)] = replacement;
    for (const [position, index] of unanswered.entries()) {
      const group = inFlight.get(index)!;
      if (position === 0) {
        answer(entry, notLinted(index, group, `not analysed: the lint worker stopped while linting it (${reason})`));
      } else {
        inFlight.delete(index);
        bytesByIndex.delete(index);
        send(replacement, index, group);
      }
    }
    notify();
  };

  const send = (target: PoolWorker, index: number, group: InputGroup): void => {
    const bytes = groupBytes(group);
    bytesByIndex.set(index, bytes);
    inFlight.set(index, group);
    target.indices.push(index);
    target.queued++;
    target.queuedBytes += bytes;
    try {
      target.worker.postMessage({ type: 'unit', index, group } satisfies ToWorker);
    } catch (error) {
      // Structured clone can fail on a group too big to copy ("Data cannot be cloned, out of memory").
      answer(target, notLinted(index, group, `not analysed: it could not be handed to a lint worker (${(error as Error).message})`));
    }
  };

  const until = async (done: () => boolean): Promise<void> => {
    while (!done() && !failure) await new Promise<void>((resolve) => (wake = resolve));
    if (failure) throw failure;
  };

  try {
    let count = 0;
    const dispatch = async (group: InputGroup): Promise<void> => {
      await until(() => workers.some((w) => w.queued < QUEUED_PER_WORKER));
      const target = workers.filter((w) => w.queued < QUEUED_PER_WORKER).reduce((a, b) => (b.queuedBytes < a.queuedBytes ? b : a));
      send(target, count++, group);
    };
    for (const group of held) await dispatch(group);
    for (let next = await rest.next(); !next.done; next = await rest.next()) {
      reportProgress(next.value);
      await dispatch(next.value);
    }
    await until(() => workers.every((w) => w.queued === 0));

    const outcomes: UnitOutcome[] = replies.map((reply) => ({ ...reply, diagnostics: [...reply.diagnostics] }));
    finishing = true;
    for (const entry of workers) {
      // Units it linted itself it still holds; the others (adopted ones too) are sent.
      const own = new Set(entry.indices);
      const ownUnits = replies.map((reply) => (reply.solution ? { index: reply.index, solution: own.has(reply.index) ? null : reply.solution } : undefined));
      // Another shard's unit is no worker's: it is sent whole, under no index.
      const units = options.sharding ? options.sharding.interleave(ownUnits, (solution: Solution) => ({ index: -1, solution })) : ownUnits.filter((unit) => unit !== undefined);
      const adopt = entry.adopted.flatMap((index) => filesByIndex.get(index) ?? []);
      postWithValues((message) => entry.worker.postMessage(message), { type: 'finish', units, adopt } satisfies ToWorker);
    }
    await until(() => workers.every((entry) => entry.done || entry.stopped));
    // Exceptions and baseline entries: used if any worker used them, audited once, here.
    const engine = engineFor(options);
    for (const reply of finished) options.suppressions?.mergeSharedUsage(reply.sharedUsage);
    // A shard leaves them to `flowlint merge`: another shard's findings may use them.
    const audited = options.sharding ? { findings: [], diagnostics: [] } : engine.auditSuppressions(isShared);

    const findings: Finding[] = [...replies.flatMap((reply) => reply.findings), ...finished.flatMap((reply) => reply.findings), ...audited.findings];
    const internal = uniqueDiagnostics([
      ...engine.setupDiagnostics,
      ...replies.flatMap((reply) => reply.diagnostics.filter((d) => d.kind === 'internal')),
      ...finished.flatMap((reply) => reply.diagnostics),
      ...audited.diagnostics,
      ...finishFailures,
    ]);
    return {
      project: { solutions: outcomes.flatMap((outcome) => (outcome.solution ? [outcome.solution] : [])) },
      findings: finalizeFindings(findings),
      diagnostics: [...replies.flatMap((reply) => reply.diagnostics.filter((d) => d.kind === 'input')), ...internal],
      stats: runStats(outcomes, options.started),
      notices: runNotices(outcomes),
    };
  } finally {
    closing = true;
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
