#!/usr/bin/env node
/**
 * `npm run bench`: how fast flowlint is against the least any linter must do, printed as a table.
 * Not a test: nothing here asserts a time. Run after `npm run build` (the npm script builds first).
 *
 *   node scripts/bench.mjs [--runs 5] [--single-runs 10] [--estate-mib 1024] [--corpus ../shared/corpus]
 *
 * - floor: scripts/bench-floor.mjs — read, inflate and JSON.parse the same inputs, nothing else;
 * - corpus: the CLI on the whole corpus (median of --runs, floor and flowlint runs interleaved),
 *   in one thread and with --jobs 2;
 * - one changed flow file: the CLI on one Workflows/*.json of an unpacked corpus solution, as a
 *   pre-commit hook runs it (whole process, Node start included; median of --single-runs);
 * - estate: fixtures/generate-estate.mjs writes about --estate-mib MiB of solution zips into .bench/
 *   (kept between runs), then the CLI lints it once per output (default, JSON, SARIF) and once with
 *   --jobs 2: wall time and peak RSS (--estate-mib 0 skips); then in 4 shards and `flowlint merge`,
 *   checking the merged JSON report is the single run's;
 * - big flow: a generated flow of 2,000 actions and 200 variables, modelled and linted in process.
 */
import { performance } from 'node:perf_hooks';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { cpus, freemem, tmpdir, totalmem } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { generateEstate } from '../fixtures/generate-estate.mjs';
import { countActions, generateFlow } from '../fixtures/generate-flow.mjs';

const root = fileURLToPath(new URL('../', import.meta.url));
const arg = (name, fallback) => {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1] : fallback;
};
const RUNS = Number(arg('runs', '5'));
const SINGLE_RUNS = Number(arg('single-runs', '10'));
const ESTATE_MIB = Number(arg('estate-mib', '1024'));
const corpus = resolve(root, arg('corpus', '../shared/corpus'));
const bin = join(root, 'dist/flowlint.mjs');
const floorScript = join(root, 'scripts/bench-floor.mjs');
const rssPreload = pathToFileURL(join(root, 'scripts/bench-rss.mjs')).href;
const work = mkdtempSync(join(tmpdir(), 'flowlint-bench-'));

