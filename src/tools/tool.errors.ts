import { CallerFacingError } from '../common/caller-facing.error.js';

/**
 * A tool failure the caller may see: it becomes a `tools/call` result with `isError: true` and this
 * message (tool failures are results, not protocol errors:
 * https://modelcontextprotocol.io/specification/2026-07-28/server/tools#error-handling). Other
 * exceptions are masked, so put nothing in the message you would not show a model.
 */
export class ToolError extends CallerFacingError {
  override readonly name = 'ToolError';
}

/** Boot-time failure of the tool registry: duplicate or invalid names, bad schemas. */
export class ToolDefinitionError extends Error {
  override readonly name = 'ToolDefinitionError';
}
