import { describe, expect, it } from 'vitest';
import { redact } from '../../src/redact.js';
import { redactJsonText } from '../../src/parse/snippet-tokens.js';
import { isReporterName, reporters } from '../../src/report/index.js';
import type { Finding, FindingStep, RunResult } from '../../src/engine/types.js';
import { CONTEXT, RESULT } from './fixtures.js';
import { ALL_CONTEXT, ALL_RESULT } from './fixtures-all-rules.js';
import { snippetFixture } from './snippet-fixture.js';

describe('reporter registry', () => {
  it('holds the reporters by --format name', () => {
    expect(Object.keys(reporters).sort()).toEqual(['github', 'html', 'json', 'junit', 'markdown', 'sarif', 'stylish']);
    expect(isReporterName('sarif')).toBe(true);
    expect(isReporterName('toString')).toBe(false);
  });

  it.each(Object.entries(reporters))('%s is pure: same input, same output, input untouched', (_name, reporter) => {
    const before = JSON.stringify(RESULT);
    expect(reporter(RESULT, CONTEXT)).toBe(reporter(RESULT, CONTEXT));
    expect(JSON.stringify(RESULT)).toBe(before);
  });
});

/**
 * Undoes each format's own escaping, so the redacted form can be looked for as plain text (markdown
 * writes `Zq8\*\*\*`, HTML `&#39;`, workflow commands `%25`).
 */
const DECODE: Readonly<Record<string, (text: string) => string>> = {
  markdown: (text) => text.replace(/\\([!-/:-@[-`{-~])/g, '$1'),
  html: (text) =>
    text
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&amp;/g, '&'),
  junit: (text) =>
    text
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&#10;/g, '\n')
      .replace(/&amp;/g, '&'),
  github: (text) => text.replace(/%0A/g, '\n').replace(/%0D/g, '\r').replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%25/g, '%'),
};

describe('redaction', () => {
  const secret = 'Zq8!secret-VALUE-0042';

  /** The run with a planted secret, redacted as the engine does, in every text a finding carries. */
  function planted(base: RunResult): RunResult {
    const plant = (step: FindingStep): FindingStep => ({
      ...step,
      message: `${step.message} with ${redact(secret).display}`,
      location: { ...step.location, snippet: snippetFixture(redactJsonText(`"value": "${secret}"`)) },
    });
    const findings = base.findings.map((finding): Finding => ({
      ...finding,
      message: `Action 'Post_message' sends ${redact(secret).display} to Teams.`,
      location: { ...finding.location, snippet: snippetFixture(redactJsonText(`"body": "${secret}"`)) },
      related: finding.related.map(plant),
      dataFlow: finding.dataFlow.map(plant),
    }));
    return { ...base, findings };
  }

  it.each([
    ['the reporter fixture', RESULT, CONTEXT],
    ['the every-rule fixture', ALL_RESULT, ALL_CONTEXT],
  ] as const)('no reporter prints a secret the engine redacted (%s)', (_name, base, context) => {
    const result = planted(base);
    expect(Object.keys(reporters).length).toBeGreaterThanOrEqual(7);
    for (const profile of ['github', 'azure-devops'] as const) {
      for (const [name, reporter] of Object.entries(reporters)) {
        const raw = reporter(result, { ...context, color: true, sarifProfile: profile });
        const text = (DECODE[name] ?? ((t: string) => t))(raw);
        expect(text, name).toContain('Zq8***');
        for (const leak of [secret, secret.slice(0, 4), 'secret-VALUE', 'VALUE-0042']) {
          expect(raw, `${name}: ${leak}`).not.toContain(leak);
          expect(text, `${name}: ${leak}`).not.toContain(leak);
        }
      }
    }
  });
});
