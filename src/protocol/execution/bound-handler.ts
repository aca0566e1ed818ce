import type { IncomingHttpHeaders } from 'node:http';
import type { McpPrincipal } from '../auth/mcp-authenticator.interface.js';
import type { McpCallContext } from '../dispatch/mcp-call-context.interface.js';
import type { AccessRule, ScopeRefusal } from './access-rule.js';
import { denialOf } from './denial.js';
import { beginCall } from './handler-calls.js';
import type { McpHandlerCall } from './mcp-handler.enhancer.js';
import type { McpTarget } from './mcp-execution-context.js';

/** A caller as an access check sees it: who, and the request headers a challenge is built from. */
export interface AccessCaller {
  readonly principal?: McpPrincipal;
  readonly headers?: IncomingHttpHeaders;
}

/** The calls `McpHandlerEnhancer` prepares for one handler. */
export interface HandlerCalls {
  /** The handler with all its enhancers around it, or the method itself when it has none. */
  readonly call: McpHandlerCall;
  /**
   * Whether `call` runs Nest enhancers: only then does anything read the call's target and
   * arguments (`McpExecutionContext`), so only then are they recorded.
   */
  readonly enhanced?: boolean;
  /** The handler's guards alone; undefined when it has none or is never authorized ahead. */
  readonly guards?: McpHandlerCall;
  /** The handler with its enhancers but its guards, for a call they let through earlier. */
  readonly authorized?: McpHandlerCall;
}

/**
 * A tool, prompt or resource handler as prepared at boot: its method wrapped with the Nest enhancers
 * that apply to it, its guards apart (to authorize work that runs later, such as a task) with the
 * rest of its enhancers to run it then, and who may see and call it.
 */
export class BoundHandler {
  private readonly call: McpHandlerCall;
  private readonly enhanced: boolean;
  private readonly guards?: McpHandlerCall;
  private readonly authorized: McpHandlerCall;

  constructor(
    readonly target: McpTarget,
    readonly access: AccessRule,
    private readonly refuse: ScopeRefusal,
    calls: HandlerCalls,
  ) {
    this.call = calls.call;
    this.enhanced = calls.enhanced ?? false;
    this.guards = calls.guards;
    this.authorized = calls.authorized ?? calls.call;
  }

  /** @throws the step-up refusal when the caller lacks a scope the handler requires. */
  enforce(caller: AccessCaller): void {
    this.access.enforce(caller, this.refuse);
  }

  /**
   * Calls the handler with its own arguments `callArgs`, one of which is `ctx`; `args` is what
   * guards and interceptors see as the call's arguments. A 4xx `HttpException` from a guard,
   * interceptor, pipe or filter becomes the matching protocol error (a denial is never a 500);
   * anything else is rethrown as it is. A handler without enhancers is called as it is, with no
   * wrapper at all.
   */
  invoke(ctx: McpCallContext, args: unknown, ...callArgs: unknown[]): unknown {
    if (!this.enhanced) return this.call(...callArgs);
    return this.run(this.call, ctx, args, callArgs);
  }

  /**
   * Runs only the handler's guards, as `invoke` would: for work authorized now and run later (a
   * task is created only for a caller its tool's guards let through).
   */
  async authorize(
    ctx: McpCallContext,
    args: unknown,
    ...callArgs: unknown[]
  ): Promise<void> {
    if (this.guards) await this.run(this.guards, ctx, args, callArgs);
  }

  /**
   * Calls the handler as `invoke` does, but without its guards: for work `authorize` let through
   * earlier (a task's run, possibly on another instance). Interceptors, pipes, parameter decorators
   * and filters run.
   */
  invokeAuthorized(
    ctx: McpCallContext,
    args: unknown,
    ...callArgs: unknown[]
  ): unknown {
    if (!this.enhanced) return this.call(...callArgs);
    return this.run(this.authorized, ctx, args, callArgs);
  }

  private async run(
    fn: McpHandlerCall,
    ctx: McpCallContext,
    args: unknown,
    callArgs: unknown[],
  ): Promise<unknown> {
    beginCall(ctx, { target: this.target, args });
    try {
      return await fn(...callArgs);
    } catch (err) {
      throw denialOf(err, this.target) ?? err;
    }
  }
}
