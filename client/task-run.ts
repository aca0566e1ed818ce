import type {
  CallToolResult,
  JsonObject,
  JsonRpcErrorObject,
} from './mcp.types.js';
import type { TaskStatus } from './task.types.js';

/** What compute_primes returns. */
export interface PrimeCount {
  limit: number;
  prime_count: number;
  capped: boolean;
  instance_id: string;
}

/** The task as the server created it. */
export interface TaskCreation {
  taskId: string;
  status: TaskStatus;
  ttlMs: number | null;
  pollIntervalMs?: number;
  /** The instance that created it (`X-Served-By`), when the server says. */
  servedBy?: string;
}

/** One `tasks/get` of the run. */
export interface TaskPollRecord {
  poll: number;
  status?: TaskStatus;
  statusMessage?: string;
  servedBy?: string;
  /** A failed poll that was retried. */
  error?: string;
}

/** The `tasks/cancel` sent when the run was interrupted. */
export interface TaskCancellation {
  /** The instance that acknowledged it, or the error that kept it from being sent. */
  servedBy?: string;
  error?: string;
  /** The status a `tasks/get` saw right after. */
  status?: TaskStatus;
}

/** Everything one `--task` run (or the demo's task section) saw. */
export interface TaskRunReport {
  tool: string;
  arguments: JsonObject;
  /** `task` when the server created one; `sync` when it answered with the tool's result at once. */
  mode?: 'task' | 'sync';
  created?: TaskCreation;
  polls: TaskPollRecord[];
  /** The last status seen. */
  status?: TaskStatus;
  /** The tool's result (at once, or from the completed task). */
  result?: CallToolResult<PrimeCount>;
  /** The JSON-RPC error of a failed task. */
  error?: JsonRpcErrorObject;
  /** Set when the run was interrupted (Ctrl-C) and asked the server to cancel. */
  cancelled?: TaskCancellation;
  /** Why the run could not go on (unreachable, a JSON-RPC error…). */
  failure?: string;
  /** Set once the run is over. */
  done?: boolean;
}
