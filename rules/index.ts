/** The built-in rules. Adding a rule: a file here, its page beside it, a test in test/rules/. */
import type { AnyRule } from '../src/engine/types.js';
import connectionReferenceMissing from './connection-reference-missing.js';
import desktopInputNotSensitive from './desktop-input-not-sensitive.js';
import duplicateJsonKey from './duplicate-json-key.js';
import hardcodedSecret from './hardcoded-secret.js';
import hardcodedVaultName from './hardcoded-vault-name.js';
import notAnalysed from './not-analysed.js';
import suppressionAudit from './suppression-audit.js';
import secretCopied from './secret-copied.js';
import secretExposed from './secret-exposed.js';
import secretInLoop from './secret-in-loop.js';
import secretNotInKeyVault from './secret-not-in-key-vault.js';
import secretVersionPinned from './secret-version-pinned.js';
import securityRegression from './security-regression.js';
import secureInputsMissing from './secure-inputs-missing.js';
import secureOutputsMissing from './secure-outputs-missing.js';
import sharedVaultAcrossEnvironments from './shared-vault-across-environments.js';

export const builtinRules: readonly AnyRule[] = [
  hardcodedSecret,
  secureOutputsMissing,
  secureInputsMissing,
  secretCopied,
  secretExposed,
  secretVersionPinned,
  secretInLoop,
  secretNotInKeyVault,
  hardcodedVaultName,
  sharedVaultAcrossEnvironments,
  desktopInputNotSensitive,
  connectionReferenceMissing,
  duplicateJsonKey,
  notAnalysed,
  suppressionAudit,
  securityRegression,
];
