import { registerAs } from '@nestjs/config';
import { BuiltinToolsEnvironment } from './builtin/tools/builtin-tools.env.js';
import { HandlesEnvironment } from './handles/handles.env.js';
import { InstanceEnvironment } from './instance/instance.env.js';
import { KeysEnvironment } from './keys/keys.env.js';
import type {
  McpAuthOptions,
  McpHandlesOptions,
  McpInstanceOptions,
  McpKeysOptions,
  McpProtocolOptions,
  McpRedisOptions,
  McpTasksOptions,
} from './mcp/mcp-module.options.js';
import { AuthEnvironment } from './protocol/auth/auth.env.js';
import { ProtocolEnvironment } from './protocol/protocol.env.js';
import { RedisEnvironment } from './redis/redis.env.js';
import { ServerEnvironment } from './server.env.js';
import { TasksEnvironment } from './tasks/tasks.env.js';
import type { Env } from './config/env.js';
import { validateEnv } from './config/validate-env.js';

/*
 * The server's environment variables, module by module, as `McpModule`'s typed options (or, for the
 * server's own modules, their settings class). Each function validates its module's variables with
 * that module's settings class; `serverConfigSlices` registers one `@nestjs/config` slice per module.
 */

/** `MCP_*` → `protocol`. */
export function protocolConfig(env: Env): McpProtocolOptions {
  const p = validateEnv(ProtocolEnvironment, env);
  return {
    strictHeaders: p.MCP_STRICT_HEADERS,
    allowedOrigins: p.MCP_ALLOWED_ORIGINS,
    maxBodyBytes: p.MCP_MAX_BODY_BYTES,
    maxJsonDepth: p.MCP_MAX_JSON_DEPTH,
    requestTimeoutMs: p.MCP_REQUEST_TIMEOUT_MS,
    listTtlMs: p.MCP_LIST_TTL_MS,
    cacheScope: p.MCP_CACHE_SCOPE,
    pageSize: p.MCP_PAGE_SIZE,
    maxListenStreams: p.MCP_MAX_LISTEN_STREAMS,
    maxListenStreamsPerCaller: p.MCP_MAX_LISTEN_STREAMS_PER_CALLER,
    instructions: p.MCP_INSTRUCTIONS,
  };
}

/**
 * `MCP_AUTH_*` → `auth.oauth`, when `MCP_AUTH_ISSUER` is set (the boot check has made sure the
 * audience comes with it).
 */
export function authConfig(env: Env): McpAuthOptions {
  const a = validateEnv(AuthEnvironment, env);
  if (a.MCP_AUTH_ISSUER === undefined) return {};
  return {
    oauth: {
      issuer: a.MCP_AUTH_ISSUER,
      audience: a.MCP_AUTH_AUDIENCE,
      jwksUri: a.MCP_AUTH_JWKS_URI,
      requiredScopes: a.MCP_AUTH_REQUIRED_SCOPES,
      scopesSupported: a.MCP_AUTH_SCOPES_SUPPORTED,
      resource: a.MCP_AUTH_RESOURCE,
      clockToleranceSeconds: a.MCP_AUTH_CLOCK_TOLERANCE_S,
    },
  };
}

/** `HANDLE_BACKEND`, `HANDLE_TTL_SECONDS` → `handles`. */
export function handlesConfig(env: Env): McpHandlesOptions {
  const h = validateEnv(HandlesEnvironment, env);
  return { store: h.HANDLE_BACKEND, ttlSeconds: h.HANDLE_TTL_SECONDS };
}

/** `HANDLE_SIGNING_KEYS` → `keys`. */
export function keysConfig(env: Env): McpKeysOptions {
  return {
    signingKeys: validateEnv(KeysEnvironment, env).HANDLE_SIGNING_KEYS,
  };
}

/** `REDIS_*`, `AZURE_CLIENT_ID` → `redis`. */
export function redisConfig(env: Env): McpRedisOptions {
  const r = validateEnv(RedisEnvironment, env);
  return {
    url: r.REDIS_URL,
    keyPrefix: r.REDIS_KEY_PREFIX,
    auth: r.REDIS_AUTH,
    username: r.REDIS_USERNAME,
    azureClientId: r.AZURE_CLIENT_ID,
  };
}

/** `TASKS_*` → `tasks`. */
export function tasksConfig(env: Env): McpTasksOptions {
  const t = validateEnv(TasksEnvironment, env);
  return {
    store: t.TASKS_BACKEND,
    ttlMs: t.TASKS_TTL_MS,
    pollIntervalMs: t.TASKS_POLL_INTERVAL_MS,
    maxActive: t.TASKS_MAX_ACTIVE,
    maxInputBytes: t.TASKS_MAX_INPUT_BYTES,
    leaseMs: t.TASKS_LEASE_MS,
  };
}

/** App Service's `WEBSITE_*` and `SLOT_NAME` → `instance`. */
export function instanceConfig(env: Env): McpInstanceOptions {
  const i = validateEnv(InstanceEnvironment, env);
  return {
    instanceId: i.WEBSITE_INSTANCE_ID,
    siteName: i.WEBSITE_SITE_NAME,
    hostname: i.WEBSITE_HOSTNAME,
    slotName: i.SLOT_NAME || i.WEBSITE_SLOT_NAME,
  };
}

/** `PORT`, `HOST`, `NODE_ENV`, `HTTP_*`: where and how the HTTP server listens. */
export function serverConfig(env: Env): ServerEnvironment {
  return validateEnv(ServerEnvironment, env);
}

/** `COMPUTE_PRIMES_*`, `PRIMES_*`: the built-in tools' limits. */
export function builtinToolsConfig(env: Env): BuiltinToolsEnvironment {
  return validateEnv(BuiltinToolsEnvironment, env);
}

/** Token name of the built-in tools' slice (`getConfigToken(BUILTIN_TOOLS_CONFIG)`). */
export const BUILTIN_TOOLS_CONFIG = 'builtinTools';

/**
 * One `registerAs` slice per module, read from `env` when Nest first needs it. `env` is the process
 * environment (after `ConfigModule` has added `.env` to it) or, in tests, an app's own variables.
 */
export function serverConfigSlices(env: Env) {
  return {
    protocol: registerAs('protocol', () => protocolConfig(env)),
    auth: registerAs('auth', () => authConfig(env)),
    handles: registerAs('handles', () => handlesConfig(env)),
    keys: registerAs('keys', () => keysConfig(env)),
    redis: registerAs('redis', () => redisConfig(env)),
    tasks: registerAs('tasks', () => tasksConfig(env)),
    instance: registerAs('instance', () => instanceConfig(env)),
    server: registerAs('server', () => serverConfig(env)),
    builtinTools: registerAs(BUILTIN_TOOLS_CONFIG, () =>
      builtinToolsConfig(env),
    ),
  };
}

/** The slices of one application. */
export type ServerConfigSlices = ReturnType<typeof serverConfigSlices>;
