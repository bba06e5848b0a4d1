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
import type { Finding, FindingLocation, FindingStep, Level, RunDiagnostic, RunResult, VaultTable } from '../engine/types.js';
import type { ReportContext } from './types.js';
import { sha256 } from '../hash.js';
import { diagnosticText, displayFile, environmentsReading, locationDisplayFile, vaultColumns } from './util.js';

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
  --error: #cf222e; --warning: #9a6700; --note: #0969da; --ok: #1a7f37; --suppressed: #8c959f; }
@media (prefers-color-scheme: dark) { :root { --bg: #0d1117; --fg: #e6edf3; --muted: #9198a1; --line: #3d444d; --card: #151b23;
  --error: #ff7b72; --warning: #d29922; --note: #58a6ff; --ok: #3fb950; --suppressed: #6e7681; } }
* { box-sizing: border-box; }
[hidden] { display: none !important; }
body { margin: 0; background: var(--bg); color: var(--fg); font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
header.page, main { max-width: 1320px; margin: 0 auto; padding: 0 24px; }
header.page { padding-top: 16px; }
h1 { font-size: 22px; margin: 0 0 2px; }
h2 { font-size: 17px; margin: 18px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 16px; margin: 20px 0 8px; }
h4 { font-size: 14px; margin: 14px 0 6px; color: var(--muted); }
.meta, .muted { color: var(--muted); }
.meta { margin: 0; }
code, .mono { font: 12px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; overflow-wrap: anywhere; }
table.summary { border-collapse: collapse; width: 100%; }
table.summary th, table.summary td { border-bottom: 1px solid var(--line); padding: 3px 8px; text-align: left; }
table.summary thead th { position: sticky; top: 0; background: var(--bg); }
table.summary td.n, table.summary th.n { text-align: right; font-variant-numeric: tabular-nums; width: 1%; white-space: nowrap; }
table.summary tfoot td { font-weight: 600; }
.zero { color: var(--muted); }
td.n.error:not(.zero) { color: var(--error); font-weight: 600; }
td.n.warning:not(.zero) { color: var(--warning); font-weight: 600; }
form.filters { position: sticky; top: 0; z-index: 2; display: flex; flex-wrap: wrap; gap: 12px; align-items: end;
  background: var(--bg); border-bottom: 1px solid var(--line); padding: 8px 0; }
form.filters label { display: flex; flex-direction: column; font-size: 12px; color: var(--muted); gap: 2px; }
form.filters select, form.filters input { font: inherit; padding: 3px 6px; min-width: 160px; color: var(--fg); background: var(--bg);
  border: 1px solid var(--line); border-radius: 6px; }
form.filters input[type=search] { min-width: 260px; }
form.filters output { margin-left: auto; color: var(--muted); }
.dashboard { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 0 32px; }
@media (max-width: 900px) { .dashboard { grid-template-columns: minmax(0, 1fr); } }
.panel { max-height: 520px; overflow: auto; }
table.ranking td.solution { overflow-wrap: anywhere; }
td.bar { width: 45%; min-width: 100px; }
table.chart td:first-child code { overflow-wrap: normal; white-space: nowrap; }
table.summary thead th { font-size: 12px; }
table.summary th.n, table.summary td.n { padding-left: 4px; padding-right: 6px; }
svg.bars { display: block; width: 100%; height: 12px; }
rect.error { fill: var(--error); } rect.warning { fill: var(--warning); } rect.note { fill: var(--note); } rect.suppressed { fill: var(--suppressed); }
.legend { font-size: 12px; color: var(--muted); margin: 4px 0 0; }
.key { display: inline-block; width: 10px; height: 10px; margin: 0 4px 0 10px; border-radius: 2px; }
.key { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
.key.error { background: var(--error); } .key.warning { background: var(--warning); } .key.note { background: var(--note); } .key.suppressed { background: var(--suppressed); }
.counts { font-size: 12px; font-weight: 400; margin-left: 8px; }
.counts .c { margin-right: 8px; }
.c.error { color: var(--error); } .c.warning { color: var(--warning); } .c.note { color: var(--note); } .c.suppressed { color: var(--muted); }
section.solution, section.flow, article.finding { scroll-margin-top: 72px; }
section.solution > h3 { border-left: 4px solid var(--line); padding-left: 8px; }
section.solution[data-risk=error] > h3 { border-left-color: var(--error); }
section.solution[data-risk=warning] > h3 { border-left-color: var(--warning); }
section.solution[data-risk=note] > h3 { border-left-color: var(--note); }
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
dl.facts { display: flex; flex-wrap: wrap; gap: 2px 24px; margin: 6px 0 0; }
dl.facts > div { display: flex; gap: 8px; align-items: baseline; min-width: 0; }
dl.facts > div.long { flex-basis: 100%; }
dl.facts dt { color: var(--muted); white-space: nowrap; }
dl.facts dd { margin: 0; min-width: 0; }
ol.path { list-style: none; display: flex; flex-wrap: wrap; align-items: stretch; gap: 8px 34px; margin: 6px 0 2px; padding: 0; }
ol.path li { position: relative; display: flex; flex-direction: column; gap: 2px; max-width: 340px; padding: 6px 10px;
  border: 1px solid var(--line); border-top: 3px solid var(--muted); border-radius: 6px; background: var(--bg); }
ol.path li.source { border-top-color: var(--warning); }
ol.path li.leak { border-top-color: var(--error); }
ol.path li + li::before { content: "\\2192"; position: absolute; left: -27px; top: 50%; transform: translateY(-50%);
  font-size: 20px; line-height: 1; color: var(--muted); }
ol.path .role { font-size: 11px; font-weight: 600; text-transform: uppercase; letter-spacing: .03em; color: var(--muted); }
details summary { cursor: pointer; color: var(--muted); margin-top: 6px; }
a { color: var(--note); }
.empty { padding: 12px; border: 1px dashed var(--line); border-radius: 6px; }
ul.errors li { margin: 4px 0; }
table.vaults td { vertical-align: top; }
table.vaults td.vault { white-space: nowrap; font-weight: 600; }
table.vaults tr.shared td.vault { color: var(--error); }
table.vaults ul { list-style: none; margin: 0; padding: 0; }
table.vaults li { overflow-wrap: break-word; }
table.vaults li code { overflow-wrap: normal; }
table.vaults .none { color: var(--muted); }
details.toc { margin-top: 12px; }
details.toc > summary { font-weight: 600; }
details.toc ul { margin: 4px 0; }
.print-only { display: none; }
@media print {
  :root { --bg: #fff; --fg: #000; --muted: #444; --line: #999; --card: #fff; --error: #a40e26; --warning: #6f4b00; --note: #0550ae; --suppressed: #888; }
  body { font-size: 11pt; background: #fff; color: #000; }
  header.page, main { max-width: none; padding: 0; }
  form.filters, #no-match { display: none; }
  .print-only { display: block; }
  .panel { max-height: none; overflow: visible; }
  .dashboard { grid-template-columns: minmax(0, 1fr); }
  table.summary thead th { position: static; }
  details::details-content { content-visibility: visible; display: contents; }
  section.solution { break-before: page; }
  h3, h4 { break-after: avoid; }
  article.finding { break-inside: avoid; opacity: 1; }
  a { color: #000; text-decoration: none; }
}
`;
const SCRIPT = `
(function () {
  'use strict';
  var KINDS = ['error', 'warning', 'note', 'suppressed'];
  var form = document.getElementById('filters');
  if (!form) return;
  var level = document.getElementById('filter-level');
  var rule = document.getElementById('filter-rule');
  var status = document.getElementById('filter-status');
  var text = document.getElementById('filter-text');
  var count = document.getElementById('filter-count');
  var none = document.getElementById('no-match');
  var printed = document.getElementById('print-filters');
  var all = function (selector) { return Array.prototype.slice.call(document.querySelectorAll(selector)); };
  var findings = all('article.finding');
  var groups = all('[data-group]');
  var haystacks = findings.map(function (f) { return f.textContent.toLowerCase(); });
  // Every count on the page: a cell or phrase inside an element naming what it counts.
  var numbers = all('[data-counts] [data-n]').map(function (el) {
    return { el: el, key: el.closest('[data-counts]').getAttribute('data-counts'), kind: el.getAttribute('data-n') };
  });
  var emptyable = all('[data-hide-empty]');
  var chartRows = all('#chart tbody tr');
  var rankBody = document.querySelector('#ranking tbody');
  var rankRows = rankBody ? all('#ranking tbody tr') : [];
  function zero() { return { error: 0, warning: 0, note: 0, suppressed: 0 }; }
  function total(c) { return c.error + c.warning + c.note + c.suppressed; }
  function label(n, kind) { return n + ' ' + (kind === 'suppressed' ? 'suppressed' : kind + (n === 1 ? '' : 's')); }
  function apply() {
    var l = level.value, r = rule.value, s = status.value;
    var terms = text.value.toLowerCase().split(/\\s+/).filter(Boolean);
    var shown = 0, counts = {};
    function add(key, kind) { (counts[key] = counts[key] || zero())[kind] += 1; }
    findings.forEach(function (f, i) {
      var suppressed = f.getAttribute('data-status') === 'suppressed';
      var ok = (!l || f.getAttribute('data-level') === l) &&
        (!r || f.getAttribute('data-rule') === r) &&
        (!s || f.getAttribute('data-status') === s) &&
        terms.every(function (t) { return haystacks[i].indexOf(t) >= 0; });
      f.hidden = !ok;
      if (!ok) return;
      shown++;
      var kind = suppressed ? 'suppressed' : f.getAttribute('data-level');
      ['all', 'rule:' + f.getAttribute('data-rule'), f.getAttribute('data-solution'), f.getAttribute('data-flow')].forEach(function (key) { add(key, kind); });
    });
    numbers.forEach(function (x) {
      var n = (counts[x.key] || zero())[x.kind];
      x.el.textContent = x.el.hasAttribute('data-word') ? label(n, x.kind) : String(n);
      x.el.classList.toggle('zero', n === 0);
      if (x.el.hasAttribute('data-word')) x.el.hidden = n === 0;
    });
    // The chart: bars scaled to the longest row shown.
    var max = 0;
    chartRows.forEach(function (row) { max = Math.max(max, total(counts[row.getAttribute('data-counts')] || zero())); });
    chartRows.forEach(function (row) {
      var c = counts[row.getAttribute('data-counts')] || zero(), x = 0;
      row.hidden = total(c) === 0;
      KINDS.forEach(function (kind) {
        var bar = row.querySelector('rect.' + kind), w = max === 0 ? 0 : (100 * c[kind]) / max;
        bar.setAttribute('x', String(x));
        bar.setAttribute('width', String(w));
        x += w;
      });
    });
    // The ranking: most errors first, then warnings, notes, suppressed; ties keep the page order.
    var ranked = rankRows.map(function (row, i) { return { row: row, i: i, c: counts[row.getAttribute('data-counts')] || zero() }; });
    ranked.sort(function (a, b) {
      return b.c.error - a.c.error || b.c.warning - a.c.warning || b.c.note - a.c.note || b.c.suppressed - a.c.suppressed || a.i - b.i;
    });
    var rank = 0;
    ranked.forEach(function (x) {
      x.row.hidden = total(x.c) === 0;
      if (!x.row.hidden) x.row.querySelector('[data-rank]').textContent = String(++rank);
      rankBody.appendChild(x.row);
    });
    groups.forEach(function (g) { g.hidden = !g.querySelector('article.finding:not([hidden])'); });
    emptyable.forEach(function (el) { el.hidden = total(counts[el.getAttribute('data-counts')] || zero()) === 0; });
    count.textContent = shown + ' of ' + findings.length + ' findings shown';
    if (none) none.hidden = shown !== 0 || findings.length === 0;
    var active = [[l, 'level'], [r, 'rule'], [s, 'status'], [text.value.trim(), 'text']].filter(function (p) { return p[0]; });
    if (printed) {
      printed.hidden = active.length === 0;
      printed.textContent = 'Filtered (' + active.map(function (p) { return p[1] + ': ' + p[0]; }).join(', ') + '): ' + count.textContent + '.';
    }
  }
  form.addEventListener('input', apply);
  form.addEventListener('change', apply);
  form.addEventListener('submit', function (e) { e.preventDefault(); });
  // A printout shows every section: open the closed ones while printing, close them again after.
  var reopened = [];
  window.addEventListener('beforeprint', function () {
    reopened = all('details:not([open])');
    reopened.forEach(function (d) { d.open = true; });
  });
  window.addEventListener('afterprint', function () { reopened.forEach(function (d) { d.open = false; }); });
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

/** What a finding counts as: its level when open, `suppressed` otherwise. */
type Kind = Level | 'suppressed';
type Tally = Record<Kind, number>;
const KINDS: readonly Kind[] = [...LEVELS, 'suppressed'];

function kindOf(finding: Finding): Kind {
  return finding.suppressions.length > 0 ? 'suppressed' : finding.level;
}

function tally(findings: Iterable<Finding>): Tally {
  const counts: Tally = { error: 0, warning: 0, note: 0, suppressed: 0 };
  for (const finding of findings) counts[kindOf(finding)] += 1;
  return counts;
}

function totalOf(counts: Tally): number {
  return counts.error + counts.warning + counts.note + counts.suppressed;
}

/** Risk order: more errors first, then warnings, notes and suppressed findings. */
function byRisk(a: Tally, b: Tally): number {
  return b.error - a.error || b.warning - a.warning || b.note - a.note || b.suppressed - a.suppressed;
}

/** The highest open level, for the colour of a solution's heading. */
function riskOf(counts: Tally): Level | 'none' {
  return LEVELS.find((level) => counts[level] > 0) ?? 'none';
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

/**
 * One box of the secret's path: where it is read, each copy, and the action it leaks through. A
 * step in the finding's own file shows only its line, to keep the boxes small.
 */
function pathBox(step: FindingStep, index: number, steps: readonly FindingStep[], file: string): string {
  const role = index === 0 ? 'source' : index === steps.length - 1 ? 'leak' : 'copy';
  const title = role === 'source' ? 'Source' : role === 'leak' ? 'Leaks here' : `Copy ${index}`;
  const { region } = step.location;
  const place = locationDisplayFile(step.location) === file && region !== undefined ? `line ${region.startLine}:${region.startColumn}` : where(step.location);
  return (
    `<li class="${role}"><span class="role">${title}</span><code>${escapeHtml(step.location.fullyQualifiedName)}</code>` +
    `<span>${escapeHtml(step.message)}</span><span class="muted mono">${escapeHtml(place)}</span>` +
    (step.location.snippet === undefined ? '' : `<code>${escapeHtml(step.location.snippet)}</code>`) +
    '</li>'
  );
}

/** The counts of one group as phrases (`3 errors`), which the page's script rewrites when filtering. */
function countPhrases(key: string, counts: Tally): string {
  const phrases = KINDS.map((kind) => {
    const n = counts[kind];
    const text = kind === 'suppressed' ? `${n} suppressed` : plural(n, kind);
    return `<span class="c ${kind}" data-n="${kind}" data-word${n === 0 ? ' hidden' : ''}>${text}</span>`;
  });
  return `<span class="counts" data-counts="${escapeHtml(key)}">${phrases.join('')}</span>`;
}

function countCells(counts: Tally): string {
  return KINDS.map((kind) => `<td class="n ${kind}${counts[kind] === 0 ? ' zero' : ''}" data-n="${kind}">${counts[kind]}</td>`).join('');
}

function findingArticle(finding: Finding, index: number, context: ReportContext, solutionId: string, flowId: string): string {
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
    `<article class="finding" id="finding-${index + 1}" data-level="${finding.level}" data-rule="${escapeHtml(finding.ruleId)}" data-status="${suppressed ? 'suppressed' : 'open'}" data-solution="${solutionId}" data-flow="${flowId}">`,
    '<div class="head">' +
      `<span class="badge ${finding.level}">${finding.level}</span>` +
      (suppressed ? ' <span class="badge suppressed">suppressed</span>' : '') +
      ` ${helpLink(finding.ruleId, context)}` +
      ` <span class="where muted mono">${escapeHtml(where(location))}</span></div>`,
    `<p class="message">${escapeHtml(finding.message)}</p>`,
    // Short facts share a line, to keep a long list of findings short; a suppression's reason gets a line of its own.
    `<dl class="facts">${facts.map(([term, value]) => `<div${term === 'Suppressed' ? ' class="long"' : ''}><dt>${term}</dt><dd>${value}</dd></div>`).join('')}</dl>`,
  ];
  if (finding.dataFlow.length > 0) {
    parts.push(
      `<details class="secret-path" open><summary>Secret path (${plural(finding.dataFlow.length, 'step')})</summary>` +
        `<ol class="path" aria-label="From source to leak">${finding.dataFlow.map((step, i, steps) => pathBox(step, i, steps, locationDisplayFile(location))).join('')}</ol></details>`,
    );
  }
  if (finding.related.length > 0) {
    parts.push(`<details class="related"><summary>Related (${finding.related.length})</summary><ul>${finding.related.map(stepItem).join('')}</ul></details>`);
  }
  parts.push('</article>');
  return parts.join('\n');
}

interface Item {
  readonly finding: Finding;
  readonly index: number;
}

interface FlowGroup {
  readonly name: string | undefined;
  items: Item[];
  counts: Tally;
}

interface SolutionGroup {
  readonly name: string | undefined;
  flows: FlowGroup[];
  counts: Tally;
}

const LEVEL_RANK: Record<Level, number> = { error: 0, warning: 1, note: 2 };

/**
 * Solutions, and the flows in each, in risk order (ties: order of first appearance, the findings
 * outside any solution after the solutions); in a flow, errors first, then warnings and notes.
 */
function groupFindings(findings: readonly Finding[]): SolutionGroup[] {
  const solutions = new Map<string, { name: string | undefined; flows: Map<string, FlowGroup> }>();
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
      flow = { name: finding.flow, items: [], counts: tally([]) };
      solution.flows.set(flowKey, flow);
    }
    flow.items.push({ finding, index });
  });
  const grouped = [...solutions.values()].map((solution): SolutionGroup => {
    const flows = [...solution.flows.values()].map((flow) => ({
      ...flow,
      items: [...flow.items].sort((a, b) => LEVEL_RANK[a.finding.level] - LEVEL_RANK[b.finding.level] || a.index - b.index),
      counts: tally(flow.items.map((item) => item.finding)),
    }));
    flows.sort((a, b) => byRisk(a.counts, b.counts));
    return { name: solution.name, flows, counts: tally(flows.flatMap((flow) => flow.items.map((item) => item.finding))) };
  });
  const outside = (s: SolutionGroup) => (s.name === undefined ? 1 : 0);
  return grouped.sort((a, b) => byRisk(a.counts, b.counts) || outside(a) - outside(b));
}

function solutionTitle(solution: SolutionGroup): string {
  return solution.name === undefined ? 'Outside any solution' : `Solution ${solution.name}`;
}

function rankingTable(groups: readonly SolutionGroup[], ids: readonly string[]): string {
  const rows = groups.map(
    (solution, i) =>
      `<tr data-counts="${ids[i]}"><td class="n" data-rank>${i + 1}</td><td class="solution"><a href="#${ids[i]}">${escapeHtml(solutionTitle(solution))}</a></td>${countCells(solution.counts)}</tr>`,
  );
  return [
    '<table class="summary ranking" id="ranking">',
    '<thead><tr><th class="n">#</th><th>Solution</th><th class="n">Errors</th><th class="n">Warnings</th><th class="n">Notes</th><th class="n">Suppressed</th></tr></thead>',
    `<tbody>${rows.join('\n')}</tbody>`,
    '</table>',
  ].join('\n');
}

/** Stacked bars, one row per rule, scaled to the longest row; the page's script redraws them when filtering. */
function bars(counts: Tally, max: number): string {
  let x = 0;
  const rects = KINDS.map((kind) => {
    const width = max === 0 ? 0 : (100 * counts[kind]) / max;
    const rect = `<rect class="${kind}" x="${x}" y="0" width="${width}" height="10"></rect>`;
    x += width;
    return rect;
  });
  return `<svg class="bars" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true">${rects.join('')}</svg>`;
}

function summaryChart(findings: readonly Finding[], context: ReportContext): string {
  const byRule = new Map<string, Finding[]>();
  for (const finding of findings) byRule.set(finding.ruleId, [...(byRule.get(finding.ruleId) ?? []), finding]);
  const titles = new Map(context.rules.map((meta) => [meta.id, meta.title]));
  const rows = [...byRule.entries()].map(([id, list]) => ({ id, counts: tally(list) }));
  // Most severe rules first; ties by the order of the rule list, unknown (plugin) rules by id.
  const order = new Map(context.rules.map((meta, i) => [meta.id, i]));
  rows.sort((a, b) => byRisk(a.counts, b.counts) || (order.get(a.id) ?? Infinity) - (order.get(b.id) ?? Infinity) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const max = Math.max(0, ...rows.map((row) => totalOf(row.counts)));
  const body = rows.map(
    ({ id, counts }) =>
      `<tr data-counts="rule:${escapeHtml(id)}"><td title="${escapeHtml(titles.get(id) ?? '')}">${helpLink(id, context)}</td><td class="bar">${bars(counts, max)}</td>${countCells(counts)}</tr>`,
  );
  return [
    '<table class="summary chart" id="chart">',
    '<thead><tr><th>Rule</th><th>Findings</th><th class="n">Errors</th><th class="n">Warnings</th><th class="n">Notes</th><th class="n">Suppressed</th></tr></thead>',
    `<tbody>${body.join('\n')}</tbody>`,
    `<tfoot><tr data-counts="all"><td colspan="2">Total</td>${countCells(tally(findings))}</tr></tfoot>`,
    '</table>',
    `<p class="legend" aria-hidden="true">${KINDS.map((kind) => `<span class="key ${kind}"></span>${kind}`).join(' ')}</p>`,
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
    '<p class="print-only" id="print-filters" hidden></p>',
  ].join('\n');
}

/**
 * Which Key Vault each environment reads (rows: vaults, columns: environments), from deployment
 * settings and environment variable values. A vault in more than one column is shared.
 */
function vaultSection(vaults: VaultTable | undefined): string {
  if (vaults === undefined || vaults.rows.length === 0) return '';
  const columns = vaultColumns(vaults);
  const heads = columns.map((name) => `<th>${name === undefined ? 'Environment not known' : escapeHtml(name)}</th>`).join('');
  const shared = vaults.rows.filter((row) => environmentsReading(row) > 1).length;
  const rows = vaults.rows.map((row) => {
    const sharedBy = environmentsReading(row);
    const cells = columns.map((name) => {
      const used = row.environments.find((e) => e.environment === name);
      if (used === undefined) return '<td class="none">—</td>';
      const places = used.places.map((place) => {
        const file = displayFile(place.file, place.entry);
        // A long path breaks after a `/`, not inside a name.
        return `<li><code>${escapeHtml(file).replace(/\//g, '/<wbr>')}</code> <span class="muted">${escapeHtml(place.settings.join(', '))}</span></li>`;
      });
      return `<td><ul>${places.join('')}</ul></td>`;
    });
    const label = sharedBy > 1 ? ` <span class="badge error">shared by ${sharedBy}</span>` : '';
    return `<tr${sharedBy > 1 ? ' class="shared"' : ''}><td class="vault"><code>${escapeHtml(row.vault)}</code>${label}</td>${cells.join('')}</tr>`;
  });
  return [
    '<section id="vaults">',
    `<h2>Key Vaults by environment (${plural(vaults.rows.length, 'vault')}${shared > 0 ? `, ${shared} shared` : ''})</h2>`,
    '<p class="muted">From deployment settings and environment variable values; the environment of a file comes from the configuration or its folder and file names. Each environment should read a vault of its own.</p>',
    `<div class="panel"><table class="summary vaults" id="vault-table"><thead><tr><th>Vault</th>${heads}</tr></thead><tbody>${rows.join('\n')}</tbody></table></div>`,
    '</section>',
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
  const counts = tally(findings);
  const openCount = counts.error + counts.warning + counts.note;
  const csp = ["default-src 'none'", `style-src ${cspHash(STYLE)}`, `script-src ${cspHash(SCRIPT)}`, 'img-src data:', "base-uri 'none'", "form-action 'none'"].join('; ');

  const verdict =
    openCount === 0
      ? 'No problems found.'
      : `${plural(openCount, 'problem')}: ${plural(counts.error, 'error')}, ${plural(counts.warning, 'warning')}, ${plural(counts.note, 'note')}.`;
  const scanned =
    `${plural(stats.files, 'file')}, ${plural(stats.solutions, 'solution')}, ${plural(stats.flows, 'flow')} and ` +
    `${plural(stats.actions, 'action')} checked` +
    (counts.suppressed > 0 ? `; ${plural(counts.suppressed, 'suppressed finding')}` : '') +
    (diagnostics.length > 0 ? `; ${plural(diagnostics.length, 'input')} could not be fully linted` : '') +
    '.';

  const groups = groupFindings(findings);
  const sections: string[] = [];
  const toc: string[] = [];
  const solutionIds: string[] = [];
  const flowCount = groups.reduce((sum, solution) => sum + solution.flows.filter((flow) => flow.name !== undefined).length, 0);
  let groupId = 0;
  for (const solution of groups) {
    const solutionId = `group-${++groupId}`;
    solutionIds.push(solutionId);
    const title = solutionTitle(solution);
    const flowLinks: string[] = [];
    const parts = [
      `<section class="solution" id="${solutionId}" data-group data-risk="${riskOf(solution.counts)}">`,
      `<h3>${escapeHtml(title)}${countPhrases(solutionId, solution.counts)}</h3>`,
    ];
    for (const flow of solution.flows) {
      const flowId = `group-${++groupId}`;
      const flowTitle = flow.name !== undefined ? `Flow ${flow.name}` : solution.name !== undefined ? 'Solution components (not in a flow)' : 'Settings and other files';
      flowLinks.push(`<li data-counts="${flowId}" data-hide-empty><a href="#${flowId}">${escapeHtml(flowTitle)}</a>${countPhrases(flowId, flow.counts)}</li>`);
      parts.push(`<section class="flow" id="${flowId}" data-group>`, `<h4>${escapeHtml(flowTitle)}${countPhrases(flowId, flow.counts)}</h4>`);
      for (const { finding, index } of flow.items) parts.push(findingArticle(finding, index, context, solutionId, flowId));
      parts.push('</section>');
    }
    parts.push('</section>');
    sections.push(parts.join('\n'));
    toc.push(
      `<li data-counts="${solutionId}" data-hide-empty><a href="#${solutionId}">${escapeHtml(title)}</a>${countPhrases(solutionId, solution.counts)}<ul>${flowLinks.join('')}</ul></li>`,
    );
  }

  const body = [
    '<header class="page">',
    '<h1>flowlint report</h1>',
    `<p class="meta">flowlint ${escapeHtml(context.toolVersion)} · <strong>${escapeHtml(verdict)}</strong> ${escapeHtml(scanned)}</p>`,
    '</header>',
    '<main>',
  ];
  if (findings.length === 0) {
    body.push(
      '<section id="summary">',
      '<h2>Summary by rule and severity</h2>',
      '<p class="empty">No findings.</p>',
      '</section>',
      vaultSection(result.vaults),
      errorsSection(diagnostics),
    );
  } else {
    // Filters first, so that they sit above the counts they change; then what to fix first.
    body.push(
      filterForm(findings, context),
      '<div class="dashboard">',
      '<section id="risk" class="panel-box">',
      '<h2>What to fix first: solutions by risk</h2>',
      `<div class="panel">${rankingTable(groups, solutionIds)}</div>`,
      '</section>',
      '<section id="summary">',
      '<h2>Findings by rule and severity</h2>',
      `<div class="panel">${summaryChart(findings, context)}</div>`,
      '</section>',
      '</div>',
      vaultSection(result.vaults),
      errorsSection(diagnostics),
      '<section id="findings">',
      '<h2>Findings by solution and flow</h2>',
      `<details class="toc"><summary>Contents: ${plural(groups.length, 'solution')}, ${plural(flowCount, 'flow')}</summary>` +
        `<nav aria-label="Solutions and flows"><ul>${toc.join('\n')}</ul></nav></details>`,
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
