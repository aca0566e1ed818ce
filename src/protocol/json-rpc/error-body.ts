import type { JsonRpcId } from './json-rpc.types.js';

/** A JSON-RPC error response object. */
export function errorBody(
  id: JsonRpcId | null,
  code: number,
  message: string,
  data?: unknown,
): object {
  const error =
    data === undefined ? { code, message } : { code, message, data };
  return { jsonrpc: '2.0', id, error };
}
