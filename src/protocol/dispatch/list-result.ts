import type { McpResult } from '../json-rpc/json-rpc.types.js';
import type { ProtocolSettings } from '../protocol-settings.js';
import { paginate } from './paginate.js';

/**
 * One page of a list method's result (`tools/list`, `prompts/list`, `resources/list`,
 * `resources/templates/list`) under `key`, with the cache hints every page carries (SEP-2549, same
 * `cacheScope` on every page:
 * https://modelcontextprotocol.io/specification/2026-07-28/server/utilities/caching#interaction-with-pagination)
 * and `nextCursor` when more follow. `perCaller`: the items were filtered for the caller
 * (`cacheScope: "private"`).
 * @throws JsonRpcError -32602 for a cursor this server did not mint.
 */
export function listResult(
  key: string,
  items: readonly unknown[],
  cursor: unknown,
  settings: ProtocolSettings,
  perCaller = false,
): McpResult {
  const page = paginate(items, cursor, settings.pageSize);
  const result: McpResult = {
    [key]: page.items,
    ttlMs: settings.listTtlMs,
    // A list filtered for the caller must not be shared from a cache (SEP-2549).
    cacheScope: perCaller ? 'private' : settings.cacheScope,
  };
  if (page.nextCursor) result.nextCursor = page.nextCursor;
  return result;
}
