import {
  EXCEPTION_FILTERS_METADATA,
  GUARDS_METADATA,
  INTERCEPTORS_METADATA,
} from '@nestjs/common/constants.js';
import { Injectable } from '@nestjs/common';
import { ExternalContextCreator } from '@nestjs/core';
import { InsufficientScope } from '../auth/insufficient-scope.js';
import { AccessRule } from './access-rule.js';
import { BoundHandler } from './bound-handler.js';
import { MCP_CONTEXT_TYPE, type McpTarget } from './mcp-execution-context.js';

/** A handler method as the registries call it: its own arguments; a value or a promise of one. */
export type McpHandlerCall = (...args: unknown[]) => unknown;

const ENHANCER_KEYS = [
  GUARDS_METADATA,
  INTERCEPTORS_METADATA,
  EXCEPTION_FILTERS_METADATA,
];

/** The parts of Nest's context creators this class reads: the application's global enhancers. */
interface GlobalEnhancers {
  getGlobalMetadata?(): unknown[];
}

/**
 * Wraps a tool, prompt or resource handler once, at boot, with the Nest enhancers that apply to it:
 * `@UseGuards`, `@UseInterceptors` and `@UseFilters` on its class or method, and the global ones
 * (`APP_GUARD`, `APP_INTERCEPTOR`, `APP_FILTER`, `app.useGlobal*`). Built on `ExternalContextCreator`
 * as `@nestjs/graphql` wraps resolvers; the `ExecutionContext` it creates has type `'mcp'` and the
 * handler method's own arguments, one of which is the per-call context (see `McpExecutionContext`).
 * A handler with no enhancers is called directly: the hot path pays nothing for what it does not use.
 */
@Injectable()
export class McpHandlerEnhancer {
  constructor(
    private readonly contexts: ExternalContextCreator,
    private readonly scopes: InsufficientScope,
  ) {}

  /** Prepares `instance[methodName]` to serve `target`: enhancers, access rule, denial mapping. */
  bind(instance: object, methodName: string, target: McpTarget): BoundHandler {
    const method = methodOf(instance, methodName);
    const enhanced = this.hasEnhancers(instance, method);
    return new BoundHandler(
      Object.freeze({ ...target }),
      AccessRule.of(instance, methodName),
      enhanced
        ? this.wrap(instance, method, methodName)
        : method.bind(instance),
      this.scopes.refuse,
      enhanced ? this.guardsOnly(instance, method) : undefined,
      enhanced,
    );
  }

  private wrap(
    instance: object,
    method: McpHandlerCall,
    methodName: string,
  ): McpHandlerCall {
    return this.contexts.create(
      instance,
      method,
      methodName,
      undefined,
      undefined,
      undefined,
      undefined,
      { guards: true, interceptors: true, filters: true },
      MCP_CONTEXT_TYPE,
    );
  }

  /**
   * The handler's guards alone (its own and the global ones), run the way Nest runs them around the
   * method, without calling it; undefined when it has none. Nest builds its guard list only inside
   * `ExternalContextCreator`: should that shape change, the guards still run with the call itself.
   */
  private guardsOnly(
    instance: object,
    method: McpHandlerCall,
  ): McpHandlerCall | undefined {
    const creator = (
      this.contexts as unknown as {
        guardsContextCreator?: {
          create(
            instance: object,
            callback: unknown,
            module: string,
          ): unknown[];
        };
      }
    ).guardsContextCreator;
    if (typeof creator?.create !== 'function') return undefined;
    const module = this.contexts.getContextModuleKey(instance.constructor);
    const guards = creator.create(instance, method, module);
    const canActivate = this.contexts.createGuardsFn(
      guards,
      instance,
      method,
      MCP_CONTEXT_TYPE,
    ) as ((args: unknown[]) => Promise<void>) | null;
    return canActivate ? (...args) => canActivate(args) : undefined;
  }

  /** True when the handler declares an enhancer, or the application has global ones. */
  hasEnhancers(instance: object, method: object): boolean {
    const declared = ENHANCER_KEYS.some(
      (key) =>
        hasItems(Reflect.getMetadata(key, instance.constructor)) ||
        hasItems(Reflect.getMetadata(key, method)),
    );
    return declared || this.hasGlobalEnhancers();
  }

  private hasGlobalEnhancers(): boolean {
    // Nest exposes the global enhancers only through its context creators. Should their shape
    // change, every handler is wrapped: slower, never wrong.
    const creators = this.contexts as unknown as Record<
      string,
      GlobalEnhancers | undefined
    >;
    return [
      'guardsContextCreator',
      'interceptorsContextCreator',
      'filtersContextCreator',
    ].some((name) => {
      const creator = creators[name];
      if (typeof creator?.getGlobalMetadata !== 'function') return true;
      return hasItems(creator.getGlobalMetadata());
    });
  }
}

function methodOf(instance: object, name: string): McpHandlerCall {
  return (instance as Record<string, McpHandlerCall>)[name];
}

function hasItems(value: unknown): boolean {
  return Array.isArray(value) && value.length > 0;
}
