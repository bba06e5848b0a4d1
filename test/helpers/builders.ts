/**
 * Small builders for flows and solutions used by rule tests and doc examples:
 * `solution({ flows: { Main: flow({ Get_secret: kvGetSecret() }) } })`.
 */
import { honestZip } from './hostile.js';
import type { InputGroup, RawFile } from '../../src/sources/types.js';
import { pointerOf, pointerSegments, type JsonPointer } from '../../src/parse/pointer.js';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type ActionMap = Record<string, Json>;

const WDL_SCHEMA = 'https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#';

export interface FlowOptions {
  triggers?: ActionMap;
  parameters?: Record<string, Json>;
  outputs?: Record<string, Json>;
  /** Flow connection references: key -> logical name (solution-aware) or `{ connection: name }`. */
  connections?: Record<string, string | { connection: string } | Json>;
}

const DEFAULT_TRIGGER: ActionMap = { manual: { type: 'Request', kind: 'Button', inputs: { schema: {} } } };

/** A solution-style flow file (`{ properties: { connectionReferences, definition } }`). */
export function flow(actions: ActionMap, options: FlowOptions = {}): Json {
  const connectionReferences: Record<string, Json> = {};
  for (const [key, binding] of Object.entries(options.connections ?? {})) {
    if (typeof binding === 'string') {
      connectionReferences[key] = { runtimeSource: 'embedded', connection: { connectionReferenceLogicalName: binding }, api: { name: key.replace(/_\d+$/, '') } };
    } else if (binding && typeof binding === 'object' && !Array.isArray(binding) && typeof binding.connection === 'string') {
      connectionReferences[key] = { runtimeSource: 'embedded', connection: { name: binding.connection }, api: { name: key.replace(/_\d+$/, '') } };
    } else {
      connectionReferences[key] = binding as Json;
    }
  }
  const definition: Record<string, Json> = {
    $schema: WDL_SCHEMA,
    contentVersion: '1.0.0.0',
    parameters: {
      $connections: { defaultValue: {}, type: 'Object' },
      $authentication: { defaultValue: {}, type: 'SecureObject' },
      ...(options.parameters ?? {}),
    },
    triggers: options.triggers ?? DEFAULT_TRIGGER,
    actions,
  };
  if (options.outputs) definition.outputs = options.outputs;
  return { properties: { connectionReferences, definition, templateName: null }, schemaVersion: '1.0.0.0' };
}

export function secureData(inputs: boolean, outputs: boolean): Json {
  const properties: string[] = [];
  if (inputs) properties.push('inputs');
  if (outputs) properties.push('outputs');
  return properties.length ? { secureData: { properties } } : {};
}

export interface ActionOptions {
  runAfter?: Record<string, string[]>;
  secureInputs?: boolean;
  secureOutputs?: boolean;
  description?: string;
}

function withCommon(action: Record<string, Json>, options: ActionOptions): Json {
  const result: Record<string, Json> = { ...action, runAfter: options.runAfter ?? {} };
  const secure = secureData(options.secureInputs ?? false, options.secureOutputs ?? false);
  if (Object.keys(secure as object).length) result.runtimeConfiguration = secure;
  if (options.description) result.description = options.description;
  return result;
}

/** An OpenApiConnection action. */
export function connector(apiName: string, operationId: string, parameters: Record<string, Json> = {}, options: ActionOptions & { connectionName?: string } = {}): Json {
  return withCommon(
    {
      type: 'OpenApiConnection',
      inputs: {
        host: { apiId: `/providers/Microsoft.PowerApps/apis/${apiName}`, connectionName: options.connectionName ?? apiName, operationId },
        parameters,
        authentication: "@parameters('$authentication')",
      },
    },
    options,
  );
}

export function kvGetSecret(secretName = 'api-key', options: ActionOptions & { connectionName?: string } = { secureInputs: true, secureOutputs: true }): Json {
  return connector('shared_keyvault', 'GetSecret', { secretName }, options);
}

export function compose(inputs: Json, options: ActionOptions = {}): Json {
  return withCommon({ type: 'Compose', inputs }, options);
}

export function http(inputs: Record<string, Json>, options: ActionOptions = {}): Json {
  return withCommon({ type: 'Http', inputs: { method: 'GET', uri: 'https://api.contoso.example/items', ...inputs } }, options);
}

export function scope(actions: ActionMap, options: ActionOptions = {}): Json {
  return withCommon({ type: 'Scope', actions }, options);
}

export function condition(expression: Json, actions: ActionMap, elseActions: ActionMap = {}, options: ActionOptions = {}): Json {
  return withCommon({ type: 'If', expression, actions, else: { actions: elseActions } }, options);
}

export function foreach(items: string, actions: ActionMap, options: ActionOptions = {}): Json {
  return withCommon({ type: 'Foreach', foreach: items, actions }, options);
}

export function until(expression: string, actions: ActionMap, options: ActionOptions = {}): Json {
  return withCommon({ type: 'Until', expression, limit: { count: 60, timeout: 'PT1H' }, actions }, options);
}

