/**
 * Message rendering. A rule names a messageId and gives data; the text is built once here. An
 * unknown messageId or a placeholder without data is a bug in the rule and throws (the engine turns
 * that into an internal error naming the rule).
 */
import { Redacted } from '../redact.js';
import type { MessageData, RuleMeta } from './types.js';

const PLACEHOLDER = /\{\{\s*(\w+)\s*\}\}/g;

/** A rule broke the engine's contract. Its message is flowlint's own wording (rule id, messageId), never input. */
export class RuleContractError extends Error {
  override name = 'RuleContractError';
}

export function renderMessage(meta: RuleMeta<object, string>, messageId: string, data: MessageData = {}): string {
  const template = (meta.messages as Record<string, string>)[messageId];
  if (template === undefined) {
    throw new RuleContractError(`rule ${meta.id} reported unknown messageId "${messageId}"`);
  }
  return template.replace(PLACEHOLDER, (_whole, name: string) => {
    if (!Object.prototype.hasOwnProperty.call(data, name)) {
      throw new RuleContractError(`rule ${meta.id} message "${messageId}" has no data for {{${name}}}`);
    }
    const value = data[name];
    return value instanceof Redacted ? value.display : String(value);
  });
}

/** Placeholders a message template uses (the rule tester checks them). */
export function placeholdersOf(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((m) => m[1]);
}
