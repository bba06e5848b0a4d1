/**
 * Golden reports are keyed by rule id: adding a rule to the list adds that rule's lines and moves
 * no other rule's finding, so a contributor's new rule shows up in the golden diff as itself.
 */
import { describe, expect, it } from 'vitest';
import type { RuleMeta } from '../../src/engine/types.js';
import { githubReporter } from '../../src/report/github.js';
import { junitReporter } from '../../src/report/junit.js';
import { markdownReporter } from '../../src/report/markdown.js';
import { ALL_CONTEXT, ALL_RESULT, ALL_RULES, allRulesResult } from './fixtures-all-rules.js';

/** Lines of `before` that `after` lacks, counted as a multiset. */
function removedLines(before: string, after: string): string[] {
  const left = new Map<string, number>();
  for (const line of after.split('\n')) left.set(line, (left.get(line) ?? 0) + 1);
  return before.split('\n').filter((line) => {
    const count = left.get(line) ?? 0;
    if (count === 0) return true;
    left.set(line, count - 1);
    return false;
  });
}

describe('golden reports keyed by rule id', () => {
  const added: RuleMeta<object, string> = {
    ...ALL_RULES[0],
    id: 'added-rule',
    title: 'Added rule',
    description: 'A rule added after the others.',
    messages: { only: 'Added rule message.' },
  };
  const rules = [...ALL_RULES.slice(0, 3), added, ...ALL_RULES.slice(3)];
  const reporters = { markdown: markdownReporter, junit: junitReporter, github: githubReporter };

  it.each(Object.keys(reporters))('%s: a new rule in the middle of the list removes no line but the totals', (name) => {
    const reporter = reporters[name as keyof typeof reporters];
    const before = reporter(ALL_RESULT, ALL_CONTEXT);
    const after = reporter(allRulesResult(rules), { ...ALL_CONTEXT, rules });
    expect(after).toContain('Added rule message.');
    const removed = removedLines(before, after);
    expect(
      removed.filter(
        (line) => !/\b\d+ (findings?|tests?|errors?|failures?|problems?)\b|tests="\d+"|failures="\d+"|\*\*Total\*\*|^#### (Errors|Warnings|Notes) \(\d+\)$/.test(line),
      ),
    ).toEqual([]);
  });
});
