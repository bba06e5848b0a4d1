/**
 * Notes secret reads inside Apply to each / Do until: Key Vault is called on every iteration, which
 * costs, hits Key Vault throttling limits and multiplies the places the secret appears in run
 * history. Read it once before the loop.
 * https://learn.microsoft.com/azure/key-vault/general/overview-throttling
 */
import { defineRule, isLoop, secretsOf } from '../src/rule-api.js';
import { sourceLabelWithArticle } from './support/secret-flow.js';

export default defineRule({
  meta: {
    id: 'secret-in-loop',
    title: 'Secret read inside a loop',
    description: 'Require secrets to be read once, outside Apply to each and Do until loops.',
    rationale:
      'A Key Vault read (or token request) inside a loop runs once per iteration: it is slow, it costs connector calls, it can hit Key Vault throttling limits, and it multiplies the run-history entries that hold the secret. Read the secret once before the loop and use that output inside it.',
    defaultLevel: 'note',
    precision: 'very-high',
    tags: ['performance', 'secrets'],
    recommended: true,
    since: '0.1.0',
    messages: {
      inLoop: "Action '{{action}}' reads {{sourceKind}} inside loop '{{loop}}', once per iteration; read it once before the loop and use that output inside.",
    },
    defaultOptions: {},
    references: ['https://learn.microsoft.com/azure/key-vault/general/overview-throttling'],
  },
  create(context) {
    return {
      action(action) {
        const source = secretsOf(context.analysis, action.flow).sourceOf(action);
        if (!source) return;
        for (let parent = action.parent; parent; parent = parent.parent) {
          if (!isLoop(parent)) continue;
          context.report({ node: action, messageId: 'inLoop', data: { action: action.name, sourceKind: sourceLabelWithArticle({ source, steps: [] }), loop: parent.name } });
          return;
        }
      },
    };
  },
});
