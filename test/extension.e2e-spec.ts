import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Injectable, Module } from '@nestjs/common';
import { McpTool } from '../src/tools/index.js';
import { ExtraToolsModule, ShoutTool } from './fixtures/extra-tools.js';
import { startApp, type TestServer } from './support/mcp-app.js';
import { callTool, mcp } from './support/mcp-request.js';

describe('adding a tool is adding a class (@McpTool)', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startApp({}, [ExtraToolsModule]);
  });
  afterAll(() => t.close());

  it('lists and calls a tool registered in a test module', async () => {
    const names = (await mcp(t.server, 'tools/list')).body.result.tools.map(
      (x: { name: string }) => x.name,
    );
    expect(names).toContain('shout');
    expect(
      (await callTool(t.server, 'shout', { text: 'hi' })).structuredContent,
    ).toEqual({ text: 'HI' });
  });

  it('turns a ToolError into an isError result with its message and details', async () => {
    const result = await callTool(t.server, 'shout', {
      text: 'x',
      mode: 'fail',
    });
    expect(result).toMatchObject({
      isError: true,
      content: [{ type: 'text', text: 'Nothing to shout about.' }],
    });
    expect(result.structuredContent.error).toEqual({
      message: 'Nothing to shout about.',
      retryable: false,
    });
  });

  it('masks an unexpected exception: no message, no stack, no secret', async () => {
    const res = await mcp(t.server, 'tools/call', {
      name: 'shout',
      arguments: { text: 'x', mode: 'crash' },
    });
    expect(res.status).toBe(200);
    expect(res.body.result.isError).toBe(true);
    expect(res.text).not.toContain('hunter2');
    expect(res.text).not.toContain('at ');
  });

  it("refuses to publish output that breaks the tool's outputSchema", async () => {
    const result = await callTool(t.server, 'shout', {
      text: 'x',
      mode: 'bad-output',
    });
    expect(result.isError).toBe(true);
    expect(JSON.stringify(result)).not.toContain('42');
  });

  it('passes explicit content blocks through', async () => {
    const result = await callTool(t.server, 'shout', {
      text: 'x',
      mode: 'blocks',
    });
    expect(result.content).toEqual([
      { type: 'text', text: 'a' },
      { type: 'image', data: 'AAAA', mimeType: 'image/png' },
    ]);
  });

  describe('Mcp-Param-* headers for x-mcp-header arguments (SEP-2243)', () => {
    const call = (
      args: Record<string, unknown>,
      headers: Record<string, string>,
    ) =>
      mcp(
        t.server,
        'tools/call',
        { name: 'shout', arguments: { text: 'x', ...args } },
        { extraHeaders: headers },
      );

    it('accepts matching headers, comparing integers numerically and decoding base64', async () => {
      expect(
        (
          await call(
            { region: 'eu-west', priority: 7 },
            { 'Mcp-Param-Region': 'eu-west', 'mcp-param-priority': '7' },
          )
        ).status,
      ).toBe(200);
      const b64 = `=?base64?${Buffer.from('zürich').toString('base64')}?=`;
      expect(
        (await call({ region: 'zürich' }, { 'Mcp-Param-Region': b64 })).status,
      ).toBe(200);
    });

    it.each([
      [{ region: 'eu-west' }, { 'Mcp-Param-Region': 'us-east' }],
      [{ priority: 7 }, { 'Mcp-Param-Priority': '8' }],
      [{ priority: 7 }, { 'Mcp-Param-Priority': 'seven' }],
      [{}, { 'Mcp-Param-Region': 'eu-west' }],
    ])('answers %j with headers %j with -32020', async (args, headers) => {
      const res = await call(args, headers);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe(-32020);
    });

    it('accepts a missing Mcp-Param header in lenient mode', async () => {
      expect((await call({ region: 'eu-west' }, {})).status).toBe(200);
    });
  });
});

describe('strict mode requires Mcp-Param-* headers', () => {
  it('refuses a call whose x-mcp-header argument has no header', async () => {
    const t = await startApp({ MCP_STRICT_HEADERS: 'true' }, [
      ExtraToolsModule,
    ]);
    try {
      const res = await mcp(t.server, 'tools/call', {
        name: 'shout',
        arguments: { text: 'x', region: 'eu' },
      });
      expect(res.body.error.code).toBe(-32020);
    } finally {
      await t.close();
    }
  });
});

