import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import {
  McpResource,
  McpResourceTemplate,
  type McpResourceOptions,
  type McpResourceTemplateOptions,
} from '../src/resources/index.js';
import { FACTS } from '../src/builtin/tools/facts.data.js';
import { LOGO_BYTES, TeamContentModule } from './fixtures/team-content.js';
import {
  decoratedClass,
  expectBootFailure,
} from './support/decorated-class.js';
import { startApp, type TestServer } from './support/mcp-app.js';
import { mcp, modernMeta, standardHeaders } from './support/mcp-request.js';

const TOPICS = Object.keys(FACTS).sort();
const ELICIT = {
  ...modernMeta(),
  'io.modelcontextprotocol/clientCapabilities': { elicitation: {} },
};

describe('resources (MCP server/resources, SEP-2549, SEP-2164)', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startApp({ MCP_LIST_TTL_MS: '1234', MCP_PAGE_SIZE: '3' }, [
      TeamContentModule,
    ]);
  });
  afterAll(() => t.close());

  /** Every page of a list method, following nextCursor. */
  async function listAll(method: string, key: string) {
    const pages: any[] = [];
    let cursor: string | undefined;
    do {
      const res = await mcp(t.server, method, cursor ? { cursor } : {});
      expect(res.status).toBe(200);
      pages.push(res.body.result);
      cursor = res.body.result.nextCursor;
    } while (cursor);
    return { pages, items: pages.flatMap((p) => p[key]) };
  }

  it('lists static resources and one resource per fact topic, page by page, each page with cache hints', async () => {
    const { pages, items } = await listAll('resources/list', 'resources');
    expect(pages.length).toBeGreaterThan(1);
    for (const page of pages)
      expect(page).toMatchObject({
        resultType: 'complete',
        ttlMs: 1234,
        cacheScope: 'public',
      });
    expect(items.map((r: { uri: string }) => r.uri)).toEqual([
      'team://crash',
      'team://logo.png',
      ...TOPICS.map((topic) => `facts://${topic}`),
    ]);
    expect(items).toContainEqual({
      uri: 'facts://mcp',
      name: 'fact-mcp',
      title: 'Fact: mcp',
      description: "The fact table's entry on mcp.",
      mimeType: 'text/plain',
      size: Buffer.byteLength(FACTS.mcp),
    });
    // Server-side options (cache overrides) are not published.
    expect(items).toContainEqual({
      uri: 'team://logo.png',
      name: 'logo',
      title: 'Team logo',
      mimeType: 'image/png',
    });
  });

  it('lists templates with cache hints and without their completion lists', async () => {
    const { items } = await listAll(
      'resources/templates/list',
      'resourceTemplates',
    );
    expect(items.map((x: { uriTemplate: string }) => x.uriTemplate)).toEqual([
      'facts://{topic}',
      'team://confidential/{doc}',
      'team://reports/{year}/{quarter}',
    ]);
    expect(items[0]).toMatchObject({ name: 'fact', mimeType: 'text/plain' });
    expect(items[0].completions).toBeUndefined();
  });

  it('refuses a cursor it did not mint with -32602', async () => {
    const res = await mcp(t.server, 'resources/list', { cursor: 'bogus' });
    expect(res.body.error.code).toBe(-32602);
  });

  it.each(TOPICS)(
    'reads facts://%s as text with cache hints',
    async (topic) => {
      const res = await mcp(t.server, 'resources/read', {
        uri: `facts://${topic}`,
      });
      expect(res.status).toBe(200);
      expect(res.body.result).toMatchObject({
        resultType: 'complete',
        contents: [
          {
            uri: `facts://${topic}`,
            mimeType: 'text/plain',
            text: FACTS[topic],
          },
        ],
        ttlMs: 1234,
        cacheScope: 'public',
      });
    },
  );

  it("reads binary contents as base64 blob, with the resource's own cache hints", async () => {
    const { result } = (
      await mcp(t.server, 'resources/read', { uri: 'team://logo.png' })
    ).body;
    expect(result).toMatchObject({ ttlMs: 0, cacheScope: 'private' });
    expect(result.contents).toEqual([
      {
        uri: 'team://logo.png',
        mimeType: 'image/png',
        blob: LOGO_BYTES.toString('base64'),
      },
    ]);
    expect(
      Buffer.from(result.contents[0].blob, 'base64').equals(LOGO_BYTES),
    ).toBe(true);
  });

  it('substitutes template variables and keeps per-content uri and mimeType', async () => {
    const { result } = (
      await mcp(t.server, 'resources/read', { uri: 'team://reports/2024/Q3' })
    ).body;
    expect(result.contents).toEqual([
      {
        uri: 'team://reports/2024/Q3',
        mimeType: 'application/json',
        text: '{"year":"2024","quarter":"Q3","revenue":42}',
      },
      {
        uri: 'team://reports/2024/Q3#raw',
        mimeType: 'text/csv',
        text: '2024,Q3,42',
      },
    ]);
  });

  it.each([
    ['a topic the fact table lacks', 'facts://nope'],
    ['a percent-encoded topic the fact table lacks', 'facts://no%20pe'],
    ['a value the template handler refuses', 'team://reports/2024/Q5'],
    ['a URI nothing matches', 'nothing://here'],
    ['a URI with characters a template variable cannot hold', 'facts://a/b'],
  ])(
    'answers %s with -32602 and data.uri, never empty contents',
    async (_what, uri) => {
      const res = await mcp(t.server, 'resources/read', { uri });
      expect(res.status).toBe(200);
      expect(res.body.result).toBeUndefined();
      expect(res.body.error).toEqual({
        code: -32602,
        message: expect.stringContaining('Resource not found'),
        data: { uri },
      });
    },
  );

  it.each([[{}], [{ uri: 7 }], [{ uri: '' }]])(
    'refuses params %j with -32602',
    async (params) => {
      // No Mcp-Name (lenient mode): the body itself is what is wrong.
      const res = await mcp(t.server, 'resources/read', params, {
        headers: standardHeaders('resources/read'),
      });
      expect(res.body.error.code).toBe(-32602);
    },
  );

  it('refuses an Mcp-Name header that disagrees with the uri (-32020)', async () => {
    const res = await mcp(
      t.server,
      'resources/read',
      { uri: 'facts://mcp' },
      { extraHeaders: { 'Mcp-Name': 'facts://handles' } },
    );
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe(-32020);
  });

  it('masks a handler failure as an internal error', async () => {
    const res = await mcp(t.server, 'resources/read', { uri: 'team://crash' });
    expect(res.status).toBe(500);
    expect(res.body.error).toEqual({ code: -32603, message: 'Internal error' });
    expect(res.text).not.toContain('hunter2');
  });

  it('lets a read ask for input first (MRTR), with sealed state and no cache hints on the interim result', async () => {
    const uri = 'team://confidential/plan';
    const first = (
      await mcp(t.server, 'resources/read', { uri, _meta: ELICIT })
    ).body.result;
    expect(first).toMatchObject({
      resultType: 'input_required',
      inputRequests: { confirm: { method: 'elicitation/create' } },
    });
    expect(first.ttlMs).toBeUndefined();
    const retry = await mcp(t.server, 'resources/read', {
      uri,
      _meta: ELICIT,
      inputResponses: { confirm: { action: 'accept', content: {} } },
      requestState: first.requestState,
    });
    expect(retry.body.result).toMatchObject({
      resultType: 'complete',
      contents: [{ uri, text: 'Contents of plan' }],
      ttlMs: 1234,
    });
    // The state is bound to the URI it was minted for.
    const replay = await mcp(t.server, 'resources/read', {
      uri: 'team://confidential/other',
      _meta: ELICIT,
      inputResponses: { confirm: { action: 'accept', content: {} } },
      requestState: first.requestState,
    });
    expect(replay.body.error.code).toBe(-32602);
  });

  it('refuses an input request for a capability the client did not declare (-32021)', async () => {
    const res = await mcp(t.server, 'resources/read', {
      uri: 'team://confidential/plan',
    });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({
      code: -32021,
      data: { requiredCapabilities: { elicitation: {} } },
    });
  });

  it('serves a legacy (2025-11-25) client in lenient mode', async () => {
    const res = await request(t.server)
      .post('/mcp')
      .set({
        'Content-Type': 'application/json',
        Accept: 'application/json, text/event-stream',
      })
      .send({
        jsonrpc: '2.0',
        id: 1,
        method: 'resources/read',
        params: { uri: 'facts://mcp' },
      });
    expect(res.body.result.contents[0].text).toBe(FACTS.mcp);
    expect(res.body.result.resultType).toBeUndefined();
  });
});

