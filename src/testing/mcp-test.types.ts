import type { ContentBlock } from '../tools/tool-result.js';
import type { ToolDescriptor } from '../tools/tool-options.interface.js';

/** One HTTP answer of `/mcp`, as the test client read it. */
export interface McpTestResponse {
  /** HTTP status. */
  readonly status: number;
  /** Response headers, lower-cased names. */
  readonly headers: Readonly<Record<string, string>>;
  /** The JSON-RPC response (from the JSON body, or the last message of an SSE stream). */
  readonly body: {
    readonly jsonrpc?: '2.0';
    readonly id?: string | number | null;
    readonly result?: Record<string, unknown>;
    readonly error?: {
      readonly code: number;
      readonly message: string;
      readonly data?: unknown;
    };
  };
  /** Notifications sent on the request's SSE stream before its answer (progress, log). */
  readonly notifications: readonly {
    readonly method: string;
    readonly params?: unknown;
  }[];
}

/** A `tools/call` result (https://modelcontextprotocol.io/specification/2026-07-28/server/tools). */
export interface CallToolResult {
  readonly content: readonly ContentBlock[];
  readonly structuredContent?: unknown;
  readonly isError?: boolean;
  readonly _meta?: Record<string, unknown>;
}

/** The status of a task (SEP-2663). */
export type McpTaskStatus =
  'working' | 'input_required' | 'completed' | 'failed' | 'cancelled';

/** A task as `tools/call` (`CreateTaskResult`) and `tasks/get` answer it (SEP-2663). */
export interface McpTask {
  readonly taskId: string;
  readonly status: McpTaskStatus;
  readonly statusMessage?: string;
  readonly createdAt: string;
  readonly lastUpdatedAt: string;
  readonly ttlMs: number;
  readonly pollIntervalMs: number;
  /** Outstanding questions, while `input_required`. */
  readonly inputRequests?: Record<string, unknown>;
  /** The `CallToolResult` of a completed task. */
  readonly result?: CallToolResult;
  /** The JSON-RPC error of a failed task. */
  readonly error?: { readonly code: number; readonly message: string };
}

/** A tool as `tools/list` publishes it. */
export type ListedTool = Readonly<ToolDescriptor>;
