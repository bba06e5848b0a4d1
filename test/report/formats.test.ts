/**
 * The markdown, junit, github and html reporters: golden files on a run with a finding of every
 * built-in rule, plus the properties each format must keep whatever the input (escaping, validity,
 * size caps). Golden files: `UPDATE_GOLDEN=1 npx vitest run test/report`, then review the diff.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import type { Finding, RunResult } from '../../src/engine/types.js';
import { githubReporter, htmlReporter, junitReporter, markdownReporter } from '../../src/report/index.js';
import { escapeData, escapeProperty } from '../../src/report/github.js';
import { escapeHtml } from '../../src/report/html.js';
import { escapeXmlAttribute, escapeXmlText } from '../../src/report/junit.js';
import { codeSpan, escapeMarkdown, MAX_LISTED } from '../../src/report/markdown.js';
import { ALL_CONTEXT, ALL_EMPTY_RESULT, ALL_FINDINGS, ALL_RESULT, ALL_RULES } from './fixtures-all-rules.js';
import { expectGolden } from './helpers.js';

/** `count` copies of the findings, each made distinct by its line. */
function many(count: number): RunResult {
  const base = ALL_FINDINGS.filter((finding) => finding.suppressions.length === 0 && finding.location.region !== undefined);
  const findings: Finding[] = Array.from({ length: count }, (_, index) => {
    const finding = base[index % base.length];
    const region = finding.location.region!;
    return { ...finding, location: { ...finding.location, region: { ...region, startLine: 1000 + index, endLine: 1000 + index } } };
  });
  return { ...ALL_RESULT, findings };
}

describe('the fixture', () => {
  it('has a finding of every built-in rule, an input error, a data flow and a suppressed finding', () => {
    const ids = new Set(ALL_FINDINGS.map((finding) => finding.ruleId));
    for (const meta of ALL_RULES) expect(ids.has(meta.id), meta.id).toBe(true);
    expect(ALL_RESULT.diagnostics.some((diagnostic) => diagnostic.kind === 'input')).toBe(true);
    expect(ALL_FINDINGS.some((finding) => finding.dataFlow.length > 1)).toBe(true);
    expect(ALL_FINDINGS.some((finding) => finding.suppressions.length > 0)).toBe(true);
    expect(ALL_FINDINGS.some((finding) => finding.location.entry !== undefined)).toBe(true);
  });
});

describe('golden reports (every rule)', () => {
  it('markdown', () => expectGolden('all-rules.md', markdownReporter(ALL_RESULT, ALL_CONTEXT)));
  it('markdown, nothing to report', () => expectGolden('all-rules.empty.md', markdownReporter(ALL_EMPTY_RESULT, ALL_CONTEXT)));
  it('junit', () => expectGolden('all-rules.junit.xml', junitReporter(ALL_RESULT, ALL_CONTEXT)));
  it('junit, nothing to report', () => expectGolden('all-rules.empty.junit.xml', junitReporter(ALL_EMPTY_RESULT, ALL_CONTEXT)));
  it('github', () => expectGolden('all-rules.github.txt', githubReporter(ALL_RESULT, ALL_CONTEXT)));
  it('github, nothing to report', () => expectGolden('all-rules.empty.github.txt', githubReporter(ALL_EMPTY_RESULT, ALL_CONTEXT)));
  it('html', () => expectGolden('all-rules.html', htmlReporter(ALL_RESULT, ALL_CONTEXT)));
  it('html, nothing to report', () => expectGolden('all-rules.empty.html', htmlReporter(ALL_EMPTY_RESULT, ALL_CONTEXT)));
});

