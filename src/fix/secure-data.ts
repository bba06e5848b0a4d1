/**
 * The `--fix` edit: turn on Secure Inputs / Secure Outputs of actions in a flow definition file by
 * adding (or extending) `runtimeConfiguration.secureData.properties`, and nothing else.
 *
 * The file is edited in place with jsonc-parser's `modify`/`applyEdits`, in the file's own
 * indentation and line endings; it is never re-serialised. Every edit is checked to be a pure
 * insertion (the old text is the new text with the inserted spans taken out): when jsonc-parser's
 * formatter would also touch a neighbouring line (unusual spacing around the insertion point), the
 * edit is made without formatting instead, as compact JSON on the same line. A minified file (one
 * line) gets compact insertions too.
 * https://learn.microsoft.com/azure/logic-apps/logic-apps-securing-a-logic-app#secure-data-in-run-history-by-using-obfuscation
 */
import { applyEdits, findNodeAtLocation, modify, parseTree, type Edit, type FormattingOptions, type JSONPath, type Node } from 'jsonc-parser';
import { escapePointerSegment, pointerSegments, type JsonPointer } from '../parse/pointer.js';

export type SecureProperty = 'inputs' | 'outputs';

/** The designer writes them in this order. */
const ORDER: readonly SecureProperty[] = ['inputs', 'outputs'];

export interface SecureDataTarget {
  /** JSON pointer of the action (or trigger) object in the file. */
  readonly pointer: JsonPointer;
  readonly properties: readonly SecureProperty[];
}

export interface AppliedFix {
  readonly pointer: JsonPointer;
  readonly added: readonly SecureProperty[];
}

export interface SkippedFix {
  readonly pointer: JsonPointer;
  readonly reason: string;
}

/** One inserted span of the new text, as offsets into the new text. */
export interface InsertedSpan {
  readonly offset: number;
  readonly length: number;
}

export interface SecureDataFixResult {
  readonly text: string;
  readonly applied: readonly AppliedFix[];
  readonly skipped: readonly SkippedFix[];
  /** Where text was inserted, in the new text (sorted, non-overlapping). */
  readonly inserted: readonly InsertedSpan[];
}

export interface TextFormatting {
  readonly eol: '\n' | '\r\n';
  readonly insertSpaces: boolean;
  readonly tabSize: number;
  /** No indented lines: the file is minified (or one line); insert compact JSON. */
  readonly compact: boolean;
}

/** The file's line ending (the most common one) and indentation unit (tab, or the most common step in spaces). */
export function detectFormatting(text: string): TextFormatting {
  const crlf = (text.match(/\r\n/g) ?? []).length;
  const lf = (text.match(/\n/g) ?? []).length - crlf;
  const eol = crlf > lf ? '\r\n' : '\n';
  const indents = text
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '')
    .map((line) => /^[ \t]*/.exec(line)![0]);
  const tabs = indents.filter((indent) => indent.startsWith('\t')).length;
  const spaced = indents.filter((indent) => indent.startsWith(' '));
  if (tabs === 0 && spaced.length === 0) return { eol, insertSpaces: true, tabSize: 2, compact: true };
  if (tabs > spaced.length) return { eol, insertSpaces: false, tabSize: 1, compact: false };
  // The most common positive difference between the indents of consecutive lines.
  const steps = new Map<number, number>();
  let previous = 0;
  for (const indent of indents) {
    if (indent.startsWith('\t')) continue;
    const delta = indent.length - previous;
    if (delta > 0) steps.set(delta, (steps.get(delta) ?? 0) + 1);
    previous = indent.length;
  }
  let tabSize = 2;
  let best = 0;
  for (const [step, count] of steps) {
    if (count > best || (count === best && step < tabSize)) {
      tabSize = step;
      best = count;
    }
  }
  return { eol, insertSpaces: true, tabSize, compact: false };
}

/**
 * The pointer of the action or trigger that contains `pointer` (a finding may point inside an
 * action's inputs): the longest prefix that follows the workflow definition's grammar — `actions/X`
 * or `triggers/X` under the definition, then `actions/X`, `else/actions/X`, `cases/C/actions/X` or
 * `default/actions/X` inside a container action. Undefined when the pointer is in no action.
 */
