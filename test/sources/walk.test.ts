import { execFileSync } from 'node:child_process';
import { chmod, mkdir, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isRelevantEntry, walkFolder, type WalkItem, type WalkOptions } from '../../src/sources/index.js';
import { tempTree } from './helpers.js';

type Tree = Awaited<ReturnType<typeof tempTree>>;
let tree: Tree;
beforeEach(async () => {
  tree = await tempTree();
});
afterEach(async () => {
  await tree.cleanup();
});

async function walk(options?: WalkOptions, root = tree.root): Promise<WalkItem[]> {
  const items: WalkItem[] = [];
  for await (const item of walkFolder(root, options)) items.push(item);
  return items;
}

const filesOf = (items: WalkItem[]): string[] => items.filter((i) => i.kind === 'file').map((i) => i.relPath);
const runningAsRoot = process.getuid?.() === 0;

describe('walkFolder', () => {
  it('lists files in name order at every level', async () => {
    for (const rel of ['b.json', 'a/z.json', 'a/b/c.json', 'A.json', 'c.xml']) await tree.write(rel, '{}');
    expect(filesOf(await walk())).toEqual(['A.json', 'a/b/c.json', 'a/z.json', 'b.json', 'c.xml']);
  });

  it('skips node_modules and .git', async () => {
    await tree.write('node_modules/pkg/package.json', '{}');
    await tree.write('src/node_modules/x.json', '{}');
    await tree.write('.git/config.json', '{}');
    await tree.write('keep.json', '{}');
    expect(filesOf(await walk())).toEqual(['keep.json']);
  });

  it('honours .gitignore files, nested ones for their own subtree only', async () => {
    await tree.write('.gitignore', 'ignored/\n*.bak.json\n# comment\n');
    await tree.write('ignored/x.json', '{}');
    await tree.write('a.bak.json', '{}');
    await tree.write('local.json', '{}');
    await tree.write('keep.json', '{}');
    await tree.write('sub/.gitignore', 'local.json\n!important.bak.json\n');
    await tree.write('sub/local.json', '{}');
    await tree.write('sub/other.bak.json', '{}');
    await tree.write('sub/important.bak.json', '{}');
    await tree.write('sub/deeper/local.json', '{}');
    await tree.write('sub/deeper/x.json', '{}');
    expect(filesOf(await walk({ include: isRelevantEntry }))).toEqual(['keep.json', 'local.json', 'sub/deeper/x.json', 'sub/important.bak.json']);
  });

  it('applies extra ignore patterns, relative to ignoreBase when the walk is inside it', async () => {
    await tree.write('proj/legacy/a.json', '{}');
    await tree.write('proj/b.json', '{}');
    await tree.write('proj/c.json', '{}');
    const items: WalkItem[] = [];
    const options = { ignore: ['proj/legacy/', 'c.json'], ignoreBase: tree.root };
    for await (const item of walkFolder(join(tree.root, 'proj'), options)) items.push(item);
    expect(filesOf(items)).toEqual(['b.json']);
  });

  it('reports only the files the include predicate wants', async () => {
    await tree.write('a.json', '{}');
    await tree.write('logo.png', 'x');
    await tree.write('app.msapp', 'x');
    expect(filesOf(await walk({ include: isRelevantEntry }))).toEqual(['a.json']);
  });

  it('follows no symlink out of the tree (reported as skipped) and ends on symlink loops', async () => {
    await tree.write('w/a/x.json', '{}');
    await tree.write('w/real/y.json', '{}');
    await tree.write('outside/z.json', '{}');
    await tree.write('outside/secret.json', '{}');
    const w = join(tree.root, 'w');
    await symlink(w, join(w, 'a', 'to-root'), 'dir');
    await symlink(join(w, 'a'), join(w, 'a', 'self'), 'dir');
    await symlink(join(w, 'real'), join(w, 'link-to-real'), 'dir'); // inside: walked as real/
    await symlink(join(tree.root, 'outside'), join(w, 'out1'), 'dir');
    await symlink(join(tree.root, 'outside', 'secret.json'), join(w, 'secret.json'));
    await symlink(join(w, 'real', 'y.json'), join(w, 'inside.json')); // inside: read
    await symlink(w, join(tree.root, 'outside', 'back'), 'dir');
    await mkdir(join(w, 'b'));
    await symlink(join(w, 'c'), join(w, 'b', 'to-c'), 'dir');
    await symlink(join(w, 'b'), join(w, 'c'), 'dir');
    const items = await walk({}, w);
    expect(filesOf(items)).toEqual(['a/x.json', 'inside.json', 'real/y.json']);
    expect(items.filter((i) => i.kind === 'skipped').map((i) => [i.relPath, i.kind === 'skipped' && i.reason])).toEqual([
      ['out1', 'symbolic link to a folder outside the scanned folder; not followed'],
      ['secret.json', 'symbolic link to a file outside the scanned folder; not read'],
    ]);
  });

  it.skipIf(process.platform === 'win32')('never opens a FIFO: reported as skipped', async () => {
    await tree.write('a.json', '{}');
    execFileSync('mkfifo', [join(tree.root, 'pipe.json')]);
    const items = await walk({ include: isRelevantEntry });
    expect(items).toEqual([
      { kind: 'file', absPath: join(tree.root, 'a.json'), relPath: 'a.json' },
      { kind: 'skipped', absPath: join(tree.root, 'pipe.json'), relPath: 'pipe.json', isDirectory: false, reason: 'a FIFO (named pipe), not a regular file; not read' },
    ]);
  });

  it('walks files git tracks whatever .gitignore says; ignored untracked ones are skipped', async () => {
    await tree.write('.gitignore', 'flows/\nlocal.json\n');
    await tree.write('flows/tracked.json', '{}');
    await tree.write('flows/untracked.json', '{}');
    await tree.write('local.json', '{}');
    await tree.write('other/kept.json', '{}');
    const tracked = new Set(['.gitignore', 'flows/tracked.json']);
    const items = await walk({ include: isRelevantEntry, tracked: { file: (p) => tracked.has(p), folder: (p) => p === 'flows' } });
    expect(filesOf(items)).toEqual(['flows/tracked.json', 'other/kept.json']);
    expect(items.filter((i) => i.kind === 'skipped').map((i) => i.relPath)).toEqual(['flows/untracked.json', 'local.json']);
    // Without git's word, .gitignore can be switched off entirely.
    expect(filesOf(await walk({ include: isRelevantEntry, gitignore: false }))).toEqual(['flows/tracked.json', 'flows/untracked.json', 'local.json', 'other/kept.json']);
  });

  it('reports a broken symbolic link with a relevant name and walks on', async () => {
    await tree.write('a.json', '{}');
    await symlink(join(tree.root, 'missing.json'), join(tree.root, 'broken.json'));
    await symlink(join(tree.root, 'missing.png'), join(tree.root, 'broken.png'));
    await tree.write('z.json', '{}');
    const items = await walk({ include: isRelevantEntry });
    expect(items).toEqual([
      { kind: 'file', absPath: join(tree.root, 'a.json'), relPath: 'a.json' },
      { kind: 'error', absPath: join(tree.root, 'broken.json'), relPath: 'broken.json', isDirectory: false, message: 'broken symbolic link: its target does not exist' },
      { kind: 'file', absPath: join(tree.root, 'z.json'), relPath: 'z.json' },
    ]);
  });

  it.skipIf(runningAsRoot)('reports an unreadable folder and walks on', async () => {
    await tree.write('locked/x.json', '{}');
    await tree.write('open/y.json', '{}');
    await chmod(join(tree.root, 'locked'), 0o000);
    try {
      const items = await walk();
      expect(items).toEqual([
        { kind: 'error', absPath: join(tree.root, 'locked'), relPath: 'locked', isDirectory: true, message: 'cannot read directory: permission denied' },
        { kind: 'file', absPath: join(tree.root, 'open', 'y.json'), relPath: 'open/y.json' },
      ]);
    } finally {
      await chmod(join(tree.root, 'locked'), 0o755);
    }
  });

  it('reports a walk root that does not exist instead of throwing', async () => {
    const items: WalkItem[] = [];
    for await (const item of walkFolder(join(tree.root, 'nope'))) items.push(item);
    expect(items).toEqual([{ kind: 'error', absPath: join(tree.root, 'nope'), relPath: '', isDirectory: true, message: 'cannot read directory: no such file or directory' }]);
  });
});
