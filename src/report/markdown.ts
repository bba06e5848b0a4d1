/**
 * Markdown for a pull-request comment or `$GITHUB_STEP_SUMMARY` (GitHub-flavoured; also renders in
 * Azure DevOps): a one-line verdict, a table of findings by rule and level, then the findings,
 * errors first, then warnings, then notes, each level grouped by file, each finding with
 * `path:line`, its level, message, action path and rule. The listing
 * stops after `MAX_LISTED` findings with an "…and N more" line, so the summary stays far below
 * GitHub's size limits (1 MiB per step summary, 65,536 characters per comment) however big the run.
 *
 * Text taken from the linted files is escaped, so a flow named `**x**` or `<img …>` shows as
 * written and cannot inject markup, links or HTML into the page.
 */
import type { Finding, Level, RunResult, VaultTable } from '../engine/types.js';
import type { ReportContext } from './types.js';
import { diagnosticText, environmentsReading, errorsFirst, locationDisplayFile, vaultColumns } from './util.js';

/** Most findings listed one by one; the rest are counted. */
export const MAX_LISTED = 50;
/** Most input errors listed one by one. */
export const MAX_ERRORS_LISTED = 20;
/** Most vaults in the table of vaults by environment (shared ones come first). */
export const MAX_VAULTS_LISTED = 20;

