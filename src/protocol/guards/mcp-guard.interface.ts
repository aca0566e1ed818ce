import type { McpRequestContext } from '../dispatch/mcp-request-context.js';

/**
 * One check of the MCP pipeline, run in the order of spec.md §4.5. A guard throws a `JsonRpcError`
 * to refuse the request. Our own minimal contract rather than Nest's `CanActivate`: the `/mcp` hot
 * path does not go through Nest's router (reference/perf.md budget).
 */
export interface McpGuard {
  check(ctx: McpRequestContext): void;
}
