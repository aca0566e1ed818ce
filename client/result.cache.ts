import type { CacheableResult, JsonObject } from './mcp.types.js';

/**
 * Methods whose complete results carry `ttlMs` + `cacheScope` and may be reused
 * (https://modelcontextprotocol.io/specification/2026-07-28/server/utilities/caching#cacheable-results).
 */
export const CACHEABLE_METHODS: ReadonlySet<string> = new Set([
  'server/discover',
  'tools/list',
  'prompts/list',
  'resources/list',
  'resources/templates/list',
  'resources/read',
]);

interface Entry {
  result: CacheableResult;
  expiresAt: number;
}

/**
 * Keeps cacheable results for their `ttlMs` (SEP-2549). A `public` result is shared by every caller
 * using this cache; a `private` one is only reused within the authorization context that fetched it
 * (the client passes a digest of its `Authorization` header). Share one cache between clients to
 * share public results. Results are copied in and out, so callers cannot alter what is cached.
 */
export class ResultCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly maxEntries = 500,
    private readonly now: () => number = Date.now,
  ) {}

  /** A fresh cached result for this request in this authorization context, if any. */
  get(
    method: string,
    params: JsonObject,
    authContext: string,
  ): CacheableResult | undefined {
    const base = requestKey(method, params);
    return (
      this.fresh(`public ${base}`) ??
      this.fresh(`private ${authContext} ${base}`)
    );
  }

  /** Stores `result` if it is complete, well-formed and has a positive `ttlMs`. */
  set(
    method: string,
    params: JsonObject,
    authContext: string,
    result: CacheableResult,
  ): void {
    if (!CACHEABLE_METHODS.has(method) || result.resultType !== 'complete')
      return;
    if (!Number.isInteger(result.ttlMs) || result.ttlMs <= 0) return;
    const base = requestKey(method, params);
    let key: string;
    if (result.cacheScope === 'public') key = `public ${base}`;
    else if (result.cacheScope === 'private')
      key = `private ${authContext} ${base}`;
    else return;
    this.entries.delete(key);
    this.entries.set(key, {
      result: structuredClone(result),
      expiresAt: this.now() + result.ttlMs,
    });
    this.evict();
  }

  /**
   * Forgets everything (e.g. after a list-changed notification,
   * https://modelcontextprotocol.io/specification/2026-07-28/server/utilities/caching#interaction-with-notifications).
   */
  clear(): void {
    this.entries.clear();
  }

  /** Number of entries held, fresh or not yet evicted. */
  get size(): number {
    return this.entries.size;
  }

  private fresh(key: string): CacheableResult | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return structuredClone(entry.result);
  }

  private evict(): void {
    if (this.entries.size <= this.maxEntries) return;
    const now = this.now();
    for (const [key, entry] of this.entries)
      if (entry.expiresAt <= now) this.entries.delete(key);
    // Map order is insertion order: the first keys are the oldest.
    for (const key of this.entries.keys()) {
      if (this.entries.size <= this.maxEntries) break;
      this.entries.delete(key);
    }
  }
}

/** Method plus params without `_meta` (which differs on every request), keys sorted. */
function requestKey(method: string, params: JsonObject): string {
  const { _meta: _ignored, ...rest } = params;
  return `${method} ${stableJson(rest)}`;
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.keys(value)
      .sort()
      .map(
        (k) => `${JSON.stringify(k)}:${stableJson((value as JsonObject)[k])}`,
      );
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
