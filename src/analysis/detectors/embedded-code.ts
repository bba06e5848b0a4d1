/**
 * Secrets in code embedded in exports: inline JavaScript actions (`JavaScriptCode`, `inputs.code`)
 * and Office Scripts (`.osts` bodies, `.ts` files). The code is parsed with
 * `@typescript-eslint/typescript-estree`; string literals assigned to secret-named identifiers or
 * properties, credential headers set from literals, and known credential formats in any literal
 * are reported with their line in the code. Code that does not parse is scanned as plain text for
 * known formats only: a parse failure is never a crash.
 */
import { createRequire } from 'node:module';
import type * as EstreeModule from '@typescript-eslint/typescript-estree';
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { findKnownFormats } from './known-formats.js';
import { judgeLiteral, type SecretScanOptions } from './judge.js';
import { isCredentialHeader, isSecretName, isWellKnownCredentialHeader } from './secret-names.js';
import type { DetectorId } from './ids.js';

export interface CodeSecret {
  readonly secret: string;
  /** 1-based line and column in the code. */
  readonly line: number;
  readonly column: number;
  /** Offset of the finding in the code (distinct per secret). */
  readonly offset: number;
  /** Offset of the string literal (its opening quote) in the code. */
  readonly literalOffset: number;
  /** The detectors that found it, the first first. */
  readonly detectors: readonly DetectorId[];
  readonly description: string;
  readonly level: 'error' | 'warning';
  /** The identifier, property or header the literal was assigned to. */
  readonly name?: string;
}

export interface CodeScanResult {
  readonly secrets: readonly CodeSecret[];
  /** Why the code could not be parsed (it was then scanned as text for known formats). */
  readonly parseError?: string;
}

type Estree = typeof EstreeModule;

let estree: Estree | null | undefined;

/** typescript-estree (and the TypeScript compiler it needs) load only when there is code to scan. */
function loadEstree(): Estree | undefined {
  if (estree === undefined) {
    try {
      estree = createRequire(import.meta.url)('@typescript-eslint/typescript-estree') as Estree;
    } catch {
      estree = null;
    }
  }
  return estree ?? undefined;
}

const ASSIGNMENT_DETECTOR: DetectorId = 'code-secret-assignment';
const HEADER_DETECTOR: DetectorId = 'code-credential-header';

