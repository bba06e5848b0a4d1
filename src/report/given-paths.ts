/**
 * Paths as the user gave them. A run names every file relative to its working directory (that
 * form is what baselines, configured globs, fingerprints and SARIF URIs are built from, so a
 * finding is the same finding however its input was named). The text reports then show a file
 * under an input given as an absolute path by its absolute path, as ESLint and gitleaks do,
 * instead of a `../../..` chain.
 */
import type { Finding, FindingLocation, FindingStep, RunDiagnostic, RunResult } from '../engine/types.js';

/** An input named absolutely: its cwd-relative display form and the absolute path shown instead. */
export interface GivenPath {
  /** As `toDisplayPath` spells it: `/`-separated, relative to the working directory, `.` for it. */
  readonly relative: string;
  /** The absolute path, with the platform's separators. */
  readonly absolute: string;
  /** The platform's path separator, used for the part of a path below the input. */
  readonly sep: string;
}

/** A cwd-relative display path under a `given` input, spelled from that input; others unchanged. */
export function pathAsGiven(file: string, given: readonly GivenPath[]): string {
  let best: GivenPath | undefined;
  for (const base of given) {
    if (!isUnder(file, base.relative)) continue;
    // The innermost input names the file: `/abs/a` and `/abs/a/b` both hold `a/b/x`.
    if (best === undefined || specificity(base) > specificity(best)) best = base;
  }
  if (best === undefined) return file;
  const rest = best.relative === '.' ? file : file.slice(best.relative.length + 1);
  if (file === best.relative || rest === '' || rest === '.') return best.absolute;
  const joiner = best.absolute.endsWith(best.sep) ? '' : best.sep;
  return best.absolute + joiner + (best.sep === '/' ? rest : rest.split('/').join(best.sep));
}

function isUnder(file: string, base: string): boolean {
  if (base === '.') return file !== '..' && !file.startsWith('../') && !/^(?:[A-Za-z]:)?\//.test(file);
  return file === base || file.startsWith(`${base}/`);
}

function specificity(base: GivenPath): number {
  return base.relative === '.' ? 0 : base.relative.length;
}

/** A unit named by its root's path: a folder above the finding's file, or its zip (`x.zip!inner.zip`). */
function solutionPath(label: string, file: string, path: (file: string) => string): string {
  if (label === file || label.startsWith(`${file}!`)) return path(file) + label.slice(file.length);
  return path(label);
}

/** The run's result with every file it names spelled as given (see the module comment). */
export function withPathsAsGiven(result: RunResult, given: readonly GivenPath[]): RunResult {
  if (given.length === 0) return result;
  const path = (file: string): string => (file === '' ? file : pathAsGiven(file, given));
  const location = (at: FindingLocation): FindingLocation => ({ ...at, file: path(at.file) });
  const step = (item: FindingStep): FindingStep => ({ ...item, location: location(item.location) });
  const finding = (item: Finding): Finding => ({
    ...item,
    location: location(item.location),
    related: item.related.map(step),
    dataFlow: item.dataFlow.map(step),
    ...(item.solutionIsPath && item.solution !== undefined ? { solution: solutionPath(item.solution, item.location.file, path) } : {}),
  });
  const diagnostic = (item: RunDiagnostic): RunDiagnostic => ({ ...item, file: path(item.file) });
  const skipped = result.stats.skipped?.map((item) => ({ ...item, file: path(item.file) }));
  const vaults = result.vaults && {
    ...result.vaults,
    rows: result.vaults.rows.map((row) => ({
      ...row,
      environments: row.environments.map((environment) => ({ ...environment, places: environment.places.map((place) => ({ ...place, file: path(place.file) })) })),
    })),
  };
  return {
    ...result,
    findings: result.findings.map(finding),
    diagnostics: result.diagnostics.map(diagnostic),
    stats: { ...result.stats, ...(skipped ? { skipped } : {}) },
    ...(vaults ? { vaults } : {}),
  };
}
