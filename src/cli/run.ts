/**
 * Command-line wiring (commander 14 with exitOverride, so usage errors exit 2 instead of 1).
 * `runCli` takes its I/O as parameters, which lets tests run it in-process.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { builtinRules } from '../../rules/index.js';
import { lint, type LintRun } from '../run/lint.js';
import { ConfigError } from '../engine/registry.js';
import { baselineText, prunedBaselineText } from '../engine/baseline.js';
import { ALLOW_PLUGINS_ENV, pluginsAllowed, setupRun, type RunFlags, type RunSetup } from '../run/setup.js';
import { githubUploadProblems, GzippedSize } from './upload-limits.js';
import { starterConfig } from '../config/init.js';
import { LEVEL_RANK, type Finding, type Level, type RunResult } from '../engine/types.js';
import { isReporterName, reportChunks, reporters, sarifResultCount, type ReportContext, type ReporterName } from '../report/index.js';
import { azurePipelineFromEnv } from '../report/types.js';
import { escapeForTerminal } from '../report/stylish.js';
import { diagnosticText, withoutCiCommands } from '../report/util.js';
import { AtomicFile, inputChecker, OutputError, writeFileSafely, type SafeWriteOptions } from '../safe-write.js';
import { ruleDocsUrl } from '../engine/rule.js';
import { INFORMATION_URI, TOOL_VERSION } from '../version.js';
import { DEFAULT_LIMITS, type InputLimits } from '../sources/types.js';
import { resolveLimits } from '../sources/limits.js';
import { givenPaths, toDisplayPath } from '../sources/fs.js';
import { withPathsAsGiven, type GivenPaths } from '../report/given-paths.js';
import { explainRule, listRules } from './rules-command.js';
import { runFixes } from './fix.js';
import { Progress } from './progress.js';
import { parseShard, type ShardSpec } from '../run/shard.js';
import { addMergeCommand } from './merge-command.js';

export interface CliIO {
  readonly cwd: string;
  stdout(text: string): void;
  stderr(text: string): void;
  readonly isTTY: boolean;
  /** stderr is a terminal: long scans show progress there (default false). */
  readonly stderrIsTTY?: boolean;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Standard input, for `--stdin` (asked for only then: an unread stdin must not hold the process). */
  readonly stdin?: () => AsyncIterable<Uint8Array | string>;
}

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_ERROR = 2;

type FailOn = Level | 'none';

interface LintFlags {
  format: string[];
  failOn?: FailOn;
  config?: string;
  configLookup: boolean;
  allowPlugins?: boolean;
  baseline?: string;
  writeBaseline?: string;
  pruneBaseline?: boolean;
  fix?: boolean;
  fixDryRun?: boolean;
  maxWarnings?: number;
  rule: string[];
  quiet?: boolean;
  /** `--color` true, `--no-color` false, neither undefined (then the environment decides). */
  color?: boolean;
  outputFile?: string;
  stdin?: boolean;
  stdinFilename?: string;
  debug?: boolean;
  verbose?: boolean;
  ignore: string[];
  maxEntryBytes?: number;
  maxArchiveBytes?: number;
  maxEntries?: number;
  maxJsonValues?: number;
  sarifProfile: 'github' | 'azure-devops';
  jobs: number | 'auto';
  allowNoExports?: boolean;
  shard?: ShardSpec;
}

interface OutputTarget {
  readonly format: ReporterName;
  readonly file?: string;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new ConfigError(`expected a positive whole number, got "${value}"`);
  return n;
}

export function parseFormats(specs: readonly string[], outputFile?: string): OutputTarget[] {
  const targets = (specs.length ? specs : ['stylish']).map((spec) => {
    const colon = spec.indexOf(':');
    const format = colon < 0 ? spec : spec.slice(0, colon);
    const file = colon < 0 ? undefined : spec.slice(colon + 1);
    if (!isReporterName(format)) {
      throw new ConfigError(`unknown format "${format}" (one of: ${Object.keys(reporters).join(', ')})`);
    }
    if (file === '') throw new ConfigError(`--format ${format}: missing file name after ":"`);
    return { format, file } satisfies OutputTarget;
  });
  if (targets.filter((t) => !t.file).length > 1) throw new ConfigError('at most one --format may write to stdout; give the others a :FILE');
  if (outputFile === undefined) return targets;
  // -o takes the report that would go to stdout, as ESLint's does: stdout then stays empty.
  if (outputFile === '') throw new ConfigError('--output-file: missing file name');
  if (targets.every((t) => t.file)) throw new ConfigError('--output-file: every --format already names its file');
  return targets.map((t) => (t.file ? t : { ...t, file: outputFile }));
}

