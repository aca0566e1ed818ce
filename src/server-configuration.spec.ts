import { describe, expect, it } from '@jest/globals';
import type { ModuleRef } from '@nestjs/core';
import { isDeepStrictEqual } from 'node:util';
import { ConfigError, validateEnv } from './config/validate-env.js';
import { InstanceInfo } from './instance/instance-info.js';
import { InstanceEnvironment } from './instance/instance.env.js';
import { MCP_SETTINGS } from './mcp/mcp-settings.map.js';
import { McpSettings } from './mcp/mcp-settings.js';
import type { McpModuleOptions } from './mcp/mcp-module.options.js';
import { ServerConfiguration } from './server-configuration.js';

/** A value other than the default for every variable of the MCP layer's settings classes. */
const EVERY_VARIABLE: Record<string, string> = {
  MCP_STRICT_HEADERS: '1',
  MCP_ALLOWED_ORIGINS: 'https://a.example, https://b.example',
  MCP_MAX_BODY_BYTES: '2048',
  MCP_MAX_JSON_DEPTH: '9',
  MCP_REQUEST_TIMEOUT_MS: '1234',
  MCP_LIST_TTL_MS: '5',
  MCP_CACHE_SCOPE: 'private',
  MCP_PAGE_SIZE: '7',
  MCP_MAX_LISTEN_STREAMS: '11',
  MCP_MAX_LISTEN_STREAMS_PER_CALLER: '3',
  MCP_INSTRUCTIONS: 'Call whoami.',
  MCP_AUTH_ISSUER: 'https://issuer.example/',
  MCP_AUTH_AUDIENCE: 'api://mcp,mcp',
  MCP_AUTH_JWKS_URI: 'https://issuer.example/keys',
  MCP_AUTH_REQUIRED_SCOPES: 'mcp.call',
  MCP_AUTH_SCOPES_SUPPORTED: 'mcp.call,mcp.admin',
  MCP_AUTH_RESOURCE: 'https://mcp.example.net/mcp',
  MCP_AUTH_CLOCK_TOLERANCE_S: '5',
  HANDLE_BACKEND: 'redis',
  HANDLE_TTL_SECONDS: '120',
  HANDLE_SIGNING_KEYS: `k1:${Buffer.alloc(32, 3).toString('base64')}`,
  REDIS_URL: 'rediss://cache.example.net:10000',
  REDIS_KEY_PREFIX: 'p:',
  REDIS_AUTH: 'entra',
  REDIS_USERNAME: 'object-id',
  AZURE_CLIENT_ID: 'client-id',
  TASKS_BACKEND: 'memory',
  TASKS_TTL_MS: '20000',
  TASKS_POLL_INTERVAL_MS: '200',
  TASKS_MAX_ACTIVE: '3',
  TASKS_MAX_QUEUED: '30',
  TASKS_MAX_PER_CALLER: '7',
  TASKS_MAX_INPUT_BYTES: '2048',
  TASKS_MAX_PAYLOAD_BYTES: '4096',
  TASKS_MAX_CHECKPOINT_BYTES: '512',
  TASKS_MAX_ATTEMPTS: '3',
  TASKS_LOCK_MS: '4000',
  TASKS_RECONCILE_MS: '2000',
  TASKS_HANDOVER_MS: '1000',
  WEBSITE_INSTANCE_ID: 'instance-1',
  WEBSITE_SITE_NAME: 'site',
  WEBSITE_HOSTNAME: 'site.azurewebsites.net',
  WEBSITE_SLOT_NAME: 'staging',
  SLOT_NAME: 'staging',
};

/** The `McpModule` options the server's configuration gives for `env`. */
async function mcpOptionsFor(
  env: Record<string, string>,
): Promise<McpModuleOptions> {
  const config = await ServerConfiguration.load(env);
  const { inject = [], useFactory } = config.mcpModuleOptions();
  const slices = Object.values(config.slices);
  const values = inject.map((token) =>
    slices.find((slice) => slice.KEY === token)!(),
  );
  return (useFactory as (...args: unknown[]) => McpModuleOptions)(...values);
}

const moduleRef = {} as ModuleRef;

describe(ServerConfiguration.name, () => {
  it('sets every variable of the MCP layer to a value other than its default', () => {
    // A field added to a settings class must get a value here, so the next test covers it.
    const untested = [...MCP_SETTINGS].flatMap(([cls, fields]) => {
      const defaults = validateEnv(cls, {}) as Record<string, unknown>;
      const given = validateEnv(cls, EVERY_VARIABLE) as Record<string, unknown>;
      return Object.keys(fields)
        .filter((field) => isDeepStrictEqual(given[field], defaults[field]))
        .map((field) => `${cls.name}.${field}`);
    });
    expect(untested).toEqual([]);
  });

  it('hands every MCP variable to McpModule: its modules see what the environment says', async () => {
    const options = await mcpOptionsFor(EVERY_VARIABLE);
    expect(options.production).toBe(true);
    const settings = await McpSettings.resolve(options, moduleRef);
    for (const [cls, fields] of MCP_SETTINGS) {
      const fieldsOf = (instance: object) =>
        Object.fromEntries(
          Object.keys(fields).map((field) => [
            `${cls.name}.${field}`,
            (instance as Record<string, unknown>)[field],
          ]),
        );
      expect(fieldsOf(settings.of(cls))).toEqual(
        fieldsOf(validateEnv(cls, EVERY_VARIABLE)),
      );
    }
  });

  it('gives the slot of either platform variable to the instance', async () => {
    for (const slot of [
      { SLOT_NAME: 'staging' },
      { WEBSITE_SLOT_NAME: 'staging' },
    ] as Record<string, string>[]) {
      const options = await mcpOptionsFor(slot);
      const settings = await McpSettings.resolve(options, moduleRef);
      expect(new InstanceInfo(settings.of(InstanceEnvironment)).slotName).toBe(
        'staging',
      );
    }
  });

  it('is not production without NODE_ENV=production or an App Service instance', async () => {
    expect((await mcpOptionsFor({})).production).toBe(false);
    const keys = EVERY_VARIABLE.HANDLE_SIGNING_KEYS;
    expect(
      (
        await mcpOptionsFor({
          NODE_ENV: 'production',
          HANDLE_SIGNING_KEYS: keys,
        })
      ).production,
    ).toBe(true);
  });

  it('checks every variable when it loads, one line each', async () => {
    const attempt = ServerConfiguration.load({
      PORT: 'eighty',
      MCP_PAGE_SIZE: '0',
      COMPUTE_PRIMES_MAX: '1',
    });
    await expect(attempt).rejects.toBeInstanceOf(ConfigError);
    await expect(attempt).rejects.toMatchObject({
      problems: [
        'PORT must be an integer from 0 to 65535',
        'COMPUTE_PRIMES_MAX must be an integer from 2 to 100000000',
        'MCP_PAGE_SIZE must be an integer from 1 to 1000',
      ],
    });
  });
});
