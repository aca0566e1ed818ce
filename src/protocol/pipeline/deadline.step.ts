import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { McpRequestContext } from '../dispatch/mcp-request-context.js';
import { JsonRpcError } from '../json-rpc/json-rpc.error.js';
import { JsonRpcErrorCode } from '../json-rpc/json-rpc-error-code.js';
import type { McpResult } from '../json-rpc/json-rpc.types.js';
import { ProtocolSettings } from '../protocol-settings.js';
import { McpErrorMapper } from '../transport/mcp-error.mapper.js';
import { McpPipelineStep } from './mcp-pipeline-step.decorator.js';
import {
  type McpNext,
  type McpStep,
  McpStepOrder,
} from './mcp-step.interface.js';

/**
 * Abandons requests past `MCP_REQUEST_TIMEOUT_MS`: answers -32603 (HTTP 504) and aborts their work;
 * whatever the handler returns later finds the response ended and is dropped. One sweeper for all
 * requests instead of a timer each. A long-lived stream (subscriptions/listen) is exempt, and leaves
 * the count a graceful shutdown waits on.
 */
@Injectable()
@McpPipelineStep({ order: McpStepOrder.Deadline })
export class DeadlineStep implements McpStep, OnModuleDestroy {
  private readonly inflight = new Map<McpRequestContext, number>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    private readonly settings: ProtocolSettings,
    private readonly errors: McpErrorMapper,
  ) {
    const every = Math.min(250, settings.requestTimeoutMs);
    this.sweeper = setInterval(() => this.expire(Date.now()), every).unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.sweeper);
  }

  async intercept(ctx: McpRequestContext, next: McpNext): Promise<McpResult> {
    if (ctx.target?.longLived) {
      ctx.detachFromShutdown();
      return next();
    }
    this.inflight.set(ctx, Date.now() + this.settings.requestTimeoutMs);
    try {
      return await next();
    } finally {
      this.inflight.delete(ctx);
    }
  }

  private expire(now: number): void {
    for (const [ctx, deadline] of this.inflight) {
      if (deadline > now) continue;
      this.inflight.delete(ctx);
      ctx.abort();
      this.errors.send(
        ctx.responder,
        ctx.requestId,
        new JsonRpcError(
          JsonRpcErrorCode.InternalError,
          'Request timed out',
          undefined,
          504,
        ),
      );
    }
  }
}
