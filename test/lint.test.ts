/**
 * lint(): a linted unit is cut down to what cross-unit rules read (its flows and parsed trees are
 * let go), and those rules (`project:exit`) still see every unit.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinRules } from '../rules/index.js';
import { enableRules } from '../src/engine/registry.js';
import { lint } from '../src/run/lint.js';
import { GOOD_FLOW } from './helpers/hostile.js';

let dir: string;

const files: Record<string, string> = {
  'sol/Other/Solution.xml': '<ImportExportXml><SolutionManifest><UniqueName>Sol</UniqueName></SolutionManifest></ImportExportXml>',
  'sol/Other/Customizations.xml': '<ImportExportXml><Workflows /></ImportExportXml>',
  'sol/Workflows/Flow-11111111-2222-3333-4444-555555555555.json': GOOD_FLOW,
  'sol/environmentvariabledefinitions/cts_Token/environmentvariabledefinition.xml':
    '<environmentvariabledefinition schemaname="cts_Token"><type>100000005</type><secretstore>0</secretstore></environmentvariabledefinition>',
  // Another unit: a lone settings file, judged against the Secret variable of the solution above.
  'settings/deploymentSettings.prod.json': JSON.stringify({ EnvironmentVariables: [{ SchemaName: 'cts_Token', Value: 'Xq7-vR2m-Lp9w-Zt4k' }], ConnectionReferences: [] }),
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'flowlint-lint-'));
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('lint', () => {
  const rules = enableRules(builtinRules, {});

  it('lets go of flows and trees of linted units, while project:exit rules see every unit', async () => {
    const run = await lint({ cwd: dir, paths: ['settings', 'sol'], rules });
    expect(run.stats.flows).toBe(1);
    expect(run.project.solutions).toHaveLength(2);
    for (const solution of run.project.solutions) {
      expect(solution.flows).toEqual([]);
      expect(solution.documents).toEqual([]);
    }
    expect(run.project.solutions[1].environmentVariables.map((v) => v.schemaName)).toEqual(['cts_Token']);
    // Reported at the end of the run, on a unit linted before the solution that makes it a finding.
    expect(run.findings.filter((f) => f.ruleId === 'secret-not-in-key-vault').map((f) => f.location.file)).toEqual(['settings/deploymentSettings.prod.json']);
  });

  it('keeps whole units when asked (flowlint diff snapshots their flows)', async () => {
    const run = await lint({ cwd: dir, paths: ['sol'], rules, keepModel: true });
    expect(run.project.solutions[0].flows).toHaveLength(1);
    expect(run.project.solutions[0].documents.length).toBeGreaterThan(0);
  });
});
