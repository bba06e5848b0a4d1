/** Builds dist/ (the bundled bin and its code cache too) once, for the tests that run the real `flowlint` binary in a child process. */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export default function setup(): void {
  const root = fileURLToPath(new URL('../', import.meta.url));
  execFileSync(process.execPath, [fileURLToPath(new URL('../node_modules/typescript/bin/tsc', import.meta.url)), '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
  // The bin is a bundle of the same sources (scripts/bundle.mjs); tests compare the two.
  execFileSync(process.execPath, [fileURLToPath(new URL('../scripts/bundle.mjs', import.meta.url))], { cwd: root, stdio: 'inherit' });
  // And its code cache, which must match the bundle just written (as in `npm run build`).
  execFileSync(process.execPath, [fileURLToPath(new URL('../scripts/code-cache.mjs', import.meta.url))], { cwd: root, stdio: 'inherit' });
}
