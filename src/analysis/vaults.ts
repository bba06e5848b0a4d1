/**
 * Key Vault names in text (docs/formats.md §4 and §1.6): vault URLs in every cloud
 * (`https://<vault>.vault.azure.net`, `.vault.azure.cn`, `.vault.usgovcloudapi.net`,
 * `.vault.microsoftazure.de`, Managed HSM `.managedhsm.azure.net`) and ARM resource ids
 * (`/providers/Microsoft.KeyVault/vaults/<vault>`, as in Secret-type environment variable values).
 * A name must follow the vault naming rules (3-24 characters, `0-9a-zA-Z-`, starts with a letter,
 * ends with a letter or digit, no `--`), so placeholders (`#{vault}#`, `<vault>`, `$(KvName)`)
 * and the token audience `https://vault.azure.net` are not vaults.
 */
import { asName, redact, reveal, type Name, type Redacted } from '../redact.js';
import { isTemplate, parseTemplate } from '../expr/index.js';
import { nameWords } from './detectors/secret-names.js';
import { findKnownFormats } from './detectors/known-formats.js';
import { KEY_VAULT_DOMAIN_PATTERN } from './key-vault-domains.js';

/** A vault URL, an ARM resource id, or a bare name held by something named like a vault name. */
export type VaultReferenceKind = 'url' | 'resource-id' | 'name';

/** One vault named in a piece of text. */
export interface VaultReference {
  /** The name as written. */
  readonly name: string;
  /** Lower-case name: vault names are case-insensitive. */
  readonly key: string;
  /** The name as reports show it (`shownVaultName`). */
  readonly shown: Name | Redacted;
  readonly kind: VaultReferenceKind;
  /** `vault.azure.net`, ...; absent for resource ids. */
  readonly host?: string;
  /** A Managed HSM rather than a vault. */
  readonly managedHsm: boolean;
  /** Offsets of the name in the scanned text (`end` exclusive). */
  readonly start: number;
  readonly end: number;
}

/**
 * `<name>.<suffix>`: the character before the name must end a scheme, a quote, a separator or the
 * text, so `$(prefix)kv.vault.azure.net` and `#{env}#.vault.azure.net` are not read as vaults.
 */
