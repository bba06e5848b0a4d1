/**
 * The reporter contract. A reporter is a pure function of a run's result and this context: it
 * reads nothing else (no clock, no environment, no file system), so the CLI owns all I/O and every
 * reporter can be golden-tested.
 */
import type { RuleMeta, RunResult } from '../engine/types.js';

/** Which SARIF consumer the log is shaped for (see `docs/reports.md`, "What the consumers require"). */
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
   * Text reporters: the input errors are printed on stderr by the CLI (the report is on stdout),
   * so the report counts them instead of listing them a second time.
   */
  readonly diagnosticsOnStderr?: boolean;
  /**
   * SARIF only. `github` (default) leaves suppressed findings out, since code scanning ignores
   * `suppressions`; `azure-devops` keeps them and marks them with `suppressions`.
   */
  readonly sarifProfile?: SarifProfile;
  /**
   * SARIF, `azure-devops` profile: the pipeline run the log belongs to, read by the CLI from the
   * Azure Pipelines variables. GitHub Advanced Security for Azure DevOps requires it.
   */
  readonly azurePipeline?: AzurePipelineRun;
}

/** Azure Pipelines predefined variables (https://learn.microsoft.com/azure/devops/pipelines/build/variables). */
export interface AzurePipelineRun {
  readonly collectionUri: string;
  readonly project: string;
  readonly definitionId: string;
  readonly definitionName: string;
  readonly phaseId: string;
  readonly phaseName: string;
  readonly branch: string;
  readonly buildId: string;
  readonly repositoryUri?: string;
  readonly sourceVersion?: string;
}

/** The pipeline run from the environment, when every variable GHAzDO needs is set. */
export function azurePipelineFromEnv(env: Readonly<Record<string, string | undefined>>): AzurePipelineRun | undefined {
  const run = {
    collectionUri: env.SYSTEM_COLLECTIONURI,
    project: env.SYSTEM_TEAMPROJECT,
    definitionId: env.SYSTEM_DEFINITIONID,
    definitionName: env.BUILD_DEFINITIONNAME,
    phaseId: env.SYSTEM_PHASEID,
    phaseName: env.SYSTEM_PHASENAME,
    branch: env.BUILD_SOURCEBRANCH,
    buildId: env.BUILD_BUILDID,
  };
  if (Object.values(run).some((value) => !value)) return undefined;
  return { ...(run as Record<keyof typeof run, string>), repositoryUri: env.BUILD_REPOSITORY_URI, sourceVersion: env.BUILD_SOURCEVERSION };
}

/** Renders a whole report; the returned text is written as-is (it ends with a newline when non-empty). */
export type Reporter = (result: RunResult, context: ReportContext) => string;
