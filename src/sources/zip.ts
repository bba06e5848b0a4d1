/**
 * Reads zip archives (solution exports, legacy packages, zips inside zips) into raw files, under
 * the input limits. Archives are untrusted: every problem becomes an InputError that names the
 * archive, the entry and the reason, and the rest of the archive is still read. Nothing here throws.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { Readable } from 'node:stream';
import { inflateRawSync } from 'node:zlib';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { describeFsError } from './fs.js';
import { formatBytes, RATIO_CHECK_MIN_BYTES, resolveLimits } from './limits.js';
import { hasZipExtension, isRelevantEntry } from './relevant.js';
import { hasZipSignature, isLfsPointer, LFS_POINTER_MESSAGE } from './text.js';
import type { InputError, InputGroup, InputLimits, RawFile } from './types.js';
import type { SourceRef } from '../model/types.js';
import { ENTRY_SEPARATOR } from '../source-key.js';

export { isRelevantEntry } from './relevant.js';

export interface ZipReadOptions {
  /** Display path of the zip on disk (for a Buffer: of the file it came from). */
  readonly displayPath: string;
  readonly limits?: Partial<InputLimits>;
}

/**
 * Reads one zip (a path on disk, or its bytes) and yields its archive group, then one group per
 * nested zip (depth first, in entry order). A nested group's root is `{ file, entry: 'inner.zip' }`
 * and its members' entries are joined with `!` (`inner.zip!Workflows/x.json`); `RawFile.path` stays
 * the path inside the member's own archive. Nested archives draw on the outer archive's byte budget.
 */
export async function* readZip(input: string | Buffer, options: ZipReadOptions): AsyncGenerator<InputGroup> {
  const context: ArchiveContext = {
    file: options.displayPath,
    entryPrefix: '',
    depth: 0,
    limits: resolveLimits(options.limits),
    budget: { used: 0, compressed: 0 },
  };
  yield* readArchiveGroups(input, context, { file: options.displayPath });
}

/** Where an archive sits and the limits and byte budget it reads under. */
interface ArchiveContext {
  /** Display path of the outermost zip. */
  readonly file: string;
  /** `''` for the outermost archive, `inner.zip!` for a nested one. */
  readonly entryPrefix: string;
  /** 0 for the outermost archive, 1 for a zip inside it, ... */
  readonly depth: number;
  readonly limits: InputLimits;
  /** Shared by an archive and every archive nested in it (maxArchiveBytes). */
  readonly budget: ArchiveBudget;
}

/** Bytes an archive and the archives read with it may still inflate (shared between them). */
export type ZipBudget = ArchiveBudget;

interface ArchiveBudget {
  /** Declared uncompressed bytes of the entries read. */
  used: number;
  /** Their stored bytes. */
  compressed: number;
  /** Set when the archive may not be read further, and why. */
  exhausted?: 'maxArchiveBytes' | 'maxCompressionRatio';
}

interface NestedArchive {
  /** Entry name inside its parent archive. */
  readonly name: string;
  readonly bytes: Buffer;
}

interface ArchiveContents {
  readonly files: RawFile[];
  readonly errors: InputError[];
  readonly nested: NestedArchive[];
  /** Relevant entries not read because the budget had run out. */
  skippedForBudget: number;
}

async function* readArchiveGroups(input: string | Buffer, context: ArchiveContext, root: SourceRef): AsyncGenerator<InputGroup> {
  const contents = await readArchiveContents(input, context, root);
  yield { kind: 'archive', root, files: contents.files, errors: contents.errors };
  // Shift them off so each nested archive's bytes can be freed once it has been read.
  for (let nested = contents.nested.shift(); nested; nested = contents.nested.shift()) {
    const entryPath = context.entryPrefix + nested.name;
    const nestedContext = { ...context, entryPrefix: `${entryPath}${ENTRY_SEPARATOR}`, depth: context.depth + 1 };
    yield* readArchiveGroups(nested.bytes, nestedContext, { file: context.file, entry: entryPath });
  }
}

function budgetSkipMessage(skipped: number, budget: ArchiveBudget, limits: InputLimits): string {
  const why =
    budget.exhausted === 'maxCompressionRatio'
      ? `the archive's entries inflate more than ${limits.maxCompressionRatio}:1 together (maxCompressionRatio)`
      : `the archive's total uncompressed size limit of ${formatBytes(limits.maxArchiveBytes)} (maxArchiveBytes) was reached`;
  return `${skipped} more ${skipped === 1 ? 'entry was' : 'entries were'} not read: ${why}`;
}

