import type { JsonObject, McpResult } from '../json-rpc/json-rpc.types.js';
import type { McpRequestContext, ProtocolEra } from './mcp-request-context.js';

/** Handles one MCP method. Throw `JsonRpcError` for protocol errors; return the result object. */
export type McpMethodHandler = (
  params: JsonObject,
  ctx: McpRequestContext,
) => Promise<McpResult> | McpResult;

/** An `Mcp-Param-*` header a call must carry, mirroring one argument (SEP-2243, `x-mcp-header`). */
export interface ParamHeader {
  /** Full header name, lower-case: `mcp-param-region`. */
  readonly header: string;
  /** The argument it mirrors. */
  readonly argument: string;
  readonly type: 'string' | 'integer' | 'boolean';
}

/** How a method is served. */
export interface McpMethodOptions {
  /** Eras that know the method; default both. `initialize` is legacy-only, for instance. */
  readonly eras?: readonly ProtocolEra[];
  /** A stream that stays open by design (subscriptions/listen): exempt from the request timeout. */
  readonly longLived?: boolean;
  /** The `Mcp-Param-*` headers a particular call must carry (e.g. those of the called tool). */
  readonly paramHeaders?: (
    params: JsonObject,
  ) => readonly ParamHeader[] | undefined;
}

/** A registered method. */
export interface McpMethod extends McpMethodOptions {
  readonly name: string;
  readonly handler: McpMethodHandler;
}
