/** A task the executor is asked to run: its record is in the `TaskStore` already. */
export interface QueuedTask {
  readonly taskId: string;
  readonly tool: string;
  /** The caller it belongs to ('' without authentication), for the per-caller bound. */
  readonly caller: string;
  /** `createdAt + ttlMs`: after it the record is gone, and so is any reason to run it. */
  readonly expiresAt: number;
}

/** A task running on this instance, as the status page shows it (never its id: a capability). */
export interface RunningTask {
  readonly tool: string;
  readonly attempt: number;
  /** Since when this run works on it, epoch ms. */
  readonly since: number;
}

/** Jobs in the shared queue by state, as last read (cached: probes never pay for it). */
export interface QueueCounts {
  readonly waiting: number;
  readonly active: number;
  readonly delayed: number;
  readonly failed: number;
  /** When these were read, ISO 8601. */
  readonly readAt: string;
}

/** What an executor says about itself for `/readyz` and the status page. */
export interface TaskExecutorReport {
  /** `in-process` or `bullmq`. */
  readonly executor: string;
  /** Task runs on this instance now (not counting tasks waiting for input). */
  readonly active: number;
  readonly running: readonly RunningTask[];
  /** The shared queue, when there is one. */
  readonly queue?: QueueCounts;
  /** Longest event-loop pause seen since boot, in ms (it must stay well under the lock renewal). */
  readonly eventLoopWorstMs?: number;
}

/**
 * Runs tasks: the other half of the task seam, beside the `TaskStore` that holds their records.
 * The store is what `tasks/get` reads and the only place a status changes; the executor decides
 * where and when a task's tool runs, watches for cancellation, parks a task that waits for input,
 * and on shutdown hands running tasks over (or fails them). Two come with the package:
 * `InProcessTaskExecutor` (with the memory store: one instance, no Redis) and
 * `BullmqTaskExecutor` (with the Redis store: every instance runs a worker on a shared queue).
 */
export interface TaskExecutor {
  readonly kind: string;
  /** Begins taking work, once every module is initialized (the tools are discovered). */
  start(): void;
  /**
   * Takes a slot for a new task, or throws the `JsonRpcError` to answer instead (retryable):
   * the queue is full, or the caller has too many live tasks. Called before the record exists.
   */
  admit(task: QueuedTask): Promise<void>;
  /** Gives back the slot of a task that was admitted but could not be created or enqueued. */
  abandon(task: QueuedTask): Promise<void>;
  /** Schedules a task whose record the store has just created. @throws when it could not. */
  enqueue(task: QueuedTask): Promise<void>;
  /** Every input request of the task is answered: bring it back to run. Best effort. */
  resume(taskId: string): Promise<void>;
  /**
   * The task was cancelled in the store: stop its run wherever it runs (the store's signal does
   * that; this is the local shortcut) and make sure it never runs again. Best effort.
   */
  cancel(taskId: string, caller: string): Promise<void>;
  /**
   * Shutdown began: stop taking work, and hand each running task over to another instance (or
   * fail it) before the pools and connections its tool uses go away. Idempotent.
   */
  drain(): Promise<void>;
  /** For `/readyz` and the status page; cheap (no I/O on the caller's path). */
  report(): TaskExecutorReport;
  /** Releases timers and connections; after `drain`. */
  close(): Promise<void>;
}

/** Injection token for the active `TaskExecutor`; `null` when tasks are off. */
export const TaskExecutor = Symbol('TaskExecutor');
