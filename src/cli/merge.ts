/**
 * `flowlint merge <report...>`: the reports of `--shard 1/N` … `--shard N/N` runs (all JSON, or
 * all SARIF) put back together into the report one run over every input writes, and the exit
 * code that run would have had. Nothing is linted again: each shard already ran the cross-unit
 * rules over the whole project (see src/run/shard.ts). What only the whole run knows is done
 * here: configured exceptions and baseline entries used by no shard are audited (the
 * configuration is read again for that, as lint reads it), fingerprints shared by findings of two
 * shards get their `:1`, `:2` suffixes in the merged order, and timings are combined.
 * `stats.durationMs` is the longest shard's: the shards of a matrix run side by side.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Log, Notification, Result } from 'sarif';
import { ConfigError } from '../engine/registry.js';
import { LintEngine } from '../engine/engine.js';
import { isShared } from '../engine/suppressions.js';
import { LEVEL_RANK, type Level, type RunResult, type RunStats, type ShardReport } from '../engine/types.js';
import { buildJsonReport, buildSarifLog, type JsonError, type JsonFinding, type JsonReport, type ReportContext } from '../report/index.js';
import { FINGERPRINT_KEY, primaryLocationLineHashes, SHARD_PROPERTY } from '../report/sarif.js';
import { jsonChunks, streamedItems } from '../report/chunks.js';
import { withoutCiCommands } from '../report/util.js';
import { ruleDocsUrl } from '../engine/rule.js';
import { INFORMATION_URI, TOOL_VERSION } from '../version.js';
import { setupRun, type RunFlags } from '../run/setup.js';

export interface MergeFlags {
  readonly failOn?: Level | 'none';
  readonly maxWarnings?: number;
  readonly config?: string;
  readonly configLookup: boolean;
  readonly allowPlugins: boolean;
  readonly rule: readonly string[];
  readonly baseline?: string;
  readonly sarifProfile: 'github' | 'azure-devops';
}

export interface MergeOutput {
  readonly text: Iterable<string>;
  readonly code: number;
}

/** One finding or result of a shard, with what orders it as `compareFindings` orders findings. */
interface Item<T> {
  readonly value: T;
  readonly shard: number;
  readonly file: string;
  readonly entry: string;
  readonly line: number;
  readonly column: number;
  readonly ruleId: string;
  readonly message: string;
  /** The fingerprint without its `:n` suffix. */
  readonly base: string;
  readonly suppressed: boolean;
  readonly level: string;
}

interface Ordered<T> {
  readonly value: T;
  readonly key: readonly number[];
}

const SUFFIX = /:\d+$/;

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareItems<T>(a: Item<T>, b: Item<T>): number {
  return (
    compareText(a.file, b.file) ||
    compareText(a.entry, b.entry) ||
    a.line - b.line ||
    a.column - b.column ||
    compareText(a.ruleId, b.ruleId) ||
    compareText(a.message, b.message) ||
    compareText(a.base, b.base)
  );
}

