import { Logger } from '@nestjs/common';
import { DelayedError, type Job, Queue, WaitingError, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  HANDED_OVER,
  serverFailure,
  TaskFailures,
  tooManyTasks,
  tooManyTasksForCaller,
} from '../task.errors.js';
import type {
  QueueCounts,
  QueuedTask,
  TaskExecutor,
  TaskExecutorReport,
} from '../task-executor.interface.js';
import type { RoundsEnd } from '../task-rounds.js';
import type { TaskRun } from '../task-run.js';
import type { TaskStore } from '../task-store.interface.js';
import { TaskWatch } from '../task-watch.js';
import type { TaskStarter } from '../task.starter.js';
import type { TasksEnvironment } from '../tasks.env.js';
import { TaskReconciler } from './task.reconciler.js';
import {
  ADMIT_TASK_SCRIPT,
  TASK_JOB_VERSION,
  TASK_QUEUE,
  type TaskJobData,
  TaskQueueKeys,
} from './task-queue.keys.js';

/** How long creation waits for the job to be added before it gives up (the store answered). */
const ENQUEUE_TIMEOUT_MS = 5_000;
/** Bound on the best-effort queue calls of tasks/update and tasks/cancel. */
const QUEUE_CALL_TIMEOUT_MS = 2_000;
/**
 * Bound on closing BullMQ's worker and queue: with Redis unreachable they may wait for a connection
 * that never comes; ours are closed by their factory after this anyway.
 */
const CLOSE_TIMEOUT_MS = 2_000;
/** A job of a newer payload version waits this long for a newer worker before it is offered again. */
const NEWER_VERSION_DELAY_MS = 5_000;
/** Queue counts on the status page are at most this old (read on demand, never per probe). */
const COUNTS_MAX_AGE_MS = 5_000;

/** What the executor needs: connections, the record store and how to run a task once. */
export interface BullmqExecutorDeps {
  readonly store: TaskStore;
  readonly starter: TaskStarter;
  readonly env: TasksEnvironment;
  readonly keys: TaskQueueKeys;
  /** For our index keys (admission, live tasks) and the reconciler: fails fast while Redis is away. */
  readonly commands: Redis;
  /** For the queue (BullMQ's own commands wait for a reconnection: a failed one breaks it). */
  readonly queueConnection: Redis;
  /** For the worker (`maxRetriesPerRequest: null`); BullMQ duplicates it for blocking fetches. */
  readonly workerConnection: Redis;
}

interface Commands {
  mcpTaskAdmit(...args: (string | number)[]): Promise<number>;
}

/**
 * Runs tasks on BullMQ (https://docs.bullmq.io), on the Redis that holds their records. Creating
 * a task adds a job whose id is the task id; every instance runs a worker that takes jobs while it
 * has room (`TASKS_MAX_ACTIVE`), so work goes where there is capacity. BullMQ's lock and stalled
 * check find a job whose instance died and put it back in the queue; the task record (the store)
 * decides what a new run may do: resume from a checkpoint, or fail a tool that must not run twice.
 * A task waiting for input is parked as a delayed job (no worker slot) until `tasks/update`
 * promotes it; on shutdown, running tasks are handed back to the queue for another instance.
 */
export class BullmqTaskExecutor implements TaskExecutor {
  readonly kind = 'bullmq';
  private readonly logger = new Logger('Tasks');
  private readonly queue: Queue<TaskJobData>;
  private readonly worker: Worker<TaskJobData>;
  private readonly watch: TaskWatch;
  private readonly reconciler: TaskReconciler;
  private readonly processing = new Set<Promise<unknown>>();
  private readonly loopDelay: IntervalHistogram;
  private counts?: QueueCounts;
  private countsAt = 0;
  private warnedPauseMs = 0;
  private draining?: Promise<void>;
  private readonly store: TaskStore;
  private readonly starter: TaskStarter;
  private readonly env: TasksEnvironment;
  private readonly keys: TaskQueueKeys;
  private readonly commands: Redis;

