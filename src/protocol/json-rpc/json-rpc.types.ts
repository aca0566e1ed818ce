/** JSON-RPC id: MCP forbids null ids on requests. */
export type JsonRpcId = string | number;

/** A JSON object as it arrived on the wire. */
export type JsonObject = Record<string, unknown>;

/** One JSON-RPC request after envelope validation. */
export interface JsonRpcRequest {
  readonly id: JsonRpcId;
  readonly method: string;
  readonly params: JsonObject;
}

/** One JSON-RPC notification (no id): acknowledged with 202 and otherwise ignored over HTTP. */
export interface JsonRpcNotification {
  readonly id?: undefined;
  readonly method: string;
  readonly params: JsonObject;
}

/** A handler's result object, before the result interceptor stamps `resultType` and `_meta`. */
export type McpResult = JsonObject;

/** True for a plain JSON object (not null, not an array). */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
