/**
 * Scenario tests of policy as code: configuration discovery and validation, suppressions in
 * descriptions and configuration, baselines, `diff`, plugin and declarative rules.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { repoRoot, runFlowlint } from './helpers/cli.js';
import { compose, flow as plainFlow, http, jsonText, kvGetSecret, solutionFiles, type ActionMap, type Json } from './helpers/builders.js';

/** A flow whose Key Vault connection goes through the solution's connection reference. */
const flow = (actions: ActionMap): Json => plainFlow(actions, { connections: { shared_keyvault: 'cts_keyvault' } });
import { validateSarif } from './report/helpers.js';

interface ReportShape {
  findings: { ruleId: string; level: string; message: string; file: string; jsonPointer: string; suppressions?: { kind: string; justification?: string }[] }[];
  errors: { message: string }[];
}

const unsecured = { secureInputs: false, secureOutputs: false };

/** Writes an unpacked solution with the given flows into a fresh folder and returns the folder. */
function workspace(flows: Record<string, Json>, extra: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'flowlint-config-'));
  const files = { ...solutionFiles({ flows, connectionReferences: ['cts_keyvault'] }), ...extra };
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, 'solution', path, '..'), { recursive: true });
    writeFileSync(join(dir, 'solution', path), text);
  }
  return dir;
}

async function lintJson(args: string[], cwd: string): Promise<{ code: number; report: ReportShape; stderr: string }> {
  const result = await runFlowlint([...args, '-f', 'json'], cwd);
  return { code: result.code, report: (result.stdout ? JSON.parse(result.stdout) : { findings: [], errors: [] }) as ReportShape, stderr: result.stderr };
}

