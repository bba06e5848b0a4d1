import { describe, expect, it } from 'vitest';
import { MemoryPacer } from '../src/run/memory.js';

describe('MemoryPacer', () => {
  it('collects after enough input bytes, and not before', () => {
    const pacer = new MemoryPacer(1000, Number.POSITIVE_INFINITY);
    pacer.afterInput(999);
    expect(pacer.collectionCount).toBe(0);
    pacer.afterInput(1);
    expect(pacer.collectionCount).toBe(1);
    pacer.afterInput(999);
    expect(pacer.collectionCount).toBe(1);
  });

  it('also collects once the heap grew past the allowance since the last collection', () => {
    const pacer = new MemoryPacer(1000, 4 * 1024 * 1024);
    pacer.afterInput(1000);
    expect(pacer.collectionCount).toBe(1);
    pacer.afterInput(0);
    expect(pacer.collectionCount).toBe(1);
    // Kept alive until after the check: ~16 MiB of heap the collection cannot free.
    const held = Array.from({ length: 16 }, (_, i) => new Array<number>(128 * 1024).fill(i + 0.5));
    pacer.afterInput(0);
    expect(pacer.collectionCount).toBe(2);
    expect(held.length).toBe(16);
  });
});
