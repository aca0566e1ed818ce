import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { connect } from 'node:net';
import { rawRequest } from './support/raw-http.js';
import { startApp, type TestServer } from './support/mcp-app.js';
import {
  callTool,
  mcp,
  modernMeta,
  standardHeaders,
} from './support/mcp-request.js';

const portOf = (t: TestServer) => (t.server.address() as { port: number }).port;
/** The prime workers still answer after whatever the test did to them. */
const expectStillCounting = async (t: TestServer) =>
  expect(
    (await callTool(t.server, 'compute_primes', { limit: 1000 }))
      .structuredContent.prime_count,
  ).toBe(168);

/** Writes `lines` to a fresh socket one every `everyMs`, and reports what came back and when. */
function dribble(
  port: number,
  lines: string[],
  everyMs: number,
): Promise<{ reply: string; afterMs: number }> {
  return new Promise((resolve) => {
    const started = Date.now();
    let reply = '';
    const socket = connect(port, '127.0.0.1');
    const timer = setInterval(() => {
      const line = lines.shift();
      if (line === undefined) clearInterval(timer);
      else if (!socket.destroyed) socket.write(line);
    }, everyMs);
    socket.on('data', (d) => (reply += d.toString()));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearInterval(timer);
      resolve({ reply, afterMs: Date.now() - started });
    });
  });
}

