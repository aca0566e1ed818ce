import request from 'supertest';
import type { Server } from 'node:http';

export const VERSION = '2026-07-28';

/**
 * The `_meta` every 2026-07-28 request carries
 * (https://modelcontextprotocol.io/specification/2026-07-28/basic#meta).
 */
export function modernMeta(
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    'io.modelcontextprotocol/protocolVersion': VERSION,
    'io.modelcontextprotocol/clientCapabilities': {},
    'io.modelcontextprotocol/clientInfo': { name: 'e2e', version: '1.0.0' },
    ...extra,
  };
}

/**
 * The standard headers a compliant client sends for `method`
 * (https://modelcontextprotocol.io/specification/2026-07-28/basic/transports/streamable-http#request-metadata).
 */
export function standardHeaders(
  method: string,
  name?: string,
): Record<string, string> {
  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    Accept: 'application/json, text/event-stream',
    'MCP-Protocol-Version': VERSION,
    'Mcp-Method': method,
  };
  if (name !== undefined) headers['Mcp-Name'] = name;
  return headers;
}

let nextId = 1;

/** Options of `mcp`. */
export interface McpOptions {
  /** Replaces the standard headers entirely. */
  headers?: Record<string, string>;
  /** Added to (or overriding) the standard headers. */
  extraHeaders?: Record<string, string>;
  /** Omit `_meta`. */
  noMeta?: boolean;
  id?: string | number;
}

/** An in-process test server, or the base URL (`http://127.0.0.1:PORT`) of a server process. */
export type Target = Server | string;

/**
 * POSTs one compliant 2026-07-28 request through real HTTP (supertest) and returns the response.
 * `Mcp-Name` is derived from `params.name` / `params.uri` as a client would.
 */
export function mcp(
  server: Target,
  method: string,
  params: Record<string, unknown> = {},
  options: McpOptions = {},
) {
  const name = (params.name ?? params.uri) as string | undefined;
  const headers = options.headers ?? {
    ...standardHeaders(method, name),
    ...options.extraHeaders,
  };
  const body = {
    jsonrpc: '2.0',
    id: options.id ?? nextId++,
    method,
    params: options.noMeta
      ? params
      : { ...params, _meta: { ...modernMeta(), ...(params._meta as object) } },
  };
  return request(server).post('/mcp').set(headers).send(JSON.stringify(body));
}

/** Calls a tool and returns the JSON-RPC `result`, failing loudly on anything else. */
export async function callTool(
  server: Target,
  name: string,
  args: Record<string, unknown> = {},
) {
  const res = await mcp(server, 'tools/call', { name, arguments: args });
  if (res.status !== 200 || !res.body.result) {
    throw new Error(`tools/call ${name} failed: ${res.status} ${res.text}`);
  }
  return res.body.result as {
    content: { type: string; text: string }[];
    structuredContent?: any;
    isError?: boolean;
  };
}
