/**
 * Prototype keys in configuration and baseline files (issue 12): `__proto__` used to set the
 * parsed object's prototype, so options behind it skipped schema validation. Each case runs the
 * CLI with the file and asserts a configuration error naming the key's path (exit 2).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot, runFlowlint } from '../helpers/cli.js';
import { parseJsonSafely } from '../../src/config/safe-json.js';

const dir = mkdtempSync(join(tmpdir(), 'flowlint-config-keys-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const example = join(repoRoot, 'fixtures/example');

describe('configuration keys that would change how objects behave', () => {
  const cases: [string, string, string][] = [
    ['__proto__ at the top, hiding an invalid failOn', '{ "__proto__": { "failOn": "never" } }', '__proto__'],
    ['__proto__ hiding an unknown key and a negative limit', '{ "limits": { "__proto__": { "maxEntries": -1 } }, "__proto__": { "bogus": 1 } }', 'limits.__proto__'],
    ['constructor inside rules', '{ "rules": { "constructor": "off" } }', 'rules.constructor'],
    ['prototype inside an exception', '{ "exceptions": [{ "rules": ["secret-copied"], "reason": "r", "prototype": {} }] }', 'exceptions[0].prototype'],
  ];
  it.each(cases)('%s: a configuration error naming the path, exit 2', async (_name, text, path) => {
    const file = join(dir, `${path.replace(/\W/g, '_')}.json`);
    writeFileSync(file, text);
    const run = await runFlowlint(['-c', file, example], repoRoot);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${path} is not allowed as a key`);
    expect(run.stdout).toBe('');
  });

  it('a baseline with a __proto__ key is refused too', async () => {
    const file = join(dir, 'baseline.json');
    writeFileSync(file, '{ "version": 1, "entries": [], "__proto__": { "entries": [] } }');
    const run = await runFlowlint(['--baseline', file, example], repoRoot);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('__proto__ is not allowed as a key');
  });

  it('objects are read without a prototype: nothing is inherited', () => {
    const parsed = parseJsonSafely('{ "rules": { "a": "off" } }', { comments: true });
    expect(parsed.ok).toBe(true);
    const value = (parsed as { value: { rules: object } }).value;
    expect(Object.getPrototypeOf(value)).toBeNull();
    expect(Object.getPrototypeOf(value.rules)).toBeNull();
    expect('toString' in value).toBe(false);
  });
});
