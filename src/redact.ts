/**
 * Values read from inputs that may be secret travel through the linter only as `Redacted`.
 * The raw text sits in an ECMAScript private field: reporters, messages and JSON.stringify
 * can only ever see the redacted form.
 */
import { sha256 } from './hash.js';

/** How many leading characters of a secret a report may show. */
export const VISIBLE_PREFIX = 3;

export class Redacted {
  readonly #raw: string;

  constructor(raw: string) {
    this.#raw = raw;
  }

  /** The form every output shows: the first characters, then `***`. */
  get display(): string {
    return redactString(this.#raw);
  }

  get length(): number {
    return this.#raw.length;
  }

  toString(): string {
    return this.display;
  }

  toJSON(): string {
    return this.display;
  }

  /** A salted SHA-256 of the raw value, for baselines and fingerprints. */
  hash(salt: string): string {
    return sha256([salt, '\0', this.#raw]);
  }

  /**
   * Runs a predicate on the raw value without handing it out (detectors test shapes this way).
   */
  test(predicate: (raw: string) => boolean): boolean {
    return predicate(this.#raw);
  }
}

export function redactString(raw: string): string {
  const chars = Array.from(raw);
  if (chars.length <= VISIBLE_PREFIX) return '***';
  return chars.slice(0, VISIBLE_PREFIX).join('') + '***';
}

export function redact(raw: string): Redacted {
  return new Redacted(raw);
}
