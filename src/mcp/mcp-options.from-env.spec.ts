import { describe, expect, it } from '@jest/globals';
import type { ModuleRef } from '@nestjs/core';
import { getMetadataStorage } from 'class-validator';
import { readdirSync, readFileSync } from 'node:fs';
import { join, matchesGlob } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { ConfigError, validateEnv } from '../config/validate-env.js';
import { InstanceEnvironment } from '../instance/instance.env.js';
import { InstanceInfo } from '../instance/instance-info.js';
import { MCP_SETTINGS } from './mcp-settings.map.js';
import { McpSettings } from './mcp-settings.js';
import {
  mcpOptionsFromEnv,
  validateMcpEnvironment,
} from './mcp-options.from-env.js';

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
  MCP_ADMISSION: '0',
  MCP_MAX_IN_FLIGHT: '64',
  MCP_TURN_BUDGET_MS: '25',
  MCP_MAX_EVENT_LOOP_DELAY_MS: '80',
  MCP_MAX_QUEUE_MS: '400',
  MCP_MAX_HEAP_PERCENT: '75',
  MCP_RETRY_AFTER_SECONDS: '3',
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

const SERVER_FILES = (
  JSON.parse(readFileSync('scripts/server-files.json', 'utf8')) as {
    files: string[];
  }
).files;

/** The settings classes declared by the package's `*.env.ts` files (not the server's). */
function packageEnvironmentClasses(dir = 'src'): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return packageEnvironmentClasses(path);
    if (!entry.name.endsWith('.env.ts')) return [];
    if (SERVER_FILES.some((glob) => matchesGlob(path, glob))) return [];
    return [
      ...readFileSync(path, 'utf8').matchAll(
        /export class (\w+Environment)\b/g,
      ),
    ].map((m) => m[1]);
  });
}

const moduleRef = {} as ModuleRef;

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
    const options = mcpOptionsFromEnv(EVERY_VARIABLE);
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
      const settings = await McpSettings.resolve(
        mcpOptionsFromEnv(slot),
        moduleRef,
      );
      expect(new InstanceInfo(settings.of(InstanceEnvironment)).slotName).toBe(
        'staging',
      );
    }
  });

  it('reads every settings class of the package, so no variable is left out', () => {
    const read = new Set([...MCP_SETTINGS.keys()].map((cls) => cls.name));
    const found = packageEnvironmentClasses();
    expect(found).toContain('HandlesEnvironment');
    expect(found.filter((name) => !read.has(name))).toEqual([]);
  });

  it('has every variable in .env.example and docs/configuration.md', () => {
    const example = readFileSync('.env.example', 'utf8');
    const docs = readFileSync('docs/configuration.md', 'utf8');
    const variables = [...MCP_SETTINGS.keys()].flatMap((cls) => [
      ...Object.keys(new cls()),
      ...getMetadataStorage()
        .getTargetValidationMetadatas(cls, '', true, false)
        .map((rule) => rule.propertyName),
    ]);
    expect(variables).toContain('HANDLE_BACKEND');
    expect(
      [...new Set(variables)].filter(
        (name) =>
          !new RegExp(`^# ${name}=`, 'm').test(example) ||
          !docs.includes(`\`${name}\``),
      ),
    ).toEqual([]);
  });
});

describe(validateMcpEnvironment.name, () => {
  it('reports every problem at once, one line per variable, never a value', () => {
    let error: unknown;
    try {
      validateMcpEnvironment({
        TASKS_TTL_MS: '5',
        HANDLE_BACKEND: 'redis',
        MCP_MAX_BODY_BYTES: 'lots-of-bytes',
      });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems.some((p) => p.startsWith('TASKS_TTL_MS '))).toBe(true);
    expect(problems.some((p) => p.startsWith('MCP_MAX_BODY_BYTES '))).toBe(
      true,
    );
    expect(problems).toContain(
      'REDIS_URL is required when HANDLE_BACKEND=redis',
    );
    expect(problems.join('\n')).not.toContain('lots-of-bytes');
  });

  it('applies production requirements in a production environment', () => {
    expect(() => validateMcpEnvironment({ NODE_ENV: 'production' })).toThrow(
      new ConfigError(['HANDLE_SIGNING_KEYS is required in production']),
    );
  });

  it('accepts an empty environment (every setting has a default outside production)', () => {
    expect(() => validateMcpEnvironment({})).not.toThrow();
  });
});
