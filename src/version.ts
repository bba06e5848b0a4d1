/** flowlint's own version and home, read once from its package.json. */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The npm package name (the command is `flowlint`; the npm name `flowlint` is another tool's). */
export const PACKAGE_NAME = 'power-flowlint';

function readPackageVersion(): string {
  // Walk up from this module (src/ or dist/src/) to flowlint's package.json.
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === PACKAGE_NAME && pkg.version) return pkg.version;
    } catch {
      // not here; go up
    }
    dir = dirname(dir);
  }
  return '0.0.0';
}

export const TOOL_VERSION = readPackageVersion();
export { PROJECT_URL as INFORMATION_URI } from './engine/rule.js';
