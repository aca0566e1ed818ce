import { describe, expect, it } from '@jest/globals';
import type { ModuleRef } from '@nestjs/core';
import { ConfigError } from '../config/validate-env.js';
import { HandlesEnvironment } from '../handles/handles.env.js';
import { InstanceEnvironment } from '../instance/instance.env.js';
import { AuthEnvironment } from '../protocol/auth/auth.env.js';
import { ProtocolEnvironment } from '../protocol/protocol.env.js';
import { RedisEnvironment } from '../redis/redis.env.js';
import { TasksEnvironment } from '../tasks/tasks.env.js';
import type { McpModuleOptions } from './mcp-module.options.js';
import { OPTION_OF_SETTING } from './mcp-settings.map.js';
import { McpSettings } from './mcp-settings.js';

const KEY = `k1:${Buffer.alloc(32, 7).toString('base64')}`;
/** Plugged-in classes are created by Nest; here, without dependencies, by `new`. */
const moduleRef = {
  create: (cls: new () => unknown) => Promise.resolve(new cls()),
} as unknown as ModuleRef;
/** Options that read nothing of the process: the instance and production are given. */
const LOCAL: McpModuleOptions = { instance: {}, production: false };

const resolve = (options: McpModuleOptions) =>
  McpSettings.resolve({ ...LOCAL, ...options }, moduleRef);