@McpTool({
  name: 'echo',
  description: 'a second echo',
  inputSchema: { type: 'object' },
})
@Injectable()
class DuplicateEcho {
  execute() {
    return {};
  }
}

@McpTool({
  name: 'bad name!',
  description: 'invalid',
  inputSchema: { type: 'object' },
})
@Injectable()
class BadName {
  execute() {
    return {};
  }
}

@McpTool({
  name: 'no_object',
  description: 'root is not an object',
  inputSchema: { type: 'string' },
})
@Injectable()
class NotObject {
  execute() {
    return {};
  }
}

@McpTool({
  name: 'draft7',
  description: 'other dialect',
  inputSchema: {
    $schema: 'http://json-schema.org/draft-07/schema#',
    type: 'object',
  },
})
@Injectable()
class OtherDialect {
  execute() {
    return {};
  }
}

describe('boot fails on a bad tool definition', () => {
  it.each([
    ['a duplicate name', DuplicateEcho, /Duplicate tool name 'echo'/],
    ['an invalid name', BadName, /name must be/],
    ['a non-object input schema', NotObject, /type "object"/],
    ['an unsupported dialect', OtherDialect, /unsupported JSON Schema dialect/],
  ])('refuses %s', async (_what, tool, message) => {
    @Module({ providers: [tool] })
    class BadModule {}
    await expect(startApp({}, [BadModule])).rejects.toThrow(message);
  });

  it('keeps the registered fixture class importable for unit use', () => {
    expect(new ShoutTool().execute({ text: 'a' })).toEqual({ text: 'A' });
  });
});

describe('request-scoped SSE (Streamable HTTP)', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startApp({}, [ExtraToolsModule]);
  });
  afterAll(() => t.close());

  const events = (text: string) =>
    text
      .split('\n\n')
      .filter((e) => e.startsWith('data: '))
      .map((e) => JSON.parse(e.slice('data: '.length)));

  it('streams progress and log notifications at or above the requested level, then the response', async () => {
    const res = await mcp(t.server, 'tools/call', {
      name: 'shout',
      arguments: { text: 'x', mode: 'progress' },
      _meta: {
        progressToken: 'p-1',
        'io.modelcontextprotocol/logLevel': 'info',
      },
    });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/event-stream');
    expect(res.headers['x-accel-buffering']).toBe('no');
    const [progress, log, final, ...rest] = events(res.text);
    expect(progress).toEqual({
      jsonrpc: '2.0',
      method: 'notifications/progress',
      params: {
        progressToken: 'p-1',
        progress: 1,
        total: 2,
        message: 'half way',
      },
    });
    expect(log).toEqual({
      jsonrpc: '2.0',
      method: 'notifications/message',
      params: { level: 'warning', data: { note: 'shouting' } },
    });
    expect(final.result.structuredContent).toEqual({ text: 'X' });
    expect(rest).toEqual([]);
  });

  it('answers plain JSON when nothing is emitted or the client does not accept SSE', async () => {
    const quiet = await mcp(t.server, 'tools/call', {
      name: 'shout',
      arguments: { text: 'x', mode: 'progress' },
    });
    expect(quiet.headers['content-type']).toBe('application/json');
    const jsonOnly = await mcp(
      t.server,
      'tools/call',
      {
        name: 'shout',
        arguments: { text: 'x', mode: 'progress' },
        _meta: { progressToken: 'p-2' },
      },
      { extraHeaders: { Accept: 'application/json' } },
    );
    expect(jsonOnly.headers['content-type']).toBe('application/json');
    expect(jsonOnly.body.result.structuredContent).toEqual({ text: 'X' });
  });

  it('answers an invalid log level with -32602', async () => {
    const res = await mcp(t.server, 'tools/call', {
      name: 'shout',
      arguments: { text: 'x' },
      _meta: { 'io.modelcontextprotocol/logLevel': 'loud' },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe(-32602);
  });
});
