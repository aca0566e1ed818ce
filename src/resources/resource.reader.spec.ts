import { describe, expect, it } from '@jest/globals';
import { InputRequired } from '../protocol/mrtr/input-required.js';
import type { ProtocolSettings } from '../protocol/protocol-settings.js';
import type { McpRequestContext } from '../protocol/dispatch/mcp-request-context.js';
import { AccessRule } from '../protocol/execution/access-rule.js';
import { BoundHandler } from '../protocol/execution/bound-handler.js';
import type { ResourceOutput } from './resource-handler.interface.js';
import { ResourceReader } from './resource.reader.js';
import type { ResourceRegistry } from './resource.registry.js';

const settings = {
  listTtlMs: 60_000,
  cacheScope: 'public',
} as ProtocolSettings;
const ctx = {} as McpRequestContext;

/** A reader over one static resource at x://r whose read() returns `output`. */
function readerReturning(output: ResourceOutput, mimeType?: string) {
  const read = () => Promise.resolve(output);
  const entry = {
    kind: 'resource',
    descriptor: {},
    mimeType,
    bound: new BoundHandler(
      { kind: 'resource', name: 'x://r' },
      AccessRule.OPEN,
      () => new Error('no scope is required here'),
      { call: read },
    ),
  };
  const registry = {
    resolve: (uri: string) => (uri === 'x://r' ? { entry } : undefined),
  } as unknown as ResourceRegistry;
  return new ResourceReader(registry, settings);
}

describe(ResourceReader.name, () => {
  it.each([
    ['a string', 'hi', [{ uri: 'x://r', mimeType: 'text/plain', text: 'hi' }]],
    [
      'bytes',
      new Uint8Array([1, 2, 255]),
      [{ uri: 'x://r', mimeType: 'text/plain', blob: 'AQL/' }],
    ],
    [
      'a base64 blob',
      { blob: 'AQL/', mimeType: 'image/png' },
      [{ uri: 'x://r', mimeType: 'image/png', blob: 'AQL/' }],
    ],
    [
      'several contents with their own uri and _meta',
      [{ text: 'a' }, { uri: 'x://r#2', text: 'b', _meta: { k: 1 } }],
      [
        { uri: 'x://r', mimeType: 'text/plain', text: 'a' },
        { uri: 'x://r#2', mimeType: 'text/plain', text: 'b', _meta: { k: 1 } },
      ],
    ],
  ])(
    'publishes %s as contents with cache hints',
    async (_what, output, contents) => {
      expect(
        await readerReturning(output as ResourceOutput, 'text/plain').read(
          { uri: 'x://r' },
          ctx,
        ),
      ).toEqual({
        contents,
        ttlMs: 60_000,
        cacheScope: 'public',
      });
    },
  );

  it.each([[undefined], [null], [[]]])(
    'answers %j as not found (-32602, data.uri)',
    async (output) => {
      await expect(
        readerReturning(output as ResourceOutput).read({ uri: 'x://r' }, ctx),
      ).rejects.toMatchObject({
        code: -32602,
        data: { uri: 'x://r' },
      });
    },
  );

  it.each([
    [[7]],
    [{ uri: 5, text: 'x' }],
    [{ mimeType: 'text/plain' }],
    [[{ text: 'ok' }, null]],
  ])(
    'refuses malformed contents %j as an internal error, not a client error',
    async (output) => {
      const err = await readerReturning(output as ResourceOutput)
        .read({ uri: 'x://r' }, ctx)
        .catch((e: Error) => e);
      expect(err).toBeInstanceOf(Error);
      expect((err as { code?: number }).code).toBeUndefined();
    },
  );

  it('passes an InputRequired through for the MRTR interceptor', async () => {
    const ask = new InputRequired({ q: { method: 'roots/list' } });
    expect(await readerReturning(ask).read({ uri: 'x://r' }, ctx)).toBe(ask);
  });
});
