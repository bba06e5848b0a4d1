/**
 * One lint run: inputs are read group by group (one archive or solution folder in memory at a
 * time), modelled, and handed to the engine; cross-unit rules run at the end. With `jobs` > 1 the
 * units are linted by a pool of worker threads (pool.ts) and the results merged so that the
 * output is the same, byte for byte, as a run in one thread.
 */
import { availableParallelism } from 'node:os';
import { collectInputs, type InputGroup } from '../sources/index.js';
import { DEFAULT_LIMITS, type InputLimits } from '../sources/types.js';
import { finalizeFindings } from '../engine/engine.js';
import type { RunDiagnostic } from '../engine/types.js';
import { MemoryPacer } from './memory.js';
import type { LintOptions, LintRun, UnitOutcome } from './types.js';
import { engineFor, groupBytes, lintGroup, runNotices, runStats } from './unit.js';
import { ShardRun } from './shard.js';
import { isShared } from '../engine/suppressions.js';
import { vaultTable } from './vault-table.js';

export type { LintOptions, LintRun, UnitOutcome, WorkerSetup } from './types.js';

/** With `jobs: auto`, inputs smaller than this are linted in the main thread: starting workers costs more. */
export const AUTO_POOL_MIN_BYTES = 8 * 1024 * 1024;

/**
 * With `jobs: auto`, fewer cores than this means one thread: a single-thread run already keeps
 * about one and a half cores busy (V8 collects garbage and compiles on helper threads), and on
 * two cores a pool of two measured no faster while using twice the memory (BENCHMARKS.md).
 */
export const AUTO_POOL_MIN_CORES = 4;

function autoJobs(): number {
  const cores = availableParallelism();
  return cores >= AUTO_POOL_MIN_CORES ? cores : 1;
}

export async function lint(options: LintOptions): Promise<LintRun> {
  const started = performance.now();
  const limits: InputLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const jobs = options.jobs === 'auto' ? autoJobs() : (options.jobs ?? 1);
  const pooled = jobs > 1 && !options.keepModel && options.workerSetup !== undefined;
  const collected = collectInputs([...options.paths], {
    cwd: options.cwd,
    limits,
    ignore: options.ignore ? [...options.ignore] : undefined,
    gitignore: options.gitignore,
  });
  let inputs = 0;
  let files = 0;
  // Display paths of the files read (a zip member counts as its zip): outputs must not replace them.
  const readFiles = new Set<string>();
  const reportProgress = (group: InputGroup): void => {
    options.onProgress?.({ files, inputs: inputs++, current: group.root.file });
    files += group.files.length;
    for (const file of group.files) readFiles.add(file.source.file);
  };
  const sharding = options.shard && new ShardRun(options.shard, limits);
  const groups = sharding
    ? sharding.select(collected, (group) => {
        for (const file of group.files) readFiles.add(file.source.file);
      })
    : collected;
  const withReadFiles = (run: LintRun): LintRun => {
    const vaults = vaultTable(run.project, options.run?.environments);
    return {
      ...run,
      ...(vaults ? { vaults } : {}),
      readFiles: [...readFiles],
      ...(sharding ? { shard: sharding.report(run, options.suppressions?.sharedUsage() ?? []) } : {}),
    };
  };

  if (pooled && options.workerSetup) {
    // Inputs are held back until they are big enough to repay the workers' start (`auto`) or
    // there are two of them (an explicit count); a run that never gets there stays in this thread.
    const held: InputGroup[] = [];
    let heldBytes = 0;
    const iterator = groups[Symbol.asyncIterator]();
    for (;;) {
      const next = await iterator.next();
      if (next.done) break;
      reportProgress(next.value);
      held.push(next.value);
      heldBytes += groupBytes(next.value);
      if (held.length >= 2 && (options.jobs !== 'auto' || heldBytes >= AUTO_POOL_MIN_BYTES)) {
        // Loaded on use: a run in one thread need not load worker threads.
        const { lintInPool } = await import('./pool.js');
        return withReadFiles(await lintInPool({ ...options, limits, jobs, workerSetup: options.workerSetup, started, sharding }, held, iterator, reportProgress));
      }
    }
    return withReadFiles(await lintInThread(options, limits, started, listGroups(held), () => undefined, sharding));
  }
  return withReadFiles(await lintInThread(options, limits, started, groups, reportProgress, sharding));
}

async function* listGroups(groups: readonly InputGroup[]): AsyncGenerator<InputGroup> {
  yield* groups;
}

async function lintInThread(
  options: LintOptions,
  limits: InputLimits,
  started: number,
  groups: AsyncIterable<InputGroup>,
  reportProgress: (group: InputGroup) => void,
  sharding?: ShardRun,
): Promise<LintRun> {
  const engine = engineFor(options);
  const outcomes: UnitOutcome[] = [];
  const memory = new MemoryPacer();
  for await (const group of groups) {
    // Here the previous unit is garbage and the next one not yet parsed (memory.ts).
    memory.afterInput(groupBytes(group));
    reportProgress(group);
    outcomes.push(lintGroup(engine, group, limits, options.keepModel));
  }
  const solutions = sharding
    ? sharding.interleave(
        outcomes.map((outcome) => outcome.solution),
        (solution) => solution,
      )
    : outcomes.flatMap((outcome) => (outcome.solution ? [outcome.solution] : []));
  // A shard audits only the directives in its own flows: configured exceptions and baseline
  // entries may be used by another shard's findings, so `flowlint merge` audits them.
  const finished = engine.finish({ solutions }, sharding ? { audit: (source) => !isShared(source) } : {});
  const crossUnit = sharding ? finished.findings.filter((finding) => sharding.owns(finding.location)) : finished.findings;
  memory.afterRun();
  const ofKind = (kind: RunDiagnostic['kind']): RunDiagnostic[] => outcomes.flatMap((outcome) => outcome.diagnostics.filter((d) => d.kind === kind));
  return {
    project: { solutions },
    findings: finalizeFindings([...outcomes.flatMap((outcome) => outcome.findings), ...crossUnit]),
    // Input errors, then rules that failed: at setup, on a unit, across units.
    diagnostics: [...ofKind('input'), ...engine.setupDiagnostics, ...ofKind('internal'), ...finished.diagnostics],
    stats: runStats(outcomes, started),
    notices: runNotices(outcomes),
  };
}
