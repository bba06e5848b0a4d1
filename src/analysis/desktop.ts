/**
 * Desktop flow scripts, parsed once per desktop flow and shared by every rule that reads them
 * (`desktop-input-not-sensitive`, `desktop-secret-written`, `hardcoded-secret`).
 */
import type { DesktopFlow } from '../model/types.js';
import { lineTextBefore, parseRobin, type RobinScript } from '../parse/robin.js';
import { lineStartsOf, positionIn } from '../parse/lines.js';
import { asName, type Name } from '../redact.js';
import { oncePer } from '../once.js';
import { isSecretName } from './detectors/secret-names.js';

export { desktopLiterals, desktopScriptNode, type DesktopLiteral, type RobinScript, type RobinVariable } from '../parse/robin.js';

/** A desktop flow's Robin script, parsed once. */
export const desktopScript: (flow: DesktopFlow) => RobinScript = oncePer((flow) => parseRobin(flow.script));

// ---------------------------------------------------------------------------------------------
// Where a desktop flow writes a secret out (desktop-secret-written)

/** What a sink action puts its text into. */
export type DesktopSinkKind = 'file' | 'csv' | 'excel' | 'clipboard' | 'dialog' | 'email' | 'log';

/**
 * Power Automate for desktop actions whose parameters end up outside the flow, by Robin statement
 * name (`Module.Action[.Variant]`, docs/formats.md §1.7). Typing into a UI element
 * (`UIAutomation.PopulateTextField`, `MouseAndKeyboard.SendKeys`) and `CALL` are not sinks.
 */
const SINKS: readonly { readonly pattern: RegExp; readonly kind: DesktopSinkKind }[] = [
  { pattern: /^File\.WriteToCSVFile\b/i, kind: 'csv' },
  { pattern: /^File\.WriteText\b/i, kind: 'file' },
  { pattern: /^Excel\.Write/i, kind: 'excel' },
  { pattern: /^Clipboard\.SetText\b/i, kind: 'clipboard' },
  { pattern: /^Display\./i, kind: 'dialog' },
  { pattern: /^(?:Email|Outlook|Exchange)\.(?:Send|Reply|Forward)/i, kind: 'email' },
  { pattern: /^(?:Log|Logging|Console)\.|\.(?:WriteToLog|LogMessage|WriteLog|WriteToConsole)\b/i, kind: 'log' },
];

/** The sink kind of a Robin statement name, if it is one. */
export function desktopSinkKind(statementName: string): DesktopSinkKind | undefined {
  return SINKS.find((sink) => sink.pattern.test(statementName))?.kind;
}

/**
 * Parameters that take a credential rather than text to show or store (`SmtpPassword`,
 * `SmtpUsername` of Email.SendEmailThroughSMTP): a secret there is used, not written out.
 */
function isCredentialSlot(parameter: string): boolean {
  return isSecretName(parameter) || /(?:user(?:name)?|login|account)$/i.test(parameter);
}

/** Why a variable counts as a secret. */
export interface SensitiveVariable {
  readonly name: Name;
  readonly why: 'sensitive' | 'secret-name' | 'copy';
  /** For a copy: the sensitive variable its `SET` read, and the script line of that `SET`. */
  readonly copiedFrom?: Name;
  readonly copyLine?: number;
}

export interface DesktopSecretWrite {
  /** The sink action (`File.WriteText`, `Display.ShowMessageDialog.ShowMessage`, ...). */
  readonly action: Name;
  readonly sink: DesktopSinkKind;
  readonly parameter: Name;
  readonly variable: SensitiveVariable;
  /** The parameter is the variable itself (`TextToWrite: Password`), not text around `%Password%`. */
  readonly direct: boolean;
  /** 1-based script line of the reference. */
  readonly line: number;
  /** Script text before the reference on its line: pass to `desktopScriptNode`. */
  readonly hintText: string;
  /** Stable key for `desktopScriptNode` (no line numbers). */
  readonly key: string;
}

interface Argument {
  readonly parameter: string;
  readonly start: number;
  readonly end: number;
}

interface Reference {
  readonly name: string;
  readonly offset: number;
}

const IDENT_AT = /[A-Za-z_][A-Za-z0-9_]*/y;

/** End of a `$'''...'''` (from its `$`) or `'...'` literal starting at `i`. */
function literalEnd(text: string, i: number): number {
  if (text.startsWith("$'''", i)) {
    for (let j = i + 4; j < text.length; j++) {
      if (text[j] === '\\') j++;
      else if (text.startsWith("'''", j)) return j + 3;
    }
    return text.length;
  }
  for (let j = i + 1; j < text.length && text[j] !== '\n'; j++) {
    if (text[j] === '\\') j++;
    else if (text[j] === "'") return j + 1;
  }
  const newline = text.indexOf('\n', i);
  return newline < 0 ? text.length : newline;
}

