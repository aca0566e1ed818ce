import type { InputRequest } from '../protocol/mrtr/input-required.js';
import type {
  NewTask,
  RespondOutcome,
  TaskOutcome,
  TaskRecord,
  TaskSignal,
} from './task.types.js';

/**
 * Where task state lives (SEP-2663). Every transition is a compare-and-set that never leaves a
 * terminal status, so a late completion after a cancel, or a second completion, changes nothing.
 * Methods reject when the store cannot be reached; the caller answers "unavailable, retry".
 */
export interface TaskStore {
  /** `memory` or `redis`: shown on the status page and `/readyz`. */
  readonly kind: string;
  /** Records a new `working` task, durably, before the creating request is answered. */
  create(task: NewTask): Promise<TaskRecord>;
  /**
   * The task, or undefined when unknown or past `createdAt + ttlMs`. A non-terminal task whose
   * owner stopped renewing its lease is failed here (-32603, "worker lost") first.
   */
  get(taskId: string): Promise<TaskRecord | undefined>;
  /** Sets `statusMessage` of a non-terminal task. */
  setMessage(taskId: string, message: string): Promise<void>;
  /** `working` → `input_required` with these outstanding requests; false when no longer working. */
  requireInput(
    taskId: string,
    requests: Readonly<Record<string, InputRequest>>,
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
   * The answers of the round just completed, removed from the store; undefined while the task
   * still waits for some (or is not waiting at all).
   */
  takeResponses(
    taskId: string,
  ): Promise<Readonly<Record<string, unknown>> | undefined>;
  /** Ends a non-terminal task; false (and nothing changed) when it had already ended. */
  finish(taskId: string, outcome: TaskOutcome): Promise<boolean>;
  /** Ends a non-terminal task as `cancelled` and signals its owner; false when unknown. */
  cancel(taskId: string): Promise<boolean>;
  /** Renews the owner's lease on the tasks it runs. */
  renewLeases(owner: string, taskIds: readonly string[]): Promise<void>;
  /** Delivers cancel / input signals for tasks (at most once: owners poll too). */
  onSignal(listener: (taskId: string, signal: TaskSignal) => void): void;
  /** Resolves when the store answers (readiness); absent for in-process stores. */
  ping?(): Promise<void>;
  /** Stops timers and subscriptions (connections belong to their factory). */
  close(): Promise<void>;
}

/** Injection token for the active `TaskStore`; `null` when tasks are off. */
export const TaskStore = Symbol('TaskStore');
