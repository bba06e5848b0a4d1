/**
 * Command-line wiring (commander 14 with exitOverride, so usage errors exit 2 instead of 1).
 * `runCli` takes its I/O as parameters, which lets tests run it in-process.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { builtinRules } from '../../rules/index.js';
import { lint } from '../lint.js';
import { ConfigError, enableRules, parseRuleFlag, type RuleConfig } from '../engine/registry.js';
import { LEVEL_RANK, type Finding, type Level, type RunResult } from '../engine/types.js';
import { isReporterName, reporters, type ReportContext, type ReporterName } from '../report/index.js';
import { ruleDocsUrl } from '../engine/rule.js';
import { INFORMATION_URI, TOOL_VERSION } from '../version.js';
import { DEFAULT_LIMITS, type InputLimits } from '../sources/types.js';
import { explainRule, listRules } from './rules-command.js';

export interface CliIO {
  readonly cwd: string;
  stdout(text: string): void;
  stderr(text: string): void;
  readonly isTTY: boolean;
  readonly env: Readonly<Record<string, string | undefined>>;
}

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_ERROR = 2;

type FailOn = Level | 'none';

interface LintFlags {
  format: string[];
  failOn: FailOn;
  maxWarnings?: number;
  rule: string[];
  quiet?: boolean;
  color: boolean;
  debug?: boolean;
  verbose?: boolean;
  ignore: string[];
  maxEntryBytes?: number;
  maxArchiveBytes?: number;
  maxEntries?: number;
  sarifProfile: 'github' | 'azure-devops';
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

export function parseFormats(specs: readonly string[]): OutputTarget[] {
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
  return targets;
}

function exitCodeFor(result: RunResult, failOn: FailOn, maxWarnings: number | undefined): number {
  if (result.diagnostics.length) return EXIT_ERROR;
  const threshold = LEVEL_RANK[failOn];
  if (result.findings.some((f) => f.suppressions.length === 0 && LEVEL_RANK[f.level] >= threshold)) return EXIT_FINDINGS;
  if (maxWarnings !== undefined && result.findings.filter((f) => f.level === 'warning' && f.suppressions.length === 0).length > maxWarnings) {
    return EXIT_FINDINGS;
  }
  return EXIT_OK;
}

async function runLint(paths: string[], flags: LintFlags, io: CliIO): Promise<number> {
  const targets = parseFormats(flags.format);
  const settings: Record<string, RuleConfig> = {};
  for (const flag of flags.rule) {
    const [id, level] = parseRuleFlag(flag);
    settings[id] = { level };
  }
  const rules = enableRules(builtinRules, settings);
  const limits: Partial<InputLimits> = {
    ...(flags.maxEntryBytes ? { maxEntryBytes: flags.maxEntryBytes } : {}),
    ...(flags.maxArchiveBytes ? { maxArchiveBytes: flags.maxArchiveBytes } : {}),
    ...(flags.maxEntries ? { maxEntries: flags.maxEntries } : {}),
  };
  const result = await lint({ cwd: io.cwd, paths: paths.length ? paths : ['.'], rules, limits, ignore: flags.ignore, debug: flags.debug });
  const shown: RunResult = flags.quiet ? { ...result, findings: result.findings.filter((f: Finding) => f.level === 'error') } : result;
  const color = flags.color && io.isTTY && !io.env.NO_COLOR;
  const context: ReportContext = {
    rules: builtinRules.map((r) => r.meta),
    toolVersion: TOOL_VERSION,
    informationUri: INFORMATION_URI,
    helpUri: ruleDocsUrl,
    color,
    sarifProfile: flags.sarifProfile,
  };
  for (const target of targets) {
    const text = reporters[target.format](shown, { ...context, color: target.file ? false : color });
    if (target.file) {
      const path = resolve(io.cwd, target.file);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, text);
    } else {
      io.stdout(text);
    }
  }
  if (flags.debug) {
    for (const d of result.diagnostics) if (d.stack) io.stderr(`${d.stack}\n`);
  }
  if (flags.verbose) {
    const s = result.stats;
    io.stderr(`flowlint: ${s.files} files, ${s.solutions} solutions/packages, ${s.flows} flows, ${s.actions} actions, ${s.skippedFiles} files skipped, ${s.durationMs} ms\n`);
  }
  return exitCodeFor(result, flags.failOn, flags.maxWarnings);
}

function buildProgram(io: CliIO, setExit: (code: number) => void): Command {
  const program = new Command('flowlint');
  program
    .description('Lint exported Power Automate / Power Platform flows for secret-handling mistakes.')
    .version(TOOL_VERSION, '-v, --version')
    .argument('[paths...]', 'solution zips, unpacked solution folders, flow packages or flow/settings JSON files', [])
    .option('-f, --format <name[:file]>', 'report format: stylish, sarif, json (repeatable; :FILE writes to a file)', collect, [])
    .addOption(new Option('--fail-on <level>', 'lowest level that fails the run').choices(['error', 'warning', 'note', 'none']).default('error'))
    .option('--max-warnings <n>', 'fail when there are more warnings than this', positiveIntegerOrZero)
    .option('--rule <id=level>', 'set a rule level: off, note, warning, error (repeatable)', collect, [])
    .option('-q, --quiet', 'report errors only')
    .option('--no-color', 'no colours (also NO_COLOR)')
    .option('--ignore <glob>', 'skip files matching a .gitignore-style pattern (repeatable)', collect, [])
    .option('--max-entry-bytes <n>', `largest uncompressed file or archive entry (default ${DEFAULT_LIMITS.maxEntryBytes})`, positiveInteger)
    .option('--max-archive-bytes <n>', `largest total uncompressed size of one archive (default ${DEFAULT_LIMITS.maxArchiveBytes})`, positiveInteger)
    .option('--max-entries <n>', `most entries one archive may hold (default ${DEFAULT_LIMITS.maxEntries})`, positiveInteger)
    .addOption(new Option('--sarif-profile <profile>', 'SARIF flavour').choices(['github', 'azure-devops']).default('github'))
    .option('--verbose', 'print run statistics on stderr')
    .option('--debug', 'print stack traces of internal errors')
    .showHelpAfterError('(run flowlint --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .action(async (paths: string[], flags: LintFlags) => {
      setExit(await runLint(paths, flags, io));
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

function positiveIntegerOrZero(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new ConfigError(`expected a whole number, got "${value}"`);
  return n;
}

export async function runCli(argv: readonly string[], io: CliIO): Promise<number> {
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
    if (error instanceof ConfigError) {
      io.stderr(`flowlint: ${error.message}\n`);
      return EXIT_ERROR;
    }
    throw error;
  }
}
