/**
 * Hostile inputs (issue 7): each gives a clear input error that names the file, the archive entry
 * and the reason — or a correct result — in bounded time and memory, while a good flow beside it
 * is still linted; the run exits 2 when there was an input error, prints no stack trace and
 * writes nothing but its report. Every input is generated here, at test time.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, runFlowlint } from './helpers/cli.js';
import { deflated, flowWith, GOOD_FLOW, MiB, stackLines, writeRawZip, zeroBomb } from './helpers/hostile.js';

interface Report {
  findings: { ruleId: string; file: string; entry?: string; line?: number }[];
  errors: { file: string; entry?: string; message: string }[];
}

let root: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'flowlint-hostile-'));
});

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

/** A fresh folder holding `good.json` and the given files (text, bytes, or a builder). */
function folder(name: string, files: Record<string, string | Buffer> = {}): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'good.json'), GOOD_FLOW);
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), content);
  }
  return dir;
}

/** Lints `dir` in process with a JSON report; checks what every hostile case must satisfy. */
async function lintHostile(dir: string, args: string[] = ['.'], budgetMs = 5000): Promise<{ code: number; report: Report }> {
  const started = performance.now();
  const result = await runFlowlint([...args, '-f', 'json'], dir);
  const elapsed = performance.now() - started;
  expect(elapsed, 'bounded time').toBeLessThan(budgetMs);
  expect(stackLines(result.stdout + result.stderr), 'no stack trace').toEqual([]);
  const report = JSON.parse(result.stdout) as Report;
  // The good flow beside the hostile input is still linted.
  expect(
    report.findings.some((f) => f.file === 'good.json' && f.ruleId === 'secure-outputs-missing'),
    'good.json linted',
  ).toBe(true);
  return { code: result.code, report };
}

function errorFor(report: Report, file: string, entry?: string): string | undefined {
  return report.errors.find((e) => e.file === file && e.entry === entry)?.message;
}

