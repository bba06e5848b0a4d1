/**
 * The integration files parse and agree with the README: the GitHub Action (its inputs and the
 * README's table of them, both ways), the example workflows for GitHub code scanning and Azure
 * DevOps, the pre-commit hook definition, and every YAML example in the README. The action's run
 * script is also executed as GitHub would run it, against the built binary.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { repoRoot } from './helpers/cli.js';

type Yaml = Record<string, unknown>;

interface Step {
  name?: string;
  id?: string;
  uses?: string;
  run?: string;
  shell?: string;
  task?: string;
  script?: string;
  if?: string;
  condition?: string;
  env?: Record<string, string>;
  with?: Record<string, unknown>;
  inputs?: Record<string, unknown>;
  'working-directory'?: string;
}

const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');

/** Parses strictly: any YAML error or warning fails. */
function load(relative: string): Yaml {
  const text = readFileSync(join(repoRoot, relative), 'utf8');
  const documents = parseAllDocuments(text, { strict: true, uniqueKeys: true });
  if (!Array.isArray(documents)) throw new Error(`${relative}: not a YAML stream`);
  expect(documents, relative).toHaveLength(1);
  const [document] = documents;
  expect(document.errors.map(String), relative).toEqual([]);
  expect(document.warnings.map(String), relative).toEqual([]);
  return document.toJS() as Yaml;
}

/** The README's table of action inputs (between the action-inputs markers). */
function documentedInputs(): string[] {
  const start = readme.indexOf('<!-- action-inputs:start');
  const end = readme.indexOf('<!-- action-inputs:end -->');
  expect(start).toBeGreaterThan(0);
  expect(end).toBeGreaterThan(start);
  return [...readme.slice(start, end).matchAll(/^\| `([a-z-]+)` \|/gm)].map((match) => match[1]);
}