  constructor(deps: BullmqExecutorDeps) {
    ({
      store: this.store,
      starter: this.starter,
      env: this.env,
      keys: this.keys,
      commands: this.commands,
    } = deps);
    this.commands.defineCommand('mcpTaskAdmit', {
      numberOfKeys: 4,
      lua: ADMIT_TASK_SCRIPT,
    });
    this.queue = new Queue<TaskJobData>(TASK_QUEUE, {
      connection: deps.queueConnection,
      prefix: this.keys.prefix,
      // BullMQ's event stream is trimmed to this; Redis never evicts, and holds handles too.
      streams: { events: { maxLen: 1_000 } },
    });
    this.queue.on('error', (err) => this.warn('queue', err));
    this.worker = new Worker<TaskJobData>(
      TASK_QUEUE,
      (job, token) => this.track(this.process(job, token!)),
      {
        connection: deps.workerConnection,
        prefix: this.keys.prefix,
        name: this.starter.owner,
        autorun: false,
        concurrency: this.env.TASKS_MAX_ACTIVE,
        // A killed instance's task runs again elsewhere within about 1.5× the lock: the lock
        // lapses within lockDuration, and a stalled-job check runs every half of it (two passes:
        // one marks, the next moves). docs/tasks.md, "Bounds".
        lockDuration: this.env.TASKS_LOCK_MS,
        stalledInterval: Math.floor(this.env.TASKS_LOCK_MS / 2),
        // Our own count of lost runs (TASKS_MAX_ATTEMPTS) decides; BullMQ's must not come first.
        maxStalledCount: this.env.TASKS_MAX_ATTEMPTS + 1,
      },
    );
    this.worker.on('error', (err) => this.warn('worker', err));
    this.worker.on('failed', (job, err) =>
      this.logger.warn(
        `Task ${job?.id ?? '?'}: its job failed (${err.message}); the reconciler ends the task if it is still working`,
      ),
    );
    this.watch = new TaskWatch(this.store);
    this.reconciler = new TaskReconciler(
      this.queue,
      this.commands,
      this.store,
      this.keys,
      this.env.TASKS_RECONCILE_MS,
      this.starter.owner,
      (taskId, caller) => this.forget(taskId, caller),
    );
    this.loopDelay = monitorEventLoopDelay({ resolution: 10 });
    this.loopDelay.enable();
  }

  /** Starts taking jobs and reconciling: after every module is initialized (tools discovered). */
  start(): void {
    // Boot (module loading, compiling schemas) pauses the loop; what matters is from now on.
    this.loopDelay.reset();
    this.worker.run().catch((err: unknown) => this.warn('worker', err));
    this.reconciler.start();
  }

  async admit(task: QueuedTask): Promise<void> {
    const admitted = await (this.commands as unknown as Commands).mcpTaskAdmit(
      this.keys.live,
      this.keys.caller(task.caller),
      this.queue.keys.wait,
      this.queue.keys.prioritized,
      task.taskId,
      task.expiresAt,
      Date.now(),
      this.env.TASKS_MAX_PER_CALLER,
      this.env.TASKS_MAX_QUEUED,
    );
    if (admitted === -1) throw tooManyTasks();
    if (admitted !== 1)
      throw tooManyTasksForCaller(this.env.TASKS_MAX_PER_CALLER);
  }

  abandon(task: QueuedTask): Promise<void> {
    return this.forget(task.taskId, task.caller);
  }

  async enqueue(task: QueuedTask): Promise<void> {
    const data: TaskJobData = {
      v: TASK_JOB_VERSION,
      taskId: task.taskId,
      tool: task.tool,
      caller: task.caller,
      expiresAt: task.expiresAt,
    };
    await within(
      ENQUEUE_TIMEOUT_MS,
      this.queue.add(task.tool, data, {
        jobId: task.taskId,
        // The record holds the result; a finished job only takes room in a Redis that never evicts.
        removeOnComplete: true,
        removeOnFail: { age: 86_400, count: 1_000 },
        // Retries of our own processor's failures (the store unreachable…), not of the tool's.
        attempts: 3,
        backoff: { type: 'exponential', delay: 1_000 },
      }),
    );
  }

