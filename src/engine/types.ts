/**
 * The rule contract and the shape of a finding. A rule is metadata plus `create(context)`, which
 * returns visitors keyed by model kind; the engine walks each unit once and calls them. Rules see
 * only the read-only model, shared analyses and `report`.
 */
import type { Name, Redacted } from '../redact.js';
import type { RedactedSnippet } from '../parse/positions.js';
import type { ProjectSnapshot } from '../analysis/snapshot.js';
import type {
  Region,
  ConnectionReference,
  DeploymentSettings,
  DesktopFlow,
  EnvironmentVariable,
  Flow,
  ModelNode,
  Operation,
  Project,
  Solution,
  SourceDocument,
} from '../model/types.js';
import type { Analysis } from '../analysis/index.js';
import type { JsonPointer } from '../parse/pointer.js';

/** Severity names used everywhere (config, output); ranked by `LEVEL_RANK`. */
export type Level = 'error' | 'warning' | 'note';
export type RuleSetting = Level | 'off';

export const LEVEL_RANK: Readonly<Record<Level | 'none', number>> = {
  none: 99,
  error: 3,
  warning: 2,
  note: 1,
};

/** A JSON Schema (draft 2020-12 subset) describing a rule's options object. */
export type OptionsSchema = Readonly<Record<string, unknown>>;

export interface RuleMeta<Options extends object = Record<string, never>, MessageId extends string = string> {
  /** Kebab-case id, equal to the file name (`rules/<id>.ts`). Never renamed. */
  readonly id: string;
  /** Short title (SARIF `name` is derived from it). */
  readonly title: string;
  /** One sentence, starts with Disallow/Require/Enforce (SARIF shortDescription). */
  readonly description: string;
  /** Longer explanation (SARIF fullDescription). */
  readonly rationale: string;
  readonly defaultLevel: Level;
  /** GitHub code scanning security severity, 0.1-10.0; absent for quality rules. */
  readonly securitySeverity?: number;
  readonly precision: 'very-high' | 'high' | 'medium' | 'low';
  readonly tags: readonly string[];
  readonly recommended: boolean;
  /** Version that introduced the rule. */
  readonly since: string;
  readonly messages: Readonly<Record<MessageId, string>>;
  /** JSON Schema of the options object, every property with a description. */
  readonly schema?: OptionsSchema;
  readonly defaultOptions: Options;
  /** CWE ids and documentation URLs. */
  readonly references: readonly string[];
  readonly experimental?: boolean;
  /** The rule attaches fixes to its reports (`fix`); a fix from a rule without it is an error. */
  readonly fixable?: boolean;
  /**
   * Its findings are about suppressions themselves: no directive, exception or baseline entry
   * applies to them, and baselines do not record them.
   */
  readonly unsuppressible?: boolean;
}

/**
 * A change `--fix` can make, as data: a rule describes it on its report, src/fix applies it to
 * the finding's file. Plain data, so it travels from pool workers like the rest of a finding.
 */
export type FixDescriptor = {
  /** Turn on Secure Inputs and/or Secure Outputs of an action. */
  readonly kind: 'secure-data';
  /** JSON pointer of the action in the finding's file. */
  readonly action: JsonPointer;
  readonly properties: readonly ('inputs' | 'outputs')[];
};

/**
 * Data placed into `{{placeholders}}`: names (see `Name`), numbers, or values from inputs kept
 * redacted. A plain string is a type error: a rule cannot put a value read from an input in a
 * message by mistake.
 */
export type MessageData = Readonly<Record<string, Name | number | Redacted>>;

export interface RelatedNode {
  readonly node: ModelNode;
  /** A pointer inside the node's document, when more precise than the node itself. */
  readonly pointer?: JsonPointer;
  readonly message: string;
}

export interface ReportDescriptor<MessageId extends string = string> {
  readonly node: ModelNode;
  /** A more precise pointer inside the node's document (defaults to the node's own). */
  readonly pointer?: JsonPointer;
  readonly messageId: MessageId;
  readonly data?: MessageData;
  /** Overrides the configured level for this one finding (e.g. the warning variant of a rule). */
  readonly level?: Level;
  /** Related locations (SARIF relatedLocations). */
  readonly related?: readonly RelatedNode[];
  /** A data-flow path, source first, ending at the reported node (SARIF codeFlows). */
  readonly dataFlow?: readonly RelatedNode[];
  /** The offending value, so baselines can key on a salted hash of it. */
  readonly value?: Redacted;
  /** How `--fix` removes the finding; only for rules with `meta.fixable`. */
  readonly fix?: FixDescriptor;
}

