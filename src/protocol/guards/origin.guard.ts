import { Injectable } from '@nestjs/common';
import { McpPipelineStep } from '../pipeline/mcp-pipeline-step.decorator.js';
import { type McpStep, McpStepOrder } from '../pipeline/mcp-step.interface.js';
import type { McpRequestContext } from '../dispatch/mcp-request-context.js';
import { JsonRpcError } from '../json-rpc/json-rpc.error.js';
import { JsonRpcErrorCode } from '../json-rpc/json-rpc-error-code.js';
import { ProtocolSettings } from '../protocol-settings.js';

const LOCAL_HOST = /^(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/i;
const LOCAL_ORIGIN = /^https?:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/i;
const LOOPBACK_ADDRESS = /^(127\.|::1$|::ffff:127\.)/;

/**
 * DNS-rebinding protection
 * (https://modelcontextprotocol.io/specification/2026-07-28/basic/transports/streamable-http,
 * "Security & Endpoint"): a present `Origin` must be allowed (403 otherwise), and a request that
 * reached us on a loopback interface must name a local `Host`: a browser tricked into calling
 * localhost still sends the attacker's host name. HTTP/1.1 requires a Host (400 without one).
 */
@Injectable()
@McpPipelineStep({ order: McpStepOrder.Origin })
export class OriginGuard implements McpStep {
  constructor(private readonly settings: ProtocolSettings) {}

  /** @throws JsonRpcError with HTTP 403 when the origin or host is not allowed, 400 when Host is missing. */
  check(ctx: McpRequestContext): void {
    const req = ctx.req;
    const origin = req.headers.origin;
    if (
      origin !== undefined &&
      !LOCAL_ORIGIN.test(origin) &&
      !this.settings.allowedOrigins.has(origin)
    ) {
      throw forbidden('Origin not allowed');
    }
    const host = req.headers.host;
    const local = req.socket.localAddress;
    if (local && LOOPBACK_ADDRESS.test(local) && !LOCAL_HOST.test(host ?? ''))
      throw forbidden('Host not allowed');
    // RFC 9112 §3.2: an HTTP/1.1 request without Host is answered 400 (Node's own check is off so
    // that the answer is a JSON-RPC error like every other refusal).
    if (host === undefined && req.httpVersion === '1.1') {
      throw new JsonRpcError(
        JsonRpcErrorCode.InvalidRequest,
        'Invalid Request: Host header required',
        undefined,
        400,
      );
    }
  }
}

function forbidden(message: string): JsonRpcError {
  return new JsonRpcError(
    JsonRpcErrorCode.InvalidRequest,
    `Forbidden: ${message}`,
    undefined,
    403,
  );
}