  async resume(taskId: string): Promise<void> {
    await within(QUEUE_CALL_TIMEOUT_MS, async () => {
      const job = await this.queue.getJob(taskId);
      if (job && (await job.isDelayed())) await job.promote();
    });
  }

  async cancel(taskId: string, caller: string): Promise<void> {
    this.watch.stop(taskId, 'cancel');
    await this.forget(taskId, caller);
    await within(QUEUE_CALL_TIMEOUT_MS, async () => {
      const job = await this.queue.getJob(taskId);
      // A waiting or parked job goes now; an active one is locked by its worker, whose run the
      // cancel signal stops, and which never starts a cancelled task again.
      if (job && !(await job.isActive())) await job.remove();
    });
  }

  drain(): Promise<void> {
    this.draining ??= this.handOver();
    return this.draining;
  }

  report(): TaskExecutorReport {
    if (Date.now() - this.countsAt > COUNTS_MAX_AGE_MS) {
      this.countsAt = Date.now();
      void this.readCounts();
    }
    const running = this.watch.running;
    return {
      executor: this.kind,
      active: running.length,
      running,
      queue: this.counts,
      eventLoopWorstMs: this.worstPauseMs(),
    };
  }

  async close(): Promise<void> {
    await this.drain();
    await within(CLOSE_TIMEOUT_MS, this.queue.close()).catch(() => undefined);
    this.watch.close();
    this.loopDelay.disable();
  }

  private track<T>(work: Promise<T>): Promise<T> {
    this.processing.add(work);
    void work
      .catch(() => undefined)
      .finally(() => this.processing.delete(work));
    return work;
  }

  /** One job: run the task once (or park it, put it back, or end it), then let BullMQ move on. */
  private async process(job: Job<TaskJobData>, token: string): Promise<void> {
    if (this.draining) return this.giveBack(job, token);
    const data = job.data;
    if (data.v > TASK_JOB_VERSION) {
      // The next release's job, during a swap: leave it to a worker that knows it.
      await job.moveToDelayed(Date.now() + NEWER_VERSION_DELAY_MS, token);
      throw new DelayedError();
    }
    const rerun = this.starter.rerunOf(data.tool);
    if (!rerun) {
      await this.store.finish(
        data.taskId,
        serverFailure(TaskFailures.unknownTool(data.tool)),
        0,
      );
      return this.forget(data.taskId, data.caller);
    }
    const begun = await this.starter.begin(data.taskId, data.tool, rerun);
    switch (begun.kind) {
      case 'ended':
      case 'refused':
        return this.forget(data.taskId, data.caller);
      case 'waiting':
        return this.park(job, token);
      case 'later':
        await job.moveToDelayed(begun.at, token);
        throw new DelayedError();
    }
    if (this.draining) {
      await this.store.release(data.taskId, begun.start.fence, HANDED_OVER);
      return this.giveBack(job, token);
    }
    let next: 'park' | 'give-back' | undefined;
    await this.starter.run(begun.start, rerun, this.watch, async (run, end) => {
      const outcome = await this.settle(run, end, data);
      if (outcome === 'parked') next = 'park';
      if (outcome === 'handed-over') next = 'give-back';
      return outcome;
    });
    if (next === 'park') return this.park(job, token);
    if (next === 'give-back') return this.giveBack(job, token);
  }

  /** What a run leaves behind; resolves with the outcome's name for telemetry. */
  private async settle(
    run: TaskRun,
    end: RoundsEnd,
    data: TaskJobData,
  ): Promise<string> {
    if (end === 'completed' || end === 'failed') {
      await this.forget(data.taskId, data.caller);
      return end;
    }
    if (end !== 'stopped') return end;
    switch (run.reason) {
      case 'cancel':
      case 'ended':
        await this.forget(data.taskId, data.caller);
        return run.reason === 'cancel' ? 'cancelled' : 'ended';
      case 'handover':
      case 'shutdown':
        if (run.rerun === 'resume') {
          await run.flush();
          return (await this.store.release(run.taskId, run.fence, HANDED_OVER))
            ? 'handed-over'
            : 'superseded';
        }
        await this.store.finish(
          run.taskId,
          serverFailure(TaskFailures.shutdown),
          run.fence,
        );
        await this.forget(data.taskId, data.caller);
        return 'failed';
      default:
        return 'superseded';
    }
  }

