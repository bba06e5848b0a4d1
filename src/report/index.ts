/**
 * The reporters, by `--format` name. Each is a pure `(result, context) => string`; the CLI picks
 * one per `-f NAME[:FILE]` and does the writing.
 */
import { jsonReporter } from './json.js';
import { sarifReporter } from './sarif.js';
import { stylishReporter } from './stylish.js';
import type { Reporter } from './types.js';

export type { ReportContext, Reporter, SarifProfile } from './types.js';
export { buildSarifLog, sarifReporter } from './sarif.js';
export { buildJsonReport, jsonReporter, JSON_REPORT_VERSION } from './json.js';
export type { JsonError, JsonFinding, JsonPlace, JsonReport, JsonStep } from './json.js';
export { stylishReporter } from './stylish.js';

export const reporters = {
  stylish: stylishReporter,
  sarif: sarifReporter,
  json: jsonReporter,
} as const satisfies Readonly<Record<string, Reporter>>;

export type ReporterName = keyof typeof reporters;

export function isReporterName(name: string): name is ReporterName {
  return Object.hasOwn(reporters, name);
}
