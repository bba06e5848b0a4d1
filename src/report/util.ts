/** Small helpers shared by the reporters. */
import type { FindingLocation, RunDiagnostic } from '../engine/types.js';

/**
 * Turns a display path (relative, `/`-separated) into a relative URI reference: each segment is
 * percent-encoded (a space becomes `%20`, `#` becomes `%23`, a backslash `%5C`), the `/` between
 * segments is kept.
 */
export function toRelativeUri(file: string): string {
  return file.split('/').map(encodeURIComponent).join('/');
}

/** `file`, or `file!entry` for an archive member, as the text reporters print it. */
export function displayFile(file: string, entry?: string): string {
  return entry === undefined ? file : `${file}!${entry}`;
}

export function locationDisplayFile(location: FindingLocation): string {
  return displayFile(location.file, location.entry);
}

/** `no-plain-secret` -> `NoPlainSecret` (SARIF `reportingDescriptor.name`). */
export function pascalCase(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter((part) => part.length > 0)
    .map((part) => part[0].toUpperCase() + part.slice(1))
    .join('');
}

/** The reason a diagnostic gives, with the failing rule named for internal errors. */
export function diagnosticReason(diagnostic: RunDiagnostic): string {
  if (diagnostic.kind === 'input') return diagnostic.message;
  const rule = diagnostic.ruleId === undefined ? '' : ` in rule ${diagnostic.ruleId}`;
  return `Internal error${rule}: ${diagnostic.message}`;
}

/** `file!entry: reason`, or just the reason when the diagnostic names no file. */
export function diagnosticText(diagnostic: RunDiagnostic): string {
  const reason = diagnosticReason(diagnostic);
  return diagnostic.file === '' ? reason : `${displayFile(diagnostic.file, diagnostic.entry)}: ${reason}`;
}
