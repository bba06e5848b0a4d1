/**
 * GitHub code scanning rejects a SARIF upload over 10 MB gzipped or with more than 25,000 results
 * in a run. flowlint still writes the file, but says so plainly and fails the run, rather than let
 * the upload step fail later with a less helpful message.
 */
import { gzipSync } from 'node:zlib';

export const GITHUB_MAX_RESULTS = 25_000;
export const GITHUB_MAX_GZIPPED_BYTES = 10 * 1024 * 1024;

export function githubUploadProblems(sarifText: string, limits = { results: GITHUB_MAX_RESULTS, gzippedBytes: GITHUB_MAX_GZIPPED_BYTES }): string[] {
  const problems: string[] = [];
  const log = JSON.parse(sarifText) as { runs: { results?: unknown[] }[] };
  for (const [index, run] of log.runs.entries()) {
    const count = run.results?.length ?? 0;
    if (count > limits.results) problems.push(`run ${index} has ${count} results; GitHub code scanning accepts at most ${limits.results} per run`);
  }
  const gzipped = gzipSync(sarifText).length;
  if (gzipped > limits.gzippedBytes) problems.push(`the file is ${(gzipped / 1048576).toFixed(1)} MB gzipped; GitHub code scanning accepts at most ${limits.gzippedBytes / 1048576} MB`);
  return problems;
}