describe('hostile zips', () => {
  it('zip bomb: an entry that inflates to 4 GiB is refused by its declared size, before inflating', async () => {
    const bomb = zeroBomb(4 * 1024 * MiB);
    const dir = folder('bomb-declared', {
      'bomb.zip': writeRawZip([{ name: 'Workflows/bomb.json', data: bomb, uncompressedSize: 0xfffffff0 }, deflated('Workflows/ok.json', GOOD_FLOW)]),
    });
    const { code, report } = await lintHostile(dir);
    expect(code).toBe(2);
    expect(errorFor(report, 'bomb.zip', 'Workflows/bomb.json')).toMatch(/^declared uncompressed size 4 GiB is over the limit of 20 MiB \(maxEntryBytes\); not inflated$/);
    expect(report.findings.some((f) => f.file === 'bomb.zip' && f.entry === 'Workflows/ok.json')).toBe(true);
  });

  it('zip bomb with a lying header: refused for its compressed size, or inflating stops one byte past the declared size', async () => {
    const before = process.memoryUsage().arrayBuffers;
    const dir = folder('bomb-lying', {
      'bomb.zip': writeRawZip([
        { name: 'four-gib.json', data: zeroBomb(4 * 1024 * MiB), uncompressedSize: 1000 },
        { name: 'sixteen-mib.json', data: zeroBomb(16 * MiB), uncompressedSize: 20_000 },
      ]),
    });
    const { code, report } = await lintHostile(dir);
    expect(code).toBe(2);
    expect(errorFor(report, 'bomb.zip', 'four-gib.json')).toMatch(/^entry is corrupt: its data does not match the declared size \(\d+ compressed bytes for 1000 declared\)$/);
    expect(errorFor(report, 'bomb.zip', 'sixteen-mib.json')).toBe(
      'entry is corrupt: its data does not match the declared size (inflates to more than the 20000 bytes declared; stopped)',
    );
    expect(process.memoryUsage().arrayBuffers - before, 'bounded memory').toBeLessThan(64 * MiB);
  });

  it('zip bomb declared just under the entry limit: refused for its compression ratio', async () => {
    const dir = folder('bomb-ratio', { 'bomb.zip': writeRawZip([{ name: 'bomb.json', data: zeroBomb(1024 * MiB).subarray(0, 70_000), uncompressedSize: 19 * MiB }]) });
    const { code, report } = await lintHostile(dir);
    expect(code).toBe(2);
    expect(errorFor(report, 'bomb.zip', 'bomb.json')).toMatch(/^declared compression ratio \d+:1 is over the limit of 200:1 \(maxCompressionRatio\); not inflated$/);
  });

  it('zips nested ten deep: opened down to the depth limit, then refused by name', async () => {
    let inner = writeRawZip([deflated('flow.json', GOOD_FLOW)]);
    for (let depth = 0; depth < 10; depth++) inner = writeRawZip([{ name: `level${depth}.zip`, data: inner, method: 0 }]);
    const { code, report } = await lintHostile(folder('nested', { 'nested.zip': inner }));
    expect(code).toBe(2);
    expect(report.errors.map(({ file, entry, message }) => ({ file, entry, message }))).toEqual([
      { file: 'nested.zip', entry: 'level9.zip!level8.zip!level7.zip', message: 'nested archive is deeper than the limit of 2 (maxArchiveDepth); not opened' },
    ]);
  });

  it('a zip with thousands of entries over maxEntries is refused whole, before any is read', async () => {
    const entries = Array.from({ length: 25_000 }, (_, i) => ({ name: `Workflows/f${i}.json`, data: Buffer.from('{}'), method: 0 as const }));
    const { code, report } = await lintHostile(folder('many', { 'many.zip': writeRawZip(entries) }));
    expect(code).toBe(2);
    expect(errorFor(report, 'many.zip')).toBe('archive declares 25000 entries, over the limit of 20000 (maxEntries); not read');
  });

  it('entry names with ../ and absolute paths are refused by name, and nothing is written anywhere', async () => {
    const dir = folder('names', {
      'names.zip': writeRawZip([
        deflated('../escaped.json', GOOD_FLOW),
        deflated('../../../../../../tmp/flowlint-escaped.json', GOOD_FLOW),
        deflated('/etc/flowlint-abs.json', GOOD_FLOW),
        deflated('C:\\Windows\\flowlint.json', GOOD_FLOW),
        deflated('a\\..\\..\\win.json', GOOD_FLOW),
        deflated('Workflows/ok.json', GOOD_FLOW),
      ]),
    });
    const before = [readdirSync(root).sort(), readdirSync(dir).sort()];
    const { code, report } = await lintHostile(dir);
    expect(code).toBe(2);
    expect(report.errors.map((e) => [e.entry, e.message])).toEqual([
      ['../escaped.json', "unsafe entry name: '..' segment leads outside the archive"],
      ['../../../../../../tmp/flowlint-escaped.json', "unsafe entry name: '..' segment leads outside the archive"],
      ['/etc/flowlint-abs.json', 'unsafe entry name: absolute path'],
      ['C:\\Windows\\flowlint.json', 'unsafe entry name: absolute path with a drive letter (backslashes read as /)'],
      ['a\\..\\..\\win.json', "unsafe entry name: '..' segment leads outside the archive (backslashes read as /)"],
    ]);
    expect(report.findings.some((f) => f.entry === 'Workflows/ok.json')).toBe(true);
    expect([readdirSync(root).sort(), readdirSync(dir).sort()]).toEqual(before);
  });

  it('duplicate entries: the first is read, the second named as a duplicate', async () => {
    const zip = writeRawZip([deflated('Workflows/a.json', GOOD_FLOW), deflated('Workflows/a.json', flowWith('second'))]);
    const { code, report } = await lintHostile(folder('duplicates', { 'dup.zip': zip }));
    expect(code).toBe(2);
    expect(errorFor(report, 'dup.zip', 'Workflows/a.json')).toBe('duplicate entry name: an earlier entry has the same path; only the first is read');
    expect(report.findings.some((f) => f.entry === 'Workflows/a.json' && f.ruleId === 'secure-outputs-missing')).toBe(true);
  });

  it('a truncated zip and bytes that only start like a zip are input errors', async () => {
    const whole = writeRawZip([deflated('Workflows/a.json', GOOD_FLOW)]);
    const { code, report } = await lintHostile(folder('truncated', { 'cut.zip': whole.subarray(0, whole.length - 30), 'fake.zip': Buffer.from('PK\x03\x04 and then nothing') }));
    expect(code).toBe(2);
    expect(errorFor(report, 'cut.zip')).toMatch(/^not a valid zip archive/);
    expect(errorFor(report, 'fake.zip')).toMatch(/^not a valid zip archive/);
  });
});

