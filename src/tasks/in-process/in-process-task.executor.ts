import { Logger } from '@nestjs/common';
import type { ReadinessRegistry } from '../../readiness/readiness.registry.js';
import {
  serverFailure,
  TaskFailures,
  tooManyTasks,
  tooManyTasksForCaller,
} from '../task.errors.js';
import type {
  QueuedTask,
  TaskExecutor,
  TaskExecutorReport,
} from '../task-executor.interface.js';
import type { RoundsEnd } from '../task-rounds.js';
import type { TaskRun } from '../task-run.js';
import type { TaskStore } from '../task-store.interface.js';
import { TaskWatch } from '../task-watch.js';
import { TaskSlots } from './task-slots.js';
import type { TaskStarter } from '../task.starter.js';
import type { TaskRerun } from '../task.types.js';
import type { TasksEnvironment } from '../tasks.env.js';

/**
 * Runs tasks in this process, for a single instance without Redis (the memory store): up to
 * `TASKS_MAX_ACTIVE` at once, the others waiting in line (at most `TASKS_MAX_QUEUED`); a task
 * waiting for input waits in memory without a slot; on shutdown every task still here is failed
 * (nobody else could continue it, and the memory store dies with the process).
 */
export class InProcessTaskExecutor implements TaskExecutor {
  readonly kind = 'in-process';
  private readonly logger = new Logger('Tasks');
  private readonly watch: TaskWatch;
  /** Every task this executor looks after (running or waiting for input), to its caller. */
  private readonly live = new Map<string, string>();
  private readonly loops = new Set<Promise<void>>();
  private readonly slots: TaskSlots;
  private draining?: Promise<void>;

  constructor(
    private readonly store: TaskStore,
    private readonly starter: TaskStarter,
    private readonly env: TasksEnvironment,
    private readonly readiness: ReadinessRegistry,
  ) {
    this.watch = new TaskWatch(store);
    this.slots = new TaskSlots(env.TASKS_MAX_ACTIVE);
  }

  start(): void {
    // Tasks start when they are created.
  }

  admit(task: QueuedTask): Promise<void> {
    // A task started while shutting down would only be failed at exit: the client should retry.
    if (
      this.draining ||
      this.readiness.isShuttingDown ||
      this.slots.waiting >= this.env.TASKS_MAX_QUEUED
    )
      return Promise.reject(tooManyTasks());
    let mine = 0;
    for (const caller of this.live.values()) if (caller === task.caller) mine++;
    if (mine >= this.env.TASKS_MAX_PER_CALLER)
      return Promise.reject(
        tooManyTasksForCaller(this.env.TASKS_MAX_PER_CALLER),
      );
    this.live.set(task.taskId, task.caller);
    return Promise.resolve();
  }

  abandon(task: QueuedTask): Promise<void> {
    this.live.delete(task.taskId);
    return Promise.resolve();
  }

  enqueue(task: QueuedTask): Promise<void> {
    const loop = this.loop(task).finally(() => {
      this.loops.delete(loop);
      this.live.delete(task.taskId);
    });
    this.loops.add(loop);
    return Promise.resolve();
  }

  resume(): Promise<void> {
    // The store's "answers complete" signal (and the watch's poll) wakes the waiting task.
    return Promise.resolve();
  }

  cancel(taskId: string): Promise<void> {
    this.watch.stop(taskId, 'cancel');
    return Promise.resolve();
  }

  drain(): Promise<void> {
    this.draining ??= this.stopAll();
    return this.draining;
  }

  report(): TaskExecutorReport {
    const running = this.watch.running;
    return {
      executor: this.kind,
      active: running.length,
      running,
    };
  }

  async close(): Promise<void> {
    await this.drain();
    this.watch.close();
  }

  /** Runs the task, again after each round of answers, until it ends or the instance stops. */
  private async loop(task: QueuedTask): Promise<void> {
    const rerun: TaskRerun = this.starter.rerunOf(task.tool) ?? 'never';
    for (;;) {
      if (!(await this.slots.acquire())) return this.failStopped(task.taskId);
      let parked: boolean;
      try {
        parked = await this.runOnce(task, rerun);
      } finally {
        this.slots.release();
      }
      if (!parked || !(await this.waitForAnswers(task.taskId))) return;
    }
  }

  /** One run, in a slot; true when the task then waits for answers. */
  private async runOnce(task: QueuedTask, rerun: TaskRerun): Promise<boolean> {
    let begun;
    try {
      begun = await this.starter.begin(task.taskId, task.tool, rerun);
    } catch (err) {
      this.logger.error(
        `Task ${task.taskId} could not start: ${err instanceof Error ? err.message : String(err)}`,
      );
      return false;
    }
    if (begun.kind === 'waiting') return true;
    if (begun.kind !== 'run') return false;
    if (this.draining) {
      await this.failStopped(task.taskId, begun.start.fence);
      return false;
    }
    let parked = false;
    await this.starter.run(begun.start, rerun, this.watch, (run, end) =>
      this.settle(run, end).then((outcome) => {
        parked = outcome === 'parked';
        return outcome;
      }),
    );
    return parked;
  }

  private async failStopped(taskId: string, fence = 0): Promise<void> {
    await this.store
      .finish(taskId, serverFailure(TaskFailures.shutdown), fence)
      .catch(() => undefined);
  }

  /** True once the answers are in; false when the task ended or the instance stops. */
  private async waitForAnswers(taskId: string): Promise<boolean> {
    if (this.draining) return false;
    return (await this.watch.awaitAnswers(taskId)) === 'answered';
  }

  private async settle(run: TaskRun, end: RoundsEnd): Promise<string> {
    if (end !== 'stopped') return end;
    if (run.reason === 'shutdown') {
      await this.store
        .finish(run.taskId, serverFailure(TaskFailures.shutdown), run.fence)
        .catch(() => undefined);
      return 'failed';
    }
    return run.reason === 'cancel' ? 'cancelled' : (run.reason ?? 'stopped');
  }

  /**
   * Shutdown: every task still here ends `failed` ("shut down before it finished"), before the
   * pools and connections its tool uses go away.
   */
  private async stopAll(): Promise<void> {
    const waiting = [...this.live.keys()].filter(
      (id) => !this.watch.active.some((r) => r.taskId === id),
    );
    this.slots.close();
    this.watch.stopAll('shutdown');
    await Promise.all(
      waiting.map((id) =>
        this.store
          .finish(id, serverFailure(TaskFailures.shutdown), 0)
          .catch(() => undefined),
      ),
    );
    const pending = [...this.loops];
    const timer = new Promise<void>((resolve) =>
      setTimeout(resolve, this.env.TASKS_HANDOVER_MS).unref(),
    );
    await Promise.race([Promise.all(pending), timer]);
    if (pending.length > 0)
      this.logger.warn(
        `Shutdown: ${pending.length} task(s) failed (no other instance can continue them without Redis)`,
      );
  }
}
