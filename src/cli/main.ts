/**
 * The `flowlint` command (bundled as `dist/cli.js`, which bin.ts starts). All I/O lives here:
 * reporters return strings, this writes them.
 * Exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage/config/input/internal error.
 * The exit code is set through `process.exitCode` so piped output is never cut short.
 */
import { runCli } from './run.js';

runCli(process.argv.slice(2), {
  cwd: process.cwd(),
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  isTTY: Boolean(process.stdout.isTTY),
  stderrIsTTY: Boolean(process.stderr.isTTY),
  env: process.env,
  stdin: () => process.stdin,
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // Last resort: never a stack trace unless asked for.
    const debug = process.argv.includes('--debug');
    process.stderr.write(`flowlint: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    if (debug && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
    process.exitCode = 2;
  },
);
