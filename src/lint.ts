/**
 * One lint run: inputs are read group by group (one archive or solution folder in memory at a
 * time), modelled, and handed to the engine; cross-unit rules run at the end.
 */
import { collectInputs } from './sources/index.js';
import { DEFAULT_LIMITS, type InputLimits } from './sources/types.js';
import { buildUnit } from './model/build.js';
import type { Solution } from './model/types.js';
import { LintEngine, type EnabledRule } from './engine/engine.js';
import type { RunDiagnostic, RunResult } from './engine/types.js';

export interface LintOptions {
  readonly cwd: string;
  readonly paths: readonly string[];
  readonly rules: readonly EnabledRule[];
  readonly limits?: Partial<InputLimits>;
  readonly ignore?: readonly string[];
  readonly debug?: boolean;
}

export async function lint(options: LintOptions): Promise<RunResult> {
  const started = performance.now();
  const limits: InputLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const engine = new LintEngine(options.rules, options.debug);
  const diagnostics: RunDiagnostic[] = [];
  const solutions: Solution[] = [];
  let files = 0;
  let flows = 0;
  let actions = 0;
  let skippedFiles = 0;
  for await (const group of collectInputs([...options.paths], { cwd: options.cwd, limits, ignore: options.ignore ? [...options.ignore] : undefined })) {
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
    solutions.push(solution);
  }
  engine.finish({ solutions });
  return {
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