export function switchOn(expression: string, cases: Record<string, { case: Json; actions: ActionMap }>, defaultActions: ActionMap = {}, options: ActionOptions = {}): Json {
  return withCommon({ type: 'Switch', expression, cases: cases as Json, default: { actions: defaultActions } }, options);
}

export function initVariable(name: string, type: string, value: Json, options: ActionOptions = {}): Json {
  return withCommon({ type: 'InitializeVariable', inputs: { variables: [{ name, type, value }] } }, options);
}

export function setVariable(name: string, value: Json, options: ActionOptions = {}): Json {
  return withCommon({ type: 'SetVariable', inputs: { name, value } }, options);
}

export function terminate(message: Json, options: ActionOptions = {}): Json {
  return withCommon({ type: 'Terminate', inputs: { runStatus: 'Failed', runError: { code: 'Failed', message } } }, options);
}

export interface SolutionOptions {
  uniqueName?: string;
  /** Flows by file stem; each becomes `Workflows/<stem>-<GUID>.json`. */
  flows?: Record<string, Json>;
  /** Logical names defined in customizations.xml. */
  connectionReferences?: string[];
  /** Logical names listed as missing dependencies. */
  missingConnectionReferences?: string[];
  /** Extra raw files (path -> text) placed in the solution folder. */
  extraFiles?: Record<string, string>;
  /** Omit customizations.xml entirely. */
  withoutCustomizations?: boolean;
  /** Desktop flows (Category 6) by name: the Robin script, or the script and the workflow id. */
  desktopFlows?: Record<string, string | DesktopFlowSpec>;
}

export interface DesktopFlowSpec {
  script: string;
  /**
   * The older export format: no `<Definition>`; the flow's `Workflows/*.json` holds the script in
   * `properties.definition.package`, the base64 of a zip. `true` puts the script in `Main.robin`;
   * a string is used as the package text as it is (corrupt base64, say).
   */
  package?: true | string;
  /** Workflow id (what `RunUIFlow_V2` passes as `uiFlowId`); default `desktopFlowId(index)`. */
  id?: string;
}

/** The default workflow id of the n-th desktop flow of `solutionFiles` (0-based). */
export function desktopFlowId(index: number): string {
  return `dddd0000-1111-2222-3333-${(index + 1).toString(16).padStart(12, '0')}`;
}

/** Text as XML character data. */
function xmlEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A desktop flow `<Workflow>` element: the script as a JSON-encoded `<Definition>` (docs/formats.md §1.7). */
export function desktopWorkflowXml(name: string, id: string, script: string | undefined): string {
  const definition = script === undefined ? '' : `\n      <Definition>${xmlEscape(JSON.stringify(script))}</Definition>`;
  return `    <Workflow WorkflowId="{${id.toLowerCase()}}" Name="${name}">
      <JsonFileName>/${desktopJsonFile(name, id)}</JsonFileName>
      <Type>1</Type>
      <Category>6</Category>
      <UIFlowType>2</UIFlowType>${definition}
      <LocalizedNames>
        <LocalizedName languagecode="1033" description="${name}" />
      </LocalizedNames>
    </Workflow>`;
}

/** Path of a desktop flow's `Workflows/*.json` in a solution. */
export function desktopJsonFile(name: string, id: string): string {
  return `Workflows/${name.replace(/[^A-Za-z0-9]/g, '')}-${id.toUpperCase()}.json`;
}

/** A desktop flow's `Workflows/*.json` with the script in a base64 `package` (the older format). */
export function desktopPackageJson(name: string, packageText: string): string {
  return jsonText({ properties: { definition: { name, package: packageText }, inputs: { schema: { properties: {}, type: 'object' } } }, schemaversion: '1.0.0.0' });
}

/** The base64 of a zip holding `members` (path -> text), as a package field holds it. */
export function packageBase64(members: Record<string, string>): string {
  return honestZip(Object.entries(members)).toString('base64');
}

/** The workflow id `solutionFiles` gives its `index`-th flow (what a parent's `workflowReferenceName` names). */
export function guidFor(index: number): string {
  const hex = (index + 1).toString(16).padStart(12, '0').toUpperCase();
  return `0000AAAA-1111-2222-3333-${hex}`;
}

