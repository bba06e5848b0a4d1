/**
 * The default human reporter, after ESLint's `stylish`: findings grouped by file (an archive
 * member shows as `solution.zip!Workflows/x.json`), files with errors first and errors first within
 * a file; each finding is position, level, message and rule id, the message wrapped so a line fits
 * a 120-column terminal, then the action's path as the designer shows it (`Flow/Scope/Action`) on
 * its own line; then a summary line and the inputs that could not be linted. Suppressed findings
 * are only counted.
 *
 * Everything printed comes from findings and diagnostics, whose text can echo names taken from
 * the linted files, so control and bidirectional-override characters are shown escaped: a flow
 * cannot move the cursor, recolour the terminal or reorder what the reader sees.
 */
import type { Finding, Level, RunResult } from '../engine/types.js';
import type { ReportContext } from './types.js';
import { diagnosticText, errorsFirst, locationDisplayFile } from './util.js';

/** The terminal width lines are wrapped to. */
export const STYLISH_COLUMNS = 120;
/** The narrowest a message column gets, however long the rule ids. */
const MIN_MESSAGE_WIDTH = 40;

interface Painter {
  underline(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
  level(level: Level, text: string): string;
  green(text: string): string;
}

const LEVEL_COLOR: Readonly<Record<Level, number>> = { error: 31, warning: 33, note: 36 };

function painter(color: boolean): Painter {
  const sgr = (open: number, close: number) => (text: string) => (color ? `\u001b[${open}m${text}\u001b[${close}m` : text);
  return {
    underline: sgr(4, 24),
    dim: sgr(2, 22),
    bold: sgr(1, 22),
    level: (level, text) => sgr(LEVEL_COLOR[level], 39)(text),
    green: sgr(32, 39),
  };
}

// C0 and C1 controls, DEL, and the bidirectional embedding/override/isolate marks.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** Shows unsafe characters as `\uXXXX` so one finding stays one harmless line. */
export function escapeForTerminal(text: string): string {
  return text.replace(UNSAFE, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function width(text: string): number {
  return Array.from(text).length;
}

function padEnd(text: string, size: number): string {
  return text + ' '.repeat(Math.max(0, size - width(text)));
}

function padStart(text: string, size: number): string {
  return ' '.repeat(Math.max(0, size - width(text))) + text;
}

/** Splits text at spaces into lines of at most `size` characters (a longer word is cut). */
export function wrapText(text: string, size: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    let rest = word;
    while (width(rest) > size) {
      if (line !== '') {
        lines.push(line);
        line = '';
      }
      const chars = Array.from(rest);
      lines.push(chars.slice(0, size).join(''));
      rest = chars.slice(size).join('');
    }
    if (line === '') line = rest;
    else if (width(line) + 1 + width(rest) <= size) line += ` ${rest}`;
    else {
      lines.push(line);
      line = rest;
    }
  }
  if (line !== '' || lines.length === 0) lines.push(line);
  return lines;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

function position(finding: Finding): string {
  const { region } = finding.location;
  return region === undefined ? '-' : `${region.startLine}:${region.startColumn}`;
}

export function stylishReporter(result: RunResult, context: ReportContext): string {
  const paint = painter(context.color);
  const shown = result.findings.filter((finding) => finding.suppressions.length === 0);
  const suppressed = result.findings.length - shown.length;

  // Errors first: a file enters the list with its worst finding, and keeps the engine's order within a level.
  const groups = new Map<string, Finding[]>();
  for (const finding of errorsFirst(shown)) {
    const file = escapeForTerminal(locationDisplayFile(finding.location));
    const group = groups.get(file);
    if (group === undefined) groups.set(file, [finding]);
    else group.push(finding);
  }

  const lines: string[] = [];
  for (const [file, findings] of groups) {
    const rows = findings.map((finding) => ({
      position: position(finding),
      level: finding.level,
      message: escapeForTerminal(finding.message),
      path: escapeForTerminal(finding.location.fullyQualifiedName),
      ruleId: escapeForTerminal(finding.ruleId),
    }));
    const size = (pick: (row: (typeof rows)[number]) => string) => Math.max(...rows.map((row) => width(pick(row))));
    const positionWidth = size((row) => row.position);
    const levelWidth = size((row) => row.level);
    const ruleWidth = size((row) => row.ruleId);
    const indent = 2 + positionWidth + 2 + levelWidth + 2;
    const messageWidth = Math.max(
      MIN_MESSAGE_WIDTH,
      Math.min(
        size((row) => row.message),
        STYLISH_COLUMNS - indent - 2 - ruleWidth,
      ),
    );
    lines.push(paint.underline(file));
    for (const row of rows) {
      const message = wrapText(row.message, messageWidth);
      lines.push(
        [
          `  ${paint.dim(padStart(row.position, positionWidth))}`,
          paint.level(row.level, padEnd(row.level, levelWidth)),
          padEnd(message[0], messageWidth),
          paint.dim(row.ruleId),
        ].join('  '),
      );
      for (const more of message.slice(1)) lines.push(`${' '.repeat(indent)}${more}`);
      if (row.path !== '') for (const part of wrapText(row.path, STYLISH_COLUMNS - indent)) lines.push(`${' '.repeat(indent)}${paint.dim(part)}`);
    }
    lines.push('');
  }

  const counts: Record<Level, number> = { error: 0, warning: 0, note: 0 };
  for (const finding of shown) counts[finding.level] += 1;
  if (shown.length > 0) {
    const worst: Level = counts.error > 0 ? 'error' : counts.warning > 0 ? 'warning' : 'note';
    const summary = `\u2716 ${plural(shown.length, 'problem')} ` + `(${plural(counts.error, 'error')}, ${plural(counts.warning, 'warning')}, ${plural(counts.note, 'note')})`;
    lines.push(paint.bold(paint.level(worst, summary)));
  } else if (result.diagnostics.length === 0) {
    lines.push(paint.green('\u2714 No problems found.'));
  }
  if (suppressed > 0) {
    lines.push(paint.dim(`${plural(suppressed, 'suppressed finding')} not shown.`));
  }
  // Shown without --verbose: a path left unread must never look like a clean pass.
  const skippedPaths = result.stats.skippedPaths ?? 0;
  if (skippedPaths > 0) {
    lines.push(`${plural(skippedPaths, 'path')} skipped, not read (ignored, symbolic links leading outside, or not regular files); --verbose lists them.`);
  }

  if (result.diagnostics.length > 0 && context.diagnosticsOnStderr) {
    lines.push(paint.bold(paint.level('error', `${plural(result.diagnostics.length, 'input')} could not be fully linted (listed on stderr).`)));
  } else if (result.diagnostics.length > 0) {
    if (lines.length > 0) lines.push('');
    lines.push(paint.bold(paint.level('error', `${plural(result.diagnostics.length, 'input')} could not be fully linted:`)));
    for (const diagnostic of result.diagnostics) {
      const [first, ...more] = wrapText(escapeForTerminal(diagnosticText(diagnostic)), STYLISH_COLUMNS - 4);
      lines.push(`  ${first}`, ...more.map((part) => `    ${part}`));
    }
  }

  return `${lines.join('\n')}\n`;
}
