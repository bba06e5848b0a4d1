/**
 * Keeps a long run's memory near what it actually holds. Between units, little survives (the
 * retained view of each unit, the findings), but V8 sizes its heap by allocation rate, not by what
 * survives: linting a 1 GiB estate left 1.1 GiB resident with 50 MiB live. A full collection after
 * every few dozen MiB of input read, or once the heap grew by ~100 MiB since the last one, keeps the
 * peak near 250 MiB for about a second over the whole run (BENCHMARKS.md). Small runs never reach
 * either threshold and never pay for it.
 */
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** Input bytes (decoded files and archive members) between two full collections. */
export const COLLECT_EVERY_BYTES = 32 * 1024 * 1024;

/**
 * Heap growth over what the last full collection left that also calls for one: units that allocate
 * much per byte read (many small actions, long expressions) fill the heap before the byte count
 * says so, and V8 then grows it further.
 */
export const COLLECT_AFTER_GROWTH_BYTES = 96 * 1024 * 1024;

let collect: (() => void) | null | undefined;

/** The engine's own full collection (`--expose-gc`'s `gc`), turned on at first use. */
function fullCollection(): (() => void) | null {
  if (collect === undefined) {
    try {
      setFlagsFromString('--expose-gc');
      collect = runInNewContext('gc') as () => void;
    } catch {
      collect = null;
    }
  }
  return collect;
}

/** Counts input bytes as units are read, and collects garbage once enough has gone through. */
export class MemoryPacer {
  private sinceCollection = 0;
  private collections = 0;
  /** Heap in use after the last full collection this pacer asked for (0 before the first). */
  private liveAfterCollection = 0;

  constructor(
    private readonly everyBytes = COLLECT_EVERY_BYTES,
    private readonly afterGrowth = COLLECT_AFTER_GROWTH_BYTES,
  ) {}

  /** Call between units, when the previous unit is no longer referenced. */
  afterInput(bytes: number): void {
    this.sinceCollection += bytes;
    if (this.sinceCollection < this.everyBytes && !this.grown()) return;
    this.sinceCollection = 0;
    this.collections++;
    const collect = fullCollection();
    if (!collect) return;
    collect();
    this.liveAfterCollection = getHeapStatistics().used_heap_size;
  }

  /** Whether the heap grew past the allowance since the last collection (only once there was one). */
  private grown(): boolean {
    return this.liveAfterCollection > 0 && getHeapStatistics().used_heap_size - this.liveAfterCollection > this.afterGrowth;
  }

  /** Full collections asked for so far. */
  get collectionCount(): number {
    return this.collections;
  }

  /** Call when the last unit is done: a long run starts its reports from a clean heap. */
  afterRun(): void {
    if (this.collections > 0) fullCollection()?.();
  }
}
