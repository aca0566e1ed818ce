import type { ParamData } from '@nestjs/common';
import type { ParamsFactory } from '@nestjs/core';
import type { McpCallContext } from '../dispatch/mcp-call-context.interface.js';
import type { HandlerSignature } from './handler-signature.js';
import { McpParamtype } from './mcp-param.decorators.js';

/**
 * Gives `ExternalContextCreator` the value of each MCP parameter from the arguments the registry
 * calls a handler with, as `GqlParamsFactory` does for resolvers. One per handler signature: the
 * positions are known at boot, so a call reads them by index.
 */
export class McpParamsFactory implements ParamsFactory {
  private readonly argsAt: number;
  private readonly contextAt: number;
  private readonly uriAt: number;

  constructor(signature: HandlerSignature) {
    this.argsAt = signature.params.indexOf('args');
    this.contextAt = signature.params.indexOf('context');
    this.uriAt = signature.params.indexOf('uri');
  }

  exchangeKeyForValue(
    type: number,
    data: ParamData | undefined,
    args: unknown[],
  ): unknown {
    switch (type as McpParamtype) {
      case McpParamtype.ARGS: {
        const value = args[this.argsAt] as Record<string, unknown> | undefined;
        return data === undefined ? value : value?.[data as string];
      }
      case McpParamtype.CONTEXT:
        return args[this.contextAt];
      case McpParamtype.CALLER:
        return (args[this.contextAt] as McpCallContext | undefined)?.principal;
      case McpParamtype.URI:
        return args[this.uriAt];
      default:
        return undefined;
    }
  }
}
