/**
 * Binary data as the base64 string the protocol carries (`format: byte` in the MCP schema): bytes
 * are encoded, a string is taken as base64 already.
 */
export function base64(data: Uint8Array | string): string {
  return typeof data === 'string'
    ? data
    : Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString(
        'base64',
      );
}
