/**
 * A small JSON Schema validator for the subset flowlint's own schemas use (type, properties,
 * required, additionalProperties, items, minItems, enum, const, minimum, maximum, minLength, pattern, oneOf,
 * anyOf, $ref to #/$defs). Configuration errors must name the exact option path, and a general
 * validator would be a runtime dependency for a few dozen lines of checks.
 */

export type Schema = Readonly<Record<string, unknown>>;

export interface SchemaProblem {
  /** `rules.hardcoded-secret.minEntropy`-style path (dots; array indexes in brackets). */
  readonly path: string;
  readonly message: string;
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function typeMatches(expected: string, actual: string): boolean {
  return expected === actual || (expected === 'number' && actual === 'integer');
}

function join(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path ? `${path}.${key}` : key;
}

function resolveRef(root: Schema, ref: string): Schema {
  const match = /^#\/\$defs\/(.+)$/.exec(ref);
  const defs = root.$defs as Record<string, Schema> | undefined;
  const target = match && defs?.[match[1]];
  if (!target) throw new Error(`unsupported $ref ${ref}`);
  return target;
}

export function validateAgainstSchema(value: unknown, schema: Schema, path = '', root: Schema = schema): SchemaProblem[] {
  if (typeof schema.$ref === 'string') return validateAgainstSchema(value, resolveRef(root, schema.$ref), path, root);
  const problems: SchemaProblem[] = [];
  const fail = (message: string): SchemaProblem[] => [{ path: path || '(root)', message }];

  if (Array.isArray(schema.oneOf) || Array.isArray(schema.anyOf)) {
    const options = (schema.oneOf ?? schema.anyOf) as Schema[];
    const results = options.map((option) => validateAgainstSchema(value, option, path, root));
    const passing = results.filter((r) => r.length === 0).length;
    if (passing === 0) {
      // Report the alternative that got furthest (fewest problems), which is usually the intended one.
      return results.reduce((best, r) => (r.length < best.length ? r : best));
    }
    if (schema.oneOf && passing > 1) return fail('matches more than one allowed form');
  }
  const actual = typeOf(value);
  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string];
    if (!types.some((t) => typeMatches(t, actual))) return fail(`must be ${types.join(' or ')}, got ${actual}`);
  }
  if ('const' in schema && value !== schema.const) return fail(`must be ${JSON.stringify(schema.const)}`);
  if (Array.isArray(schema.enum) && !schema.enum.includes(value)) {
    // The value itself is not quoted: a config found in a scanned tree is input like any other.
    return fail(`must be one of ${schema.enum.map((e) => JSON.stringify(e)).join(', ')}`);
  }
  if (typeof value === 'number') {
    if (typeof schema.minimum === 'number' && value < schema.minimum) problems.push({ path, message: `must be at least ${schema.minimum}` });
    if (typeof schema.maximum === 'number' && value > schema.maximum) problems.push({ path, message: `must be at most ${schema.maximum}` });
  }
  if (typeof value === 'string') {
    if (typeof schema.minLength === 'number' && value.length < schema.minLength) problems.push({ path, message: `must have at least ${schema.minLength} characters` });
    if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern, 'u').test(value)) problems.push({ path, message: `must match ${schema.pattern}` });
    if (schema.format === 'regex') {
      try {
        new RegExp(value, 'u');
      } catch (error) {
        problems.push({ path, message: `is not a valid regular expression${regexProblem(error)}` });
      }
    }
  }
  if (actual === 'array' && typeof schema.minItems === 'number' && (value as unknown[]).length < schema.minItems) {
    problems.push({ path, message: `must have at least ${schema.minItems} item${schema.minItems === 1 ? '' : 's'}` });
  }
  if (actual === 'array' && schema.items && typeof schema.items === 'object') {
    (value as unknown[]).forEach((item, index) => problems.push(...validateAgainstSchema(item, schema.items as Schema, join(path, index), root)));
  }
  if (actual === 'object') {
    const record = value as Record<string, unknown>;
    const properties = (schema.properties ?? {}) as Record<string, Schema>;
    for (const name of (schema.required ?? []) as string[]) {
      if (!(name in record)) problems.push({ path: join(path, name), message: 'is required' });
    }
    for (const [key, item] of Object.entries(record)) {
      if (key === '$schema' && path === '') continue;
      const propertySchema = properties[key];
      if (propertySchema) {
        problems.push(...validateAgainstSchema(item, propertySchema, join(path, key), root));
      } else if (schema.additionalProperties === false) {
        problems.push({ path: join(path, key), message: `is not a known option${Object.keys(properties).length ? ` (known: ${Object.keys(properties).join(', ')})` : ''}` });
      } else if (schema.additionalProperties && typeof schema.additionalProperties === 'object') {
        problems.push(...validateAgainstSchema(item, schema.additionalProperties as Schema, join(path, key), root));
      }
    }
  }
  return problems;
}

/**
 * Why a regular expression does not compile, without the pattern (V8 quotes it whole:
 * `Invalid regular expression: /…/u: Unterminated group`): ` (Unterminated group)`, or nothing.
 */
export function regexProblem(error: unknown): string {
  const reason = /\/[a-z]*: ([A-Za-z ]+)$/.exec(error instanceof Error ? error.message : '')?.[1];
  return reason ? ` (${reason})` : '';
}