if (!existsSync(bin)) {
  console.error('flowlint bench: dist/flowlint.mjs is missing; run `npm run build` first (npm run bench does).');
  process.exit(2);
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const ms = (value) => (value >= 10_000 ? `${(value / 1000).toFixed(1)} s` : `${Math.round(value)} ms`);
const mib = (kib) => `${Math.round(kib / 1024)} MiB`;
const log = (text) => process.stderr.write(`${text}\n`);

/** Runs a command; returns its wall time, exit code, stdout and peak RSS (KiB) when asked. */
function run(args, { cwd = root, rss = false } = {}) {
  const rssFile = join(work, `rss-${process.hrtime.bigint()}`);
  const nodeArgs = rss ? ['--import', rssPreload, ...args] : args;
  const started = performance.now();
  const child = spawnSync(process.execPath, nodeArgs, { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, env: { ...process.env, FLOWLINT_BENCH_RSS: rss ? rssFile : '' } });
  const wall = performance.now() - started;
  if (child.error) throw child.error;
  const peak = rss && existsSync(rssFile) ? Number(readFileSync(rssFile, 'utf8')) : undefined;
  return { wall, code: child.status, stdout: child.stdout, stderr: child.stderr, rss: peak };
}

/** The CLI on `paths`, JSON report to a file; returns wall time, the in-run duration and stats. */
function flowlint(paths, options = {}) {
  const report = join(work, 'report.json');
  rmSync(report, { force: true });
  const result = run([bin, ...paths, '--format', `json:${report}`], options);
  if (result.code !== 0 && result.code !== 1) throw new Error(`flowlint exited ${result.code}: ${result.stderr}`);
  const json = JSON.parse(readFileSync(report, 'utf8'));
  return { ...result, durationMs: json.stats.durationMs, stats: json.stats, findings: json.findings.length, errors: json.errors.length };
}

function floor(paths, options = {}) {
  const result = run([floorScript, ...paths], options);
  if (result.code !== 0) throw new Error(`bench-floor exited ${result.code}: ${result.stderr}`);
  return { ...result, ...JSON.parse(result.stdout) };
}

/** `free -h` as `23Gi total, 22Gi available`. */
function freeSummary(text) {
  const [header, memory] = text.split('\n');
  const names = header.trim().split(/\s+/);
  const values = memory.trim().split(/\s+/).slice(1);
  const of = (name) => values[names.indexOf(name)];
  return `${of('total')} total, ${of('available') ?? of('free')} available (free -h)`;
}

function machine() {
  const free = spawnSync('free', ['-h'], { encoding: 'utf8' });
  const nproc = spawnSync('nproc', [], { encoding: 'utf8' });
  return {
    cores: nproc.status === 0 ? nproc.stdout.trim() : String(cpus().length),
    cpu: cpus()[0]?.model ?? 'unknown',
    memory: free.status === 0 ? freeSummary(free.stdout) : `${mib(totalmem() / 1024)} total, ${mib(freemem() / 1024)} free`,
    node: process.version,
    load: spawnSync('cat', ['/proc/loadavg'], { encoding: 'utf8' }).stdout?.trim().split(' ').slice(0, 3).join(' ') ?? '',
  };
}

/** Unpacked solutions of the corpus that hold flows: [folder, flow files]. */
function unpackedSolutions(dir, found = []) {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return found;
  }
  const names = new Map(entries.map((e) => [e.name.toLowerCase(), e]));
  const other = names.get('other');
  const workflows = names.get('workflows');
  if (other?.isDirectory() && workflows?.isDirectory() && readdirSync(join(dir, other.name)).some((n) => n.toLowerCase() === 'solution.xml')) {
    const flows = readdirSync(join(dir, workflows.name))
      .filter((n) => /\.json$/i.test(n))
      .sort();
    if (flows.length) found.push({ dir, flows: flows.map((n) => join(dir, workflows.name, n)), files: countFiles(dir) });
  }
  for (const entry of entries) if (entry.isDirectory() && entry.name !== 'node_modules' && entry.name !== '.git') unpackedSolutions(join(dir, entry.name), found);
  return found;
}

function countFiles(dir) {
  let count = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) count += entry.isDirectory() ? countFiles(join(dir, entry.name)) : 1;
  return count;
}

const rows = [];
const row = (measure, result, target = '') => rows.push([measure, result, target]);
const notes = [];

const info = machine();
log(`flowlint bench: ${info.cores} cores (${info.cpu}), ${info.memory}, node ${info.node}, load ${info.load}`);

