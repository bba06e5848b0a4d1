/**
 * Zips flowlint cannot take at face value: bytes before the first entry (a self-extractor stub),
 * a Git LFS pointer in place of the archive, random bytes named `.zip`. Each is read as Info-ZIP's
 * `unzip` reads it, or reported; none may be skipped as "not an input".
 */
import { afterEach, describe, expect, it } from 'vitest';
import { buildZip, collect, pseudoRandomBytes, readZipGroups, solutionZipEntries, tempTree } from './helpers.js';

const LFS_POINTER = 'version https://git-lfs.github.com/spec/v1\noid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\nsize 48213\n';

/** The archive with `offset` added to every offset it records, as `zip -A` leaves a self-extractor. */
function shiftOffsets(zip: Buffer, offset: number): Buffer {
  const patched = Buffer.from(zip);
  for (let i = patched.indexOf('PK\x01\x02'); i >= 0; i = patched.indexOf('PK\x01\x02', i + 4)) {
    patched.writeUInt32LE(patched.readUInt32LE(i + 42) + offset, i + 42);
  }
  const end = patched.lastIndexOf('PK\x05\x06');
  patched.writeUInt32LE(patched.readUInt32LE(end + 16) + offset, end + 16);
  return patched;
}

const paths = (group: { files: readonly { path: string }[] }): string[] => group.files.map((f) => f.path);

describe('zips behind a prefix', () => {
  let cleanup: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await cleanup?.();
    cleanup = undefined;
  });

  const prefixes: [string, Buffer][] = [
    ['one byte', Buffer.from('x')],
    ['a few junk bytes', Buffer.from('JUNKJUNK')],
    ['a 4 KiB self-extractor stub', pseudoRandomBytes(4096, 7)],
    // A stub that itself holds zip signatures must not be mistaken for the archive.
    ['a stub holding zip signatures', Buffer.concat([Buffer.from('PK\x01\x02PK\x05\x06', 'latin1'), pseudoRandomBytes(100, 3)])],
  ];

  for (const [name, prefix] of prefixes) {
    it(`reads a zip behind ${name}, in memory and on disk, as unzip does`, async () => {
      const zip = await buildZip(solutionZipEntries());
      const expected = paths((await readZipGroups(zip))[0]);
      const prefixed = Buffer.concat([prefix, zip]);

      const [inMemory] = await readZipGroups(prefixed);
      expect(inMemory.errors).toEqual([]);
      expect(paths(inMemory)).toEqual(expected);

      const tree = await tempTree();
      cleanup = tree.cleanup;
      await tree.write('Contoso_managed.zip', prefixed);
      const groups = await collect(['Contoso_managed.zip'], { cwd: tree.root });
      expect(groups.map((g) => g.errors)).toEqual([[]]);
      expect(paths(groups[0])).toEqual(expected);
    });
  }

  it('reads a self-extractor whose offsets already count the stub (zip -A) without shifting them', async () => {
    const zip = await buildZip(solutionZipEntries());
    const stub = pseudoRandomBytes(1000, 9);
    const [group] = await readZipGroups(Buffer.concat([stub, shiftOffsets(zip, stub.length)]));
    expect(group.errors).toEqual([]);
    expect(paths(group)).toEqual(paths((await readZipGroups(zip))[0]));
  });

  it('reads a prefixed zip inside a zip', async () => {
    const inner = Buffer.concat([Buffer.from('STUB'), await buildZip(solutionZipEntries())]);
    const groups = await readZipGroups(await buildZip({ 'inner.zip': inner }));
    expect(groups.map((g) => g.errors)).toEqual([[], []]);
    expect(groups[1].root).toEqual({ file: 'in.zip', entry: 'inner.zip' });
    expect(groups[1].files.length).toBeGreaterThan(0);
  });
});

describe('files named .zip that are not zips', () => {
  let cleanup: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await cleanup?.();
    cleanup = undefined;
  });

  const cases: [string, Buffer, RegExp][] = [
    ['a Git LFS pointer', Buffer.from(LFS_POINTER), /Git LFS pointer.*git lfs pull/],
    ['random bytes', pseudoRandomBytes(3000, 11), /not a valid zip archive/],
    ['an empty file', Buffer.alloc(0), /not a valid zip archive/],
    ['text', Buffer.from('hello'), /not a valid zip archive/],
  ];

  for (const [name, bytes, message] of cases) {
    it(`${name}: an input error when named, and when met in a folder walk`, async () => {
      const tree = await tempTree();
      cleanup = tree.cleanup;
      await tree.write('drop/Contoso_managed.zip', bytes);
      for (const path of ['drop/Contoso_managed.zip', 'drop']) {
        const groups = await collect([path], { cwd: tree.root });
        const errors = groups.flatMap((g) => g.errors);
        expect(errors, path).toHaveLength(1);
        expect(errors[0].file).toBe('drop/Contoso_managed.zip');
        expect(errors[0].message).toMatch(message);
        expect(groups.flatMap((g) => g.files)).toEqual([]);
      }
    });
  }

  it('an LFS pointer in place of a flow JSON file says so, rather than "invalid JSON"', async () => {
    const tree = await tempTree();
    cleanup = tree.cleanup;
    await tree.write('flow.json', LFS_POINTER);
    const errors = (await collect(['flow.json'], { cwd: tree.root })).flatMap((g) => g.errors);
    expect(errors).toEqual([{ file: 'flow.json', message: expect.stringMatching(/Git LFS pointer/) }]);
  });
});
