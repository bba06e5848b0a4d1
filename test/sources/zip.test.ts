import { describe, expect, it } from 'vitest';
import { crc32, endOfCentralDirectory, zipEntryHeaders } from '../../fixtures/zip-records.mjs';
import { checkEntryName, isRelevantEntry } from '../../src/sources/index.js';
import { buildZip, declareUncompressedSize, FLOW_JSON, packageZipEntries, pseudoRandomBytes, readZipGroups, renameEntry, solutionZipEntries } from './helpers.js';

const MiB = 1024 * 1024;

/** A stored entry's local header and data, and its central header for a given offset. */
function rawEntry(name: string, text: string): { local: Buffer; data: Buffer; central: (offset: number) => Buffer } {
  const data = Buffer.from(text);
  const fields = { name: Buffer.from(name), method: 0, crc: crc32(data), compressedSize: data.length, size: data.length };
  return { local: zipEntryHeaders({ ...fields, offset: 0 }).local, data, central: (offset) => zipEntryHeaders({ ...fields, offset }).central };
}

const paths = (group: { files: readonly { path: string }[] }): string[] => group.files.map((f) => f.path);

describe('readZip: exports', () => {
  it('reads the relevant members of a solution zip and skips the rest without inflating', async () => {
    const groups = await readZipGroups(await buildZip(solutionZipEntries()), undefined, 'out/Contoso_1_0_0_0.zip');
    expect(groups).toHaveLength(1);
    const [group] = groups;
    expect(group.kind).toBe('archive');
    expect(group.root).toEqual({ file: 'out/Contoso_1_0_0_0.zip' });
    expect(group.errors).toEqual([]);
    expect(paths(group)).toEqual([
      '[Content_Types].xml',
      'solution.xml',
      'customizations.xml',
      'Workflows/Notify-11111111-2222-3333-4444-555555555555.json',
      'environmentvariabledefinitions/cts_Secret/environmentvariabledefinition.xml',
    ]);
    const flow = group.files[3];
    expect(flow.source).toEqual({ file: 'out/Contoso_1_0_0_0.zip', entry: 'Workflows/Notify-11111111-2222-3333-4444-555555555555.json' });
    expect(flow.bytes.toString('utf8')).toBe(FLOW_JSON);
  });

  it('reads a legacy package zip', async () => {
    const [group] = await readZipGroups(await buildZip(packageZipEntries()));
    expect(group.errors).toEqual([]);
    expect(paths(group)).toContain('Microsoft.Flow/flows/abc/definition.json');
    expect(paths(group)).toContain('manifest.json');
  });

  it('reads entry names written with backslashes as folders', async () => {
    const [group] = await readZipGroups(await buildZip({ 'Workflows\\a.json': '{}' }));
    expect(group.errors).toEqual([]);
    expect(group.files[0].path).toBe('Workflows/a.json');
  });

  it('opens nested zips as groups of their own, naming members with `!`', async () => {
    const inner = await buildZip(solutionZipEntries());
    const outer = await buildZip({ 'README.md': 'x', 'solutions/inner.zip': inner, 'notes.json': '{}' });
    const groups = await readZipGroups(outer, undefined, 'wrapper.zip');
    expect(groups.map((g) => g.root)).toEqual([{ file: 'wrapper.zip' }, { file: 'wrapper.zip', entry: 'solutions/inner.zip' }]);
    expect(paths(groups[0])).toEqual(['notes.json']);
    const nested = groups[1];
    expect(nested.kind).toBe('archive');
    expect(nested.files[1].path).toBe('solution.xml');
    expect(nested.files[1].source).toEqual({ file: 'wrapper.zip', entry: 'solutions/inner.zip!solution.xml' });
  });

  it('joins every level of nesting with `!` and stops at maxArchiveDepth', async () => {
    const level3 = await buildZip({ 'deep.json': '{}' });
    const level2 = await buildZip({ 'c.zip': level3, 'two.json': '{}' });
    const level1 = await buildZip({ 'b.zip': level2 });
    const outer = await buildZip({ 'a.zip': level1 });

    const all = await readZipGroups(outer, { maxArchiveDepth: 3 });
    expect(all.map((g) => g.root.entry)).toEqual([undefined, 'a.zip', 'a.zip!b.zip', 'a.zip!b.zip!c.zip']);
    expect(all[3].files[0].source.entry).toBe('a.zip!b.zip!c.zip!deep.json');

    const limited = await readZipGroups(outer, { maxArchiveDepth: 2 });
    expect(limited.map((g) => g.root.entry)).toEqual([undefined, 'a.zip', 'a.zip!b.zip']);
    expect(limited[2].files.map((f) => f.source.entry)).toEqual(['a.zip!b.zip!two.json']);
    expect(limited[2].errors).toEqual([{ file: 'in.zip', entry: 'a.zip!b.zip!c.zip', message: expect.stringMatching(/deeper than the limit of 2 \(maxArchiveDepth\)/) }]);
  });

  it('refuses a nested .zip entry that is not a zip, naming it', async () => {
    const groups = await readZipGroups(await buildZip({ 'fake.zip': 'hello', 'a.json': '{}' }));
    expect(groups).toHaveLength(2);
    expect(paths(groups[0])).toEqual(['a.json']);
    expect(groups[1].root).toEqual({ file: 'in.zip', entry: 'fake.zip' });
    expect(groups[1].errors).toEqual([{ file: 'in.zip', entry: 'fake.zip', message: expect.stringMatching(/^not a valid zip archive/) }]);
  });
});