describe('limits that hold: HTTP level', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startApp({
      HTTP_MAX_HEADER_BYTES: '4096',
      HTTP_HEADERS_TIMEOUT_MS: '1000',
      HTTP_REQUEST_TIMEOUT_MS: '1500',
    });
  });
  afterAll(() => t.close());

  it('answers headers over HTTP_MAX_HEADER_BYTES with 431 and a JSON-RPC error', async () => {
    const res = await rawRequest(
      portOf(t),
      `POST /mcp HTTP/1.1\r\nHost: localhost\r\nX-Big: ${'a'.repeat(6000)}\r\nContent-Length: 2\r\n\r\n{}`,
    );
    expect(res?.status).toBe(431);
    expect(JSON.parse(res!.body)).toEqual({
      jsonrpc: '2.0',
      id: null,
      error: { code: -32600, message: 'Request headers too large' },
    });
  });

  it('answers control characters in a header with 400 and a JSON-RPC error', async () => {
    const res = await rawRequest(
      portOf(t),
      'POST /mcp HTTP/1.1\r\nHost: localhost\r\nMcp-Method: tools\u0001list\r\nContent-Length: 2\r\n\r\n{}',
    );
    expect(res?.status).toBe(400);
    expect(JSON.parse(res!.body).error.code).toBe(-32600);
  });

  it('cuts off a slow-loris sender with 408 once HTTP_HEADERS_TIMEOUT_MS has passed', async () => {
    const lines = [
      'POST /mcp HTTP/1.1\r\n',
      'Host: localhost\r\n',
      ...Array.from({ length: 40 }, (_, i) => `X-Slow-${i}: 1\r\n`),
    ];
    const { reply, afterMs } = await dribble(portOf(t), lines, 200);
    expect(reply).toMatch(/^HTTP\/1\.1 408 /);
    expect(reply).toContain('"code":-32600');
    expect(afterMs).toBeLessThan(5_000);
  });

  it('cuts off a slow body with 408 once HTTP_REQUEST_TIMEOUT_MS has passed', async () => {
    const head = `POST /mcp HTTP/1.1\r\nHost: localhost\r\n${Object.entries(
      standardHeaders('tools/list'),
    )
      .map(([k, v]) => `${k}: ${v}\r\n`)
      .join('')}Content-Length: 1000\r\n\r\n`;
    const { reply, afterMs } = await dribble(
      portOf(t),
      [head, ...Array.from({ length: 40 }, () => '{"a":1}')],
      200,
    );
    expect(reply).toMatch(/^HTTP\/1\.1 408 /);
    expect(reply).toContain('"code":-32600');
    expect(afterMs).toBeLessThan(5_000);
  });

  it('closes a connection that never sends a byte once HTTP_HEADERS_TIMEOUT_MS has passed', async () => {
    const { reply, afterMs } = await dribble(portOf(t), [], 1_000);
    expect(reply).toMatch(/^HTTP\/1\.1 408 /);
    expect(afterMs).toBeLessThan(5_000);
  });

  it('keeps idle keep-alive connections past the header timeout', async () => {
    const req = (id: number) =>
      `POST /mcp HTTP/1.1\r\nHost: localhost\r\n${Object.entries(
        standardHeaders('tools/list'),
      )
        .map(([k, v]) => `${k}: ${v}\r\n`)
        .join(
          '',
        )}Content-Length: ${JSON.stringify({ jsonrpc: '2.0', id, method: 'tools/list', params: { _meta: modernMeta() } }).length}\r\n\r\n` +
      JSON.stringify({
        jsonrpc: '2.0',
        id,
        method: 'tools/list',
        params: { _meta: modernMeta() },
      });
    // While the connection sits idle after its first answer, a canary sends a whole head and then
    // stalls: the server cuts it (408) once the request timeout, longer than the header timeout,
    // has passed. By then the idle connection has outlived both; it must still take a request.
    const stalled = `POST /mcp HTTP/1.1\r\nHost: localhost\r\n${Object.entries(
      standardHeaders('tools/list'),
    )
      .map(([k, v]) => `${k}: ${v}\r\n`)
      .join('')}Content-Length: 1000\r\n\r\n`;
    let canary: Promise<unknown> | undefined;
    const oks = (data: string) => data.match(/HTTP\/1\.1 200 /g)?.length ?? 0;
    const replies = await new Promise<string>((resolve) => {
      let data = '';
      const socket = connect(portOf(t), '127.0.0.1', () =>
        socket.write(req(1)),
      );
      socket.on('data', (d) => {
        data += d.toString();
        if (oks(data) === 1)
          canary ??= rawRequest(portOf(t), stalled, { halfClose: false }).then(
            (cut) => {
              if (cut?.status === 408) socket.write(req(2));
              else socket.destroy();
              return cut;
            },
            (err: unknown) => {
              socket.destroy();
              return err;
            },
          );
        if (oks(data) === 2) socket.destroy();
      });
      socket.on('close', () => resolve(data));
    });
    expect(await canary).toMatchObject({ status: 408 });
    expect(replies.match(/HTTP\/1\.1 200 /g)).toHaveLength(2);
  });

  it('refuses a request without Host on a loopback listener', async () => {
    const res = await rawRequest(
      portOf(t),
      'POST /mcp HTTP/1.0\r\nContent-Length: 2\r\n\r\n{}',
    );
    expect(res?.status).toBe(403);
    expect(JSON.parse(res!.body).error.code).toBe(-32600);
  });

  it('accepts a body of exactly MCP_MAX_BODY_BYTES and refuses one byte more', async () => {
    const small = await startApp({ MCP_MAX_BODY_BYTES: '2048' });
    try {
      const sized = (size: number) => {
        const base = JSON.stringify({
          jsonrpc: '2.0',
          id: 1,
          method: 'tools/list',
          params: { _meta: modernMeta(), pad: '' },
        });
        return base.replace(
          '"pad":""',
          `"pad":"${'x'.repeat(size - base.length)}"`,
        );
      };
      const post = (body: string) =>
        request(small.server)
          .post('/mcp')
          .set(standardHeaders('tools/list'))
          .send(body);
      expect((await post(sized(2048))).status).toBe(200);
      const over = await post(sized(2049));
      expect(over.status).toBe(413);
      expect(over.body.error.code).toBe(-32600);
    } finally {
      await small.close();
    }
  });
});

