/**
 * The one entry point from paths to input groups. Each path given becomes groups of raw files that
 * are modelled together: a zip (and each zip inside it), an unpacked solution or package folder, or
 * a lone file. Groups are read and yielded one at a time, so a big tree is never held in memory at
 * once; a walk keeps only paths until a group is read.
 */
import { realpathSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, isAbsolute, join, relative, resolve, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { describeFsError, readFileHead, readPlainFile, toDisplayPath } from './fs.js';
import { formatBytes, resolveLimits } from './limits.js';
import { hasZipExtension, isExplicitScript, isRelevantEntry } from './relevant.js';
import { compareStrings, findEnclosingRoot, findRoots, rootOf, type FolderRoot } from './roots.js';
import { sniffKind } from './text.js';
import type { ChangedMetadata, InputError, InputGroup, InputLimits, RawFile, SkippedPath } from './types.js';
import { isInside, SKIP_REASONS, specialKind, walkFolder, type TrackedPaths } from './walk.js';
import { findRepoRoot, runGit } from '../git.js';
import { readZip } from './zip.js';

export { decodeText, sniffKind, type ContentKind, type DecodedText } from './text.js';
export { checkEntryName, isRelevantEntry, readZip, type ZipReadOptions } from './zip.js';
export { walkFolder, SKIP_REASONS, type TrackedPaths, type WalkItem, type WalkOptions } from './walk.js';
export { findRoots, findEnclosingRoot, type FolderRoot, type RootKind } from './roots.js';
export { resolveLimits } from './limits.js';
export { toDisplayPath } from './fs.js';
export * from './types.js';

export interface CollectOptions {
  /** Display paths are relative to this folder; relative input paths are resolved against it. */
  readonly cwd: string;
  readonly limits?: Partial<InputLimits>;
  /**
   * Extra patterns in `.gitignore` syntax, relative to `cwd`. They apply to folder walks and to
   * files named directly (so a pre-commit hook honours them); `.gitignore` files apply to walks only.
   */
  readonly ignore?: readonly string[];
  /**
   * false: no `.gitignore` applies, and git is not asked (a tree written from a git revision, where
   * every file is tracked by construction). Default true.
   */
  readonly gitignore?: boolean;
}

/**
 * Yields the input groups for `paths`, in the order given (folders: sorted by path inside), except
 * that files which lie in a solution or package folder are gathered per folder and yielded last, as
 * that folder's group with `focus` naming them, unless a folder walk already yielded the folder whole.
 * Never throws for a bad input: unreadable, missing or corrupt inputs come back as InputErrors.
 */
export async function* collectInputs(paths: readonly string[], options: CollectOptions): AsyncGenerator<InputGroup> {
  const run = createRun(options);
  const plans = await planInputs(run, paths.length > 0 ? paths : ['.']);
  for (const plan of [...plans.ordered, ...plans.focused.values()]) {
    try {
      yield* readPlan(run, plan);
    } catch (error) {
      // A safety net: known failures are InputErrors already; an unknown one ends this input only.
      // Named by its class only: an unknown error's message may quote the input.
      const message = `unexpected error while reading (${error instanceof Error ? error.name : typeof error})`;
      yield errorGroup('file', run, plan.kind === 'focus' ? plan.rootAbs : plan.absPath, message);
    }
  }
}

/** What one run shares: options with defaults, and which groups were yielded (inputs can overlap). */
interface Run {
  readonly cwd: string;
  readonly limits: InputLimits;
  readonly ignorePatterns: readonly string[];
  readonly gitignore: boolean;
  readonly extraRules: Ignore | undefined;
  readonly yielded: Set<string>;
  /** What git tracks, by the real path of a walked folder. */
  readonly gitViews: Map<string, GitView>;
  gitRoot?: string | null;
}

function createRun(options: CollectOptions): Run {
  const ignorePatterns = options.ignore ?? [];
  return {
    cwd: resolve(options.cwd),
    limits: resolveLimits(options.limits),
    ignorePatterns,
    gitignore: options.gitignore ?? true,
    extraRules: ignorePatterns.length > 0 ? ignore().add([...ignorePatterns]) : undefined,
    yielded: new Set(),
    gitViews: new Map(),
  };
}

type InputPlan =
  | { readonly kind: 'error'; readonly absPath: string; readonly message: string }
  | { readonly kind: 'skipped'; readonly absPath: string; readonly reason: string }
  | { readonly kind: 'folder'; readonly absPath: string }
  | { readonly kind: 'zip'; readonly absPath: string }
  | { readonly kind: 'file'; readonly absPath: string }
  | { readonly kind: 'focus'; readonly rootAbs: string; readonly focusAbs: string[] };

interface Plans {
  readonly ordered: InputPlan[];
  /** Focus plans by the real path of their root, so files of one solution share one group. */
  readonly focused: Map<string, Extract<InputPlan, { kind: 'focus' }>>;
}

async function planInputs(run: Run, paths: readonly string[]): Promise<Plans> {
  const plans: Plans = { ordered: [], focused: new Map() };
  for (const path of paths) {
    const plan = await planInput(run, resolve(run.cwd, path));
    if (plan === undefined) continue;
    if (plan.kind !== 'focus') {
      plans.ordered.push(plan);
      continue;
    }
    const key = await realKey(plan.rootAbs);
    const existing = plans.focused.get(key);
    if (existing) existing.focusAbs.push(...plan.focusAbs);
    else plans.focused.set(key, plan);
  }
  return plans;
}

/** Decides what one path is: by `stat`, then for files by their first bytes. */
async function planInput(run: Run, absPath: string): Promise<InputPlan | undefined> {
  let stats;
  try {
    stats = await stat(absPath);
  } catch (error) {
    return { kind: 'error', absPath, message: describeFsError(error) };
  }
  const escape = leavesTree(run, absPath);
  if (escape) return { kind: 'error', absPath, message: escape };
  if (stats.isDirectory()) return { kind: 'folder', absPath };
  // Opening a FIFO or a device would block or read forever.
  if (!stats.isFile()) return { kind: 'error', absPath, message: `${specialKind(stats).special} or folder; not read` };
  if (isIgnoredByOptions(run, absPath)) return { kind: 'skipped', absPath, reason: SKIP_REASONS.option };

  let head: Buffer;
  try {
    head = await readFileHead(absPath);
  } catch (error) {
    return { kind: 'error', absPath, message: `cannot read file: ${describeFsError(error)}` };
  }
  const kind = sniffKind(absPath, head);
  // A `.zip` is opened as one whatever its first bytes: one with a prefix (self-extractor stub),
  // an LFS pointer or a broken one must be read or reported, never skipped as "not an input".
  if (kind === 'zip' || hasZipExtension(absPath)) return { kind: 'zip', absPath };
  // Named files are recognised by content; a `.png` given by a hook is just not an input.
  // Script files (`.ts`, `.js`: Office Scripts, inline code) count only when named like this.
  if (kind === 'other' && !isRelevantEntry(absPath) && !isExplicitScript(absPath)) return undefined;

  const root = await findEnclosingRoot(absPath, await gitRootAbove(run, absPath));
  if (root) return { kind: 'focus', rootAbs: root.absDir, focusAbs: [absPath] };
  return { kind: 'file', absPath };
}

function isIgnoredByOptions(run: Run, absPath: string): boolean {
  if (run.extraRules === undefined) return false;
  const rel = relative(run.cwd, absPath);
  if (rel === '' || rel.split(sep)[0] === '..' || isAbsolute(rel)) return false;
  return run.extraRules.ignores(rel.split(sep).join('/'));
}

/** The git work tree that holds the cwd, if `absPath` is inside it: the upward search stops there. */
async function gitRootAbove(run: Run, absPath: string): Promise<string | undefined> {
  const gitRoot = repoOfCwd(run);
  if (gitRoot === undefined) return undefined;
  const rel = relative(gitRoot, absPath);
  return rel.split(sep)[0] === '..' || isAbsolute(rel) ? undefined : gitRoot;
}

function repoOfCwd(run: Run): string | undefined {
  if (run.gitRoot === undefined) run.gitRoot = findRepoRoot(run.cwd) ?? null;
  return run.gitRoot ?? undefined;
}

/**
 * A path named inside the working tree (the cwd's repository, or the cwd outside one) whose real
 * path lies outside it got there through a symlink — one committed to the scanned tree, perhaps,
 * pointing at a secret elsewhere on the machine: it is refused. The target is not named, and not a
 * byte of it is read. A path named outside the working tree is the user's own choice.
 */
function leavesTree(run: Run, absPath: string): string | undefined {
  const repo = repoOfCwd(run);
  const tree = repo ?? run.cwd;
  if (!isInside(absPath, tree)) return undefined;
  try {
    if (isInside(realpathSync.native(absPath), realpathSync.native(tree))) return undefined;
  } catch (error) {
    return `cannot resolve the path: ${describeFsError(error)}`;
  }
  const where = repo === undefined ? 'the working folder' : 'the repository';
  return `leads outside ${where} through a symbolic link; not read (name the link's target to lint it)`;
}

/** How `.gitignore` applies to one walked folder, as far as git can tell. */
interface GitView {
  readonly tracked?: TrackedPaths;
  /** false when git could not say what it tracks: then no file is skipped for `.gitignore`. */
  readonly gitignore: boolean;
  readonly notice?: string;
}

/** Bounds for listing tracked files: a very large repository lists a few MiB in well under a second. */
const GIT_LS_FILES_MAX_BYTES = 256 * 1024 * 1024;
const GIT_LS_FILES_TIMEOUT_MS = 60_000;

/**
 * Inside a git work tree, asks git (safely: see src/git.ts) which files under `absDir` it tracks.
 * When git is missing or fails, `.gitignore` is not applied at all and a notice says so: failing
 * that way lints too much, never too little.
 */
function gitViewOf(run: Run, absDir: string): GitView {
  const repo = findRepoRoot(absDir);
  if (repo === undefined) return { gitignore: true };
  let key: string;
  try {
    key = realpathSync.native(absDir);
  } catch {
    return { gitignore: true }; // the walk reports the unreadable folder
  }
  const known = run.gitViews.get(key);
  if (known) return known;
  let view: GitView;
  try {
    const listing = runGit(absDir, ['ls-files', '-z', '--cached'], { maxBytes: GIT_LS_FILES_MAX_BYTES, timeoutMs: GIT_LS_FILES_TIMEOUT_MS });
    view = { gitignore: true, tracked: trackedPaths(listing.toString('utf8')) };
  } catch (error) {
    const notice = `${toDisplayPath(repo, run.cwd)}: git could not list the tracked files (${gitFailure(error)}); .gitignore files were not applied, every file was read`;
    view = { gitignore: false, notice };
  }
  run.gitViews.set(key, view);
  return view;
}

function trackedPaths(listing: string): TrackedPaths {
  const files = new Set<string>();
  const folders = new Set<string>();
  for (const path of listing.split('\0')) {
    if (path === '') continue;
    files.add(path);
    // Every folder above the file; once one is known, so are those above it.
    for (let slash = path.lastIndexOf('/'); slash > 0; slash = path.lastIndexOf('/', slash - 1)) {
      const folder = path.slice(0, slash);
      if (folders.has(folder)) break;
      folders.add(folder);
    }
  }
  return { file: (relPath) => files.has(relPath), folder: (relPath) => folders.has(relPath) };
}

/** Why git failed, without its stderr (which can quote the untrusted repository's config). */
function gitFailure(error: unknown): string {
  const failure = error as NodeJS.ErrnoException & { status?: number | null; signal?: string | null };
  if (failure.code === 'ENOENT') return 'git is not installed';
  if (failure.code === 'ENOBUFS') return 'its output was over the limit';
  if (failure.signal) return failure.signal === 'SIGKILL' || failure.code === 'ETIMEDOUT' ? 'it timed out' : `it was stopped by ${failure.signal}`;
  if (typeof failure.status === 'number') return `exit code ${failure.status}`;
  return describeFsError(error);
}

/**
 * Real path when it resolves (so two spellings of one folder are one group), else the path.
 * Synchronous and native: it runs once per file of a walk, where a thread-pool trip each adds up.
 */
async function realKey(absPath: string): Promise<string> {
  try {
    return realpathSync.native(absPath);
  } catch {
    return absPath;
  }
}

/** Yields a group at most once per run, keyed by kind and real path. */
async function firstTime(run: Run, kind: string, absPath: string): Promise<boolean> {
  const key = `${kind}:${await realKey(absPath)}`;
  if (run.yielded.has(key)) return false;
  run.yielded.add(key);
  return true;
}

async function* readPlan(run: Run, plan: InputPlan): AsyncGenerator<InputGroup> {
  switch (plan.kind) {
    case 'error':
      yield errorGroup('file', run, plan.absPath, plan.message);
      return;
    case 'skipped':
      yield infoGroup(run, plan.absPath, [{ file: toDisplayPath(plan.absPath, run.cwd), reason: plan.reason }], []);
      return;
    case 'folder':
      yield* readFolderInput(run, plan.absPath);
      return;
    case 'zip':
      if (await firstTime(run, 'archive', plan.absPath)) yield* readZip(plan.absPath, zipOptions(run, plan.absPath));
      return;
    case 'file':
      if (await firstTime(run, 'file', plan.absPath)) yield* readLoneFile(run, plan.absPath);
      return;
    case 'focus':
      yield* readFocusedRoot(run, plan.rootAbs, plan.focusAbs);
      return;
  }
}

function zipOptions(run: Run, absPath: string): { displayPath: string; limits: InputLimits } {
  return { displayPath: toDisplayPath(absPath, run.cwd), limits: run.limits };
}

function errorGroup(kind: 'file' | 'folder', run: Run, absPath: string, message: string): InputGroup {
  const file = toDisplayPath(absPath, run.cwd);
  return { kind, root: { file }, files: [], errors: [{ file, message }] };
}

/** A group with no files: only what was skipped, or a notice, while collecting an input. */
function infoGroup(run: Run, absPath: string, skipped: readonly SkippedPath[], notices: readonly string[]): InputGroup {
  return { kind: 'folder', root: { file: toDisplayPath(absPath, run.cwd) }, files: [], errors: [], skipped, notices };
}

// ---------------------------------------------------------------------------------------------
// Folders: walk once for paths, split them into units (roots, zips, loose files), read unit by unit.

/** A file the walk found, with its path relative to the walk root. */
interface FoundFile {
  readonly absPath: string;
  readonly relPath: string;
}

/** The files and problems of one solution or package folder. */
interface RootUnit {
  readonly kind: 'root';
  readonly relPath: string;
  readonly absPath: string;
  readonly files: FoundFile[];
  readonly errors: InputError[];
}

/** A zip, or a file in no root. */
interface PathUnit {
  readonly kind: 'zip' | 'file';
  readonly relPath: string;
  readonly absPath: string;
}

/** Something the walk could not read, in no root. */
interface ProblemUnit {
  readonly kind: 'error';
  readonly relPath: string;
  readonly absPath: string;
  readonly isDirectory: boolean;
  readonly message: string;
}

/** One group-to-be of a walked folder; only paths until it is read. */
type FolderUnit = RootUnit | PathUnit | ProblemUnit;

async function* readFolderInput(run: Run, absDir: string): AsyncGenerator<InputGroup> {
  const { units, skipped, notices } = await planFolder(run, absDir);
  if (skipped.length > 0 || notices.length > 0) yield infoGroup(run, absDir, skipped, notices);
  for (const unit of units) {
    const { absPath } = unit;
    switch (unit.kind) {
      case 'root':
        if (await firstTime(run, 'folder', absPath)) yield* readRootGroup(run, absPath, unit.files, unit.errors);
        break;
      case 'zip':
        if (await firstTime(run, 'archive', absPath)) yield* readZip(absPath, zipOptions(run, absPath));
        break;
      case 'file':
        if (await firstTime(run, 'file', absPath)) yield* readLoneFile(run, absPath);
        break;
      case 'error':
        yield errorGroup(unit.isDirectory ? 'folder' : 'file', run, absPath, unit.message);
        break;
    }
  }
}

interface FolderPlan {
  readonly units: FolderUnit[];
  /** Paths the walk did not read, with the reason. */
  readonly skipped: SkippedPath[];
  readonly notices: string[];
}

/** Walks `absDir` and sorts what it found into units, in path order. */
async function planFolder(run: Run, absDir: string): Promise<FolderPlan> {
  const found: FoundFile[] = [];
  const problems: ProblemUnit[] = [];
  const skipped: SkippedPath[] = [];
  const git: GitView = run.gitignore ? gitViewOf(run, absDir) : { gitignore: false };
  const walk = walkFolder(absDir, { ignore: run.ignorePatterns, ignoreBase: run.cwd, include: isRelevantEntry, tracked: git.tracked, gitignore: git.gitignore });
  for await (const item of walk) {
    if (item.kind === 'file') found.push({ absPath: item.absPath, relPath: item.relPath });
    else if (item.kind === 'skipped') skipped.push({ file: toDisplayPath(item.absPath, run.cwd) + (item.isDirectory ? '/' : ''), reason: item.reason });
    else problems.push({ ...item, kind: 'error' });
  }

  // Zips are groups of their own wherever they sit, solution folders included.
  const zips = found.filter((f) => hasZipExtension(f.relPath));
  const others = found.filter((f) => !hasZipExtension(f.relPath));
  const rootsByDir = new Map(findRoots(others.map((f) => f.relPath)).map((r) => [r.relDir, r]));
  const rootUnits = new Map<string, RootUnit>();
  const rootUnitOf = (root: FolderRoot): RootUnit => {
    let unit = rootUnits.get(root.relDir);
    if (!unit) {
      const absPath = join(absDir, ...root.relDir.split('/'));
      unit = { kind: 'root', relPath: root.relDir, absPath, files: [], errors: [] };
      rootUnits.set(root.relDir, unit);
    }
    return unit;
  };

  const units: FolderUnit[] = zips.map((z) => ({ kind: 'zip', ...z }));
  for (const file of others) {
    const root = rootOf(file.relPath, rootsByDir);
    if (root) rootUnitOf(root).files.push({ absPath: file.absPath, relPath: relativeTo(root.relDir, file.relPath) });
    else units.push({ kind: 'file', ...file });
  }
  for (const problem of problems) {
    const root = rootOf(problem.relPath, rootsByDir);
    if (root) rootUnitOf(root).errors.push({ file: toDisplayPath(problem.absPath, run.cwd), message: problem.message });
    else units.push(problem);
  }
  units.push(...rootUnits.values());
  return { units: units.sort((a, b) => compareStrings(a.relPath, b.relPath)), skipped, notices: git.notice ? [git.notice] : [] };
}

function relativeTo(relDir: string, relPath: string): string {
  return relDir === '' ? relPath : relPath.slice(relDir.length + 1);
}

/**
 * Reads the files of one solution or package folder into its group. A member that turns out to be
 * a zip by content is read as an archive group of its own, after the folder's group.
 */
async function* readRootGroup(
  run: Run,
  rootAbs: string,
  members: readonly FoundFile[],
  walkErrors: readonly InputError[],
  focus?: readonly string[],
  changedMetadata?: ChangedMetadata,
): AsyncGenerator<InputGroup> {
  const files: RawFile[] = [];
  const errors: InputError[] = [...walkErrors];
  const zips: string[] = [];
  const root = { file: toDisplayPath(rootAbs, run.cwd) };
  // The same total as an archive's: a folder is modelled whole, and memory follows its size.
  let total = 0;
  let overTotal = 0;
  for (const member of [...members].sort((a, b) => compareStrings(a.relPath, b.relPath))) {
    const file = toDisplayPath(member.absPath, run.cwd);
    const read = await readPlainFile(member.absPath, run.limits.maxEntryBytes);
    if (read.kind === 'bytes' && total + read.bytes.length > run.limits.maxArchiveBytes) overTotal++;
    else if (read.kind === 'bytes') {
      total += read.bytes.length;
      files.push({ source: { file }, path: member.relPath, bytes: read.bytes });
    } else if (read.kind === 'zip') zips.push(member.absPath);
    else errors.push({ file, message: read.message });
  }
  if (overTotal > 0) {
    const limit = formatBytes(run.limits.maxArchiveBytes);
    errors.push({
      file: root.file,
      message: `${overTotal} ${overTotal === 1 ? 'file was' : 'files were'} not read: the folder's total size limit of ${limit} (maxArchiveBytes) was reached`,
    });
  }
  yield { kind: 'folder', root, files, errors, ...(focus ? { focus } : {}), ...(changedMetadata ? { changedMetadata } : {}) };
  for (const zip of zips) {
    if (await firstTime(run, 'archive', zip)) yield* readZip(zip, zipOptions(run, zip));
  }
}

/** A file in no solution or package folder: a group of one (or an archive, if it is a zip). */
async function* readLoneFile(run: Run, absPath: string): AsyncGenerator<InputGroup> {
  const file = toDisplayPath(absPath, run.cwd);
  const read = await readPlainFile(absPath, run.limits.maxEntryBytes);
  if (read.kind === 'zip') {
    yield* readZip(absPath, zipOptions(run, absPath));
    return;
  }
  // A lone file's path inside its group is its name.
  const files: RawFile[] = read.kind === 'bytes' ? [{ source: { file }, path: basename(absPath), bytes: read.bytes }] : [];
  const errors: InputError[] = read.kind === 'error' ? [{ file, message: read.message }] : [];
  yield { kind: 'file', root: { file }, files, errors };
}

/**
 * Files named one by one inside a solution or package folder: that folder's whole group (the
 * context rules need), with `focus` naming the given files. Named files are read even when a
 * `.gitignore` would skip them: naming a file is asking for it.
 */
async function* readFocusedRoot(run: Run, rootAbs: string, focusAbs: readonly string[]): AsyncGenerator<InputGroup> {
  if (!(await firstTime(run, 'folder', rootAbs))) return; // a folder walk yielded it whole
  const { files, errors } = await planRootMembers(run, rootAbs);
  const known = new Set(files.map((f) => f.relPath));
  for (const absPath of focusAbs) {
    const relPath = relative(rootAbs, absPath).split(sep).join('/');
    if (!known.has(relPath)) files.push({ absPath, relPath });
    known.add(relPath);
  }
  const focus = [...new Set(focusAbs.map((p) => toDisplayPath(p, run.cwd)))].sort(compareStrings);
  // A changed metadata file can break flows and settings it never names (a deleted connection
  // reference dangles in the flow that uses it): the folder is linted whole, and what the change
  // brings to the other files is reported.
  const metadata = [...new Set(focusAbs.map((absPath) => relative(rootAbs, absPath).split(sep).join('/')).filter(isSolutionMetadata))].sort(compareStrings);
  if (metadata.length > 0) {
    const before = metadataAtHead(run, rootAbs, metadata);
    yield* readRootGroup(run, rootAbs, files, errors, undefined, before && { named: focus, before });
    return;
  }
  yield* readRootGroup(run, rootAbs, files, errors, focus);
}

/**
 * The named metadata files (paths in the folder) as git's `HEAD` has them; a file `HEAD` does not
 * have is new. Undefined when that cannot be told (no git, not a work tree, a blob over the size
 * limit): then every finding of the folder is reported, more rather than less.
 */
function metadataAtHead(run: Run, rootAbs: string, paths: readonly string[]): ChangedMetadata['before'] | undefined {
  const repo = findRepoRoot(rootAbs);
  if (repo === undefined) return undefined;
  try {
    const head = runGit(repo, ['rev-parse', '--verify', '--quiet', 'HEAD^{commit}'], { timeoutMs: GIT_BLOB_TIMEOUT_MS }).toString('utf8').trim();
    return paths.map((path) => {
      const inRepo = relative(repo, join(rootAbs, path)).split(sep).join('/');
      const listed = runGit(repo, ['--literal-pathspecs', 'ls-tree', '-z', '--full-tree', head, '--', inRepo], { timeoutMs: GIT_BLOB_TIMEOUT_MS }).toString('utf8');
      const blob = /^\d+ blob ([0-9a-f]+)\t/.exec(listed)?.[1];
      if (blob === undefined) return { path };
      return { path, bytes: runGit(repo, ['cat-file', 'blob', blob], { maxBytes: run.limits.maxEntryBytes, timeoutMs: GIT_BLOB_TIMEOUT_MS }) };
    });
  } catch (error) {
    // No commit yet: every metadata file is new, so the folder as it was held none of them.
    if ((error as { status?: number }).status === 1) return paths.map((path) => ({ path }));
    return undefined;
  }
}

const GIT_BLOB_TIMEOUT_MS = 30_000;

/**
 * A file of a solution folder that other files' findings depend on: the manifest, the
 * customizations (connection references, the flow list), environment variable definitions and
 * values, deployment settings (by their usual name, `deploymentSettings*.json`).
 */
export function isSolutionMetadata(relPath: string): boolean {
  return /^(other\/(customizations|solution)\.xml|environmentvariabledefinitions\/.+|(.+\/)?deploymentsettings[^/]*\.json)$/i.test(relPath);
}

/** The files that belong to the root at `rootAbs` itself (not zips, not nested roots). */
async function planRootMembers(run: Run, rootAbs: string): Promise<{ files: FoundFile[]; errors: InputError[] }> {
  // Skipped paths and notices of this walk are not reported: only the named files are linted here.
  const { units } = await planFolder(run, rootAbs);
  const own = units.find((u): u is RootUnit => u.kind === 'root' && u.relPath === '');
  return { files: own ? [...own.files] : [], errors: own ? [...own.errors] : [] };
}
