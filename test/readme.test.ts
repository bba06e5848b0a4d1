/** The README keeps its promises: the rule table matches the rules, and the set-up commands exist. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { builtinRules } from '../rules/index.js';
import { withRuleTable } from '../src/cli/readme-table.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { scripts: Record<string, string> };

describe('README', () => {
  it('has an up-to-date rule table (run `npm run docs`)', () => {
    expect(withRuleTable(readme, builtinRules)).toBe(readme);
  });

  it('names the two set-up commands, and CI runs the test one', () => {
    expect(readme).toContain('npm ci && npm run example');
    expect(readme).toContain('npm test');
    expect(pkg.scripts.example).toBeTruthy();
    const ci = readFileSync(new URL('../.ci/run', import.meta.url), 'utf8');
    expect(ci).toMatch(/^npm test$/m);
  });
});
