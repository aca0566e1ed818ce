import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { McpPrompt, type McpPromptOptions } from '../src/prompts/index.js';
import { FACTS } from '../src/builtin/tools/facts.data.js';
import { LOGO_BYTES, TeamContentModule } from './fixtures/team-content.js';
import {
  decoratedClass,
  expectBootFailure,
} from './support/decorated-class.js';
import { startApp, type TestServer } from './support/mcp-app.js';
import { mcp, modernMeta, standardHeaders } from './support/mcp-request.js';

const ELICIT = {
  ...modernMeta(),
  'io.modelcontextprotocol/clientCapabilities': { elicitation: {} },
};

describe('prompts (MCP server/prompts)', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startApp({ MCP_CACHE_SCOPE: 'private' }, [TeamContentModule]);
  });
  afterAll(() => t.close());

  const get = (
    name: string,
    args?: unknown,
    extra: Record<string, unknown> = {},
  ) =>
    mcp(t.server, 'prompts/get', {
      name,
      ...(args === undefined ? {} : { arguments: args }),
      ...extra,
    });

  it('lists built-in and team prompts by name, arguments without completion lists, with cache hints', async () => {
    const { result } = (await mcp(t.server, 'prompts/list')).body;
    expect(result).toMatchObject({
      resultType: 'complete',
      ttlMs: 300_000,
      cacheScope: 'private',
    });
    expect(result.prompts.map((p: { name: string }) => p.name)).toEqual([
      'check_load_distribution',
      'explain_fact',
      'team_broken',
      'team_greeting',
      'team_interview',
      'team_pick',
    ]);
    expect(
      result.prompts.find((p: { name: string }) => p.name === 'team_greeting'),
    ).toEqual({
      name: 'team_greeting',
      title: 'Greeting',
      description: 'Greets a colleague, with the team logo.',
      arguments: [
        { name: 'name', description: 'Who to greet', required: true },
        { name: 'style', description: 'How to greet' },
      ],
    });
  });

  it('renders explain_fact: the fact resource embedded, then the instruction', async () => {
    const { result } = (
      await get('explain_fact', { topic: ' MCP ', audience: 'manager' })
    ).body;
    expect(result.resultType).toBe('complete');
    expect(result.description).toMatch(/Explain a topic of the fact table/);
    expect(result.messages).toEqual([
      {
        role: 'user',
        content: {
          type: 'resource',
          resource: {
            uri: 'facts://mcp',
            mimeType: 'text/plain',
            text: FACTS.mcp,
          },
        },
      },
      {
        role: 'user',
        content: {
          type: 'text',
          text: expect.stringContaining('explain "mcp" to a manager'),
        },
      },
    ]);
  });

  it('renders check_load_distribution with whoami steps, tally steps only when tally exists', async () => {
    const tools = (await mcp(t.server, 'tools/list')).body.result.tools.map(
      (x: { name: string }) => x.name,
    );
    const { result } = (await get('check_load_distribution', { calls: '5' }))
      .body;
    const text = result.messages[0].content.text as string;
    expect(result.messages[0].role).toBe('user');
    expect(text).toContain('Call the whoami tool 5 times');
    expect(text.includes('tally')).toBe(tools.includes('tally'));
    expect(
      (await get('check_load_distribution')).body.result.messages[0].content
        .text,
    ).toContain('whoami tool 10 times');
  });

  it('passes description, text and image messages of a team prompt through', async () => {
    const { result } = (
      await get('team_greeting', { name: 'Ada', style: 'witty', ignored: 'x' })
    ).body;
    expect(result).toEqual({
      resultType: 'complete',
      description: 'A witty greeting for Ada',
      messages: [
        {
          role: 'user',
          content: { type: 'text', text: 'Write a witty greeting for Ada.' },
        },
        {
          role: 'assistant',
          content: {
            type: 'image',
            data: LOGO_BYTES.toString('base64'),
            mimeType: 'image/png',
          },
        },
      ],
      _meta: expect.any(Object),
    });
  });

  it('answers a missing required argument with -32602 naming it', async () => {
    const res = await get('explain_fact', { audience: 'manager' });
    expect(res.status).toBe(200);
    expect(res.body.error).toEqual({
      code: -32602,
      message: 'Missing required argument: topic',
      data: { missing: ['topic'] },
    });
    expect((await get('team_greeting')).body.error.code).toBe(-32602);
  });

  it.each([
    ['a non-string argument value', { topic: 5 }],
    ['a null argument value', { topic: null }],
    ['arguments that are an array', ['mcp']],
    ['arguments that are a string', 'mcp'],
  ])('answers %s with -32602', async (_what, args) => {
    const res = await get('explain_fact', args);
    expect(res.body.error.code).toBe(-32602);
  });

  it.each([
    ['an unknown topic', 'explain_fact', { topic: 'nope' }, 'topic'],
    [
      'calls out of range',
      'check_load_distribution',
      { calls: '101' },
      'calls',
    ],
    [
      'calls that is not a number',
      'check_load_distribution',
      { calls: 'ten' },
      'calls',
    ],
  ])(
    'answers %s with -32602 and data.argument',
    async (_what, name, args, argument) => {
      const res = await get(name, args);
      expect(res.body.error).toMatchObject({
        code: -32602,
        data: { argument },
      });
    },
  );

  it('answers an unknown prompt with -32602', async () => {
    const res = await get('no_such_prompt');
    expect(res.status).toBe(200);
    expect(res.body.error.code).toBe(-32602);
  });

  it('masks a prompt that returns malformed messages', async () => {
    const res = await get('team_broken');
    expect(res.status).toBe(500);
    expect(res.body.error).toEqual({ code: -32603, message: 'Internal error' });
    expect(res.text).not.toContain('hunter2');
  });

  it('lets a prompt ask for input first (MRTR) and finish on the retry', async () => {
    const first = (await get('team_interview', undefined, { _meta: ELICIT }))
      .body.result;
    expect(first).toMatchObject({
      resultType: 'input_required',
      inputRequests: { role: { method: 'elicitation/create' } },
    });
    const retry = await get('team_interview', undefined, {
      _meta: ELICIT,
      inputResponses: {
        role: { action: 'accept', content: { role: 'pilot' } },
      },
      requestState: first.requestState,
    });
    expect(retry.body.result.messages[0].content.text).toBe(
      'Interview questions for a pilot.',
    );
  });

  it('refuses a prompt input request the client cannot answer (-32021)', async () => {
    const res = await get('team_interview');
    expect(res.body.error).toMatchObject({
      code: -32021,
      data: { requiredCapabilities: { elicitation: {} } },
    });
  });

  it('requires Mcp-Name to match the prompt name (-32020)', async () => {
    const res = await mcp(
      t.server,
      'prompts/get',
      { name: 'team_pick', arguments: { n: '1' } },
      { extraHeaders: { 'Mcp-Name': 'explain_fact' } },
    );
    expect(res.body.error.code).toBe(-32020);
  });

  it('serves a legacy (2025-11-25) client in lenient mode', async () => {
    const res = await request(t.server)
      .post('/mcp')
      .set({ 'Content-Type': 'application/json', Accept: 'application/json' })
      .send({
        jsonrpc: '2.0',
        id: 1,
        method: 'prompts/get',
        params: { name: 'team_pick', arguments: { n: '3' } },
      });
    expect(res.body.result).toEqual({
      description: 'Picks a number.',
      messages: [{ role: 'user', content: { type: 'text', text: 'Pick 3.' } }],
    });
  });

  it('keeps prompts/get out of the list cache: no cache hints on it', async () => {
    const res = await mcp(
      t.server,
      'prompts/get',
      { name: 'team_pick', arguments: { n: '1' } },
      { headers: standardHeaders('prompts/get', 'team_pick') },
    );
    expect(res.body.result.ttlMs).toBeUndefined();
  });
});

