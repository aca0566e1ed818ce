import { Injectable, Logger } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { InstanceInfo } from '../../instance/instance-info.js';
import { AdmissionGate } from '../admission/admission.gate.js';
import { McpRequestContext } from '../dispatch/mcp-request-context.js';
import { JsonRpcErrorCode } from '../json-rpc/json-rpc-error-code.js';
import { ACCEPTED } from '../pipeline/envelope.step.js';
import { McpPipeline } from '../pipeline/mcp-pipeline.js';
import { ActiveRequests } from '../admission/active-requests.js';
import { errorBody } from '../json-rpc/error-body.js';
import { McpErrorMapper } from './mcp-error.mapper.js';
import { McpResponder } from './mcp-responder.js';

/**
 * `POST /mcp`: one JSON-RPC message in, one response out (JSON, or an SSE stream scoped to the
 * request). Everything between is the `McpPipeline`; this class only runs it and writes the answer.
 */
@Injectable()
export class McpEndpoint {
  private readonly logger = new Logger('McpEndpoint');
  private readonly servedBy: string;

  constructor(
    private readonly pipeline: McpPipeline,
    private readonly errors: McpErrorMapper,
    private readonly active: ActiveRequests,
    private readonly admission: AdmissionGate,
    instance: InstanceInfo,
  ) {
    this.servedBy = instance.instanceId;
  }

  /** Node request listener for the MCP path. Never throws: every failure becomes a response. */
  readonly handle = (req: IncomingMessage, res: ServerResponse): void => {
    if (!this.admission.admit(req, res)) return;
    this.serve(req, res).catch((err: unknown) => this.logger.error(err));
  };

  /** Resolves once no request is being served, long-lived streams excepted (graceful shutdown). */
  whenIdle(): Promise<void> {
    return this.active.whenIdle();
  }

  private async serve(
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<void> {
    const release = this.active.enter();
    const responder = new McpResponder(
      res,
      req.headers.accept?.includes('text/event-stream') ?? false,
      this.servedBy,
    );
    try {
      if (req.method !== 'POST') {
        // No GET stream and no session to DELETE in 2026-07-28: 405 (Streamable HTTP transport,
        // https://modelcontextprotocol.io/specification/2026-07-28/basic/transports).
        responder.send(
          405,
          errorBody(
            null,
            JsonRpcErrorCode.InvalidRequest,
            'Method Not Allowed: use POST',
          ),
          { Allow: 'POST' },
        );
        return;
      }
      const ctx = new McpRequestContext(req, res, responder, release);
      try {
        const result = await this.pipeline.run(ctx);
        if (result === ACCEPTED) responder.empty(202);
        else responder.send(200, { jsonrpc: '2.0', id: ctx.requestId, result });
      } catch (err) {
        this.errors.send(responder, ctx.message?.id ?? null, err);
      }
    } finally {
      release();
    }
  }
}
