/**
 * Wire types of the tasks extension (`io.modelcontextprotocol/tasks`, SEP-2663) on MCP 2026-07-28,
 * as this client uses them.
 */
import type {
  CallToolResult,
  JsonObject,
  JsonRpcErrorObject,
  McpResult,
} from './mcp.types.js';

/** The extension's identifier, in `capabilities.extensions` of both sides. */
export const TASKS_EXTENSION = 'io.modelcontextprotocol/tasks';

/** Task methods that carry `Mcp-Name: <taskId>`. */
export const TASK_METHODS = ['tasks/get', 'tasks/update', 'tasks/cancel'];

/** A task's state: `working` ⇄ `input_required` → `completed` | `failed` | `cancelled`. */
export type TaskStatus =
  'working' | 'input_required' | 'completed' | 'failed' | 'cancelled';

/** Every status, in lifecycle order. */
export const TASK_STATUSES: readonly TaskStatus[] = [
  'working',
  'input_required',
  'completed',
  'failed',
  'cancelled',
];

/** The states a task never leaves. */
export const TERMINAL_STATUSES: readonly TaskStatus[] = [
  'completed',
  'failed',
  'cancelled',
];

/** Whether `status` is final. */
export function isTerminal(status: TaskStatus): boolean {
  return TERMINAL_STATUSES.includes(status);
}

/** The fields every task answer carries. */
export interface Task {
  taskId: string;
  status: TaskStatus;
  statusMessage?: string;
  /** ISO 8601. */
  createdAt: string;
  /** ISO 8601. */
  lastUpdatedAt: string;
  /** Lifetime from `createdAt`; null = unlimited. */
  ttlMs: number | null;
  /** How often the server suggests polling. */
  pollIntervalMs?: number;
}

/** A `tools/call` answered with a task instead of a result (flat, SEP-2663). */
export interface CreateTaskResult extends McpResult, Task {
  resultType: 'task';
}

/** `tasks/get`: the task, plus what its status implies. */
export interface GetTaskResult<T = unknown> extends McpResult, Task {
  /** When `completed`: the tool's result (`isError` included). */
  result?: CallToolResult<T>;
  /** When `failed`: the JSON-RPC error the call ended with. */
  error?: JsonRpcErrorObject;
  /** When `input_required`: every outstanding request, by key (e.g. `elicitation/create` params). */
  inputRequests?: Record<string, JsonObject>;
}

/** Whether a `tools/call` answer is a task rather than the tool's result. */
export function isCreateTaskResult(
  result: McpResult,
): result is CreateTaskResult {
  return result.resultType === 'task' && typeof result.taskId === 'string';
}
