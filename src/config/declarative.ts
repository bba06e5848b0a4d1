/**
 * Declarative rules written in the configuration: a JSONPath selector (jsonpath-plus, `eval:
 * false`, so filter and script expressions are refused) evaluated on each action, trigger or flow
 * definition, plus a check. Each becomes an ordinary rule, so it is reported, suppressed and
 * baselined like the built-in ones. A malformed one is a configuration error naming it.
 */
import { isDeepStrictEqual } from 'node:util';
import { JSONPath } from 'jsonpath-plus';
import { joinPointer, pointerSegments, type JsonPointer } from '../parse/pointer.js';
import { ConfigError } from '../engine/registry.js';
import { placeholdersOf } from '../engine/messages.js';
import type { AnyRule, Rule } from '../engine/types.js';
import type { Flow, ModelNode, Operation } from '../model/types.js';
import { asName, redact } from '../redact.js';
import { ruleDocsUrl } from '../engine/rule.js';
import type { DeclarativeRuleConfig } from './load.js';
import { regexProblem } from './validate.js';

const PLACEHOLDERS = new Set(['name', 'type', 'flow', 'value']);

interface PathMatch {
  readonly pointer: string;
  readonly value: unknown;
}

function lower(value: string | undefined): string {
  return (value ?? '').toLowerCase();
}

/** Checks a declarative rule and turns it into a rule; throws ConfigError naming it. */
export function declarativeRule(spec: DeclarativeRuleConfig, index: number): AnyRule {
  const where = `customRules[${index}] (${spec.id})`;
  if (/\?\s*\(|\(\s*@|\$\(/.test(spec.path) || /[[,]\s*\(/.test(spec.path)) {
    throw new ConfigError(`${where}: path uses a filter or script expression, which flowlint does not evaluate; select with plain JSONPath and narrow with "where"`);
  }
  try {
    JSONPath.toPathArray(spec.path);
    JSONPath({ path: spec.path, json: {}, eval: false, wrap: true });
  } catch {
    // Neither the path nor the parser's message (which quotes it) is printed: no config value is.
    throw new ConfigError(`${where}: path is not valid JSONPath`);
  }
  let pattern: RegExp | undefined;
  if (spec.check === 'pattern') {
    if (typeof spec.value !== 'string') throw new ConfigError(`${where}: check "pattern" needs "value", a regular expression string`);
    try {
      pattern = new RegExp(spec.value, 'u');
    } catch (error) {
      throw new ConfigError(`${where}: value is not a valid regular expression${regexProblem(error)}`);
    }
  }
  if (spec.check === 'equals' && spec.value === undefined) throw new ConfigError(`${where}: check "equals" needs "value"`);
  const unknown = placeholdersOf(spec.message).filter((p) => !PLACEHOLDERS.has(p));
  if (unknown.length)
    throw new ConfigError(`${where}: message uses unknown placeholder(s) ${unknown.map((p) => `{{${p}}}`).join(', ')} (known: {{name}}, {{type}}, {{flow}}, {{value}})`);

  const scope = spec.scope ?? 'action';
  const matchesWhere = (operation: Operation): boolean => {
    const filter = spec.where;
    if (!filter) return true;
    if (filter.type && lower(filter.type) !== lower(operation.type)) return false;
    if (filter.kind && lower(filter.kind) !== lower(operation.kind)) return false;
    if (filter.connector && lower(filter.connector) !== lower(operation.connector?.apiName)) return false;
    if (filter.operation && lower(filter.operation) !== lower(operation.connector?.operationId)) return false;
    return true;
  };
  const select = (json: unknown): PathMatch[] =>
    (JSONPath({ path: spec.path, json: json as object, eval: false, wrap: true, resultType: 'all' }) as { pointer: string; value: unknown }[]).map((r) => ({
      pointer: r.pointer,
      value: r.value,
    }));

  const rule: Rule<Record<string, never>, 'violation'> = {
    meta: {
      id: spec.id,
      title: spec.id,
      description: spec.description ?? `Enforce the configured check ${spec.id}.`,
      rationale: spec.description ?? `A rule defined in the flowlint configuration: ${spec.check} ${spec.path}.`,
      defaultLevel: spec.level ?? 'warning',
      precision: 'high',
      tags: ['custom'],
      recommended: false,
      since: '0.1.0',
      messages: { violation: spec.message.trim().replace(/([^.!?])$/, '$1.') },
      defaultOptions: {},
      references: [ruleDocsUrl('custom-rules')],
    },
    create(context) {
      const check = (node: ModelNode, json: unknown, base: JsonPointer, type: string, flow: Flow): void => {
        const matches = select(json);
        const report = (pointer: string, value?: unknown): void =>
          context.report({
            node,
            pointer: joinPointer(base, ...pointerSegments(pointer)),
            messageId: 'violation',
            data: {
              name: node.logicalName,
              type: asName(type),
              flow: flow.displayName,
              value: redact(value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value)),
            },
          });
        switch (spec.check) {
          case 'present':
            if (matches.length === 0) report('');
            return;
          case 'absent':
            for (const match of matches) report(match.pointer, match.value);
            return;
          case 'pattern':
            if (matches.length === 0) report('');
            for (const match of matches) if (typeof match.value !== 'string' || !pattern!.test(match.value)) report(match.pointer, match.value);
            return;
          case 'equals':
            if (matches.length === 0) report('');
            for (const match of matches) if (!isDeepStrictEqual(match.value, spec.value)) report(match.pointer, match.value);
            return;
        }
      };
      const visitOperation = (operation: Operation): void => {
        if (matchesWhere(operation)) check(operation, operation.json, operation.location.pointer, operation.type, operation.flow);
      };
      if (scope === 'flow') return { flow: (flow) => check(flow, flow.definition, flow.definitionPointer, 'flow', flow) };
      if (scope === 'trigger') return { trigger: visitOperation };
      return { action: visitOperation };
    },
  };
  return rule;
}
