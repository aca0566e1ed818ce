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
  /** `in-process`, `bullmq`, or the `kind` of an application's own executor. */
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
 * How one run of a task on this instance ended (`TaskRunner.run`), and so what the executor does
 * with the task next:
 * - `completed`, `failed`, `cancelled`, `ended` (it had ended already, or another run holds it
 *   now): nothing; forget it.
 * - `waiting`: it asks for input and holds no run; run it again once its answers are in
 *   (`TaskExecutor.resume`, or `TaskRunner.awaitAnswers`).
 * - `later`: a re-run after a lost run waits for its backoff; run it again at `at` (epoch ms).
 * - `handed-over`: let go on shutdown (`TaskRunner.stopAll('handover')`), its record still
 *   `working` with its last checkpoint; run it again on another instance.
 */
export type TaskRunResult =
  | {
      readonly outcome:
        | 'completed'
        | 'failed'
        | 'cancelled'
        | 'ended'
        | 'waiting'
        | 'handed-over';
    }
  | { readonly outcome: 'later'; readonly at: number };

/**
 * What runs a task's tool on this instance, handed to `TaskExecutor.start`: an executor decides
 * where and when, the runner does the run itself. It claims the task in the `TaskStore` (`begin`,
 * with the tool's `rerun` policy and a new fencing token, so a second run of the same task
 * supersedes the first and the first one's writes are refused), runs the tool with the task's
 * context (pipes and interceptors, telemetry), records the outcome, and stops the run when the
 * task is cancelled, ends elsewhere or is taken over (the store's signal, and a poll every second).
 */
export interface TaskRunner {
  /** This process's id as the owner of its runs (unique per process), e.g. to name a worker. */
  readonly owner: string;
  /** The runs on this instance now, for `TaskExecutor.report`. */
  readonly running: readonly RunningTask[];
  /**
   * Runs the task here once, and says what to do with it next. A tool this release does not
   * have fails the task. After `stopAll`, a task is handed over or failed instead of run.
   * @throws when the store cannot be reached: nothing changed; run it again later.
   */
  run(task: Pick<QueuedTask, 'taskId' | 'tool'>): Promise<TaskRunResult>;
  /** Stops the task's run here, if there is one (`TaskExecutor.cancel`'s local shortcut). */
  cancel(taskId: string): void;
  /**
   * Resolves once the task's answers are all in (`answered`: run it again), it ended (`ended`),
   * or `stopAll` ran (`stopped`). For an executor that keeps a waiting task in memory.
   */
  awaitAnswers(taskId: string): Promise<'answered' | 'ended' | 'stopped'>;
  /**
   * Shutdown: stops every run here and every later `run`. `handover`: a resumable tool's task
   * writes its last checkpoint and is let go (`handed-over`) for another instance to continue;
   * a `never` tool's task is failed. `shutdown`: every task is failed (nobody else can continue
   * it: the memory store dies with the process). Each stopped `run` then resolves.
   */
  stopAll(how: 'handover' | 'shutdown'): void;
}

/**
 * Runs tasks: the other half of the task seam, beside the `TaskStore` that holds their records.
 * The store is what `tasks/get` reads and the only place a status changes; the executor decides
 * where and when a task's tool runs (each run through the `TaskRunner` it gets at `start`),
 * watches for cancellation, parks a task that waits for input, and on shutdown hands running
 * tasks over (or fails them). Two come with the package: `InProcessTaskExecutor` (with the memory
 * store: one instance, no Redis) and `BullmqTaskExecutor` (with the Redis store: every instance
 * runs a worker on a shared queue); an application may plug in its own (`tasks.executor`).
 */
export interface TaskExecutor {
  /** Names it on the status page and in `/readyz`. */
  readonly kind: string;
  /**
   * Begins taking work, once every module is initialized (the tools are discovered); `runner`
   * runs a task here. Called once, before any task is admitted.
   */
  start(runner: TaskRunner): void;
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