describe('limits that hold: tools', () => {
  it('bounds every string and integer argument of every seed tool, caps compute_primes and bounds tally', async () => {
    const t = await startApp({ COMPUTE_PRIMES_MAX: '50000' });
    try {
      const { tools } = (await mcp(t.server, 'tools/list')).body.result;
      const unbounded: string[] = [];
      const walk = (schema: any, path: string) => {
        if (!schema || typeof schema !== 'object') return;
        if (
          schema.type === 'string' &&
          schema.maxLength === undefined &&
          schema.enum === undefined
        )
          unbounded.push(path);
        if (schema.type === 'array' && schema.maxItems === undefined)
          unbounded.push(path);
        // Integers need bounds too, except compute_primes' limit, which the server caps (below).
        const capped = path === 'compute_primes.limit';
        if (
          schema.type === 'integer' &&
          !capped &&
          (schema.minimum === undefined || schema.maximum === undefined)
        )
          unbounded.push(path);
        for (const [key, sub] of Object.entries(schema.properties ?? {}))
          walk(sub, `${path}.${key}`);
        if (schema.items) walk(schema.items, `${path}[]`);
      };
      for (const tool of tools) walk(tool.inputSchema, tool.name);
      expect(unbounded).toEqual([]);
      const started = Date.now();
      const capped = await callTool(t.server, 'compute_primes', {
        limit: Number.MAX_SAFE_INTEGER,
      });
      expect(capped.structuredContent).toMatchObject({
        limit: 50_000,
        prime_count: 5133,
        capped: true,
      });
      expect(Date.now() - started).toBeLessThan(5_000);
      const tooLong = await callTool(t.server, 'echo', {
        message: 'x'.repeat(10_001),
      });
      expect(tooLong.isError).toBe(true);
      // tally: add within ±1,000,000, a handle of bounded length.
      for (const args of [
        { add: 1_000_001 },
        { add: -1_000_001 },
        { add: 1.5 },
        { handle: 'h'.repeat(5000) },
        { handle: '' },
      ]) {
        const refused = await callTool(t.server, 'tally', args);
        expect(refused.isError).toBe(true);
        expect(refused.content[0].text).toMatch(
          /Invalid arguments for tool tally/,
        );
      }
      expect(
        (await callTool(t.server, 'tally', { add: 1_000_000 }))
          .structuredContent.total,
      ).toBe(1_000_000);
    } finally {
      await t.close();
    }
  });

  it('answers "busy, retry" at once when the prime workers and their queue are full: the busy answer (503, Retry-After), as a refused request', async () => {
    const t = await startApp({
      PRIMES_WORKERS: '1',
      PRIMES_QUEUE_LIMIT: '1',
      COMPUTE_PRIMES_MAX: '100000000',
    });
    try {
      const calls = Array.from({ length: 5 }, async () => {
        const res = await mcp(t.server, 'tools/call', {
          name: 'compute_primes',
          arguments: { limit: 60_000_000 },
        });
        return { at: Date.now(), res };
      });
      const results = await Promise.all(calls);
      const busy = results.filter((r) => r.res.status === 503);
      const done = results.filter(
        (r) => r.res.status === 200 && r.res.body.result?.isError !== true,
      );
      // One running, one queued; the other three are refused without waiting for either.
      expect(done).toHaveLength(2);
      expect(busy).toHaveLength(3);
      for (const b of busy) {
        expect(b.res.headers['retry-after']).toBe('1');
        expect(b.res.body.error).toEqual({
          code: -32603,
          message: 'The server is busy counting primes; retry in a moment.',
          data: {
            retryable: true,
            retryAfterMs: 1000,
            scope: 'instance',
            reason: 'primes-pool',
          },
        });
        expect(b.at).toBeLessThan(Math.min(...done.map((d) => d.at)));
      }
      await expectStillCounting(t);
    } finally {
      await t.close();
    }
  });

  it('answers a request over MCP_REQUEST_TIMEOUT_MS with -32603/504 on time, and keeps serving', async () => {
    const t = await startApp({
      MCP_REQUEST_TIMEOUT_MS: '300',
      PRIMES_WORKERS: '1',
      COMPUTE_PRIMES_MAX: '100000000',
    });
    try {
      const started = Date.now();
      const slow = await mcp(t.server, 'tools/call', {
        name: 'compute_primes',
        arguments: { limit: 100_000_000 },
      });
      expect(slow.status).toBe(504);
      expect(slow.body).toMatchObject({
        error: { code: -32603, message: 'Request timed out' },
      });
      expect(Date.now() - started).toBeLessThan(2_000);
      await expectStillCounting(t);
    } finally {
      await t.close();
    }
  });
});