/** Reads every entry flowlint needs from one archive. Never rejects. */
async function readArchiveContents(input: string | Buffer, context: ArchiveContext, root: SourceRef): Promise<ArchiveContents> {
  const contents: ArchiveContents = { files: [], errors: [], nested: [], skippedForBudget: 0 };
  const fail = (message: string): void => {
    contents.errors.push({ file: root.file, ...(root.entry === undefined ? {} : { entry: root.entry }), message });
  };

  let source: ArchiveSource;
  let zipfile: ZipFile;
  try {
    source = typeof input === 'string' ? FileSource.open(input) : { bytes: input, release: () => undefined };
  } catch (error) {
    fail(describeOpenError(error));
    return contents;
  }
  try {
    source = withoutPrefix(source);
    zipfile = await openZip(source);
  } catch (error) {
    const lfsPointer = isLfsPointer(headOf(source));
    source.release();
    fail(lfsPointer ? LFS_POINTER_MESSAGE : describeOpenError(error));
    return contents;
  }
  try {
    if (zipfile.entryCount > context.limits.maxEntries) {
      fail(`archive declares ${zipfile.entryCount} entries, over the limit of ${context.limits.maxEntries} ` + `(maxEntries); not read`);
      return contents;
    }
    const stopped = await readEntries(zipfile, source, context, contents);
    if (stopped !== undefined) fail(stopped);
    if (contents.skippedForBudget > 0) fail(budgetSkipMessage(contents.skippedForBudget, context.budget, context.limits));
  } catch (error) {
    // Not expected (every known failure is handled where it happens), but a bad archive must
    // never take the run down with it.
    // Named by its class only: an unknown error's message may quote the archive's bytes.
    fail(`unexpected error while reading the archive (${error instanceof Error ? error.name : typeof error})`);
  } finally {
    zipfile.close();
    source.release();
  }
  return contents;
}

/** Where an archive's bytes come from: memory (a zip inside a zip), or a file read in place. */
interface ArchiveSource {
  /** The whole archive, when it is in memory. */
  readonly bytes?: Buffer;
  /** The file, when it is read in place. */
  readonly file?: FileSource;
  /** Closes the file, if any. */
  release(): void;
}

/**
 * A zip on disk, read in place with synchronous reads: only the central directory and the
 * entries flowlint needs are read, never the canvas apps and binaries that make up most of a real
 * export. (Reading each zip whole left one dead multi-megabyte buffer per archive for the garbage
 * collector, and peak memory on a 1 GiB estate passed 1 GiB.)
 */
class FileSource extends yauzl.RandomAccessReader implements ArchiveSource {
  private closed = false;

  private constructor(
    readonly fd: number,
    readonly size: number,
    /** Where the archive starts in the file (after a prefix, see `withoutPrefix`). */
    private readonly base = 0,
  ) {
    super();
  }

  get file(): FileSource {
    return this;
  }

  static open(absPath: string): FileSource {
    const fd = openSync(absPath, 'r');
    try {
      return new FileSource(fd, fstatSync(fd).size);
    } catch (error) {
      closeSync(fd);
      throw error;
    }
  }

  /**
   * The archive that starts `offset` bytes into this one, on the same descriptor: use it instead
   * of this one (its `release()` closes the file).
   */
  after(offset: number): FileSource {
    return new FileSource(this.fd, this.size - offset, this.base + offset);
  }

  /** Fills `buffer` from `position`; returns the bytes read (fewer at the end of the file). */
  readAt(buffer: Buffer, offset: number, length: number, position: number): number {
    let filled = 0;
    while (filled < length) {
      const read = readSync(this.fd, buffer, offset + filled, length - filled, this.base + position + filled);
      if (read === 0) break;
      filled += read;
    }
    return filled;
  }

  override read(buffer: Buffer, offset: number, length: number, position: number, callback: (error: Error | null, bytesRead?: number) => void): void {
    let read: number;
    try {
      read = this.readAt(buffer, offset, length, position);
    } catch (error) {
      process.nextTick(callback, error as Error);
      return;
    }
    process.nextTick(callback, null, read);
  }

