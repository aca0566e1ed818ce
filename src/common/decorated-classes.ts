import type { Logger } from '@nestjs/common';
import type { DiscoverableDecorator, DiscoveryService } from '@nestjs/core';

/** A class, as a decorator receives it. */
type Class = abstract new (...args: any[]) => unknown;

/**
 * The classes one capability decorator (`@McpTool`, `@McpPrompt`, …) has marked in this process,
 * remembered when the decorator runs, so that boot can name those no module provides: such a class
 * is silently never served, which is a mistake worth a warning.
 */
export class DecoratedClasses {
  private readonly classes = new Map<Class, string>();

  /** Records `target`, described as `label` (e.g. `@McpTool 'greet'`). */
  remember(target: Class, label: string): void {
    this.classes.set(target, label);
  }

  /**
   * Warns, once per marked class, when no provider of this application is (an instance of) it; providers
   * registered under another token, by factory or as a value count by their instance.
   */
  warnUnprovided(
    discovery: DiscoveryService,
    logger: Pick<Logger, 'warn'>,
  ): void {
    if (this.classes.size === 0) return;
    const providers = discovery.getProviders();
    for (const [cls, label] of this.classes) {
      const provided = providers.some(
        (w) => w.metatype === cls || w.instance instanceof cls,
      );
      if (!provided)
        logger.warn(
          `${cls.name} (${label}) is not provided by any module, so it is not served: add it to the providers of a module the application imports`,
        );
    }
  }
}

/**
 * `decorator`, also remembering each class it marks in `classes` (not methods: capability handlers
 * are classes). Same options, same `KEY`, so discovery is unchanged.
 */
export function remembering<O>(
  decorator: DiscoverableDecorator<O>,
  classes: DecoratedClasses,
  label: (options: O) => string,
): DiscoverableDecorator<O> {
  const remembered = (options?: O) => {
    const mark = decorator(options);
    const apply = (
      target: object,
      key?: string | symbol,
      descriptor?: PropertyDescriptor,
    ) => {
      if (!descriptor && typeof target === 'function')
        classes.remember(target as Class, label(options ?? ({} as O)));
      (
        mark as (
          target: object,
          key?: string | symbol,
          descriptor?: PropertyDescriptor,
        ) => void
      )(target, key, descriptor);
    };
    return Object.assign(apply, { KEY: mark.KEY }) as ReturnType<
      DiscoverableDecorator<O>
    >;
  };
  return Object.assign(remembered, { KEY: decorator.KEY });
}
