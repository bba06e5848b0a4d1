/**
 * Every rule has its three files (rules/<id>.ts, rules/<id>.md, test/rules/<id>.test.ts) and an
 * entry in rules/index.ts; its metadata follows the conventions; its page matches its metadata and
 * its examples do what they say (the Incorrect ones report, the Correct ones do not).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { builtinRules } from '../../rules/index.js';
import { flow, folderGroup, jsonText, solutionFiles, type ActionMap } from '../helpers/builders.js';
import { readRuleDoc } from '../helpers/rule-docs.js';
import { runRule } from '../helpers/rule-tester.js';

const rulesDir = fileURLToPath(new URL('../../rules/', import.meta.url));
const testsDir = fileURLToPath(new URL('./', import.meta.url));
/** A page example is a whole flow file, or just the `actions` map of one (wrapped here). */
function exampleFlowText(code: string): string {
  const value = JSON.parse(code) as Record<string, unknown>;
  if ('properties' in value || 'definition' in value || 'triggers' in value) return code;
  return jsonText(flow(value as ActionMap));
}

const REQUIRED_SECTIONS = ['## Why', '## Examples', '### Incorrect', '### Correct', '## Options', '## How to fix', '## When not to use it', '## References'];

describe('rule registry', () => {
  it('lists every rule module exactly once', () => {
    const modules = readdirSync(rulesDir)
      .filter((f) => f.endsWith('.ts') && f !== 'index.ts')
      .map((f) => f.slice(0, -3))
      .sort();
    const ids = builtinRules.map((r) => r.meta.id);
    expect([...ids].sort()).toEqual(modules);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('rules/index.ts is the generated one (else: run `npm run docs`)', () => {
    const check = spawnSync(process.execPath, [fileURLToPath(new URL('../../scripts/rule-index.mjs', import.meta.url)), '--check'], { encoding: 'utf8' });
    expect(check.stderr).toBe('');
    expect(check.status).toBe(0);
  });

  for (const rule of builtinRules) {
    const { meta } = rule;
    describe(meta.id, () => {
      it('has a page and a test', () => {
        expect(existsSync(`${rulesDir}${meta.id}.md`), `rules/${meta.id}.md`).toBe(true);
        expect(existsSync(`${testsDir}${meta.id}.test.ts`), `test/rules/${meta.id}.test.ts`).toBe(true);
      });

      it('has conventional metadata', () => {
        expect(meta.id).toMatch(/^[a-z]+(-[a-z]+)*$/);
        expect(meta.description).toMatch(/^(Disallow|Require|Enforce) .+\.$/);
        expect(meta.rationale.length).toBeGreaterThan(40);
        expect(meta.tags.length).toBeLessThanOrEqual(19);
        if (meta.securitySeverity !== undefined) {
          expect(meta.securitySeverity).toBeGreaterThanOrEqual(0.1);
          expect(meta.securitySeverity).toBeLessThanOrEqual(10);
        }
        for (const [id, template] of Object.entries(meta.messages)) {
          expect(template, id).toMatch(/^[A-Z{'].*\.$/s);
        }
        if (meta.schema) {
          const properties = (meta.schema.properties ?? {}) as Record<string, { description?: string }>;
          for (const [name, property] of Object.entries(properties)) expect(property.description, `option ${name}`).toBeTruthy();
        }
      });

      const doc = readRuleDoc(meta.id);

      it('page frontmatter matches the metadata', () => {
        expect(doc.frontmatter.id).toBe(meta.id);
        expect(doc.frontmatter.description).toBe(meta.description);
        expect(doc.frontmatter.severity).toBe(meta.defaultLevel);
        expect(doc.frontmatter.recommended).toBe(String(meta.recommended));
      });

      it('page has every section, and a heading per option', () => {
        for (const section of REQUIRED_SECTIONS) expect(doc.headings, section).toContain(section);
        const properties = Object.keys((meta.schema?.properties ?? {}) as object);
        for (const option of properties) expect(doc.headings, `option ${option}`).toContain(`### \`${option}\``);
      });

      it('page examples: Incorrect ones report, Correct ones do not', () => {
        expect(doc.examples.some((e) => e.kind === 'incorrect')).toBe(true);
        expect(doc.examples.some((e) => e.kind === 'correct')).toBe(true);
        for (const example of doc.examples) {
          const files = solutionFiles({ ...example.solution });
          files['Workflows/Example-0000AAAA-1111-2222-3333-0000000000FF.json'] = exampleFlowText(example.code);
          // Examples run next to every other rule, as in a real run; only this rule's findings count.
          const { findings, internalErrors } = runRule(rule, [folderGroup('docs', files)], example.options, undefined, builtinRules, example.run);
          expect(internalErrors).toEqual([]);
          const label = `${example.kind} example at rules/${meta.id}.md:${example.line}`;
          if (example.kind === 'incorrect') expect(findings.length, label).toBeGreaterThan(0);
          else
            expect(
              findings.map((f) => f.message),
              label,
            ).toEqual([]);
        }
      });
    });
  }
});
