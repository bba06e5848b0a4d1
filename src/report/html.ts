/**
 * One self-contained HTML page for auditors: a summary by rule and severity, then the findings by
 * solution and flow, each with its place, action path, redacted snippet and — for secrets that
 * travel — the secret's path from where the flow reads it to where it leaks. Filters by level,
 * rule, status and free text run in the page itself (no server, no network).
 *
 * Safety: every text is HTML-escaped (flow and action names come from the linted files); the only
 * style and script are inline and allowed by their SHA-256 hashes in a strict Content-Security-
 * Policy (`default-src 'none'`), so the page can load nothing, send nothing and run no other
 * script, even if an escaping bug let markup through. Links (rule documentation) are plain
 * navigation with `rel="noreferrer"`.
 */
import type { Finding, FindingLocation, FindingStep, Level, RunDiagnostic, RunResult } from '../engine/types.js';
import type { ReportContext } from './types.js';
import { sha256 } from '../hash.js';
import { diagnosticText, locationDisplayFile } from './util.js';

const LEVELS: readonly Level[] = ['error', 'warning', 'note'];

// C0 controls other than tab/LF/CR, DEL, C1 controls (invalid in HTML text).
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;
// Bidirectional marks and overrides, which could reorder what the reader sees.
const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * `&`, `<`, `>`, `"` and `'` as entities, usable in text and in quoted attributes; control
 * characters dropped and bidi controls shown as `\uXXXX`.
 */