/** The lines a wrong set of options produces. */
async function problems(options: unknown): Promise<readonly string[]> {
  try {
    await McpSettings.resolve(options as McpModuleOptions, moduleRef);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

describe(McpSettings.name, () => {
  it('fills each module’s settings class from the typed options, defaults for the rest', async () => {
    const settings = await resolve({
      protocol: { strictHeaders: true, maxBodyBytes: 4096 },
      handles: { store: 'redis', ttlSeconds: 120 },
      redis: { url: 'redis://127.0.0.1:6379' },
      tasks: { store: 'memory', maxActive: 3 },
      instance: { hostname: 'mcp.example.net', slotName: 'staging' },
    });
    expect(settings.of(ProtocolEnvironment)).toMatchObject({
      MCP_STRICT_HEADERS: true,
      MCP_MAX_BODY_BYTES: 4096,
      MCP_PAGE_SIZE: 100,
      WEBSITE_HOSTNAME: 'mcp.example.net',
    });
    expect(settings.of(HandlesEnvironment)).toMatchObject({
      HANDLE_BACKEND: 'redis',
      HANDLE_TTL_SECONDS: 120,
      REDIS_URL: 'redis://127.0.0.1:6379',
    });
    expect(settings.of(RedisEnvironment).REDIS_URL).toBe(
      'redis://127.0.0.1:6379',
    );
    expect(settings.of(TasksEnvironment)).toMatchObject({
      TASKS_BACKEND: 'memory',
      TASKS_MAX_ACTIVE: 3,
      TASKS_TTL_MS: 3_600_000,
    });
    expect(settings.of(InstanceEnvironment)).toMatchObject({
      WEBSITE_HOSTNAME: 'mcp.example.net',
      SLOT_NAME: 'staging',
    });
    expect(settings.handleStore).toBeUndefined();
    expect(() => settings.of(class Other {})).toThrow(
      'Other is not a settings class of McpModule',
    );
  });

  it('maps a setting two classes share to one option', () => {
    expect(OPTION_OF_SETTING.get('REDIS_URL')).toBe('redis.url');
    expect(OPTION_OF_SETTING.get('WEBSITE_HOSTNAME')).toBe('instance.hostname');
  });

  it('does not alias the arrays it was given', async () => {
    const origins = ['https://a.example'];
    const settings = await resolve({ protocol: { allowedOrigins: origins } });
    origins.push('https://b.example');
    expect(settings.of(ProtocolEnvironment).MCP_ALLOWED_ORIGINS).toEqual([
      'https://a.example',
    ]);
  });

  it('takes the OAuth mode from auth.oauth', async () => {
    const settings = await resolve({
      auth: {
        oauth: {
          issuer: 'https://issuer.example/',
          audience: ['api://mcp'],
          requiredScopes: ['mcp.call'],
        },
      },
    });
    expect(settings.of(AuthEnvironment)).toMatchObject({
      MCP_AUTH_ISSUER: 'https://issuer.example/',
      MCP_AUTH_AUDIENCE: ['api://mcp'],
      MCP_AUTH_REQUIRED_SCOPES: ['mcp.call'],
    });
    expect(settings.authenticator).toBeUndefined();
  });

  it('names the option of every bad value, one line each, never the value', async () => {
    const lines = await problems({
      ...LOCAL,
      protocol: { maxBodyBytes: 10, cacheScope: 'everyone' },
      handles: { store: 'redis' },
      tasks: { ttlMs: 5 },
      keys: { signingKeys: ['secret-without-kid'] },
    });
    expect([...lines].sort()).toEqual(
      [
        'protocol.maxBodyBytes must be an integer from 1024 to 67108864',
        'protocol.cacheScope must be one of: public, private',
        'redis.url is required when handles.store=redis',
        'tasks.ttlMs must be an integer from 10000 to 604800000',
        'keys.signingKeys entries are kid:base64 with ≥ 32-byte keys, comma-separated',
      ].sort(),
    );
    expect(lines.join('\n')).not.toContain('secret-without-kid');
  });

  it('applies production requirements when production is on', async () => {
    expect(await problems({ instance: {}, production: true })).toEqual([
      'keys.signingKeys is required in production',
    ]);
    expect(
      await problems({
        instance: {},
        production: true,
        keys: { signingKeys: [KEY] },
      }),
    ).toEqual([]);
    expect(await problems({ ...LOCAL, production: 'yes' })).toEqual([
      'production must be true or false',
    ]);
  });

  it('refuses what is not an option, and a group that is not an object', async () => {
    expect(
      await problems({
        ...LOCAL,
        protocol: { maxBodyByte: 2048 },
        handle: { store: 'redis' },
        tasks: 'memory',
      }),
    ).toEqual([
      'protocol.maxBodyByte is not an option of McpModule',
      'handle is not an option of McpModule',
      'tasks must be an object of options',
    ]);
    expect(await problems('x')).toEqual([
      'McpModule options must be an object',
    ]);
  });

  it('takes a group that is an instance of a class, as a configuration class gives it', async () => {
    class ProtocolConfig {
      readonly pageSize = 7;
    }
    const settings = await resolve({ protocol: new ProtocolConfig() });
    expect(settings.of(ProtocolEnvironment).MCP_PAGE_SIZE).toBe(7);
  });

  it('refuses both ways of authenticating at once', async () => {
    const authenticator = { authenticate: () => Promise.reject(new Error()) };
    expect(
      await problems({
        ...LOCAL,
        auth: {
          authenticator,
          oauth: { issuer: 'https://issuer.example/', audience: ['api://x'] },
        },
      }),
    ).toEqual([
      'auth.authenticator and auth.oauth are two ways to authenticate callers: use one',
    ]);
  });

  it('says what a plug-in option accepts when given something else', async () => {
    expect(
      await problems({
        ...LOCAL,
        handles: { store: { kind: 'mine' } },
        tasks: { store: 'memcached' },
        auth: { authenticator: 'api-key' },
      }),
    ).toEqual([
      'auth.authenticator must be an McpAuthenticator class or instance',
      "handles.store must be 'signed', 'redis' or a HandleStore class or instance",
      'tasks.store must be one of: auto, redis, memory, off',
    ]);
    class NotAStore {}
    expect(await problems({ ...LOCAL, handles: { store: NotAStore } })).toEqual(
      [
        "handles.store must be 'signed', 'redis' or a HandleStore class or instance",
      ],
    );
  });

  it('reads the instance from the platform only when it is not given', async () => {
    const before = process.env.WEBSITE_INSTANCE_ID;
    process.env.WEBSITE_INSTANCE_ID = 'platform-instance';
    try {
      const read = await McpSettings.resolve({ production: false }, moduleRef);
      expect(read.of(InstanceEnvironment).WEBSITE_INSTANCE_ID).toBe(
        'platform-instance',
      );
      const given = await resolve({ instance: { instanceId: 'given' } });
      expect(given.of(InstanceEnvironment).WEBSITE_INSTANCE_ID).toBe('given');
    } finally {
      if (before === undefined) delete process.env.WEBSITE_INSTANCE_ID;
      else process.env.WEBSITE_INSTANCE_ID = before;
    }
  });
});
