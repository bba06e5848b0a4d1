/**
 * Older desktop flow exports: the Robin script in `properties.definition.package` (base64 of a zip)
 * is read like a `<Definition>` one, and a package that cannot be read is an input error.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import hardcoded from '../../rules/hardcoded-secret.js';
import { ruleTester } from '../helpers/rule-tester.js';
import { runFlowlint } from '../helpers/cli.js';
import { buildUnit } from '../../src/model/build.js';
import { DEFAULT_LIMITS } from '../../src/sources/types.js';
import { desktopFlowId, folderGroup, packageBase64, solutionFiles } from '../helpers/builders.js';
import { honestZip } from '../helpers/hostile.js';

const W = `/ImportExportXml/Workflows/Workflow/${desktopFlowId(0)}/Definition`;
const PACKAGE = '/properties/definition/package';

function script(body: string[]): string {
  return ["@@ConnectionString: ''", '@SENSITIVE: []', ...body].join('\r\n');
}

const CONNECTION =
  "Database.Connect ConnectionString: $'''Provider=SQLOLEDB;Data Source=sql01;Initial Catalog=Loans;User ID=robot;Password=Wq7#pLz92mVx!''' Connection=> SQLConnection";

describe('hardcoded-secret reads a package script like a <Definition> one', () => {
  ruleTester(hardcoded, {
    valid: [
      {
        name: 'a package without a secret (the base64 itself is no finding)',
        solution: { desktopFlows: { Loans: { script: script(['Clipboard.SetText Text: Report']), package: true } } },
      },
    ],
    invalid: [
      {
        name: 'Password= in a connection string, newer format',
        solution: { desktopFlows: { Loans: script([CONNECTION]) } },
        errors: [{ messageId: 'knownFormat', pointer: `${W}/action/Database.Connect/ConnectionString` }],
      },
      {
        name: 'Password= in a connection string, older package format',
        solution: { desktopFlows: { Loans: { script: script([CONNECTION]), package: true } } },
        errors: [{ messageId: 'knownFormat', pointer: `${PACKAGE}/action/Database.Connect/ConnectionString` }],
      },
    ],
  });
});

describe('a package that cannot be read', () => {
  const cases: Record<string, string> = {
    'corrupt base64': 'UEsDBBQ!!notbase64',
    'base64 of no zip': Buffer.from('just some text, no archive at all').toString('base64'),
    'a truncated zip': honestZip([['Main.robin', script([CONNECTION])]])
      .subarray(0, 60)
      .toString('base64')
      .replace(/=+$/, '')
      .padEnd(80, 'A'),
    'a zip with an unsafe entry name': honestZip([['../Main.robin', script([CONNECTION])]]).toString('base64'),
    'a zip with no script': packageBase64({ 'controlRepo.appmask': '{}', 'flow.manifest': '{}' }),
  };
  for (const [name, packageText] of Object.entries(cases)) {
    it(`${name}: an input error naming the file, and no desktop flow`, () => {
      const files = solutionFiles({ desktopFlows: { Loans: { script: script([CONNECTION]), package: packageText } } });
      const unit = buildUnit(folderGroup('solution', files), DEFAULT_LIMITS);
      expect(unit.solution.desktopFlows).toEqual([]);
      expect(unit.errors).toHaveLength(1);
      expect(unit.errors[0].file).toMatch(/solution\/Workflows\/Loans-.*\.json$/);
      expect(unit.errors[0].message).toMatch(/^desktop flow package \(properties\.definition\.package\): .+; the desktop flow is not analysed$/);
      expect(unit.errors[0].message).not.toContain('Wq7#');
    });
  }

  const dir = mkdtempSync(join(tmpdir(), 'flowlint-desktop-package-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('through the CLI: exit 2, the file named, nothing of the script shown', async () => {
    const files = solutionFiles({ desktopFlows: { Loans: { script: script([CONNECTION]), package: 'UEsDBBQ!!notbase64' } } });
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, 'bad', path)), { recursive: true });
      writeFileSync(join(dir, 'bad', path), text);
    }
    const run = await runFlowlint(['bad', '--no-config-lookup'], dir);
    expect(run.code).toBe(2);
    expect(run.stdout + run.stderr).toMatch(/Loans-.*\.json/);
    expect(run.stdout + run.stderr).toContain('not valid base64');
  });

  it('through the CLI: a readable package is linted and its findings point at the package field', async () => {
    const files = solutionFiles({ desktopFlows: { Loans: { script: script([CONNECTION]), package: true } } });
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, 'good', path)), { recursive: true });
      writeFileSync(join(dir, 'good', path), text);
    }
    const run = await runFlowlint(['good', '--no-config-lookup', '-f', 'json'], dir);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('hardcoded-secret');
    expect(run.stdout).not.toContain('Wq7#');
  });
});
