import { Injectable } from '@nestjs/common';
import { McpMethodRegistry } from '../dispatch/mcp-method.registry.js';
import type { McpRequestContext } from '../dispatch/mcp-request-context.js';
import { JsonRpcError } from '../json-rpc/json-rpc.error.js';
import { McpPipelineStep } from './mcp-pipeline-step.decorator.js';
import { type McpStep, McpStepOrder } from './mcp-step.interface.js';

/** Looks the method up in the era's table: -32601 (HTTP 404) when nobody registered it. */
@Injectable()
@McpPipelineStep({ order: McpStepOrder.Method })
export class MethodStep implements McpStep {
  constructor(private readonly registry: McpMethodRegistry) {}

  check(ctx: McpRequestContext): void {
    const method = this.registry.lookup(ctx.era, ctx.method);
    if (!method) throw JsonRpcError.methodNotFound(ctx.method);
    ctx.target = method;
  }
}
