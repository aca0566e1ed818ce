import { JsonRpcError } from '../json-rpc/json-rpc.error.js';

/** One page of a list result. */
export interface Page<T> {
  readonly items: readonly T[];
  readonly nextCursor?: string;
}

const PREFIX = 'o:';

/**
 * Cursor pagination for the list methods
 * (https://modelcontextprotocol.io/specification/2026-07-28/server/utilities/pagination). The
 * cursor is opaque to clients; it encodes an offset, so any instance continues any listing without
 * state.
 * @throws JsonRpcError -32602 for a cursor this server did not mint.
 */
export function paginate<T>(
  items: readonly T[],
  cursor: unknown,
  pageSize: number,
): Page<T> {
  let offset = 0;
  if (cursor !== undefined) {
    const decoded =
      typeof cursor === 'string'
        ? Buffer.from(cursor, 'base64url').toString('utf8')
        : '';
    offset = decoded.startsWith(PREFIX)
      ? Number(decoded.slice(PREFIX.length))
      : NaN;
    if (!Number.isInteger(offset) || offset < 0 || offset > items.length) {
      throw JsonRpcError.invalidParams('Invalid params: invalid cursor');
    }
  }
  if (offset === 0 && items.length <= pageSize) return { items };
  const end = offset + pageSize;
  const page = items.slice(offset, end);
  return end < items.length
    ? {
        items: page,
        nextCursor: Buffer.from(`${PREFIX}${end}`).toString('base64url'),
      }
    : { items: page };
}
