import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Injectable, Module } from '@nestjs/common';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { z } from 'zod';
import { McpTool } from '../src/tools/index.js';
import { ZodToolsModule } from './fixtures/zod-tools.js';
import { startApp, type TestServer } from './support/mcp-app.js';
import { callTool, mcp } from './support/mcp-request.js';

const DIALECT = 'https://json-schema.org/draft/2020-12/schema';
const addFormats = ((addFormatsModule as unknown as { default?: unknown })
  .default ?? addFormatsModule) as (ajv: Ajv2020) => Ajv2020;
const TRACEPARENT = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';

/** Every `type` keyword in a schema, at any depth. */
function typeKeywords(schema: unknown): unknown[] {
  if (schema === null || typeof schema !== 'object') return [];
  const own = 'type' in schema ? [schema.type] : [];
  return [...own, ...Object.values(schema).flatMap(typeKeywords)];
}

describe('tools declared with zod: the input given once', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startApp({}, [ZodToolsModule]);
  });
  afterAll(() => t.close());

  const listed = async (name: string) =>
    (await mcp(t.server, 'tools/list')).body.result.tools.find(
      (tool: { name: string }) => tool.name === name,
    );

  it('publishes the zod schema as JSON Schema 2020-12 in tools/list', async () => {
    expect(await listed('greet')).toEqual({
      name: 'greet',
      description: 'Greets someone; every argument but name has a default.',
      inputSchema: {
        $schema: DIALECT,
        type: 'object',
        properties: {
          name: {
            type: 'string',
            minLength: 1,
            maxLength: 50,
            description: 'Who to greet',
          },
          greeting: {
            type: 'string',
            maxLength: 20,
            default: 'Hello',
            description: 'Word to greet with',
          },
          times: { type: 'integer', minimum: 1, maximum: 3, default: 1 },
          style: {
            type: 'object',
            properties: {
              punctuation: { type: 'string', enum: ['.', '!'], default: '!' },
            },
            additionalProperties: false,
          },
          misbehave: { type: 'boolean' },
        },
        required: ['name'],
        additionalProperties: false,
      },
      outputSchema: {
        $schema: DIALECT,
        type: 'object',
        properties: { text: { type: 'string' }, greeting: { type: 'string' } },
        required: ['text', 'greeting'],
        additionalProperties: false,
      },
    });
  });

  it('fills in defaults the client left out, nested ones too', async () => {
    expect(
      (await callTool(t.server, 'greet', { name: 'Ada' })).structuredContent,
    ).toEqual({ text: 'Hello, Ada', greeting: 'Hello' });
    expect(
      (
        await callTool(t.server, 'greet', {
          name: 'Ada',
          times: 2,
          style: {},
        })
      ).structuredContent,
    ).toEqual({ text: 'Hello, Ada! Hello, Ada!', greeting: 'Hello' });
    expect(
      (await callTool(t.server, 'greet', { name: 'Ada', greeting: 'Hi' }))
        .structuredContent,
    ).toEqual({ text: 'Hi, Ada', greeting: 'Hi' });
  });

  it('fills defaults in when the call has no arguments at all, afresh for every call', async () => {
    for (let i = 0; i < 2; i++) {
      const res = await mcp(t.server, 'tools/call', { name: 'settings' });
      expect(res.body.result.structuredContent).toEqual({
        units: 'metric',
        tags: [],
      });
    }
  });

  it.each([
    [{ name: 5 }, /arguments\/name must be string/],
    [{ name: 'Ada', times: 4 }, /arguments\/times must be <= 3/],
    [
      { name: 'Ada', style: { punctuation: '?' } },
      /arguments\/style\/punctuation must be equal to one of/,
    ],
    [{ name: 'Ada', colour: 'red' }, /additional properties \('colour'\)/],
    [{}, /required property 'name'/],
  ])(
    'answers %j with an isError result naming the field',
    async (args, pattern) => {
      const result = await callTool(t.server, 'greet', args);
      expect(result.isError).toBe(true);
      expect(result.content[0].text).toMatch(
        /^Invalid arguments for tool greet: /,
      );
      expect(result.content[0].text).toMatch(pattern);
    },
  );

  it('refuses to publish a result that breaks the zod output schema', async () => {
    const result = await callTool(t.server, 'greet', {
      name: 'Ada',
      misbehave: true,
    });
    expect(result).toMatchObject({
      isError: true,
      content: [
        { type: 'text', text: 'Tool greet produced an invalid result.' },
      ],
    });
  });
});

