/**
 * Turns one input group (a zip's members, an unpacked solution or package folder, or a lone file)
 * into a model unit. Files are recognised by where they sit and, failing that, by content.
 * Every file is decoded and parsed once here; rules only ever see the model.
 */
import { asName, redact, type Name } from '../redact.js';
import type { InputError, InputGroup, InputLimits, RawFile } from '../sources/types.js';
import { decodeText, hasZipSignature } from '../sources/text.js';
import { readZipBytes, type ZipBudget } from '../sources/zip.js';
import { parseJsonDocument } from '../parse/json.js';
import { parseXmlDocument, sectionChildren, xmlAttr, xmlChild, xmlChildCI, xmlChildren, xmlText } from '../parse/xml.js';
import type {
  ConnectionReference,
  DeploymentSettings,
  DesktopFlow,
  EmbeddedScript,
  EnvironmentVariable,
  EnvVarType,
  EnvVarValue,
  Flow,
  NodeLocation,
  Solution,
  SourceDocument,
  UnitKind,
  WorkflowRecord,
} from './types.js';
import { ENV_VAR_TYPES } from './types.js';
import { buildFlow, detectFlowShape, isDesktopFlowStub } from './flow.js';
import { asArray, asRecord, asString, getCI, isRecord } from './json-helpers.js';
import { sourceKey } from '../source-key.js';
import { ROOT_POINTER, joinPointer, pointerOf, type JsonPointer } from '../parse/pointer.js';

export interface BuiltUnit {
  readonly solution: Solution;
  readonly errors: readonly InputError[];
  /**
   * Set when the input holds more JSON values than the limit allows: parsing stopped there, and
   * the unit must not be linted (a half-read solution gives false findings).
   */
  readonly overLimit?: string;
  /** Files that were read but are none of the known kinds. */
  readonly skippedFiles: number;
}

type FileRole =
  'solution-manifest' | 'customizations' | 'workflow-data' | 'env-definition' | 'env-values' | 'package-manifest' | 'office-script' | 'script-file' | 'json' | 'xml' | 'ignored';

function roleOf(path: string): FileRole {
  const lower = path.toLowerCase();
  const base = lower.slice(lower.lastIndexOf('/') + 1);
  if (lower === 'solution.xml' || lower === 'other/solution.xml') return 'solution-manifest';
  if (lower === 'customizations.xml' || lower === 'other/customizations.xml') return 'customizations';
  if (base === '[content_types].xml' || lower.startsWith('other/relationships/')) return 'ignored';
  if (lower.endsWith('.json.data.xml')) return 'workflow-data';
  if (base === 'environmentvariabledefinition.xml') return 'env-definition';
  if (base === 'environmentvariablevalues.json') return 'env-values';
  if (lower === 'manifest.json') return 'package-manifest';
  if (lower.endsWith('.osts')) return 'office-script';
  if (/\.(ts|js)$/.test(lower)) return 'script-file';
  if (lower.endsWith('.json')) return 'json';
  if (lower.endsWith('.xml')) return 'xml';
  return 'ignored';
}

/** Legacy package plumbing that is neither a flow nor settings. */
const PACKAGE_PLUMBING = /(^|\/)(apisMap|connectionsMap)\.json$|^microsoft\.flow\/flows\/manifest\.json$/i;

class UnitBuilder {
  readonly errors: InputError[] = [];
  readonly documents: SourceDocument[] = [];
  readonly connectionReferences: ConnectionReference[] = [];
  readonly externalConnectionReferences: string[] = [];
  readonly environmentVariables = new Map<string, MutableEnvVar>();
  readonly workflows: WorkflowRecord[] = [];
  readonly flowDocuments: { document: SourceDocument; path: string }[] = [];
  readonly deploymentSettings: DeploymentSettings[] = [];
  readonly envValueDocuments: { document: SourceDocument; schemaName?: string }[] = [];
  readonly scripts: EmbeddedScript[] = [];
  skippedFiles = 0;
  /** JSON values parsed so far (maxJsonValues). */
  jsonValues = 0;
  overLimit?: string;
  kind: UnitKind = 'standalone';
  manifest?: SourceDocument;
  hasCustomizations = false;
  packageManifest?: SourceDocument;
  uniqueName?: string;
  displayName?: string;
  version?: string;
  managed?: 0 | 1 | 2;
  publisherPrefix?: string;
  /** Shared by every desktop flow package of the unit (maxArchiveBytes). */
  readonly packageBudget: ZipBudget = { used: 0, compressed: 0 };