/**
 * What the run knows beyond the units it lints, the same for every rule and read-only: set from
 * the configuration and the command, never by rewriting a rule's options.
 */
export interface RunContext {
  /** Configuration `environments`: environment name to globs of the files that configure it. */
  readonly environments: Readonly<Record<string, readonly string[]>>;
  /** `flowlint diff`: the previous version of the flows, to compare with. */
  readonly previous?: ProjectSnapshot;
}

export interface RuleContext<Options extends object, MessageId extends string> {
  readonly id: string;
  readonly options: Readonly<Options>;
  readonly run: RunContext;
  /** Shared facts computed once per flow/solution/project (secret taint, vaults, ...). */
  readonly analysis: Analysis;
  /**
   * Whether findings in this document are kept. False for the files read only as context around
   * files given one by one (a pre-commit hook): a rule may skip work whose findings could only
   * land there.
   */
  reportsIn(document: SourceDocument): boolean;
  report(descriptor: ReportDescriptor<MessageId>): void;
}

/** Visitors the engine calls; each model node is visited once per run. */
export interface RuleVisitors {
  solution?(solution: Solution): void;
  connectionReference?(reference: ConnectionReference): void;
  environmentVariable?(variable: EnvironmentVariable): void;
  deploymentSettings?(settings: DeploymentSettings): void;
  flow?(flow: Flow): void;
  trigger?(trigger: Operation): void;
  action?(action: Operation): void;
  'flow:exit'?(flow: Flow): void;
  desktopFlow?(flow: DesktopFlow): void;
  'solution:exit'?(solution: Solution): void;
  /**
   * After every unit: checks across solutions and files (environments, vaults). Each unit here
   * is cut down to its identity, environment variables, deployment settings, desktop flows and
   * connection reference names (`retainedView` in src/run/unit.ts): keep anything else a check
   * needs in the rule's own state. With worker threads that state holds only the units the same
   * worker linted, so a check whose findings land in one unit but need another's facts must find
   * them in the retained view.
   */
  'project:exit'?(project: Project): void;
  /**
   * Every suppression to audit — directives, configured exceptions, baseline entries — once all
   * findings have been matched against them, so `used` is final.
   */
  suppressions?(suppressions: readonly AuditedSuppression[]): void;
}

/** A suppression as an audit sees it: where it is written, what it names, whether it was used. */
export interface AuditedSuppression {
  readonly from: 'directive' | 'exception' | 'baseline';
  /** Rule ids it names (empty for a directive naming none). */
  readonly rules: readonly Name[];
  /** It names rules and gives a reason, so it may suppress (one that does not, suppresses nothing). */
  readonly applicable: boolean;
  readonly used: boolean;
  readonly node: ModelNode;
  readonly pointer?: JsonPointer;
  /** Where it is written, in words (`description of 'Get_secret'`, `baseline x.json`). */
  readonly origin: Name;
}

export interface Rule<Options extends object = Record<string, never>, MessageId extends string = string> {
  readonly meta: RuleMeta<Options, MessageId>;
  create(context: RuleContext<Options, MessageId>): RuleVisitors;
}

/** Lets a registry hold rules of any options/messages type. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a heterogeneous registry; each rule is checked where it is defined
export type AnyRule = Rule<any, string>;

export type { Region } from '../model/types.js';

/** A resolved place a finding points at. */
export interface FindingLocation {
  readonly file: string;
  readonly entry?: string;
  readonly region?: Region;
  readonly pointer: JsonPointer;
  /** The source text of the region with every value redacted. */
  readonly snippet?: RedactedSnippet;
  readonly logicalName: string;
  readonly fullyQualifiedName: string;
  readonly logicalKind: ModelNode['logicalKind'];
}

export interface FindingStep {
  readonly location: FindingLocation;
  readonly message: string;
}

export type SuppressionKind = 'inSource' | 'external';

export interface FindingSuppression {
  readonly kind: SuppressionKind;
  readonly justification?: string;
  /** Where the suppression was written (action description, config file, baseline). */
  readonly origin: string;
}

