import { encodeHeaderValue, paramHeaderValue } from './header-value.js';
import { META_KEY, type Implementation, type JsonObject } from './mcp.types.js';
import { TASK_METHODS } from './task.types.js';

/** Header overrides: a string sets (replacing any case variant), `null` removes the header. */
export type HeaderOverrides = Record<string, string | null>;

/** A tool argument mirrored as an `Mcp-Param-{header}` header (`x-mcp-header`, SEP-2243). */
export interface ParamHeader {
  argument: string;
  header: string;
}

/** Everything one request is built from. */
export interface RequestSpec {
  id: string | number;
  method: string;
  params: JsonObject;
  protocolVersion: string;
  capabilities: JsonObject;
  clientInfo?: Implementation;
  traceparent: string;
  /** Arguments of this tool that travel as headers too. */
  paramHeaders?: readonly ParamHeader[];
  /** Added to `params._meta` (e.g. `progressToken`, log level); wins over the standard keys. */
  meta?: JsonObject;
  /** Applied last: client-wide headers, then per-request overrides. */
  headers?: HeaderOverrides[];
}

/** A request ready for `fetch` (or any HTTP client). */
export interface BuiltRequest {
  headers: Record<string, string>;
  body: string;
  message: {
    jsonrpc: '2.0';
    id: string | number;
    method: string;
    params: JsonObject;
  };
}

// A stateless client has no cookie jar and no session (SEP-2567): refuse to send either.
const FORBIDDEN = new Set(['cookie', 'mcp-session-id']);

/**
 * Builds the HTTP request for one MCP 2026-07-28 call
 * (https://modelcontextprotocol.io/specification/2026-07-28/basic/transports/streamable-http#request-metadata,
 * https://modelcontextprotocol.io/specification/2026-07-28/basic#meta): the standard headers
 * (`Content-Type`, `Accept`, `MCP-Protocol-Version`, `Mcp-Method`, `Mcp-Name` for tools/call,
 * prompts/get and resources/read, `Mcp-Param-*`), a W3C `traceparent` header mirroring
 * `_meta.traceparent`, and `params._meta` with version, capabilities, client info and trace
 * context.
 */
export function buildRequest(spec: RequestSpec): BuiltRequest {
  const params = spec.params;
  // A traceparent the caller put in _meta wins; the header then mirrors it.
  const meta: JsonObject = {
    [META_KEY.protocolVersion]: spec.protocolVersion,
    [META_KEY.clientCapabilities]: spec.capabilities,
    ...(spec.clientInfo ? { [META_KEY.clientInfo]: spec.clientInfo } : {}),
    traceparent: spec.traceparent,
    ...spec.meta,
    ...(params._meta as JsonObject | undefined),
  };
  const message = {
    jsonrpc: '2.0' as const,
    id: spec.id,
    method: spec.method,
    params: { ...params, _meta: meta },
  };

  const headers: HeaderOverrides = {
    'Content-Type': 'application/json',
    Accept: 'application/json, text/event-stream',
    'MCP-Protocol-Version': spec.protocolVersion,
    'Mcp-Method': spec.method,
  };
  const name = nameOf(spec.method, params);
  if (name !== undefined) headers['Mcp-Name'] = encodeHeaderValue(name);
  const args = (params.arguments ?? {}) as JsonObject;
  for (const { argument, header } of spec.paramHeaders ?? []) {
    const value = paramHeaderValue(args[argument]);
    if (value !== undefined) headers[`Mcp-Param-${header}`] = value;
  }
  if (typeof meta.traceparent === 'string')
    headers.traceparent = meta.traceparent;
  return {
    headers: mergeHeaders([headers, ...(spec.headers ?? [])]),
    body: JSON.stringify(message),
    message,
  };
}

/** The arguments of `tool` that travel as `Mcp-Param-*` headers: those whose schema carries `x-mcp-header`. */
export function paramHeadersOf(tool: {
  inputSchema?: { properties?: Record<string, JsonObject> };
}): ParamHeader[] {
  const headers: ParamHeader[] = [];
  for (const [argument, schema] of Object.entries(
    tool.inputSchema?.properties ?? {},
  )) {
    const header = schema?.['x-mcp-header'];
    if (typeof header === 'string') headers.push({ argument, header });
  }
  return headers;
}

/**
 * The value `Mcp-Name` mirrors for `method`, if it has one
 * (https://modelcontextprotocol.io/specification/2026-07-28/basic/transports/streamable-http#standard-request-headers);
 * for the task methods of the tasks extension it is the `taskId` (SEP-2663).
 */
export function nameOf(method: string, params: JsonObject): string | undefined {
  const value =
    method === 'resources/read'
      ? params.uri
      : method === 'tools/call' || method === 'prompts/get'
        ? params.name
        : TASK_METHODS.includes(method)
          ? params.taskId
          : undefined;
  return typeof value === 'string' ? value : undefined;
}

/**
 * Applies header layers in order. Names are case-insensitive: the last write wins whatever its
 * spelling, and `null` removes. Cookies and session ids are refused.
 */
export function mergeHeaders(
  layers: readonly HeaderOverrides[],
): Record<string, string> {
  const map = new Map<string, [string, string]>();
  for (const layer of layers) {
    for (const [name, value] of Object.entries(layer)) {
      const key = name.toLowerCase();
      if (FORBIDDEN.has(key))
        throw new TypeError(
          `A stateless MCP client never sends ${name} (SEP-2567)`,
        );
      if (value === null) map.delete(key);
      else map.set(key, [name, value]);
    }
  }
  return Object.fromEntries(map.values());
}
