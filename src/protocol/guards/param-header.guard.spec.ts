import { describe, expect, it } from '@jest/globals';
import type { IncomingHttpHeaders } from 'node:http';
import type { ParamHeader } from '../dispatch/mcp-method.interface.js';
import type { JsonObject } from '../json-rpc/json-rpc.types.js';
import {
  fakeContext,
  methodOf,
  settingsOf,
} from '../testing/fake-context.spec-helper.js';
import { ParamHeaderGuard } from './param-header.guard.js';

const lenient = new ParamHeaderGuard(settingsOf());
const strict = new ParamHeaderGuard(settingsOf({ MCP_STRICT_HEADERS: '1' }));
const PARAMS: readonly ParamHeader[] = [
  { header: 'mcp-param-region', argument: 'region', type: 'string' },
  { header: 'mcp-param-count', argument: 'count', type: 'integer' },
  { header: 'mcp-param-dry', argument: 'dry', type: 'boolean' },
];
const target = methodOf('tools/call', { paramHeaders: () => PARAMS });
const check =
  (guard: ParamHeaderGuard, args: JsonObject, headers: IncomingHttpHeaders) =>
  () =>
    guard.check(
      fakeContext({
        method: 'tools/call',
        params: { name: 't', arguments: args },
        headers,
        target,
      }).ctx,
    );
const mismatch = (message: string) =>
  expect.objectContaining({
    code: -32020,
    message: expect.stringContaining(message),
  });
const args = { region: 'eu', count: 3, dry: false };
const headers = {
  'mcp-param-region': 'eu',
  'mcp-param-count': '3',
  'mcp-param-dry': 'false',
};

describe(ParamHeaderGuard.name, () => {
  it('accepts headers that mirror the arguments (integers numerically, booleans as words)', () => {
    expect(check(strict, args, headers)).not.toThrow();
    expect(
      check(strict, args, { ...headers, 'mcp-param-count': '03' }),
    ).not.toThrow();
  });

  it('requires every mirrored header in strict mode only', () => {
    expect(check(lenient, args, {})).not.toThrow();
    expect(
      check(strict, args, { ...headers, 'mcp-param-dry': undefined }),
    ).toThrow(mismatch('required header Mcp-Param-dry is missing'));
  });

  it.each([
    [
      'mcp-param-region',
      'us',
      "Mcp-Param-region header value 'us' does not match argument value 'eu'",
    ],
    ['mcp-param-count', '3.0', "Mcp-Param-count header value '3.0'"],
    ['mcp-param-count', '4', "Mcp-Param-count header value '4'"],
    ['mcp-param-dry', 'False', "Mcp-Param-dry header value 'False'"],
  ])('refuses %s: %s in every mode', (header, value, message) => {
    const sent = { ...headers, [header]: value };
    expect(check(lenient, args, sent)).toThrow(mismatch(message));
    expect(check(strict, args, sent)).toThrow(mismatch(message));
  });

  it('refuses a header for an argument that is absent', () => {
    expect(check(lenient, { count: 3 }, { 'mcp-param-region': 'eu' })).toThrow(
      mismatch('Mcp-Param-region is present but argument region is not'),
    );
  });

  it('checks nothing for a method without mirrored arguments', () => {
    const { ctx } = fakeContext({
      method: 'tools/call',
      params: { name: 't', arguments: {} },
      headers: { 'mcp-param-region': 'anything' },
      target: methodOf('tools/call'),
    });
    expect(() => strict.check(ctx)).not.toThrow();
  });
});
