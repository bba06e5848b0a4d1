/**
 * The rule API is the package's export: a plugin imports the package by its npm name,
 * `power-flowlint` (here installed as a link in the plugin's node_modules, as `npm i -D power-flowlint`
 * would) and runs beside the built-in
 * rules. The plugin is the README's example, taken from README.md, so the example stays true.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot, runFlowlint } from './helpers/cli.js';
import { connector, flow, jsonText } from './helpers/builders.js';
import { PACKAGE_NAME } from '../src/version.js';

const dir = mkdtempSync(join(tmpdir(), 'flowlint-rule-api-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The README's plugin example: the code block that starts with `// contoso-rules.mjs`. */
function readmePlugin(): string {
  const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
  const block = /```js\n(\/\/ contoso-rules\.mjs[\s\S]*?)```/.exec(readme);
  if (!block) throw new Error('README has no contoso-rules.mjs example');
  return block[1];
}

describe('the rule API as the package export', () => {
  it('a plugin that imports the package by name runs, as in the README', async () => {
    const { name } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { name: string };
    expect(name).toBe(PACKAGE_NAME);
    expect(readmePlugin()).toContain(`from '${name}'`);
    mkdirSync(join(dir, 'node_modules'));
    symlinkSync(repoRoot, join(dir, 'node_modules', name), 'dir');
    writeFileSync(join(dir, 'contoso-rules.mjs'), readmePlugin());
    writeFileSync(join(dir, 'flowlint.config.json'), JSON.stringify({ plugins: ['./contoso-rules.mjs'] }));
    const send = connector('shared_office365', 'SendEmailV2', { 'emailMessage/To': 'a@contoso.example' });
    writeFileSync(join(dir, 'flow.json'), jsonText(flow({ Send_mail: send })));
    const run = await runFlowlint(['flow.json', '-f', 'json', '--allow-plugins'], dir);
    expect(run.stderr).toBe('');
    const findings = (JSON.parse(run.stdout) as { findings: { ruleId: string; message: string }[] }).findings;
    expect(findings.filter((f) => f.ruleId === 'contoso/no-personal-email').map((f) => f.message)).toEqual([
      "Action 'Send_mail' sends from a personal mailbox; use the shared mailbox action.",
    ]);
  });

  it('exports what the built-in rules use, and nothing that makes names or reveals values', async () => {
    const api = (await import('../src/rule-api.js')) as Record<string, unknown>;
    for (const name of ['defineRule', 'secretsOf', 'label', 'names', 'redact', 'sinkAt']) expect(typeof api[name], name).toBe('function');
    expect(api.asName).toBeUndefined();
    expect(api.reveal).toBeUndefined();
  });
});
