import { McpTransportError } from './mcp-transport.error.js';
import type {
  JsonObject,
  JsonRpcNotification,
  JsonRpcResponse,
} from './mcp.types.js';
import { readSse } from './sse.reader.js';

/** The JSON-RPC response to one request and how it arrived. */
export interface ReadResponse {
  message: JsonRpcResponse;
  streamed: boolean;
}

/**
 * Reads the answer to one POST
 * (https://modelcontextprotocol.io/specification/2026-07-28/basic/transports/streamable-http#sending-messages):
 * a single `application/json` body, or a `text/event-stream` whose notifications go to
 * `onNotification` as they arrive and whose response to `id` comes last (the stream is released as
 * soon as it has arrived). Anything else (no JSON-RPC body, a response to another id, a stream that
 * ends early) is an `McpTransportError`.
 */
export async function readResponse(
  res: Response,
  id: string | number,
  onNotification: (notification: JsonRpcNotification) => void,
): Promise<ReadResponse> {
  const type = (res.headers.get('content-type') ?? '')
    .split(';')[0]
    .trim()
    .toLowerCase();
  if (type === 'text/event-stream' && res.body) {
    for await (const event of readSse(res.body)) {
      const message = parse(event.data, res.status);
      if (isResponse(message))
        return { message: expectId(message, id, res.status), streamed: true };
      if (typeof message.method === 'string')
        onNotification(message as unknown as JsonRpcNotification);
    }
    throw new McpTransportError(
      'The event stream ended before the response arrived',
      res.status,
    );
  }
  const text = await res.text();
  if (type !== 'application/json') {
    throw new McpTransportError(
      `HTTP ${res.status} without a JSON-RPC body (${type || 'no content type'}): ${snippet(text)}`,
      res.status,
    );
  }
  const message = parse(text, res.status);
  if (!isResponse(message))
    throw new McpTransportError(
      `HTTP ${res.status}: not a JSON-RPC response: ${snippet(text)}`,
      res.status,
    );
  return { message: expectId(message, id, res.status), streamed: false };
}

function parse(text: string, status: number): JsonObject {
  try {
    const value: unknown = JSON.parse(text);
    if (value && typeof value === 'object' && !Array.isArray(value))
      return value as JsonObject;
  } catch {
    // Reported below with the status.
  }
  throw new McpTransportError(
    `HTTP ${status}: malformed JSON-RPC message: ${snippet(text)}`,
    status,
  );
}

function isResponse(
  message: JsonObject,
): message is JsonObject & JsonRpcResponse {
  return (
    message.jsonrpc === '2.0' &&
    'id' in message &&
    ('result' in message || 'error' in message)
  );
}

function expectId(
  message: JsonRpcResponse,
  id: string | number,
  status: number,
): JsonRpcResponse {
  // Errors raised before the server could read the id (e.g. a parse error) carry `id: null`.
  if (message.id === id || (message.id === null && message.error))
    return message;
  throw new McpTransportError(
    `HTTP ${status}: response to id ${JSON.stringify(message.id)}, expected ${JSON.stringify(id)}`,
    status,
  );
}

function snippet(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 120 ? `${flat.slice(0, 117)}...` : flat || '(empty)';
}
