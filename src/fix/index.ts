/**
 * Automatic fixes. A fix is a pure function from a file's text to a new text; the CLI decides which
 * findings to fix, reads and writes the files, and prints diffs.
 *
 * What to change comes from the findings themselves: a fixable rule attaches a FixDescriptor to
 * its report (today, turning on Secure Inputs / Secure Outputs of an action in an unpacked flow
 * definition JSON file). Findings inside solution zips are never fixed (flowlint does not rewrite
 * archives).
 */
import type { Finding, FixDescriptor } from '../engine/types.js';
import type { SecureDataTarget } from './secure-data.js';

export { addSecureData, actionPointerOf, detectFormatting, insertionSpan } from './secure-data.js';
export type { AppliedFix, InsertedSpan, SecureDataFixResult, SecureDataTarget, SecureProperty, SkippedFix, TextFormatting } from './secure-data.js';
export { unifiedDiff } from './diff.js';

/** A finding `--fix` acts on: it carries a fix, and nothing suppresses it. */
export function isFixable(finding: Finding): finding is Finding & { readonly fix: FixDescriptor } {
  return finding.fix !== undefined && finding.suppressions.length === 0;
}

/** What to do with the fixable findings of a run, file by file. */
export interface FixPlan {
  /** Plain files: display path -> the actions to edit, and the findings that edit fixes. */
  readonly files: ReadonlyMap<string, { readonly targets: SecureDataTarget[]; readonly findings: Finding[] }>;
  /** Fixable findings inside archives: reported, never fixed. */
  readonly inArchives: readonly Finding[];
  /** Fixable findings in a file that is not flow JSON. */
  readonly unplaced: readonly Finding[];
}

export function planFixes(findings: readonly Finding[]): FixPlan {
  const files = new Map<string, { targets: SecureDataTarget[]; findings: Finding[] }>();
  const inArchives: Finding[] = [];
  const unplaced: Finding[] = [];
  for (const finding of findings) {
    if (!isFixable(finding)) continue;
    const { location } = finding;
    if (location.entry !== undefined) {
      inArchives.push(finding);
      continue;
    }
    if (!location.file.toLowerCase().endsWith('.json')) {
      unplaced.push(finding);
      continue;
    }
    let file = files.get(location.file);
    if (file === undefined) {
      file = { targets: [], findings: [] };
      files.set(location.file, file);
    }
    file.targets.push({ pointer: finding.fix.action, properties: finding.fix.properties });
    file.findings.push(finding);
  }
  return { files, inArchives, unplaced };
}
