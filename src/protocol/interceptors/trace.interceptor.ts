import { Inject, Injectable, Optional } from '@nestjs/common';
import { McpPipelineStep } from '../pipeline/mcp-pipeline-step.decorator.js';
import {
  type McpNext,
  type McpStep,
  McpStepOrder,
} from '../pipeline/mcp-step.interface.js';
import type { McpRequestContext } from '../dispatch/mcp-request-context.js';
import { JsonRpcError } from '../json-rpc/json-rpc.error.js';
import { JsonRpcErrorCode } from '../json-rpc/json-rpc-error-code.js';
import type { McpResult } from '../json-rpc/json-rpc.types.js';
import { McpRequestTracer } from './mcp-request-tracer.interface.js';

/**
 * Opens one span per MCP request, parented on the W3C trace context the client put in `_meta`
 * (SEP-414; falling back to the HTTP `traceparent` header), and records its outcome. Runs outermost,
 * around the guards too, so refused requests are traced as well. A no-op without a tracer.
 */
@Injectable()
@McpPipelineStep({ order: McpStepOrder.Trace })
export class TraceInterceptor implements McpStep {
  constructor(
    @Optional()
    @Inject(McpRequestTracer)
    private readonly tracer?: McpRequestTracer,
  ) {}

  /** Without a tracer the step is left out of the pipeline: it costs nothing. */
  get enabled(): boolean {
    return this.tracer !== undefined;
  }

  async intercept(ctx: McpRequestContext, next: McpNext): Promise<McpResult> {
    if (!this.tracer) return next();
    const { params } = ctx.message;
    const span = this.tracer.startRequest({
      method: ctx.method,
      requestId: ctx.requestId,
      protocolVersion: ctx.protocolVersion || undefined,
      toolName:
        ctx.method === 'tools/call' && typeof params.name === 'string'
          ? params.name
          : undefined,
      meta: ctx.meta,
      httpTraceparent: ctx.headers.traceparent as string | undefined,
      httpTracestate: ctx.headers.tracestate as string | undefined,
    });
    ctx.traceId = span.traceId;
    try {
      const result = await span.run(next);
      span.end(
        result.isError === true
          ? { isError: true, errorType: 'tool_error' }
          : {},
      );
      return result;
    } catch (err) {
      // Anything but a JsonRpcError reaches the client as -32603 (McpErrorMapper).
      const code = err instanceof JsonRpcError ? err.code : undefined;
      span.end({
        errorCode: code ?? JsonRpcErrorCode.InternalError,
        errorType: code === undefined ? 'internal' : String(code),
      });
      throw err;
    }
  }
}
