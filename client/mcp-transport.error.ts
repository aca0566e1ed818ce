/**
 * The exchange failed below JSON-RPC: the server was unreachable, the request timed out, or the
 * answer was not a JSON-RPC response to this request (e.g. an HTML 502 from a proxy).
 */
export class McpTransportError extends Error {
  override readonly name = 'McpTransportError';

  constructor(
    message: string,
    /** HTTP status, when a response arrived at all. */
    readonly httpStatus?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
