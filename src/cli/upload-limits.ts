/**
 * GitHub code scanning rejects a SARIF upload over 10 MB gzipped or with more than 25,000 results
 * in a run. flowlint still writes the file, but says so plainly and fails the run, rather than let
 * the upload step fail later with a less helpful message. The size is measured while the log is
 * written (`GzippedSize`), so the log never has to be held, or parsed again, whole.
 */
import { once } from 'node:events';
import { createGzip, type Gzip } from 'node:zlib';

export const GITHUB_MAX_RESULTS = 25_000;
export const GITHUB_MAX_GZIPPED_BYTES = 10 * 1024 * 1024;

export interface SarifUploadFacts {
  /** Results in the log's one run. */
  readonly results: number;
  readonly gzippedBytes: number;
}

export function githubUploadProblems(facts: SarifUploadFacts, limits = { results: GITHUB_MAX_RESULTS, gzippedBytes: GITHUB_MAX_GZIPPED_BYTES }): string[] {
  const problems: string[] = [];
  if (facts.results > limits.results) problems.push(`run 0 has ${facts.results} results; GitHub code scanning accepts at most ${limits.results} per run`);
  if (facts.gzippedBytes > limits.gzippedBytes) {
    problems.push(`the file is ${(facts.gzippedBytes / 1048576).toFixed(1)} MB gzipped; GitHub code scanning accepts at most ${limits.gzippedBytes / 1048576} MB`);
  }
  return problems;
}

/** Counts the gzipped size of a text fed to it in pieces. */
export class GzippedSize {
  private readonly gzip: Gzip = createGzip();
  private bytes = 0;

  constructor() {
    this.gzip.on('data', (chunk: Buffer) => {
      this.bytes += chunk.length;
    });
  }

  async add(text: string): Promise<void> {
    if (!this.gzip.write(text)) await once(this.gzip, 'drain');
  }

  async total(): Promise<number> {
    const ended = once(this.gzip, 'end');
    this.gzip.end();
    await ended;
    return this.bytes;
  }
}
