// Printable ASCII with no leading or trailing space: what survives a header unchanged (servers trim
// surrounding whitespace, SEP-2243).
const PLAIN = /^(?:[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?)?$/;
// A plain value that looks like the wrapper must itself be wrapped, or the server would decode it.
const SENTINEL = /^=\?base64\?.*\?=$/;

/**
 * Encodes a value for `Mcp-Name` / `Mcp-Param-*`
 * (https://modelcontextprotocol.io/specification/2026-07-28/basic/transports/streamable-http#value-encoding):
 * plain printable ASCII as is, anything else (non-ASCII, control characters, surrounding spaces, a
 * sentinel look-alike) as `=?base64?<base64 of UTF-8>?=`.
 */
export function encodeHeaderValue(value: string): string {
  if (PLAIN.test(value) && !SENTINEL.test(value)) return value;
  return `=?base64?${Buffer.from(value, 'utf8').toString('base64')}?=`;
}

/**
 * The header text of a tool argument mirrored by `x-mcp-header` (SEP-2243): strings encoded as
 * above, integers in decimal, booleans as `true`/`false`. `undefined` when it must not be sent
 * (argument absent or null, or of a type headers cannot carry).
 */
export function paramHeaderValue(arg: unknown): string | undefined {
  if (typeof arg === 'string') return encodeHeaderValue(arg);
  if (typeof arg === 'boolean') return String(arg);
  if (typeof arg === 'number' && Number.isInteger(arg)) return String(arg);
  return undefined;
}
