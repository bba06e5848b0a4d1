/**
 * Flags secret reads pinned to one version: Key Vault GetSecretVersion/DecryptDataWithVersion with a
 * literal version, a legacy `/secrets/<name>/versions/<v>/value` path, a Key Vault REST URL with a
 * version segment (whatever expression names the vault), or a Secret environment variable whose
 * Key Vault reference names a version. Rotating the secret then never reaches the flow, so old keys stay in use.
 * https://learn.microsoft.com/azure/key-vault/secrets/tutorial-rotation
 */
import {
  asString,
  defineRule,
  httpRequestOf,
  isTemplate,
  type JsonPointer,
  keyVaultReferenceVersion,
  keyVaultRestCall,
  label,
  type Name,
  names,
  type Operation,
  OperationKind,
  type Redacted,
} from '../src/rule-api.js';

const VERSIONED_OPERATIONS = new Map<string, Name[]>([
  ['getsecretversion', [label('secretVersion')]],
  ['decryptdatawithversion', [label('keyVersion'), label('secretVersion')]],
  ['getsecretversionmetadata', []],
]);
const VERSION = /^[0-9a-f]{32}$/i;
/** A Secret environment variable's Key Vault reference with a version segment after the secret name. */
const isVersionedReference = (value: Redacted): boolean => value.test((raw) => VERSION.test(keyVaultReferenceVersion(raw) ?? ''));
const VERSIONED_PATH = /^\/(?:secrets|keys)\/[^/]+\/versions\/([^/]+)\//i;

interface Pin {
  readonly pointer: JsonPointer;
  readonly where: Name;
}

function findPin(action: Operation): Pin | undefined {
  const view = action.view;
  if (view.kind === OperationKind.KeyVault) {
    const fields = VERSIONED_OPERATIONS.get((view.connector.operationId ?? '').toLowerCase());
    for (const field of fields ?? []) {
      const parameter = view.parameter(field);
      const value = asString(parameter?.value);
      if (parameter && value && !isTemplate(value)) return { pointer: parameter.pointer, where: names`parameter '${field}'` };
    }
    const match = VERSIONED_PATH.exec(view.path?.value ?? '');
    if (view.path && match && !isTemplate(match[1]) && !match[1].includes('@{')) return { pointer: view.path.pointer, where: label('its path') };
  }
  const request = httpRequestOf(action);
  const version = request && keyVaultRestCall(request)?.version;
  if (request?.uri && version && VERSION.test(version)) return { pointer: request.uri.pointer, where: label('its URL') };
  return undefined;
}

export default defineRule({
  meta: {
    id: 'secret-version-pinned',
    title: 'Secret version pinned',
    description: 'Disallow reading a fixed version of a Key Vault secret or key.',
    rationale:
      'A flow that reads one specific version of a secret keeps using it after the secret is rotated: the old credential stays valid for as long as the flow needs it, which defeats rotation. Read the current version (Get secret, or a URL without a version segment) unless the version is chosen on purpose at run time.',
    defaultLevel: 'warning',
    securitySeverity: 3.0,
    precision: 'very-high',
    tags: ['security', 'secrets', 'rotation'],
    recommended: true,
    since: '0.1.0',
    messages: {
      pinned:
        "Action '{{action}}' reads a fixed version of a Key Vault secret ({{where}}), so rotating the secret never reaches this flow; read the current version instead (Get secret, or drop the version from the URL).",
      pinnedReference:
        "Environment variable '{{variable}}' refers to a fixed version of a Key Vault secret ({{where}}), so rotating the secret never reaches the flows that read it; drop the version segment from the reference.",
    },
    defaultOptions: {},
    references: ['https://learn.microsoft.com/azure/key-vault/secrets/tutorial-rotation', 'https://learn.microsoft.com/connectors/keyvault/'],
  },
  create(context) {
    return {
      action(action) {
        const pin = findPin(action);
        if (pin) context.report({ node: action, pointer: pin.pointer, messageId: 'pinned', data: { action: action.name, where: pin.where } });
      },
      environmentVariable(variable) {
        for (const value of [variable.defaultValue, variable.currentValue]) {
          if (value && isVersionedReference(value.value)) {
            context.report({
              node: value,
              messageId: 'pinnedReference',
              data: { variable: variable.schemaName, where: value === variable.defaultValue ? label('its default value') : label('its current value') },
            });
          }
        }
      },
      deploymentSettings(settings) {
        for (const setting of settings.environmentVariables) {
          if (isVersionedReference(setting.value))
            context.report({ node: setting, messageId: 'pinnedReference', data: { variable: setting.schemaName, where: label('its value in the deployment settings') } });
        }
      },
    };
  },
});
