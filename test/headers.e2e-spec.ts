import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startApp, type TestServer } from './support/mcp-app.js';
import { mcp, modernMeta, standardHeaders } from './support/mcp-request.js';

const b64 = (s: string) =>
  `=?base64?${Buffer.from(s, 'utf8').toString('base64')}?=`;

describe.each([
  ['lenient', {}],
  ['strict', { MCP_STRICT_HEADERS: '1' }],
])('%s mode: _meta, headers and versions (SEP-2575, SEP-2243)', (mode, env) => {
  const strict = mode === 'strict';
  let t: TestServer;
  beforeAll(async () => {
    t = await startApp(env);
  });
  afterAll(() => t.close());

  it.each([
    ['no _meta', undefined],
    [
      'no protocolVersion',
      { 'io.modelcontextprotocol/clientCapabilities': {} },
    ],
    [
      'no clientCapabilities',
      { 'io.modelcontextprotocol/protocolVersion': '2026-07-28' },
    ],
  ])(
    'answers a request with %s with -32602 and HTTP 400',
    async (_what, meta) => {
      const params = meta === undefined ? {} : { _meta: meta };
      const res = await mcp(t.server, 'tools/list', params, { noMeta: true });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe(-32602);
    },
  );

  it('does not require clientInfo', async () => {
    const meta = { ...modernMeta() };
    delete meta['io.modelcontextprotocol/clientInfo'];
    const res = await mcp(
      t.server,
      'tools/list',
      { _meta: meta },
      { noMeta: true },
    );
    expect(res.status).toBe(200);
  });

  it.each([
    ['Mcp-Method', { 'Mcp-Method': 'tools/call' }],
    ['Mcp-Method in another case', { 'Mcp-Method': 'TOOLS/LIST' }],
    ['MCP-Protocol-Version', { 'MCP-Protocol-Version': '2025-11-25' }],
  ])(
    'answers a disagreeing %s header with -32020 and HTTP 400',
    async (_what, headers) => {
      const res = await mcp(
        t.server,
        'tools/list',
        {},
        { extraHeaders: headers },
      );
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe(-32020);
    },
  );

  it('answers a disagreeing Mcp-Name with -32020 naming both values', async () => {
    const res = await mcp(
      t.server,
      'tools/call',
      { name: 'echo', arguments: { message: 'x' } },
      { extraHeaders: { 'Mcp-Name': 'whoami' } },
    );
    expect(res.status).toBe(400);
    expect(res.body.error).toEqual({
      code: -32020,
      message:
        "Header mismatch: Mcp-Name header value 'whoami' does not match body value 'echo'",
    });
  });

  it('checks header/body consistency before version support (-32020 before -32022)', async () => {
    const res = await mcp(t.server, 'tools/list', {
      _meta: { 'io.modelcontextprotocol/protocolVersion': 'v999.0.0' },
    });
    expect(res.body.error.code).toBe(-32020);
  });

  it('treats header names case-insensitively and trims surrounding whitespace', async () => {
    const res = await mcp(
      t.server,
      'tools/call',
      { name: 'echo', arguments: { message: 'x' } },
      {
        headers: {
          'content-type': 'application/json',
          'mcp-protocol-version': '2026-07-28',
          'MCP-METHOD': 'tools/call',
          'mcp-name': '  echo ',
        },
      },
    );
    expect(res.status).toBe(200);
  });

  it('decodes =?base64?…?= header values before comparing', async () => {
    expect(
      (
        await mcp(
          t.server,
          'tools/call',
          { name: 'echo', arguments: { message: 'x' } },
          { extraHeaders: { 'Mcp-Name': b64('echo') } },
        )
      ).status,
    ).toBe(200);
    const broken = await mcp(
      t.server,
      'tools/call',
      { name: 'echo', arguments: { message: 'x' } },
      { extraHeaders: { 'Mcp-Name': '=?base64?***?=' } },
    );
    expect(broken.body.error.code).toBe(-32020);
  });

  it.each([
    ['MCP-Protocol-Version', 'tools/list', {}],
    ['Mcp-Method', 'tools/list', {}],
    ['Mcp-Name', 'tools/call', { name: 'echo', arguments: { message: 'x' } }],
  ])(
    `${strict ? 'refuses' : 'accepts'} a request missing %s`,
    async (header, method, params) => {
      const headers = standardHeaders(
        method,
        (params as { name?: string }).name,
      );
      delete headers[header];
      const res = await mcp(t.server, method, params, { headers });
      if (strict) {
        expect(res.status).toBe(400);
        expect(res.body.error.code).toBe(-32020);
        expect(res.body.error.message).toContain(header);
      } else {
        expect(res.status).toBe(200);
      }
    },
  );

  it('answers an unsupported version with -32022 and data.supported/requested', async () => {
    const res = await mcp(
      t.server,
      'tools/list',
      { _meta: { 'io.modelcontextprotocol/protocolVersion': '1900-01-01' } },
      { extraHeaders: { 'MCP-Protocol-Version': '1900-01-01' } },
    );
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({
      code: -32022,
      data: {
        requested: '1900-01-01',
        supported: expect.arrayContaining(['2026-07-28']),
      },
    });
    const discover = await mcp(t.server, 'server/discover');
    expect(discover.body.result.supportedVersions).toEqual(
      expect.arrayContaining(res.body.error.data.supported),
    );
  });

  it.each([
    'initialize',
    'ping',
    'logging/setLevel',
    'resources/subscribe',
    'resources/unsubscribe',
    'no/such/method',
  ])('answers %s under 2026-07-28 with -32601 and HTTP 404', async (method) => {
    const res = await mcp(t.server, method, {});
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe(-32601);
  });
});
