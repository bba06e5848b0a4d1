/**
 * Automatic fixes. A fix is a pure function from a file's text to a new text; the CLI decides which
 * findings to fix, reads and writes the files, and prints diffs.
 *
 * Fixable today: `secure-outputs-missing` and `secure-inputs-missing`, by turning on Secure
 * Outputs / Secure Inputs of the action in an unpacked flow definition JSON file. Findings inside
 * solution zips are never fixed (flowlint does not rewrite archives).
 */
import type { Finding } from '../engine/types.js';
import { actionPointerOf, type SecureDataTarget, type SecureProperty } from './secure-data.js';

export { addSecureData, actionPointerOf, detectFormatting, insertionSpan } from './secure-data.js';
export type { AppliedFix, InsertedSpan, SecureDataFixResult, SecureDataTarget, SecureProperty, SkippedFix, TextFormatting } from './secure-data.js';
export { unifiedDiff } from './diff.js';

/** The rules `--fix` can fix, and the Secure setting that fixes each. */
export const FIXABLE_RULES: Readonly<Record<string, SecureProperty>> = {
  'secure-outputs-missing': 'outputs',
  'secure-inputs-missing': 'inputs',
};

export function isFixable(finding: Finding): boolean {
  return Object.hasOwn(FIXABLE_RULES, finding.ruleId) && finding.suppressions.length === 0;
}

/** What to do with the fixable findings of a run, file by file. */
export interface FixPlan {
  /** Plain files: display path -> the actions to edit, and the findings that edit fixes. */
  readonly files: ReadonlyMap<string, { readonly targets: SecureDataTarget[]; readonly findings: Finding[] }>;
  /** Fixable findings inside archives: reported, never fixed. */
  readonly inArchives: readonly Finding[];
  /** Fixable findings whose pointer names no action. */
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
    const pointer = actionPointerOf(location.pointer);
    if (pointer === undefined || !location.file.toLowerCase().endsWith('.json')) {
      unplaced.push(finding);
      continue;
    }
    let file = files.get(location.file);
    if (file === undefined) {
      file = { targets: [], findings: [] };
      files.set(location.file, file);
    }
    file.targets.push({ pointer, properties: [FIXABLE_RULES[finding.ruleId]] });
    file.findings.push(finding);
  }
  return { files, inArchives, unplaced };
}
