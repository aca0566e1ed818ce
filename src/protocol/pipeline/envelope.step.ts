import { Injectable } from '@nestjs/common';
import type { McpRequestContext } from '../dispatch/mcp-request-context.js';
import { parseEnvelope } from '../json-rpc/envelope.js';
import type { McpResult } from '../json-rpc/json-rpc.types.js';
import { ProtocolSettings } from '../protocol-settings.js';
import { readBody } from '../transport/body-reader.js';
import { EraDetector } from '../transport/era-detector.js';
import { McpPipelineStep } from './mcp-pipeline-step.decorator.js';
import {
  type McpNext,
  type McpStep,
  McpStepOrder,
} from './mcp-step.interface.js';

/**
 * What the pipeline answers for a notification: nothing but HTTP 202 (JSON-RPC 2.0 §4.1; a
 * notification has no response). The endpoint recognises this object by identity.
 */
export const ACCEPTED: McpResult = Object.freeze({});

/**
 * Reads the size-limited body, parses the one JSON-RPC message it must hold and binds it to the
 * context with its era. A notification ends the pipeline here.
 */
@Injectable()
@McpPipelineStep({ order: McpStepOrder.Envelope })
export class EnvelopeStep implements McpStep {
  constructor(
    private readonly settings: ProtocolSettings,
    private readonly eras: EraDetector,
  ) {}

  async intercept(ctx: McpRequestContext, next: McpNext): Promise<McpResult> {
    const message = parseEnvelope(
      await readBody(ctx.req, this.settings.maxBodyBytes),
      this.settings.maxJsonDepth,
    );
    if (message.id === undefined) return ACCEPTED;
    ctx.bind(message, this.eras.eraOf(ctx.headers, message));
    return next();
  }
}
