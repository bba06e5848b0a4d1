/**
 * Baselines let an existing estate adopt the gate: `--write-baseline FILE` records the current
 * findings, `--baseline FILE` hides those (reported as suppressed, kind `external`) so only new
 * ones fail. Entries are keyed by rule, file, JSON pointer and a salted hash of the offending
 * value — never by line, so editing a flow does not churn the file.
 */
import type { Finding } from './types.js';
import type { BaselineEntry, Suppressions } from './suppressions.js';
import { sourceKey } from '../source-key.js';

export interface BaselineFile {
  readonly version: 1;
  readonly tool: 'flowlint';
  readonly entries: readonly BaselineEntry[];
}

function entryOf(finding: Finding): BaselineEntry {
  const file = sourceKey(finding.location);
  return { ruleId: finding.ruleId, file, pointer: finding.location.pointer, ...(finding.valueHash ? { valueHash: finding.valueHash } : {}) };
}

function compareEntries(a: BaselineEntry, b: BaselineEntry): number {
  const x = `${a.file}\u0000${a.pointer}\u0000${a.ruleId}\u0000${a.valueHash ?? ''}`;
  const y = `${b.file}\u0000${b.pointer}\u0000${b.ruleId}\u0000${b.valueHash ?? ''}`;
  return x < y ? -1 : x > y ? 1 : 0;
}

function serialise(entries: readonly BaselineEntry[]): string {
  const file: BaselineFile = { version: 1, tool: 'flowlint', entries: [...entries].sort(compareEntries) };
  return `${JSON.stringify(file, null, 2)}\n`;
}

/** Every finding not otherwise suppressed, as a baseline (sorted, so the file diffs cleanly). */
export function baselineText(findings: readonly Finding[]): string {
  const entries = findings.filter((f) => !f.unsuppressible && f.suppressions.every((s) => s.origin.startsWith('baseline '))).map(entryOf);
  return serialise(entries);
}

/** The baseline without the entries that matched nothing in this run. */
export function prunedBaselineText(suppressions: Suppressions): { text: string; dropped: number } {
  const baseline = suppressions.sources().filter((s) => s.from === 'baseline');
  const kept = baseline.filter((s) => s.used).map((s) => s.baselineEntry!);
  return { text: serialise(kept), dropped: baseline.length - kept.length };
}
