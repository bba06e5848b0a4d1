/**
 * Never print a secret, whatever the input: a property test that plants random canary values —
 * high-entropy, 16–40 characters, some shaped like real credentials, some full of quotes, `;`, `=`,
 * spaces and unicode, so no redaction by pattern or by a list of names can cope — in every value
 * position of every input format (see helpers/leak.ts), runs flowlint on them, and scans every
 * output: all seven report formats, stdout, stderr, --verbose, --debug, written and pruned
 * baselines, `diff`, `--fix-dry-run` and `explain`. Any 8 consecutive characters of any canary in
 * any output fail the test, naming the output and the position the canary was planted in.
 *
 * Names (files, actions, parameters, variables, keys, schema names) are shown by design and hold
 * no canary. Runs are seeded: fast-check prints the seed and path of a failing case, which
 * FLOWLINT_LEAK_SEED and FLOWLINT_LEAK_PATH replay; FLOWLINT_LEAK_RUNS sets the number of cases,
 * FLOWLINT_LEAK_KEEP keeps the case folders, FLOWLINT_LEAK_COLLECT=FILE lists every leak in FILE.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import fc from 'fast-check';
import JSZip from 'jszip';
import { afterAll, describe, expect, it } from 'vitest';
import { builtinRules } from '../rules/index.js';
import { reporters } from '../src/report/index.js';
import { repoRoot, runFlowlint, type CliRun } from './helpers/cli.js';
import { findLeaks, fragmentIndex, Garden, holds, LEAK_VAULT, leakFiles, SHAPES, type Leak, type Planted } from './helpers/leak.js';

const SEED = Number(process.env.FLOWLINT_LEAK_SEED ?? 0x1eac12);
const RUNS = Number(process.env.FLOWLINT_LEAK_RUNS ?? 10);
const TIMEOUT = 600_000;
/** Exploration: FLOWLINT_LEAK_COLLECT=FILE writes every leak found to FILE instead of failing. */
const COLLECT = process.env.FLOWLINT_LEAK_COLLECT;
const collected: Leak[] = [];

const FORMATS = Object.keys(reporters);

interface Output {
  readonly name: string;
  readonly text: string;
}

const work = mkdtempSync(join(tmpdir(), 'flowlint-leak-'));
afterAll(() => {
  if (!process.env.FLOWLINT_LEAK_KEEP) rmSync(work, { recursive: true, force: true });
});

function writeTree(root: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
}

async function writeZip(path: string, files: Record<string, string>, under: string): Promise<void> {
  const zip = new JSZip();
  for (const [name, text] of Object.entries(files)) if (name.startsWith(under)) zip.file(name.slice(under.length), text);
  writeFileSync(path, await zip.generateAsync({ type: 'nodebuffer' }));
}

interface Case {
  readonly dir: string;
  readonly planted: readonly Planted[];
  readonly inputs: readonly string[];
  readonly texts: readonly string[];
}

const caseArbitrary = fc.record({
  specs: fc.array(fc.record({ seed: fc.integer(), shape: fc.constantFrom(...SHAPES) }), { minLength: 16, maxLength: 16 }),
  names: fc.array(fc.stringMatching(/^[A-Za-z][A-Za-z0-9_]{2,11}$/), { minLength: 5, maxLength: 5 }),
});

/** Writes one case: the solution folder and its zip, the old side for `diff`, loose files, a config. */
async function buildCase(index: number, input: { specs: { seed: number; shape: (typeof SHAPES)[number] }[]; names: string[] }): Promise<Case> {
  const dir = join(work, `case-${index}`);
  rmSync(dir, { recursive: true, force: true });
  const garden = new Garden(input.specs);
  const current = leakFiles(garden, { names: input.names });
  // The old side holds the same canaries (the same garden replayed), with Secure Inputs/Outputs on.
  const old = leakFiles(new Garden(input.specs), { names: input.names, old: true });
  writeTree(dir, current.files);
  writeTree(join(dir, 'old'), old.files);
  await writeZip(join(dir, 'solution.zip'), current.files, 'solution/');
  // The same solution nested in another zip, and the legacy package zipped.
  const outer = new JSZip();
  outer.file('exports/solution.zip', readFileSync(join(dir, 'solution.zip')));
  writeFileSync(join(dir, 'outer.zip'), await outer.generateAsync({ type: 'nodebuffer' }));
  await writeZip(join(dir, 'package.zip'), current.files, 'package/');
  // A declarative rule whose message prints the matched value (redacted, like every value); named with -c.
  writeFileSync(
    join(dir, 'flowlint.config.json'),
    JSON.stringify({
      customRules: [{ id: 'contoso/show-password', message: 'Password is {{value}}', path: '$.inputs.authentication.password', check: 'absent', where: { type: 'Http' } }],
    }),
  );
  const inputs = ['solution', 'solution.zip', 'outer.zip', 'package', 'package.zip', 'settings', 'loose', 'scripts/login.ts', 'scripts/login.js', 'scripts/broken.ts'];
  return { dir, planted: garden.planted, inputs, texts: Object.values(current.files) };
}

