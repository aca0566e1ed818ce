import type { InputRequest } from '../protocol/mrtr/input-required.js';

/** The extension's identifier in capabilities (SEP-2663). */
export const TASKS_EXTENSION = 'io.modelcontextprotocol/tasks';

/** `working` ⇄ `input_required` → `completed` | `failed` | `cancelled` (SEP-2663, "Task status"). */
export type TaskStatus =
  'working' | 'input_required' | 'completed' | 'failed' | 'cancelled';

/** True for the statuses a task never leaves. */
export function isTerminal(status: TaskStatus): boolean {
  return (
    status === 'completed' || status === 'failed' || status === 'cancelled'
  );
}

/** A JSON-RPC error object, as a failed task carries it. */
export interface TaskErrorObject {
  readonly code: number;
  readonly message: string;
  readonly data?: unknown;
}

/** What a task was created for: kept with it so the record tells the whole story. */
export interface TaskOrigin {
  readonly tool: string;
  readonly arguments: Readonly<Record<string, unknown>>;
  /** The creating request's client capabilities (SEP-2663: stored with the task). */
  readonly clientCapabilities: Readonly<Record<string, unknown>>;
}

/** A new task, as the creating request hands it to the store. */
export interface NewTask {
  readonly taskId: string;
  /** The authenticated caller's subject, '' without authentication. */
  readonly caller: string;
  /** The instance (process) running the work. */
  readonly owner: string;
  readonly createdAt: number;
  readonly ttlMs: number;
  readonly pollIntervalMs: number;
  readonly origin: TaskOrigin;
}

/** A task as stored. Times are epoch milliseconds; the wire shows them as ISO 8601. */
export interface TaskRecord {
  readonly taskId: string;
  readonly status: TaskStatus;
  readonly statusMessage?: string;
  readonly createdAt: number;
  readonly lastUpdatedAt: number;
  readonly ttlMs: number;
  readonly pollIntervalMs: number;
  readonly caller: string;
  readonly owner: string;
  /** Outstanding input requests (status `input_required`). */
  readonly inputRequests?: Readonly<Record<string, InputRequest>>;
  /** The `CallToolResult` of a completed task. */
  readonly result?: Readonly<Record<string, unknown>>;
  /** The JSON-RPC error of a failed task. */
  readonly error?: TaskErrorObject;
}

/** How a task run ended. */
export type TaskOutcome =
  | { readonly status: 'completed'; readonly result: Record<string, unknown> }
  | { readonly status: 'failed'; readonly error: TaskErrorObject };

/** What `respond` did with a `tasks/update`. */
export type RespondOutcome =
  /** No such task (or expired). */
  | 'unknown'
  /** Recorded; the task still waits for other answers, or was not waiting. */
  | 'recorded'
  /** Every outstanding request is answered: the task is `working` again. */
  | 'resumed';

/** A signal to the instance running a task. */
export type TaskSignal = 'cancel' | 'input';

/** The record a store holds for a task it has just created: working, never updated yet. */
export function freshRecord(task: NewTask): TaskRecord {
  return {
    taskId: task.taskId,
    status: 'working',
    createdAt: task.createdAt,
    lastUpdatedAt: task.createdAt,
    ttlMs: task.ttlMs,
    pollIntervalMs: task.pollIntervalMs,
    caller: task.caller,
    owner: task.owner,
  };
}
