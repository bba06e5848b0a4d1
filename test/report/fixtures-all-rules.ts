/**
 * A run with a finding of every built-in rule (`rules/index.ts`), for the golden tests of the
 * markdown, junit, github and html reporters. Messages come from each rule's own first message
 * template with sample data, so a rule added later shows up here (and in the golden files) on the
 * next `UPDATE_GOLDEN=1` run. Everything about a rule's finding — its place, its fingerprint — is
 * derived from the rule's id, never from its position in the rule list, so adding a rule adds its
 * own lines and changes no other rule's. The places vary: plain files (a path with a space, a
 * comma and a colon), zip members, an env var file without a region, one finding with a data flow,
 * one suppressed, one whose text carries characters every format must escape. Plus an input
 * error and an internal error. Values are already redacted, as the engine hands them over.
 */
import { ptr } from '../helpers/builders.js';
import { snippetFixture } from './snippet-fixture.js';
import { builtinRules } from '../../rules/index.js';
import type { Finding, FindingLocation, FindingStep, RuleMeta, RunResult } from '../../src/engine/types.js';
import type { ReportContext } from '../../src/report/index.js';

export const ALL_RULES: readonly RuleMeta<object, string>[] = builtinRules.map((rule) => rule.meta);

export const ALL_CONTEXT: ReportContext = {
  rules: ALL_RULES,
  toolVersion: '0.1.0',
  informationUri: 'https://example.com/flowlint',
  helpUri: (ruleId) => `https://example.com/flowlint/rules/${ruleId}.md`,
  color: false,
};

const SOLUTION_DIR = 'solutions/Contoso Payroll';
const FLOW_FILE = `${SOLUTION_DIR}/Workflows/PayrollSync-5F3E2A10-0C4B-4B7E-9D55-2B0E8B1B7A11.json`;
const ODD_FILE = 'flows/Export, v2: final #1.json';
const ZIP = 'dist/ContosoPayroll_1_0_0_1.zip';
const ZIP_ENTRY = 'Workflows/PayrollNotify-0C4B4B7E-9D55-2B0E-8B1B-7A115F3E2A10.json';
const SETTINGS_FILE = 'settings/deploymentSettings.prod.json';
const ENV_VAR_FILE = `${SOLUTION_DIR}/environmentvariabledefinitions/cr_ApiKey/environmentvariabledefinition.xml`;

/** Sample values for `{{placeholders}}`; unknown ones show their own name. */
const SAMPLE_DATA: Readonly<Record<string, string>> = {
  action: 'Get_secret',
  source: 'Get_secret',
  sourceKind: 'Key Vault secret',
  path: " through 'Compose_body'",
  key: 'shared_keyvault',
  logicalName: 'cr_keyvault',
  solution: 'ContosoPayroll',
  role: 'Action',
  connection: 'shared_keyvault_1',
  flow: 'Payroll sync',
  container: 'a legacy package',
  vault: 'kv-***',
  environment: 'prod',
  other: 'test',
  name: 'cr_ApiKey',
  parameter: 'secretVersion',
  loop: 'Apply_to_each',
  sink: 'an e-mail',
  value: 'sk_***',
};

function render(template: string): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (_whole, name: string) => SAMPLE_DATA[name] ?? name);
}

function firstMessage(meta: RuleMeta<object, string>): { id: string; text: string } {
  const [id, template] = Object.entries(meta.messages)[0] ?? ['default', meta.description];
  return { id, text: render(template) };
}

function action(file: string, name: string, path: string, line: number, entry?: string): FindingLocation {
  return {
    file,
    ...(entry !== undefined ? { entry } : {}),
    region: { startLine: line, startColumn: 9, endLine: line + 8, endColumn: 10 },
    pointer: ptr(`/properties/definition/actions/${path.split('/').slice(1).join('/actions/')}`),
    snippet: snippetFixture(`"${name}": { …`),
    logicalName: name,
    fullyQualifiedName: path,
    logicalKind: 'function',
  };
}

