/** The revision this server implements natively (spec.md §0). */
export const MODERN_PROTOCOL_VERSION = '2026-07-28';
/** Revisions served under the 2026-07-28 rules: per-request `_meta`, no handshake. */
export const MODERN_VERSIONS: readonly string[] = [MODERN_PROTOCOL_VERSION];
/**
 * The 2025-era revision a legacy (initialize-first) client negotiates in lenient mode. Today's
 * VS Code and the v1 SDK speak 2025-11-25 (ARCHITECTURE.md, "legacy era").
 */
export const LEGACY_VERSIONS: readonly string[] = ['2025-11-25'];

/** Request `_meta` keys (spec.md §2.1). */
export const META = {
  protocolVersion: 'io.modelcontextprotocol/protocolVersion',
  clientCapabilities: 'io.modelcontextprotocol/clientCapabilities',
  clientInfo: 'io.modelcontextprotocol/clientInfo',
  logLevel: 'io.modelcontextprotocol/logLevel',
  serverInfo: 'io.modelcontextprotocol/serverInfo',
  subscriptionId: 'io.modelcontextprotocol/subscriptionId',
} as const;

/** Standard request headers (spec.md §4.2), lower-cased as Node presents them. */
export const HEADER = {
  protocolVersion: 'mcp-protocol-version',
  method: 'mcp-method',
  name: 'mcp-name',
  paramPrefix: 'mcp-param-',
} as const;

/** The MCP endpoint path. */
export const MCP_PATH = '/mcp';

/** `LoggingLevel` values, lowest first (RFC 5424 names, spec.md §10). */
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
