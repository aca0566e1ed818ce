import { Inject, Injectable } from '@nestjs/common';
import { HANDED_OVER, serverFailure, TaskFailures } from './task.errors.js';
import type {
  QueuedTask,
  RunningTask,
  TaskRunner,
  TaskRunResult,
} from './task-executor.interface.js';
import type { RoundsEnd } from './task-rounds.js';
import type { TaskRun } from './task-run.js';
import { TaskStore } from './task-store.interface.js';
import { TaskWatch } from './task-watch.js';
import { TaskStarter } from './task.starter.js';

type Stopping = Parameters<TaskRunner['stopAll']>[0];

const ENDED: TaskRunResult = { outcome: 'ended' };
const FAILED: TaskRunResult = { outcome: 'failed' };

/**
 * The `TaskRunner` that `TaskExecutor.start` receives: what the built-in executors do to run a
 * task once (`TaskStarter`: claim, rounds, span) and to settle what the run leaves, behind a small
 * interface an application's own executor (`tasks.executor`) can use. Its watch (a store signal
 * listener and a poll every second) begins with the first run, so beside the built-in executors,
 * which keep their own, it costs nothing.
 */
@Injectable()
export class LocalTaskRunner implements TaskRunner {
  private watcher?: TaskWatch;
  private stopping?: Stopping;

  constructor(
    @Inject(TaskStore) private readonly store: TaskStore | null,
    private readonly starter: TaskStarter,
  ) {}

  get owner(): string {
    return this.starter.owner;
  }

  get running(): readonly RunningTask[] {
    return this.watcher?.running ?? [];
  }

  async run(task: Pick<QueuedTask, 'taskId' | 'tool'>): Promise<TaskRunResult> {
    const store = this.records;
    const rerun = this.starter.rerunOf(task.tool);
    if (!rerun) {
      await store.finish(
        task.taskId,
        serverFailure(TaskFailures.unknownTool(task.tool)),
        0,
      );
      return FAILED;
    }
    if (this.stopping === 'handover') return { outcome: 'handed-over' };
    if (this.stopping) return this.fail(task.taskId, 0);
    const begun = await this.starter.begin(task.taskId, task.tool, rerun);
    switch (begun.kind) {
      case 'ended':
      case 'refused':
        return ENDED;
      case 'waiting':
        return { outcome: 'waiting' };
      case 'later':
        return { outcome: 'later', at: begun.at };
    }
    // stopAll ran while the task was being claimed.
    if (this.stopping === 'handover')
      return (await store.release(task.taskId, begun.start.fence, HANDED_OVER))
        ? { outcome: 'handed-over' }
        : ENDED;
    if (this.stopping) return this.fail(task.taskId, begun.start.fence);
    let result = FAILED;
    await this.starter.run(begun.start, rerun, this.watch, async (run, end) => {
      result = await this.settle(run, end);
      return result.outcome;
    });
    return result;
  }

  cancel(taskId: string): void {
    this.watcher?.stop(taskId, 'cancel');
  }

  awaitAnswers(taskId: string): Promise<'answered' | 'ended' | 'stopped'> {
    if (this.stopping) return Promise.resolve('stopped');
    return this.watch.awaitAnswers(taskId);
  }

  stopAll(how: Stopping): void {
    this.stopping ??= how;
    this.watcher?.stopAll(this.stopping);
  }

  /** Stops the watch's poll; after the executor closed. */
  close(): void {
    this.watcher?.close();
  }

  private get records(): TaskStore {
    if (!this.store) throw new Error('Tasks are off: there is nothing to run');
    return this.store;
  }

  private get watch(): TaskWatch {
    this.watcher ??= new TaskWatch(this.records);
    return this.watcher;
  }

  /** What the run leaves, as the built-in executors settle it. */
  private async settle(run: TaskRun, end: RoundsEnd): Promise<TaskRunResult> {
    switch (end) {
      case 'completed':
      case 'failed':
        return { outcome: end };
      case 'parked':
        return { outcome: 'waiting' };
      case 'superseded':
        return ENDED;
    }
    switch (run.reason) {
      case 'cancel':
        return { outcome: 'cancelled' };
      case 'handover':
        if (run.rerun !== 'resume') return this.fail(run.taskId, run.fence);
        await run.flush();
        return (await this.records.release(run.taskId, run.fence, HANDED_OVER))
          ? { outcome: 'handed-over' }
          : ENDED;
      case 'shutdown':
        return this.fail(run.taskId, run.fence);
      default:
        return ENDED;
    }
  }

  /** Ends the task `failed` ("shut down before it finished"); best effort. */
  private async fail(taskId: string, fence: number): Promise<TaskRunResult> {
    await this.records
      .finish(taskId, serverFailure(TaskFailures.shutdown), fence)
      .catch(() => undefined);
    return FAILED;
  }
}
