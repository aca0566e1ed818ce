import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Controller, Get, type INestApplication } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import type { Server } from 'node:http';
import request from 'supertest';
import { McpModule } from '../src/index.js';
import {
  AuditStep,
  CountingInterceptor,
  FixtureKeyAuthenticator,
  GUARDED_PROVIDERS,
  RecordingGlobalGuard,
  seen,
} from './fixtures/guarded-tools.js';
import { TEST_SIGNING_KEYS } from './support/mcp-app.js';
import { mcp } from './support/mcp-request.js';

/** A plain HTTP route in the same app: the global guard sees it as 'http'. */
@Controller('hello')
class HelloController {
  @Get()
  hello() {
    return { hello: 'world' };
  }
}

const KEYS = { signingKeys: [TEST_SIGNING_KEYS] };
const as = (key: string) => ({ extraHeaders: { 'X-Api-Key': key } });
const names = (res: request.Response, key = 'tools') =>
  (res.body.result[key] as { name?: string; uri?: string }[]).map(
    (x) => x.uri ?? x.name,
  );

describe('Nest enhancers on tools, prompts and resources (McpModule under @nestjs/testing)', () => {
  let app: INestApplication;
  let server: Server;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        McpModule.forRoot({
          keys: KEYS,
          auth: { authenticator: FixtureKeyAuthenticator },
        }),
      ],
      controllers: [HelloController],
      providers: [
        ...GUARDED_PROVIDERS,
        CountingInterceptor,
        { provide: APP_GUARD, useClass: RecordingGlobalGuard },
      ],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.init();
    server = app.getHttpServer() as Server;
  });
  afterAll(() => app.close());

  it('serves /mcp from the module alone: createNestApplication() with the default adapter', async () => {
    const res = await mcp(
      server,
      'tools/call',
      { name: 'plain', arguments: { text: 'hi' } },
      as('user-key'),
    );
    expect(res.status).toBe(200);
    expect(res.body.result.structuredContent).toEqual({
      text: 'hi',
      subject: 'bob',
    });
    // Other routes still reach Express and Nest's router.
    expect((await request(server).get('/hello')).body).toEqual({
      hello: 'world',
    });
  });

  it('refuses a caller without a valid key before anything else (401, JSON-RPC body)', async () => {
    const res = await mcp(server, 'tools/list', {});
    expect(res.status).toBe(401);
    expect(res.body.error.message).toBe('A valid X-Api-Key is required');
  });

  it('a class guard with @Roles: the admin calls, the user gets a 403 JSON-RPC denial', async () => {
    const ok = await mcp(
      server,
      'tools/call',
      { name: 'admin_reset', arguments: {} },
      as('admin-key'),
    );
    expect(ok.body.result.structuredContent).toEqual({ reset: true });
    const denied = await mcp(
      server,
      'tools/call',
      { name: 'admin_reset', arguments: {} },
      as('user-key'),
    );
    expect(denied.status).toBe(403);
    expect(denied.body.error).toEqual({
      code: -32600,
      message: 'Forbidden: you may not use tool admin_reset',
    });
    expect(denied.body.id).not.toBeNull();
  });

  it('lists only what the caller may call, and marks such lists private', async () => {
    const user = await mcp(server, 'tools/list', {}, as('user-key'));
    expect(names(user)).not.toContain('admin_reset');
    expect(names(user)).not.toContain('report_write');
    expect(names(user)).toContain('plain');
    expect(user.body.result.cacheScope).toBe('private');
    const admin = await mcp(server, 'tools/list', {}, as('admin-key'));
    expect(names(admin)).toEqual(
      expect.arrayContaining(['admin_reset', 'report_write', 'plain']),
    );
  });

  it('a missing @RequireScopes scope answers the RFC 6750 step-up challenge', async () => {
    const res = await mcp(
      server,
      'tools/call',
      { name: 'report_write', arguments: {} },
      as('user-key'),
    );
    expect(res.status).toBe(403);
    expect(res.headers['www-authenticate']).toBe(
      'Bearer error="insufficient_scope", scope="reports.write"',
    );
    expect(res.body.error.message).toContain('reports.write');
    const ok = await mcp(
      server,
      'tools/call',
      { name: 'report_write', arguments: {} },
      as('admin-key'),
    );
    expect(ok.body.result.structuredContent).toEqual({ written: true });
  });

  it('method and class interceptors run, in order, and may change the result', async () => {
    const before = CountingInterceptor.calls;
    const res = await mcp(
      server,
      'tools/call',
      { name: 'bracket', arguments: { text: 'x' } },
      as('user-key'),
    );
    expect(res.body.result.structuredContent).toEqual({ text: '[x]' });
    expect(CountingInterceptor.calls).toBe(before + 1);
  });

  it('the global APP_GUARD sees MCP calls as type mcp with arguments, target and caller', async () => {
    seen.length = 0;
    const res = await mcp(
      server,
      'tools/call',
      { name: 'plain', arguments: { text: 'seen' } },
      { ...as('admin-key'), id: 'req-7' },
    );
    expect(res.status).toBe(200);
    expect(seen).toEqual([
      {
        type: 'mcp',
        target: 'tool:plain',
        args: { text: 'seen' },
        subject: 'ada',
        requestId: 'req-7',
      },
    ]);
    await request(server).get('/hello');
    expect(seen.at(-1)).toEqual({ type: 'http' });
  });

  it("a guard's ForbiddenException keeps its message; the server keeps serving", async () => {
    const res = await mcp(
      server,
      'tools/call',
      { name: 'plain', arguments: { text: 'forbidden' } },
      as('admin-key'),
    );
    expect(res.status).toBe(403);
    expect(res.body.error.message).toBe('Text "forbidden" is not allowed here');
    const next = await mcp(
      server,
      'tools/call',
      { name: 'plain', arguments: { text: 'fine' } },
      as('admin-key'),
    );
    expect(next.status).toBe(200);
  });

  it('an interceptor that throws something unexpected → isError, message masked', async () => {
    const res = await mcp(
      server,
      'tools/call',
      { name: 'explode', arguments: {} },
      as('user-key'),
    );
    expect(res.status).toBe(200);
    expect(res.body.result.isError).toBe(true);
    expect(res.text).not.toContain('hunter2');
  });

  it('@UseFilters catches what the tool throws; an unfiltered 4xx HttpException is a JSON-RPC error', async () => {
    const filtered = await mcp(
      server,
      'tools/call',
      { name: 'filtered', arguments: { text: 'y' } },
      as('user-key'),
    );
    expect(filtered.body.result.structuredContent).toEqual({
      text: 'filtered: bad y',
    });
    const raw = await mcp(
      server,
      'tools/call',
      { name: 'throws_400', arguments: {} },
      as('user-key'),
    );
    expect(raw.status).toBe(400);
    expect(raw.body.error).toEqual({
      code: -32600,
      message: 'text is not acceptable',
    });
  });

  it('guards prompts and resources the same way, in their lists too', async () => {
    const denied = await mcp(
      server,
      'prompts/get',
      { name: 'admin_prompt' },
      as('user-key'),
    );
    expect(denied.status).toBe(403);
    const ok = await mcp(
      server,
      'prompts/get',
      { name: 'admin_prompt' },
      as('admin-key'),
    );
    expect(ok.body.result.messages[0].content.text).toBe('for admins');
    expect(
      names(await mcp(server, 'prompts/list', {}, as('user-key')), 'prompts'),
    ).not.toContain('admin_prompt');

    const read = await mcp(
      server,
      'resources/read',
      { uri: 'fixture://secret' },
      as('user-key'),
    );
    expect(read.status).toBe(403);
    expect(read.body.error.message).toBe(
      'Forbidden: you may not use resource fixture://secret',
    );
    const adminRead = await mcp(
      server,
      'resources/read',
      { uri: 'fixture://secret' },
      as('admin-key'),
    );
    expect(adminRead.body.result.contents[0].text).toBe('classified');
    expect(
      names(
        await mcp(server, 'resources/list', {}, as('user-key')),
        'resources',
      ),
    ).not.toContain('fixture://secret');
    const adminList = await mcp(server, 'resources/list', {}, as('admin-key'));
    expect(names(adminList, 'resources')).toContain('fixture://secret');
    expect(adminList.body.result.cacheScope).toBe('private');
  });

  it("a team's pipeline step runs on every request, in its place in the order", async () => {
    const audit = app.get(AuditStep);
    audit.methods.length = 0;
    await mcp(server, 'tools/list', {}, as('user-key'));
    await mcp(server, 'no/such', {}, as('user-key'));
    // Unknown methods stop at lookup (order 800), before the audit step (850).
    expect(audit.methods).toEqual(['tools/list']);
  });
});

describe('McpModule.forRootAsync', () => {
  it('takes its settings from a factory, like any Nest module', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        McpModule.forRootAsync({
          useFactory: () =>
            Promise.resolve({ keys: KEYS, protocol: { strictHeaders: true } }),
        }),
      ],
      providers: GUARDED_PROVIDERS.filter((p) => p !== AuditStep),
    }).compile();
    const app = moduleRef.createNestApplication({ logger: false });
    await app.init();
    try {
      const server = app.getHttpServer() as Server;
      // Strict mode from the factory's options: a request without the standard headers is -32020.
      const res = await mcp(
        server,
        'tools/list',
        {},
        {
          headers: {
            'Content-Type': 'application/json',
            Accept: 'application/json',
          },
        },
      );
      expect(res.body.error.code).toBe(-32020);
    } finally {
      await app.close();
    }
  });
});