const BILLION_LAUGHS = `<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<ImportExportXml><SolutionManifest><UniqueName>&lol9;</UniqueName></SolutionManifest></ImportExportXml>`;

const EXTERNAL_ENTITY = `<?xml version="1.0"?>
<!DOCTYPE ImportExportXml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<ImportExportXml><Workflows><Workflow Name="&xxe;" /></Workflows></ImportExportXml>`;

describe('hostile XML', () => {
  it('billion laughs as Other/Solution.xml: refused, the solution flows still linted', async () => {
    const dir = folder('laughs', { 'sol/Other/Solution.xml': BILLION_LAUGHS, 'sol/Workflows/Flow-11111111-2222-3333-4444-555555555555.json': GOOD_FLOW });
    const { code, report } = await lintHostile(dir);
    expect(code).toBe(2);
    expect(errorFor(report, 'sol/Other/Solution.xml')).toBe('XML declares a DOCTYPE with entities; refusing to expand them');
    expect(report.findings.some((f) => f.file === 'sol/Workflows/Flow-11111111-2222-3333-4444-555555555555.json')).toBe(true);
  });

  it('an external entity in customizations.xml is refused, and the file it names is never read', async () => {
    const zip = writeRawZip([deflated('customizations.xml', EXTERNAL_ENTITY), deflated('Workflows/ok.json', GOOD_FLOW)]);
    const dir = folder('xxe', { 'xxe.zip': zip });
    const result = await runFlowlint(['.', '-f', 'json'], dir);
    expect(result.code).toBe(2);
    expect(result.stdout).not.toMatch(/root:x:0:0/);
    const report = JSON.parse(result.stdout) as Report;
    expect(report.errors.map((e) => [e.file, e.entry, e.message])).toEqual([['xxe.zip', 'customizations.xml', 'XML declares a DOCTYPE with entities; refusing to expand them']]);
    expect(report.findings.some((f) => f.entry === 'Workflows/ok.json')).toBe(true);
  });

  it('XML nested 10,000 deep and unbalanced XML are input errors with a position', async () => {
    const deep = `<environmentvariabledefinition>${'<a>'.repeat(10_000)}${'</a>'.repeat(10_000)}</environmentvariabledefinition>`;
    const { code, report } = await lintHostile(
      folder('xml-deep', { 'deep.xml': deep, 'broken.xml': '<environmentvariabledefinition schemaname="x"><a></b></environmentvariabledefinition>' }),
    );
    expect(code).toBe(2);
    expect(errorFor(report, 'deep.xml')).toBe('invalid XML at line 1, column 1565: elements nested too deeply');
    expect(errorFor(report, 'broken.xml')).toBe('invalid XML at line 1, column 50: closing tag does not match the element opened at line 1, column 47');
  });

  it('20,000 distinct tokens in one customizations.xml are each reported on their own line, in bounded time', async () => {
    // Comparing every pair of credentials in a document, and searching the whole text for each, took 32 s here.
    const token = (i: number) => `ghp_${`R8f2Kq9ZtW3xLm7Vb1Nc5Yd0Hs4Jg6Pa2Ue8${i.toString(36)}`.slice(-36)}`;
    const entities = Array.from({ length: 20_000 }, (_, i) => `<Entity><Name>${token(i)}</Name></Entity>`).join('\n');
    const { report } = await lintHostile(
      folder('many-tokens', {
        'sol/Other/Solution.xml': '<ImportExportXml><SolutionManifest><UniqueName>Tokens</UniqueName></SolutionManifest></ImportExportXml>',
        'sol/Other/Customizations.xml': `<ImportExportXml><Entities>${entities}</Entities></ImportExportXml>`,
      }),
    );
    const lines = report.findings.filter((f) => f.file === 'sol/Other/Customizations.xml').map((f) => f.line);
    expect(lines).toHaveLength(20_000);
    expect(new Set(lines).size).toBe(20_000);
  }, 60_000);

  it('a tag with 100,000 attributes is read in bounded time, and a repeated one among them is still refused', async () => {
    // The check for repeated names and for '<' in values was quadratic in the number of attributes (16 s here).
    const attributes = Array.from({ length: 100_000 }, (_, i) => `a${i}="v"`).join(' ');
    const { code, report } = await lintHostile(
      folder('many-attributes', {
        'sol/Other/Solution.xml': '<ImportExportXml><SolutionManifest><UniqueName>Many</UniqueName></SolutionManifest></ImportExportXml>',
        'sol/Other/Customizations.xml': `<ImportExportXml><Workflows><Workflow ${attributes}/></Workflows></ImportExportXml>`,
        'repeated.xml': `<environmentvariabledefinition ${attributes} a99999="w"/>`,
      }),
    );
    expect(code).toBe(2);
    expect(report.errors.map((e) => [e.entry ?? e.file, e.message.replace(/ at line.*: /, ': ')])).toEqual([['repeated.xml', 'invalid XML: attribute repeated in one element']]);
  }, 30_000);
});

