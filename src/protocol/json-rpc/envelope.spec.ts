import { describe, expect, it } from '@jest/globals';
import { parseEnvelope } from './envelope.js';

describe(parseEnvelope.name, () => {
  it('returns a request with its id, method and params', () => {
    expect(
      parseEnvelope('{"jsonrpc":"2.0","id":"a","method":"m","params":{"x":1}}'),
    ).toEqual({ id: 'a', method: 'm', params: { x: 1 } });
  });

  it('returns a notification without an id and defaults params to {}', () => {
    expect(
      parseEnvelope('{"jsonrpc":"2.0","method":"notifications/x"}'),
    ).toEqual({ method: 'notifications/x', params: {} });
  });

  it.each([
    ['', -32700],
    ['{', -32700],
    ['[]', -32600],
    ['1', -32600],
    ['{"jsonrpc":"2.0","id":1,"error":{"code":1,"message":"x"}}', -32600],
    ['{"id":1,"method":"m"}', -32600],
    ['{"jsonrpc":"2.0","id":{},"method":"m"}', -32600],
    ['{"jsonrpc":"2.0","id":1,"method":"m","params":"x"}', -32600],
  ])('rejects %j with %i', (body, code) => {
    expect(() => parseEnvelope(body)).toThrow(
      expect.objectContaining({ code }),
    );
  });
});

describe('nesting limit', () => {
  const nested = (n: number) =>
    `{"jsonrpc":"2.0","id":1,"method":"m","params":{"a":${'['.repeat(n)}${']'.repeat(n)}}}`;

  it('accepts nesting up to the limit and refuses deeper with -32600', () => {
    expect(() => parseEnvelope(nested(10), 12)).not.toThrow();
    expect(() => parseEnvelope(nested(100_000), 64)).toThrow(
      expect.objectContaining({ code: -32600 }),
    );
  });

  it('ignores brackets inside strings, escaped quotes included', () => {
    const text = `{"jsonrpc":"2.0","id":1,"method":"m","params":{"a":"\\"${'['.repeat(500)}"}}`;
    expect(() => parseEnvelope(text, 8)).not.toThrow();
  });
});
