import {
  type Context,
  context,
  type Span,
  SpanStatusCode,
} from '@opentelemetry/api';
import type { McpRequestSpan } from '../protocol/interceptors/mcp-request-tracer.interface.js';
import type {
  McpRequestMetrics,
  McpRequestOutcome,
} from './mcp-request.metrics.js';

/** Low-cardinality names of a request, for span names and metric dimensions. */
export interface McpRequestNames {
  method: string;
  tool?: string;
}

/** One MCP request's OpenTelemetry span, ended with the request's outcome and measured. */
export class OtelMcpRequestSpan implements McpRequestSpan {
  readonly traceId: string;
  private readonly startedAt = performance.now();

  constructor(
    private readonly span: Span,
    private readonly active: Context,
    private readonly names: McpRequestNames,
    private readonly metrics: McpRequestMetrics,
  ) {
    this.traceId = span.spanContext().traceId;
  }

  run<T>(fn: () => T): T {
    return context.with(this.active, fn);
  }

  end(outcome: {
    isError?: boolean;
    errorCode?: number;
    errorType?: string;
  }): void {
    const { span } = this;
    if (outcome.errorCode !== undefined) {
      // The current RPC conventions' name (a string), and the older JSON-RPC one (an int).
      span.setAttribute('rpc.response.status_code', String(outcome.errorCode));
      span.setAttribute('rpc.jsonrpc.error_code', outcome.errorCode);
    }
    if (outcome.errorType !== undefined) {
      // MCP conventions: `tool_error` for an isError result, else the JSON-RPC code; status ERROR.
      span.setAttribute('error.type', outcome.errorType);
      span.setStatus({ code: SpanStatusCode.ERROR });
    }
    const result: McpRequestOutcome = outcome.isError
      ? 'tool_error'
      : outcome.errorType !== undefined
        ? 'error'
        : 'ok';
    // Also on the span: Application Insights drops `error.type` from customDimensions (its exporter
    // files it with the HTTP attributes), so this is what a KQL query can filter on.
    span.setAttribute('outcome', result);
    span.end();
    this.metrics.record((performance.now() - this.startedAt) / 1000, {
      ...this.names,
      outcome: result,
      errorType: outcome.errorType,
    });
  }
}
