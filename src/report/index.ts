/**
 * The reporters, by `--format` name. Each is a pure `(result, context) => string`; the CLI picks
 * one per `-f NAME[:FILE]` and does the writing.
 */
import { githubReporter } from './github.js';
import { htmlReporter } from './html.js';
import { jsonReportChunks, jsonReporter } from './json.js';
import { junitReporter } from './junit.js';
import { markdownReporter } from './markdown.js';
import { sarifChunks, sarifReporter } from './sarif.js';
import { stylishReporter } from './stylish.js';
import type { ReportContext, Reporter } from './types.js';
import type { RunResult } from '../engine/types.js';

export type { ReportContext, Reporter, SarifProfile } from './types.js';
export { buildSarifLog, sarifChunks, sarifReporter, sarifResultCount } from './sarif.js';
export { buildJsonReport, jsonReportChunks, jsonReporter, JSON_REPORT_VERSION } from './json.js';
export type { JsonError, JsonFinding, JsonPlace, JsonReport, JsonStep } from './json.js';
export { stylishReporter } from './stylish.js';
export { markdownReporter } from './markdown.js';
export { junitReporter } from './junit.js';
export { githubReporter } from './github.js';
export { htmlReporter } from './html.js';

export const reporters = {
  stylish: stylishReporter,
  sarif: sarifReporter,
  json: jsonReporter,
  markdown: markdownReporter,
  junit: junitReporter,
  github: githubReporter,
  html: htmlReporter,
} as const satisfies Readonly<Record<string, Reporter>>;

export type ReporterName = keyof typeof reporters;

/**
 * Each format as pieces of text to write one after the other: SARIF and JSON a result at a time
 * (their texts can be far larger than the findings they come from), the others in one piece.
 */
type ChunkedReporter = (result: RunResult, context: ReportContext) => Iterable<string>;

const whole =
  (reporter: Reporter): ChunkedReporter =>
  (result, context) => [reporter(result, context)];

export const reportChunks = {
  stylish: whole(stylishReporter),
  sarif: sarifChunks,
  json: jsonReportChunks,
  markdown: whole(markdownReporter),
  junit: whole(junitReporter),
  github: whole(githubReporter),
  html: whole(htmlReporter),
} as const satisfies Readonly<Record<ReporterName, ChunkedReporter>>;

export function isReporterName(name: string): name is ReporterName {
  return Object.hasOwn(reporters, name);
}
