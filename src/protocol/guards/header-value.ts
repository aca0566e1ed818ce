import type { IncomingHttpHeaders } from 'node:http';

const SENTINEL = /^=\?base64\?(.*)\?=$/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * Reads one header as the spec compares it: surrounding whitespace trimmed (SEP-2243),
 * `=?base64?…?=` decoded to UTF-8 where `decode` is set (Mcp-Name, Mcp-Param-*;
 * https://modelcontextprotocol.io/specification/2026-07-28/basic/transports/streamable-http#value-encoding).
 * A value that is not exactly the (case-sensitive) wrapper is literal. Returns `undefined` when the
 * header is absent and `null` when the wrapper holds broken base64.
 */
export function headerValue(
  headers: IncomingHttpHeaders,
  name: string,
  decode = false,
): string | null | undefined {
  const raw = headers[name];
  if (raw === undefined) return undefined;
  const value = (Array.isArray(raw) ? raw.join(', ') : raw).trim();
  const match = decode ? SENTINEL.exec(value) : null;
  if (!match) return value;
  if (!BASE64.test(match[1]) || match[1].length % 4 !== 0) return null;
  return Buffer.from(match[1], 'base64').toString('utf8');
}
