/**
 * Runs the three secret layers over one unit (solution, package or set of lone files) and returns
 * one finding per credential:
 *
 * 1. embedded code — inline JavaScript actions and Office Scripts (`embedded-code.ts`);
 * 2. structural — literal values in places where a credential belongs (`../credentials.ts`),
 *    definition parameter defaults, env-var values, deployment settings values, desktop flow
 *    inputs, and any JSON key named like a secret;
 * 3. known formats — every string leaf of every JSON and XML document, values hidden by
 *    duplicate keys included (`known-formats.ts`).
 *
 * The same credential found by several layers is reported once, by the first layer that found it
 * (with the most specific place description).
 */
import { asName, redact, reveal, type Name, type Redacted } from '../../redact.js';
import type { DeploymentSetting, DesktopFlow, EmbeddedScript, EnvironmentVariable, EnvVarValue, Flow, ModelNode, Operation, Solution, SourceDocument } from '../../model/types.js';
import { isCredentialShaped } from './values.js';
import { desktopLiterals, desktopScript, desktopScriptNode, type RobinScript } from '../desktop.js';
import { credentialFields, parameterCredentialUses, secretParameterDefaults, type CredentialField, type ParameterCredentialUse } from '../credentials.js';
import { scanCode } from './embedded-code.js';
import { judgeLiteral, judgeTemplateValue, type PlaceContext, type SecretScanOptions, type Verdict } from './judge.js';
import { findKnownFormats, mayHoldKnownFormat, type KnownFormatContext, type KnownFormatMatch } from './known-formats.js';
import { constantText, literalPieces } from './literals.js';
import { credentialParameterStrength, isSecretName } from './secret-names.js';
import { joinPointer, type JsonPointer } from '../../parse/pointer.js';
import { indexStringLeaves, leafKey, leafPointer, type StringLeaf } from '../../model/leaves.js';
import { documentLeaves } from '../leaves.js';
import { operationLabel, ownerIndex, type OwnerIndex } from '../owners.js';
import type { DetectorId, PlaceDetectorId } from './ids.js';

export type SecretLayer = 'embedded-code' | 'structural' | 'known-format';

/** A finding as the layers produce it, raw credential included: never leaves this module. */
interface RawSecretFinding {
  readonly layer: SecretLayer;
  /** The model node the finding is about (action, parameter, env var, file, ...). */
  readonly node: ModelNode;
  /** A pointer inside the node's document; absent when the node's own location is better (XML, text). */
  readonly pointer?: JsonPointer;
  /** Which detectors fired (`azure-entra-client-secret`, `http-authentication`, ...), the first first. */
  readonly detectors: readonly DetectorId[];
  /** What was found, as a noun phrase. */
  readonly what: string;
  /** Where, for the message: "Action 'Get_token' body field 'client_secret'". */
  readonly where: string;
  /** The raw credential: redacted before the finding leaves `findHardcodedSecrets`. */
  readonly secret: string;
  readonly level: 'error' | 'warning';
  /** Line inside embedded code. */
  readonly line?: number;
}

/** A hard-coded credential: what, where and which detector as names; the value only redacted. */
export interface SecretFinding extends Omit<RawSecretFinding, 'detectors' | 'what' | 'where' | 'secret'> {
  /** Which detectors fired (`azure-entra-client-secret`, `http-authentication`, ...), the first first. */
  readonly detectors: readonly (DetectorId & Name)[];
  /** What was found, as a noun phrase. */
  readonly what: Name;
  /** Where, for the message: "Action 'Get_token' body field 'client_secret'". */
  readonly where: Name;
  readonly secret: Redacted;
}