/** One result, fully rendered: safe to print anywhere. */
export interface Finding {
  readonly ruleId: string;
  readonly messageId: string;
  readonly level: Level;
  readonly message: string;
  readonly location: FindingLocation;
  readonly solution?: string;
  /** The unit has no name of its own: `solution` is the path of its root (a lone file, a folder, a zip). */
  readonly solutionIsPath?: true;
  readonly flow?: string;
  readonly related: readonly FindingStep[];
  readonly dataFlow: readonly FindingStep[];
  /** Stable across reformatting, line shifts and re-exports: rule + logical location. */
  readonly fingerprint: string;
  /** Salted hash of the offending value (baselines); absent when the rule gave none. */
  readonly valueHash?: string;
  readonly suppressions: readonly FindingSuppression[];
  /** The rule's fix, if it gave one (see FixDescriptor). */
  readonly fix?: FixDescriptor;
  /** From a rule with `meta.unsuppressible`: never suppressed, never written to a baseline. */
  readonly unsuppressible?: true;
}

/** A file or archive entry that could not be read, or a rule that crashed. */
export interface RunDiagnostic {
  readonly kind: 'input' | 'internal';
  readonly file: string;
  readonly entry?: string;
  readonly message: string;
  /** Rule id, for internal errors. */
  readonly ruleId?: string;
  /** Only shown with --debug. */
  readonly stack?: string;
}

export interface RunStats {
  readonly files: number;
  readonly solutions: number;
  readonly flows: number;
  readonly actions: number;
  readonly durationMs: number;
  /** Files read that are of no known kind (left out, or only scanned for credentials). */
  readonly skippedFiles: number;
  /**
   * Paths not read at all: ignored (`.gitignore` on untracked files, `--ignore`, config `ignore`),
   * symlinks leading outside the scanned folder, FIFOs, sockets and devices. Absent in results not
   * made by a lint run.
   */
  readonly skippedPaths?: number;
  readonly skipped?: readonly { readonly file: string; readonly reason: string }[];
}

/** The run's Key Vaults by environment (`src/run/vault-table.ts`). */
export interface VaultTable {
  /** The environments named, in promotion order (dev, test, ..., prod), then configured names. */
  readonly environments: readonly string[];
  /** Vaults read by more than one environment first. */
  readonly rows: readonly VaultRow[];
}

/**
 * One Key Vault the run's deployment settings and environment variable values point at, with the
 * environments that use it (an auditor's "which vault does each environment read?").
 */
export interface VaultRow {
  /** The vault's name (not a secret), or its redacted form when it does not read as a vault name. */
  readonly vault: string;
  /** In the table's column order; the places whose environment is not known last. */
  readonly environments: readonly VaultEnvironment[];
}

export interface VaultEnvironment {
  /** `prod`, `test`, a configured name; absent when no glob or path word tells the environment. */
  readonly environment?: string;
  /** Each file that points the environment at the vault, with the settings or variables that do. */
  readonly places: readonly VaultPlace[];
}

export interface VaultPlace {
  readonly file: string;
  readonly entry?: string;
  /** Env var schema names, in file order. */
  readonly settings: readonly string[];
}

export interface RunResult {
  readonly findings: readonly Finding[];
  readonly diagnostics: readonly RunDiagnostic[];
  readonly stats: RunStats;
  /** Key Vaults by environment, when the inputs name any. */
  readonly vaults?: VaultTable;
  /** What the user should know about how inputs were read (git unavailable, say); printed on stderr. */
  readonly notices?: readonly string[];
  /** Set by a `--shard` run: what `flowlint merge` needs to rebuild one run's report. */
  readonly shard?: ShardReport;
}

/**
 * Where a shard's errors and skipped paths stand in the lists of one run over every input, and
 * which shared suppressions it used (`--shard`, `flowlint merge`).
 */
export interface ShardReport {
  /** 1-based. */
  readonly index: number;
  readonly count: number;
  /**
   * One per diagnostic, in order: [phase, n]. Phase 0 an input error and 2 a rule that failed on
   * a unit, n the unit's place in the input order; 1 a rule's set-up and 3 the cross-unit rules,
   * which every shard runs alike, n its place in this shard's list.
   */
  readonly errorOrder: readonly (readonly [number, number])[];
  /** One per skipped path: the place in the input order of the unit it was met in. */
  readonly skippedOrder: readonly number[];
  /** Which configured exceptions and baseline entries (in configuration order) this shard's findings used. */
  readonly sharedUsage: readonly boolean[];
}
