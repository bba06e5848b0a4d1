/**
 * One lint run: inputs are read group by group (one archive or solution folder in memory at a
 * time), modelled, and handed to the engine; cross-unit rules run at the end. With `jobs` > 1 the
 * units are linted by a pool of worker threads (src/parallel/) and the results merged so that the
 * output is the same, byte for byte, as a run in one thread.
 */
import { availableParallelism } from 'node:os';
import { collectInputs, type InputGroup } from './sources/index.js';
import { DEFAULT_LIMITS, type InputLimits, type SkippedPath } from './sources/types.js';
import { buildUnit } from './model/build.js';
import type { Project, Solution } from './model/types.js';
import { LintEngine, type EnabledRule } from './engine/engine.js';
import type { RunDiagnostic, RunResult, RunStats } from './engine/types.js';
import type { Suppressions } from './engine/suppressions.js';
import type { AnalysisSettings } from './analysis/index.js';
import { MemoryPacer } from './memory.js';
import type { RunFlags } from './cli/setup.js';

export interface LintOptions {
  readonly cwd: string;
  readonly paths: readonly string[];
  readonly rules: readonly EnabledRule[];
  readonly limits?: Partial<InputLimits>;
  readonly ignore?: readonly string[];
  /** false: `.gitignore` files do not apply (see CollectOptions). */
  readonly gitignore?: boolean;
  readonly debug?: boolean;
  readonly settings?: AnalysisSettings;
  readonly suppressions?: Suppressions;
  /**
   * Keep every unit whole in the returned `project` (`flowlint diff` snapshots its flows). By
   * default a linted unit is cut down to what cross-unit rules read (see `retainedView`), so a run
   * over many archives holds the documents of one unit at a time. Implies one thread.
   */
  readonly keepModel?: boolean;
  /**
   * Worker threads: a number (default 1), or `auto` (one per core on machines with
   * AUTO_POOL_MIN_CORES or more, once the inputs read exceed AUTO_POOL_MIN_BYTES). Needs
   * `workerSetup`: workers rebuild the rules from the same flags, since rules (functions) cannot be
   * sent to them.
   */
  readonly jobs?: number | 'auto';
  readonly workerSetup?: WorkerSetup;
  /** Called as each input (archive, solution folder, lone file) is taken up: counts so far, and its path. */
  readonly onProgress?: (progress: { readonly files: number; readonly inputs: number; readonly current: string }) => void;
}

/** What a worker needs to set itself up as the main thread did (see src/cli/setup.ts). */
export interface WorkerSetup {
  readonly cwd: string;
  readonly flags: RunFlags;
}

/** A run's result together with the model it was computed on (for comparisons across runs). */
export interface LintRun extends RunResult {
  readonly project: Project;
  /** Files the run read, as display paths relative to the working directory. */
  readonly readFiles?: readonly string[];
}

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

/** What linting one input group gives, apart from its findings (which the engine keeps). */
export interface UnitOutcome {
  readonly diagnostics: RunDiagnostic[];
  readonly files: number;
  readonly skippedFiles: number;
  readonly flows: number;
  readonly actions: number;
  /** Paths not read while collecting this input, and notices about how it was read. */
  readonly skipped: readonly SkippedPath[];
  readonly notices: readonly string[];
  /** The unit as cross-unit rules see it (see `retainedView`); absent for a group with no files. */
  readonly solution?: Solution;
}

/** Models one input group and runs the engine's unit rules over it. */
export function lintGroup(engine: LintEngine, group: InputGroup, limits: InputLimits, keepModel = false): UnitOutcome {
  const diagnostics: RunDiagnostic[] = group.errors.map((error) => ({ kind: 'input', ...error }));
  const skipped = group.skipped ?? [];
  const notices = group.notices ?? [];
  if (group.files.length === 0) return { diagnostics, files: 0, skippedFiles: 0, flows: 0, actions: 0, skipped, notices };
  const unit = buildUnit(group, limits);
  for (const error of unit.errors) diagnostics.push({ kind: 'input', ...error });
  if (unit.overLimit !== undefined) {
    diagnostics.push({ kind: 'input', file: group.root.file, ...(group.root.entry === undefined ? {} : { entry: group.root.entry }), message: unit.overLimit });
    return { diagnostics, files: group.files.length, skippedFiles: unit.skippedFiles, flows: 0, actions: 0, skipped, notices };
  }
  const { solution } = unit;
  let actions = 0;
  for (const flow of solution.flows) actions += flow.actions.length;
  engine.lintSolution(solution, group.focus);
  return {
    diagnostics,
    files: group.files.length,
    skippedFiles: unit.skippedFiles,
    flows: solution.flows.length,
    actions,
    skipped,
    notices,
    solution: keepModel ? solution : retainedView(solution),
  };
}