const STRUCTURAL_DETECTORS: Record<CredentialField['kind'], { id: PlaceDetectorId; what: string }> = {
  authentication: { id: 'http-authentication', what: 'a literal credential in an HTTP authentication object' },
  header: { id: 'credential-header', what: 'a literal credential in a request header' },
  query: { id: 'credential-parameter', what: 'a literal credential in a query parameter' },
  body: { id: 'credential-parameter', what: 'a literal credential in a request body' },
  'token-request': { id: 'token-request-body', what: 'a literal credential in a token request' },
  url: { id: 'url-password', what: 'a password written into a URI' },
  variable: { id: 'secret-named-variable', what: 'a literal value in a variable named like a secret' },
  compose: { id: 'secret-named-compose', what: 'a literal value in a Compose named like a secret' },
  'connector-parameter': { id: 'credential-connector-parameter', what: 'a literal credential in a connector parameter' },
  parameter: { id: 'secret-named-parameter', what: 'a literal default of a parameter named like a secret' },
};

interface Candidate extends RawSecretFinding {
  readonly document: SourceDocument;
}

/**
 * Past this many credentials in one document, a new one is compared only with those holding the
 * very same value: comparing every pair (one may contain the other) made a document holding
 * 20,000 distinct tokens take 30 s.
 */
const CONTAINMENT_CHECK_LIMIT = 256;

class Collector {
  readonly found: Candidate[] = [];
  /** Indexes into `found`, by document, and by document and value. */
  private readonly byDocument = new Map<SourceDocument, number[]>();
  private readonly bySecret = new Map<SourceDocument, Map<string, number[]>>();

  constructor(readonly options: SecretScanOptions) {}

  private sameCredential(f: Candidate, candidate: Candidate, precise: boolean): boolean {
    return (
      (!precise || f.pointer === undefined || candidate.pointer === undefined || f.pointer === candidate.pointer) &&
      (f.line === undefined || candidate.line === undefined || f.line === candidate.line) &&
      (f.secret.includes(candidate.secret) || candidate.secret.includes(f.secret))
    );
  }

  add(candidate: Candidate): void {
    if (this.options.ignorePatterns.some((p) => p.test(candidate.secret))) return;
    const precise = candidate.document.format === 'json';
    const inDocument = this.byDocument.get(candidate.document) ?? [];
    const sameValue = this.bySecret.get(candidate.document)?.get(candidate.secret) ?? [];
    const pool = inDocument.length <= CONTAINMENT_CHECK_LIMIT ? inDocument : sameValue;
    const index = pool.find((i) => this.sameCredential(this.found[i], candidate, precise)) ?? -1;
    if (index < 0) {
      const added = this.found.push(candidate) - 1;
      if (!this.byDocument.has(candidate.document)) this.byDocument.set(candidate.document, inDocument);
      inDocument.push(added);
      let values = this.bySecret.get(candidate.document);
      if (!values) this.bySecret.set(candidate.document, (values = new Map()));
      const list = values.get(candidate.secret);
      if (list) list.push(added);
      else values.set(candidate.secret, [added]);
      return;
    }
    // Found again by another layer: keep the first (most specific place), name both detectors.
    const first = this.found[index];
    const more = candidate.detectors.filter((id) => !first.detectors.includes(id));
    if (more.length === 0) return;
    this.found[index] = {
      ...first,
      detectors: [...first.detectors, ...more],
      what: candidate.layer === 'known-format' && first.layer !== 'known-format' ? candidate.what : first.what,
      level: first.level === 'error' || candidate.level === 'error' ? 'error' : 'warning',
    };
  }
}

/**
 * All hard-coded secrets of one unit, in the order the layers found them. The string leaves of
 * documents for which `reportsIn` says no are not searched: what that search finds is always in
 * the document searched.
 */
