/**
 * Runs rules over model units. Each unit is walked once; every enabled rule's visitors are called
 * for each node. A rule that throws is isolated: it becomes an internal error naming the rule and
 * the file, and the other rules go on. Findings are rendered, located and fingerprinted here, so
 * rules only say what and where, and reporters only format.
 */
import { asName, redactString } from '../redact.js';
import { sha256 } from '../hash.js';
import type { Flow, ModelNode, NodeLocation, Project, Solution, SourceDocument, SourceRef } from '../model/types.js';
import { resolveRegion } from '../parse/positions.js';
import { createAnalysis, type Analysis, type AnalysisSettings } from '../analysis/index.js';
import {
  LEVEL_RANK,
  type AnyRule,
  type Finding,
  type FindingLocation,
  type FindingStep,
  type Level,
  type RelatedNode,
  type ReportDescriptor,
  type RuleVisitors,
  type AuditedSuppression,
  type RunContext,
  type RunDiagnostic,
} from './types.js';
import { renderMessage, RuleContractError } from './messages.js';
import { isApplicable, type SuppressionSource, type Suppressions } from './suppressions.js';
import { sourceKey } from '../source-key.js';
import type { JsonPointer } from '../parse/pointer.js';

/** Rule id under which the engine reports suppression problems (rules/suppression-audit.ts). */
export interface EngineOptions {
  readonly debug?: boolean;
  readonly run?: RunContext;
  readonly settings?: AnalysisSettings;
  readonly suppressions?: Suppressions;
  /**
   * Every rule id the run knows (enabled or not). A directive's words that are none of them are
   * input text, so the suppression audit shows them redacted. Default: the enabled rules' ids.
   */
  readonly knownRuleIds?: ReadonlySet<string>;
}

export interface EnabledRule {
  readonly rule: AnyRule;
  readonly level: Level;
  readonly options: object;
}

interface ActiveRule extends EnabledRule {
  readonly visitors: RuleVisitors;
  /** Files for which this rule already produced an internal error (one per file is enough). */
  readonly failedFiles: Set<string>;
}

type VisitorName = keyof RuleVisitors;

/** Salt for value hashes: fixed, so baselines are portable between machines. */
const VALUE_SALT = 'flowlint/v1';

/** What one call of the engine found: findings, and rules that failed (internal errors). */
export interface EngineOutput {
  readonly findings: Finding[];
  readonly diagnostics: RunDiagnostic[];
}

export class LintEngine {
  /** Rules that failed to set up (reported once per run, not with each unit). */
  readonly setupDiagnostics: readonly RunDiagnostic[];
  /** Reported during the current call; handed out and emptied when it returns. */
  private findings: Finding[] = [];
  private diagnostics: RunDiagnostic[] = [];
  private readonly rules: ActiveRule[];
  private readonly analysis: Analysis;
  private currentSolution?: Solution;
  /** When set, only findings in these files are kept (a file given alone, linted in context). */
  private focus?: ReadonlySet<string>;
  /** While a pool worker finishes: whether a file is one this engine linted. */

  private readonly debug: boolean;
  private readonly suppressions?: Suppressions;
  private readonly knownRuleIds: ReadonlySet<string>;

  constructor(
    rules: readonly EnabledRule[],
    private readonly options: EngineOptions = {},
  ) {
    this.debug = options.debug ?? false;
    this.suppressions = options.suppressions;
    this.knownRuleIds = options.knownRuleIds ?? new Set(rules.map((enabled) => enabled.rule.meta.id));
    this.analysis = createAnalysis(options.settings);
    const run: RunContext = Object.freeze({ environments: {}, ...options.run });
    this.rules = rules.map((enabled) => {
      const failedFiles = new Set<string>();
      const context = {
        id: enabled.rule.meta.id,
        options: Object.freeze({ ...enabled.options }),
        run,
        analysis: this.analysis,
        reportsIn: (document: SourceDocument) => this.keeps(document.source),
        report: (descriptor: ReportDescriptor) => this.report(enabled, descriptor),
      };
      let visitors: RuleVisitors = {};
      try {
        visitors = enabled.rule.create(context);
      } catch (error) {
        this.internalError(enabled.rule.meta.id, '(rule setup)', error);
      }
      return { ...enabled, visitors, failedFiles };
    });
    this.setupDiagnostics = this.drain().diagnostics;
  }

  /** The findings and diagnostics of the call that is ending. */
  private drain(): EngineOutput {
    const output = { findings: this.findings, diagnostics: this.diagnostics };
    this.findings = [];
    this.diagnostics = [];
    return output;
  }

  /** Walks one unit: solution-level nodes, then each flow's triggers and actions, depth first. */
  /**
   * A new engine with the same rules and settings and no suppressions, to lint a unit a second
   * time (as it was before a change) without touching this run's suppression bookkeeping.
   */
  withoutSuppressions(): LintEngine {
    return new LintEngine(
      this.rules.map(({ rule, level, options }) => ({ rule, level, options })),
      { ...this.options, suppressions: undefined },
    );
  }

