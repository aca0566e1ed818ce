import { describe, expect, it } from '@jest/globals';
import {
  buildRequest,
  paramHeadersOf,
  mergeHeaders,
  nameOf,
  type RequestSpec,
} from './request.builder.js';

const TP = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
const spec = (over: Partial<RequestSpec> = {}): RequestSpec => ({
  id: 7,
  method: 'tools/call',
  params: { name: 'whoami', arguments: {} },
  protocolVersion: '2026-07-28',
  capabilities: {},
  clientInfo: { name: 'c', version: '1' },
  traceparent: TP,
  ...over,
});

describe('buildRequest (standard headers, request _meta)', () => {
  it('sends every standard header and the full _meta', () => {
    const built = buildRequest(spec());
    expect(built.headers).toEqual({
      'Content-Type': 'application/json',
      Accept: 'application/json, text/event-stream',
      'MCP-Protocol-Version': '2026-07-28',
      'Mcp-Method': 'tools/call',
      'Mcp-Name': 'whoami',
      traceparent: TP,
    });
    expect(JSON.parse(built.body)).toEqual({
      jsonrpc: '2.0',
      id: 7,
      method: 'tools/call',
      params: {
        name: 'whoami',
        arguments: {},
        _meta: {
          'io.modelcontextprotocol/protocolVersion': '2026-07-28',
          'io.modelcontextprotocol/clientCapabilities': {},
          'io.modelcontextprotocol/clientInfo': { name: 'c', version: '1' },
          traceparent: TP,
        },
      },
    });
  });

  it('names prompts and resources, base64-wrapping non-ASCII names', () => {
    expect(
      buildRequest(spec({ method: 'prompts/get', params: { name: 'grüße' } }))
        .headers['Mcp-Name'],
    ).toBe(`=?base64?${Buffer.from('grüße').toString('base64')}?=`);
    expect(
      buildRequest(
        spec({ method: 'resources/read', params: { uri: 'file:///a b' } }),
      ).headers['Mcp-Name'],
    ).toBe('file:///a b');
    expect(
      buildRequest(spec({ method: 'tools/list', params: { name: 'x' } }))
        .headers['Mcp-Name'],
    ).toBeUndefined();
  });

  it('mirrors x-mcp-header arguments as Mcp-Param-* headers', () => {
    const built = buildRequest(
      spec({
        params: {
          name: 'shout',
          arguments: {
            region: 'Zürich',
            priority: 3,
            loud: true,
            absent: null,
          },
        },
        paramHeaders: [
          { argument: 'region', header: 'Region' },
          { argument: 'priority', header: 'Priority' },
          { argument: 'loud', header: 'Loud' },
          { argument: 'absent', header: 'Absent' },
          { argument: 'missing', header: 'Missing' },
        ],
      }),
    );
    expect(built.headers).toMatchObject({
      'Mcp-Param-Region': `=?base64?${Buffer.from('Zürich').toString('base64')}?=`,
      'Mcp-Param-Priority': '3',
      'Mcp-Param-Loud': 'true',
    });
    expect(
      Object.keys(built.headers).filter((h) => h.startsWith('Mcp-Param-')),
    ).toHaveLength(3);
  });

  it('lets extra _meta and a caller traceparent win, mirrored in the header', () => {
    const other = '00-11111111111111111111111111111111-2222222222222222-01';
    const built = buildRequest(
      spec({
        meta: { progressToken: 'p1' },
        params: { name: 'whoami', _meta: { traceparent: other } },
      }),
    );
    expect(built.message.params._meta).toMatchObject({
      progressToken: 'p1',
      traceparent: other,
    });
    expect(built.headers.traceparent).toBe(other);
  });

  it('applies header overrides case-insensitively and removes on null', () => {
    const built = buildRequest(
      spec({
        headers: [
          { authorization: 'Bearer a' },
          { 'mcp-name': 'echo', 'MCP-METHOD': null },
        ],
      }),
    );
    expect(built.headers).toMatchObject({
      authorization: 'Bearer a',
      'mcp-name': 'echo',
    });
    expect(built.headers['Mcp-Name']).toBeUndefined();
    expect(
      Object.keys(built.headers).map((h) => h.toLowerCase()),
    ).not.toContain('mcp-method');
  });

  it('refuses cookies and session ids', () => {
    expect(() => buildRequest(spec({ headers: [{ Cookie: 'a=b' }] }))).toThrow(
      TypeError,
    );
    expect(() => mergeHeaders([{ 'MCP-Session-Id': 's' }])).toThrow(
      /never sends/,
    );
  });

  it('nameOf ignores non-string values', () => {
    expect(nameOf('tools/call', { name: 42 })).toBeUndefined();
  });

  it.each(['tasks/get', 'tasks/update', 'tasks/cancel'])(
    'nameOf(%s) is the taskId (SEP-2663)',
    (method) => {
      expect(nameOf(method, { taskId: 'tk_1', name: 'x' })).toBe('tk_1');
    },
  );

  it('nameOf leaves other task-shaped methods alone', () => {
    expect(nameOf('tasks/list', { taskId: 'tk_1' })).toBeUndefined();
  });
});

describe('paramHeadersOf (SEP-2243)', () => {
  it('lists the top-level arguments annotated with x-mcp-header', () => {
    const tool = {
      inputSchema: {
        properties: {
          region: { type: 'string', 'x-mcp-header': 'Region' },
          text: { type: 'string' },
        },
      },
    };
    expect(paramHeadersOf(tool)).toEqual([
      { argument: 'region', header: 'Region' },
    ]);
    expect(paramHeadersOf({})).toEqual([]);
  });
});
