/**
 * Every template string of a flow (docs/formats.md §3.6), parsed once per flow and shared by rules:
 * the taint analysis reads references from them, `not-analysed` reports the ones that fail.
 * The strings come from the document's leaf index; each belongs to the innermost action holding it.
 */
import { asName, type Name } from '../redact.js';
import { isTemplate, parseTemplate, scanReferences, type Reference, type Template } from '../expr/index.js';
import type { Flow, ModelNode, Operation } from '../model/types.js';
import { joinPointer, type JsonPointer } from '../parse/pointer.js';
import { leafOwner, leafPath, type StringLeaf } from '../model/leaves.js';
import { documentLeaves } from './leaves.js';

export interface ExpressionEntry {
  /** The action or trigger holding the string (the flow, for definition outputs). */
  readonly owner: Operation | Flow;
  /** Pointer of the string value in the flow document. */
  readonly pointer: JsonPointer;
  /** Path of keys below the owner (`['inputs', 'body', 'value']`), for sink/field checks. */
  readonly path: readonly (string | number)[];
  readonly template?: Template;
  /** Why the template could not be parsed (never quotes the expression). */
  readonly error?: Name;
  /**
   * For a template that could not be parsed: the references its text spells (`scanReferences`),
   * so the secret analysis fails closed instead of losing what the value carries.
   */
  readonly scannedReferences?: readonly Reference[];
}

/** Keys the engine never evaluates: designer notes and metadata are plain text. */
export const UNEVALUATED_KEYS: ReadonlySet<string> = new Set(['description', 'metadata', '$schema']);

/** Keys of a container action that hold nested actions (each walked as its own owner). */
const NESTED_ACTION_KEYS = new Set(['actions', 'else', 'cases', 'default']);

export function flowExpressions(flow: Flow): readonly ExpressionEntry[] {
  const operations = [...flow.triggers, ...flow.actions];
  const owners = new Map<object, Operation | Flow>(operations.map((operation) => [operation.json, operation]));
  const outputs = flow.definition.outputs;
  const byOwner = new Map<Operation | Flow, ExpressionEntry[]>();
  for (const leaf of documentLeaves(flow.document).leaves) {
    if (!isTemplate(leaf.value)) continue;
    const owned = leafOwner(leaf, owners) ?? definitionOutput(leaf, flow, outputs);
    if (!owned || !evaluated(owned.owner, owned.path)) continue;
    const { owner, path } = owned;
    const base = owner === flow ? flow.definitionPointer : (owner as Operation).location.pointer;
    const pointer = joinPointer(base, ...path);
    const parsed = parseTemplate(leaf.value);
    const entry: ExpressionEntry = parsed.ok
      ? { owner, pointer, path, template: parsed.template }
      : { owner, pointer, path, error: asName(safeReason(parsed.error.message, parsed.error.offset)), scannedReferences: scanReferences(leaf.value) };
    const list = byOwner.get(owner);
    if (list) list.push(entry);
    else byOwner.set(owner, [entry]);
  }
  // Owners in model order (triggers, then actions depth-first), the definition's outputs last.
  return [...operations, flow].flatMap((owner) => byOwner.get(owner) ?? []);
}

/** A leaf of the definition's own `outputs`, owned by the flow. */
function definitionOutput(leaf: StringLeaf, flow: Flow, outputs: unknown): { owner: Flow; path: (string | number)[] } | undefined {
  if (outputs === undefined) return undefined;
  const path = leafPath(leaf, flow.definition);
  return path && path[0] === 'outputs' ? { owner: flow, path } : undefined;
}

/**
 * Whether the engine evaluates a string at `path` below its owner: not in designer notes and
 * metadata, and, in a container, not in a branch's nested action map (each nested action owns its
 * strings; what is left there is no action).
 */
function evaluated(owner: Operation | Flow, path: readonly (string | number)[]): boolean {
  if (!('role' in owner)) return true;
  const [first, second, third] = path;
  if (typeof first !== 'string' || UNEVALUATED_KEYS.has(first)) return false;
  const operation = owner as Operation;
  if (!NESTED_ACTION_KEYS.has(first) || !(operation.children.length > 0 || 'actions' in operation.json)) return true;
  if (first === 'actions') return false;
  if (first === 'cases') return path.length >= 3 && third !== 'actions';
  return path.length >= 2 && second !== 'actions';
}

const EXPRESSION_PROBLEMS: readonly (readonly [RegExp, string])[] = [
  [/^Expression is nested too deeply/, 'nested too deeply'],
  [/^Unexpected end/, 'unexpected end of expression'],
  [/^Unexpected/, 'unexpected character'],
  [/^Invalid number/, 'invalid number'],
  [/^Missing/, 'missing closing bracket, parenthesis or brace'],
  [/^Unterminated string/, 'unterminated string literal'],
  [/^Empty/, 'empty expression or index'],
  [/too complex/, 'expression too complex to parse'],
  [/is a literal and cannot be called/, 'a literal cannot be called'],
];

/** Parser messages may quote parts of the expression; keep them short and redacted. */
export function safeReason(message: string, offset: number): string {
  // A fixed phrase per kind of problem: parser messages quote the input next to the error, and
  // pairing quotes to redact them goes wrong on an unquoted token.
  const kind = EXPRESSION_PROBLEMS.find(([pattern]) => pattern.test(message))?.[1] ?? 'malformed expression';
  return `${kind} (at character ${offset + 1})`;
}

/** Entries grouped by owner, for rules that look at one action at a time. */
export function expressionsByOwner(entries: readonly ExpressionEntry[]): Map<ModelNode, ExpressionEntry[]> {
  const map = new Map<ModelNode, ExpressionEntry[]>();
  for (const entry of entries) {
    const list = map.get(entry.owner);
    if (list) list.push(entry);
    else map.set(entry.owner, [entry]);
  }
  return map;
}
