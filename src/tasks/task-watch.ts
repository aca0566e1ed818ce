import type { RunningTask } from './task-executor.interface.js';
import type { TaskRun } from './task-run.js';
import type { TaskStore } from './task-store.interface.js';
import { isTerminal, type TaskSignal } from './task.types.js';

/** Runners look at their tasks this often too: pub/sub delivers at most once. */
export const WATCH_POLL_MS = 1_000;

/** How a wait for answers ended. */
export type AnswerWait = 'answered' | 'ended' | 'stopped';

/**
 * The task runs on this instance, and what stops them: a cancel or "answers complete" signal from
 * the store (pub/sub: at once), or a poll of each run's record every second (a missed signal, a
 * task that ended elsewhere, or a newer run that took it over). Also holds in-process waits for
 * answers.
 */
export class TaskWatch {
  private readonly runs = new Map<string, TaskRun>();
  private readonly waits = new Map<string, (how: AnswerWait) => void>();
  private readonly timer: NodeJS.Timeout;
  private polling = false;

  constructor(private readonly store: TaskStore) {
    store.onSignal((taskId, signal) => this.signal(taskId, signal));
    this.timer = setInterval(() => void this.poll(), WATCH_POLL_MS).unref();
  }

  /** Runs on this instance now. */
  get active(): readonly TaskRun[] {
    return [...this.runs.values()];
  }
  /** The runs in progress, as executors report them. */
  get running(): RunningTask[] {
    return this.active.map((run) => ({
      tool: run.tool,
      attempt: run.attempt,
      since: run.startedAt,
    }));
  }

  /** Tasks waiting here for answers (in-process only). */
  get waiting(): number {
    return this.waits.size;
  }

  add(run: TaskRun): void {
    this.runs.set(run.taskId, run);
  }

  delete(run: TaskRun): void {
    if (this.runs.get(run.taskId) === run) this.runs.delete(run.taskId);
  }

  /** Stops the task's run here, if there is one. */
  stop(taskId: string, reason: Parameters<TaskRun['stop']>[0]): void {
    this.runs.get(taskId)?.stop(reason);
    if (reason === 'cancel' || reason === 'ended')
      this.waits.get(taskId)?.('ended');
  }

  /** Stops every run here (shutdown), and ends every wait for answers. */
  stopAll(reason: Parameters<TaskRun['stop']>[0]): void {
    for (const run of this.runs.values()) run.stop(reason);
    for (const end of [...this.waits.values()]) end('stopped');
  }

  /**
   * Resolves once the task's answers are all in (`answered`), it ended (`ended`), or `stopAll`
   * ran (`stopped`). For an executor that keeps a waiting task in memory.
   */
  awaitAnswers(taskId: string): Promise<AnswerWait> {
    const answered = new Promise<AnswerWait>((resolve) =>
      this.waits.set(taskId, (how) => {
        this.waits.delete(taskId);
        resolve(how);
      }),
    );
    // Answers that came in before the wait began found no one to signal: look now.
    void this.check(taskId);
    return answered;
  }

  close(): void {
    clearInterval(this.timer);
  }

  private signal(taskId: string, signal: TaskSignal): void {
    if (signal === 'cancel') this.stop(taskId, 'cancel');
    else this.waits.get(taskId)?.('answered');
  }

  private async poll(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      const ids = new Set([...this.runs.keys(), ...this.waits.keys()]);
      await Promise.all([...ids].map((id) => this.check(id)));
    } finally {
      this.polling = false;
    }
  }

  private async check(taskId: string): Promise<void> {
    let record;
    try {
      record = await this.store.get(taskId);
    } catch {
      return; // Store unreachable: keep working; the run's next write will tell.
    }
    const run = this.runs.get(taskId);
    if (!record || isTerminal(record.status)) {
      this.stop(taskId, record?.status === 'cancelled' ? 'cancel' : 'ended');
      return;
    }
    if (run && record.fence !== run.fence) run.stop('superseded');
    if (record.status === 'working') this.waits.get(taskId)?.('answered');
  }
}
