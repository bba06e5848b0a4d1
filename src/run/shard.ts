/**
 * `--shard I/N`: a run that lints one part of the inputs, so a tenant-wide audit can run as a CI
 * matrix and `flowlint merge` can put the parts back together into the report of one run.
 *
 * The unit of a shard is an input group (a zip, an unpacked solution folder, a package, a lone
 * file): all files of one solution land in one shard. A group's shard comes from a hash of its
 * path as reports name it (relative to the working directory), so it depends neither on the
 * order of the walk, nor on the machine, nor on which other inputs exist.
 *
 * Cross-unit rules (`project:exit`) need every unit. A shard therefore reads and models every
 * input, lints only its own units, and runs the cross-unit rules over the whole project (its own
 * units plus the cut-down view of the others that a single run keeps), keeping the findings in its
 * own files: the same split a worker pool makes between threads. The cut-down views hold secret
 * values, so they never leave the process: shards exchange no model, only reports.
 */
import { sha256 } from '../hash.js';
import { ConfigError } from '../engine/registry.js';
import { sourceKey } from '../source-key.js';
import { buildUnit } from '../model/build.js';
import type { Solution } from '../model/types.js';
import type { RunResult, ShardReport } from '../engine/types.js';
import type { InputGroup, InputLimits } from '../sources/types.js';
import { retainedView } from './unit.js';
import type { ShardSpec } from './types.js';

export type { ShardSpec } from './types.js';

/** Parses `I/N` (1 ≤ I ≤ N). */
export function parseShard(text: string): ShardSpec {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = match ? Number(match[1]) : NaN;
  const count = match ? Number(match[2]) : NaN;
  if (!match || !Number.isSafeInteger(count) || count < 1 || index < 1 || index > count) {
    throw new ConfigError(`--shard: expected I/N with 1 <= I <= N (for example 2/4), got "${text}"`);
  }
  return { index, count };
}

/** The 1-based shard of the input group rooted at `root` (a display path, and an entry for a nested archive). */
export function shardOf(root: { readonly file: string; readonly entry?: string }, count: number): number {
  // The first 48 bits of SHA-256: spread evenly, and the same in every Node version.
  return (parseInt(sha256([sourceKey(root)]).slice(0, 12), 16) % count) + 1;
}

/**
 * One shard's view of a run: splits the input groups into its own (linted) and the others
 * (modelled and cut down for the cross-unit rules only), and says where its errors and skipped
 * paths stand in the order of a run over every input.
 */
export class ShardRun {
  /** The other shards' units, each after `ownBefore` of this shard's units. */
  private readonly foreign: { readonly ownBefore: number; readonly solution: Solution }[] = [];
  private own = 0;
  private inputs = 0;
  /** Files of this shard's units (source keys), with their unit's place in the input order. */
  private readonly unitOfFile = new Map<string, number>();
  private readonly unitOfSkip = new Map<string, number>();

  constructor(
    readonly spec: ShardSpec,
    private readonly limits: InputLimits,
  ) {}

  /** This shard's groups; the others are modelled as they pass (`read` is told of each). */
  async *select(groups: AsyncIterable<InputGroup>, read: (group: InputGroup) => void): AsyncGenerator<InputGroup> {
    for await (const group of groups) {
      const index = this.inputs++;
      if (shardOf(group.root, this.spec.count) !== this.spec.index) {
        read(group);
        const solution = retainedOf(group, this.limits);
        if (solution) this.foreign.push({ ownBefore: this.own, solution });
        continue;
      }
      this.own++;
      const place = (key: string, map: Map<string, number>): void => {
        if (!map.has(key)) map.set(key, index);
      };
      place(sourceKey(group.root), this.unitOfFile);
      for (const file of group.files) place(sourceKey(file.source), this.unitOfFile);
      for (const error of group.errors) place(sourceKey(error), this.unitOfFile);
      for (const skip of group.skipped ?? []) place(skip.file, this.unitOfSkip);
      yield group;
    }
  }

  /** Whether a finding's file belongs to this shard. */
  owns(location: { readonly file: string; readonly entry?: string }): boolean {
    return this.unitOfFile.has(sourceKey(location));
  }

  /**
   * The units in the order of a run over every input: this shard's (one per own group, in order,
   * undefined for a group with no unit) with the other shards' between them.
   */
  interleave<T>(own: readonly (T | undefined)[], foreign: (solution: Solution) => T): T[] {
    const units: T[] = [];
    let next = 0;
    for (let position = 0; position <= own.length; position++) {
      while (next < this.foreign.length && this.foreign[next].ownBefore === position) units.push(foreign(this.foreign[next++].solution));
      const unit = own[position];
      if (unit !== undefined) units.push(unit);
    }
    return units;
  }

  report(result: RunResult, sharedUsage: readonly boolean[]): ShardReport {
    const errorOrder = result.diagnostics.map((diagnostic, position): [number, number] => {
      const unit = this.unitOfFile.get(sourceKey(diagnostic));
      if (diagnostic.kind === 'input') return [0, unit ?? Number.MAX_SAFE_INTEGER];
      if (diagnostic.file === RULE_SETUP_FILE) return [1, position];
      return unit === undefined ? [3, position] : [2, unit];
    });
    const skippedOrder = (result.stats.skipped ?? []).map((skip) => this.unitOfSkip.get(skip.file) ?? Number.MAX_SAFE_INTEGER);
    return { index: this.spec.index, count: this.spec.count, errorOrder, skippedOrder, sharedUsage: [...sharedUsage] };
  }
}

/** What the engine names as the file of a rule that failed to set up. */
const RULE_SETUP_FILE = '(rule setup)';

/** The unit as a run over every input keeps it for the cross-unit rules (see lintGroup). */
function retainedOf(group: InputGroup, limits: InputLimits): Solution | undefined {
  if (group.files.length === 0) return undefined;
  const unit = buildUnit(group, limits);
  return unit.overLimit === undefined ? retainedView(unit.solution) : undefined;
}
