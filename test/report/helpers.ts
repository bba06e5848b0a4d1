/** Golden files and schema validators for the reporter tests. */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv04Module from 'ajv-draft-04';
import Ajv2020Module from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { expect } from 'vitest';

const Ajv04 = Ajv04Module.default;
const Ajv2020 = Ajv2020Module.default;
const addFormats = addFormatsModule.default;

const root = new URL('../../', import.meta.url);

function readJson(relative: string): object {
  return JSON.parse(readFileSync(new URL(relative, root), 'utf8')) as object;
}

export const UPDATE_GOLDEN_COMMAND = 'UPDATE_GOLDEN=1 npx vitest run test/report';

/**
 * Compares `actual` with `test/report/__golden__/<name>`; `UPDATE_GOLDEN=1` rewrites the file
 * instead. Review the diff of a rewritten golden file before keeping it.
 */
export function expectGolden(name: string, actual: string): void {
  const path = fileURLToPath(new URL(`./__golden__/${name}`, import.meta.url));
  if (process.env.UPDATE_GOLDEN === '1') {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, actual);
    return;
  }
  let expected: string;
  try {
    expected = readFileSync(path, 'utf8');
  } catch {
    throw new Error(`Golden file ${name} is missing: run ${UPDATE_GOLDEN_COMMAND}`);
  }
  expect(actual, `test/report/__golden__/${name} differs; if the change is intended, run ${UPDATE_GOLDEN_COMMAND} and review the diff`).toBe(expected);
}

let sarifValidator: ValidateFunction | undefined;

/** The official SARIF 2.1.0 schema (draft-04), compiled once. */
export function validateSarif(log: unknown): ErrorObject[] {
  if (sarifValidator === undefined) {
    const ajv = new Ajv04({ allErrors: true, strict: false });
    addFormats(ajv);
    sarifValidator = ajv.compile(readJson('test/schemas/sarif-schema-2.1.0.json'));
  }
  return sarifValidator(log) ? [] : [...(sarifValidator.errors ?? [])];
}

let reportValidator: ValidateFunction | undefined;

/** `schemas/flowlint-report.schema.json` (draft 2020-12), compiled once in strict mode. */
export function validateJsonReport(report: unknown): ErrorObject[] {
  if (reportValidator === undefined) {
    const ajv = new Ajv2020({ allErrors: true, strict: true });
    addFormats(ajv);
    reportValidator = ajv.compile(readJson('schemas/flowlint-report.schema.json'));
  }
  return reportValidator(report) ? [] : [...(reportValidator.errors ?? [])];
}
