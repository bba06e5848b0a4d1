/**
 * The run configuration and what a run gives back: plain data, shared by the orchestrator, the
 * worker pool and its protocol (which import each other through nothing else).
 */
import type { Project, Solution } from '../model/types.js';
import type { EnabledRule } from '../engine/engine.js';
import type { Finding, RunContext, RunDiagnostic, RunResult } from '../engine/types.js';
import type { Suppressions } from '../engine/suppressions.js';
import type { AnalysisSettings } from '../analysis/index.js';
import type { InputLimits, SkippedPath } from '../sources/types.js';
import type { RunConfig } from './setup.js';

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
  /** What rules are told about the run (environments, the previous version for `diff`). */
  readonly run?: RunContext;
  /** Every rule id the configuration knows, enabled or not (see EngineOptions). */
  readonly knownRuleIds?: ReadonlySet<string>;
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
  /** `--shard I/N`: lint only this shard's units (see shard.ts). */
  readonly shard?: ShardSpec;
  /** Called as each input (archive, solution folder, lone file) is taken up: counts so far, and its path. */
  readonly onProgress?: (progress: { readonly files: number; readonly inputs: number; readonly current: string }) => void;
}

/** What a worker sets itself up from: the main thread's run configuration (see setup.ts). */
export type WorkerSetup = RunConfig;

/** A run's result together with the model it was computed on (for comparisons across runs). */
export interface LintRun extends RunResult {
  readonly project: Project;
  /** Files the run read, as display paths relative to the working directory. */
  readonly readFiles?: readonly string[];
}

/** What linting one input group gives. */
export interface UnitOutcome {
  readonly findings: readonly Finding[];
  /** Input errors, then rules that failed on this unit. */
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

/** `--shard I/N`: which of N shards a run lints (see shard.ts). */
export interface ShardSpec {
  /** 1-based. */
  readonly index: number;
  readonly count: number;
}