export function escapeHtml(text: string): string {
  return text
    .replace(CONTROLS, '')
    .replace(BIDI, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const STYLE = `
:root { color-scheme: light dark; --bg: #fff; --fg: #1f2328; --muted: #59636e; --line: #d1d9e0; --card: #f6f8fa;
  --error: #cf222e; --warning: #9a6700; --note: #0969da; --ok: #1a7f37; }
@media (prefers-color-scheme: dark) { :root { --bg: #0d1117; --fg: #e6edf3; --muted: #9198a1; --line: #3d444d; --card: #151b23;
  --error: #ff7b72; --warning: #d29922; --note: #58a6ff; --ok: #3fb950; } }
* { box-sizing: border-box; }
[hidden] { display: none !important; }
body { margin: 0; background: var(--bg); color: var(--fg); font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
header.page, main { max-width: 1200px; margin: 0 auto; padding: 0 24px; }
header.page { padding-top: 24px; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 28px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 16px; margin: 20px 0 8px; }
h4 { font-size: 14px; margin: 14px 0 6px; color: var(--muted); }
.meta, .muted { color: var(--muted); }
code, .mono { font: 12px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; overflow-wrap: anywhere; }
table.summary { border-collapse: collapse; min-width: 60%; }
table.summary th, table.summary td { border: 1px solid var(--line); padding: 4px 10px; text-align: left; }
table.summary td.n, table.summary th.n { text-align: right; font-variant-numeric: tabular-nums; }
table.summary tfoot td { font-weight: 600; }
.zero { color: var(--muted); }
form.filters { position: sticky; top: 0; z-index: 1; display: flex; flex-wrap: wrap; gap: 12px; align-items: end;
  background: var(--bg); border-bottom: 1px solid var(--line); padding: 10px 0; }
form.filters label { display: flex; flex-direction: column; font-size: 12px; color: var(--muted); gap: 2px; }
form.filters select, form.filters input { font: inherit; padding: 3px 6px; min-width: 160px; color: var(--fg); background: var(--bg);
  border: 1px solid var(--line); border-radius: 6px; }
form.filters input[type=search] { min-width: 260px; }
form.filters output { margin-left: auto; color: var(--muted); }
section.solution > h3 { border-left: 4px solid var(--line); padding-left: 8px; }
article.finding { border: 1px solid var(--line); border-left: 4px solid var(--note); border-radius: 6px; padding: 8px 12px;
  margin: 8px 0; background: var(--card); }
article.finding[data-level=error] { border-left-color: var(--error); }
article.finding[data-level=warning] { border-left-color: var(--warning); }
article.finding[data-status=suppressed] { opacity: .75; }
article.finding p { margin: 4px 0; }
.badge { display: inline-block; font-size: 11px; font-weight: 600; text-transform: uppercase; letter-spacing: .03em;
  padding: 0 6px; border-radius: 10px; border: 1px solid currentColor; }
.badge.error { color: var(--error); } .badge.warning { color: var(--warning); } .badge.note { color: var(--note); }
.badge.suppressed { color: var(--muted); }
.head { display: flex; flex-wrap: wrap; gap: 8px; align-items: baseline; }
.head .where { margin-left: auto; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 6px 0 0; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; }
ol.path { margin: 4px 0 0; padding-left: 22px; }
ol.path li { margin: 2px 0; }
details summary { cursor: pointer; color: var(--muted); margin-top: 6px; }
a { color: var(--note); }
.empty { padding: 12px; border: 1px dashed var(--line); border-radius: 6px; }
ul.errors li { margin: 4px 0; }
nav.toc ul { margin: 4px 0; }
@media print { form.filters { display: none; } article.finding { break-inside: avoid; } }
`;

const SCRIPT = `
(function () {
  'use strict';
  var form = document.getElementById('filters');
  if (!form) return;
  var level = document.getElementById('filter-level');
  var rule = document.getElementById('filter-rule');
  var status = document.getElementById('filter-status');
  var text = document.getElementById('filter-text');
  var count = document.getElementById('filter-count');
  var none = document.getElementById('no-match');
  var findings = Array.prototype.slice.call(document.querySelectorAll('article.finding'));
  var groups = Array.prototype.slice.call(document.querySelectorAll('[data-group]'));
  var haystacks = findings.map(function (f) { return f.textContent.toLowerCase(); });
  function apply() {
    var l = level.value, r = rule.value, s = status.value;
    var terms = text.value.toLowerCase().split(/\\s+/).filter(Boolean);
    var shown = 0;
    findings.forEach(function (f, i) {
      var ok = (!l || f.getAttribute('data-level') === l) &&
        (!r || f.getAttribute('data-rule') === r) &&
        (!s || f.getAttribute('data-status') === s) &&
        terms.every(function (t) { return haystacks[i].indexOf(t) >= 0; });
      f.hidden = !ok;
      if (ok) shown++;
    });
    groups.forEach(function (g) { g.hidden = !g.querySelector('article.finding:not([hidden])'); });
    count.textContent = shown + ' of ' + findings.length + ' findings shown';
    if (none) none.hidden = shown !== 0 || findings.length === 0;
  }
  form.addEventListener('input', apply);
  form.addEventListener('change', apply);
  form.addEventListener('submit', function (e) { e.preventDefault(); });
  form.hidden = false;
  apply();
})();
`;

function cspHash(text: string): string {
  return `'sha256-${sha256([text], 'base64')}'`;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

function where(location: FindingLocation): string {
  const { region } = location;
  const file = locationDisplayFile(location);
  return region === undefined ? file : `${file}:${region.startLine}:${region.startColumn}`;
}

function helpLink(ruleId: string, context: ReportContext, label: string = ruleId): string {
  const url = context.helpUri(ruleId);
  if (!/^https?:\/\//i.test(url)) return `<code>${escapeHtml(label)}</code>`;
  return `<a href="${escapeHtml(url)}" rel="noreferrer"><code>${escapeHtml(label)}</code></a>`;
}

function stepItem(step: FindingStep): string {
  return (
    `<li><code>${escapeHtml(step.location.fullyQualifiedName)}</code> — ${escapeHtml(step.message)}` +
    ` <span class="muted mono">${escapeHtml(where(step.location))}</span>` +
    (step.location.snippet === undefined ? '' : `<br><code>${escapeHtml(step.location.snippet)}</code>`) +
    '</li>'
  );
}

function findingArticle(finding: Finding, index: number, context: ReportContext): string {
  const suppressed = finding.suppressions.length > 0;
  const { location } = finding;
  const facts = [
    ['Action', `<code>${escapeHtml(location.fullyQualifiedName)}</code>`],
    ['JSON pointer', `<code>${escapeHtml(location.pointer)}</code>`],
    ...(location.snippet === undefined ? [] : [['Snippet', `<code>${escapeHtml(location.snippet)}</code>`]]),
    ...finding.suppressions.map((suppression) => [
      'Suppressed',
      `${escapeHtml(suppression.justification ?? 'no justification given')} <span class="muted">(${escapeHtml(suppression.origin)})</span>`,
    ]),
  ];
  const parts = [
    `<article class="finding" id="finding-${index + 1}" data-level="${finding.level}" data-rule="${escapeHtml(finding.ruleId)}" data-status="${suppressed ? 'suppressed' : 'open'}">`,
    '<div class="head">' +
      `<span class="badge ${finding.level}">${finding.level}</span>` +
      (suppressed ? ' <span class="badge suppressed">suppressed</span>' : '') +
      ` ${helpLink(finding.ruleId, context)}` +
      ` <span class="where muted mono">${escapeHtml(where(location))}</span></div>`,
    `<p class="message">${escapeHtml(finding.message)}</p>`,
    `<dl class="facts">${facts.map(([term, value]) => `<dt>${term}</dt><dd>${value}</dd>`).join('')}</dl>`,
  ];
  if (finding.dataFlow.length > 0) {
    parts.push(
      `<details class="secret-path" open><summary>Secret path (${plural(finding.dataFlow.length, 'step')})</summary>` +
        `<ol class="path">${finding.dataFlow.map(stepItem).join('')}</ol></details>`,
    );
  }
  if (finding.related.length > 0) {
    parts.push(`<details class="related"><summary>Related (${finding.related.length})</summary><ul>${finding.related.map(stepItem).join('')}</ul></details>`);
  }
  parts.push('</article>');
  return parts.join('\n');
}

interface FlowGroup {
  readonly name: string | undefined;
  readonly items: { finding: Finding; index: number }[];
}

interface SolutionGroup {
  readonly name: string | undefined;
  readonly flows: Map<string, FlowGroup>;
}

/** Solutions in order of first appearance, the ones outside any solution last. */
function groupFindings(findings: readonly Finding[]): SolutionGroup[] {
  const solutions = new Map<string, SolutionGroup>();
  findings.forEach((finding, index) => {
    const solutionKey = finding.solution === undefined ? '\u0000' : `s:${finding.solution}`;
    let solution = solutions.get(solutionKey);
    if (solution === undefined) {
      solution = { name: finding.solution, flows: new Map() };
      solutions.set(solutionKey, solution);
    }
    const flowKey = finding.flow === undefined ? '\u0000' : `f:${finding.flow}`;
    let flow = solution.flows.get(flowKey);
    if (flow === undefined) {
      flow = { name: finding.flow, items: [] };
      solution.flows.set(flowKey, flow);
    }
    flow.items.push({ finding, index });
  });
  const ordered = [...solutions.values()];
  return [...ordered.filter((s) => s.name !== undefined), ...ordered.filter((s) => s.name === undefined)];
}

function summaryTable(findings: readonly Finding[], context: ReportContext): string {
  type Row = Record<Level | 'suppressed', number>;
  const rows = new Map<string, Row>();
  for (const finding of findings) {
    let row = rows.get(finding.ruleId);
    if (row === undefined) {
      row = { error: 0, warning: 0, note: 0, suppressed: 0 };
      rows.set(finding.ruleId, row);
    }
    if (finding.suppressions.length > 0) row.suppressed += 1;
    else row[finding.level] += 1;
  }
  const titles = new Map(context.rules.map((meta) => [meta.id, meta.title]));
  const known = context.rules.map((meta) => meta.id).filter((id) => rows.has(id));
  const ids = [...known, ...[...rows.keys()].filter((id) => !titles.has(id)).sort()];
  const cell = (n: number) => `<td class="n${n === 0 ? ' zero' : ''}">${n}</td>`;
  const totals: Row = { error: 0, warning: 0, note: 0, suppressed: 0 };
  const body = ids.map((id) => {
    const row = rows.get(id)!;
    for (const key of Object.keys(totals) as (keyof Row)[]) totals[key] += row[key];
    return `<tr><td>${helpLink(id, context)}</td><td>${escapeHtml(titles.get(id) ?? '')}</td>${cell(row.error)}${cell(row.warning)}${cell(row.note)}${cell(row.suppressed)}</tr>`;
  });
  return [
    '<table class="summary" id="summary-table">',
    '<thead><tr><th>Rule</th><th>Title</th><th class="n">Errors</th><th class="n">Warnings</th><th class="n">Notes</th><th class="n">Suppressed</th></tr></thead>',
    `<tbody>${body.join('\n')}</tbody>`,
    `<tfoot><tr><td colspan="2">Total</td>${cell(totals.error)}${cell(totals.warning)}${cell(totals.note)}${cell(totals.suppressed)}</tr></tfoot>`,
    '</table>',
  ].join('\n');
}

function filterForm(findings: readonly Finding[], context: ReportContext): string {
  const present = new Set(findings.map((finding) => finding.ruleId));
  const ruleIds = [...context.rules.map((meta) => meta.id).filter((id) => present.has(id)), ...[...present].filter((id) => !context.rules.some((meta) => meta.id === id)).sort()];
  const levels = LEVELS.filter((level) => findings.some((finding) => finding.level === level));
  return [
    '<form class="filters" id="filters" hidden role="search" aria-label="Filter findings">',
    `<label>Level<select id="filter-level"><option value="">All levels</option>${levels.map((level) => `<option value="${level}">${level}</option>`).join('')}</select></label>`,
    `<label>Rule<select id="filter-rule"><option value="">All rules</option>${ruleIds.map((id) => `<option value="${escapeHtml(id)}">${escapeHtml(id)}</option>`).join('')}</select></label>`,
    '<label>Status<select id="filter-status"><option value="">Open and suppressed</option><option value="open">Open</option><option value="suppressed">Suppressed</option></select></label>',
    '<label>Search<input type="search" id="filter-text" placeholder="action, file, message…" autocomplete="off"></label>',
    `<output id="filter-count" for="filter-level filter-rule filter-status filter-text">${findings.length} of ${findings.length} findings shown</output>`,
    '</form>',
  ].join('\n');
}

function errorsSection(diagnostics: readonly RunDiagnostic[]): string {
  if (diagnostics.length === 0) return '';
  return [
    '<section id="errors">',
    `<h2>Inputs that could not be fully linted (${diagnostics.length})</h2>`,
    `<ul class="errors">${diagnostics.map((diagnostic) => `<li><code>${escapeHtml(diagnosticText(diagnostic))}</code></li>`).join('\n')}</ul>`,
    '</section>',
  ].join('\n');
}

export function htmlReporter(result: RunResult, context: ReportContext): string {
  const { findings, diagnostics, stats } = result;
  const open = findings.filter((finding) => finding.suppressions.length === 0);
  const counts: Record<Level, number> = { error: 0, warning: 0, note: 0 };
  for (const finding of open) counts[finding.level] += 1;
  const csp = ["default-src 'none'", `style-src ${cspHash(STYLE)}`, `script-src ${cspHash(SCRIPT)}`, 'img-src data:', "base-uri 'none'", "form-action 'none'"].join('; ');

  const verdict =
    open.length === 0
      ? 'No problems found.'
      : `${plural(open.length, 'problem')}: ${plural(counts.error, 'error')}, ${plural(counts.warning, 'warning')}, ${plural(counts.note, 'note')}.`;
  const suppressedCount = findings.length - open.length;
  const scanned =
    `${plural(stats.files, 'file')}, ${plural(stats.solutions, 'solution')}, ${plural(stats.flows, 'flow')} and ` +
    `${plural(stats.actions, 'action')} checked` +
    (suppressedCount > 0 ? `; ${plural(suppressedCount, 'suppressed finding')}` : '') +
    (diagnostics.length > 0 ? `; ${plural(diagnostics.length, 'input')} could not be fully linted` : '') +
    '.';

  const sections: string[] = [];
  const groups = groupFindings(findings);
  let groupId = 0;
  const toc: string[] = [];
  for (const solution of groups) {
    const solutionId = `group-${++groupId}`;
    const solutionTitle = solution.name === undefined ? 'Outside any solution' : `Solution ${solution.name}`;
    const solutionCount = [...solution.flows.values()].reduce((sum, flow) => sum + flow.items.length, 0);
    const flowLinks: string[] = [];
    const parts = [`<section class="solution" id="${solutionId}" data-group>`, `<h3>${escapeHtml(solutionTitle)} <span class="muted">(${solutionCount})</span></h3>`];
    for (const flow of solution.flows.values()) {
      const flowId = `group-${++groupId}`;
      const flowTitle = flow.name !== undefined ? `Flow ${flow.name}` : solution.name !== undefined ? 'Solution components (not in a flow)' : 'Settings and other files';
      flowLinks.push(`<li><a href="#${flowId}">${escapeHtml(flowTitle)}</a> <span class="muted">(${flow.items.length})</span></li>`);
      parts.push(`<section class="flow" id="${flowId}" data-group>`, `<h4>${escapeHtml(flowTitle)}</h4>`);
      for (const { finding, index } of flow.items) parts.push(findingArticle(finding, index, context));
      parts.push('</section>');
    }
    parts.push('</section>');
    sections.push(parts.join('\n'));
    toc.push(`<li><a href="#${solutionId}">${escapeHtml(solutionTitle)}</a> <span class="muted">(${solutionCount})</span><ul>${flowLinks.join('')}</ul></li>`);
  }

  const body = [
    '<header class="page">',
    '<h1>flowlint report</h1>',
    `<p class="meta">flowlint ${escapeHtml(context.toolVersion)} · <strong>${escapeHtml(verdict)}</strong> ${escapeHtml(scanned)}</p>`,
    '</header>',
    '<main>',
    '<section id="summary">',
    '<h2>Summary by rule and severity</h2>',
    findings.length === 0 ? '<p class="empty">No findings.</p>' : summaryTable(findings, context),
    '</section>',
    errorsSection(diagnostics),
  ];
  if (findings.length > 0) {
    body.push(
      '<section id="findings">',
      '<h2>Findings by solution and flow</h2>',
      `<nav class="toc" aria-label="Solutions and flows"><ul>${toc.join('\n')}</ul></nav>`,
      filterForm(findings, context),
      '<p class="empty" id="no-match" hidden>No finding matches these filters.</p>',
      ...sections,
      '</section>',
    );
  }
  body.push('</main>');

  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">`,
    '<meta name="referrer" content="no-referrer">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="generator" content="flowlint">',
    '<title>flowlint report</title>',
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    ...body.filter((part) => part !== ''),
    `<script>${SCRIPT}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
