/**
 * What a literal value is when it is *not* a secret: placeholders people leave in samples
 * (`<client secret>`, `{{token}}`, `xxx`, `***`, `changeme`), template tokens of release
 * pipelines (`#{Secret}#`, `$(Secret)`, `__Secret__`), e-mail addresses, plain URLs, GUIDs,
 * Key Vault references, numbers, dates and identifiers. Every layer asks these questions before
 * it reports anything.
 */
import { charClasses, entropyThreshold, shannonEntropy } from './entropy.js';
import { KEY_VAULT_DOMAIN_PATTERN } from '../key-vault-domains.js';

/** Whole-value placeholders (after trimming). */
const WRAPPED_PLACEHOLDERS = [
  /^<[^<>]*>$/, // <client secret>
  /^\{\{.*\}\}$/s, // {{token}}
  /^\{[^{}]*\}$/, // {client secret}
  /^\[[^[\]]*\]$/, // [YOUR KEY]
  /^\$\{[^}]*\}$/, // ${SECRET}
  /^\$\([^)]*\)$/, // $(Secret)  (Azure Pipelines)
  /^#\{[^}]*\}#?$/, // #{Secret}#  (token replacement)
  /^%[^%\s]+%$/, // %SECRET%
  /^__[A-Za-z0-9_.-]+__$/, // __Secret__
  /^@@?\{?[A-Za-z_][\w.]*\}?$/, // @Secret, @{Secret} when shown as text
  /^\*+$/, // ****
  /^\.{3,}$/, // ...
  /^•+$/,
];

/**
 * Placeholders embedded in a longer value (`Bearer <token>`, `key={{apiKey}}`). A placeholder's
 * name holds no brace: letting it would make each `{` of a long run of them rescan the rest.
 */
