/**
 * The reporters, by `--format` name. Each is a pure `(result, context) => string`; the CLI picks
 * one per `-f NAME[:FILE]` and does the writing.
 */
import { githubReporter } from './github.js';
import { htmlReporter } from './html.js';
import { jsonReporter } from './json.js';
import { junitReporter } from './junit.js';
import { markdownReporter } from './markdown.js';
import { sarifReporter } from './sarif.js';
import { stylishReporter } from './stylish.js';
import type { Reporter } from './types.js';

export type { ReportContext, Reporter, SarifProfile } from './types.js';
export { buildSarifLog, sarifReporter } from './sarif.js';
export { buildJsonReport, jsonReporter, JSON_REPORT_VERSION } from './json.js';
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

export function isReporterName(name: string): name is ReporterName {
  return Object.hasOwn(reporters, name);
}
