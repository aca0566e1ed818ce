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
