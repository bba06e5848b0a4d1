/**
 * Walks a folder tree in a fixed order, the way git sees it: `.gitignore` files found in the tree
 * apply to their own subtree, except to files git tracks (the caller says which), and
 * `node_modules` and `.git` are never entered. The tree is untrusted, so nothing leads out of it: a
 * symlink (to a folder or a file) whose target lies outside the walk root is not followed, and
 * FIFOs, sockets and devices are never opened; both are reported as skipped with the reason, as are
 * ignored paths. A symlinked folder inside the tree is not followed either (the real folder is
 * walked in its own place). Problems become items, not throws.
 */
// Synchronous calls: a walk runs alone, and a thread-pool trip per folder and per symlink was the
// idle time of reading the corpus.
import { readdirSync as readdir, readFileSync as readFile, realpathSync, statSync as stat, type Dirent } from 'node:fs';
import { basename, isAbsolute, join, relative, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { describeFsError } from './fs.js';

export interface WalkOptions {
  /** Extra patterns in `.gitignore` syntax, applied on top of the tree's own `.gitignore` files. */
  readonly ignore?: readonly string[];
  /**
   * Folder the extra patterns are relative to (the working directory, for the CLI). Paths outside
   * it are matched relative to the walk root instead. Default: the walk root.
   */
  readonly ignoreBase?: string;
  /** Files to report, decided by path relative to the walk root (default: all); others are never opened. */
  readonly include?: (relPath: string) => boolean;
  /**
   * What git tracks under the walk root (paths relative to it): tracked files are walked whatever
   * `.gitignore` says, and an ignored folder is entered when it holds any.
   */
  readonly tracked?: TrackedPaths;
  /** false: `.gitignore` files are not applied at all (git could not say what it tracks). Default true. */
  readonly gitignore?: boolean;
}

export interface TrackedPaths {
  readonly file: (relPath: string) => boolean;
  readonly folder: (relPath: string) => boolean;
}

export type WalkItem =
  | { readonly kind: 'file'; readonly absPath: string; readonly relPath: string }
  | {
      readonly kind: 'error';
      readonly absPath: string;
      readonly relPath: string;
      readonly isDirectory: boolean;
      readonly message: string;
    }
  /** A path the walk did not read, and why. */
  | { readonly kind: 'skipped'; readonly absPath: string; readonly relPath: string; readonly isDirectory: boolean; readonly reason: string };

export const SKIP_REASONS = {
  gitignore: 'ignored by .gitignore (not tracked by git)',
  gitignoreNoGit: 'ignored by .gitignore',
  option: 'matches an --ignore or configured "ignore" pattern',
  outsideFolder: 'symbolic link to a folder outside the scanned folder; not followed',
  outsideFile: 'symbolic link to a file outside the scanned folder; not read',
} as const;

/** Never entered: dependencies and git internals hold no exports worth linting. */
const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git']);

/** `.gitignore` files larger than this are not honoured (a real one is a few KiB). */
const MAX_GITIGNORE_BYTES = 1024 * 1024;

/** The `.gitignore` rules of one folder, and that folder's path relative to the walk root. */
interface IgnoreLayer {
  readonly base: string;
  readonly rules: Ignore;
}

interface WalkState {
  readonly root: string;
  readonly options: WalkOptions;
  readonly extraRules: Ignore | undefined;
  /** Real paths of folders already entered: a symlink back to one of them is not followed again. */
  readonly visited: Set<string>;
  /** Real path of the walk root, once known. */
  realRoot?: string;
}

/** Yields the files (and the problems) under `root`, sorted by name at every level. */
export async function* walkFolder(root: string, options: WalkOptions = {}): AsyncGenerator<WalkItem> {
  const extraRules = options.ignore?.length ? ignore().add([...options.ignore]) : undefined;
  const state: WalkState = { root, options, extraRules, visited: new Set() };
  yield* walkDirectory(state, root, '', []);
}

async function* walkDirectory(
  state: WalkState,
  absDir: string,
  relDir: string,
  parentLayers: readonly IgnoreLayer[],
  viaSymlink = false,
  parentReal?: string,
): AsyncGenerator<WalkItem> {
  let entries: Dirent[];
  let real: string;
  try {
    // A folder that is not a symlink is where its parent really is: no system call needed.
    real = parentReal !== undefined && !viaSymlink ? join(parentReal, basename(absDir)) : realpathSync.native(absDir);
    state.realRoot ??= real;
    if (state.visited.has(real) || (viaSymlink && isInside(real, state.realRoot))) return;
    state.visited.add(real);
    entries = readdir(absDir, { withFileTypes: true });
  } catch (error) {
    yield { kind: 'error', absPath: absDir, relPath: relDir, isDirectory: true, message: `cannot read directory: ${describeFsError(error)}` };
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

  const layers = await withGitignoreOf(state, absDir, relDir, entries, parentLayers);
  for (const entry of entries) {
    if (SKIPPED_DIRECTORIES.has(entry.name)) continue;
    const absPath = join(absDir, entry.name);
    const relPath = relDir === '' ? entry.name : `${relDir}/${entry.name}`;
    const type = await entryType(entry, absPath);
    const isDirectory = type === 'directory';
    const ignoredBy = isIgnored(state, layers, absPath, relPath, isDirectory);
    if (ignoredBy !== undefined) {
      if (isDirectory || wanted(state, relPath)) yield { kind: 'skipped', absPath, relPath, isDirectory, reason: ignoredBy };
      continue;
    }
    if (typeof type === 'object') {
      if (wanted(state, relPath)) yield { kind: 'skipped', absPath, relPath, isDirectory: false, reason: `${type.special}; not read` };
      continue;
    }
    if (entry.isSymbolicLink() && type !== 'broken-link' && !targetInside(state, absPath)) {
      if (isDirectory || wanted(state, relPath))
        yield { kind: 'skipped', absPath, relPath, isDirectory, reason: isDirectory ? SKIP_REASONS.outsideFolder : SKIP_REASONS.outsideFile };
      continue;
    }
    if (type === 'broken-link') {
      if (wanted(state, relPath)) {
        yield { kind: 'error', absPath, relPath, isDirectory: false, message: 'broken symbolic link: its target does not exist' };
      }
    } else if (isDirectory) {
      yield* walkDirectory(state, absPath, relPath, layers, entry.isSymbolicLink(), real);
    } else if (wanted(state, relPath)) {
      yield { kind: 'file', absPath, relPath };
    }
  }
}

/** Whether a symlink's final target lies inside the walk root (by real paths, so `..` and chains count). */
function targetInside(state: WalkState, absPath: string): boolean {
  try {
    return state.realRoot !== undefined && isInside(realpathSync.native(absPath), state.realRoot);
  } catch {
    return false;
  }
}

export function isInside(path: string, folder: string): boolean {
  const rel = relative(folder, path);
  return rel === '' || (rel.split(sep)[0] !== '..' && !isAbsolute(rel));
}

function wanted(state: WalkState, relPath: string): boolean {
  return state.options.include?.(relPath) ?? true;
}

/** Sockets, FIFOs and devices: never opened (a FIFO blocks, a device reads forever). */
type EntryType = 'file' | 'directory' | 'broken-link' | { readonly special: string };

interface TypeFlags {
  isFile(): boolean;
  isDirectory(): boolean;
  isFIFO(): boolean;
  isSocket(): boolean;
  isCharacterDevice(): boolean;
  isBlockDevice(): boolean;
}

export function specialKind(flags: TypeFlags): { special: string } {
  if (flags.isFIFO()) return { special: 'a FIFO (named pipe), not a regular file' };
  if (flags.isSocket()) return { special: 'a socket, not a regular file' };
  if (flags.isCharacterDevice() || flags.isBlockDevice()) return { special: 'a device, not a regular file' };
  return { special: 'not a regular file' };
}

/** Symlinks are resolved here (to their target's type). */
async function entryType(entry: Dirent, absPath: string): Promise<EntryType> {
  if (entry.isFile()) return 'file';
  if (entry.isDirectory()) return 'directory';
  if (!entry.isSymbolicLink()) return specialKind(entry);
  try {
    const target = stat(absPath);
    if (target.isDirectory()) return 'directory';
    return target.isFile() ? 'file' : specialKind(target);
  } catch {
    return 'broken-link';
  }
}

/** Adds this folder's `.gitignore` (if any) as the innermost layer. */
async function withGitignoreOf(
  state: WalkState,
  absDir: string,
  relDir: string,
  entries: readonly Dirent[],
  parentLayers: readonly IgnoreLayer[],
): Promise<readonly IgnoreLayer[]> {
  if (state.options.gitignore === false) return parentLayers;
  if (!entries.some((e) => e.name === '.gitignore' && !e.isDirectory())) return parentLayers;
  try {
    const path = join(absDir, '.gitignore');
    if (stat(path).size > MAX_GITIGNORE_BYTES) return parentLayers;
    const rules = ignore().add(readFile(path, 'utf8'));
    return [...parentLayers, { base: relDir, rules }];
  } catch {
    // An unreadable .gitignore is not an input; walking on without it is the useful thing.
    return parentLayers;
  }
}

/**
 * Why a path is left out, if it is. git semantics, close enough: the innermost `.gitignore` with an
 * opinion about the path decides (so a nested `!pattern` can re-include), an ignored folder is not
 * entered at all, and a tracked file (or a folder holding one) is never ignored by `.gitignore` —
 * a committed `.gitignore` must not hide committed flows from the gate. The extra patterns (the
 * user's `--ignore` and the config's `ignore`) apply to every path.
 */
function isIgnored(state: WalkState, layers: readonly IgnoreLayer[], absPath: string, relPath: string, isDirectory: boolean): string | undefined {
  const suffix = isDirectory ? '/' : '';
  if (state.extraRules?.ignores(extraRulesPath(state, absPath, relPath) + suffix)) return SKIP_REASONS.option;
  for (let i = layers.length - 1; i >= 0; i--) {
    const layer = layers[i];
    const inLayer = layer.base === '' ? relPath : relPath.slice(layer.base.length + 1);
    const result = layer.rules.test(inLayer + suffix);
    if (result.ignored) {
      const { tracked } = state.options;
      if (tracked === undefined) return SKIP_REASONS.gitignoreNoGit;
      return (isDirectory ? tracked.folder(relPath) : tracked.file(relPath)) ? undefined : SKIP_REASONS.gitignore;
    }
    if (result.unignored) break;
  }
  return undefined;
}

/** The path the extra patterns see: relative to `ignoreBase` when inside it, else to the walk root. */
function extraRulesPath(state: WalkState, absPath: string, relPath: string): string {
  const base = state.options.ignoreBase;
  if (base === undefined) return relPath;
  const rel = relative(base, absPath);
  if (rel === '' || rel.split(sep)[0] === '..' || isAbsolute(rel)) return relPath;
  return sep === '/' ? rel : rel.split(sep).join('/');
}
