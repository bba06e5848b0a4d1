/**
 * Accepted exceptions that survive the designer: a `flowlint-disable RULE[, RULE] -- reason`
 * directive in an action's or a flow's description (the designer keeps notes through edits and
 * exports), and per-flow/per-action exceptions in the configuration. Matching findings are kept
 * and marked suppressed (SARIF `inSource` / `external`); directives that suppress nothing are
 * reported. A directive that names no rule or gives no reason suppresses nothing at all: one
 * stray `flowlint-disable` in a description must not silence a whole flow.
 */
import type { Flow, ModelNode, Operation, SourceDocument } from '../model/types.js';
import type { FindingSuppression } from './types.js';
import { globToRegExp, matchesGlob } from '../glob.js';
import { asName } from '../redact.js';
import { joinPointer, pointerOf, ROOT_POINTER, type JsonPointer } from '../parse/pointer.js';

/** A directive found in a description, or an exception from the configuration. */
export interface SuppressionSource {
  readonly from: 'directive' | 'exception' | 'baseline';
  /** Rule ids (`*` for every rule only in configured exceptions); empty for a directive naming none. */
  readonly rules: readonly string[];
  readonly reason?: string;
  readonly kind: FindingSuppression['kind'];
  /** Where it is written (for "unused" and "no reason" findings). */
  readonly node: ModelNode;
  readonly pointer?: JsonPointer;
  readonly origin: string;
  /** For baseline sources: the entry, so a pruned baseline keeps exactly the used ones. */
  readonly baselineEntry?: BaselineEntry;
  used: boolean;
}

export interface ConfigExceptionSpec {
  readonly rules: readonly string[];
  readonly reason: string;
  readonly flow?: string;
  readonly action?: string;
  readonly file?: string;
}

const DIRECTIVE = /flowlint-disable(?![\w-])(?:[ \t]+(?!--)([^\n]*?))?(?:[ \t]*--[ \t]*([^\n]*))?[ \t]*$/gm;

/**
 * Directives in a description text; `rules` is empty when the directive names none. `*` is not a
 * rule id here: a directive in a flow names what it accepts (only configured exceptions, which are
 * reviewed with the configuration, may say `["*"]`).
 */
export function parseDirectives(text: string): { rules: string[]; reason?: string }[] {
  const found: { rules: string[]; reason?: string }[] = [];
  for (const match of text.matchAll(DIRECTIVE)) {
    const rules = (match[1] ?? '')
      .split(/[,\s]+/)
      .map((r) => r.trim())
      .filter((r) => r !== '' && r !== '*');
    const reason = match[2]?.trim();
    found.push({ rules, reason: reason || undefined });
  }
  return found;
}

/**
 * Whether a suppression may suppress anything: it names its rules and gives a reason. A directive
 * that does not is reported by suppression-audit instead (configured exceptions are held to the
 * same by the configuration schema; checked here too so nothing else can let one through).
 */
export function isApplicable(source: Pick<SuppressionSource, 'rules' | 'reason'>): boolean {
  return source.rules.length > 0 && source.reason !== undefined && source.reason.trim() !== '';
}

/** One accepted finding in a baseline file. */
export interface BaselineEntry {
  readonly ruleId: string;
  /** Display path (`solution.zip!Workflows/x.json` for archive members). */
  readonly file: string;
  readonly pointer: string;
  /** Salted hash of the offending value, when the rule gave one. */
  readonly valueHash?: string;
}

export function baselineKey(entry: BaselineEntry): string {
  return [entry.ruleId, entry.file, entry.pointer, entry.valueHash ?? ''].join('\u0000');
}

function ruleMatches(rules: readonly string[], ruleId: string): boolean {
  return rules.includes('*') || rules.includes(ruleId);
}

interface CompiledException {
  readonly source: SuppressionSource;
  readonly flow?: RegExp;
  readonly action?: RegExp;
  readonly file?: string;
}

export class Suppressions {
  private readonly inSource = new Map<ModelNode, SuppressionSource[]>();
  private readonly all: SuppressionSource[] = [];
  private readonly exceptions: CompiledException[];

  /** `configDocument` is the parsed config file, so exception findings can point into it. */
  constructor(exceptions: readonly ConfigExceptionSpec[] = [], configDocument?: SourceDocument) {
    this.exceptions = exceptions.map((spec, index) => {
      const node: ModelNode = configDocument
        ? {
            location: { document: configDocument, pointer: pointerOf(['exceptions', index]) },
            logicalName: asName(`exceptions[${index}]`),
            fullyQualifiedName: asName(`exceptions[${index}]`),
            logicalKind: 'module',
          }
        : {
            location: { document: emptyDocument(), pointer: ROOT_POINTER },
            logicalName: asName(`exceptions[${index}]`),
            fullyQualifiedName: asName(`exceptions[${index}]`),
            logicalKind: 'module',
          };
      const source: SuppressionSource = {
        from: 'exception',
        rules: spec.rules,
        reason: spec.reason,
        kind: 'external',
        node,
        origin: `configuration exceptions[${index}]`,
        used: false,
      };
      this.all.push(source);
      return {
        source,
        // Names may contain `/`; `*` in a name pattern should still span it.
        flow: spec.flow ? globToRegExp(spec.flow.replace(/\*/g, '**')) : undefined,
        action: spec.action ? globToRegExp(spec.action.replace(/\*/g, '**')) : undefined,
        file: spec.file,
      };
    });
  }

