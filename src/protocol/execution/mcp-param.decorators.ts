import type { PipeTransform, Type } from '@nestjs/common';
import {
  NEST_METADATA,
  type NestParamEntry,
  type NestParamsMetadata,
  paramKey,
} from './nest-internals.adapter.js';

/**
 * The entry an MCP parameter decorator stores. It goes where Nest's own parameter decorators store
 * theirs, so Nest instantiates the pipe classes it names (as it does for `@nestjs/graphql`'s
 * `@Args()`); `mcp` tells it apart from an HTTP decorator's entry of the same type (`@Body()`).
 */
export interface McpParamEntry extends NestParamEntry {
  readonly mcp: true;
}

/** True for an entry an MCP parameter decorator stored. */
export function isMcpParamEntry(entry: NestParamEntry): entry is McpParamEntry {
  return (entry as Partial<McpParamEntry>).mcp === true;
}

/**
 * What an MCP parameter decorator extracts. `ARGS` is 3, Nest's `RouteParamtypes.BODY`, so pipes
 * see the arguments as `metadata.type === 'body'` (as `@nestjs/graphql` does for `@Args()`) and
 * Nest's `ValidationPipe` validates them; the others reach pipes as `'custom'`.
 */
export enum McpParamtype {
  ARGS = 3,
  CONTEXT = 101,
  CALLER = 102,
  URI = 103,
}

/** The name of the decorator that stores entries of `type`, for boot messages. */
export const MCP_PARAM_DECORATORS: Readonly<Record<McpParamtype, string>> = {
  [McpParamtype.ARGS]: '@McpArgs()',
  [McpParamtype.CONTEXT]: '@McpContext()',
  [McpParamtype.CALLER]: '@McpCaller()',
  [McpParamtype.URI]: 'the resource URI',
};

/** A pipe as `@UsePipes` takes it: a class (resolved by Nest) or an instance. */
export type McpPipe = Type<PipeTransform> | PipeTransform;

/**
 * The call's arguments, or one of them: a tool's arguments (validated, defaults filled in), a
 * prompt's arguments, a resource template's variables. Pipes given here run on this parameter
 * only, after those bound with `@UsePipes` or `APP_PIPE`:
 *
 * ```ts
 * execute(@McpArgs('count', ParseIntPipe) count: number, ctx: McpCallContext) { … }
 * ```
 */
export function McpArgs(...pipes: McpPipe[]): ParameterDecorator;
export function McpArgs(field: string, ...pipes: McpPipe[]): ParameterDecorator;
export function McpArgs(
  fieldOrPipe?: string | McpPipe,
  ...pipes: McpPipe[]
): ParameterDecorator {
  return typeof fieldOrPipe === 'string' || fieldOrPipe === undefined
    ? mcpParam(McpParamtype.ARGS, fieldOrPipe, pipes)
    : mcpParam(McpParamtype.ARGS, undefined, [fieldOrPipe, ...pipes]);
}

/** The per-call context (`McpCallContext`): caller, request id, signal, progress, log. */
export const McpContext = (...pipes: McpPipe[]): ParameterDecorator =>
  mcpParam(McpParamtype.CONTEXT, undefined, pipes);

/** The authenticated caller (an `McpPrincipal`), or undefined when the server has no authentication. */
export const McpCaller = (...pipes: McpPipe[]): ParameterDecorator =>
  mcpParam(McpParamtype.CALLER, undefined, pipes);

function mcpParam(
  type: McpParamtype,
  data: string | undefined,
  pipes: readonly McpPipe[],
): ParameterDecorator {
  return (target, key, index) => {
    if (key === undefined) {
      throw new Error(
        `${(target as { name?: string }).name}: ${MCP_PARAM_DECORATORS[type]} goes on a parameter of a tool, prompt or resource method, not of a constructor`,
      );
    }
    const owner = target.constructor;
    const params = (Reflect.getOwnMetadata(
      NEST_METADATA.routeArgs,
      owner,
      key,
    ) ?? {}) as NestParamsMetadata;
    const entry: McpParamEntry = { index, data, pipes, mcp: true };
    Reflect.defineMetadata(
      NEST_METADATA.routeArgs,
      { ...params, [paramKey(type, index)]: entry },
      owner,
      key,
    );
  };
}