describe('configuration', () => {
  it('is found upward from the working directory, up to the repository root, and sets rule levels', async () => {
    const dir = workspace({ Main: flow({ Get_secret: kvGetSecret('k', unsecured) }) });
    execFileSync('git', ['init', '-q', dir]);
    writeFileSync(join(dir, 'flowlint.config.json'), JSON.stringify({ rules: { 'secure-outputs-missing': 'warning' } }));
    mkdirSync(join(dir, 'nested'));
    const { code, report } = await lintJson(['../solution'], join(dir, 'nested'));
    expect(report.findings.find((f) => f.ruleId === 'secure-outputs-missing')?.level).toBe('warning');
    expect(code).toBe(0);
  });

  it('.flowlintrc.json with comments is read too, and -c picks a file explicitly', async () => {
    const dir = workspace({ Main: flow({ Get_secret: kvGetSecret('k', unsecured) }) });
    writeFileSync(join(dir, '.flowlintrc.json'), '{\n  // quieter\n  "rules": { "secure-outputs-missing": "off" }\n}\n');
    expect((await lintJson(['solution'], dir)).report.findings.some((f) => f.ruleId === 'secure-outputs-missing')).toBe(false);
    writeFileSync(join(dir, 'strict.json'), JSON.stringify({ rules: { 'secure-outputs-missing': 'error' } }));
    expect((await lintJson(['solution', '-c', 'strict.json'], dir)).report.findings.some((f) => f.ruleId === 'secure-outputs-missing')).toBe(true);
  });

  const badConfigs: [string, object, RegExp][] = [
    ['a wrong rule option', { rules: { 'hardcoded-secret': ['error', { minEntropy: 'high' }] } }, /rules\.hardcoded-secret\.options\.minEntropy must be number/],
    ['an unknown rule option', { rules: { 'hardcoded-secret': ['error', { entropy: 3 }] } }, /rules\.hardcoded-secret\.options\.entropy is not a known option/],
    ['options for a rule that takes none', { rules: { 'secret-copied': ['error', { strict: true }] } }, /rules\.secret-copied: this rule takes no options/],
    ['an unknown rule id', { rules: { 'no-such-rule': 'error' } }, /unknown rule "no-such-rule"/],
    ['a bad level', { rules: { 'secret-copied': 'fatal' } }, /rules\.secret-copied/],
    ['an unknown top-level key', { rulez: {} }, /rulez is not a known option/],
    [
      'a declarative rule with a filter expression',
      { customRules: [{ id: 'x-rule', message: 'm', path: "$..[?(@.type=='Http')]", check: 'present' }] },
      /customRules\[0\] \(x-rule\).*filter or script/,
    ],
    [
      'a declarative rule with an unknown placeholder',
      { customRules: [{ id: 'x-rule', message: 'Bad {{thing}}', path: '$.type', check: 'present' }] },
      /customRules\[0\] \(x-rule\).*\{\{thing\}\}/,
    ],
  ];
  for (const [name, config, message] of badConfigs) {
    it(`${name} exits 2 naming it`, async () => {
      const dir = workspace({ Main: flow({}) });
      writeFileSync(join(dir, 'flowlint.config.json'), JSON.stringify(config));
      const result = await runFlowlint(['solution'], dir);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(result.stdout).toBe('');
    });
  }

  it('invalid JSON in the config names the file and position', async () => {
    const dir = workspace({ Main: flow({}) });
    writeFileSync(join(dir, 'flowlint.config.json'), '{ "rules": { ');
    const result = await runFlowlint(['solution'], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/flowlint\.config\.json:1:\d+: invalid JSON/);
  });

  // A config found in a scanned tree is input: its errors name the place and the problem, never the value.
  const VALUE = 'Qv7Lx2Pm9Kd4Wz8R';
  const quotingConfigs: [string, object, RegExp][] = [
    ['a value outside an enum', { failOn: VALUE }, /failOn must be one of "error", "warning", "note", "none"/],
    ['a rule level outside an enum', { rules: { 'secret-copied': VALUE } }, /rules\.secret-copied/],
    [
      'a custom rule pattern that does not compile',
      { customRules: [{ id: 'x-rule', message: 'm', path: '$.type', check: 'pattern', value: `(${VALUE}` }] },
      /customRules\[0\] \(x-rule\): value is not a valid regular expression \(Unterminated group\)/,
    ],
    [
      'a rule option pattern that does not compile',
      { rules: { 'hardcoded-secret': ['error', { ignorePatterns: [`(${VALUE}`] }] } },
      /^flowlint: rules\.hardcoded-secret\.options\.ignorePatterns\[0\] is not a valid regular expression \(Unterminated group\)\n$/,
    ],
    [
      'a detector id no detector has',
      { rules: { 'hardcoded-secret': ['error', { ignoreDetectors: ['jwt', VALUE] }] } },
      /^flowlint: rules\.hardcoded-secret\.options\.ignoreDetectors\[1\] must be one of "private-key", .*"code-credential-header"\n$/,
    ],
    [
      'a custom rule path that does not parse',
      { customRules: [{ id: 'x-rule', message: 'm', path: `$.@${VALUE}`, check: 'present' }] },
      /customRules\[0\] \(x-rule\): path is not valid JSONPath/,
    ],
  ];
  for (const [name, config, message] of quotingConfigs) {
    it(`${name} is named without quoting the value`, async () => {
      const dir = workspace({ Main: flow({}) });
      writeFileSync(join(dir, 'flowlint.config.json'), JSON.stringify(config));
      const result = await runFlowlint(['solution'], dir);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(result.stderr).not.toContain(VALUE.slice(0, 8));
    });
  }

  it('extra secret sources and sinks come from the configuration', async () => {
    const vaultCall = {
      type: 'OpenApiConnection',
      runAfter: {},
      inputs: {
        host: { apiId: '/providers/Microsoft.PowerApps/apis/shared_cyberark', connectionName: 'shared_cyberark', operationId: 'GetPassword' },
        parameters: { account: 'svc' },
      },
    };
    const ticket = {
      type: 'OpenApiConnection',
      runAfter: {},
      inputs: {
        host: { apiId: '/providers/Microsoft.PowerApps/apis/shared_servicenow', connectionName: 'shared_servicenow', operationId: 'CreateRecord' },
        parameters: { body: "@{body('Get_password')?['password']}" },
      },
    };
    const dir = workspace({ Main: plainFlow({ Get_password: vaultCall as Json, Open_ticket: ticket as Json }) });
    writeFileSync(
      join(dir, 'flowlint.config.json'),
      JSON.stringify({
        secretSources: [{ api: 'shared_cyberark', operation: 'GetPassword' }],
        secretSinks: [{ api: 'shared_servicenow', operation: 'CreateRecord', description: 'a ServiceNow record' }],
      }),
    );
    const { report } = await lintJson(['solution', '--rule', 'connection-reference-missing=off'], dir);
    const rules = report.findings.map((f) => f.ruleId);
    expect(rules).toContain('secure-outputs-missing');
    expect(report.findings.find((f) => f.ruleId === 'secret-exposed')?.message).toContain('a ServiceNow record');
  });

  it('flowlint init writes a starter that validates, and refuses to overwrite it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'flowlint-init-'));
    expect((await runFlowlint(['init'], dir)).code).toBe(0);
    expect((await runFlowlint(['init'], dir)).code).toBe(2);
    writeFileSync(join(dir, 'x.json'), jsonText(flow({})));
    expect((await runFlowlint(['x.json'], dir)).code).toBe(0);
  });
});

