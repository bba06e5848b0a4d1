#!/usr/bin/env node
/**
 * Bundles the CLI into one file, `dist/flowlint.mjs` (the `bin`), so a run loads one module instead
 * of about a hundred: Node start plus module loading was most of what a pre-commit hook paid for
 * one changed file (see BENCHMARKS.md). The TypeScript compiler that embedded-code scanning uses
 * stays outside: it is large and loaded only when there is code to scan. `tsc` still builds
 * `dist/src/` (tests and the library entry points use it).
 */
import { build } from 'esbuild';

// The CLI, and the worker script `--jobs` starts (src/parallel/pool.ts finds it next to the CLI).
for (const [entry, outfile] of [
  ['src/cli/main.ts', 'dist/flowlint.mjs'],
  ['src/parallel/worker.ts', 'dist/worker.js'],
]) {
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    // jsonc-parser's UMD build requires its parts dynamically, which a bundler cannot follow.
    mainFields: ['module', 'main'],
    target: 'node20',
    external: ['@typescript-eslint/typescript-estree', 'typescript'],
    // Bundled CommonJS dependencies call `require` for Node built-ins; ESM has none, so give them one.
    banner: { js: "import { createRequire as __flowlintRequire } from 'node:module';\nconst require = __flowlintRequire(import.meta.url);" },
    sourcemap: true,
    legalComments: 'none',
    minify: process.env.FLOWLINT_BUNDLE_MINIFY !== '0',
    logLevel: 'warning',
  });
}
