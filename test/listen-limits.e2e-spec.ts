import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { modernMeta, standardHeaders } from './support/mcp-request.js';
import { startApp, type TestServer } from './support/mcp-app.js';
import { TestIssuer } from './support/test-issuer.js';
import { waitFor } from './support/wait-for.js';

const AUDIENCE = 'api://mcp-listen-test';

/** Opens a listen stream; resolves once its answer's head arrived (and its first frame, if 200). */
async function open(url: string, token?: string) {
  const controller = new AbortController();
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      ...standardHeaders('subscriptions/listen'),
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 'sub',
      method: 'subscriptions/listen',
      params: {
        notifications: { toolsListChanged: true },
        _meta: modernMeta(),
      },
    }),
    signal: controller.signal,
  });
  const reader = res.status === 200 ? res.body!.getReader() : undefined;
  // The acknowledgement: the stream is open (and holds its slot) from here on.
  await reader?.read();
  return {
    res,
    /** Everything the stream sends until it ends. */
    rest: async () => {
      let text = '';
      for (let r = await reader!.read(); !r.done; r = await reader!.read())
        text += Buffer.from(r.value).toString('utf8');
      return text;
    },
    close: () => controller.abort(),
    body: async () => (res.status === 200 ? null : await res.json()),
  };
}

/** A plain request, to show other methods keep serving. */
const toolsList = (url: string, token?: string) =>
  fetch(url, {
    method: 'POST',
    headers: {
      ...standardHeaders('tools/list'),
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'tools/list',
      params: { _meta: modernMeta() },
    }),
  });

describe('subscriptions/listen streams are capped per instance (MCP_MAX_LISTEN_STREAMS)', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startApp({ MCP_MAX_LISTEN_STREAMS: '3' });
  });
  afterAll(() => t.close());

  it('refuses one more with 503, Retry-After and a retryable JSON-RPC error; other methods serve; a closed stream frees its slot', async () => {
    const streams = [await open(t.url), await open(t.url), await open(t.url)];
    expect(streams.map((s) => s.res.status)).toEqual([200, 200, 200]);

    const refused = await open(t.url);
    expect(refused.res.status).toBe(503);
    expect(refused.res.headers.get('retry-after')).toBe('5');
    expect(await refused.body()).toEqual({
      jsonrpc: '2.0',
      id: 'sub',
      error: {
        code: -32603,
        message:
          'Too many open subscriptions/listen streams on this server (3); retry later',
        data: {
          retryable: true,
          retryAfterMs: 5000,
          limit: 3,
          scope: 'instance',
          reason: 'listen-streams',
        },
      },
    });
    expect((await toolsList(t.url)).status).toBe(200);

    streams[0].close();
    let again: Awaited<ReturnType<typeof open>> | undefined;
    // A stream's slot is given back when the server sees it close.
    await waitFor(
      async () => {
        const attempt = await open(t.url);
        if (attempt.res.status === 200) again = attempt;
        return attempt.res.status === 200;
      },
      { what: 'the closed stream to free its slot', everyMs: 50 },
    );
    expect((await open(t.url)).res.status).toBe(503);
    for (const s of [...streams, again!]) s.close();
    // Every slot comes back: three new streams open.
    await waitFor(
      async () => {
        const next = [await open(t.url), await open(t.url), await open(t.url)];
        for (const s of next) s.close();
        return next.every((s) => s.res.status === 200);
      },
      { what: 'every closed stream to free its slot', everyMs: 50 },
    );
  });

  it('ends a capped stream with its complete result on shutdown (the slot goes with it)', async () => {
    const own = await startApp({ MCP_MAX_LISTEN_STREAMS: '1' });
    const stream = await open(own.url);
    expect(stream.res.status).toBe(200);
    const rest = stream.rest();
    await own.close();
    // The stream ended with its complete result (shutdown path), not a reset.
    expect(await rest).toContain('"result"');
  });
});

describe('… and per caller when authorization is on (MCP_MAX_LISTEN_STREAMS_PER_CALLER)', () => {
  let issuer: TestIssuer;
  let t: TestServer;
  beforeAll(async () => {
    issuer = await TestIssuer.start();
    t = await startApp({
      MCP_AUTH_ISSUER: issuer.issuer,
      MCP_AUTH_AUDIENCE: AUDIENCE,
      MCP_MAX_LISTEN_STREAMS: '10',
      MCP_MAX_LISTEN_STREAMS_PER_CALLER: '2',
    });
  });
  afterAll(async () => {
    await t.close();
    await issuer.close();
  });

  it('refuses a caller over its own cap with 429 while others still get streams', async () => {
    const alice = await issuer.token(AUDIENCE, { claims: { sub: 'alice' } });
    const bob = await issuer.token(AUDIENCE, { claims: { sub: 'bob' } });
    const held = [await open(t.url, alice), await open(t.url, alice)];
    expect(held.map((s) => s.res.status)).toEqual([200, 200]);
    const refused = await open(t.url, alice);
    expect(refused.res.status).toBe(429);
    expect(refused.res.headers.get('retry-after')).toBe('5');
    expect(((await refused.body()) as { error: unknown }).error).toEqual({
      code: -32603,
      message:
        'Too many open subscriptions/listen streams for this caller (2); close one or retry later',
      data: {
        retryable: true,
        retryAfterMs: 5000,
        limit: 2,
        scope: 'caller',
        reason: 'listen-streams',
      },
    });
    const other = await open(t.url, bob);
    expect(other.res.status).toBe(200);
    expect((await toolsList(t.url, alice)).status).toBe(200);
    for (const s of [...held, other]) s.close();
  });
});
