import { JsonRpcError } from './json-rpc.error.js';
import { JsonRpcErrorCode } from './json-rpc-error-code.js';
import {
  isJsonObject,
  type JsonRpcNotification,
  type JsonRpcRequest,
} from './json-rpc.types.js';

const EMPTY_PARAMS = Object.freeze({});

/**
 * Parses a POST body into one JSON-RPC request or notification. A body is exactly one message
 * (https://modelcontextprotocol.io/specification/2026-07-28/basic/transports/streamable-http#sending-messages):
 * arrays (batches), responses and anything without `jsonrpc: "2.0"` are -32600, and so is nesting
 * deeper than `maxDepth` (validators and serialisers recurse).
 * @throws JsonRpcError -32700 for invalid JSON, -32600 for an invalid envelope.
 */
export function parseEnvelope(
  body: string,
  maxDepth = 64,
): JsonRpcRequest | JsonRpcNotification {
  if (nestingDepth(body, maxDepth) > maxDepth)
    throw invalid(`JSON nested deeper than ${maxDepth} levels`);
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    throw new JsonRpcError(
      JsonRpcErrorCode.ParseError,
      'Parse error: the body is not valid JSON',
    );
  }
  if (!isJsonObject(value)) {
    throw invalid(
      Array.isArray(value)
        ? 'Batches are not supported: send one JSON-RPC message per POST'
        : 'The body must be a JSON-RPC object',
    );
  }
  if (value.jsonrpc !== '2.0') throw invalid('jsonrpc must be "2.0"');
  if (typeof value.method !== 'string') {
    throw invalid(
      'result' in value || 'error' in value
        ? 'JSON-RPC responses are not accepted on this endpoint'
        : 'method must be a string',
    );
  }
  const params = value.params ?? EMPTY_PARAMS;
  if (!isJsonObject(params)) throw invalid('params must be an object');
  const id = value.id;
  if (id === undefined) return { method: value.method, params };
  if (
    typeof id !== 'string' &&
    (typeof id !== 'number' || !Number.isFinite(id))
  ) {
    throw invalid('id must be a string or a number');
  }
  return { id, method: value.method, params };
}

function invalid(message: string): JsonRpcError {
  return new JsonRpcError(
    JsonRpcErrorCode.InvalidRequest,
    `Invalid Request: ${message}`,
  );
}

/**
 * Nesting depth of a JSON text, counted on the raw string before parsing; stops counting once past
 * `limit`. Brackets inside strings do not count.
 */
export function nestingDepth(text: string, limit: number): number {
  // A text shorter than twice the limit cannot nest deeper than it: skip the scan.
  if (text.length <= limit * 2) return 0;
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \\ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 /* { */ || c === 91 /* [ */) {
      if (++depth > max && (max = depth) > limit) return max;
    } else if (c === 125 /* } */ || c === 93 /* ] */) depth--;
  }
  return max;
}
