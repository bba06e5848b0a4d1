/**
 * `flowlint diff OLD NEW [paths...]`: what a change made worse. Each side is a path (zip, folder,
 * file) or a git revision (then `paths`, default `.`, are read from that revision). Both sides are
 * linted with the same rules; the result holds every finding of the new side that the old side did
 * not have (matched by fingerprint: rule, solution, file inside the solution, JSON pointer — so a
 * zip compares with its unpacked folder) plus `security-regression` findings for protections that
 * were removed.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import securityRegression from '../../rules/security-regression.js';
import { snapshotProject } from '../analysis/snapshot.js';
import { ConfigError } from '../engine/registry.js';
import type { RunResult } from '../engine/types.js';
import { lint, type LintOptions } from '../run/lint.js';
import type { RunSetup } from '../run/setup.js';
import { runGit } from '../git.js';
import { toDisplayPath } from '../sources/fs.js';

/** Where one side of the comparison is read from. */
interface Side {
  readonly cwd: string;
  readonly paths: readonly string[];
  readonly cleanup?: () => void;
  /** Written from a revision: every file is tracked, so no `.gitignore` may hide one. */
  readonly fromRevision?: boolean;
}

const MAX_GIT_OUTPUT = 1024 * 1024 * 1024;
/** One git call (a blob of the largest export included) takes seconds; minutes means something is wrong. */
const GIT_TIMEOUT_MS = 5 * 60_000;

/** Through the safe runner: the repository's own config must not make git run anything. */
function git(cwd: string, args: readonly string[]): Buffer {
  return runGit(cwd, args, { maxBytes: MAX_GIT_OUTPUT, timeoutMs: GIT_TIMEOUT_MS });
}

function isRevision(cwd: string, name: string): boolean {
  try {
    git(cwd, ['rev-parse', '--verify', '--quiet', `${name}^{commit}`]);
    return true;
  } catch {
    return false;
  }
}

/** Copies the files under `pathspecs` at `revision` into a temporary folder. */
function materialise(cwd: string, revision: string, pathspecs: readonly string[]): Side {
  const root = git(cwd, ['rev-parse', '--show-toplevel']).toString().trim();
  const prefix = git(cwd, ['rev-parse', '--show-prefix']).toString().trim();
  const listing = git(cwd, ['ls-tree', '-r', '-z', '--full-tree', revision, '--', ...pathspecs.map((p) => join(prefix, p))]).toString();
  const dir = mkdtempSync(join(tmpdir(), 'flowlint-diff-'));
  for (const line of listing.split('\0')) {
    const match = /^\d+ blob ([0-9a-f]+)\t(.+)$/.exec(line);
    if (!match) continue;
    const target = join(dir, match[2]);
    if (!target.startsWith(dir)) continue;
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, git(root, ['cat-file', 'blob', match[1]]));
  }
  return { cwd: join(dir, prefix), paths: pathspecs, cleanup: () => rmSync(dir, { recursive: true, force: true }), fromRevision: true };
}

function resolveSide(cwd: string, spec: string, pathspecs: readonly string[], otherSpec: string): Side {
  if (existsSync(resolve(cwd, spec))) return { cwd, paths: [spec] };
  if (!isRevision(cwd, spec)) throw new ConfigError(`diff: "${spec}" is neither a file or folder nor a git revision`);
  const fromOther = pathspecs.length ? pathspecs : existsSync(resolve(cwd, otherSpec)) ? [otherSpec] : ['.'];
  return materialise(cwd, spec, fromOther);
}

/**
 * Two paths compared (`old/` and `new/`) name the same file differently; the old side's names are
 * put under the new side's, so each file is matched with its old self. Revisions are written out
 * under the same names, so nothing is renamed.
 */
function sideRenamer(cwd: string, oldSide: Side, oldSpec: string, newSide: Side, newSpec: string): ((key: string) => string) | undefined {
  if (oldSide.fromRevision || newSide.fromRevision) return undefined;
  const from = toDisplayPath(resolve(cwd, oldSpec), cwd);
  const to = toDisplayPath(resolve(cwd, newSpec), cwd);
  if (from === to) return undefined;
  return (key) => (key === from || key.startsWith(`${from}/`) || key.startsWith(`${from}!`) ? `${to}${key.slice(from.length)}` : key);
}

export async function diffRuns(cwd: string, oldSpec: string, newSpec: string, pathspecs: readonly string[], setup: RunSetup, debug?: boolean): Promise<RunResult> {
  const oldSide = resolveSide(cwd, oldSpec, pathspecs, newSpec);
  const newSide = resolveSide(cwd, newSpec, pathspecs, oldSpec);
  try {
    const common: Omit<LintOptions, 'cwd' | 'paths' | 'rules'> = { limits: setup.limits, ignore: setup.ignore, debug, settings: setup.settings, run: setup.run };
    const before = await lint({ ...common, cwd: oldSide.cwd, paths: oldSide.paths, gitignore: !oldSide.fromRevision, rules: setup.enabled, keepModel: true });
    const previous = snapshotProject(before.project, sideRenamer(cwd, oldSide, oldSpec, newSide, newSpec));
    const after = await lint({
      ...common,
      cwd: newSide.cwd,
      paths: newSide.paths,
      gitignore: !newSide.fromRevision,
      rules: setup.enabled,
      run: { ...setup.run, previous },
      suppressions: setup.suppressions,
    });
    const known = new Set(before.findings.map((f) => f.fingerprint));
    return {
      // Suppression bookkeeping belongs to lint runs, not to a comparison.
      findings: after.findings.filter((f) => !f.unsuppressible && (f.ruleId === securityRegression.meta.id || !known.has(f.fingerprint))),
      diagnostics: [...before.diagnostics, ...after.diagnostics],
      stats: { ...after.stats, durationMs: before.stats.durationMs + after.stats.durationMs },
      notices: [...new Set([...(before.notices ?? []), ...(after.notices ?? [])])],
    };
  } finally {
    oldSide.cleanup?.();
    newSide.cleanup?.();
  }
}
