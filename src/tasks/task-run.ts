import type { TaskStore } from './task-store.interface.js';
import type {
  TaskOrigin,
  TaskRequestSnapshot,
  TaskRerun,
  TaskStart,
} from './task.types.js';

/** Store writes of `statusMessage` and checkpoints are at most this frequent per run. */
export const WRITE_EVERY_MS = 500;

/**
 * Why a run was stopped before its tool returned: `cancel` (tasks/cancel), `ended` (the task ended
 * elsewhere or expired), `superseded` (a newer run holds the task), `handover` (this instance is
 * shutting down and gives the task back), `shutdown` (shutting down with nobody to give it to).
 */
export type StopReason =
  'cancel' | 'ended' | 'superseded' | 'handover' | 'shutdown';

/**
 * One run of a task on this instance, from `begin` to its end: the abort controller the tool
 * watches, and its throttled writes (`statusMessage`, checkpoint), each carrying the run's fencing
 * token so that they count only while this run holds the task.
 */
export class TaskRun {
  readonly controller = new AbortController();
  readonly startedAt = Date.now();
  private stopReason?: StopReason;
  private lastWrite = 0;
  private pendingMessage?: string;
  private pendingCheckpoint?: { readonly state: unknown };
  private timer?: NodeJS.Timeout;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    readonly start: TaskStart,
    /** The tool's re-run policy (`@McpTool({ rerun })`). */
    readonly rerun: TaskRerun,
    private readonly store: TaskStore,
    private readonly maxCheckpointBytes: number,
  ) {}

  get taskId(): string {
    return this.start.taskId;
  }

  get origin(): TaskOrigin {
    return this.start.origin;
  }

  get tool(): string {
    return this.start.origin.tool;
  }

  get request(): TaskRequestSnapshot {
    return this.start.origin.request;
  }

  get fence(): number {
    return this.start.fence;
  }

  get attempt(): number {
    return this.start.attempt;
  }

  /** Why the run was stopped, once it was. */
  get reason(): StopReason | undefined {
    return this.stopReason;
  }

  get stopped(): boolean {
    return this.stopReason !== undefined;
  }

  /** Stops the run: its signal aborts. The first reason given is the one kept. */
  stop(reason: StopReason): void {
    if (this.stopReason) return;
    this.stopReason = reason;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.controller.abort(new Error(`task run stopped: ${reason}`));
  }

  /**
   * Progress becomes the task's `statusMessage`, prefixed with the attempt from the second on.
   * Writes are throttled; the last one lands (or is written by `flush`).
   */
  report(message: string): void {
    if (this.stopped) return;
    this.pendingMessage =
      this.attempt > 1 ? `Attempt ${this.attempt}: ${message}` : message;
    this.schedule();
  }

  /**
   * Saves `state` (JSON) as the run's checkpoint: a resumed run starts from it. Throttled like
   * `report`; the latest one is always written before the run lets go of the task.
   * @throws RangeError when its JSON exceeds `TASKS_MAX_CHECKPOINT_BYTES`.
   */
  checkpoint(state: unknown): void {
    const bytes = Buffer.byteLength(JSON.stringify(state) ?? '');
    if (bytes > this.maxCheckpointBytes)
      throw new RangeError(
        `checkpoint of ${bytes} bytes exceeds TASKS_MAX_CHECKPOINT_BYTES (${this.maxCheckpointBytes})`,
      );
    if (this.stopped && this.stopReason !== 'handover') return;
    this.pendingCheckpoint = { state };
    this.schedule();
  }

  /** Writes what is pending now (before the run finishes, parks or hands the task over). */
  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.write();
  }

  /** Drops pending writes and timers: the run is over. */
  dispose(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.pendingMessage = undefined;
    this.pendingCheckpoint = undefined;
  }

  private schedule(): void {
    if (this.timer) return;
    const wait = this.lastWrite + WRITE_EVERY_MS - Date.now();
    if (wait <= 0) return void this.write();
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.write();
    }, wait);
    this.timer.unref();
  }

  /** One write at a time, in order: a checkpoint never overtakes a later one. */
  private write(): Promise<void> {
    this.writing = this.writing.then(async () => {
      const message = this.pendingMessage;
      const checkpoint = this.pendingCheckpoint;
      this.pendingMessage = undefined;
      this.pendingCheckpoint = undefined;
      if (message === undefined && checkpoint === undefined) return;
      this.lastWrite = Date.now();
      // A lost progress message or checkpoint is harmless: the next one, or the result, replaces it.
      await Promise.all([
        message !== undefined &&
          this.store
            .setMessage(this.taskId, message, this.fence)
            .catch(() => undefined),
        checkpoint !== undefined &&
          this.store
            .checkpoint(this.taskId, checkpoint.state, this.fence)
            .catch(() => undefined),
      ]);
    });
    return this.writing;
  }
}
