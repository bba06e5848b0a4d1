/**
 * JSON reporter: the shape documented in `docs/reports.md` (JSON) and, field by field, in
 * `schemas/flowlint-report.schema.json`. Every finding is listed, suppressed ones included (with
 * their `suppressions`), so scripts can apply their own policy.
 */
import type { Finding, FindingLocation, FindingStep, Level, RunDiagnostic, RunResult, RunStats, ShardReport, SuppressionKind, VaultTable } from '../engine/types.js';
import type { ReportContext } from './types.js';
import { jsonChunks, mapLazily, streamedItems } from './chunks.js';

/** Bumped only when a field changes meaning or disappears; new optional fields keep it. */
export const JSON_REPORT_VERSION = 1;

export interface JsonReport {
  readonly version: typeof JSON_REPORT_VERSION;
  readonly tool: { readonly name: 'flowlint'; readonly version: string; readonly informationUri: string };
  readonly findings: JsonFinding[];
  readonly errors: JsonError[];
  readonly stats: RunStats;
  /** Key Vaults by environment, when the inputs name any (vault names are not secrets). */
  readonly vaults?: VaultTable;
  /** A `--shard` run's report only: what `flowlint merge` needs (merged reports have none). */
  readonly shard?: ShardReport;
}

/** Where something is: file (the zip for an archive member), entry, 1-based range, logical names. */
export interface JsonPlace {
  readonly file: string;
  readonly entry?: string;
  readonly line?: number;
  readonly column?: number;
  readonly endLine?: number;
  readonly endColumn?: number;
  /** `Flow display name/Container/.../Name`. */
  readonly path: string;
  /** The action, trigger, parameter, env var or connection reference. */
  readonly name: string;
  readonly jsonPointer: string;
}

export interface JsonStep extends JsonPlace {
  readonly snippet?: string;
  readonly message: string;
}

export interface JsonFinding extends JsonPlace {
  readonly ruleId: string;
  readonly level: Level;
  readonly message: string;
  readonly solution?: string;
  readonly flow?: string;
  /** Redacted source text of the region; `""` when the finding has none. */
  readonly snippet: string;
  readonly fingerprint: string;
  readonly related?: JsonStep[];
  readonly dataFlow?: JsonStep[];
  readonly suppressions?: { kind: SuppressionKind; justification?: string; origin: string }[];
}

export interface JsonError {
  readonly file: string;
  readonly entry?: string;
  readonly message: string;
  /** `input`: unreadable file or entry; `internal`: a rule crashed. */
  readonly kind: RunDiagnostic['kind'];
  readonly ruleId?: string;
}

export function jsonReporter(result: RunResult, context: ReportContext): string {
  return [...jsonReportChunks(result, context)].join('');
}

/** The JSON report in pieces, one finding at a time (see chunks.ts). */
export function jsonReportChunks(result: RunResult, context: ReportContext): Generator<string> {
  return jsonChunks(jsonSkeleton(result, context, streamedItems()), mapLazily(result.findings, toJsonFinding));
}

export function buildJsonReport(result: RunResult, context: ReportContext): JsonReport {
  return jsonSkeleton(result, context, result.findings.map(toJsonFinding));
}

function jsonSkeleton(result: RunResult, context: ReportContext, findings: JsonFinding[]): JsonReport {
  return {
    version: JSON_REPORT_VERSION,
    tool: { name: 'flowlint', version: context.toolVersion, informationUri: context.informationUri },
    findings,
    errors: result.diagnostics.map(toJsonError),
    stats: { ...result.stats },
    ...(result.vaults ? { vaults: result.vaults } : {}),
    ...(result.shard ? { shard: result.shard } : {}),
  };
}

function toJsonFinding(finding: Finding): JsonFinding {
  const { location } = finding;
  return {
    ruleId: finding.ruleId,
    level: finding.level,
    message: finding.message,
    ...range(location),
    ...(finding.solution !== undefined ? { solution: finding.solution } : {}),
    ...(finding.flow !== undefined ? { flow: finding.flow } : {}),
    ...names(location),
    snippet: location.snippet ?? '',
    fingerprint: finding.fingerprint,
    ...(finding.related.length > 0 ? { related: finding.related.map(toJsonStep) } : {}),
    ...(finding.dataFlow.length > 0 ? { dataFlow: finding.dataFlow.map(toJsonStep) } : {}),
    ...(finding.suppressions.length > 0
      ? {
          suppressions: finding.suppressions.map(({ kind, justification, origin }) => ({
            kind,
            ...(justification !== undefined ? { justification } : {}),
            origin,
          })),
        }
      : {}),
  };
}

/** `file`, `entry` and the 1-based range (inside the entry for an archive member). */
function range(location: FindingLocation): Pick<JsonPlace, 'file' | 'entry' | 'line' | 'column' | 'endLine' | 'endColumn'> {
  const { region } = location;
  return {
    file: location.file,
    ...(location.entry !== undefined ? { entry: location.entry } : {}),
    ...(region !== undefined ? { line: region.startLine, column: region.startColumn, endLine: region.endLine, endColumn: region.endColumn } : {}),
  };
}

function names(location: FindingLocation): Pick<JsonPlace, 'path' | 'name' | 'jsonPointer'> {
  return { path: location.fullyQualifiedName, name: location.logicalName, jsonPointer: location.pointer };
}

function toJsonStep(step: FindingStep): JsonStep {
  const { location } = step;
  return {
    ...range(location),
    ...names(location),
    ...(location.snippet !== undefined ? { snippet: location.snippet } : {}),
    message: step.message,
  };
}

function toJsonError(diagnostic: RunDiagnostic): JsonError {
  return {
    file: diagnostic.file,
    ...(diagnostic.entry !== undefined ? { entry: diagnostic.entry } : {}),
    message: diagnostic.message,
    kind: diagnostic.kind,
    ...(diagnostic.ruleId !== undefined ? { ruleId: diagnostic.ruleId } : {}),
  };
}
