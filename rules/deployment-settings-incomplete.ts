/**
 * Flags deployment settings files (`pac solution create-settings`) that do not configure what
 * their solution needs: a connection reference the solution defines or its flows use without a
 * ConnectionId, an environment variable without default (or exported value) left without a Value,
 * and entries for references or variables the solution does not have. A settings file is judged
 * only against the solution it belongs to: the one whose zip or unpacked folder holds it, or, for a
 * file kept beside its solution (`config/Prod/deploymentSettings.json`), the one
 * `settingsSolutionOf` ties it to; a settings file linted without its solution is not judged.
 * https://learn.microsoft.com/power-platform/alm/conn-ref-env-variables-build-tools
 */
import {
  defineRule,
  type DeploymentConnection,
  type DeploymentSetting,
  type DeploymentSettings,
  type EnvironmentVariable,
  fileNameOf,
  type JsonPointer,
  type Name,
  names,
  parentPointer,
  redact,
  type Redacted,
  ROOT_POINTER,
  settingsSolutionOf,
  type Solution,
} from '../src/rule-api.js';

type MessageId = 'missingConnection' | 'emptyConnection' | 'missingVariable' | 'emptyVariable' | 'staleConnection' | 'staleVariable' | 'template';

/**
 * Any text but white space is a value: pipeline tokens (`#{…}#`, `$(…)`, `__…__`) are replaced
 * by the pipeline before import, so they are values as far as the file is concerned.
 */
function hasValue(value: Redacted | undefined): boolean {
  return value !== undefined && value.test((raw) => raw.trim() !== '');
}

/** A variable the import leaves empty unless the settings give it a value. */
function needsValue(variable: EnvironmentVariable): boolean {
  return !hasValue(variable.defaultValue?.value) && !hasValue(variable.currentValue?.value);
}

/** The pointer of the array holding the entries (`/ConnectionReferences`), or the file's root. */
function arrayPointer(entry: DeploymentConnection | DeploymentSetting | undefined, depth: number): JsonPointer {
  let pointer: JsonPointer | undefined = entry?.location.pointer;
  for (let i = 0; i < depth && pointer !== undefined; i++) pointer = parentPointer(pointer);
  return pointer ?? ROOT_POINTER;
}

/** Lower-cased name -> the name as first written, in order. */
function nameMap(names: Iterable<Name>): Map<string, Name> {
  const map = new Map<string, Name>();
  for (const name of names) if (!map.has(name.toLowerCase())) map.set(name.toLowerCase(), name);
  return map;
}

