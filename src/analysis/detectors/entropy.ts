/**
 * Character statistics used by the generic (shape-based) secret checks: Shannon entropy in bits
 * per character, and the character classes a value mixes.
 */

/** Shannon entropy of the characters of `text`, in bits per character (0 for ''). */
export function shannonEntropy(text: string): number {
  const chars = Array.from(text);
  if (chars.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const ch of chars) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let bits = 0;
  for (const count of counts.values()) {
    const p = count / chars.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/**
 * The entropy a value of this length must reach: `minEntropy`, but never more than
 * `log2(length) - 0.7` — a string of n characters has at most log2(n) bits per character, and a
 * random one falls a little short of that — so short random values can still pass. From about 20
 * characters on, `minEntropy` applies unchanged (for the default 3.5).
 */
export function entropyThreshold(length: number, minEntropy: number): number {
  if (length <= 1) return minEntropy;
  return Math.min(minEntropy, Math.log2(length) - 0.7);
}

export interface CharClasses {
  readonly lower: boolean;
  readonly upper: boolean;
  readonly digit: boolean;
  readonly symbol: boolean;
  /** How many of the four classes occur. */
  readonly count: number;
}

export function charClasses(text: string): CharClasses {
  const lower = /[a-z]/.test(text);
  const upper = /[A-Z]/.test(text);
  const digit = /[0-9]/.test(text);
  const symbol = /[^A-Za-z0-9]/.test(text);
  return { lower, upper, digit, symbol, count: Number(lower) + Number(upper) + Number(digit) + Number(symbol) };
}
