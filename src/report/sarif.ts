/**
 * SARIF 2.1.0 reporter: one run, every rule in `tool.driver.rules`, one result per finding.
 * The shape follows `docs/reports.md` (SARIF) and the ingestion rules of GitHub code scanning and the
 * Azure DevOps SARIF SAST tab. URIs are relative to `%SRCROOT%` (the working directory) and the
 * log never names an absolute path of the machine it ran on.
 */
import { sha256 } from '../hash.js';
import type { Run, Location, Log, LogicalLocation, Notification, PhysicalLocation, Region, ReportingDescriptor, Result, Suppression, ThreadFlowLocation } from 'sarif';
import type { Finding, FindingLocation, FindingStep, Region as FindingRegion, RuleMeta, RunDiagnostic, RunResult } from '../engine/types.js';
import type { ReportContext } from './types.js';
import { diagnosticText, pascalCase, toRelativeUri } from './util.js';
import { jsonChunks, streamedItems } from './chunks.js';

export const SARIF_SCHEMA_URI = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

/** The base every artifact URI is relative to: the directory flowlint ran in. */
export const SRCROOT = '%SRCROOT%';

/** Key of flowlint's own fingerprint in `partialFingerprints`. */
export const FINGERPRINT_KEY = 'flowlint/v1';

/** Key of a shard's merge data in `runs[0].properties`. */
export const SHARD_PROPERTY = 'flowlint/shard';

/** GitHub code scanning reads at most this many tags per rule. */
const MAX_TAGS = 20;

export function sarifReporter(result: RunResult, context: ReportContext): string {
  return [...sarifChunks(result, context)].join('');
}

/** The SARIF text in pieces, one result at a time (see chunks.ts); joined, `sarifReporter`'s text. */
export function sarifChunks(result: RunResult, context: ReportContext): Generator<string> {
  return jsonChunks(sarifSkeleton(result, context, streamedItems()), sarifResults(result, context));
}

/** The SARIF log as an object. */
export function buildSarifLog(result: RunResult, context: ReportContext): Log {
  return sarifSkeleton(result, context, [...sarifResults(result, context)]);
}

/** How many results the log has: the github profile leaves suppressed findings out. */
export function sarifResultCount(result: RunResult, context: ReportContext): number {
  return result.findings.filter((finding) => keptInSarif(finding, context)).length;
}

function keptInSarif(finding: Finding, context: ReportContext): boolean {
  return finding.suppressions.length === 0 || (context.sarifProfile ?? 'github') !== 'github';
}

function ruleIndexOf(context: ReportContext): Map<string, number> {
  const ruleIndex = new Map<string, number>();
  context.rules.forEach((meta, index) => {
    if (!ruleIndex.has(meta.id)) ruleIndex.set(meta.id, index);
  });
  return ruleIndex;
}

function* sarifResults(result: RunResult, context: ReportContext): Generator<Result> {
  const ruleIndex = ruleIndexOf(context);
  // Line hashes are numbered over every finding, suppressed or not, so a result keeps its hash
  // whichever profile drops or keeps its suppressed neighbours.
  const lineHashes = primaryLocationLineHashes(result.findings.map((finding) => finding.fingerprint));
  for (const [index, finding] of result.findings.entries()) {
    if (keptInSarif(finding, context)) yield toResult(finding, lineHashes[index], ruleIndex, context.sarifProfile === 'azure-devops');
  }
}

