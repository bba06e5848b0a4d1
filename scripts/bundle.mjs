#!/usr/bin/env node
/**
 * Bundles flowlint into a few files in `dist/`, so a run loads one module instead of about a
 * hundred: Node start plus module loading was most of what a pre-commit hook paid for one changed
 * file (see BENCHMARKS.md).
 *
 * - `dist/cli.js`: the CLI as one function expression of `require`, `import.meta.url` and a module
 *   loader, which the bin compiles with V8's code cache (src/cli/bundled.ts; scripts/code-cache.mjs
 *   writes the cache);
 * - `dist/flowlint.mjs`: the bin, a few lines that start it;
 * - `dist/worker.js`: the worker script `--jobs` starts (src/run/pool.ts finds it next to the bin);
 * - `dist/rule-api.js`: the package's export (`import { defineRule } from 'power-flowlint'`).
 *
 * These four are committed (and shipped in the package), so installing needs no build: pre-commit
 * installs a hook by running `npm pack` in a clone and reads its whole stdout as the tarball name,
 * and npm prints any build script there. test/package.test.ts checks they match the sources.
 * `FLOWLINT_BUNDLE_OUTDIR` writes them to another folder (that test rebuilds into a temporary one).
 *
 * The TypeScript compiler that embedded-code scanning uses stays outside: it is large and loaded
 * only when there is code to scan. `tsc` still builds `dist/src/` (tests and library entry points).
 */
import { build } from 'esbuild';

const common = {
  bundle: true,
  platform: 'node',
  // jsonc-parser's UMD build requires its parts dynamically, which a bundler cannot follow.
  mainFields: ['module', 'main'],
  target: 'node20',
  external: ['@typescript-eslint/typescript-estree', 'typescript'],
  sourcemap: true,
  legalComments: 'none',
  minify: process.env.FLOWLINT_BUNDLE_MINIFY !== '0',
  logLevel: 'warning',
};
// Bundled CommonJS dependencies call `require` for Node built-ins; ESM has none, so give them one.
const esmRequire = "import { createRequire as __flowlintRequire } from 'node:module';\nconst require = __flowlintRequire(import.meta.url);";

const out = process.env.FLOWLINT_BUNDLE_OUTDIR ?? 'dist';

await build({
  ...common,
  entryPoints: ['src/cli/main.ts'],
  outfile: `${out}/cli.js`,
  format: 'cjs',
  // One function expression: bundled.ts runs it with the bin's `require` and URL.
  define: { 'import.meta.url': '__flowlintImportMetaUrl' },
  banner: { js: '(function (require, __flowlintImportMetaUrl, __flowlintImport) {' },
  footer: { js: '})' },
});
await build({ ...common, entryPoints: ['src/cli/bin.ts'], outfile: `${out}/flowlint.mjs`, format: 'esm' });
await build({ ...common, entryPoints: ['src/run/worker.ts'], outfile: `${out}/worker.js`, format: 'esm', banner: { js: esmRequire } });
await build({ ...common, entryPoints: ['src/rule-api.ts'], outfile: `${out}/rule-api.js`, format: 'esm', banner: { js: esmRequire } });
