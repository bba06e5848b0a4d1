/**
 * A hand-made run for the reporter tests: findings in a plain file (path with a space and a `#`),
 * inside a zip entry, with a data flow and related places, one suppressed and one without a region;
 * an input error and an internal error. Values are already redacted, as the engine hands them over.
 */
import { ptr } from '../helpers/builders.js';
import { snippetFixture } from './snippet-fixture.js';
import type { Finding, FindingLocation, RuleMeta, RunResult } from '../../src/engine/types.js';
import type { ReportContext } from '../../src/report/index.js';

type Meta = RuleMeta<object, string>;

function rule(meta: Pick<Meta, 'id' | 'title' | 'description' | 'rationale' | 'defaultLevel' | 'precision' | 'tags'> & Partial<Meta>): Meta {
  return {
    recommended: true,
    since: '0.1.0',
    messages: { default: 'Placeholder.' },
    defaultOptions: {},
    references: [],
    ...meta,
  };
}

export const RULES: readonly Meta[] = [
  rule({
    id: 'no-plain-secret',
    title: 'No plain-text secret',
    description: 'Disallow secrets written as plain text in flow definitions.',
    rationale: 'A value typed into an action ends up in the export, in source control and in run history.',
    defaultLevel: 'error',
    securitySeverity: 9,
    precision: 'high',
    tags: ['secrets', 'external/cwe/cwe-798'],
    references: ['CWE-798'],
  }),
  rule({
    id: 'secure-outputs',
    title: 'Secure outputs',
    description: 'Require secure outputs on actions that return secrets.',
    rationale: 'Without secure outputs the run history shows the secret to everyone who can see the run.',
    defaultLevel: 'warning',
    securitySeverity: 7.5,
    precision: 'very-high',
    tags: ['secrets', 'security', 'external/cwe/cwe-532'],
  }),
  rule({
    id: 'no-secret-in-logs',
    title: 'No secret in logs',
    description: 'Disallow sending secrets to logging or messaging actions.',
    rationale: 'Messages and logs are kept and shared far more widely than the vault the secret came from.',
    defaultLevel: 'error',
    securitySeverity: 8.5,
    precision: 'medium',
    tags: ['secrets', 'taint'],
  }),
  rule({
    id: 'trigger-auth',
    title: 'Trigger authentication',
    description: 'Require authentication on HTTP request triggers.',
    rationale: 'An anonymous trigger URL is a bearer secret: whoever holds it can start the flow.',
    defaultLevel: 'note',
    precision: 'low',
    tags: ['maintainability'],
  }),
  rule({
    id: 'env-var-value',
    title: 'Environment variable value',
    description: 'Enforce that secret environment variables have no current value in the solution.',
    rationale: 'A current value exported with the solution travels to every environment it is imported into.',
    defaultLevel: 'note',
    precision: 'high',
    tags: [],
  }),
];

export const CONTEXT: ReportContext = {
  rules: RULES,
  toolVersion: '0.1.0',
  informationUri: 'https://example.com/flowlint',
  helpUri: (ruleId) => `https://example.com/flowlint/rules/${ruleId}.md`,
  color: false,
};

const PLAIN_FILE = 'flows/My Flows/Payroll #2.json';
const ZIP = 'dist/Contoso Payroll_1_0_0_1.zip';
const ENTRY = 'Workflows/PayrollSync-5F3E2A10-0C4B-4B7E-9D55-2B0E8B1B7A11.json';

const plainSecret: FindingLocation = {
  file: PLAIN_FILE,
  region: { startLine: 14, startColumn: 25, endLine: 14, endColumn: 43 },
  pointer: ptr('/properties/definition/actions/Call_API/inputs/headers/x-api-key'),
  snippet: snippetFixture('"x-api-key": "sk_***"'),
  logicalName: 'Call_API',
  fullyQualifiedName: 'Payroll export/Call_API',
  logicalKind: 'function',
};

const getSecret: FindingLocation = {
  file: ZIP,
  entry: ENTRY,
  region: { startLine: 40, startColumn: 9, endLine: 52, endColumn: 10 },
  pointer: ptr('/properties/definition/actions/Try/actions/Get_secret'),
  snippet: snippetFixture('"Get_secret": {'),
  logicalName: 'Get_secret',
  fullyQualifiedName: 'Payroll sync/Try/Get_secret',
  logicalKind: 'function',
};

const compose: FindingLocation = {
  file: ZIP,
  entry: ENTRY,
  region: { startLine: 60, startColumn: 13, endLine: 60, endColumn: 70 },
  pointer: ptr('/properties/definition/actions/Try/actions/Compose_body/inputs'),
  snippet: snippetFixture('"inputs": "@{***"'),
  logicalName: 'Compose_body',
  fullyQualifiedName: 'Payroll sync/Try/Compose_body',
  logicalKind: 'function',
};

const postMessage: FindingLocation = {
  file: ZIP,
  entry: ENTRY,
  region: { startLine: 75, startColumn: 17, endLine: 75, endColumn: 58 },
  pointer: ptr('/properties/definition/actions/Try/actions/Post_message/inputs/parameters/body'),
  snippet: snippetFixture('"body": "@{o***"'),
  logicalName: 'Post_message',
  fullyQualifiedName: 'Payroll sync/Try/Post_message',
  logicalKind: 'function',
};