export function findHardcodedSecrets(solution: Solution, options: SecretScanOptions, reportsIn: (document: SourceDocument) => boolean = () => true): SecretFinding[] {
  const collector = new Collector(options);
  const nodes = ownerIndex(solution);
  const uses = new Map(solution.flows.map((flow) => [flow, parameterCredentialUses(flow)]));
  const envVarUses = new Map<string, ParameterCredentialUse>();
  for (const list of uses.values()) {
    for (const use of list) {
      const schema = use.parameter.schemaName?.toLowerCase();
      if (schema && (!envVarUses.has(schema) || use.whole)) envVarUses.set(schema, use);
    }
  }
  scanScripts(solution, collector);
  for (const flow of solution.flows) scanFlow(flow, uses.get(flow) ?? [], collector);
  for (const variable of solution.environmentVariables) scanEnvironmentVariable(variable, envVarUses.get(variable.schemaName.toLowerCase()), collector);
  const definitions = new Map(solution.environmentVariables.map((variable) => [variable.schemaName.toLowerCase(), variable]));
  for (const settings of solution.deploymentSettings)
    for (const setting of settings.environmentVariables) scanDeploymentSetting(setting, definitions.get(setting.schemaName.toLowerCase()), collector);
  for (const desktop of solution.desktopFlows) scanDesktopFlow(desktop, desktopScript(desktop), collector);
  for (const document of solution.documents) if (reportsIn(document)) scanDocument(document, nodes, collector);
  // Detector ids, descriptions and places are flowlint's words around names from the model.
  return collector.found.map(({ document: _document, ...finding }) => ({
    ...finding,
    detectors: finding.detectors.map((id) => asName(id) as DetectorId & Name),
    what: asName(finding.what),
    where: asName(finding.where),
    secret: redact(finding.secret),
  }));
}

// ---------------------------------------------------------------------------------------------
// Embedded code

function scanScripts(solution: Solution, collector: Collector): void {
  for (const script of solution.scripts)
    scanCodeAt(script, script.code, script.codePointer, `${script.kind === 'office-script' ? 'Office Script' : 'Script'} '${script.logicalName}'`, collector);
  for (const flow of solution.flows) {
    for (const action of flow.actions) {
      const inputs = action.inputs as { code?: unknown } | undefined;
      if (!/javascript/i.test(action.type) || typeof inputs?.code !== 'string') continue;
      scanCodeAt(action, inputs.code, joinPointer(action.location.pointer, 'inputs', 'code'), `${operationLabel(action)} inline code`, collector);
    }
  }
}

function scanCodeAt(node: EmbeddedScript | Operation, code: string, pointer: JsonPointer, where: string, collector: Collector): void {
  const document = node.location.document;
  const result = scanCode(code, collector.options);
  for (const secret of result.secrets) {
    const textDocument = document.format !== 'json';
    collector.add({
      layer: 'embedded-code',
      document,
      node: textDocument ? placedAt(node, document, secret.literalOffset) : node,
      pointer: textDocument ? undefined : pointer,
      detectors: secret.detectors,
      what: secret.description,
      where: `${where}, line ${secret.line}`,
      secret: secret.secret,
      level: secret.level,
      line: secret.line,
    });
  }
}

// ---------------------------------------------------------------------------------------------
// Structural: flows

/** Where a parameter is used as a credential, for messages. */
function useLabel(use: ParameterCredentialUse): string {
  return `${operationLabel(use.operation)} ${use.field.label}`;
}

/** A value that fills a credential place on its own is judged as that place; otherwise by name. */
function useStrength(use: ParameterCredentialUse): 'slot' | 'named' {
  return use.whole && use.field.strength === 'slot' ? 'slot' : 'named';
}

function scanFlow(flow: Flow, uses: readonly ParameterCredentialUse[], collector: Collector): void {
  for (const operation of [...flow.triggers, ...flow.actions]) {
    for (const field of credentialFields(operation)) {
      const detector = STRUCTURAL_DETECTORS[field.kind];
      const place: PlaceContext = { strength: field.strength, name: field.name, authorizationScheme: field.authorizationScheme };
      for (const verdict of judgeTemplateValue(field.text, place, collector.options)) {
        addStructural(collector, operation, field.pointer, detector.id, detector.what, `${operationLabel(operation)} ${field.label}`, verdict);
      }
    }
  }
  for (const entry of secretParameterDefaults(flow)) {
    const place: PlaceContext = { strength: entry.strength, name: entry.parameter.name };
    const secure = entry.strength === 'slot';
    for (const verdict of judgeTemplateValue(entry.text, place, collector.options)) {
      addStructural(
        collector,
        entry.parameter,
        entry.pointer,
        secure ? 'secure-parameter-default' : 'secret-named-parameter',
        secure ? 'a literal default of a SecureString parameter' : STRUCTURAL_DETECTORS.parameter.what,
        `The ${entry.label}`,
        verdict,
      );
    }
  }
  // Parameters not named like a secret, but read by a credential place.
  const judged = new Set(secretParameterDefaults(flow).map((entry) => entry.parameter));
  for (const use of uses) {
    const { parameter } = use;
    if (judged.has(parameter) || typeof parameter.defaultValue !== 'string') continue;
    judged.add(parameter);
    for (const verdict of judgeTemplateValue(parameter.defaultValue, { strength: useStrength(use), name: parameter.name }, collector.options)) {
      addStructural(
        collector,
        parameter,
        joinPointer(parameter.location.pointer, 'defaultValue'),
        'parameter-used-as-credential',
        'a literal default of a parameter used as a credential',
        `The default value of parameter '${parameter.name}' (used as a credential in ${useLabel(use)})`,
        verdict,
      );
    }
  }
}

