import { describe, expect, it } from '@jest/globals';
import { headerValue } from './header-value.js';

describe(headerValue.name, () => {
  it('trims surrounding whitespace and reports an absent header as undefined', () => {
    expect(headerValue({ 'mcp-name': '  echo\t' }, 'mcp-name')).toBe('echo');
    expect(headerValue({}, 'mcp-name')).toBeUndefined();
  });

  it('decodes the =?base64?…?= form only when asked', () => {
    const wrapped = `=?base64?${Buffer.from('café ☕').toString('base64')}?=`;
    expect(headerValue({ 'mcp-name': wrapped }, 'mcp-name', true)).toBe(
      'café ☕',
    );
    expect(headerValue({ 'mcp-name': wrapped }, 'mcp-name')).toBe(wrapped);
  });

  it('flags broken base64 inside the wrapper with null', () => {
    expect(
      headerValue({ 'mcp-name': '=?base64?abc?=' }, 'mcp-name', true),
    ).toBeNull();
    expect(
      headerValue({ 'mcp-name': '=?base64?a*b=?=' }, 'mcp-name', true),
    ).toBeNull();
  });

  it('takes anything that is not exactly the lowercase wrapper literally', () => {
    expect(
      headerValue({ 'mcp-name': '=?BASE64?YQ==?=' }, 'mcp-name', true),
    ).toBe('=?BASE64?YQ==?=');
    expect(
      headerValue({ 'mcp-name': '=?base64?SGVsbG8=' }, 'mcp-name', true),
    ).toBe('=?base64?SGVsbG8=');
  });
});
