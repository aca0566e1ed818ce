import type { StandardSchemaV1 } from './standard-schema.interface.js';

/**
 * What a tool's `execute` receives for a schema declared as `input`: the schema's output type,
 * after defaults. With `z.object({ greeting: z.string().default('Hello') })`, `greeting` is a
 * `string`, not optional: the server fills the default in before the handler runs.
 */
export type ToolArgs<S extends StandardSchemaV1> = NonNullable<
  S['~standard']['types']
>['output'];

/** What a tool's `execute` returns for a schema declared as `output`: what the client receives. */
export type ToolOutput<S extends StandardSchemaV1> = NonNullable<
  S['~standard']['types']
>['output'];

/**
 * The schema type `@McpTool` infers when a side has no schema object: the input given as a JSON
 * Schema literal (`inputSchema`), the output as a literal or not at all. Nothing to type-check
 * against, so the handler's own annotations stand.
 */
export interface NoSchema extends StandardSchemaV1<never, never> {
  readonly '~noSchema': true;
}

/** A schema type parameter: a schema object's type, or none (`undefined` or `NoSchema`). */
export type SchemaParam = StandardSchemaV1 | undefined;

/** True when `S` names no schema object. */
export type IsNoSchema<S extends SchemaParam> = [S] extends [
  NoSchema | undefined,
]
  ? true
  : false;
