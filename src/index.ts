// The package's public entry point (`exports["."]` of @stateless-mcp/nest): what an application
// that adds MCP tools, prompts, resources, guards or pipeline steps imports. Nothing deeper is
// public; `src/index.spec.ts` pins this list, so a change to the API is a deliberate one.
// Other entry points: `@stateless-mcp/nest/testing` (src/testing) and
// `@stateless-mcp/nest/opentelemetry` (src/telemetry/index.ts).

// The module, its options, and what it reports about itself.
export { McpModule } from './mcp/mcp.module.js';
export type {
  McpModuleOptions,
  McpModuleAsyncOptions,
  McpModuleStaticOptions,
} from './mcp/mcp-module.options.js';
export type { Env } from './config/app-config.module.js';
export { McpStatus, type McpTasksStatus } from './mcp/mcp-status.js';
export { validateMcpEnvironment } from './config/mcp-environment.js';
export { ConfigError } from './config/validate-env.js';
export { InstanceInfo } from './instance/instance-info.js';

// Tools, prompts and resources.
export * from './tools/index.js';
export * from './prompts/index.js';
export * from './resources/index.js';

// The per-call context, Nest enhancers and access rules.
export type {
  McpCallContext,
  LogLevel,
} from './protocol/dispatch/mcp-call-context.interface.js';
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

// Authentication.
export {
  McpAuthenticator,
  McpAuthError,
  type McpPrincipal,
} from './protocol/auth/mcp-authenticator.interface.js';

// Protocol-wide pipeline steps and JSON-RPC errors.
export { McpPipelineStep } from './protocol/pipeline/mcp-pipeline-step.decorator.js';
export {
  McpStepOrder,
  type McpStep,
  type McpNext,
  type McpStepOptions,
} from './protocol/pipeline/mcp-step.interface.js';
export { JsonRpcError } from './protocol/json-rpc/json-rpc.error.js';
export { JsonRpcErrorCode } from './protocol/json-rpc/json-rpc-error-code.js';
export type { McpResult } from './protocol/json-rpc/json-rpc.types.js';

// Handles: state that travels between calls.
export { HandleService, type HandleCaller } from './handles/handle.service.js';
export { HandleError } from './handles/handle.error.js';
export { MAX_SIGNED_HANDLE_LENGTH } from './handles/signed/signed-handle.store.js';

// Serving: the HTTP adapter with its limits and drain, graceful shutdown, health and readiness.
export {
  McpHttpAdapter,
  DEFAULT_HTTP_LIMITS,
  type HttpServerLimits,
} from './protocol/transport/mcp-http.adapter.js';
export { GracefulShutdown } from './lifecycle/graceful-shutdown.js';
export { McpHealthModule } from './health/health.module.js';
export type {
  LivenessReport,
  ReadinessBody,
} from './health/health.controller.js';
export {
  ReadinessRegistry,
  type ReadinessCheck,
  type ReadinessReport,
  type FeatureReport,
} from './readiness/readiness.registry.js';
