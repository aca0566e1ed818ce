import type { DiscoverableDecorator, DiscoveryService } from '@nestjs/core';
import type { InstanceWrapper } from '@nestjs/core/injector/instance-wrapper.js';

/** A provider marked with a capability decorator, with the decorator's options. */
export interface DiscoveredProvider<O> {
  readonly options: O;
  readonly wrapper: InstanceWrapper;
}

/**
 * Every provider that carries `decorator`, in discovery order. Used by the tool, prompt and
 * resource registries at boot: a team adds a capability by adding one class to any module.
 */
export function discoverProviders<O>(
  discovery: DiscoveryService,
  decorator: DiscoverableDecorator<O>,
): DiscoveredProvider<O>[] {
  const found: DiscoveredProvider<O>[] = [];
  for (const wrapper of discovery.getProviders({
    metadataKey: decorator.KEY,
  })) {
    const options = discovery.getMetadataByDecorator(decorator, wrapper);
    if (options) found.push({ options, wrapper });
  }
  return found;
}

/**
 * The provider's singleton instance, checked to have `method`. Capability handlers are called on
 * the hot path, so request-scoped or transient providers are refused (resolving one per request
 * would cost more than the call; docs/architecture.md): per-call data arrives as the context
 * argument instead.
 * @throws the error `fail` builds, naming `where`.
 */
export function singletonHandler<T>(
  wrapper: InstanceWrapper,
  method: string,
  where: string,
  fail: (message: string) => Error,
): T {
  if (!wrapper.isDependencyTreeStatic()) {
    throw fail(
      `${where}: must be a singleton; pass per-call data through the context argument`,
    );
  }
  const instance = wrapper.instance as Record<string, unknown> | undefined;
  if (typeof instance?.[method] !== 'function') {
    throw fail(`${where}: has no ${method}() method`);
  }
  return instance as T;
}

/**
 * Indexes `items` by `key`, sorted by key (deterministic list order,
 * https://modelcontextprotocol.io/specification/2026-07-28/server/tools#capabilities).
 * @throws the error `fail` builds on a duplicate key.
 */
export function uniqueSorted<T>(
  items: readonly T[],
  key: (item: T) => string,
  what: string,
  fail: (message: string) => Error,
): ReadonlyMap<string, T> {
  const byKey = new Map<string, T>();
  for (const item of items) {
    const k = key(item);
    if (byKey.has(k)) throw fail(`Duplicate ${what} '${k}'`);
    byKey.set(k, item);
  }
  return new Map([...byKey].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