describe('suppressions', () => {
  const secret = "@body('Get_secret')?['value']";
  const flows = (description?: string): Record<string, Json> => ({
    Main: flow({ Get_secret: kvGetSecret('k', { secureInputs: true, secureOutputs: true }), Compose_key: compose(secret, { description }) }),
  });

  it('a directive with a reason suppresses the finding (kept in SARIF for Azure DevOps, left out for GitHub)', async () => {
    const dir = workspace(flows('Needed by the legacy API. flowlint-disable secret-copied -- the API takes the key only in the body, ticket 42'));
    const { code, report } = await lintJson(['solution'], dir);
    const copied = report.findings.find((f) => f.ruleId === 'secret-copied')!;
    expect(copied.suppressions).toEqual([expect.objectContaining({ kind: 'inSource', justification: 'the API takes the key only in the body, ticket 42' })]);
    expect(report.findings.some((f) => f.ruleId === 'suppression-audit')).toBe(false);
    expect(code).toBe(0);

    const azure = await runFlowlint(['solution', '-f', 'sarif', '--sarif-profile', 'azure-devops'], dir);
    const log = JSON.parse(azure.stdout) as { runs: { results: { ruleId: string; suppressions?: { kind: string }[] }[] }[] };
    expect(validateSarif(log)).toEqual([]);
    expect(log.runs[0].results.find((r) => r.ruleId === 'secret-copied')?.suppressions?.[0]?.kind).toBe('inSource');
    const github = JSON.parse((await runFlowlint(['solution', '-f', 'sarif'], dir)).stdout) as typeof log;
    expect(github.runs[0].results.some((r) => r.ruleId === 'secret-copied')).toBe(false);
  });

  it('a directive without a reason suppresses nothing, and is itself an error', async () => {
    const dir = workspace(flows('flowlint-disable secret-copied'));
    const { report, code } = await lintJson(['solution'], dir);
    const copied = report.findings.find((f) => f.ruleId === 'secret-copied');
    expect(copied).toBeDefined();
    expect(copied?.suppressions ?? []).toEqual([]);
    expect(code).toBe(1);
    const audit = report.findings.find((f) => f.ruleId === 'suppression-audit')!;
    expect(audit.level).toBe('error');
    expect(audit.message).toContain('gives no reason');
    expect(audit.jsonPointer).toBe('/properties/definition/actions/Compose_key/description');
  });

  it('an unused directive is reported as a note', async () => {
    const dir = workspace(flows('flowlint-disable secret-exposed -- not needed any more'));
    const { report } = await lintJson(['solution'], dir);
    const audit = report.findings.find((f) => f.ruleId === 'suppression-audit')!;
    expect(audit.level).toBe('note');
    expect(audit.message).toContain('suppresses nothing');
    expect(report.findings.find((f) => f.ruleId === 'secret-copied')?.suppressions ?? []).toEqual([]);
  });

  it('configured exceptions match by flow and action, and unused ones are reported', async () => {
    const dir = workspace(flows());
    writeFileSync(
      join(dir, 'flowlint.config.json'),
      JSON.stringify({
        exceptions: [
          { flow: 'Ma*', action: 'Compose_*', rules: ['secret-copied'], reason: 'accepted by security review SR-7' },
          { flow: 'Other flow', rules: ['*'], reason: 'retired' },
        ],
      }),
    );
    const { report } = await lintJson(['solution'], dir);
    expect(report.findings.find((f) => f.ruleId === 'secret-copied')?.suppressions).toEqual([
      expect.objectContaining({ kind: 'external', justification: 'accepted by security review SR-7' }),
    ]);
    const unused = report.findings.filter((f) => f.ruleId === 'suppression-audit');
    expect(unused).toHaveLength(1);
    expect(unused[0].file).toBe('flowlint.config.json');
    expect(unused[0].jsonPointer).toBe('/exceptions/1');
  });
});

