/**
 * Vault names are shown in reports; secrets never are. A value that stands where a vault name goes
 * but is a secret — a password in a setting named `…PasswordKv`, a key pasted into `KeyVaultName`,
 * a password typed into a flow variable named like a vault — must stay redacted in every format
 * and in the table of vaults by environment.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runFlowlint } from '../helpers/cli.js';
import { flow, initVariable, solutionFiles } from '../helpers/builders.js';

const SETTINGS_SECRETS = {
  cr_SqlAdminPasswordKv: 'Welcome2024',
  cr_PasswordFromKeyVault: 'Xk9-Lm3-Pq7-Zr5',
  cr_KeyVaultName: 'Summer2024',
  cr_VaultName: 'AKIA2E0A8F3B244C9986',
};

function settingsCase(): string {
  const dir = mkdtempSync(join(tmpdir(), 'flowlint-vault-names-'));
  const settings = JSON.stringify({ EnvironmentVariables: Object.entries(SETTINGS_SECRETS).map(([SchemaName, Value]) => ({ SchemaName, Value })), ConnectionReferences: [] });
  for (const env of ['test', 'prod']) {
    mkdirSync(join(dir, 'cfg', env), { recursive: true });
    writeFileSync(join(dir, 'cfg', env, 'deploymentSettings.json'), settings);
  }
  return dir;
}

describe('a secret where a vault name goes is never shown', () => {
  it.each(['stylish', 'json', 'markdown', 'html', 'sarif', 'junit', 'github'])('deployment settings, %s', async (format) => {
    const run = await runFlowlint(['-f', format, 'cfg', '--no-config-lookup'], settingsCase());
    for (const secret of Object.values(SETTINGS_SECRETS)) expect(run.stdout + run.stderr, secret).not.toContain(secret);
  });

  it('a flow variable and an environment variable default named like a vault holder', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'flowlint-vault-names-'));
    const files = solutionFiles({
      flows: { Mail: flow({ Init: initVariable('SmtpPasswordKv', 'String', 'Summer2024'), Name: initVariable('KeyVaultName', 'String', 'Welcome123') }) },
      extraFiles: {
        'environmentvariabledefinitions/cr_DbPasswordFromVault/environmentvariabledefinition.xml':
          '<environmentvariabledefinition schemaname="cr_DbPasswordFromVault">\n  <type>100000000</type>\n  <defaultvalue>Letmein99</defaultvalue>\n</environmentvariabledefinition>\n',
      },
    });
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(join(dir, 'sol', path, '..'), { recursive: true });
      writeFileSync(join(dir, 'sol', path), text);
    }
    for (const format of ['json', 'html', 'markdown']) {
      const run = await runFlowlint(['-f', format, 'sol', '--no-config-lookup'], dir);
      for (const secret of ['Summer2024', 'Welcome123', 'Letmein99']) expect(run.stdout + run.stderr, `${format}: ${secret}`).not.toContain(secret);
    }
  });

  it('a real vault name in the same places is shown (the test above is not passing by showing nothing)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'flowlint-vault-names-'));
    const files = solutionFiles({ flows: { Mail: flow({ Name: initVariable('KeyVaultName', 'String', 'kv-contoso-prod') }) } });
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(join(dir, 'sol', path, '..'), { recursive: true });
      writeFileSync(join(dir, 'sol', path), text);
    }
    const run = await runFlowlint(['-f', 'json', 'sol', '--no-config-lookup'], dir);
    expect(run.stdout).toContain("Key Vault 'kv-contoso-prod'");
  });
});
