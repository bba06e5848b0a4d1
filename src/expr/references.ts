/**
 * What an expression references: actions, variables, parameters, loop items, the trigger and the
 * workflow, each with the literal accessor path that follows the reference call
 * (`body('A')?['x']` -> path ['x']).
 */
import type { CallExpr, Expr, MemberExpr, StringLiteral } from './ast.js';
import { CH_LPAREN, CH_QUOTE, CH_RPAREN, isDigit, isIdentPart, isIdentStart, isWhitespace } from './chars.js';
import type { Template } from './template.js';
import { templateExpressions } from './template.js';

export type ReferenceKind = 'action' | 'variable' | 'parameter' | 'loop' | 'trigger' | 'workflow' | 'callbackUrl';

/** Canonical spelling of each reference function (calls are matched case-insensitively). */
export type ReferenceFunction =
  | 'body'
  | 'outputs'
  | 'actions'
  | 'actionBody'
  | 'actionOutputs'
  | 'result'
  | 'variables'
  | 'parameters'
  | 'item'
  | 'items'
  | 'iterationIndexes'
  | 'trigger'
  | 'triggerBody'
  | 'triggerOutputs'
  | 'triggerFormDataValue'
  | 'triggerFormDataMultiValues'
  | 'triggerMultipartBody'
  | 'workflow'
  | 'listCallbackUrl';

export type PathSegment = string | number;

export interface Reference {
  readonly kind: ReferenceKind;
  /** Canonical function name (`Body(...)` is reported as `body`). */
  readonly fn: ReferenceFunction;
  /**
   * The literal first argument: the action, variable, parameter or loop name; for
   * `triggerFormDataValue`/`triggerFormDataMultiValues` the form key and for
   * `triggerMultipartBody` the part index (as text). Undefined when there is no argument or it is
   * not a literal (see `dynamic`).
   */
  readonly name?: string;
  /** The function takes a name argument but it is computed (e.g. `body(variables('n'))`). */
  readonly dynamic: boolean;
  /**
   * Literal accessors following the call, outermost last. Computed string keys are split on `/`
   * (designer path style: `?['body/value']` -> ['body', 'value']); number keys stay numbers.
   * Stops at the first computed accessor whose key is not a string or number literal.
   */
  readonly path: readonly PathSegment[];
  /** False when `path` stopped early at a non-literal accessor. */
  readonly pathComplete: boolean;
  /** All accessors that follow the call, in source order (including non-literal ones). */
  readonly accessors: readonly MemberExpr[];
  /** Start and end of the call: in the expression text, or in the JSON string for a template. */
  readonly offset: number;
  readonly end: number;
  readonly call: CallExpr;
}

interface FunctionInfo {
  readonly fn: ReferenceFunction;
  readonly kind: ReferenceKind;
  readonly takesName: boolean;
}

const FUNCTIONS = new Map<string, FunctionInfo>();
function define(kind: ReferenceKind, takesName: boolean, ...fns: ReferenceFunction[]): void {
  for (const fn of fns) FUNCTIONS.set(fn.toLowerCase(), { fn, kind, takesName });
}
define('action', true, 'body', 'outputs', 'actions', 'actionBody', 'actionOutputs', 'result');
define('variable', true, 'variables');
define('parameter', true, 'parameters');
define('loop', false, 'item');
define('loop', true, 'items', 'iterationIndexes');
define('trigger', false, 'trigger', 'triggerBody', 'triggerOutputs');
define('trigger', true, 'triggerFormDataValue', 'triggerFormDataMultiValues', 'triggerMultipartBody');
define('workflow', false, 'workflow');
define('callbackUrl', false, 'listCallbackUrl');

/** Canonical name if `name` is a reference function (case-insensitive), else undefined. */
export function referenceFunction(name: string): ReferenceFunction | undefined {
  return FUNCTIONS.get(name.toLowerCase())?.fn;
}

function isTemplateNode(input: Expr | Template): input is Template {
  return input.kind === 'literal' || input.kind === 'expression' || input.kind === 'interpolation';
}

/**
 * Lists references in an expression (offsets relative to its text, plus `offset`) or in a template
 * (offsets in the JSON string value), sorted by offset. Nested arguments are included.
 */
export function listReferences(input: Expr | Template, offset = 0): Reference[] {
  const out: Reference[] = [];
  if (isTemplateNode(input)) {
    for (const embedded of templateExpressions(input)) {
      collect(embedded.expr, embedded.offset + offset, out);
    }
  } else {
    collect(input, offset, out);
  }
  out.sort((a, b) => a.offset - b.offset);
  return out;
}