function addStructural(collector: Collector, node: ModelNode, pointer: JsonPointer | undefined, detector: PlaceDetectorId, what: string, where: string, verdict: Verdict): void {
  const document = node.location.document;
  collector.add({ layer: 'structural', document, node, pointer, detectors: [detector], what, where, secret: verdict.secret, level: verdict.level });
}

// ---------------------------------------------------------------------------------------------
// Structural: environment variables, deployment settings, desktop flows

function scanEnvironmentVariable(variable: EnvironmentVariable, use: ParameterCredentialUse | undefined, collector: Collector): void {
  const named = isSecretName(variable.schemaName) || (variable.displayName !== undefined && isSecretName(variable.displayName));
  const values: [EnvVarValue | undefined, string][] = [
    [variable.defaultValue, 'default value'],
    [variable.currentValue, 'value'],
  ];
  for (const [value, which] of values) {
    if (!value) continue;
    const text = reveal(value.value);
    const where = `The ${which} of environment variable '${variable.schemaName}'${use ? ` (used as a credential in ${useLabel(use)})` : ''}`;
    const document = value.location.document;
    const node = document.format === 'json' ? value : placedAt(value, document, text);
    const pointer = document.format === 'json' ? value.location.pointer : undefined;
    for (const match of findKnownFormats(text, { ignoreDetectors: collector.options.ignoreDetectors, context: { key: variable.schemaName } })) {
      collector.add({
        layer: 'known-format',
        document,
        node,
        pointer,
        detectors: [match.detector.id],
        what: match.detector.description,
        where,
        secret: match.secret,
        level: 'error',
      });
    }
    if (named || variable.type === 'Secret' || use) {
      const strength = use && !named ? useStrength(use) : 'named';
      const verdict = judgeLiteral(text, { strength, name: variable.schemaName }, collector.options);
      const detector = named ? 'environment-variable-value' : variable.type === 'Secret' ? 'secret-environment-variable-value' : 'environment-variable-used-as-credential';
      if (verdict) addStructural(collector, node, pointer, detector, 'a literal value in an environment variable that holds a secret', where, verdict);
    }
    if (variable.type === 'JSON') scanJsonText(text, node, pointer, where, collector);
  }
}

/**
 * A deployment setting is the value an environment variable gets on import. For a Secret variable
 * anything but a Key Vault reference (or a pipeline token) is a plain credential, as it is in a
 * value file; when the definition is not at hand (a settings file linted alone) only a value with
 * a credential's shape is one.
 */
function scanDeploymentSetting(setting: DeploymentSetting, definition: EnvironmentVariable | undefined, collector: Collector): void {
  const where = `Deployment setting '${setting.schemaName}'`;
  const text = reveal(setting.value);
  const pointer = setting.location.pointer;
  if (definition?.type === 'Secret') {
    const verdict = judgeLiteral(text, { strength: 'slot', name: setting.schemaName }, collector.options);
    if (verdict) addStructural(collector, setting, pointer, 'secret-environment-variable-value', 'a literal value for a Secret environment variable', where, verdict);
  } else if (isSecretName(setting.schemaName)) {
    const verdict = judgeLiteral(text, { strength: 'named', name: setting.schemaName }, collector.options);
    if (verdict) addStructural(collector, setting, pointer, 'deployment-settings-value', 'a literal value for an environment variable named like a secret', where, verdict);
  } else if (!definition && !ignoredValue(text, collector.options) && isCredentialShaped(text, collector.options)) {
    addStructural(collector, setting, pointer, 'deployment-settings-credential', 'a credential-shaped value for an environment variable', where, {
      level: 'error',
      secret: text.trim(),
    });
  }
  scanJsonText(text, setting, pointer, where, collector);
}