describe('baseline', () => {
  it('adopt, then only a new finding fails, then prune drops the stale entry', async () => {
    const dir = workspace({ Main: flow({ Get_secret: kvGetSecret('k', unsecured), Compose_key: compose("@body('Get_secret')?['value']") }) });
    const adopt = await runFlowlint(['solution', '--write-baseline', 'flowlint-baseline.json'], dir);
    expect(adopt.code).toBe(0);
    const baseline = JSON.parse(readFileSync(join(dir, 'flowlint-baseline.json'), 'utf8')) as { entries: { ruleId: string; line?: number }[] };
    expect(baseline.entries.map((e) => e.ruleId).sort()).toEqual(['secret-copied', 'secure-outputs-missing']);
    expect(JSON.stringify(baseline)).not.toMatch(/"line"|"startLine"/);

    // Reformat the file (line numbers move): still accepted.
    const flowFile = join(dir, 'solution/Workflows/Main-0000AAAA-1111-2222-3333-000000000001.json');
    const original = JSON.parse(readFileSync(flowFile, 'utf8')) as Json;
    writeFileSync(flowFile, `\n\n${JSON.stringify(original, null, 4)}`);
    const same = await lintJson(['solution', '--baseline', 'flowlint-baseline.json'], dir);
    expect(same.code).toBe(0);

    // A new problem fails; the old ones stay accepted.
    const changed = original as { properties: { definition: { actions: Record<string, Json> } } };
    changed.properties.definition.actions.Call = http({ headers: { 'x-key': "@outputs('Compose_key')" } });
    delete changed.properties.definition.actions.Compose_key;
    changed.properties.definition.actions.Call = http({ headers: { 'x-key': "@body('Get_secret')?['value']" } });
    writeFileSync(flowFile, jsonText(changed as Json));
    const worse = await lintJson(['solution', '--baseline', 'flowlint-baseline.json'], dir);
    expect(worse.code).toBe(1);
    const open = worse.report.findings.filter((f) => !f.suppressions?.length);
    expect(open.map((f) => f.ruleId)).toEqual(expect.arrayContaining(['secure-inputs-missing', 'suppression-audit']));
    expect(open.find((f) => f.ruleId === 'suppression-audit')?.message).toContain('--prune-baseline');

    const prune = await runFlowlint(['solution', '--baseline', 'flowlint-baseline.json', '--prune-baseline', '-f', 'json'], dir);
    expect(prune.stderr).toContain('pruned 1 stale entry');
    const pruned = JSON.parse(readFileSync(join(dir, 'flowlint-baseline.json'), 'utf8')) as { entries: { ruleId: string }[] };
    expect(pruned.entries.map((e) => e.ruleId)).toEqual(['secure-outputs-missing']);
  });

  it('a missing or malformed baseline is a usage error', async () => {
    const dir = workspace({ Main: flow({}) });
    expect((await runFlowlint(['solution', '--baseline', 'nope.json'], dir)).code).toBe(2);
    writeFileSync(join(dir, 'bad.json'), '{"entries": [{"rule": 1}]}');
    expect((await runFlowlint(['solution', '--baseline', 'bad.json'], dir)).code).toBe(2);
    expect((await runFlowlint(['solution', '--prune-baseline'], dir)).code).toBe(2);
  });
});

describe('flowlint diff', () => {
  const secured = { secureInputs: true, secureOutputs: true };
  const before = { Main: flow({ Get_secret: kvGetSecret('k', secured), Call: http({ headers: { 'x-key': "@body('Get_secret')?['value']" } }, secured) }) };
  const after = {
    Main: flow({ Get_secret: kvGetSecret('k', { secureInputs: true, secureOutputs: false }), Call: http({ headers: { 'x-key': "@body('Get_secret')?['value']" } }, secured) }),
  };

  it('between two folders: the action that lost secureData is a regression', async () => {
    const dir = workspace(before);
    const newer = workspace(after);
    cpSync(join(newer, 'solution'), join(dir, 'solution-new'), { recursive: true });
    const { code, report } = await lintJson(['diff', 'solution', 'solution-new'], dir);
    expect(code).toBe(1);
    const ids = report.findings.map((f) => f.ruleId).sort();
    expect(ids).toEqual(['secure-outputs-missing', 'security-regression']);
    expect(report.findings.find((f) => f.ruleId === 'security-regression')?.message).toContain("Secure Outputs was turned off on 'Get_secret'");
  });

  it('between two git revisions', async () => {
    const dir = workspace(before);
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: dir, stdio: 'pipe' });
    git('init', '-q');
    git('add', '.');
    git('commit', '-qm', 'before');
    const newer = workspace(after);
    cpSync(join(newer, 'solution'), join(dir, 'solution'), { recursive: true });
    git('commit', '-qam', 'after');
    const { code, report } = await lintJson(['diff', 'HEAD~1', 'HEAD', 'solution'], dir);
    expect(code).toBe(1);
    expect(report.findings.map((f) => f.ruleId).sort()).toEqual(['secure-outputs-missing', 'security-regression']);
    expect(report.findings[0].file).toMatch(/^solution\/Workflows\//);
    const unchanged = await lintJson(['diff', 'HEAD', 'HEAD', 'solution'], dir);
    expect(unchanged.report.findings).toEqual([]);
    expect(unchanged.code).toBe(0);
  });
});

