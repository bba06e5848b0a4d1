/**
 * The shared index of a document's string values (model/leaves.ts) as the analyses use it: the
 * expression table, the hard-coded secret scan, credential keys in bodies and the vault-name
 * search each read the strings they need from it instead of walking the document. It keeps only
 * the strings one of them reads; each consumer's test is named here, so a new consumer adds its own.
 */
import { indexStringLeaves, type LeafIndex } from '../model/leaves.js';
import type { SourceDocument } from '../model/types.js';
import { isTemplate } from '../expr/index.js';
import { mayHoldKnownFormat } from './detectors/known-formats.js';
import { credentialParameterStrength } from './detectors/secret-names.js';

/** Vault URLs spell "vault." and Managed HSMs "managedhsm." (see vaults.ts). */
const MAY_NAME_A_VAULT = /vault|managedhsm/i;

/** Names are judged once per run, not once per string. */
const keyStrengths = new Map<string, boolean>();

/** A key named like a credential, whole (`password`) or as the last part of a connector parameter (`body/password`). */
function credentialKey(key: string): boolean {
  let found = keyStrengths.get(key);
  if (found === undefined) {
    found = credentialParameterStrength(key) !== undefined || credentialParameterStrength(key.slice(key.lastIndexOf('/') + 1)) !== undefined;
    if (keyStrengths.size > 50_000) keyStrengths.clear();
    keyStrengths.set(key, found);
  }
  return found;
}

/**
 * The strings some analysis reads: templates (expressions), text that may hold a known credential
 * format (scan), text that may name a vault (vault search), and values under a key named like a
 * credential (scan and credential places).
 */
function analysed(value: string, key: string | undefined): boolean {
  return isTemplate(value) || (key !== undefined && credentialKey(key)) || mayHoldKnownFormat(value) || MAY_NAME_A_VAULT.test(value);
}

/** Each document's index, kept while its unit is linted (it holds only the analysed strings). */
const indexes = new WeakMap<SourceDocument, LeafIndex>();

/** The analysed strings of a parsed JSON document (or XML tree), indexed once. */
export function documentLeaves(document: SourceDocument): LeafIndex {
  let index = indexes.get(document);
  if (!index) {
    index = indexStringLeaves(document.format === 'text' ? undefined : document.value, analysed);
    indexes.set(document, index);
  }
  return index;
}

/** Forgets the indexes of a linted unit's documents. */
export function forgetDocumentLeaves(documents: readonly SourceDocument[]): void {
  for (const document of documents) indexes.delete(document);
}