  constructor(
    readonly group: InputGroup,
    readonly limits: InputLimits,
  ) {}

  parse(file: RawFile, format: 'json' | 'xml' | 'text'): SourceDocument | undefined {
    if (this.overLimit !== undefined) return undefined;
    const decoded = decodeText(file.bytes);
    if ('error' in decoded) {
      this.fail(file, decoded.error);
      return undefined;
    }
    if (format === 'text') {
      const document: SourceDocument = { source: file.source, unitPath: file.path, format: 'text', text: decoded.text, value: decoded.text, duplicateKeys: [], prototypeKeys: [] };
      this.documents.push(document);
      return document;
    }
    const result =
      format === 'json'
        ? parseJsonDocument(decoded.text, file.source, file.path, this.limits.maxNestingDepth)
        : parseXmlDocument(decoded.text, file.source, file.path, this.limits.maxNestingDepth);
    if (!result.ok) {
      this.fail(file, result.reason);
      return undefined;
    }
    this.jsonValues += result.values ?? 0;
    if (this.jsonValues > this.limits.maxJsonValues) {
      this.overLimit = `holds more than ${this.limits.maxJsonValues.toLocaleString('en-US')} JSON values (maxJsonValues); not analysed`;
      return undefined;
    }
    this.documents.push(result.document);
    return result.document;
  }

  /**
   * A file that is none of the known kinds. Inside a solution or package it is still part of the
   * export (its strings are scanned for credentials); given alone, or met alone in a folder walk
   * (`package.json`, `tsconfig.json`), it is not an export at all and is left out entirely.
   */
  skip(document: SourceDocument): void {
    this.skippedFiles++;
    if (this.group.kind === 'file') this.documents.splice(this.documents.indexOf(document), 1);
  }

  fail(file: RawFile, message: string): void {
    this.errors.push({ file: file.source.file, entry: file.source.entry, message });
  }

  envVar(schemaName: string, document: SourceDocument): MutableEnvVar {
    let variable = this.environmentVariables.get(schemaName.toLowerCase());
    if (!variable) {
      variable = {
        schemaName: asName(schemaName),
        type: 'Unknown',
        location: { document, pointer: ROOT_POINTER, hint: schemaName },
        logicalName: asName(schemaName),
        fullyQualifiedName: asName(schemaName),
        logicalKind: 'variable',
      };
      this.environmentVariables.set(schemaName.toLowerCase(), variable);
    }
    return variable;
  }
}

type MutableEnvVar = { -readonly [K in keyof EnvironmentVariable]: EnvironmentVariable[K] };

