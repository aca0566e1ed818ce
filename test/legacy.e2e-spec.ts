import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { ConformanceFixturesModule } from './conformance/conformance-fixtures.module.js';
import { TeamContentModule } from './fixtures/team-content.js';
import { modernMeta, standardHeaders } from './support/mcp-request.js';
import { startApp, type TestServer } from './support/mcp-app.js';

/** A 2025-11-25 client: no `_meta`, no Mcp-* headers until after initialize. */
const legacy = (
  t: TestServer,
  method: string,
  params: object = {},
  headers: Record<string, string> = {},
) =>
  request(t.server)
    .post('/mcp')
    .set({
      'Content-Type': 'application/json',
      Accept: 'application/json, text/event-stream',
      ...headers,
    })
    .send(JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }));

const INIT = {
  protocolVersion: '2025-11-25',
  capabilities: {},
  clientInfo: { name: 'old', version: '1' },
};

describe('legacy era (2025-11-25 clients, lenient mode)', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startApp();
  });
  afterAll(() => t.close());

  it('answers initialize statelessly, without a session id', async () => {
    const res = await legacy(t, 'initialize', INIT);
    expect(res.status).toBe(200);
    expect(res.headers['mcp-session-id']).toBeUndefined();
    expect(res.body.result).toMatchObject({
      protocolVersion: '2025-11-25',
      capabilities: { tools: {}, logging: {} },
      serverInfo: { name: 'stateless-mcp-nest' },
    });
  });

  it('promises no notification that era could only receive on a GET stream this server does not serve', async () => {
    const caps = (await legacy(t, 'initialize', INIT)).body.result
      .capabilities as Record<string, Record<string, unknown>>;
    expect(Object.keys(caps)).toEqual(
      expect.arrayContaining(['tools', 'resources', 'prompts']),
    );
    for (const name of ['tools', 'resources', 'prompts']) {
      expect(caps[name]).not.toHaveProperty('listChanged');
      expect(caps[name]).not.toHaveProperty('subscribe');
    }
    // The 2026-07-28 answer still advertises them: subscriptions/listen delivers them there.
    const modern = await request(t.server)
      .post('/mcp')
      .set(standardHeaders('server/discover'))
      .send(
        JSON.stringify({
          jsonrpc: '2.0',
          id: 2,
          method: 'server/discover',
          params: { _meta: modernMeta() },
        }),
      );
    expect(modern.body.result.capabilities.tools).toEqual({
      listChanged: true,
    });
    // And there is indeed no GET stream for a 2025-11-25 client to listen on.
    const get = await request(t.server).get('/mcp').set({
      Accept: 'text/event-stream',
      'MCP-Protocol-Version': '2025-11-25',
    });
    expect(get.status).toBe(405);
  });

  it('offers 2025-11-25 to a client asking for a version it does not serve', async () => {
    const res = await legacy(t, 'initialize', {
      ...INIT,
      protocolVersion: '2024-11-05',
    });
    expect(res.body.result.protocolVersion).toBe('2025-11-25');
  });

  it('answers ping with exactly {} and accepts logging/setLevel', async () => {
    expect(
      (await legacy(t, 'ping', {}, { 'MCP-Protocol-Version': '2025-11-25' }))
        .body,
    ).toEqual({ jsonrpc: '2.0', id: 1, result: {} });
    expect(
      (await legacy(t, 'logging/setLevel', { level: 'debug' })).body.result,
    ).toEqual({});
    expect(
      (await legacy(t, 'logging/setLevel', { level: 'loud' })).body.error.code,
    ).toBe(-32602);
  });

  it('serves tool calls with the version header or none', async () => {
    for (const headers of [
      { 'MCP-Protocol-Version': '2025-11-25' },
      {},
    ] as Record<string, string>[]) {
      const res = await legacy(
        t,
        'tools/call',
        { name: 'echo', arguments: { message: 'old' } },
        headers,
      );
      expect(res.body.result.structuredContent).toEqual({
        message: 'old',
        instance_id: 'local',
      });
    }
  });

  it('refuses an unknown version header with -32022', async () => {
    const res = await legacy(
      t,
      'tools/list',
      {},
      { 'MCP-Protocol-Version': '2024-01-01' },
    );
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({
      code: -32022,
      data: { requested: '2024-01-01' },
    });
  });

  it('still refuses a present header that disagrees with the body', async () => {
    expect(
      (await legacy(t, 'tools/list', {}, { 'Mcp-Method': 'tools/call' })).body
        .error.code,
    ).toBe(-32020);
  });
});

describe('strict mode has no legacy era', () => {
  it('answers initialize with -32022 naming the versions it serves', async () => {
    const t = await startApp({ MCP_STRICT_HEADERS: '1' });
    try {
      const res = await legacy(t, 'initialize', INIT);
      expect(res.status).toBe(400);
      expect(res.body.error).toEqual({
        code: -32022,
        message: 'Unsupported protocol version',
        data: { supported: ['2026-07-28'], requested: '2025-11-25' },
      });
    } finally {
      await t.close();
    }
  });
});

describe('legacy era and calls that need client input (MRTR is 2026-07-28 only)', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startApp({}, [ConformanceFixturesModule, TeamContentModule]);
  });
  afterAll(() => t.close());

  it.each([
    [
      'tools/call',
      { name: 'test_input_required_result_elicitation', arguments: {} },
    ],
    ['prompts/get', { name: 'team_interview' }],
    ['resources/read', { uri: 'team://confidential/plan' }],
  ])(
    'refuses %s that needs input with -32600 naming the version to use, never an input_required result',
    async (method, params) => {
      const res = await legacy(t, method, params, {
        'MCP-Protocol-Version': '2025-11-25',
      });
      expect(res.status).toBe(400);
      expect(res.body.result).toBeUndefined();
      expect(res.body.error).toEqual({
        code: -32600,
        message: expect.stringContaining('2026-07-28'),
        data: {
          requiredProtocolVersion: '2026-07-28',
          inputRequests: ['elicitation/create'],
        },
      });
    },
  );

  it('still completes legacy calls that need no input', async () => {
    const res = await legacy(t, 'prompts/get', { name: 'test_simple_prompt' });
    expect(res.body.result.messages[0].content.text).toBe(
      'This is a simple prompt for testing.',
    );
  });
});