describe('hostile JSON and text', () => {
  it('JSON nested 10,000 deep is refused before parsing', async () => {
    const { code, report } = await lintHostile(
      folder('json-deep', { 'deep.json': `${'['.repeat(10_000)}${']'.repeat(10_000)}`, 'deep-objects.json': `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}` }),
    );
    expect(code).toBe(2);
    expect(errorFor(report, 'deep.json')).toBe('JSON nested deeper than 512 levels');
    expect(errorFor(report, 'deep-objects.json')).toBe('JSON nested deeper than 512 levels');
  });

  it('a single string just under the size limit (19 MiB) is read and linted', async () => {
    const { code, report } = await lintHostile(folder('big-string', { 'big.json': flowWith('x'.repeat(19 * MiB)) }), ['.'], 15_000);
    expect(code).toBe(1);
    expect(report.errors).toEqual([]);
    expect(report.findings.some((f) => f.file === 'big.json')).toBe(true);
  }, 30_000);

  it('long runs of one character are linted in bounded time (no pattern rescans a run from each of its characters)', async () => {
    // Each of these took from 6 s to minutes before its pattern was fixed.
    const run = (unit: string) => unit.repeat(100_000 / unit.length);
    const actions = {
      Host: { type: 'Http', inputs: { method: 'GET', uri: `https://${run('a')}/x` }, runAfter: {} },
      Query: { type: 'Http', inputs: { method: 'GET', uri: `https://h.example/?client_secret=${run('#')}\n` }, runAfter: {} },
      Form: { type: 'Http', inputs: { method: 'POST', uri: 'https://h.example/token', body: `client_secret=x&grant_type=${run(' ')}` }, runAfter: {} },
      Scheme: { type: 'Compose', inputs: `https://${run('kv-')}`, runAfter: {} },
      Keys: { type: 'Compose', inputs: { [`x${run('\t')}Password`]: 'hunter2hunter2' }, runAfter: {} },
      Braces: { type: 'Http', inputs: { method: 'GET', uri: 'https://h.example/', headers: { 'x-api-key': `k${run('{')}` } }, runAfter: {} },
    };
    const flow = JSON.stringify({ properties: { definition: { triggers: {}, actions } } });
    const { report } = await lintHostile(folder('long-runs', { 'runs.json': flow }), ['.']);
    expect(report.errors).toEqual([]);
  }, 60_000);

  it('invalid UTF-8 and invalid UTF-16 are input errors that say where', async () => {
    const utf8 = Buffer.concat([Buffer.from('{"a": "caf'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]);
    const oddUtf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('{}', 'utf16le'), Buffer.from([0x00])]);
    const loneSurrogate = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('{"a":"', 'utf16le'), Buffer.from([0x00, 0xd8]), Buffer.from('"}', 'utf16le')]);
    const { code, report } = await lintHostile(folder('encodings', { 'latin.json': utf8, 'odd.json': oddUtf16, 'surrogate.json': loneSurrogate }));
    expect(code).toBe(2);
    expect(errorFor(report, 'latin.json')).toBe('not valid UTF-8 text (byte 0xc3 at offset 10); save the file as UTF-8 (or UTF-16 with a byte-order mark)');
    expect(errorFor(report, 'odd.json')).toBe('not valid UTF-16LE text: odd number of bytes after the byte-order mark');
    expect(errorFor(report, 'surrogate.json')).toBe('not valid UTF-16LE text: unpaired surrogate');
  });

  it('BOMs: UTF-8, UTF-16LE and UTF-16BE files are read like any other', async () => {
    const utf16be = Buffer.from(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(GOOD_FLOW, 'utf16le')]).subarray(2)).swap16();
    const dir = folder('boms', {
      'utf8.json': `\uFEFF${GOOD_FLOW}`,
      'utf16le.json': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(GOOD_FLOW, 'utf16le')]),
      'utf16be.json': Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be]),
    });
    const { code, report } = await lintHostile(dir);
    expect(code).toBe(1);
    expect(report.errors).toEqual([]);
    for (const file of ['utf8.json', 'utf16le.json', 'utf16be.json']) {
      expect(
        report.findings.some((f) => f.file === file && f.ruleId === 'secure-outputs-missing'),
        file,
      ).toBe(true);
    }
  });

  it('duplicate JSON keys: reported, and the hidden first value is still scanned', async () => {
    const text = GOOD_FLOW.replace(
      '"triggers"',
      '"parameters":{"token":{"type":"String","defaultValue":"ghp_R8f2Kq9ZtW3xLm7Vb1Nc5Yd0Hs4Jg6Pa2Ue8"},"token":{"type":"SecureString"}},"triggers"',
    );
    const { code, report } = await lintHostile(folder('duplicate-keys', { 'dup.json': text }));
    expect(code).toBe(1);
    const rules = report.findings.filter((f) => f.file === 'dup.json').map((f) => f.ruleId);
    expect(rules).toContain('duplicate-json-key');
    expect(rules).toContain('hardcoded-secret');
  });

  it('__proto__ and constructor keys neither pollute prototypes nor stop the run', async () => {
    const hostile = GOOD_FLOW.replace('{"properties"', '{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},"properties"').replace(
      '"runAfter":{}',
      '"runAfter":{},"__proto__":{"type":"Http"}',
    );
    const { code, report } = await lintHostile(folder('proto', { 'proto.json': hostile }));
    expect(code).toBe(1);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('type');
    expect(report.findings.some((f) => f.file === 'proto.json' && f.ruleId === 'secure-outputs-missing')).toBe(true);
  });
});