  override _readStreamForRange(start: number, end: number): Readable {
    const buffer = Buffer.allocUnsafe(end - start);
    return Readable.from([buffer.subarray(0, this.readAt(buffer, 0, end - start, start))]);
  }

  // yauzl closes its reader once the last entry is listed, before the entries are read: the file
  // stays open until `release()`.
  override close(callback: (error: Error | null) => void): void {
    process.nextTick(callback, null);
  }

  release(): void {
    if (this.closed) return;
    this.closed = true;
    closeSync(this.fd);
  }
}

/** What the entry checks and inflating read of a central-directory entry (yauzl's or `readZipBytes`'). */
type EntryFacts = Pick<Entry, 'compressedSize' | 'uncompressedSize' | 'compressionMethod' | 'relativeOffsetOfLocalHeader' | 'isEncrypted'>;

/** What one central-directory entry came to. */
type EntryOutcome =
  | { readonly kind: 'none' }
  | { readonly kind: 'error'; readonly entry: string; readonly message: string }
  | { readonly kind: 'file'; readonly file: RawFile }
  | { readonly kind: 'nested'; readonly nested: NestedArchive };

const NONE: EntryOutcome = { kind: 'none' };

/**
 * Walks the central directory in order and reads each entry as it is listed, so results never
 * depend on timing and at most one entry's compressed bytes are held at a time. Returns the
 * message for an archive that was not read to the end.
 */
async function readEntries(zipfile: ZipFile, source: ArchiveSource, context: ArchiveContext, contents: ArchiveContents): Promise<string | undefined> {
  const nextEntry = createEntryReader(zipfile);
  const seenNames = new Set<string>();
  const spans = new EntrySpans();
  let entriesRead = 0;
  for (;;) {
    let entry: Entry | null;
    try {
      entry = await nextEntry();
    } catch (error) {
      const progress = `after ${entriesRead} of ${zipfile.entryCount} entries`;
      return `cannot read the rest of the archive ${progress}: ${errorText(error)}`;
    }
    if (entry === null) return undefined;
    entriesRead += 1;
    const outcome = readEntry(source, entry, context, contents, seenNames, spans);
    if (outcome.kind === 'error') contents.errors.push({ file: context.file, entry: context.entryPrefix + outcome.entry, message: outcome.message });
    else if (outcome.kind === 'file') contents.files.push(outcome.file);
    else if (outcome.kind === 'nested') contents.nested.push(outcome.nested);
    const left = zipfile.entryCount - entriesRead;
    if (spans.overlapFound && left > 0) {
      return `${left} more ${left === 1 ? 'entry was' : 'entries were'} not read: an archive whose entries share data is not read further`;
    }
  }
}

/**
 * Handles one central-directory entry: name checks, relevance, limits and the entry's place in
 * the archive, then inflating.
 */
function readEntry(source: ArchiveSource, entry: Entry, context: ArchiveContext, contents: ArchiveContents, seenNames: Set<string>, spans: EntrySpans): EntryOutcome {
  const rawName = decodeEntryName(entry);
  const refuse = (name: string, message: string): EntryOutcome => ({ kind: 'error', entry: name, message });

  const checked = checkEntryName(rawName);
  if ('problem' in checked) return refuse(rawName, checked.problem);
  const { name, isDirectory } = checked;
  if (isDirectory) return NONE;
  if (seenNames.has(name)) {
    return refuse(rawName, 'duplicate entry name: an earlier entry has the same path; only the first is read');
  }
  seenNames.add(name);
  if (!isRelevantEntry(name)) return NONE;

  if (context.budget.exhausted !== undefined) {
    contents.skippedForBudget += 1;
    return NONE;
  }
  const isZipByName = hasZipExtension(name);
  if (isZipByName && context.depth + 1 > context.limits.maxArchiveDepth) return refuse(name, tooDeep(context.limits));
  const result = inflateMember(source, entry, context, spans, name);
  if ('error' in result) return refuse(name, result.error);
  if (isZipByName || hasZipSignature(result.bytes)) {
    if (context.depth + 1 > context.limits.maxArchiveDepth) return refuse(name, tooDeep(context.limits));
    return { kind: 'nested', nested: { name, bytes: result.bytes } };
  }
  return { kind: 'file', file: { source: { file: context.file, entry: context.entryPrefix + name }, path: name, bytes: result.bytes } };
}

