/**
 * Bytes to text, and a cheap look at the first bytes to tell zips, JSON and XML apart by content.
 */
import { extname } from 'node:path';

export type DecodedText = { readonly text: string } | { readonly error: string };

export type ContentKind = 'zip' | 'json' | 'xml' | 'other';

const UTF8_BOM = [0xef, 0xbb, 0xbf] as const;
const UTF16LE_BOM = [0xff, 0xfe] as const;
const UTF16BE_BOM = [0xfe, 0xff] as const;

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return bytes.length >= prefix.length && prefix.every((b, i) => bytes[i] === b);
}

/**
 * Decodes a text file: UTF-8 (a BOM is stripped) or UTF-16 LE/BE when it starts with a BOM.
 * Anything else that is not valid UTF-8 is refused with a reason, rather than decoded into U+FFFD
 * replacement characters that would shift positions and hide content.
 */
export function decodeText(bytes: Buffer): DecodedText {
  if (startsWith(bytes, UTF16LE_BOM)) return decodeUtf16(bytes.subarray(2), 'LE');
  if (startsWith(bytes, UTF16BE_BOM)) return decodeUtf16(bytes.subarray(2), 'BE');
  const body = startsWith(bytes, UTF8_BOM) ? bytes.subarray(3) : bytes;
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(body) };
  } catch {
    return { error: describeInvalidUtf8(body, bytes.length - body.length) };
  }
}

function decodeUtf16(body: Buffer, order: 'LE' | 'BE'): DecodedText {
  if (body.length % 2 !== 0) {
    return { error: `not valid UTF-16${order} text: odd number of bytes after the byte-order mark` };
  }
  // Swapping into little-endian avoids depending on ICU support for the 'utf-16be' label.
  const littleEndian = order === 'LE' ? body : Buffer.from(body).swap16();
  try {
    return { text: new TextDecoder('utf-16le', { fatal: true }).decode(littleEndian) };
  } catch {
    return { error: `not valid UTF-16${order} text: unpaired surrogate` };
  }
}

function describeInvalidUtf8(body: Buffer, bomLength: number): string {
  const offset = firstInvalidUtf8Offset(body);
  const at = offset === undefined ? '' : ` (byte 0x${body[offset].toString(16).padStart(2, '0')} at offset ${offset + bomLength})`;
  return `not valid UTF-8 text${at}; save the file as UTF-8 (or UTF-16 with a byte-order mark)`;
}

/** Offset of the first byte that breaks UTF-8 (overlongs and surrogates included), if any. */
export function firstInvalidUtf8Offset(bytes: Uint8Array): number | undefined {
  let i = 0;
  while (i < bytes.length) {
    const length = utf8SequenceLength(bytes, i);
    if (length === 0) return i;
    i += length;
  }
  return undefined;
}

/** Length of the valid UTF-8 sequence starting at `i`, or 0 if none starts there. */
function utf8SequenceLength(bytes: Uint8Array, i: number): number {
  const lead = bytes[i];
  if (lead < 0x80) return 1;
  const isCont = (k: number, lo = 0x80, hi = 0xbf): boolean => i + k < bytes.length && bytes[i + k] >= lo && bytes[i + k] <= hi;
  if (lead >= 0xc2 && lead <= 0xdf) return isCont(1) ? 2 : 0;
  if (lead >= 0xe0 && lead <= 0xef) {
    const lo = lead === 0xe0 ? 0xa0 : 0x80; // no overlong forms
    const hi = lead === 0xed ? 0x9f : 0xbf; // no UTF-16 surrogates
    return isCont(1, lo, hi) && isCont(2) ? 3 : 0;
  }
  if (lead >= 0xf0 && lead <= 0xf4) {
    const lo = lead === 0xf0 ? 0x90 : 0x80;
    const hi = lead === 0xf4 ? 0x8f : 0xbf; // nothing above U+10FFFF
    return isCont(1, lo, hi) && isCont(2) && isCont(3) ? 4 : 0;
  }
  return 0;
}

/** True for a local file header (`PK\x03\x04`) or an empty archive's end record (`PK\x05\x06`). */
export function hasZipSignature(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && ((bytes[2] === 0x03 && bytes[3] === 0x04) || (bytes[2] === 0x05 && bytes[3] === 0x06));
}

const LFS_POINTER_START = Buffer.from('version https://git-lfs.github.com/spec/', 'latin1');

/**
 * True for a Git LFS pointer file: what a checkout without LFS (or with `GIT_LFS_SKIP_SMUDGE`) holds
 * in place of the real file. The spec has the pointer start with this exact line.
 */
export function isLfsPointer(bytes: Uint8Array): boolean {
  return startsWith(bytes, [...LFS_POINTER_START]);
}

/** The input error for an LFS pointer: what it is, and how to get the real file. */
export const LFS_POINTER_MESSAGE =
  'is a Git LFS pointer, not the file itself: this checkout did not fetch it from LFS; run `git lfs pull` ' + '(in CI, check out with LFS enabled) and lint again';

/** How many leading bytes `sniffKind` needs at most to decide (enough to skip some whitespace). */
export const SNIFF_BYTES = 512;

/**
 * Tells what a file is from its first bytes: a zip, JSON (first non-space character `{` or `[`),
 * XML (`<`), or something else. BOMs (UTF-8, UTF-16) are looked through. The path only breaks the
 * tie for files that hold nothing but whitespace, so an empty `x.json` still reaches the JSON parser
 * (which reports it) instead of being skipped.
 */
export function sniffKind(path: string, bytes: Uint8Array): ContentKind {
  if (hasZipSignature(bytes)) return 'zip';
  const first = firstSignificantChar(bytes);
  if (first === '{' || first === '[') return 'json';
  if (first === '<') return 'xml';
  if (first === undefined) return kindFromExtension(path);
  return 'other';
}

function firstSignificantChar(bytes: Uint8Array): string | undefined {
  let start = 0;
  let step = 1; // bytes per code unit; UTF-16 text has ASCII in one byte of each pair
  let lowByteFirst = true;
  if (startsWith(bytes, UTF8_BOM)) start = 3;
  else if (startsWith(bytes, UTF16LE_BOM)) [start, step] = [2, 2];
  else if (startsWith(bytes, UTF16BE_BOM)) [start, step, lowByteFirst] = [2, 2, false];
  for (let i = start; i + step - 1 < bytes.length; i += step) {
    const low = lowByteFirst ? bytes[i] : bytes[i + step - 1];
    const high = step === 2 ? (lowByteFirst ? bytes[i + 1] : bytes[i]) : 0;
    if (high !== 0) return '\u0000'; // a non-ASCII first character: neither JSON nor XML
    const ch = String.fromCharCode(low);
    if (ch !== ' ' && ch !== '\t' && ch !== '\r' && ch !== '\n') return ch;
  }
  return undefined;
}

function kindFromExtension(path: string): ContentKind {
  const ext = extname(path).toLowerCase();
  if (ext === '.json' || ext === '.osts') return 'json';
  if (ext === '.xml') return 'xml';
  if (ext === '.zip') return 'zip';
  return 'other';
}
