/**
 * The reporter contract. A reporter is a pure function of a run's result and this context: it
 * reads nothing else (no clock, no environment, no file system), so the CLI owns all I/O and every
 * reporter can be golden-tested.
 */
import type { RuleMeta, RunResult } from '../engine/types.js';

/** Which SARIF consumer the log is shaped for (see `docs/cli.md`, consumers). */
export type SarifProfile = 'github' | 'azure-devops';

export interface ReportContext {
  /** Every registered rule, in registry order; SARIF `tool.driver.rules` and `ruleIndex` follow it. */
  readonly rules: readonly RuleMeta<object, string>[];
  /** flowlint's version (package.json), e.g. `0.1.0`. */
  readonly toolVersion: string;
  /** The project's home page (SARIF `tool.driver.informationUri`). */
  readonly informationUri: string;
  /** The documentation page of a rule (SARIF `helpUri`, links in help text). */
  helpUri(ruleId: string): string;
  /** Emit ANSI colours (text reporters only); false for `--no-color`, `NO_COLOR` or a non-TTY. */
  readonly color: boolean;
  /**
   * SARIF only. `github` (default) leaves suppressed findings out, since code scanning ignores
   * `suppressions`; `azure-devops` keeps them and marks them with `suppressions`.
   */
  readonly sarifProfile?: SarifProfile;
}

/** Renders a whole report; the returned text is written as-is (it ends with a newline when non-empty). */
export type Reporter = (result: RunResult, context: ReportContext) => string;