const connectionReference: FindingLocation = {
  file: ZIP,
  entry: 'customizations.xml',
  region: { startLine: 8, startColumn: 5, endLine: 8, endColumn: 61 },
  pointer: ptr('/connectionreferences/cr_teams'),
  snippet: snippetFixture('<connectionreference connectionreferencelogicalname="cr_***">'),
  logicalName: 'cr_teams',
  fullyQualifiedName: 'ContosoPayroll/cr_teams',
  logicalKind: 'variable',
};

const anonymousTrigger: FindingLocation = {
  file: 'flows/approval.json',
  region: { startLine: 5, startColumn: 7, endLine: 12, endColumn: 8 },
  pointer: ptr('/definition/triggers/manual'),
  snippet: snippetFixture('"manual": {'),
  logicalName: 'manual',
  fullyQualifiedName: 'Approval/manual',
  logicalKind: 'function',
};

const envVar: FindingLocation = {
  file: 'solution/Other/environmentvariabledefinitions/cr_ApiKey/environmentvariabledefinition.xml',
  pointer: ptr('/environmentvariabledefinition'),
  logicalName: 'cr_ApiKey',
  fullyQualifiedName: 'ContosoPayroll/cr_ApiKey',
  logicalKind: 'variable',
};

function finding(partial: Omit<Finding, 'messageId' | 'related' | 'dataFlow' | 'suppressions'> & Partial<Finding>): Finding {
  return { messageId: 'default', related: [], dataFlow: [], suppressions: [], ...partial };
}

export const FINDINGS: readonly Finding[] = [
  finding({
    ruleId: 'no-plain-secret',
    level: 'error',
    message: "The header 'x-api-key' of action 'Call_API' holds the literal 'sk_***': read it from Azure Key Vault.",
    location: plainSecret,
    flow: 'Payroll export',
    fingerprint: 'no-plain-secret:3a1c5e0f8b7d6a42',
  }),
  finding({
    ruleId: 'secure-outputs',
    level: 'warning',
    message: "Action 'Get_secret' returns a secret without secure outputs: turn on Secure outputs in its settings.",
    location: getSecret,
    solution: 'ContosoPayroll',
    flow: 'Payroll sync',
    fingerprint: 'secure-outputs:9f2b77c01d4e3a5b',
  }),
  finding({
    ruleId: 'no-secret-in-logs',
    level: 'error',
    message: "Action 'Post_message' posts the secret from 'Get_secret' to Microsoft Teams: remove it from the message.",
    location: postMessage,
    solution: 'ContosoPayroll',
    flow: 'Payroll sync',
    fingerprint: 'no-secret-in-logs:5d8e1f0a2b3c4d6e',
    related: [{ location: connectionReference, message: "Connection reference 'cr_teams' used to post." }],
    dataFlow: [
      { location: getSecret, message: "The secret is read by 'Get_secret'." },
      { location: compose, message: "'Compose_body' copies it into its output." },
      { location: postMessage, message: "'Post_message' sends it to Teams." },
    ],
  }),
  finding({
    ruleId: 'trigger-auth',
    level: 'note',
    message: "Trigger 'manual' accepts anonymous calls: set its authentication to Any user in my tenant.",
    location: anonymousTrigger,
    flow: 'Approval',
    fingerprint: 'trigger-auth:0c6a9b8e7f1d2c3b',
    suppressions: [
      {
        kind: 'inSource',
        justification: 'Called only from the internal gateway.',
        origin: 'flows/approval.json#/definition/triggers/manual/description',
      },
    ],
  }),
  finding({
    ruleId: 'env-var-value',
    level: 'note',
    message: "Environment variable 'cr_ApiKey' is a secret with a current value in the solution: remove the value.",
    location: envVar,
    solution: 'ContosoPayroll',
    fingerprint: 'env-var-value:7e4d3c2b1a0f9e8d',
  }),
];

export const RESULT: RunResult = {
  findings: FINDINGS,
  diagnostics: [
    {
      kind: 'input',
      file: 'dist/Broken Export.zip',
      entry: 'Workflows/Bad-1.json',
      message: 'Invalid JSON: unexpected end of input at line 3, column 1.',
    },
    {
      kind: 'internal',
      file: 'flows/approval.json',
      ruleId: 'trigger-auth',
      message: "TypeError: Cannot read properties of undefined (reading 'type')",
      stack: "TypeError: Cannot read properties of undefined (reading 'type')\n    at /home/runner/work/flowlint/rules/trigger-auth.ts:12:3",
    },
  ],
  stats: { files: 4, solutions: 1, flows: 3, actions: 17, durationMs: 42, skippedFiles: 1 },
};

export const EMPTY_RESULT: RunResult = {
  findings: [],
  diagnostics: [],
  stats: { files: 1, solutions: 0, flows: 1, actions: 3, durationMs: 5, skippedFiles: 0 },
};
