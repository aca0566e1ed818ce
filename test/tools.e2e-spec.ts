import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { PrimePool } from '../src/builtin/tools/primes/prime-pool.service.js';
import { startApp, type TestServer } from './support/mcp-app.js';
import { callTool, mcp } from './support/mcp-request.js';

const SERVER_INFO = {
  'io.modelcontextprotocol/serverInfo': {
    name: 'stateless-mcp-nest',
    version: expect.any(String),
  },
};

describe('server/discover, tools/list and the built-in tools (SEP-2575, SEP-2549)', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startApp({
      WEBSITE_INSTANCE_ID: 'inst-a',
      WEBSITE_SITE_NAME: 'site-a',
      SLOT_NAME: 'staging',
      MCP_LIST_TTL_MS: '60000',
    });
  });
  afterAll(() => t.close());

  it('discovers versions, capabilities derived from the registry, instructions and cache hints', async () => {
    const res = await mcp(t.server, 'server/discover');
    expect(res.status).toBe(200);
    expect(res.body.result).toEqual({
      resultType: 'complete',
      supportedVersions: ['2026-07-28', '2025-11-25'],
      capabilities: {
        logging: {},
        tools: { listChanged: true },
        resources: { listChanged: true },
        prompts: { listChanged: true },
        completions: {},
      },
      instructions: expect.any(String),
      ttlMs: 60000,
      cacheScope: 'public',
      _meta: SERVER_INFO,
    });
  });

  it('lists the tools in a deterministic order with cache hints and JSON Schemas', async () => {
    const res = await mcp(t.server, 'tools/list');
    const { tools, ...rest } = res.body.result;
    expect(rest).toEqual({
      resultType: 'complete',
      ttlMs: 60000,
      cacheScope: 'public',
      _meta: SERVER_INFO,
    });
    expect(tools.map((tool: { name: string }) => tool.name)).toEqual([
      'compute_primes',
      'echo',
      'lookup_fact',
      'tally',
      'whoami',
    ]);
    for (const tool of tools) {
      expect(tool).toMatchObject({
        description: expect.any(String),
        inputSchema: { type: 'object' },
        outputSchema: expect.any(Object),
      });
    }
  });

  it('whoami names the instance, site, slot and the trace it ran under', async () => {
    const result = await callTool(t.server, 'whoami');
    expect(result.structuredContent).toMatchObject({
      instance_id: 'inst-a',
      site_name: 'site-a',
      slot_name: 'staging',
      pid: expect.any(Number),
    });
    expect(JSON.parse(result.content[0].text)).toEqual(
      result.structuredContent,
    );
    expect(result).toMatchObject({
      resultType: 'complete',
      _meta: SERVER_INFO,
    });
  });

  it('echo returns the message tagged with the instance', async () => {
    expect(
      (await callTool(t.server, 'echo', { message: 'héllo' }))
        .structuredContent,
    ).toEqual({ message: 'héllo', instance_id: 'inst-a' });
  });

  it('lookup_fact finds a topic and answers a miss with the available topics', async () => {
    expect(
      (await callTool(t.server, 'lookup_fact', { topic: ' Handles ' }))
        .structuredContent,
    ).toMatchObject({ topic: 'handles', found: true });
    expect(
      (await callTool(t.server, 'lookup_fact', { topic: 'weather' }))
        .structuredContent,
    ).toEqual({
      topic: 'weather',
      found: false,
      available_topics: [
        'app-service',
        'deployment-slots',
        'handles',
        'mcp',
        'stateless-http',
      ],
    });
  });

  it.each([
    [{ limit: 20000 }, 20000, 2262, false],
    [{ limit: 100 }, 100, 25, false],
    [{}, 5000, 669, false],
    [{ limit: 1 }, 2, 1, true],
    [{ limit: 10 ** 9 }, 50000, 5133, true],
  ])(
    'compute_primes(%j) counts exactly',
    async (args, limit, count, capped) => {
      expect(
        (await callTool(t.server, 'compute_primes', args)).structuredContent,
      ).toEqual({ limit, prime_count: count, capped, instance_id: 'inst-a' });
    },
  );

  it('answers an unknown tool with -32602', async () => {
    const res = await mcp(t.server, 'tools/call', {
      name: 'nope',
      arguments: {},
    });
    expect(res.body.error.code).toBe(-32602);
  });

  it.each([
    ['echo', {}, /message/],
    ['echo', { message: 5 }, /message must be string/],
    ['compute_primes', { limit: 'abc' }, /limit must be integer/],
    ['whoami', { extra: true }, /additional properties/],
  ])(
    'answers %s(%j) with an isError result naming the problem',
    async (name, args, pattern) => {
      const result = await callTool(t.server, name, args);
      expect(result.isError).toBe(true);
      expect(result.content[0].text).toMatch(pattern);
    },
  );
});

