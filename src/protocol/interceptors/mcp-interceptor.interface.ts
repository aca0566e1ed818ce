import type { McpRequestContext } from '../dispatch/mcp-request-context.js';
import type { McpResult } from '../json-rpc/json-rpc.types.js';

/**
 * Wraps the handler of every MCP request, like Nest's interceptors but without RxJS and the
 * per-request `ExecutionContext`: the `/mcp` hot path stays within its budget (reference/perf.md).
 */
export interface McpInterceptor {
  intercept(
    ctx: McpRequestContext,
    next: () => Promise<McpResult>,
  ): Promise<McpResult>;
}
