/**
 * Values read from inputs that may be secret travel through the linter only as `Redacted`.
 * The raw text sits in an ECMAScript private field: reporters, messages and JSON.stringify
 * can only ever see the redacted form.
 */
import { sha256 } from './hash.js';

/** How many leading characters of a secret a report may show. */
export const VISIBLE_PREFIX = 3;

/**
 * The raw text of a redacted value, for the analysis that must read it (vault names in values,
 * credential shapes). Lint allows it in src/model, src/parse and src/analysis only: rules,
 * reporters and the engine see values redacted.
 */
export let reveal: (value: Redacted) => string;

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

  /** The value without surrounding white space, still redacted. */
  trimmed(): Redacted {
    return new Redacted(this.#raw.trim());
  }

  static {
    reveal = (value) => value.#raw;
  }
}

declare const nameBrand: unique symbol;

/**
 * The name of something in an input — an action, flow, parameter, schema, connection, file — as
 * the model read it. Names are shown in reports by design (see README); values never are. Message
 * data accepts names, numbers and `Redacted` only, so a value cannot be put in a message as text.
 */
export type Name = string & { readonly [nameBrand]: true };

/** Marks text as a name. Only the model builder and the analysis (for names they derive) call it. */
export function asName(text: string): Name;
export function asName(text: string | undefined): Name | undefined;
export function asName(text: string | undefined): Name | undefined {
  return text as Name | undefined;
}

/**
 * Text written in flowlint's own code (a label such as 'Trigger', a kind such as 'an e-mail'):
 * only string literal types pass, so text computed from an input cannot.
 */
export function label<T extends string>(text: string extends T ? never : T): Name {
  return text as string as Name;
}

/**
 * Text composed of names and flowlint's own words: names`Action '${action.name}'`. Every
 * interpolation must be a Name or a number; the literal parts are code.
 */
export function names(strings: TemplateStringsArray, ...parts: readonly (Name | number)[]): Name {
  return strings.reduce((text, literal, index) => text + literal + (index < parts.length ? String(parts[index]) : ''), '') as Name;
}

/** Names joined (`a, b` or `a → b`), or quoted and joined in words (`'a', 'b' and 'c'`). */
export function nameList(items: readonly Name[], style: 'comma' | 'arrow' | 'quoted' = 'comma'): Name {
  if (style !== 'quoted') return items.join(style === 'comma' ? ', ' : ' → ') as Name;
  const quoted = items.map((item) => `'${item}'`);
  return (quoted.length <= 1 ? quoted.join('') : `${quoted.slice(0, -1).join(', ')} and ${quoted[quoted.length - 1]}`) as Name;
}

export function redactString(raw: string): string {
  const chars = Array.from(raw);
  if (chars.length <= VISIBLE_PREFIX) return '***';
  return chars.slice(0, VISIBLE_PREFIX).join('') + '***';
}

export function redact(raw: string): Redacted {
  return new Redacted(raw);
}
