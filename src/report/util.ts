/** Small helpers shared by the reporters. */
import type { Finding, FindingLocation, Level, RunDiagnostic, VaultRow, VaultTable } from '../engine/types.js';
import { sourceKey } from '../source-key.js';

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
  return sourceKey({ file, entry });
}

export function locationDisplayFile(location: FindingLocation): string {
  return displayFile(location.file, location.entry);
}

/** The columns of a table of vaults: its environments, then `undefined` for "not known" when a row has such places. */
export function vaultColumns(vaults: VaultTable): (string | undefined)[] {
  const unknown = vaults.rows.some((row) => row.environments.some((e) => e.environment === undefined));
  return [...vaults.environments, ...(unknown ? [undefined] : [])];
}

/** How many known environments read a vault (more than one: the vault is shared). */
export function environmentsReading(row: VaultRow): number {
  return row.environments.filter((e) => e.environment !== undefined).length;
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

/** How a neutralised command marker is spelled in each kind of output. */
export type CommandSafeSyntax = 'text' | 'markdown' | 'xml' | 'json';

// Azure Pipelines reads `##vso[` anywhere in a log line (case-insensitively); GitHub Actions reads a
// line that starts with `::`, leading whitespace allowed.
const AZURE_COMMAND = /##vso\[/gi;
const GITHUB_COMMAND = /^([ \t]*)::/gm;

/**
 * Output in which text from inputs (file, entry, action names; messages) can never be read as a
 * CI runner's logging command, whatever a reporter put where: applied to the whole text, so a
 * name with a line break in it is covered as well. Markdown and XML escapes render the same
 * characters; plain text shows a backslash.
 */
export function withoutCiCommands(output: string, syntax: CommandSafeSyntax): string {
  // JSON: `##vso[` can only stand inside a string, where `\u005b` reads back as the same `[`, and a
  // line never starts with `::` (line breaks in strings are escaped).
  if (syntax === 'json') return output.replace(AZURE_COMMAND, (marker) => `${marker.slice(0, 5)}\\u005b`);
  const bracket = syntax === 'xml' ? '&#91;' : '\\[';
  const colon = syntax === 'xml' ? '&#58;' : '\\:';
  return output.replace(AZURE_COMMAND, (marker) => `${marker.slice(0, 5)}${bracket}`).replace(GITHUB_COMMAND, (_whole, indent: string) => `${indent}${colon}:`);
}

const LEVEL_RANK: Readonly<Record<Level, number>> = { error: 0, warning: 1, note: 2 };

/**
 * Errors first, then warnings, then notes; within a level the engine's order (by file, then
 * place) is kept, so what to fix first is what a reader sees first.
 */
export function errorsFirst(findings: readonly Finding[]): Finding[] {
  return [...findings].sort((a, b) => LEVEL_RANK[a.level] - LEVEL_RANK[b.level]);
}
