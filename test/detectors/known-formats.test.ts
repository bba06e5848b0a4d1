/**
 * Runs every known-format detector over its own samples (gitleaks style): each true positive must
 * be reported by that detector, and no detector may report a false positive.
 */
import { describe, expect, it } from 'vitest';
import { findKnownFormats, KNOWN_FORMAT_DETECTORS, mayHoldKnownFormat, type KnownFormatContext } from '../../src/analysis/detectors/known-formats.js';
import { fakeBase64 } from '../../src/analysis/detectors/samples.js';

describe('known-format detectors', () => {
  it('have unique kebab-case ids, descriptions and samples', () => {
    const ids = KNOWN_FORMAT_DETECTORS.map((d) => d.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const detector of KNOWN_FORMAT_DETECTORS) {
      expect(detector.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(detector.description).toMatch(/^(a|an|HTTP|[A-Z]) /);
      expect(detector.truePositives().length, detector.id).toBeGreaterThan(0);
      expect(detector.falsePositives().length, detector.id).toBeGreaterThan(0);
      expect(detector.pattern.flags, detector.id).toContain('g');
      // Callers skip texts without any keyword (mayHoldKnownFormat): a detector needs at least one.
      expect(detector.keywords.length, detector.id).toBeGreaterThan(0);
      for (const keyword of detector.keywords) expect(keyword, detector.id).toBe(keyword.toLowerCase());
    }
  });

  it('mayHoldKnownFormat: true for every true sample, false for text without any keyword', () => {
    for (const detector of KNOWN_FORMAT_DETECTORS) for (const sample of detector.truePositives()) expect(mayHoldKnownFormat(sample), detector.id).toBe(true);
    expect(mayHoldKnownFormat('just an ordinary description of a flow step')).toBe(false);
    expect(mayHoldKnownFormat("@{body('Get_secret')?['value']}")).toBe(false);
  });

  for (const detector of KNOWN_FORMAT_DETECTORS) {
    describe(detector.id, () => {
      detector.truePositives().forEach((sample, index) => {
        it(`reports true sample ${index + 1}`, () => {
          const ids = findKnownFormats(sample).map((m) => m.detector.id);
          expect(ids).toContain(detector.id);
        });
      });
      detector.falsePositives().forEach((sample, index) => {
        it(`ignores false sample ${index + 1}`, () => {
          expect(findKnownFormats(sample).map((m) => m.detector.id)).toEqual([]);
        });
      });
    });
  }

  it('reports the secret part only and keeps one detector per span', () => {
    const sample = KNOWN_FORMAT_DETECTORS.find((d) => d.id === 'azure-entra-client-secret')!.truePositives()[1];
    const matches = findKnownFormats(sample);
    expect(matches.map((m) => m.detector.id)).toEqual(['azure-entra-client-secret']);
    expect(sample.includes(matches[0].secret)).toBe(true);
    expect(matches[0].secret.startsWith('client_secret')).toBe(false);
  });

  it('an 88-character base64 string is a storage key only in context, never under a digest name', () => {
    const key = fakeBase64(64, 401);
    const ids = (text: string, context?: KnownFormatContext) => findKnownFormats(text, { context }).map((m) => m.detector.id);
    expect(ids(key)).toEqual([]);
    expect(ids(key, { key: 'accountKey' })).toEqual(['azure-storage-account-key']);
    expect(ids(key, { key: 'key1' })).toEqual(['azure-storage-account-key']);
    expect(ids(key, { key: 'value', siblings: () => ['https://fakeacct.blob.core.windows.net', 3] })).toEqual(['azure-storage-account-key']);
    for (const name of ['checksum', 'signature', 'fileHash', 'sha512', 'integrity', 'digest', 'hmacKey']) {
      expect(ids(key, { key: name, siblings: () => ['https://fakeacct.blob.core.windows.net'] }), name).toEqual([]);
    }
  });

  it('honours ignoreDetectors', () => {
    const sample = KNOWN_FORMAT_DETECTORS.find((d) => d.id === 'github-token')!.truePositives()[0];
    expect(findKnownFormats(sample, { ignoreDetectors: new Set(['github-token']) })).toEqual([]);
  });
});
