/**
 * Walks a folder tree in a fixed order, the way git sees it: `.gitignore` files found in the tree
 * apply to their own subtree, and `node_modules` and `.git` are never entered. A symlinked folder is
 * followed only when it leads outside the tree (inside, the real folder is walked in its own place)
 * and at most once by real path, so symlink loops end. Problems become items, not throws.
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
}

export type WalkItem =
  | { readonly kind: 'file'; readonly absPath: string; readonly relPath: string }
  | {
      readonly kind: 'error';
      readonly absPath: string;
      readonly relPath: string;
      readonly isDirectory: boolean;
      readonly message: string;
    };

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

  const layers = await withGitignoreOf(absDir, relDir, entries, parentLayers);
  for (const entry of entries) {
    if (SKIPPED_DIRECTORIES.has(entry.name)) continue;
    const absPath = join(absDir, entry.name);
    const relPath = relDir === '' ? entry.name : `${relDir}/${entry.name}`;
    const type = await entryType(entry, absPath);
    if (type === 'other') continue;
    const isDirectory = type === 'directory';
    if (isIgnored(state, layers, absPath, relPath, isDirectory)) continue;
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

function isInside(path: string, folder: string): boolean {
  const rel = relative(folder, path);
  return rel === '' || (rel.split(sep)[0] !== '..' && !isAbsolute(rel));
}

function wanted(state: WalkState, relPath: string): boolean {
  return state.options.include?.(relPath) ?? true;
}

type EntryType = 'file' | 'directory' | 'broken-link' | 'other';

/** Symlinks are resolved here; sockets, FIFOs and devices are 'other' and skipped. */
async function entryType(entry: Dirent, absPath: string): Promise<EntryType> {
  if (entry.isFile()) return 'file';
  if (entry.isDirectory()) return 'directory';
  if (!entry.isSymbolicLink()) return 'other';
  try {
    const target = stat(absPath);
    if (target.isDirectory()) return 'directory';
    return target.isFile() ? 'file' : 'other';
  } catch {
    return 'broken-link';
  }
}

/** Adds this folder's `.gitignore` (if any) as the innermost layer. */
async function withGitignoreOf(
  absDir: string,
  relDir: string,
  entries: readonly Dirent[],
  parentLayers: readonly IgnoreLayer[],
): Promise<readonly IgnoreLayer[]> {
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
 * git semantics, close enough: the innermost `.gitignore` with an opinion about the path decides
 * (so a nested `!pattern` can re-include), and an ignored folder is not entered at all.
 */
function isIgnored(
  state: WalkState,
  layers: readonly IgnoreLayer[],
  absPath: string,
  relPath: string,
  isDirectory: boolean,
): boolean {
  const suffix = isDirectory ? '/' : '';
  for (let i = layers.length - 1; i >= 0; i--) {
    const layer = layers[i];
    const inLayer = layer.base === '' ? relPath : relPath.slice(layer.base.length + 1);
    const result = layer.rules.test(inLayer + suffix);
    if (result.ignored) return true;
    if (result.unignored) break;
  }
  if (state.extraRules === undefined) return false;
  return state.extraRules.ignores(extraRulesPath(state, absPath, relPath) + suffix);
}

/** The path the extra patterns see: relative to `ignoreBase` when inside it, else to the walk root. */
function extraRulesPath(state: WalkState, absPath: string, relPath: string): string {
  const base = state.options.ignoreBase;
  if (base === undefined) return relPath;
  const rel = relative(base, absPath);
  if (rel === '' || rel.split(sep)[0] === '..' || isAbsolute(rel)) return relPath;
  return sep === '/' ? rel : rel.split(sep).join('/');
}
