import type { JsonRpcErrorObject } from './mcp.types.js';

/**
 * A JSON-RPC error the server answered with
 * (https://modelcontextprotocol.io/specification/2026-07-28/basic#error-codes): the wire `code`,
 * `data` and message, plus the HTTP status it came with (400 for -32020/-32022/-32021, 404 for
 * -32601:
 * https://modelcontextprotocol.io/specification/2026-07-28/basic/transports/streamable-http#request-metadata).
 */
export class McpRpcError extends Error {
  override readonly name = 'McpRpcError';
  /** JSON-RPC error code, e.g. -32020 (see `McpErrorCode`). */
  readonly code: number;
  /** `error.data` as sent, e.g. `{ supported, requested }` for -32022. */
  readonly data: unknown;
  /** `error.message` exactly as the server wrote it. */
  readonly rpcMessage: string;

  constructor(
    error: JsonRpcErrorObject,
    /** HTTP status of the response that carried the error. */
    readonly httpStatus: number,
    /** The method of the failed request. */
    readonly method: string,
    /** The JSON-RPC id of the failed request. */
    readonly requestId: string | number,
  ) {
    super(`${method}: ${error.message} (${error.code})`);
    this.code = error.code;
    this.data = error.data;
    this.rpcMessage = error.message;
  }
}