describe('hostile folders', () => {
  it('symlink loops end, and the files around them are linted once', async () => {
    const dir = folder('loops', { 'sub/flow.json': GOOD_FLOW });
    symlinkSync(dir, join(dir, 'sub', 'back-to-top'));
    symlinkSync(join(dir, 'b'), join(dir, 'a'));
    symlinkSync(join(dir, 'a'), join(dir, 'b'));
    const { report } = await lintHostile(dir);
    expect(report.findings.filter((f) => f.ruleId === 'secure-outputs-missing').map((f) => f.file)).toEqual(['good.json', 'sub/flow.json']);
  });

  it('a dangling symlink, a folder named like a file and (when not root) an unreadable file', async () => {
    const dir = folder('unreadable', { 'sol/Other/Solution.xml': '<ImportExportXml><SolutionManifest><UniqueName>S</UniqueName></SolutionManifest></ImportExportXml>' });
    symlinkSync(join(dir, 'missing-target.json'), join(dir, 'sol', 'dangling.json'));
    mkdirSync(join(dir, 'folder.json'));
    const isRoot = process.getuid?.() === 0;
    if (!isRoot) {
      writeFileSync(join(dir, 'locked.json'), GOOD_FLOW);
      chmodSync(join(dir, 'locked.json'), 0o000);
    }
    const { code, report } = await lintHostile(dir);
    expect(code).toBe(2);
    expect(errorFor(report, 'sol/dangling.json')).toBe('broken symbolic link: its target does not exist');
    if (!isRoot) expect(errorFor(report, 'locked.json')).toBe('cannot read file: permission denied');
    // Named directly, the dangling link is still an input error, not a crash.
    const named = await runFlowlint(['sol/dangling.json', 'good.json', '-f', 'json'], dir);
    expect(named.code).toBe(2);
    expect((JSON.parse(named.stdout) as Report).errors.map((e) => [e.file, e.message])).toEqual([['sol/dangling.json', 'no such file or directory']]);
  });

  it('a FIFO named on the command line is refused, not read forever', async () => {
    const dir = folder('fifo');
    if (spawnSync('mkfifo', [join(dir, 'pipe.json')]).status !== 0) return;
    const { code, report } = await lintHostile(dir, ['pipe.json', 'good.json', '.']);
    expect(code).toBe(2);
    expect(errorFor(report, 'pipe.json')).toBe('a FIFO (named pipe), not a regular file or folder; not read');
  });
});

