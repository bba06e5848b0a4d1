/**
 * `defineRule` keeps rule modules typed (options and messageIds checked where the rule is written)
 * and derives what can be derived from the id.
 */
import type { Rule } from './types.js';

export const PROJECT_URL = 'https://github.com/flowlint/flowlint';

export function ruleDocsUrl(id: string): string {
  return `${PROJECT_URL}/blob/main/rules/${id}.md`;
}

export function defineRule<Options extends object, MessageId extends string>(rule: Rule<Options, MessageId>): Rule<Options, MessageId> {
  return rule;
}
