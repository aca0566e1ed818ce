import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { McpPrincipal } from '@stateless-mcp/nest';
import {
  McpTestAuthenticator,
  McpTestClient,
  McpTestError,
} from '@stateless-mcp/nest/testing';
import { ApiKeyTable } from '../src/api-key.table.js';
import { AppModule } from '../src/app.module.js';

// The team's own suite: its application booted in-process and driven through real HTTP with the
// package's testing kit. No Redis: the package runs tasks on its in-memory store here.

const ALICE = 'alice-0f3c9a7e5d1b4c2a8e6f';
const BOB = 'bob-7d2e4b9c1a6f3e8d5c0b';
const DAVE = 'dave-3b8e1f6a9c2d7e4b0a5f';
const KEYS = ApiKeyTable.parse(
  `alice:admin:${ALICE},bob:user:${BOB},dave:guest:${DAVE}`,
);

/**
 * The application as `main.ts` builds it, or with the testing kit's authenticator in place of its
 * API keys (`auth.authenticator`, through `AppModule.forRoot`'s option).
 */
async function boot(testCallers = false): Promise<INestApplication> {
  const moduleRef = await Test.createTestingModule({
    imports: [
      AppModule.forRoot(
        KEYS,
        testCallers ? { authenticator: McpTestAuthenticator } : {},
      ),
    ],
  }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  await app.init();
  return app;
}

describe('team-tools with its API keys', () => {
  let app: INestApplication;
  let mcp: McpTestClient;
  const alice = () => mcp.withHeaders({ 'x-api-key': ALICE });
  const bob = () => mcp.withHeaders({ 'x-api-key': BOB });
  const dave = () => mcp.withHeaders({ 'x-api-key': DAVE });

  beforeAll(async () => {
    app = await boot();
    mcp = await McpTestClient.for(app);
  });
  afterAll(async () => {
    await app?.close();
  });

  it('refuses a request without a valid key: 401 and a JSON-RPC error', async () => {
    const res = await mcp.request('tools/list');
    expect(res.status).toBe(401);
    expect(res.body.error?.message).toBe(
      'A valid X-Api-Key header is required',
    );
  });

  it('team_greet: the zod default and a custom greeting', async () => {
    expect(
      (await bob().callTool('team_greet', { name: 'Ada' })).content,
    ).toEqual([{ type: 'text', text: 'Hello, Ada!' }]);
    const custom = await alice().callTool('team_greet', {
      name: 'Grace',
      greeting: 'Good morning',
    });
    expect(custom.content[0]).toEqual({
      type: 'text',
      text: 'Good morning, Grace!',
    });
  });

  it('team_greet: bad arguments are an isError result naming the field', async () => {
    const result = await bob().callTool('team_greet', { name: '' });
    expect(result.isError).toBe(true);
    expect(result.content[0]).toMatchObject({
      text: expect.stringMatching(/arguments\/name/),
    });
  });

  it('team_admin_reset: the roles guard lets alice in and answers bob 403', async () => {
    expect(
      (await alice().callTool('team_admin_reset')).structuredContent,
    ).toEqual({ reset: true });
    const denied = await bob()
      .callTool('team_admin_reset')
      .catch((err: unknown) => err);
    expect(denied).toBeInstanceOf(McpTestError);
    expect(denied).toMatchObject({ status: 403, code: -32600 });
  });

  it('lists the admin tools to admins only', async () => {
    const names = async (client: McpTestClient) =>
      (await client.listTools()).map((t) => t.name).sort();
    expect(await names(bob())).toEqual([
      'team_greet',
      'team_report',
      'team_ticket',
    ]);
    expect(await names(alice())).toEqual([
      'team_admin_reset',
      'team_audit_log',
      'team_greet',
      'team_report',
      'team_ticket',
    ]);
  });

  it('audits calls through its APP_INTERCEPTOR and denials through its APP_FILTER', async () => {
    await bob().callTool('team_greet', { name: 'Ada' });
    await bob()
      .callTool('team_admin_reset')
      .catch(() => undefined);
    const log = await alice().callTool('team_audit_log');
    const entries = (log.structuredContent as { entries: unknown[] }).entries;
    expect(entries.slice(0, 2)).toEqual([
      { tool: 'team_admin_reset', subject: 'bob', outcome: 'denied' },
      { tool: 'team_greet', subject: 'bob', outcome: 'ok' },
    ]);
  });

  describe('team_ticket: inferred arguments, guarded, piped and intercepted', () => {
    it('its arguments follow the zod schema: the default priority is filled in, an unknown one refused', async () => {
      const ticket = await bob().callTool('team_ticket', {
        title: 'Printer on fire',
      });
      expect(ticket.structuredContent).toMatchObject({
        title: 'Printer on fire',
        priority: 'normal',
        reporter: 'bob',
      });
      const wrong = await bob().callTool('team_ticket', {
        title: 'Printer on fire',
        priority: 'urgent',
      });
      expect(wrong.isError).toBe(true);
      expect(wrong.content[0]).toMatchObject({
        text: expect.stringMatching(/arguments\/priority/),
      });
    });

    it('guarded: RolesGuard answers a guest 403 and hides the tool from it', async () => {
      const denied = await dave()
        .callTool('team_ticket', { title: 'Let me in' })
        .catch((err: unknown) => err);
      expect(denied).toBeInstanceOf(McpTestError);
      expect(denied).toMatchObject({ status: 403, code: -32600 });
      const listed = (await dave().listTools()).map((t) => t.name);
      expect(listed).not.toContain('team_ticket');
      expect(listed).toContain('team_greet');
    });

    it('piped: TrimStringsPipe trims the arguments before execute sees them', async () => {
      const ticket = await alice().callTool('team_ticket', {
        title: '   Disk almost full  ',
        priority: 'high',
      });
      expect(ticket.structuredContent).toMatchObject({
        title: 'Disk almost full',
        priority: 'high',
        reporter: 'alice',
      });
      // Spaces pass the schema (min 1), the pipe empties them, execute refuses: a tool error.
      const blank = await alice().callTool('team_ticket', { title: '    ' });
      expect(blank.isError).toBe(true);
      expect(blank.content).toEqual([
        { type: 'text', text: 'title must not be blank' },
      ]);
    });

    it('intercepted: TicketSummaryInterceptor adds a sentence after the structured ticket', async () => {
      const ticket = await bob().callTool('team_ticket', {
        title: 'VPN drops',
        priority: 'low',
      });
      const { id } = ticket.structuredContent as { id: string };
      expect(id).toMatch(/^T-\d+$/);
      expect(ticket.content).toEqual([
        { type: 'text', text: JSON.stringify(ticket.structuredContent) },
        {
          type: 'text',
          text: `Ticket ${id} filed: "VPN drops" (low priority), reported by bob.`,
        },
      ]);
      // The global AuditInterceptor wraps it too.
      const log = await alice().callTool('team_audit_log');
      expect(
        (log.structuredContent as { entries: unknown[] }).entries[0],
      ).toEqual({ tool: 'team_ticket', subject: 'bob', outcome: 'ok' });
    });
  });

  it('team_report runs as a task: created at once, polled to its result', async () => {
    const task = await bob().callToolAsTask('team_report', {
      topic: 'uptime',
      sections: 2,
    });
    expect(task.status).toBe('working');
    const done = await bob().awaitTask(task.taskId);
    expect(done.status).toBe('completed');
    expect(done.result?.structuredContent).toEqual({
      topic: 'uptime',
      sections: ['uptime: section 1', 'uptime: section 2'],
      author: 'bob',
    });
  });

  it('serves the probes of McpHealthModule next to /mcp', async () => {
    const base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    const live = await fetch(`${base}/healthz`);
    expect(live.status).toBe(200);
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({
      status: 'ready',
      features: { tasks: { store: 'memory' } },
    });
  });
});

describe('team-tools with the caller set by the test (McpTestAuthenticator)', () => {
  const carol: McpPrincipal = {
    subject: 'carol',
    scopes: [],
    claims: { roles: ['admin'] },
  };
  let app: INestApplication;

  beforeAll(async () => {
    app = await boot(true);
  });
  afterAll(async () => {
    await app?.close();
  });

  it('any caller the test needs, without a key table entry', async () => {
    const mcp = (await McpTestClient.for(app)).as(carol);
    expect((await mcp.callTool('team_admin_reset')).structuredContent).toEqual({
      reset: true,
    });
    const log = await mcp.callTool('team_audit_log');
    expect(
      (log.structuredContent as { entries: unknown[] }).entries[0],
    ).toEqual({ tool: 'team_admin_reset', subject: 'carol', outcome: 'ok' });
  });
});
