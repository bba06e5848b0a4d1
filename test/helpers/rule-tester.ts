/**
 * A strict, table-driven rule tester in the manner of ESLint's RuleTester: each case runs the one
 * rule through the real model builder and engine, every invalid case must list exactly the
 * findings it expects (messageId, and optionally pointer, level, message fragments), duplicate
 * case names are rejected, and an invalid case that reports nothing fails.
 */
import { builtinRules } from '../../rules/index.js';
import { describe, expect, it } from 'vitest';
import { buildUnit } from '../../src/model/build.js';
import { LintEngine, finalizeFindings, type EngineOutput } from '../../src/engine/engine.js';
import { Suppressions } from '../../src/engine/suppressions.js';
import { placeholdersOf } from '../../src/engine/messages.js';
import type { AnyRule, Finding, Level, RunContext } from '../../src/engine/types.js';
import type { InputGroup } from '../../src/sources/types.js';
import { DEFAULT_LIMITS } from '../../src/sources/types.js';
import { folderGroup, solutionFiles, type Json, type SolutionOptions } from './builders.js';

export interface ExpectedFinding {
  readonly messageId: string;
  /** JSON pointer of the finding (exact). */
  readonly pointer?: string;
  readonly level?: Level;
  /** Substrings the rendered message must contain. */
  readonly messageIncludes?: readonly string[];
  /** File (unit path) the finding is in, when a case has several files. */
  readonly file?: string;
  /** Number of data-flow steps (SARIF codeFlows), source first. */
  readonly dataFlowLength?: number;
}

export interface TestCase {
  readonly name: string;
  /** A single flow file placed in a solution (the common case). */
  readonly flow?: Json;
  /** Solution options around `flow` (or the whole solution when `flow` is absent). */
  readonly solution?: SolutionOptions;
  /** A ready-made input group (lone files, packages, several units). */
  readonly groups?: readonly InputGroup[];
  readonly options?: object;
  readonly level?: Level;
  /** The run context rules see (environments, the previous version of `diff`). */
  readonly run?: Partial<RunContext>;
}

export interface InvalidCase extends TestCase {
  readonly errors: readonly ExpectedFinding[];
}

export function groupsOf(testCase: TestCase): InputGroup[] {
  if (testCase.groups) return [...testCase.groups];
  const options: SolutionOptions = { ...testCase.solution };
  const flows = testCase.flow !== undefined ? { Main: testCase.flow, ...(options.flows ?? {}) } : options.flows;
  return [folderGroup('solution', solutionFiles({ ...options, flows }))];
}

/**
 * Runs one rule over the given groups through the real builder and engine. `companions` run
 * alongside it (at their default settings) and their findings are dropped: some rules, like the
 * suppression audit, only make sense next to the others.
 */
export function runRule(
  rule: AnyRule,
  groups: readonly InputGroup[],
  options: object = {},
  level?: Level,
  companions: readonly AnyRule[] = [],
  run: Partial<RunContext> = {},
): { findings: Finding[]; internalErrors: string[] } {
  const others = companions.filter((c) => c.meta.id !== rule.meta.id).map((c) => ({ rule: c, level: c.meta.defaultLevel, options: c.meta.defaultOptions }));
  const engine = new LintEngine([{ rule, level: level ?? rule.meta.defaultLevel, options: { ...rule.meta.defaultOptions, ...options } }, ...others], {
    debug: true,
    suppressions: new Suppressions(),
    run: { environments: {}, ...run },
    // As in a real run: every built-in rule id is known, enabled or not.
    knownRuleIds: new Set([...builtinRules, rule, ...companions].map((known) => known.meta.id)),
  });
  const solutions = [];
  const outputs: EngineOutput[] = [];
  for (const group of groups) {
    const unit = buildUnit(group, DEFAULT_LIMITS);
    if (unit.errors.length) throw new Error(`fixture did not load: ${unit.errors.map((e) => `${e.file}: ${e.message}`).join('; ')}`);
    outputs.push(engine.lintSolution(unit.solution, group.focus));
    solutions.push(unit.solution);
  }
  outputs.push(engine.finish({ solutions }));
  return {
    findings: finalizeFindings(outputs.flatMap((output) => output.findings)).filter((f) => f.ruleId === rule.meta.id),
    internalErrors: [...engine.setupDiagnostics, ...outputs.flatMap((output) => output.diagnostics)].map((d) => `${d.message}\n${d.stack ?? ''}`),
  };
}

function checkCaseNames(cases: readonly TestCase[]): void {
  const seen = new Set<string>();
  for (const c of cases) {
    if (seen.has(c.name)) throw new Error(`duplicate test case name "${c.name}"`);
    seen.add(c.name);
  }
}

export function ruleTester(rule: AnyRule, tests: { valid: readonly TestCase[]; invalid: readonly InvalidCase[] }): void {
  checkCaseNames([...tests.valid, ...tests.invalid]);
  const messageIds = Object.keys(rule.meta.messages);
  describe(rule.meta.id, () => {
    describe('valid', () => {
      for (const testCase of tests.valid) {
        it(testCase.name, () => {
          const { findings, internalErrors } = runRule(rule, groupsOf(testCase), testCase.options, testCase.level, [], testCase.run);
          expect(internalErrors).toEqual([]);
          expect(findings.map((f) => `${f.messageId} at ${f.location.pointer}: ${f.message}`)).toEqual([]);
        });
      }
    });
    describe('invalid', () => {
      for (const testCase of tests.invalid) {
        it(testCase.name, () => {
          if (testCase.errors.length === 0) throw new Error('an invalid case must expect at least one finding');
          for (const expected of testCase.errors) {
            if (!messageIds.includes(expected.messageId)) throw new Error(`unknown messageId "${expected.messageId}" in test`);
          }
          const { findings, internalErrors } = runRule(rule, groupsOf(testCase), testCase.options, testCase.level, [], testCase.run);
          expect(internalErrors).toEqual([]);
          expect(findings.length, findings.map((f) => `${f.messageId} at ${f.location.pointer}: ${f.message}`).join('\n')).toBe(testCase.errors.length);
          // Findings are sorted by the engine; expectations are matched in that order.
          testCase.errors.forEach((expected, index) => {
            const finding = findings[index];
            expect(finding.messageId).toBe(expected.messageId);
            if (expected.pointer !== undefined) expect(finding.location.pointer).toBe(expected.pointer);
            if (expected.level !== undefined) expect(finding.level).toBe(expected.level);
            if (expected.file !== undefined) expect(finding.location.entry ?? finding.location.file).toContain(expected.file);
            if (expected.dataFlowLength !== undefined) expect(finding.dataFlow).toHaveLength(expected.dataFlowLength);
            for (const fragment of expected.messageIncludes ?? []) expect(finding.message).toContain(fragment);
            expect(placeholdersOf(finding.message)).toEqual([]);
            expect(finding.message).toMatch(/^[A-Z'"].*\.$/s);
          });
        });
      }
    });
  });
}
