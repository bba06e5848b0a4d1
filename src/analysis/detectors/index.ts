/**
 * Secret detection shared by `hardcoded-secret` and `secret-not-in-key-vault`: known credential
 * formats, value and name heuristics, template-aware literal extraction, embedded code, and the
 * scan of a whole unit.
 */
export { charClasses, entropyThreshold, shannonEntropy } from './entropy.js';
export { findKnownFormats, knownFormatDetector, KNOWN_FORMAT_DETECTORS, type KnownFormatDetector, type KnownFormatMatch } from './known-formats.js';
export { isExpressionValue, literalPieces, maskExpressions, type LiteralPiece } from './literals.js';
export { credentialParameterStrength, isCredentialHeader, isSecretName, isWellKnownCredentialHeader, nameWords } from './secret-names.js';
export {
  isBenignShape,
  isEmail,
  isGuid,
  isIdentifierLike,
  isKeyVaultReference,
  keyVaultReferenceVersion,
  isKeyVaultUrl,
  isPlaceholder,
  isPlainUrl,
  isPlausibleSecret,
  isSecretShaped,
  stripAuthScheme,
} from './values.js';
export { DEFAULT_SCAN_OPTIONS, judgeLiteral, judgeTemplateValue, type PlaceContext, type SecretScanOptions, type Verdict } from './judge.js';
export { scanCode, type CodeScanResult, type CodeSecret } from './embedded-code.js';
export { DETECTOR_IDS, PLACE_DETECTOR_IDS, type DetectorId, type PlaceDetectorId } from './ids.js';
export { findHardcodedSecrets, type SecretFinding, type SecretLayer } from './scan.js';
