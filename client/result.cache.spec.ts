import { describe, expect, it } from '@jest/globals';
import type { CacheableResult } from './mcp.types.js';
import { ResultCache } from './result.cache.js';

const page = (over: Partial<CacheableResult> = {}): CacheableResult => ({
  resultType: 'complete',
  ttlMs: 1000,
  cacheScope: 'public',
  tools: [{ name: 'whoami' }],
  ...over,
});

function clockedCache(max?: number) {
  const clock = { t: 0 };
  return { clock, cache: new ResultCache(max, () => clock.t) };
}

describe('ResultCache (SEP-2549)', () => {
  it('serves a result until ttlMs has passed, ignoring _meta and key order in the params', () => {
    const { clock, cache } = clockedCache();
    cache.set(
      'tools/list',
      { a: 1, b: 2, _meta: { traceparent: 'x' } },
      '',
      page(),
    );
    clock.t = 999;
    expect(
      cache.get('tools/list', { b: 2, a: 1, _meta: { traceparent: 'y' } }, ''),
    ).toEqual(page());
    clock.t = 1000;
    expect(cache.get('tools/list', { a: 1, b: 2 }, '')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('keys on method and params (e.g. the cursor)', () => {
    const { cache } = clockedCache();
    cache.set('tools/list', {}, '', page());
    expect(cache.get('tools/list', { cursor: 'c2' }, '')).toBeUndefined();
    expect(cache.get('prompts/list', {}, '')).toBeUndefined();
  });

  it('shares public results across authorization contexts, private ones only within theirs', () => {
    const { cache } = clockedCache();
    cache.set('tools/list', {}, 'alice', page({ cacheScope: 'public' }));
    expect(cache.get('tools/list', {}, 'bob')).toBeDefined();
    cache.set('resources/list', {}, 'alice', page({ cacheScope: 'private' }));
    expect(cache.get('resources/list', {}, 'alice')).toBeDefined();
    expect(cache.get('resources/list', {}, 'bob')).toBeUndefined();
    expect(cache.get('resources/list', {}, '')).toBeUndefined();
  });

  it('does not store zero or invalid ttlMs, unknown scopes, incomplete results or other methods', () => {
    const { cache } = clockedCache();
    cache.set('tools/list', {}, '', page({ ttlMs: 0 }));
    cache.set('tools/list', { n: 1 }, '', page({ ttlMs: -5 }));
    cache.set('tools/list', { n: 2 }, '', page({ ttlMs: 1.5 }));
    cache.set(
      'tools/list',
      { n: 3 },
      '',
      page({ cacheScope: 'shared' as 'public' }),
    );
    cache.set(
      'tools/list',
      { n: 4 },
      '',
      page({ resultType: 'input_required' }),
    );
    cache.set('tools/call', {}, '', page());
    expect(cache.size).toBe(0);
  });

  it('hands out copies', () => {
    const { cache } = clockedCache();
    const original = page();
    cache.set('tools/list', {}, '', original);
    (original.tools as unknown[]).length = 0;
    (cache.get('tools/list', {}, '')!.tools as unknown[]).push('junk');
    expect(cache.get('tools/list', {}, '')!.tools).toEqual([
      { name: 'whoami' },
    ]);
  });

  it('evicts expired entries first, then the oldest, beyond its size', () => {
    const { clock, cache } = clockedCache(2);
    cache.set('tools/list', { n: 1 }, '', page({ ttlMs: 10 }));
    cache.set('tools/list', { n: 2 }, '', page({ ttlMs: 1000 }));
    clock.t = 20;
    cache.set('tools/list', { n: 3 }, '', page({ ttlMs: 1000 }));
    expect(cache.size).toBe(2);
    cache.set('tools/list', { n: 4 }, '', page({ ttlMs: 1000 }));
    expect(cache.get('tools/list', { n: 2 }, '')).toBeUndefined();
    expect(cache.get('tools/list', { n: 3 }, '')).toBeDefined();
    expect(cache.get('tools/list', { n: 4 }, '')).toBeDefined();
  });
});
