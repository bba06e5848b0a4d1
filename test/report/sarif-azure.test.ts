/** The azure-devops SARIF profile carries what GitHub Advanced Security for Azure DevOps requires. */
import { describe, expect, it } from 'vitest';
import { buildSarifLog } from '../../src/report/sarif.js';
import { azurePipelineFromEnv } from '../../src/report/types.js';
import { CONTEXT as fixtureContext, RESULT as fixtureResult } from './fixtures.js';
import { validateSarif } from './helpers.js';

const env = {
  SYSTEM_COLLECTIONURI: 'https://dev.azure.com/contoso/',
  SYSTEM_TEAMPROJECT: 'Flows',
  SYSTEM_DEFINITIONID: '12',
  BUILD_DEFINITIONNAME: 'flowlint-gate',
  SYSTEM_PHASEID: '3a3a0f6e-8e54-5f2b-9c8e-0a1b2c3d4e5f',
  SYSTEM_PHASENAME: 'Lint',
  BUILD_SOURCEBRANCH: 'refs/heads/main',
  BUILD_BUILDID: '345',
  BUILD_REPOSITORY_URI: 'https://dev.azure.com/contoso/Flows/_git/flows',
  BUILD_SOURCEVERSION: '0123456789abcdef0123456789abcdef01234567',
};

describe('SARIF for Azure DevOps', () => {
  it('reads the pipeline run only when every variable is set', () => {
    expect(azurePipelineFromEnv({})).toBeUndefined();
    expect(azurePipelineFromEnv({ ...env, BUILD_BUILDID: '' })).toBeUndefined();
    expect(azurePipelineFromEnv(env)?.project).toBe('Flows');
  });

  it('names the pipeline run in automationDetails and versionControlProvenance', () => {
    const log = buildSarifLog(fixtureResult, { ...fixtureContext, sarifProfile: 'azure-devops', azurePipeline: azurePipelineFromEnv(env) });
    const run = log.runs[0];
    expect(run.automationDetails?.id).toBe('azuredevops/pipeline/build/contoso/Flows/12/3a3a0f6e-8e54-5f2b-9c8e-0a1b2c3d4e5f/refs/heads/main/345');
    expect(run.automationDetails?.properties?.['azuredevops/pipeline/build/buildDefinitionName']).toBe('flowlint-gate');
    expect(run.versionControlProvenance?.[0]).toMatchObject({ repositoryUri: env.BUILD_REPOSITORY_URI, revisionId: env.BUILD_SOURCEVERSION });
    expect(run.tool.driver.fullName).toMatch(/^flowlint /);
    expect(validateSarif(log)).toEqual([]);
  });

  it('the github profile keeps a plain category and no provenance', () => {
    const log = buildSarifLog(fixtureResult, { ...fixtureContext, azurePipeline: azurePipelineFromEnv(env) });
    expect(log.runs[0].automationDetails?.id).toBe('flowlint/');
    expect(log.runs[0].versionControlProvenance).toBeUndefined();
  });
});