const resource = (options: object, withHandler = true) =>
  decoratedClass(
    McpResource,
    options as McpResourceOptions,
    withHandler ? 'read' : undefined,
  );
const template = (options: object) =>
  decoratedClass(
    McpResourceTemplate,
    options as McpResourceTemplateOptions,
    'read',
  );

describe('boot fails on a bad resource definition', () => {
  const twice = resource({ uri: 'x://both', name: 'both' });
  McpResourceTemplate({ uriTemplate: 'x://{both}', name: 'both' })(twice);
  it.each([
    [
      'a duplicate URI',
      [
        resource({ uri: 'dup://x', name: 'a' }),
        resource({ uri: 'dup://x', name: 'b' }),
      ],
      /Duplicate resource URI 'dup:\/\/x'/,
    ],
    [
      'a duplicate template',
      [
        template({ uriTemplate: 'x://{a}', name: 'a' }),
        template({ uriTemplate: 'x://{a}', name: 'b' }),
      ],
      /Duplicate resource template/,
    ],
    [
      'a template beyond level 1',
      [template({ uriTemplate: 'x://{+path}', name: 'reserved' })],
      /not a level-1 expression/,
    ],
    [
      'a template without variables',
      [template({ uriTemplate: 'x://fixed', name: 'fixed' })],
      /has no \{variable\}/,
    ],
    [
      'completions for a variable the template lacks',
      [
        template({
          uriTemplate: 'x://{a}',
          name: 'c',
          completions: { b: ['1'] },
        }),
      ],
      /not a variable of the template/,
    ],
    [
      'a URI that is not absolute',
      [resource({ uri: 'not a uri', name: 'bad' })],
      /absolute URI/,
    ],
    ['a missing name', [resource({ uri: 'x://nameless' })], /name is required/],
    [
      'a negative ttlMs',
      [resource({ uri: 'x://ttl', name: 'ttl', ttlMs: -1 })],
      /ttlMs must be an integer >= 0/,
    ],
    [
      'an unknown cacheScope',
      [resource({ uri: 'x://scope', name: 'scope', cacheScope: 'shared' })],
      /cacheScope must be/,
    ],
    [
      'a class without read()',
      [resource({ uri: 'x://no-read', name: 'no-read' }, false)],
      /has no read\(\) method/,
    ],
    [
      'a class marked both ways',
      [twice],
      /both @McpResource and @McpResourceTemplate/,
    ],
  ])('refuses %s', async (_what, providers, message) => {
    await expectBootFailure(providers, message);
  });
});
