/** What the tracer is told about a request when it starts. */
export interface McpRequestInfo {
  method: string;
  requestId?: string | number;
  protocolVersion?: string;
  toolName?: string;
  /** `params._meta`: carries `traceparent`/`tracestate`/`baggage` (SEP-414). */
  meta?: Record<string, unknown>;
  httpTraceparent?: string;
  httpTracestate?: string;
}

/** One request's span. */
export interface McpRequestSpan {
  readonly traceId?: string;
  /** Runs `fn` with this span's context active, so child spans and logs correlate. */
  run<T>(fn: () => T): T;
  end(outcome: {
    isError?: boolean;
    errorCode?: number;
    errorType?: string;
  }): void;
}

/**
 * Observes every MCP request (telemetry). Optional: when nothing is bound to the token the endpoint
 * skips tracing entirely.
 */
export interface McpRequestTracer {
  startRequest(info: McpRequestInfo): McpRequestSpan;
}

/** Injection token for the optional `McpRequestTracer`. */
export const McpRequestTracer = Symbol('McpRequestTracer');
