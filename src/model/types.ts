/**
 * The model flowlint builds from an export: solutions (or legacy packages, or lone files), their
 * flows with actions as a tree, connection references, environment variables and deployment
 * settings. Every node knows the document it came from and a JSON pointer (or XML hint) inside it,
 * so the engine can turn any node into file, archive entry, line and column when a finding names it.
 */
import type { Name, Redacted } from '../redact.js';
import type { ConnectorCall, OperationView, SecureDataSupport } from './operations.js';

export type { ConnectorCall } from './operations.js';
import type { JsonPointer } from '../parse/pointer.js';

/** Where a file came from: a path relative to the working directory and, inside a zip, the entry. */
export interface SourceRef {
  /** Display path: relative to the working directory, `/`-separated. For a zip member, the zip. */
  readonly file: string;
  /** Archive member path; nested zips are joined with `!` (`inner.zip!Workflows/x.json`). */
  readonly entry?: string;
}

export type DocumentFormat = 'json' | 'xml' | 'text';

/** A parsed input document. The text is kept for position lookups and never reaches reporters. */
/** A region of a text file, 1-based; `endColumn` is the column after the last character. */
export interface Region {
  readonly startLine: number;
  readonly startColumn: number;
  readonly endLine: number;
  readonly endColumn: number;
}

export interface SourceDocument {
  readonly source: SourceRef;
  /** Path inside its unit (archive entry or path below the solution folder), `/`-separated. */
  readonly unitPath: string;
  readonly format: DocumentFormat;
  readonly text: string;
  /**
   * `JSON.parse` result for JSON documents; the fast-xml-parser tree for XML. Undefined once the
   * unit is linted (`releaseParsedValues`): the text stays for locating findings.
   */
  readonly value: unknown;
  /** Keys that occur more than once in one JSON object; JSON.parse keeps only the last value. */
  readonly duplicateKeys: readonly DuplicateKey[];
  /** Pointers of `__proto__`/`constructor`/`prototype` keys (JSON), which naive copies mishandle. */
  readonly prototypeKeys: readonly JsonPointer[];
}

export interface DuplicateKey {
  /** Pointer of the object member (the one JSON.parse kept). */
  readonly pointer: JsonPointer;
  readonly key: Name;
  /** The values JSON.parse dropped, in document order, so detectors can still scan them. */
  readonly shadowedValues: readonly unknown[];
}

/** A place inside a document: a JSON pointer for JSON, a text to search for in XML and text. */
export interface NodeLocation {
  readonly document: SourceDocument;
  /** RFC 6901 pointer (JSON); for XML, a logical pointer such as `/environmentvariabledefinition`. */
  readonly pointer: JsonPointer;
  /** XML and text documents: a snippet of text whose first occurrence marks the node. */
  readonly hint?: string;
  /** Search for `hint` only after the first occurrence of this text (the enclosing record's hint). */
  readonly hintAfter?: string;
  /** XML and text documents: the offset of the node's value, when it is known exactly (then `hint` is not needed). */
  readonly offset?: number;
}

export type LogicalKind = 'function' | 'variable' | 'module';

/** Anything a rule can report on. */
export interface ModelNode {
  readonly location: NodeLocation;
  /** SARIF logicalLocations: the short name and the `Flow/Container/.../Name` path. */
  readonly logicalName: Name;
  readonly fullyQualifiedName: Name;
  readonly logicalKind: LogicalKind;
}

export type UnitKind = 'solution' | 'package' | 'standalone';

/**
 * A solution (zip or unpacked folder), a legacy flow package, or a set of files that belong to no
 * solution (lone flow definitions, deployment settings, env-var files given directly).
 */
