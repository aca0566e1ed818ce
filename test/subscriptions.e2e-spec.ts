import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import { ConformanceFixturesModule } from './conformance/conformance-fixtures.module.js';
import { startApp, type TestServer } from './support/mcp-app.js';
import { mcp, modernMeta, standardHeaders } from './support/mcp-request.js';
import { ensureSharedRedis, SHARED_REDIS_URL } from './support/redis.js';
import { requireTool } from './support/system-tools.js';
import { waitFor } from './support/wait-for.js';

const SUB = 'io.modelcontextprotocol/subscriptionId';

/** Opens a listen stream with fetch and collects its SSE frames until `count` arrived or it ends. */
async function listen(url: string, notifications: object, id = 'sub-1') {
  const controller = new AbortController();
  const res = await fetch(url, {
    method: 'POST',
    headers: standardHeaders('subscriptions/listen'),
    body: JSON.stringify({
      jsonrpc: '2.0',
      id,
      method: 'subscriptions/listen',
      params: { notifications, _meta: modernMeta() },
    }),
    signal: controller.signal,
  });
  const reader = res.body!.getReader();
  const frames: any[] = [];
  let buffer = '';
  const next = async (count: number) => {
    while (frames.length < count) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += Buffer.from(value).toString('utf8');
      const events = buffer.split('\n\n');
      buffer = events.pop()!;
      for (const e of events)
        if (e.startsWith('data: ')) frames.push(JSON.parse(e.slice(6)));
    }
    return frames;
  };
  return { res, next, close: () => controller.abort() };
}

describe('subscriptions/listen (SEP-2575)', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startApp({}, [ConformanceFixturesModule]);
  });
  afterAll(() => t.close());

  it('acknowledges the honoured filter first, then delivers only opted-in changes, tagged', async () => {
    // Prompts are opted out; resource subscriptions are not offered (no `resources.subscribe`).
    const stream = await listen(t.url, {
      toolsListChanged: true,
      resourceSubscriptions: ['facts://mcp'],
      bogus: true,
    });
    expect(stream.res.headers.get('content-type')).toBe('text/event-stream');
    const [ack] = await stream.next(1);
    expect(ack).toEqual({
      jsonrpc: '2.0',
      method: 'notifications/subscriptions/acknowledged',
      params: {
        notifications: { toolsListChanged: true },
        _meta: { [SUB]: 'sub-1' },
      },
    });
    await mcp(t.server, 'tools/call', {
      name: 'test_trigger_prompt_change',
      arguments: {},
    });
    await mcp(t.server, 'tools/call', {
      name: 'test_trigger_tool_change',
      arguments: {},
    });
    const frames = await stream.next(2);
    expect(frames[1]).toEqual({
      jsonrpc: '2.0',
      method: 'notifications/tools/list_changed',
      params: { _meta: { [SUB]: 'sub-1' } },
    });
    stream.close();
  });

  it('ends open streams with a complete result on graceful shutdown', async () => {
    const own = await startApp({}, [ConformanceFixturesModule]);
    const stream = await listen(
      own.url,
      { toolsListChanged: true },
      42 as unknown as string,
    );
    await stream.next(1);
    const closing = own.close();
    const frames = await stream.next(5);
    await closing;
    expect(frames.at(-1)).toMatchObject({
      jsonrpc: '2.0',
      id: 42,
      result: { resultType: 'complete', _meta: { [SUB]: 42 } },
    });
  });

  it('refuses a listen without a notifications filter with -32602', async () => {
    expect(
      (await mcp(t.server, 'subscriptions/listen', {})).body.error.code,
    ).toBe(-32602);
  });
});

const withRedis = requireTool('redis', 'list changes across instances');
withRedis('list changes across instances (Redis pub/sub)', () => {
  it('delivers a change made on one instance to a listener on another', async () => {
    await ensureSharedRedis();
    const env = {
      HANDLE_BACKEND: 'redis',
      REDIS_URL: 'redis://127.0.0.1:6379',
      REDIS_KEY_PREFIX: `test-${process.pid}-${Date.now()}:`,
    };
    const a = await startApp(env, [ConformanceFixturesModule]);
    const b = await startApp(env, [ConformanceFixturesModule]);
    const redis = new Redis(SHARED_REDIS_URL);
    try {
      const stream = await listen(a.url, { toolsListChanged: true }, 'cross');
      await stream.next(1);
      // Both instances' subscriber connections are on the run's channel before b publishes.
      const channel = `${env.REDIS_KEY_PREFIX}list-changes`;
      await waitFor(
        async () => {
          const [, subscribers] = (await redis.pubsub('NUMSUB', channel)) as [
            string,
            number,
          ];
          return subscribers === 2;
        },
        { what: `both instances subscribed to ${channel}` },
      );
      await mcp(b.server, 'tools/call', {
        name: 'test_trigger_tool_change',
        arguments: {},
      });
      const frames = await stream.next(2);
      expect(frames[1]).toMatchObject({
        method: 'notifications/tools/list_changed',
        params: { _meta: { [SUB]: 'cross' } },
      });
      stream.close();
    } finally {
      redis.disconnect();
      await a.close();
      await b.close();
    }
  });
});
