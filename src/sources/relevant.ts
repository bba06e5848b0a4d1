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

/**
 * Script files (`.ts`, `.js`) are read only when named on the command line: inside a folder they
 * would drag in whole code bases. Office Scripts exported as `.osts` are relevant everywhere.
 */
const EXPLICIT_SCRIPT_EXTENSIONS = new Set(['.ts', '.js']);

/** True for a script file that is read when given directly (not found by a folder walk). */
export function isExplicitScript(path: string): boolean {
  return EXPLICIT_SCRIPT_EXTENSIONS.has(extname(path).toLowerCase()) && !/\.d\.ts$/i.test(path);
}

export function hasZipExtension(path: string): boolean {
  return extname(path).toLowerCase() === '.zip';
}
