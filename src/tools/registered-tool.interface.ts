import type { ValidateFunction } from 'ajv';
import type { ParamHeader } from '../protocol/dispatch/mcp-method.interface.js';
import type { McpToolHandler } from './tool-handler.interface.js';
import type { McpToolOptions, TaskSupport } from './tool-options.interface.js';

/** A discovered tool, with everything the hot path needs precomputed at boot. */
export interface RegisteredTool {
  /** The `Tool` object published by `tools/list` (frozen). */
  readonly descriptor: Readonly<McpToolOptions>;
  readonly handler: McpToolHandler;
  readonly validateInput: ValidateFunction;
  readonly validateOutput?: ValidateFunction;
  /** Arguments mirrored as `Mcp-Param-*` headers (`x-mcp-header`). */
  readonly paramHeaders: readonly ParamHeader[];
  /** Whether a call may or must run as a task (SEP-2663). */
  readonly taskSupport: TaskSupport;
}
