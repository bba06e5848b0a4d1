import { ptr } from '../helpers/builders.js';
import { describe, expect, it } from 'vitest';
import { definitionTokens, jsonStringRanges, redactJsonText, redactJsonWindow, renderWindow, robinTokens, scriptTokens } from '../../src/parse/snippet-tokens.js';
import { resolveRegion } from '../../src/parse/positions.js';
import type { SourceDocument } from '../../src/model/types.js';

const SECRET = 'Zq8vLmN3pX7rT2wK';

/** Fails when any 8-character fragment of SECRET is in `text`. */
function expectNoFragment(text: string): void {
  for (let i = 0; i + 8 <= SECRET.length; i++) expect(text).not.toContain(SECRET.slice(i, i + 8));
}

/** Every window [start, end) of `text` (starts at each offset, a few lengths), rendered. */
function everyWindow(text: string, render: (start: number, stop: number) => string): string[] {
  const out: string[] = [];
  for (let start = 0; start < text.length; start++) {
    for (const length of [3, 10, 51, text.length]) out.push(render(start, Math.min(text.length, start + length)));
  }
  return out;
}

describe('JSON tokens', () => {
  const cases: [string, string, string][] = [
    ['string value', `"password": "${SECRET}"`, '"password": "Zq8***"'],
    ['keys and literals stay, numbers go', `{"a": true, "b": null, "pin": 12345678}`, '{"a": true, "b": null, "pin": ***}'],
    ['name=value inside a string', `"c": "Server=x;Pwd=${SECRET};"`, '"c": "Ser***"'],
    ['string cut by the end', `"k": "${SECRET}`, '"k": "Zq8***'],
    ['bare word (malformed JSON)', `{"k": ${SECRET}}`, '{"k": ***}'],
    ['escaped quote inside a value', `"k": "a\\"${SECRET}"`, '"k": "a\\"***"'],
    ['key-looking text inside a value', `"k": "x\\": ${SECRET}"`, '"k": "x\\"***"'],
    ['CRLF', `{\r\n"k": "${SECRET}"\r\n}`, '{\r\n"k": "Zq8***"\r\n}'],
    ['comment', `{"k": 1 // ${SECRET}\n}`, '{"k": *** //***\n}'],
  ];
  it.each(cases)('%s', (_name, text, expected) => {
    expect(redactJsonText(text)).toBe(expected);
  });

  it('a window that starts inside a string shows none of it', () => {
    const text = `{"a": "${SECRET}", "b": "x"}`;
    const ranges = jsonStringRanges(text);
    expect(redactJsonWindow(text, ranges, 10, text.length)).toBe('***, "b": "***"}');
    for (const shown of everyWindow(text, (a, b) => redactJsonWindow(text, ranges, a, b))) expectNoFragment(shown);
  });
});

describe('TypeScript/JavaScript tokens', () => {
  const render = (text: string): string => renderWindow(text, scriptTokens(text), 0, text.length);
  const cases: [string, string, string][] = [
    ['string', `const password = '${SECRET}';`, "const password = 'Zq8***';"],
    ['template with ${}', `const c = \`Pwd=${SECRET};\${user}User=${SECRET}\`;`, 'const c = `Pwd***${user}Use***`;'],
    ['nested template', `f(\`a\${\`Pwd=${SECRET}\`}b\${x}\`)`, 'f(`***${`Pwd***`}***${x}***`)'],
    ['object literal in a substitution', `\`\${ {a: 1}.a }${SECRET}\``, '`***${ {a: ***}.a }Zq8***`'],
    ['regex', `const r = /Pwd=${SECRET}/g;`, 'const r = /Pwd***;'],
    ['division is not a regex', `const r = a / b / ${SECRET.length};`, 'const r = a / b / ***;'],
    ['comments', `x(); // Pwd=${SECRET}\n/* ${SECRET} */`, 'x(); //***\n/*****/'],
    ['unterminated string', `const s = "${SECRET}`, 'const s = "Zq8***'],
    ['unterminated template', `const s = \`${SECRET}`, 'const s = `Zq8***'],
    ['CRLF', `const a = 1;\r\nconst b = "${SECRET}";\r\n`, 'const a = ***;\r\nconst b = "Zq8***";\r\n'],
  ];
  it.each(cases)('%s', (_name, text, expected) => {
    expect(render(text)).toBe(expected);
  });

  it('a window that starts inside a literal or comment shows none of it', () => {
    const text = `const a = \`x\${y}Pwd=${SECRET}\nUser=${SECRET}\`; /* ${SECRET}\n${SECRET} */ const b = 'Pwd=${SECRET}';`;
    const tokens = scriptTokens(text);
    for (const shown of everyWindow(text, (a, b) => renderWindow(text, tokens, a, b))) expectNoFragment(shown);
  });
});

