/**
 * Finding the folders that hold one unpacked solution or legacy package: from a walked file list
 * (folder inputs), or by looking upward from one file (a file given alone, as a pre-commit hook does).
 * Names are compared without case: real exports have both `Other/` and `other/`.
 */
import { readdir } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export type RootKind = 'solution' | 'package';

export interface FolderRoot {
  /** `/`-separated folder path relative to the walk root; `''` for the walk root itself. */
  readonly relDir: string;
  readonly kind: RootKind;
}

/**
 * The roots among the folders of `relPaths` (paths relative to a walk root, as the walker yields
 * them): a folder with `Other/Solution.xml` (SolutionPackager / `pac solution unpack`, or the `src/`
 * of `pac solution clone`), a folder with both `solution.xml` and `customizations.xml` (an export
 * extracted as is), or one with `manifest.json` beside a `Microsoft.Flow/` folder (legacy package).
 */
export function findRoots(relPaths: Iterable<string>): FolderRoot[] {
  const marks = new Map<string, Set<string>>();
  const mark = (segments: readonly string[], what: string): void => {
    const dir = segments.join('/');
    const set = marks.get(dir) ?? new Set<string>();
    set.add(what);
    marks.set(dir, set);
  };
  for (const relPath of relPaths) {
    const segments = relPath.split('/');
    const lower = segments.map((s) => s.toLowerCase());
    const name = lower[lower.length - 1];
    if (name === 'solution.xml' && lower[lower.length - 2] === 'other') mark(segments.slice(0, -2), 'other/solution.xml');
    if (name === 'solution.xml' || name === 'customizations.xml' || name === 'manifest.json') {
      mark(segments.slice(0, -1), name);
    }
    const flowFolder = lower.indexOf('microsoft.flow');
    if (flowFolder >= 0 && flowFolder < lower.length - 1) mark(segments.slice(0, flowFolder), 'microsoft.flow/');
  }
  const roots: FolderRoot[] = [];
  for (const [relDir, found] of marks) {
    const kind = rootKindOf(found);
    if (kind && !isOtherOfUnpackedSolution(relDir, (dir) => marks.get(dir)?.has('other/solution.xml') ?? false)) {
      roots.push({ relDir, kind });
    }
  }
  return roots.sort((a, b) => compareStrings(a.relDir, b.relDir));
}

/**
 * `Other/` of an unpacked solution holds `Solution.xml` and `Customizations.xml` too, which would
 * make it look like an extracted export of its own: it is part of its parent's root instead.
 */
function isOtherOfUnpackedSolution(relDir: string, parentHasOtherSolution: (parentDir: string) => boolean): boolean {
  const slash = relDir.lastIndexOf('/');
  const name = relDir.slice(slash + 1);
  return name.toLowerCase() === 'other' && parentHasOtherSolution(slash < 0 ? '' : relDir.slice(0, slash));
}

/** What the lower-cased names found in (or just below) one folder make of it. */
function rootKindOf(names: ReadonlySet<string>): RootKind | undefined {
  if (names.has('other/solution.xml')) return 'solution';
  if (names.has('solution.xml') && names.has('customizations.xml')) return 'solution';
  if (names.has('manifest.json') && names.has('microsoft.flow/')) return 'package';
  return undefined;
}

/** The innermost root that holds `relPath`, looked up folder by folder from the file upward. */
export function rootOf(relPath: string, rootsByDir: ReadonlyMap<string, FolderRoot>): FolderRoot | undefined {
  let dir = relPath;
  for (;;) {
    const slash = dir.lastIndexOf('/');
    dir = slash < 0 ? '' : dir.slice(0, slash);
    const root = rootsByDir.get(dir);
    if (root) return root;
    if (dir === '') return undefined;
  }
}

export interface EnclosingRoot {
  readonly absDir: string;
  readonly kind: RootKind;
}

/**
 * The nearest folder above `absFile` that is a root, looking no higher than `stopAt` (inclusive;
 * the repository root, typically) or else the file-system root.
 */
export async function findEnclosingRoot(absFile: string, stopAt?: string): Promise<EnclosingRoot | undefined> {
  let dir = dirname(absFile);
  for (;;) {
    const kind = await rootKindOfFolder(dir);
    if (kind && !(basename(dir).toLowerCase() === 'other' && (await hasOtherSolutionXml(dirname(dir))))) {
      return { absDir: dir, kind };
    }
    const parent = dirname(dir);
    if (dir === stopAt || parent === dir) return undefined;
    dir = parent;
  }
}

async function hasOtherSolutionXml(absDir: string): Promise<boolean> {
  for (const [lower, info] of await lowerCaseNames(absDir)) {
    if (lower === 'other' && info.isDirectory && (await lowerCaseNames(join(absDir, info.name))).has('solution.xml')) return true;
  }
  return false;
}

/** The same tests as `findRoots`, made on the file system for one folder. */
export async function rootKindOfFolder(absDir: string): Promise<RootKind | undefined> {
  const names = await lowerCaseNames(absDir);
  const found = new Set<string>();
  for (const [lower, info] of names) {
    if (lower === 'solution.xml' || lower === 'customizations.xml' || lower === 'manifest.json') found.add(lower);
    if (lower === 'microsoft.flow' && info.isDirectory) found.add('microsoft.flow/');
  }
  if (await hasOtherSolutionXml(absDir)) found.add('other/solution.xml');
  return rootKindOf(found);
}

interface NameInfo {
  readonly name: string;
  readonly isDirectory: boolean;
}

async function lowerCaseNames(absDir: string): Promise<Map<string, NameInfo>> {
  try {
    const entries = await readdir(absDir, { withFileTypes: true });
    return new Map(entries.map((e) => [e.name.toLowerCase(), { name: e.name, isDirectory: e.isDirectory() || e.isSymbolicLink() }]));
  } catch {
    return new Map();
  }
}

export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