function ignoredValue(text: string, options: SecretScanOptions): boolean {
  return options.ignorePatterns.some((pattern) => pattern.test(text.trim()));
}

/** JSON-typed values (env vars, settings): keys named like a secret inside the JSON text. */
function scanJsonText(text: string, node: ModelNode, pointer: JsonPointer | undefined, where: string, collector: Collector): void {
  const trimmed = text.trim();
  if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) return;
  let value: unknown;
  try {
    value = JSON.parse(trimmed);
  } catch {
    return;
  }
  for (const leaf of indexStringLeaves(value).leaves) {
    const key = leafKey(leaf);
    if (key === undefined || !isSecretName(key)) continue;
    const verdict = judgeLiteral(leaf.value, { strength: 'named', name: key }, collector.options);
    if (verdict) addStructural(collector, node, pointer, 'secret-named-key', `a literal value under key '${key}'`, `${where}, key '${key}'`, verdict);
  }
}

/**
 * Desktop flow (Robin) literals: defaults of inputs and literals of actions, from the parsed script.
 * Secret-named or sensitive ones are judged as credentials; every literal is scanned for known formats.
 */
function scanDesktopFlow(desktop: DesktopFlow, script: RobinScript, collector: Collector): void {
  for (const literal of desktopLiterals(script, isSecretName)) {
    // `%Variable%` interpolation is a reference, not a literal credential.
    if (literal.interpolated) continue;
    const node = desktopScriptNode(desktop, literal.hintText, literal.key, literal.name);
    const document = node.location.document;
    const isDefault = literal.kind === 'default-value';
    const subject = isDefault ? `input '${literal.name}'` : `'${literal.name}' of action ${literal.action ?? ''}`.trim();
    const where = `Desktop flow '${desktop.logicalName}' ${subject} (script line ${literal.line})`;
    for (const match of findKnownFormats(literal.value, { ignoreDetectors: collector.options.ignoreDetectors, context: { key: literal.name } })) {
      collector.add({ layer: 'known-format', document, node, detectors: [match.detector.id], what: match.detector.description, where, secret: match.secret, level: 'error' });
    }
    if (!literal.sensitive && !literal.secretNamed) continue;
    const verdict = judgeLiteral(literal.value, { strength: 'named', name: literal.name ?? '' }, collector.options);
    if (!verdict) continue;
    collector.add({
      layer: 'structural',
      document,
      node,
      detectors: [isDefault ? 'desktop-input-default' : 'desktop-action-literal'],
      what: isDefault
        ? `a literal default for ${literal.sensitive ? 'sensitive ' : ''}desktop flow input '${literal.name}'`
        : `a literal credential in desktop flow action parameter '${literal.name}'`,
      where,
      secret: verdict.secret,
      level: verdict.level,
    });
  }
}

// ---------------------------------------------------------------------------------------------
// Every document: known formats in all string leaves, and JSON keys named like a secret

/** Names are judged once per run, not once per leaf. */
const keyStrengths = new Map<string, ReturnType<typeof credentialParameterStrength>>();

function keyStrength(key: string): ReturnType<typeof credentialParameterStrength> {
  let strength = keyStrengths.get(key);
  if (strength === undefined && !keyStrengths.has(key)) {
    strength = credentialParameterStrength(key.slice(key.lastIndexOf('/') + 1));
    if (keyStrengths.size > 50_000) keyStrengths.clear();
    keyStrengths.set(key, strength);
  }
  return strength;
}