describe('custom rules', () => {
  const httpWithBasic = http({ authentication: { type: 'Basic', username: 'svc', password: "@parameters('pwd')" } });
  const httpWithMsi = http({ authentication: { type: 'ManagedServiceIdentity', audience: 'https://api.contoso.example' } });

  it('a declarative JSONPath rule fires on a fixture', async () => {
    const dir = workspace({ Main: flow({ Call_basic: httpWithBasic, Call_msi: httpWithMsi, Compose: compose('x') }) });
    writeFileSync(
      join(dir, 'flowlint.config.json'),
      JSON.stringify({
        customRules: [
          {
            id: 'contoso/http-managed-identity',
            description: 'Require Managed Identity authentication on HTTP actions.',
            level: 'error',
            message: "HTTP action '{{name}}' must authenticate with Managed Identity",
            where: { type: 'Http' },
            path: '$.inputs.authentication.type',
            check: 'equals',
            value: 'ManagedServiceIdentity',
          },
        ],
      }),
    );
    const { code, report } = await lintJson(['solution'], dir);
    const custom = report.findings.filter((f) => f.ruleId === 'contoso/http-managed-identity');
    expect(custom).toHaveLength(1);
    expect(custom[0].message).toBe("HTTP action 'Call_basic' must authenticate with Managed Identity.");
    expect(custom[0].jsonPointer).toBe('/properties/definition/actions/Call_basic/inputs/authentication/type');
    expect(code).toBe(1);
    const sarif = JSON.parse((await runFlowlint(['solution', '-f', 'sarif'], dir)).stdout) as { runs: { tool: { driver: { rules: { id: string }[] } } }[] };
    expect(sarif.runs[0].tool.driver.rules.map((r) => r.id)).toContain('contoso/http-managed-identity');
    expect(validateSarif(sarif)).toEqual([]);
  });

  it('a plugin module rule fires on a fixture', async () => {
    const dir = workspace({ Main: flow({ Compose: compose('x'), Call: httpWithMsi }) });
    writeFileSync(
      join(dir, 'no-compose.mjs'),
      `export const rules = [{
  meta: { id: 'contoso/no-compose', title: 'No Compose', description: 'Disallow Compose actions.', defaultLevel: 'warning', messages: { found: "Action '{{name}}' is a Compose." } },
  create(context) { return { action(action) { if (action.type === 'Compose') context.report({ node: action, messageId: 'found', data: { name: action.name } }); } }; },
}];\n`,
    );
    writeFileSync(join(dir, 'flowlint.config.json'), JSON.stringify({ plugins: ['./no-compose.mjs'] }));
    const { code, report } = await lintJson(['solution', '--allow-plugins'], dir);
    expect(report.findings.filter((f) => f.ruleId === 'contoso/no-compose').map((f) => f.message)).toEqual(["Action 'Compose' is a Compose."]);
    expect(code).toBe(0);
  });

  it('a throwing plugin rule is an internal error naming it (exit 2), and other rules still report', async () => {
    const dir = workspace({ Main: flow({ Get_secret: kvGetSecret('k', unsecured) }) });
    writeFileSync(
      join(dir, 'broken.mjs'),
      `export default { rules: [{ meta: { id: 'contoso/broken', title: 'Broken', description: 'Require nothing.', defaultLevel: 'error', messages: { x: 'X.' } }, create() { return { action() { throw new Error('boom'); } }; } }] };\n`,
    );
    writeFileSync(join(dir, 'flowlint.config.json'), JSON.stringify({ plugins: ['./broken.mjs'] }));
    const { code, report, stderr } = await lintJson(['solution', '--allow-plugins'], dir);
    expect(code).toBe(2);
    expect(report.errors.map((e) => e.message).join('\n')).toMatch(/rule contoso\/broken crashed while linting solution\/Workflows\/Main-.*: Error$/m);
    expect(report.errors.map((e) => e.message).join('\n')).not.toContain('boom');
    expect(report.findings.some((f) => f.ruleId === 'secure-outputs-missing')).toBe(true);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('a malformed plugin is a configuration error naming it', async () => {
    const dir = workspace({ Main: flow({}) });
    writeFileSync(join(dir, 'bad.mjs'), `export const rules = [{ meta: { id: 'Bad Id' }, create() {} }];\n`);
    writeFileSync(join(dir, 'flowlint.config.json'), JSON.stringify({ plugins: ['./bad.mjs'] }));
    const result = await runFlowlint(['solution'], dir, { FLOWLINT_ALLOW_PLUGINS: '1' });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/plugin "\.\/bad\.mjs" rule Bad Id: meta\.id must be kebab-case/);
  });
});

void repoRoot;
