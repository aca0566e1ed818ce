// The public extension API for tool authors: import from here, nothing deeper.
export { McpTool } from './tool.decorator.js';
export type { McpToolHandler } from './tool-handler.interface.js';
export type { ToolContext, LogLevel } from './tool-context.interface.js';
export type {
  McpToolOptions,
  JsonSchema,
  ToolAnnotations,
  TaskSupport,
} from './tool-options.interface.js';
export { ToolError } from './tool.errors.js';
export { ToolResult, type ContentBlock } from './tool-result.js';
