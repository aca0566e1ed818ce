import { HandlesEnvironment } from '../handles/handles.env.js';
import { InstanceEnvironment } from '../instance/instance.env.js';
import { KeysEnvironment } from '../keys/keys.env.js';
import { AdmissionEnvironment } from '../protocol/admission/admission.env.js';
import { AuthEnvironment } from '../protocol/auth/auth.env.js';
import { ProtocolEnvironment } from '../protocol/protocol.env.js';
import { RedisEnvironment } from '../redis/redis.env.js';
import { TasksEnvironment } from '../tasks/tasks.env.js';
import type { McpModuleOptions } from './mcp-module.options.js';

/** What counts as one value, not a group of options. */
type Leaf = string | number | boolean | readonly unknown[];
type AnyClass = abstract new (...args: never[]) => unknown;

/**
 * Every option's dotted path (`protocol.maxBodyBytes`, `auth.oauth.issuer`, …): groups are walked
 * into, while a value, a class or an instance (`handles.store`) ends the path.
 */
export type McpOptionPath<T = McpModuleOptions, P extends string = ''> = {
  [K in keyof T & string]-?: NonNullable<T[K]> extends Leaf
    ? `${P}${K}`
    : [Extract<NonNullable<T[K]>, AnyClass>] extends [never]
      ? McpOptionPath<NonNullable<T[K]>, `${P}${K}.`>
      : `${P}${K}`;
}[keyof T & string];

/** For each field of a settings class, the option it is read from. Every field must be listed. */
type SettingsMap<T> = { readonly [K in keyof T]-?: McpOptionPath };

/** A settings class of the MCP layer: the validated settings one module injects. */
export type McpSettingsClass = new () => object;

/*
 * The one place where the typed options meet the modules' settings classes. A module keeps
 * injecting its class (`ProtocolEnvironment`, `TasksEnvironment`, …), filled from these options and
 * validated by the class's own rules; a field added to a class does not compile until it is listed
 * here. Field names are the server's environment variables (docs/configuration.md).
 */

const PROTOCOL = {
  MCP_STRICT_HEADERS: 'protocol.strictHeaders',
  MCP_ALLOWED_ORIGINS: 'protocol.allowedOrigins',
  MCP_MAX_BODY_BYTES: 'protocol.maxBodyBytes',
  MCP_MAX_JSON_DEPTH: 'protocol.maxJsonDepth',
  MCP_REQUEST_TIMEOUT_MS: 'protocol.requestTimeoutMs',
  MCP_LIST_TTL_MS: 'protocol.listTtlMs',
  MCP_CACHE_SCOPE: 'protocol.cacheScope',
  MCP_PAGE_SIZE: 'protocol.pageSize',
  MCP_MAX_LISTEN_STREAMS: 'protocol.maxListenStreams',
  MCP_MAX_LISTEN_STREAMS_PER_CALLER: 'protocol.maxListenStreamsPerCaller',
  MCP_INSTRUCTIONS: 'protocol.instructions',
  WEBSITE_HOSTNAME: 'instance.hostname',
} as const satisfies SettingsMap<ProtocolEnvironment>;

const ADMISSION = {
  MCP_ADMISSION: 'admission.enabled',
  MCP_MAX_IN_FLIGHT: 'admission.maxInFlight',
  MCP_TURN_BUDGET_MS: 'admission.turnBudgetMs',
  MCP_MAX_EVENT_LOOP_DELAY_MS: 'admission.maxEventLoopDelayMs',
  MCP_MAX_QUEUE_MS: 'admission.maxQueueMs',
  MCP_MAX_HEAP_PERCENT: 'admission.maxHeapPercent',
  MCP_RETRY_AFTER_SECONDS: 'admission.retryAfterSeconds',
} as const satisfies SettingsMap<AdmissionEnvironment>;

const AUTH = {
  MCP_AUTH_ISSUER: 'auth.oauth.issuer',
  MCP_AUTH_AUDIENCE: 'auth.oauth.audience',
  MCP_AUTH_JWKS_URI: 'auth.oauth.jwksUri',
  MCP_AUTH_REQUIRED_SCOPES: 'auth.oauth.requiredScopes',
  MCP_AUTH_SCOPES_SUPPORTED: 'auth.oauth.scopesSupported',
  MCP_AUTH_RESOURCE: 'auth.oauth.resource',
  MCP_AUTH_CLOCK_TOLERANCE_S: 'auth.oauth.clockToleranceSeconds',
} as const satisfies SettingsMap<AuthEnvironment>;

