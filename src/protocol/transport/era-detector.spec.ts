import { describe, expect, it } from '@jest/globals';
import type { IncomingHttpHeaders } from 'node:http';
import type { JsonObject } from '../json-rpc/json-rpc.types.js';
import { META } from '../protocol.constants.js';
import { settingsOf } from '../testing/fake-context.spec-helper.js';
import { EraDetector } from './era-detector.js';

const lenient = new EraDetector(settingsOf());
const strict = new EraDetector(settingsOf({ MCP_STRICT_HEADERS: '1' }));
const eraOf = (
  detector: EraDetector,
  method: string,
  params: JsonObject = {},
  headers: IncomingHttpHeaders = {},
) => detector.eraOf(headers, { id: 1, method, params });

describe(EraDetector.name, () => {
  it('takes a request that declares a modern version anywhere as modern', () => {
    expect(
      eraOf(
        lenient,
        'tools/list',
        {},
        { 'mcp-protocol-version': ' 2026-07-28 ' },
      ),
    ).toBe('modern');
    expect(
      eraOf(lenient, 'tools/list', {
        _meta: { [META.protocolVersion]: 'any' },
      }),
    ).toBe('modern');
    expect(eraOf(lenient, 'server/discover')).toBe('modern');
  });

  it('takes anything else as legacy in lenient mode', () => {
    expect(
      eraOf(lenient, 'initialize', { protocolVersion: '2025-11-25' }),
    ).toBe('legacy');
    expect(
      eraOf(
        lenient,
        'tools/list',
        {},
        { 'mcp-protocol-version': '2025-11-25' },
      ),
    ).toBe('legacy');
    expect(eraOf(lenient, 'tools/list', { _meta: {} })).toBe('legacy');
  });

  it('serves everything as modern in strict mode', () => {
    expect(eraOf(strict, 'initialize', { protocolVersion: '2025-11-25' })).toBe(
      'modern',
    );
  });
});
