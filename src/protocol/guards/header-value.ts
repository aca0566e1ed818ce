import type { IncomingHttpHeaders } from 'node:http';

const BASE64_SENTINEL = /^=\?base64\?([A-Za-z0-9+/]*={0,2})\?=$/;

/**
 * Reads one header as the spec compares it: surrounding whitespace trimmed, `=?base64?…?=` decoded
 * to UTF-8 where `decode` is set (Mcp-Name, Mcp-Param-*; spec.md §4.2). Returns `undefined` when the
 * header is absent and `null` when its base64 form is broken.
 */
export function headerValue(
  headers: IncomingHttpHeaders,
  name: string,
  decode = false,
): string | null | undefined {
  const raw = headers[name];
  if (raw === undefined) return undefined;
  const value = (Array.isArray(raw) ? raw.join(', ') : raw).trim();
  if (!decode || !value.startsWith('=?')) return value;
  const match = BASE64_SENTINEL.exec(value);
  if (!match || match[1].length % 4 !== 0) return null;
  return Buffer.from(match[1], 'base64').toString('utf8');
}

/** Shortens a client-supplied value before it is quoted back in an error message. */
export function quote(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