describe('the built-in tools publish their zod schemas', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startApp();
  });
  afterAll(() => t.close());

  it('keeps their inputs: properties, bounds, defaults, descriptions and no extra properties', async () => {
    const tools = (await mcp(t.server, 'tools/list')).body.result.tools;
    const input = (name: string) =>
      tools.find((tool: { name: string }) => tool.name === name).inputSchema;
    expect(input('echo')).toEqual({
      $schema: DIALECT,
      type: 'object',
      properties: {
        message: {
          type: 'string',
          maxLength: 10_000,
          description: 'Message to echo',
        },
      },
      required: ['message'],
      additionalProperties: false,
    });
    expect(input('compute_primes').properties.limit).toMatchObject({
      type: 'integer',
      default: 5000,
      description: 'Upper bound (default 5000, capped by the server)',
    });
    expect(input('tally').properties.add).toEqual({
      type: 'integer',
      minimum: -1_000_000,
      maximum: 1_000_000,
      default: 1,
      description: 'Amount to add',
    });
    expect(input('whoami')).toEqual({
      $schema: DIALECT,
      type: 'object',
      properties: {},
      additionalProperties: false,
    });
  });

  it('publishes schemas a strict 2020-12 validator compiles, with no type arrays, and results that pass them', async () => {
    const ajv = new Ajv2020({ strict: true, strictRequired: true });
    addFormats(ajv);
    const tools = (await mcp(t.server, 'tools/list')).body.result.tools;
    for (const tool of tools) {
      for (const schema of [tool.inputSchema, tool.outputSchema]) {
        expect(() => ajv.compile(schema)).not.toThrow();
        expect(typeKeywords(schema).filter(Array.isArray)).toEqual([]);
      }
    }
    const whoami = tools.find(
      (tool: { name: string }) => tool.name === 'whoami',
    );
    const validate = ajv.compile(whoami.outputSchema);
    for (const meta of [{}, { traceparent: TRACEPARENT }]) {
      const result = (
        await mcp(t.server, 'tools/call', { name: 'whoami', _meta: meta })
      ).body.result;
      expect(result.isError).toBeUndefined();
      expect(validate(result.structuredContent)).toBe(true);
    }
  });

  it("types whoami's trace_id as anyOf string or null, not a type array", async () => {
    const tools = (await mcp(t.server, 'tools/list')).body.result.tools;
    const whoami = tools.find(
      (tool: { name: string }) => tool.name === 'whoami',
    );
    expect(whoami.outputSchema.properties.trace_id).toEqual({
      anyOf: [{ type: 'string', pattern: '^[0-9a-f]{32}$' }, { type: 'null' }],
      description: expect.any(String),
    });
  });
});

@Injectable()
class Handler {
  execute() {
    return {};
  }
}

describe('boot fails on a schema JSON Schema cannot carry, naming the tool and its class', () => {
  @McpTool({
    name: 'refined',
    description: 'x',
    input: z.object({ code: z.string().refine((s) => s.startsWith('A')) }),
  })
  class RefinedTool extends Handler {}

  @McpTool({
    name: 'transformed',
    description: 'x',
    input: z.object({ n: z.string().transform(Number) }),
  })
  class TransformedTool extends Handler {}

  @McpTool({
    name: 'twice',
    description: 'x',
    input: z.object({}),
    inputSchema: { type: 'object' },
  } as never)
  class TwiceDeclaredTool extends Handler {}

  it.each([
    [
      RefinedTool,
      /Tool 'refined' \(RefinedTool\) input: a refinement .* at \.code/,
    ],
    [
      TransformedTool,
      /Tool 'transformed' \(TransformedTool\) input: a transform .* at \.n/,
    ],
    [
      TwiceDeclaredTool,
      /Tool 'twice' \(TwiceDeclaredTool\): declares both input and inputSchema/,
    ],
  ])('refuses %p', async (tool, message) => {
    @Module({ providers: [tool] })
    class BadModule {}
    await expect(startApp({}, [BadModule])).rejects.toThrow(message);
  });
});