export function buildUnit(group: InputGroup, limits: InputLimits): BuiltUnit {
  const builder = new UnitBuilder(group, limits);
  // Each file's role is worked out once, not in every comparison of the sort.
  const ranked = group.files.map((file) => ({ file, priority: rolePriority(file.path) }));
  ranked.sort((a, b) => a.priority - b.priority || compare(a.file.path, b.file.path));
  for (const { file } of ranked) readFile(builder, file);
  if (builder.manifest) builder.kind = 'solution';
  else if (builder.packageManifest || group.files.some((f) => /^microsoft\.flow\/flows\//i.test(f.path))) builder.kind = 'package';
  return assemble(builder);
}

function rolePriority(path: string): number {
  const role = roleOf(path);
  return role === 'solution-manifest' ? 0 : role === 'customizations' ? 1 : role === 'workflow-data' ? 2 : 3;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function readFile(builder: UnitBuilder, file: RawFile): void {
  const role = roleOf(file.path);
  switch (role) {
    case 'ignored':
      return;
    case 'solution-manifest': {
      const document = builder.parse(file, 'xml');
      if (document) readSolutionManifest(builder, document);
      return;
    }
    case 'customizations': {
      const document = builder.parse(file, 'xml');
      if (document) readCustomizations(builder, document);
      return;
    }
    case 'workflow-data': {
      if (isUnfocusedCloudFlowRecord(builder.group, file)) return;
      const document = builder.parse(file, 'xml');
      // `Workflow` always parses as an array (it repeats in customizations.xml).
      const element = document && xmlChildren(document.value, 'Workflow')[0];
      if (document && element) readWorkflowElement(builder, document, element, pointerOf(['Workflow']));
      return;
    }
    case 'env-definition': {
      const document = builder.parse(file, 'xml');
      if (document) readEnvDefinitionDocument(builder, document);
      return;
    }
    case 'env-values': {
      const document = builder.parse(file, 'json');
      if (document) builder.envValueDocuments.push({ document, schemaName: schemaNameFromPath(file.path) ?? schemaNameFromPath(file.source.entry ?? file.source.file) });
      return;
    }
    case 'package-manifest': {
      const document = builder.parse(file, 'json');
      if (document) {
        builder.packageManifest = document;
        const details = asRecord(asRecord(document.value)?.details);
        builder.displayName ??= asString(details?.displayName);
      }
      return;
    }
    case 'office-script': {
      const document = builder.parse(file, 'json');
      const body = asString(asRecord(document?.value)?.body);
      if (document && body !== undefined) builder.scripts.push(scriptNode(document, 'office-script', body, pointerOf(['body'])));
      else if (document) builder.skip(document);
      return;
    }
    case 'script-file': {
      const document = builder.parse(file, 'text');
      if (document) builder.scripts.push(scriptNode(document, 'script-file', document.text, ROOT_POINTER));
      return;
    }
    case 'xml': {
      const document = builder.parse(file, 'xml');
      if (!document) return;
      // Hand-named copies of the manifest (`solution_clean.xml`) are not read as the manifest.
      if (xmlChild(document.value, 'environmentvariabledefinition')) readEnvDefinitionDocument(builder, document);
      else builder.skip(document);
      return;
    }
    case 'json': {
      if (PACKAGE_PLUMBING.test(file.path) || isUnfocusedFlowFile(builder.group, file)) return;
      const document = builder.parse(file, 'json');
      if (document) classifyJson(builder, document, file.path, file.source.entry ?? file.source.file);
      return;
    }
  }
}

/**
 * With files named one by one (a pre-commit hook), the rest of their solution folder is read for
 * context: the manifest, connection references, environment variables, settings. The other flows
 * are not context (no rule reads one flow to judge another), and their findings would be dropped,
 * so they are not parsed at all.
 */
function isUnfocusedFlowFile(group: InputGroup, file: RawFile): boolean {
  if (group.focus === undefined || !/^workflows\/[^/]+\.json$/i.test(file.path) || group.focus.includes(file.source.file)) return false;
  // A desktop flow's package holds its script, which cloud flows' findings read.
  const decoded = decodeText(file.bytes);
  return !('text' in decoded && /"package"\s*:\s*"[A-Za-z0-9+/]/.test(decoded.text));
}

/**
 * The same for those flows' workflow records (`Workflows/<flow>.json.data.xml`): rules read a
 * flow's own record and desktop flows (category 6: cloud flows call them), never another cloud
 * flow's record. A record that may be a desktop flow's is parsed as usual.
 */
function isUnfocusedCloudFlowRecord(group: InputGroup, file: RawFile): boolean {
  if (group.focus === undefined || !/^workflows\/[^/]+\.json\.data\.xml$/i.test(file.path)) return false;
  const flowFile = file.source.file.slice(0, -'.data.xml'.length);
  if (group.focus.includes(file.source.file) || group.focus.includes(flowFile)) return false;
  const decoded = decodeText(file.bytes);
  return 'text' in decoded && !/<Category>\s*6\s*<\/Category>/.test(decoded.text);
}

function classifyJson(builder: UnitBuilder, document: SourceDocument, path: string, fullPath: string): void {
  const value = document.value;
  if (detectFlowShape(value)) {
    builder.flowDocuments.push({ document, path });
  } else if (isDesktopFlowStub(value)) {
    // Newer exports keep the script in the workflow record and leave `package` empty; older ones
    // put the script in `package`, a base64 zip.
    readDesktopPackage(builder, document, path);
  } else if (isDeploymentSettings(value)) {
    builder.deploymentSettings.push(buildDeploymentSettings(document));
  } else if (isRecord(value) && getCI(value, 'environmentvariablevalues') !== undefined) {
    builder.envValueDocuments.push({ document, schemaName: schemaNameFromPath(path) ?? schemaNameFromPath(fullPath) });
  } else {
    builder.skip(document);
  }
}

function scriptNode(document: SourceDocument, kind: EmbeddedScript['kind'], code: string, codePointer: JsonPointer): EmbeddedScript {
  const name = document.unitPath.slice(document.unitPath.lastIndexOf('/') + 1);
  return { kind, code, codePointer, location: { document, pointer: codePointer }, logicalName: asName(name), fullyQualifiedName: asName(document.unitPath), logicalKind: 'module' };
}

function schemaNameFromPath(path: string): string | undefined {
  const match = /environmentvariabledefinitions\/([^/]+)\/[^/]+$/i.exec(path);
  return match?.[1];
}

const SOLUTION_MANIFEST_POINTER = pointerOf(['ImportExportXml', 'SolutionManifest']);

function readSolutionManifest(builder: UnitBuilder, document: SourceDocument): void {
  const root = xmlChild(document.value, 'ImportExportXml');
  const manifest = xmlChild(root, 'SolutionManifest');
  if (!manifest) return;
  builder.manifest = document;
  builder.uniqueName = xmlText(xmlChild(manifest, 'UniqueName'));
  const localized = xmlChildren(xmlChild(manifest, 'LocalizedNames'), 'LocalizedName');
  builder.displayName = localized.map((n) => xmlAttr(n, 'description')).find(Boolean) ?? builder.uniqueName;
  builder.version = xmlText(xmlChild(manifest, 'Version'));
  const managed = xmlText(xmlChild(manifest, 'Managed'));
  builder.managed = managed === '1' ? 1 : managed === '2' ? 2 : managed === '0' ? 0 : undefined;
  builder.publisherPrefix = xmlText(xmlChild(xmlChild(manifest, 'Publisher'), 'CustomizationPrefix'));
  // Kept as raw text by the parser (long lists of tables and columns): read only when it names a connection reference.
  const missing = xmlChild(manifest, 'MissingDependencies');
  const missingText = typeof missing === 'string' ? missing : xmlText(missing);
  const dependencies = missingText !== undefined && !/connectionreference/i.test(missingText) ? [] : sectionChildren(missing, 'MissingDependency', builder.limits.maxNestingDepth);
  for (const dependency of dependencies) {
    const required = xmlChild(dependency, 'Required');
    if (xmlAttr(required, 'type')?.toLowerCase() !== 'connectionreference') continue;
    const name = xmlAttr(required, 'id.connectionreferencelogicalname') ?? xmlAttr(required, 'schemaName');
    if (name) builder.externalConnectionReferences.push(name);
  }
}

function readCustomizations(builder: UnitBuilder, document: SourceDocument): void {
  const root = xmlChild(document.value, 'ImportExportXml');
  if (!root) return;
  builder.hasCustomizations = true;
  for (const element of xmlChildren(xmlChildCI(root, 'Workflows'), 'Workflow')) {
    readWorkflowElement(builder, document, element, pointerOf(['ImportExportXml', 'Workflows', 'Workflow']));
  }
  for (const element of xmlChildren(xmlChildCI(root, 'connectionreferences'), 'connectionreference')) {
    const logicalName = xmlAttr(element, 'connectionreferencelogicalname');
    if (!logicalName) continue;
    builder.connectionReferences.push({
      logicalName: asName(logicalName),
      displayName: asName(xmlText(xmlChild(element, 'connectionreferencedisplayname'))),
      connectorId: xmlText(xmlChild(element, 'connectorid')),
      location: { document, pointer: pointerOf(['ImportExportXml', 'connectionreferences', logicalName]), hint: `"${logicalName}"` },
      fullyQualifiedName: asName(`connectionreferences/${logicalName}`),
      logicalKind: 'variable',
    });
  }
  // Older exports keep env-var definitions inside customizations.xml.
  for (const element of xmlChildren(xmlChildCI(root, 'environmentvariabledefinitions'), 'environmentvariabledefinition')) {
    readEnvDefinition(builder, document, element);
  }
  // 2020-era exports: <EnvironmentVariables><Definition><SchemaName>… (PascalCase elements).
  for (const element of xmlChildren(xmlChild(root, 'EnvironmentVariables'), 'Definition')) {
    readLegacyEnvDefinition(builder, document, element);
  }
}

function readWorkflowElement(builder: UnitBuilder, document: SourceDocument, element: unknown, pointer: JsonPointer): void {
  const name = xmlAttr(element, 'Name') ?? '';
  const id = xmlAttr(element, 'WorkflowId')?.replace(/[{}]/g, '').toLowerCase();
  const localized = xmlChildren(xmlChild(element, 'LocalizedNames'), 'LocalizedName');
  const displayName = localized.map((n) => xmlAttr(n, 'description')).find(Boolean) ?? (name || undefined);
  const numberOf = (tag: string): number | undefined => {
    const text = xmlText(xmlChild(element, tag));
    return text !== undefined && /^\d+$/.test(text) ? Number(text) : undefined;
  };
  const record: WorkflowRecord = {
    id,
    name: asName(name),
    displayName: asName(displayName),
    category: numberOf('Category'),
    uiFlowType: numberOf('UIFlowType'),
    stateCode: numberOf('StateCode'),
    jsonFileName: xmlText(xmlChild(element, 'JsonFileName')),
    description: xmlText(xmlChild(element, 'Descriptions')) ?? xmlText(xmlChild(element, 'Description')),
    location: { document, pointer: joinPointer(pointer, id ?? name), hint: id ? id : `Name="${name}"` },
    logicalName: asName(displayName ?? name),
    fullyQualifiedName: asName(displayName ?? name),
    logicalKind: 'module',
  };
  builder.workflows.push(record);
  const definition = xmlText(xmlChild(element, 'Definition'));
  if (record.category === 6 && definition) desktopScripts.set(record, { script: decodeDesktopScript(definition), source: 'definition', location: record.location });
}

interface DesktopScript {
  readonly script: string;
  readonly source: DesktopFlow['scriptSource'];
  readonly location: NodeLocation;
}

/** Desktop flow scripts, held beside the records until the unit is assembled. */
const desktopScripts = new WeakMap<WorkflowRecord, DesktopScript>();

const PACKAGE_POINTER = pointerOf(['properties', 'definition', 'package']);

/** Package members that are never the script: UI element and image repositories, manifests, pictures. */
const NOT_SCRIPT = /\.(?:json|xml|appmask|imgrepo|manifest|png|jpe?g|gif|bmp|ico|zip|dll|exe)$/i;

/**
 * An older desktop flow export: the Robin script is inside `properties.definition.package`, the
 * base64 of a zip (docs/formats.md §1.7). The package is untrusted like any archive: it is read
 * under the input limits, and a package that cannot be read is an input error (the run fails
 * rather than passing a script nobody read).
 */
function readDesktopPackage(builder: UnitBuilder, document: SourceDocument, path: string): void {
  const encoded = asString(asRecord(asRecord(asRecord(document.value)?.properties)?.definition)?.package);
  if (encoded === undefined) return;
  const compact = encoded.replace(/\s+/g, '');
  if (compact === '') return;
  const workflow = workflowFor(builder.workflows, path);
  if (workflow && desktopScripts.get(workflow)?.source === 'definition') return;
  const fail = (message: string): void => {
    builder.errors.push({
      file: document.source.file,
      entry: document.source.entry,
      message: `desktop flow package (properties.definition.package): ${message}; the desktop flow is not analysed`,
    });
  };
  if (compact.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(compact)) return fail('not valid base64');
  const bytes = Buffer.from(compact, 'base64');
  if (!hasZipSignature(bytes)) return fail('the decoded bytes are not a zip archive');
  const read = readZipBytes(bytes, builder.limits, builder.packageBudget, (name) => !NOT_SCRIPT.test(name));
  if (read.error !== undefined) return fail(read.error);
  if (read.entryErrors.length > 0) {
    for (const problem of read.entryErrors) fail(`entry ${problem.entry}: ${problem.message}`);
    return;
  }
  const scripts: string[] = [];
  for (const member of read.members) {
    const decoded = decodeText(member.bytes);
    if ('error' in decoded) return fail(`entry ${member.name}: ${decoded.error}`);
    scripts.push(decoded.text);
  }
  if (scripts.length === 0) return fail('no script found in the package');
  const record = workflow ?? packageWorkflow(builder, document, path);
  // Subflows may sit in separate members: one script, each member starting on its own line.
  desktopScripts.set(record, { script: scripts.join('\n'), source: 'package', location: { document, pointer: PACKAGE_POINTER } });
}

/** A workflow record for a package met without one (a lone `clientdata` file). */
function packageWorkflow(builder: UnitBuilder, document: SourceDocument, path: string): WorkflowRecord {
  const definition = asRecord(asRecord(asRecord(document.value)?.properties)?.definition);
  const id = /([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.json$/i.exec(path)?.[1]?.toLowerCase();
  const name = asString(definition?.name) ?? fileStem(path);
  const record: WorkflowRecord = {
    id,
    name: asName(name),
    displayName: asName(name),
    category: 6,
    location: { document, pointer: PACKAGE_POINTER },
    logicalName: asName(name),
    fullyQualifiedName: asName(name),
    logicalKind: 'module',
  };
  builder.workflows.push(record);
  return record;
}

/** `<Definition>` holds the Robin script as a JSON-encoded string (sometimes plain text). */
function decodeDesktopScript(definition: string): string {
  const trimmed = definition.trim();
  if (trimmed.startsWith('"')) {
    try {
      const decoded: unknown = JSON.parse(trimmed);
      if (typeof decoded === 'string') return decoded;
    } catch {
      // Fall through: keep the raw text.
    }
  }
  return definition;
}

function readEnvDefinitionDocument(builder: UnitBuilder, document: SourceDocument): void {
  for (const element of xmlChildren(document.value, 'environmentvariabledefinition')) {
    readEnvDefinition(builder, document, element);
  }
}

function envVarType(code: string | undefined): EnvVarType {
  const type = code ? ENV_VAR_TYPES[Number(code) as keyof typeof ENV_VAR_TYPES] : undefined;
  return type ?? 'Unknown';
}

function readEnvDefinition(builder: UnitBuilder, document: SourceDocument, element: unknown): void {
  const schemaName = xmlAttr(element, 'schemaname');
  if (!schemaName) return;
  const variable = builder.envVar(schemaName, document);
  variable.location = { document, pointer: pointerOf(['environmentvariabledefinition', schemaName]), hint: `schemaname="${schemaName}"` };
  const labels = xmlChildren(xmlChild(element, 'displayname'), 'label');
  variable.displayName = asName(xmlAttr(xmlChild(element, 'displayname'), 'default') ?? labels.map((l) => xmlAttr(l, 'description')).find(Boolean));
  variable.type = envVarType(xmlText(xmlChild(element, 'type')));
  const store = xmlText(xmlChild(element, 'secretstore'));
  variable.secretStore = store !== undefined && /^\d+$/.test(store) ? Number(store) : undefined;
  const defaultValue = xmlText(xmlChild(element, 'defaultvalue'));
  if (defaultValue !== undefined && defaultValue !== '') {
    variable.defaultValue = {
      value: redact(defaultValue),
      location: { document, pointer: pointerOf(['environmentvariabledefinition', schemaName, 'defaultvalue']), hint: '<defaultvalue>', hintAfter: `schemaname="${schemaName}"` },
      logicalName: asName(schemaName),
      fullyQualifiedName: asName(`${schemaName}/defaultvalue`),
      logicalKind: 'variable',
    };
  }
}

function readLegacyEnvDefinition(builder: UnitBuilder, document: SourceDocument, element: unknown): void {
  const schemaName = xmlText(xmlChild(element, 'SchemaName'));
  if (!schemaName) return;
  const variable = builder.envVar(schemaName, document);
  const anchor = `<SchemaName>${schemaName}</SchemaName>`;
  variable.location = { document, pointer: pointerOf(['ImportExportXml', 'EnvironmentVariables', schemaName]), hint: anchor };
  variable.displayName = asName(
    xmlChildren(xmlChild(xmlChild(element, 'DisplayName'), 'LocalizedNames'), 'LocalizedName')
      .map((n) => xmlAttr(n, 'description'))
      .find(Boolean),
  );
  variable.type = envVarType(xmlText(xmlChild(element, 'Type')));
  const defaultValue = xmlText(xmlChild(element, 'DefaultValue'));
  if (defaultValue !== undefined && defaultValue !== '') {
    variable.defaultValue = {
      value: redact(defaultValue),
      location: { document, pointer: pointerOf(['ImportExportXml', 'EnvironmentVariables', schemaName, 'DefaultValue']), hint: '<DefaultValue>', hintAfter: anchor },
      logicalName: asName(schemaName),
      fullyQualifiedName: asName(`${schemaName}/defaultvalue`),
      logicalKind: 'variable',
    };
  }
}

function readEnvValues(builder: UnitBuilder, document: SourceDocument, schemaName: string | undefined): void {
  const root = asRecord(document.value);
  const listed = root && getCI(root, 'environmentvariablevalues');
  if (Array.isArray(listed)) {
    readLegacyEnvValues(builder, document, listed);
    return;
  }
  const container = asRecord(listed);
  const raw = container && getCI(container, 'environmentvariablevalue');
  const entries = asArray(raw);
  entries.forEach((entry, index) => {
    const record = asRecord(entry);
    const value = asString(record?.value);
    // A value file names its variable by folder; customizations-style entries carry schemaname.
    const name = schemaName ?? asString(record?.schemaname) ?? asString(asRecord(record?.environmentvariabledefinitionid)?.schemaname);
    if (!record || value === undefined || !name) return;
    const list = pointerOf(['environmentvariablevalues', 'environmentvariablevalue']);
    const base = Array.isArray(raw) ? joinPointer(list, index) : list;
    const current: EnvVarValue = {
      value: redact(value),
      location: { document, pointer: joinPointer(base, 'value') },
      logicalName: asName(name),
      fullyQualifiedName: asName(`${name}/value`),
      logicalKind: 'variable',
    };
    builder.envVar(name, document).currentValue = current;
  });
}

/**
 * The 2020-era `environment_variable_values.json`: `{"EnvironmentVariableValues": [{
 * "EnvironmentVariableDefinition.SchemaName": ..., "Value": ...}]}`.
 */
function readLegacyEnvValues(builder: UnitBuilder, document: SourceDocument, entries: readonly unknown[]): void {
  const key = Object.keys(document.value as object).find((k) => k.toLowerCase() === 'environmentvariablevalues') ?? 'EnvironmentVariableValues';
  entries.forEach((entry, index) => {
    const record = asRecord(entry);
    const name = record && asString(getCI(record, 'EnvironmentVariableDefinition.SchemaName'));
    const value = record && asString(getCI(record, 'Value'));
    if (!record || !name || value === undefined) return;
    const valueKey = Object.keys(record).find((k) => k.toLowerCase() === 'value') ?? 'Value';
    builder.envVar(name, document).currentValue = {
      value: redact(value),
      location: { document, pointer: pointerOf([key, index, valueKey]) },
      logicalName: asName(name),
      fullyQualifiedName: asName(`${name}/value`),
      logicalKind: 'variable',
    };
  });
}

function isDeploymentSettings(value: unknown): boolean {
  if (!isRecord(value)) return false;
  const variables = getCI(value, 'EnvironmentVariables');
  const connections = getCI(value, 'ConnectionReferences');
  return (Array.isArray(variables) || Array.isArray(connections)) && !('properties' in value);
}

function buildDeploymentSettings(document: SourceDocument): DeploymentSettings {
  const value = document.value as Record<string, unknown>;
  const file = document.source.entry ?? document.source.file;
  const variablesKey = Object.keys(value).find((k) => k.toLowerCase() === 'environmentvariables') ?? 'EnvironmentVariables';
  const connectionsKey = Object.keys(value).find((k) => k.toLowerCase() === 'connectionreferences') ?? 'ConnectionReferences';
  const environmentVariables = asArray(value[variablesKey]).flatMap((entry, index) => {
    const record = asRecord(entry);
    const schemaName = record && asString(getCI(record, 'SchemaName'));
    const settingValue = record && getCI(record, 'Value');
    if (!record || !schemaName || typeof settingValue !== 'string') return [];
    const valueKey = Object.keys(record).find((k) => k.toLowerCase() === 'value') ?? 'Value';
    return [
      {
        schemaName: asName(schemaName),
        value: redact(settingValue),
        location: { document, pointer: pointerOf([variablesKey, index, valueKey]) },
        logicalName: asName(schemaName),
        fullyQualifiedName: asName(`${file}/EnvironmentVariables/${schemaName}`),
        logicalKind: 'variable' as const,
      },
    ];
  });
  const connectionReferences = asArray(value[connectionsKey]).flatMap((entry, index) => {
    const record = asRecord(entry);
    const logicalName = record && asString(getCI(record, 'LogicalName'));
    if (!record || !logicalName) return [];
    return [
      {
        logicalName: asName(logicalName),
        connectionId: redact(asString(getCI(record, 'ConnectionId')) ?? ''),
        connectorId: asString(getCI(record, 'ConnectorId')),
        location: { document, pointer: pointerOf([connectionsKey, index]) },
        fullyQualifiedName: asName(`${file}/ConnectionReferences/${logicalName}`),
        logicalKind: 'variable' as const,
      },
    ];
  });
  return {
    document,
    environmentVariables,
    connectionReferences,
    location: { document, pointer: ROOT_POINTER },
    logicalName: asName(file.slice(file.lastIndexOf('/') + 1)),
    fullyQualifiedName: asName(file),
    logicalKind: 'module',
  };
}

/** Matches a flow file to its workflow record: by JsonFileName, else by the GUID in the name. */
function workflowFor(workflows: readonly WorkflowRecord[], path: string): WorkflowRecord | undefined {
  const lower = path.toLowerCase();
  const byFile = workflows.find((w) => w.jsonFileName && lower.endsWith(w.jsonFileName.toLowerCase().replace(/^\//, '')));
  if (byFile) return byFile;
  const guid = /([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.json$/i.exec(path)?.[1]?.toLowerCase();
  return guid ? workflows.find((w) => w.id === guid) : undefined;
}

function fileStem(path: string): string {
  const base = path.slice(path.lastIndexOf('/') + 1).replace(/\.json$/i, '');
  return base.replace(/-[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$/, '') || base;
}

function assemble(builder: UnitBuilder): BuiltUnit {
  const { group } = builder;
  for (const { document, schemaName } of builder.envValueDocuments) readEnvValues(builder, document, schemaName);
  const rootFile = sourceKey(group.root);
  const displayName = builder.displayName ?? builder.uniqueName ?? rootFile;
  const flows: Flow[] = [];
  const desktopFlows: DesktopFlow[] = [];
  const usedReferences: Name[] = [];
  const solution = {
    kind: builder.kind,
    root: group.root,
    uniqueName: asName(builder.uniqueName),
    displayName: asName(displayName),
    version: builder.version,
    managed: builder.managed,
    publisherPrefix: builder.publisherPrefix,
    connectionReferences: builder.connectionReferences,
    externalConnectionReferences: builder.externalConnectionReferences,
    hasCustomizations: builder.hasCustomizations,
    connectionReferenceNames: { defined: builder.connectionReferences.map((r) => r.logicalName), used: usedReferences, allFlowsRead: group.focus === undefined },
    environmentVariables: [...builder.environmentVariables.values()],
    workflows: builder.workflows,
    flows,
    desktopFlows,
    deploymentSettings: builder.deploymentSettings,
    scripts: builder.scripts,
    documents: builder.documents,
    location: builder.manifest
      ? { document: builder.manifest, pointer: SOLUTION_MANIFEST_POINTER, hint: '<SolutionManifest>' }
      : { document: builder.packageManifest ?? builder.documents[0] ?? placeholderDocument(group), pointer: ROOT_POINTER },
    logicalName: asName(displayName),
    fullyQualifiedName: asName(displayName),
    logicalKind: 'module' as const,
  } satisfies Solution;
  for (const { document, path } of builder.flowDocuments) {
    const shape = detectFlowShape(document.value)!;
    flows.push(buildFlow(document, shape, solution, workflowFor(builder.workflows, path), fileStem(path)));
  }
  const seenReferences = new Set<string>();
  for (const flow of flows) {
    for (const { referenceLogicalName: name } of flow.connectionReferences) {
      if (name === undefined || seenReferences.has(name.toLowerCase())) continue;
      seenReferences.add(name.toLowerCase());
      usedReferences.push(name);
    }
  }
  for (const workflow of builder.workflows) {
    const script = desktopScripts.get(workflow);
    if (script === undefined) continue;
    desktopFlows.push({
      solution,
      workflow,
      script: script.script,
      scriptSource: script.source,
      location: script.location,
      logicalName: workflow.logicalName,
      fullyQualifiedName: workflow.fullyQualifiedName,
      logicalKind: 'module',
    });
  }
  return { solution, errors: builder.errors, skippedFiles: builder.skippedFiles, ...(builder.overLimit === undefined ? {} : { overLimit: builder.overLimit }) };
}

/** Units whose every file failed still need a location for solution-level checks. */
function placeholderDocument(group: InputGroup): SourceDocument {
  return { source: group.root, unitPath: '', format: 'text', text: '', value: undefined, duplicateKeys: [], prototypeKeys: [] };
}
