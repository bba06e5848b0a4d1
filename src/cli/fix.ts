/**
 * `--fix` and `--fix-dry-run`: the I/O around `src/fix`. Reads each unpacked flow file that has
 * fixable findings, applies the edit, and writes the file back (or, for a dry run, returns a unified
 * diff and writes nothing). A file keeps its byte-order mark, line endings and indentation; files
 * that are not UTF-8 are left alone. The caller lints again when something was fixed.
 */
import { readFileSync } from 'node:fs';
import { OutputError, writeFileSafely } from '../safe-write.js';
import { resolve } from 'node:path';
import type { Finding } from '../engine/types.js';
import { addSecureData, planFixes, unifiedDiff } from '../fix/index.js';
import { redactJsonText } from '../parse/snippet-tokens.js';

export interface FixRun {
  /** Findings the edit removed (or would remove, in a dry run). */
  readonly fixed: ReadonlySet<Finding>;
  /** The unified diff of every change (dry run), `''` otherwise. */
  readonly diff: string;
  /** Lines for stderr: what was fixed, and what was not and why. */
  readonly messages: readonly string[];
}

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

function readUtf8(path: string): { bom: boolean; text: string } | { error: string } {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    return { error: `cannot read it (${(error as NodeJS.ErrnoException).code ?? String(error)})` };
  }
  const bom = bytes.subarray(0, 3).equals(UTF8_BOM);
  try {
    return { bom, text: new TextDecoder('utf-8', { fatal: true }).decode(bom ? bytes.subarray(3) : bytes) };
  } catch {
    return { error: 'it is not UTF-8 text' };
  }
}

export function runFixes(findings: readonly Finding[], options: { cwd: string; dryRun: boolean }): FixRun {
  const plan = planFixes(findings);
  const fixed = new Set<Finding>();
  const messages: string[] = [];
  const diffs: string[] = [];
  let changedFiles = 0;

  for (const [file, { targets, findings: fileFindings }] of plan.files) {
    const path = resolve(options.cwd, file);
    const read = readUtf8(path);
    if ('error' in read) {
      messages.push(`flowlint: not fixed: ${file}: ${read.error}.`);
      continue;
    }
    const result = addSecureData(read.text, targets);
    const skipped = new Map(result.skipped.map((skip) => [skip.pointer, skip.reason]));
    for (const [pointer, reason] of skipped) messages.push(`flowlint: not fixed: ${file} ${pointer}: ${reason}.`);
    for (const finding of fileFindings) if (finding.fix && !skipped.has(finding.fix.action)) fixed.add(finding);
    if (result.text === read.text) continue;
    changedFiles++;
    if (options.dryRun) {
      diffs.push(redactedPreview(unifiedDiff(read.text, result.text, file)));
    } else {
      const body = Buffer.from(result.text, 'utf8');
      // Not through a symbolic link, in its own permissions, and whole or not at all.
      try {
        writeFileSafely(file, read.bom ? Buffer.concat([UTF8_BOM, body]) : body, { cwd: options.cwd, keepMode: true });
      } catch (error) {
        if (!(error instanceof OutputError)) throw error;
        messages.push(`flowlint: not fixed: ${error.message}.`);
        for (const finding of fileFindings) fixed.delete(finding);
        changedFiles--;
      }
    }
  }

  if (plan.inArchives.length > 0) {
    const zips = [...new Set(plan.inArchives.map((finding) => finding.location.file))];
    messages.push(
      `flowlint: not fixed: ${plural(plan.inArchives.length, 'finding')} inside solution zips (${zips.join(', ')}): ` +
        'flowlint never rewrites a zip. Unpack the solution (pac solution unpack), fix the folder, and pack it again.',
    );
  }
  if (plan.unplaced.length > 0) {
    messages.push(`flowlint: not fixed: ${plural(plan.unplaced.length, 'finding')} that point at no action of a flow JSON file.`);
  }
  if (fixed.size > 0) {
    messages.push(
      options.dryRun
        ? `flowlint: --fix-dry-run: would fix ${plural(fixed.size, 'finding')} in ${plural(changedFiles, 'file')} (Secure Inputs/Outputs); nothing was written.`
        : `flowlint: fixed ${plural(fixed.size, 'finding')} in ${plural(changedFiles, 'file')} (Secure Inputs/Outputs turned on).`,
    );
  } else if (plan.inArchives.length === 0 && plan.unplaced.length === 0 && plan.files.size === 0) {
    messages.push('flowlint: nothing to fix.');
  }
  return { fixed, diff: diffs.join(''), messages };
}

/** Longest line of a preview; a minified one-line flow shows only its start. */
const MAX_PREVIEW_LINE = 200;

/**
 * The dry run prints a preview, not an applicable patch: every context, removed and added line has
 * its JSON string values redacted and is cut to MAX_PREVIEW_LINE characters (a cut-off string is
 * redacted too), so neither a secret next to the change nor a whole minified file reaches the log.
 */
export function redactedPreview(diff: string): string {
  return diff
    .split('\n')
    .map((line) => {
      if (line.startsWith('--- a/') || line.startsWith('+++ b/') || line.startsWith('@@') || line.startsWith('\\')) return line;
      const kind = line.charAt(0);
      if (kind !== ' ' && kind !== '-' && kind !== '+') return line;
      const body = line.slice(1);
      const cut = body.length > MAX_PREVIEW_LINE ? `${body.slice(0, MAX_PREVIEW_LINE)} …` : body;
      return kind + redactJsonText(cut);
    })
    .join('\n');
}
