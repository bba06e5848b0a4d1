/**
 * The ids of every detector `hardcoded-secret` reports: the known-format registry's ids (derived
 * from the registry) and the detectors that judge a literal by the place it is written in. The
 * `ignoreDetectors` option accepts exactly these, so a misspelt id is a configuration error rather
 * than a switch that silently turns nothing off.
 */
import { KNOWN_FORMAT_DETECTORS, type KnownFormatId } from './known-formats.js';

/** Detectors of the structural and embedded-code layers, by the place a literal sits in. */
export const PLACE_DETECTOR_IDS = [
  'http-authentication',
  'credential-header',
  'credential-parameter',
  'token-request-body',
  'url-password',
  'secret-named-variable',
  'secret-named-compose',
  'credential-connector-parameter',
  'secret-named-parameter',
  'secure-parameter-default',
  'parameter-used-as-credential',
  'environment-variable-value',
  'secret-environment-variable-value',
  'environment-variable-used-as-credential',
  'deployment-settings-value',
  'deployment-settings-credential',
  'secret-named-key',
  'desktop-input-default',
  'desktop-action-literal',
  'code-secret-assignment',
  'code-credential-header',
] as const;

export type PlaceDetectorId = (typeof PLACE_DETECTOR_IDS)[number];
export type DetectorId = KnownFormatId | PlaceDetectorId;

export const DETECTOR_IDS: readonly DetectorId[] = [...KNOWN_FORMAT_DETECTORS.map((detector) => detector.id), ...PLACE_DETECTOR_IDS];
