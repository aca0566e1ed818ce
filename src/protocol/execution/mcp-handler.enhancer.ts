import { Injectable } from '@nestjs/common';
import { ExternalContextCreator } from '@nestjs/core';
import { InsufficientScope } from '../auth/insufficient-scope.js';
import { AccessRule } from './access-rule.js';
import { BoundHandler } from './bound-handler.js';
import { HandlerParams } from './handler-params.js';
import type { HandlerSignature } from './handler-signature.js';
import { MCP_CONTEXT_TYPE, type McpTarget } from './mcp-execution-context.js';
import { McpParamsFactory } from './mcp-params.factory.js';
import {
  type EnhancerKind,
  NEST_METADATA,
  NestEnhancerInternals,
} from './nest-internals.adapter.js';

/** A handler method as the registries call it: its own arguments; a value or a promise of one. */
export type McpHandlerCall = (...args: unknown[]) => unknown;

const KINDS: readonly EnhancerKind[] = [
  'guards',
  'interceptors',
  'filters',
  'pipes',
];

/** Where `ExternalContextCreator` reads a handler's resolved parameters, per signature. */
const paramsKey = (signature: HandlerSignature) =>
  `mcp:params:${signature.params.join(',')}`;

/**
 * Wraps a tool, prompt or resource handler once, at boot, with the Nest enhancers that apply to it:
 * `@UseGuards`, `@UseInterceptors`, `@UseFilters` and `@UsePipes` on its class or method, the global
 * ones (`APP_GUARD`, `APP_INTERCEPTOR`, `APP_FILTER`, `APP_PIPE`, `app.useGlobal*`), and parameter
 * decorators (`@McpArgs`, `@McpContext`, `@McpCaller`, a team's `createParamDecorator`). Built on
 * `ExternalContextCreator` with a params factory, as `@nestjs/graphql` wraps resolvers; the
 * `ExecutionContext` it creates has type `'mcp'` and the handler method's own arguments, one of
 * which is the per-call context (see `McpExecutionContext`). A handler with no enhancers is called
 * directly: the hot path pays nothing for what it does not use.
 */
@Injectable()
export class McpHandlerEnhancer {
  private readonly internals: NestEnhancerInternals;

  constructor(
    private readonly contexts: ExternalContextCreator,
    private readonly scopes: InsufficientScope,
  ) {
    this.internals = new NestEnhancerInternals(contexts);
  }

  /**
   * Prepares `instance[methodName]`, called as `signature` says, to serve `target`: enhancers,
   * parameters, access rule, denial mapping.
   * @throws Error naming the class, the method and the reason for a declaration that cannot apply.
   */
  bind(
    instance: object,
    methodName: string,
    target: McpTarget,
    signature: HandlerSignature,
  ): BoundHandler {
    const method = methodOf(instance, methodName);
    const access = AccessRule.of(instance, methodName);
    const params = HandlerParams.of(instance, methodName, signature);
    const frozen = Object.freeze({ ...target });
    const refuse = this.scopes.refuse;
    if (!params.declared && !this.hasEnhancers(instance, method))
      return new BoundHandler(frozen, access, refuse, {
        call: method.bind(instance),
      });
    // Parameters go through Nest only when something reads them: a parameter decorator or a pipe.
    const piped = params.declared || this.declares(instance, method, 'pipes');
    if (piped) {
      Reflect.defineMetadata(
        paramsKey(signature),
        params.metadata,
        instance.constructor,
        methodName,
      );
    }
    const wrap = (guards: boolean) =>
      this.contexts.create(
        instance,
        method,
        methodName,
        piped ? paramsKey(signature) : undefined,
        piped ? new McpParamsFactory(signature) : undefined,
        undefined,
        undefined,
        { guards, interceptors: true, filters: true },
        MCP_CONTEXT_TYPE,
      );
    const call = wrap(true);
    const guards =
      signature.deferrable && this.declares(instance, method, 'guards')
        ? this.guardsOnly(instance, method)
        : undefined;
    return new BoundHandler(frozen, access, refuse, {
      call,
      enhanced: true,
      guards,
      // What runs once the guards have let the caller through: the rest, without them.
      authorized: guards ? wrap(false) : call,
    });
  }

  /**
   * The handler's guards alone (its own and the global ones), run the way Nest runs them around the
   * method, without calling it.
   */
  private guardsOnly(instance: object, method: McpHandlerCall): McpHandlerCall {
    const canActivate = this.contexts.createGuardsFn(
      this.internals.guardsOf(instance, method),
      instance,
      method,
      MCP_CONTEXT_TYPE,
    ) as (args: unknown[]) => Promise<void>;
    return (...args) => canActivate(args);
  }

  /** True when the handler declares a guard, interceptor, filter or pipe, or the application has a global one. */
  hasEnhancers(instance: object, method: object): boolean {
    return KINDS.some((kind) => this.declares(instance, method, kind));
  }

  /** True when the handler's class or method declares an enhancer of `kind`, or the application does. */
  private declares(
    instance: object,
    method: object,
    kind: EnhancerKind,
  ): boolean {
    const key = NEST_METADATA[kind];
    return (
      hasItems(Reflect.getMetadata(key, instance.constructor)) ||
      hasItems(Reflect.getMetadata(key, method)) ||
      this.internals.globalCount(kind) > 0
    );
  }
}

function methodOf(instance: object, name: string): McpHandlerCall {
  return (instance as Record<string, McpHandlerCall>)[name];
}

function hasItems(value: unknown): boolean {
  return Array.isArray(value) && value.length > 0;
}
