import { afterEach, describe, expect, it } from '@jest/globals';
import {
  type INestApplication,
  Injectable,
  type OnModuleInit,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  ConfigError,
  GracefulShutdown,
  McpHealthModule,
  McpHttpAdapter,
  McpModule,
  McpStatus,
  McpTool,
  ReadinessRegistry,
} from '../src/index.js';
import { DEFAULT_HTTP_LIMITS } from '../src/protocol/transport/mcp-http.adapter.js';
import { TEST_SIGNING_KEYS } from './support/mcp-app.js';

// The serving seams the package exports for a team's own main.ts, each through real HTTP:
// McpHttpAdapter with its default limits, GracefulShutdown on it and on Nest's plain Express
// adapter, McpHealthModule with a readiness check of the team's own, and McpStatus.

const OPTIONS = { keys: { signingKeys: [TEST_SIGNING_KEYS] } };

@Injectable()
@McpTool({
  name: 'seam_ping',
  description: 'Answers pong.',
  inputSchema: { type: 'object' },
})
class PingTool {
  execute() {
    return { pong: true };
  }
}

/** A team's own backend, which /readyz must report. */
const orders = { up: true };

@Injectable()
class OrdersDbCheck implements OnModuleInit {
  constructor(private readonly readiness: ReadinessRegistry) {}

  onModuleInit(): void {
    this.readiness.register('orders-db', async () => {
      if (!orders.up) throw new Error('down');
    });
  }
}

const apps: INestApplication[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.close()));
});

async function listen(app: INestApplication): Promise<string> {
  apps.push(app);
  await app.listen(0, '127.0.0.1');
  const { port } = (app.getHttpServer() as Server).address() as AddressInfo;
  return `http://127.0.0.1:${port}`;
}

const ping = (base: string) =>
  fetch(`${base}/mcp`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      'mcp-protocol-version': '2026-07-28',
      'mcp-method': 'tools/call',
      'mcp-name': 'seam_ping',
    },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'tools/call',
      params: {
        name: 'seam_ping',
        arguments: {},
        _meta: {
          'io.modelcontextprotocol/protocolVersion': '2026-07-28',
          'io.modelcontextprotocol/clientCapabilities': {},
        },
      },
    }),
  });

const modules = {
  imports: [McpModule.forRoot(OPTIONS), McpHealthModule],
  providers: [PingTool, OrdersDbCheck],
};

describe('McpHttpAdapter', () => {
  it('creates the server with its default limits unless told otherwise, and serves /mcp', async () => {
    expect(DEFAULT_HTTP_LIMITS.headersTimeoutMs).toBe(20_000);
    const moduleRef = await Test.createTestingModule(modules).compile();
    const app = moduleRef.createNestApplication(
      new McpHttpAdapter({ requestTimeoutMs: 12_000 }),
      { logger: false },
    );
    const base = await listen(app);
    const server = app.getHttpServer() as Server;
    expect(server.requestTimeout).toBe(12_000);
    // The 20 s default head timeout is capped at the 12 s request timeout (Node requires it).
    expect(server.headersTimeout).toBe(12_000);
    expect(server.keepAliveTimeout).toBe(
      DEFAULT_HTTP_LIMITS.keepAliveTimeoutMs,
    );
    // Set from the creation option; @types/node does not declare the property.
    expect((server as Server & { maxHeaderSize?: number }).maxHeaderSize).toBe(
      DEFAULT_HTTP_LIMITS.maxHeaderBytes,
    );
    const res = await ping(base);
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      result: { structuredContent: unknown };
    };
    expect(body.result.structuredContent).toEqual({ pong: true });
  });
});

describe('McpHealthModule with a readiness check of the application', () => {
  it("reports the team's backend on /readyz, and /healthz stays 200 while it is down", async () => {
    const moduleRef = await Test.createTestingModule(modules).compile();
    const base = await listen(
      moduleRef.createNestApplication({ logger: false }),
    );
    orders.up = true;
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    orders.up = false;
    try {
      const ready = await fetch(`${base}/readyz`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toMatchObject({
        status: 'not-ready',
        failing: ['orders-db'],
      });
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
    } finally {
      orders.up = true;
    }
  });
});

describe('McpStatus', () => {
  it('tells an application what its MCP layer runs with', async () => {
    const moduleRef = await Test.createTestingModule(modules).compile();
    const app = moduleRef.createNestApplication({ logger: false });
    apps.push(app);
    await app.init();
    const status = app.get(McpStatus);
    expect(status.path).toBe('/mcp');
    expect(status.tools().map((t) => t.name)).toEqual(['seam_ping']);
    expect(status.handleBackend).toBe('signed');
    expect(status.tasks()).toMatchObject({ store: 'memory', active: 0 });
    expect(status.protocolVersions).toContain('2026-07-28');
  });
});

describe('GracefulShutdown', () => {
  it.each([
    ['McpHttpAdapter', () => new McpHttpAdapter()],
    ["Nest's Express adapter", () => undefined],
  ])(
    'on %s: not ready first, then closed cleanly (exit code 0)',
    async (_, adapter) => {
      const created = adapter();
      const app = created
        ? await NestFactory.create(
            { module: class SeamsModule {}, ...modules },
            created,
            { logger: false },
          )
        : await NestFactory.create(
            { module: class SeamsModule {}, ...modules },
            { logger: false },
          );
      const base = await listen(app);
      expect((await ping(base)).status).toBe(200);
      const readiness = app.get(ReadinessRegistry);
      const code = await new GracefulShutdown(app, {
        timeoutMs: 5_000,
        drainDelayMs: 0,
      }).run();
      expect(code).toBe(0);
      expect(readiness.isShuttingDown).toBe(true);
      expect((app.getHttpServer() as Server).listening).toBe(false);
      apps.splice(apps.indexOf(app), 1);
    },
  );
});

describe('GracefulShutdown options', () => {
  it('refuses an option out of its range, one line each, before anything runs', () => {
    const app = {} as INestApplication;
    expect(
      () => new GracefulShutdown(app, { timeoutMs: 500, drainDelayMs: -1 }),
    ).toThrow(
      new ConfigError([
        'GracefulShutdown timeoutMs must be an integer from 1000 to 600000',
        'GracefulShutdown drainDelayMs must be an integer from 0 to 600000',
      ]),
    );
    expect(() => new GracefulShutdown(app)).not.toThrow();
  });
});
