#!/usr/bin/env node
/**
 * Writes `dist/cli.cache`: V8's code cache of the bundled CLI after it linted the bundled example,
 * so it holds the compiled code of a typical run (src/cli/bundled.ts reads it). Part of
 * `npm run build`, so it is made by the Node that will run flowlint; V8 refuses a cache made by
 * another version, and the bin then compiles the bundle as usual.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadBundledCli } from '../dist/src/cli/bundled.js';

const dist = new URL('../dist/', import.meta.url);
const work = mkdtempSync(join(tmpdir(), 'flowlint-code-cache-'));
const cli = loadBundledCli(dist, { useCache: false });
process.argv = [
  process.argv[0],
  fileURLToPath(new URL('flowlint.mjs', dist)),
  fileURLToPath(new URL('../fixtures/example', import.meta.url)),
  '--jobs',
  '1',
  '--format',
  `json:${join(work, 'report.json')}`,
];
process.once('beforeExit', () => {
  writeFileSync(new URL('cli.cache', dist), cli.script.createCachedData());
  rmSync(work, { recursive: true, force: true });
  // The example has findings (exit code 1); making the cache succeeded.
  process.exitCode = 0;
});
cli.run();