function collect(root: Expr, base: number, out: Reference[]): void {
  const stack: Expr[] = [root];
  while (stack.length > 0) {
    let node = stack.pop() as Expr;
    let accessors: MemberExpr[] | undefined;
    if (node.kind === 'member') {
      accessors = [];
      while (node.kind === 'member') {
        accessors.push(node);
        if (node.computed) stack.push(node.property);
        node = node.object;
      }
      accessors.reverse();
    }
    if (node.kind !== 'call') continue;
    for (const arg of node.args) stack.push(arg);
    const info = FUNCTIONS.get(node.name.toLowerCase());
    if (info) out.push(makeReference(node, info, accessors ?? [], base));
  }
}

function makeReference(call: CallExpr, info: FunctionInfo, accessors: readonly MemberExpr[], base: number): Reference {
  let name: string | undefined;
  let dynamic = false;
  if (info.takesName && call.args.length > 0) {
    const arg = call.args[0];
    if (arg.kind === 'string') name = arg.value;
    else if (arg.kind === 'number') name = arg.raw;
    else dynamic = true;
  }
  const path: PathSegment[] = [];
  let pathComplete = true;
  for (const member of accessors) {
    if (!member.computed) {
      path.push(member.property.name);
      continue;
    }
    const key = member.property;
    if (key.kind === 'string') {
      for (const segment of key.value.split('/')) path.push(segment);
    } else if (key.kind === 'number') {
      path.push(key.value);
    } else {
      pathComplete = false;
      break;
    }
  }
  // Every reference has the same shape (`name` may be undefined): spreading it in only when set
  // cost more than the rest of this function.
  return {
    kind: info.kind,
    fn: info.fn,
    name,
    dynamic,
    path,
    pathComplete,
    accessors,
    offset: base + call.start,
    end: base + call.end,
    call,
  };
}

/**
 * References found by spelling alone, in a value the parser refuses (nested too deeply, malformed):
 * every call of a reference function, with its first argument when that is a quoted name or a
 * number. Analysis fails closed with them: a value that does not parse still carries the secrets
 * it names, so one unparseable expression cannot hide a copied or sent secret. Nothing is known
 * of the accessors, so `path` is empty (the whole output counts) and `pathComplete` false; text
 * inside string literals is scanned too, erring towards a reference. Offsets are in `text`.
 */
export function scanReferences(text: string): Reference[] {
  const out: Reference[] = [];
  const len = text.length;
  let i = 0;
  while (i < len) {
    if (!isIdentStart(text.charCodeAt(i)) || (i > 0 && isIdentPart(text.charCodeAt(i - 1)))) {
      i++;
      continue;
    }
    let nameEnd = i + 1;
    while (nameEnd < len && isIdentPart(text.charCodeAt(nameEnd))) nameEnd++;
    const info = FUNCTIONS.get(text.slice(i, nameEnd).toLowerCase());
    let pos = skipSpaces(text, nameEnd);
    if (!info || text.charCodeAt(pos) !== CH_LPAREN) {
      i = nameEnd;
      continue;
    }
    pos = skipSpaces(text, pos + 1);
    let argument: StringLiteral | undefined;
    let dynamic = false;
    if (info.takesName) {
      const literal = scanNameLiteral(text, pos);
      if (literal) {
        argument = literal;
        pos = literal.end;
      } else if (pos < len && text.charCodeAt(pos) !== CH_RPAREN) {
        dynamic = true;
      }
    }
    const call: CallExpr = { kind: 'call', name: text.slice(i, nameEnd), nameEnd, args: argument ? [argument] : [], start: i, end: pos };
    out.push({ kind: info.kind, fn: info.fn, name: argument?.value, dynamic, path: [], pathComplete: false, accessors: [], offset: i, end: pos, call });
    i = nameEnd;
  }
  return out;
}

function skipSpaces(text: string, pos: number): number {
  while (pos < text.length && isWhitespace(text.charCodeAt(pos))) pos++;
  return pos;
}

/** A `'quoted'` name (`''` is a quote) or a number at `pos`, if one is there and ends. */
function scanNameLiteral(text: string, pos: number): StringLiteral | undefined {
  const len = text.length;
  if (pos < len && isDigit(text.charCodeAt(pos))) {
    let end = pos;
    while (end < len && isDigit(text.charCodeAt(end))) end++;
    return { kind: 'string', value: text.slice(pos, end), start: pos, end };
  }
  if (pos >= len || text.charCodeAt(pos) !== CH_QUOTE) return undefined;
  let value = '';
  let chunk = pos + 1;
  for (;;) {
    const close = text.indexOf("'", chunk);
    if (close === -1) return undefined;
    if (text.charCodeAt(close + 1) === CH_QUOTE) {
      value += text.slice(chunk, close + 1);
      chunk = close + 2;
      continue;
    }
    value += text.slice(chunk, close);
    return { kind: 'string', value, start: pos, end: close + 1 };
  }
}