export function scanCode(code: string, options: SecretScanOptions): CodeScanResult {
  const parser = loadEstree();
  if (!parser) return { secrets: textScan(code, options), parseError: 'the TypeScript parser is not installed' };
  let ast: TSESTree.Program;
  try {
    ast = parser.parse(code, { loc: true, range: true, jsx: false, comment: false, loggerFn: false, suppressDeprecatedPropertyWarnings: true });
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return { secrets: textScan(code, options), parseError: reason };
  }
  const found: CodeSecret[] = [];
  const add = (secret: CodeSecret) => {
    // The same literal found again (a known format in a secret-named assignment): name both detectors.
    const index = found.findIndex((f) => f.literalOffset === secret.literalOffset && (f.secret.includes(secret.secret) || secret.secret.includes(f.secret)));
    if (index < 0) {
      found.push(secret);
      return;
    }
    const first = found[index];
    const more = secret.detectors.filter((id) => !first.detectors.includes(id));
    if (more.length > 0) found[index] = { ...first, detectors: [...first.detectors, ...more], level: 'error' };
  };

  const named = (name: string | undefined, literal: TSESTree.Node | undefined | null, header = false) => {
    if (!name || !literal) return;
    const text = stringValue(literal);
    if (text === undefined) return;
    // Header-style names (`Authorization`, `x-api-key`) are credential slots; identifiers are judged by name.
    const headerLike = header || /^(proxy-)?authorization$/i.test(name) || (name.includes('-') && isWellKnownCredentialHeader(name));
    const strength = headerLike ? 'slot' : isSecretName(name) ? 'named' : undefined;
    if (!strength) return;
    const verdict = judgeLiteral(text, { strength, name, authorizationScheme: /authorization$/i.test(name) }, options);
    if (!verdict) return;
    const isHeader = strength === 'slot';
    add({
      secret: verdict.secret,
      line: literal.loc.start.line,
      column: literal.loc.start.column + 1,
      offset: literal.range[0],
      literalOffset: literal.range[0],
      detectors: [isHeader ? HEADER_DETECTOR : ASSIGNMENT_DETECTOR],
      description: isHeader ? `a literal credential in header '${name}'` : `a literal assigned to '${name}'`,
      level: verdict.level,
      name,
    });
  };

  parser.simpleTraverse(ast, {
    enter(node) {
      switch (node.type) {
        case 'VariableDeclarator':
          if (node.id.type === 'Identifier') named(node.id.name, node.init);
          break;
        case 'AssignmentExpression':
          if (node.operator === '=') named(targetName(node.left), node.right);
          break;
        case 'Property':
          named(propertyName(node.key, node.computed), node.value);
          break;
        case 'PropertyDefinition':
          named(propertyName(node.key, node.computed), node.value);
          break;
        case 'AssignmentPattern':
          if (node.left.type === 'Identifier') named(node.left.name, node.right);
          break;
        case 'CallExpression': {
          // headers.set('Authorization', 'Bearer ...'), xhr.setRequestHeader('x-api-key', '...')
          const callee = node.callee;
          const method = callee.type === 'MemberExpression' ? propertyName(callee.property, callee.computed) : undefined;
          if (method && /^(set|append|setRequestHeader|setHeader)$/.test(method) && node.arguments.length >= 2) {
            const header = stringValue(node.arguments[0]);
            if (header !== undefined && isCredentialHeader(header)) named(header, node.arguments[1], true);
          }
          break;
        }
        default:
          break;
      }
    },
  });

  // Known formats in every literal, whatever it is assigned to.
  parser.simpleTraverse(ast, {
    enter(node) {
      if (node.type === 'Literal' && typeof node.value === 'string') {
        for (const secret of formatsIn(node.value, node.range[0], node.loc.start, options)) add(secret);
      } else if (node.type === 'TemplateElement') {
        for (const secret of formatsIn(node.value.cooked ?? node.value.raw, node.range[0], node.loc.start, options)) add(secret);
      }
    },
  });
  return { secrets: found.sort((a, b) => a.offset - b.offset) };
}

function formatsIn(text: string, offset: number, start: TSESTree.Position, options: SecretScanOptions): CodeSecret[] {
  return findKnownFormats(text, { ignoreDetectors: options.ignoreDetectors })
    .filter((m) => !options.ignorePatterns.some((p) => p.test(m.secret)))
    .map((match) => ({
      secret: match.secret,
      line: start.line,
      column: start.column + 1,
      // Several secrets in one literal: keep them apart.
      offset: offset + match.start + 1,
      literalOffset: offset,
      detectors: [match.detector.id],
      description: match.detector.description,
      level: 'error' as const,
    }));
}

/** Code that did not parse: known formats over the text, with line numbers. */
function textScan(code: string, options: SecretScanOptions): CodeSecret[] {
  return findKnownFormats(code, { ignoreDetectors: options.ignoreDetectors })
    .filter((m) => !options.ignorePatterns.some((p) => p.test(m.secret)))
    .map((match) => {
      const before = code.slice(0, match.start);
      const line = before.split('\n').length;
      return {
        secret: match.secret,
        line,
        column: match.start - before.lastIndexOf('\n'),
        offset: match.start,
        literalOffset: match.start,
        detectors: [match.detector.id],
        description: match.detector.description,
        level: 'error' as const,
      };
    });
}

function stringValue(node: TSESTree.Node): string | undefined {
  if (node.type === 'Literal' && typeof node.value === 'string') return node.value;
  if (node.type === 'TemplateLiteral' && node.expressions.length === 0) return node.quasis[0]?.value.cooked ?? undefined;
  if (node.type === 'TSAsExpression' || node.type === 'TSSatisfiesExpression' || node.type === 'TSNonNullExpression') return stringValue(node.expression);
  return undefined;
}

function propertyName(key: TSESTree.Node, computed: boolean): string | undefined {
  if (key.type === 'Identifier' && !computed) return key.name;
  if (key.type === 'PrivateIdentifier') return key.name;
  if (key.type === 'Literal' && typeof key.value === 'string') return key.value;
  return undefined;
}

function targetName(node: TSESTree.Node): string | undefined {
  if (node.type === 'Identifier') return node.name;
  if (node.type === 'MemberExpression') return propertyName(node.property, node.computed);
  return undefined;
}
