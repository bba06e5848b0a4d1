/**
 * Message data is typed so that a value read from an input cannot reach a message as text: it
 * accepts names (from the model, or flowlint's own literal words), numbers and `Redacted`. The
 * `@ts-expect-error` lines are checked by `npm run typecheck` (this file is in the TypeScript
 * project): if one of them stopped being an error, the type check would fail on the unused
 * directive.
 */
import { describe, expect, it } from 'vitest';
import type { MessageData } from '../../src/engine/types.js';
import type { DeploymentSetting, EnvVarValue, Operation } from '../../src/model/types.js';
import { label, nameList, names, redact } from '../../src/redact.js';
import { renderMessage } from '../../src/engine/messages.js';

/** Stand-ins with the model's types; only their types matter here. */
declare const action: Operation;
declare const envValue: EnvVarValue;
declare const setting: DeploymentSetting;

function typeChecks(textFromInput: string): unknown[] {
  const accepted: MessageData = { action: action.name, count: 2, value: envValue.value, setting: setting.value, kind: label('Action'), place: names`Action '${action.name}'` };
  // @ts-expect-error a plain string is not message data
  const plain: MessageData = { value: textFromInput };
  // @ts-expect-error the model holds an environment variable's value redacted: it is not text
  const modelValue: string = envValue.value;
  // @ts-expect-error nor is a deployment setting's value
  const settingValue: string = setting.value;
  // @ts-expect-error label() takes literal text written in code only
  const computed: MessageData = { kind: label(textFromInput) };
  // @ts-expect-error names`` interpolates names and numbers only
  const composed: MessageData = { place: names`Action '${textFromInput}'` };
  // @ts-expect-error a list of plain strings is not a list of names
  const listed: MessageData = { rules: nameList([textFromInput]) };
  return [accepted, plain, modelValue, settingValue, computed, composed, listed];
}

describe('message data', () => {
  it('is names, numbers and Redacted values (the type check above proves the rest)', () => {
    expect(typeof typeChecks).toBe('function');
    const meta = { id: 'x', messages: { m: '{{kind}} {{value}} {{count}}' } } as unknown as Parameters<typeof renderMessage>[0];
    expect(renderMessage(meta, 'm', { kind: label('Action'), value: redact('s3cr3t-value'), count: 2 })).toBe('Action s3c*** 2');
  });
});