describe('github reporter', () => {
  const lines = githubReporter(ALL_RESULT, ALL_CONTEXT).trimEnd().split('\n');
  const commands = lines.filter((line) => line.startsWith('::'));

  it('escapes data and properties as the Actions toolkit does', () => {
    expect(escapeData('100% a\r\nb')).toBe('100%25 a%0D%0Ab');
    expect(escapeProperty('a:b,c%\n')).toBe('a%3Ab%2Cc%25%0A');
    expect(escapeData('bell\u0007')).toBe('bell\\u0007');
  });

  it('writes one command per open finding and per input error, each on one line', () => {
    const open = ALL_FINDINGS.filter((finding) => finding.suppressions.length === 0);
    expect(commands).toHaveLength(open.length + ALL_RESULT.diagnostics.length);
    for (const line of commands) expect(line).toMatch(/^::(error|warning|notice)( [a-zA-Z]+=[^,:]*(,[a-zA-Z]+=[^,:]*)*)?::.*$/);
    expect(lines[lines.length - 1]).toMatch(/^flowlint: \d+ problems/);
  });

  it('gives a plain file its range and escapes `:` and `,` in the path', () => {
    const odd = commands.find((line) => line.includes('file=flows/Export%2C v2%3A final #1.json'));
    expect(odd).toMatch(/^::error file=flows\/Export%2C v2%3A final #1\.json,line=3,col=5,endLine=3,endColumn=40,title=flowlint [a-z-]+::/);
    expect(odd).toContain('at 100%25 |');
    expect(odd).toContain('%0D%0Asecond line: a,b \\u0001 done.');
  });

  it('annotates a zip member on the zip, with entry and line in the message', () => {
    const zipped = commands.filter((line) => line.includes('file=dist/ContosoPayroll_1_0_0_1.zip'));
    expect(zipped.length).toBeGreaterThan(0);
    for (const line of zipped) {
      expect(line).not.toMatch(/,line=/);
      expect(line).toMatch(/::dist\/ContosoPayroll_1_0_0_1\.zip!Workflows\/PayrollNotify-[^:]+\.json:\d+:\d+: /);
    }
  });

  it('maps levels to error, warning and notice, and leaves suppressed findings out', () => {
    const levels = new Set(commands.map((line) => /^::(\w+)/.exec(line)?.[1]));
    expect([...levels].sort()).toEqual(['error', 'notice', 'warning']);
    const suppressed = ALL_FINDINGS.find((finding) => finding.suppressions.length > 0)!;
    expect(commands.some((line) => line.includes(`title=flowlint ${suppressed.ruleId}`) && line.includes(suppressed.message.slice(0, 30)))).toBe(false);
  });
});

describe('junit reporter', () => {
  const xml = junitReporter(ALL_RESULT, ALL_CONTEXT);
  const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(xml) as {
    testsuites: { tests: string; failures: string; errors: string; skipped: string; testsuite: { name: string; testcase: unknown }[] };
  };

  it('is well-formed XML even with control characters and markup in the input', () => {
    expect(XMLValidator.validate(xml)).toBe(true);
    // eslint-disable-next-line no-control-regex -- looking for characters XML 1.0 forbids
    expect(xml).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
    expect(escapeXmlText('a\u0001b\ud800c<&>')).toBe('abc&lt;&amp;&gt;');
    expect(escapeXmlAttribute('"x"\ny')).toBe('&quot;x&quot;&#10;y');
  });

  it('has one suite per file, a failure per error, errors for inputs, and matching counts', () => {
    const suites = parsed.testsuites.testsuite;
    const files = new Set(ALL_FINDINGS.map((finding) => (finding.location.entry ? `${finding.location.file}!${finding.location.entry}` : finding.location.file)));
    for (const file of files)
      expect(
        suites.some((suite) => suite.name === file),
        file,
      ).toBe(true);
    const errors = ALL_FINDINGS.filter((finding) => finding.level === 'error' && finding.suppressions.length === 0).length;
    expect(Number(parsed.testsuites.failures)).toBe(errors);
    expect(Number(parsed.testsuites.errors)).toBe(ALL_RESULT.diagnostics.length);
    expect(Number(parsed.testsuites.tests)).toBe(ALL_FINDINGS.length + ALL_RESULT.diagnostics.length);
    expect(Number(parsed.testsuites.skipped)).toBe(ALL_FINDINGS.length - errors);
    expect(xml).toContain('<error message="invalid JSON: unexpected end of input at line 3, column 1" type="input-error"/>');
  });

  it('passes one test case when there is nothing to report', () => {
    const empty = junitReporter(ALL_EMPTY_RESULT, ALL_CONTEXT);
    expect(XMLValidator.validate(empty)).toBe(true);
    expect(empty).toContain('tests="1" failures="0" errors="0" skipped="0"');
  });
});

describe('markdown reporter', () => {
  it('escapes markup from the linted files', () => {
    expect(escapeMarkdown('**x** <img> [a](b) | `c`\nd')).toBe('\\*\\*x\\*\\* \\<img\\> \\[a\\]\\(b\\) \\| \\`c\\` d');
    expect(codeSpan('a`b')).toBe('``a`b``');
    expect(codeSpan('`x')).toBe('`` `x ``');
    // Code spans show their content literally; outside them no raw markup may remain.
    const text = markdownReporter(ALL_RESULT, ALL_CONTEXT)
      .replace(/\\[!-/:-@[-`{-~]/g, '')
      .replace(/(`+)[^`].*?\1/g, '');
    expect(text).not.toMatch(/<[a-z]/i);
    expect(text).not.toContain('](javascript:');
  });

  it('summarises by rule and level', () => {
    const text = markdownReporter(ALL_RESULT, ALL_CONTEXT);
    expect(text).toContain('| Rule | Errors | Warnings | Notes |');
    const open = ALL_FINDINGS.filter((finding) => finding.suppressions.length === 0);
    for (const id of new Set(open.map((finding) => finding.ruleId))) expect(text).toContain(`[\`${id}\`](https://example.com/flowlint/rules/${id}.md)`);
    expect(text).toMatch(/\| \*\*Total\*\* \| \*\*\d+\*\* \|/);
  });

  it(`lists at most ${MAX_LISTED} findings, then says how many more`, () => {
    const text = markdownReporter(many(MAX_LISTED + 25), ALL_CONTEXT);
    expect(text.split('\n').filter((line) => line.startsWith('- **'))).toHaveLength(MAX_LISTED);
    expect(text).toContain('…and 25 more findings');
    const huge = markdownReporter(many(20_000), ALL_CONTEXT);
    expect(huge.length).toBeLessThan(30_000);
  });

  it('lists errors first, then warnings, then notes, so the cut drops notes before errors', () => {
    const notesFirst = many(MAX_LISTED + 40).findings.map((finding, index) => ({ ...finding, level: index < MAX_LISTED ? ('note' as const) : ('error' as const) }));
    const text = markdownReporter({ ...ALL_RESULT, findings: notesFirst }, ALL_CONTEXT);
    const listed = text.split('\n').filter((line) => line.startsWith('- **'));
    expect(listed.slice(0, 40).every((line) => line.startsWith('- **error**'))).toBe(true);
    expect(listed.slice(40).every((line) => line.startsWith('- **note**'))).toBe(true);
    expect(text.indexOf('#### Errors (40)')).toBeLessThan(text.indexOf('#### Notes (50)'));
  });
});

describe('html reporter', () => {
  const html = htmlReporter(ALL_RESULT, ALL_CONTEXT);

  it('escapes every text taken from the findings', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(escapeHtml('a\u202eb\u0001c')).toBe('a\\u202ebc');
    // eslint-disable-next-line no-control-regex -- looking for control characters
    expect(html).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
  });

  it('is self-contained under a strict Content-Security-Policy', () => {
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1].replace(/&#39;/g, "'");
    expect(csp).toMatch(/^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/=]+'; script-src 'sha256-[A-Za-z0-9+/=]+';/);
    expect(html.match(/<script/g)).toHaveLength(1);
    expect(html).not.toMatch(/<(link|img|iframe|object|embed)\b/);
    expect(html).not.toMatch(/<[a-z][^>]*\s(src|style|on[a-z]+)=/i);
    expect(html).not.toContain('@import');
    expect(html).not.toMatch(/url\(/);
  });

  it('has a section per solution and flow, and an article per finding', () => {
    expect(html.match(/<article class="finding"/g)).toHaveLength(ALL_FINDINGS.length);
    expect(html).toContain('<h3>Solution ContosoPayroll');
    expect(html).toMatch(/<h4>Flow Payroll sync<span class="counts" data-counts="group-\d+">/);
    expect(html).toContain('<h3>Outside any solution');
    expect(html).toMatch(/Secret path \(3 steps\)/);
  });

  it('puts the filters, then the ranking and the chart, then the collapsed contents, then the findings', () => {
    const at = (marker: string) => html.indexOf(marker);
    const order = ['<form class="filters"', '<table class="summary ranking"', '<table class="summary chart"', '<details class="toc">', '<section class="solution"'].map(at);
    expect(order.every((index) => index > 0)).toBe(true);
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });

  it('orders solutions by risk and findings by level within each flow', () => {
    const flows = html.split('<section class="flow"').slice(1);
    const rank: Record<string, number> = { error: 0, warning: 1, note: 2 };
    for (const flow of flows) {
      const levels = [...flow.matchAll(/<article class="finding"[^>]* data-level="(\w+)"/g)].map((match) => rank[match[1]]);
      expect(levels).toEqual([...levels].sort((a, b) => a - b));
    }
    const errors = [...html.matchAll(/<tr data-counts="group-\d+"><td class="n" data-rank>\d+<\/td><td class="solution">.*?<td class="n error[^"]*" data-n="error">(\d+)</g)].map(
      (match) => Number(match[1]),
    );
    expect(errors.length).toBeGreaterThan(1);
    expect(errors).toEqual([...errors].sort((a, b) => b - a));
  });
});
