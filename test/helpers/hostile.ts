/**
 * Hostile inputs, generated at test time (nothing binary is committed): zips written byte by byte
 * (sizes that lie, names no zip tool would write, thousands of entries), deflate streams that
 * inflate to gigabytes from a few megabytes, and the flows that sit beside them.
 */
import { constants, deflateRawSync } from 'node:zlib';
import { crc32, endOfCentralDirectory, zipEntryHeaders } from '../../fixtures/zip-records.mjs';

export const MiB = 1024 * 1024;

/** A flow with one known finding (secure-outputs-missing on `Get_secret`): proof a file was linted. */
export const GOOD_FLOW = JSON.stringify({
  properties: {
    definition: {
      triggers: { manual: { type: 'Request', kind: 'Button', inputs: {} } },
      actions: {
        Get_secret: {
          type: 'OpenApiConnection',
          inputs: {
            host: { apiId: '/providers/Microsoft.PowerApps/apis/shared_keyvault', connectionName: 'shared_keyvault', operationId: 'GetSecret' },
            parameters: { secretName: 'api-key' },
          },
          runAfter: {},
        },
      },
    },
  },
});

/** A flow whose Compose holds `inputs` (any JSON value). */
export function flowWith(inputs: unknown): string {
  return JSON.stringify({ properties: { definition: { triggers: {}, actions: { Compose: { type: 'Compose', inputs, runAfter: {} } } } } });
}

export interface RawEntry {
  /** Written as given (UTF-8): `../x`, `/abs`, duplicates are all possible. */
  readonly name: string;
  /** The stored bytes: deflated data for method 8, the data itself for method 0. */
  readonly data: Buffer;
  readonly method?: 0 | 8;
  /** Declared sizes (central directory and local header); default: honest. */
  readonly uncompressedSize?: number;
  readonly crc?: number;
}

/** An entry deflated honestly. */
export function deflated(name: string, content: string | Buffer): RawEntry {
  const data = Buffer.isBuffer(content) ? content : Buffer.from(content);
  return { name, data: deflateRawSync(data), method: 8, uncompressedSize: data.length, crc: crc32(data) };
}

/** Writes a zip from raw entries, declaring whatever sizes they say. */
export function writeRawZip(entries: readonly RawEntry[]): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const method = entry.method ?? 8;
    const size = entry.uncompressedSize ?? entry.data.length;
    const headers = zipEntryHeaders({ name: Buffer.from(entry.name, 'utf8'), method, crc: entry.crc ?? 0, compressedSize: entry.data.length, size, offset });
    central.push(headers.central);
    parts.push(headers.local, entry.data);
    offset += headers.local.length + entry.data.length;
  }
  const directory = Buffer.concat(central);
  return Buffer.concat([...parts, directory, endOfCentralDirectory(entries.length, directory.length, offset)]);
}

/**
 * A raw deflate stream that inflates to `total` zero bytes (a multiple of 16 MiB): one
 * full-flushed 16 MiB block, repeated, then an empty final block. 4 GiB cost about 4 MB.
 */
export function zeroBomb(total: number): Buffer {
  const block = 16 * MiB;
  const chunk = deflateRawSync(Buffer.alloc(block), { level: 9, finishFlush: constants.Z_FULL_FLUSH });
  const copies = Math.max(1, Math.round(total / block));
  return Buffer.concat([...Array.from({ length: copies }, () => chunk), Buffer.from([0x03, 0x00])]);
}

/** The lines of a run's output that look like a JavaScript stack trace. */
export function stackLines(text: string): string[] {
  return text.split('\n').filter((line) => /^\s+at .+(:\d+:\d+\)?|\(native\))$/.test(line) || /^(Type|Range|Reference|Syntax)Error: /.test(line));
}

/** A zip of the given members, deflated honestly. */
export function honestZip(members: readonly (readonly [string, string | Buffer])[]): Buffer {
  return writeRawZip(members.map(([name, content]) => deflated(name, content)));
}

/**
 * A solution whose flows hold `flows` × 500 actions (Compose, HTTP and Set variable steps with
 * expressions that pass a Key Vault secret along): about 5,850 JSON values a flow, the shape that
 * costs the analysis most per value.
 */
export function denseFlowsSolution(flows: number): Buffer {
  const members: [string, string][] = [
    ['solution.xml', '<ImportExportXml><SolutionManifest><UniqueName>Dense</UniqueName></SolutionManifest></ImportExportXml>'],
    ['customizations.xml', '<ImportExportXml><Workflows /></ImportExportXml>'],
  ];
  for (let f = 0; f < flows; f++) {
    const actions: Record<string, unknown> = {
      Get_secret: JSON.parse(GOOD_FLOW).properties.definition.actions.Get_secret,
    };
    let previous = 'Get_secret';
    for (let a = 0; a < 500; a++) {
      const runAfter = { [previous]: ['Succeeded'] };
      actions[`Step_${a}`] =
        a % 3 === 0
          ? { type: 'Compose', inputs: { v: `@{body('${previous}')?['value']}-${a}`, w: `@concat(outputs('${previous}'), 'x${a}')` }, runAfter }
          : a % 3 === 1
            ? {
                type: 'Http',
                inputs: {
                  method: 'POST',
                  uri: `https://api.example.com/items/${a}`,
                  headers: { Authorization: "Bearer @{body('Get_secret')?['value']}" },
                  body: { id: a, note: `@{outputs('${previous}')}` },
                },
                runAfter,
              }
            : { type: 'SetVariable', inputs: { name: 'v', value: `@outputs('${previous}')` }, runAfter };
      previous = `Step_${a}`;
    }
    const definition = { triggers: { manual: { type: 'Request', kind: 'Button', inputs: {} } }, actions };
    members.push([`Workflows/Flow${f}-11111111-2222-3333-4444-${String(f).padStart(12, '0')}.json`, JSON.stringify({ properties: { definition } }, null, 2)]);
  }
  return honestZip(members);
}

/**
 * A solution of `values` JSON values in one flow, and a customizations.xml whose unread entity
 * section fills the archive up to `totalBytes` with text outside Latin-1 (two bytes a character
 * in memory) that compresses about as well as real metadata.
 */
export function valuesAndTextSolution(values: number, totalBytes: number): Buffer {
  let seed = 7;
  const next = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648);
  const items = Array.from({ length: Math.floor(values / 2) }, () => ({ [`k${(next() % 1000).toString(36)}`]: (next() % 100000).toString(36) }));
  const flowText = flowWith(items);
  const words = Array.from({ length: 100_000 }, () => (next() % 1000000).toString(36)).join(' ');
  const entity = `<Entity><Name>e</Name><Text>${words} é€</Text></Entity>`;
  const manifest = '<ImportExportXml><SolutionManifest><UniqueName>Big</UniqueName></SolutionManifest></ImportExportXml>';
  const frame = '<ImportExportXml><Entities></Entities><Workflows /></ImportExportXml>';
  const room = totalBytes - flowText.length - manifest.length - frame.length;
  const copies = Math.max(0, Math.floor(room / Buffer.byteLength(entity)));
  const customizations = frame.replace('<Entities>', `<Entities>${entity.repeat(copies)}`);
  return honestZip([
    ['solution.xml', manifest],
    ['customizations.xml', customizations],
    ['Workflows/Values-11111111-2222-3333-4444-555555555555.json', flowText],
  ]);
}
