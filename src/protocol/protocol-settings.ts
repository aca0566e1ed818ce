import { PACKAGE } from '../config/package-info.js';
import { ConfigError } from '../config/validate-env.js';
import { LEGACY_VERSIONS, MODERN_VERSIONS } from './protocol.constants.js';
import type { ProtocolEnvironment } from './protocol.env.js';

/**
 * `Implementation` this server reports in every result's `_meta`
 * (https://modelcontextprotocol.io/specification/2026-07-28/basic#meta).
 */
export interface ServerInfo {
  readonly name: string;
  readonly version: string;
}

/** The endpoint's settings, derived once at boot from `ProtocolEnvironment`. */
export class ProtocolSettings {
  readonly strict: boolean;
  /** What `server/discover` and -32022 advertise: the legacy era only exists in lenient mode. */
  readonly supportedVersions: readonly string[];
  readonly serverInfo: ServerInfo = Object.freeze({
    name: PACKAGE.name,
    version: PACKAGE.version,
  });
  readonly maxBodyBytes: number;
  readonly maxJsonDepth: number;
  readonly requestTimeoutMs: number;
  readonly listTtlMs: number;
  /** `cacheScope` of cacheable results: `private` whenever callers are authenticated. */
  readonly cacheScope: 'public' | 'private';
  /** True when requests carry an authenticated caller, so results may depend on who asks. */
  readonly callerScoped: boolean;
  readonly pageSize: number;
  readonly instructions: string;
  readonly allowedOrigins: ReadonlySet<string>;
  /** Cap on open `subscriptions/listen` streams on this instance. */
  readonly maxListenStreams: number;
  /** Cap on open `subscriptions/listen` streams per authenticated caller. */
  readonly maxListenStreamsPerCaller: number;

  /**
   * @param callerScoped callers are authenticated: results may then vary by caller (SEP-2567,
   * https://modelcontextprotocol.io/specification/2026-07-28/server/utilities/caching#cache-scope-field).
   * @throws ConfigError when MCP_CACHE_SCOPE=public meets authorization.
   */
  constructor(env: ProtocolEnvironment, callerScoped = false) {
    this.strict = env.MCP_STRICT_HEADERS;
    this.supportedVersions = Object.freeze(
      this.strict
        ? [...MODERN_VERSIONS]
        : [...MODERN_VERSIONS, ...LEGACY_VERSIONS],
    );
    this.maxBodyBytes = env.MCP_MAX_BODY_BYTES;
    this.maxJsonDepth = env.MCP_MAX_JSON_DEPTH;
    this.requestTimeoutMs = env.MCP_REQUEST_TIMEOUT_MS;
    this.listTtlMs = env.MCP_LIST_TTL_MS;
    // With authorization on, a result is for the caller who presented the token: a shared cache
    // must not hand it to anyone else, so every cacheable result is private.
    if (callerScoped && env.MCP_CACHE_SCOPE === 'public') {
      throw new ConfigError([
        'MCP_CACHE_SCOPE must not be public while callers are authenticated (MCP_AUTH_ISSUER)',
      ]);
    }
    this.callerScoped = callerScoped;
    this.cacheScope =
      env.MCP_CACHE_SCOPE ?? (callerScoped ? 'private' : 'public');
    this.pageSize = env.MCP_PAGE_SIZE;
    this.maxListenStreams = env.MCP_MAX_LISTEN_STREAMS;
    this.maxListenStreamsPerCaller = env.MCP_MAX_LISTEN_STREAMS_PER_CALLER;
    this.instructions = env.MCP_INSTRUCTIONS;
    const origins = env.MCP_ALLOWED_ORIGINS.map((o) => o.replace(/\/+$/, ''));
    if (env.WEBSITE_HOSTNAME) origins.push(`https://${env.WEBSITE_HOSTNAME}`);
    this.allowedOrigins = new Set(origins);
  }
}