function exitCodeFor(result: RunResult, failOn: FailOn, maxWarnings: number | undefined, io: CliIO): number {
  if (result.diagnostics.length) return EXIT_ERROR;
  const threshold = LEVEL_RANK[failOn];
  const failing = result.findings.some((f) => f.suppressions.length === 0 && LEVEL_RANK[f.level] >= threshold);
  const warnings = result.findings.filter((f) => f.level === 'warning' && f.suppressions.length === 0).length;
  if (maxWarnings !== undefined && warnings > maxWarnings) {
    // Said even when findings fail the run too: a run must never fail for a reason it does not give.
    io.stderr(`flowlint: ${warnings} warning${warnings === 1 ? '' : 's'} exceed${warnings === 1 ? 's' : ''} --max-warnings ${maxWarnings}\n`);
    return EXIT_FINDINGS;
  }
  return failing ? EXIT_FINDINGS : EXIT_OK;
}

/** Whether the stdout report is coloured: the flag, then FORCE_COLOR and NO_COLOR as chalk reads them, then the terminal. */
export function colorWanted(flag: boolean | undefined, env: CliIO['env'], isTTY: boolean): boolean {
  if (flag !== undefined) return flag;
  const force = env.FORCE_COLOR;
  // chalk: FORCE_COLOR=0 or false turns colours off; any other value (an empty one too) forces them.
  if (force !== undefined) return force !== '0' && force !== 'false';
  // no-color.org: set and not empty.
  if (env.NO_COLOR) return false;
  return isTTY;
}

function setupFlags(flags: LintFlags, env: CliIO['env']): RunFlags {
  return {
    config: flags.config,
    configLookup: flags.configLookup,
    allowPlugins: pluginsAllowed(flags.allowPlugins, env),
    rule: flags.rule,
    ignore: flags.ignore,
    failOn: flags.failOn,
    maxWarnings: flags.maxWarnings,
    baseline: flags.baseline,
    limits: {
      ...(flags.maxEntryBytes ? { maxEntryBytes: flags.maxEntryBytes } : {}),
      ...(flags.maxArchiveBytes ? { maxArchiveBytes: flags.maxArchiveBytes } : {}),
      ...(flags.maxEntries ? { maxEntries: flags.maxEntries } : {}),
      ...(flags.maxJsonValues ? { maxJsonValues: flags.maxJsonValues } : {}),
    },
  };
}

