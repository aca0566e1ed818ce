import { describe, expect, it } from '@jest/globals';
import {
  ConfigError,
  type McpModuleOptions,
  mcpOptionsFromEnv,
} from './config/index.js';
import { ServerConfiguration } from './server-configuration.js';

/** Variables of every option group of the MCP layer (all of them: src/mcp/mcp-options.from-env.spec.ts). */
const MCP_VARIABLES: Record<string, string> = {
  MCP_PAGE_SIZE: '7',
  MCP_MAX_IN_FLIGHT: '64',
  MCP_ALLOWED_ORIGINS: 'https://a.example, https://b.example',
  MCP_AUTH_ISSUER: 'https://issuer.example/',
  MCP_AUTH_AUDIENCE: 'api://mcp',
  HANDLE_BACKEND: 'redis',
  HANDLE_SIGNING_KEYS: `k1:${Buffer.alloc(32, 3).toString('base64')}`,
  REDIS_URL: 'rediss://cache.example.net:10000',
  REDIS_AUTH: 'entra',
  REDIS_USERNAME: 'object-id',
  AZURE_CLIENT_ID: 'client-id',
  TASKS_TTL_MS: '20000',
  WEBSITE_INSTANCE_ID: 'instance-1',
  WEBSITE_HOSTNAME: 'site.azurewebsites.net',
  SLOT_NAME: 'staging',
};

/** The `McpModule` options the server's configuration gives for `env`. */
async function mcpOptionsFor(
  env: Record<string, string>,
  authenticator?: NonNullable<McpModuleOptions['auth']>['authenticator'],
): Promise<McpModuleOptions> {
  const config = await ServerConfiguration.load(env);
  const { inject = [], useFactory } = config.mcpModuleOptions(
    authenticator ? { authenticator } : {},
  );
  const slices = Object.values(config.slices);
  const values = inject.map((token) =>
    slices.find((slice) => slice.KEY === token)!(),
  );
  return (useFactory as (...args: unknown[]) => McpModuleOptions)(...values);
}

describe(ServerConfiguration.name, () => {
  it('hands McpModule every MCP variable as the package reads it (mcpOptionsFromEnv), in every option group', async () => {
    const options = await mcpOptionsFor(MCP_VARIABLES);
    const fromEnv = mcpOptionsFromEnv(MCP_VARIABLES);
    expect(options).toEqual(fromEnv);
    // The control: every group is there, with what the environment says.
    expect(Object.keys(options).sort()).toEqual(
      [
        'admission',
        'auth',
        'handles',
        'instance',
        'keys',
        'production',
        'protocol',
        'redis',
        'tasks',
      ].sort(),
    );
    expect(options).toMatchObject({
      protocol: { pageSize: 7 },
      admission: { maxInFlight: 64 },
      auth: { oauth: { issuer: 'https://issuer.example/' } },
      handles: { store: 'redis' },
      redis: { auth: 'entra' },
      tasks: { ttlMs: 20_000 },
      instance: { instanceId: 'instance-1', slotName: 'staging' },
      production: true,
    });
  });

  it('adds the authenticator code gives to the options of the environment', async () => {
    class CodeAuthenticator {
      authenticate() {
        return Promise.resolve({ subject: 'x', scopes: [], claims: {} });
      }
    }
    const options = await mcpOptionsFor({}, CodeAuthenticator);
    expect(options.auth).toEqual({ authenticator: CodeAuthenticator });
  });

  it('gives the slot of either platform variable to the instance', async () => {
    for (const slot of [
      { SLOT_NAME: 'staging' },
      { WEBSITE_SLOT_NAME: 'staging' },
    ] as Record<string, string>[])
      expect((await mcpOptionsFor(slot)).instance?.slotName).toBe('staging');
  });

  it('is not production without NODE_ENV=production or an App Service instance', async () => {
    expect((await mcpOptionsFor({})).production).toBe(false);
    const keys = MCP_VARIABLES.HANDLE_SIGNING_KEYS;
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
