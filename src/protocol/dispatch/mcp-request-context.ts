import type {
  IncomingHttpHeaders,
  IncomingMessage,
  ServerResponse,
} from 'node:http';
import type { McpPrincipal } from '../auth/mcp-authenticator.interface.js';
import type { JsonObject, JsonRpcRequest } from '../json-rpc/json-rpc.types.js';
import { LOG_LEVELS, META } from '../protocol.constants.js';
import { callerTraceId } from '../trace-context/traceparent.js';
import type { McpResponder } from '../transport/mcp-responder.js';
import type { LogLevel, McpCallContext } from './mcp-call-context.interface.js';
import type { McpMethod } from './mcp-method.interface.js';

/**
 * Which rules a request is served under: the spec's modern (per-request `_meta`) or legacy
 * (`initialize`-first) era
 * (https://modelcontextprotocol.io/specification/2026-07-28/basic/versioning#terminology).
 */
export type ProtocolEra = 'modern' | 'legacy';

const LEVELS = [...LOG_LEVELS] as readonly LogLevel[];
const EMPTY: JsonObject = Object.freeze({});

/**
 * Everything one MCP request carries, built once per request and handed to the pipeline's steps,
 * handlers and tools (it is their `McpCallContext`). Created when the request arrives; the
 * `Envelope` step binds the parsed message. Nothing here outlives the request: the server is stateless.
 */
export class McpRequestContext implements McpCallContext {
  /** The JSON-RPC request; set by the `Envelope` step, read by every step after it. */
  message!: JsonRpcRequest;
  era: ProtocolEra = 'modern';
  meta: JsonObject = EMPTY;
  protocolVersion = '';
  /** The method being called, once the `Method` step has looked it up. */
  target?: McpMethod;
  /** The authenticated caller, when an `McpAuthenticator` is configured. */
  principal?: McpPrincipal;
  /** MRTR retry data, set by `InputRequiredInterceptor` after validation. */
  inputResponses?: Readonly<Record<string, unknown>>;
  requestState?: unknown;
  private controller?: AbortController;
  /** Unset until read or written; `null` once known to be absent. */
  private traceIdValue?: string | null;

  constructor(
    readonly req: IncomingMessage,
    private readonly res: ServerResponse,
    readonly responder: McpResponder,
    private readonly release: () => void = () => {},
  ) {}

  /** Binds the parsed request and the era it is served under (the `Envelope` step). */
  bind(message: JsonRpcRequest, era: ProtocolEra): void {
    this.message = message;
    this.era = era;
    const meta = message.params._meta;
    if (typeof meta === 'object' && meta !== null)
      this.meta = meta as JsonObject;
    this.protocolVersion =
      (this.meta[META.protocolVersion] as string | undefined) ?? '';
  }

  get headers(): IncomingHttpHeaders {
    return this.req.headers;
  }

  /**
   * Stops counting this request as one a graceful shutdown waits for: a stream that stays open by
   * design (subscriptions/listen) ends when the application closes instead.
   */
  detachFromShutdown(): void {
    this.release();
  }

  get requestId(): string | number {
    return this.message.id;
  }

  get method(): string {
    return this.message.method;
  }

  /**
   * W3C trace id this request runs under: its span's, set by the trace interceptor; without a tracer,
   * the caller's own from `_meta.traceparent` or the `traceparent` header, parsed on first read only.
   */
  get traceId(): string | undefined {
    if (this.traceIdValue === undefined)
      this.traceIdValue = callerTraceId(this.meta, this.headers) ?? null;
    return this.traceIdValue ?? undefined;
  }

  set traceId(traceId: string | undefined) {
    this.traceIdValue = traceId ?? null;
  }

  get clientCapabilities(): Readonly<Record<string, unknown>> {
    return (
      (this.meta[META.clientCapabilities] as JsonObject | undefined) ?? EMPTY
    );
  }

  get clientInfo(): Readonly<{ name: string; version: string }> | undefined {
    return this.meta[META.clientInfo] as
      { name: string; version: string } | undefined;
  }

  /**
   * Aborted when the client closes the response before it is complete
   * (https://modelcontextprotocol.io/specification/2026-07-28/basic/transports/streamable-http#cancellation).
   */
  get signal(): AbortSignal {
    if (!this.controller) {
      const controller = new AbortController();
      this.controller = controller;
      // Created lazily: most requests never look at it, and the listener costs per request.
      this.res.once('close', () => {
        if (!this.res.writableFinished) controller.abort();
      });
    }
    return this.controller.signal;
  }

  /**
   * Sends a notification on this request's SSE stream (progress, log, listen events). Returns
   * false when the client cannot receive it (no SSE accepted, or gone).
   */
  notify(method: string, params: unknown): boolean {
    return this.responder.notify(method, params);
  }

  /**
   * Sets a header of this request's HTTP answer (before it starts), such as `Retry-After` on a
   * refusal the client may retry.
   */
  setResponseHeader(name: string, value: string): void {
    if (!this.res.headersSent) this.res.setHeader(name, value);
  }

  /** Keeps this request's SSE stream alive with a comment line. */
  keepAlive(): void {
    this.responder.keepAlive();
  }

  /** True when the client accepts a `text/event-stream` answer. */
  get acceptsStream(): boolean {
    return this.responder.acceptsSse;
  }

  /** Cancels the work of this request (timeout, shutdown): aborts `signal`. */
  abort(): void {
    this.controller?.abort();
  }

  /** Only a task can resume, so outside one there is nothing to save. */
  checkpoint(): void {}

  progress(progress: number, total?: number, message?: string): void {
    const progressToken = this.meta.progressToken;
    if (progressToken === undefined) return;
    this.responder.notify('notifications/progress', {
      progressToken,
      progress,
      total,
      message,
    });
  }

  log(level: LogLevel, data: unknown): void {
    // 2026-07-28: only when the request asked for it, at or above its level
    // (https://modelcontextprotocol.io/specification/2026-07-28/server/utilities/logging#per-request-log-level).
    // A legacy client's logging/setLevel cannot be remembered by a stateless server, so its
    // requests get the 2025-era default of info and above.
    const wanted =
      (this.meta[META.logLevel] as LogLevel | undefined) ??
      (this.era === 'legacy' ? 'info' : undefined);
    if (!wanted || LEVELS.indexOf(level) < LEVELS.indexOf(wanted)) return;
    this.responder.notify('notifications/message', { level, data });
  }
}
