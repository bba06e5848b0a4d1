import type { Expr } from './ast.js';

/**
 * Visitor for walkExpression: called for every node in pre-order (source order), with its parent.
 * Return `false` to skip the node's children.
 */
export type ExpressionVisitor = (node: Expr, parent: Expr | undefined) => boolean | void;

/**
 * Visits `expr` and all nested expressions (call arguments, member objects and computed member
 * keys) in pre-order, children in source order. Iterative, so arbitrarily deep trees are safe.
 * Dot-member property names are `Identifier`s, not expressions, and are not visited.
 */
export function walkExpression(expr: Expr, visit: ExpressionVisitor): void {
  const nodes: Expr[] = [expr];
  const parents: (Expr | undefined)[] = [undefined];
  while (nodes.length > 0) {
    const node = nodes.pop() as Expr;
    const parent = parents.pop();
    if (visit(node, parent) === false) continue;
    if (node.kind === 'call') {
      for (let i = node.args.length - 1; i >= 0; i--) {
        nodes.push(node.args[i]);
        parents.push(node);
      }
    } else if (node.kind === 'member') {
      if (node.computed) {
        nodes.push(node.property);
        parents.push(node);
      }
      nodes.push(node.object);
      parents.push(node);
    }
  }
}