// ------------------------------------------------------------------------------------------------
// Corpus: floor vs flowlint, interleaved so both see the same machine load.
if (existsSync(corpus)) {
  const rel = relative(root, corpus) || '.';
  const floors = [];
  const lints = [];
  for (let i = 0; i < RUNS; i++) {
    log(`corpus run ${i + 1}/${RUNS}`);
    floors.push(floor([rel]));
    lints.push(flowlint([rel, '--jobs', '1']));
  }
  const floorWall = median(floors.map((f) => f.wall));
  const floorWork = median(floors.map((f) => f.ms));
  const lintWall = median(lints.map((l) => l.wall));
  const lintWork = median(lints.map((l) => l.durationMs));
  const { stats } = lints[0];
  row(`Floor: read + inflate + JSON.parse, corpus (${floors[0].files} files, ${mib(floors[0].bytes / 1024)})`, `${ms(floorWall)} process (${ms(floorWork)} of work)`);
  row(`flowlint on the corpus (${stats.files} files, ${stats.flows} flows, ${stats.actions} actions)`, `${ms(lintWall)} process (${ms(lintWork)} lint)`);
  row('flowlint / floor', `${(lintWall / floorWall).toFixed(1)}x process, ${(lintWork / floorWork).toFixed(1)}x work`, '<= 1.5x');

  // The worker pool: the same corpus with two workers (the inputs are read in this thread).
  const pooled = [];
  for (let i = 0; i < RUNS; i++) pooled.push(flowlint([rel, '--jobs', '2']));
  const pooledWall = median(pooled.map((l) => l.wall));
  row(`flowlint --jobs 2 on the corpus (${cpus().length} cores)`, `${ms(pooledWall)} process (${(pooledWall / floorWall).toFixed(1)}x the floor; one thread: ${ms(lintWall)})`);

  // One changed flow file of a typical unpacked solution (the median by file count), and of the largest.
  const solutions = unpackedSolutions(corpus).sort((a, b) => a.files - b.files || (a.dir < b.dir ? -1 : 1));
  if (solutions.length) {
    const picks = [
      ['typical', solutions[Math.floor(solutions.length / 2)]],
      ['largest', solutions[solutions.length - 1]],
    ];
    const nodeOnly = median(Array.from({ length: SINGLE_RUNS }, () => run(['-e', '0']).wall));
    const version = median(Array.from({ length: SINGLE_RUNS }, () => run([bin, '--version']).wall));
    for (const [label, solution] of picks) {
      const file = relative(corpus, solution.flows[0]);
      const walls = [];
      for (let i = 0; i < SINGLE_RUNS; i++) walls.push(run([bin, file], { cwd: corpus }).wall);
      row(
        `One changed flow file, ${label} solution (${solution.files} files), Node start included`,
        `${ms(median(walls))} (min ${ms(Math.min(...walls))})`,
        label === 'typical' ? '<= 150 ms' : '',
      );
      notes.push(`${label}: ${relative(corpus, solution.dir)}/…/${file.split('/').pop()}`);
    }
    row('  of which Node start alone / flowlint --version', `${ms(nodeOnly)} / ${ms(version)}`);
  }
} else {
  notes.push(`No corpus at ${corpus}: corpus rows skipped.`);
}

// ------------------------------------------------------------------------------------------------
// A generated estate of about ESTATE_MIB MiB.
if (ESTATE_MIB > 0) {
  const out = join(root, '.bench', `estate-${ESTATE_MIB}`);
  log(`estate: generating ${ESTATE_MIB} MiB into ${relative(root, out)} (kept for the next run)`);
  const summary = generateEstate({ sizeMiB: ESTATE_MIB, out, log });
  const estateFloor = floor([out], { rss: true });
  log('estate: linting (default output)');
  const plain = run([bin, out, '--jobs', '1'], { rss: true });
  log('estate: linting (JSON report)');
  const lint = flowlint([out, '--jobs', '1'], { rss: true });
  log('estate: linting (SARIF report)');
  const sarifFile = join(work, 'report.sarif');
  const sarif = run([bin, out, '--jobs', '1', '--format', `sarif:${sarifFile}`], { rss: true });
  log('estate: linting (--jobs 2)');
  const pooled = run([bin, out, '--jobs', '2'], { rss: true });
  row(
    `Estate: ${summary.zips} solution zips, ${mib(summary.bytesOnDisk / 1024)} on disk, ${mib(summary.relevantBytes / 1024)} of JSON/XML; ${lint.stats.flows} flows, ${lint.stats.actions} actions`,
    `${ms(plain.wall)}, peak RSS ${mib(plain.rss)} (default output, ${lint.findings} findings)`,
    '< 30 s, < 300 MiB',
  );
  const reportBytes = statSync(join(work, 'report.json')).size;
  row(`  the same with --format json (a ${mib(reportBytes / 1024)} report)`, `${ms(lint.wall)}, peak RSS ${mib(lint.rss)}`);
  row(`  the same with --format sarif (a ${mib(statSync(sarifFile).size / 1024)} log)`, `${ms(sarif.wall)}, peak RSS ${mib(sarif.rss)}`);
  row(`  the same with --jobs 2 (${cpus().length} cores)`, `${ms(pooled.wall)}, peak RSS ${mib(pooled.rss)}`);
  row('  Floor on the estate', `${ms(estateFloor.wall)} process, peak RSS ${mib(estateFloor.rss)}; flowlint / floor ${(plain.wall / estateFloor.wall).toFixed(1)}x`);

  // A tenant-wide audit as a CI matrix: 4 shards (run one after another here), then merge; the
  // merged report must be the single run's (timings aside).
  log('estate: 4 shards and merge');
  const shardReports = [];
  const shardWalls = [];
  for (let index = 1; index <= 4; index++) {
    const file = join(work, `shard-${index}.json`);
    const shard = run([bin, out, '--jobs', '1', '--shard', `${index}/4`, '--format', `json:${file}`], { rss: true });
    if (shard.code !== 0 && shard.code !== 1) throw new Error(`shard ${index} exited ${shard.code}: ${shard.stderr}`);
    shardReports.push(file);
    shardWalls.push(shard.wall);
  }
  const merged = run([bin, 'merge', ...shardReports]);
  if (merged.code !== 0 && merged.code !== 1) throw new Error(`merge exited ${merged.code}: ${merged.stderr}`);
  const withoutTimes = (text) => JSON.stringify({ ...JSON.parse(text), stats: { ...JSON.parse(text).stats, durationMs: 0 } });
  const identical = withoutTimes(merged.stdout) === withoutTimes(readFileSync(join(work, 'report.json'), 'utf8'));
  row(
    '  in 4 shards, then flowlint merge',
    `shards ${shardWalls.map((wall) => ms(wall)).join(' / ')}, merge ${ms(merged.wall)}; merged JSON ${identical ? 'identical to' : 'DIFFERS from'} the single run's`,
  );
}

