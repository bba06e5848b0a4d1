/** Registers `flowlint merge` (kept apart from run.ts, which only calls this). */
import { Option, type Command } from 'commander';
import { ConfigError } from '../engine/registry.js';
import { ALLOW_PLUGINS_ENV, pluginsAllowed } from '../run/setup.js';
import type { Level } from '../engine/types.js';
import { mergeReports } from './merge.js';

interface MergeCommandFlags {
  failOn?: Level | 'none';
  maxWarnings?: number;
  config?: string;
  configLookup: boolean;
  allowPlugins?: boolean;
  rule: string[];
  baseline?: string;
  sarifProfile: 'github' | 'azure-devops';
}

function wholeNumber(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new ConfigError(`expected a whole number, got "${value}"`);
  return n;
}

/** `io`: the part of run.ts's CliIO merge uses (not imported: run.ts imports this module). */
export function addMergeCommand(
  program: Command,
  io: { readonly cwd: string; stdout(text: string): void; readonly env: Readonly<Record<string, string | undefined>> },
  setExit: (code: number) => void,
): void {
  program
    .command('merge')
    .description('combine the JSON reports (or SARIF logs) of every --shard I/N run into the report of one run, and exit as that run would')
    .argument('<reports...>', 'the shards’ reports: all JSON or all SARIF, one per shard')
    .addOption(new Option('--fail-on <level>', 'lowest level that fails the run (default error)').choices(['error', 'warning', 'note', 'none']))
    .option('--max-warnings <n>', 'fail when there are more warnings than this', wholeNumber)
    .option('-c, --config <file>', 'the configuration the shards ran with (its exceptions are audited across shards)')
    .option('--no-config-lookup', 'do not search for a configuration file (only -c is read)')
    .option('--allow-plugins', `let the configuration load JavaScript plugins (also ${ALLOW_PLUGINS_ENV}=1)`)
    .option('--rule <id=level>', 'the --rule flags the shards ran with (repeatable)', (value: string, previous: string[]) => [...previous, value], [])
    .option('--baseline <file>', 'the baseline the shards ran with (its entries are audited across shards)')
    .addOption(new Option('--sarif-profile <profile>', 'the SARIF flavour the shards wrote').choices(['github', 'azure-devops']).default('github'))
    .action(async (reports: string[], flags: MergeCommandFlags) => {
      const merged = await mergeReports(reports, { ...flags, allowPlugins: pluginsAllowed(flags.allowPlugins, io.env) }, io.cwd);
      for (const chunk of merged.text) io.stdout(chunk);
      setExit(merged.code);
    });
}