  lintSolution(solution: Solution, focus?: readonly string[]): EngineOutput {
    this.currentSolution = solution;
    this.focus = focus && focus.length ? new Set(focus) : undefined;
    this.dispatch('solution', solution, solution);
    for (const reference of solution.connectionReferences) this.dispatch('connectionReference', reference, solution);
    for (const variable of solution.environmentVariables) this.dispatch('environmentVariable', variable, solution);
    for (const settings of solution.deploymentSettings) this.dispatch('deploymentSettings', settings, solution);
    for (const flow of solution.flows) {
      this.suppressions?.collect(flow);
      this.dispatch('flow', flow, flow);
      for (const trigger of flow.triggers) this.dispatch('trigger', trigger, trigger);
      for (const action of flow.actions) this.dispatch('action', action, action);
      this.dispatch('flow:exit', flow, flow);
    }
    for (const desktopFlow of solution.desktopFlows) this.dispatch('desktopFlow', desktopFlow, desktopFlow);
    this.dispatch('solution:exit', solution, solution);
    this.currentSolution = undefined;
    this.focus = undefined;
    return this.drain();
  }

  /**
   * Checks across units (environments sharing a vault, ...), after every unit was linted. `audit`
   * chooses which suppression sources are audited here (default: all of them).
   */
  finish(project: Project, options: { audit?: (source: SuppressionSource) => boolean } = {}): EngineOutput {
    for (const active of this.rules) {
      const visitor = active.visitors['project:exit'];
      if (!visitor) continue;
      this.guard(active, '(project)', () => visitor.call(active.visitors, project));
    }
    this.reportSuppressionAudit(options.audit ?? (() => true));
    return this.drain();
  }

  /** Audits suppressions (see `RuleVisitors.suppressions`): those `include` picks. */
  auditSuppressions(include: (source: SuppressionSource) => boolean): EngineOutput {
    this.reportSuppressionAudit(include);
    return this.drain();
  }

  private reportSuppressionAudit(include: (source: SuppressionSource) => boolean): void {
    if (!this.suppressions) return;
    const audited: AuditedSuppression[] = this.suppressions
      .sources()
      .filter(include)
      .map((source) => ({
        from: source.from,
        rules: source.rules.map((id) => (this.knownRuleIds.has(id) ? asName(id) : asName(redactString(id)))),
        applicable: isApplicable(source),
        used: source.used,
        node: source.node,
        pointer: source.pointer,
        origin: asName(source.origin),
      }));
    for (const active of this.rules) {
      const visitor = active.visitors.suppressions;
      if (visitor) this.guard(active, '(suppressions)', () => visitor.call(active.visitors, audited));
    }
  }

  /** Called for every node and rule: no allocation unless a rule fails. */
  private dispatch<N extends VisitorName>(name: N, node: Parameters<NonNullable<RuleVisitors[N]>>[0], at: ModelNode): void {
    for (const active of this.rules) {
      const visitor = active.visitors[name] as ((value: typeof node) => void) | undefined;
      if (!visitor) continue;
      if (active.failedFiles.size > 0 && active.failedFiles.has(displayFile(at.location))) continue;
      try {
        visitor.call(active.visitors, node);
      } catch (error) {
        this.fail(active, displayFile(at.location), error);
      }
    }
  }

  private guard(active: ActiveRule, file: string, run: () => void): void {
    try {
      run();
    } catch (error) {
      this.fail(active, file, error);
    }
  }

  /** A rule threw: an internal error, and the rule skips the rest of that file. */
  private fail(active: ActiveRule, file: string, error: unknown): void {
    active.failedFiles.add(file);
    this.internalError(active.rule.meta.id, file, error);
  }

  private internalError(ruleId: string, file: string, error: unknown): void {
    // The error's class and call sites only: its message may quote input (a JSON.parse or
    // RegExp error on a value read from the file), and so may the stack's first lines. The
    // engine's own contract errors are worded by flowlint and kept.
    const reason = error instanceof RuleContractError ? error.message : error instanceof Error ? error.name : typeof error;
    this.diagnostics.push({
      kind: 'internal',
      file,
      ruleId,
      message: `rule ${ruleId} crashed while linting ${file}: ${reason}`,
      stack: this.debug && error instanceof Error ? callSites(error) : undefined,
    });
  }

  /** Whether findings in this file are kept: it is in focus (or there is no focus). */
  private keeps(source: SourceRef): boolean {
    return !this.focus || this.focus.has(source.file) || this.focus.has(sourceKey(source));
  }

