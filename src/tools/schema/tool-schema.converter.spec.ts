import { describe, expect, it } from '@jest/globals';
import { z } from 'zod';
import * as zm from 'zod/mini';
import { ToolDefinitionError } from '../tool.errors.js';
import type { McpToolOptions } from '../tool-options.interface.js';
import type { StandardSchemaV1 } from './standard-schema.interface.js';
import { toolDescriptor } from './tool-schema.converter.js';
import type { ToolArgs, ToolOutput } from './tool-schema.types.js';

const WHERE = "Tool 'greet' (GreetTool)";
const DIALECT = 'https://json-schema.org/draft/2020-12/schema';

const GreetInput = z.strictObject({
  name: z.string().max(50).describe('Who to greet'),
  greeting: z.string().default('Hello'),
  times: z.int().min(1).max(3).optional(),
});
const GreetOutput = z.object({
  text: z.string(),
  loud: z.boolean().default(false),
});

// Compile-time checks: `execute` gets the output type after defaults.
type Equal<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2
    ? true
    : false;
const argsAreInferred: Equal<
  ToolArgs<typeof GreetInput>,
  { name: string; greeting: string; times?: number | undefined }
> = true;
const outputIsInferred: Equal<
  ToolOutput<typeof GreetOutput>,
  { text: string; loud: boolean }
> = true;

const describeWith = (options: Record<string, unknown>) =>
  toolDescriptor(
    { name: 'greet', description: 'Greets.', ...options } as McpToolOptions,
    WHERE,
  );

