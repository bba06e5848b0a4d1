/**
 * The loader interface: every kind of input (zip, nested zip, folder, lone file) becomes groups of
 * raw files that belong together, plus input errors that name the file, entry and reason.
 */
import type { SourceRef } from '../model/types.js';

/** Size and shape limits applied while reading untrusted inputs. */
export interface InputLimits {
  /** Largest uncompressed size of one archive entry or one plain file (bytes). */
  readonly maxEntryBytes: number;
  /** Largest total uncompressed size read from one archive (nested archives included) or one solution folder (bytes). */
  readonly maxArchiveBytes: number;
  /** Most entries one archive may declare. */
  readonly maxEntries: number;
  /** Largest uncompressed/compressed ratio of one entry (zip bombs compress ~1000:1). */
  readonly maxCompressionRatio: number;
  /** Deepest zip-in-zip nesting that is opened. */
  readonly maxArchiveDepth: number;
  /** Deepest nesting of JSON arrays/objects or XML elements. */
  readonly maxNestingDepth: number;
  /**
   * Most JSON values (objects, arrays, strings, numbers, ...) parsed from one input: a solution
   * zip, a zip inside one, a solution folder, or a file. A parsed value costs far more memory
   * than its text, and a few bytes each (`[0,0,0,...]`), so bytes alone do not bound memory.
   */
  readonly maxJsonValues: number;
}

/**
 * Chosen so that one input within every limit is linted in under 300 MiB of peak memory with
 * `--jobs 1` and `--jobs 2` (the worst cases measured are in test/attacks/resources.test.ts and
 * README). Real exports sit far below them: the largest solution of the test corpus holds 3.8 MiB
 * of JSON and XML and 16,000 JSON values.
 */
export const DEFAULT_LIMITS: InputLimits = {
  maxEntryBytes: 20 * 1024 * 1024,
  maxArchiveBytes: 20 * 1024 * 1024,
  maxEntries: 20_000,
  maxCompressionRatio: 200,
  maxArchiveDepth: 2,
  maxNestingDepth: 512,
  maxJsonValues: 300_000,
};

/** One file's bytes and where they came from. */
export interface RawFile {
  readonly source: SourceRef;
  /** Path inside its group, `/`-separated (archive entry name, or path relative to the folder). */
  readonly path: string;
  readonly bytes: Buffer;
}

/**
 * The named files of a folder whose metadata changed, and that metadata as git's `HEAD` has it: a
 * finding in another file of the folder is reported only when the folder as it was (each named
 * metadata file at `HEAD`) does not have it.
 */
export interface ChangedMetadata {
  /** Display paths of the files named: their findings are all reported. */
  readonly named: readonly string[];
  /** Each named metadata file by its path in the group, with its bytes at `HEAD` (absent: new since). */
  readonly before: readonly { readonly path: string; readonly bytes?: Buffer }[];
}

export interface InputError {
  readonly file: string;
  readonly entry?: string;
  readonly message: string;
}

/** A path that was not read, with the reason (ignored, a symlink leading outside, a FIFO...). */
export interface SkippedPath {
  readonly file: string;
  readonly reason: string;
}

export type InputGroupKind = 'archive' | 'folder' | 'file';

/**
 * Files that are modelled together: the members of one zip, the files of one unpacked solution or
 * package folder, or a single file that belongs to neither.
 */
export interface InputGroup {
  readonly kind: InputGroupKind;
  readonly root: SourceRef;
  readonly files: readonly RawFile[];
  readonly errors: readonly InputError[];
  /**
   * Files named on the command line inside a solution folder (pre-commit use): findings are
   * reported only for these, while the rest of the folder gives context.
   */
  readonly focus?: readonly string[];
  /**
   * Solution metadata named on the command line (a pre-commit hook given `Customizations.xml`):
   * the whole folder is linted, and outside the named files only what the change brings is
   * reported (see `ChangedMetadata`).
   */
  readonly changedMetadata?: ChangedMetadata;
  /** Paths met while collecting this input that were not read (counted in the run's stats). */
  readonly skipped?: readonly SkippedPath[];
  /** Things the user should know about how the input was read (git unavailable, say). */
  readonly notices?: readonly string[];
}
