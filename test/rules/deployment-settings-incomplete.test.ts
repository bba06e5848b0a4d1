import rule from '../../rules/deployment-settings-incomplete.js';
import { ruleTester } from '../helpers/rule-tester.js';
import { flow, folderGroup, jsonText, kvGetSecret, solutionFiles, type Json, type SolutionOptions } from '../helpers/builders.js';

const KV = 'shared_keyvault';
const secured = { secureInputs: true, secureOutputs: true };
/** A flow that reads a secret through connection reference `logicalName`. */
const usingReference = (logicalName: string): Json => flow({ Get_secret: kvGetSecret('k', secured) }, { connections: { [KV]: logicalName } });

/** An environment variable definition, with a default value when one is given. */
function envVarFiles(schemaName: string, options: { defaultValue?: string; currentValue?: string } = {}): Record<string, string> {
  const files: Record<string, string> = {
    [`environmentvariabledefinitions/${schemaName}/environmentvariabledefinition.xml`]: `<environmentvariabledefinition schemaname="${schemaName}">
  <displayname default="${schemaName}" />
  <type>100000000</type>
  ${options.defaultValue === undefined ? '' : `<defaultvalue>${options.defaultValue}</defaultvalue>`}
</environmentvariabledefinition>
`,
  };
  if (options.currentValue !== undefined) {
    files[`environmentvariabledefinitions/${schemaName}/environmentvariablevalues.json`] = jsonText({
      environmentvariablevalues: { environmentvariablevalue: { '@environmentvariablevalueid': '0f0e0000-0000-0000-0000-000000000001', value: options.currentValue } },
    });
  }
  return files;
}

/** A deployment settings file: logical name -> ConnectionId, schema name -> Value. */
function settings(connections: Record<string, string>, variables: Record<string, string> = {}): string {
  return jsonText({
    EnvironmentVariables: Object.entries(variables).map(([SchemaName, Value]) => ({ SchemaName, Value })),
    ConnectionReferences: Object.entries(connections).map(([LogicalName, ConnectionId]) => ({
      LogicalName,
      ConnectionId,
      ConnectorId: `/providers/Microsoft.PowerApps/apis/${KV}`,
    })),
  });
}

/** The Key Vault flow in a solution that defines `cts_keyvault` and `cts_ApiBaseUrl` (no default). */
function solutionWith(settingsText: string, extra: Partial<SolutionOptions> = {}): SolutionOptions {
  return {
    connectionReferences: ['cts_keyvault'],
    ...extra,
    extraFiles: { ...envVarFiles('cts_ApiBaseUrl'), ...extra.extraFiles, 'deploymentSettings.json': settingsText },
  };
}

const complete = settings({ cts_keyvault: 'a1b2c3d4e5f6' }, { cts_ApiBaseUrl: 'https://api.contoso.example' });

