#!/usr/bin/env node
/**
 * Renders the HTML report of the bundled example (fixtures/example) in headless Chromium and saves
 * a screenshot to docs/html-report.png (shown in the README). Needs a build (`npm run screenshot`
 * builds first) and Debian's chromium package at /usr/bin/chromium (or CHROMIUM=/path/to/chrome).
 *
 *   node scripts/screenshot-html.mjs [out.png]
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const out = resolve(process.argv[2] ?? join(root, 'docs', 'html-report.png'));
const executablePath = process.env.CHROMIUM ?? '/usr/bin/chromium';
const bin = join(root, 'dist', 'src', 'cli', 'main.js');

if (!existsSync(executablePath)) {
  console.error(`screenshot-html: ${executablePath} not found; install it with: apt-get install -y chromium`);
  process.exit(2);
}
if (!existsSync(bin)) {
  console.error('screenshot-html: dist/ is missing; run `npm run build` first (or `npm run screenshot`)');
  process.exit(2);
}

const dir = mkdtempSync(join(tmpdir(), 'flowlint-screenshot-'));
const report = join(dir, 'report.html');
// --fail-on none: the example has findings on purpose; the report is what matters here.
execFileSync(process.execPath, [bin, 'fixtures/example', '--fail-on', 'none', '-f', `html:${report}`], { cwd: root, stdio: 'inherit' });

const browser = await chromium.launch({
  executablePath,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1500 }, deviceScaleFactor: 1, colorScheme: 'light' });
  await page.goto(pathToFileURL(report).href);
  await page.waitForSelector('#filters:not([hidden])');
  mkdirSync(dirname(out), { recursive: true });
  await page.screenshot({ path: out });
  console.log(`screenshot-html: wrote ${out}`);
} finally {
  await browser.close();
  rmSync(dir, { recursive: true, force: true });
}
