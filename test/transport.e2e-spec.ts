import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { connect } from 'node:net';
import { startApp, type TestServer } from './support/mcp-app.js';
import { mcp, modernMeta, standardHeaders } from './support/mcp-request.js';

describe('POST /mcp transport (Streamable HTTP: Origin, envelope, notifications)', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startApp({
      MCP_MAX_BODY_BYTES: '4096',
      MCP_ALLOWED_ORIGINS: 'https://app.example.com',
    });
  });
  afterAll(() => t.close());

  const post = (
    body: string,
    headers: Record<string, string> = standardHeaders('tools/list'),
  ) => request(t.server).post('/mcp').set(headers).send(body);

  it('answers invalid JSON with -32700 and HTTP 400', async () => {
    const res = await post('{"jsonrpc":"2.0",');
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      jsonrpc: '2.0',
      id: null,
      error: { code: -32700, message: expect.any(String) },
    });
  });

  it.each([
    ['a batch', '[{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{}}]'],
    ['a non-object', '"tools/list"'],
    ['null', 'null'],
    ['a JSON-RPC response', '{"jsonrpc":"2.0","id":1,"result":{}}'],
    [
      'a message without jsonrpc 2.0',
      '{"jsonrpc":"1.0","id":1,"method":"tools/list","params":{}}',
    ],
    ['a non-string method', '{"jsonrpc":"2.0","id":1,"method":7,"params":{}}'],
    [
      'array params',
      '{"jsonrpc":"2.0","id":1,"method":"tools/list","params":[]}',
    ],
    [
      'a null id',
      '{"jsonrpc":"2.0","id":null,"method":"tools/list","params":{}}',
    ],
  ])('answers %s with -32600 and HTTP 400', async (_what, body) => {
    const res = await post(body);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe(-32600);
  });

  it('answers an oversized body with 413 and a JSON-RPC error, without reading it all', async () => {
    const big = JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'tools/list',
      params: { pad: 'x'.repeat(8000) },
    });
    const res = await post(big);
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe(-32600);
    expect(res.body.error.message).toContain('4096');
  });

  it('answers a chunked oversized body (no Content-Length) with 413', async () => {
    const port = (t.server.address() as { port: number }).port;
    const reply = await new Promise<string>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.write(
          'POST /mcp HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n',
        );
        const chunk = 'x'.repeat(3000);
        for (let i = 0; i < 3; i++)
          socket.write(`${chunk.length.toString(16)}\r\n${chunk}\r\n`);
      });
      let data = '';
      socket.on('data', (d) => (data += d.toString()));
      socket.on('close', () => resolve(data));
      socket.on('error', () => resolve(data));
    });
    expect(reply).toMatch(/^HTTP\/1\.1 413/);
  });

  it('acknowledges a notification with 202 and no body', async () => {
    const res = await post(
      '{"jsonrpc":"2.0","method":"notifications/initialized"}',
    );
    expect(res.status).toBe(202);
    expect(res.text).toBe('');
  });

  it.each(['get', 'delete'] as const)(
    'answers %s /mcp with 405',
    async (verb) => {
      const res = await request(t.server)[verb]('/mcp');
      expect(res.status).toBe(405);
      expect(res.headers.allow).toBe('POST');
    },
  );

  it('sends no ETag, no X-Powered-By and never mints or echoes a session id', async () => {
    const res = await mcp(
      t.server,
      'tools/list',
      {},
      { extraHeaders: { 'Mcp-Session-Id': 'abc' } },
    );
    expect(res.status).toBe(200);
    expect(res.headers.etag).toBeUndefined();
    expect(res.headers['x-powered-by']).toBeUndefined();
    expect(res.headers['mcp-session-id']).toBeUndefined();
    const health = await request(t.server).get('/healthz');
    expect(health.headers['x-powered-by']).toBeUndefined();
  });

  it('refuses a foreign Origin with 403 and accepts local and configured ones', async () => {
    const call = (origin: string) =>
      mcp(t.server, 'tools/list', {}, { extraHeaders: { Origin: origin } });
    expect((await call('https://evil.example')).status).toBe(403);
    expect((await call('null')).status).toBe(403);
    expect((await call('http://localhost:6274')).status).toBe(200);
    expect((await call('https://app.example.com')).status).toBe(200);
  });

  it('refuses a non-local Host on a loopback listener (DNS rebinding)', async () => {
    const res = await mcp(
      t.server,
      'tools/list',
      {},
      { extraHeaders: { Host: 'evil.example:80' } },
    );
    expect(res.status).toBe(403);
    expect(
      (
        await mcp(
          t.server,
          'tools/list',
          {},
          { extraHeaders: { Host: 'localhost:9' } },
        )
      ).status,
    ).toBe(200);
  });

  it('carries the request id on every error', async () => {
    const res = await post(
      JSON.stringify({
        jsonrpc: '2.0',
        id: 'abc',
        method: 'nope',
        params: { _meta: modernMeta() },
      }),
      standardHeaders('nope'),
    );
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ id: 'abc', error: { code: -32601 } });
  });
});

describe('allowed origins on App Service', () => {
  it("allows the site's own https origin from WEBSITE_HOSTNAME", async () => {
    const t = await startApp({
      WEBSITE_HOSTNAME: 'mcp-demo.azurewebsites.net',
    });
    try {
      const ok = await mcp(
        t.server,
        'tools/list',
        {},
        { extraHeaders: { Origin: 'https://mcp-demo.azurewebsites.net' } },
      );
      expect(ok.status).toBe(200);
    } finally {
      await t.close();
    }
  });
});

describe('limits', () => {
  it('refuses deeply nested JSON with -32600 and abandons slow requests with -32603/504', async () => {
    const t = await startApp({
      MCP_REQUEST_TIMEOUT_MS: '200',
      COMPUTE_PRIMES_MAX: '100000000',
      PRIMES_WORKERS: '1',
    });
    try {
      const deep = `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"echo","arguments":{"message":${'['.repeat(5000)}${']'.repeat(5000)}}}}`;
      const res = await request(t.server)
        .post('/mcp')
        .set(standardHeaders('tools/call', 'echo'))
        .send(deep);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe(-32600);
      const slow = await mcp(t.server, 'tools/call', {
        name: 'compute_primes',
        arguments: { limit: 100000000 },
      });
      expect(slow.status).toBe(504);
      expect(slow.body.error).toEqual({
        code: -32603,
        message: 'Request timed out',
      });
    } finally {
      await t.close();
    }
  });
});
