/**
 * Every template string of a flow (docs/formats.md §3.6), parsed once per flow and shared by rules:
 * the taint analysis reads references from them, `not-analysed` reports the ones that fail.
 * Nested actions are not walked from their container: each action owns only its own strings.
 */
import { asName, type Name } from '../redact.js';
import { isTemplate, parseTemplate, scanReferences, type Reference, type Template } from '../expr/index.js';
import type { Flow, ModelNode, Operation } from '../model/types.js';
import { joinPointer, type JsonPointer } from '../parse/pointer.js';

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
  const entries: ExpressionEntry[] = [];
  for (const operation of [...flow.triggers, ...flow.actions]) {
    const isContainer = operation.children.length > 0 || 'actions' in operation.json;
    for (const [key, value] of Object.entries(operation.json)) {
      if (UNEVALUATED_KEYS.has(key)) continue;
      if (isContainer && NESTED_ACTION_KEYS.has(key)) {
        collectContainerBranchValues(operation, key, value, entries);
        continue;
      }
      collectStrings(operation, value, operation.location.pointer, [key], entries);
    }
  }
  const outputs = flow.definition.outputs;
  if (outputs !== undefined) collectStrings(flow, outputs, flow.definitionPointer, ['outputs'], entries);
  return entries;
}

/** `cases.X.case` and similar values beside nested action maps still belong to the container. */
function collectContainerBranchValues(owner: Operation, key: string, value: unknown, out: ExpressionEntry[]): void {
  if (key === 'actions' || !value || typeof value !== 'object') return;
  const base = owner.location.pointer;
  if (key === 'cases') {
    for (const [caseName, body] of Object.entries(value as Record<string, unknown>)) {
      if (!body || typeof body !== 'object') continue;
      for (const [field, fieldValue] of Object.entries(body as Record<string, unknown>)) {
        if (field !== 'actions') collectStrings(owner, fieldValue, base, [key, caseName, field], out);
      }
    }
    return;
  }
  for (const [field, fieldValue] of Object.entries(value as Record<string, unknown>)) {
    if (field !== 'actions') collectStrings(owner, fieldValue, base, [key, field], out);
  }
}

/**
 * The template strings below `base` (the owner's pointer) + `path`. `path` is one stack, pushed and
 * popped on the way down: pointers and path copies are made only for templates, which are few
 * among the strings of a flow.
 */
function collectStrings(owner: Operation | Flow, value: unknown, base: JsonPointer, path: (string | number)[], out: ExpressionEntry[]): void {
  if (typeof value === 'string') {
    if (!isTemplate(value)) return;
    const entryPath = [...path];
    const pointer = joinPointer(base, ...entryPath);
    const parsed = parseTemplate(value);
    if (parsed.ok) out.push({ owner, pointer, path: entryPath, template: parsed.template });
    else out.push({ owner, pointer, path: entryPath, error: asName(safeReason(parsed.error.message, parsed.error.offset)), scannedReferences: scanReferences(value) });
    return;
  }
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) {
      path.push(index);
      collectStrings(owner, value[index], base, path, out);
      path.pop();
    }
    return;
  }
  if (value && typeof value === 'object') {
    for (const key of Object.keys(value)) {
      path.push(key);
      collectStrings(owner, (value as Record<string, unknown>)[key], base, path, out);
      path.pop();
    }
  }
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
