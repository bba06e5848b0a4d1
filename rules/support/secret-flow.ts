/**
 * Shared by the secret data-flow rules: turns a tainted use into the data-flow path a finding
 * carries (source, each step, the place of use) and into message fragments.
 */
import type { RelatedNode } from '../../src/engine/types.js';
import type { ModelNode } from '../../src/model/types.js';
import { describeSteps, type Taint, type TaintedUse } from '../../src/analysis/secrets.js';

const SOURCE_LABELS: Readonly<Record<Taint['source']['kind'], string>> = {
  'key-vault': 'Key Vault secret',
  'key-vault-decrypt': 'Key Vault decrypted value',
  'environment-variable-secret': 'secret environment variable',
  'key-vault-http': 'Key Vault secret read over HTTP',
  'token-request': 'access token',
  'secure-parameter': 'secure parameter',
  configured: 'configured secret source',
};

export function sourceLabel(taint: Taint): string {
  return SOURCE_LABELS[taint.source.kind];
}

/** "a Key Vault secret", "an access token". */
export function sourceLabelWithArticle(taint: Taint): string {
  const label = sourceLabel(taint);
  return `${/^[aeiou]/i.test(label) ? 'an' : 'a'} ${label}`;
}

/** Data to fill `{{source}}`, `{{sourceKind}}` and `{{path}}` placeholders. */
export function taintData(taint: Taint): { source: string; sourceKind: string; path: string } {
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
