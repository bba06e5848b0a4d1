/**
 * Reads zip archives (solution exports, legacy packages, zips inside zips) into raw files, under
 * the input limits. Archives are untrusted: every problem becomes an InputError that names the
 * archive, the entry and the reason, and the rest of the archive is still read. Nothing here throws.
 */
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { describeFsError } from './fs.js';
import { formatBytes, RATIO_CHECK_MIN_BYTES, resolveLimits } from './limits.js';
import { hasZipExtension, isRelevantEntry } from './relevant.js';
import { hasZipSignature } from './text.js';
import type { InputError, InputGroup, InputLimits, RawFile } from './types.js';
import type { SourceRef } from '../model/types.js';

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
    budget: { used: 0, exhausted: false },
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

interface ArchiveBudget {
  used: number;
  exhausted: boolean;
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

async function* readArchiveGroups(
  input: string | Buffer,
  context: ArchiveContext,
  root: SourceRef,
): AsyncGenerator<InputGroup> {
  const contents = await readArchiveContents(input, context, root);
  yield { kind: 'archive', root, files: contents.files, errors: contents.errors };
  // Shift them off so each nested archive's bytes can be freed once it has been read.
  for (let nested = contents.nested.shift(); nested; nested = contents.nested.shift()) {
    const entryPath = context.entryPrefix + nested.name;
    const nestedContext = { ...context, entryPrefix: `${entryPath}!`, depth: context.depth + 1 };
    yield* readArchiveGroups(nested.bytes, nestedContext, { file: context.file, entry: entryPath });
  }
}

function budgetSkipMessage(skipped: number, limits: InputLimits): string {
  return (
    `${skipped} more ${skipped === 1 ? 'entry was' : 'entries were'} not read: the archive's total ` +
    `uncompressed size limit of ${formatBytes(limits.maxArchiveBytes)} (maxArchiveBytes) was reached`
  );
}

/** Reads every entry flowlint needs from one archive. Never rejects. */
async function readArchiveContents(
  input: string | Buffer,
  context: ArchiveContext,
  root: SourceRef,
): Promise<ArchiveContents> {
  const contents: ArchiveContents = { files: [], errors: [], nested: [], skippedForBudget: 0 };
  const fail = (message: string): void => {
    contents.errors.push({ file: root.file, ...(root.entry === undefined ? {} : { entry: root.entry }), message });
  };

  let zipfile: ZipFile;
  try {
    zipfile = await openZip(input);
  } catch (error) {
    fail(describeOpenError(error));
    return contents;
  }
  try {
    if (zipfile.entryCount > context.limits.maxEntries) {
      fail(
        `archive declares ${zipfile.entryCount} entries, over the limit of ${context.limits.maxEntries} ` +
          `(maxEntries); not read`,
      );
      return contents;
    }
    await readEntries(zipfile, context, contents, fail);
    if (contents.skippedForBudget > 0) fail(budgetSkipMessage(contents.skippedForBudget, context.limits));
  } catch (error) {
    // Not expected (every known failure is handled where it happens), but a bad archive must
    // never take the run down with it.
    fail(`unexpected error while reading the archive: ${errorText(error)}`);
  } finally {
    zipfile.close();
  }
  return contents;
}

async function readEntries(
  zipfile: ZipFile,
  context: ArchiveContext,
  contents: ArchiveContents,
  fail: (message: string) => void,
): Promise<void> {
  const nextEntry = createEntryReader(zipfile);
  const seenNames = new Set<string>();
  let entriesRead = 0;
  for (;;) {
    let entry: Entry | null;
    try {
      entry = await nextEntry();
    } catch (error) {
      const progress = `after ${entriesRead} of ${zipfile.entryCount} entries`;
      fail(`cannot read the rest of the archive ${progress}: ${errorText(error)}`);
      return;
    }
    if (entry === null) return;
    entriesRead += 1;
    await readEntry(zipfile, entry, context, contents, seenNames);
  }
}

/** Handles one central-directory entry: name checks, relevance, limits, then inflating. */
async function readEntry(
  zipfile: ZipFile,
  entry: Entry,
  context: ArchiveContext,
  contents: ArchiveContents,
  seenNames: Set<string>,
): Promise<void> {
  const rawName = decodeEntryName(entry);
  const entryError = (name: string, message: string): void => {
    contents.errors.push({ file: context.file, entry: context.entryPrefix + name, message });
  };

  const checked = checkEntryName(rawName);
  if ('problem' in checked) return entryError(rawName, checked.problem);
  const { name, isDirectory } = checked;
  if (isDirectory) return;
  if (seenNames.has(name)) {
    return entryError(rawName, 'duplicate entry name: an earlier entry has the same path; only the first is read');
  }
  seenNames.add(name);
  if (!isRelevantEntry(name)) return;

  if (context.budget.exhausted) {
    contents.skippedForBudget += 1;
    return;
  }
  const isZipByName = hasZipExtension(name);
  if (isZipByName && context.depth + 1 > context.limits.maxArchiveDepth) {
    return entryError(name, tooDeep(context.limits));
  }
  const refusal = checkDeclaredSize(entry, context);
  if (refusal !== undefined) return entryError(name, refusal);

  const result = await inflateEntry(zipfile, entry, context);
  if ('error' in result) return entryError(name, result.error);

  if (isZipByName || hasZipSignature(result.bytes)) {
    if (context.depth + 1 > context.limits.maxArchiveDepth) return entryError(name, tooDeep(context.limits));
    contents.nested.push({ name, bytes: result.bytes });
    return;
  }
  contents.files.push({
    source: { file: context.file, entry: context.entryPrefix + name },
    path: name,
    bytes: result.bytes,
  });
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

export type EntryNameCheck =
  | { readonly name: string; readonly isDirectory: boolean }
  | { readonly problem: string };

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
function checkDeclaredSize(entry: Entry, context: ArchiveContext): string | undefined {
  const { limits, budget } = context;
  const size = entry.uncompressedSize;
  if (entry.isEncrypted()) return 'entry is encrypted; cannot be read';
  if (size > limits.maxEntryBytes) {
    return (
      `declared uncompressed size ${formatBytes(size)} is over the limit of ` +
      `${formatBytes(limits.maxEntryBytes)} (maxEntryBytes); not inflated`
    );
  }
  const ratio = compressionRatio(size, entry.compressedSize);
  if (size > RATIO_CHECK_MIN_BYTES && ratio > limits.maxCompressionRatio) {
    return (
      `declared compression ratio ${Math.round(ratio)}:1 is over the limit of ` +
      `${limits.maxCompressionRatio}:1 (maxCompressionRatio); not inflated`
    );
  }
  if (budget.used + size > limits.maxArchiveBytes) {
    budget.exhausted = true;
    return overArchiveTotal(limits);
  }
  return undefined;
}

function compressionRatio(uncompressed: number, compressed: number): number {
  return uncompressed / Math.max(1, compressed);
}

function overArchiveTotal(limits: InputLimits): string {
  return (
    `reading this entry would pass the archive's total uncompressed size limit of ` +
    `${formatBytes(limits.maxArchiveBytes)} (maxArchiveBytes); not read`
  );
}

type Inflated = { readonly bytes: Buffer } | { readonly error: string };

/**
 * Inflates one entry, counting bytes as they come: the declared size can lie, so the stream is
 * destroyed as soon as the entry cap, the ratio cap or the archive budget is passed. A bomb never
 * allocates more than a cap plus one chunk.
 */
function inflateEntry(zipfile: ZipFile, entry: Entry, context: ArchiveContext): Promise<Inflated> {
  const { limits, budget } = context;
  return new Promise((resolve) => {
    let settled = false;
    const finish = (result: Inflated): void => {
      if (settled) return;
      settled = true;
      resolve(result);
    };
    zipfile.openReadStream(entry, (openError, stream) => {
      if (openError || !stream) return finish({ error: describeEntryError(openError) });
      const chunks: Buffer[] = [];
      let count = 0;
      const stop = (error: string): void => {
        stream.destroy();
        finish({ error });
      };
      stream.on('data', (chunk: Buffer) => {
        if (settled) return;
        count += chunk.length;
        budget.used += chunk.length;
        if (count > limits.maxEntryBytes) {
          return stop(`inflates to more than ${formatBytes(limits.maxEntryBytes)} (maxEntryBytes); stopped reading`);
        }
        const ratio = compressionRatio(count, entry.compressedSize);
        if (count > RATIO_CHECK_MIN_BYTES && ratio > limits.maxCompressionRatio) {
          return stop(`compression ratio over ${limits.maxCompressionRatio}:1 (maxCompressionRatio); stopped reading`);
        }
        if (budget.used > limits.maxArchiveBytes) {
          budget.exhausted = true;
          return stop(overArchiveTotal(limits));
        }
        chunks.push(chunk);
      });
      stream.on('error', (error) => finish({ error: describeEntryError(error) }));
      stream.on('end', () => finish({ bytes: Buffer.concat(chunks, count) }));
    });
  });
}

function openZip(input: string | Buffer): Promise<ZipFile> {
  // decodeStrings: false keeps a bad name from aborting the archive (see decodeEntryName).
  const options = { lazyEntries: true, validateEntrySizes: true, decodeStrings: false, autoClose: true };
  return new Promise((resolve, reject) => {
    const done = (error: Error | null, zipfile?: ZipFile): void => {
      if (error || !zipfile) reject(error ?? new Error('zip could not be opened'));
      else resolve(zipfile);
    };
    if (typeof input === 'string') yauzl.open(input, options, done);
    else yauzl.fromBuffer(input, options, done);
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
