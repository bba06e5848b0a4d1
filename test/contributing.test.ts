/**
 * The contributor experiment, repeated on every run: a copy of the repository gains the worked
 * example rule of CONTRIBUTING.md (its three blocks, written as they are), the commands the page
 * gives are run, the rule's own tests and the suites that check every rule pass, and the change is
 * exactly the three hand-written files plus generated ones.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../', import.meta.url));
const guide = readFileSync(join(root, 'CONTRIBUTING.md'), 'utf8');

/** `<!-- scaffold: path -->` followed by a fenced block: the file the guide tells you to write. */
function scaffoldBlocks(text: string): Map<string, string> {
  const blocks = new Map<string, string>();
  for (const match of text.matchAll(/<!-- scaffold: (\S+) -->\n(`{3,})[a-z]*\n([\s\S]*?)\n\2\n/g)) blocks.set(match[1], `${match[3]}\n`);
  return blocks;
}

/** Files a rule's addition may change besides its own three: what the guide's commands regenerate. */
const GENERATED = [/^rules\/index\.ts$/, /^dist\/(cli|worker|rule-api)\.js$/, /^README\.md$/, /^schemas\//, /^test\/report\/__golden__\//];

const scratch = mkdtempSync(join(tmpdir(), 'flowlint-contributing-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function run(command: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): string {
  return execFileSync(command, args, { cwd: scratch, env: { ...process.env, ...env }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

describe('CONTRIBUTING.md', () => {
  const blocks = scaffoldBlocks(guide);

  it('gives a worked example as three files, and the commands that follow', () => {
    expect([...blocks.keys()]).toEqual(['rules/http-get-with-body.ts', 'rules/http-get-with-body.md', 'test/rules/http-get-with-body.test.ts']);
    for (const command of ['npm run docs', 'UPDATE_GOLDEN=1 npx vitest run test/report', 'npm run format', 'npm test']) expect(guide).toContain(command);
  });

  it('adding its example rule touches those three files and generated ones only, and the rule checks pass', { timeout: 900_000 }, () => {
    // The working tree as it is (tracked and new files, nothing ignored), committed in a scratch repository.
    const files = execFileSync('git', ['ls-files', '-co', '--exclude-standard', '-z'], { cwd: root, encoding: 'utf8' }).split('\0').filter(Boolean);
    for (const file of files) {
      if (!existsSync(join(root, file))) continue;
      mkdirSync(dirname(join(scratch, file)), { recursive: true });
      copyFileSync(join(root, file), join(scratch, file));
    }
    symlinkSync(join(root, 'node_modules'), join(scratch, 'node_modules'), 'dir');
    const git = (...args: string[]) => run('git', ['-c', 'user.name=flowlint', '-c', 'user.email=flowlint@example.invalid', '-c', 'commit.gpgsign=false', ...args]);
    git('init', '-q');
    git('add', '-A');
    git('commit', '-qm', 'before');

    for (const [path, text] of blocks) {
      mkdirSync(dirname(join(scratch, path)), { recursive: true });
      writeFileSync(join(scratch, path), text);
    }
    run('npm', ['run', 'docs']);
    run('npx', ['vitest', 'run', 'test/report'], { UPDATE_GOLDEN: '1' });
    run('npm', ['run', 'format']);

    // What `npm test` would check for this rule: types, lint, its own table, the checks every rule
    // and its page pass, the README table and the goldens.
    run('npx', ['tsc', '-p', 'tsconfig.json', '--noEmit']);
    run('npx', ['eslint', 'rules', 'test/rules']);
    run('npx', ['vitest', 'run', 'test/rules/http-get-with-body.test.ts', 'test/rules/registry.test.ts', 'test/readme.test.ts', 'test/report/golden.test.ts']);

    const status = git('status', '--porcelain', '--untracked-files=all')
      .split('\n')
      .filter(Boolean)
      .map((line) => ({ state: line.slice(0, 2), path: line.slice(3) }));
    const added = status.filter((entry) => entry.state === '??').map((entry) => entry.path);
    const changed = status.filter((entry) => entry.state !== '??').map((entry) => entry.path);
    expect(added.sort()).toEqual([...blocks.keys()].sort());
    for (const path of changed)
      expect(
        GENERATED.some((pattern) => pattern.test(path)),
        `${path} is neither written by hand nor generated`,
      ).toBe(true);
    // The three hand-written files are as the guide prints them: formatting did not have to touch them.
    for (const [path, text] of blocks) expect(readFileSync(join(scratch, path), 'utf8'), path).toBe(text);
  });
});
