import rule from '../../rules/connection-reference-missing.js';
import { ruleTester } from '../helpers/rule-tester.js';
import { connector, flow, folderGroup, jsonText, kvGetSecret, type Json } from '../helpers/builders.js';

const KV = 'shared_keyvault';
const secured = { secureInputs: true, secureOutputs: true };

const legacyDefinition: Json = {
  name: '5f1c7e52-1b0a-4d8e-9a55-0d6a2a1f7c11',
  id: '/providers/Microsoft.Flow/flows/5f1c7e52-1b0a-4d8e-9a55-0d6a2a1f7c11',
  type: 'Microsoft.Flow/flows',
  properties: {
    apiId: '/providers/Microsoft.PowerApps/apis/shared_logicflows',
    displayName: 'Legacy flow',
    definition: (flow({ Get_secret: kvGetSecret('k', secured) }) as { properties: { definition: Json } }).properties.definition,
    connectionReferences: { shared_keyvault: { connectionName: 'shared-keyvault-1234', source: 'Embedded', id: '/providers/Microsoft.PowerApps/apis/shared_keyvault' } },
  },
};

ruleTester(rule, {
  valid: [
    {
      name: 'flow bound through a defined connection reference',
      flow: flow({ Get_secret: kvGetSecret('k', secured) }, { connections: { [KV]: 'cts_keyvault' } }),
      solution: { connectionReferences: ['cts_keyvault'] },
    },
    {
      name: 'logical names compare case-insensitively',
      flow: flow({ Get_secret: kvGetSecret('k', secured) }, { connections: { [KV]: 'CTS_KeyVault' } }),
      solution: { connectionReferences: ['cts_keyvault'] },
    },
    {
      name: 'reference provided by another solution (missing dependency)',
      flow: flow({ Get_secret: kvGetSecret('k', secured) }, { connections: { [KV]: 'cts_shared' } }),
      solution: { missingConnectionReferences: ['cts_shared'] },
    },
    { name: 'flow with no connector actions and no references', flow: flow({ Compose: { type: 'Compose', inputs: 'x', runAfter: {} } }) },
    {
      name: 'lone solution flow file with logical names is solution-aware',
      groups: [folderGroup('Main.json', { 'Main.json': jsonText(flow({ Get_secret: kvGetSecret('k', secured) }, { connections: { [KV]: 'cts_keyvault' } })) }, 'file')],
    },
    {
      name: 'customizations absent: reference set unknown, not reported',
      flow: flow({ Get_secret: kvGetSecret('k', secured) }, { connections: { [KV]: 'cts_other' } }),
      solution: { withoutCustomizations: true },
    },
  ],
  invalid: [
    {
      name: 'flow connection bound to a concrete connection',
      flow: flow({ Get_secret: kvGetSecret('k', secured) }, { connections: { [KV]: { connection: 'shared-keyvault-8d1f' } } }),
      errors: [{ messageId: 'boundToConnection', pointer: '/properties/connectionReferences/shared_keyvault', messageIncludes: ["'shared_keyvault'"] }],
    },
    {
      name: 'empty connection object in a solution flow (exported before connection references)',
      flow: flow({ Get_secret: kvGetSecret('k', secured) }, { connections: { [KV]: { runtimeSource: 'invoker', connection: {}, api: { name: KV } } } }),
      solution: { connectionReferences: ['cts_keyvault'] },
      errors: [{ messageId: 'noReference', level: 'error', pointer: '/properties/connectionReferences/shared_keyvault', messageIncludes: ["'shared_keyvault'"] }],
    },
    {
      name: 'connection without connectionReferenceLogicalName or a connection name',
      flow: flow({ Get_secret: kvGetSecret('k', secured) }, { connections: { [KV]: { runtimeSource: 'embedded', api: { name: KV } } } }),
      solution: { connectionReferences: ['cts_keyvault'] },
      errors: [{ messageId: 'noReference', pointer: '/properties/connectionReferences/shared_keyvault' }],
    },
    {
      name: 'logical name the solution does not define',
      flow: flow({ Get_secret: kvGetSecret('k', secured) }, { connections: { [KV]: 'cts_missing' } }),
      solution: { connectionReferences: ['cts_keyvault'] },
      errors: [
        {
          messageId: 'undefinedReference',
          pointer: '/properties/connectionReferences/shared_keyvault/connection/connectionReferenceLogicalName',
          messageIncludes: ["'cts_missing'", "'ContosoFlows'"],
        },
      ],
    },
    {
      name: 'action uses a connection the flow does not declare',
      flow: flow(
        { Get_secret: kvGetSecret('k', secured), Send: connector('shared_office365', 'SendEmailV2', { 'emailMessage/To': 'a@contoso.com' }) },
        { connections: { [KV]: 'cts_keyvault' } },
      ),
      solution: { connectionReferences: ['cts_keyvault'] },
      errors: [{ messageId: 'undeclaredConnection', pointer: '/properties/definition/actions/Send/inputs/host/connectionName', messageIncludes: ["'Send'", "'shared_office365'"] }],
    },
    {
      name: 'legacy package flow is a note',
      groups: [
        folderGroup('package', {
          'manifest.json': jsonText({ schema: '1.0', details: { displayName: 'Legacy flow' }, resources: {} }),
          'Microsoft.Flow/flows/5f1c7e52-1b0a-4d8e-9a55-0d6a2a1f7c11/definition.json': jsonText(legacyDefinition),
        }),
      ],
      errors: [{ messageId: 'notSolutionAware', level: 'note', pointer: '/properties/connectionReferences', messageIncludes: ['legacy flow package'] }],
    },
    {
      name: 'lone bare definition outside a solution is a note',
      groups: [folderGroup('definition.json', { 'definition.json': jsonText((flow({}) as { properties: { definition: Json } }).properties.definition) }, 'file')],
      errors: [{ messageId: 'notSolutionAware', level: 'note', pointer: '' }],
    },
    {
      name: 'empty connection object in a lone flow file is the not-solution-aware note only',
      groups: [
        folderGroup(
          'Main.json',
          { 'Main.json': jsonText(flow({ Get_secret: kvGetSecret('k', secured) }, { connections: { [KV]: { runtimeSource: 'invoker', connection: {}, api: { name: KV } } } })) },
          'file',
        ),
      ],
      errors: [{ messageId: 'notSolutionAware', level: 'note', pointer: '/properties/connectionReferences' }],
    },
  ],
});
