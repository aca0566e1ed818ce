import type {
  Implementation,
  JsonObject,
  JsonRpcNotification,
  LoggingLevel,
  LogNotification,
  ProgressNotification,
} from './mcp.types.js';
import type { HeaderOverrides } from './request.builder.js';
import type { ResultCache } from './result.cache.js';

/** How this client introduces itself in `_meta` by default. */
export const DEFAULT_CLIENT_INFO: Implementation = {
  name: 'stateless-mcp-nest-client',
  version: '0.1.0',
};

/** Options of `McpClient`, fixed for its lifetime. */
export interface McpClientOptions {
  /** HTTP implementation; the global `fetch` (Node ≥ 20) by default. */
  fetch?: typeof fetch;
  /** Sent in `MCP-Protocol-Version` and `_meta` (default `2026-07-28`). */
  protocolVersion?: string;
  /** `_meta` clientCapabilities (default `{}`: no optional capabilities). */
  capabilities?: JsonObject;
  /** `_meta` clientInfo. */
  clientInfo?: Implementation;
  /** Headers on every request, e.g. `Authorization`. Cookies and session ids are refused. */
  headers?: HeaderOverrides;
  /** Where list results are kept for their `ttlMs`; pass one to share it, `false` to disable. */
  cache?: ResultCache | false;
  /** Per-request timeout in ms (default 30 000). */
  timeoutMs?: number;
  /**
   * Before calling a tool it has not seen in `tools/list`, list the tools (served from the cache
   * when fresh) to learn its `x-mcp-header` arguments. Default true.
   */
  learnToolHeaders?: boolean;
}

/** Options of one request. */
export interface RequestOptions {
  /** Header overrides for this request only (`null` removes a header). Such requests skip the cache. */
  headers?: HeaderOverrides;
  /** Extra `params._meta` entries. */
  meta?: JsonObject;
  /** Receives `notifications/progress` for this request; sets a `progressToken`. */
  onProgress?: (progress: ProgressNotification) => void;
  /** Receives `notifications/message` log lines for this request (see `logLevel`). */
  onLog?: (log: LogNotification) => void;
  /** Receives any other notification sent on this request's stream. */
  onNotification?: (notification: JsonRpcNotification) => void;
  /** Asks the server for log notifications at or above this level (`_meta` logLevel). */
  logLevel?: LoggingLevel;
  /** Send this W3C `traceparent` (e.g. the caller's current span) instead of a fresh trace. */
  traceparent?: string;
  signal?: AbortSignal;
  timeoutMs?: number;
  /** Set false to neither read nor fill the cache. */
  cache?: boolean;
}

/** A result with how it was obtained. */
export interface McpReply<R> {
  result: R;
  /** True when served from the cache without a request. */
  fromCache: boolean;
  /** HTTP status of the response; undefined when served from the cache. */
  httpStatus?: number;
  /** JSON-RPC id of the request; undefined when served from the cache. */
  requestId?: string | number;
  /** The `traceparent` the request carried; undefined when served from the cache. */
  traceparent?: string;
  /** Whether the answer came as an SSE stream. */
  streamed: boolean;
  /** Response headers (e.g. which instance served it); undefined when served from the cache. */
  headers?: Headers;
}
