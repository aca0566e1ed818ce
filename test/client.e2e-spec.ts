import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  McpClient,
  McpRpcError,
  McpTransportError,
  ResultCache,
  parseTraceparent,
} from '../client/index.js';
import { ExtraToolsModule } from './fixtures/extra-tools.js';
import { startApp, type TestServer } from './support/mcp-app.js';
import { RequestRecorder, recorderModule } from './support/recording-tracer.js';

/** Wraps the real fetch to keep the headers of every request the client sends. */
function recordingFetch() {
  const sent: Record<string, string>[] = [];
  const wrapped = ((url: string, init: RequestInit) => {
    sent.push({ ...(init.headers as Record<string, string>) });
    return fetch(url, init);
  }) as typeof fetch;
  return { sent, fetch: wrapped };
}

const lower = (headers: Record<string, string>) =>
  Object.fromEntries(
    Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]),
  );

describe('McpClient against a strict server (every header enforced)', () => {
  const recorder = new RequestRecorder();
  let t: TestServer;
  beforeAll(async () => {
    t = await startApp({ MCP_STRICT_HEADERS: '1' }, [
      ExtraToolsModule,
      recorderModule(recorder),
    ]);
  });
  afterAll(() => t.close());

  it('sends every standard header, the full _meta and a fresh traceparent per request', async () => {
    const { sent, fetch } = recordingFetch();
    const client = new McpClient(t.url, {
      fetch,
      clientInfo: { name: 'e2e-client', version: '9.9.9' },
    });
    const discovered = await client.discover();
    expect(discovered.supportedVersions).toContain('2026-07-28');
    const first = await client.send<{
      structuredContent: { trace_id: string };
    }>('tools/call', { name: 'whoami', arguments: {} });
    const second = await client.send<{
      structuredContent: { trace_id: string };
    }>('tools/call', { name: 'whoami', arguments: {} });

    expect(sent.map((h) => lower(h)['mcp-method'])).toEqual([
      'server/discover',
      'tools/call',
      'tools/call',
    ]);
    for (const headers of sent.map(lower)) {
      expect(headers).toMatchObject({
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        'mcp-protocol-version': '2026-07-28',
      });
      expect(headers).not.toHaveProperty('cookie');
      expect(headers).not.toHaveProperty('mcp-session-id');
    }
    expect(lower(sent[1])['mcp-name']).toBe('whoami');

    const seen = recorder.requests.slice(-3);
    for (const info of seen) {
      expect(info.meta).toMatchObject({
        'io.modelcontextprotocol/protocolVersion': '2026-07-28',
        'io.modelcontextprotocol/clientCapabilities': {},
        'io.modelcontextprotocol/clientInfo': {
          name: 'e2e-client',
          version: '9.9.9',
        },
      });
      expect(parseTraceparent(info.meta!.traceparent as string)).toBeDefined();
      expect(info.httpTraceparent).toBe(info.meta!.traceparent);
    }
    // The server ran each call under the trace the client started, and each call had its own.
    expect(first.result.structuredContent.trace_id).toBe(
      parseTraceparent(first.traceparent!)!.traceId,
    );
    expect(second.result.structuredContent.trace_id).toBe(
      parseTraceparent(second.traceparent!)!.traceId,
    );
    expect(first.result.structuredContent.trace_id).not.toBe(
      second.result.structuredContent.trace_id,
    );
  });

  it('base64-wraps a non-ASCII Mcp-Name so the server decodes the same name as in the body', async () => {
    const { sent, fetch } = recordingFetch();
    const client = new McpClient(t.url, { fetch, learnToolHeaders: false });
    // No such tool: the point is that the header check passes (-32602 unknown tool, not -32020).
    const err = await client.callTool('wetter-zürich').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(McpRpcError);
    expect((err as McpRpcError).code).toBe(-32602);
    expect(lower(sent[0])['mcp-name']).toBe(
      `=?base64?${Buffer.from('wetter-zürich').toString('base64')}?=`,
    );
  });

  it('learns x-mcp-header arguments from tools/list and mirrors them as Mcp-Param-* headers', async () => {
    const { sent, fetch } = recordingFetch();
    const client = new McpClient(t.url, { fetch });
    const result = await client.callTool<{ text: string }>('shout', {
      text: 'grüezi',
      region: 'Zürich',
      priority: 2,
    });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toEqual({ text: 'GRÜEZI' });
    const call = lower(sent.at(-1)!);
    expect(call['mcp-param-region']).toBe(
      `=?base64?${Buffer.from('Zürich').toString('base64')}?=`,
    );
    expect(call['mcp-param-priority']).toBe('2');
  });

  it('surfaces SSE progress and log notifications through callbacks, the result last', async () => {
    const events: string[] = [];
    const client = new McpClient(t.url);
    const reply = await client.send<{ structuredContent: { text: string } }>(
      'tools/call',
      { name: 'shout', arguments: { text: 'x', mode: 'progress' } },
      {
        logLevel: 'info',
        onProgress: (p) =>
          events.push(`progress ${p.progress}/${p.total} ${p.message}`),
        onLog: (l) => events.push(`log ${l.level} ${JSON.stringify(l.data)}`),
      },
    );
    events.push(`result ${reply.result.structuredContent.text}`);
    expect(reply.streamed).toBe(true);
    expect(events).toEqual([
      'progress 1/2 half way',
      'log warning {"note":"shouting"}',
      'result X',
    ]);
  });

  it('throws typed errors: -32020, -32602, -32601 and -32022 with code, data and HTTP status', async () => {
    const client = new McpClient(t.url);
    const failure = async (p: Promise<unknown>): Promise<McpRpcError> => {
      const err = await p.then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(McpRpcError);
      return err as McpRpcError;
    };

    const mismatch = await failure(
      client.request(
        'tools/call',
        { name: 'whoami', arguments: {} },
        { headers: { 'Mcp-Name': 'echo' } },
      ),
    );
    expect(mismatch).toMatchObject({
      code: -32020,
      httpStatus: 400,
      method: 'tools/call',
    });
    expect(mismatch.rpcMessage).toMatch(/Mcp-Name/);

    const missing = await failure(
      client.request(
        'tools/call',
        { name: 'whoami', arguments: {} },
        { headers: { 'Mcp-Name': null } },
      ),
    );
    expect(missing).toMatchObject({ code: -32020, httpStatus: 400 });

    const unknownTool = await failure(client.callTool('no_such_tool'));
    expect(unknownTool).toMatchObject({ code: -32602, httpStatus: 200 });

    const unknownMethod = await failure(client.request('tools/explode'));
    expect(unknownMethod).toMatchObject({ code: -32601, httpStatus: 404 });

    const old = new McpClient(t.url, { protocolVersion: '1900-01-01' });
    const unsupported = await failure(old.discover());
    expect(unsupported).toMatchObject({
      code: -32022,
      httpStatus: 400,
      data: {
        requested: '1900-01-01',
        supported: expect.arrayContaining(['2026-07-28']),
      },
    });
    expect(unsupported).toBeInstanceOf(McpRpcError);
  });

  it('returns tool failures as isError results instead of throwing', async () => {
    const result = await new McpClient(t.url).callTool('shout', {
      text: 'x',
      mode: 'fail',
    });
    expect(result.isError).toBe(true);
    expect(result.content[0].text).toMatch(/Nothing to shout about/);
  });
});