describe('readZip: corrupt archives', () => {
  it('reports random bytes after a PK header as one InputError naming the file', async () => {
    const bytes = Buffer.concat([Buffer.from('PK\x03\x04'), pseudoRandomBytes(4096)]);
    const groups = await readZipGroups(bytes, undefined, 'broken.zip');
    expect(groups).toEqual([
      {
        kind: 'archive',
        root: { file: 'broken.zip' },
        files: [],
        errors: [{ file: 'broken.zip', message: 'not a valid zip archive: end of central directory not found (not a zip file, or truncated)' }],
      },
    ]);
  });

  it('reports a truncated zip', async () => {
    const whole = await buildZip(solutionZipEntries());
    const [group] = await readZipGroups(whole.subarray(0, Math.floor(whole.length / 2)), undefined, 'cut.zip');
    expect(group.files).toEqual([]);
    expect(group.errors).toHaveLength(1);
    expect(group.errors[0].file).toBe('cut.zip');
    expect(group.errors[0].message).toMatch(/^not a valid zip archive: /);
  });

  it('keeps the entries read before a corrupt central directory record', async () => {
    const zip = await buildZip({ 'a.json': '{}', 'b.json': '{}' });
    const second = zip.indexOf('PK\x01\x02', zip.indexOf('PK\x01\x02') + 4);
    zip.write('XX', second, 'latin1');
    const [group] = await readZipGroups(zip);
    expect(paths(group)).toEqual(['a.json']);
    expect(group.errors).toEqual([{ file: 'in.zip', message: expect.stringMatching(/^cannot read the rest of the archive after 1 of 2 entries: invalid central directory/) }]);
  });

  it('reports an entry whose data is corrupt and reads the others', async () => {
    const zip = await buildZip({ 'a.json': JSON.stringify({ text: 'a'.repeat(5000) }), 'b.json': '{}' });
    // Overwrite a's deflated data (it starts after the 30-byte local header and the name).
    zip.fill(0xff, 30 + 'a.json'.length, 30 + 'a.json'.length + 8);
    const [group] = await readZipGroups(zip);
    expect(paths(group)).toEqual(['b.json']);
    expect(group.errors).toEqual([{ file: 'in.zip', entry: 'a.json', message: expect.stringMatching(/^entry is corrupt/) }]);
  });
});

