/**
 * Constant folding of the few string functions people use to build a credential from literals
 * (`base64(concat('key', ':'))`, `concat('Bearer ', 'abc')`): the text the engine would produce,
 * worked out without running the flow. Anything that reads run-time data, or a function outside
 * this set, has no constant value.
 */
import type { Expr } from './ast.js';
import type { Template } from './template.js';

/** Longest folded text: past it, a value is not worth building (and a hostile input cannot make it huge). */
const MAX_FOLDED_LENGTH = 64 * 1024;

function fold(expr: Expr): string | undefined {
  switch (expr.kind) {
    case 'string':
      return expr.value;
    case 'number':
      return expr.raw;
    case 'call': {
      const args: string[] = [];
      for (const arg of expr.args) {
        const value = fold(arg);
        if (value === undefined) return undefined;
        args.push(value);
      }
      let out: string | undefined;
      switch (expr.name.toLowerCase()) {
        case 'concat':
          out = args.length > 0 ? args.join('') : undefined;
          break;
        case 'string':
          out = args.length === 1 ? args[0] : undefined;
          break;
        case 'base64':
          out = args.length === 1 ? Buffer.from(args[0], 'utf8').toString('base64') : undefined;
          break;
        case 'encodeuricomponent':
          out = args.length === 1 ? encodeURIComponent(args[0]) : undefined;
          break;
        default:
          return undefined;
      }
      return out !== undefined && out.length <= MAX_FOLDED_LENGTH ? out : undefined;
    }
    default:
      return undefined;
  }
}

/** The constant string an expression evaluates to, or undefined when it depends on anything else. */
export function foldExpression(expr: Expr): string | undefined {
  return fold(expr);
}

/**
 * The text a template (a JSON string value) evaluates to when it needs no run-time data: literal
 * text, `@@` escapes, and expressions made only of the folded functions over literals.
 */
export function foldTemplate(template: Template): string | undefined {
  switch (template.kind) {
    case 'literal':
      return template.value;
    case 'expression':
      return fold(template.expr);
    case 'interpolation': {
      let out = '';
      for (const part of template.parts) {
        const value = part.kind === 'text' ? part.value : fold(part.expr);
        if (value === undefined) return undefined;
        out += value;
      }
      return out;
    }
  }
}
