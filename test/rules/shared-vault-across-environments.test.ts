import { describe, expect, it } from 'vitest';
import rule from '../../rules/shared-vault-across-environments.js';
import { builtinRules } from '../../rules/index.js';
import { enableRules } from '../../src/engine/registry.js';
import { lint } from '../../src/run/lint.js';
import { ruleTester, runRule } from '../helpers/rule-tester.js';
import { folderGroup, jsonText, solutionFiles } from '../helpers/builders.js';
import { repoRoot, runFlowlint } from '../helpers/cli.js';
import type { InputGroup } from '../../src/sources/types.js';

const V = '/EnvironmentVariables/0/Value';

function secretRef(vault: string, secret = 'api-key'): string {
  return `/subscriptions/8f6c1f4e-0000-4000-8000-000000000001/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/${vault}/secrets/${secret}`;
}

/** A lone deployment settings file, as the loader yields a file outside any solution. */
function settings(path: string, values: Record<string, string>): InputGroup {
  const EnvironmentVariables = Object.entries(values).map(([SchemaName, Value]) => ({ SchemaName, Value }));
  const bytes = Buffer.from(jsonText({ EnvironmentVariables, ConnectionReferences: [] }), 'utf8');
  return { kind: 'file', root: { file: path }, files: [{ source: { file: path }, path: path.slice(path.lastIndexOf('/') + 1), bytes }], errors: [] };
}

/** A solution export (zip) with an env-var definition and, optionally, its current value. */
function solutionExport(zip: string, schemaName: string, defaultValue?: string, currentValue?: string): InputGroup {
  const definition = `<environmentvariabledefinition schemaname="${schemaName}">\n  <type>100000005</type>\n  <secretstore>0</secretstore>${defaultValue ? `\n  <defaultvalue>${defaultValue}</defaultvalue>` : ''}\n</environmentvariabledefinition>\n`;
  const extraFiles: Record<string, string> = { [`environmentvariabledefinitions/${schemaName}/environmentvariabledefinition.xml`]: definition };
  if (currentValue !== undefined) {
    extraFiles[`environmentvariabledefinitions/${schemaName}/environmentvariablevalues.json`] = jsonText({
      environmentvariablevalues: { environmentvariablevalue: { value: currentValue } },
    });
  }
  return folderGroup(zip, solutionFiles({ extraFiles }), 'archive');
}