describe('readZip: entries that share bytes', () => {
  /** Two entries, a.json then b.json, stored (method 0) so offsets are easy to reason about. */
  function twoEntries(): { zip: Buffer; centralB: number } {
    const a = rawEntry('a.json', '{"a":"' + 'x'.repeat(200) + '"}');
    const b = rawEntry('b.json', '{"b":1}');
    const local = Buffer.concat([a.local, a.data, b.local, b.data]);
    const directory = Buffer.concat([a.central(0), b.central(a.local.length + a.data.length)]);
    const zip = Buffer.concat([local, directory, endOfCentralDirectory(2, directory.length, local.length)]);
    return { zip, centralB: local.length + a.central(0).length };
  }

  it.each([
    ['at the same local header', (offsetOfB: number): number => 0 * offsetOfB],
    ["inside the other entry's data", (): number => 30 + 'a.json'.length + 40],
    ['one byte before the other entry ends', (offsetOfB: number): number => offsetOfB - 1],
  ])('refuses an entry whose local header lies %s, and reads no further', async (_case, place) => {
    const { zip, centralB } = twoEntries();
    const offsetOfB = zip.readUInt32LE(centralB + 42);
    zip.writeUInt32LE(place(offsetOfB), centralB + 42);
    // A local header must be found there, or the entry fails as corrupt instead.
    const target = place(offsetOfB);
    if (zip.readUInt32LE(target) !== 0x04034b50) {
      zip.writeUInt32LE(0x04034b50, target);
      zip.writeUInt32LE(0, target + 26);
    }
    const [group] = await readZipGroups(zip);
    expect(paths(group)).toEqual(['a.json']);
    expect(group.errors.map((e) => [e.entry, e.message])).toEqual([
      ['b.json', 'entry shares bytes with entry a.json: no zip writer produces this (a zip-bomb construction); not read'],
    ]);
  });

  it('refuses an entry whose local header extra field pushes its data onto the next entry', async () => {
    const { zip } = twoEntries();
    // a.json's local extra-field length grows by 16: its data now ends inside b.json's header.
    zip.writeUInt16LE(16, 28);
    const [group] = await readZipGroups(zip);
    expect(group.errors.map((e) => e.entry)).toEqual(['b.json']);
  });

  it('reads entries laid end to end, as every zip writer lays them', async () => {
    const [group] = await readZipGroups(twoEntries().zip);
    expect(paths(group)).toEqual(['a.json', 'b.json']);
    expect(group.errors).toEqual([]);
  });
});

