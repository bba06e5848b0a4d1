/**
 * Flags secrets kept outside Azure Key Vault: a Secret-type environment variable whose default,
 * current value or deployment-settings value is not a Key Vault reference (or whose secret store
 * is not Key Vault), and a String/JSON environment variable or a `String` definition parameter
 * that a flow uses as a credential (in an HTTP authentication field, a credential header or
 * parameter, a token request) — its value is stored in plain text in Dataverse, in the flow
 * definition and in every export. Literal credentials themselves are `hardcoded-secret`'s job.
 * https://learn.microsoft.com/power-apps/maker/data-platform/environmentvariables-azure-key-vault-secrets
 */
import {
  defineRule,
  type EnvironmentVariable,
  type EnvVarValue,
  type FlowParameter,
  isKeyVaultReference,
  isPlaceholder,
  isSecureParameterType,
  label,
  type ModelNode,
  type Name,
  names,
  type ParameterCredentialUse,
  parameterCredentialUses,
  parameterTypeName,
  type RelatedNode,
  type Solution,
} from '../src/rule-api.js';

type MessageId = 'secretNotReference' | 'secretStoreNotKeyVault' | 'settingNotReference' | 'environmentVariableUsedAsCredential' | 'parameterUsedAsCredential';

/** Where a parameter is used as a credential, for messages. */
function useLabel(use: ParameterCredentialUse): Name {
  const role = use.operation.role === 'trigger' ? label('trigger') : label('action');
  return names`${role} '${use.operation.name}' (${use.field.label})`;
}

function relatedUse(use: ParameterCredentialUse): RelatedNode {
  return { node: use.operation, pointer: use.field.pointer, message: `Used as a credential in ${useLabel(use)}.` };
}

/** A value that needs no Key Vault reference yet: empty, or a pipeline token / placeholder. */
function isUnset(value: string): boolean {
  return value.trim() === '' || isPlaceholder(value);
}

