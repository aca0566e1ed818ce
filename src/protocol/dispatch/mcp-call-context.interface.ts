import type { IncomingHttpHeaders } from 'node:http';
import type { McpPrincipal } from '../auth/mcp-authenticator.interface.js';

/** Log levels of `io.modelcontextprotocol/logLevel` (RFC 5424 names; https://modelcontextprotocol.io/specification/2026-07-28/server/utilities/logging). */
export type LogLevel =
  | 'debug'
  | 'info'
  | 'notice'
  | 'warning'
  | 'error'
  | 'critical'
  | 'alert'
  | 'emergency';

/**
 * The per-call context: what a tool, prompt or resource handler gets as its last argument, what
 * Nest guards, interceptors and filters read through `McpExecutionContext.getContext()`, and what a
 * protocol-wide `McpStep` is handed. Handlers are singletons (no request scope on the hot path), so
 * everything that belongs to one request arrives here. A step ordered before
 * `McpStepOrder.Envelope` runs before the body is read: the JSON-RPC members (`method`,
 * `requestId`, `protocolVersion`, …) are not known yet there.
 */
export interface McpCallContext {
  /** The JSON-RPC method (`tools/call`, `prompts/get`, `resources/read`, …). */
  readonly method: string;
  /** JSON-RPC id of the request. */
  readonly requestId: string | number;
  /**
   * The HTTP request's headers. Undefined when the call runs as a task, which may execute on
   * another instance long after its creating request ended.
   */
  readonly headers?: Readonly<IncomingHttpHeaders>;
  /** Protocol revision the request declared in `_meta`. */
  readonly protocolVersion: string;
  /** `io.modelcontextprotocol/clientCapabilities` of this request. */
  readonly clientCapabilities: Readonly<Record<string, unknown>>;
  /** `io.modelcontextprotocol/clientInfo`, when the client sent it. */
  readonly clientInfo?: Readonly<{ name: string; version: string }>;
  /** The authenticated caller, when the server runs with authentication (`MCP_AUTH_ISSUER`). */
  readonly principal?: McpPrincipal;
  /** W3C trace id this request runs under, when trace context was present. */
  readonly traceId?: string;
  /**
   * On a retry after an `input_required` result (MRTR, SEP-2322): the client's answers, keyed like
   * the `inputRequests` that asked for them. Undefined on a first call.
   */
  readonly inputResponses?: Readonly<Record<string, unknown>>;
  /** On a retry: the `state` the handler put in its `InputRequired`, verified untampered. */
  readonly requestState?: unknown;
  /**
   * Set when the call runs as a task (SEP-2663): then `progress` sets the task's `statusMessage`,
   * `signal` aborts on `tasks/cancel`, and an `InputRequired` result asks through `tasks/get`.
   */
  readonly taskId?: string;
  /**
   * In a task: which attempt this run is (1 first; more once the task was handed over to another
   * instance on shutdown, or run again after its instance was lost). Undefined outside tasks.
   */
  readonly attempt?: number;
  /**
   * In a task: `<taskId>:<attempt>`, the same for every call of one attempt and different for the
   * next. Pass it to the systems the tool changes, so a resumed run does not apply a change twice.
   */
  readonly idempotencyKey?: string;
  /**
   * In a task that resumes: the state the previous attempt last passed to `checkpoint`. Undefined
   * on a first attempt, and outside tasks.
   */
  readonly checkpointed?: unknown;
  /**
   * In a task whose tool declares `rerun: 'resume'`: saves how far it got (small JSON, at most
   * `TASKS_MAX_CHECKPOINT_BYTES`), so another instance can continue from there. Writes are
   * throttled like progress; the last one lands before the task changes hands. A no-op elsewhere.
   */
  checkpoint(state: unknown): void;
  /** Aborted when the client goes away, the server is shutting down, or (in a task) on cancel. */
  readonly signal: AbortSignal;
  /**
   * Reports progress when the request carried `_meta.progressToken`; otherwise a no-op. In a task,
   * sets the task's `statusMessage` (`message`, else "progress of total").
   */
  progress(progress: number, total?: number, message?: string): void;
  /**
   * Emits `notifications/message` when the request asked for this level; otherwise a no-op (always
   * in a task, which has no response stream).
   */
  log(level: LogLevel, data: unknown): void;
}
