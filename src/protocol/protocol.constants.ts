/**
 * The revision this server implements natively
 * (https://modelcontextprotocol.io/specification/2026-07-28).
 */
export const MODERN_PROTOCOL_VERSION = '2026-07-28';
/** Revisions served under the 2026-07-28 rules: per-request `_meta`, no handshake. */
export const MODERN_VERSIONS: readonly string[] = [MODERN_PROTOCOL_VERSION];
/**
 * The 2025-era revision a legacy (initialize-first) client negotiates in lenient mode. Today's
 * VS Code and the v1 SDK speak 2025-11-25 (docs/protocol.md, "Legacy clients";
 * https://modelcontextprotocol.io/specification/2026-07-28/basic/versioning#terminology).
 */
export const LEGACY_VERSIONS: readonly string[] = ['2025-11-25'];

/** Request `_meta` keys (https://modelcontextprotocol.io/specification/2026-07-28/basic#meta). */
export const META = {
  protocolVersion: 'io.modelcontextprotocol/protocolVersion',
  clientCapabilities: 'io.modelcontextprotocol/clientCapabilities',
  clientInfo: 'io.modelcontextprotocol/clientInfo',
  logLevel: 'io.modelcontextprotocol/logLevel',
  serverInfo: 'io.modelcontextprotocol/serverInfo',
  subscriptionId: 'io.modelcontextprotocol/subscriptionId',
} as const;

/**
 * Standard request headers
 * (https://modelcontextprotocol.io/specification/2026-07-28/basic/transports/streamable-http#request-metadata),
 * lower-cased as Node presents them.
 */
export const HEADER = {
  protocolVersion: 'mcp-protocol-version',
  method: 'mcp-method',
  name: 'mcp-name',
  paramPrefix: 'mcp-param-',
} as const;

/** The MCP endpoint path. */
export const MCP_PATH = '/mcp';

/**
 * `LoggingLevel` values, lowest first (RFC 5424 names,
 * https://modelcontextprotocol.io/specification/2026-07-28/server/utilities/logging#log-levels).
 */
export const LOG_LEVELS: ReadonlySet<string> = new Set([
  'debug',
  'info',
  'notice',
  'warning',
  'error',
  'critical',
  'alert',
  'emergency',
]);
