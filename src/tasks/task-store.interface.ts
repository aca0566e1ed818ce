import type { InputRequest } from '../protocol/mrtr/input-required.js';
import type {
  BeginOptions,
  BeginOutcome,
  NewTask,
  RespondOutcome,
  TaskOutcome,
  TaskRecord,
  TaskSignal,
} from './task.types.js';

/**
 * Where task records live (SEP-2663): what `tasks/get` reads, and the only place a task's status
 * changes. Every transition is a compare-and-set that never leaves a terminal status, so a late
 * completion after a cancel, or a second completion, changes nothing. Writes of a run carry its
 * fencing token (`TaskStart.fence`): once a newer run has begun, or the run let go, they change
 * nothing either. Running the work is the `TaskExecutor`'s job; this is the record.
 *
 * Methods reject when the store cannot be reached; the caller answers "unavailable, retry".
 */
export interface TaskStore {
  /** `memory` or `redis`: shown on the status page and `/readyz`. */
  readonly kind: string;
  /** Records a new `working` task, durably, before the creating request is answered. */
  create(task: NewTask): Promise<TaskRecord>;
  /** The task, or undefined when unknown or past `createdAt + ttlMs`. */
  get(taskId: string): Promise<TaskRecord | undefined>;
  /**
   * Claims the task for a run: a new fencing token, the attempt number, and what the run starts
   * from (checkpoint, answers, round state). A previous run that never let go was lost: a `never`
   * tool's task is then failed, a resumable one run again (with backoff, at most
   * `maxAttempts - 1` times in a row).
   */
  begin(taskId: string, options: BeginOptions): Promise<BeginOutcome>;
  /** Sets `statusMessage` of a live task, if `fence` is still current. */
  setMessage(taskId: string, message: string, fence: number): Promise<void>;
  /** Saves the run's checkpoint (JSON), if `fence` is still current; false otherwise. */
  checkpoint(taskId: string, state: unknown, fence: number): Promise<boolean>;
  /**
   * `working` → `input_required` with these requests, keeping `state` for the next round; the run
   * lets go of the task. A key already used in this task's life is renamed on the wire (`key.2`,
   * …) and mapped back for the tool. False when no longer working, or `fence` is stale.
   */
  requireInput(
    taskId: string,
    requests: Readonly<Record<string, InputRequest>>,
    state: unknown,
    fence: number,
  ): Promise<boolean>;
  /**
   * Files answers from `tasks/update`: keys that are outstanding are moved to the responses,
   * others ignored; once none is outstanding the task is `working` again and its owner signalled.
   */
  respond(
    taskId: string,
    responses: Readonly<Record<string, unknown>>,
  ): Promise<RespondOutcome>;
  /**
   * Ends a live task; false (and nothing changed) when it had already ended or `fence` is stale.
   * `fence` 0 ends it whoever runs it (a reconciler, a refused enqueue).
   */
  finish(taskId: string, outcome: TaskOutcome, fence: number): Promise<boolean>;
  /**
   * The run lets go of a working task without ending it (hand-over on shutdown): its fence is
   * retired, so the next run starts a new attempt from the last checkpoint.
   */
  release(taskId: string, fence: number, message: string): Promise<boolean>;
  /** Ends a live task as `cancelled` and signals its runner; false when unknown. */
  cancel(taskId: string): Promise<boolean>;
  /** Delivers cancel / input signals for tasks (at most once: runners poll too). */
  onSignal(listener: (taskId: string, signal: TaskSignal) => void): void;
  /** Resolves when the store answers (readiness); absent for in-process stores. */
  ping?(): Promise<void>;
  /** Stops timers and subscriptions (connections belong to their factory). */
  close(): Promise<void>;
}

/** Injection token for the active `TaskStore`; `null` when tasks are off. */
export const TaskStore = Symbol('TaskStore');
