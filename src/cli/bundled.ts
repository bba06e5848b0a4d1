/**
 * Starts the bundled CLI (`dist/cli.js`: one function expression) through V8's code cache
 * (`dist/cli.cache`, which `npm run build` writes on the machine it runs on). With the cache, Node
 * skips compiling the bundle and the functions a typical run calls — most of what starting
 * flowlint costs besides Node itself (BENCHMARKS.md). A cache that does not match (another Node
 * version, a rebuilt bundle) is refused by V8, and the bundle is compiled as usual.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

export interface BundledCli {
  readonly script: vm.Script;
  /** Runs the CLI on `process.argv`, as `node dist/src/cli/main.js` would. */
  run(): void;
}

/**
 * What the bundle is: a function of the `require` and `import.meta.url` of its place in `dist/`,
 * and of a module loader for `import()` (plugins), which a compiled script lacks.
 */
type BundleFunction = (require: NodeJS.Require, importMetaUrl: string, importModule: (url: string) => Promise<unknown>) => void;

/** `distUrl` is the URL of the `dist/` folder; `useCache: false` compiles from source (to make a cache). */
export function loadBundledCli(distUrl: URL, { useCache = true }: { useCache?: boolean } = {}): BundledCli {
  const bundle = fileURLToPath(new URL('cli.js', distUrl));
  const cache = fileURLToPath(new URL('cli.cache', distUrl));
  const script = new vm.Script(readFileSync(bundle, 'utf8'), {
    filename: bundle,
    cachedData: useCache && existsSync(cache) ? readFileSync(cache) : undefined,
  });
  const importModule = (url: string): Promise<unknown> => import(url);
  return {
    script,
    run: () => (script.runInThisContext() as BundleFunction)(createRequire(bundle), new URL('flowlint.mjs', distUrl).href, importModule),
  };
}