/**
 * Where the entries read so far lie in the archive, from local header to the end of their data.
 * Real zip writers lay entries end to end; entries that share bytes are how small archives are
 * made to inflate to gigabytes (hundreds of names for one deflate stream), so the first overlap
 * stops the archive.
 */
class EntrySpans {
  /** Sorted by start; no two intersect. */
  private readonly spans: { readonly start: number; readonly end: number; readonly name: string }[] = [];
  overlapFound = false;

  /** Records `[start, end)` for `name`, or returns the name of an entry it overlaps. */
  claim(start: number, end: number, name: string): string | undefined {
    let low = 0;
    let high = this.spans.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.spans[middle].start < start) low = middle + 1;
      else high = middle;
    }
    const before = this.spans[low - 1];
    const after = this.spans[low];
    const overlapped = before !== undefined && before.end > start ? before : after !== undefined && after.start < end ? after : undefined;
    if (overlapped) {
      this.overlapFound = true;
      return overlapped.name;
    }
    this.spans.splice(low, 0, { start, end, name });
    return undefined;
  }
}

const LOCAL_HEADER_SIGNATURE = 0x04034b50;
const LOCAL_HEADER_SIZE = 30;

/** Where an entry's stored data starts and ends, from its local header. */
function locateEntryData(source: ArchiveSource, entry: EntryFacts): { readonly dataStart: number; readonly dataEnd: number } | { readonly error: string } {
  const offset = entry.relativeOffsetOfLocalHeader;
  const header = readSpan(source, offset, LOCAL_HEADER_SIZE);
  if (header.length < LOCAL_HEADER_SIZE) return { error: 'entry is corrupt: its local file header lies past the end of the archive' };
  if (header.readUInt32LE(0) !== LOCAL_HEADER_SIGNATURE) return { error: 'entry is corrupt: invalid local file header signature' };
  const dataStart = offset + LOCAL_HEADER_SIZE + header.readUInt16LE(26) + header.readUInt16LE(28);
  const dataEnd = dataStart + entry.compressedSize;
  if (dataEnd > sizeOf(source)) return { error: 'entry is corrupt: its data runs past the end of the archive' };
  return { dataStart, dataEnd };
}

function tooDeep(limits: InputLimits): string {
  return `nested archive is deeper than the limit of ${limits.maxArchiveDepth} (maxArchiveDepth); not opened`;
}

/**
 * Decodes an entry name as yauzl would (UTF-8 flag, Info-ZIP Unicode path field, else CP437),
 * keeping backslashes so errors show the name as stored. yauzl's own validation of names is fatal
 * to the whole archive, so it is turned off (`decodeStrings: false`) and `checkEntryName` judges
 * each entry instead.
 */
function decodeEntryName(entry: Entry): string {
  return yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, entry.fileNameRaw, entry.extraFields, true);
}

export type EntryNameCheck = { readonly name: string; readonly isDirectory: boolean } | { readonly problem: string };

/**
 * Refuses names that could point outside the archive when extracted (absolute paths, drive letters,
 * `..` segments, also when spelt with backslashes) or that hold control characters. Accepted names
 * come back normalised: `/`-separated (older Windows tools write `\` as the separator), without
 * empty or `.` segments.
 */
export function checkEntryName(rawName: string): EntryNameCheck {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  if (/[\u0000-\u001f\u007f]/.test(rawName)) return { problem: 'unsafe entry name: contains control characters' };
  const name = rawName.replace(/\\/g, '/');
  const viaBackslash = name === rawName ? '' : ' (backslashes read as /)';
  if (name.startsWith('/')) return { problem: `unsafe entry name: absolute path${viaBackslash}` };
  if (/^[a-zA-Z]:/.test(name)) return { problem: `unsafe entry name: absolute path with a drive letter${viaBackslash}` };
  const segments = name.split('/');
  if (segments.includes('..')) return { problem: `unsafe entry name: '..' segment leads outside the archive${viaBackslash}` };
  const kept = segments.filter((s) => s !== '' && s !== '.');
  if (kept.length === 0) return { problem: 'unsafe entry name: empty path' };
  return { name: kept.join('/'), isDirectory: name.endsWith('/') };
}