export function actionPointerOf(pointer: string): string | undefined {
  const segments = pointerSegments(pointer);
  // The definition sits at /properties/definition, /definition or the root.
  const starts = [['properties', 'definition'], ['definition'], []];
  for (const start of starts) {
    if (!start.every((segment, index) => segments[index] === segment)) continue;
    let i = start.length;
    if ((segments[i] !== 'actions' && segments[i] !== 'triggers') || segments[i + 1] === undefined) continue;
    let end = i + 2;
    const isTrigger = segments[i] === 'triggers';
    i = end;
    while (!isTrigger) {
      const rest = segments.slice(i);
      let length = 0;
      if (rest[0] === 'actions' && rest[1] !== undefined) length = 2;
      else if ((rest[0] === 'else' || rest[0] === 'default') && rest[1] === 'actions' && rest[2] !== undefined) length = 3;
      else if (rest[0] === 'cases' && rest[1] !== undefined && rest[2] === 'actions' && rest[3] !== undefined) length = 4;
      if (length === 0) break;
      i += length;
      end = i;
    }
    return `/${segments.slice(0, end).map(escapePointerSegment).join('/')}`;
  }
  return undefined;
}

/** The jsonc path of a pointer, with array indices as numbers where the document has arrays. */
function jsonPath(tree: Node, pointer: JsonPointer): JSONPath | undefined {
  const path: JSONPath = [];
  let node: Node | undefined = tree;
  for (const segment of pointerSegments(pointer)) {
    if (node === undefined) return undefined;
    if (node.type === 'array' && /^\d+$/.test(segment)) {
      path.push(Number(segment));
      node = node.children?.[Number(segment)];
    } else if (node.type === 'object') {
      path.push(segment);
      node = findNodeAtLocation(node, [segment]);
    } else {
      return undefined;
    }
  }
  return node === undefined ? undefined : path;
}

interface Change {
  readonly text: string;
  readonly span: InsertedSpan;
}

/**
 * Applies one `modify` and returns the new text if the change is a pure insertion: formatted in the
 * file's style when that touches nothing else, compact otherwise.
 */
function insert(text: string, path: JSONPath, value: unknown, formatting: TextFormatting, arrayInsertion: boolean): Change | undefined {
  const attempts: (FormattingOptions | undefined)[] = formatting.compact
    ? [undefined]
    : [{ insertSpaces: formatting.insertSpaces, tabSize: formatting.tabSize, eol: formatting.eol }, undefined];
  for (const formattingOptions of attempts) {
    const edits: Edit[] = modify(text, path, value, { formattingOptions, isArrayInsertion: arrayInsertion });
    const next = applyEdits(text, edits);
    const span = insertionSpan(text, next);
    if (span !== undefined && span.length > 0) return { text: next, span };
  }
  return undefined;
}

/** The one span `after` has in addition to `before`, if `after` is `before` plus one insertion. */
export function insertionSpan(before: string, after: string): InsertedSpan | undefined {
  if (after.length < before.length) return undefined;
  let prefix = 0;
  const max = before.length;
  while (prefix < max && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  while (suffix < max - prefix && before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)) suffix++;
  if (prefix + suffix !== before.length) return undefined;
  return { offset: prefix, length: after.length - before.length };
}

function describe(node: Node | undefined): string {
  return node === undefined ? 'missing' : `a ${node.type}`;
}

/**
 * Adds Secure Inputs/Outputs to each target action of `text` that does not have them yet.
 * Targets that cannot be edited safely (not found, not an object, an unexpected
 * `runtimeConfiguration` shape) are skipped with a reason; the rest still apply.
 */
