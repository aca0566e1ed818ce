import type { McpRequestContext } from '../dispatch/mcp-request-context.js';
import type { AccessRule, ScopeRefusal } from './access-rule.js';
import { denialOf } from './denial.js';
import type { McpHandlerCall } from './mcp-handler.enhancer.js';
import type { McpTarget } from './mcp-execution-context.js';

/**
 * A tool, prompt or resource handler as prepared at boot: its method wrapped with the Nest enhancers
 * that apply to it, and who may see and call it.
 */
export class BoundHandler {
  constructor(
    readonly target: McpTarget,
    readonly access: AccessRule,
    private readonly call: McpHandlerCall,
    private readonly refuse: ScopeRefusal,
  ) {}

  /** @throws the step-up refusal when the caller lacks a scope the handler requires. */
  enforce(ctx: McpRequestContext): void {
    this.access.enforce(ctx, this.refuse);
  }

  /**
   * Calls the handler with its own arguments `callArgs`; `args` is what guards and interceptors see
   * as the call's arguments. A guard's or interceptor's 4xx `HttpException` becomes the matching
   * protocol error (a denial is never a 500); anything else is rethrown as it is.
   */
  async invoke(
    ctx: McpRequestContext,
    args: unknown,
    ...callArgs: unknown[]
  ): Promise<unknown> {
    ctx.handler = { target: this.target, args };
    try {
      return await this.call(...callArgs);
    } catch (err) {
      throw denialOf(err, this.target) ?? err;
    }
  }
}
