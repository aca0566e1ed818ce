import type { Type } from '@nestjs/common';
import type { HandleStore } from '../handles/handle-store.interface.js';
import type { McpAuthenticator } from '../protocol/auth/mcp-authenticator.interface.js';
import type { TaskExecutor } from '../tasks/task-executor.interface.js';
import type { TaskStore } from '../tasks/task-store.interface.js';

/**
 * Something the MCP layer plugs in: a class, which Nest instantiates at boot with its constructor
 * dependencies injected (from `McpModule`'s scope: global providers and the `imports` of
 * `forRootAsync`), or an instance made by the application. Either way Nest runs its lifecycle
 * hooks (`onModuleInit`, `onApplicationShutdown`, …).
 */
export type McpPlugin<T> = Type<T> | T;

/** The `/mcp` endpoint. */
export interface McpProtocolOptions {
  /** Serve 2026-07-28 only and require every standard header (-32020 otherwise). Default `false`. */
  readonly strictHeaders?: boolean;
  /** Browser origins allowed besides localhost and `https://<instance.hostname>` (exact match). */
  readonly allowedOrigins?: readonly string[];
  /** Request body limit in bytes, 1024–67108864 (default 1 MiB); larger bodies get 413. */
  readonly maxBodyBytes?: number;
  /** Deepest JSON nesting accepted, 8–1000 (default 64). */
  readonly maxJsonDepth?: number;
  /** A request still running after this many ms (≥ 100, default 60000) is answered 504. */
  readonly requestTimeoutMs?: number;
  /** `ttlMs` of list and discover results (SEP-2549), ≥ 0 (default 300000). */
  readonly listTtlMs?: number;
  /** `cacheScope` of cacheable results; default `public`, `private` once callers are authenticated. */
  readonly cacheScope?: 'public' | 'private';
  /** Page size of paginated lists, 1–1000 (default 100). */
  readonly pageSize?: number;
  /** `subscriptions/listen` streams open at once on one instance (default 1000). */
  readonly maxListenStreams?: number;
  /** Listen streams one authenticated caller may hold open on one instance (default 20). */
  readonly maxListenStreamsPerCaller?: number;
  /** `instructions` of `server/discover` and the legacy `initialize`. */
  readonly instructions?: string;
}

/**
 * Admission control on `/mcp`: what an instance takes on before it refuses new requests with a
 * fast 503 and `Retry-After` (docs/overload.md). The defaults were measured on one core.
 */
export interface McpAdmissionOptions {
  /** `false` takes every request, however late it runs. Default `true`. */
  readonly enabled?: boolean;
  /** Requests served at once, open listen streams excepted (default 256). */
  readonly maxInFlight?: number;
  /** Ms an event-loop turn runs before it holds the connections it reads; also the ms of reads a turn takes back from them (default 5). */
  readonly turnBudgetMs?: number;
  /** Ms an event-loop turn runs before it refuses new requests (default 20). */
  readonly maxEventLoopDelayMs?: number;
  /** Ms a held connection may wait in a standing queue before its request is refused (default 250). */
  readonly maxQueueMs?: number;
  /** Heap use, in percent of V8's limit, from which requests are refused (default 90). */
  readonly maxHeapPercent?: number;
  /** `Retry-After` of a refusal, in seconds (default 1). */
  readonly retryAfterSeconds?: number;
}

/**
 * The built-in OAuth 2.1 resource-server mode
 * (https://modelcontextprotocol.io/specification/2026-07-28/basic/authorization): every `/mcp`
 * request needs a bearer token from `issuer` for one of `audience`.
 */
export interface McpOAuthOptions {
  /** The authorization server's issuer, exactly as tokens carry it in `iss`. */
  readonly issuer: string;
  /** Accepted `aud` values: this server (RFC 8707). */
  readonly audience: readonly string[];
  /** JWKS location; default: `jwks_uri` from the issuer's metadata. */
  readonly jwksUri?: string;
  /** Scopes every request needs (403 `insufficient_scope` otherwise). */
  readonly requiredScopes?: readonly string[];
  /** `scopes_supported` of the protected-resource metadata; default: the required scopes. */
  readonly scopesSupported?: readonly string[];
  /** This server's resource identifier (its `/mcp` URL); default: derived from each request. */
  readonly resource?: string;
  /** Clock skew allowed on `exp` / `nbf`, in seconds, 0–600 (default 60). */
  readonly clockToleranceSeconds?: number;
}

/** Who may call `/mcp`. Without either option, anyone: authentication is skipped entirely. */
export interface McpAuthOptions {
  /**
   * Establishes the caller of every `/mcp` request (an API key, a bearer token, …) before its body
   * is read. Exclusive with `oauth`.
   */
  readonly authenticator?: McpPlugin<McpAuthenticator>;
  /** The built-in OAuth resource-server mode. Exclusive with `authenticator`. */
  readonly oauth?: McpOAuthOptions;
}

/** Handles: state that outlives a call (SEP-2567). */
export interface McpHandlesOptions {
  /**
   * Where handle state lives: `signed` (default: inside the signed handle, no infrastructure),
   * `redis` (server-side, needs `redis.url`), or the application's own `HandleStore`.
   */
  readonly store?: 'signed' | 'redis' | McpPlugin<HandleStore>;
  /** Lifetime of a handle after its last use, in seconds, 60–2592000 (default one day). */
  readonly ttlSeconds?: number;
}

