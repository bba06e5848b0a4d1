/**
 * The TypeScript type of the values a JSON Schema accepts, for the subset flowlint's schemas use
 * (`type`, `enum`, `properties` with `required`, `additionalProperties`, `items`, `oneOf`). Rule
 * options and the configuration file are typed from their schemas this way, so a type and its
 * schema cannot drift apart: declare the schema `as const` and write `FromSchema<typeof schema>`.
 */

type Simplify<T> = { [K in keyof T]: T[K] } & {};

type Primitive<T> = T extends 'string'
  ? string
  : T extends 'integer' | 'number'
    ? number
    : T extends 'boolean'
      ? boolean
      : T extends 'null'
        ? null
        : T extends 'array'
          ? readonly unknown[]
          : T extends 'object'
            ? Readonly<Record<string, unknown>>
            : unknown;

type RequiredKeys<S> = S extends { readonly required: readonly (infer K)[] } ? K : never;

type ObjectOf<S> = S extends { readonly properties: infer P }
  ? Simplify<
      { readonly [K in keyof P as K extends RequiredKeys<S> ? K : never]: FromSchema<P[K]> } & {
        readonly [K in keyof P as K extends RequiredKeys<S> ? never : K]?: FromSchema<P[K]>;
      }
    >
  : S extends { readonly additionalProperties: infer A }
    ? A extends false
      ? Readonly<Record<string, never>>
      : Readonly<Record<string, FromSchema<A>>>
    : Readonly<Record<string, unknown>>;

export type FromSchema<S> = S extends { readonly enum: readonly (infer E)[] }
  ? E
  : S extends { readonly oneOf: readonly (infer O)[] }
    ? O extends unknown
      ? FromSchema<O>
      : never
    : S extends { readonly type: 'object' }
      ? ObjectOf<S>
      : S extends { readonly type: 'array'; readonly items: infer I }
        ? readonly FromSchema<I>[]
        : S extends { readonly type: readonly (infer T)[] }
          ? Primitive<T>
          : S extends { readonly type: infer T }
            ? Primitive<T>
            : unknown;

/** A rule's options once the engine has filled in its defaults: every property present. */
export type OptionsOf<S> = Required<FromSchema<S>>;
