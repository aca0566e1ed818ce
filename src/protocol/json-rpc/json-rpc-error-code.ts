/**
 * JSON-RPC error codes used by MCP 2026-07-28
 * (https://modelcontextprotocol.io/specification/2026-07-28/basic#error-codes). Never emit -32002
 * or -32042.
 */
export enum JsonRpcErrorCode {
  ParseError = -32_700,
  InvalidRequest = -32_600,
  MethodNotFound = -32_601,
  InvalidParams = -32_602,
  InternalError = -32_603,
  HeaderMismatch = -32_020,
  MissingRequiredClientCapability = -32_021,
  UnsupportedProtocolVersion = -32_022,
}

/**
 * HTTP status for a JSON-RPC error code. The spec fixes 400 for the header, version, capability and
 * `_meta` cases and 404 for unknown methods
 * (https://modelcontextprotocol.io/specification/2026-07-28/basic/transports/streamable-http#protocol-version-header,
 * https://modelcontextprotocol.io/specification/2026-07-28/basic#meta); envelope errors are the
 * client's fault (400). Application-level -32602 (unknown tool, bad cursor, missing resource)
 * travels in a 200, as SDK v2 does, unless the raiser says otherwise.
 */
export function httpStatusFor(code: number): number {
  // Any number may arrive here (tool authors raise their own codes); the cases are the known ones.
  switch (code as JsonRpcErrorCode) {
    case JsonRpcErrorCode.ParseError:
    case JsonRpcErrorCode.InvalidRequest:
    case JsonRpcErrorCode.HeaderMismatch:
    case JsonRpcErrorCode.MissingRequiredClientCapability:
    case JsonRpcErrorCode.UnsupportedProtocolVersion:
      return 400;
    case JsonRpcErrorCode.MethodNotFound:
      return 404;
    case JsonRpcErrorCode.InternalError:
      return 500;
    default:
      return 200;
  }
}
