/** The built-in rules. Adding a rule: a file here, its page beside it, a test in test/rules/. */
import type { AnyRule } from '../src/engine/types.js';
import connectionReferenceMissing from './connection-reference-missing.js';
import duplicateJsonKey from './duplicate-json-key.js';
import notAnalysed from './not-analysed.js';
import secretCopied from './secret-copied.js';
import secretExposed from './secret-exposed.js';
import secretInLoop from './secret-in-loop.js';
import secretVersionPinned from './secret-version-pinned.js';
import secureInputsMissing from './secure-inputs-missing.js';
import secureOutputsMissing from './secure-outputs-missing.js';

export const builtinRules: readonly AnyRule[] = [
  secureOutputsMissing,
  secureInputsMissing,
  secretCopied,
  secretExposed,
  secretVersionPinned,
  secretInLoop,
  connectionReferenceMissing,
  duplicateJsonKey,
  notAnalysed,
];