describe('all of it at once, through the real binary', () => {
  it.each(['1', '2'])(
    'exits 2, names every bad input, lints the good ones, stays under 300 MiB, and writes only its report (--jobs %s)',
    async (jobs) => {
      const dir = folder(`everything-${jobs}`, {
        'bomb.zip': writeRawZip([{ name: 'bomb.json', data: zeroBomb(1024 * MiB), uncompressedSize: 1000 }, deflated('Workflows/ok.json', GOOD_FLOW)]),
        'names.zip': writeRawZip([deflated('../escaped.json', GOOD_FLOW)]),
        'laughs/Other/Solution.xml': BILLION_LAUGHS,
        'deep.json': '['.repeat(20_000),
        'latin.json': Buffer.from([0x7b, 0xff, 0x7d]),
        'jszip.zip': await new JSZip().file('Workflows/z.json', GOOD_FLOW).generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }),
      });
      symlinkSync(dir, join(dir, 'loop'));
      const out = join(mkdtempSync(join(tmpdir(), 'flowlint-hostile-out-')), 'report.sarif');
      const rssFile = join(dirname(out), 'rss');
      const before = readdirSync(dir).sort();
      const child = spawnSync(
        process.execPath,
        ['--import', new URL('../scripts/bench-rss.mjs', import.meta.url).href, join(repoRoot, 'dist/src/cli/main.js'), '.', '-f', `sarif:${out}`, '--jobs', jobs],
        {
          cwd: dir,
          encoding: 'utf8',
          env: { ...process.env, FLOWLINT_BENCH_RSS: rssFile },
          timeout: 20_000,
        },
      );
      expect(child.status).toBe(2);
      expect(stackLines(child.stdout + child.stderr)).toEqual([]);
      expect(readdirSync(dir).sort()).toEqual(before);
      expect(readdirSync(dirname(out)).sort()).toEqual(['report.sarif', 'rss']);
      const peakKiB = Number(spawnSync('cat', [rssFile], { encoding: 'utf8' }).stdout);
      expect(peakKiB / 1024, 'peak RSS in MiB').toBeLessThan(300);
      const sarif = JSON.parse(spawnSync('cat', [out], { encoding: 'utf8', maxBuffer: 64 * MiB }).stdout) as {
        runs: {
          results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[];
          invocations: { toolExecutionNotifications: { message: { text: string } }[] }[];
        }[];
      };
      const notes = sarif.runs[0].invocations[0].toolExecutionNotifications.map((n) => n.message.text);
      for (const expected of ['bomb.zip', 'names.zip', 'laughs/Other/Solution.xml', 'deep.json', 'latin.json']) {
        expect(
          notes.some((text) => text.includes(expected)),
          expected,
        ).toBe(true);
      }
      const linted = new Set(sarif.runs[0].results.map((r) => r.locations[0].physicalLocation.artifactLocation.uri));
      expect([...linted].sort()).toEqual(expect.arrayContaining(['bomb.zip', 'good.json', 'jszip.zip']));
      rmSync(dirname(out), { recursive: true, force: true });
    },
    30_000,
  );
});