const LEVELS: readonly Level[] = ['error', 'warning', 'note'];
const LEVEL_HEADINGS: Readonly<Record<Level, string>> = { error: 'Errors', warning: 'Warnings', note: 'Notes' };

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** Inline text: markdown punctuation backslash-escaped, line breaks as spaces, controls dropped. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(CONTROLS, '')
    .replace(/\r\n|\r|\n/g, ' ')
    .replace(/[\\`*_{}[\]()<>#+!|~&]/g, (char) => `\\${char}`);
}

/** A code span that holds any text: a fence longer than any backtick run inside, spaced if needed. */
export function codeSpan(text: string, inTable = false): string {
  const clean = text.replace(CONTROLS, '').replace(/\r\n|\r|\n/g, ' ');
  const longest = Math.max(0, ...Array.from(clean.matchAll(/`+/g), (match) => match[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = clean.startsWith('`') || clean.endsWith('`') || (clean.startsWith(' ') && clean.endsWith(' ') && clean.trim() !== '') ? ' ' : '';
  // In a table cell a `|` would end the cell even inside a code span.
  const body = inTable ? clean.replace(/\|/g, '\\|') : clean;
  return `${fence}${pad}${body}${pad}${fence}`;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

function place(finding: Finding): string {
  const { region } = finding.location;
  const file = locationDisplayFile(finding.location);
  return region === undefined ? file : `${file}:${region.startLine}`;
}

function summaryTable(findings: readonly Finding[], context: ReportContext): string[] {
  const byRule = new Map<string, Record<Level, number>>();
  for (const finding of findings) {
    let counts = byRule.get(finding.ruleId);
    if (counts === undefined) {
      counts = { error: 0, warning: 0, note: 0 };
      byRule.set(finding.ruleId, counts);
    }
    counts[finding.level] += 1;
  }
  // Registry order, then any rule the registry does not know.
  const known = context.rules.map((meta) => meta.id).filter((id) => byRule.has(id));
  const ids = [...known, ...[...byRule.keys()].filter((id) => !known.includes(id)).sort()];
  const lines = ['| Rule | Errors | Warnings | Notes |', '|---|--:|--:|--:|'];
  const totals: Record<Level, number> = { error: 0, warning: 0, note: 0 };
  for (const id of ids) {
    const counts = byRule.get(id)!;
    for (const level of LEVELS) totals[level] += counts[level];
    const link = context.rules.some((meta) => meta.id === id) ? `[${codeSpan(id, true)}](${context.helpUri(id)})` : codeSpan(id, true);
    lines.push(`| ${link} | ${counts.error} | ${counts.warning} | ${counts.note} |`);
  }
  lines.push(`| **Total** | **${totals.error}** | **${totals.warning}** | **${totals.note}** |`);
  return lines;
}

/** Which vault each environment reads: a row per vault, a column per environment, the files that say so counted. */
function vaultTable(vaults: VaultTable): string[] {
  const columns = vaultColumns(vaults);
  const lines = [
    '',
    '### Key Vaults by environment',
    '',
    `| Vault | ${columns.map((name) => (name === undefined ? 'not known' : escapeMarkdown(name))).join(' | ')} |`,
    `|---|${columns.map(() => ':-:').join('|')}|`,
  ];
  for (const row of vaults.rows.slice(0, MAX_VAULTS_LISTED)) {
    const shared = environmentsReading(row) > 1;
    const cells = columns.map((name) => {
      const used = row.environments.find((e) => e.environment === name);
      return used === undefined ? '—' : plural(used.places.length, 'file');
    });
    lines.push(`| ${codeSpan(row.vault, true)}${shared ? ' **shared**' : ''} | ${cells.join(' | ')} |`);
  }
  if (vaults.rows.length > MAX_VAULTS_LISTED) lines.push('', `…and ${plural(vaults.rows.length - MAX_VAULTS_LISTED, 'more vault')}.`);
  return lines;
}

export function markdownReporter(result: RunResult, context: ReportContext): string {
  const shown = result.findings.filter((finding) => finding.suppressions.length === 0);
  const suppressed = result.findings.length - shown.length;
  const counts: Record<Level, number> = { error: 0, warning: 0, note: 0 };
  for (const finding of shown) counts[finding.level] += 1;
  const files = new Set(shown.map((finding) => locationDisplayFile(finding.location)));

  const lines: string[] = ['## flowlint', ''];
  const extras = [
    ...(suppressed > 0 ? [`${plural(suppressed, 'suppressed finding')} not shown`] : []),
    ...(result.diagnostics.length > 0 ? [`**${plural(result.diagnostics.length, 'input')} could not be fully linted**`] : []),
  ];
  const scanned = `${plural(result.stats.files, 'file')}, ${plural(result.stats.flows, 'flow')} and ${plural(result.stats.actions, 'action')} checked`;
  if (shown.length === 0) {
    lines.push(`No problems found (${scanned}).${extras.length > 0 ? ` ${extras.join('; ')}.` : ''}`);
  } else {
    lines.push(
      `**${plural(shown.length, 'problem')}** (${plural(counts.error, 'error')}, ${plural(counts.warning, 'warning')}, ${plural(counts.note, 'note')}) ` +
        `in ${plural(files.size, 'file')}; ${scanned}.${extras.length > 0 ? ` ${extras.join('; ')}.` : ''}`,
    );
    lines.push('', ...summaryTable(shown, context));
    lines.push('', '### Findings');
    let listed = 0;
    let currentLevel: Level | undefined;
    let currentFile: string | undefined;
    // The listing is cut after MAX_LISTED: errors first, so the cut drops notes before errors.
    for (const finding of errorsFirst(shown)) {
      if (listed === MAX_LISTED) break;
      if (finding.level !== currentLevel) {
        lines.push('', `#### ${LEVEL_HEADINGS[finding.level]} (${counts[finding.level]})`);
        currentLevel = finding.level;
        currentFile = undefined;
      }
      const file = locationDisplayFile(finding.location);
      if (file !== currentFile) {
        lines.push('', `##### ${codeSpan(file)}`, '');
        currentFile = file;
      }
      lines.push(
        `- **${finding.level}** ${codeSpan(place(finding))} ${escapeMarkdown(finding.message)} ` +
          `— ${codeSpan(finding.location.fullyQualifiedName)} (${codeSpan(finding.ruleId)})`,
      );
      listed += 1;
    }
    if (shown.length > listed) {
      lines.push('', `…and ${plural(shown.length - listed, 'more finding')} (see the full report, e.g. \`-f sarif:FILE\` or \`-f html:FILE\`).`);
    }
  }

  if (result.vaults !== undefined && result.vaults.rows.length > 0) lines.push(...vaultTable(result.vaults));

  if (result.diagnostics.length > 0) {
    lines.push('', '### Inputs that could not be fully linted', '');
    for (const diagnostic of result.diagnostics.slice(0, MAX_ERRORS_LISTED)) {
      lines.push(`- ${escapeMarkdown(diagnosticText(diagnostic))}`);
    }
    if (result.diagnostics.length > MAX_ERRORS_LISTED) {
      lines.push(`- …and ${plural(result.diagnostics.length - MAX_ERRORS_LISTED, 'more input')}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
