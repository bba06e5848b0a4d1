/**
 * Decides whether the value written in a credential place is a hard-coded credential, and how
 * sure we are. Expressions are never credentials; literal text inside templates is judged
 * strictly (it must look random); whole literals are judged by the strength of the place:
 *
 * - `slot` (authentication password, Authorization header, `client_secret=`): any literal that is
 *   not a placeholder or a benign shape; error from `minLength` characters, warning from 4.
 * - `named` (a variable, key or parameter named like a secret): error when the literal looks
 *   random (`minEntropy`, `minLength`), warning when it is only plausible (`Welcome1!`).
 * - `ambiguous` (`code=`, `key=`, `sig=`): error only for random-looking values of 20+ characters.
 */
import { constantText, literalPieces } from './literals.js';
import { isPasswordName, type CredentialParameterStrength } from './secret-names.js';
import {
  basicCredentialPair,
  isBasicCredential,
  isBenignShape,
  isGuid,
  isHexKey,
  isPlaceholder,
  isPlausibleSecret,
  isProse,
  isSecretShaped,
  stripAuthScheme,
  type ShapeOptions,
} from './values.js';

export interface SecretScanOptions extends ShapeOptions {
  /** Values matching any of these are never reported. */
  readonly ignorePatterns: readonly RegExp[];
  /** Known-format detector ids that are switched off. */
  readonly ignoreDetectors: ReadonlySet<string>;
}

export const DEFAULT_SCAN_OPTIONS: SecretScanOptions = { minEntropy: 3.5, minLength: 8, ignorePatterns: [], ignoreDetectors: new Set() };

export interface PlaceContext {
  readonly strength: CredentialParameterStrength;
  /** The name of the place (field, header, variable); a value equal to it is a placeholder. */
  readonly name?: string;
  /** The value is `<scheme> <credential>` (Authorization-style). */
  readonly authorizationScheme?: boolean;
}

export interface Verdict {
  readonly level: 'error' | 'warning';
  /** The credential text (scheme removed). */
  readonly secret: string;
}

function ignored(secret: string, options: SecretScanOptions): boolean {
  return options.ignorePatterns.some((pattern) => pattern.test(secret));
}

/** Judges a whole literal value written in a credential place. */
export function judgeLiteral(raw: string, place: PlaceContext, options: SecretScanOptions): Verdict | undefined {
  const secret = place.authorizationScheme ? stripAuthScheme(raw) : raw.trim();
  if (secret === '' || ignored(secret, options)) return undefined;
  // Tokens, secrets and keys are machine-made and never prose ("Unauthorized!"); a password may be words.
  if (place.strength !== 'ambiguous' && isProse(secret) && !(place.name !== undefined && isPasswordName(place.name))) return undefined;
  if (place.authorizationScheme && /^\s*Basic\s/i.test(raw)) {
    const pair = basicCredentialPair(secret);
    if (pair && !isBasicCredential(pair.user, pair.password)) return undefined;
  }
  switch (place.strength) {
    case 'slot': {
      if (isPlaceholder(secret, place.name)) return undefined;
      // GUIDs and hex strings are what API keys often look like; other benign shapes are not keys.
      if (isBenignShape(secret) && !isGuid(secret) && !isHexKey(secret)) return undefined;
      if (/\s/.test(secret) && !isSecretShaped(secret.replace(/\s+/g, ''), options)) return undefined;
      if (secret.length >= options.minLength) return { level: 'error', secret };
      return secret.length >= 4 ? { level: 'warning', secret } : undefined;
    }
    case 'named':
      if (isSecretShaped(secret, options, place.name)) return { level: 'error', secret };
      return isPlausibleSecret(secret, place.name) ? { level: 'warning', secret } : undefined;
    case 'ambiguous':
      return secret.length >= 20 && isSecretShaped(secret, options, place.name) ? { level: 'error', secret } : undefined;
  }
}

/**
 * Judges the value of a credential place as written in the flow (a JSON string that may be a
 * template). A plain or `@@`-escaped literal is judged whole; for templates only literal text
 * that looks random counts (`Bearer abc123...@{x}`), never the expressions themselves.
 */
export function judgeTemplateValue(text: string, place: PlaceContext, options: SecretScanOptions): Verdict[] {
  // Literal text, and expressions that only fold literals (`@{base64(concat('key', ':'))}`), are judged whole.
  const constant = constantText(text);
  if (constant !== undefined) {
    const verdict = judgeLiteral(constant, place, options);
    return verdict ? [verdict] : [];
  }
  const out: Verdict[] = [];
  for (const piece of literalPieces(text)) {
    const secret = place.authorizationScheme ? stripAuthScheme(piece.text) : piece.text.trim();
    if (secret.length < Math.max(options.minLength, 16) || ignored(secret, options)) continue;
    // In a credential slot a GUID or hex key is a key, as it is when written whole.
    const keyInSlot = place.strength === 'slot' && (isGuid(secret) || isHexKey(secret));
    if (keyInSlot || isSecretShaped(secret, options, place.name)) out.push({ level: 'error', secret });
  }
  return out;
}