const getSecret = action(FLOW_FILE, 'Get_secret', 'Payroll sync/Get_secret', 20);
const composeBody = action(FLOW_FILE, 'Compose_body', 'Payroll sync/Compose_body', 40);
const postMessage: FindingLocation = {
  ...action(FLOW_FILE, 'Post_message', 'Payroll sync/Post_message', 60),
  region: { startLine: 66, startColumn: 17, endLine: 66, endColumn: 58 },
  pointer: ptr('/properties/definition/actions/Post_message/inputs/parameters/body'),
  snippet: snippetFixture('"body": "@{o***"'),
};

/** The places findings are put at, in turn; index 0 carries the data flow. */
const PLACES: readonly FindingLocation[] = [
  postMessage,
  getSecret,
  action(ZIP, 'Send_mail', 'Payroll notify/Try/Send_mail', 31, ZIP_ENTRY),
  {
    file: SETTINGS_FILE,
    region: { startLine: 5, startColumn: 7, endLine: 8, endColumn: 8 },
    pointer: ptr('/EnvironmentVariables/0'),
    snippet: snippetFixture('{ …'),
    logicalName: 'cr_ApiKey',
    fullyQualifiedName: `${SETTINGS_FILE}/EnvironmentVariables/cr_ApiKey`,
    logicalKind: 'variable',
  },
  {
    file: ENV_VAR_FILE,
    pointer: ptr('/environmentvariabledefinition'),
    logicalName: 'cr_ApiKey',
    fullyQualifiedName: 'ContosoPayroll/cr_ApiKey',
    logicalKind: 'variable',
  },
  action(ZIP, 'Read_key', 'Payroll notify/Read_key', 12, ZIP_ENTRY),
  composeBody,
];

const SECRET_PATH: readonly FindingStep[] = [
  { location: getSecret, message: "Key Vault secret read by 'Get_secret'" },
  { location: composeBody, message: "copied by 'Compose_body'" },
  { location: postMessage, message: "used by 'Post_message'" },
];

/** A number from a rule id (FNV-1a): stable whatever rules come before it. */
function idHash(id: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) hash = Math.imul(hash ^ id.charCodeAt(i), 0x01000193) >>> 0;
  return hash;
}

/** The rules whose findings carry a data flow, a suppression, the hostile text, an internal error. */
const DATA_FLOW_RULE = 'secret-exposed';
const SUPPRESSED_RULE = 'secure-outputs-missing';
const HOSTILE_RULE = 'hardcoded-secret';
const CRASHED_RULE = 'not-analysed';

function placeOf(ruleId: string): { location: FindingLocation; solution?: string; flow?: string } {
  // The data-flow finding sits where its flow ends.
  const location = ruleId === DATA_FLOW_RULE ? postMessage : PLACES[idHash(ruleId) % PLACES.length];
  if (location.file === SETTINGS_FILE) return { location };
  if (location.file === ENV_VAR_FILE) return { location, solution: 'ContosoPayroll' };
  if (location.file === ZIP) return { location, solution: 'ContosoPayroll', flow: 'Payroll notify' };
  return { location, solution: 'ContosoPayroll', flow: 'Payroll sync' };
}

function compareFindings(a: Finding, b: Finding): number {
  const key = (f: Finding) => [f.location.file, f.location.entry ?? '', f.location.region?.startLine ?? 0, f.location.region?.startColumn ?? 0, f.ruleId] as const;
  const [x, y] = [key(a), key(b)];
  for (let i = 0; i < x.length; i++) {
    if (x[i] < y[i]) return -1;
    if (x[i] > y[i]) return 1;
  }
  return 0;
}

function findingOf(meta: RuleMeta<object, string>): Finding {
  const { id: messageId, text } = firstMessage(meta);
  const place = placeOf(meta.id);
  const withFlow = meta.id === DATA_FLOW_RULE;
  return {
    ruleId: meta.id,
    messageId,
    level: meta.defaultLevel,
    message: text,
    ...place,
    related: withFlow ? [{ location: getSecret, message: "Key Vault secret read by 'Get_secret'" }] : [],
    dataFlow: withFlow ? SECRET_PATH : [],
    fingerprint: `${meta.id}:${idHash(meta.id).toString(16).padStart(16, '0')}`,
    suppressions:
      meta.id === SUPPRESSED_RULE
        ? [{ kind: 'inSource', justification: 'Read once at start-up; outputs are not logged.', origin: `${FLOW_FILE}#/properties/definition/actions/Get_secret/description` }]
        : [],
  };
}

