import type { McpCallContext } from '../protocol/dispatch/mcp-call-context.interface.js';
import type { InputRequired } from '../protocol/mrtr/input-required.js';
import type {
  IsNoSchema,
  SchemaParam,
  ToolArgs,
  ToolOutput,
} from './schema/tool-schema.types.js';
import type { ToolErrorContent, ToolResult } from './tool-result.js';

/**
 * The one method a tool class implements. Return a plain JSON value to have it published as
 * `structuredContent` (and as a JSON text block), or a `ToolResult` for explicit content blocks.
 * Throw a `ToolError` for a failure the model can act on; anything else is masked.
 * With a schema declared as `input`, `I` is `ToolArgs<typeof Input>`: validated, defaults filled in.
 * `@McpTool` checks the class against its schemas without this interface (see `McpToolFn`).
 */
export interface McpToolHandler<I = Record<string, unknown>, O = unknown> {
  execute(args: I, ctx: McpCallContext): Promise<O> | O;
  /**
   * Task tools only (`taskSupport`), optional: runs in the creating request before a task is made.
   * Return an `InputRequired` for a multi round-trip (MRTR) round answered in the request itself
   * (SEP-2322); return nothing to create the task, whose first `execute` then sees this request's
   * `inputResponses` and `requestState`. Input asked for from `execute` is asked during the task.
   */
  beforeTask?(args: I, ctx: McpCallContext): unknown;
  /**
   * Task-optional tools only, optional: whether this call, from a client that declared the tasks
   * extension, runs as a task (default: always). A call that finishes in moments is better
   * answered in the request: the client then needs no polling.
   */
  runsAsTask?(args: I): boolean;
}

/**
 * What a handler whose result is typed `O` may return: the value itself (published as
 * `structuredContent` plus its JSON as text), a `ToolResult` carrying it, a tool error
 * (`ToolResult.error`), or an `InputRequired` (MRTR). With no output schema, anything.
 */
export type ToolReturn<O> =
  O | ToolResult<O> | ToolResult<ToolErrorContent> | InputRequired;

/** `execute`'s argument type for an input schema type (`any`-free: a literal schema gives a record). */
export type ToolArgsOf<In extends SchemaParam> =
  IsNoSchema<In> extends true
    ? Record<string, unknown>
    : ToolArgs<NonNullable<In>>;

/** `execute`'s result type for an output schema type: `unknown` without one. */
export type ToolOutputOf<Out extends SchemaParam> =
  IsNoSchema<Out> extends true ? unknown : ToolOutput<NonNullable<Out>>;

/**
 * A tool's `execute` as a function-typed property, its argument and result types taken from the
 * schemas, so TypeScript infers the parameters (a method's cannot be inferred):
 * ```ts
 * execute: McpToolFn<typeof Input, typeof Output> = async ({ name }, ctx) => ({ text: name });
 * ```
 * `@McpTool` then checks these schemas are the ones it declares. The class stays an injectable
 * provider with constructor injection (`this` is the instance in an arrow function).
 */
export type McpToolFn<
  In extends SchemaParam = undefined,
  Out extends SchemaParam = undefined,
> = (
  args: ToolArgsOf<In>,
  ctx: McpCallContext,
) => ToolReturn<ToolOutputOf<Out>> | Promise<ToolReturn<ToolOutputOf<Out>>>;
