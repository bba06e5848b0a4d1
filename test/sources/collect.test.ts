import { chmod, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { InputGroup } from '../../src/sources/index.js';
import { buildZip, collect, CUSTOMIZATIONS_XML, FLOW_JSON, packageZipEntries, pseudoRandomBytes, SOLUTION_XML, solutionZipEntries, tempTree } from './helpers.js';

type Tree = Awaited<ReturnType<typeof tempTree>>;
let tree: Tree;
beforeEach(async () => {
  tree = await tempTree();
});
afterEach(async () => {
  await tree.cleanup();
});

/** A compact view of groups: kind, root, member paths, focus, error messages. */
function summary(groups: InputGroup[]): unknown[] {
  return groups.map((g) => ({
    kind: g.kind,
    root: g.root.entry ? `${g.root.file}!${g.root.entry}` : g.root.file,
    files: g.files.map((f) => f.path),
    ...(g.focus ? { focus: g.focus } : {}),
    ...(g.errors.length ? { errors: g.errors.map((e) => `${e.file}${e.entry ? `!${e.entry}` : ''}: ${e.message}`) } : {}),
  }));
}

/** An unpacked solution (SolutionPackager layout) under `dir`. */
async function writeUnpackedSolution(dir: string): Promise<void> {
  const prefix = dir === '' ? '' : `${dir}/`;
  await tree.write(`${prefix}Other/Solution.xml`, SOLUTION_XML);
  await tree.write(`${prefix}Other/Customizations.xml`, CUSTOMIZATIONS_XML);
  await tree.write(`${prefix}Workflows/A-1.json`, FLOW_JSON);
  await tree.write(`${prefix}Workflows/A-1.json.data.xml`, '<Workflow />');
  await tree.write(`${prefix}Workflows/B-2.json`, FLOW_JSON);
  await tree.write(`${prefix}CanvasApps/app.msapp`, 'not read');
  await tree.write(`${prefix}WebResources/logo.png`, 'not read');
}

describe('collectInputs: folders', () => {
  it('groups an unpacked solution folder (Other/Solution.xml)', async () => {
    await writeUnpackedSolution('MySolution');
    const groups = await collect(['MySolution'], { cwd: tree.root });
    expect(summary(groups)).toEqual([
      {
        kind: 'folder',
        root: 'MySolution',
        files: ['Other/Customizations.xml', 'Other/Solution.xml', 'Workflows/A-1.json', 'Workflows/A-1.json.data.xml', 'Workflows/B-2.json'],
      },
    ]);
    expect(groups[0].files[2].source).toEqual({ file: 'MySolution/Workflows/A-1.json' });
  });

  it('finds the src/ root of a `pac solution clone` layout; files beside it are lone files', async () => {
    await writeUnpackedSolution('Contoso/src');
    await tree.write('Contoso/Contoso.cdsproj', '<Project />');
    await tree.write('Contoso/deploymentSettings.json', '{"EnvironmentVariables":[]}');
    await tree.write('Contoso/README.md', '# not read');
    const groups = await collect(['.'], { cwd: tree.root });
    expect(summary(groups)).toEqual([
      { kind: 'file', root: 'Contoso/deploymentSettings.json', files: ['deploymentSettings.json'] },
      {
        kind: 'folder',
        root: 'Contoso/src',
        files: ['Other/Customizations.xml', 'Other/Solution.xml', 'Workflows/A-1.json', 'Workflows/A-1.json.data.xml', 'Workflows/B-2.json'],
      },
    ]);
  });

  it('groups an extracted export (solution.xml + customizations.xml) and a legacy package folder', async () => {
    for (const [name, content] of Object.entries(solutionZipEntries())) await tree.write(`extracted/${name}`, content);
    for (const [name, content] of Object.entries(packageZipEntries())) await tree.write(`pkg/${name}`, content);
    const groups = await collect(['.'], { cwd: tree.root });
    expect(summary(groups)).toEqual([
      {
        kind: 'folder',
        root: 'extracted',
        files: [
          '[Content_Types].xml',
          'customizations.xml',
          'environmentvariabledefinitions/cts_Secret/environmentvariabledefinition.xml',
          'solution.xml',
          'Workflows/Notify-11111111-2222-3333-4444-555555555555.json',
        ].sort(),
      },
      {
        kind: 'folder',
        root: 'pkg',
        // Code-unit order, the same on every platform: capitals first.
        files: [
          'Microsoft.Flow/flows/abc/apisMap.json',
          'Microsoft.Flow/flows/abc/connectionsMap.json',
          'Microsoft.Flow/flows/abc/definition.json',
          'Microsoft.Flow/flows/manifest.json',
          'manifest.json',
        ],
      },
    ]);
  });

  it('yields zips found anywhere (by content too) as archive groups, with their nested zips', async () => {
    await writeUnpackedSolution('sol');
    await tree.write('sol/Assets/bundled.zip', await buildZip({ 'x.json': '{}' }));
    const inner = await buildZip(packageZipEntries());
    await tree.write('exports/Wrapper.zip', await buildZip({ 'inner.zip': inner }));
    await tree.write('exports/renamed.json', await buildZip({ 'y.json': '[]' })); // a zip by content
    await tree.write('flows/lone.json', FLOW_JSON);
    const groups = await collect(['.'], { cwd: tree.root });
    expect(summary(groups)).toEqual([
      { kind: 'archive', root: 'exports/Wrapper.zip', files: [] },
      { kind: 'archive', root: 'exports/Wrapper.zip!inner.zip', files: Object.keys(packageZipEntries()) },
      { kind: 'archive', root: 'exports/renamed.json', files: ['y.json'] },
      { kind: 'file', root: 'flows/lone.json', files: ['lone.json'] },
      {
        kind: 'folder',
        root: 'sol',
        files: ['Other/Customizations.xml', 'Other/Solution.xml', 'Workflows/A-1.json', 'Workflows/A-1.json.data.xml', 'Workflows/B-2.json'],
      },
      { kind: 'archive', root: 'sol/Assets/bundled.zip', files: ['x.json'] },
    ]);
    expect(groups[1].files[0].source).toEqual({ file: 'exports/Wrapper.zip', entry: 'inner.zip!manifest.json' });
  });

  it('honours .gitignore and extra ignore patterns, and skips node_modules', async () => {
    await tree.write('.gitignore', 'out/\n');
    await tree.write('out/build.json', '{}');
    await tree.write('node_modules/x/package.json', '{}');
    await tree.write('drafts/a.json', '{}');
    await tree.write('keep.json', '{}');
    const groups = await collect(['.'], { cwd: tree.root, ignore: ['drafts/'] });
    // What was left out comes first, in a group of its own, with the reason (node_modules is not listed).
    expect(summary(groups)).toEqual([
      { kind: 'folder', root: '.', files: [] },
      { kind: 'file', root: 'keep.json', files: ['keep.json'] },
    ]);
    expect(groups[0].skipped).toEqual([
      { file: 'drafts/', reason: 'matches an --ignore or configured "ignore" pattern' },
      { file: 'out/', reason: 'ignored by .gitignore' },
    ]);
  });

  it('caps plain files at maxEntryBytes without reading them whole', async () => {
    await writeUnpackedSolution('sol');
    await tree.write('sol/Workflows/Huge-3.json', Buffer.alloc(3 * 1024 * 1024, 0x20));
    const groups = await collect(['sol'], { cwd: tree.root, limits: { maxEntryBytes: 1024 * 1024 } });
    expect(groups[0].files.map((f) => f.path)).not.toContain('Workflows/Huge-3.json');
    expect(groups[0].errors).toEqual([{ file: 'sol/Workflows/Huge-3.json', message: 'file is 3 MiB, over the limit of 1 MiB (maxEntryBytes); not read' }]);
  });

  it('puts a broken link inside a solution into that solution group as an error', async () => {
    await writeUnpackedSolution('sol');
    await symlink(join(tree.root, 'gone.json'), join(tree.root, 'sol', 'Workflows', 'C-3.json'));
    const [group] = await collect(['sol'], { cwd: tree.root });
    expect(group.errors).toEqual([{ file: 'sol/Workflows/C-3.json', message: 'broken symbolic link: its target does not exist' }]);
    expect(group.files).toHaveLength(5);
  });

  it.skipIf(process.getuid?.() === 0)('reports an unreadable file and reads the rest', async () => {
    await writeUnpackedSolution('sol');
    const locked = await tree.write('sol/Workflows/C-3.json', FLOW_JSON);
    await chmod(locked, 0o000);
    const [group] = await collect(['sol'], { cwd: tree.root });
    expect(group.errors).toEqual([{ file: 'sol/Workflows/C-3.json', message: 'cannot read file: permission denied' }]);
    expect(group.files).toHaveLength(5);
  });
});

describe('collectInputs: single paths', () => {
  it('reads a zip given directly, recognised by content whatever its name', async () => {
    await tree.write('export.bin', await buildZip(solutionZipEntries()));
    const groups = await collect(['export.bin'], { cwd: tree.root });
    expect(groups.map((g) => [g.kind, g.root.file, g.files.length])).toEqual([['archive', 'export.bin', 5]]);
  });

  it('reports a corrupt zip file as an InputError naming it', async () => {
    await tree.write('bad.zip', Buffer.concat([Buffer.from('PK\x03\x04'), pseudoRandomBytes(2000)]));
    const groups = await collect(['bad.zip'], { cwd: tree.root });
    expect(summary(groups)).toEqual([
      { kind: 'archive', root: 'bad.zip', files: [], errors: ['bad.zip: not a valid zip archive: end of central directory not found (not a zip file, or truncated)'] },
    ]);
  });

  it('gives a file inside a solution folder that folder group, with the file in focus', async () => {
    await writeUnpackedSolution('repo/Contoso/src');
    const cwd = join(tree.root, 'repo');
    const groups = await collect(['Contoso/src/Workflows/A-1.json', 'Contoso/src/Workflows/B-2.json'], { cwd });
    expect(summary(groups)).toEqual([
      {
        kind: 'folder',
        root: 'Contoso/src',
        files: ['Other/Customizations.xml', 'Other/Solution.xml', 'Workflows/A-1.json', 'Workflows/A-1.json.data.xml', 'Workflows/B-2.json'],
        focus: ['Contoso/src/Workflows/A-1.json', 'Contoso/src/Workflows/B-2.json'],
      },
    ]);
  });

  it('finds the solution from a file under Other/ too (Other/ is not a root of its own); solution metadata brings the whole solution into focus', async () => {
    await writeUnpackedSolution('sol');
    const groups = await collect(['sol/Other/Customizations.xml'], { cwd: tree.root });
    // A change to Customizations.xml can break any flow of the solution: none is left out of focus.
    expect(groups.map((g) => [g.kind, g.root.file, g.focus])).toEqual([['folder', 'sol', undefined]]);
  });

  it('does not yield a solution twice when its folder is also walked', async () => {
    await writeUnpackedSolution('sol');
    const groups = await collect(['sol/Workflows/A-1.json', '.', 'sol'], { cwd: tree.root });
    expect(groups.map((g) => [g.kind, g.root.file, g.focus])).toEqual([['folder', 'sol', undefined]]);
  });

  it('gives a file outside any solution a group of its own; a missing path an error group', async () => {
    await tree.write('settings/deploymentSettings.json', '{}');
    const groups = await collect(['settings/deploymentSettings.json', 'nope.json'], { cwd: tree.root });
    expect(summary(groups)).toEqual([
      { kind: 'file', root: 'settings/deploymentSettings.json', files: ['deploymentSettings.json'] },
      { kind: 'file', root: 'nope.json', files: [], errors: ['nope.json: no such file or directory'] },
    ]);
  });

  it('skips a named file that is none of the inputs (a hook passing README.md)', async () => {
    await tree.write('README.md', '# hi');
    await tree.write('logo.png', Buffer.from([0x89, 0x50, 0x4e, 0x47]));
    expect(await collect(['README.md', 'logo.png'], { cwd: tree.root })).toEqual([]);
  });

  it('shows paths outside the working directory with ../', async () => {
    await tree.write('elsewhere/flow.json', FLOW_JSON);
    const groups = await collect(['../elsewhere/flow.json'], { cwd: join(tree.root, 'here') });
    expect(groups[0].root).toEqual({ file: '../elsewhere/flow.json' });
    expect(groups[0].files[0].source).toEqual({ file: '../elsewhere/flow.json' });
  });

  it('applies extra ignore patterns to named files too', async () => {
    await tree.write('drafts/a.json', '{}');
    const groups = await collect(['drafts/a.json'], { cwd: tree.root, ignore: ['drafts/'] });
    expect(groups.map((g) => [g.files.length, g.skipped])).toEqual([[0, [{ file: 'drafts/a.json', reason: 'matches an --ignore or configured "ignore" pattern' }]]]);
  });

  it('walks the working directory when no path is given', async () => {
    await tree.write('a.json', '{}');
    const groups = await collect([], { cwd: tree.root });
    expect(groups.map((g) => g.root.file)).toEqual(['a.json']);
  });
});