function sarifSkeleton(result: RunResult, context: ReportContext, results: Result[]): Log {
  const ruleIndex = ruleIndexOf(context);
  return {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'flowlint',
            fullName: `flowlint ${context.toolVersion}`,
            version: context.toolVersion,
            semanticVersion: context.toolVersion,
            informationUri: context.informationUri,
            rules: context.rules.map((meta) => toReportingDescriptor(meta, context.helpUri(meta.id))),
          },
        },
        // The category GitHub code scanning and GHAzDO group uploads by (`category/run-id`).
        automationDetails: automationDetailsOf(context),
        ...(context.sarifProfile === 'azure-devops' && context.azurePipeline?.repositoryUri
          ? {
              versionControlProvenance: [
                {
                  repositoryUri: context.azurePipeline.repositoryUri,
                  ...(context.azurePipeline.sourceVersion ? { revisionId: context.azurePipeline.sourceVersion } : {}),
                  branch: context.azurePipeline.branch,
                  mappedTo: { uriBaseId: SRCROOT },
                },
              ],
            }
          : {}),
        invocations: [
          {
            executionSuccessful: result.diagnostics.length === 0,
            toolExecutionNotifications: result.diagnostics.map((diagnostic) => toNotification(diagnostic, ruleIndex)),
          },
        ],
        originalUriBaseIds: {
          [SRCROOT]: {
            description: { text: 'The directory flowlint was run in; every artifact URI is relative to it.' },
          },
        },
        columnKind: 'utf16CodeUnits',
        // A `--shard` run's log only: what `flowlint merge` needs (merged logs have none).
        ...(result.shard ? { properties: { [SHARD_PROPERTY]: result.shard } } : {}),
        results,
      },
    ],
  };
}

/** GHAzDO wants `azuredevops/pipeline/build/<org>/<project>/<definition>/<phase>/<branch>/<build>`. */
function automationDetailsOf(context: ReportContext): Run['automationDetails'] {
  const pipeline = context.sarifProfile === 'azure-devops' ? context.azurePipeline : undefined;
  if (!pipeline) return { id: 'flowlint/' };
  const organization = pipeline.collectionUri.replace(/\/+$/, '').split('/').pop() ?? pipeline.collectionUri;
  const prefix = 'azuredevops/pipeline/build';
  return {
    id: `${prefix}/${organization}/${pipeline.project}/${pipeline.definitionId}/${pipeline.phaseId}/${pipeline.branch}/${pipeline.buildId}`,
    properties: {
      [`${prefix}/collectionUri`]: pipeline.collectionUri,
      [`${prefix}/projectName`]: pipeline.project,
      [`${prefix}/buildDefinitionId`]: pipeline.definitionId,
      [`${prefix}/buildDefinitionName`]: pipeline.definitionName,
      [`${prefix}/phaseId`]: pipeline.phaseId,
      [`${prefix}/phaseName`]: pipeline.phaseName,
      [`${prefix}/branch`]: pipeline.branch,
      [`${prefix}/buildId`]: pipeline.buildId,
    },
  };
}

function toReportingDescriptor(meta: RuleMeta<object, string>, helpUri: string): ReportingDescriptor {
  // GitHub gives every alert of a rule the rule's security severity, whatever the result's level:
  // a rule whose findings are notes by default (a plugin's, say) must not raise security alerts.
  const securitySeverity = meta.defaultLevel === 'note' ? undefined : formatSecuritySeverity(meta.securitySeverity);
  const tags = ruleTags(meta.tags, securitySeverity !== undefined);
  const properties: Record<string, unknown> = { tags, precision: meta.precision };
  if (securitySeverity !== undefined) properties['security-severity'] = securitySeverity;
  const fullDescription = meta.rationale.trim() === '' ? meta.description : meta.rationale;
  return {
    id: meta.id,
    name: pascalCase(meta.id),
    shortDescription: { text: meta.description },
    fullDescription: { text: fullDescription },
    help: {
      text: `${meta.description}\n\n${fullDescription}\n\nDocumentation: ${helpUri}`,
      markdown: `${meta.description}\n\n${fullDescription}\n\n[${meta.id} documentation](${markdownUrl(helpUri)})`,
    },
    helpUri,
    defaultConfiguration: { level: meta.defaultLevel },
    properties,
  };
}

/** `8.5` -> `"8.5"`, `9` -> `"9.0"`, kept within GitHub's 0.1-10.0; undefined for quality rules. */
export function formatSecuritySeverity(severity: number | undefined): string | undefined {
  if (severity === undefined || !Number.isFinite(severity)) return undefined;
  return Math.min(10, Math.max(0.1, severity)).toFixed(1);
}

