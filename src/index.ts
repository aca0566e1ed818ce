// The package's public entry point (`exports["."]`): what an application that adds MCP tools,
// prompts, resources, guards or pipeline steps imports. Nothing deeper is public.
export { McpModule } from './mcp/mcp.module.js';
export * from './mcp/configuration.js';
export type {
  HandleStore,
  HandleChange,
  HandleIncrement,
  HandleRecord,
  HandleScalar,
  HandleScope,
  HandleState,
} from './handles/handle-store.interface.js';
export type { TaskStore } from './tasks/task-store.interface.js';
export type {
  NewTask,
  RespondOutcome,
  TaskErrorObject,
  TaskOrigin,
  TaskOutcome,
  TaskRecord,
  TaskSignal,
  TaskStatus,
} from './tasks/task.types.js';

export * from './tools/index.js';
export * from './prompts/index.js';
export * from './resources/index.js';

// Handlers typed from their schemas, and the content and result builders of the 2026-07-28 spec
// (also reached through the line above; listed here so the entry keeps them whatever that becomes).
export {
  Content,
  ToolResult,
  type BinaryData,
  type EmbeddedContents,
  type McpToolFn,
  type McpToolDecorator,
  type McpToolInstance,
  type ToolReturn,
  type ToolArgsOf,
  type ToolOutputOf,
  type ToolParameters,
  type NoSchema,
  type ToolErrorContent,
  type ContentBlock,
  type ContentBlockOptions,
  type TextContent,
  type ImageContent,
  type AudioContent,
  type ResourceLink,
  type EmbeddedResource,
  type TextResourceContents,
  type BlobResourceContents,
  type McpAnnotations,
} from './tools/index.js';

export {
  McpExecutionContext,
  MCP_CONTEXT_TYPE,
  type McpContextType,
  type McpTarget,
} from './protocol/execution/mcp-execution-context.js';
export {
  RequireScopes,
  ListedFor,
  type ListPredicate,
} from './protocol/execution/access.decorators.js';
export type { McpCallContext } from './protocol/dispatch/mcp-call-context.interface.js';

// Parameter decorators of tool, prompt and resource handlers (pipes: Nest's @UsePipes / APP_PIPE).
export {
  McpArgs,
  McpCaller,
  McpContext,
} from './protocol/execution/mcp-param.decorators.js';

export {
  type McpAuthenticator,
  McpAuthError,
  type McpPrincipal,
} from './protocol/auth/mcp-authenticator.interface.js';

export { McpPipelineStep } from './protocol/pipeline/mcp-pipeline-step.decorator.js';
export {
  McpStepOrder,
  type McpStep,
  type McpNext,
  type McpStepOptions,
} from './protocol/pipeline/mcp-step.interface.js';
export type { McpRequestContext } from './protocol/dispatch/mcp-request-context.js';
export { JsonRpcError } from './protocol/json-rpc/json-rpc.error.js';
export { JsonRpcErrorCode } from './protocol/json-rpc/json-rpc-error-code.js';
export type { McpResult } from './protocol/json-rpc/json-rpc.types.js';

export { HandleService, type HandleCaller } from './handles/handle.service.js';
export { HandleError } from './handles/handle.error.js';
export { MAX_SIGNED_HANDLE_LENGTH } from './handles/signed/signed-handle.store.js';
export { InstanceInfo } from './instance/instance-info.js';
