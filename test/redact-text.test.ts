import { ptr } from './helpers/builders.js';
import { describe, expect, it } from 'vitest';
import { parseJsonDocument } from '../src/parse/json.js';
import { redactXmlWindow, resolveRegion } from '../src/parse/positions.js';
import { safeReason } from '../src/analysis/expressions.js';
import { describeXmlError, parseXmlDocument } from '../src/parse/xml.js';
import { parseRobin } from '../src/parse/robin.js';
import { redactedPreview } from '../src/cli/fix.js';
import { unifiedDiff } from '../src/fix/index.js';
import type { SourceDocument } from '../src/model/types.js';

const SECRET = 'Zq8vLmN3pX7rT2wK';

function docOf(format: 'xml' | 'text', text: string): SourceDocument {
  return { source: { file: 'f' }, unitPath: 'f', format, text, value: undefined, duplicateKeys: [], prototypeKeys: [] };
}

function snippetAt(format: 'xml' | 'text', text: string, at: string): string {
  const document = docOf(format, text);
  return resolveRegion({ document, pointer: ptr(''), offset: text.indexOf(at) })!.snippet;
}

describe('snippets of XML and script text', () => {
  it('redacts name=value text inside an XML text node', () => {
    const snippet = snippetAt('xml', `<Definition>\nPwd=${SECRET};User=admin\n</Definition>`, 'admin');
    expect(snippet).not.toContain(SECRET.slice(0, 8));
    expect(snippet).not.toContain(SECRET.slice(4, 12));
  });

  it('redacts a Robin line with name=value text', () => {
    const snippet = snippetAt('xml', `<Definition>\nPwd=${SECRET} SET Conn TO admin\n</Definition>`, 'admin');
    expect(snippet).not.toContain(SECRET.slice(0, 8));
  });

  it('redacts template literals in script files', () => {
    const text = 'const x = 1;\nconst c = `Pwd=' + SECRET + ';User=admin`;\n';
    const snippet = snippetAt('text', text, 'admin');
    expect(snippet).not.toContain(SECRET.slice(0, 8));
  });

  it('keeps a real attribute name and redacts its value', () => {
    const snippet = snippetAt('xml', `<a>\n  schemaname="${SECRET}" x="1"/>\n</a>`, SECRET);
    expect(snippet).not.toContain(SECRET.slice(0, 8));
  });
});

describe('error messages quote no input', () => {
  it('malformed JSON errors name the place and kind only', () => {
    for (const text of [`{"a": ${SECRET}}`, `{"a": "x" ${SECRET}}`, `{"a": "${SECRET}`, `{"a": "ab\u0001${SECRET}"}`]) {
      const result = parseJsonDocument(text, { file: 'f.json' }, 'f.json', 100);
      expect(result.ok).toBe(false);
      if (result.ok) continue;
      expect(result.reason).toMatch(/^invalid JSON/);
      for (let i = 0; i + 4 <= SECRET.length; i++) expect(result.reason).not.toContain(SECRET.slice(i, i + 4));
    }
  });

  it('not-analysed reasons drop an unquoted token next to a quote', () => {
    const reason = safeReason(`Unexpected token ${SECRET} after 'concat'`, 4);
    expect(reason).not.toContain(SECRET.slice(0, 4));
    expect(reason).toContain('(at character 5)');
    expect(safeReason(`Unexpected token '${SECRET}'`, 0)).not.toContain(SECRET.slice(0, 4));
  });
});

/** Fails when any 8-character fragment of SECRET is in `text`. */
function expectNoFragment(text: string): void {
  for (let i = 0; i + 8 <= SECRET.length; i++) expect(text).not.toContain(SECRET.slice(i, i + 8));
}

describe('XML and Robin problems quote no input', () => {
  it('XML parse errors name line, column and kind only', () => {
    let failed = 0;
    for (const text of [`<a b="${SECRET}"`, `<a>${SECRET}</b>`, `<a ${SECRET}="x"/>`, `<a>&${SECRET};</a>`, `<${SECRET}>`, `<a x='1' x='${SECRET}'/>`]) {
      const result = parseXmlDocument(text, { file: 'f.xml' }, 'f.xml', 100);
      if (result.ok) continue;
      failed++;
      expectNoFragment(result.reason);
    }
    expect(failed).toBeGreaterThanOrEqual(4);
  });

  it('parser messages are reduced to a fixed phrase, quoted or not', () => {
    for (const message of [
      `Closing tag '${SECRET}' is expected inplace of 'a'.`,
      `Invalid tag ${SECRET}`,
      `Attribute "${SECRET} is repeated`,
      `Unexpected end of ${SECRET}`,
      SECRET,
    ]) {
      expectNoFragment(describeXmlError(message));
    }
  });

  it('Robin problems name the line and kind only', () => {
    const script = [`@INPUT X : { 'Pwd=${SECRET}' 5 }`, `@INPUT Y : { 'a': 'Pwd=${SECRET}' 'b' }`, `SET x TO '${SECRET}`, `/# ${SECRET}`].join('\n');
    const problems = parseRobin(script).problems;
    expect(problems.length).toBeGreaterThan(2);
    for (const problem of problems) expectNoFragment(problem.message);
  });
});

describe('--fix-dry-run preview', () => {
  it('redacts context lines', () => {
    const before = `{\n  "password": "${SECRET}",\n  "a": {\n    "b": 1\n  }\n}\n`;
    const after = before.replace('"b": 1', '"b": 1,\n    "runtimeConfiguration": {}');
    const preview = redactedPreview(unifiedDiff(before, after, 'flow.json'));
    expect(preview).toContain('+    "runtimeConfiguration": {}');
    expect(preview).toContain('"password"');
    expect(preview).not.toContain(SECRET.slice(0, 8));
  });

  it('cuts and redacts a minified one-line file', () => {
    const before = `{"a":"${'x'.repeat(300)}","k":"${SECRET}","b":1}`;
    const after = before.replace('"b":1', '"b":1,"c":{}');
    const preview = redactedPreview(unifiedDiff(before, after, 'flow.json'));
    expect(preview).not.toContain(SECRET.slice(0, 8));
    for (const line of preview.split('\n')) expect(line.length).toBeLessThan(260);
  });
});

describe('XML windows are tokenised from the markup they open in', () => {
  const cases: [string, string, string, string][] = [
    ['inside an attribute value', `<r><c password="${SECRET}tail" name="x"/></r>`, 'tail', '***" name="***"/></r>'],
    ['inside Pwd= text of an attribute', `<r><c cs="Server=s;Pwd=${SECRET};x=1"/></r>`, 'Pwd=', '***"/></r>'],
    ['inside a text node', `<r><v>user=a;${SECRET}</v></r>`, SECRET, '***</v></r>'],
    ['inside a comment holding <', `<r><!-- a < b ${SECRET} --></r>`, SECRET, '***--></r>'],
    ['inside CDATA holding <', `<r><![CDATA[ a < b ${SECRET} ]]></r>`, SECRET, '***]]></r>'],
    ['at a tag', `<r><c key="${SECRET}">${SECRET}</c></r>`, '<c', '<c key="Zq8***">Zq8***</c></r>'],
  ];
  it.each(cases)('%s', (_name, xml, at, expected) => {
    const snippet = redactXmlWindow(xml, xml.indexOf(at), xml.length);
    expect(snippet).toBe(expected);
    expect(snippet).not.toContain(SECRET.slice(3, 11));
  });
});
