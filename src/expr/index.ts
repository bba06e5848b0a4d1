/**
 * Workflow Definition Language expressions: parser, templates (JSON string values), references.
 * See docs/formats.md §3.6.
 */
export type {
  BooleanLiteral,
  CallExpr,
  DotMemberExpr,
  Expr,
  ExprKind,
  Identifier,
  IndexMemberExpr,
  LiteralExpr,
  MemberExpr,
  NodeSpan,
  NullLiteral,
  NumberLiteral,
  StringLiteral,
} from './ast.js';
export { ExpressionSyntaxError } from './errors.js';
export { MAX_EXPRESSION_DEPTH, parseExpression } from './parser.js';
export type {
  EmbeddedExpression,
  ExpressionTemplate,
  InterpolationTemplate,
  LiteralTemplate,
  Template,
  TemplateError,
  TemplateExpressionPart,
  TemplatePart,
  TemplateResult,
  TemplateTextPart,
} from './template.js';
export { isTemplate, parseTemplate, templateExpressions } from './template.js';
export { foldExpression, foldTemplate } from './fold.js';
export type { ExpressionVisitor } from './walk.js';
export { walkExpression } from './walk.js';
export type { PathSegment, Reference, ReferenceFunction, ReferenceKind } from './references.js';
export { listReferences, referenceFunction, scanReferences } from './references.js';