/** Refuses an entry from its central-directory sizes alone, before a byte is inflated. */
function checkDeclaredSize(entry: EntryFacts, context: Pick<ArchiveContext, 'limits' | 'budget'>): string | undefined {
  const { limits, budget } = context;
  const size = entry.uncompressedSize;
  if (entry.isEncrypted()) return 'entry is encrypted; cannot be read';
  if (size > limits.maxEntryBytes) {
    return `declared uncompressed size ${formatBytes(size)} is over the limit of ` + `${formatBytes(limits.maxEntryBytes)} (maxEntryBytes); not inflated`;
  }
  const ratio = compressionRatio(size, entry.compressedSize);
  if (size > RATIO_CHECK_MIN_BYTES && ratio > limits.maxCompressionRatio) {
    return `declared compression ratio ${Math.round(ratio)}:1 is over the limit of ` + `${limits.maxCompressionRatio}:1 (maxCompressionRatio); not inflated`;
  }
  if (budget.used + size > limits.maxArchiveBytes) {
    budget.exhausted = 'maxArchiveBytes';
    return overArchiveTotal(limits);
  }
  // The same ratio over the archive: hundreds of small entries, each under the size at which
  // one entry's ratio is checked, inflate as far as one big entry would.
  const total = budget.used + size;
  const archiveRatio = compressionRatio(total, budget.compressed + entry.compressedSize);
  if (total > RATIO_CHECK_MIN_BYTES && archiveRatio > limits.maxCompressionRatio) {
    budget.exhausted = 'maxCompressionRatio';
    return `the entries read so far inflate ${Math.round(archiveRatio)}:1 together, over the limit of ` + `${limits.maxCompressionRatio}:1 (maxCompressionRatio); not inflated`;
  }
  return undefined;
}

function compressionRatio(uncompressed: number, compressed: number): number {
  return uncompressed / Math.max(1, compressed);
}

function overArchiveTotal(limits: InputLimits): string {
  return `reading this entry would pass the archive's total uncompressed size limit of ` + `${formatBytes(limits.maxArchiveBytes)} (maxArchiveBytes); not read`;
}

type Inflated = { readonly bytes: Buffer } | { readonly error: string };

/** Deflate never grows data by more than this (stored blocks: 5 bytes per 64 KiB), plus slack. */
function maxCompressedSize(uncompressed: number): number {
  return uncompressed + Math.ceil(uncompressed / 1000) + 1024;
}

/**
 * The data of one entry, inflated. The declared size can lie, so inflating stops one byte past it
 * (zlib's `maxOutputLength`): a bomb never allocates more than its declared size, which the limits
 * and the archive budget have already accepted, and any size mismatch is a corrupt entry.
 */
function extractEntry(source: ArchiveSource, entry: EntryFacts, dataStart: number): Inflated {
  if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) {
    return { error: `cannot read entry: unsupported compression method: ${entry.compressionMethod}` };
  }
  if (entry.compressedSize > maxCompressedSize(entry.uncompressedSize)) {
    return sizeMismatch(`${entry.compressedSize} compressed bytes for ${entry.uncompressedSize} declared`);
  }
  let raw: Buffer;
  try {
    // Bounded: the compressed size was checked against the declared size and the limits.
    raw = readSpan(source, dataStart, entry.compressedSize);
  } catch (error) {
    return { error: describeEntryError(error) };
  }
  return decodeEntryData(raw, entry);
}

function sizeMismatch(detail: string): Inflated {
  return { error: `entry is corrupt: its data does not match the declared size (${detail})` };
}

/**
 * Stored or deflated data to the entry's bytes. Inflating is synchronous: for the small entries
 * exports are made of, a thread-pool trip costs more than the inflating (3x slower over the corpus).
 */
function decodeEntryData(raw: Buffer, entry: EntryFacts): Inflated {
  const declared = entry.uncompressedSize;
  if (entry.compressionMethod === 0) {
    return raw.length === declared ? { bytes: raw } : sizeMismatch(`${raw.length} stored bytes for ${declared} declared`);
  }
  let inflated: Buffer;
  try {
    inflated = inflateRawSync(raw, { maxOutputLength: Math.max(1, declared + 1) });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ERR_BUFFER_TOO_LARGE' ? sizeMismatch(`inflates to more than the ${declared} bytes declared; stopped`) : { error: describeEntryError(error) };
  }
  return inflated.length === declared ? { bytes: inflated } : sizeMismatch(`inflates to ${inflated.length} bytes, ${declared} declared`);
}