/** `CWE-532`, `cwe-532` or `external/cwe/cwe-532`: the CWE number. */
const CWE_TAG = /^(?:external\/cwe\/)?cwe-0*(\d+)$/i;

/**
 * The rule's tags with CWEs spelt as GitHub reads them (`external/cwe/cwe-532`), deduplicated;
 * `security` for security rules and only for them (GitHub treats a rule tagged `security` as a
 * security query); at most `MAX_TAGS`.
 */
function ruleTags(tags: readonly string[], security: boolean): string[] {
  const spelt = tags.map((tag) => tag.replace(CWE_TAG, (_whole, number: string) => `external/cwe/cwe-${number}`));
  const unique = [...new Set(spelt)].filter((tag) => security || tag !== 'security');
  if (security && !unique.includes('security')) unique.push('security');
  if (unique.length <= MAX_TAGS) return unique;
  if (!security) return unique.slice(0, MAX_TAGS);
  return [...unique.filter((tag) => tag !== 'security').slice(0, MAX_TAGS - 1), 'security'];
}

function markdownUrl(url: string): string {
  return url.replace(/[\s()<>]/g, (char) => encodeURIComponent(char));
}

function toResult(finding: Finding, lineHash: string, ruleIndex: ReadonlyMap<string, number>, withSuppressions: boolean): Result {
  const { location } = finding;
  const index = ruleIndex.get(finding.ruleId);
  const result: Result = {
    ruleId: finding.ruleId,
    ...(index !== undefined ? { ruleIndex: index } : {}),
    level: finding.level,
    message: { text: locatedText(finding.message, location) },
  };
  result.locations = [
    {
      physicalLocation: physicalLocation(location),
      logicalLocations: [logicalLocation(location)],
    },
  ];
  result.partialFingerprints = {
    [FINGERPRINT_KEY]: finding.fingerprint,
    primaryLocationLineHash: lineHash,
  };

  let nextId = 1;
  const relatedStep = (step: FindingStep): Location => ({ id: nextId++, ...stepLocation(step) });
  result.relatedLocations = [...finding.related.map(relatedStep), ...finding.dataFlow.map(relatedStep)];

  if (finding.dataFlow.length > 0) {
    const steps: ThreadFlowLocation[] = finding.dataFlow.map((step) => ({ location: stepLocation(step) }));
    const last = finding.dataFlow[finding.dataFlow.length - 1].location;
    if (!sameLocation(last, location)) {
      steps.push({ location: stepLocation({ location, message: finding.message }) });
    }
    steps.forEach((step, order) => {
      step.executionOrder = order + 1;
    });
    result.codeFlows = [{ threadFlows: [{ locations: steps }] }];
  }

  if (withSuppressions) {
    result.suppressions = finding.suppressions.map((suppression): Suppression => {
      const out: Suppression = { kind: suppression.kind, status: 'accepted' };
      if (suppression.justification !== undefined) out.justification = suppression.justification;
      out.properties = { origin: suppression.origin };
      return out;
    });
  }

  const properties: Record<string, unknown> = { jsonPointer: location.pointer };
  Object.assign(properties, entryProperties(location));
  if (finding.solution !== undefined) properties.solution = finding.solution;
  if (finding.flow !== undefined) properties.flow = finding.flow;
  result.properties = properties;
  return result;
}

/**
 * The text with the archive member and line appended (`… (in Workflows/x.json line 12)`) when the
 * place is inside a zip: the physical location is then the zip, with no region, and code scanning
 * alerts and SARIF viewers show the message but not `properties`.
 */
function locatedText(text: string, location: FindingLocation): string {
  if (location.entry === undefined) return text;
  const line = location.region === undefined ? '' : ` line ${location.region.startLine}`;
  return `${text} (in ${location.entry}${line})`;
}

