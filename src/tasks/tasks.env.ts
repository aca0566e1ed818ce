import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { EnvInt } from '../config/env-transforms.js';

/**
 * Configuration of the tasks extension (SEP-2663): the one settings class of the tasks module, for
 * the record store and the executor alike.
 */
export class TasksEnvironment {
  /**
   * `auto` (default): Redis when `REDIS_URL` is set, else memory on a single instance, else off
   * (on App Service without Redis, where another instance could not answer for a task). `redis`,
   * `memory` or `off` force a choice; `memory` is still refused on App Service.
   */
  @IsOptional()
  @IsIn(['auto', 'redis', 'memory', 'off'])
  TASKS_BACKEND: 'auto' | 'redis' | 'memory' | 'off' = 'auto';

  /** How long a task can be read after its creation (`ttlMs`), in ms; default one hour. */
  @EnvInt() @IsInt() @Min(10_000) @Max(7 * 86_400_000) TASKS_TTL_MS = 3_600_000;

  /** Poll interval suggested to clients (`pollIntervalMs`), in ms. */
  @EnvInt() @IsInt() @Min(100) @Max(60_000) TASKS_POLL_INTERVAL_MS = 1_000;

  /**
   * Tasks one instance runs at once (with Redis, its worker's concurrency: it takes no more jobs
   * from the queue, and the rest go to instances with room; without Redis, one more task is
   * refused). Tasks waiting for input do not count. Size it to what an instance can really run:
   * for CPU-bound tools, about its cores.
   */
  @EnvInt() @IsInt() @Min(1) @Max(100_000) TASKS_MAX_ACTIVE = 4;

  /** With Redis: tasks waiting in the queue to start; beyond, creation answers a retryable 503. */
  @EnvInt() @IsInt() @Min(1) @Max(1_000_000) TASKS_MAX_QUEUED = 1_000;

  /** Unfinished tasks one caller may have; beyond, creation answers a retryable 429. */
  @EnvInt() @IsInt() @Min(1) @Max(1_000_000) TASKS_MAX_PER_CALLER = 1_000;

  /** Largest `inputResponses` of one `tasks/update`, in bytes of JSON. */
  @EnvInt() @IsInt() @Min(1_024) @Max(4 * 1_048_576) TASKS_MAX_INPUT_BYTES =
    262_144;

  /** Largest arguments plus creating input of one task, in bytes of JSON (kept with the record). */
  @EnvInt() @IsInt() @Min(1_024) @Max(16 * 1_048_576) TASKS_MAX_PAYLOAD_BYTES =
    262_144;

  /** Largest checkpoint (and input-round state) a run may save, in bytes of JSON. */
  @EnvInt() @IsInt() @Min(256) @Max(4 * 1_048_576) TASKS_MAX_CHECKPOINT_BYTES =
    65_536;

  /**
   * A resumable task whose instance was lost this many times in a row is failed instead of run
   * again. Re-runs wait 0, 2, 4, 8… s (at most 30 s) after the first, second, third… loss.
   */
  @EnvInt() @IsInt() @Min(1) @Max(100) TASKS_MAX_ATTEMPTS = 5;

  /**
   * With Redis: the lock a worker holds on a running task, in ms, renewed every half of it; the
   * stalled-job check runs every half too. A task whose instance was killed runs again elsewhere
   * within about 1.5× this (docs/tasks.md, "Bounds").
   */
  @EnvInt() @IsInt() @Min(2_000) @Max(600_000) TASKS_LOCK_MS = 8_000;

  /**
   * With Redis: how often the reconciler looks for working tasks without a live job (never
   * queued, failed by the queue); such a task is failed within about three times this.
   */
  @EnvInt() @IsInt() @Min(1_000) @Max(600_000) TASKS_RECONCILE_MS = 5_000;

  /**
   * On shutdown, how long running tools get to stop (and checkpoint) before their tasks are left
   * to the stalled-job check. Keep it under `SHUTDOWN_TIMEOUT_MS`.
   */
  @EnvInt() @IsInt() @Min(100) @Max(120_000) TASKS_HANDOVER_MS = 5_000;
}
