/**
 * The table of Key Vaults by environment a run gives the reports: built from deployment settings
 * and environment variable values through the whole pipeline (sources, model, analysis), vault
 * names shown, shared vaults first, environments in promotion order.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { flow, jsonText, kvGetSecret } from './helpers/builders.js';
import { lint } from '../src/run/lint.js';
import { builtinRules } from '../rules/index.js';
import { enableRules } from '../src/engine/registry.js';
import { repoRoot } from './helpers/cli.js';

async function tableOf(paths: string[], environments: Record<string, string[]> = {}, cwd = repoRoot) {
  const run = await lint({
    cwd,
    paths,
    rules: enableRules(builtinRules, {}),
    run: { environments },
  });
  return run.vaults;
}

describe('vault table', () => {
  it('the settings trio: the vault test and prod share first, then dev', async () => {
    const table = await tableOf(['fixtures/settings-trio']);
    expect(table?.environments).toEqual(['dev', 'test', 'prod']);
    expect(table?.rows.map((row) => [row.vault.toLowerCase(), row.environments.map((e) => e.environment)])).toEqual([
      ['kv-contoso-prod', ['test', 'prod']],
      ['kv-contoso-dev', ['dev']],
    ]);
    expect(table?.rows[0].environments[0].places).toEqual([{ file: 'fixtures/settings-trio/deploymentSettings.test.json', settings: ['cts_PartnerApiKey'] }]);
  });

  it('configured environments decide over file names', async () => {
    const table = await tableOf(['fixtures/settings-trio'], { staging: ['**/deploymentSettings.test.json'] });
    // `staging` is a configured name, not a canonical one: it follows those.
    expect(table?.environments).toEqual(['dev', 'prod', 'staging']);
    expect(table?.rows[0].environments.map((e) => e.environment)).toEqual(['prod', 'staging']);
  });

  it('no vault named: no table', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'flowlint-vaults-'));
    writeFileSync(join(dir, 'flow.json'), jsonText(flow({ Get_secret: kvGetSecret('k') })));
    expect(await tableOf(['.'], {}, dir)).toBeUndefined();
  });
});