/**
 * A file relative to `%SRCROOT%`. A file with no relative form (another drive on Windows) gets an
 * absolute `file:` URI and no base: SARIF allows a base only under a relative reference.
 */
function artifactLocationOf(file: string): { uri: string; uriBaseId?: string } {
  const drive = /^[A-Za-z]:[\\/]/.test(file);
  if (!drive && !file.startsWith('/')) return { uri: toRelativeUri(file), uriBaseId: SRCROOT };
  const path = file.split('\\').join('/');
  return { uri: drive ? `file:///${path.slice(0, 2)}${toRelativeUri(path.slice(2))}` : `file://${toRelativeUri(path)}` };
}

/** The artifact (a text file, or the zip for an archive member) and, for text files, the region. */
function physicalLocation(location: FindingLocation): PhysicalLocation {
  const physical: PhysicalLocation = {
    artifactLocation: artifactLocationOf(location.file),
  };
  // A zip is binary: a line/column region in it would be meaningless, so archive members carry
  // their region in `properties.entryRegion` instead.
  if (location.region !== undefined && location.entry === undefined) {
    physical.region = toRegion(location.region, location.snippet);
  }
  return physical;
}

function toRegion(span: FindingRegion, snippet: string | undefined): Region {
  const { startLine, startColumn, endLine, endColumn } = span;
  const out: Region = { startLine, startColumn, endLine, endColumn };
  if (snippet !== undefined) out.snippet = { text: snippet };
  return out;
}

/** `entry` and `entryRegion` for an archive member; nothing for a plain file. */
function entryProperties(location: FindingLocation): Record<string, unknown> {
  if (location.entry === undefined) return {};
  const properties: Record<string, unknown> = { entry: location.entry };
  if (location.region !== undefined) properties.entryRegion = toRegion(location.region, location.snippet);
  return properties;
}

function logicalLocation(location: FindingLocation): LogicalLocation {
  return {
    name: location.logicalName,
    fullyQualifiedName: location.fullyQualifiedName,
    kind: location.logicalKind,
  };
}

/** A related or code-flow location: where it is, what it is, and what happens there. */
function stepLocation(step: FindingStep): Location {
  return {
    physicalLocation: physicalLocation(step.location),
    logicalLocations: [logicalLocation(step.location)],
    message: { text: locatedText(step.message, step.location) },
    properties: { jsonPointer: step.location.pointer, ...entryProperties(step.location) },
  };
}

function sameLocation(a: FindingLocation, b: FindingLocation): boolean {
  return a.file === b.file && a.entry === b.entry && a.pointer === b.pointer;
}

/**
 * GitHub's `primaryLocationLineHash`: its upload action computes one only for files it can read in
 * the checkout (never for zip members), so flowlint provides its own. It derives from the stable
 * fingerprint, not from line content, plus GitHub's `:n` occurrence suffix for equal hashes.
 */
export function primaryLocationLineHashes(fingerprints: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return fingerprints.map((fingerprint) => {
    const hash = sha256([fingerprint]).slice(0, 16);
    const occurrence = (seen.get(hash) ?? 0) + 1;
    seen.set(hash, occurrence);
    return `${hash}:${occurrence}`;
  });
}

function toNotification(diagnostic: RunDiagnostic, ruleIndex: ReadonlyMap<string, number>): Notification {
  const notification: Notification = {
    level: 'error',
    message: { text: diagnosticText(diagnostic) },
    descriptor: { id: diagnostic.kind === 'input' ? 'input-error' : 'internal-error' },
  };
  if (diagnostic.ruleId !== undefined) {
    const index = ruleIndex.get(diagnostic.ruleId);
    notification.associatedRule = index === undefined ? { id: diagnostic.ruleId } : { id: diagnostic.ruleId, index };
  }
  if (diagnostic.file !== '') {
    const location: Location = {
      physicalLocation: { artifactLocation: artifactLocationOf(diagnostic.file) },
    };
    if (diagnostic.entry !== undefined) location.properties = { entry: diagnostic.entry };
    notification.locations = [location];
  }
  return notification;
}