const prompt = (options: object, withHandler = true) =>
  decoratedClass(
    McpPrompt,
    options as McpPromptOptions,
    withHandler ? 'get' : undefined,
  );

describe('boot fails on a bad prompt definition', () => {
  it.each([
    [
      'a duplicate name',
      [
        prompt({ name: 'twice', description: 'a' }),
        prompt({ name: 'twice', description: 'b' }),
      ],
      /Duplicate prompt name 'twice'/,
    ],
    [
      'an invalid name',
      [prompt({ name: 'bad name!', description: 'x' })],
      /name must be/,
    ],
    [
      'a duplicate argument',
      [
        prompt({
          name: 'dup_args',
          description: 'x',
          arguments: [{ name: 'a' }, { name: 'a' }],
        }),
      ],
      /argument 'a' is declared twice/,
    ],
    [
      'an unnamed argument',
      [prompt({ name: 'anon_arg', description: 'x', arguments: [{}] })],
      /every argument needs a name/,
    ],
    [
      'a missing description',
      [prompt({ name: 'no_description' })],
      /description is required/,
    ],
    [
      'a class without get()',
      [prompt({ name: 'no_get', description: 'x' }, false)],
      /has no get\(\) method/,
    ],
  ])('refuses %s', async (_what, providers, message) => {
    await expectBootFailure(providers, message);
  });
});
