/** Public API of the MCP 2026-07-28 HTTP client. */
export { McpClient } from './mcp.client.js';
export {
  DEFAULT_CLIENT_INFO,
  type McpClientOptions,
  type McpReply,
  type RequestOptions,
} from './mcp-client.options.js';
export { McpRpcError } from './mcp-rpc.error.js';
export { McpTransportError } from './mcp-transport.error.js';
export * from './mcp.types.js';
export {
  buildRequest,
  mergeHeaders,
  nameOf,
  paramHeadersOf,
  type BuiltRequest,
  type HeaderOverrides,
  type ParamHeader,
  type RequestSpec,
} from './request.builder.js';
export { encodeHeaderValue, paramHeaderValue } from './header-value.js';
export { CACHEABLE_METHODS, ResultCache } from './result.cache.js';
export {
  newTraceparent,
  parseTraceparent,
  type TraceContext,
} from './traceparent.js';
export { readSse, type SseEvent } from './sse.reader.js';
export {
  DEFAULT_POLL_INTERVAL_MS,
  POLL_INTERVAL_BOUNDS,
  pollDelay,
  SERVED_BY_HEADER,
  servedBy,
  TaskApi,
  type TaskPoll,
  type WaitForTaskOptions,
} from './task.api.js';
export * from './task.types.js';