export interface Solution extends ModelNode {
  readonly kind: UnitKind;
  /** The zip file or folder (or, for standalone files, the file itself). */
  readonly root: SourceRef;
  readonly uniqueName?: Name;
  readonly displayName?: Name;
  readonly version?: string;
  /** `0` unmanaged, `1` managed, `2` both (SolutionPackager `/packagetype:Both`). */
  readonly managed?: 0 | 1 | 2;
  readonly publisherPrefix?: string;
  readonly connectionReferences: readonly ConnectionReference[];
  /** Connection references the solution declares as missing dependencies (another solution has them). */
  readonly externalConnectionReferences: readonly string[];
  /** True when customizations were read, so the set of connection references is known. */
  readonly hasCustomizations: boolean;
  /**
   * Logical names of the connection references the unit's flows bind to, each once; kept as plain
   * names in the retained view (src/run/unit.ts), where flows and connection references are not.
   */
  readonly connectionReferenceNames: ConnectionReferenceNames;
  readonly environmentVariables: readonly EnvironmentVariable[];
  readonly workflows: readonly WorkflowRecord[];
  readonly flows: readonly Flow[];
  readonly desktopFlows: readonly DesktopFlow[];
  readonly deploymentSettings: readonly DeploymentSettings[];
  /** Office Scripts (`.osts`) found in the unit or given directly. */
  readonly scripts: readonly EmbeddedScript[];
  /** Every document the unit holds, for rules that scan text-level facts (duplicate keys). */
  readonly documents: readonly SourceDocument[];
}

export interface ConnectionReferenceNames {
  /** Defined in customizations.xml. */
  readonly defined: readonly Name[];
  /** Bound by the unit's flows (`connection.connectionReferenceLogicalName`). */
  readonly used: readonly Name[];
  /** False when only some flows were read (files linted one by one, their folder as context). */
  readonly allFlowsRead: boolean;
}

/** A `<connectionreference>` in customizations.xml. */
export interface ConnectionReference extends ModelNode {
  /** `connectionreferencelogicalname` (also the node's SARIF logical name). */
  readonly logicalName: Name;
  readonly displayName?: Name;
  /** `/providers/Microsoft.PowerApps/apis/shared_keyvault` */
  readonly connectorId?: string;
}

export const ENV_VAR_TYPES = {
  100000000: 'String',
  100000001: 'Number',
  100000002: 'Boolean',
  100000003: 'JSON',
  100000004: 'DataSource',
  100000005: 'Secret',
} as const;
export type EnvVarType = (typeof ENV_VAR_TYPES)[keyof typeof ENV_VAR_TYPES] | 'Unknown';

/** An environment variable definition, with its default and (if exported) current value. */
export interface EnvironmentVariable extends ModelNode {
  readonly schemaName: Name;
  readonly displayName?: Name;
  readonly type: EnvVarType;
  /** Only meaningful for Secret variables: 0 Azure Key Vault, 1 Dataverse. */
  readonly secretStore?: number;
  readonly defaultValue?: EnvVarValue;
  readonly currentValue?: EnvVarValue;
}

/** A value of an env var: the default in the definition XML, or a value in a values JSON file. */
export interface EnvVarValue extends ModelNode {
  /** As read from the export: a value, never shown but redacted. */
  readonly value: Redacted;
}

/** A `<Workflow>` record from customizations.xml or a `Workflows/*.json.data.xml`. */
export interface WorkflowRecord extends ModelNode {
  readonly id?: string;
  readonly name: Name;
  readonly displayName?: Name;
  /** 5 cloud flow, 6 desktop flow, ... (docs/formats.md §1.3). */
  readonly category?: number;
  readonly uiFlowType?: number;
  readonly stateCode?: number;
  readonly jsonFileName?: string;
  readonly description?: string;
}

/** A definition parameter (`definition.parameters`), including env-var parameters. */
export interface FlowParameter extends ModelNode {
  readonly name: Name;
  readonly type?: string;
  /** `metadata.schemaName` of env-var parameters. */
  readonly schemaName?: Name;
  readonly defaultValue?: unknown;
  readonly flow: Flow;
}

/** An entry of `properties.connectionReferences` in a flow file. */
export interface FlowConnectionReference extends ModelNode {
  /** The key actions use as `host.connectionName` (e.g. `shared_keyvault`). */
  readonly key: Name;
  readonly apiName?: string;
  /** `connection.connectionReferenceLogicalName`: solution-aware binding. */
  readonly referenceLogicalName?: Name;
  /** `connection.name` / `connection.id` / legacy `connectionName`: a concrete connection. */
  readonly connectionName?: Name;
  readonly runtimeSource?: string;
  readonly flow: Flow;
}

export type ActionBranch = 'actions' | 'else' | 'default' | `case:${string}`;