describe('Robin tokens', () => {
  const render = (text: string): string => renderWindow(text, robinTokens(text), 0, text.length);
  const cases: [string, string, string][] = [
    ['SET … TO string', `SET Conn TO 'Data Source=x;Password=${SECRET};'`, "SET Conn TO 'Dat***'"],
    ['triple-quoted with %…%', `SET Url TO $'''https://x/?key=${SECRET}&u=%User%'''`, "SET Url TO $'''htt***'''"],
    [
      'action with parameters',
      `Web.InvokeWebService.InvokeWebService Url: $'''${SECRET}''' Method: Web.Method.Get Password: '${SECRET}' Response=> R`,
      "Web.InvokeWebService.InvokeWebService Url: $'''Zq8***''' Method: Web*** Password: 'Zq8***' Response=> R",
    ],
    ['bare name=value', `Pwd=${SECRET}`, 'Pwd=Zq8***'],
    ['bare value after TO', `SET x TO ${SECRET}`, 'SET x TO Zq8***'],
    ['numbers', 'WAIT 12345678', 'WAIT ***'],
    ['expression in %…%', `SET x TO %Password + '${SECRET}' + 42%`, "SET x TO %Password + 'Zq8***' + ***%"],
    ['comments', `# Pwd=${SECRET}\n/# ${SECRET}\n${SECRET} #/`, '#***\n/#***#/'],
    ['header', `@SENSITIVE: [Password, Token]\n@INPUT Password : { 'DefaultValue': '${SECRET}' }`, "@SENSITIVE: [Password, Token]\n@INPUT Password : { 'Def***': 'Zq8***' }"],
    ['escaped quote', `SET x TO 'a\\'${SECRET}'`, "SET x TO 'a\\'***'"],
    ['unterminated string', `SET x TO '${SECRET}\nEND`, "SET x TO 'Zq8***\nEND"],
    ['CRLF', `SET a TO 'x'\r\nSET b TO '${SECRET}'\r\n`, "SET a TO '***'\r\nSET b TO 'Zq8***'\r\n"],
  ];
  it.each(cases)('%s', (_name, text, expected) => {
    expect(render(text)).toBe(expected);
  });

  it('a window that starts inside a literal or comment shows none of it', () => {
    const text = `SET a TO $'''x\nPwd=${SECRET}\n${SECRET}'''\n/# ${SECRET}\n${SECRET} #/\nSET b TO 'Pwd=${SECRET}'`;
    const tokens = robinTokens(text);
    for (const shown of everyWindow(text, (a, b) => renderWindow(text, tokens, a, b))) expectNoFragment(shown);
  });

  it('reads a <Definition> as the XML spells it (XML-escaped JSON string)', () => {
    const script = `IF %x% < 5 THEN\n  SET Conn TO 'Pwd=${SECRET}&amp;'\nEND`;
    const source = JSON.stringify(script).replace(/&/g, '&amp;').replace(/</g, '&lt;');
    const shown = renderWindow(source, definitionTokens(source), 0, source.length);
    expect(shown).toBe(`"IF %x% &lt; *** THEN\\n  SET Conn TO 'Pwd***'\\nEND"`);
    for (const window of everyWindow(source, (a, b) => renderWindow(source, definitionTokens(source), a, b))) expectNoFragment(window);
  });
});

describe('resolveRegion snippets', () => {
  const doc = (format: SourceDocument['format'], text: string): SourceDocument => ({
    source: { file: 'f' },
    unitPath: 'f',
    format,
    text,
    value: undefined,
    duplicateKeys: [],
    prototypeKeys: [],
  });

  it('shows a desktop flow statement with its structure', () => {
    const script = `@SENSITIVE: [Password]\nSET Password TO $'''${SECRET}'''\nWeb.InvokeWebService.InvokeWebService Url: 'https://x' Password: %Password% Response=> R`;
    const text = `<Workflow>\n<Definition>${JSON.stringify(script)}</Definition>\n</Workflow>`;
    const document = doc('xml', text);
    const hint = 'SET Password TO ';
    const snippet = resolveRegion({ document, pointer: ptr(''), hint })!.snippet;
    expect(snippet).toBe(hint);
    const whole = resolveRegion({ document, pointer: ptr(''), hint: text.slice(text.indexOf('@SENS'), text.indexOf('</Def')) })!.snippet;
    expectNoFragment(whole);
    expect(whole).toContain("SET Password TO $'''Zq8***'''\\nWeb.InvokeWebService.InvokeWebService Url: 'htt***' Password: %Password% Response=> R");
  });

  it('shows a script file line with its structure', () => {
    const text = `const x = 1;\nconst c = \`Pwd=${SECRET};\${user}User=admin\`;\n`;
    const snippet = resolveRegion({ document: doc('text', text), pointer: ptr(''), offset: text.indexOf('admin') })!.snippet;
    expect(snippet).toBe('const c = `Pwd***${user}Use***');
  });
});