export default defineRule<Record<string, never>, MessageId>({
  meta: {
    id: 'secret-not-in-key-vault',
    title: 'Secret not in Key Vault',
    description: 'Require secrets used by flows to be kept in Azure Key Vault.',
    rationale:
      'A Secret-type environment variable only protects a secret when its value is a reference to an Azure Key Vault secret; any other value is stored in Dataverse and exported with the solution. A String or JSON environment variable, or a String flow parameter, that a flow uses as a credential keeps the secret in plain text in Dataverse, in the flow definition, in deployment settings files and in every export, where anyone who can read them can use it and nobody can rotate it centrally.',
    defaultLevel: 'warning',
    securitySeverity: 6.0,
    precision: 'high',
    tags: ['security', 'secrets', 'key-vault', 'external/cwe/cwe-522'],
    recommended: true,
    since: '0.1.0',
    messages: {
      secretNotReference:
        "Secret environment variable '{{name}}' has a {{which}} that is not a Key Vault reference ({{value}}); set it to /subscriptions/<subscription>/resourceGroups/<group>/providers/Microsoft.KeyVault/vaults/<vault>/secrets/<secret> and keep the secret itself in Key Vault.",
      secretStoreNotKeyVault:
        "Secret environment variable '{{name}}' uses secret store {{store}}, not Azure Key Vault (0); store the secret in Key Vault and reference it from the variable.",
      settingNotReference:
        "Deployment setting '{{name}}' gives Secret environment variable '{{name}}' a value that is not a Key Vault reference ({{value}}); put the Key Vault reference (/subscriptions/.../vaults/<vault>/secrets/<secret>) in the settings file, never the secret.",
      environmentVariableUsedAsCredential:
        "Environment variable '{{name}}' is of type {{type}} but is used as a credential in {{use}}; make it a Secret environment variable that references Azure Key Vault, so the value is never stored in Dataverse or exported.",
      parameterUsedAsCredential:
        "Parameter '{{name}}' ({{type}}) is used as a credential in {{use}}; its value is stored in the flow definition and every export. Read the secret from Azure Key Vault (a Secret environment variable or the Key Vault connector with Secure Outputs) instead.",
    },
    defaultOptions: {},
    references: [
      'CWE-522',
      'https://learn.microsoft.com/power-apps/maker/data-platform/environmentvariables-azure-key-vault-secrets',
      'https://learn.microsoft.com/power-platform/alm/conn-ref-env-variables-build-tools',
    ],
  },
  create(context) {
    function checkSecretVariable(variable: EnvironmentVariable): void {
      if (variable.secretStore !== undefined && variable.secretStore !== 0) {
        context.report({ node: variable, messageId: 'secretStoreNotKeyVault', data: { name: variable.schemaName, store: variable.secretStore } });
      }
      const values: [EnvVarValue | undefined, Name][] = [
        [variable.defaultValue, label('default value')],
        [variable.currentValue, label('current value')],
      ];
      for (const [value, which] of values) {
        if (!value || value.value.test(isUnset) || value.value.test(isKeyVaultReference)) continue;
        const redacted = value.value.trimmed();
        context.report({ node: value, messageId: 'secretNotReference', data: { name: variable.schemaName, which, value: redacted }, value: redacted });
      }
    }

    function checkCredentialParameters(solution: Solution): void {
      const variables = new Map(solution.environmentVariables.map((v) => [v.schemaName.toLowerCase(), v]));
      const byVariable = new Map<EnvironmentVariable, ParameterCredentialUse[]>();
      for (const flow of solution.flows) {
        const byParameter = new Map<FlowParameter, ParameterCredentialUse[]>();
        for (const use of parameterCredentialUses(flow)) {
          if (isSecureParameterType(use.parameter.type)) continue;
          const list = byParameter.get(use.parameter);
          if (list) list.push(use);
          else byParameter.set(use.parameter, [use]);
        }
        for (const [parameter, uses] of byParameter) {
          const variable = parameter.schemaName !== undefined ? variables.get(parameter.schemaName.toLowerCase()) : undefined;
          if (variable) {
            if (variable.type === 'Secret') continue;
            const list = byVariable.get(variable);
            if (list) list.push(...uses);
            else byVariable.set(variable, [...uses]);
            continue;
          }
          const type = parameter.type === undefined ? label('untyped') : parameterTypeName(parameter.type);
          if (type === undefined || !/^(string|object)$/i.test(type)) continue;
          reportParameter(parameter, type, uses, parameter.schemaName !== undefined);
        }
      }
      for (const [variable, uses] of byVariable) {
        if (variable.type !== 'String' && variable.type !== 'JSON' && variable.type !== 'Unknown') continue;
        context.report({
          node: variable,
          messageId: 'environmentVariableUsedAsCredential',
          data: { name: variable.schemaName, type: variable.type === 'Unknown' ? label('unknown') : label(variable.type), use: useLabel(uses[0]) },
          related: uses.map(relatedUse),
        });
      }
    }

    function reportParameter(parameter: FlowParameter, type: Name, uses: readonly ParameterCredentialUse[], envVar: boolean): void {
      const node: ModelNode = parameter;
      if (envVar) {
        context.report({
          node,
          messageId: 'environmentVariableUsedAsCredential',
          data: { name: parameter.schemaName ?? parameter.name, type, use: useLabel(uses[0]) },
          related: uses.map(relatedUse),
        });
        return;
      }
      context.report({ node, messageId: 'parameterUsedAsCredential', data: { name: parameter.name, type, use: useLabel(uses[0]) }, related: uses.map(relatedUse) });
    }

    return {
      solution(solution) {
        for (const variable of solution.environmentVariables) {
          if (variable.type === 'Secret') checkSecretVariable(variable);
        }
        checkCredentialParameters(solution);
      },
      'project:exit'(project) {
        // Deployment settings live apart from the solution that defines their variables.
        const secretVariables = new Set<string>();
        for (const solution of project.solutions) {
          for (const variable of solution.environmentVariables) if (variable.type === 'Secret') secretVariables.add(variable.schemaName.toLowerCase());
        }
        for (const solution of project.solutions) {
          for (const settings of solution.deploymentSettings) {
            for (const setting of settings.environmentVariables) {
              if (!secretVariables.has(setting.schemaName.toLowerCase())) continue;
              if (setting.value.test(isUnset) || setting.value.test(isKeyVaultReference)) continue;
              const value = setting.value.trimmed();
              context.report({ node: setting, messageId: 'settingNotReference', data: { name: setting.schemaName, value }, value });
            }
          }
        }
      },
    };
  },
});