/** An action or a trigger of a flow definition. */
export interface Operation extends ModelNode {
  readonly role: 'action' | 'trigger';
  /** The key in `actions`/`triggers` (spaces already turned into `_` by the designer). */
  readonly name: Name;
  readonly type: string;
  readonly kind?: string;
  /** The raw (frozen) JSON of the action. */
  readonly json: Readonly<Record<string, unknown>>;
  readonly inputs: unknown;
  readonly description?: string;
  /** Secure Inputs / Secure Outputs (`runtimeConfiguration.secureData.properties`). */
  readonly secureInputs: boolean;
  readonly secureOutputs: boolean;
  /** Which of Secure Inputs and Outputs the action's type has. */
  readonly secureData: SecureDataSupport;
  readonly connector?: ConnectorCall;
  /** What the operation does, with typed fields that carry their pointers. */
  readonly view: OperationView;
  readonly flow: Flow;
  /** Enclosing container action, if any, and which of its branches holds this one. */
  readonly parent?: Operation;
  readonly branch?: ActionBranch;
  /** Container names from the definition root down to (not including) this action. */
  readonly containerPath: readonly string[];
  /** Nested actions of a container, in document order. */
  readonly children: readonly Operation[];
  readonly runAfter: readonly string[];
}

/** A cloud flow definition (Category 5). */
export interface Flow extends ModelNode {
  readonly solution: Solution;
  readonly document: SourceDocument;
  /** Pointer of the WDL `definition` object inside the document. */
  readonly definitionPointer: JsonPointer;
  readonly definition: Readonly<Record<string, unknown>>;
  readonly displayName: Name;
  /** Workflow name (solution) or flow GUID (package) when known. */
  readonly name?: Name;
  readonly workflow?: WorkflowRecord;
  readonly triggers: readonly Operation[];
  /** Top-level actions in document order. */
  readonly rootActions: readonly Operation[];
  /** Every action, depth-first in document order (containers before their children). */
  readonly actions: readonly Operation[];
  readonly actionsByName: ReadonlyMap<string, Operation>;
  readonly parameters: readonly FlowParameter[];
  readonly connectionReferences: readonly FlowConnectionReference[];
  /** Pointer of the flow's `connectionReferences` map; absent for a bare definition. */
  readonly connectionReferencesPointer?: JsonPointer;
  /** Shapes the builder could not read (unknown container layout, malformed expressions). */
  readonly problems: readonly ModelProblem[];
}

export interface ModelProblem {
  readonly node: ModelNode;
  readonly pointer: JsonPointer;
  readonly reason: Name;
}

/** A desktop flow (Category 6) and its Robin script. */
export interface DesktopFlow extends ModelNode {
  readonly solution: Solution;
  readonly workflow: WorkflowRecord;
  /** The decoded Robin script text. */
  readonly script: string;
  /**
   * Where the script was read from: the workflow record's `<Definition>`, or the base64 zip in
   * `properties.definition.package` of the flow's JSON (older exports, docs/formats.md §1.7). A
   * package flow's `location` is that field: positions inside the encoded script cannot be shown.
   */
  readonly scriptSource: 'definition' | 'package';
}

/** Code embedded in an export: an Office Script body (`.osts`) or a plain `.ts`/`.js` script file. */
export interface EmbeddedScript extends ModelNode {
  readonly kind: 'office-script' | 'script-file';
  readonly code: string;
  /** Pointer of the code string (`/body` in `.osts`, empty for plain files). */
  readonly codePointer: JsonPointer;
}

/** `pac solution create-settings` output (or a file of that shape). */
export interface DeploymentSettings extends ModelNode {
  readonly document: SourceDocument;
  readonly environmentVariables: readonly DeploymentSetting[];
  readonly connectionReferences: readonly DeploymentConnection[];
}

export interface DeploymentSetting extends ModelNode {
  readonly schemaName: Name;
  /** As read from the settings file: a value, never shown but redacted. */
  readonly value: Redacted;
}

export interface DeploymentConnection extends ModelNode {
  readonly logicalName: Name;
  /** As read from the settings file (empty when absent): never shown but redacted. */
  readonly connectionId: Redacted;
  readonly connectorId?: string;
}

/** Everything a run loaded. */
export interface Project {
  readonly solutions: readonly Solution[];
}