describe('readZip: limits', () => {
  const fiveMiBOfZeros = Buffer.alloc(5 * MiB, 0x30);

  it('refuses an entry whose declared size passes maxEntryBytes, naming it, and reads the others', async () => {
    const zip = await buildZip({ 'a.json': '{}', 'Workflows/huge.json': fiveMiBOfZeros, 'z.json': '[]' });
    const [group] = await readZipGroups(zip, { maxEntryBytes: MiB });
    expect(paths(group)).toEqual(['a.json', 'z.json']);
    expect(group.errors).toEqual([
      {
        file: 'in.zip',
        entry: 'Workflows/huge.json',
        message: 'declared uncompressed size 5 MiB is over the limit of 1 MiB (maxEntryBytes); not inflated',
      },
    ]);
  });

  it('refuses entries that together inflate past maxCompressionRatio, though each is too small to be checked alone', async () => {
    const halfMiB = Buffer.alloc(MiB / 2, 0x30);
    const members = Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`Workflows/f${i}.json`, halfMiB]));
    const [group] = await readZipGroups(await buildZip({ 'a.json': '{}', ...members }));
    // a.json and one half stay under the 1 MiB a ratio is judged at; the second half passes it.
    expect(paths(group)).toEqual(['a.json', 'Workflows/f0.json']);
    expect(group.errors).toEqual([
      {
        file: 'in.zip',
        entry: 'Workflows/f1.json',
        message: expect.stringMatching(/^the entries read so far inflate \d+:1 together, over the limit of 200:1 \(maxCompressionRatio\); not inflated$/),
      },
      { file: 'in.zip', message: "6 more entries were not read: the archive's entries inflate more than 200:1 together (maxCompressionRatio)" },
    ]);
    // Real exports compress about 10:1 and are read whole.
    const [real] = await readZipGroups(
      await buildZip({ ...Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`Workflows/f${i}.json`, pseudoRandomBytes(MiB / 2).toString('base64')])) }),
    );
    expect(real.errors).toEqual([]);
  });

  it('stops an entry that inflates past its declared size (a lying header), and reads the others', async () => {
    const honest = await buildZip({ 'a.json': '{}', 'bomb.json': fiveMiBOfZeros, 'z.json': '[]' });
    const lying = declareUncompressedSize(honest, 'bomb.json', 1000);
    const heapBefore = process.memoryUsage().arrayBuffers;
    const [group] = await readZipGroups(lying, { maxEntryBytes: MiB });
    expect(paths(group)).toEqual(['a.json', 'z.json']);
    expect(group.errors).toEqual([{ file: 'in.zip', entry: 'bomb.json', message: expect.stringMatching(/^entry is corrupt: its data does not match the declared size/) }]);
    // Inflating stopped within a chunk or two: nowhere near the 5 MiB the entry holds.
    expect(process.memoryUsage().arrayBuffers - heapBefore).toBeLessThan(4 * MiB);
  });

  it('refuses an entry whose compression ratio passes maxCompressionRatio', async () => {
    const zip = await buildZip({ 'bomb.json': fiveMiBOfZeros, 'small.json': Buffer.alloc(100 * 1024, 0x30) });
    const [group] = await readZipGroups(zip, { maxCompressionRatio: 100 });
    // The small entry compresses as well, but under 1 MiB the ratio is not held against it.
    expect(paths(group)).toEqual(['small.json']);
    expect(group.errors).toEqual([
      { file: 'in.zip', entry: 'bomb.json', message: expect.stringMatching(/^declared compression ratio \d+:1 is over the limit of 100:1 \(maxCompressionRatio\)/) },
    ]);
  });

  it('refuses an archive that declares more entries than maxEntries, before reading any', async () => {
    const entries = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`f${i}.json`, '{}']));
    const [group] = await readZipGroups(await buildZip(entries), { maxEntries: 10 });
    expect(group.files).toEqual([]);
    expect(group.errors).toEqual([{ file: 'in.zip', message: 'archive declares 30 entries, over the limit of 10 (maxEntries); not read' }]);
  });

  it('stops at the total byte budget, counting nested archives toward the outer one', async () => {
    // 250 KiB of base64 text each; the inner zip itself is ~190 KiB.
    const text = (seed: number): string => pseudoRandomBytes(192_000, seed).toString('base64');
    const inner = await buildZip({ 'inner-big.json': text(1) });
    const zip = await buildZip({ 'a.json': text(2), 'inner.zip': inner, 'b.json': '{}' });
    const groups = await readZipGroups(zip, { maxArchiveBytes: 600 * 1024 });
    // a.json + inner.zip's own bytes + b.json fit; inner.zip's member would pass the shared budget.
    expect(paths(groups[0])).toEqual(['a.json', 'b.json']);
    expect(groups[1].root).toEqual({ file: 'in.zip', entry: 'inner.zip' });
    expect(groups[1].files).toEqual([]);
    expect(groups[1].errors).toEqual([
      { file: 'in.zip', entry: 'inner.zip!inner-big.json', message: expect.stringMatching(/total uncompressed size limit of 600 KiB \(maxArchiveBytes\)/) },
    ]);
  });

  it('counts the entries it skipped once the budget ran out', async () => {
    const big = pseudoRandomBytes(200 * 1024, 3).toString('base64');
    const zip = await buildZip({ 'a.json': big, 'b.json': big, 'c.json': '{}', 'd.json': '{}' });
    const [group] = await readZipGroups(zip, { maxArchiveBytes: 300 * 1024 });
    expect(paths(group)).toEqual(['a.json']);
    expect(group.errors.map((e) => [e.entry, e.message.slice(0, 40)])).toEqual([
      ['b.json', 'reading this entry would pass the archiv'],
      [undefined, '2 more entries were not read: the archiv'],
    ]);
  });
});

