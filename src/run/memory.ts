/**
 * Keeps a long run's memory near what it actually holds. Between units, little survives (the
 * retained view of each unit, the findings), but V8 sizes its heap by allocation rate, not by what
 * survives: linting a 1 GiB estate left 1.1 GiB resident with 50 MiB live. A full collection after
 * every few dozen MiB of input read keeps the peak under 300 MiB for a few tenths of a second over
 * the whole run (BENCHMARKS.md). Small runs never reach the threshold and never pay for it.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** Input bytes (decoded files and archive members) between two full collections. */
export const COLLECT_EVERY_BYTES = 32 * 1024 * 1024;

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

  constructor(private readonly everyBytes = COLLECT_EVERY_BYTES) {}

  /** Call between units, when the previous unit is no longer referenced. */
  afterInput(bytes: number): void {
    this.sinceCollection += bytes;
    if (this.sinceCollection < this.everyBytes) return;
    this.sinceCollection = 0;
    this.collections++;
    fullCollection()?.();
  }

  /** Call when the last unit is done: a long run starts its reports from a clean heap. */
  afterRun(): void {
    if (this.collections > 0) fullCollection()?.();
  }
}
