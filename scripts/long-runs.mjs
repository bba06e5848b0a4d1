#!/usr/bin/env node
/**
 * `npm run fuzz` ends with this: long runs of one character or short unit (100,000 characters by
 * default), written into every kind of place flowlint reads — an HTTP URL, query, form body,
 * headers and authentication, Compose values and keys, variables, action names, expressions,
 * inline code, parameters, deployment settings, XML sections kept as raw text and XML attributes,
 * a desktop flow script — and linted with the bundled CLI, one input at a time. A pattern that
 * rescans a run from each of its characters turns such an input into seconds or minutes of work;
 * this lists every input that takes longer than --limit-ms (default 3000) and exits 1 if any does.
 *
 *   node scripts/long-runs.mjs [--length 100000] [--limit-ms 3000]
 */
import { performance } from 'node:perf_hooks';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const arg = (name, fallback) => {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1] : fallback;
};
const LENGTH = Number(arg('length', '100000'));
const LIMIT_MS = Number(arg('limit-ms', '3000'));
const bin = fileURLToPath(new URL('../dist/flowlint.mjs', import.meta.url));

/** Characters and short units that the detectors' patterns, the parsers and the name checks care about. */
const UNITS = [
  'a',
  'A',
  '1',
  '0a',
  'a1-',
  'aB3-_.~',
  'AbC+/9',
  'a ',
  ' ',
  '\t',
  '\n',
  '\u2028',
  'é',
  'a.',
  'a.b.',
  'a:',
  'a_',
  '__A',
  'a@',
  'a:b@',
  '/',
  '//',
  'ab/',
  ':/',
  '?',
  '?a=',
  '#',
  '#\n',
  '&',
  'a&',
  ' &',
  '&amp;',
  '=',
  '==',
  '=&',
  'k=v&',
  'a=b&',
  '%',
  '%41',
  "'",
  '"',
  '\\',
  '(',
  '[',
  '{',
  '{{a',
  'a}}',
  '${',
  '#{',
  '$(a',
  '<',
  '<a',
  '>',
  '@',
  '@@',
  '@{',
  ';',
  '$',
  '-',
  '+',
  '~',
  'q~',
  'kv',
  'kv-',
  'vault',
  '.vault.azure.net',
  '.net',
  'https://',
  'https://a',
  'sig=',
  '&sig=',
  'key=',
  'token=',
  'sv=2020-01-01&',
  'sr=',
  'client_secret=',
  'Password=x;',
  'AccountKey=',
  'AccountName=a;AccountKey=',
  'sharedaccesskey=',
  'SharedAccessSignature ',
  'Server=',
  'User ID=',
  'Data Source=',
  'pwd:',
  'password: ',
  'Bearer ',
  'basic ',
  'Basic dXNlcjpwYXNz',
  'ey',
  'eyJ',
  'eyJhbGciOi.',
  '/paths/invoke',
  '/triggers/',
  'workflows/',
  '-----',
  '-----BEGIN ',
  'PRIVATE KEY-----',
  'AKIA',
  'ASIA',
  'AIza',
  'JQQJ9',
  'T3BlbkFJ',
  '-us1',
  'sk-',
  'sk_live_',
  'sk-ant-',
  'ghp_',
  'github_pat_',
  'glpat-',
  'npm_',
  'shpat_',
  'lin_api_',
  'SG.',
  'xox',
  'xoxb-',
  'hooks.slack.com/',
  'webhook.office.com/',
  'azurewebsites.net/',
  `${'x'.repeat(31)}.`,
];