function compareKeys(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

/**
 * Sorted as one run sorts them, with fingerprints made unique again: a fingerprint that findings
 * of more than one shard share is numbered afresh in the merged order (each shard numbered only
 * its own); one that stays within a shard keeps the shard's numbering.
 */
function sortItems<T>(items: Item<T>[], setFingerprint: (value: T, fingerprint: string) => T): T[] {
  const shardsOf = new Map<string, Set<number>>();
  for (const item of items) shardsOf.set(item.base, (shardsOf.get(item.base) ?? new Set()).add(item.shard));
  const seen = new Map<string, number>();
  return items.sort(compareItems).map((item) => {
    if ((shardsOf.get(item.base)?.size ?? 0) < 2) return item.value;
    const count = seen.get(item.base) ?? 0;
    seen.set(item.base, count + 1);
    return setFingerprint(item.value, count === 0 ? item.base : `${item.base}:${count}`);
  });
}

/** Errors in one run's order: input errors and unit failures by unit, set-up and cross-unit ones once each. */
function orderErrors<T>(
  perShard: readonly { readonly errors: readonly T[]; readonly order: ShardReport['errorOrder']; readonly shard: number }[],
  sameAs: (error: T) => string,
): T[] {
  const ordered: Ordered<T>[] = [];
  const once = new Set<string>();
  for (const { errors, order, shard } of perShard) {
    errors.forEach((error, position) => {
      const [phase, n] = order[position] ?? [3, position];
      if (phase === 1 || phase === 3) {
        const key = `${phase}\u0000${sameAs(error)}`;
        if (once.has(key)) return;
        once.add(key);
        ordered.push({ value: error, key: [phase, shard, n] });
      } else ordered.push({ value: error, key: [phase, n, shard, position] });
    });
  }
  return ordered.sort((a, b) => compareKeys(a.key, b.key)).map((entry) => entry.value);
}

function exitCode(errors: number, findings: readonly { readonly level: string; readonly suppressed: boolean }[], failOn: Level | 'none', maxWarnings: number | undefined): number {
  if (errors > 0) return 2;
  const open = findings.filter((finding) => !finding.suppressed);
  if (open.some((finding) => LEVEL_RANK[finding.level as Level] >= LEVEL_RANK[failOn])) return 1;
  if (maxWarnings !== undefined && open.filter((finding) => finding.level === 'warning').length > maxWarnings) return 1;
  return 0;
}

interface Shard<T> {
  readonly file: string;
  readonly report: T;
  readonly shard: ShardReport;
}

/** Checks that the reports are the N shards of one split, each once, and puts them in shard order. */
function checkSplit<T>(shards: Shard<T>[]): Shard<T>[] {
  const count = shards[0].shard.count;
  const byIndex = new Map<number, Shard<T>>();
  for (const shard of shards) {
    if (shard.shard.count !== count) throw new ConfigError(`${shard.file} is shard ${shard.shard.index}/${shard.shard.count}, not of a split into ${count}`);
    const twice = byIndex.get(shard.shard.index);
    if (twice) throw new ConfigError(`${twice.file} and ${shard.file} are both shard ${shard.shard.index}/${count}`);
    byIndex.set(shard.shard.index, shard);
  }
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((index) => !byIndex.has(index));
  if (missing.length) throw new ConfigError(`shard${missing.length > 1 ? 's' : ''} ${missing.map((index) => `${index}/${count}`).join(', ')} missing: a merge needs every shard`);
  return [...byIndex.keys()].sort((a, b) => a - b).map((index) => byIndex.get(index)!);
}

function readReport(cwd: string, file: string): unknown {
  let text: string;
  try {
    text = readFileSync(resolve(cwd, file), 'utf8');
  } catch {
    throw new ConfigError(`cannot read ${file}`);
  }
  try {
    return JSON.parse(text.replace(/^\uFEFF/, '')) as unknown;
  } catch {
    throw new ConfigError(`${file} is not a JSON report or SARIF log (invalid JSON)`);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function shardOfReport(file: string, value: unknown): ShardReport {
  if (isRecord(value) && isRecord(value.shard)) return value.shard as unknown as ShardReport;
  const run = isRecord(value) && Array.isArray(value.runs) ? (value.runs[0] as unknown) : undefined;
  const properties = isRecord(run) && isRecord(run.properties) ? run.properties : undefined;
  if (properties && isRecord(properties[SHARD_PROPERTY])) return properties[SHARD_PROPERTY] as unknown as ShardReport;
  throw new ConfigError(`${file} is not the report of a --shard run (run flowlint --shard I/N with --format json or sarif)`);
}

/** Reads the shards' reports, merges them, and says how a run over every input would have exited. */
export async function mergeReports(files: readonly string[], flags: MergeFlags, cwd: string): Promise<MergeOutput> {
  if (files.length === 0) throw new ConfigError('merge: name the reports of the shards');
  const read = files.map((file) => ({ file, value: readReport(cwd, file) }));
  const sarif = read.map(({ value }) => isRecord(value) && Array.isArray(value.runs));
  if (sarif.some((is) => is !== sarif[0])) throw new ConfigError('merge: the reports must all be JSON reports or all SARIF logs');
  for (const { file, value } of read) {
    const version = sarif[0] ? (value as Partial<Log>).runs?.[0]?.tool?.driver?.version : (value as Partial<JsonReport>).tool?.version;
    // The version is not echoed: a report is a file like any other, and its text is not ours to print.
    if (version === undefined) throw new ConfigError(`${file} is not a flowlint report (no tool version)`);
    if (version !== TOOL_VERSION) throw new ConfigError(`${file} was written by another flowlint version; this is ${TOOL_VERSION}`);
  }
  const shards = checkSplit(read.map(({ file, value }) => ({ file, report: value, shard: shardOfReport(file, value) })));

  // Configured exceptions and baseline entries: used if any shard used them, audited here once.
  const runFlags: RunFlags = {
    config: flags.config,
    configLookup: flags.configLookup,
    allowPlugins: flags.allowPlugins,
    rule: flags.rule,
    ignore: [],
    limits: {},
    baseline: flags.baseline,
  };
  const setup = await setupRun(cwd, runFlags);
  for (const shard of shards) setup.suppressions.mergeSharedUsage(shard.shard.sharedUsage);
  const engine = new LintEngine(setup.enabled, {
    settings: setup.settings,
    suppressions: setup.suppressions,
    run: setup.run,
    knownRuleIds: new Set(setup.rules.map((rule) => rule.meta.id)),
  });
  const audited = engine.auditSuppressions(isShared);
  const auditResult: RunResult = {
    findings: audited.findings,
    diagnostics: audited.diagnostics,
    stats: { files: 0, solutions: 0, flows: 0, actions: 0, skippedFiles: 0, durationMs: 0 },
  };
  const context: ReportContext = {
    rules: setup.rules.map((rule) => rule.meta),
    toolVersion: TOOL_VERSION,
    informationUri: INFORMATION_URI,
    helpUri: ruleDocsUrl,
    color: false,
    sarifProfile: flags.sarifProfile,
  };
  const failOn = flags.failOn ?? setup.failOn;
  const maxWarnings = flags.maxWarnings ?? setup.maxWarnings;
  return sarif[0]
    ? mergeSarif(shards as Shard<Log>[], buildSarifLog(auditResult, context), failOn, maxWarnings)
    : mergeJson(shards as Shard<JsonReport>[], buildJsonReport(auditResult, context), failOn, maxWarnings);
}

function jsonItem(value: JsonFinding, shard: number): Item<JsonFinding> {
  return {
    value,
    shard,
    file: value.file,
    entry: value.entry ?? '',
    line: value.line ?? 0,
    column: value.column ?? 0,
    ruleId: value.ruleId,
    message: value.message,
    base: value.fingerprint.replace(SUFFIX, ''),
    suppressed: (value.suppressions?.length ?? 0) > 0,
    level: value.level,
  };
}

function errorIdentity(error: JsonError): string {
  return [error.kind, error.ruleId, error.file, error.entry, error.message].join('\u0000');
}

function mergeJson(shards: readonly Shard<JsonReport>[], audit: JsonReport, failOn: Level | 'none', maxWarnings: number | undefined): MergeOutput {
  const items = [
    ...shards.flatMap(({ report, shard }) => report.findings.map((finding) => jsonItem(finding, shard.index))),
    ...audit.findings.map((finding) => jsonItem(finding, 0)),
  ];
  const code = exitCode(0, items, failOn, maxWarnings);
  const findings = sortItems(items, (finding, fingerprint) => ({ ...finding, fingerprint }));
  const errors = orderErrors(
    [
      ...shards.map(({ report, shard }) => ({ errors: report.errors, order: shard.errorOrder, shard: shard.index })),
      { errors: audit.errors, order: audit.errors.map((_, i): [number, number] => [3, i]), shard: shards.length + 1 },
    ],
    errorIdentity,
  );
  const first = shards[0].report;
  // Every shard reads every input (cross-unit rules need them), so each holds the whole vault table.
  const merged: JsonReport = {
    version: first.version,
    tool: first.tool,
    findings: streamedItems(),
    errors,
    stats: mergeStats(shards),
    ...(first.vaults ? { vaults: first.vaults } : {}),
  };
  return { text: safe(jsonChunks(merged, findings)), code: errors.length > 0 ? 2 : code };
}

/** Counts added up; skipped paths in one run's order, each once; the longest shard's duration. */
function mergeStats(shards: readonly Shard<JsonReport>[]): RunStats {
  const skipped = shards
    .flatMap(({ report, shard }) =>
      (report.stats.skipped ?? []).map((skip, position) => ({ value: skip, key: [shard.skippedOrder[position] ?? Number.MAX_SAFE_INTEGER, shard.index, position] })),
    )
    .sort((a, b) => compareKeys(a.key, b.key));
  const seen = new Set<string>();
  const unique = skipped.filter(({ value }) => !seen.has(value.file) && Boolean(seen.add(value.file))).map(({ value }) => value);
  const sum = (pick: (stats: RunStats) => number | undefined): number => shards.reduce((total, { report }) => total + (pick(report.stats) ?? 0), 0);
  // The first shard's stats give the key order, so the merged object serialises as one run's.
  const stats: Record<string, unknown> = { ...shards[0].report.stats };
  stats.files = sum((s) => s.files);
  stats.solutions = sum((s) => s.solutions);
  stats.flows = sum((s) => s.flows);
  stats.actions = sum((s) => s.actions);
  stats.skippedFiles = sum((s) => s.skippedFiles);
  if ('skippedPaths' in stats) stats.skippedPaths = unique.length;
  if ('skipped' in stats) stats.skipped = unique;
  stats.durationMs = Math.max(...shards.map(({ report }) => report.stats.durationMs));
  return stats as unknown as RunStats;
}

function sarifItem(value: Result, shard: number): Item<Result> {
  const physical = value.locations?.[0]?.physicalLocation;
  const properties = value.properties ?? {};
  const entryRegion = properties.entryRegion as { startLine?: number; startColumn?: number } | undefined;
  const uri = physical?.artifactLocation?.uri ?? '';
  return {
    value,
    shard,
    file: uri.split('/').map(decodeURIComponent).join('/'),
    entry: typeof properties.entry === 'string' ? properties.entry : '',
    line: physical?.region?.startLine ?? entryRegion?.startLine ?? 0,
    column: physical?.region?.startColumn ?? entryRegion?.startColumn ?? 0,
    ruleId: value.ruleId ?? '',
    message: value.message.text ?? '',
    base: (value.partialFingerprints?.[FINGERPRINT_KEY] ?? '').replace(SUFFIX, ''),
    suppressed: (value.suppressions?.length ?? 0) > 0,
    level: value.level ?? 'warning',
  };
}

function mergeSarif(shards: readonly Shard<Log>[], audit: Log, failOn: Level | 'none', maxWarnings: number | undefined): MergeOutput {
  const runOf = (log: Log): Log['runs'][number] => log.runs[0];
  const items = [
    ...shards.flatMap(({ report, shard }) => (runOf(report).results ?? []).map((result) => sarifItem(result, shard.index))),
    ...(runOf(audit).results ?? []).map((result) => sarifItem(result, 0)),
  ];
  const code = exitCode(0, items, failOn, maxWarnings);
  const results = sortItems(items, (result, fingerprint) => ({ ...result, partialFingerprints: { ...result.partialFingerprints, [FINGERPRINT_KEY]: fingerprint } }));
  // GitHub's line hash derives from the final fingerprint, as the SARIF reporter makes it.
  const lineHashes = primaryLocationLineHashes(results.map((result) => result.partialFingerprints?.[FINGERPRINT_KEY] ?? ''));
  results.forEach((result, index) => {
    result.partialFingerprints = { ...result.partialFingerprints, primaryLocationLineHash: lineHashes[index] };
  });
  const notificationsOf = (log: Log): Notification[] => runOf(log).invocations?.[0]?.toolExecutionNotifications ?? [];
  const notifications = orderErrors(
    [
      ...shards.map(({ report, shard }) => ({ errors: notificationsOf(report), order: shard.errorOrder, shard: shard.index })),
      { errors: notificationsOf(audit), order: notificationsOf(audit).map((_, i): [number, number] => [3, i]), shard: shards.length + 1 },
    ],
    (notification) => JSON.stringify(notification),
  );
  const first = runOf(shards[0].report);
  const { properties, ...rest } = first;
  const restProperties = { ...properties };
  delete restProperties[SHARD_PROPERTY];
  const run = {
    ...rest,
    ...(Object.keys(restProperties).length ? { properties: restProperties } : {}),
    invocations: [{ ...first.invocations?.[0], executionSuccessful: notifications.length === 0, toolExecutionNotifications: notifications }],
    results: streamedItems<Result>(),
  };
  // `results` last, as the reporter writes it; the rest in the shard's own key order.
  const log: Log = { ...shards[0].report, runs: [reorder(run, first)] };
  return { text: safe(jsonChunks(log, results)), code: notifications.length > 0 ? 2 : code };
}

/** `run` with its keys in the order `like` has them (keys `like` lacks at the end). */
function reorder<T extends object>(run: T, like: object): T {
  const out: Record<string, unknown> = {};
  const source = run as Record<string, unknown>;
  for (const key of Object.keys(like)) if (key in source) out[key] = source[key];
  for (const key of Object.keys(source)) if (!(key in out)) out[key] = source[key];
  return out as T;
}

/** The same escaping of CI logging commands as the reporters' (a merged report may be printed in a CI log). */
function* safe(chunks: Iterable<string>): Generator<string> {
  for (const chunk of chunks) yield withoutCiCommands(chunk, 'json');
}