describe(toolDescriptor.name, () => {
  it('infers execute argument and result types from the schemas', () => {
    expect([argsAreInferred, outputIsInferred]).toEqual([true, true]);
  });

  it('publishes a zod input as JSON Schema 2020-12: defaults optional and declared, descriptions kept', () => {
    const descriptor = describeWith({ input: GreetInput, title: 'Greet' });
    expect(descriptor).toEqual({
      name: 'greet',
      title: 'Greet',
      description: 'Greets.',
      inputSchema: {
        $schema: DIALECT,
        type: 'object',
        properties: {
          name: { type: 'string', maxLength: 50, description: 'Who to greet' },
          greeting: { type: 'string', default: 'Hello' },
          times: { type: 'integer', minimum: 1, maximum: 3 },
        },
        required: ['name'],
        additionalProperties: false,
      },
    });
    expect(Object.isFrozen(descriptor)).toBe(true);
    expect(descriptor).not.toHaveProperty('input');
  });

  it('publishes a zod output as what the client receives: defaulted fields required', () => {
    const { outputSchema } = describeWith({
      input: GreetInput,
      output: GreetOutput,
    });
    expect(outputSchema).toMatchObject({
      type: 'object',
      properties: { loud: { type: 'boolean', default: false } },
      required: ['text', 'loud'],
    });
  });

  it('passes JSON Schema literals through untouched', () => {
    const inputSchema = {
      type: 'object',
      properties: { a: { type: 'string' } },
    };
    const outputSchema = { type: 'array' };
    expect(describeWith({ inputSchema, outputSchema })).toEqual({
      name: 'greet',
      description: 'Greets.',
      inputSchema,
      outputSchema,
    });
  });

  it('converts zod mini schemas (no ~standard.jsonSchema) through zod itself', () => {
    const input = zm.object({ n: zm._default(zm.number(), 3) });
    expect(describeWith({ input }).inputSchema).toMatchObject({
      type: 'object',
      properties: { n: { type: 'number', default: 3 } },
    });
  });

  it('converts any Standard JSON Schema library through its own converter', () => {
    const asked: unknown[] = [];
    const input: StandardSchemaV1 = {
      '~standard': {
        version: 1,
        vendor: 'other',
        jsonSchema: {
          input: (options) => {
            asked.push(options);
            return { type: 'object', properties: { q: { type: 'string' } } };
          },
          output: () => ({}),
        },
      },
    };
    expect(describeWith({ input }).inputSchema).toEqual({
      type: 'object',
      properties: { q: { type: 'string' } },
    });
    expect(asked).toEqual([{ target: 'draft-2020-12' }]);
  });

  it.each([
    [
      'input and inputSchema',
      { input: GreetInput, inputSchema: { type: 'object' } },
      /declares both input and inputSchema/,
    ],
    [
      'output and outputSchema',
      {
        inputSchema: { type: 'object' },
        output: GreetOutput,
        outputSchema: {},
      },
      /declares both output and outputSchema/,
    ],
    ['no input', {}, /inputSchema must have type "object"/],
    [
      'a non-object zod input',
      { input: z.string() },
      /inputSchema must have type "object"/,
    ],
    [
      'a plain object as input',
      { input: { type: 'object' } },
      /input: not a Standard Schema/,
    ],
    [
      'a Standard Schema without JSON Schema',
      {
        input: {
          '~standard': {
            version: 1,
            vendor: 'valibot',
            validate: () => ({ value: 1 }),
          },
        },
      },
      /a valibot schema that cannot emit JSON Schema/,
    ],
  ])('refuses %s, naming the tool and its class', (_what, options, message) => {
    const attempt = () => describeWith(options);
    expect(attempt).toThrow(ToolDefinitionError);
    expect(attempt).toThrow(message);
    expect(attempt).toThrow(WHERE);
  });

  it.each([
    [
      'a refinement on a field',
      z.object({ a: z.string().refine((s) => s !== 'x') }),
      /input: a refinement .* at \.a cannot be expressed/,
    ],
    [
      'a refinement on the object',
      z.object({ a: z.string(), b: z.string() }).refine((v) => v.a !== v.b),
      /refinement .* at the root/,
    ],
    [
      'a superRefine deep inside',
      z.object({
        list: z.array(z.object({ n: z.number().superRefine(() => {}) })),
      }),
      /refinement .* at \.list\[\]\.n /,
    ],
    [
      'a transform',
      z.object({ n: z.string().transform((s) => s.length) }),
      /a transform .* at \.n/,
    ],
    [
      'a pipe',
      z.object({ n: z.string().pipe(z.string().max(3)) }),
      /a pipe .* at \.n/,
    ],
    [
      'z.preprocess',
      z.object({ n: z.preprocess((v) => String(v), z.string()) }),
      /a transform .* at \.n/,
    ],
    [
      '.trim() (an overwrite)',
      z.object({ s: z.string().trim() }),
      /'overwrite' check at \.s/,
    ],
    ['coercion', z.object({ n: z.coerce.number() }), /coercion .* at \.n/],
    ['.catch()', z.object({ n: z.number().catch(0) }), /\.catch\(\) at \.n/],
    [
      'a custom string format',
      z.object({ s: z.stringFormat('even', (v) => v.length % 2 === 0) }),
      /'string_format' check with a custom function at \.s/,
    ],
    [
      'a default computed per parse',
      z.object({ id: z.string().default(() => Math.random().toString()) }),
      /default at \.id is computed/,
    ],
    [
      'a custom type',
      z.object({ when: z.instanceof(Date) }),
      /a custom type .* at \.when/,
    ],
    [
      'a date (zod itself refuses)',
      z.object({ when: z.date() }),
      /Date cannot be represented/,
    ],
    [
      'a refinement in a union member',
      z.object({ u: z.union([z.string(), z.number().refine(() => true)]) }),
      /refinement .* at \.u options\[1\]/,
    ],
  ])(
    'refuses %s in an input, naming the tool, its class and the place',
    (_what, input, message) => {
      const attempt = () => describeWith({ input });
      expect(attempt).toThrow(ToolDefinitionError);
      expect(attempt).toThrow(message);
      expect(attempt).toThrow(WHERE);
    },
  );

  it('refuses a refinement in an output too', () => {
    expect(() =>
      describeWith({
        input: GreetInput,
        output: z.object({ text: z.string().refine(() => true) }),
      }),
    ).toThrow(`${WHERE} output: a refinement`);
  });

  it('keeps annotations given with .meta(), such as x-mcp-header (SEP-2243)', () => {
    const input = z.object({
      region: z.string().max(20).meta({ 'x-mcp-header': 'Region' }),
    });
    expect(describeWith({ input }).inputSchema).toMatchObject({
      properties: {
        region: { type: 'string', maxLength: 20, 'x-mcp-header': 'Region' },
      },
    });
  });

  it('accepts recursive (lazy) schemas and static defaults', () => {
    interface Node {
      name: string;
      children?: Node[];
    }
    const NodeSchema: z.ZodType<Node> = z.lazy(() =>
      z.object({ name: z.string(), children: z.array(NodeSchema).optional() }),
    );
    const input = z.object({
      root: NodeSchema,
      tags: z.array(z.string()).default([]),
    });
    expect(describeWith({ input }).inputSchema).toMatchObject({
      type: 'object',
      properties: { tags: { default: [] } },
    });
  });
});
