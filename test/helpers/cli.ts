/** Runs the CLI in-process with captured output, as the `flowlint` binary would run. */
import { runCli } from '../../src/cli/run.js';

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export async function runFlowlint(args: readonly string[], cwd: string, env: Record<string, string | undefined> = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    cwd,
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    isTTY: false,
    env,
  });
  return { code, stdout, stderr };
}

export const repoRoot = new URL('../../', import.meta.url).pathname;
export const corpusRoot = new URL('../../../shared/corpus/', import.meta.url).pathname;
