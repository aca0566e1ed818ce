import { IsIn, IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { EnvBoolean, EnvInt, EnvList } from '../config/env-transforms.js';

/** Environment of the MCP endpoint. Every variable is optional; defaults suit local use. */
export class ProtocolEnvironment {
  /** `1`/`true`: serve 2026-07-28 only and require every standard header (-32020 otherwise). */
  @EnvBoolean() MCP_STRICT_HEADERS = false;

  /** Extra origins allowed to call `/mcp` from a browser (comma-separated, exact match). */
  @IsOptional()
  @EnvList()
  @IsString({ each: true })
  MCP_ALLOWED_ORIGINS: string[] = [];

  /** Body size limit in bytes (default 1 MiB); larger bodies get 413. */
  @EnvInt() @IsInt() @Min(1024) @Max(64 * 1024 * 1024) MCP_MAX_BODY_BYTES =
    1024 * 1024;

  /** Deepest JSON nesting accepted in a body; deeper is -32600 before anything recurses into it. */
  @EnvInt() @IsInt() @Min(8) @Max(1000) MCP_MAX_JSON_DEPTH = 64;

  /** Time a request may take before it is abandoned (-32603, HTTP 504); listen streams excepted. */
  @EnvInt() @IsInt() @Min(100) MCP_REQUEST_TIMEOUT_MS = 60_000;

  /** `ttlMs` on list and discover results (SEP-2549): the tool set only changes on deploy. */
  @EnvInt() @IsInt() @Min(0) MCP_LIST_TTL_MS = 300_000;

  /**
   * `cacheScope` on cacheable results. Default `public` (results do not depend on the caller), and
   * `private` when callers are authenticated (`MCP_AUTH_ISSUER`, or an application's
   * `McpAuthenticator`): `public` is then refused at boot.
   */
  @IsOptional() @IsIn(['public', 'private']) MCP_CACHE_SCOPE?:
    'public' | 'private';

  /** Page size of `tools/list` and the other paginated lists. */
  @EnvInt() @IsInt() @Min(1) @Max(1000) MCP_PAGE_SIZE = 100;

  /**
   * Most `subscriptions/listen` streams open at once on one instance; one more is refused with
   * HTTP 503 and a retry hint. Each holds a socket for as long as the client likes.
   */
  @EnvInt() @IsInt() @Min(1) @Max(1_000_000) MCP_MAX_LISTEN_STREAMS = 1000;

  /**
   * Most `subscriptions/listen` streams one authenticated caller (token subject) may hold open on
   * one instance; one more is refused with HTTP 429. Applies only with authorization on.
   */
  @EnvInt() @IsInt() @Min(1) @Max(1_000_000) MCP_MAX_LISTEN_STREAMS_PER_CALLER =
    20;

  /** `instructions` of `server/discover` and the legacy `initialize`. */
  @IsOptional() @IsString() MCP_INSTRUCTIONS =
    'Stateless MCP server: any instance answers any request. Call whoami to see which instance served you; ' +
    'state that must survive between calls travels as an explicit handle (see tally).';

  /** Host the App Service front end uses; its https origin is allowed by default. */
  @IsOptional() @IsString() WEBSITE_HOSTNAME?: string;
}
