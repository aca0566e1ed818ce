import { setTimeout as sleep } from 'node:timers/promises';
import type { McpReply, RequestOptions } from './mcp-client.options.js';
import type { McpClient } from './mcp.client.js';
import { McpRpcError } from './mcp-rpc.error.js';
import { McpTransportError } from './mcp-transport.error.js';
import {
  META_KEY,
  type CallToolResult,
  type JsonObject,
  type McpResult,
} from './mcp.types.js';
import {
  isTerminal,
  TASK_STATUSES,
  TASKS_EXTENSION,
  type CreateTaskResult,
  type GetTaskResult,
} from './task.types.js';

/** The response header naming the server instance that answered (absent on other servers). */
export const SERVED_BY_HEADER = 'X-Served-By';

/** Bounds on the server's suggested poll interval, so a bad hint neither floods nor stalls. */
export const POLL_INTERVAL_BOUNDS = { min: 100, max: 5_000 } as const;

/** The poll interval when the server suggests none. */
export const DEFAULT_POLL_INTERVAL_MS = 1_000;

/** One `tasks/get` made by `waitForTask`. */
export interface TaskPoll<T = unknown> {
  /** 1 for the first poll. */
  poll: number;
  /** The task as this poll saw it; undefined when the poll failed (see `error`). */
  task?: GetTaskResult<T>;
  /** A failure the wait retries (unreachable, timeout, HTTP 5xx). */
  error?: Error;
  /** The instance that answered (`X-Served-By`), when the server says. */
  servedBy?: string;
}

/** Options of `waitForTask`. */
export interface WaitForTaskOptions<T = unknown> {
  /** Called after every poll, failed ones included. */
  onPoll?: (poll: TaskPoll<T>) => void;
  /** Stops waiting (the wait rejects with its reason); the task itself is not cancelled. */
  signal?: AbortSignal;
  /**
   * Poll this often instead of following the server's `pollIntervalMs` (which is honoured, bounded
   * to 100 ms – 5 s, and 1 s when the server gives none).
   */
  pollIntervalMs?: number;
  /**
   * Answers input requests while the task is `input_required`: receives the requests not yet
   * answered, by key, and returns `inputResponses` for `tasks/update`. Without it the wait ends
   * at the first `input_required`, returning the task.
   */
  onInputRequired?: (
    inputRequests: Record<string, JsonObject>,
  ) => JsonObject | Promise<JsonObject>;
  /** Consecutive failed polls tolerated before the wait gives up (default 5). */
  maxConsecutiveErrors?: number;
  /** Options of each request (timeout, headers…). */
  request?: RequestOptions;
}

/**
 * How long to wait before the next poll: `override` when given, else the server's hint bounded to
 * `POLL_INTERVAL_BOUNDS`, else `DEFAULT_POLL_INTERVAL_MS`.
 */
export function pollDelay(override?: number, hint?: number): number {
  if (override !== undefined) return override;
  if (hint === undefined || !Number.isFinite(hint))
    return DEFAULT_POLL_INTERVAL_MS;
  return Math.min(
    POLL_INTERVAL_BOUNDS.max,
    Math.max(POLL_INTERVAL_BOUNDS.min, hint),
  );
}

/** The instance an answer names in `X-Served-By`, if any. */
export function servedBy(reply: Pick<McpReply<unknown>, 'headers'>) {
  return reply.headers?.get(SERVED_BY_HEADER) ?? undefined;
}

/**
 * The tasks extension (`io.modelcontextprotocol/tasks`, SEP-2663) on top of `McpClient`. Every
 * request here declares the extension in its own `_meta` client capabilities (there is no session
 * to remember it), and `tasks/get|update|cancel` carry `Mcp-Name: <taskId>`, so each may land on
 * any server instance.
 *
 * ```ts
 * const { result } = await client.tasks.callToolAsTask('compute_primes', { limit: 1e9 });
 * if (isCreateTaskResult(result)) {
 *   const done = await client.tasks.waitForTask(result.taskId, { onPoll: console.log });
 *   console.log(done.status, done.result?.structuredContent);
 * }
 * ```
 */
export class TaskApi {
  constructor(private readonly client: McpClient) {}

  /**
   * `tools/call` declaring the extension: the server may answer with a task (`resultType:
   * "task"`, see `isCreateTaskResult`) or, for a tool it runs synchronously, the tool's result.
   */
  callToolAsTask<T = unknown>(
    name: string,
    args: JsonObject = {},
    options: RequestOptions = {},
  ): Promise<McpReply<CreateTaskResult | CallToolResult<T>>> {
    return this.client.callToolReply(name, args, this.declare(options));
  }