describe('McpClient caching against a real server (SEP-2549)', () => {
  const recorder = new RequestRecorder();
  let t: TestServer;
  beforeAll(async () => {
    t = await startApp({ MCP_LIST_TTL_MS: '400' }, [recorderModule(recorder)]);
  });
  afterAll(() => t.close());

  it('reuses tools/list and server/discover for ttlMs, then asks again', async () => {
    // The cache's clock is the test's: ttlMs passes when the test says so, not while it waits.
    let now = Date.now();
    const client = new McpClient(t.url, {
      cache: new ResultCache(500, () => now),
    });
    const first = await client.send('tools/list');
    const second = await client.send('tools/list');
    await client.discover();
    await client.discover();
    expect([first.fromCache, second.fromCache]).toEqual([false, true]);
    expect(second.result).toEqual(first.result);
    expect([
      recorder.count('tools/list'),
      recorder.count('server/discover'),
    ]).toEqual([1, 1]);
    now += 399;
    expect((await client.send('tools/list')).fromCache).toBe(true);
    expect(recorder.count('tools/list')).toBe(1);
    now += 1;
    expect((await client.send('tools/list')).fromCache).toBe(false);
    expect(recorder.count('tools/list')).toBe(2);
  });

  it('shares public results between clients that share a cache', async () => {
    const cache = new ResultCache();
    const before = recorder.count('tools/list');
    await new McpClient(t.url, {
      cache,
      headers: { Authorization: 'Bearer a' },
    }).listTools();
    expect(
      (
        await new McpClient(t.url, {
          cache,
          headers: { Authorization: 'Bearer b' },
        }).send('tools/list')
      ).fromCache,
    ).toBe(true);
    expect(recorder.count('tools/list') - before).toBe(1);
  });
});

describe('McpClient with private and zero-ttl cache hints', () => {
  const recorder = new RequestRecorder();
  let priv: TestServer;
  let uncached: TestServer;
  beforeAll(async () => {
    priv = await startApp({ MCP_CACHE_SCOPE: 'private' }, [
      recorderModule(recorder),
    ]);
    uncached = await startApp({ MCP_LIST_TTL_MS: '0' });
  });
  afterAll(async () => {
    await priv.close();
    await uncached.close();
  });

  it('reuses a private result only within the same Authorization', async () => {
    const cache = new ResultCache();
    const alice = new McpClient(priv.url, {
      cache,
      headers: { Authorization: 'Bearer alice' },
    });
    const bob = new McpClient(priv.url, {
      cache,
      headers: { Authorization: 'Bearer bob' },
    });
    expect((await alice.send('tools/list')).fromCache).toBe(false);
    expect((await alice.send('tools/list')).fromCache).toBe(true);
    expect((await bob.send('tools/list')).fromCache).toBe(false);
    expect(recorder.count('tools/list')).toBe(2);
  });

  it('never caches ttlMs 0', async () => {
    const client = new McpClient(uncached.url);
    await client.listTools();
    expect((await client.send('tools/list')).fromCache).toBe(false);
  });
});

describe('McpClient transport failures', () => {
  it('reports an unreachable server as McpTransportError', async () => {
    const t = await startApp();
    const url = t.url;
    await t.close();
    const err = await new McpClient(url, { timeoutMs: 5000 })
      .discover()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(McpTransportError);
    expect((err as McpTransportError).message).toMatch(
      /Cannot reach .*ECONNREFUSED/,
    );
  });

  it('reports a non-MCP answer (404 from another route) as McpTransportError with its status', async () => {
    const t = await startApp();
    try {
      const err = await new McpClient(`${t.baseUrl}/not-mcp`)
        .discover()
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(McpTransportError);
      expect((err as McpTransportError).httpStatus).toBe(404);
    } finally {
      await t.close();
    }
  });
});