describe('readZip: entry names', () => {
  it('refuses `../` and absolute names, naming each, and reads the rest', async () => {
    const zip = await buildZip({
      '../evil.json': '{}',
      '/abs.json': '{}',
      'a\\..\\..\\win.json': '{}',
      'C:\\temp\\drive.json': '{}',
      'ok.json': '{}',
    });
    const [group] = await readZipGroups(zip);
    expect(paths(group)).toEqual(['ok.json']);
    expect(group.errors).toEqual([
      { file: 'in.zip', entry: '../evil.json', message: "unsafe entry name: '..' segment leads outside the archive" },
      { file: 'in.zip', entry: '/abs.json', message: 'unsafe entry name: absolute path' },
      { file: 'in.zip', entry: 'a\\..\\..\\win.json', message: "unsafe entry name: '..' segment leads outside the archive (backslashes read as /)" },
      { file: 'in.zip', entry: 'C:\\temp\\drive.json', message: 'unsafe entry name: absolute path with a drive letter (backslashes read as /)' },
    ]);
  });

  it('refuses the second of two entries with the same name', async () => {
    const zip = renameEntry(await buildZip({ 'Workflows/a.json': '{"first":1}', 'Workflows/b.json': '{"second":2}' }), 'Workflows/b.json', 'Workflows/a.json');
    const [group] = await readZipGroups(zip);
    expect(group.files.map((f) => f.bytes.toString())).toEqual(['{"first":1}']);
    expect(group.errors).toEqual([{ file: 'in.zip', entry: 'Workflows/a.json', message: 'duplicate entry name: an earlier entry has the same path; only the first is read' }]);
  });

  it('treats `a\\b.json` and `a/b.json` as the same name', async () => {
    const [group] = await readZipGroups(await buildZip({ 'a/b.json': '{}', 'a\\b.json': '[]' }));
    expect(paths(group)).toEqual(['a/b.json']);
    expect(group.errors[0].message).toMatch(/^duplicate entry name/);
  });

  it('checkEntryName normalises safe names and explains unsafe ones', () => {
    expect(checkEntryName('./Workflows//x.json')).toEqual({ name: 'Workflows/x.json', isDirectory: false });
    expect(checkEntryName('Workflows/')).toEqual({ name: 'Workflows', isDirectory: true });
    expect(checkEntryName('..\\x.json')).toEqual({ problem: "unsafe entry name: '..' segment leads outside the archive (backslashes read as /)" });
    expect(checkEntryName('\\\\server\\share\\x.json')).toEqual({ problem: 'unsafe entry name: absolute path (backslashes read as /)' });
    expect(checkEntryName('a\u0000.json')).toEqual({ problem: 'unsafe entry name: contains control characters' });
  });
});

describe('isRelevantEntry', () => {
  it('keeps JSON, XML, nested zips and Office Scripts; skips the rest', () => {
    for (const name of ['a.json', 'Other/Solution.XML', 'inner.zip', 'script.osts', 'x.json.data.xml']) expect(isRelevantEntry(name)).toBe(true);
    for (const name of ['app.msapp', 'logo.png', 'lib.dll', 'README.md', 'script.ps1', 'noext']) expect(isRelevantEntry(name)).toBe(false);
  });
});