function xmlEscape(text) {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** One unpacked solution and one settings file with `text` in every place. */
function writeInput(dir, text) {
  const quoted = text.replace(/'/g, "''");
  const actions = {
    Http: {
      type: 'Http',
      inputs: {
        method: 'POST',
        uri: `https://h.example/${text}?a=${text}&b=${text}\n`,
        headers: { Authorization: `Bearer ${text}`, 'x-api-key': text },
        body: `client_secret=${text}&grant_type=${text}`,
        authentication: { type: 'Basic', username: text, password: text },
      },
      runAfter: {},
    },
    Compose: { type: 'Compose', inputs: text, runAfter: {} },
    Keys: { type: 'Compose', inputs: { [text]: 'value', [`x${text}Password`]: 'hunter2hunter2', nested: { [text.slice(0, 5000)]: text } }, runAfter: {} },
    Init: {
      type: 'InitializeVariable',
      inputs: {
        variables: [
          { name: 'KeyVaultName', type: 'String', value: text },
          { name: 'apiKey', type: 'String', value: text },
        ],
      },
      runAfter: {},
    },
    Expr: { type: 'Compose', inputs: `@{concat('${quoted}')}`, runAfter: {} },
    Ref: { type: 'Compose', inputs: `@{body('${quoted.slice(0, 20_000)}')}`, runAfter: {} },
    [`A${text.replace(/[^A-Za-z0-9_]/g, '_').slice(0, 20_000)}`]: { type: 'Compose', inputs: "@body('Http')", runAfter: {} },
    Js: { type: 'JavaScriptCode', inputs: { code: `const password = "${text.replace(/["\\\n]/g, '')}";` }, runAfter: {} },
  };
  const definition = { triggers: {}, actions, parameters: { [text.slice(0, 50)]: { type: 'String', defaultValue: text } } };
  mkdirSync(join(dir, 'Other'), { recursive: true });
  mkdirSync(join(dir, 'Workflows'), { recursive: true });
  writeFileSync(join(dir, 'Workflows', 'Flow-0000AAAA-1111-2222-3333-000000000001.json'), JSON.stringify({ properties: { definition } }));
  writeFileSync(
    join(dir, 'Other', 'Solution.xml'),
    '<ImportExportXml><SolutionManifest><UniqueName>LongRuns</UniqueName><Version>1.0</Version></SolutionManifest></ImportExportXml>',
  );
  const script = `@SENSITIVE: []\n@INPUT Password : { 'Description': 'x', 'DefaultValue': '${text.replace(/'/g, '')}', 'Type': 'String' }\nSET Password TO $'''${text.replace(/'/g, '')}'''\n`;
  const escaped = xmlEscape(text);
  writeFileSync(
    join(dir, 'Other', 'Customizations.xml'),
    `<ImportExportXml><Workflows><Workflow WorkflowId="{dddd0000-1111-2222-3333-000000000001}" Name="D"><Category>6</Category><Definition>${xmlEscape(JSON.stringify(script))}</Definition></Workflow></Workflows><Entities>${escaped}</Entities><msdyn_dataflows attr="${escaped}">${escaped}</msdyn_dataflows></ImportExportXml>`,
  );
  writeFileSync(
    join(dir, 'deploymentSettings.json'),
    JSON.stringify({
      EnvironmentVariables: [
        { SchemaName: 'cts_ApiSecret', Value: text },
        { SchemaName: 'cts_KeyVaultName', Value: text },
      ],
      ConnectionReferences: [],
    }),
  );
}

const work = mkdtempSync(join(tmpdir(), 'flowlint-long-runs-'));
const results = [];
try {
  for (const unit of UNITS) {
    const dir = join(work, `input-${results.length}`);
    writeInput(dir, unit.repeat(Math.ceil(LENGTH / unit.length)).slice(0, LENGTH));
    const started = performance.now();
    // A hang is stopped at ten times the limit; its time then reads as that.
    const child = spawnSync(process.execPath, [bin, dir, '--jobs', '1', '--format', `json:${join(work, 'report.json')}`], { timeout: LIMIT_MS * 10 });
    results.push({ unit, ms: performance.now() - started, status: child.status, signal: child.signal });
    rmSync(dir, { recursive: true, force: true });
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

const slow = results.filter((r) => r.ms > LIMIT_MS || (r.status !== 0 && r.status !== 1));
const slowest = [...results].sort((a, b) => b.ms - a.ms).slice(0, 5);
console.log(`flowlint long runs: ${results.length} inputs of ${LENGTH}-character runs in every field; slowest:`);
for (const r of slowest) console.log(`  ${Math.round(r.ms).toString().padStart(7)} ms  ${JSON.stringify(r.unit)}`);
for (const r of slow) console.log(`  TOO SLOW or failed: ${JSON.stringify(r.unit)} ${Math.round(r.ms)} ms, exit ${r.status ?? r.signal}`);
process.exitCode = slow.length > 0 ? 1 : 0;
