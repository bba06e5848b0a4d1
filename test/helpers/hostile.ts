/**
 * Hostile inputs, generated at test time (nothing binary is committed): zips written byte by byte
 * (sizes that lie, names no zip tool would write, thousands of entries), deflate streams that
 * inflate to gigabytes from a few megabytes, and the flows that sit beside them.
 */
import { constants, crc32 as zlibCrc32, deflateRawSync } from 'node:zlib';

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

/** CRC-32 of zip entries (Node's zlib has it since 20.15; the tests run on the Node CI uses). */
export function crc32(data: Uint8Array): number {
  return zlibCrc32(data);
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
    const name = Buffer.from(entry.name, 'utf8');
    const method = entry.method ?? 8;
    const size = entry.uncompressedSize ?? entry.data.length;
    const crc = entry.crc ?? 0;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(entry.data.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const header = Buffer.alloc(46);
    header.writeUInt32LE(0x02014b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(20, 6);
    header.writeUInt16LE(0x0800, 8);
    header.writeUInt16LE(method, 10);
    header.writeUInt32LE(crc, 16);
    header.writeUInt32LE(entry.data.length, 20);
    header.writeUInt32LE(size, 24);
    header.writeUInt16LE(name.length, 28);
    header.writeUInt32LE(offset, 42);
    central.push(header, name);
    parts.push(local, name, entry.data);
    offset += local.length + name.length + entry.data.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Math.min(entries.length, 0xffff), 8);
  end.writeUInt16LE(Math.min(entries.length, 0xffff), 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, directory, end]);
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
