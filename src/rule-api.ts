/**
 * The rule API: everything a rule may use, built-in or plugin. Built-in rules import only this
 * module (lint enforces it), and it is what the package exports (`import { defineRule } from
 * 'power-flowlint'`), so a plugin is written against exactly what the built-in rules use.
 *
 * - Defining a rule: `defineRule`, the rule contract types, message data (`label`, `names`,
 *   `nameList`, `redact`: names, numbers and `Redacted` values only).
 * - The model a rule visits: solutions, flows, operations, environment variables, settings.
 * - Shared analyses: secret sources and how secrets travel (`secretsOf`), platform facts (sinks,
 *   Secure Inputs/Outputs, variable actions), credential places, Key Vault names, environments,
 *   the hard-coded secret scan, expressions and desktop flow scripts.
 */
export { defineRule } from './engine/rule.js';
export type {
  AnyRule,
  AuditedSuppression,
  FixDescriptor,
  MessageData,
  OptionsSchema,
  RelatedNode,
  ReportDescriptor,
  Rule,
  RuleContext,
  RuleMeta,
  RuleVisitors,
  RunContext,
} from './engine/types.js';
export { label, nameList, names, redact, Redacted, type Name } from './redact.js';

export {
  OperationKind,
  type ConnectorInputs,
  type Field,
  type HttpRequest,
  type OperationView,
  type SecureDataSupport,
  type VariableEntry,
  type ViewOf,
} from './model/operations.js';
export type {
  ConnectionReference,
  DeploymentConnection,
  DeploymentSetting,
  DeploymentSettings,
  DesktopFlow,
  EnvironmentVariable,
  EnvVarValue,
  Flow,
  FlowConnectionReference,
  FlowParameter,
  ModelNode,
  Operation,
  Project,
  Solution,
  SourceDocument,
} from './model/types.js';
export { documentLeaves } from './analysis/leaves.js';
export { indexStringLeaves, leafKey, leafOwner, leafPath, leafPointer, leavesBelow, type LeafIndex, type StringLeaf } from './model/leaves.js';
export { ownerIndex, type OwnerIndex, type PointerOwner } from './analysis/owners.js';
export { documentNode, fileNameOf, lastKeyOf, parameterTypeName } from './model/names.js';
export { asArray, asRecord, asString, isRecord } from './model/json-helpers.js';
export { escapePointerSegment, joinPointer, parentPointer, pointerOf, ROOT_POINTER, type JsonPointer } from './parse/pointer.js';

export { describeSteps, secretsOf, type Taint, type TaintedUse } from './analysis/secrets.js';
export {
  hiddenByPlatform,
  httpRequestOf,
  isCopyStep,
  isFlowCall,
  isForeach,
  isLoop,
  isSelection,
  isVariableAction,
  KEY_VAULT_HOST,
  keyVaultRestCall,
  type KeyVaultRestCall,
  outputsHidden,
  sinkAt,
  supportsSecureInputs,
  supportsSecureOutputs,
  variablesWritten,
} from './analysis/platform.js';
export { isSecureParameterType, parameterCredentialUses, type ParameterCredentialUse } from './analysis/credentials.js';
export type { FromSchema, OptionsOf } from './from-schema.js';
export { DETECTOR_IDS, type DetectorId } from './analysis/detectors/index.js';
export { findHardcodedSecrets, isKeyVaultReference, isPlaceholder, keyVaultReferenceVersion, type SecretFinding, type SecretScanOptions } from './analysis/detectors/index.js';
export { isSecretName } from './analysis/detectors/secret-names.js';
export { isPlaceholderValue, isValidVaultName, literalVaults, namesVault, productionWordOf, vaultsInValue, type VaultReference } from './analysis/vaults.js';
export { environmentFromPath, isProductionEnvironment, projectVaults, settingsSolutionOf, type EnvironmentPatterns, type VaultUsage } from './analysis/environments.js';
export { flowKey, previousVersionOf } from './analysis/snapshot.js';
export { flowExpressions, UNEVALUATED_KEYS } from './analysis/expressions.js';
export { isTemplate } from './expr/index.js';
export {
  desktopScript,
  desktopScriptNode,
  desktopSecretWrites,
  desktopSinkKind,
  type DesktopSecretWrite,
  type DesktopSinkKind,
  type RobinScript,
  type RobinVariable,
  type SensitiveVariable,
} from './analysis/desktop.js';
