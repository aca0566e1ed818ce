import { describe, expect, it } from '@jest/globals';
import type { IncomingHttpHeaders } from 'node:http';
import type { JsonObject } from '../json-rpc/json-rpc.types.js';
import {
  fakeContext,
  modernMeta,
  settingsOf,
} from '../testing/fake-context.spec-helper.js';
import { HeaderGuard } from './header.guard.js';

const lenient = new HeaderGuard(settingsOf());
const strict = new HeaderGuard(settingsOf({ MCP_STRICT_HEADERS: 'true' }));
const call = { name: 'echo', _meta: modernMeta() };
const matching: IncomingHttpHeaders = {
  'mcp-protocol-version': '2026-07-28',
  'mcp-method': 'tools/call',
  'mcp-name': 'echo',
};
const check =
  (
    guard: HeaderGuard,
    headers: IncomingHttpHeaders,
    params: JsonObject = call,
    era: 'modern' | 'legacy' = 'modern',
  ) =>
  () =>
    guard.check(
      fakeContext({ method: 'tools/call', params, headers, era }).ctx,
    );
const mismatch = (message: string | RegExp) =>
  expect.objectContaining({
    code: -32020,
    httpStatus: 400,
    message: expect.stringMatching(message),
  });

describe(HeaderGuard.name, () => {
  it('accepts headers that agree with the body, in both modes', () => {
    expect(check(lenient, matching)).not.toThrow();
    expect(check(strict, matching)).not.toThrow();
  });

  it('accepts missing headers in lenient mode only', () => {
    expect(check(lenient, {})).not.toThrow();
    expect(check(strict, {})).toThrow(
      mismatch('required header MCP-Protocol-Version is missing'),
    );
    expect(check(strict, { ...matching, 'mcp-name': undefined })).toThrow(
      mismatch('required header Mcp-Name is missing'),
    );
  });

  it.each([
    ['mcp-protocol-version', '2025-11-25', 'MCP-Protocol-Version'],
    ['mcp-method', 'tools/list', 'Mcp-Method'],
    ['mcp-name', 'Echo', 'Mcp-Name'],
  ])('refuses a %s that disagrees, in every mode', (header, value, name) => {
    const headers = { ...matching, [header]: value };
    const expected = mismatch(
      `${name} header value '${value}' does not match body value`,
    );
    expect(check(lenient, headers)).toThrow(expected);
    expect(check(strict, headers)).toThrow(expected);
  });

  it('decodes a base64 Mcp-Name and refuses a broken one', () => {
    const encoded = `=?base64?${Buffer.from('echo').toString('base64')}?=`;
    expect(check(lenient, { ...matching, 'mcp-name': encoded })).not.toThrow();
    expect(
      check(lenient, { ...matching, 'mcp-name': '=?base64?e$$?=' }),
    ).toThrow(mismatch('Mcp-Name has an invalid base64 value'));
  });

  it('compares Mcp-Name with the uri of resources/read', () => {
    const guard = () =>
      lenient.check(
        fakeContext({
          method: 'resources/read',
          params: { uri: 'file:///a', _meta: modernMeta() },
          headers: { 'mcp-name': 'file:///b' },
        }).ctx,
      );
    expect(guard).toThrow(
      mismatch("'file:///b' does not match body value 'file:///a'"),
    );
  });

  it('requires no header of a legacy request (its clients predate them), but still compares those sent', () => {
    expect(check(strict, {}, { name: 'echo' }, 'legacy')).not.toThrow();
    expect(
      check(strict, { 'mcp-name': 'other' }, { name: 'echo' }, 'legacy'),
    ).toThrow(mismatch("Mcp-Name header value 'other'"));
  });
});
