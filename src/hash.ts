/**
 * SHA-256, for fingerprints, digests of redacted secrets and the HTML report's CSP hashes.
 * `node:crypto` is loaded on first use: loading it takes ~4 ms, a tenth of what a pre-commit hook
 * spends on a clean file beyond Node's own start, and such a run hashes nothing.
 */
import { createRequire } from 'node:module';
import type * as NodeCrypto from 'node:crypto';

let crypto: typeof NodeCrypto | undefined;

/** The digest of the parts fed one after another (the same as of their concatenation). */
export function sha256(parts: readonly string[], encoding: 'hex' | 'base64' = 'hex'): string {
  crypto ??= createRequire(import.meta.url)('node:crypto') as typeof NodeCrypto;
  const hash = crypto.createHash('sha256');
  for (const part of parts) hash.update(part, 'utf8');
  return hash.digest(encoding);
}
