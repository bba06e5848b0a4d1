/**
 * The run configuration is read once, by the main thread: pool workers build their rules from it
 * and read no config or baseline file themselves, so a file that changes during the run cannot
 * make workers lint with settings the main thread never saw.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runFlowlint } from './helpers/cli.js';
import { GOOD_FLOW } from './helpers/hostile.js';

const dir = mkdtempSync(join(tmpdir(), 'flowlint-run-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('run configuration', () => {
  it('workers use the configuration the main thread read, even if the file changes after', async () => {
    for (const name of ['a', 'b', 'c', 'd']) writeFileSync(join(dir, `${name}.json`), GOOD_FLOW);
    const config = join(dir, 'flowlint.config.json');
    writeFileSync(config, JSON.stringify({ plugins: ['./rewrite.mjs'] }));
    // Imported by the main thread first: it turns a rule off in the file, which a worker that
    // read the file again would obey.
    writeFileSync(
      join(dir, 'rewrite.mjs'),
      `import { writeFileSync } from 'node:fs';\nimport { isMainThread } from 'node:worker_threads';\n` +
        `if (isMainThread) writeFileSync(${JSON.stringify(config)}, JSON.stringify({ plugins: ['./rewrite.mjs'], rules: { 'secure-outputs-missing': 'off' } }));\n` +
        `export default { rules: [] };\n`,
    );
    const run = await runFlowlint(['a.json', 'b.json', 'c.json', 'd.json', '-f', 'json', '--jobs', '2', '--allow-plugins'], dir);
    expect(run.code).toBe(1);
    const findings = (JSON.parse(run.stdout) as { findings: { ruleId: string; file: string }[] }).findings;
    expect(findings.filter((f) => f.ruleId === 'secure-outputs-missing').map((f) => f.file)).toEqual(['a.json', 'b.json', 'c.json', 'd.json']);
  });
});
