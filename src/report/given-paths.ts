/**
 * Paths as the user gave them. A run names every file relative to its working directory (that
 * form is what baselines, configured globs, fingerprints and SARIF URIs are built from, so a
 * finding is the same finding however its input was named). The text reports then show a file
 * whose innermost input was named by an absolute path by its absolute path, as ESLint and
 * gitleaks do, instead of a `../../..` chain; a file under an input named relatively keeps the
 * relative form.
 */
import { posix, win32 } from 'node:path';
import type { Finding, FindingLocation, FindingStep, RunDiagnostic, RunResult } from '../engine/types.js';

/** The run's inputs, as the reports need them to spell paths (path arithmetic only: no file is read). */
export interface GivenPaths {
  /** The working directory, absolute, in the platform's spelling. */
  readonly cwd: string;
  /** The platform's path separator. */
  readonly sep: string;
  /** Every input, resolved against the cwd, and whether it was named by an absolute path. */
  readonly inputs: readonly { readonly path: string; readonly absolute: boolean }[];
}

/** A display path (cwd-relative, `/`-separated) as its innermost input spells it. */
export function pathAsGiven(file: string, given: GivenPaths): string {
  const path = given.sep === '/' ? posix : win32;
  const directory = file.endsWith('/');
  const absolute = path.resolve(given.cwd, directory ? file.slice(0, -1) : file);
  let innermost: GivenPaths['inputs'][number] | undefined;
  for (const input of given.inputs) {
    const inside = absolute === input.path || absolute.startsWith(input.path.endsWith(given.sep) ? input.path : input.path + given.sep);
    if (inside && (innermost === undefined || input.path.length > innermost.path.length)) innermost = input;
  }
  if (innermost === undefined || !innermost.absolute) return file;
  return directory ? absolute + given.sep : absolute;
}

/** The run's result with every file it names spelled as given (see the module comment). */
export function withPathsAsGiven(result: RunResult, given: GivenPaths): RunResult {
  if (!given.inputs.some((input) => input.absolute)) return result;
  const path = (file: string): string => (file === '' ? file : pathAsGiven(file, given));
  const location = (at: FindingLocation): FindingLocation => {
    const file = path(at.file);
    // The logical path of a settings or XML node starts with its file.
    const renamed =
      at.fullyQualifiedName === at.file || at.fullyQualifiedName.startsWith(`${at.file}/`) ? file + at.fullyQualifiedName.slice(at.file.length) : at.fullyQualifiedName;
    return { ...at, file, fullyQualifiedName: renamed };
  };
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

/** A unit named by its root's path: a folder above the finding's file, or its zip (`x.zip!inner.zip`). */
function solutionPath(label: string, file: string, path: (file: string) => string): string {
  if (label === file || label.startsWith(`${file}!`)) return path(file) + label.slice(file.length);
  return path(label);
}
