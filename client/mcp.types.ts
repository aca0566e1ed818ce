/**
 * Wire types of MCP revision 2026-07-28 as this client uses them
 * (https://modelcontextprotocol.io/specification/2026-07-28/schema). Only the fields the client
 * reads are typed closely; everything else stays open.
 */

/** The protocol revision this client speaks. */
export const PROTOCOL_VERSION = '2026-07-28';

/**
 * Reserved request `_meta` keys
 * (https://modelcontextprotocol.io/specification/2026-07-28/basic#meta).
 */
export const META_KEY = {
  protocolVersion: 'io.modelcontextprotocol/protocolVersion',
  clientCapabilities: 'io.modelcontextprotocol/clientCapabilities',
  clientInfo: 'io.modelcontextprotocol/clientInfo',
  logLevel: 'io.modelcontextprotocol/logLevel',
  serverInfo: 'io.modelcontextprotocol/serverInfo',
} as const;

/**
 * JSON-RPC error codes a 2026-07-28 server answers with
 * (https://modelcontextprotocol.io/specification/2026-07-28/basic#error-codes).
 */
export const McpErrorCode = {
  ParseError: -32700,
  InvalidRequest: -32600,
  MethodNotFound: -32601,
  InvalidParams: -32602,
  InternalError: -32603,
  HeaderMismatch: -32020,
  MissingRequiredClientCapability: -32021,
  UnsupportedProtocolVersion: -32022,
} as const;

/** Any JSON object. */
export type JsonObject = Record<string, unknown>;

/** `Implementation`: who a client or server says it is. */
export interface Implementation {
  name: string;
  version: string;
  title?: string;
  description?: string;
  websiteUrl?: string;
}

/** `LoggingLevel` (RFC 5424 names). */
export type LoggingLevel =
  | 'debug'
  | 'info'
  | 'notice'
  | 'warning'
  | 'error'
  | 'critical'
  | 'alert'
  | 'emergency';

/** Every result carries `resultType` (SEP-2322) and may carry `_meta`. */
export interface McpResult extends JsonObject {
  resultType: 'complete' | 'input_required' | (string & {});
  _meta?: JsonObject;
}

/**
 * Caching hints on list/read/discover results (SEP-2549,
 * https://modelcontextprotocol.io/specification/2026-07-28/server/utilities/caching).
 */
export interface CacheableResult extends McpResult {
  ttlMs: number;
  cacheScope: 'public' | 'private';
}

/**
 * `server/discover` result
 * (https://modelcontextprotocol.io/specification/2026-07-28/server/discover).
 */
export interface DiscoverResult extends CacheableResult {
  supportedVersions: string[];
  capabilities: JsonObject;
  instructions?: string;
}

/** One tool as `tools/list` describes it. */
export interface Tool {
  name: string;
  title?: string;
  description?: string;
  inputSchema: JsonObject & { properties?: Record<string, JsonObject> };
  outputSchema?: JsonObject;
  annotations?: JsonObject;
}

/** One page of `tools/list`. */
export interface ListToolsResult extends CacheableResult {
  tools: Tool[];
  nextCursor?: string;
}

/** A content block of a tool result. */
export interface ContentBlock extends JsonObject {
  type: string;
  text?: string;
}

/** `tools/call` result; `structuredContent` typed by the caller. */
export interface CallToolResult<T = unknown> extends McpResult {
  content: ContentBlock[];
  structuredContent?: T;
  isError?: boolean;
}

/** `notifications/progress` params. */
export interface ProgressNotification {
  progressToken: string | number;
  progress: number;
  total?: number;
  message?: string;
}

/** `notifications/message` params (a log line the server sends for this request). */
export interface LogNotification {
  level: LoggingLevel;
  logger?: string;
  data: unknown;
}

/** A JSON-RPC notification as it arrives on a request's SSE stream. */
export interface JsonRpcNotification {
  jsonrpc: '2.0';
  method: string;
  params?: JsonObject;
}

/** The error member of a JSON-RPC error response. */
export interface JsonRpcErrorObject {
  code: number;
  message: string;
  data?: unknown;
}

/** A JSON-RPC response: exactly one of `result` / `error`. */
export interface JsonRpcResponse {
  jsonrpc: '2.0';
  id: string | number | null;
  result?: JsonObject;
  error?: JsonRpcErrorObject;
}