const END_RECORD_SIGNATURE = 0x06054b50;
const END_RECORD_SIZE = 22;
const CENTRAL_HEADER_SIGNATURE = 0x02014b50;

/** `length` bytes of the archive from `position` (fewer at its end). */
function readSpan(source: ArchiveSource, position: number, length: number): Buffer {
  if (source.bytes) return source.bytes.subarray(position, position + length);
  const buffer = Buffer.allocUnsafe(Math.max(0, Math.min(length, source.file!.size - position)));
  return buffer.subarray(0, source.file!.readAt(buffer, 0, buffer.length, position));
}

function headOf(source: ArchiveSource): Buffer {
  try {
    return readSpan(source, 0, 64);
  } catch {
    return Buffer.alloc(0);
  }
}

function sizeOf(source: ArchiveSource): number {
  return source.bytes ? source.bytes.length : source.file!.size;
}

/**
 * An archive behind bytes its offsets do not count (a self-extractor stub, or junk put before the
 * first entry): Info-ZIP's `unzip` and 7-Zip read it by taking the distance between where the
 * central directory really ends (at the end record) and where its offset says it starts, and
 * shifting every offset by it. The same is done here, so such a zip is read as they read it rather
 * than refused; when the offsets already count the prefix (`zip -A`), nothing is shifted. Zip64
 * archives are left as they are (yauzl reads or refuses them).
 */
function withoutPrefix(source: ArchiveSource): ArchiveSource {
  const prefix = archivePrefix(source);
  if (prefix === 0) return source;
  if (source.file) return source.file.after(prefix);
  return { bytes: source.bytes!.subarray(prefix), release: () => undefined };
}

function archivePrefix(source: ArchiveSource): number {
  const size = sizeOf(source);
  if (size < END_RECORD_SIZE) return 0;
  const tailLength = Math.min(size, END_RECORD_SIZE + 0xffff);
  const tail = readSpan(source, size - tailLength, tailLength);
  // The last end record in the file, as yauzl takes it.
  for (let at = tail.length - END_RECORD_SIZE; at >= 0; at--) {
    if (tail.readUInt32LE(at) !== END_RECORD_SIGNATURE) continue;
    const entries = tail.readUInt16LE(at + 10);
    const directorySize = tail.readUInt32LE(at + 12);
    const directoryOffset = tail.readUInt32LE(at + 16);
    if (entries === 0 || entries === 0xffff || directorySize === 0xffffffff || directoryOffset === 0xffffffff) return 0;
    const prefix = size - tailLength + at - directorySize - directoryOffset;
    if (prefix <= 0) return 0;
    const startsDirectory = (position: number): boolean => {
      const bytes = readSpan(source, position, 4);
      return bytes.length === 4 && bytes.readUInt32LE(0) === CENTRAL_HEADER_SIGNATURE;
    };
    return startsDirectory(directoryOffset + prefix) && !startsDirectory(directoryOffset) ? prefix : 0;
  }
  return 0;
}

function openZip(source: ArchiveSource): Promise<ZipFile> {
  // decodeStrings: false keeps a bad name from aborting the archive (see decodeEntryName).
  const options = { lazyEntries: true, validateEntrySizes: true, decodeStrings: false, autoClose: true };
  return new Promise((resolve, reject) => {
    const done = (error: Error | null, zipfile?: ZipFile): void => {
      if (error || !zipfile) reject(error ?? new Error('zip could not be opened'));
      else resolve(zipfile);
    };
    if (source.file) yauzl.fromRandomAccessReader(source.file, source.file.size, options, done);
    else yauzl.fromBuffer(source.bytes!, options, done);
  });
}

/**
 * One entry at a time from a lazyEntries zipfile. The listeners stay attached for the zipfile's
 * life, so a late 'error' event (yauzl's `eachEntry` has none then) cannot become an uncaught one.
 */
