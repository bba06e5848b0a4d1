/** A malformed WDL expression. `offset` is relative to the text given to `parseExpression`. */
export class ExpressionSyntaxError extends Error {
  readonly offset: number;

  constructor(message: string, offset: number) {
    super(message);
    this.name = 'ExpressionSyntaxError';
    this.offset = offset;
  }
}