const EMBEDDED_PLACEHOLDERS = [/<[A-Za-z][A-Za-z0-9 _.\-/]*>/, /\{\{[^{}]*\}\}/, /\$\{[^{}]+\}/, /#\{[^{}]+\}#/, /\$\([A-Za-z_][\w.]*\)/, /__[A-Z][A-Z0-9_]*__/];

/** Substrings that mark a value as a stand-in (case-insensitive). */
const PLACEHOLDER_MARKERS = [
  'xxx',
  '***',
  '...',
  '•••',
  'changeme',
  'change_me',
  'change-me',
  'change me',
  'replace',
  'placeholder',
  'your_',
  'your-',
  'your ',
  'yourkey',
  'yoursecret',
  'yourpassword',
  'yourtoken',
  'yourapikey',
  'insert',
  'enter_',
  'enter ',
  'example',
  'dummy',
  'sample',
  'redacted',
  'todo',
  'tbd',
  'fixme',
  'goes_here',
  'goeshere',
  'go_here',
  '_here',
  '-here',
  ' here',
  'put_',
  'paste',
  'secret_value',
  'notarealsecret',
  'not-a-real',
  'not_a_real',
  'fakepassword',
  'fake_secret',
  'lorem',
  'ipsum',
  'fill me',
  'fill_me',
  'fillme',
  'fill in',
  'fill_in',
];

/** Values that are words, not credentials (compared lower-case, without punctuation). */
const PLACEHOLDER_WORDS = new Set([
  'secret',
  'secrets',
  'password',
  'passwd',
  'pwd',
  'pass',
  'token',
  'apikey',
  'key',
  'test',
  'testing',
  'string',
  'null',
  'none',
  'nil',
  'undefined',
  'na',
  'empty',
  'default',
  'value',
  'clientsecret',
  'mysecret',
  'mypassword',
  'mytoken',
  'myapikey',
  'admin',
  'abc',
  'abc123',
  'abcdef',
  'qwerty',
  'foo',
  'bar',
  'foobar',
  'baz',
  'demo',
  'sample',
  'secretkey',
  'accesskey',
  'accesstoken',
  'bearer',
  'basic',
  'tbd',
  'unknown',
  'notset',
  'unset',
  'missing',
  'required',
  'optional',
  'true',
  'false',
  'yes',
  'no',
  'on',
  'off',
  'enabled',
  'disabled',
  'hidden',
  'masked',
  'secure',
  'securestring',
  'encrypted',
  'xyz',
  'abcd',
  'aaaa',
  'test123',
  'password1',
  'password123',
  'secret123',
  'subscriptionkey',
  'functionkey',
  'code',
  'sig',
  'signature',
  'credential',
  'credentials',
  'connectionstring',
]);

/**
 * A vendor token prefix with nothing after it (`xoxp-`, `ghp_`, `sk-`, `Bearer xoxp-` once the
 * scheme is removed): a template someone left to be filled in, not a token.
 */
const BARE_VENDOR_PREFIX =
  /^(?:xox[abprse]|xapp|gh[pousr]|github_pat|glpat|sk|rk|pk|sk-(?:proj|svcacct|admin|ant(?:-(?:api|admin)\d*)?)|[sr]k_(?:live|test)|npm|shp(?:at|ca|pa|ss)|lin_api|sg|akia|asia|aiza)[-_.]?$/i;

/** True for values that stand in for a secret rather than being one. */
export function isPlaceholder(value: string, holderName?: string): boolean {
  const trimmed = value.trim();
  if (trimmed === '') return true;
  if (WRAPPED_PLACEHOLDERS.some((p) => p.test(trimmed))) return true;
  if (BARE_VENDOR_PREFIX.test(trimmed)) return true;
  if (EMBEDDED_PLACEHOLDERS.some((p) => p.test(trimmed))) return true;
  const lower = trimmed.toLowerCase();
  if (PLACEHOLDER_MARKERS.some((m) => lower.includes(m))) return true;
  const bare = lower.replace(/[^a-z0-9]/g, '');
  if (bare === '' || PLACEHOLDER_WORDS.has(lower.replace(/[\s_.-]/g, ''))) return true;
  if (holderName !== undefined && bare === holderName.toLowerCase().replace(/[^a-z0-9]/g, '')) return true;
  // One repeated character (`00000000`, `aaaaaaaa`) or a run like `1234567890` / `abcdefgh`.
  if (/^(.)\1*$/s.test(trimmed)) return true;
  if (bare.length >= 4 && ('0123456789abcdefghijklmnopqrstuvwxyz'.includes(bare) || '9876543210'.includes(bare))) return true;
  return false;
}

const EMAIL = /^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$/;
const GUID = /^\{?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}?$/i;
const KEY_VAULT_REFERENCE = /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.KeyVault\/vaults\/[^/]+\/secrets\/[^/]+(?:\/([^/]+))?\/?$/i;
const KEY_VAULT_URL = new RegExp(`^https://[a-z0-9-]+\\.(?:${KEY_VAULT_DOMAIN_PATTERN})(?::443)?(?:/|$)`, 'i');
const URL_LIKE = /^[a-z][a-z0-9+.-]*:\/\/[^\s]*$/i;
const NUMBER_LIKE = /^[-+]?(?:\d+(?:[.,]\d+)*|\d*\.\d+)(?:e[-+]?\d+)?$/i;
const DATE_LIKE = /^\d{4}-\d{2}-\d{2}(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const VERSION_LIKE = /^v?\d+(?:\.\d+){1,3}(?:[-+][\w.]+)?$/i;
const PATH_LIKE = /^(?:(?:\/|~\/|\.{1,2}\/)[\w .%-]+(?:\/[\w .%-]*)+|(?:[A-Za-z]:\\|\\\\)[^\n]*)$/;
const DOTTED_NAME = /^[A-Za-z_][A-Za-z_]*(?:\.[A-Za-z_][A-Za-z_]*)+$/;
const UPPER_SNAKE = /^[A-Z][A-Z0-9]*(?:[_-][A-Z0-9]+)+$/;
const LOWER_WORDS = /^[a-z][a-z]*(?:[_\-.][a-z]+)*$/;
const MIME_LIKE = /^[a-z]+\/[a-z0-9.+-]+$/i;

export function isEmail(value: string): boolean {
  return EMAIL.test(value.trim());
}

export function isGuid(value: string): boolean {
  return GUID.test(value.trim());
}

/**
 * `/subscriptions/.../providers/Microsoft.KeyVault/vaults/<v>/secrets/<s>` (docs/formats.md §1.6),
 * optionally followed by a version segment.
 */
export function isKeyVaultReference(value: string): boolean {
  return KEY_VAULT_REFERENCE.test(value.trim());
}

/** The version segment of a Key Vault reference, when it names one (a reference pinned to that version). */
export function keyVaultReferenceVersion(value: string): string | undefined {
  return KEY_VAULT_REFERENCE.exec(value.trim())?.[1];
}

/** A Key Vault (or Managed HSM) URL: it names where a secret is, not the secret. */
export function isKeyVaultUrl(value: string): boolean {
  return KEY_VAULT_URL.test(value.trim());
}

/** A URL with no password in it (credential query parameters are the known-format layer's job). */
export function isPlainUrl(value: string): boolean {
  const trimmed = value.trim();
  if (!URL_LIKE.test(trimmed)) return false;
  return !/^[a-z][a-z0-9+.-]*:\/\/[^/@\s]*:[^/@\s]*@/i.test(trimmed);
}

/** Letters only, split at case changes into segments that have vowels and are word-long on average. */
function isDictionaryLike(value: string): boolean {
  const segments = value.match(/[A-Z]?[a-z]+|[A-Z]+(?![a-z])/g) ?? [];
  if (segments.length === 0) return false;
  const vowelled = segments.every((s) => s.length <= 2 || /[aeiouy]/i.test(s));
  return vowelled && value.length / segments.length >= 3.5;
}

/**
 * Letters-only values made of dictionary-like words (`HelloWorld`, `DEV_ENVIRONMENT_SECRET`,
 * `my-secret-name`): the name of something, not a random credential.
 */
export function isIdentifierLike(value: string): boolean {
  if (UPPER_SNAKE.test(value) || LOWER_WORDS.test(value) || DOTTED_NAME.test(value)) return true;
  return /^[A-Za-z]+$/.test(value) && isDictionaryLike(value);
}

const PROSE = /^[A-Za-z'’]+(?:[ ,;:–-]+[A-Za-z'’]+)*[ ]*[.!?…]*$/;

/**
 * Natural-language text: words (letters only) separated by spaces or punctuation, or a word ending
 * a sentence (`Unauthorized!`, `Time out!`, `Bad request.`). Words of four letters or more must
 * look like words, so a random letter string with a `!` is not prose. A machine-issued token,
 * secret or key never is; a password may be (see `isPasswordName`).
 */
export function isProse(value: string): boolean {
  const trimmed = value.trim();
  if (!PROSE.test(trimmed) || !(/\s/.test(trimmed) || /[.!?…]$/.test(trimmed))) return false;
  const words = trimmed.match(/[A-Za-z]+/g) ?? [];
  return words.some((w) => w.length >= 4) && words.every((w) => w.length <= 3 || isDictionaryLike(w));
}

/** Values of a shape no credential has: e-mail, plain URL, GUID, Key Vault reference, number, date, path, name. */
export function isBenignShape(value: string): boolean {
  const trimmed = value.trim();
  return (
    isEmail(trimmed) ||
    isPlainUrl(trimmed) ||
    isGuid(trimmed) ||
    isKeyVaultReference(trimmed) ||
    isKeyVaultUrl(trimmed) ||
    NUMBER_LIKE.test(trimmed) ||
    DATE_LIKE.test(trimmed) ||
    VERSION_LIKE.test(trimmed) ||
    PATH_LIKE.test(trimmed) ||
    MIME_LIKE.test(trimmed) ||
    isIdentifierLike(trimmed)
  );
}

export interface ShapeOptions {
  /** Shannon bits per character a generic secret must reach (capped by `entropyThreshold`). */
  readonly minEntropy: number;
  /** Shortest value the generic checks consider. */
  readonly minLength: number;
}

/**
 * Looks like a random credential: long enough, no whitespace, not a placeholder or a benign
 * shape, at least two character classes, and entropy at or above the threshold.
 */
export function isSecretShaped(value: string, options: ShapeOptions, holderName?: string): boolean {
  const trimmed = value.trim();
  if (trimmed.length < options.minLength || /\s/.test(trimmed)) return false;
  if (isPlaceholder(trimmed, holderName) || isBenignShape(trimmed)) return false;
  if (charClasses(trimmed).count < 2) return false;
  return shannonEntropy(trimmed) >= entropyThreshold(trimmed.length, options.minEntropy);
}

/**
 * A credential by its shape alone, where no name or place says what the value is (a deployment
 * setting whose definition is not at hand): secret-shaped, and not an identifier with a host or a
 * thread (`19:…@thread.tacv2`, `user@host`) or a URL.
 */
export function isCredentialShaped(value: string, options: ShapeOptions): boolean {
  const trimmed = value.trim();
  return isSecretShaped(trimmed, options) && !/[@:]/.test(trimmed);
}

/**
 * A weaker signal for places named like a secret: a short or low-entropy literal that is still
 * not a placeholder, a name, a URL or natural-language text (e.g. `Welcome1!`).
 */
export function isPlausibleSecret(value: string, holderName?: string): boolean {
  const trimmed = value.trim();
  if (trimmed.length < 6 || /\s/.test(trimmed)) return false;
  if (isPlaceholder(trimmed, holderName) || isBenignShape(trimmed)) return false;
  return charClasses(trimmed).count >= 2;
}

const HEX_KEY = /^[0-9a-f]{32,}$/i;

/** 32 or more hex digits: what many API keys look like, though no benign shape excludes it. */
export function isHexKey(value: string): boolean {
  return HEX_KEY.test(value.trim());
}

/** Default thresholds for a random-looking key where no option applies. */
const KEY_SHAPE: ShapeOptions = { minEntropy: 3.5, minLength: 16 };

/**
 * A random-looking key: a GUID, a hex key, or a secret-shaped value of 16 characters or more. Many
 * services issue API keys in exactly these shapes, so where a key is expected (a Basic username
 * with no real password) a GUID is a key, not an identifier.
 */
export function isKeyShaped(value: string): boolean {
  const trimmed = value.trim();
  return isGuid(trimmed) || isHexKey(trimmed) || isSecretShaped(trimmed, KEY_SHAPE);
}

/** A Basic password that protects nothing: empty, shorter than four characters, or a placeholder (`x`, `test`, `password`). */
export function isTrivialPassword(value: string): boolean {
  const trimmed = value.trim();
  return trimmed.length < 4 || isPlaceholder(trimmed);
}

/**
 * HTTP Basic `user:password` where the credential is the user name: an API key sent as the
 * username with an empty or trivial password (many APIs ask for `base64(key + ':')`).
 */
export function isApiKeyUsername(user: string, password: string): boolean {
  return isTrivialPassword(password) && isKeyShaped(user);
}

/** Whether a Basic `user:password` pair holds a credential: a real password, or an API key as the user name. */
export function isBasicCredential(user: string, password: string): boolean {
  return (password !== '' && !isPlaceholder(password)) || isApiKeyUsername(user, password);
}

const B64_CHARS = /^[A-Za-z0-9+/]+={0,2}$/;

/** Standard base64 decoded as UTF-8, or undefined when the text is not base64. */
export function decodeBase64(text: string): string | undefined {
  if (!B64_CHARS.test(text) || text.length % 4 === 1) return undefined;
  try {
    return Buffer.from(text, 'base64').toString('utf8');
  } catch {
    return undefined;
  }
}

/** The `user:password` pair a Basic credential (the base64 after `Basic `) decodes to, if it does. */
export function basicCredentialPair(token: string): { readonly user: string; readonly password: string } | undefined {
  const decoded = decodeBase64(token.trim());
  if (!decoded || !/^[\x20-\x7e]+$/.test(decoded)) return undefined;
  const colon = decoded.indexOf(':');
  if (colon <= 0) return undefined;
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** Authorization schemes stripped before a header value is judged (`Bearer <token>`). */
const AUTH_SCHEME = /^(?:Bearer|Basic|Digest|Negotiate|NTLM|SharedAccessSignature|SSWS|Token|token|ApiKey|Api-Key|Key|GenieKey|OAuth|MAC|Hawk|AWS4-HMAC-SHA256)\s+/i;

/** The credential part of an Authorization-style header value (scheme removed). */
export function stripAuthScheme(value: string): string {
  return value.trim().replace(AUTH_SCHEME, '').trim();
}
