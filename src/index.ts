// The package's public entry point (`exports["."]` of @stateless-mcp/nest): what an application
// that adds MCP tools, prompts, resources, guards or pipeline steps imports. Nothing deeper is
// public; test/package.e2e-spec.ts pins this list, so a change to the API is a deliberate one.
// Other entry points: `@stateless-mcp/nest/config` (src/config/index.ts), `/testing`
// (src/testing/index.ts) and `/opentelemetry` (src/telemetry/index.ts).

// The module, its options, and what it reports about itself.
export { McpModule } from './mcp/mcp.module.js';
export type {
  McpModuleOptions,
  McpModuleAsyncOptions,
  McpOptionsFactory,
  McpPlugin,
  McpProtocolOptions,
  McpAdmissionOptions,
  McpAuthOptions,
  McpOAuthOptions,
  McpHandlesOptions,
  McpKeysOptions,
  McpRedisOptions,
  McpTasksOptions,
  McpInstanceOptions,
} from './config/index.js';
export { ConfigError } from './config/validate-env.js';
export { McpStatus, type McpTasksStatus } from './mcp/mcp-status.js';
export type { McpAdmissionStatus } from './protocol/admission/admission.gate.js';
export { InstanceInfo } from './instance/instance-info.js';

// Tools, prompts and resources: decorators, handler types checked against their schemas, and the
// content and result builders of the 2026-07-28 spec.
export * from './tools/index.js';
export * from './prompts/index.js';
export * from './resources/index.js';

// Nest enhancers on handlers: the execution context, access rules, and the parameter decorators
// pipes apply to (`@UsePipes` / `APP_PIPE`).
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
export {
  McpArgs,
  McpCaller,
  McpContext,
} from './protocol/execution/mcp-param.decorators.js';

// Authentication (`auth.authenticator` of `McpModule`).
export {
  type McpAuthenticator,
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
export {
  ServerBusyError,
  type BusyDetails,
  type BusyScope,
} from './protocol/json-rpc/server-busy.error.js';
export type { McpResult } from './protocol/json-rpc/json-rpc.types.js';

// Handles: state that travels between calls, and the store an application may plug in
// (`handles.store`).
export { HandleService, type HandleCaller } from './handles/handle.service.js';
export { HandleError } from './handles/handle.error.js';
export { MAX_SIGNED_HANDLE_LENGTH } from './handles/signed/signed-handle.store.js';
export type {
  HandleStore,
  HandleChange,
  HandleIncrement,
  HandleRecord,
  HandleScalar,
  HandleScope,
  HandleState,
} from './handles/handle-store.interface.js';

// Tasks: the record store and the executor an application may plug in (`tasks.store`,
// `tasks.executor`), and the runner an executor runs each task with.
export type { TaskStore } from './tasks/task-store.interface.js';
export type {
  QueueCounts,
  QueuedTask,
  RunningTask,
  TaskExecutor,
  TaskExecutorReport,
  TaskRunner,
  TaskRunResult,
} from './tasks/task-executor.interface.js';
export type {
  BeginOptions,
  BeginOutcome,
  NewTask,
  RespondOutcome,
  TaskErrorObject,
  TaskOrigin,
  TaskOutcome,
  TaskRecord,
  TaskRequestSnapshot,
  TaskSignal,
  TaskSpanLink,
  TaskStart,
  TaskStatus,
} from './tasks/task.types.js';

// Serving: the HTTP adapter with its limits and drain, graceful shutdown, health and readiness.
export {
  McpHttpAdapter,
  type HttpServerLimits,
} from './protocol/transport/mcp-http.adapter.js';
export {
  GracefulShutdown,
  type GracefulShutdownOptions,
} from './lifecycle/graceful-shutdown.js';
export { McpHealthModule } from './health/health.module.js';
export {
  ReadinessRegistry,
  type ReadinessCheck,
  type ReadinessReport,
  type FeatureReport,
} from './readiness/readiness.registry.js';
