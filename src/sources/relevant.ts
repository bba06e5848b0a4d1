/**
 * Which files flowlint reads at all. Everything else (canvas apps, images, binaries, docs) is
 * skipped by name, before any byte of it is read or inflated.
 */
import { extname } from 'node:path';

/** JSON and XML parts of exports, nested archives, and Office Scripts (`.osts`, JSON). */
const RELEVANT_EXTENSIONS = new Set(['.json', '.xml', '.zip', '.osts']);

/** True for an archive entry or file name flowlint needs (`/`- or `\`-separated, any case). */
export function isRelevantEntry(path: string): boolean {
  return RELEVANT_EXTENSIONS.has(extname(path).toLowerCase());
}

export function hasZipExtension(path: string): boolean {
  return extname(path).toLowerCase() === '.zip';
}
