import { describe, expect, it } from 'vitest';
import { redact, redactJsonSnippet } from '../../src/redact.js';
import { isReporterName, reporters } from '../../src/report/index.js';
import { CONTEXT, RESULT } from './fixtures.js';

describe('reporter registry', () => {
  it('holds the reporters by --format name', () => {
    expect(Object.keys(reporters).sort()).toEqual(['json', 'sarif', 'stylish']);
    expect(isReporterName('sarif')).toBe(true);
    expect(isReporterName('toString')).toBe(false);
  });

  it.each(Object.entries(reporters))('%s is pure: same input, same output, input untouched', (_name, reporter) => {
    const before = JSON.stringify(RESULT);
    expect(reporter(RESULT, CONTEXT)).toBe(reporter(RESULT, CONTEXT));
    expect(JSON.stringify(RESULT)).toBe(before);
  });
});

describe('redaction', () => {
  it('no reporter prints a secret the engine redacted', () => {
    const secret = 'Zq8!secret-VALUE-0042';
    const base = RESULT.findings[2];
    const finding = {
      ...base,
      message: `Action 'Post_message' sends ${redact(secret).display} to Teams.`,
      location: { ...base.location, snippet: redactJsonSnippet(`"body": "${secret}"`) },
      dataFlow: base.dataFlow.map((step) => ({
        ...step,
        location: { ...step.location, snippet: redactJsonSnippet(`"value": "${secret}"`) },
      })),
    };
    const result = { ...RESULT, findings: [finding, ...RESULT.findings] };
    for (const profile of ['github', 'azure-devops'] as const) {
      for (const [name, reporter] of Object.entries(reporters)) {
        const text = reporter(result, { ...CONTEXT, color: true, sarifProfile: profile });
        expect(text, name).toContain('Zq8***');
        expect(text, name).not.toContain(secret.slice(0, 4));
      }
    }
  });
});