ruleTester(rule, {
  valid: [
    {
      name: 'each environment has its own vault',
      groups: [
        settings('config/dev/deploymentSettings.json', { cts_ApiKey: secretRef('kv-contoso-dev') }),
        settings('config/prod/deploymentSettings.json', { cts_ApiKey: secretRef('kv-contoso-prod') }),
      ],
    },
    {
      name: 'the same environment in two files',
      groups: [
        settings('settings/deploymentSettings.prod.json', { cts_ApiKey: secretRef('kv-contoso-prod') }),
        settings('pipelines/prod/settings.json', { cts_Other: secretRef('kv-contoso-prod', 'other') }),
      ],
    },
    {
      name: 'files whose environment cannot be told are left out',
      groups: [settings('settings/a.json', { cts_ApiKey: secretRef('kv-shared') }), settings('settings/b.json', { cts_ApiKey: secretRef('kv-shared') })],
    },
    {
      name: 'placeholders and empty values name no vault',
      groups: [
        settings('config/Test/deploymentSettings.json', { cts_ApiKey: '#{environmentvariable.cts_ApiKey}#', cts_Other: '' }),
        settings('config/Prod/deploymentSettings.json', { cts_ApiKey: '#{environmentvariable.cts_ApiKey}#', cts_Other: '' }),
      ],
    },
    {
      name: 'pre-prod is not prod, and may use a vault named preprod',
      groups: [
        settings('settings/pre-prod/deploymentSettings.json', { cts_ApiKey: secretRef('kv-contoso-preprod') }),
        settings('settings/prod/deploymentSettings.json', { cts_ApiKey: secretRef('kv-contoso-prod') }),
      ],
    },
    {
      name: 'a bare name only counts for a variable named like a vault name',
      groups: [settings('config/test/deploymentSettings.json', { cts_SecretName: 'api-key' }), settings('config/prod/deploymentSettings.json', { cts_SecretName: 'api-key' })],
    },
    {
      name: 'configured environments win over names',
      groups: [settings('settings/prod-a.json', { cts_ApiKey: secretRef('kv-contoso-prod') }), settings('settings/test-b.json', { cts_ApiKey: secretRef('kv-contoso-prod') })],
      options: { environments: { prod: ['settings/*.json'] } },
    },
  ],
  invalid: [
    {
      name: 'test and prod deployment settings share a vault (case-insensitive)',
      groups: [
        settings('config/Dev/deploymentSettings.json', { cts_ApiKey: secretRef('kv-contoso-dev') }),
        settings('config/Prod/deploymentSettings.json', { cts_ApiKey: secretRef('KV-Contoso-Shared') }),
        settings('config/Test/deploymentSettings.json', { cts_ApiKey: secretRef('kv-contoso-shared') }),
      ],
      errors: [
        { messageId: 'shared', file: 'config/Prod/', pointer: V, level: 'error', messageIncludes: ["'KV-Contoso-Shared'", 'prod environment', "also for 'test'"] },
        { messageId: 'shared', file: 'config/Test/', pointer: V, messageIncludes: ["'kv-contoso-shared'", 'test environment', "also for 'prod'"] },
      ],
    },
    {
      name: 'non-production environment reads a vault named for production',
      groups: [settings('deploymentSettings.uat.json', { cts_ApiKey: secretRef('kv-contoso-prd01') })],
      errors: [{ messageId: 'productionVault', level: 'warning', pointer: V, messageIncludes: ['uat environment', "'prd'"] }],
    },
    {
      name: 'one finding per file, naming every other environment',
      groups: [
        settings('envs/dev.json', { cts_A: secretRef('kv-shared'), cts_B: `https://kv-shared.vault.azure.net/secrets/b` }),
        settings('envs/qa.json', { cts_A: secretRef('kv-shared') }),
        settings('envs/staging.json', { cts_A: secretRef('kv-shared') }),
      ],
      errors: [
        { messageId: 'shared', file: 'envs/dev.json', messageIncludes: ["also for 'qa' and 'stage'"] },
        { messageId: 'shared', file: 'envs/qa.json', messageIncludes: ["also for 'dev' and 'stage'"] },
        { messageId: 'shared', file: 'envs/staging.json', messageIncludes: ["also for 'dev' and 'qa'"] },
      ],
    },
    {
      name: 'bare vault name in a vault-name variable',
      groups: [
        settings('config/test/deploymentSettings.json', { cts_KeyVaultName: 'kv-partner' }),
        settings('config/prod/deploymentSettings.json', { cts_KeyVaultName: 'KV-PARTNER' }),
      ],
      errors: [
        { messageId: 'shared', file: 'config/prod/' },
        { messageId: 'shared', file: 'config/test/' },
      ],
    },
    {
      name: 'env-var values of exports of two environments',
      groups: [
        solutionExport('exports/Contoso_dev.zip', 'cts_ApiKey', undefined, secretRef('kv-contoso')),
        solutionExport('exports/Contoso_prod.zip', 'cts_ApiKey', undefined, secretRef('kv-contoso')),
      ],
      errors: [
        { messageId: 'shared', file: 'environmentvariablevalues.json', pointer: '/environmentvariablevalues/environmentvariablevalue/value', messageIncludes: ['dev environment'] },
        { messageId: 'shared', file: 'environmentvariablevalues.json', messageIncludes: ['prod environment'] },
      ],
    },
    {
      name: 'definition default counts where the export has no value',
      groups: [
        solutionExport('exports/Contoso_test.zip', 'cts_ApiKey', secretRef('kv-contoso')),
        settings('config/prod/deploymentSettings.json', { cts_ApiKey: secretRef('kv-contoso') }),
      ],
      errors: [
        { messageId: 'shared', file: 'config/prod/' },
        { messageId: 'shared', file: 'environmentvariabledefinition.xml', messageIncludes: ['test environment'] },
      ],
    },
    {
      name: 'settings inside zips take the environment configured for the zip',
      groups: [
        folderGroup(
          'drops/release-a.zip',
          { 'deploymentSettings.json': jsonText({ EnvironmentVariables: [{ SchemaName: 'cts_ApiKey', Value: secretRef('kv-contoso') }] }) },
          'archive',
        ),
        folderGroup(
          'drops/release-b.zip',
          { 'deploymentSettings.json': jsonText({ EnvironmentVariables: [{ SchemaName: 'cts_ApiKey', Value: secretRef('kv-contoso') }] }) },
          'archive',
        ),
      ],
      options: { environments: { prod: ['drops/release-a.zip'], uat: ['drops/release-b.zip'] } },
      errors: [
        { messageId: 'shared', file: 'deploymentSettings.json', messageIncludes: ['prod environment', "also for 'uat'"] },
        { messageId: 'shared', file: 'deploymentSettings.json', messageIncludes: ['uat environment', "also for 'prod'"] },
      ],
    },
    {
      name: 'configured environments',
      groups: [settings('settings/a.json', { cts_ApiKey: secretRef('kv-contoso') }), settings('settings/b.json', { cts_ApiKey: secretRef('kv-contoso') })],
      run: { environments: { prod: ['a.json'], test: ['settings/b*.json'] } },
      errors: [
        { messageId: 'shared', file: 'settings/a.json', messageIncludes: ['prod environment'] },
        { messageId: 'shared', file: 'settings/b.json', messageIncludes: ['test environment'] },
      ],
    },
  ],
});

