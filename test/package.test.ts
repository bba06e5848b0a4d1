/**
 * The npm package as users get it. The bundle it runs (`dist/flowlint.mjs`, `dist/cli.js`,
 * `dist/worker.js`, `dist/rule-api.js`) is committed, so that `npm pack` in a clone — how pre-commit
 * installs the hook — runs no build and prints only the tarball name; these tests check that the
 * committed bundle is what the sources build, that the tarball holds what runs and nothing else, and
 * that the tarball installed into an empty folder lints the example through `npx flowlint`.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from './helpers/cli.js';
import { PACKAGE_NAME } from '../src/version.js';

const work = mkdtempSync(join(tmpdir(), 'flowlint-package-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const BUNDLE = ['flowlint.mjs', 'cli.js', 'worker.js', 'rule-api.js'];
const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
  bin: Record<string, string>;
  scripts: Record<string, string>;
  files: string[];
};
// Quiet npm: no update notice, no funding or audit lines, the shared cache preferred.
const npmEnv = { ...process.env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false', npm_config_prefer_offline: 'true' };

describe('the package', () => {
  it('is published under a name of its own, with the flowlint command', () => {
    expect(pkg.name).toBe(PACKAGE_NAME);
    expect(Object.keys(pkg.bin)).toEqual(['flowlint']);
    // npm prints a lifecycle script's banner on stdout, which pre-commit would read as the tarball name.
    for (const script of ['prepare', 'prepack', 'postpack']) expect(pkg.scripts[script], script).toBeUndefined();
  });

  it('commits the bundle the sources build (else: `npm run build` and commit dist/)', () => {
    const out = join(work, 'rebuilt');
    execFileSync(process.execPath, ['scripts/bundle.mjs'], { cwd: repoRoot, env: { ...process.env, FLOWLINT_BUNDLE_OUTDIR: out }, stdio: 'pipe' });
    for (const file of BUNDLE) {
      // The index, not the work tree: the test set-up has just rebuilt dist/ in place.
      const committed = execFileSync('git', ['show', `:dist/${file}`], { cwd: repoRoot, encoding: 'utf8', maxBuffer: 64 << 20 });
      expect(readFileSync(join(out, file), 'utf8') === committed, `dist/${file} is out of date: run \`npm run build\` and commit it`).toBe(true);
    }
  });

  it('`npm pack` prints only the tarball name, and the tarball holds what runs and nothing else', () => {
    const packed = spawnSync('npm', ['pack', '--pack-destination', work], { cwd: repoRoot, encoding: 'utf8', env: npmEnv });
    expect(packed.status, packed.stderr).toBe(0);
    expect(packed.stdout).toBe(`${pkg.name}-${pkg.version}.tgz\n`);
    const listing = execFileSync('tar', ['-tzf', join(work, packed.stdout.trim())], { encoding: 'utf8' })
      .trim()
      .split('\n');
    const files = listing.map((entry) => entry.replace(/^package\//, ''));
    for (const file of [
      'LICENSE',
      'README.md',
      'package.json',
      'schemas/flowlint-config.schema.json',
      'rules/hardcoded-secret.md',
      'dist/src/rule-api.d.ts',
      ...BUNDLE.map((f) => `dist/${f}`),
    ]) {
      expect(files, file).toContain(file);
    }
    const unexpected = files.filter(
      (file) => !/^(LICENSE|README\.md|package\.json|schemas\/[^/]+\.json|rules\/[^/]+\.md|dist\/src\/.+\.d\.ts)$/.test(file) && !BUNDLE.some((f) => file === `dist/${f}`),
    );
    expect(unexpected).toEqual([]);
  });

  it('installed from the tarball into an empty folder, `npx flowlint` lints the example', () => {
    const tarball = join(work, `${pkg.name}-${pkg.version}.tgz`);
    const project = join(work, 'project');
    execFileSync('mkdir', ['-p', project]);
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true }));
    const install = spawnSync('npm', ['install', '--no-audit', '--no-fund', tarball], { cwd: project, encoding: 'utf8', env: npmEnv });
    expect(install.status, install.stderr).toBe(0);
    const run = spawnSync('npx', ['--no-install', 'flowlint', join(repoRoot, 'fixtures/example'), '-f', 'json'], { cwd: project, encoding: 'utf8', env: npmEnv });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(1);
    const report = JSON.parse(run.stdout) as { tool: { name: string; version: string }; findings: { ruleId: string }[] };
    expect(report.tool.version).toBe(pkg.version);
    expect(report.findings.some((finding) => finding.ruleId === 'hardcoded-secret')).toBe(true);
    const explain = spawnSync('npx', ['--no-install', 'flowlint', 'explain', 'hardcoded-secret'], { cwd: project, encoding: 'utf8', env: npmEnv });
    expect(explain.stdout).toContain('## How to fix');
  }, 180_000);
});