function readOutputs(dir: string, prefix: string): Output[] {
  return readdirSync(dir)
    .filter((name) => name.startsWith(prefix))
    .map((name) => ({ name: `file ${name}`, text: readFileSync(join(dir, name), 'utf8') }));
}

function runOutputs(label: string, run: CliRun): Output[] {
  return [
    { name: `${label}: stdout`, text: run.stdout },
    { name: `${label}: stderr`, text: run.stderr },
  ];
}

const reportArgs = (prefix: string): string[] => FORMATS.flatMap((format) => ['-f', `${format}:out/${prefix}.${format}`]);

/** Every output of every command for one case. */
async function allOutputs(c: Case): Promise<{ outputs: Output[]; findings: { ruleId: string; file: string }[]; errors: unknown[]; diffRules: string[] }> {
  const out = join(c.dir, 'out');
  const outputs: Output[] = [];
  // 1. A lint run: stylish on stdout, every format to a file, statistics, stack traces, a baseline.
  const lintRun = await runFlowlint(
    [...c.inputs, '-c', 'flowlint.config.json', '-f', 'stylish', ...reportArgs('lint'), '--verbose', '--debug', '--write-baseline', 'out/baseline.json'],
    c.dir,
  );
  outputs.push(...runOutputs('lint --verbose --debug --write-baseline', lintRun), ...readOutputs(out, 'lint.'), ...readOutputs(out, 'baseline.json'));
  const report = JSON.parse(readFileSync(join(out, 'lint.json'), 'utf8')) as { findings: { ruleId: string; file: string }[]; errors: unknown[] };
  // 2. Every format on stdout once more (the stdout writer differs from the file writer).
  for (const format of FORMATS.filter((f) => f !== 'stylish')) {
    outputs.push(...runOutputs(`lint -f ${format} (stdout)`, await runFlowlint(['solution', 'loose', '-f', format], c.dir)));
  }
  // 3. --fix-dry-run: the diff on stdout, the summary on stderr.
  outputs.push(...runOutputs('--fix-dry-run', await runFlowlint(['solution', '--fix-dry-run', '-f', 'json:out/fix.json'], c.dir)), ...readOutputs(out, 'fix.'));
  // 4. The baseline applied (suppressed findings, kept in SARIF for Azure DevOps) and pruned.
  const baselineRun = await runFlowlint(
    ['solution', 'settings', '-c', 'flowlint.config.json', '--baseline', 'out/baseline.json', '--prune-baseline', '--sarif-profile', 'azure-devops', ...reportArgs('baseline-run')],
    c.dir,
  );
  outputs.push(...runOutputs('--baseline --prune-baseline', baselineRun), ...readOutputs(out, 'baseline-run.'));
  outputs.push({ name: 'file baseline.json (after --prune-baseline)', text: readFileSync(join(out, 'baseline.json'), 'utf8') });
  // 5. diff OLD NEW.
  const diffRun = await runFlowlint(['diff', 'old/solution', 'solution', '-c', 'flowlint.config.json', '-f', 'stylish', ...reportArgs('diff'), '--verbose', '--debug'], c.dir);
  outputs.push(...runOutputs('diff', diffRun), ...readOutputs(out, 'diff.'));
  const diffReport = JSON.parse(readFileSync(join(out, 'diff.json'), 'utf8')) as { findings: { ruleId: string }[] };
  // 6. Configuration and baseline errors.
  for (const config of ['invalid-json', 'schema', 'custom-path', 'custom-pattern']) {
    const run = await runFlowlint(['solution', '--config', `config/${config}.json`], c.dir);
    // A configuration error stops the run before any report: the check reached the value.
    expect(run.stdout, `--config config/${config}.json: ${run.stderr}`).toBe('');
    outputs.push(...runOutputs(`--config config/${config}.json`, run));
  }
  for (const baseline of ['baseline-invalid', 'baseline-entries']) {
    const run = await runFlowlint(['solution', '--baseline', `config/${baseline}.json`, '-f', 'json'], c.dir);
    outputs.push(...runOutputs(`--baseline config/${baseline}.json`, run));
  }
  // 7. explain (rule pages hold no input, but the command is an output like any other) and rules.
  for (const rule of builtinRules) outputs.push(...runOutputs(`explain ${rule.meta.id}`, await runFlowlint(['explain', rule.meta.id], c.dir)));
  outputs.push(...runOutputs('rules', await runFlowlint(['rules', '--json'], c.dir)));
  return { outputs, findings: report.findings, errors: report.errors, diffRules: diffReport.findings.map((f) => f.ruleId) };
}

