/**
 * Test helpers: zips built with jszip at test time (no binary fixtures), byte-level patches for
 * zips jszip refuses to write (duplicate names, lying sizes), and throwaway folders.
 */
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import JSZip from 'jszip';
import { collectInputs, readZip, type CollectOptions, type InputGroup, type InputLimits } from '../../src/sources/index.js';

export type ZipContent = string | Buffer;

/** Builds a deflated zip; names are written exactly as given (no folder entries added). */
export async function buildZip(entries: Record<string, ZipContent>): Promise<Buffer> {
  const zip = new JSZip();
  for (const [name, content] of Object.entries(entries)) zip.file(name, content, { createFolders: false });
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 9 } });
}

export const SOLUTION_XML = `<?xml version="1.0" encoding="utf-8"?>
<ImportExportXml version="9.2"><SolutionManifest><UniqueName>Contoso</UniqueName><Version>1.0.0.0</Version><Managed>0</Managed></SolutionManifest></ImportExportXml>`;
export const CUSTOMIZATIONS_XML = `<?xml version="1.0" encoding="utf-8"?><ImportExportXml><Workflows /></ImportExportXml>`;
export const FLOW_JSON = JSON.stringify({ properties: { definition: { triggers: {}, actions: {} } } });

/** The members of a small solution export, as `pac solution export` lays them out. */
export function solutionZipEntries(): Record<string, ZipContent> {
  return {
    '[Content_Types].xml': '<?xml version="1.0"?><Types />',
    'solution.xml': SOLUTION_XML,
    'customizations.xml': CUSTOMIZATIONS_XML,
    'Workflows/Notify-11111111-2222-3333-4444-555555555555.json': FLOW_JSON,
    'environmentvariabledefinitions/cts_Secret/environmentvariabledefinition.xml': '<environmentvariabledefinition />',
    'CanvasApps/app.msapp': Buffer.from('PK\x03\x04 not inflated'),
    'WebResources/logo.png': Buffer.alloc(64, 1),
  };
}

/** The members of a legacy (My flows -> Export -> Package) zip. */
export function packageZipEntries(): Record<string, ZipContent> {
  return {
    'manifest.json': JSON.stringify({ schema: '1.0', details: { displayName: 'Flow' }, resources: {} }),
    'Microsoft.Flow/flows/manifest.json': JSON.stringify({ packageSchemaVersion: '1.0', flowAssets: { assetPaths: ['abc'] } }),
    'Microsoft.Flow/flows/abc/definition.json': FLOW_JSON,
    'Microsoft.Flow/flows/abc/apisMap.json': '{}',
    'Microsoft.Flow/flows/abc/connectionsMap.json': '{}',
  };
}

/** Every group of one zip given as bytes. */
export async function readZipGroups(bytes: Buffer, limits?: Partial<InputLimits>, displayPath = 'in.zip'): Promise<InputGroup[]> {
  const groups: InputGroup[] = [];
  for await (const group of readZip(bytes, { displayPath, limits })) groups.push(group);
  return groups;
}

export async function collect(paths: string[], options: CollectOptions): Promise<InputGroup[]> {
  const groups: InputGroup[] = [];
  for await (const group of collectInputs(paths, options)) groups.push(group);
  return groups;
}

/** Offsets of every central-directory header and the name it carries. */
function centralHeaders(zip: Buffer): { offset: number; name: string }[] {
  const headers: { offset: number; name: string }[] = [];
  for (let i = zip.indexOf('PK\x01\x02'); i >= 0; i = zip.indexOf('PK\x01\x02', i + 4)) {
    const nameLength = zip.readUInt16LE(i + 28);
    headers.push({ offset: i, name: zip.toString('latin1', i + 46, i + 46 + nameLength) });
  }
  return headers;
}

/** Renames an entry in place (local and central headers); the new name must be as long as the old. */
export function renameEntry(zip: Buffer, from: string, to: string): Buffer {
  if (from.length !== to.length) throw new Error('names must have the same length');
  const patched = Buffer.from(zip);
  for (let i = patched.indexOf(from, 0, 'latin1'); i >= 0; i = patched.indexOf(from, i + 1, 'latin1')) {
    patched.write(to, i, 'latin1');
  }
  return patched;
}

/** Makes the central directory declare another uncompressed size for `name` (a lying header). */
export function declareUncompressedSize(zip: Buffer, name: string, size: number): Buffer {
  const patched = Buffer.from(zip);
  const header = centralHeaders(patched).find((h) => h.name === name);
  if (!header) throw new Error(`no central header for ${name}`);
  patched.writeUInt32LE(size, header.offset + 24);
  return patched;
}

/** Deterministic bytes that do not compress (SHA-256 in counter mode), the same on every run. */
export function pseudoRandomBytes(length: number, seed = 42): Buffer {
  const blocks: Buffer[] = [];
  for (let i = 0; blocks.length * 32 < length; i++) blocks.push(createHash('sha256').update(`${seed}:${i}`).digest());
  return Buffer.concat(blocks).subarray(0, length);
}

/** A throwaway folder; `write` creates files (and their folders) under it. */
export async function tempTree(): Promise<{ root: string; write: (rel: string, content: ZipContent) => Promise<string>; cleanup: () => Promise<void> }> {
  const root = await mkdtemp(join(tmpdir(), 'flowlint-sources-'));
  return {
    root,
    write: async (rel, content) => {
      const path = join(root, ...rel.split('/'));
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, content);
      return path;
    },
    cleanup: () => rm(root, { recursive: true, force: true }),
  };
}
