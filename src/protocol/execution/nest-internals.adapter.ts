// Every read of Nest internals the MCP enhancers need, in one place: what Nest keeps but exports
// only to its own packages. `nest-internals.adapter.spec.ts` pins each of them, so a Nest upgrade
// that changes one fails that test (and the boot, with a message), never a call silently.
import {
  CUSTOM_ROUTE_ARGS_METADATA,
  EXCEPTION_FILTERS_METADATA,
  GUARDS_METADATA,
  INTERCEPTORS_METADATA,
  PIPES_METADATA,
  ROUTE_ARGS_METADATA,
} from '@nestjs/common/constants.js';
import { RouteParamtypes } from '@nestjs/common/internal';
import type { ExternalContextCreator } from '@nestjs/core';
import { FORBIDDEN_MESSAGE } from '@nestjs/core/guards/constants.js';

/** The message of the `ForbiddenException` Nest throws when a guard returns false. */
export const NEST_GUARD_DENIAL: string = FORBIDDEN_MESSAGE;

/**
 * The metadata keys Nest's decorators write: `@UseGuards`, `@UseInterceptors`, `@UseFilters`,
 * `@UsePipes` (on a class, or on a method's function), and the parameter decorators of routes and
 * of `createParamDecorator()` (on the class, per method name).
 */
export const NEST_METADATA = Object.freeze({
  guards: GUARDS_METADATA,
  interceptors: INTERCEPTORS_METADATA,
  filters: EXCEPTION_FILTERS_METADATA,
  pipes: PIPES_METADATA,
  routeArgs: ROUTE_ARGS_METADATA,
});

/** The enhancer kinds a handler can declare, as `NEST_METADATA` names them. */
export type EnhancerKind = 'guards' | 'interceptors' | 'filters' | 'pipes';

/** One parameter entry as Nest's parameter decorators store it and `ExternalContextCreator` reads it. */
export interface NestParamEntry {
  readonly index: number;
  readonly data?: unknown;
  readonly pipes: readonly unknown[];
  /** Set on the entries of `createParamDecorator()` decorators. */
  readonly factory?: unknown;
}

/** Parameter entries by key: `<type>:<index>` (built-in types) or `<id>__customRouteArgs__:<index>`. */
export type NestParamsMetadata = Record<string, NestParamEntry>;

/** The key of a parameter entry of `type` at `index`, as `ExternalContextCreator` parses it. */
export function paramKey(type: number, index: number): string {
  return `${type}:${index}`;
}

/** True for an entry of a `createParamDecorator()` decorator (a team's own). */
export function isCustomParamKey(key: string): boolean {
  return key.includes(CUSTOM_ROUTE_ARGS_METADATA);
}

/** The parameter type of a built-in entry's key (`3:0` → 3). */
export function paramTypeOf(key: string): number {
  return Number(key.slice(0, key.indexOf(':')));
}

const HTTP_PARAM_DECORATORS: Readonly<Record<number, string>> = {
  [RouteParamtypes.REQUEST]: '@Req()',
  [RouteParamtypes.RESPONSE]: '@Res()',
  [RouteParamtypes.NEXT]: '@Next()',
  [RouteParamtypes.BODY]: '@Body()',
  [RouteParamtypes.QUERY]: '@Query()',
  [RouteParamtypes.PARAM]: '@Param()',
  [RouteParamtypes.HEADERS]: '@Headers()',
  [RouteParamtypes.SESSION]: '@Session()',
  [RouteParamtypes.FILE]: '@UploadedFile()',
  [RouteParamtypes.FILES]: '@UploadedFiles()',
  [RouteParamtypes.HOST]: '@HostParam()',
  [RouteParamtypes.IP]: '@Ip()',
  [RouteParamtypes.RAW_BODY]: '@RawBody()',
};

/**
 * The name of the HTTP route parameter decorator that stores entries of `type` (`@Body()` for 3),
 * or a description when no HTTP decorator does (another transport's, such as GraphQL's `@Args()`).
 */
export function httpParamDecoratorName(type: number): string {
  return HTTP_PARAM_DECORATORS[type] ?? `a parameter decorator of type ${type}`;
}

/** A context creator as this adapter uses it. */
interface ContextCreatorInternals {
  getGlobalMetadata(): unknown[];
  create(instance: object, callback: object, module: string): unknown[];
}

/** The fields of `ExternalContextCreator` that hold its context creators, by enhancer kind. */
const CREATOR_FIELDS: Readonly<Record<EnhancerKind, string>> = {
  guards: 'guardsContextCreator',
  interceptors: 'interceptorsContextCreator',
  filters: 'filtersContextCreator',
  pipes: 'pipesContextCreator',
};

/**
 * What Nest knows about an application's enhancers but keeps inside `ExternalContextCreator`: the
 * global ones (`APP_GUARD`, `APP_PIPE`…, `app.useGlobal*()`), which no public API lists, and a
 * handler's guards on their own, which Nest builds only as part of a whole wrapped call.
 */
export class NestEnhancerInternals {
  private readonly creators: Readonly<
    Record<EnhancerKind, ContextCreatorInternals>
  >;

  /** @throws Error naming what is missing when this version of Nest lacks one of the internals. */
  constructor(private readonly contexts: ExternalContextCreator) {
    const fields = contexts as unknown as Record<string, unknown>;
    const creators = {} as Record<EnhancerKind, ContextCreatorInternals>;
    for (const [kind, field] of Object.entries(CREATOR_FIELDS)) {
      const creator = fields[field] as Partial<ContextCreatorInternals>;
      if (
        typeof creator?.getGlobalMetadata !== 'function' ||
        typeof creator.create !== 'function'
      ) {
        throw new Error(
          `This version of @nestjs/core is not supported: ExternalContextCreator.${field} has no getGlobalMetadata() and create(), which the MCP handler enhancers read (src/protocol/execution/nest-internals.adapter.ts)`,
        );
      }
      creators[kind as EnhancerKind] = creator as ContextCreatorInternals;
    }
    this.creators = creators;
  }

  /** How many application-wide enhancers of `kind` there are (static ones: handlers are singletons). */
  globalCount(kind: EnhancerKind): number {
    const globals = this.creators[kind].getGlobalMetadata();
    return Array.isArray(globals) ? globals.length : 0;
  }

  /**
   * The guards Nest runs around `instance[method]` (global, then class, then method ones), resolved
   * from the module that provides the instance, as `ExternalContextCreator.create` resolves them.
   */
  guardsOf(instance: object, method: object): unknown[] {
    const module = this.contexts.getContextModuleKey(instance.constructor);
    return this.creators.guards.create(instance, method, module);
  }
}
