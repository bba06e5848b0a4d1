/**
 * Builds the sample secrets detectors carry as true positives. They are made at run time from a
 * seeded generator and start with `FAKE` wherever the format allows, so the repository holds no
 * string that looks like a live credential and no scanner flags our own sources.
 */

export const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
export const BASE64 = `${ALNUM}+/`;
export const BASE64URL = `${ALNUM}-_`;
export const HEX = '0123456789abcdef';
export const UPPER_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** A deterministic pseudo-random string (mulberry32), the same for the same seed. */
export function fakeString(alphabet: string, length: number, seed: number): string {
  let state = seed >>> 0;
  let out = '';
  for (let i = 0; i < length; i++) {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    const r = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    out += alphabet[Math.floor(r * alphabet.length)];
  }
  return out;
}

/** `FAKE` followed by random characters, `length` in all (the marker is dropped if it does not fit the alphabet). */
export function fake(alphabet: string, length: number, seed: number): string {
  const marker = length > 8 && [...'FAKE'].every((c) => alphabet.includes(c)) ? 'FAKE' : '';
  return marker + fakeString(alphabet, length - marker.length, seed);
}

/** Base64 of `bytes` random bytes (with padding), starting with `FAKE`. */
export function fakeBase64(bytes: number, seed: number): string {
  const chars = Math.ceil(bytes / 3) * 4;
  const pad = (3 - (bytes % 3)) % 3;
  return fake(BASE64, chars - pad, seed) + '='.repeat(pad);
}

/** `length` pseudo-random bytes. */
export function fakeBytes(length: number, seed: number): Buffer {
  return Buffer.from(Array.from(fakeString(HEX, length * 2, seed).matchAll(/../g), (m) => parseInt(m[0], 16)));
}

/** A GUID made of pseudo-random hex digits. */
export function fakeGuid(seed: number): string {
  const hex = fakeString(HEX, 32, seed);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** base64url without padding, as in JWT segments. */
export function base64url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** A structurally valid, unsigned-looking JWT with an obviously fake payload. */
export function fakeJwt(seed: number): string {
  const header = base64url('{"alg":"HS256","typ":"JWT"}');
  const payload = base64url(`{"sub":"FAKE-${seed}","name":"Flowlint Test","iat":1516239022}`);
  return `${header}.${payload}.${fake(BASE64URL, 43, seed)}`;
}
