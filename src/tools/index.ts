// The public extension API for tool authors: import from here, nothing deeper.
export { McpTool } from './tool.decorator.js';
export type { McpToolDecorator, McpToolInstance } from './tool.decorator.js';
export type {
  McpToolHandler,
  McpToolFn,
  ToolReturn,
  ToolArgsOf,
  ToolOutputOf,
} from './tool-handler.interface.js';
export type {
  McpCallContext,
  LogLevel,
} from '../protocol/dispatch/mcp-call-context.interface.js';
export type {
  McpToolOptions,
  JsonSchema,
  ToolAnnotations,
  ToolDescriptor,
  TaskSupport,
  TaskRerun,
  ToolParameters,
} from './tool-options.interface.js';
export type {
  ToolArgs,
  ToolOutput,
  NoSchema,
} from './schema/tool-schema.types.js';
export type { StandardSchemaV1 } from './schema/standard-schema.interface.js';
export { ToolError, ToolDefinitionError } from './tool.errors.js';
export { ToolResult, type ToolErrorContent } from './tool-result.js';
export { Content, type BinaryData, type EmbeddedContents } from './content.js';
export type {
  ContentBlock,
  ContentBlockOptions,
  TextContent,
  ImageContent,
  AudioContent,
  ResourceLink,
  EmbeddedResource,
  TextResourceContents,
  BlobResourceContents,
  McpAnnotations,
} from './content.types.js';
