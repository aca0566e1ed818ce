// The public extension API for tool authors: import from here, nothing deeper.
export { McpTool } from './tool.decorator.js';
export type { McpToolHandler } from './tool-handler.interface.js';
export type { ToolContext, LogLevel } from './tool-context.interface.js';
export type {
  McpToolOptions,
  JsonSchema,
  ToolAnnotations,
  ToolDescriptor,
  TaskSupport,
  TaskRerun,
} from './tool-options.interface.js';
export type { ToolArgs, ToolOutput } from './schema/tool-schema.types.js';
export type { StandardSchemaV1 } from './schema/standard-schema.interface.js';
export { ToolError, ToolDefinitionError } from './tool.errors.js';
export { ToolResult, type ContentBlock } from './tool-result.js';
