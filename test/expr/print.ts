import type { Expr, Template } from '../../src/expr/index.js';

/** Canonical, whitespace-free rendering of an expression, used to compare parse results. */
export function print(expr: Expr): string {
  switch (expr.kind) {
    case 'string':
      return `'${expr.value.replaceAll("'", "''")}'`;
    case 'number':
      return `#${expr.raw}`;
    case 'boolean':
      return String(expr.value);
    case 'null':
      return 'null';
    case 'call':
      return `${expr.name}(${expr.args.map(print).join(',')})`;
    case 'member': {
      const q = expr.optional ? '?' : '';
      return expr.computed ? `${print(expr.object)}${q}[${print(expr.property)}]` : `${print(expr.object)}${q}.${expr.property.name}`;
    }
  }
}

/** Compact rendering of a template: `lit:...`, `expr@1:...`, or parts joined by `|`. */
export function printTemplate(template: Template): string {
  switch (template.kind) {
    case 'literal':
      return `${template.escaped ? 'esc' : 'lit'}:${template.value}`;
    case 'expression':
      return `expr@${template.offset}:${print(template.expr)}`;
    case 'interpolation':
      return template.parts.map((p) => (p.kind === 'text' ? `text:${p.value}` : `seg@${p.offset}:${print(p.expr)}`)).join('|');
  }
}