export default defineRule<Record<string, never>, MessageId>({
  meta: {
    id: 'deployment-settings-incomplete',
    title: 'Deployment settings incomplete',
    description: 'Require deployment settings to bind every connection reference and give every environment variable without a default a value.',
    rationale:
      'A deployment settings file is what an automated import uses to bind the solution to the target environment. A connection reference it leaves without a ConnectionId, or an environment variable without default that it leaves without a value, makes the import fail or leaves the flows off until someone binds them by hand in production — usually to their own connection, or by pasting a value where the pipeline should have put a Key Vault reference. Entries for references or variables the solution no longer has are stale: the file was written for another version and may be missing what this one needs.',
    defaultLevel: 'error',
    precision: 'high',
    tags: ['alm', 'connections', 'environments', 'correctness'],
    recommended: true,
    since: '0.1.0',
    messages: {
      missingConnection:
        "Deployment settings '{{settings}}' do not bind connection reference '{{reference}}', which {{why}}; add it to ConnectionReferences with the ConnectionId of a connection in the target environment.",
      emptyConnection:
        "Connection reference '{{reference}}' has an empty ConnectionId in deployment settings '{{settings}}' for solution '{{solution}}'; set the id of a connection in the target environment (or a pipeline variable that supplies it).",
      missingVariable:
        "Deployment settings '{{settings}}' give no value for environment variable '{{variable}}', which solution '{{solution}}' defines without a default value; add it to EnvironmentVariables with a value for the target environment.",
      emptyVariable:
        "Environment variable '{{variable}}' has an empty Value in deployment settings '{{settings}}', and solution '{{solution}}' defines it without a default value; set a value for the target environment (or a pipeline variable that supplies it).",
      staleConnection:
        "Deployment settings '{{settings}}' bind connection reference '{{reference}}', which solution '{{solution}}' neither defines nor uses; remove the entry or correct the logical name.",
      staleVariable:
        "Deployment settings '{{settings}}' set environment variable '{{variable}}', which solution '{{solution}}' does not define; remove the entry or correct the schema name.",
      template:
        "Deployment settings '{{settings}}' hold only empty values ({{count}} entries), as pac solution create-settings writes them; fill in each ConnectionId and the environment variable values before importing with this file.",
    },
    defaultOptions: {},
    references: ['https://learn.microsoft.com/power-platform/alm/conn-ref-env-variables-build-tools'],
  },
  create(context) {
    function check(solution: Solution, settings: DeploymentSettings): void {
      const solutionName = solution.displayName ?? fileNameOf(solution.root);
      const settingsName = settings.fullyQualifiedName;
      const entries = settings.connectionReferences.length + settings.environmentVariables.length;
      if (entries > 0 && !settings.connectionReferences.some((c) => hasValue(c.connectionId)) && !settings.environmentVariables.some((v) => hasValue(v.value))) {
        // A template nobody filled in yet: one note, not an error per entry.
        context.report({ node: settings, messageId: 'template', level: 'note', data: { settings: settingsName, count: entries } });
        return;
      }

      // Connection references: every one the solution defines, and every one its flows use that
      // no other solution provides (a missing dependency is bound where that solution is). Names,
      // not nodes: a solution seen across units keeps only these.
      const { defined: definedNames, used: usedNames, allFlowsRead } = solution.connectionReferenceNames;
      const defined = nameMap(definedNames);
      const external = new Set(solution.externalConnectionReferences.map((n) => n.toLowerCase()));
      const used = nameMap(usedNames);
      const required = new Map(defined);
      for (const [key, name] of used) if (!external.has(key) && !required.has(key)) required.set(key, name);
      const connections = new Map<string, DeploymentConnection[]>();
      for (const entry of settings.connectionReferences) {
        const key = entry.logicalName.toLowerCase();
        connections.set(key, [...(connections.get(key) ?? []), entry]);
      }
      const connectionsPointer = arrayPointer(settings.connectionReferences[0], 1);
      for (const [key, reference] of required) {
        const found = connections.get(key);
        if (!found) {
          const why = defined.has(key) ? names`solution '${solutionName}' defines` : names`the flows of solution '${solutionName}' use`;
          context.report({
            node: settings,
            pointer: connectionsPointer,
            messageId: 'missingConnection',
            data: { settings: settingsName, reference, why },
            value: redact(key),
          });
        } else if (!found.some((entry) => hasValue(entry.connectionId))) {
          for (const entry of found)
            context.report({ node: entry, messageId: 'emptyConnection', data: { settings: settingsName, reference: entry.logicalName, solution: solutionName } });
        }
      }

      // Environment variables without a default or exported value.
      const variables = new Map<string, DeploymentSetting[]>();
      for (const entry of settings.environmentVariables) {
        const key = entry.schemaName.toLowerCase();
        variables.set(key, [...(variables.get(key) ?? []), entry]);
      }
      const variablesPointer = arrayPointer(settings.environmentVariables[0], 2);
      for (const variable of solution.environmentVariables) {
        if (!needsValue(variable)) continue;
        const found = variables.get(variable.schemaName.toLowerCase());
        if (!found) {
          context.report({
            node: settings,
            pointer: variablesPointer,
            messageId: 'missingVariable',
            data: { settings: settingsName, variable: variable.schemaName, solution: solutionName },
            value: redact(variable.schemaName.toLowerCase()),
          });
        } else if (!found.some((entry) => hasValue(entry.value))) {
          for (const entry of found)
            context.report({ node: entry, messageId: 'emptyVariable', data: { settings: settingsName, variable: entry.schemaName, solution: solutionName } });
        }
      }

      // Stale entries: only when customizations were read, so the solution's components are known,
      // and for connection references only when every flow was read (a flow left unread may use one).
      if (!solution.hasCustomizations) return;
      for (const entry of settings.connectionReferences) {
        const key = entry.logicalName.toLowerCase();
        if (defined.has(key) || used.has(key) || external.has(key) || !allFlowsRead) continue;
        context.report({ node: entry, messageId: 'staleConnection', level: 'warning', data: { settings: settingsName, reference: entry.logicalName, solution: solutionName } });
      }
      const known = new Set(solution.environmentVariables.map((v) => v.schemaName.toLowerCase()));
      for (const entry of settings.environmentVariables) {
        if (known.has(entry.schemaName.toLowerCase())) continue;
        context.report({ node: entry, messageId: 'staleVariable', level: 'warning', data: { settings: settingsName, variable: entry.schemaName, solution: solutionName } });
      }
    }

    return {
      'solution:exit'(solution) {
        // Settings inside a solution's zip or folder belong to it.
        if (solution.kind !== 'solution') return;
        for (const settings of solution.deploymentSettings) if (context.reportsIn(settings.document)) check(solution, settings);
      },
      'project:exit'(project) {
        // Settings outside any solution (given alone, or kept beside the solution folder) are
        // judged against the solution they are tied to, if any; the others are not judged.
        for (const unit of project.solutions) {
          if (unit.kind !== 'standalone') continue;
          for (const settings of unit.deploymentSettings) {
            if (!context.reportsIn(settings.document)) continue;
            const solution = settingsSolutionOf(settings, project.solutions);
            if (solution) check(solution, settings);
          }
        }
      },
    };
  },
});
