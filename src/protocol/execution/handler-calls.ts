import type { McpTarget } from './mcp-execution-context.js';

/** What a guard or interceptor learns about the call a per-call context belongs to. */
export interface HandlerCall {
  readonly target: McpTarget;
  readonly args: unknown;
}

/**
 * The handler call each per-call context is making, so `McpExecutionContext` can find it among a
 * handler method's own arguments whatever their order (a tool's `execute(args, ctx)`, a resource's
 * `read(uri, variables, ctx)`) and whatever built the context (a request, or a task run).
 */
const calls = new WeakMap<object, HandlerCall>();

/** Records that `ctx` is calling `target` with `args`. */
export function beginCall(ctx: object, call: HandlerCall): void {
  calls.set(ctx, call);
}

/** The call `value` is the per-call context of, if it is one. */
export function callOf(value: unknown): HandlerCall | undefined {
  return typeof value === 'object' && value !== null
    ? calls.get(value)
    : undefined;
}