export function groupBytes(group: InputGroup): number {
  return group.files.reduce((total, file) => total + file.bytes.length, 0);
}

/** Adds up unit outcomes into run statistics. */
export function runStats(outcomes: readonly UnitOutcome[], started: number): RunStats {
  const stats = { files: 0, solutions: 0, flows: 0, actions: 0, skippedFiles: 0, skippedPaths: 0, skipped: [] as SkippedPath[], durationMs: 0 };
  // A path given twice (or inside two folders given) is skipped once.
  const seen = new Set<string>();
  for (const outcome of outcomes) {
    for (const skip of outcome.skipped) {
      if (seen.has(skip.file)) continue;
      seen.add(skip.file);
      stats.skipped.push(skip);
    }
    stats.files += outcome.files;
    stats.skippedFiles += outcome.skippedFiles;
    stats.flows += outcome.flows;
    stats.actions += outcome.actions;
    if (outcome.solution && outcome.solution.kind !== 'standalone') stats.solutions++;
  }
  stats.skippedPaths = stats.skipped.length;
  stats.durationMs = Math.round(performance.now() - started);
  return stats;
}

/** The notices of a run's inputs, each once. */
export function runNotices(outcomes: readonly UnitOutcome[]): string[] {
  return [...new Set(outcomes.flatMap((outcome) => outcome.notices))];
}

export async function lint(options: LintOptions): Promise<LintRun> {
  const started = performance.now();
  const limits: InputLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const jobs = options.jobs === 'auto' ? autoJobs() : (options.jobs ?? 1);
  const pooled = jobs > 1 && !options.keepModel && options.workerSetup !== undefined;
  const groups = collectInputs([...options.paths], {
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
  const withReadFiles = (run: LintRun): LintRun => ({ ...run, readFiles: [...readFiles] });

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
        const { lintInPool } = await import('./parallel/pool.js');
        return withReadFiles(await lintInPool({ ...options, limits, jobs, workerSetup: options.workerSetup, started }, held, iterator, reportProgress));
      }
    }
    return withReadFiles(await lintInThread(options, limits, started, listGroups(held), () => undefined));
  }
  return withReadFiles(await lintInThread(options, limits, started, groups, reportProgress));
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
): Promise<LintRun> {
  const engine = new LintEngine(options.rules, { debug: options.debug, settings: options.settings, suppressions: options.suppressions });
  const outcomes: UnitOutcome[] = [];
  const memory = new MemoryPacer();
  for await (const group of groups) {
    // Here the previous unit is garbage and the next one not yet parsed (src/memory.ts).
    memory.afterInput(groupBytes(group));
    reportProgress(group);
    outcomes.push(lintGroup(engine, group, limits, options.keepModel));
  }
  const solutions = outcomes.flatMap((outcome) => (outcome.solution ? [outcome.solution] : []));
  engine.finish({ solutions });
  memory.afterRun();
  return {
    project: { solutions },
    findings: engine.sortedFindings(),
    diagnostics: [...outcomes.flatMap((outcome) => outcome.diagnostics), ...engine.diagnostics],
    stats: runStats(outcomes, started),
    notices: runNotices(outcomes),
  };
}

/**
 * What a linted unit keeps for `project:exit`: its identity, environment variables, deployment
 * settings and desktop flows, with their documents' texts (findings on them still need a line and
 * column). Flows, scripts, connection references, workflow records and every parsed tree are let
 * go: they are most of a unit's memory, and no cross-unit rule reads them.
 */
export function retainedView(solution: Solution): Solution {
  for (const document of solution.documents) (document as { value: unknown }).value = undefined;
  const retained: Solution = { ...solution, flows: [], scripts: [], documents: [], connectionReferences: [], workflows: [], desktopFlows: [] };
  // Desktop flows point back at their unit: at the cut-down one, so the whole unit can be let go.
  (retained as { desktopFlows: Solution['desktopFlows'] }).desktopFlows = solution.desktopFlows.map((desktop) => ({ ...desktop, solution: retained }));
  return retained;
}