function createEntryReader(zipfile: ZipFile): () => Promise<Entry | null> {
  let pending: { resolve: (entry: Entry | null) => void; reject: (error: Error) => void } | undefined;
  let failure: Error | undefined;
  let ended = false;
  const settle = (): typeof pending => {
    const current = pending;
    pending = undefined;
    return current;
  };
  zipfile.on('entry', (entry: Entry) => settle()?.resolve(entry));
  zipfile.on('end', () => {
    ended = true;
    settle()?.resolve(null);
  });
  zipfile.on('error', (error: Error) => {
    failure ??= error;
    settle()?.reject(error);
  });
  return () => {
    if (failure) return Promise.reject(failure);
    if (ended) return Promise.resolve(null);
    return new Promise((resolve, reject) => {
      pending = { resolve, reject };
      zipfile.readEntry();
    });
  };
}

function errorText(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.charAt(0).toLowerCase() + message.slice(1);
}

/** yauzl's wording of a zip it cannot open, made readable. */
function describeOpenError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code !== undefined) return `cannot read file: ${describeFsError(error)}`;
  const message = errorText(error);
  if (message.startsWith('end of central directory record signature not found')) {
    return 'not a valid zip archive: end of central directory not found (not a zip file, or truncated)';
  }
  if (message.startsWith('invalid comment length')) {
    return 'not a valid zip archive: unexpected bytes after the end of central directory';
  }
  if (message.startsWith('multi-disk')) return 'split (multi-disk) zip archives are not supported';
  return `not a valid zip archive: ${message}`;
}

/** yauzl's and zlib's wording of an entry it cannot read, made readable. */
function describeEntryError(error: unknown): string {
  const message = errorText(error);
  if (message.startsWith('unsupported compression method')) return `cannot read entry: ${message}`;
  if (message.startsWith('too many bytes in the stream') || message.startsWith('not enough bytes in the stream')) {
    return `entry is corrupt: its data does not match the declared size (${message})`;
  }
  if (message.startsWith('invalid local file header') || message.startsWith('file data overflows')) {
    return `entry is corrupt: ${message}`;
  }
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code?.startsWith('Z_')) return `entry is corrupt: compressed data cannot be inflated (${message})`;
  return `cannot read entry: ${message}`;
}

/** A member read by `readZipBytes`. */
export interface ZipMember {
  readonly name: string;
  readonly bytes: Buffer;
}

export interface ZipBytesResult {
  readonly members: ZipMember[];
  /** Problems with single entries (the rest is still read), by normalised or raw entry name. */
  readonly entryErrors: { readonly entry: string; readonly message: string }[];
  /** Set when the archive as a whole could not be read. */
  readonly error?: string;
}

/**
 * Reads a small zip held in memory synchronously, for archives met while a unit is modelled (a
 * desktop flow's base64 `package`), where the asynchronous reader cannot be awaited. The entries
 * go through the same checks as `readZip`'s (names, overlap, declared sizes and ratios against the
 * limits and a shared byte budget, inflating bounded by the declared size). Only members `accept`
 * takes are inflated; nested archives are never opened. Zip64 archives are refused. Never throws.
 */
