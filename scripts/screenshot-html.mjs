#!/usr/bin/env node
/**
 * Renders the HTML report of the bundled example (fixtures/example) in headless Chromium and saves
 * the screenshots the README shows: the first screen (docs/html-report.png), a flow whose secret
 * travels, with its path drawn (docs/html-report-secret-path.png), and the print preview
 * (docs/html-report-print.png). Needs a build (`npm run screenshot` builds first) and Debian's
 * chromium package at /usr/bin/chromium (or CHROMIUM=/path/to/chrome).
 *
 *   node scripts/screenshot-html.mjs [out-dir]
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = resolve(process.argv[2] ?? join(root, 'docs'));
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
  mkdirSync(outDir, { recursive: true });
  const saved = (name) => {
    const file = join(outDir, name);
    console.log(`screenshot-html: wrote ${file}`);
    return file;
  };
  // The first screen an auditor sees on a laptop.
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 }, deviceScaleFactor: 1, colorScheme: 'light' });
  await page.goto(pathToFileURL(report).href);
  await page.waitForSelector('#filters:not([hidden])');
  await page.screenshot({ path: saved('html-report.png') });

  // The flow with the longest secret path (one with a copy), at most a screen of it.
  const flow = page.locator('section.flow:has(ol.path li.copy)').first();
  const box = await flow.boundingBox();
  if (box === null) throw new Error('screenshot-html: no flow with a secret path in the example');
  await page.screenshot({
    path: saved('html-report-secret-path.png'),
    fullPage: true,
    clip: { x: box.x - 8, y: box.y - 8, width: box.width + 16, height: Math.min(box.height + 16, 1100) },
  });

  // The print preview: the top of the first printed page, at about the width of an A4 page.
  const print = await browser.newPage({ viewport: { width: 820, height: 1160 }, deviceScaleFactor: 1, colorScheme: 'light' });
  await print.goto(pathToFileURL(report).href);
  await print.emulateMedia({ media: 'print' });
  await print.screenshot({ path: saved('html-report-print.png') });
} finally {
  await browser.close();
  rmSync(dir, { recursive: true, force: true });
}
