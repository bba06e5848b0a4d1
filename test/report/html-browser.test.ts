/**
 * The HTML report in a real browser: headless Chromium (Debian's `chromium` package) driven by
 * playwright-core opens the file from disk, and the test checks that every finding is listed, that
 * each filter (level, rule, status, free text) shows exactly the findings it should, that the page
 * makes no request besides its own file and that the Content-Security-Policy blocks nothing the page
 * needs (a blocked inline script or style would log an error).
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
import type { Finding } from '../../src/engine/types.js';
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
    page = await browser.newPage();
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
});
