/**
 * Robin, the script language of Power Automate for desktop flows (docs/formats.md §1.7). A desktop flow's
 * script is the JSON-encoded `<Definition>` of its workflow record; the model decodes it, and this
 * module reads what the linter needs from it:
 * - the header: `@SENSITIVE: [A, B]`, `@INPUT Name : { 'Description': ..., 'DefaultValue': ..., 'Type': ... }`
 *   and `@OUTPUT Name : {...}`;
 * - every statement (one action a line, e.g. `Web.InvokeWebService Url: $'''https://...''' Response=> R`)
 *   with its string literals (`$'''...'''` and `'...'`), their line numbers and the parameter they
 *   are the value of.
 * It never throws: odd text yields what could be read plus `problems`.
 */
import { asName, type Name } from '../redact.js';
import { lineStartsOf, positionIn } from './lines.js';
import { joinPointer } from './pointer.js';
import type { DesktopFlow, ModelNode } from '../model/types.js';

/** A value in an `@INPUT`/`@OUTPUT` attribute map. */
export interface RobinValue {
  /** Escapes resolved for quoted strings; the raw text (`5`, `True`, `['a']`) otherwise. */
  readonly value: string;
  /** True for `'...'` and `$'''...'''` strings. */
  readonly quoted: boolean;
  /** True when a `$'''...'''` string embeds `%expression%` parts. */
  readonly interpolated: boolean;
  readonly line: number;
  readonly column: number;
  /** Offset of the value (its opening quote) in the script. */
  readonly offset: number;
}

/** An `@INPUT` or `@OUTPUT` declaration. */
export interface RobinVariable {
  readonly direction: 'input' | 'output';
  readonly name: Name;
  /** 1-based line in the script. */
  readonly line: number;
  /** Keys as written (`DefaultValue`, `Type`, `Description`, `FriendlyName`, ...). */
  readonly attributes: ReadonlyMap<string, RobinValue>;
  readonly defaultValue?: RobinValue;
  readonly type?: string;
  readonly description?: string;
  /** Listed in `@SENSITIVE` (compared without case) or marked `'IsSensitive': True`. */
  readonly sensitive: boolean;
  /** Script text from `@INPUT`/`@OUTPUT` through the colon (`@INPUT Password :`), to locate it. */
  readonly headerText: string;
}

/** A string literal in a statement. */
export interface RobinLiteral {
  readonly form: 'triple' | 'single';
  /** Escapes (`\'`, `\"`, `\\`) resolved. */
  readonly value: string;
  readonly line: number;
  readonly column: number;
  readonly offset: number;
  /** The `Name:` parameter it is the value of, or the variable of `SET Name TO ...`. */
  readonly parameter?: string;
  /** Inside `[...]`: a UI element or dictionary key (`appmask['Window \'Login\'']`), not a value. */
  readonly subscript: boolean;
  /** A `$'''...'''` string that embeds `%expression%` parts. */
  readonly interpolated: boolean;
}

/** One statement: an action, `SET`, `IF`, `LOOP`, `END`, ... */
export interface RobinStatement {
  /** First word: `WebAutomation.LaunchEdge.LaunchEdge`, `SET`, `IF`, `CALL`, ... */
  readonly name: string;
  readonly line: number;
  /** Last line (a `$'''...'''` literal may span lines). */
  readonly endLine: number;
  /** `DISABLE`d actions still carry their literals. */
  readonly disabled: boolean;
  readonly literals: readonly RobinLiteral[];
  /** Script offset of the statement's first character (after indentation). */
  readonly offset: number;
}

export interface RobinProblem {
  readonly line: number;
  readonly message: string;
}

export interface RobinScript {
  /** The script text that was read. */
  readonly text: string;
  /** Names in `@SENSITIVE: [...]`, as written. */
  readonly sensitive: readonly string[];
  /** True when the script has a `@SENSITIVE` line. */
  readonly sensitiveDeclared: boolean;
  readonly variables: readonly RobinVariable[];
  readonly statements: readonly RobinStatement[];
  readonly problems: readonly RobinProblem[];
}

const IDENTIFIER = /[A-Za-z_][A-Za-z0-9_]*/y;
const STATEMENT_NAME = /[A-Za-z_][A-Za-z0-9_.]*/y;

class Reader {
  readonly lineStarts: number[];
  readonly problems: RobinProblem[] = [];

  constructor(readonly text: string) {
    this.lineStarts = lineStartsOf(text);
  }

