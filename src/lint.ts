/**
 * One lint run: inputs are read group by group (one archive or solution folder in memory at a
 * time), modelled, and handed to the engine; cross-unit rules run at the end.
 */
import { collectInputs } from './sources/index.js';
import { DEFAULT_LIMITS, type InputLimits } from './sources/types.js';
import { buildUnit } from './model/build.js';
import type { Project, Solution } from './model/types.js';
import { LintEngine, type EnabledRule } from './engine/engine.js';
import type { RunDiagnostic, RunResult } from './engine/types.js';
import type { Suppressions } from './engine/suppressions.js';
import type { AnalysisSettings } from './analysis/index.js';
import { MemoryPacer } from './memory.js';

export interface LintOptions {
  readonly cwd: string;
  readonly paths: readonly string[];
  readonly rules: readonly EnabledRule[];
  readonly limits?: Partial<InputLimits>;
  readonly ignore?: readonly string[];
  readonly debug?: boolean;
  readonly settings?: AnalysisSettings;
  readonly suppressions?: Suppressions;
  /**
   * Keep every unit whole in the returned `project` (`flowlint diff` snapshots its flows). By
   * default a linted unit is cut down to what cross-unit rules read (see `retainedView`), so a run
   * over many archives holds the documents of one unit at a time.
   */
  readonly keepModel?: boolean;
  /** Called as each input (archive, solution folder, lone file) is taken up: counts so far, and its path. */
  readonly onProgress?: (progress: { readonly files: number; readonly inputs: number; readonly current: string }) => void;
}

/** A run's result together with the model it was computed on (for comparisons across runs). */
export interface LintRun extends RunResult {
  readonly project: Project;
}

export async function lint(options: LintOptions): Promise<LintRun> {
  const started = performance.now();
  const limits: InputLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const engine = new LintEngine(options.rules, { debug: options.debug, settings: options.settings, suppressions: options.suppressions });
  const diagnostics: RunDiagnostic[] = [];
  const solutions: Solution[] = [];
  let files = 0;
  let flows = 0;
  let actions = 0;
  let skippedFiles = 0;
  let inputs = 0;
  const memory = new MemoryPacer();
  for await (const group of collectInputs([...options.paths], { cwd: options.cwd, limits, ignore: options.ignore ? [...options.ignore] : undefined })) {
    // Here the previous unit is garbage and the next one not yet parsed (src/memory.ts).
    memory.afterInput(group.files.reduce((total, file) => total + file.bytes.length, 0));
    options.onProgress?.({ files, inputs: inputs++, current: group.root.file });
    for (const error of group.errors) diagnostics.push({ kind: 'input', ...error });
    if (group.files.length === 0) continue;
    const unit = buildUnit(group, limits);
    for (const error of unit.errors) diagnostics.push({ kind: 'input', ...error });
    files += group.files.length;
    skippedFiles += unit.skippedFiles;
    const { solution } = unit;
    flows += solution.flows.length;
    for (const flow of solution.flows) actions += flow.actions.length;
    engine.lintSolution(solution, group.focus);
    solutions.push(options.keepModel ? solution : retainedView(solution));
  }
  engine.finish({ solutions });
  memory.afterRun();
  return {
    project: { solutions },
    findings: engine.sortedFindings(),
    diagnostics: [...diagnostics, ...engine.diagnostics],
    stats: {
      files,
      solutions: solutions.filter((s) => s.kind !== 'standalone').length,
      flows,
      actions,
      skippedFiles,
      durationMs: Math.round(performance.now() - started),
    },
  };
}

/**
 * What a linted unit keeps for `project:exit`: its identity, environment variables, deployment
 * settings and desktop flows, with their documents' texts (findings on them still need a line and
 * column). Flows, scripts, connection references, workflow records and every parsed tree are let
 * go: they are most of a unit's memory, and no cross-unit rule reads them.
 */
function retainedView(solution: Solution): Solution {
  for (const document of solution.documents) (document as { value: unknown }).value = undefined;
  return { ...solution, flows: [], scripts: [], documents: [], connectionReferences: [], workflows: [] };
}
