/**
 * Shared by the secret data-flow rules: turns a tainted use into the data-flow path a finding
 * carries (source, each step, the place of use) and into message fragments.
 */
import { describeSteps, label, type ModelNode, type Name, names, type RelatedNode, type Taint, type TaintedUse } from '../../src/rule-api.js';

const SOURCE_LABELS: Readonly<Record<Taint['source']['kind'], Name>> = {
  'key-vault': label('Key Vault secret'),
  'key-vault-decrypt': label('Key Vault decrypted value'),
  'environment-variable-secret': label('secret environment variable'),
  'key-vault-http': label('Key Vault secret read over HTTP'),
  'token-request': label('access token'),
  'session-token': label('session token'),
  'connector-secret': label('secret read through a custom connector'),
  'trigger-input': label('secret trigger input'),
  'desktop-output': label('sensitive desktop flow output'),
  'secure-parameter': label('secure parameter'),
  configured: label('configured secret source'),
};

export function sourceLabel(taint: Taint): Name {
  return SOURCE_LABELS[taint.source.kind];
}

/** "a Key Vault secret", "an access token". */
export function sourceLabelWithArticle(taint: Taint): Name {
  const kind = sourceLabel(taint);
  return /^[aeiou]/i.test(kind) ? names`an ${kind}` : names`a ${kind}`;
}

/** Data to fill `{{source}}`, `{{sourceKind}}` and `{{path}}` placeholders. */
export function taintData(taint: Taint): { source: Name; sourceKind: Name; path: Name } {
  return { source: taint.source.name, sourceKind: sourceLabel(taint), path: describeSteps(taint) };
}

/** Source first, then each step, then the place where the secret is used. */
export function dataFlowOf(use: TaintedUse, user: ModelNode): RelatedNode[] {
  const { taint } = use;
  const path: RelatedNode[] = [{ node: taint.source.node, message: `${sourceLabel(taint)} read by '${taint.source.name}'` }];
  for (const step of taint.steps) path.push({ node: step, message: `copied by '${step.name}'` });
  path.push({ node: user, pointer: use.entry.pointer, message: `used by '${user.logicalName}'` });
  return path;
}

/** Related locations: the source and the intermediate steps. */
export function relatedOf(taint: Taint): RelatedNode[] {
  return [
    { node: taint.source.node, message: `${sourceLabel(taint)} read by '${taint.source.name}'` },
    ...taint.steps.map((step) => ({ node: step as ModelNode, message: `copied by '${step.name}'` })),
  ];
}

/** The use with the most direct chain, for one finding per action. */
export function mostDirect(uses: readonly TaintedUse[]): TaintedUse {
  return uses.reduce((best, use) => (use.taint.steps.length < best.taint.steps.length ? use : best));
}
