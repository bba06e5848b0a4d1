/**
 * File-system helpers shared by the walker and the loader: display paths, human wording of
 * errno codes, and reads that never take more than a limit of bytes.
 */
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { formatBytes } from './limits.js';
import { hasZipSignature, isLfsPointer, LFS_POINTER_MESSAGE, SNIFF_BYTES } from './text.js';

/** A path as reports show it: relative to `cwd` (with `../` when outside), `/`-separated. */
export function toDisplayPath(absPath: string, cwd: string): string {
  const rel = relative(cwd, absPath);
  if (rel === '') return '.';
  // On Windows, another drive has no relative form: keep it absolute.
  const shown = isAbsolute(rel) ? absPath : rel;
  return sep === '/' ? shown : shown.split(sep).join('/');
}

/**
 * The run's inputs for the text reports to spell paths as given (`withPathsAsGiven`): each
 * resolved against the cwd, with whether it was named by an absolute path.
 */
export function givenPaths(paths: readonly string[], cwd: string): { cwd: string; sep: string; inputs: { path: string; absolute: boolean }[] } {
  return { cwd, sep, inputs: paths.map((path) => ({ path: resolve(cwd, path), absolute: isAbsolute(path) })) };
}

const ERRNO_TEXT: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ELOOP: 'too many levels of symbolic links',
  ENOTDIR: 'not a directory',
  EISDIR: 'is a directory',
  EMFILE: 'too many open files',
  ENAMETOOLONG: 'file name too long',
  EIO: 'input/output error',
};

/** `EACCES` -> `permission denied`; unknown errors keep their own message. */
export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code !== undefined && code in ERRNO_TEXT) return ERRNO_TEXT[code];
  return error instanceof Error ? error.message : String(error);
}

/**
 * Opening a FIFO for reading blocks until a writer comes; with O_NONBLOCK it returns at once (and
 * fstat then says it is no regular file). No effect on regular files; absent on Windows.
 */
const READ_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

export type PlainFileRead = { readonly kind: 'bytes'; readonly bytes: Buffer } | { readonly kind: 'zip' } | { readonly kind: 'error'; readonly message: string };

/**
 * Reads a plain file of at most `maxBytes`. A file that starts with a zip signature is not read:
 * the caller opens it as an archive instead (zips are recognised by content, and their own size
 * is not capped, only what they inflate to).
 */
export async function readPlainFile(absPath: string, maxBytes: number): Promise<PlainFileRead> {
  return readPlainFileSync(absPath, maxBytes);
}

/**
 * `readPlainFile` with synchronous calls: inputs are read one group at a time anyway, and for the
 * small files exports are made of, five thread-pool round trips per file cost more than the read.
 */
export function readPlainFileSync(absPath: string, maxBytes: number): PlainFileRead {
  let fd: number;
  try {
    fd = openSync(absPath, READ_FLAGS);
  } catch (error) {
    return { kind: 'error', message: `cannot read file: ${describeFsError(error)}` };
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) return { kind: 'error', message: 'not a regular file' };
    const head = readUpToSync(fd, Math.min(SNIFF_BYTES, maxBytes + 1), 0);
    if (hasZipSignature(head)) return { kind: 'zip' };
    if (isLfsPointer(head)) return { kind: 'error', message: LFS_POINTER_MESSAGE };
    if (stats.size > maxBytes) return { kind: 'error', message: overFileLimit(stats.size, maxBytes) };
    // Read the size fstat() saw: a file that grows meanwhile is read as it was, never past the cap.
    if (stats.size <= head.length) return { kind: 'bytes', bytes: head };
    const bytes = Buffer.allocUnsafe(stats.size);
    head.copy(bytes);
    const filled = head.length + readIntoSync(fd, bytes, head.length, head.length);
    return { kind: 'bytes', bytes: filled === bytes.length ? bytes : bytes.subarray(0, filled) };
  } catch (error) {
    return { kind: 'error', message: `cannot read file: ${describeFsError(error)}` };
  } finally {
    try {
      closeSync(fd);
    } catch {
      // Nothing useful to do: the bytes (or the error) are what matters.
    }
  }
}

function readUpToSync(fd: number, length: number, position: number): Buffer {
  const buffer = Buffer.alloc(Math.max(0, length));
  return buffer.subarray(0, readIntoSync(fd, buffer, 0, position));
}

/** Fills `buffer` from `offset` with the file's bytes from `position`; returns the count read. */
function readIntoSync(fd: number, buffer: Buffer, offset: number, position: number): number {
  let filled = 0;
  while (offset + filled < buffer.length) {
    const bytesRead = readSync(fd, buffer, offset + filled, buffer.length - offset - filled, position + filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return filled;
}

/** The first bytes of a file, enough for `sniffKind`. */
export async function readFileHead(absPath: string): Promise<Buffer> {
  const handle = await open(absPath, READ_FLAGS);
  try {
    if (!(await handle.stat()).isFile()) throw Object.assign(new Error('not a regular file'), { code: 'EINVAL' });
    return await readUpTo(handle, SNIFF_BYTES, 0);
  } finally {
    await handle.close().catch(() => undefined);
  }
}

type FileHandle = Awaited<ReturnType<typeof open>>;

async function readUpTo(handle: FileHandle, length: number, position: number): Promise<Buffer> {
  const buffer = Buffer.alloc(Math.max(0, length));
  let filled = 0;
  while (filled < buffer.length) {
    const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, position + filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return buffer.subarray(0, filled);
}

function overFileLimit(size: number, maxBytes: number): string {
  return `file is ${formatBytes(size)}, over the limit of ${formatBytes(maxBytes)} (maxEntryBytes); not read`;
}