  /**
   * Parks a task that waits for input as a delayed job (no worker slot) until `tasks/update`
   * promotes it, or until the task expires (its next run then finds nothing to do).
   */
  private async park(job: Job<TaskJobData>, token: string): Promise<never> {
    await job.moveToDelayed(job.data.expiresAt, token);
    // Answers that came in while it was still active found no parked job to promote.
    const record = await this.store.get(job.data.taskId).catch(() => undefined);
    if (record?.status === 'working')
      await job.promote().catch(() => undefined);
    throw new DelayedError();
  }

  /** Puts the job back at the head of the queue, for another instance to take at once. */
  private async giveBack(job: Job<TaskJobData>, token: string): Promise<never> {
    await job.moveToWait(token);
    throw new WaitingError();
  }

  private async forget(taskId: string, caller: string): Promise<void> {
    await this.commands
      .multi()
      .zrem(this.keys.live, taskId)
      .zrem(this.keys.caller(caller), taskId)
      .zrem(this.keys.suspects, taskId)
      .exec()
      .catch(() => undefined);
  }

  /**
   * Shutdown: stop fetching at once, stop every run here, and give each task back to the queue
   * (resumable tools, from their last checkpoint) or fail it (`never` tools), all before the pools
   * and connections the tools use go away. A tool that does not stop within `TASKS_HANDOVER_MS`
   * is left to the stalled-job check.
   */
  private async handOver(): Promise<void> {
    this.reconciler.stop();
    const paused = this.worker.pause(true).catch(() => undefined);
    const runs = this.watch.active.length;
    this.watch.stopAll('handover');
    const inTime = await Promise.race([
      Promise.allSettled([...this.processing]).then(() => true),
      sleep(this.env.TASKS_HANDOVER_MS, false, { ref: false }),
    ]);
    await within(CLOSE_TIMEOUT_MS, paused).catch(() => undefined);
    await within(CLOSE_TIMEOUT_MS, this.worker.close(!inTime)).catch(
      () => undefined,
    );
    if (runs > 0)
      this.logger.log(
        `Shutdown: ${runs} running task(s) handed over or ended${inTime ? '' : '; some did not stop in time and are left to the stalled-job check'}`,
      );
  }

  private async readCounts(): Promise<void> {
    try {
      const c = await this.queue.getJobCounts(
        'waiting',
        'prioritized',
        'active',
        'delayed',
        'failed',
      );
      this.counts = {
        waiting: (c.waiting ?? 0) + (c.prioritized ?? 0),
        active: c.active ?? 0,
        delayed: c.delayed ?? 0,
        failed: c.failed ?? 0,
        readAt: new Date().toISOString(),
      };
    } catch {
      // Redis away: keep the last counts (readiness reports the outage).
    }
  }

  /**
   * The longest event-loop pause since boot. A pause longer than half the lock would let the lock
   * lapse and the task run twice; a warning goes out well before that.
   */
  private worstPauseMs(): number {
    const ms = Math.round(this.loopDelay.max / 1e6);
    if (ms > this.env.TASKS_LOCK_MS / 8 && ms > this.warnedPauseMs) {
      this.warnedPauseMs = ms;
      this.logger.warn(
        `The event loop paused for ${ms} ms; task locks lapse after ${this.env.TASKS_LOCK_MS / 2} ms without renewal`,
      );
    }
    return ms;
  }

  private warn(what: string, err: unknown): void {
    this.logger.warn(
      `Task ${what}: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
}

/**
 * `work` (a promise, or a function that starts one), or a rejection after `ms`: BullMQ's commands
 * wait for Redis to come back, a request must not.
 */
async function within<T>(
  ms: number,
  work: Promise<T> | (() => Promise<T>),
): Promise<T> {
  const running = typeof work === 'function' ? work() : work;
  running.catch(() => undefined);
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      running,
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`queue call took over ${ms} ms`)),
          ms,
        );
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
