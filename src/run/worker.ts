/**
 * A lint worker: sets itself up from the same flags as the main thread (rules are functions and
 * cannot be sent), lints the input groups it is given with one engine, and at the end runs the
 * cross-unit rules over the whole project, keeping the findings in its own files.
 */
import { ConfigError } from '../engine/registry.js';
import { parentPort, workerData } from 'node:worker_threads';
import { buildRun } from './setup.js';
import { LintEngine } from '../engine/engine.js';
import { isShared } from '../engine/suppressions.js';
import { lintGroup } from './unit.js';
import { MemoryPacer } from './memory.js';
import type { Solution } from '../model/types.js';
import type { InputGroup } from '../sources/types.js';
import { postWithValues, reviveValues, type FromWorker, type ToWorker, type WorkerData } from './protocol.js';
import { sourceKey } from '../source-key.js';

/** Diagnostics of rule setup stay in the engine's list: each message sends only what came after. */
interface WorkerState {
  readonly engine: LintEngine;
  readonly suppressionsUsage: () => boolean[];
}

const data = workerData as WorkerData;
const port = parentPort;
if (!port) throw new Error('flowlint worker started outside a worker thread');

const own = new Map<number, Solution>();
const ownFiles = new Set<string>();
const memory = new MemoryPacer();

function post(message: FromWorker): void {
  if (port) postWithValues((copy) => port.postMessage(copy), message);
}

/** Structured clone turns Buffers into plain Uint8Arrays. */
function withBuffers(group: InputGroup): InputGroup {
  return { ...group, files: group.files.map((file) => ({ ...file, bytes: Buffer.from(file.bytes.buffer, file.bytes.byteOffset, file.bytes.byteLength) })) };
}

function lintUnit(state: WorkerState, index: number, received: InputGroup): void {
  const group = withBuffers(received);
  memory.afterInput(group.files.reduce((total, file) => total + file.bytes.length, 0));
  for (const file of group.files) ownFiles.add(sourceKey(file.source));
  const outcome = lintGroup(state.engine, group, data.limits);
  if (outcome.solution) own.set(index, outcome.solution);
  post({
    type: 'unit',
    index,
    findings: outcome.findings,
    diagnostics: outcome.diagnostics,
    files: outcome.files,
    skippedFiles: outcome.skippedFiles,
    flows: outcome.flows,
    actions: outcome.actions,
    skipped: outcome.skipped,
    notices: outcome.notices,
    solution: outcome.solution,
  });
}

function finish(state: WorkerState, units: readonly { index: number; solution: Solution | null }[], adopt: readonly string[]): void {
  memory.afterRun();
  for (const file of adopt) ownFiles.add(file);
  const solutions = units.flatMap(({ index, solution }) => {
    const unit = solution ?? own.get(index);
    return unit ? [unit] : [];
  });
  // Directives live in this worker's flows: audit them here. Exceptions and baseline entries are
  // shared by every worker: the main thread audits them once, from every worker's usage.
  const output = state.engine.finish({ solutions }, { audit: (source) => !isShared(source) });
  // Every worker sees the whole project in the cross-unit rules: each keeps the findings in its own
  // files, so each finding is reported once.
  post({
    type: 'finished',
    findings: output.findings.filter((finding) => ownFiles.has(sourceKey(finding.location))),
    diagnostics: output.diagnostics,
    sharedUsage: state.suppressionsUsage(),
  });
}

async function setUp(): Promise<WorkerState> {
  const setup = await buildRun(data.setup);
  const engine = new LintEngine(setup.enabled, {
    debug: data.debug,
    settings: setup.settings,
    suppressions: setup.suppressions,
    run: setup.run,
    knownRuleIds: new Set(setup.rules.map((rule) => rule.meta.id)),
  });
  return { engine, suppressionsUsage: () => setup.suppressions.sharedUsage() };
}

// Messages are handled one after the other, the first once the worker is set up.
let queue: Promise<WorkerState> = setUp();
port.on('message', (received: ToWorker) => {
  const message = received.type === 'finish' ? reviveValues(received) : received;
  queue = queue.then((state) => {
    if (message.type === 'unit') lintUnit(state, message.index, message.group);
    else finish(state, message.units, message.adopt);
    return state;
  });
  queue.catch((error: unknown) => {
    // A configuration error is flowlint's own wording; anything else is named by its class, since
    // its message may quote input.
    const message = error instanceof ConfigError ? error.message : `unexpected ${error instanceof Error ? error.name : typeof error} in a lint worker`;
    post({ type: 'failed', message });
  });
});
