import { randomBytes as nodeRandomBytes } from 'node:crypto';

export function randomBytes(size) {
  const bytes = nodeRandomBytes(size);
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + size);
}
