import { httpStatusFor, JsonRpcErrorCode } from './json-rpc-error-code.js';
import { quote } from './quote.js';

/**
 * A protocol error that reaches the wire as a JSON-RPC error object. Its message is written for the
 * client; never wrap an unknown exception's message in one.
 */
export class JsonRpcError extends Error {
  override readonly name: string = 'JsonRpcError';
  readonly httpStatus: number;

  constructor(
    readonly code: number,
    message: string,
    readonly data?: unknown,
    httpStatus?: number,
  ) {
    super(message);
    this.httpStatus = httpStatus ?? httpStatusFor(code);
  }

  /**
   * -32602 for a malformed request (HTTP 400), e.g. missing `_meta`
   * (https://modelcontextprotocol.io/specification/2026-07-28/basic#meta).
   */
  static invalidRequestParams(message: string): JsonRpcError {
    return new JsonRpcError(
      JsonRpcErrorCode.InvalidParams,
      message,
      undefined,
      400,
    );
  }

  /** -32602 for an application-level miss (unknown tool, bad cursor): HTTP 200. */
  static invalidParams(message: string, data?: unknown): JsonRpcError {
    return new JsonRpcError(JsonRpcErrorCode.InvalidParams, message, data);
  }

  /**
   * -32020: a standard header is missing or disagrees with the body
   * (https://modelcontextprotocol.io/specification/2026-07-28/basic/transports/streamable-http#server-validation).
   */
  static headerMismatch(message: string): JsonRpcError {
    return new JsonRpcError(JsonRpcErrorCode.HeaderMismatch, message);
  }

  /** -32601 (HTTP 404): unknown method or capability not offered. */
  static methodNotFound(method: string): JsonRpcError {
    return new JsonRpcError(
      JsonRpcErrorCode.MethodNotFound,
      `Method not found: ${quote(method)}`,
    );
  }
}