/** The deployment's signing keys: handles and MRTR `requestState`. */
export interface McpKeysOptions {
  /**
   * `kid:base64key` entries, each key ≥ 32 bytes; the first signs, all verify. Required in
   * production; elsewhere a per-process key is generated (with a warning).
   */
  readonly signingKeys?: readonly string[];
}

/** How the deployment reaches Redis. */
export interface McpRedisOptions {
  /** `redis://` or `rediss://` (TLS). */
  readonly url?: string;
  /** Prefix of every key written (default `mcp:`). */
  readonly keyPrefix?: string;
  /** `password` (default: whatever the URL carries) or `entra` (Microsoft Entra ID tokens). */
  readonly auth?: 'password' | 'entra';
  /** With `entra`: the Redis user (the managed identity's object id). */
  readonly username?: string;
  /** With `entra`: the user-assigned managed identity's client id (required in production). */
  readonly azureClientId?: string;
}

/** The tasks extension (`io.modelcontextprotocol/tasks`, SEP-2663). */
export interface McpTasksOptions {
  /**
   * Where task records live: `auto` (default: Redis when `redis.url` is set, else memory on a
   * single instance, else off), `redis`, `memory`, `off`, or the application's own `TaskStore`.
   */
  readonly store?: 'auto' | 'redis' | 'memory' | 'off' | McpPlugin<TaskStore>;
  /**
   * Where and when task tools run: the application's own `TaskExecutor`, beside whichever store
   * `store` gives (the memory, Redis or the application's own). Omitted, the built-in one for the
   * store: on BullMQ beside Redis, in process otherwise. Refused at boot where tasks are off.
   */
  readonly executor?: McpPlugin<TaskExecutor>;
  /** How long a task can be read after its creation, in ms (default one hour). */
  readonly ttlMs?: number;
  /** Poll interval suggested to clients, in ms (default 1000). */
  readonly pollIntervalMs?: number;
  /** Tasks one instance runs at once; the rest wait, or go to instances with room (default 4). */
  readonly maxActive?: number;
  /** Tasks waiting to start; one more is refused, 503 retryable (default 1000). */
  readonly maxQueued?: number;
  /** Unfinished tasks of one caller; one more is refused, 429 retryable (default 1000). */
  readonly maxPerCaller?: number;
  /** Largest `inputResponses` of one `tasks/update`, in bytes of JSON (default 256 KiB). */
  readonly maxInputBytes?: number;
  /** Largest arguments plus creating input of one task, in bytes of JSON (default 256 KiB). */
  readonly maxPayloadBytes?: number;
  /** Largest checkpoint a run saves, in bytes of JSON (default 64 KiB). */
  readonly maxCheckpointBytes?: number;
  /** A resumable task lost this many times in a row is failed (default 5). */
  readonly maxAttempts?: number;
  /** With Redis: a worker's lock on a running task, in ms (default 8000). */
  readonly lockMs?: number;
  /** With Redis: how often working tasks without a job are looked for, in ms (default 5000). */
  readonly reconcileMs?: number;
  /** On shutdown, how long running tools get to stop and checkpoint, in ms (default 5000). */
  readonly handoverMs?: number;
}

/**
 * Who is serving: App Service's instance, site, host name and slot. Omitted, these are read from
 * the platform's own variables (`WEBSITE_INSTANCE_ID`, `WEBSITE_SITE_NAME`, `WEBSITE_HOSTNAME`,
 * `WEBSITE_SLOT_NAME`, `SLOT_NAME`) of the process: they are facts of the platform, and tasks
 * depend on knowing whether other instances exist.
 */
export interface McpInstanceOptions {
  /** Default `local`. */
  readonly instanceId?: string;
  /** Default `local`. */
  readonly siteName?: string;
  /** The public host name; its `https://` origin is allowed to call `/mcp`. */
  readonly hostname?: string;
  /** `production` / `staging`; default `local`. */
  readonly slotName?: string;
}

/**
 * What `McpModule.forRoot` (or the factory of `forRootAsync`) takes. Every option is optional and
 * the defaults suit local use; everything is validated once at boot, each problem one line naming
 * the option (never its value).
 */
export interface McpModuleOptions {
  readonly protocol?: McpProtocolOptions;
  readonly admission?: McpAdmissionOptions;
  readonly auth?: McpAuthOptions;
  readonly handles?: McpHandlesOptions;
  readonly keys?: McpKeysOptions;
  readonly redis?: McpRedisOptions;
  readonly tasks?: McpTasksOptions;
  readonly instance?: McpInstanceOptions;
  /**
   * Refuse defaults that only suit a developer machine: `keys.signingKeys` must then be set (and
   * `redis.azureClientId` with `redis.auth: 'entra'`). Default: `NODE_ENV=production` or an App
   * Service instance, read from the process.
   */
  readonly production?: boolean;
}

/** A class `forRootAsync({ useClass })` or `({ useExisting })` can name: it builds the options. */
export interface McpOptionsFactory {
  createMcpOptions(): Promise<McpModuleOptions> | McpModuleOptions;
}
