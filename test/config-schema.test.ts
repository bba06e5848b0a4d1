/**
 * The published configuration schema is the one flowlint enforces, it is valid JSON Schema, and
 * the README's configuration examples pass it (with Ajv and with flowlint's own validator).
 */
import { readFileSync } from 'node:fs';
import Ajv2020Module from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { CONFIG_SCHEMA } from '../src/config/schema.js';
import { normaliseRuleEntry, parseConfig } from '../src/config/load.js';
import { enableRules } from '../src/engine/registry.js';
import { builtinRules } from '../rules/index.js';
import { starterConfig } from '../src/config/init.js';

const Ajv2020 = Ajv2020Module.default;
const published = JSON.parse(readFileSync(new URL('../schemas/flowlint-config.schema.json', import.meta.url), 'utf8')) as object;
const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

/** JSON code blocks of the README's Configuration section and its subsections. */
function readmeConfigExamples(): string[] {
  const section = readme.slice(readme.indexOf('## Configuration'), readme.indexOf('\n## ', readme.indexOf('## Configuration') + 5));
  return [...section.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => m[1]);
}

describe('configuration schema', () => {
  it('the published file is generated from the enforced schema (run `npm run docs`)', () => {
    expect(published).toEqual(JSON.parse(JSON.stringify(CONFIG_SCHEMA)));
  });

  const ajv = new Ajv2020({ allErrors: true, strict: false });
  const validate = ajv.compile(published);

  it('the README has configuration examples, and each one validates', () => {
    const examples = readmeConfigExamples();
    expect(examples.length).toBeGreaterThanOrEqual(2);
    for (const example of examples) {
      const value = JSON.parse(example) as unknown;
      expect(validate(value), JSON.stringify(validate.errors)).toBe(true);
      const config = parseConfig(example, 'README example');
      // Rule options are checked against each rule's own schema, as a run would.
      const settings = Object.fromEntries(Object.entries(config.rules ?? {}).map(([id, entry]) => [id, normaliseRuleEntry(entry)]));
      expect(() => enableRules(builtinRules, settings)).not.toThrow();
    }
  });

  it('the starter written by `flowlint init` validates', () => {
    expect(validate(JSON.parse(starterConfig()))).toBe(true);
  });

  it('Ajv and flowlint agree on broken configurations', () => {
    for (const broken of [
      { rulez: {} },
      { rules: { x: 'loud' } },
      { exceptions: [{ rules: ['a'] }] },
      { limits: { maxEntries: 0 } },
      { customRules: [{ id: 'Bad', message: 'm', path: '$', check: 'present' }] },
    ]) {
      expect(validate(broken)).toBe(false);
      expect(() => parseConfig(JSON.stringify(broken), 'broken')).toThrow();
    }
  });
});