ruleTester(rule, {
  valid: [
    { name: 'every reference bound and every variable set', flow: usingReference('cts_keyvault'), solution: solutionWith(complete) },
    {
      name: 'pipeline tokens count as values',
      flow: usingReference('cts_keyvault'),
      solution: solutionWith(settings({ cts_keyvault: '#{Connection.KeyVault}#', cts_sharepoint: '__SharePointConnection__' }, { cts_ApiBaseUrl: '$(ApiBaseUrl)' }), {
        connectionReferences: ['cts_keyvault', 'cts_sharepoint'],
      }),
    },
    {
      name: 'a variable with a default may stay empty',
      flow: usingReference('cts_keyvault'),
      solution: solutionWith(settings({ cts_keyvault: 'a1b2c3d4e5f6' }, { cts_ApiBaseUrl: 'https://api.contoso.example', cts_Region: '' }), {
        extraFiles: envVarFiles('cts_Region', { defaultValue: 'westeurope' }),
      }),
    },
    {
      name: 'a variable the export carries a value for may be left out',
      flow: usingReference('cts_keyvault'),
      solution: solutionWith(settings({ cts_keyvault: 'a1b2c3d4e5f6' }, { cts_ApiBaseUrl: 'https://api.contoso.example' }), {
        extraFiles: envVarFiles('cts_Region', { currentValue: 'westeurope' }),
      }),
    },
    {
      name: 'names compare without case',
      flow: usingReference('CTS_KeyVault'),
      solution: solutionWith(settings({ CTS_KEYVAULT: 'a1b2c3d4e5f6' }, { CTS_APIBASEURL: 'https://api.contoso.example' })),
    },
    {
      name: 'a reference another solution provides needs no entry, and its entry is not stale',
      flow: usingReference('cts_shared'),
      solution: solutionWith(settings({ cts_keyvault: 'a1b2c3d4e5f6', cts_shared: 'f6e5d4c3b2a1' }, { cts_ApiBaseUrl: 'https://api.contoso.example' }), {
        missingConnectionReferences: ['cts_shared'],
      }),
    },
    {
      name: 'without customizations, entries the flows do not use are not judged stale',
      flow: usingReference('cts_keyvault'),
      solution: solutionWith(settings({ cts_keyvault: 'a1b2c3d4e5f6', cts_other: 'f6e5d4c3b2a1' }, { cts_ApiBaseUrl: 'x', cts_Unknown: 'y' }), { withoutCustomizations: true }),
    },
    {
      name: 'a solution that needs nothing, with empty lists',
      solution: { extraFiles: { 'deploymentSettings.json': settings({}) } },
    },
    {
      name: 'settings given alone are not judged (their solution is not in the run)',
      groups: [folderGroup('deploymentSettings.json', { 'deploymentSettings.json': settings({ cts_keyvault: '' }, { cts_ApiBaseUrl: 'x', cts_Gone: '' }) }, 'file')],
    },
    {
      name: 'settings beside the solution folder, not in it, are not judged',
      groups: [
        folderGroup(
          'solution',
          solutionFiles({ flows: { Main: usingReference('cts_keyvault') }, connectionReferences: ['cts_keyvault'], extraFiles: envVarFiles('cts_ApiBaseUrl') }),
        ),
        folderGroup('config/Prod/deploymentSettings.json', { 'deploymentSettings.json': settings({ cts_other: 'a1b2c3d4e5f6' }, { cts_ApiBaseUrl: 'x' }) }, 'file'),
      ],
    },
  ],
  invalid: [
    {
      name: 'a reference the flows use is missing',
      flow: usingReference('cts_keyvault'),
      solution: solutionWith(settings({}, { cts_ApiBaseUrl: 'https://api.contoso.example' }), { connectionReferences: [] }),
      errors: [{ messageId: 'missingConnection', pointer: '', messageIncludes: ["'cts_keyvault'", "'solution/deploymentSettings.json'", "the solution's flows use"] }],
    },
    {
      name: 'a reference the solution defines is missing',
      flow: usingReference('cts_keyvault'),
      solution: solutionWith(settings({ cts_keyvault: 'a1b2c3d4e5f6' }, { cts_ApiBaseUrl: 'https://api.contoso.example' }), {
        connectionReferences: ['cts_keyvault', 'cts_sharepoint'],
      }),
      errors: [{ messageId: 'missingConnection', pointer: '/ConnectionReferences', messageIncludes: ["'cts_sharepoint'", 'the solution defines'] }],
    },
    {
      name: 'an empty ConnectionId',
      flow: usingReference('cts_keyvault'),
      solution: solutionWith(settings({ cts_keyvault: '' }, { cts_ApiBaseUrl: 'https://api.contoso.example' })),
      errors: [{ messageId: 'emptyConnection', level: 'error', pointer: '/ConnectionReferences/0', messageIncludes: ["'cts_keyvault'"] }],
    },
    {
      name: 'a ConnectionId of white space is empty',
      flow: usingReference('cts_keyvault'),
      solution: solutionWith(settings({ cts_keyvault: '  ' }, { cts_ApiBaseUrl: 'https://api.contoso.example' })),
      errors: [{ messageId: 'emptyConnection', pointer: '/ConnectionReferences/0' }],
    },
    {
      name: 'a variable without default left empty',
      flow: usingReference('cts_keyvault'),
      solution: solutionWith(settings({ cts_keyvault: 'a1b2c3d4e5f6' }, { cts_ApiBaseUrl: '' })),
      errors: [{ messageId: 'emptyVariable', level: 'error', pointer: '/EnvironmentVariables/0/Value', messageIncludes: ["'cts_ApiBaseUrl'", "'ContosoFlows'"] }],
    },
    {
      name: 'a variable without default left out',
      flow: usingReference('cts_keyvault'),
      solution: solutionWith(settings({ cts_keyvault: 'a1b2c3d4e5f6' }, { cts_ApiBaseUrl: 'https://api.contoso.example' }), { extraFiles: envVarFiles('cts_ApiKey') }),
      errors: [{ messageId: 'missingVariable', pointer: '/EnvironmentVariables', messageIncludes: ["'cts_ApiKey'"] }],
    },
    {
      name: 'stale entries are warnings',
      flow: usingReference('cts_keyvault'),
      solution: solutionWith(settings({ cts_keyvault: 'a1b2c3d4e5f6', cts_retired: 'f6e5d4c3b2a1' }, { cts_ApiBaseUrl: 'https://api.contoso.example', cts_Retired: 'x' })),
      errors: [
        { messageId: 'staleVariable', level: 'warning', pointer: '/EnvironmentVariables/1/Value', messageIncludes: ["'cts_Retired'"] },
        { messageId: 'staleConnection', level: 'warning', pointer: '/ConnectionReferences/1', messageIncludes: ["'cts_retired'"] },
      ],
    },
    {
      name: 'an all-empty template is one note',
      flow: usingReference('cts_keyvault'),
      solution: solutionWith(settings({ cts_keyvault: '', cts_retired: '' }, { cts_ApiBaseUrl: '' }), { extraFiles: envVarFiles('cts_ApiKey') }),
      errors: [{ messageId: 'template', level: 'note', pointer: '', messageIncludes: ['(3 entries)'] }],
    },
    {
      name: 'settings inside a solution zip are judged',
      groups: [
        folderGroup(
          'ContosoFlows.zip',
          solutionFiles({
            flows: { Main: usingReference('cts_keyvault') },
            connectionReferences: ['cts_keyvault'],
            extraFiles: { ...envVarFiles('cts_ApiBaseUrl'), 'deploymentSettings.json': settings({ cts_keyvault: '' }, { cts_ApiBaseUrl: 'x' }) },
          }),
          'archive',
        ),
      ],
      errors: [{ messageId: 'emptyConnection', file: 'deploymentSettings.json' }],
    },
  ],
});