describe('action.yml', () => {
  const action = load('action.yml') as {
    name: string;
    description: string;
    inputs: Record<string, { description: string; default?: string; required?: boolean }>;
    outputs: Record<string, { description: string; value: string }>;
    runs: { using: string; steps: Step[] };
  };

  it('is a composite action whose every run step names its shell', () => {
    expect(action.name).toBe('flowlint');
    expect(action.description).toBeTruthy();
    expect(action.runs.using).toBe('composite');
    for (const step of action.runs.steps) {
      if (step.run !== undefined) expect(step.shell, step.name).toBe('bash');
    }
    for (const [name, input] of Object.entries(action.inputs)) expect(input.description, name).toBeTruthy();
  });

  it('installs and runs flowlint from its own checkout', () => {
    const [install, run] = action.runs.steps;
    expect(install['working-directory']).toBe('${{ github.action_path }}');
    expect(install.run).toMatch(/^npm ci\b/);
    expect(run.env?.FLOWLINT_BIN).toBe('${{ github.action_path }}/dist/flowlint.mjs');
    expect(run.run).toContain('node "$FLOWLINT_BIN"');
    // Inputs reach the script only through env, never spliced into the script text.
    expect(run.run).not.toMatch(/\$\{\{/);
    for (const output of Object.values(action.outputs)) expect(output.value).toMatch(/^\$\{\{ steps\.lint\.outputs\.[a-z-]+ \}\}$/);
  });

  it('has exactly the inputs the README documents, and the documented defaults', () => {
    const documented = documentedInputs();
    expect(documented.length).toBeGreaterThan(0);
    expect([...documented].sort()).toEqual(Object.keys(action.inputs).sort());
    for (const name of documented) {
      const row = readme.split('\n').find((line) => line.startsWith(`| \`${name}\` |`))!;
      const shown = /^\| `[a-z-]+` \| `?([^`|]*)`? \|/.exec(row)?.[1].trim() ?? '';
      expect(shown, name).toBe(String(action.inputs[name].default ?? ''));
    }
    // And every input is used by the steps.
    const steps = JSON.stringify(action.runs.steps);
    for (const input of Object.keys(action.inputs)) expect(steps, input).toContain(`\${{ inputs.${input} }}`);
  });

  /** Runs the action's lint step as GitHub runs a composite step (`shell: bash`), in a scratch folder holding the example. */
  function runLintStep(env: Record<string, string>) {
    const script = action.runs.steps[1].run!;
    const dir = mkdtempSync(join(tmpdir(), 'flowlint-action-'));
    cpSync(join(repoRoot, 'fixtures/example'), join(dir, 'example folder'), { recursive: true });
    const outputs = join(dir, 'github-output');
    const summary = join(dir, 'step-summary.md');
    writeFileSync(outputs, '');
    writeFileSync(summary, '');
    const result = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], {
      cwd: dir,
      encoding: 'utf8',
      env: {
        ...process.env,
        FLOWLINT_BIN: join(repoRoot, 'dist/flowlint.mjs'),
        FLOWLINT_FAIL_ON: 'error',
        FLOWLINT_SARIF: 'out/flowlint.sarif',
        FLOWLINT_UPLOAD: 'false',
        FLOWLINT_ARGS: '',
        FLOWLINT_ANNOTATIONS: 'auto',
        FLOWLINT_SUMMARY: 'true',
        GITHUB_OUTPUT: outputs,
        GITHUB_STEP_SUMMARY: summary,
        RUNNER_TEMP: dir,
        ...env,
      },
    });
    const output = Object.fromEntries(
      readFileSync(outputs, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
    );
    return { result, output, dir, summary };
  }

  it('runs as GitHub runs it: annotations, SARIF, a job summary, counts, outputs, and the exit code', () => {
    const { result, output, dir, summary } = runLintStep({
      FLOWLINT_PATHS: '  example folder/ContosoPartnerSync\n\nexample folder/settings  \n',
      FLOWLINT_ARGS: '--rule secret-in-loop=off',
    });
    expect(result.status, result.stderr).toBe(1);
    expect(result.stdout).toMatch(/^::error file=example folder\/ContosoPartnerSync\/Workflows\/.*,line=\d+,col=\d+/m);
    expect(result.stdout).not.toContain('secret-in-loop');
    expect(output['exit-code']).toBe('1');
    expect(output['sarif-file']).toBe('out/flowlint.sarif');
    expect(output['sarif-path']).toBe(join(dir, 'out/flowlint.sarif'));
    const sarif = JSON.parse(readFileSync(join(dir, 'out/flowlint.sarif'), 'utf8')) as { runs: { results: { level: string; suppressions?: unknown[] }[] }[] };
    const open = sarif.runs[0].results.filter((r) => !r.suppressions?.length);
    expect(Number(output.errors)).toBe(open.filter((r) => r.level === 'error').length);
    expect(Number(output.errors)).toBeGreaterThan(0);
    expect(Number(output.warnings)).toBe(open.filter((r) => r.level === 'warning').length);
    expect(Number(output.notes)).toBe(open.filter((r) => r.level === 'note').length);
    expect(readFileSync(summary, 'utf8')).toMatch(/^## flowlint\n/);
  });

  it('takes one path per line, spaces kept, and no annotations when it uploads the SARIF itself', () => {
    const { result, output } = runLintStep({ FLOWLINT_PATHS: 'example folder', FLOWLINT_UPLOAD: 'true' });
    expect(result.status, result.stderr).toBe(1);
    expect(result.stdout).not.toMatch(/^::error /m);
    expect(result.stdout).toMatch(/^example folder\//m);
    expect(output['exit-code']).toBe('1');
    const forced = runLintStep({ FLOWLINT_PATHS: 'example folder', FLOWLINT_UPLOAD: 'true', FLOWLINT_ANNOTATIONS: 'true' });
    expect(forced.result.stdout).toMatch(/^::error /m);
  });

  it('uploads to code scanning only when asked, also after linting failed', () => {
    const upload = action.runs.steps.find((step) => step.uses?.startsWith('github/codeql-action/upload-sarif@'))!;
    expect(upload.uses).toBe('github/codeql-action/upload-sarif@v4');
    expect(upload.if).toContain('!cancelled()');
    expect(upload.if).toContain("inputs.upload-sarif == 'true'");
    expect(upload.with?.sarif_file).toBe('${{ steps.lint.outputs.sarif-path }}');
  });

  it('gives no counts when the run could not report (exit code 2)', () => {
    const { result, output } = runLintStep({ FLOWLINT_PATHS: 'example folder', FLOWLINT_ARGS: '--no-such-option' });
    expect(result.status).toBe(2);
    expect(output).toMatchObject({ 'exit-code': '2', errors: '', warnings: '', notes: '' });
  });
});

describe('docs/examples/github-code-scanning.yml', () => {
  const workflow = load('docs/examples/github-code-scanning.yml') as {
    on: Yaml;
    permissions: Record<string, string>;
    jobs: Record<string, { 'runs-on': string; steps: Step[] }>;
  };
  const steps = Object.values(workflow.jobs)[0].steps;

  it('lints with the action, failing by --fail-on, uploading the SARIF, with the permissions code scanning needs', () => {
    expect(workflow.permissions).toMatchObject({ contents: 'read', 'security-events': 'write', actions: 'read' });
    expect(steps.find((step) => step.uses?.startsWith('actions/checkout@'))?.uses).toBe('actions/checkout@v6');
    const lint = steps.find((step) => step.uses?.startsWith('flowlint/flowlint@'))!;
    expect(lint).toBeDefined();
    const action = load('action.yml') as { inputs: Record<string, unknown> };
    for (const input of Object.keys(lint.with ?? {})) expect(Object.keys(action.inputs), input).toContain(input);
    expect(lint.with?.['fail-on']).toBe('error');
    expect(lint.with?.['upload-sarif']).toBe(true);
  });
});

describe('docs/examples/azure-pipelines.yml', () => {
  const pipeline = load('docs/examples/azure-pipelines.yml') as { steps: Step[]; variables: Record<string, string> };
  const { steps } = pipeline;

  it('publishes the SARIF file as CodeAnalysisLogs and the JUnit file to the Tests tab', () => {
    const install = steps.find((step) => step.script?.includes('npm install'))!;
    // A pinned release from npm, not a clone of a moving branch.
    expect(install.script).toMatch(/power-flowlint@\$\(FLOWLINT_VERSION\)/);
    expect(pipeline.variables.FLOWLINT_VERSION).toMatch(/^\d+\.\d+\.\d+$/);
    expect(install.script).not.toContain('git clone');
    const lint = steps.find((step) => step.script?.includes('flowlint" .') || step.script?.includes('/flowlint '))!;
    const sarif = /"sarif:\$\(FLOWLINT_SARIF_DIR\)\/([^"]+\.sarif)"/.exec(lint.script!)?.[1];
    const junit = /"junit:([^"]+)"/.exec(lint.script!)?.[1];
    expect(sarif).toBe('flowlint.sarif');
    expect(lint.script).toMatch(/--fail-on (error|warning|note)/);
    expect(lint.script).toContain('--sarif-profile azure-devops');

    const artifact = steps.find((step) => step.task?.startsWith('PublishBuildArtifacts@'))!;
    expect(artifact.inputs).toMatchObject({ ArtifactName: 'CodeAnalysisLogs', PathtoPublish: '$(FLOWLINT_SARIF_DIR)' });
    expect(pipeline.variables.FLOWLINT_SARIF_DIR).toMatch(/\/CodeAnalysisLogs$/);
    expect(artifact.condition).toBe('succeededOrFailed()');

    const tests = steps.find((step) => step.task?.startsWith('PublishTestResults@'))!;
    expect(tests.inputs).toMatchObject({ testResultsFormat: 'JUnit', testResultsFiles: junit });
    expect(tests.condition).toBe('succeededOrFailed()');
  });
});

describe('.pre-commit-hooks.yaml', () => {
  const hooks = parse(readFileSync(join(repoRoot, '.pre-commit-hooks.yaml'), 'utf8')) as {
    id: string;
    entry: string;
    language: string;
    files: string;
    pass_filenames: boolean;
  }[];

  it('defines the flowlint hook for node, passing the changed flow exports', () => {
    load('.pre-commit-hooks.yaml');
    const hook = hooks.find((candidate) => candidate.id === 'flowlint')!;
    // A commit of unrelated JSON only has no export: the hook must let it pass (test/precommit.test.ts).
    expect(hook).toMatchObject({ entry: 'flowlint --allow-no-exports', language: 'node', pass_filenames: true });
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { bin: Record<string, string> };
    expect(pkg.bin[hook.entry.split(' ')[0]]).toBeTruthy();
    const files = new RegExp(hook.files);
    for (const path of ['Workflows/Flow-1.json', 'Other/Customizations.xml', 'dist/Sol_1_0.zip', 'scripts/Run.osts', 'A.JSON']) expect(files.test(path), path).toBe(true);
    for (const path of ['README.md', 'logo.png', 'flow.json.bak']) expect(files.test(path), path).toBe(false);
  });
});

describe('README examples', () => {
  it('every yaml block parses', () => {
    const blocks = [...readme.matchAll(/```yaml\n([\s\S]*?)```/g)].map((match) => match[1]);
    expect(blocks.length).toBeGreaterThanOrEqual(3);
    for (const block of blocks) {
      const document = parseAllDocuments(block, { strict: true });
      for (const doc of Array.isArray(document) ? document : []) expect(doc.errors.map(String), block).toEqual([]);
    }
  });

  it('links the integration files, the examples and the screenshot, which all exist', () => {
    for (const path of [
      '.pre-commit-hooks.yaml',
      'docs/git-hooks/pre-commit',
      'action.yml',
      'docs/examples/github-code-scanning.yml',
      'docs/examples/azure-pipelines.yml',
      'docs/html-report.png',
    ]) {
      expect(readme, path).toContain(`(${path})`);
      expect(() => readFileSync(join(repoRoot, path)), path).not.toThrow();
    }
  });
});