const VAULT_URL = new RegExp(`(?:^|(?<=[/\\s'"=@,;:(\\[]))([A-Za-z0-9-]+)\\.(${KEY_VAULT_DOMAIN_PATTERN})(?![A-Za-z0-9-])`, 'gi');
const VAULT_RESOURCE_ID = /\/providers\/Microsoft\.KeyVault\/(vaults|managedHSMs)\/([^/?#\s'"&]+)/gi;

/** Vault naming rules (Managed HSM names follow the same rules). */
export function isValidVaultName(name: string): boolean {
  return /^[A-Za-z](?:[A-Za-z0-9]|-(?!-)){1,22}[A-Za-z0-9]$/.test(name);
}

/**
 * A vault name as reports show it. A vault's name is not a secret (it is in every URL that reaches
 * the vault) and an auditor needs it ("which vault do test and prod share?"), so reports print
 * it. But a place that should hold a vault name can hold something else: a key pasted into
 * `KeyVaultName`, a random string in a host name. Only a name that reads like one is shown: words
 * and abbreviations, a number only before or after the letters of each hyphen-separated part
 * (`kv-contoso-prod01`, `ContosoKeyVault`, `coe-kv-dev-001`), no secret word in it and nothing a
 * credential detector recognises. A bare value (`kind: 'name'`, a vault name only because of the
 * name of what holds it) must also look like a vault's own name: naming `kv`, `vault` or `hsm`,
 * or hyphenated with a word in it (`Summer2024` or `Xk9-Lm3-Pq7` in `KeyVaultName` stay redacted).
 * Anything else is redacted.
 */
export function shownVaultName(name: string, kind: VaultReferenceKind = 'url'): Name | Redacted {
  return readsAsVaultName(name, kind === 'name') ? asName(name) : redact(name);
}

const CONSONANT_RUN = /[bcdfghjklmnpqrstvwxz]{5}/i;

function readsAsVaultName(name: string, bare: boolean): boolean {
  if (!isValidVaultName(name)) return false;
  if (findKnownFormats(name).length > 0) return false;
  if (hasSecretWord(name)) return false;
  const parts = name.split('-');
  const wordLike = parts.every((part) => {
    const letters = /^[0-9]{0,4}([A-Za-z]*)[0-9]{0,4}$/.exec(part)?.[1];
    if (letters === undefined) return false;
    const words = letters.match(/[A-Z]?[a-z]+|[A-Z]+(?![a-z])/g) ?? [];
    return words.every((word) => word.length <= 4 || (/[aeiouy]/i.test(word) && !CONSONANT_RUN.test(word)));
  });
  if (!wordLike) return false;
  if (!bare || /kv|vault|hsm/i.test(name)) return true;
  return parts.length > 1 && parts.some((part) => /[A-Za-z]{3,}/.test(part) && /[aeiouy]/i.test(part));
}

/**
 * Every vault URL holds `vault.` or `managedhsm.` and every resource id `KeyVault`: text without
 * either (almost every string of a flow) is passed over with one quick test, before any parsing.
 */
const MAY_NAME_A_VAULT = /vault|managedhsm/i;

/** Vaults named in plain text (not a template: see `literalVaults`). */
export function findVaults(text: string): VaultReference[] {
  if (!MAY_NAME_A_VAULT.test(text)) return [];
  const found: VaultReference[] = [];
  for (const match of text.matchAll(VAULT_URL)) {
    const name = match[1];
    if (!isValidVaultName(name)) continue;
    const start = match.index ?? 0;
    const host = match[2].toLowerCase();
    found.push({ name, key: name.toLowerCase(), shown: shownVaultName(name), kind: 'url', host, managedHsm: host.startsWith('managedhsm'), start, end: start + name.length });
  }
  for (const match of text.matchAll(VAULT_RESOURCE_ID)) {
    const name = match[2];
    if (!isValidVaultName(name)) continue;
    const start = (match.index ?? 0) + match[0].length - name.length;
    found.push({
      name,
      key: name.toLowerCase(),
      shown: shownVaultName(name),
      kind: 'resource-id',
      managedHsm: match[1].toLowerCase() === 'managedhsms',
      start,
      end: start + name.length,
    });
  }
  return found.sort((a, b) => a.start - b.start);
}

/**
 * Vaults named in the literal text of a flow string: the whole string when it is not a template,
 * the text between `@{...}` segments of an interpolated one, nothing in an `@expression` (a name
 * there is computed, e.g. `@parameters('KeyVaultName')`). Offsets refer to the string.
 */
export function literalVaults(value: string): VaultReference[] {
  if (!MAY_NAME_A_VAULT.test(value)) return [];
  if (!isTemplate(value)) return findVaults(value);
  const parsed = parseTemplate(value);
  if (!parsed.ok) return [];
  const { template } = parsed;
  if (template.kind === 'literal') return findVaults(template.value);
  if (template.kind === 'expression') return [];
  return template.parts.flatMap((part) => (part.kind === 'text' ? findVaults(part.value).map((v) => ({ ...v, start: v.start + part.start, end: v.end + part.start })) : []));
}

/**
 * Whether a name (env var schema name, parameter, variable) says its value is a vault name:
 * `KeyVaultName`, `cts_KeyVault`, `kvName`, `VaultName` (not `KeyVaultSecretName`).
 */
export function namesVault(name: string): boolean {
  const words = nameWords(name);
  const isVaultWord = (word: string | undefined): boolean => word === 'vault' || word === 'kv' || word === 'keyvault';
  let end = words.length;
  if (words[end - 1] === 'name') end--;
  if (!isVaultWord(words[end - 1])) return false;
  end--;
  if (words[end] === 'vault' && words[end - 1] === 'key') end--;
  // `SqlPasswordKv`, `PasswordFromKeyVault`: a secret kept in (or for) a vault, not the vault's name.
  return !hasSecretWord(words.slice(0, end).join('_'));
}

/** Words that say a secret (`Password1`, `kv-secret-prod`, `client_secret`); `KeyVault` is the product. */
const SECRET_WORD = /^(?:pass|passwd|password|passphrase|pwd|secret|secrets|token|tokens|credential|credentials|apikey|sas|connectionstring|privatekey)$/;

function hasSecretWord(text: string): boolean {
  return nameWords(text).some((word) => SECRET_WORD.test(word.replace(/^\d+|\d+$/g, '')));
}

/**
 * The vaults a configured value names: URLs and resource ids in it, or, when `name` says the value
 * is a vault name, the whole (trimmed) value if it is a valid vault name.
 */
export function vaultsInValue(input: string | Redacted, name?: string): VaultReference[] {
  // Vault names are not secrets: the analysis reads a redacted value to find them.
  const value = typeof input === 'string' ? input : reveal(input);
  const found = findVaults(value);
  if (found.length || name === undefined || !namesVault(name)) return found;
  const trimmed = value.trim();
  if (!isValidVaultName(trimmed)) return [];
  const start = value.indexOf(trimmed);
  return [{ name: trimmed, key: trimmed.toLowerCase(), shown: shownVaultName(trimmed, 'name'), kind: 'name', managedHsm: false, start, end: start + trimmed.length }];
}

/** Deployment-pipeline placeholders and empty values stand for a value supplied later. */
export function isPlaceholderValue(value: string): boolean {
  const trimmed = value.trim();
  return trimmed === '' || /^(?:#\{[^}]*\}#|\$\([^)]*\)|\$\{[^}]*\}|\{\{[^}]*\}\}|__[A-Za-z0-9_.-]+__|<[^<>]+>|%[A-Za-z0-9_.-]+%)$/.test(trimmed);
}

/** Words in a vault name that say production; `preprod`/`nonprod` do not. */
const PRODUCTION_WORDS = new Set(['prod', 'prd', 'production', 'live']);

/** The word of a vault name that says production (`kv-contoso-prod01` -> `prod`), if any. */
export function productionWordOf(vaultName: string): Name | undefined {
  for (const part of vaultName.toLowerCase().split('-')) {
    const word = part.replace(/\d+$/, '').replace(/^\d+/, '');
    if (PRODUCTION_WORDS.has(word)) return asName(word);
  }
  return undefined;
}
