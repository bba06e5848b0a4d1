/**
 * GitHub Actions workflow commands: one `::error`, `::warning` or `::notice` line per finding, which
 * the runner turns into an annotation on the file and line in the pull request.
 * https://docs.github.com/actions/reference/workflow-commands-for-github-actions#setting-an-error-message
 *
 * Paths are relative to the working directory, so run flowlint from the repository root. A member
 * of a solution zip is annotated on the zip itself (GitHub cannot open the member), with the entry
 * and its line in the message. Data is escaped as the Actions toolkit does (`%`, CR and LF; in
 * properties also `:` and `,`), so a value taken from a flow can never end the command early or
 * start another one. Suppressed findings are left out; input errors are `::error` lines.
 */
import type { Finding, Level, RunDiagnostic, RunResult } from '../engine/types.js';
import type { ReportContext } from './types.js';
import { diagnosticReason, displayFile } from './util.js';

const COMMAND: Readonly<Record<Level, string>> = { error: 'error', warning: 'warning', note: 'notice' };

// C0 controls other than CR/LF (escaped as %0D/%0A), DEL, C1 controls and bidi overrides.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE = /[\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

function visible(text: string): string {
  return text.replace(UNSAFE, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** The message part of a command (after `::`). */
export function escapeData(text: string): string {
  return visible(text).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A property value (`file=`, `title=`). */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function command(name: string, properties: ReadonlyArray<readonly [string, string | number | undefined]>, message: string): string {
  const props = properties
    .filter((entry): entry is readonly [string, string | number] => entry[1] !== undefined)
    .map(([key, value]) => `${key}=${escapeProperty(String(value))}`)
    .join(',');
  return `::${name}${props === '' ? '' : ` ${props}`}::${escapeData(message)}`;
}

function findingCommand(finding: Finding): string {
  const { location } = finding;
  const { region } = location;
  const title = `flowlint ${finding.ruleId}`;
  const path = `\n${location.fullyQualifiedName}`;
  if (location.entry !== undefined) {
    // The annotation sits on the zip; where in the zip goes into the message.
    const at = region === undefined ? '' : `:${region.startLine}:${region.startColumn}`;
    const message = `${displayFile(location.file, location.entry)}${at}: ${finding.message}${path}`;
    return command(
      COMMAND[finding.level],
      [
        ['file', location.file],
        ['title', title],
      ],
      message,
    );
  }
  return command(
    COMMAND[finding.level],
    [
      ['file', location.file],
      ['line', region?.startLine],
      ['col', region?.startColumn],
      ['endLine', region?.endLine],
      ['endColumn', region?.endColumn],
      ['title', title],
    ],
    `${finding.message}${path}`,
  );
}

function diagnosticCommand(diagnostic: RunDiagnostic): string {
  const title = diagnostic.kind === 'input' ? 'flowlint input error' : 'flowlint internal error';
  const where = diagnostic.entry === undefined ? '' : `${displayFile(diagnostic.file, diagnostic.entry)}: `;
  return command(
    'error',
    [
      ['file', diagnostic.file === '' ? undefined : diagnostic.file],
      ['title', title],
    ],
    `${where}${diagnosticReason(diagnostic)}`,
  );
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

export function githubReporter(result: RunResult, _context: ReportContext): string {
  const shown = result.findings.filter((finding) => finding.suppressions.length === 0);
  const lines = [...shown.map(findingCommand), ...result.diagnostics.map(diagnosticCommand)];
  const counts: Record<Level, number> = { error: 0, warning: 0, note: 0 };
  for (const finding of shown) counts[finding.level] += 1;
  const suppressed = result.findings.length - shown.length;
  // A plain closing line for the log; the runner shows it as text.
  lines.push(
    `flowlint: ${plural(shown.length, 'problem')} (${plural(counts.error, 'error')}, ${plural(counts.warning, 'warning')}, ${plural(counts.note, 'note')})` +
      (suppressed > 0 ? `, ${suppressed} suppressed` : '') +
      (result.diagnostics.length > 0 ? `, ${plural(result.diagnostics.length, 'input')} not fully linted` : ''),
  );
  return `${lines.join('\n')}\n`;
}
