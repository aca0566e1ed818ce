import { describe, expect, it } from '@jest/globals';
import { McpClient } from './mcp.client.js';
import { McpRpcError } from './mcp-rpc.error.js';
import { McpTransportError } from './mcp-transport.error.js';
import { ResultCache } from './result.cache.js';
import { fakeFetch, json, ok } from './testing/fake-fetch.js';

const toolsPage = {
  tools: [
    {
      name: 'shout',
      inputSchema: {
        type: 'object',
        properties: { region: { type: 'string', 'x-mcp-header': 'Region' } },
      },
    },
  ],
  ttlMs: 1000,
  cacheScope: 'public',
};

describe('McpClient', () => {
  it('answers from JSON, ignoring any Mcp-Session-Id and never sending one back', async () => {
    const { sent, fetch } = fakeFetch((b) =>
      json(
        {
          jsonrpc: '2.0',
          id: b.id,
          result: { resultType: 'complete', ok: b.id },
        },
        200,
        { 'Mcp-Session-Id': 'sess-1', 'Set-Cookie': 'a=b' },
      ),
    );
    const client = new McpClient('http://x/mcp', { fetch });
    expect(await client.request('ping/custom')).toEqual({
      resultType: 'complete',
      ok: 1,
    });
    await client.request('ping/custom');
    for (const { headers } of sent) {
      expect(Object.keys(headers).map((h) => h.toLowerCase())).not.toContain(
        'mcp-session-id',
      );
      expect(Object.keys(headers).map((h) => h.toLowerCase())).not.toContain(
        'cookie',
      );
    }
    expect(sent.map((s) => s.body.id)).toEqual([1, 2]);
  });

  it('sends a fresh traceparent in _meta and as a header on every request', async () => {
    const { sent, fetch } = fakeFetch((b) => ok(b.id, {}));
    const client = new McpClient('http://x/mcp', { fetch, cache: false });
    await client.discover();
    await client.discover();
    const [a, b] = sent.map((s) => s.body.params._meta.traceparent as string);
    expect(a).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    expect(a).not.toBe(b);
    expect(sent[0].headers.traceparent).toBe(a);
  });

  it('caches list results for ttlMs, privately per Authorization, and bypasses on request', async () => {
    let now = 0;
    const cache = new ResultCache(100, () => now);
    const { sent, fetch } = fakeFetch((b) =>
      ok(b.id, {
        ...toolsPage,
        cacheScope: b.method === 'tools/list' ? 'private' : 'public',
      }),
    );
    const alice = new McpClient('http://x/mcp', {
      fetch,
      cache,
      headers: { Authorization: 'Bearer alice' },
    });
    const bob = new McpClient('http://x/mcp', {
      fetch,
      cache,
      headers: { Authorization: 'Bearer bob' },
    });
    await alice.listTools();
    expect((await alice.send('tools/list')).fromCache).toBe(true);
    await bob.listTools();
    expect(sent).toHaveLength(2);
    await alice.discover();
    await bob.discover();
    expect(sent).toHaveLength(3);
    await alice.listTools(undefined, { cache: false });
    await alice.request('tools/list', {}, { headers: { 'X-Probe': '1' } });
    expect(sent).toHaveLength(5);
    now = 1000;
    await alice.listTools();
    expect(sent).toHaveLength(6);
  });

  it('learns x-mcp-header arguments from tools/list once and mirrors them', async () => {
    const { sent, fetch } = fakeFetch((b) =>
      b.method === 'tools/list'
        ? ok(b.id, toolsPage)
        : ok(b.id, { content: [] }),
    );
    const client = new McpClient('http://x/mcp', { fetch });
    await Promise.all([
      client.callTool('shout', { region: 'eu' }),
      client.callTool('shout', { region: 'eu' }),
    ]);
    await client.callTool('shout', { region: 'us' });
    expect(sent.map((s) => s.body.method)).toEqual([
      'tools/list',
      'tools/call',
      'tools/call',
      'tools/call',
    ]);
    expect(sent[1].headers).toMatchObject({ 'Mcp-Param-Region': 'eu' });
    expect(sent[3].headers).toMatchObject({
      'Mcp-Name': 'shout',
      'Mcp-Param-Region': 'us',
    });
  });

  it('follows nextCursor across pages and refuses a cursor loop', async () => {
    const pages: Record<string, object> = {
      '': { tools: [{ name: 'a' }], nextCursor: 'c2' },
      c2: { tools: [{ name: 'b' }] },
    };
    const { fetch } = fakeFetch((b) =>
      ok(b.id, {
        ttlMs: 0,
        cacheScope: 'public',
        ...pages[b.params.cursor ?? ''],
      }),
    );
    expect(
      (await new McpClient('http://x/mcp', { fetch }).allTools()).map(
        (t) => t.name,
      ),
    ).toEqual(['a', 'b']);
    const loop = fakeFetch((b) =>
      ok(b.id, {
        tools: [],
        ttlMs: 0,
        cacheScope: 'public',
        nextCursor: 'same',
      }),
    );
    await expect(
      new McpClient('http://x/mcp', { fetch: loop.fetch }).allTools(),
    ).rejects.toThrow(/repeated cursor/);
  });

  it('surfaces progress and log notifications from SSE, then the response', async () => {
    const { sent, fetch } = fakeFetch((b) => {
      const token = b.params._meta.progressToken;
      const frames = [
        {
          jsonrpc: '2.0',
          method: 'notifications/progress',
          params: { progressToken: 'other', progress: 9 },
        },
        {
          jsonrpc: '2.0',
          method: 'notifications/progress',
          params: { progressToken: token, progress: 1, total: 2 },
        },
        {
          jsonrpc: '2.0',
          method: 'notifications/message',
          params: { level: 'info', data: 'hi' },
        },
        { jsonrpc: '2.0', method: 'notifications/custom', params: {} },
        {
          jsonrpc: '2.0',
          id: b.id,
          result: { resultType: 'complete', content: [] },
        },
      ];
      const text = frames
        .map((f) => `data: ${JSON.stringify(f)}\n\n`)
        .join(': keep-alive\n\n');
      return new Response(text, {
        headers: { 'Content-Type': 'text/event-stream' },
      });
    });
    const events: string[] = [];
    const reply = await new McpClient('http://x/mcp', {
      fetch,
      learnToolHeaders: false,
    }).send(
      'tools/call',
      { name: 'slow', arguments: {} },
      {
        logLevel: 'info',
        onProgress: (p) => events.push(`progress ${p.progress}/${p.total}`),
        onLog: (l) => events.push(`log ${l.level} ${String(l.data)}`),
        onNotification: (n) => events.push(n.method),
      },
    );
    expect(events).toEqual([
      'progress 1/2',
      'log info hi',
      'notifications/custom',
    ]);
    expect(reply).toMatchObject({ streamed: true, result: { content: [] } });
    expect(sent[0].body.params._meta).toMatchObject({
      progressToken: 'progress-1',
      'io.modelcontextprotocol/logLevel': 'info',
    });
  });

  it('throws McpRpcError with code, data and HTTP status', async () => {
    const { fetch } = fakeFetch((b) =>
      json(
        {
          jsonrpc: '2.0',
          id: b.id,
          error: {
            code: -32022,
            message: 'Unsupported protocol version',
            data: { supported: ['2026-07-28'], requested: '1900-01-01' },
          },
        },
        400,
      ),
    );
    const err = await new McpClient('http://x/mcp', { fetch })
      .discover()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(McpRpcError);
    expect(err).toMatchObject({
      code: -32022,
      httpStatus: 400,
      method: 'server/discover',
      requestId: 1,
      data: { requested: '1900-01-01' },
    });
  });

  it('throws McpTransportError for non-JSON-RPC answers, foreign ids, early stream ends and network failures', async () => {
    const cases: [
      () => Response | Promise<Response>,
      RegExp,
      number | undefined,
    ][] = [
      [
        () =>
          new Response('<html>Bad Gateway</html>', {
            status: 502,
            headers: { 'Content-Type': 'text/html' },
          }),
        /HTTP 502 without a JSON-RPC body/,
        502,
      ],
      [() => json({ jsonrpc: '2.0', id: 999, result: {} }), /expected 1/, 200],
      [() => json({ hello: 'world' }), /not a JSON-RPC response/, 200],
      [
        () =>
          new Response('{nope', {
            headers: { 'Content-Type': 'application/json' },
          }),
        /malformed/,
        200,
      ],
      [
        () =>
          new Response(
            'data: {"jsonrpc":"2.0","method":"notifications/progress","params":{}}\n\n',
            { headers: { 'Content-Type': 'text/event-stream' } },
          ),
        /ended before/,
        200,
      ],
      [
        () =>
          Promise.reject(
            Object.assign(new TypeError('fetch failed'), {
              cause: { code: 'ECONNREFUSED' },
            }),
          ),
        /Cannot reach .*ECONNREFUSED/,
        undefined,
      ],
    ];
    for (const [reply, message, status] of cases) {
      const { fetch } = fakeFetch(reply);
      const err = await new McpClient('http://x/mcp', { fetch })
        .request('x/y')
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(McpTransportError);
      expect((err as Error).message).toMatch(message);
      expect((err as McpTransportError).httpStatus).toBe(status);
    }
  });

  it('times out, and rethrows the caller abort reason', async () => {
    const slow = (_url: string, init: RequestInit) =>
      new Promise<Response>((_resolve, reject) =>
        init.signal!.addEventListener('abort', () =>
          reject(init.signal!.reason as Error),
        ),
      );
    await expect(
      new McpClient('http://x/mcp', {
        fetch: slow as unknown as typeof fetch,
        timeoutMs: 20,
      }).request('x/y'),
    ).rejects.toThrow(/within 20 ms/);
    const controller = new AbortController();
    const pending = new McpClient('http://x/mcp', {
      fetch: slow as unknown as typeof fetch,
    }).request('x/y', {}, { signal: controller.signal });
    controller.abort(new Error('user gave up'));
    await expect(pending).rejects.toThrow('user gave up');
  });

  it('refuses cookies and session ids in configured headers', () => {
    expect(
      () =>
        new McpClient('http://x/mcp', { headers: { cookie: 'ARRAffinity=1' } }),
    ).toThrow(TypeError);
  });
});