/** One line per position: the outputs it leaked into, and one example in context. */
function describeLeaks(leaks: readonly Leak[]): string {
  const byPosition = new Map<string, Leak[]>();
  for (const leak of leaks) byPosition.set(leak.position, [...(byPosition.get(leak.position) ?? []), leak]);
  return [...byPosition]
    .map(
      ([position, list]) =>
        `  canary planted in "${position}" leaked into ${[...new Set(list.map((l) => l.output))].join('; ')}\n    e.g. "${list[0].fragment}" in [${list[0].output}] …${list[0].context}…`,
    )
    .join('\n');
}

function scan(outputs: readonly Output[], planted: readonly Planted[]): Leak[] {
  const index = fragmentIndex(planted);
  return outputs.flatMap((o) => findLeaks(o.name, o.text, index));
}

/** Rules that report values (or report where values are): each must fire, so the test is not vacuous. */
const MUST_FIRE = [
  'hardcoded-secret',
  'duplicate-json-key',
  'not-analysed',
  'desktop-input-not-sensitive',
  'secret-not-in-key-vault',
  'hardcoded-vault-name',
  'shared-vault-across-environments',
  'secure-outputs-missing',
  'secure-inputs-missing',
  'secret-copied',
  'secret-exposed',
  'secret-in-loop',
  'contoso/show-password',
];

describe('no canary planted in any input appears in any output', () => {
  it(
    'lint, every format, --verbose, --debug, baselines, --fix-dry-run, diff, explain',
    async () => {
      let index = 0;
      await fc.assert(
        fc.asyncProperty(caseArbitrary, async (input) => {
          const c = await buildCase(index++, input);
          // The canaries are really in the inputs (an edit that no longer matches would plant nothing).
          const all = c.texts.join('\n');
          for (const p of c.planted) expect(holds(all, p), p.position).toBe(true);
          const { outputs, findings, errors, diffRules } = await allOutputs(c);
          // Not vacuous: the rules that show values fired, malformed inputs were reported, diff found the regression.
          const fired = new Set(findings.map((f) => f.ruleId));
          expect(
            MUST_FIRE.filter((rule) => !fired.has(rule)),
            'rules that did not fire',
          ).toEqual([]);
          expect(findings.filter((f) => f.ruleId === 'hardcoded-secret').length).toBeGreaterThanOrEqual(20);
          expect(errors.length).toBeGreaterThanOrEqual(8);
          const places = ['solution/', 'solution.zip', 'outer.zip', 'package/', 'package.zip', 'loose/definition.json', 'settings/', 'scripts/login.ts', 'scripts/login.js'];
          expect(
            places.filter((place) => !findings.some((f) => f.file.startsWith(place))),
            'inputs without findings',
          ).toEqual([]);
          expect(diffRules).toContain('security-regression');
          // Vault names are shown (they are not secrets): in the messages and the table of every report that has them.
          for (const name of ['lint.json', 'lint.html', 'lint.markdown', 'lint.stylish', 'lint.sarif']) {
            expect(outputs.find((o) => o.name === `file ${name}`)?.text, name).toContain(LEAK_VAULT);
          }
          const leaks = scan(outputs, c.planted);
          if (COLLECT) {
            collected.push(...leaks);
            return;
          }
          if (leaks.length) throw new Error(`${leaks.length} canary piece(s) leaked (case folder ${c.dir}):\n${describeLeaks(leaks)}`);
        }),
        { numRuns: RUNS, seed: SEED, endOnFailure: true, ...(process.env.FLOWLINT_LEAK_PATH ? { path: process.env.FLOWLINT_LEAK_PATH } : {}) },
      );
      if (COLLECT) {
        writeFileSync(
          COLLECT,
          JSON.stringify(
            collected.map(({ output, position, fragment, context }) => ({ position, output, fragment, context })),
            null,
            1,
          ),
        );
      }
    },
    TIMEOUT,
  );

  it(
    'the built bin, with worker threads (--jobs 2): stdout, stderr and every report file',
    async () => {
      const bin = join(repoRoot, 'dist/flowlint.mjs');
      let index = 1000;
      await fc.assert(
        fc.asyncProperty(caseArbitrary, async (input) => {
          const c = await buildCase(index++, input);
          const child = spawnSync(process.execPath, [bin, ...c.inputs, '-c', 'flowlint.config.json', '--jobs', '2', '-f', 'sarif', ...reportArgs('bin'), '--verbose', '--debug'], {
            cwd: c.dir,
            encoding: 'utf8',
          });
          expect(child.status, child.stderr).toBe(2);
          const outputs: Output[] = [
            { name: 'bin --jobs 2: stdout (sarif)', text: child.stdout },
            { name: 'bin --jobs 2: stderr', text: child.stderr },
            ...readOutputs(join(c.dir, 'out'), 'bin.'),
          ];
          expect(outputs).toHaveLength(2 + FORMATS.length);
          const leaks = scan(outputs, c.planted);
          if (leaks.length) throw new Error(`${leaks.length} canary piece(s) leaked (case folder ${c.dir}):\n${describeLeaks(leaks)}`);
        }),
        { numRuns: 2, seed: SEED + 1, endOnFailure: true },
      );
    },
    TIMEOUT,
  );
});