function scanDocument(document: SourceDocument, nodes: OwnerIndex, collector: Collector): void {
  if (document.format === 'text') return; // plain script files: the embedded-code layer reads them
  const json = document.format === 'json';
  /** XML: where the last value was placed (see `placedAt`). */
  let searchFrom = 0;
  const scanLeaf = (leaf: string, place: StringLeaf | JsonPointer, key: string | undefined, hidden: boolean, container: object) => {
    if (leaf.length < 4) return;
    // Literal pieces are parts of the leaf: a leaf without any detector keyword has none to split.
    const matches = !mayHoldKnownFormat(leaf) ? [] : knownFormatsInLeaf(leaf, json, { key, siblings: () => Object.values(container) }, collector.options);
    const strength = json && key !== undefined ? keyStrength(key) : undefined;
    // Literal text, or literals folded by `concat`/`base64`/...: an expression reading run-time data is no literal.
    const constant = strength === 'named' || strength === 'slot' ? constantText(leaf) : undefined;
    const verdict = constant !== undefined ? judgeLiteral(constant, { strength: 'named', name: key }, collector.options) : undefined;
    if (matches.length === 0 && !verdict) return;
    // Only now work out where the leaf is: most leaves hold nothing.
    const pointer = typeof place === 'string' ? place : leafPointer(place);
    const owner = nodes.ownerAt(document, pointer);
    const where = `${owner.where}${hidden ? ' (a value hidden by a duplicate key)' : ''}`;
    const at = json ? pointer : undefined;
    for (const match of matches) {
      // XML is placed by offset: at the secret, since a leaf may be a whole section kept as raw text.
      const node = json ? owner.node : placedAt(owner.node, document, match.secret, searchFrom);
      if (!json && node.location.offset !== undefined) searchFrom = node.location.offset;
      collector.add({
        layer: 'known-format',
        document,
        node,
        pointer: at,
        detectors: [match.detector.id],
        what: match.detector.description,
        where,
        secret: match.secret,
        level: 'error',
      });
    }
    if (verdict) {
      // Only JSON keys are judged by name.
      collector.add({
        layer: 'structural',
        document,
        node: owner.node,
        pointer: at,
        detectors: ['secret-named-key'],
        what: `a literal value under key '${key}'`,
        where,
        secret: verdict.secret,
        level: verdict.level,
      });
    }
  };
  // JSON documents share their index with the flow analyses; an XML tree is read here only.
  const index = json ? documentLeaves(document) : indexStringLeaves(document.value);
  for (const leaf of index.leaves) scanLeaf(leaf.value, leaf, leafKey(leaf), false, leaf.parent.json);
  for (const duplicate of document.duplicateKeys) {
    for (const shadowed of duplicate.shadowedValues) {
      for (const leaf of indexStringLeaves(shadowed).leaves) scanLeaf(leaf.value, duplicate.pointer, leafKey(leaf) ?? duplicate.key, true, leaf.parent.json);
    }
  }
}

/** Known formats in a leaf's literal pieces (JSON) or its whole text (XML), told where the leaf sits. */
function knownFormatsInLeaf(leaf: string, json: boolean, context: KnownFormatContext, options: SecretScanOptions): KnownFormatMatch[] {
  const scanOptions = { ignoreDetectors: options.ignoreDetectors, context };
  return (json ? literalPieces(leaf) : [{ text: leaf }]).flatMap((piece) => findKnownFormats(piece.text, scanOptions));
}

/**
 * XML and text documents are located by offset: where the value first occurs, or the given
 * offset. A caller placing many values of one document in order passes where the last one was found as
 * `from`, so each search goes on from there rather than over the whole text again. The region
 * then runs from the start of that line (at most 48 characters before the
 * value) to the value's third character — no more than a redacted value shows anyway. A value that
 * cannot be found leaves the node its own location.
 */
function placedAt(node: ModelNode, document: SourceDocument, anchor: string | number, from = 0): ModelNode {
  const text = document.text;
  let at = typeof anchor === 'number' ? anchor : text.indexOf(anchor, from);
  // Searched from where the previous value was found (the common, in-order case), then from the start.
  if (at < 0 && from > 0 && typeof anchor === 'string') at = text.indexOf(anchor);
  if (at < 0 || at > text.length) return node;
  return { ...node, location: { document, pointer: node.location.pointer, offset: at } };
}
