import { McpPipelineStep } from '../pipeline/mcp-pipeline-step.decorator.js';
import {
  type McpNext,
  type McpStep,
  McpStepOrder,
} from '../pipeline/mcp-step.interface.js';
import { Injectable } from '@nestjs/common';
import type { McpRequestContext } from '../dispatch/mcp-request-context.js';
import type { JsonObject, McpResult } from '../json-rpc/json-rpc.types.js';
import { META } from '../protocol.constants.js';
import { ProtocolSettings } from '../protocol-settings.js';

/**
 * Stamps every 2026-07-28 result with `resultType` (required on all results, SEP-2322; handlers
 * that need `input_required` set it themselves) and `_meta["io.modelcontextprotocol/serverInfo"]`
 * (https://modelcontextprotocol.io/specification/2026-07-28/basic#meta), so no handler has to
 * remember either. Legacy-era results keep their 2025-11-25 shapes (`ping` answers exactly `{}`).
 */
@Injectable()
@McpPipelineStep({ order: McpStepOrder.ResultMeta })
export class ResultMetaInterceptor implements McpStep {
  constructor(private readonly settings: ProtocolSettings) {}

  async intercept(ctx: McpRequestContext, next: McpNext): Promise<McpResult> {
    const result = await next();
    if (ctx.era === 'legacy') return result;
    // Handlers return fresh objects, so stamping in place saves a copy per request.
    result.resultType ??= 'complete';
    const meta = result._meta as JsonObject | undefined;
    result._meta = meta
      ? { ...meta, [META.serverInfo]: this.settings.serverInfo }
      : { [META.serverInfo]: this.settings.serverInfo };
    return result;
  }
}
