/**
 * Every file flowlint writes — reports, baselines, the starter config, fixed flows — goes through
 * here. The scanned tree is untrusted, so a path it controls must not redirect a write: the file
 * and the folders below the working directory that lead to it must not be symbolic links, a file
 * the run read is never overwritten by an output, and the bytes go to a new temporary file in the
 * same folder that is renamed into place, so a failed run leaves no half-written file.
 */
import { chmodSync, closeSync, lstatSync, mkdirSync, openSync, realpathSync, renameSync, rmSync, writeSync, type Stats } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';

/** A write refused or failed: the message names the path and the reason (exit 2). */
export class OutputError extends Error {}

export interface SafeWriteOptions {
  /** Folder that relative paths are resolved against; only components below it are checked for links. */
  readonly cwd: string;
  /** Whether a real path is a file the run read: an output must not replace one. */
  readonly isInput?: (realPath: string) => boolean;
  /** Shown in messages instead of the absolute path (the path as the user gave it). */
  readonly shown?: string;
}

function lstatOrUndefined(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch {
    return undefined;
  }
}

/** Checks the target and returns its absolute path; creates missing folders (never through a link). */
function checkedTarget(file: string, options: SafeWriteOptions): string {
  const path = resolve(options.cwd, file);
  const shown = options.shown ?? file;
  const rel = relative(options.cwd, path);
  // Folders between the working directory and the file: a link there leads the write elsewhere.
  if (rel !== '' && !rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel)) {
    let folder = options.cwd;
    for (const part of rel.split(sep).slice(0, -1)) {
      folder = join(folder, part);
      const stats = lstatOrUndefined(folder);
      if (stats === undefined) mkdirSync(folder);
      else if (stats.isSymbolicLink()) throw new OutputError(`${shown}: not written: its folder ${relative(options.cwd, folder)} is a symbolic link`);
      else if (!stats.isDirectory()) throw new OutputError(`${shown}: not written: ${relative(options.cwd, folder)} is not a folder`);
    }
  } else {
    mkdirSync(dirname(path), { recursive: true });
  }
  const stats = lstatOrUndefined(path);
  if (stats?.isSymbolicLink()) throw new OutputError(`${shown}: not written: it is a symbolic link (remove it, or name another file)`);
  if (stats !== undefined && !stats.isFile()) throw new OutputError(`${shown}: not written: it is not a regular file`);
  if (stats !== undefined && options.isInput?.(realpathSync.native(path))) {
    throw new OutputError(`${shown}: not written: it is an input of this run, and an output never replaces an input`);
  }
  return path;
}

/** A file being written: pieces go to a temporary file that `commit` renames over the target. */
export class AtomicFile {
  readonly #path: string;
  readonly #temp: string;
  readonly #shown: string;
  readonly #keptMode: number | undefined;
  #fd: number | undefined;

  private constructor(path: string, shown: string, mode: number, keptMode: number | undefined) {
    this.#path = path;
    this.#shown = shown;
    this.#keptMode = keptMode;
    this.#temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
    // 'wx': a new file, never one that is there (not even a link someone placed at the name).
    this.#fd = openSync(this.#temp, 'wx', mode);
  }

  /** Opens `file` for writing after the checks above; `keepMode` keeps an existing file's permissions. */
  static open(file: string, options: SafeWriteOptions & { readonly keepMode?: boolean }): AtomicFile {
    const path = checkedTarget(file, options);
    const existing = options.keepMode ? lstatOrUndefined(path) : undefined;
    try {
      const keptMode = existing ? existing.mode & 0o7777 : undefined;
      return new AtomicFile(path, options.shown ?? file, keptMode ?? 0o644, keptMode);
    } catch (error) {
      throw new OutputError(`${options.shown ?? file}: cannot write: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
    }
  }

  write(data: string | Uint8Array): void {
    if (this.#fd === undefined) throw new OutputError(`${this.#shown}: written after it was closed`);
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    for (let written = 0; written < bytes.length;) written += writeSync(this.#fd, bytes, written);
  }

  /** Puts the new content in place. */
  commit(): void {
    if (this.#fd === undefined) return;
    closeSync(this.#fd);
    this.#fd = undefined;
    // The umask applied at creation: a fixed file gets exactly the permissions it had.
    if (this.#keptMode !== undefined) chmodSync(this.#temp, this.#keptMode);
    try {
      renameSync(this.#temp, this.#path);
    } catch (error) {
      this.abort();
      throw new OutputError(`${this.#shown}: cannot write: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
    }
  }

  /** Leaves the target as it was and removes the temporary file. */
  abort(): void {
    if (this.#fd !== undefined) closeSync(this.#fd);
    this.#fd = undefined;
    rmSync(this.#temp, { force: true });
  }
}

/** Writes a whole file safely (see the module comment). */
export function writeFileSafely(file: string, data: string | Uint8Array, options: SafeWriteOptions & { readonly keepMode?: boolean }): void {
  const output = AtomicFile.open(file, options);
  try {
    output.write(data);
  } catch (error) {
    output.abort();
    throw error;
  }
  output.commit();
}

/** `isInput` for files given as paths relative to `cwd`: their real paths, worked out on first use. */
export function inputChecker(cwd: string, files: readonly string[]): (realPath: string) => boolean {
  let real: Set<string> | undefined;
  return (realPath) => {
    real ??= new Set(
      files.flatMap((file) => {
        try {
          return [realpathSync.native(resolve(cwd, file))];
        } catch {
          return [];
        }
      }),
    );
    return real.has(realPath);
  };
}