  /** Reads the directives of a flow and its actions and triggers (once per flow). */
  collect(flow: Flow): void {
    const flowDescriptions = [flow.workflow?.description, typeof flow.definition.description === 'string' ? flow.definition.description : undefined];
    for (const text of flowDescriptions)
      if (text) this.addDirectives(flow, text, flow.workflow && text === flow.workflow.description ? undefined : joinPointer(flow.definitionPointer, 'description'));
    for (const operation of [...flow.triggers, ...flow.actions]) {
      if (operation.description) this.addDirectives(operation, operation.description, joinPointer(operation.location.pointer, 'description'));
    }
  }

  private addDirectives(node: ModelNode, text: string, pointer: JsonPointer | undefined): void {
    for (const directive of parseDirectives(text)) {
      const source: SuppressionSource = {
        from: 'directive',
        rules: directive.rules,
        reason: directive.reason,
        kind: 'inSource',
        node,
        pointer,
        origin: `description of '${node.logicalName}'`,
        used: false,
      };
      const list = this.inSource.get(node);
      if (list) list.push(source);
      else this.inSource.set(node, [source]);
      this.all.push(source);
    }
  }

  /**
   * Baseline entries: each hides one finding with the same rule, file, pointer and value hash
   * (never line numbers, which churn on every edit).
   */
  addBaseline(entries: readonly BaselineEntry[], document: SourceDocument, file: string): void {
    entries.forEach((entry, index) => {
      const node: ModelNode = {
        location: { document, pointer: pointerOf(['entries', index]) },
        logicalName: asName(entry.ruleId),
        fullyQualifiedName: asName(`${file}#/entries/${index}`),
        logicalKind: 'module',
      };
      const source: SuppressionSource = {
        from: 'baseline',
        rules: [entry.ruleId],
        reason: `accepted in baseline ${file}`,
        kind: 'external',
        node,
        origin: `baseline ${file}`,
        baselineEntry: entry,
        used: false,
      };
      this.all.push(source);
      const key = baselineKey(entry);
      const list = this.baseline.get(key);
      if (list) list.push(source);
      else this.baseline.set(key, [source]);
    });
  }

  private readonly baseline = new Map<string, SuppressionSource[]>();

  /** Suppressions that apply to a finding of `ruleId` on `node` in `file` at `pointer`. */
  match(ruleId: string, node: ModelNode, file: string, pointer: string = ROOT_POINTER, valueHash?: string): FindingSuppression[] {
    const result: FindingSuppression[] = [];
    const fromBaseline = this.baseline.get(baselineKey({ ruleId, file, pointer, valueHash }))?.find((source) => !source.used);
    if (fromBaseline) {
      fromBaseline.used = true;
      result.push({ kind: 'external', justification: fromBaseline.reason, origin: fromBaseline.origin });
    }
    for (const holder of holdersOf(node)) {
      for (const source of this.inSource.get(holder) ?? []) {
        if (!isApplicable(source) || !ruleMatches(source.rules, ruleId)) continue;
        source.used = true;
        result.push({ kind: 'inSource', justification: source.reason, origin: source.origin });
      }
    }
    if (this.exceptions.length) {
      const flow = flowOf(node);
      const operation = 'role' in node ? (node as Operation) : undefined;
      for (const exception of this.exceptions) {
        if (!isApplicable(exception.source) || !ruleMatches(exception.source.rules, ruleId)) continue;
        if (exception.flow && !(flow && exception.flow.test(flow.displayName))) continue;
        if (exception.action && !(operation && exception.action.test(operation.name))) continue;
        if (exception.file && !matchesGlob(file, exception.file)) continue;
        exception.source.used = true;
        result.push({ kind: 'external', justification: exception.source.reason, origin: exception.source.origin });
      }
    }
    return result;
  }

  /** Every directive and exception, with whether it suppressed anything. */
  sources(): readonly SuppressionSource[] {
    return this.all;
  }

  /**
   * Whether each configured exception and baseline entry was used, in the order they were given.
   * Every engine of a pool builds these from the same configuration and baseline, so the lists
   * line up across engines and can be merged (`mergeSharedUsage`).
   */
  sharedUsage(): boolean[] {
    return this.all.filter(isShared).map((source) => source.used);
  }

  /** Marks as used what another engine used (see `sharedUsage`). */
  mergeSharedUsage(used: readonly boolean[]): void {
    this.all.filter(isShared).forEach((source, index) => {
      if (used[index]) source.used = true;
    });
  }
}

/** Configured exceptions and baseline entries are shared by every engine; directives belong to one flow. */
export function isShared(source: SuppressionSource): boolean {
  return source.from !== 'directive';
}

/** The node, its enclosing containers and its flow: a directive on a Scope covers what it holds. */
function holdersOf(node: ModelNode): ModelNode[] {
  const holders: ModelNode[] = [node];
  if ('role' in node) {
    const operation = node as Operation;
    for (let parent = operation.parent; parent; parent = parent.parent) holders.push(parent);
    holders.push(operation.flow);
  } else {
    const owner = (node as { flow?: Flow }).flow;
    if (owner) holders.push(owner);
  }
  return holders;
}

function flowOf(node: ModelNode): Flow | undefined {
  if ('definitionPointer' in node) return node as Flow;
  return (node as { flow?: Flow }).flow;
}

function emptyDocument(): SourceDocument {
  return { source: { file: '(configuration)' }, unitPath: '', format: 'text', text: '', value: undefined, duplicateKeys: [], prototypeKeys: [] };
}
