import { describe, expect, it } from '@jest/globals';
import { McpClient } from './mcp.client.js';
import { McpTransportError } from './mcp-transport.error.js';
import { endpointUrl, notFoundHint } from './endpoint-url.js';
import { json, ok } from './testing/fake-fetch.js';

describe(endpointUrl.name, () => {
  it("takes a site's base URL (no path, or /) to mean its /mcp", () => {
    expect(endpointUrl('http://127.0.0.1:8000')).toBe(
      'http://127.0.0.1:8000/mcp',
    );
    expect(endpointUrl('https://app.azurewebsites.net/')).toBe(
      'https://app.azurewebsites.net/mcp',
    );
    expect(endpointUrl(new URL('http://h:1/?x=1'))).toBe('http://h:1/mcp?x=1');
  });

  it('keeps any other path as the endpoint itself', () => {
    expect(endpointUrl('http://h/mcp')).toBe('http://h/mcp');
    expect(endpointUrl('http://h/tenant/mcp/')).toBe('http://h/tenant/mcp/');
    expect(endpointUrl('http://h/api')).toBe('http://h/api');
  });

  it('says which URL answered 404 and suggests /mcp unless that was it', () => {
    expect(notFoundHint('http://h/api?x=1')).toBe(
      'HTTP 404 from POST http://h/api?x=1: no MCP endpoint there; MCP servers usually serve it at /mcp (try http://h/mcp)',
    );
    expect(notFoundHint('http://h/mcp')).toBe(
      'HTTP 404 from POST http://h/mcp: no MCP endpoint there (is this an MCP server?)',
    );
  });
});

describe('McpClient and the URL it is given', () => {
  /** A fetch that records where it was sent and answers `reply`. */
  const recording = (reply: (id: number) => Response) => {
    const urls: string[] = [];
    const fetch = (async (url: string, init: RequestInit) => {
      urls.push(String(url));
      return reply((JSON.parse(init.body as string) as { id: number }).id);
    }) as unknown as typeof globalThis.fetch;
    return { urls, fetch };
  };

  it('posts to /mcp when given the base URL', async () => {
    const { urls, fetch } = recording((id) => ok(id, {}));
    const client = new McpClient('http://127.0.0.1:8000', { fetch });
    expect(client.url).toBe('http://127.0.0.1:8000/mcp');
    await client.request('ping/custom');
    expect(urls).toEqual(['http://127.0.0.1:8000/mcp']);
  });

  it('turns a 404 that is not JSON-RPC into a hint naming the URL and /mcp', async () => {
    const { fetch } = recording(() =>
      json({ message: 'Cannot POST /api', statusCode: 404 }, 404),
    );
    const client = new McpClient('http://h/api', { fetch });
    const err = await client.request('ping/custom').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(McpTransportError);
    expect((err as McpTransportError).httpStatus).toBe(404);
    expect((err as Error).message).toMatch(
      /^HTTP 404 from POST http:\/\/h\/api: no MCP endpoint there; MCP servers usually serve it at \/mcp \(try http:\/\/h\/mcp\)\. The answer: HTTP 404: not a JSON-RPC response/,
    );
  });

  it('leaves a JSON-RPC 404 (unknown method) as the RPC error it is', async () => {
    const { fetch } = recording((id) =>
      json(
        {
          jsonrpc: '2.0',
          id,
          error: { code: -32601, message: 'Method not found' },
        },
        404,
      ),
    );
    const err = await new McpClient('http://h', { fetch })
      .request('nope/nope')
      .catch((e: unknown) => e);
    expect(err).not.toBeInstanceOf(McpTransportError);
    expect((err as { code: number }).code).toBe(-32601);
  });
});
