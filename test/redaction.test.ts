/**
 * Never print a secret: secrets planted in every kind of place an export can hold them are run
 * through the real CLI with every output format, and no output — stdout, stderr, report files —
 * may contain any planted value (nor a long piece of one).
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { reporters } from '../src/report/index.js';
import { runFlowlint } from './helpers/cli.js';
import { compose, connector, flow, http, initVariable, jsonText, kvGetSecret, solutionFiles, terminate } from './helpers/builders.js';

// Planted values are assembled at run time so this file itself holds no credential-shaped literal.
const PLANTED = {
  basicPassword: ['Zq8', '!vT4#mW9', '-pLx2'].join(''),
  clientSecret: ['AbC', '8Q~', 'fGh1jK2lM3nO4pQ5rS6tU7vW8xY9z0aB1cD2e'].join(''),
  apiKeyHeader: ['sk', '_live_', '9f8e7d6c5b4a39281706f5e4d3c2b1a0'].join(''),
  variableToken: ['tok', '-', 'R7u2Wq9Lz4Kp1Xv8Nc3B'].join(''),
  envDefault: ['dEf', 'AuLt', 'S3cr3tV4lu3XyZ987654'].join(''),
  settingsValue: ['SeT', 'T1nG', 'sV4lu3QwErTy123456'].join(''),
  hiddenByDuplicate: ['DuP', 'l1c4', 'teH1dden5ecretV4lue'].join(''),
  desktopPassword: ['DsK', 'tOp', 'P4ssw0rd!2024xyz'].join(''),
};

/** Every run of 8 characters of every planted value: no output may contain one. */
function fragments(): string[] {
  return Object.values(PLANTED).flatMap((value) => Array.from({ length: value.length - 7 }, (_, i) => value.slice(i, i + 8)));
}

let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'flowlint-redaction-'));
  const flowJson = flow(
    {
      Get_secret: kvGetSecret('k', { secureInputs: false, secureOutputs: false }),
      Legacy_call: http({ authentication: { type: 'Basic', username: 'svc', password: PLANTED.basicPassword } }),
      Token: http({
        method: 'POST',
        uri: 'https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token',
        body: `grant_type=client_credentials&client_id=abc&client_secret=${PLANTED.clientSecret}`,
      }),
      Call_api: http({ headers: { 'x-api-key': PLANTED.apiKeyHeader } }),
      Init_token: initVariable('apiToken', 'String', PLANTED.variableToken),
      Copy: compose("@body('Get_secret')?['value']"),
      Stop: terminate("Failed: @{outputs('Copy')}"),
      Notify: connector('shared_office365', 'SendEmailV2', { 'emailMessage/Body': "@{body('Get_secret')?['value']}" }),
    },
    { connections: { shared_keyvault: 'cts_keyvault' } },
  );
  const flowText = jsonText(flowJson).replace(
    '"type": "Compose",',
    `"type": "Compose",\n          "password": "${PLANTED.hiddenByDuplicate}",\n          "password": "@{parameters('pwd')}",`,
  );
  const envDefinition = `<environmentvariabledefinition schemaname="cts_ApiSecret">\n  <defaultvalue>${PLANTED.envDefault}</defaultvalue>\n  <type>100000000</type>\n</environmentvariabledefinition>\n`;
  const script = `@SENSITIVE: [Password]\\n@INPUT Password : { 'Type': 'String', 'DefaultValue': '${PLANTED.desktopPassword}' }`;
  const customizations = solutionFiles({ connectionReferences: ['cts_keyvault'] })['Other/Customizations.xml'].replace(
    '<Workflows>\n',
    () =>
      `<Workflows>\n    <Workflow WorkflowId="{0000aaaa-1111-2222-3333-0000000000d1}" Name="Desktop login">\n      <Category>6</Category>\n      <UIFlowType>2</UIFlowType>\n      <Definition>"${script}"</Definition>\n    </Workflow>\n`,
  );
  const files = {
    ...solutionFiles({ connectionReferences: ['cts_keyvault'] }),
    'Other/Customizations.xml': customizations,
    'Workflows/Main-0000AAAA-1111-2222-3333-000000000001.json': flowText,
    'environmentvariabledefinitions/cts_ApiSecret/environmentvariabledefinition.xml': envDefinition,
  };
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, 'solution', path, '..'), { recursive: true });
    writeFileSync(join(dir, 'solution', path), text);
  }
  writeFileSync(
    join(dir, 'deploymentSettings.prod.json'),
    JSON.stringify({ EnvironmentVariables: [{ SchemaName: 'cts_ClientSecret', Value: PLANTED.settingsValue }], ConnectionReferences: [] }, null, 2),
  );
  // The same solution zipped, so archive members are covered too.
  const zip = new JSZip();
  for (const [path, text] of Object.entries(files)) zip.file(path, text);
  writeFileSync(join(dir, 'solution.zip'), await zip.generateAsync({ type: 'nodebuffer' }));
  // A custom rule whose message prints the matched value (redacted, like every value).
  writeFileSync(
    join(dir, 'flowlint.config.json'),
    JSON.stringify({
      customRules: [{ id: 'contoso/show-password', message: 'Password is {{value}}', path: '$.inputs.authentication.password', check: 'absent', where: { type: 'Http' } }],
    }),
  );
});

describe('planted secrets', () => {
  it('the fixtures really hold every planted value', () => {
    const all = [
      readFileSync(join(dir, 'solution/Workflows/Main-0000AAAA-1111-2222-3333-000000000001.json'), 'utf8'),
      readFileSync(join(dir, 'deploymentSettings.prod.json'), 'utf8'),
      readFileSync(join(dir, 'solution/Other/Customizations.xml'), 'utf8'),
      readFileSync(join(dir, 'solution/environmentvariabledefinitions/cts_ApiSecret/environmentvariabledefinition.xml'), 'utf8'),
    ].join('\n');
    for (const [name, value] of Object.entries(PLANTED)) expect(all, name).toContain(value);
  });

  it('appear in no output of any format, and flowlint did find them', async () => {
    const formats = Object.keys(reporters);
    const out = join(dir, 'out');
    const formatArgs = formats.flatMap((format) => ['-f', `${format}:${join('out', `report.${format}`)}`]);
    const args = ['solution', 'solution.zip', 'deploymentSettings.prod.json', ...formatArgs, '--verbose', '--debug'];
    const result = await runFlowlint(args, dir);
    const stdoutRun = await runFlowlint(['solution', 'solution.zip', 'deploymentSettings.prod.json'], dir);
    const written = readdirSync(out).map((name) => readFileSync(join(out, name), 'utf8'));
    expect(written).toHaveLength(formats.length);
    const outputs = [result.stdout, result.stderr, stdoutRun.stdout, stdoutRun.stderr, ...written];
    for (const fragment of fragments()) {
      for (const text of outputs) expect(text.includes(fragment), `"${fragment}" leaked`).toBe(false);
    }
    // It is not silent: the planted credentials are reported (redacted).
    const json = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as { findings: { ruleId: string; message: string }[] };
    const hardcoded = json.findings
      .filter((f) => f.ruleId === 'hardcoded-secret')
      .map((f) => f.message)
      .join('\n');
    for (const name of ['basicPassword', 'clientSecret', 'apiKeyHeader', 'envDefault', 'settingsValue', 'hiddenByDuplicate', 'desktopPassword'] as const) {
      expect(hardcoded, name).toContain(`${PLANTED[name].slice(0, 3)}***`);
    }
  });
});