export function addSecureData(text: string, targets: readonly SecureDataTarget[]): SecureDataFixResult {
  const formatting = detectFormatting(text);
  const applied: AppliedFix[] = [];
  const skipped: SkippedFix[] = [];
  let spans: InsertedSpan[] = [];
  let current = text;

  // One entry per action, the wanted properties merged.
  const wanted = new Map<JsonPointer, Set<SecureProperty>>();
  for (const target of targets) {
    const set = wanted.get(target.pointer) ?? new Set<SecureProperty>();
    for (const property of target.properties) set.add(property);
    wanted.set(target.pointer, set);
  }

  for (const [pointer, properties] of wanted) {
    const tree = parseTree(current, [], { disallowComments: false, allowTrailingComma: true });
    if (tree === undefined) {
      skipped.push({ pointer, reason: 'the file is not valid JSON' });
      continue;
    }
    const actionPath = jsonPath(tree, pointer);
    const action = actionPath === undefined ? undefined : findNodeAtLocation(tree, actionPath);
    if (actionPath === undefined || action?.type !== 'object') {
      skipped.push({ pointer, reason: `the action is ${describe(action)}, not an object` });
      continue;
    }
    const runtime = findNodeAtLocation(action, ['runtimeConfiguration']);
    const secureData = runtime === undefined ? undefined : findNodeAtLocation(runtime, ['secureData']);
    const list = secureData === undefined ? undefined : findNodeAtLocation(secureData, ['properties']);
    if (runtime !== undefined && runtime.type !== 'object') {
      skipped.push({ pointer, reason: `runtimeConfiguration is ${describe(runtime)}, not an object` });
      continue;
    }
    if (secureData !== undefined && secureData.type !== 'object') {
      skipped.push({ pointer, reason: `runtimeConfiguration.secureData is ${describe(secureData)}, not an object` });
      continue;
    }
    if (list !== undefined && list.type !== 'array') {
      skipped.push({ pointer, reason: `runtimeConfiguration.secureData.properties is ${describe(list)}, not an array` });
      continue;
    }
    const present = new Set((list?.children ?? []).map((child) => child.value as unknown));
    const missing = ORDER.filter((property) => properties.has(property) && !present.has(property));
    if (missing.length === 0) continue;

    const base = [...actionPath, 'runtimeConfiguration'];
    const changes: (Change | undefined)[] = [];
    if (runtime === undefined) {
      changes.push(insert(current, base, { secureData: { properties: missing } }, formatting, false));
    } else if (secureData === undefined) {
      changes.push(insert(current, [...base, 'secureData'], { properties: missing }, formatting, false));
    } else if (list === undefined) {
      changes.push(insert(current, [...base, 'secureData', 'properties'], missing, formatting, false));
    } else {
      // Appended to the existing list, one value at a time.
      let text = current;
      for (const property of missing) {
        const change = insert(text, [...base, 'secureData', 'properties', -1], property, formatting, true);
        changes.push(change);
        if (change === undefined) break;
        text = change.text;
      }
    }
    if (changes.some((change) => change === undefined)) {
      skipped.push({ pointer, reason: 'no edit could be made without changing other text' });
      continue;
    }
    for (const change of changes as Change[]) {
      spans = addSpan(spans, change.span);
      current = change.text;
    }
    applied.push({ pointer, added: missing });
  }
  return { text: current, applied, skipped, inserted: spans };
}

/** Adds a new insertion to the list of inserted spans: later spans move, a span it falls in grows. */
function addSpan(spans: readonly InsertedSpan[], added: InsertedSpan): InsertedSpan[] {
  const moved = spans.map((span) => {
    if (span.offset >= added.offset) return { offset: span.offset + added.length, length: span.length };
    if (added.offset < span.offset + span.length) return { offset: span.offset, length: span.length + added.length };
    return span;
  });
  const all = [...moved, added].sort((a, b) => a.offset - b.offset);
  const merged: InsertedSpan[] = [];
  for (const span of all) {
    const last = merged[merged.length - 1];
    if (last !== undefined && last.offset + last.length >= span.offset) {
      merged[merged.length - 1] = { offset: last.offset, length: Math.max(last.length, span.offset + span.length - last.offset) };
    } else {
      merged.push(span);
    }
  }
  return merged;
}
