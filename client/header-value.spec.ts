import { describe, expect, it } from '@jest/globals';
import { encodeHeaderValue, paramHeaderValue } from './header-value.js';

const unwrap = (value: string) =>
  Buffer.from(/^=\?base64\?(.*)\?=$/.exec(value)![1], 'base64').toString(
    'utf8',
  );

describe('encodeHeaderValue (Streamable HTTP value encoding)', () => {
  it.each(['whoami', 'file:///etc/hosts', 'a b', '', '~!@#$%^&*()'])(
    'sends plain printable ASCII as is: %j',
    (v) => {
      expect(encodeHeaderValue(v)).toBe(v);
    },
  );

  it.each([
    'héllo',
    '日本語',
    'tab\there',
    'line\nbreak',
    ' padded',
    'padded ',
    '=?base64?aGk=?=',
    'emoji 🎉',
  ])('base64-wraps %j and round-trips it', (v) => {
    const encoded = encodeHeaderValue(v);
    expect(encoded).toMatch(/^=\?base64\?[A-Za-z0-9+/]*={0,2}\?=$/);
    expect(unwrap(encoded)).toBe(v);
  });
});

describe('paramHeaderValue (SEP-2243 type conversion)', () => {
  it('converts strings, integers and booleans', () => {
    expect(paramHeaderValue('eu-west')).toBe('eu-west');
    expect(paramHeaderValue('Zürich')).toBe(
      `=?base64?${Buffer.from('Zürich').toString('base64')}?=`,
    );
    expect(paramHeaderValue(-42)).toBe('-42');
    expect(paramHeaderValue(false)).toBe('false');
  });

  it('sends nothing for absent, null, fractional or structured values', () => {
    for (const v of [undefined, null, 1.5, { a: 1 }, [1]])
      expect(paramHeaderValue(v)).toBeUndefined();
  });
});
