/**
 * The HTML report in a real browser: headless Chromium (Debian's `chromium` package) driven by
 * playwright-core opens the file from disk, and the test checks that the first screen shows the
 * ranking of solutions and the chart by rule, that every finding is listed in risk order, that each
 * filter (level, rule, status, free text) shows exactly the findings it should and updates every
 * count, that the page prints (filters hidden, every section expanded), that it makes no request
 * besides its own file and that the Content-Security-Policy blocks nothing the page needs (a
 * blocked inline script or style would log an error).
 *
 * CI (`CI` set) must have `/usr/bin/chromium` (`.ci/run` installs it); elsewhere the test is
 * skipped, with a message, when the browser is missing.
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding, Level } from '../../src/engine/types.js';
import { htmlReporter } from '../../src/report/index.js';
import { ALL_CONTEXT, ALL_FINDINGS, ALL_RESULT } from './fixtures-all-rules.js';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const haveBrowser = existsSync(CHROMIUM);
const mustRun = Boolean(process.env.CI);
if (!haveBrowser && !mustRun) {
  console.warn(`Skipping the HTML report browser test: ${CHROMIUM} is missing (apt-get install -y chromium). CI installs it and runs the test.`);
}

describe.skipIf(!haveBrowser && !mustRun)('the HTML report in headless Chromium', () => {
  let browser: Browser;
  let page: Page;
  const requests: string[] = [];
  const problems: string[] = [];
  let url: string;

  beforeAll(async () => {
    if (!haveBrowser) throw new Error(`${CHROMIUM} is missing; CI must install Debian's chromium package (see .ci/run)`);
    const dir = mkdtempSync(join(tmpdir(), 'flowlint-html-'));
    const file = join(dir, 'report.html');
    writeFileSync(file, htmlReporter(ALL_RESULT, ALL_CONTEXT));
    url = pathToFileURL(file).href;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.on('request', (request) => requests.push(request.url()));
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto(url);
  });

  afterAll(async () => {
    await browser?.close();
  });

  async function setFilters(filters: { level?: string; rule?: string; status?: string; text?: string }): Promise<void> {
    await page.selectOption('#filter-level', filters.level ?? '');
    await page.selectOption('#filter-rule', filters.rule ?? '');
    await page.selectOption('#filter-status', filters.status ?? '');
    await page.fill('#filter-text', filters.text ?? '');
  }

  /** The visible findings, as sorted `ruleId level status` keys (the page orders them by solution and flow). */
  async function visible(): Promise<string[]> {
    const items = page.locator('article.finding:visible');
    const keys: string[] = [];
    for (let i = 0, n = await items.count(); i < n; i++) {
      const item = items.nth(i);
      keys.push(`${await item.getAttribute('data-rule')} ${await item.getAttribute('data-level')} ${await item.getAttribute('data-status')}`);
    }
    return keys.sort();
  }

  function keysOf(findings: readonly Finding[]): string[] {
    return findings.map((finding) => `${finding.ruleId} ${finding.level} ${finding.suppressions.length > 0 ? 'suppressed' : 'open'}`).sort();
  }

  async function shownCount(): Promise<string> {
    return (await page.textContent('#filter-count')) ?? '';
  }

  it('opens with every finding listed, the filters showing, and nothing blocked or fetched', async () => {
    expect(await page.title()).toBe('flowlint report');
    expect(await page.isVisible('#filters')).toBe(true);
    expect(await visible()).toEqual(keysOf(ALL_FINDINGS));
    expect(await shownCount()).toBe(`${ALL_FINDINGS.length} of ${ALL_FINDINGS.length} findings shown`);
    expect(requests).toEqual([url]);
    expect(problems).toEqual([]);
    // The inline style applied (it would be blocked if its hash were wrong).
    const border = await page.evaluate("getComputedStyle(document.querySelector('article.finding')).borderLeftWidth");
    expect(border).toBe('4px');
  });

  it('filters by level', async () => {
    for (const level of ['error', 'warning', 'note']) {
      await setFilters({ level });
      const expected = keysOf(ALL_FINDINGS.filter((finding) => finding.level === level));
      expect(expected.length).toBeGreaterThan(0);
      expect(await visible()).toEqual(expected);
      expect(await shownCount()).toBe(`${expected.length} of ${ALL_FINDINGS.length} findings shown`);
    }
  });

  it('filters by rule', async () => {
    for (const ruleId of new Set(ALL_FINDINGS.map((finding) => finding.ruleId))) {
      await setFilters({ rule: ruleId });
      expect(await visible()).toEqual(keysOf(ALL_FINDINGS.filter((finding) => finding.ruleId === ruleId)));
    }
  });

  it('filters by status', async () => {
    await setFilters({ status: 'suppressed' });
    expect(await visible()).toEqual(keysOf(ALL_FINDINGS.filter((finding) => finding.suppressions.length > 0)));
    await setFilters({ status: 'open' });
    expect(await visible()).toEqual(keysOf(ALL_FINDINGS.filter((finding) => finding.suppressions.length === 0)));
  });

  it('filters by free text, every word must match, case-insensitively', async () => {
    await setFilters({ text: 'PAYROLLNOTIFY' });
    expect(await visible()).toEqual(keysOf(ALL_FINDINGS.filter((finding) => finding.location.entry?.includes('PayrollNotify'))));
    await setFilters({ text: 'payrollnotify send_mail' });
    const both = ALL_FINDINGS.filter((finding) => finding.location.entry !== undefined && finding.location.logicalName === 'Send_mail');
    expect(both.length).toBeGreaterThan(0);
    expect(await visible()).toEqual(keysOf(both));
  });

  it('combines filters, hides empty sections, and says when nothing matches', async () => {
    const target = ALL_FINDINGS.find((finding) => finding.level === 'error' && finding.location.entry !== undefined)!;
    await setFilters({ level: 'error', rule: target.ruleId, text: 'payrollnotify' });
    expect(await visible()).toEqual(keysOf(ALL_FINDINGS.filter((f) => f.level === 'error' && f.ruleId === target.ruleId && f.location.entry !== undefined)));
    expect(await page.isVisible('section.flow:has-text("Flow Payroll sync")')).toBe(false);
    expect(await page.isVisible('#no-match')).toBe(false);

    await setFilters({ text: 'no-such-thing-anywhere' });
    expect(await visible()).toEqual([]);
    expect(await page.isVisible('#no-match')).toBe(true);
    expect(await page.locator('section.solution:visible').count()).toBe(0);

    await setFilters({});
    expect(await visible()).toEqual(keysOf(ALL_FINDINGS));
    expect(problems).toEqual([]);
  });

  it('shows the secret path of a finding that has one', async () => {
    const withPath = ALL_FINDINGS.find((finding) => finding.dataFlow.length > 0)!;
    const steps = page.locator('details.secret-path ol.path li');
    expect(await steps.count()).toBe(withPath.dataFlow.length);
    expect(await steps.first().textContent()).toContain(withPath.dataFlow[0].message);
  });

  type Kind = Level | 'suppressed';
  const KINDS: readonly Kind[] = ['error', 'warning', 'note', 'suppressed'];
  const kindOf = (finding: Finding): Kind => (finding.suppressions.length > 0 ? 'suppressed' : finding.level);
  const solutionTitle = (finding: Finding) => (finding.solution === undefined ? 'Outside any solution' : `Solution ${finding.solution}`);

  function tally(findings: readonly Finding[]): number[] {
    return KINDS.map((kind) => findings.filter((finding) => kindOf(finding) === kind).length);
  }

  /** The ranking as shown: `title e w n s` per visible row, top first. */
  async function ranking(): Promise<string[]> {
    return page.$$eval('#ranking tbody tr:not([hidden])', (rows) =>
      rows.map((row) => [row.querySelector('td.solution')?.textContent, ...[...row.querySelectorAll('td[data-n]')].map((cell) => cell.textContent)].join(' ')),
    );
  }

  /** The expected ranking: most errors first, then warnings, notes, suppressed. */
  function expectedRanking(findings: readonly Finding[]): string[] {
    const titles = [...new Set(findings.map(solutionTitle))];
    const rows = titles.map((title) => ({ title, counts: tally(findings.filter((finding) => solutionTitle(finding) === title)) }));
    rows.sort((a, b) => b.counts[0] - a.counts[0] || b.counts[1] - a.counts[1] || b.counts[2] - a.counts[2] || b.counts[3] - a.counts[3]);
    return rows.map((row) => `${row.title} ${row.counts.join(' ')}`);
  }

  async function chart(): Promise<Map<string, string>> {
    const rows = await page.$$eval('#chart tbody tr:not([hidden])', (trs) =>
      trs.map((tr) => [tr.querySelector('td code')?.textContent ?? '', [...tr.querySelectorAll('td[data-n]')].map((cell) => cell.textContent).join(' ')] as const),
    );
    return new Map(rows);
  }

  function expectedChart(findings: readonly Finding[]): Map<string, string> {
    const ids = new Set(findings.map((finding) => finding.ruleId));
    return new Map([...ids].map((id) => [id, tally(findings.filter((finding) => finding.ruleId === id)).join(' ')]));
  }

  it('opens on what to fix first: the ranking and the chart above the fold, the contents collapsed after the filters', async () => {
    await setFilters({});
    await page.evaluate('scrollTo(0, 0)');
    for (const selector of ['#ranking thead', '#ranking tbody tr:first-child', '#chart thead', '#chart tbody tr:first-child']) {
      const box = await page.locator(selector).boundingBox();
      expect(box, selector).not.toBeNull();
      expect(box!.y + box!.height, selector).toBeLessThanOrEqual(900);
    }
    expect(await ranking()).toEqual(expectedRanking(ALL_FINDINGS));
    expect(await chart()).toEqual(expectedChart(ALL_FINDINGS));
    // The bars are drawn: the longest row fills the width, the others are shorter.
    const widths = await page.$$eval('#chart tbody tr', (rows) =>
      rows.map((row) => [...row.querySelectorAll('rect')].reduce((sum, rect) => sum + Number(rect.getAttribute('width')), 0)),
    );
    expect(Math.max(...widths)).toBeCloseTo(100);
    expect(Math.min(...widths)).toBeGreaterThan(0);

    const filtersTop = (await page.locator('#filters').boundingBox())!.y;
    const toc = page.locator('details.toc');
    expect((await toc.boundingBox())!.y).toBeGreaterThan(filtersTop);
    expect(await toc.getAttribute('open')).toBeNull();
    expect(await page.isVisible('details.toc nav')).toBe(false);
  });

  it('shows which Key Vault each environment reads: shared vaults first and marked, a column per environment', async () => {
    await setFilters({ level: 'note' });
    expect(await page.isVisible('#vault-table')).toBe(true);
    expect(await page.$$eval('#vault-table thead th', (cells) => cells.map((cell) => cell.textContent))).toEqual(['Vault', 'dev', 'test', 'prod', 'Environment not known']);
    const rows = await page.$$eval('#vault-table tbody tr', (trs) => trs.map((tr) => [tr.className, ...[...tr.querySelectorAll('td')].map((td) => td.textContent)]));
    expect(rows.map((row) => row[0])).toEqual(['shared', '', '']);
    expect(rows[0][1]).toBe('kv-contoso-shared shared by 2');
    expect(rows[0].slice(2)).toEqual(['—', 'config/Test/deploymentSettings.json cts_ApiKey, cts_PartnerKey', 'config/Prod/deploymentSettings.json cts_ApiKey', '—']);
    // A hostile vault name is text, not markup.
    expect(rows[2][1]).toBe('<b>kv*1|x</b>');
    await setFilters({});
  });

  it('lists solutions in risk order, and errors first in each flow', async () => {
    const sections = await page.$$eval('section.solution > h3', (headings) => headings.map((h) => h.firstChild?.textContent?.trim()));
    expect(sections).toEqual(expectedRanking(ALL_FINDINGS).map((row) => row.replace(/( \d+){4}$/, '')));
    const levels = await page.$$eval('section.flow', (flows) => flows.map((flow) => [...flow.querySelectorAll('article.finding')].map((a) => a.getAttribute('data-level'))));
    const order = { error: 0, warning: 1, note: 2 } as Record<string, number>;
    for (const flow of levels) expect(flow).toEqual([...flow].sort((a, b) => order[a!] - order[b!]));
  });

  it('updates every count when filtering: ranking, chart, solutions, flows and contents', async () => {
    const filters: { filter: Parameters<typeof setFilters>[0]; keep: (finding: Finding) => boolean }[] = [
      { filter: { level: 'note' }, keep: (finding) => finding.level === 'note' },
      { filter: { status: 'suppressed' }, keep: (finding) => finding.suppressions.length > 0 },
      { filter: { rule: 'secret-copied' }, keep: (finding) => finding.ruleId === 'secret-copied' },
      { filter: { text: 'payrollnotify' }, keep: (finding) => finding.location.entry?.includes('PayrollNotify') === true },
    ];
    for (const { filter, keep } of filters) {
      const kept = ALL_FINDINGS.filter(keep);
      expect(kept.length, JSON.stringify(filter)).toBeGreaterThan(0);
      await setFilters(filter);
      expect(await ranking()).toEqual(expectedRanking(kept));
      expect(await chart()).toEqual(expectedChart(kept));
      expect(await page.$$eval('#chart tfoot td[data-n]', (cells) => cells.map((cell) => cell.textContent).join(' '))).toBe(tally(kept).join(' '));
      // Each visible solution and flow heading counts what is visible under it.
      const headings = await page.locator('section.flow:visible > h4, section.solution:visible > h3').all();
      expect(headings.length).toBeGreaterThan(1);
      for (const heading of headings) {
        const words = (await heading.locator('.counts [data-n]:visible').allTextContents()).join(' ');
        const section = heading.locator('xpath=..');
        const shown = await section
          .locator('article.finding:visible')
          .evaluateAll((articles) => articles.map((a) => (a.getAttribute('data-status') === 'suppressed' ? 'suppressed' : a.getAttribute('data-level'))));
        const expected = KINDS.map((kind) => [kind, shown.filter((k) => k === kind).length] as const)
          .filter(([, n]) => n > 0)
          .map(([kind, n]) => (kind === 'suppressed' ? `${n} suppressed` : `${n} ${kind}${n === 1 ? '' : 's'}`))
          .join(' ');
        expect(words).toBe(expected);
      }
      // The contents list only the solutions and flows that still have findings.
      const tocSolutions = await page.$$eval('details.toc nav > ul > li:not([hidden]) > a', (links) => links.map((a) => a.textContent));
      expect(tocSolutions.sort()).toEqual([...new Set(kept.map(solutionTitle))].sort());
    }
    await setFilters({});
    expect(await ranking()).toEqual(expectedRanking(ALL_FINDINGS));
    expect(problems).toEqual([]);
  });

  it('draws the secret path as boxes from the source to the leak, left to right', async () => {
    const withPath = ALL_FINDINGS.find((finding) => finding.dataFlow.length > 2)!;
    const diagram = page.locator(`article#finding-${ALL_FINDINGS.indexOf(withPath) + 1} ol.path`);
    const boxes = diagram.locator('li');
    expect(await boxes.count()).toBe(withPath.dataFlow.length);
    expect(await boxes.evaluateAll((items) => items.map((li) => li.className))).toEqual(['source', ...withPath.dataFlow.slice(2).map(() => 'copy'), 'leak']);
    const xs: number[] = [];
    for (const box of await boxes.all()) xs.push((await box.boundingBox())!.x);
    expect(xs).toEqual([...xs].sort((a, b) => a - b));
    expect(new Set(xs).size).toBe(xs.length);
    // The arrow between boxes is drawn by the stylesheet.
    const second = `article#finding-${ALL_FINDINGS.indexOf(withPath) + 1} ol.path li:nth-child(2)`;
    expect(await page.evaluate(`getComputedStyle(document.querySelector('${second}'), '::before').content`)).toBe('"→"');
  });

  it('prints: filters hidden, every section expanded, black on white, and a PDF comes out', async () => {
    await setFilters({ level: 'error' });
    await page.emulateMedia({ media: 'print' });
    try {
      expect(await page.isVisible('#filters')).toBe(false);
      expect(await page.isVisible('details.toc nav')).toBe(true);
      expect(await page.isVisible('details.related ul')).toBe(true);
      expect(await page.isVisible('#print-filters')).toBe(true);
      expect(await page.textContent('#print-filters')).toContain('level: error');
      expect(await page.evaluate('getComputedStyle(document.body).backgroundColor')).toBe('rgb(255, 255, 255)');
      expect(await page.evaluate('getComputedStyle(document.body).color')).toBe('rgb(0, 0, 0)');
      expect(await page.evaluate("getComputedStyle(document.querySelector('section.solution')).breakBefore")).toBe('page');
    } finally {
      await page.emulateMedia({ media: null });
    }
    const pdf = await page.pdf({ format: 'A4', printBackground: false });
    expect(pdf.length).toBeGreaterThan(10_000);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    await setFilters({});
    expect(requests).toEqual([url]);
    expect(problems).toEqual([]);
  });
});