  private report(enabled: EnabledRule, descriptor: ReportDescriptor): void {
    const { rule } = enabled;
    // As in ESLint: a fix from a rule that does not declare itself fixable is the rule's bug.
    if (descriptor.fix && !rule.meta.fixable) throw new RuleContractError(`rule ${rule.meta.id} reported a fix but its meta.fixable is not set`);
    // Outside the files in focus, a finding is dropped before it is located (that costs a scan).
    if (!this.keeps(descriptor.node.location.document.source)) return;
    const message = renderMessage(rule.meta, descriptor.messageId, descriptor.data);
    const location = locate(descriptor.node, descriptor.pointer);
    const level = descriptor.level && LEVEL_RANK[descriptor.level] < LEVEL_RANK[enabled.level] ? descriptor.level : enabled.level;
    const solution = this.currentSolution ?? solutionOf(descriptor.node);
    const flowName = flowOf(descriptor.node)?.displayName;
    const valueHash = descriptor.value?.hash(VALUE_SALT);
    const suppressions = rule.meta.unsuppressible ? [] : (this.suppressions?.match(rule.meta.id, descriptor.node, fileWithEntry(location), location.pointer, valueHash) ?? []);
    this.findings.push({
      ruleId: rule.meta.id,
      messageId: descriptor.messageId,
      level,
      message,
      location,
      solution: solution?.uniqueName ?? solution?.displayName,
      ...(solution && solution.uniqueName === undefined && solution.displayName === sourceKey(solution.root) ? { solutionIsPath: true as const } : {}),
      flow: flowName,
      related: (descriptor.related ?? []).map(toStep),
      dataFlow: (descriptor.dataFlow ?? []).map(toStep),
      fingerprint: this.fingerprint(rule.meta.id, descriptor, location, solution),
      valueHash,
      suppressions,
      ...(descriptor.fix ? { fix: descriptor.fix } : {}),
      ...(rule.meta.unsuppressible ? { unsuppressible: true as const } : {}),
    });
  }

  /**
   * Rule + unit identity + path inside the unit + pointer: no line numbers, no absolute paths, so
   * it survives reformatting, line shifts, moving the folder and re-exporting the same solution.
   */
  private fingerprint(ruleId: string, descriptor: ReportDescriptor, location: FindingLocation, solution: Solution | undefined): string {
    const document = descriptor.node.location.document;
    const unit = solution?.uniqueName ?? solution?.displayName ?? '';
    const basis = [ruleId, descriptor.messageId, unit, document.unitPath, location.pointer].join('\u0000');
    return sha256([basis]).slice(0, 32);
  }
}

/**
 * Sorts findings and makes their fingerprints unique: findings that share one (the same rule and
 * place in two exports of one solution, say) get `:1`, `:2`, ... in sorted order, which does not
 * depend on the order the findings were reported in, nor on how many engines reported them.
 */
export function finalizeFindings(findings: readonly Finding[]): Finding[] {
  const sorted = [...findings].sort(compareFindings);
  const seen = new Map<string, number>();
  return sorted.map((finding) => {
    const count = seen.get(finding.fingerprint) ?? 0;
    seen.set(finding.fingerprint, count + 1);
    return count === 0 ? finding : { ...finding, fingerprint: `${finding.fingerprint}:${count}` };
  });
}

function displayFile(location: NodeLocation): string {
  return sourceKey(location.document.source);
}

function fileWithEntry(location: FindingLocation): string {
  return sourceKey(location);
}

/** The flow a node belongs to (or the node itself when it is a flow). */
function flowOf(node: ModelNode): Flow | undefined {
  if ('definitionPointer' in node) return node as Flow;
  const owner = (node as { flow?: Flow }).flow;
  return owner && 'definitionPointer' in owner ? owner : undefined;
}

function solutionOf(node: ModelNode): Solution | undefined {
  const candidate = node as { solution?: Solution; flow?: { solution: Solution } };
  return candidate.solution ?? candidate.flow?.solution;
}

export function locate(node: ModelNode, pointer?: JsonPointer): FindingLocation {
  const nodeLocation: NodeLocation = pointer !== undefined ? { document: node.location.document, pointer } : node.location;
  const { source } = nodeLocation.document;
  const resolved = resolveRegion(nodeLocation);
  return {
    file: source.file,
    entry: source.entry,
    region: resolved?.region,
    snippet: resolved?.snippet,
    pointer: nodeLocation.pointer,
    logicalName: node.logicalName,
    fullyQualifiedName: node.fullyQualifiedName,
    logicalKind: node.logicalKind,
  };
}

function toStep(related: RelatedNode): FindingStep {
  return { location: locate(related.node, related.pointer), message: related.message };
}

function compareText(a: string | undefined, b: string | undefined): number {
  const x = a ?? '';
  const y = b ?? '';
  return x < y ? -1 : x > y ? 1 : 0;
}

export function compareFindings(a: Finding, b: Finding): number {
  return (
    compareText(a.location.file, b.location.file) ||
    compareText(a.location.entry, b.location.entry) ||
    (a.location.region?.startLine ?? 0) - (b.location.region?.startLine ?? 0) ||
    (a.location.region?.startColumn ?? 0) - (b.location.region?.startColumn ?? 0) ||
    compareText(a.ruleId, b.ruleId) ||
    compareText(a.message, b.message) ||
    compareText(a.fingerprint, b.fingerprint)
  );
}

/** A stack without the error's message: its `at …` lines under the error's class name. */
function callSites(error: Error): string {
  return [error.name, ...(error.stack ?? '').split('\n').filter((line) => /^\s+at /.test(line))].join('\n');
}