/** `Name: value` arguments of the statement at `offset` (outputs `Name=> Var` left out); for `SET X TO v`, `v` as parameter `TO`. */
function statementArguments(text: string, offset: number, name: string): Argument[] {
  const args: Argument[] = [];
  let i = offset + name.length;
  let current: { parameter: string; start: number } | undefined;
  if (name === 'SET') {
    const match = /^\s+[A-Za-z_][A-Za-z0-9_]*\s+TO\s+/.exec(text.slice(i, i + 300));
    if (match) current = { parameter: 'TO', start: i + match[0].length };
  }
  let depth = 0;
  while (i < text.length && text[i] !== '\n') {
    const c = text[i];
    if (c === "'" || (c === '$' && text.startsWith("$'''", i))) {
      i = literalEnd(text, i);
      continue;
    }
    if (c === '[' || c === '(' || c === '{') depth++;
    else if (c === ']' || c === ')' || c === '}') depth = Math.max(0, depth - 1);
    else if (depth === 0 && (c === ' ' || c === '\t') && name !== 'SET') {
      IDENT_AT.lastIndex = i + 1;
      const word = IDENT_AT.exec(text)?.[0];
      if (word) {
        const after = i + 1 + word.length;
        const isParameter = text[after] === ':' && text[after + 1] !== ':';
        const isOutput = text.startsWith('=>', after);
        if (isParameter || isOutput) {
          if (current) args.push({ ...current, end: i });
          current = isParameter ? { parameter: word, start: after + 1 } : undefined;
          i = after + (isParameter ? 1 : 2);
          continue;
        }
      }
    }
    i++;
  }
  if (current) args.push({ ...current, end: i });
  return args;
}

/**
 * Variables an argument reads: bare identifiers (`Password`), and identifiers inside the
 * `%...%` parts of `$'''...'''` text. A dotted name (`File.IfFileExists.Overwrite`,
 * `%Password.Length%`) is an enum or a property, not the variable's value; `'...'` is plain text.
 */
function referencesIn(text: string, start: number, end: number): Reference[] {
  const refs: Reference[] = [];
  const bare = (from: number, to: number): void => {
    let i = from;
    while (i < to) {
      const c = text[i];
      if (c === "'") {
        i = Math.min(to, literalEnd(text, i));
        continue;
      }
      IDENT_AT.lastIndex = i;
      const word = /[A-Za-z_]/.test(c) ? IDENT_AT.exec(text)?.[0] : undefined;
      if (!word) {
        i++;
        continue;
      }
      const before = i > 0 ? text[i - 1] : '';
      const after = text[i + word.length];
      if (!/[A-Za-z0-9_.]/.test(before) && after !== '.') refs.push({ name: word, offset: i });
      i += word.length;
    }
  };
  let i = start;
  let plain = start;
  while (i < end) {
    if (text.startsWith("$'''", i)) {
      bare(plain, i);
      const close = Math.min(end, literalEnd(text, i));
      const body = text.slice(i + 4, Math.max(i + 4, close - 3));
      for (const part of body.matchAll(/%([^%]+)%/g)) bare(i + 4 + part.index + 1, i + 4 + part.index + 1 + part[1].length);
      i = plain = close;
      continue;
    }
    if (text[i] === "'") {
      bare(plain, i);
      i = plain = Math.min(end, literalEnd(text, i));
      continue;
    }
    i++;
  }
  bare(plain, end);
  return refs;
}

/** The value is the variable alone: `Password` or `$'''%Password%'''`. */
function isDirect(text: string, argument: Argument, name: string): boolean {
  const value = text.slice(argument.start, argument.end).trim();
  return value === name || value === `$'''%${name}%'''`;
}

/**
 * Every place a desktop flow writes a sensitive variable to a sink: a variable in `@SENSITIVE`,
 * named like a secret (`isSecretName`), or a copy of one made with `SET X TO ...`. Disabled
 * statements are left out.
 */
export const desktopSecretWrites: (flow: DesktopFlow) => readonly DesktopSecretWrite[] = oncePer((flow) => {
  const script = desktopScript(flow);
  const text = script.text;
  const declared = new Set(script.sensitive.map((name) => name.toLowerCase()));
  const copies = new Map<string, SensitiveVariable>();
  const sensitive = (name: string): SensitiveVariable | undefined => {
    if (declared.has(name.toLowerCase())) return { name: asName(name), why: 'sensitive' };
    if (isSecretName(name)) return { name: asName(name), why: 'secret-name' };
    return copies.get(name.toLowerCase());
  };
  const live = script.statements.filter((statement) => !statement.disabled);
  // Copies of copies: a few passes reach every chain a real script has.
  const sets = live.filter((statement) => statement.name === 'SET');
  for (let pass = 0, grew = true; grew && pass < 8; pass++) {
    grew = false;
    for (const statement of sets) {
      const target = /^SET\s+([A-Za-z_][A-Za-z0-9_]*)/.exec(text.slice(statement.offset, statement.offset + 300))?.[1];
      if (!target || sensitive(target)) continue;
      for (const argument of statementArguments(text, statement.offset, 'SET')) {
        const source = referencesIn(text, argument.start, argument.end)
          .map((ref) => sensitive(ref.name))
          .find((found) => found !== undefined);
        if (!source) continue;
        copies.set(target.toLowerCase(), { name: asName(target), why: 'copy', copiedFrom: source.name, copyLine: statement.line });
        grew = true;
      }
    }
  }
  const lineStarts = lineStartsOf(text);
  const writes: DesktopSecretWrite[] = [];
  const seenKeys = new Map<string, number>();
  for (const statement of live) {
    const sink = desktopSinkKind(statement.name);
    if (!sink) continue;
    for (const argument of statementArguments(text, statement.offset, statement.name)) {
      if (isCredentialSlot(argument.parameter)) continue;
      for (const ref of referencesIn(text, argument.start, argument.end)) {
        const variable = sensitive(ref.name);
        if (!variable) continue;
        const base = `write/${statement.name}/${argument.parameter}`;
        const count = seenKeys.get(base) ?? 0;
        seenKeys.set(base, count + 1);
        writes.push({
          action: asName(statement.name),
          sink,
          parameter: asName(argument.parameter),
          variable,
          direct: isDirect(text, argument, ref.name),
          line: positionIn(lineStarts, ref.offset).line,
          hintText: lineTextBefore(text, ref.offset),
          key: count === 0 ? base : `${base}/${count}`,
        });
      }
    }
  }
  return writes;
});
