import { describe, expect, it } from '@jest/globals';
import { META } from '../protocol.constants.js';
import {
  fakeContext,
  modernMeta,
  settingsOf,
} from '../testing/fake-context.spec-helper.js';
import { VersionGuard } from './version.guard.js';

const lenient = new VersionGuard(settingsOf());
const strict = new VersionGuard(settingsOf({ MCP_STRICT_HEADERS: '1' }));
const unsupported = (requested: string, supported: string[]) =>
  expect.objectContaining({
    code: -32022,
    httpStatus: 400,
    data: { supported, requested },
  });

describe(VersionGuard.name, () => {
  it('accepts the modern revision in _meta', () => {
    const { ctx } = fakeContext({
      method: 'ping',
      params: { _meta: modernMeta() },
    });
    expect(() => lenient.check(ctx)).not.toThrow();
  });

  it('refuses another revision in _meta with -32022, naming what is served in this mode', () => {
    const params = {
      _meta: modernMeta({ [META.protocolVersion]: '2099-01-01' }),
    };
    expect(() =>
      lenient.check(fakeContext({ method: 'ping', params }).ctx),
    ).toThrow(unsupported('2099-01-01', ['2026-07-28', '2025-11-25']));
    expect(() =>
      strict.check(fakeContext({ method: 'ping', params }).ctx),
    ).toThrow(unsupported('2099-01-01', ['2026-07-28']));
  });

  it('takes a legacy request without a version header as the legacy revision', () => {
    const { ctx } = fakeContext({ method: 'initialize', era: 'legacy' });
    lenient.check(ctx);
    expect(ctx.protocolVersion).toBe('2025-11-25');
  });

  it('refuses a legacy request whose header names a revision not served', () => {
    const { ctx } = fakeContext({
      method: 'tools/list',
      era: 'legacy',
      headers: { 'mcp-protocol-version': '2024-11-05' },
    });
    expect(() => lenient.check(ctx)).toThrow(
      unsupported('2024-11-05', ['2026-07-28', '2025-11-25']),
    );
  });

  it('records the legacy revision the header names', () => {
    const { ctx } = fakeContext({
      method: 'tools/list',
      era: 'legacy',
      headers: { 'mcp-protocol-version': ' 2025-11-25 ' },
    });
    lenient.check(ctx);
    expect(ctx.protocolVersion).toBe('2025-11-25');
  });
});
