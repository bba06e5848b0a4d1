/**
 * Linting one input group (an archive, a solution folder, a lone file) in whichever thread holds
 * it, and adding up what the units gave.
 */
import type { InputGroup } from '../sources/index.js';
import type { ChangedMetadata, InputLimits, SkippedPath } from '../sources/types.js';
import { releaseParsedValues } from '../model/leaves.js';
import { forgetDocumentLeaves } from '../analysis/leaves.js';
import { buildUnit } from '../model/build.js';
import type { Solution } from '../model/types.js';
import { LintEngine } from '../engine/engine.js';
import type { Finding, RunDiagnostic, RunStats } from '../engine/types.js';
import { sourceKey } from '../source-key.js';
import type { LintOptions, UnitOutcome } from './types.js';

/** Models one input group and runs the engine's unit rules over it. */
/** The engine a run's options describe (the main thread's, in one thread or after a pool). */
export function engineFor(options: LintOptions): LintEngine {
  const { rules, debug, settings, suppressions, run, knownRuleIds } = options;
  return new LintEngine(rules, { debug, settings, suppressions, run, knownRuleIds });
}

export function lintGroup(engine: LintEngine, group: InputGroup, limits: InputLimits, keepModel = false): UnitOutcome {
  const diagnostics: RunDiagnostic[] = group.errors.map((error) => ({ kind: 'input', ...error }));
  const skipped = group.skipped ?? [];
  const notices = group.notices ?? [];
  if (group.files.length === 0) return { findings: [], diagnostics, files: 0, skippedFiles: 0, flows: 0, actions: 0, skipped, notices };
  const unit = buildUnit(group, limits);
  for (const error of unit.errors) diagnostics.push({ kind: 'input', ...error });
  if (unit.overLimit !== undefined) {
    diagnostics.push({ kind: 'input', file: group.root.file, ...(group.root.entry === undefined ? {} : { entry: group.root.entry }), message: unit.overLimit });
    return { findings: [], diagnostics, files: group.files.length, skippedFiles: unit.skippedFiles, flows: 0, actions: 0, skipped, notices };
  }
  const { solution } = unit;
  let actions = 0;
  for (const flow of solution.flows) actions += flow.actions.length;
  const output = engine.lintSolution(solution, group.focus);
  return {
    findings: group.changedMetadata ? broughtByChange(output.findings, group, group.changedMetadata, engine, limits) : output.findings,
    diagnostics: [...diagnostics, ...output.diagnostics],
    files: group.files.length,
    skippedFiles: unit.skippedFiles,
    flows: solution.flows.length,
    actions,
    skipped,
    notices,
    solution: keepModel ? solution : retainedView(solution),
  };
}

/**
 * The findings a metadata change brings: all of those in the files named, and elsewhere in the
 * folder those the folder as it was (each named metadata file as git's `HEAD` has it) does not
 * have — the same rule, place and message. When no named metadata file differs from `HEAD`, or
 * the folder cannot be modelled as it was, all are kept.
 */
function broughtByChange(findings: readonly Finding[], group: InputGroup, change: ChangedMetadata, engine: LintEngine, limits: InputLimits): readonly Finding[] {
  const before = new Map(change.before.map((file) => [file.path, file.bytes]));
  // Named as committed (a CI job linting the files of the last commit, a pre-push run, an amend):
  // there is no change to compare with, so everything is reported.
  const current = new Map(group.files.map((file) => [file.path, file.bytes]));
  const changed = change.before.some((file) => file.bytes === undefined || !Buffer.from(file.bytes).equals(current.get(file.path) ?? Buffer.alloc(0)));
  if (!changed) return findings;
  const files = group.files.flatMap((file) => {
    if (!before.has(file.path)) return [file];
    const bytes = before.get(file.path);
    return bytes === undefined ? [] : [{ ...file, bytes: Buffer.from(bytes) }];
  });
  const unit = buildUnit({ kind: group.kind, root: group.root, files, errors: [] }, limits);
  if (unit.overLimit !== undefined) return findings;
  const identity = (finding: Finding): string => `${finding.fingerprint}\u0000${finding.message}`;
  const old = new Set(engine.withoutSuppressions().lintSolution(unit.solution).findings.map(identity));
  const named = new Set(change.named);
  return findings.filter((finding) => named.has(finding.location.file) || named.has(sourceKey(finding.location)) || !old.has(identity(finding)));
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

/**
 * What a linted unit keeps for `project:exit`: its identity, environment variables, deployment
 * settings and desktop flows, with their documents' texts (findings on them still need a line and
 * column), and the names of its connection references (`connectionReferenceNames`). Flows,
 * scripts, connection reference nodes, workflow records and every parsed tree are let go: they are
 * most of a unit's memory, and no cross-unit rule reads them.
 */
export function retainedView(solution: Solution): Solution {
  releaseParsedValues(solution.documents);
  forgetDocumentLeaves(solution.documents);
  const retained: Solution = { ...solution, flows: [], scripts: [], documents: [], connectionReferences: [], workflows: [], desktopFlows: [] };
  // Desktop flows point back at their unit: at the cut-down one, so the whole unit can be let go.
  (retained as { desktopFlows: Solution['desktopFlows'] }).desktopFlows = solution.desktopFlows.map((desktop) => ({ ...desktop, solution: retained }));
  return retained;
}