describe('pagination', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startApp({ MCP_PAGE_SIZE: '3' });
  });
  afterAll(() => t.close());

  it('pages tools/list with an opaque cursor and refuses a forged one with -32602', async () => {
    const first = (await mcp(t.server, 'tools/list')).body.result;
    expect(first.tools).toHaveLength(3);
    const second = (
      await mcp(t.server, 'tools/list', { cursor: first.nextCursor })
    ).body.result;
    expect(second.tools.map((x: { name: string }) => x.name)).toEqual([
      'tally',
      'whoami',
    ]);
    expect(second.nextCursor).toBeUndefined();
    expect(second.cacheScope).toBe(first.cacheScope);
    for (const cursor of [
      'garbage',
      42,
      Buffer.from('o:99').toString('base64url'),
    ]) {
      expect(
        (await mcp(t.server, 'tools/list', { cursor })).body.error.code,
      ).toBe(-32602);
    }
  });
});

/**
 * Resolves once the app's prime pool has taken the next count (a worker has it, or its queue): the
 * moment a compute_primes call is in flight, which the tests below build on.
 */
function nextCountTaken(t: TestServer): Promise<void> {
  const pool = t.app.get(PrimePool);
  const count = pool.count.bind(pool);
  return new Promise((resolve) => {
    jest.spyOn(pool, 'count').mockImplementationOnce((...args) => {
      const counting = count(...args);
      resolve();
      return counting;
    });
  });
}

describe('compute_primes runs off the event loop', () => {
  it('answers whoami while a long prime count is still running', async () => {
    const t = await startApp({
      COMPUTE_PRIMES_MAX: '100000000',
      PRIMES_WORKERS: '1',
    });
    try {
      const order: string[] = [];
      const taken = nextCountTaken(t);
      const primes = callTool(t.server, 'compute_primes', {
        limit: 100000000,
      }).then(() => order.push('primes'));
      await taken;
      await callTool(t.server, 'whoami').then(() => order.push('whoami'));
      await primes;
      expect(order).toEqual(['whoami', 'primes']);
    } finally {
      await t.close();
    }
  });

  it('answers "busy, retry" at once when the queue is full (the busy answer: 503, Retry-After)', async () => {
    const t = await startApp({
      COMPUTE_PRIMES_MAX: '100000000',
      PRIMES_WORKERS: '1',
      PRIMES_QUEUE_LIMIT: '0',
    });
    try {
      const taken = nextCountTaken(t);
      const first = callTool(t.server, 'compute_primes', { limit: 100000000 });
      await taken;
      const busy = await mcp(t.server, 'tools/call', {
        name: 'compute_primes',
        arguments: { limit: 10 },
      });
      expect(busy.status).toBe(503);
      expect(busy.headers['retry-after']).toBe('1');
      expect(busy.body.error).toMatchObject({
        code: -32603,
        data: { retryable: true, reason: 'primes-pool', scope: 'instance' },
      });
      expect((await first).isError).toBeUndefined();
    } finally {
      await t.close();
    }
  });
});
