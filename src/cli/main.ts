/**
 * The `flowlint` command (bundled as `dist/cli.js`, which bin.ts starts). All I/O lives here:
 * reporters return strings, this writes them.
 * Exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage/config/input/internal error.
 * The exit code is set through `process.exitCode` so piped output is never cut short.
 */
import { runCli } from './run.js';

/**
 * A reader that stops early (`flowlint … | head`) closes the pipe: the rest of the output is
 * dropped and the run ends with its own exit code, as other command-line tools do, instead of an
 * unhandled EPIPE error with a stack trace.
 */
function writerTo(stream: NodeJS.WriteStream): (text: string) => void {
  let closed = false;
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE' && error.code !== 'ERR_STREAM_DESTROYED') throw error;
    closed = true;
  });
  return (text) => {
    if (!closed) stream.write(text);
  };
}

runCli(process.argv.slice(2), {
  cwd: process.cwd(),
  stdout: writerTo(process.stdout),
  stderr: writerTo(process.stderr),
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
