import type { ToolContext } from './tool-context.interface.js';

/**
 * The one method a tool class implements. Return a plain JSON value to have it published as
 * `structuredContent` (and as a JSON text block), or a `ToolResult` for explicit content blocks.
 * Throw a `ToolError` for a failure the model can act on; anything else is masked.
 * With a schema declared as `input`, `I` is `ToolArgs<typeof Input>`: validated, defaults filled in.
 */
export interface McpToolHandler<I = Record<string, unknown>, O = unknown> {
  execute(args: I, ctx: ToolContext): Promise<O> | O;
}
