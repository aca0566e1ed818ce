import { describe, expect, it } from '@jest/globals';
import { ToolDefinitionError } from '../tool.errors.js';
import {
  JsonSchemaCompiler,
  MAX_LISTED_VIOLATIONS,
} from './json-schema.compiler.js';

const SCHEMA = {
  type: 'object',
  properties: {
    name: { type: 'string' },
    greeting: { type: 'string', default: 'Hello' },
    options: {
      type: 'object',
      properties: { loud: { type: 'boolean', default: false } },
    },
  },
  required: ['name'],
  additionalProperties: false,
};

describe(JsonSchemaCompiler.name, () => {
  const sut = new JsonSchemaCompiler();

  it('fills declared defaults into input arguments, nested ones too, and keeps what was sent', () => {
    const validate = sut.compileInput(SCHEMA, 'test');
    const args: Record<string, unknown> = { name: 'Ada', options: {} };
    expect(validate(args)).toBe(true);
    expect(args).toEqual({
      name: 'Ada',
      greeting: 'Hello',
      options: { loud: false },
    });
    const sent = { name: 'Ada', greeting: 'Hi' };
    validate(sent);
    expect(sent.greeting).toBe('Hi');
  });

  it('gives every call its own copy of an object default', () => {
    const validate = sut.compileInput(
      { type: 'object', properties: { tags: { type: 'array', default: [] } } },
      'test',
    );
    const first: Record<string, unknown> = {};
    const second: Record<string, unknown> = {};
    validate(first);
    validate(second);
    (first.tags as string[]).push('x');
    expect(second.tags).toEqual([]);
  });

  it('never touches a result checked against an output schema', () => {
    const validate = sut.compileOutput(SCHEMA, 'test');
    const output = { name: 'Ada' };
    expect(validate(output)).toBe(true);
    expect(output).toEqual({ name: 'Ada' });
  });

  it.each([
    [{ name: 5 }, 'arguments/name must be string'],
    [{}, "arguments must have required property 'name'"],
    [
      { name: 'a', colour: 'red' },
      "arguments must NOT have additional properties ('colour')",
    ],
    [
      { name: 'a', options: { loud: 'yes' } },
      'arguments/options/loud must be boolean',
    ],
  ])('describes %j as %s', (args, text) => {
    const validate = sut.compileInput(SCHEMA, 'test');
    expect(validate(args)).toBe(false);
    expect(sut.describe(validate)).toBe(text);
  });

  it('bounds a client-chosen property name it quotes back', () => {
    const validate = sut.compileInput(SCHEMA, 'test');
    validate({ name: 'a', ['k'.repeat(5000)]: 1 });
    expect(sut.describe(validate).length).toBeLessThan(200);
  });

  it('explains invalid arguments with every violation, where the hot-path validator stops at the first', () => {
    const validate = sut.compileInput(SCHEMA, 'test');
    const explain = sut.explainInput(SCHEMA, validate);
    const args = { name: 5, colour: 'red', options: { loud: 'yes' } };
    expect(validate(args)).toBe(false);
    expect(validate.errors).toHaveLength(1);
    expect(explain(args)).toBe(
      "arguments must NOT have additional properties ('colour'); arguments/name must be string; arguments/options/loud must be boolean",
    );
  });

  it(`lists at most ${MAX_LISTED_VIOLATIONS} violations, then how many more`, () => {
    const names = Array.from({ length: 13 }, (_, i) => `p${i}`);
    const schema = { type: 'object', required: names };
    const explain = sut.explainInput(schema, sut.compileInput(schema, 'test'));
    const text = explain({});
    expect(text.split('; ')).toHaveLength(MAX_LISTED_VIOLATIONS + 1);
    expect(text).toMatch(/^arguments must have required property 'p0'; /);
    expect(text).toMatch(/; and 3 more$/);
  });

  it('names the data it describes', () => {
    const validate = sut.compileOutput(SCHEMA, 'test');
    validate({ name: 1 });
    expect(sut.describe(validate, 'structuredContent')).toBe(
      'structuredContent/name must be string',
    );
  });

  it.each([
    [
      { $schema: 'http://json-schema.org/draft-07/schema#', type: 'object' },
      /unsupported JSON Schema dialect/,
    ],
    [
      { type: 'object', properties: { a: { type: 'nope' } } },
      /invalid JSON Schema/,
    ],
  ])('refuses %j at boot', (schema, message) => {
    expect(() => sut.compileInput(schema, 'Tool x')).toThrow(
      ToolDefinitionError,
    );
    expect(() => sut.compileOutput(schema, 'Tool x')).toThrow(message);
  });

  it('accepts the 2020-12 dialect URI, with or without a trailing #', () => {
    for (const $schema of [
      'https://json-schema.org/draft/2020-12/schema',
      'https://json-schema.org/draft/2020-12/schema#',
    ]) {
      expect(() =>
        sut.compileInput({ $schema, type: 'object' }, 'x'),
      ).not.toThrow();
    }
  });
});