export function solutionManifestXml(uniqueName: string, missing: string[] = []): string {
  const dependencies = missing
    .map(
      (name) =>
        `      <MissingDependency>\n        <Required type="connectionreference" displayName="${name}" id.connectionreferencelogicalname="${name}" />\n        <Dependent type="29" id="{00000000-0000-0000-0000-000000000001}" />\n      </MissingDependency>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="utf-8"?>
<ImportExportXml version="9.2.24023.206" SolutionPackageVersion="9.2" languagecode="1033" generatedBy="CrmLive">
  <SolutionManifest>
    <UniqueName>${uniqueName}</UniqueName>
    <LocalizedNames>
      <LocalizedName description="${uniqueName}" languagecode="1033" />
    </LocalizedNames>
    <Version>1.0.0.0</Version>
    <Managed>0</Managed>
    <Publisher>
      <UniqueName>contoso</UniqueName>
      <CustomizationPrefix>cts</CustomizationPrefix>
    </Publisher>
    <RootComponents />
    <MissingDependencies>
${dependencies}
    </MissingDependencies>
  </SolutionManifest>
</ImportExportXml>
`;
}

export function customizationsXml(
  connectionReferences: string[],
  workflows: { name: string; id: string; file: string }[] = [],
  desktopFlows: { name: string; id: string; script: string; package?: true | string }[] = [],
): string {
  const references = connectionReferences
    .map(
      (name) => `    <connectionreference connectionreferencelogicalname="${name}">
      <connectionreferencedisplayname>${name}</connectionreferencedisplayname>
      <connectorid>/providers/Microsoft.PowerApps/apis/shared_keyvault</connectorid>
    </connectionreference>`,
    )
    .join('\n');
  const flows = workflows
    .map(
      (w) => `    <Workflow WorkflowId="{${w.id.toLowerCase()}}" Name="${w.name}">
      <JsonFileName>/Workflows/${w.file}</JsonFileName>
      <Category>5</Category>
      <LocalizedNames>
        <LocalizedName languagecode="1033" description="${w.name}" />
      </LocalizedNames>
    </Workflow>`,
    )
    .join('\n');
  const desktop = desktopFlows.map((d) => `\n${desktopWorkflowXml(d.name, d.id, d.package === undefined ? d.script : undefined)}`).join('');
  return `<?xml version="1.0" encoding="utf-8"?>
<ImportExportXml xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <Workflows>
${flows}${desktop}
  </Workflows>
  <connectionreferences>
${references}
  </connectionreferences>
</ImportExportXml>
`;
}

/** Pretty-printed JSON as the designer exports it (2-space indent). */
export function jsonText(value: Json): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** The files of an unpacked solution folder (`Other/Solution.xml` layout), path -> text. */
export function solutionFiles(options: SolutionOptions = {}): Record<string, string> {
  const uniqueName = options.uniqueName ?? 'ContosoFlows';
  const files: Record<string, string> = {};
  const workflows: { name: string; id: string; file: string }[] = [];
  Object.entries(options.flows ?? {}).forEach(([stem, definition], index) => {
    const id = guidFor(index);
    const file = `${stem}-${id}.json`;
    workflows.push({ name: stem, id, file });
    files[`Workflows/${file}`] = jsonText(definition);
  });
  files['Other/Solution.xml'] = solutionManifestXml(uniqueName, options.missingConnectionReferences);
  const desktopFlows = Object.entries(options.desktopFlows ?? {}).map(([name, spec], index) =>
    typeof spec === 'string' ? { name, id: desktopFlowId(index), script: spec } : { name, id: spec.id ?? desktopFlowId(index), script: spec.script, package: spec.package },
  );
  for (const d of desktopFlows) {
    if (d.package !== undefined) files[desktopJsonFile(d.name, d.id)] = desktopPackageJson(d.name, d.package === true ? packageBase64({ 'Main.robin': d.script }) : d.package);
  }
  if (!options.withoutCustomizations) files['Other/Customizations.xml'] = customizationsXml(options.connectionReferences ?? [], workflows, desktopFlows);
  Object.assign(files, options.extraFiles ?? {});
  return files;
}

/** An in-memory input group, as the folder loader would produce it. */
export function folderGroup(root: string, files: Record<string, string>, kind: InputGroup['kind'] = 'folder'): InputGroup {
  const raw: RawFile[] = Object.entries(files).map(([path, text]) => ({
    source: { file: kind === 'archive' ? root : `${root}/${path}`, entry: kind === 'archive' ? path : undefined },
    path,
    bytes: Buffer.from(text, 'utf8'),
  }));
  return { kind, root: { file: root }, files: raw, errors: [] };
}

/** A JSON pointer written as text in a test (`'/a/b~1c'`), made the way the model makes one. */
export function ptr(text: string): JsonPointer {
  return pointerOf(pointerSegments(text));
}

/** A "Run a Child Flow" action calling the `index`-th flow of a `solutionFiles` solution with this body. */
export function runChildFlow(index: number, body: Record<string, Json>, options: ActionOptions = {}): Json {
  return withCommon({ type: 'Workflow', inputs: { host: { workflowReferenceName: guidFor(index) }, body } }, options);
}

/** A manual (child-flow) trigger declaring these text inputs (`{ key: title }`). */
export function manualTrigger(inputs: Record<string, string>, settings: Record<string, Json> = {}): ActionMap {
  const properties: Record<string, Json> = {};
  for (const [key, title] of Object.entries(inputs)) properties[key] = { title, type: 'string' };
  return { manual: { type: 'Request', kind: 'Button', inputs: { schema: { type: 'object', properties } }, ...settings } };
}