/** A finding whose text must be escaped by every format: markup, quotes, %, newlines, a control char. */
const hostile: Finding = {
  ruleId: HOSTILE_RULE,
  messageId: 'hostile',
  level: 'error',
  message: `Action '<img src=x onerror=alert(1)>' & "co" at 100% | **bold** \`code\` [link](javascript:x)\r\nsecond line: a,b \u0001 done.`,
  location: {
    file: ODD_FILE,
    region: { startLine: 3, startColumn: 5, endLine: 3, endColumn: 40 },
    pointer: ptr('/definition/actions/<img>'),
    snippet: snippetFixture('"<img src=x>": "@{***"'),
    logicalName: '<img src=x onerror=alert(1)>',
    fullyQualifiedName: "Export <v2> & 'final'/<img src=x onerror=alert(1)>",
    logicalKind: 'function',
  },
  flow: "Export <v2> & 'final'",
  related: [],
  dataFlow: [],
  fingerprint: `${HOSTILE_RULE}:ffffffffffffffff`,
  suppressions: [],
};

for (const id of [DATA_FLOW_RULE, SUPPRESSED_RULE, HOSTILE_RULE, CRASHED_RULE]) {
  if (!ALL_RULES.some((meta) => meta.id === id)) throw new Error(`the all-rules fixture needs the built-in rule ${id}`);
}

/** The run for a list of rules: one finding each, the hostile one, an input and an internal error. */
export function allRulesResult(rules: readonly RuleMeta<object, string>[]): RunResult {
  return { ...ALL_RESULT_BASE, findings: [...rules.map(findingOf), hostile].sort(compareFindings) };
}

const ALL_RESULT_BASE: Omit<RunResult, 'findings'> = {
  diagnostics: [
    {
      kind: 'input',
      file: 'dist/Broken Export.zip',
      entry: 'Workflows/Bad-1.json',
      message: 'invalid JSON: unexpected end of input at line 3, column 1',
    },
    {
      kind: 'internal',
      file: ODD_FILE,
      ruleId: CRASHED_RULE,
      message: "TypeError: Cannot read properties of undefined (reading 'type')",
      stack: "TypeError: Cannot read properties of undefined (reading 'type')\n    at /home/runner/work/flowlint/rules/x.ts:12:3",
    },
  ],
  stats: { files: 6, solutions: 1, flows: 3, actions: 17, durationMs: 42, skippedFiles: 1 },
  vaults: {
    environments: ['dev', 'test', 'prod'],
    rows: [
      {
        vault: 'kv-contoso-shared',
        environments: [
          { environment: 'test', places: [{ file: 'config/Test/deploymentSettings.json', settings: ['cts_ApiKey', 'cts_PartnerKey'] }] },
          { environment: 'prod', places: [{ file: 'config/Prod/deploymentSettings.json', settings: ['cts_ApiKey'] }] },
        ],
      },
      { vault: 'kv-contoso-dev', environments: [{ environment: 'dev', places: [{ file: 'config/Dev/deploymentSettings.json', settings: ['cts_ApiKey'] }] }] },
      // A name no file or folder says the environment of; a hostile name is escaped like any other.
      { vault: '<b>kv*1|x</b>', environments: [{ places: [{ file: 'dist/Contoso.zip', entry: 'environmentvariablevalues.json', settings: ['cts_Other'] }] }] },
    ],
  },
};

export const ALL_RESULT: RunResult = allRulesResult(ALL_RULES);
export const ALL_FINDINGS: readonly Finding[] = ALL_RESULT.findings;

export const ALL_EMPTY_RESULT: RunResult = {
  findings: [],
  diagnostics: [],
  stats: { files: 1, solutions: 0, flows: 1, actions: 3, durationMs: 5, skippedFiles: 0 },
};