describe('shared-vault-across-environments: related locations', () => {
  it('each finding points at the other files', () => {
    const { findings } = runRule(rule, [
      settings('config/test/deploymentSettings.json', { cts_ApiKey: secretRef('kv-contoso-shared') }),
      settings('config/prod/deploymentSettings.json', { cts_ApiKey: secretRef('kv-contoso-shared') }),
    ]);
    expect(findings.map((f) => [f.location.file, f.related.map((r) => `${r.location.file}#${r.location.pointer}:${r.location.region?.startLine}`)])).toEqual([
      ['config/prod/deploymentSettings.json', [`config/test/deploymentSettings.json#${V}:5`]],
      ['config/test/deploymentSettings.json', [`config/prod/deploymentSettings.json#${V}:5`]],
    ]);
  });
});

describe('fixtures/settings-trio (acceptance)', () => {
  const files = (list: readonly { file: string }[]): string[] => [...new Set(list.map((f) => f.file))].sort();

  it('lint(): findings on the test and prod files, none on dev', async () => {
    const rules = enableRules(
      builtinRules.filter((r) => r.meta.id === rule.meta.id),
      {},
    );
    const result = await lint({ cwd: repoRoot, paths: ['fixtures/settings-trio'], rules });
    expect(result.diagnostics).toEqual([]);
    expect(result.findings.map((f) => [f.location.file, f.messageId, f.level])).toEqual([
      ['fixtures/settings-trio/deploymentSettings.prod.json', 'shared', 'error'],
      ['fixtures/settings-trio/deploymentSettings.test.json', 'shared', 'error'],
      ['fixtures/settings-trio/deploymentSettings.test.json', 'productionVault', 'warning'],
    ]);
    expect(files(result.findings.map((f) => f.location))).not.toContain('fixtures/settings-trio/deploymentSettings.dev.json');
  });

  it('runCli: the JSON report has this rule on the test and prod files only', async () => {
    const run = await runFlowlint(['fixtures/settings-trio', '-f', 'json'], repoRoot);
    const report = JSON.parse(run.stdout) as { findings: { ruleId: string; file: string; message: string }[] };
    const ours = report.findings.filter((f) => f.ruleId === rule.meta.id);
    expect(files(ours)).toEqual(['fixtures/settings-trio/deploymentSettings.prod.json', 'fixtures/settings-trio/deploymentSettings.test.json']);
    expect(ours.find((f) => f.file.endsWith('prod.json'))?.message).toContain("also for 'test'");
  });
});