async function runLint(paths: string[], flags: LintFlags, io: CliIO): Promise<number> {
  const targets = parseFormats(flags.format, flags.outputFile);
  if (flags.pruneBaseline && !flags.baseline) throw new ConfigError('--prune-baseline needs --baseline FILE');
  if (flags.stdinFilename !== undefined && !flags.stdin) throw new ConfigError('--stdin-filename needs --stdin');
  if (flags.stdin && paths.length > 0) throw new ConfigError('--stdin lints standard input: give no paths with it');
  if (flags.stdin && flags.fix) throw new ConfigError('--fix cannot write back to standard input (use --fix-dry-run)');
  const setup = await setupRun(io.cwd, setupFlags(flags, io.env));
  const stdin = flags.stdin ? await stdinInput(flags.stdinFilename ?? STDIN_NAME, resolveLimits(setup.limits), io) : undefined;
  try {
    if (stdin !== undefined && 'refused' in stdin) {
      await emitReports(stdin.refused, targets, setup, flags, io, { cwd: io.cwd }, givenPaths([], io.cwd));
      return EXIT_ERROR;
    }
    const cwd = stdin?.cwd ?? io.cwd;
    const given = stdin ? [stdin.path] : paths.length ? paths : ['.'];
    const lintOnce = async (): Promise<LintRun> => {
      const progress = io.stderrIsTTY ? new Progress({ write: io.stderr }) : undefined;
      const run = await lint({
        cwd,
        paths: given,
        gitignore: stdin ? false : undefined,
        rules: setup.enabled,
        limits: setup.limits,
        ignore: setup.ignore,
        debug: flags.debug,
        settings: setup.settings,
        run: setup.run,
        knownRuleIds: new Set(setup.rules.map((rule) => rule.meta.id)),
        suppressions: setup.suppressions,
        jobs: flags.jobs,
        workerSetup: setup.runConfig,
        shard: flags.shard,
        onProgress: progress && ((state) => progress.update(state)),
      });
      progress?.done();
      return run;
    };
    let linted = await lintOnce();
    if (flags.fix || flags.fixDryRun) {
      const fixes = runFixes(linted.findings, { cwd, dryRun: Boolean(flags.fixDryRun) });
      if (flags.fixDryRun) io.stdout(withoutCiCommands(fixes.diff, 'text'));
      for (const message of fixes.messages) io.stderr(`${message}\n`);
      // The fixed files moved lines: what is left is reported from the files as they are now.
      if (!flags.fixDryRun && fixes.fixed.size > 0) linted = await lintOnce();
    }
    const result = flags.allowNoExports ? linted : withNoExportsError(linted, given, cwd);
    const writing = { cwd: io.cwd, isInput: inputChecker(cwd, linted.readFiles ?? []) };
    if (flags.writeBaseline) {
      writeFileSafely(flags.writeBaseline, baselineText(result.findings), writing);
      io.stderr(`flowlint: wrote ${flags.writeBaseline}\n`);
    }
    if (flags.pruneBaseline && setup.baseline) {
      const pruned = prunedBaselineText(setup.suppressions);
      writeFileSafely(setup.baseline.path, pruned.text, { cwd: io.cwd, shown: flags.baseline, keepMode: true });
      io.stderr(`flowlint: pruned ${pruned.dropped} stale entr${pruned.dropped === 1 ? 'y' : 'ies'} from ${flags.baseline}\n`);
    }
    if (!(await emitReports(result, targets, setup, flags, io, writing, givenPaths(given, cwd)))) return EXIT_ERROR;
    // Writing a baseline adopts the current state: only unreadable inputs fail that run.
    if (flags.writeBaseline) return result.diagnostics.length ? EXIT_ERROR : EXIT_OK;
    return exitCodeFor(result, setup.failOn, setup.maxWarnings, io);
  } finally {
    if (stdin !== undefined && 'cleanup' in stdin) stdin.cleanup();
  }
}

/** Name a report gives standard input without --stdin-filename. */
const STDIN_NAME = 'stdin.json';

type StdinInput = { readonly cwd: string; readonly path: string; readonly cleanup: () => void } | { readonly refused: RunResult };

/**
 * `--stdin`: standard input is read up to the size limit of one file (more is refused, never
 * buffered) and written to a private temporary folder under the name given, which is then linted
 * as a lone file: its kind is recognised as a file's is, and reports name it as given. A name that
 * leads outside the working directory is reported by its base name.
 */
