import type { InputRequest } from '../../protocol/mrtr/input-required.js';
import type { TaskStore } from '../task-store.interface.js';
import {
  isTerminal,
  type NewTask,
  type RespondOutcome,
  type TaskOutcome,
  type TaskRecord,
  type TaskSignal,
  freshRecord,
} from '../task.types.js';

interface Entry {
  record: TaskRecord;
  expiresAt: number;
  outstanding: Map<string, InputRequest>;
  responses: Map<string, unknown>;
}

const SWEEP_MS = 60_000;

/**
 * Tasks in this process's memory: for a single instance only (any other instance would not know the
 * task). Same transitions as the Redis store; there is no lease, since the worker and its state die
 * together.
 */
export class MemoryTaskStore implements TaskStore {
  readonly kind = 'memory';
  private readonly tasks = new Map<string, Entry>();
  private readonly listeners: ((id: string, s: TaskSignal) => void)[] = [];
  private readonly sweeper: NodeJS.Timeout;

  constructor(private readonly now: () => number = Date.now) {
    this.sweeper = setInterval(() => this.sweep(), SWEEP_MS).unref();
  }

  create(task: NewTask): Promise<TaskRecord> {
    const record = freshRecord(task);
    this.tasks.set(task.taskId, {
      record,
      expiresAt: task.createdAt + task.ttlMs,
      outstanding: new Map(),
      responses: new Map(),
    });
    return Promise.resolve(record);
  }

  get(taskId: string): Promise<TaskRecord | undefined> {
    return Promise.resolve(this.entry(taskId)?.record);
  }

  setMessage(taskId: string, message: string): Promise<void> {
    const entry = this.entry(taskId);
    if (entry && !isTerminal(entry.record.status))
      this.update(entry, { statusMessage: message });
    return Promise.resolve();
  }

  requireInput(
    taskId: string,
    requests: Readonly<Record<string, InputRequest>>,
  ): Promise<boolean> {
    const entry = this.entry(taskId);
    if (!entry || entry.record.status !== 'working')
      return Promise.resolve(false);
    entry.outstanding = new Map(Object.entries(requests));
    entry.responses.clear();
    this.update(entry, {
      status: 'input_required',
      inputRequests: { ...requests },
    });
    return Promise.resolve(true);
  }

  respond(
    taskId: string,
    responses: Readonly<Record<string, unknown>>,
  ): Promise<RespondOutcome> {
    const entry = this.entry(taskId);
    if (!entry) return Promise.resolve('unknown');
    if (entry.record.status !== 'input_required')
      return Promise.resolve('recorded');
    for (const [key, value] of Object.entries(responses)) {
      if (!entry.outstanding.delete(key)) continue;
      entry.responses.set(key, value);
    }
    if (entry.outstanding.size > 0) {
      this.update(entry, {
        inputRequests: Object.fromEntries(entry.outstanding),
      });
      return Promise.resolve('recorded');
    }
    this.update(entry, { status: 'working' });
    this.emit(taskId, 'input');
    return Promise.resolve('resumed');
  }

  takeResponses(
    taskId: string,
  ): Promise<Readonly<Record<string, unknown>> | undefined> {
    const entry = this.entry(taskId);
    if (
      !entry ||
      entry.record.status !== 'working' ||
      entry.outstanding.size > 0 ||
      entry.responses.size === 0
    )
      return Promise.resolve(undefined);
    const taken = Object.fromEntries(entry.responses);
    entry.responses.clear();
    return Promise.resolve(taken);
  }

  finish(taskId: string, outcome: TaskOutcome): Promise<boolean> {
    const entry = this.entry(taskId);
    if (!entry || isTerminal(entry.record.status))
      return Promise.resolve(false);
    this.end(entry);
    this.update(
      entry,
      outcome.status === 'completed'
        ? { status: 'completed', result: outcome.result }
        : { status: 'failed', error: outcome.error },
    );
    return Promise.resolve(true);
  }

  cancel(taskId: string): Promise<boolean> {
    const entry = this.entry(taskId);
    if (!entry) return Promise.resolve(false);
    if (!isTerminal(entry.record.status)) {
      this.end(entry);
      this.update(entry, { status: 'cancelled' });
      this.emit(taskId, 'cancel');
    }
    return Promise.resolve(true);
  }

  renewLeases(): Promise<void> {
    return Promise.resolve();
  }

  onSignal(listener: (taskId: string, signal: TaskSignal) => void): void {
    this.listeners.push(listener);
  }

  close(): Promise<void> {
    clearInterval(this.sweeper);
    return Promise.resolve();
  }

  private entry(taskId: string): Entry | undefined {
    const entry = this.tasks.get(taskId);
    if (entry && entry.expiresAt <= this.now()) {
      this.tasks.delete(taskId);
      return undefined;
    }
    return entry;
  }

  private end(entry: Entry): void {
    entry.outstanding.clear();
    entry.responses.clear();
  }

  private update(entry: Entry, change: Partial<TaskRecord>): void {
    const next = { ...entry.record, ...change, lastUpdatedAt: this.now() };
    if (next.status !== 'input_required') delete next.inputRequests;
    entry.record = next;
  }

  private emit(taskId: string, signal: TaskSignal): void {
    // Asynchronously, like a pub/sub message: never inside the caller's transition.
    queueMicrotask(() => {
      for (const listener of this.listeners) listener(taskId, signal);
    });
  }

  private sweep(): void {
    const now = this.now();
    for (const [id, entry] of this.tasks)
      if (entry.expiresAt <= now) this.tasks.delete(id);
  }
}
