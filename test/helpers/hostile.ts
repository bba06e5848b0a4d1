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
          inputs: { host: { apiId: '/providers/Microsoft.PowerApps/apis/shared_keyvault', connectionName: 'shared_keyvault', operationId: 'GetSecret' }, parameters: { secretName: 'api-key' } },
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
