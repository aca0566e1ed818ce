import { describe, expect, it } from '@jest/globals';
import { ConfigError } from '../config/validate-env.js';
import { mcpOptionsFromEnv } from './mcp-options.from-env.js';

describe(mcpOptionsFromEnv.name, () => {
  it('turns the variables that are set into typed options, and nothing else', () => {
    expect(
      mcpOptionsFromEnv({
        MCP_MAX_BODY_BYTES: '2048',
        MCP_ALLOWED_ORIGINS: 'https://a.example, https://b.example',
        HANDLE_BACKEND: 'redis',
        REDIS_URL: 'redis://127.0.0.1:6379',
        MCP_AUTH_RESOURCE: '  ',
      }),
    ).toEqual({
      production: false,
      instance: {},
      protocol: {
        maxBodyBytes: 2048,
        allowedOrigins: ['https://a.example', 'https://b.example'],
      },
      handles: { store: 'redis' },
      redis: { url: 'redis://127.0.0.1:6379' },
    });
  });

  it('gives the instance from the environment, never from the process, SLOT_NAME first', () => {
    expect(mcpOptionsFromEnv({}).instance).toEqual({});
    expect(
      mcpOptionsFromEnv({
        WEBSITE_INSTANCE_ID: 'i1',
        WEBSITE_SLOT_NAME: 'production',
        SLOT_NAME: 'staging',
        HANDLE_SIGNING_KEYS: `k1:${Buffer.alloc(32, 1).toString('base64')}`,
      }),
    ).toMatchObject({
      production: true,
      instance: { instanceId: 'i1', slotName: 'staging' },
    });
  });

  it('refuses a bad variable by its name', () => {
    expect(() => mcpOptionsFromEnv({ MCP_PAGE_SIZE: 'many' })).toThrow(
      new ConfigError(['MCP_PAGE_SIZE must be an integer from 1 to 1000']),
    );
  });
});