// ------------------------------------------------------------------------------------------------
// A flow of 2,000 actions and 200 variables, modelled and linted in this process.
{
  const { buildUnit } = await import(pathToFileURL(join(root, 'dist/src/model/build.js')).href);
  const { LintEngine } = await import(pathToFileURL(join(root, 'dist/src/engine/engine.js')).href);
  const { setupRun } = await import(pathToFileURL(join(root, 'dist/src/run/setup.js')).href);
  const { DEFAULT_LIMITS } = await import(pathToFileURL(join(root, 'dist/src/sources/types.js')).href);
  const setup = await setupRun(work, { rule: [], ignore: [], limits: {} });
  const flow = generateFlow({ actions: 2000, variables: 200, seed: 7, secrets: 1 });
  const bytes = Buffer.from(JSON.stringify(flow, null, 2));
  const group = { kind: 'file', root: { file: 'big-flow.json' }, files: [{ source: { file: 'big-flow.json' }, path: 'big-flow.json', bytes }], errors: [] };
  const builds = [];
  const lints = [];
  let findings = 0;
  for (let i = 0; i < 6; i++) {
    const t0 = performance.now();
    const unit = buildUnit(group, DEFAULT_LIMITS);
    const t1 = performance.now();
    const engine = new LintEngine(setup.enabled, { settings: setup.settings });
    const unitFindings = engine.lintSolution(unit.solution).findings.length;
    const projectFindings = engine.finish({ solutions: [unit.solution] }).findings.length;
    lints.push(performance.now() - t1);
    builds.push(t1 - t0);
    findings = unitFindings + projectFindings;
  }
  row(
    `Big flow: ${countActions(flow.properties.definition.actions)} actions, 200 variables (${mib(bytes.length / 1024)} JSON), in process`,
    `analysis + rules ${ms(lints[0])} first run, ${ms(median(lints.slice(1)))} median; parse + model ${ms(builds[0])} / ${ms(median(builds.slice(1)))} (${findings} findings)`,
    'well under 1 s',
  );
}

rmSync(work, { recursive: true, force: true });

const widths = [0, 1, 2].map((c) => Math.max(...rows.map((r) => r[c].length), ['Measure', 'Result', 'Target'][c].length));
const line = (cells) => `| ${cells.map((cell, c) => cell.padEnd(widths[c])).join(' | ')} |`;
console.log(`Machine: ${info.cores} cores (${info.cpu}); memory ${info.memory}; node ${info.node}; load average at start ${info.load}`);
console.log(`Runs: corpus median of ${RUNS}, single file median of ${SINGLE_RUNS}, estate 1 run.`);
console.log('');
console.log(line(['Measure', 'Result', 'Target']));
console.log(line(widths.map((w) => '-'.repeat(w))));
for (const r of rows) console.log(line(r));
if (notes.length) {
  console.log('');
  for (const note of notes) console.log(`- ${note}`);
}
