/**
 * The one way flowlint runs git. The repository being scanned is untrusted, and so is its
 * `.git/config`: settings there can name commands that git runs on its own (`core.fsmonitor` runs
 * on `git ls-files`; hooks, pagers, external diff and credential helpers on other commands). Every
 * call overrides those on the command line (which wins over any config file), ignores the system
 * config, runs with no shell, no terminal prompt and no stdin, and is bounded in output and time.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** Settings that make git run a program; turned off on every call. */
const SAFE_CONFIG = [
  'core.fsmonitor=false',
  'core.hooksPath=/dev/null',
  'core.pager=cat',
  'core.sshCommand=false',
  'core.gitProxy=false',
  'core.askPass=false',
  'credential.helper=',
  'protocol.allow=never',
  'core.untrackedCache=false',
] as const;

export interface GitOptions {
  /** Most bytes of stdout accepted (default 64 MiB); more is a failure. */
  readonly maxBytes?: number;
  /** Longest run in milliseconds (default 30 s); longer is a failure. */
  readonly timeoutMs?: number;
}

const DEFAULT_MAX_BYTES = 64 * 1024 * 1024;
const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * The caller's environment (trusted), minus programs git could be told to run and the variables
 * that point git at a repository other than the cwd's, plus no system config.
 */
function gitEnvironment(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0', GIT_PAGER: 'cat' };
  for (const name of ['GIT_EXTERNAL_DIFF', 'GIT_ASKPASS', 'SSH_ASKPASS', 'GIT_SSH', 'GIT_SSH_COMMAND']) delete env[name];
  // A hook runs with these set for the repository being committed to; flowlint names the work tree
  // itself (the cwd of each call), which may be another one (a submodule, a nested repository).
  for (const name of ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE', 'GIT_COMMON_DIR', 'GIT_OBJECT_DIRECTORY', 'GIT_ALTERNATE_OBJECT_DIRECTORIES']) delete env[name];
  return env;
}

/** Runs `git ARGS` in `cwd` and returns its stdout; throws when git is missing, fails or exceeds a bound. */
export function runGit(cwd: string, args: readonly string[], options: GitOptions = {}): Buffer {
  const overrides = SAFE_CONFIG.flatMap((setting) => ['-c', setting]);
  return execFileSync('git', ['--no-pager', ...overrides, ...args], {
    cwd,
    env: gitEnvironment(),
    maxBuffer: options.maxBytes ?? DEFAULT_MAX_BYTES,
    timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    killSignal: 'SIGKILL',
    stdio: ['ignore', 'pipe', 'pipe'],
    windowsHide: true,
  });
}

/**
 * The nearest folder at or above `start` that holds `.git` (a folder, or the file a worktree or
 * submodule has): the root of the repository `start` is in, found without running git.
 */
export function findRepoRoot(start: string): string | undefined {
  for (let dir = resolve(start); ; dir = dirname(dir)) {
    if (existsSync(join(dir, '.git'))) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}
