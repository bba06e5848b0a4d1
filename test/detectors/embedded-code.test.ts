/** Secrets in inline JavaScript actions and Office Scripts, parsed with typescript-estree. */
import { describe, expect, it } from 'vitest';
import { scanCode } from '../../src/analysis/detectors/embedded-code.js';
import { DEFAULT_SCAN_OPTIONS } from '../../src/analysis/detectors/judge.js';
import { FAKE } from './fixtures.js';

const scan = (code: string) => scanCode(code, DEFAULT_SCAN_OPTIONS);
const summary = (code: string) => scan(code).secrets.map((s) => `${s.line}:${s.detectors.join(', ')}:${s.level}`);

describe('scanCode', () => {
  it('reports literals assigned to secret-named identifiers and properties', () => {
    const code = [
      'function main(workbook: ExcelScript.Workbook) {',
      `  const apiKey: string = "${FAKE.random32}";`,
      `  let config = { clientSecret: '${FAKE.random40}', endpoint: 'https://api.contoso.example' };`,
      `  config.password = \`${FAKE.random32}\`;`,
      `  class Client { private token = "${FAKE.random40}"; }`,
      '}',
    ].join('\n');
    expect(summary(code)).toEqual(['2:code-secret-assignment:error', '3:code-secret-assignment:error', '4:code-secret-assignment:error', '5:code-secret-assignment:error']);
  });

  it('reports credential headers set from literals', () => {
    const code = `const h = new Headers();\nh.set("x-api-key", "${FAKE.hex32}");\nconst init = { headers: { Authorization: "Bearer ${FAKE.random40}" } };`;
    expect(summary(code)).toEqual(['2:code-credential-header:error', '3:code-credential-header, bearer-token:error']);
  });

  it('reports known formats in any literal, including template literals', () => {
    const code = `const note = "${FAKE.githubToken}";\nconst url = \`https://fake-func.azurewebsites.net/api/x?code=${FAKE.functionKey}\`;`;
    expect(summary(code)).toEqual(['1:github-token:error', '2:azure-function-key-url:error']);
  });

  it('ignores expressions, placeholders, names and plain values', () => {
    const code = [
      'const token = await getToken();',
      'const password = "<your password>";',
      'const secretName = "graph-client-secret";',
      `const clientId = "${FAKE.guid}";`,
      'const apiKey = process.env.API_KEY;',
      'const url = "https://api.contoso.example";',
      `const tokenEndpoint = "https://login.microsoftonline.com/common/oauth2/v2.0/token";`,
    ].join('\n');
    expect(scan(code).secrets).toEqual([]);
  });

  it('does not crash on code that does not parse, and still finds known formats', () => {
    const result = scan(`const x = "${FAKE.githubToken}" +;;; (((\nconst password = "Xq7#kL2!pZ9@wR4";`);
    expect(result.parseError).toBeTruthy();
    expect(result.secrets.map((s) => `${s.line}:${s.detectors.join(', ')}`)).toEqual(['1:github-token']);
  });

  it('honours ignorePatterns', () => {
    const result = scanCode(`const apiKey = "${FAKE.random32}";`, { ...DEFAULT_SCAN_OPTIONS, ignorePatterns: [new RegExp(`^${FAKE.random32.slice(0, 6)}`)] });
    expect(result.secrets).toEqual([]);
  });
});
