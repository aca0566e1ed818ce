import { HttpException, Injectable, Logger } from '@nestjs/common';
import { McpAuthError } from '../auth/mcp-authenticator.interface.js';
import { JsonRpcError } from '../json-rpc/json-rpc.error.js';
import { JsonRpcErrorCode } from '../json-rpc/json-rpc-error-code.js';
import { ServerBusyError } from '../json-rpc/server-busy.error.js';
import { errorBody } from '../json-rpc/error-body.js';
import type { JsonRpcId } from '../json-rpc/json-rpc.types.js';
import { ProtocolSettings } from '../protocol-settings.js';
import { BodyTooLargeError, RequestAbortedError } from './body-reader.js';
import type { McpResponder } from './mcp-responder.js';

/**
 * Turns whatever a step or handler threw into the HTTP answer: protocol errors keep their code and
 * status, authentication refusals carry their `WWW-Authenticate` challenge (RFC 6750 §3), a Nest
 * `HttpException` from a team's step keeps its 4xx status and message, and anything else is a
 * masked -32603: an unknown exception's message never reaches the client.
 */
@Injectable()
export class McpErrorMapper {
  private readonly logger = new Logger('McpEndpoint');

  constructor(private readonly settings: ProtocolSettings) {}

  send(responder: McpResponder, id: JsonRpcId | null, err: unknown): void {
    // The client is gone, or Node answered its broken framing already.
    if (err instanceof RequestAbortedError) return;
    if (err instanceof JsonRpcError) {
      responder.send(
        err.httpStatus,
        errorBody(id, err.code, err.message, err.data),
        err instanceof ServerBusyError
          ? { 'Retry-After': String(err.retryAfterSeconds) }
          : undefined,
      );
    } else if (err instanceof McpAuthError) {
      responder.send(
        err.status,
        errorBody(id, JsonRpcErrorCode.InvalidRequest, err.message),
        { 'WWW-Authenticate': err.challenge },
      );
    } else if (err instanceof BodyTooLargeError) {
      // readBody read the rest (bounded) so the client hears this; then the connection is closed.
      const message = `Request body exceeds ${this.settings.maxBodyBytes} bytes`;
      responder.send(
        413,
        errorBody(id, JsonRpcErrorCode.InvalidRequest, message),
        { Connection: 'close' },
      );
    } else if (err instanceof HttpException && err.getStatus() < 500) {
      responder.send(
        err.getStatus(),
        errorBody(id, JsonRpcErrorCode.InvalidRequest, err.message),
      );
    } else {
      this.logger.error(
        err instanceof Error ? (err.stack ?? err.message) : String(err),
      );
      responder.send(
        500,
        errorBody(id, JsonRpcErrorCode.InternalError, 'Internal error'),
      );
    }
  }
}