async function stdinInput(name: string, limits: InputLimits, io: CliIO): Promise<StdinInput> {
  const rel = relative(io.cwd, resolve(io.cwd, name));
  const path = rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel) ? basename(name) || STDIN_NAME : rel;
  const shown = path.split(sep).join('/');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of io.stdin?.() ?? []) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk);
    size += bytes.length;
    // Leaving the loop stops reading: the rest of an oversized input is never taken in.
    if (size > limits.maxEntryBytes) {
      const message = `standard input is larger than the ${limits.maxEntryBytes}-byte limit of one file (--max-entry-bytes); not read`;
      const stats = { files: 0, solutions: 0, flows: 0, actions: 0, durationMs: 0, skippedFiles: 0, skippedPaths: 0, skipped: [] };
      return { refused: { findings: [], diagnostics: [{ kind: 'input', file: shown, message }], stats } };
    }
    chunks.push(bytes);
  }
  const dir = mkdtempSync(join(tmpdir(), 'flowlint-stdin-'));
  mkdirSync(dirname(join(dir, path)), { recursive: true });
  writeFileSync(join(dir, path), Buffer.concat(chunks), { flag: 'wx', mode: 0o600 });
  return { cwd: dir, path: shown, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * A run that read no export at all checked nothing: a mistyped path, an empty folder, a checkout
 * without the exports or a filter that left nothing must not pass as "no problems". It becomes an
 * input error naming the paths (exit 2), unless `--allow-no-exports` says that is expected (a
 * pre-commit hook given unrelated JSON). Files of no known kind do not count as exports.
 */
function withNoExportsError(result: RunResult, paths: readonly string[], cwd: string): RunResult {
  if (result.diagnostics.length > 0 || result.stats.files - result.stats.skippedFiles > 0) return result;
  const message =
    'no Power Platform export found here (no solution, flow package, flow definition, deployment settings, environment variable or script); nothing was checked; pass --allow-no-exports if that is expected';
  return { ...result, diagnostics: paths.map((path) => ({ kind: 'input' as const, file: toDisplayPath(resolve(cwd, path), cwd), message })) };
}

async function runDiff(oldSpec: string, newSpec: string, paths: string[], flags: LintFlags, io: CliIO): Promise<number> {
  const targets = parseFormats(flags.format, flags.outputFile);
  const setup = await setupRun(io.cwd, setupFlags(flags, io.env));
  // Loaded on use: a lint run need not load git plumbing.
  const { diffRuns } = await import('./diff.js');
  const result = await diffRuns(io.cwd, oldSpec, newSpec, paths, setup, flags.debug);
  const writing = { cwd: io.cwd, isInput: inputChecker(io.cwd, [oldSpec, newSpec, ...paths]) };
  const named = [oldSpec, newSpec, ...paths].filter((spec) => existsSync(resolve(io.cwd, spec)));
  if (!(await emitReports(result, targets, setup, flags, io, writing, givenPaths(named, io.cwd)))) return EXIT_ERROR;
  return exitCodeFor(result, setup.failOn, setup.maxWarnings, io);
}

/** Renders every requested format; files are always written, even when there is nothing to report. */
/** Returns false when a report cannot be used as intended (a SARIF file GitHub would reject). */
async function emitReports(
  result: RunResult,
  targets: readonly OutputTarget[],
  setup: Pick<RunSetup, 'rules'>,
  flags: LintFlags,
  io: CliIO,
  writing: SafeWriteOptions,
  given: GivenPaths,
): Promise<boolean> {
  let usable = true;
  const kept: RunResult = flags.quiet ? { ...result, findings: result.findings.filter((f: Finding) => f.level === 'error') } : result;
  // SARIF and GitHub annotations locate files for a service, relative to the checkout: they keep
  // the cwd-relative form (and SARIF never names a path of the machine it ran on).
  const asGiven = withPathsAsGiven(kept, given);
  const resultFor = (format: ReporterName): RunResult => (format === 'sarif' || format === 'github' ? kept : asGiven);
  const color = colorWanted(flags.color, io.env, io.isTTY);
  // stdout carries the report alone: what could not be read is said here, whatever the format.
  for (const diagnostic of asGiven.diagnostics) io.stderr(`flowlint: error: ${escapeForTerminal(diagnosticText(diagnostic))}\n`);
  const context: ReportContext = {
    rules: setup.rules.map((r) => r.meta),
    toolVersion: TOOL_VERSION,
    informationUri: INFORMATION_URI,
    helpUri: ruleDocsUrl,
    color,
    sarifProfile: flags.sarifProfile,
    azurePipeline: azurePipelineFromEnv(io.env),
  };
  for (const target of targets) {
    // With --fix-dry-run, stdout carries the diff alone, so it can be piped to `git apply`.
    if (flags.fixDryRun && !target.file) continue;
    const targetContext = { ...context, color: target.file ? false : color, diagnosticsOnStderr: !target.file };
    const checkUpload = target.format === 'sarif' && flags.sarifProfile === 'github';
    const gzipped = checkUpload ? new GzippedSize() : undefined;
    // Written piece by piece: a large SARIF or JSON report is never held whole.
    const output = target.file ? AtomicFile.open(target.file, writing) : undefined;
    try {
      for (const chunk of reportChunks[target.format](resultFor(target.format), targetContext)) {
        if (output !== undefined) output.write(chunk);
        else io.stdout(chunk);
        await gzipped?.add(chunk);
      }
      output?.commit();
    } finally {
      output?.abort();
    }
    if (gzipped) {
      for (const problem of githubUploadProblems({ results: sarifResultCount(kept, targetContext), gzippedBytes: await gzipped.total() })) {
        io.stderr(`flowlint: ${target.file ?? 'SARIF output'}: ${problem}; narrow the run (--quiet, --rule ID=off, fewer paths) or split it\n`);
        usable = false;
      }
    }
  }
  if (flags.debug) {
    for (const d of result.diagnostics) if (d.stack) io.stderr(`${d.stack}\n`);
  }
  for (const notice of result.notices ?? []) io.stderr(`flowlint: note: ${escapeForTerminal(notice)}\n`);
  if (flags.verbose) {
    const s = result.stats;
    for (const skip of asGiven.stats.skipped ?? []) io.stderr(`flowlint: skipped ${escapeForTerminal(skip.file)}: ${skip.reason}\n`);
    io.stderr(
      `flowlint: ${s.files} files, ${s.solutions} solutions/packages, ${s.flows} flows, ${s.actions} actions, ${s.skippedFiles} files skipped (no known kind), ${s.skippedPaths ?? 0} paths not read, ${s.durationMs} ms\n`,
    );
  }
  return usable;
}

/** Options shared by the lint command and `diff`. */
function addLintOptions(command: Command): Command {
  return command
    .option('-f, --format <name[:file]>', `report format: ${Object.keys(reporters).join(', ')} (repeatable; :FILE writes to a file)`, collect, [])
    .addOption(new Option('--fail-on <level>', 'lowest level that fails the run (default error)').choices(['error', 'warning', 'note', 'none']))
    .option('--max-warnings <n>', 'fail when there are more warnings than this', positiveIntegerOrZero)
    .option('-c, --config <file>', 'configuration file (default: nearest flowlint.config.json or .flowlintrc.json upward, up to the repository root)')
    .option('--no-config-lookup', 'do not search for a configuration file (only -c is read)')
    .option('--allow-plugins', `let the configuration load JavaScript plugins, which run as code (also ${ALLOW_PLUGINS_ENV}=1)`)
    .option('--rule <id=level>', 'set a rule level: off, note, warning, error (repeatable)', collect, [])
    .option('-q, --quiet', 'report errors only')
    .option('--color', 'colour the report even when stdout is not a terminal (also FORCE_COLOR)')
    .option('--no-color', 'no colours (also NO_COLOR, or FORCE_COLOR=0)')
    .option('-o, --output-file <path>', 'write the report to this file instead of stdout')
    .option('--ignore <glob>', 'skip files matching a .gitignore-style pattern (repeatable)', collect, [])
    .option('--max-entry-bytes <n>', `largest uncompressed file or archive entry (default ${DEFAULT_LIMITS.maxEntryBytes})`, positiveInteger)
    .option('--max-archive-bytes <n>', `largest total uncompressed size of one archive (default ${DEFAULT_LIMITS.maxArchiveBytes})`, positiveInteger)
    .option('--max-entries <n>', `most entries one archive may hold (default ${DEFAULT_LIMITS.maxEntries})`, positiveInteger)
    .option('--max-json-values <n>', `most JSON values parsed from one input (default ${DEFAULT_LIMITS.maxJsonValues})`, positiveInteger)
    .addOption(new Option('--sarif-profile <profile>', 'SARIF flavour').choices(['github', 'azure-devops']).default('github'))
    .option('-j, --jobs <n>', 'worker threads: a number, or auto (one per core on 4 or more cores, once the inputs are large enough to repay starting them)', jobCount, 'auto')
    .option('--verbose', 'print run statistics on stderr')
    .option('--debug', 'print stack traces of internal errors');
}

function buildProgram(io: CliIO, setExit: (code: number) => void): Command {
  const program = new Command('flowlint');
  // Subcommands (diff) repeat the lint options; without this the top level would take them.
  program.enablePositionalOptions();
  addLintOptions(program)
    .description('Lint exported Power Automate / Power Platform flows for secret-handling mistakes.')
    .version(TOOL_VERSION, '-v, --version')
    .argument('[paths...]', 'solution zips, unpacked solution folders, flow packages or flow/settings JSON files', [])
    .option('--baseline <file>', 'report findings recorded in FILE as suppressed; only new ones fail')
    .option('--write-baseline <file>', 'record the current findings in FILE (and exit 0)')
    .option('--prune-baseline', 'with --baseline: drop entries that match nothing any more')
    .option('--fix', 'turn on Secure Inputs/Outputs where secure-inputs-missing/secure-outputs-missing report them (unpacked flow JSON files only)')
    .addOption(new Option('--fix-dry-run', 'print the changes --fix would make as a unified diff on stdout; change nothing').conflicts('fix'))
    .option('--stdin', 'lint a file read from standard input (a flow definition, settings or other single-file kind)')
    .option('--stdin-filename <name>', `with --stdin: the name to report it under, which also decides its kind (default ${STDIN_NAME})`)
    .option('--allow-no-exports', 'exit 0 when the paths hold no export at all (default: exit 2, nothing was checked)')
    .option('--shard <i/n>', 'lint only shard I of N (each solution in one shard; combine the JSON or SARIF reports with flowlint merge)', parseShardFlag)
    .helpCommand('help [command]', 'print the help of flowlint or of a command')
    .showHelpAfterError('(run flowlint --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .action(async (paths: string[], flags: LintFlags) => {
      setExit(await runLint(paths, flags, io));
    });

  addLintOptions(
    program
      .command('diff')
      .description('report what NEW makes worse than OLD: new findings and removed protections (paths or git revisions)')
      .argument('<old>', 'old version: a path, or a git revision')
      .argument('<new>', 'new version: a path, or a git revision')
      .argument('[paths...]', 'with revisions: the paths to read from each (default: the path given for the other side, or .)', []),
  ).action(async (oldSpec: string, newSpec: string, paths: string[], flags: LintFlags) => {
    setExit(await runDiff(oldSpec, newSpec, paths, flags, io));
  });

  addMergeCommand(program, io, setExit);

  program
    .command('init')
    .description('write a starter flowlint.config.json in the current folder')
    .option('--force', 'overwrite an existing file')
    .action((flags: { force?: boolean }) => {
      const path = resolve(io.cwd, 'flowlint.config.json');
      if (existsSync(path) && !flags.force) throw new ConfigError('flowlint.config.json already exists (use --force to overwrite it)');
      writeFileSafely('flowlint.config.json', starterConfig(), { cwd: io.cwd });
      io.stdout('wrote flowlint.config.json\n');
      setExit(EXIT_OK);
    });

  program
    .command('rules')
    .description('list the rules with their default levels')
    .option('--json', 'as JSON')
    .action((flags: { json?: boolean }) => {
      io.stdout(listRules(builtinRules, flags.json === true));
      setExit(EXIT_OK);
    });

  program
    .command('explain')
    .description("print a rule's documentation")
    .argument('<id>', 'rule id')
    .action((id: string) => {
      const text = explainRule(builtinRules, id);
      if (text === undefined) throw new ConfigError(`unknown rule "${id}" (run \`flowlint rules\` to list them)`);
      io.stdout(text);
      setExit(EXIT_OK);
    });

  for (const command of program.commands) command.exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  return program;
}

function parseShardFlag(value: string): ShardSpec {
  return parseShard(value);
}

function jobCount(value: string): number | 'auto' {
  return value === 'auto' ? 'auto' : positiveInteger(value);
}

function positiveIntegerOrZero(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new ConfigError(`expected a whole number, got "${value}"`);
  return n;
}

export async function runCli(argv: readonly string[], given: CliIO): Promise<number> {
  // Diagnostics name input files: none of them may read as a CI runner's logging command.
  const io: CliIO = { ...given, stderr: (text) => given.stderr(withoutCiCommands(text, 'text')) };
  let code = EXIT_OK;
  const program = buildProgram(io, (c) => {
    code = c;
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here with exit code 0; usage errors were already printed.
      return error.exitCode === 0 ? EXIT_OK : EXIT_ERROR;
    }
    if (error instanceof ConfigError || error instanceof OutputError) {
      io.stderr(`flowlint: ${error.message}\n`);
      return EXIT_ERROR;
    }
    throw error;
  }
}