export function readZipBytes(bytes: Buffer, limits: InputLimits, budget: ZipBudget, accept: (name: string) => boolean): ZipBytesResult {
  const result: { members: ZipMember[]; entryErrors: { entry: string; message: string }[]; error?: string } = { members: [], entryErrors: [] };
  const source: ArchiveSource = { bytes, release: () => undefined };
  const end = findEndRecord(bytes);
  if (end < 0) return { ...result, error: 'not a valid zip archive: end of central directory not found (not a zip file, or truncated)' };
  const count = bytes.readUInt16LE(end + 10);
  const directorySize = bytes.readUInt32LE(end + 12);
  const directoryOffset = bytes.readUInt32LE(end + 16);
  if (count === 0xffff || directorySize === 0xffffffff || directoryOffset === 0xffffffff) return { ...result, error: 'Zip64 archives are not supported here' };
  if (count > limits.maxEntries) return { ...result, error: `archive declares ${count} entries, over the limit of ${limits.maxEntries} (maxEntries); not read` };
  const directoryEnd = directoryOffset + directorySize;
  if (directoryEnd > end) return { ...result, error: 'not a valid zip archive: the central directory runs past its end record' };
  const context = { limits, budget };
  const seenNames = new Set<string>();
  const spans = new EntrySpans();
  let at = directoryOffset;
  for (let index = 0; index < count; index++) {
    if (at + 46 > directoryEnd || bytes.readUInt32LE(at) !== CENTRAL_HEADER_SIGNATURE) {
      return { ...result, error: `not a valid zip archive: central directory entry ${index + 1} of ${count} is corrupt` };
    }
    const flags = bytes.readUInt16LE(at + 8);
    const nameLength = bytes.readUInt16LE(at + 28);
    const extraLength = bytes.readUInt16LE(at + 30);
    const next = at + 46 + nameLength + extraLength + bytes.readUInt16LE(at + 32);
    if (next > directoryEnd) return { ...result, error: `not a valid zip archive: central directory entry ${index + 1} of ${count} is corrupt` };
    const facts: EntryFacts = {
      compressionMethod: bytes.readUInt16LE(at + 10),
      compressedSize: bytes.readUInt32LE(at + 20),
      uncompressedSize: bytes.readUInt32LE(at + 24),
      relativeOffsetOfLocalHeader: bytes.readUInt32LE(at + 42),
      isEncrypted: () => (flags & 1) !== 0,
    };
    const rawName = yauzl.getFileNameLowLevel(
      flags,
      bytes.subarray(at + 46, at + 46 + nameLength),
      extraFieldsOf(bytes.subarray(at + 46 + nameLength, at + 46 + nameLength + extraLength)),
      true,
    );
    at = next;
    const checked = checkEntryName(rawName);
    if ('problem' in checked) {
      result.entryErrors.push({ entry: rawName, message: checked.problem });
      continue;
    }
    if (checked.isDirectory) continue;
    if (seenNames.has(checked.name)) {
      result.entryErrors.push({ entry: rawName, message: 'duplicate entry name: an earlier entry has the same path; only the first is read' });
      continue;
    }
    seenNames.add(checked.name);
    if (!accept(checked.name)) continue;
    const read = inflateMember(source, facts, context, spans, checked.name);
    if ('error' in read || hasZipSignature(read.bytes)) {
      result.entryErrors.push({ entry: checked.name, message: 'error' in read ? read.error : 'nested archive inside a package; not opened' });
      if (spans.overlapFound || budget.exhausted !== undefined) break;
      continue;
    }
    result.members.push({ name: checked.name, bytes: read.bytes });
  }
  return result;
}

/**
 * Reads one entry whose name passed the checks, for either reader: its span must not overlap an
 * earlier entry's, its declared sizes must pass the limits and the budget, and it is inflated
 * no further than the size it declares.
 */
function inflateMember(source: ArchiveSource, entry: EntryFacts, context: Pick<ArchiveContext, 'limits' | 'budget'>, spans: EntrySpans, name: string): Inflated {
  // Overlap first: it says what the archive is, where the size limits would only say what it costs.
  const located = locateEntryData(source, entry);
  if ('error' in located) return located;
  const overlapped = spans.claim(entry.relativeOffsetOfLocalHeader, located.dataEnd, name);
  if (overlapped !== undefined) return { error: `entry shares bytes with entry ${overlapped}: no zip writer produces this (a zip-bomb construction); not read` };
  const refusal = checkDeclaredSize(entry, context);
  if (refusal !== undefined) return { error: refusal };
  // The declared size is spent now; inflating never yields more (a lying size is an error).
  context.budget.used += entry.uncompressedSize;
  context.budget.compressed += entry.compressedSize;
  return extractEntry(source, entry, located.dataStart);
}

/** Offset of the last end-of-central-directory record, or -1. */
function findEndRecord(bytes: Buffer): number {
  for (let at = bytes.length - END_RECORD_SIZE; at >= Math.max(0, bytes.length - END_RECORD_SIZE - 0xffff); at--) {
    if (bytes.readUInt32LE(at) === END_RECORD_SIGNATURE) return at;
  }
  return -1;
}

/** The extra fields of a central-directory entry, as yauzl hands them to `getFileNameLowLevel`. */
function extraFieldsOf(data: Buffer): { id: number; data: Buffer }[] {
  const fields: { id: number; data: Buffer }[] = [];
  for (let at = 0; at + 4 <= data.length;) {
    const size = data.readUInt16LE(at + 2);
    if (at + 4 + size > data.length) break;
    fields.push({ id: data.readUInt16LE(at), data: data.subarray(at + 4, at + 4 + size) });
    at += 4 + size;
  }
  return fields;
}
