/**
 * Limits with defaults filled in, and the wording used when one is passed.
 */
import { DEFAULT_LIMITS, type InputLimits } from './types.js';

/** Entries smaller than this are never refused for their compression ratio: small, very
 * repetitive files (an empty-ish XML part) compress far beyond any sane ratio and are harmless. */
export const RATIO_CHECK_MIN_BYTES = 1024 * 1024;

export function resolveLimits(overrides: Partial<InputLimits> = {}): InputLimits {
  const defined = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined));
  return { ...DEFAULT_LIMITS, ...defined };
}

/** `1536` -> `1.5 KiB`; exact byte counts are kept for small values. */
export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const shown = unit === 0 ? String(value) : value.toFixed(value < 10 ? 1 : 0).replace(/\.0$/, '');
  return `${shown} ${units[unit]}`;
}
