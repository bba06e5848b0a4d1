/**
 * JUnit XML, for the Tests tab of Azure DevOps (PublishTestResults, format JUnit) and other CI that
 * reads it. One `<testsuite>` per linted file (a zip member is `solution.zip!Workflows/x.json`), so
 * the tab can group results by file; one `<testcase>` per finding, whose name carries the rule, the
 * action path and `file:line:column`, because Azure DevOps shows the test name but hardly the
 * class name.
 *
 * - A finding at level `error` is a `<failure>`; a warning or note is `<skipped>` (visible as
 *   "not executed", never failing the run); a suppressed finding is `<skipped>` with its
 *   justification.
 * - An input or internal error is an `<error>` in the suite of its file.
 * - A run with nothing to report has one passing test case, so the tab shows a green run rather
 *   than "no test results".
 *
 * Every attribute and text is escaped, and characters XML 1.0 cannot carry (most C0 controls,
 * lone surrogates, U+FFFE/U+FFFF) are removed, so the file always parses.
 */
import type { Finding, FindingStep, RunDiagnostic, RunResult } from '../engine/types.js';
import type { ReportContext } from './types.js';
import { diagnosticReason, displayFile, locationDisplayFile } from './util.js';

// Not allowed in XML 1.0: C0 controls except tab/LF/CR, lone surrogates, U+FFFE and U+FFFF.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const INVALID_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Text content: `&`, `<`, `>` escaped, invalid characters removed. */
export function escapeXmlText(text: string): string {
  return text.replace(INVALID_XML, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** An attribute value in double quotes; whitespace kept as character references. */
export function escapeXmlAttribute(text: string): string {
  return escapeXmlText(text).replace(/"/g, '&quot;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;');
}

interface TestCase {
  readonly name: string;
  readonly classname: string;
  readonly outcome: 'passed' | 'failure' | 'error' | 'skipped';
  readonly message?: string;
  readonly type?: string;
  readonly body?: string;
}

interface Suite {
  readonly name: string;
  readonly cases: TestCase[];
}

function position(finding: Finding): string {
  const { region } = finding.location;
  const file = locationDisplayFile(finding.location);
  return region === undefined ? file : `${file}:${region.startLine}:${region.startColumn}`;
}

function stepLine(step: FindingStep, index: number): string {
  const { location } = step;
  const at = location.region === undefined ? '' : `:${location.region.startLine}:${location.region.startColumn}`;
  return `  ${index + 1}. ${location.fullyQualifiedName} (${locationDisplayFile(location)}${at}): ${step.message}`;
}

function details(finding: Finding, context: ReportContext): string {
  const lines = [
    `${finding.level}: ${finding.message}`,
    `at ${position(finding)}`,
    `action: ${finding.location.fullyQualifiedName}`,
    `rule: ${finding.ruleId} (${context.helpUri(finding.ruleId)})`,
  ];
  if (finding.location.snippet !== undefined) lines.push(`snippet: ${finding.location.snippet}`);
  if (finding.dataFlow.length > 0) lines.push('secret path:', ...finding.dataFlow.map(stepLine));
  if (finding.related.length > 0) lines.push('related:', ...finding.related.map(stepLine));
  return lines.join('\n');
}

function findingCase(finding: Finding, context: ReportContext): TestCase {
  const name = `${finding.ruleId}: ${finding.location.fullyQualifiedName} (${position(finding)})`;
  const classname = locationDisplayFile(finding.location);
  const suppression = finding.suppressions[0];
  if (suppression !== undefined) {
    const why = suppression.justification === undefined ? '' : `: ${suppression.justification}`;
    return { name, classname, outcome: 'skipped', message: `suppressed (${suppression.origin})${why}` };
  }
  if (finding.level === 'error') {
    return { name, classname, outcome: 'failure', message: finding.message, type: finding.ruleId, body: details(finding, context) };
  }
  return { name, classname, outcome: 'skipped', message: `${finding.level}: ${finding.message}` };
}

function diagnosticCase(diagnostic: RunDiagnostic): TestCase {
  const file = diagnostic.file === '' ? 'flowlint' : displayFile(diagnostic.file, diagnostic.entry);
  const kind = diagnostic.kind === 'input' ? 'input-error' : 'internal-error';
  return {
    name: `${kind}: ${file}`,
    classname: file,
    outcome: 'error',
    message: diagnosticReason(diagnostic),
    type: kind,
  };
}

function renderCase(test: TestCase): string[] {
  const open = `    <testcase name="${escapeXmlAttribute(test.name)}" classname="${escapeXmlAttribute(test.classname)}" time="0"`;
  if (test.outcome === 'passed') return [`${open}/>`];
  const message = ` message="${escapeXmlAttribute(test.message ?? '')}"`;
  const type = test.type === undefined ? '' : ` type="${escapeXmlAttribute(test.type)}"`;
  const element = test.body === undefined ? `      <${test.outcome}${message}${type}/>` : `      <${test.outcome}${message}${type}>${escapeXmlText(test.body)}</${test.outcome}>`;
  return [`${open}>`, element, '    </testcase>'];
}

function counts(cases: readonly TestCase[]): string {
  const count = (outcome: TestCase['outcome']) => cases.filter((test) => test.outcome === outcome).length;
  return `tests="${cases.length}" failures="${count('failure')}" errors="${count('error')}" skipped="${count('skipped')}"`;
}

export function junitReporter(result: RunResult, context: ReportContext): string {
  // Suites in the order their files first appear (findings come sorted by file), errors after.
  const suites = new Map<string, Suite>();
  const suiteOf = (name: string): Suite => {
    let suite = suites.get(name);
    if (suite === undefined) {
      suite = { name, cases: [] };
      suites.set(name, suite);
    }
    return suite;
  };
  for (const finding of result.findings) suiteOf(locationDisplayFile(finding.location)).cases.push(findingCase(finding, context));
  for (const diagnostic of result.diagnostics) {
    const test = diagnosticCase(diagnostic);
    suiteOf(test.classname).cases.push(test);
  }
  if (suites.size === 0) {
    const { files, flows } = result.stats;
    suiteOf('flowlint').cases.push({
      name: `flowlint: no problems found in ${files} file${files === 1 ? '' : 's'} (${flows} flow${flows === 1 ? '' : 's'})`,
      classname: 'flowlint',
      outcome: 'passed',
    });
  }

  const all = [...suites.values()].flatMap((suite) => suite.cases);
  const time = (result.stats.durationMs / 1000).toFixed(3);
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites name="flowlint" ${counts(all)} time="${time}">`];
  let id = 0;
  for (const suite of suites.values()) {
    lines.push(`  <testsuite name="${escapeXmlAttribute(suite.name)}" id="${id++}" ${counts(suite.cases)} time="0">`);
    for (const test of suite.cases) lines.push(...renderCase(test));
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>');
  return `${lines.join('\n')}\n`;
}
