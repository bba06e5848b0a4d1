/**
 * A file given alone (a pre-commit hook) is modelled with its solution folder as context: the
 * other cloud flows and their workflow records are left out, desktop flows stay.
 */
import { describe, expect, it } from 'vitest';
import { buildUnit } from '../../src/model/build.js';
import { DEFAULT_LIMITS } from '../../src/sources/types.js';
import { customizationsXml, flow, folderGroup, jsonText, solutionManifestXml } from '../helpers/builders.js';

const GUIDS = { A: '0000aaaa-1111-2222-3333-000000000001', B: '0000aaaa-1111-2222-3333-000000000002', D: '0000aaaa-1111-2222-3333-000000000003' };

function record(name: keyof typeof GUIDS, category: number, extra = ''): string {
  const id = GUIDS[name];
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<Workflow WorkflowId="{${id}}" Name="${name}">`,
    `  <JsonFileName>/Workflows/${name}-${id.toUpperCase()}.json</JsonFileName>`,
    `  <Category>${category}</Category>`,
    extra,
    `  <LocalizedNames><LocalizedName languagecode="1033" description="Flow ${name}" /></LocalizedNames>`,
    '</Workflow>',
  ].join('\n');
}

const files: Record<string, string> = {
  'Other/Solution.xml': solutionManifestXml('Focus'),
  'Other/Customizations.xml': customizationsXml([]),
  [`Workflows/A-${GUIDS.A.toUpperCase()}.json`]: jsonText(flow({})),
  [`Workflows/A-${GUIDS.A.toUpperCase()}.json.data.xml`]: record('A', 5),
  [`Workflows/B-${GUIDS.B.toUpperCase()}.json`]: jsonText(flow({})),
  [`Workflows/B-${GUIDS.B.toUpperCase()}.json.data.xml`]: record('B', 5),
  // A desktop flow: its record holds the script (category 6, with line breaks in the element).
  [`Workflows/D-${GUIDS.D.toUpperCase()}.json.data.xml`]: record('D', 6, "  <Definition>SET Greeting TO $'''Hello'''</Definition>").replace(
    '<Category>6</Category>',
    '<Category>\n    6\n  </Category>',
  ),
};

describe('a flow file given alone', () => {
  const group = folderGroup('sol', files);
  const focusA = `sol/Workflows/A-${GUIDS.A.toUpperCase()}.json`;

  it('keeps its own workflow record and the desktop flows, not the other cloud flows or their records', () => {
    const { solution, errors } = buildUnit({ ...group, focus: [focusA] }, DEFAULT_LIMITS);
    expect(errors).toEqual([]);
    expect(solution.flows.map((f) => [f.displayName, f.workflow?.category])).toEqual([['Flow A', 5]]);
    expect(solution.workflows.map((w) => w.name).sort()).toEqual(['A', 'D']);
    expect(solution.desktopFlows.map((d) => d.workflow.name)).toEqual(['D']);
    expect(solution.documents.some((d) => d.unitPath.startsWith('Workflows/B-'))).toBe(false);
  });

  it('a record given alone is read, and so is everything without a focus', () => {
    const recordB = `sol/Workflows/B-${GUIDS.B.toUpperCase()}.json.data.xml`;
    expect(
      buildUnit({ ...group, focus: [recordB] }, DEFAULT_LIMITS)
        .solution.workflows.map((w) => w.name)
        .sort(),
    ).toEqual(['B', 'D']);
    const whole = buildUnit(group, DEFAULT_LIMITS).solution;
    expect(whole.workflows.map((w) => w.name).sort()).toEqual(['A', 'B', 'D']);
    expect(whole.flows.map((f) => f.displayName).sort()).toEqual(['Flow A', 'Flow B']);
  });
});
