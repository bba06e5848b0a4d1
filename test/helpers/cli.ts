/** Runs the CLI in-process with captured output, as the `flowlint` binary would run. */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
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

/**
 * Runs the built `flowlint` binary (dist/, which the test setup builds) in a child process: what a
 * user's shell sees, with a real stdin. Colour variables of the test's own environment are left out.
 */
export function runBin(args: readonly string[], cwd: string, options: { env?: Record<string, string>; input?: string | Buffer } = {}): CliRun {
  const env: Record<string, string | undefined> = { ...process.env, FORCE_COLOR: undefined, NO_COLOR: undefined, ...options.env };
  const child = spawnSync(process.execPath, [join(repoRoot, 'dist/flowlint.mjs'), ...args], {
    cwd,
    env: Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined)),
    input: options.input ?? '',
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  return { code: child.status ?? -1, stdout: child.stdout, stderr: child.stderr };
}