const HANDLES = {
  HANDLE_BACKEND: 'handles.store',
  HANDLE_TTL_SECONDS: 'handles.ttlSeconds',
  REDIS_URL: 'redis.url',
} as const satisfies SettingsMap<HandlesEnvironment>;

const KEYS = {
  HANDLE_SIGNING_KEYS: 'keys.signingKeys',
} as const satisfies SettingsMap<KeysEnvironment>;

const REDIS = {
  REDIS_URL: 'redis.url',
  REDIS_KEY_PREFIX: 'redis.keyPrefix',
  REDIS_AUTH: 'redis.auth',
  REDIS_USERNAME: 'redis.username',
  AZURE_CLIENT_ID: 'redis.azureClientId',
} as const satisfies SettingsMap<RedisEnvironment>;

const TASKS = {
  TASKS_BACKEND: 'tasks.store',
  TASKS_TTL_MS: 'tasks.ttlMs',
  TASKS_POLL_INTERVAL_MS: 'tasks.pollIntervalMs',
  TASKS_MAX_ACTIVE: 'tasks.maxActive',
  TASKS_MAX_QUEUED: 'tasks.maxQueued',
  TASKS_MAX_PER_CALLER: 'tasks.maxPerCaller',
  TASKS_MAX_INPUT_BYTES: 'tasks.maxInputBytes',
  TASKS_MAX_PAYLOAD_BYTES: 'tasks.maxPayloadBytes',
  TASKS_MAX_CHECKPOINT_BYTES: 'tasks.maxCheckpointBytes',
  TASKS_MAX_ATTEMPTS: 'tasks.maxAttempts',
  TASKS_LOCK_MS: 'tasks.lockMs',
  TASKS_RECONCILE_MS: 'tasks.reconcileMs',
  TASKS_HANDOVER_MS: 'tasks.handoverMs',
} as const satisfies SettingsMap<TasksEnvironment>;

const INSTANCE = {
  WEBSITE_INSTANCE_ID: 'instance.instanceId',
  WEBSITE_SITE_NAME: 'instance.siteName',
  WEBSITE_HOSTNAME: 'instance.hostname',
  // One option for both: `InstanceInfo` prefers SLOT_NAME, so it comes last (`mcpOptionsFromEnv`).
  WEBSITE_SLOT_NAME: 'instance.slotName',
  SLOT_NAME: 'instance.slotName',
} as const satisfies SettingsMap<InstanceEnvironment>;

/** Each settings class of the MCP layer with the option behind each of its fields. */
export const MCP_SETTINGS: ReadonlyMap<
  McpSettingsClass,
  Readonly<Record<string, McpOptionPath>>
> = new Map<McpSettingsClass, Readonly<Record<string, McpOptionPath>>>([
  [InstanceEnvironment, INSTANCE],
  [RedisEnvironment, REDIS],
  [KeysEnvironment, KEYS],
  [HandlesEnvironment, HANDLES],
  [TasksEnvironment, TASKS],
  [AuthEnvironment, AUTH],
  [ProtocolEnvironment, PROTOCOL],
  [AdmissionEnvironment, ADMISSION],
]);

/** The option behind each settings field (a field shared by two classes has one option). */
export const OPTION_OF_SETTING: ReadonlyMap<string, McpOptionPath> = new Map(
  [...MCP_SETTINGS.values()].flatMap((fields) => Object.entries(fields)),
);

/** Options that plug in a class or an instance; a string there names a built-in instead. */
export const PLUGIN_OPTIONS = [
  'auth.authenticator',
  'handles.store',
  'tasks.store',
  'tasks.executor',
] as const satisfies readonly McpOptionPath[];

/** Option groups (objects of options), which the unknown-option check walks into. */
export const OPTION_GROUPS: ReadonlySet<string> = new Set([
  ...[...OPTION_OF_SETTING.values(), ...PLUGIN_OPTIONS].flatMap((path) =>
    path
      .split('.')
      .slice(0, -1)
      .map((_, i, parts) => parts.slice(0, i + 1).join('.')),
  ),
]);

/** Every option that is not a group. */
export const OPTION_LEAVES: ReadonlySet<string> = new Set<string>([
  ...OPTION_OF_SETTING.values(),
  ...PLUGIN_OPTIONS,
  'production',
]);
