#!/usr/bin/env node
/**
 * Checks SARIF files with Microsoft's SARIF Multitool, once with the GitHub ingestion rules
 * (`--rule-kind Gh`) and once with the SARIF specification rules (`--rule-kind Sarif`).
 *
 *   node scripts/validate-sarif.mjs FILE...
 *
 * The multitool exits 0 even when it reports errors, so its output is read instead: every line
 * that reports an error is printed and the script exits 1 if there was any (2 when the multitool
 * could not run). Warnings are only counted. npm 11 installs the multitool's native Linux/macOS binary without its execute
 * bit, so the binary is located in the npx cache and made executable before the real runs.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readdirSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

const PACKAGE = '@microsoft/sarif-multitool@latest';
// `--ghazdo` also runs the GitHub Advanced Security for Azure DevOps checks (for --sarif-profile azure-devops).
const RULE_KINDS = process.argv.includes('--ghazdo') ? ['Gh', 'Sarif', 'Ghazdo'] : ['Gh', 'Sarif'];
const IS_WINDOWS = process.platform === 'win32';
const NPX = IS_WINDOWS ? 'npx.cmd' : 'npx';
const NPM = IS_WINDOWS ? 'npm.cmd' : 'npm';

function run(command, args) {
  // shell is needed for npx.cmd on Windows; arguments here are file paths we quote ourselves.
  const result = spawnSync(command, args, {
    encoding: 'utf8',
    shell: IS_WINDOWS,
    maxBuffer: 64 * 1024 * 1024,
  });
  return {
    status: result.status,
    error: result.error,
    output: `${result.stdout ?? ''}${result.stderr ?? ''}`,
  };
}

/** The npm cache folder (`npm config get cache`), where npx keeps what it installs. */
function npmCache() {
  if (process.env.npm_config_cache) return process.env.npm_config_cache;
  const { status, output } = run(NPM, ['config', 'get', 'cache']);
  const line = output
    .split(/\r?\n/)
    .map((text) => text.trim())
    .find((text) => text !== '' && !text.startsWith('npm warn'));
  return status === 0 && line ? line : join(homedir(), '.npm');
}

/** Every installed copy of the platform binary in the npx cache. */
function findBinaries() {
  const npxRoot = join(npmCache(), '_npx');
  if (!existsSync(npxRoot)) return [];
  const name = IS_WINDOWS ? 'Sarif.Multitool.exe' : 'Sarif.Multitool';
  const found = [];
  for (const hash of readdirSync(npxRoot)) {
    const candidate = join(npxRoot, hash, 'node_modules', '@microsoft', `sarif-multitool-${process.platform}`, name);
    if (existsSync(candidate)) found.push(candidate);
  }
  return found;
}

function makeExecutable(binary) {
  if (IS_WINDOWS) return;
  const mode = statSync(binary).mode;
  if ((mode & 0o111) !== 0o111) chmodSync(binary, mode | 0o111);
}

/** Installs the multitool into the npx cache (if needed) and makes its binary executable. */
function prepare() {
  let binaries = findBinaries();
  if (binaries.length === 0) {
    // The install succeeds even when running the binary then fails for want of the execute bit.
    run(NPX, ['--yes', PACKAGE, '--version']);
    binaries = findBinaries();
  }
  if (binaries.length === 0) {
    console.error(`validate-sarif: could not find the ${PACKAGE} binary in the npx cache.`);
    process.exit(2);
  }
  for (const binary of binaries) makeExecutable(binary);
}

/** `FILE(line,col): warning SARIF2017: ...`: a finding of the given level. */
const finding = (level) => new RegExp(`: ${level} [A-Z]+\\d+: `);

/**
 * Lines of multitool output that mention an error: its `error` findings and any other error
 * message, but not warnings or notes whose path or text happens to contain the word, nor a
 * "0 error(s)" summary.
 */
function errorLines(output) {
  return output
    .split(/\r?\n/)
    .filter((line) => /error/i.test(line))
    .filter((line) => finding('error').test(line) || !(finding('warning').test(line) || finding('note').test(line)))
    .filter((line) => !/\b0 errors?\b|\b0 error\(s\)/i.test(line));
}

const files = process.argv.slice(2).filter((arg) => arg !== '--ghazdo');
if (files.length === 0) {
  console.error('usage: node scripts/validate-sarif.mjs FILE...');
  process.exit(2);
}
for (const file of files) {
  if (!existsSync(file)) {
    console.error(`validate-sarif: ${file}: no such file.`);
    process.exit(2);
  }
}

prepare();

let failed = false;
for (const file of files) {
  const target = resolve(file);
  for (const kind of RULE_KINDS) {
    const quoted = IS_WINDOWS ? `"${target}"` : target;
    const { status, error, output } = run(NPX, ['--yes', PACKAGE, 'validate', quoted, '--rule-kind', kind]);
    if (error !== undefined || status !== 0) {
      console.error(`validate-sarif: the multitool failed on ${file} (--rule-kind ${kind}):`);
      console.error(error?.message ?? output);
      process.exit(2);
    }
    const errors = errorLines(output);
    const warnings = output.split(/\r?\n/).filter((line) => finding('warning').test(line)).length;
    const note = warnings > 0 ? ` (${warnings} warning${warnings === 1 ? '' : 's'}; run the multitool directly to read them)` : '';
    if (errors.length > 0) {
      failed = true;
      console.log(`${file} (--rule-kind ${kind}):${note}`);
      for (const line of errors) console.log(`  ${line.trim()}`);
    } else {
      console.log(`${file} (--rule-kind ${kind}): no errors${note}`);
    }
  }
}
process.exitCode = failed ? 1 : 0;