  /** `tasks/get`: status and message, plus `result`, `error` or `inputRequests` as they apply. */
  getTask<T = unknown>(
    taskId: string,
    options: RequestOptions = {},
  ): Promise<McpReply<GetTaskResult<T>>> {
    return this.client.send('tasks/get', { taskId }, this.declare(options));
  }

  /** `tasks/update`: answers some or all outstanding input requests, by key. */
  updateTask(
    taskId: string,
    inputResponses: JsonObject,
    options: RequestOptions = {},
  ): Promise<McpReply<McpResult>> {
    return this.client.send(
      'tasks/update',
      { taskId, inputResponses },
      this.declare(options),
    );
  }

  /** `tasks/cancel`: asks the server to stop the task (cooperative; a no-op on a finished one). */
  cancelTask(
    taskId: string,
    options: RequestOptions = {},
  ): Promise<McpReply<McpResult>> {
    return this.client.send('tasks/cancel', { taskId }, this.declare(options));
  }

  /**
   * Polls `tasks/get` until the task is `completed`, `failed` or `cancelled` and returns it
   * (or at `input_required` without `onInputRequired`). Transient failures (unreachable, timeout,
   * HTTP 5xx) are reported to `onPoll` and retried; JSON-RPC errors such as -32602 (unknown or
   * expired task) are thrown.
   */
  async waitForTask<T = unknown>(
    taskId: string,
    options: WaitForTaskOptions<T> = {},
  ): Promise<GetTaskResult<T>> {
    const { signal, onPoll, onInputRequired } = options;
    const maxErrors = options.maxConsecutiveErrors ?? 5;
    const request = { ...options.request, signal };
    const answered = new Set<string>();
    let errors = 0;
    let hint: number | undefined;
    for (let poll = 1; ; poll++) {
      if (poll > 1)
        await pause(pollDelay(options.pollIntervalMs, hint), signal);
      let task: GetTaskResult<T>;
      try {
        const reply = await this.getTask<T>(taskId, request);
        task = reply.result;
        errors = 0;
        onPoll?.({ poll, task, servedBy: servedBy(reply) });
      } catch (err) {
        if (signal?.aborted || !retryable(err) || ++errors > maxErrors)
          throw err;
        onPoll?.({ poll, error: err as Error });
        continue;
      }
      if (!TASK_STATUSES.includes(task.status))
        throw new Error(
          `tasks/get answered an unknown task status ${JSON.stringify(task.status)}`,
        );
      hint = task.pollIntervalMs;
      if (isTerminal(task.status)) return task;
      if (task.status !== 'input_required') continue;
      if (!onInputRequired) return task;
      const open = Object.fromEntries(
        Object.entries(task.inputRequests ?? {}).filter(
          ([key]) => !answered.has(key),
        ),
      );
      // Keys are unique for the task's life: a key already answered is only awaiting the server.
      if (Object.keys(open).length === 0) continue;
      const responses = await onInputRequired(open);
      await this.updateTask(taskId, responses, request);
      for (const key of Object.keys(responses)) answered.add(key);
    }
  }

  /** The request's options with the extension added to its `_meta` client capabilities. */
  private declare(options: RequestOptions): RequestOptions {
    const meta = options.meta ?? {};
    const capabilities = (meta[META_KEY.clientCapabilities] ??
      this.client.capabilities) as JsonObject;
    const extensions = (capabilities.extensions ?? {}) as JsonObject;
    return {
      ...options,
      meta: {
        ...meta,
        [META_KEY.clientCapabilities]: {
          ...capabilities,
          extensions: { ...extensions, [TASKS_EXTENSION]: {} },
        },
      },
    };
  }
}

/** Sleeps `ms`; an abort rejects with the signal's reason, like an aborted request. */
async function pause(ms: number, signal?: AbortSignal): Promise<void> {
  try {
    await sleep(ms, undefined, { signal });
  } catch (err) {
    throw signal?.aborted ? signal.reason : err;
  }
}

/** Whether a failed poll is worth repeating: below JSON-RPC, or a server-side (5xx) error. */
function retryable(err: unknown): boolean {
  if (err instanceof McpTransportError) return true;
  return err instanceof McpRpcError && err.httpStatus >= 500;
}
