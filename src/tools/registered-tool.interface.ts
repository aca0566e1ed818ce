import type { BoundHandler } from '../protocol/execution/bound-handler.js';
import type { ValidateFunction } from 'ajv';
import type { ParamHeader } from '../protocol/dispatch/mcp-method.interface.js';
import type { McpToolHandler } from './tool-handler.interface.js';
import type {
  TaskRerun,
  TaskSupport,
  ToolDescriptor,
} from './tool-options.interface.js';

/** A discovered tool, with everything the hot path needs precomputed at boot. */
export interface RegisteredTool {
  /** The `Tool` object published by `tools/list` (frozen). */
  readonly descriptor: Readonly<ToolDescriptor>;
  readonly handler: McpToolHandler;
  /** `execute` with its Nest enhancers and access rule, prepared at boot. */
  readonly bound: BoundHandler;
  /** Checks the arguments and fills in their declared defaults, in place. */
  readonly validateInput: ValidateFunction;
  /** Why arguments `validateInput` refused are invalid: every violation (capped), one line. */
  readonly explainInput: (args: unknown) => string;
  readonly validateOutput?: ValidateFunction;
  /** Arguments mirrored as `Mcp-Param-*` headers (`x-mcp-header`). */
  readonly paramHeaders: readonly ParamHeader[];
  /** Whether a call may or must run as a task (SEP-2663). */
  readonly taskSupport: TaskSupport;
  /** Whether a task of this tool may resume elsewhere after its run stopped. */
  readonly rerun: TaskRerun;
}