  /** 1-based line and column of an offset. */
  position(offset: number): { line: number; column: number } {
    return positionIn(this.lineStarts, offset);
  }

  lineOf(offset: number): number {
    return this.position(offset).line;
  }

  /** Offset of the end of the line holding `offset` (the `\r` or `\n`, or the text's end). */
  lineEnd(offset: number): number {
    const newline = this.text.indexOf('\n', offset);
    const end = newline < 0 ? this.text.length : newline;
    return end > offset && this.text[end - 1] === '\r' ? end - 1 : end;
  }

  problem(offset: number, message: string): void {
    this.problems.push({ line: this.lineOf(offset), message });
  }

  /** Skips spaces and tabs (not line breaks). */
  skipBlanks(offset: number): number {
    let i = offset;
    while (i < this.text.length && (this.text[i] === ' ' || this.text[i] === '\t' || this.text[i] === '\r')) i++;
    return i;
  }

  /** A string literal starting at `offset` (`'` or `$'''`), or undefined. */
  literal(offset: number): { form: 'triple' | 'single'; value: string; end: number; interpolated: boolean } | undefined {
    const text = this.text;
    if (text.startsWith("$'''", offset)) {
      let i = offset + 4;
      while (i < text.length) {
        if (text[i] === '\\') {
          i += 2;
          continue;
        }
        if (text.startsWith("'''", i)) {
          const raw = text.slice(offset + 4, i);
          return { form: 'triple', value: unescape(raw), end: i + 3, interpolated: /%[^%\s][^%]*%/.test(raw) };
        }
        i++;
      }
      this.problem(offset, "unterminated $''' string");
      const end = this.lineEnd(offset);
      return { form: 'triple', value: unescape(text.slice(offset + 4, end)), end, interpolated: false };
    }
    if (text[offset] === "'") {
      let i = offset + 1;
      while (i < text.length && text[i] !== '\n') {
        if (text[i] === '\\' && i + 1 < text.length && text[i + 1] !== '\n') {
          i += 2;
          continue;
        }
        if (text[i] === "'") return { form: 'single', value: unescape(text.slice(offset + 1, i)), end: i + 1, interpolated: false };
        i++;
      }
      this.problem(offset, 'unterminated string');
      const end = this.lineEnd(offset);
      return { form: 'single', value: unescape(text.slice(offset + 1, end)), end, interpolated: false };
    }
    return undefined;
  }
}

