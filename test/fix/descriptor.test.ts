/**
 * Fixes are data on the report: a fixable rule attaches a FixDescriptor, the finding carries it,
 * and `--fix` applies it without knowing which rule gave it. As in ESLint, a rule that reports a
 * fix without declaring `meta.fixable` is a broken rule (an internal error), not a silent fix.
 */
import { describe, expect, it } from 'vitest';
import { defineRule } from '../../src/engine/rule.js';
import { planFixes } from '../../src/fix/index.js';
import { flow, kvGetSecret, ptr } from '../helpers/builders.js';
import { groupsOf, runRule } from '../helpers/rule-tester.js';

function ruleReportingFix(fixable: boolean) {
  return defineRule({
    meta: {
      id: fixable ? 'fixes-outputs' : 'fixes-without-saying',
      title: 'Fix',
      description: 'Require nothing.',
      rationale: 'Test rule.',
      defaultLevel: 'error',
      precision: 'high',
      tags: [],
      recommended: false,
      since: '0.1.0',
      messages: { fix: 'Fixable.' },
      defaultOptions: {},
      references: [],
      ...(fixable ? { fixable: true } : {}),
    },
    create(context) {
      return {
        action(action) {
          context.report({
            node: action,
            pointer: ptr(`${action.location.pointer}/inputs/parameters`),
            messageId: 'fix',
            fix: { kind: 'secure-data', action: action.location.pointer, properties: ['outputs'] },
          });
        },
      };
    },
  });
}

const groups = groupsOf({ name: 'one action', flow: flow({ Get_secret: kvGetSecret('k') }) });

describe('fix descriptors', () => {
  it('a fixable rule: the finding carries the fix, and the plan follows it, not the finding pointer', () => {
    const { findings, internalErrors } = runRule(ruleReportingFix(true), groups);
    expect(internalErrors).toEqual([]);
    expect(findings.map((f) => f.fix)).toEqual([{ kind: 'secure-data', action: '/properties/definition/actions/Get_secret', properties: ['outputs'] }]);
    const plan = planFixes(findings);
    expect([...plan.files.values()].flatMap((file) => file.targets)).toEqual([{ pointer: '/properties/definition/actions/Get_secret', properties: ['outputs'] }]);
  });

  it('a rule without meta.fixable that reports a fix: an internal error, and no finding', () => {
    const { findings, internalErrors } = runRule(ruleReportingFix(false), groups);
    expect(findings).toEqual([]);
    expect(internalErrors.join('\n')).toMatch(/rule fixes-without-saying reported a fix but its meta\.fixable is not set/);
  });
});
