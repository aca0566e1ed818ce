import type { ArgumentsHost, ExecutionContext } from '@nestjs/common';
import type { McpCallContext } from '../dispatch/mcp-call-context.interface.js';
import { callOf, type HandlerCall } from './handler-calls.js';

/** `ExecutionContext.getType()` of an MCP tool call, prompt get or resource read. */
export const MCP_CONTEXT_TYPE = 'mcp';

/** The `ContextType` of MCP handlers, for `context.getType<McpContextType>()`. */
export type McpContextType = typeof MCP_CONTEXT_TYPE;

/** What an MCP handler serves: the tool, prompt or resource being called. */
export interface McpTarget {
  readonly kind: 'tool' | 'prompt' | 'resource';
  /** Tool or prompt name, or the URI of the resource being read. */
  readonly name: string;
}

/**
 * The MCP view of a Nest `ExecutionContext`, as `GqlExecutionContext` is for GraphQL: a guard or
 * interceptor that runs around a tool, prompt or resource reads the call's arguments, its target
 * and the per-call context (principal, request id, trace id) here.
 *
 * ```ts
 * canActivate(context: ExecutionContext) {
 *   if (context.getType<McpContextType>() !== 'mcp') return true; // an HTTP route
 *   const { principal } = McpExecutionContext.create(context).getContext();
 *   …
 * }
 * ```
 */
export class McpExecutionContext {
  private constructor(
    private readonly context: ArgumentsHost,
    private readonly ctx: McpCallContext,
    private readonly call: HandlerCall,
  ) {}

  /**
   * Wraps the context of a guard or interceptor, or the host of an exception filter, whose
   * `getType()` is `'mcp'`. @throws Error for any other type.
   */
  static create(context: ArgumentsHost): McpExecutionContext {
    const ctx = context.getArgs().find((arg) => callOf(arg) !== undefined) as
      McpCallContext | undefined;
    if (context.getType<string>() !== MCP_CONTEXT_TYPE || !ctx) {
      throw new Error(
        `McpExecutionContext.create() needs an '${MCP_CONTEXT_TYPE}' context, got '${context.getType()}'`,
      );
    }
    return new McpExecutionContext(context, ctx, callOf(ctx)!);
  }

  /**
   * The call's arguments: tool arguments (defaults applied), prompt arguments, or a resource
   * template's variables (`{}` for a plain resource).
   */
  getArgs<T = Record<string, unknown>>(): T {
    return this.call.args as T;
  }

  /** The per-call context the handler receives. */
  getContext(): McpCallContext {
    return this.ctx;
  }

  /** Which tool, prompt or resource is being called. */
  getTarget(): McpTarget {
    return this.call.target;
  }

  /**
   * The handler class (as `ExecutionContext.getClass()`), for `Reflector` lookups. Undefined in an
   * exception filter, whose host does not carry it.
   */
  getClass(): ReturnType<ExecutionContext['getClass']> | undefined {
    return (this.context as Partial<ExecutionContext>).getClass?.();
  }

  /** The handler method (as `ExecutionContext.getHandler()`); undefined in an exception filter. */
  getHandler(): ReturnType<ExecutionContext['getHandler']> | undefined {
    return (this.context as Partial<ExecutionContext>).getHandler?.();
  }
}