function unescape(raw: string): string {
  return raw.replace(/\\(['"\\])/g, '$1');
}

function matchAt(pattern: RegExp, text: string, offset: number): string | undefined {
  pattern.lastIndex = offset;
  return pattern.exec(text)?.[0];
}

/** Reads a Robin script. Never throws. */
export function parseRobin(script: string): RobinScript {
  const reader = new Reader(script);
  const text = script;
  const sensitive: string[] = [];
  let sensitiveDeclared = false;
  const declarations: Omit<RobinVariable, 'sensitive'>[] = [];
  const statements: RobinStatement[] = [];
  let i = 0;
  while (i < text.length) {
    const start = reader.skipBlanks(i);
    if (start >= text.length) break;
    if (text[start] === '\n') {
      i = start + 1;
      continue;
    }
    if (text.startsWith('/#', start)) {
      const close = text.indexOf('#/', start + 2);
      if (close < 0) {
        reader.problem(start, 'unterminated /# comment');
        break;
      }
      i = close + 2;
      continue;
    }
    if (text[start] === '#' || text.startsWith('@@', start) || /^IMPORT\b/.test(text.slice(start, start + 7))) {
      i = nextLine(text, start);
      continue;
    }
    if (/^@SENSITIVE\b/i.test(text.slice(start, start + 11))) {
      sensitiveDeclared = true;
      const lineEnd = reader.lineEnd(start);
      const line = text.slice(start, lineEnd);
      const list = /\[([^\]]*)\]/.exec(line);
      if (list) {
        for (const item of list[1].split(',')) {
          const name = item.trim().replace(/^'(.*)'$/, '$1');
          if (name) sensitive.push(name);
        }
      } else {
        reader.problem(start, '@SENSITIVE without a [...] list');
      }
      i = nextLine(text, start);
      continue;
    }
    const header = /^@(INPUT|OUTPUT)\b/i.exec(text.slice(start, start + 8));
    if (header) {
      i = readDeclaration(reader, start, header[1].toLowerCase() === 'input' ? 'input' : 'output', declarations);
      continue;
    }
    if (text[start] === '@') {
      // Another header annotation (`@Description`, future ones): not a statement.
      i = nextLine(text, start);
      continue;
    }
    const statement = readStatement(reader, start);
    statements.push(statement.statement);
    i = statement.end;
  }
  const sensitiveSet = new Set(sensitive.map((s) => s.toLowerCase()));
  const variables = declarations.map((declaration) => {
    const flag = declaration.attributes.get('IsSensitive') ?? declaration.attributes.get('Sensitive');
    const marked = flag !== undefined && /^true$/i.test(flag.value.trim());
    return { ...declaration, sensitive: sensitiveSet.has(declaration.name.toLowerCase()) || marked };
  });
  return { text: script, sensitive, sensitiveDeclared, variables, statements, problems: reader.problems };
}

function nextLine(text: string, offset: number): number {
  const newline = text.indexOf('\n', offset);
  return newline < 0 ? text.length : newline + 1;
}

/** `@INPUT Name : { 'Key': value, ... }`; returns the offset after the declaration. */
function readDeclaration(reader: Reader, start: number, direction: 'input' | 'output', out: Omit<RobinVariable, 'sensitive'>[]): number {
  const text = reader.text;
  let i = reader.skipBlanks(start + (direction === 'input' ? 6 : 7));
  const name = matchAt(IDENTIFIER, text, i);
  if (!name) {
    reader.problem(start, `@${direction.toUpperCase()} without a variable name`);
    return nextLine(text, start);
  }
  i = reader.skipBlanks(i + name.length);
  let headerEnd = i;
  const attributes = new Map<string, RobinValue>();
  if (text[i] === ':') {
    headerEnd = i + 1;
    i = reader.skipBlanks(i + 1);
    if (text[i] === '{') i = readAttributes(reader, i + 1, attributes);
    else reader.problem(start, `@${direction.toUpperCase()} ${name}: expected an attribute map`);
  } else {
    reader.problem(start, `@${direction.toUpperCase()} ${name}: expected ':'`);
  }
  const stringOf = (key: string): string | undefined => attributes.get(key)?.value;
  out.push({
    direction,
    name: asName(name),
    line: reader.lineOf(start),
    attributes,
    defaultValue: attributes.get('DefaultValue'),
    type: stringOf('Type'),
    description: stringOf('Description'),
    headerText: text.slice(start, headerEnd).trimEnd(),
  });
  return Math.max(nextLine(text, Math.min(i, text.length)), i);
}

/** The entries of `{ 'Key': value, ... }` from just after `{`; returns the offset after `}`. */
function readAttributes(reader: Reader, from: number, attributes: Map<string, RobinValue>): number {
  const text = reader.text;
  let i = from;
  for (;;) {
    i = reader.skipBlanks(i);
    if (i >= text.length || text[i] === '\n') {
      reader.problem(from, 'unterminated attribute map');
      return i;
    }
    if (text[i] === '}') return i + 1;
    let key: string | undefined;
    const quoted = reader.literal(i);
    if (quoted) {
      key = quoted.value;
      i = quoted.end;
    } else {
      key = matchAt(IDENTIFIER, text, i);
      if (!key) {
        reader.problem(i, 'unreadable attribute name');
        return reader.lineEnd(i);
      }
      i += key.length;
    }
    i = reader.skipBlanks(i);
    if (text[i] !== ':') {
      reader.problem(i, "attribute map: expected ':' after an attribute name");
      return reader.lineEnd(i);
    }
    i = reader.skipBlanks(i + 1);
    const valueStart = i;
    const position = reader.position(valueStart);
    const literal = reader.literal(i);
    if (literal) {
      attributes.set(key, { value: literal.value, quoted: true, interpolated: literal.interpolated, line: position.line, column: position.column, offset: valueStart });
      i = literal.end;
    } else {
      const end = rawValueEnd(reader, i);
      attributes.set(key, { value: text.slice(i, end).trim(), quoted: false, interpolated: false, line: position.line, column: position.column, offset: valueStart });
      i = end;
    }
    i = reader.skipBlanks(i);
    if (text[i] === ',') i++;
    else if (text[i] !== '}') {
      reader.problem(i, "attribute map: expected ',' or '}' after an attribute value");
      return reader.lineEnd(i);
    }
  }
}

/** End of an unquoted value: the `,` or `}` at depth 0, or the end of the line. */
function rawValueEnd(reader: Reader, from: number): number {
  const text = reader.text;
  let depth = 0;
  let i = from;
  while (i < text.length && text[i] !== '\n') {
    const c = text[i];
    const literal = c === "'" || (c === '$' && text.startsWith("$'''", i)) ? reader.literal(i) : undefined;
    if (literal) {
      i = literal.end;
      continue;
    }
    if (c === '[' || c === '{' || c === '(') depth++;
    else if (c === ']' || c === '}' || c === ')') {
      if (depth === 0) return i;
      depth--;
    } else if (c === ',' && depth === 0) return i;
    i++;
  }
  return i;
}

/** One statement from `start` to the end of its (last) line. */
function readStatement(reader: Reader, start: number): { statement: RobinStatement; end: number } {
  const text = reader.text;
  let i = start;
  let disabled = false;
  if (/^DISABLE\s/.test(text.slice(start, start + 8))) {
    disabled = true;
    i = reader.skipBlanks(start + 7);
  }
  const name = matchAt(STATEMENT_NAME, text, i) ?? '';
  i += name.length;
  const literals: RobinLiteral[] = [];
  let depth = 0;
  let parameter: string | undefined;
  if (name === 'SET') {
    const target = matchAt(IDENTIFIER, text, reader.skipBlanks(i));
    if (target) parameter = target;
  }
  while (i < text.length && text[i] !== '\n') {
    const c = text[i];
    if (c === "'" || (c === '$' && text.startsWith("$'''", i))) {
      const literal = reader.literal(i)!;
      const position = reader.position(i);
      literals.push({
        form: literal.form,
        value: literal.value,
        line: position.line,
        column: position.column,
        offset: i,
        parameter: depth === 0 ? parameter : undefined,
        subscript: depth > 0,
        interpolated: literal.interpolated,
      });
      i = literal.end;
      continue;
    }
    if (c === '[') depth++;
    else if (c === ']') depth = Math.max(0, depth - 1);
    else if (depth === 0 && (c === ' ' || c === '\t')) {
      // `Name:` starts a parameter; `Name=>` an output (which ends the last parameter).
      const word = matchAt(IDENTIFIER, text, i + 1);
      if (word) {
        const after = i + 1 + word.length;
        if (text[after] === ':' && text[after + 1] !== ':') parameter = word;
        else if (text.startsWith('=>', after)) parameter = undefined;
      }
    }
    i++;
  }
  const statement: RobinStatement = {
    name,
    line: reader.lineOf(start),
    endLine: reader.lineOf(Math.max(start, i - 1)),
    disabled,
    literals,
    offset: start,
  };
  return { statement, end: i < text.length ? i + 1 : i };
}

/** A literal of a desktop flow that `hardcoded-secret` inspects. */
export interface DesktopLiteral {
  /** An `@INPUT`/`@OUTPUT` `DefaultValue`, or a string literal in a statement. */
  readonly kind: 'default-value' | 'action-literal';
  /** The input/output name, or the parameter / `SET` variable the literal is the value of. */
  readonly name?: string;
  /** The statement (`Web.InvokeWebService.InvokeWebService`, `SET`), for action literals. */
  readonly action?: string;
  readonly value: string;
  /** False for unquoted default values (`5`, `True`, `['a', 'b']`). */
  readonly quoted: boolean;
  /** `$'''...%expr%...'''`: partly an expression. */
  readonly interpolated: boolean;
  /** 1-based script line and column. */
  readonly line: number;
  readonly column: number;
  /** The input/output or `SET` variable is in `@SENSITIVE`. */
  readonly sensitive: boolean;
  /** `name` looks like a secret (by the predicate given). */
  readonly secretNamed: boolean;
  /** Script text just before the value (on its line) that locates it: pass to `desktopScriptNode`. */
  readonly hintText: string;
  /** Stable key for the node pointer (no line numbers): `input/Password/DefaultValue`, `action/Web.X/Password`. */
  readonly key: string;
}

/**
 * The literals `hardcoded-secret` should inspect: non-empty `DefaultValue`s of every input/output,
 * and the non-empty string literals of statements that are values (not `[...]` UI-element keys).
 * `isSecretName` decides `secretNamed` (pass `isSecretName` from `src/analysis/detectors/secret-names.ts`).
 */
export function desktopLiterals(script: RobinScript | string, isSecretName: (name: string) => boolean): DesktopLiteral[] {
  const parsed = typeof script === 'string' ? parseRobin(script) : script;
  const sensitive = new Set(parsed.sensitive.map((s) => s.toLowerCase()));
  const result: DesktopLiteral[] = [];
  for (const variable of parsed.variables) {
    const value = variable.defaultValue;
    if (!value || value.value === '') continue;
    result.push({
      kind: 'default-value',
      name: variable.name,
      value: value.value,
      quoted: value.quoted,
      interpolated: value.interpolated,
      line: value.line,
      column: value.column,
      sensitive: variable.sensitive,
      secretNamed: isSecretName(variable.name),
      hintText: variable.headerText,
      key: `${variable.direction}/${variable.name}/DefaultValue`,
    });
  }
  const seenKeys = new Map<string, number>();
  for (const statement of parsed.statements) {
    // Text typed into a UI element named like a password field (`appmask['Login']['Password']`)
    // is a credential even though the parameter is just `Text`.
    const typesIntoSecretField = statement.literals.some((l) => l.subscript && SECRET_FIELD.test(l.value));
    statement.literals.forEach((literal) => {
      if (literal.subscript || literal.value === '') return;
      const base = `action/${statement.name}/${literal.parameter ?? 'value'}`;
      const count = seenKeys.get(base) ?? 0;
      seenKeys.set(base, count + 1);
      result.push({
        kind: 'action-literal',
        name: literal.parameter,
        action: statement.name,
        value: literal.value,
        quoted: true,
        interpolated: literal.interpolated,
        line: literal.line,
        column: literal.column,
        sensitive: literal.parameter !== undefined && statement.name === 'SET' && sensitive.has(literal.parameter.toLowerCase()),
        secretNamed: literal.parameter !== undefined && (isSecretName(literal.parameter) || (typesIntoSecretField && TYPED_TEXT.test(literal.parameter))),
        hintText: lineTextBefore(parsed.text, literal.offset),
        key: count === 0 ? base : `${base}/${count}`,
      });
    });
  }
  return result;
}

const SECRET_FIELD = /pass(?:word|wd|code|phrase)?\b|\bpwd\b|\bpin\b|secret|api.?key|token/i;
const TYPED_TEXT = /^(?:text|texttofill|value|password)$/i;

/** The text of the line holding `offset`, from its first non-blank character up to `offset`. */
export function lineTextBefore(script: string, offset: number): string {
  const lineStart = script.lastIndexOf('\n', offset - 1) + 1;
  return script.slice(lineStart, offset).replace(/^[ \t]+/, '');
}

/** How a piece of script text appears inside the XML `<Definition>`: JSON-encoded, then XML-escaped. */
export function definitionText(scriptText: string): string {
  return escapeXml(JSON.stringify(scriptText).slice(1, -1));
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * A reportable node for a place in a desktop flow's script. Findings then point into the XML that
 * holds the workflow (customizations.xml or `.json.data.xml`): the `hint` is the script text as the
 * XML spells it, searched after the workflow's own hint (its id), so the right workflow's line and
 * column are found. `key` (`/`-separated segments) extends the workflow's pointer (`.../Definition/input/Password`); keep it
 * free of line numbers so fingerprints survive edits. Mention the script line in the message.
 */
export function desktopScriptNode(flow: DesktopFlow, scriptText: string, key: string, logicalName?: string): ModelNode {
  const { document } = flow.location;
  const name = logicalName ?? flow.logicalName;
  const naming = {
    logicalName: asName(name),
    fullyQualifiedName: asName(logicalName ? `${flow.fullyQualifiedName}/${logicalName}` : flow.fullyQualifiedName),
    logicalKind: logicalName ? ('variable' as const) : ('module' as const),
  };
  // A script read from a base64 package has no text in the document: the package field is the place.
  if (flow.scriptSource === 'package') return { location: { document, pointer: joinPointer(flow.location.pointer, ...key.split('/')) }, ...naming };
  const anchor = flow.workflow.location.hint;
  const from = anchor ? Math.max(0, document.text.indexOf(anchor)) : 0;
  const candidates = scriptText ? [definitionText(scriptText), escapeXml(scriptText), scriptText] : [];
  const hint = candidates.find((candidate) => document.text.indexOf(candidate, from) >= 0);
  return {
    location: { document, pointer: joinPointer(flow.location.pointer, 'Definition', ...key.split('/')), hint: hint ?? flow.location.hint, hintAfter: hint ? anchor : undefined },
    ...naming,
  };
}
