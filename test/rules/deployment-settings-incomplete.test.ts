import rule from '../../rules/deployment-settings-incomplete.js';
import { ruleTester } from '../helpers/rule-tester.js';
import { flow, folderGroup, jsonText, kvGetSecret, solutionFiles, type Json, type SolutionOptions } from '../helpers/builders.js';
import { describe, expect, it } from 'vitest';
import type { InputGroup } from '../../src/sources/types.js';
import { DEFAULT_LIMITS } from '../../src/sources/types.js';
import { buildUnit } from '../../src/model/build.js';
import { LintEngine } from '../../src/engine/engine.js';
import { retainedView } from '../../src/run/unit.js';

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

/** A file in no solution folder, as the CLI reads one: a group of one, its path the display path. */
function loneFile(path: string, text: string): InputGroup {
  return { kind: 'file', root: { file: path }, files: [{ source: { file: path }, path: path.slice(path.lastIndexOf('/') + 1), bytes: Buffer.from(text, 'utf8') }], errors: [] };
}

/**
 * An unpacked solution at `root` whose flow uses `cts_keyvault` and which defines it and the
 * variable `cts_ApiBaseUrl` without a default (more references and variables as given).
 */
function solutionAt(root: string, extra: Partial<SolutionOptions> = {}, kind: InputGroup['kind'] = 'folder'): InputGroup {
  return folderGroup(
    root,
    solutionFiles({
      flows: { Main: usingReference('cts_keyvault') },
      connectionReferences: ['cts_keyvault'],
      ...extra,
      extraFiles: { ...envVarFiles('cts_ApiBaseUrl'), ...extra.extraFiles },
    }),
    kind,
  );
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
      name: 'settings linted one by one in their solution folder: a reference only unread flows use is not stale',
      groups: [
        {
          ...folderGroup(
            'solution',
            solutionFiles({
              flows: { Main: usingReference('cts_shared') },
              connectionReferences: ['cts_keyvault'],
              extraFiles: {
                ...envVarFiles('cts_ApiBaseUrl'),
                'deploymentSettings.json': settings({ cts_keyvault: 'a1b2c3d4e5f6', cts_shared: 'f6e5d4c3b2a1' }, { cts_ApiBaseUrl: 'x' }),
              },
            }),
          ),
          focus: ['solution/deploymentSettings.json'],
        },
      ],
    },
    {
      name: 'settings beside the solution folder that bind and set everything',
      groups: [solutionAt('Contoso/SolutionPackage/src'), loneFile('Contoso/config/Prod/deploymentSettings.json', complete)],
    },
    {
      name: 'settings beside a solution sharing no name with it are not judged',
      groups: [solutionAt('Contoso/SolutionPackage/src'), loneFile('Contoso/config/Prod/deploymentSettings.json', settings({ cts_other: '' }, { cts_Unknown: '' }))],
    },
    {
      name: 'settings with empty lists beside a solution share no name and are not judged',
      groups: [solutionAt('Contoso/SolutionPackage/src'), loneFile('Contoso/config/Prod/deploymentSettings.json', settings({}))],
    },
    {
      name: 'settings that match two solutions equally well are not judged',
      groups: [
        solutionAt('Contoso/Flows/src', { uniqueName: 'ContosoFlows' }),
        solutionAt('Contoso/Copy/src', { uniqueName: 'ContosoCopy' }),
        loneFile('Contoso/config/deploymentSettings.json', settings({ cts_keyvault: '' }, { cts_ApiBaseUrl: 'x', cts_Gone: 'y' })),
      ],
    },
    {
      name: 'the nearest folder holding solutions decides, even when none of them matches',
      groups: [
        folderGroup('repo/ProjectA/SolutionPackage/src', solutionFiles({ uniqueName: 'ProjectA', connectionReferences: ['pa_dataverse'] })),
        solutionAt('repo/ProjectB/SolutionPackage/src'),
        // Shares cts_keyvault with ProjectB, which is not in ProjectA's folder.
        loneFile('repo/ProjectA/config/Prod/deploymentSettings.json', settings({ cts_keyvault: '' }, { cts_ApiBaseUrl: 'x' })),
      ],
    },
    {
      name: "ALM Accelerator's customDeploymentSettings.json beside a solution is not a deployment settings file",
      groups: [
        solutionAt('Contoso/SolutionPackage/src'),
        loneFile(
          'Contoso/config/Prod/customDeploymentSettings.json',
          jsonText({
            ActivateFlowConfiguration: [{ solutionComponentName: 'Main', solutionComponentUniqueName: '0f0e0000-0000-0000-0000-000000000002', sortOrder: '', activate: '' }],
            ConnectorShareWithGroupTeamConfiguration: [{ solutionComponentName: 'cts_keyvault', aadGroupTeamName: '', solutionName: 'ContosoFlows' }],
          }),
        ),
      ],
    },
  ],
  invalid: [
    {
      name: 'a reference the flows use is missing',
      flow: usingReference('cts_keyvault'),
      solution: solutionWith(settings({}, { cts_ApiBaseUrl: 'https://api.contoso.example' }), { connectionReferences: [] }),
      errors: [
        { messageId: 'missingConnection', pointer: '', messageIncludes: ["'cts_keyvault'", "'solution/deploymentSettings.json'", "the flows of solution 'ContosoFlows' use"] },
      ],
    },
    {
      name: 'a reference the solution defines is missing',
      flow: usingReference('cts_keyvault'),
      solution: solutionWith(settings({ cts_keyvault: 'a1b2c3d4e5f6' }, { cts_ApiBaseUrl: 'https://api.contoso.example' }), {
        connectionReferences: ['cts_keyvault', 'cts_sharepoint'],
      }),
      errors: [{ messageId: 'missingConnection', pointer: '/ConnectionReferences', messageIncludes: ["'cts_sharepoint'", "solution 'ContosoFlows' defines"] }],
    },
    {
      name: 'an empty ConnectionId',
      flow: usingReference('cts_keyvault'),
      solution: solutionWith(settings({ cts_keyvault: '' }, { cts_ApiBaseUrl: 'https://api.contoso.example' })),
      errors: [{ messageId: 'emptyConnection', level: 'error', pointer: '/ConnectionReferences/0', messageIncludes: ["'cts_keyvault'", "for solution 'ContosoFlows'"] }],
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
    {
      name: 'settings beside the solution folder that leave out a reference the flows use',
      groups: [
        solutionAt('Contoso/SolutionPackage/src', { connectionReferences: [] }),
        loneFile('Contoso/config/Prod/deploymentSettings.json', settings({}, { cts_ApiBaseUrl: '#{environmentvariable.cts_ApiBaseUrl}#' })),
      ],
      errors: [
        {
          messageId: 'missingConnection',
          file: 'Contoso/config/Prod/deploymentSettings.json',
          messageIncludes: ["'cts_keyvault'", "the flows of solution 'ContosoFlows' use", "'Contoso/config/Prod/deploymentSettings.json'"],
        },
      ],
    },
    {
      name: 'settings beside the solution folder with an empty ConnectionId',
      groups: [solutionAt('Contoso/SolutionPackage/src'), loneFile('Contoso/config/Test/deploymentSettings.json', settings({ cts_keyvault: '' }, { cts_ApiBaseUrl: 'x' }))],
      errors: [{ messageId: 'emptyConnection', pointer: '/ConnectionReferences/0', file: 'Contoso/config/Test/deploymentSettings.json', messageIncludes: ["'ContosoFlows'"] }],
    },
    {
      name: 'settings beside the solution folder with stale entries and a variable left out',
      groups: [
        solutionAt('Contoso/SolutionPackage/src', { extraFiles: envVarFiles('cts_ApiKey') }),
        loneFile('Contoso/config/Prod/deploymentSettings.json', settings({ cts_keyvault: 'a1b2c3d4e5f6', cts_retired: 'f6e5d4c3b2a1' }, { cts_ApiBaseUrl: 'x', cts_Retired: 'y' })),
      ],
      errors: [
        { messageId: 'missingVariable', pointer: '/EnvironmentVariables', messageIncludes: ["'cts_ApiKey'", "'ContosoFlows'"] },
        { messageId: 'staleVariable', level: 'warning', pointer: '/EnvironmentVariables/1/Value', messageIncludes: ["'cts_Retired'"] },
        { messageId: 'staleConnection', level: 'warning', pointer: '/ConnectionReferences/1', messageIncludes: ["'cts_retired'"] },
      ],
    },
    {
      name: 'settings beside a solution zip are judged',
      groups: [
        solutionAt('exports/ContosoFlows_1_0_0_1.zip', {}, 'archive'),
        loneFile('exports/deploymentSettings.prod.json', settings({ cts_keyvault: '' }, { cts_ApiBaseUrl: 'x' })),
      ],
      errors: [{ messageId: 'emptyConnection', file: 'exports/deploymentSettings.prod.json' }],
    },
    {
      name: 'settings beside two solutions are judged against the one that shares their names',
      groups: [
        solutionAt('Contoso/Flows/src'),
        folderGroup('Contoso/Hr/src', solutionFiles({ uniqueName: 'ContosoHr', connectionReferences: ['hr_dataverse'] })),
        loneFile('Contoso/config/deploymentSettings.json', settings({ cts_keyvault: 'a1b2c3d4e5f6', hr_dataverse: 'f6e5d4c3b2a1' }, { cts_ApiBaseUrl: '' })),
      ],
      errors: [
        { messageId: 'emptyVariable', pointer: '/EnvironmentVariables/0/Value', messageIncludes: ["'ContosoFlows'"] },
        { messageId: 'staleConnection', pointer: '/ConnectionReferences/1', messageIncludes: ["'hr_dataverse'", "'ContosoFlows'"] },
      ],
    },
    {
      name: 'an all-empty template beside its solution is one note',
      groups: [solutionAt('Contoso/SolutionPackage/src'), loneFile('Contoso/config/Dev/deploymentSettings.json', settings({ cts_keyvault: '' }, { cts_ApiBaseUrl: '' }))],
      errors: [{ messageId: 'template', level: 'note', messageIncludes: ['(2 entries)'] }],
    },
  ],
});

// A real run hands `project:exit` each unit cut down to its retained view (flows and connection
// reference nodes let go): what tying and judging a settings file needs must survive it.
describe('deployment-settings-incomplete across units', () => {
  it("judges settings beside a solution from the solution's retained view", () => {
    const engine = new LintEngine([{ rule, level: 'error', options: {} }]);
    const groups = [
      solutionAt('Contoso/SolutionPackage/src', { connectionReferences: ['cts_sharepoint'] }),
      loneFile('Contoso/config/Prod/deploymentSettings.json', settings({ cts_sharepoint: 'a1b2c3d4e5f6' }, { cts_ApiBaseUrl: 'x' })),
    ];
    const solutions = groups.map((group) => {
      const { solution } = buildUnit(group, DEFAULT_LIMITS);
      engine.lintSolution(solution);
      return retainedView(solution);
    });
    const messages = engine.finish({ solutions }).findings.map((f) => f.message);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain("connection reference 'cts_keyvault', which the flows of solution 'ContosoFlows' use");
  });
});
