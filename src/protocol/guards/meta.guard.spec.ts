import { describe, expect, it } from '@jest/globals';
import type { JsonObject } from '../json-rpc/json-rpc.types.js';
import { META } from '../protocol.constants.js';
import {
  fakeContext,
  modernMeta,
  settingsOf,
} from '../testing/fake-context.spec-helper.js';
import { MetaGuard } from './meta.guard.js';

const guard = new MetaGuard(settingsOf());
const check =
  (params: JsonObject, method = 'tools/list', era = 'modern') =>
  () =>
    guard.check(
      fakeContext({ method, params, era: era as 'modern' | 'legacy' }).ctx,
    );
const invalid = (message: string) =>
  expect.objectContaining({ code: -32602, httpStatus: 400, message });

describe(MetaGuard.name, () => {
  it('accepts a complete _meta, with or without a known log level', () => {
    expect(check({ _meta: modernMeta() })).not.toThrow();
    expect(
      check({ _meta: modernMeta({ [META.logLevel]: 'warning' }) }),
    ).not.toThrow();
  });

  it.each([
    ['no _meta', {}, '_meta'],
    ['a _meta that is not an object', { _meta: 'x' }, '_meta'],
    [
      'no protocol version',
      { _meta: { [META.clientCapabilities]: {} } },
      META.protocolVersion,
    ],
    [
      'a protocol version that is not a string',
      { _meta: modernMeta({ [META.protocolVersion]: 20260728 }) },
      META.protocolVersion,
    ],
    [
      'no client capabilities',
      { _meta: modernMeta({ [META.clientCapabilities]: null }) },
      META.clientCapabilities,
    ],
  ])('refuses %s with -32602 (HTTP 400)', (_what, params, key) => {
    expect(check(params as JsonObject)).toThrow(
      invalid(`Invalid params: missing or invalid _meta ${key}`),
    );
  });

  it('refuses an unknown log level', () => {
    expect(
      check({ _meta: modernMeta({ [META.logLevel]: 'verbose' }) }),
    ).toThrow(invalid(`Invalid params: unknown _meta ${META.logLevel}`));
  });

  it('answers a 2025-era initialize reaching the modern rules with -32022 and the versions served', () => {
    expect(check({ protocolVersion: '2025-06-18' }, 'initialize')).toThrow(
      expect.objectContaining({
        code: -32022,
        httpStatus: 400,
        data: {
          supported: ['2026-07-28', '2025-11-25'],
          requested: '2025-06-18',
        },
      }),
    );
  });

  it('leaves legacy-era requests alone', () => {
    expect(check({}, 'tools/list', 'legacy')).not.toThrow();
  });
});
