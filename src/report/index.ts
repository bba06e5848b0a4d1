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
import { withoutCiCommands, type CommandSafeSyntax } from './util.js';

/** A text reporter whose output no CI runner can take for a logging command. */
const commandSafe =
  (reporter: Reporter, syntax: CommandSafeSyntax): Reporter =>
  (result, context) =>
    withoutCiCommands(reporter(result, context), syntax);
const stylish = commandSafe(stylishReporter, 'text');
const markdown = commandSafe(markdownReporter, 'markdown');
const junit = commandSafe(junitReporter, 'xml');
// HTML character references read back as the same characters in text and attributes.
const html = commandSafe(htmlReporter, 'xml');
const sarif = commandSafe(sarifReporter, 'json');
const json = commandSafe(jsonReporter, 'json');
/** JSON and SARIF a result at a time: no `##vso[` spans two pieces (each holds whole strings). */
const commandSafeChunks = (chunks: (result: RunResult, context: ReportContext) => Iterable<string>) =>
  function* (result: RunResult, context: ReportContext): Iterable<string> {
    for (const chunk of chunks(result, context)) yield withoutCiCommands(chunk, 'json');
  };

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
  stylish,
  sarif,
  json,
  markdown,
  junit,
  github: githubReporter,
  html,
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
  stylish: whole(stylish),
  sarif: commandSafeChunks(sarifChunks),
  json: commandSafeChunks(jsonReportChunks),
  markdown: whole(markdown),
  junit: whole(junit),
  github: whole(githubReporter),
  html: whole(html),
} as const satisfies Readonly<Record<ReporterName, ChunkedReporter>>;

export function isReporterName(name: string): name is ReporterName {
  return Object.hasOwn(reporters, name);
}
