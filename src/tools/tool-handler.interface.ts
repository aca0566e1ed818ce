import type { McpCallContext } from '../protocol/dispatch/mcp-call-context.interface.js';

/**
 * The one method a tool class implements. Return a plain JSON value to have it published as
 * `structuredContent` (and as a JSON text block), or a `ToolResult` for explicit content blocks.
 * Throw a `ToolError` for a failure the model can act on; anything else is masked.
 * With a schema declared as `input`, `I` is `ToolArgs<typeof Input>`: validated, defaults filled in.
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
