// Tools see the protocol's per-call context under the name tool authors expect.
export type {
  McpCallContext as ToolContext,
  LogLevel,
} from '../protocol/dispatch/mcp-call-context.interface.js';
