import type { InputRequest } from '../../protocol/mrtr/input-required.js';
import type { TaskStore } from '../task-store.interface.js';
import {
  type BeginOptions,
  type BeginOutcome,
  freshRecord,
  isTerminal,
  type NewTask,
  type RespondOutcome,
  type TaskOrigin,
  type TaskOutcome,
  type TaskRecord,
  type TaskErrorObject,
  type TaskSignal,
} from '../task.types.js';
import { uniqueWireKey } from '../task-input-keys.js';

interface Entry {
  record: TaskRecord;
  readonly expiresAt: number;
  readonly origin: TaskOrigin;
  /** Outstanding requests and answers, by wire key; wire key → the tool's key. */
  outstanding: Map<string, InputRequest>;
  responses: Map<string, unknown>;
  keyMap: Map<string, string>;
  /** Every input key used in the task's life (SEP-2663: unique). */
  readonly usedKeys: Set<string>;
  fence: number;
  /** Fence of the run holding the task, if one does. */
  held?: number;
  lost: number;
  retryAt: number;
  continuation: boolean;
  queuedAt: number;
  checkpoint?: string;
  state?: string;
}

const SWEEP_MS = 60_000;

/**
 * Tasks in this process's memory: for a single instance only (any other instance would not know the
 * task). The same transitions, fencing and input-key rules as the Redis store.
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
    const responses = new Map(Object.entries(task.inputResponses ?? {}));
    this.tasks.set(task.taskId, {
      record,
      expiresAt: task.createdAt + task.ttlMs,
      origin: task.origin,
      outstanding: new Map(),
      responses,
      keyMap: new Map(),
      usedKeys: new Set(responses.keys()),
      fence: 0,
      lost: 0,
      retryAt: 0,
      continuation: false,
      queuedAt: task.createdAt,
      state: json(task.requestState),
    });
    return Promise.resolve(record);
  }

  get(taskId: string): Promise<TaskRecord | undefined> {
    return Promise.resolve(this.entry(taskId)?.record);
  }

  begin(taskId: string, options: BeginOptions): Promise<BeginOutcome> {
    const entry = this.entry(taskId);
    if (!entry || isTerminal(entry.record.status))
      return Promise.resolve({ kind: 'ended' });
    if (entry.record.status === 'input_required')
      return Promise.resolve({ kind: 'waiting' });
    const now = this.now();
    if (entry.held !== undefined) {
      // The previous run never let go: it was lost.
      if (options.rerun === 'never') {
        this.fail(entry, options.rerunRefused);
        return Promise.resolve({ kind: 'refused' });
      }
      entry.lost++;
      if (entry.lost >= options.maxAttempts) {
        this.fail(entry, options.attemptsExhausted);
        return Promise.resolve({ kind: 'refused' });
      }
      entry.held = undefined;
      entry.continuation = false;
      const delay = backoff(entry.lost, options);
      if (delay > 0) entry.retryAt = now + delay;
    }
    if (entry.retryAt > now) {
      entry.record = { ...entry.record, retryAt: entry.retryAt };
      return Promise.resolve({ kind: 'later', at: entry.retryAt });
    }
    entry.fence++;
    entry.held = entry.fence;
    const continuation = entry.continuation;
    entry.continuation = false;
    entry.retryAt = 0;
    entry.record = {
      ...entry.record,
      owner: options.owner,
      attempt: entry.record.attempt + (continuation ? 0 : 1),
      fence: entry.fence,
      retryAt: undefined,
    };
    const responses = new Map<string, unknown>();
    for (const [wire, value] of entry.responses)
      responses.set(entry.keyMap.get(wire) ?? wire, value);
    return Promise.resolve({
      kind: 'run',
      start: {
        taskId,
        fence: entry.fence,
        attempt: entry.record.attempt,
        continuation,
        origin: entry.origin,
        checkpoint: parse(entry.checkpoint),
        inputResponses:
          responses.size > 0 ? Object.fromEntries(responses) : undefined,
        requestState: parse(entry.state),
        queuedAt: entry.queuedAt,
      },
    });
  }

  setMessage(taskId: string, message: string, fence: number): Promise<void> {
    const entry = this.live(taskId, fence);
    if (entry) this.update(entry, { statusMessage: message });
    return Promise.resolve();
  }

  checkpoint(taskId: string, state: unknown, fence: number): Promise<boolean> {
    const entry = this.live(taskId, fence);
    if (entry) entry.checkpoint = json(state);
    return Promise.resolve(entry !== undefined);
  }

  requireInput(
    taskId: string,
    requests: Readonly<Record<string, InputRequest>>,
    state: unknown,
    fence: number,
  ): Promise<boolean> {
    const entry = this.live(taskId, fence);
    if (!entry || entry.record.status !== 'working')
      return Promise.resolve(false);
    entry.outstanding = new Map();
    entry.responses = new Map();
    entry.keyMap = new Map();
    for (const [key, request] of Object.entries(requests)) {
      const wire = uniqueWireKey(key, (k) => entry.usedKeys.has(k));
      entry.usedKeys.add(wire);
      entry.outstanding.set(wire, request);
      entry.keyMap.set(wire, key);
    }
    entry.state = json(state);
    entry.held = undefined;
    entry.continuation = true;
    this.update(entry, {
      status: 'input_required',
      inputRequests: Object.fromEntries(entry.outstanding),
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
    entry.queuedAt = this.now();
    this.update(entry, { status: 'working' });
    this.emit(taskId, 'input');
    return Promise.resolve('resumed');
  }

  finish(
    taskId: string,
    outcome: TaskOutcome,
    fence: number,
  ): Promise<boolean> {
    const entry = this.live(taskId, fence);
    if (!entry) return Promise.resolve(false);
    this.end(
      entry,
      outcome.status === 'completed'
        ? { status: 'completed', result: outcome.result }
        : {
            status: 'failed',
            error: outcome.error,
            ...(outcome.statusMessage !== undefined && {
              statusMessage: outcome.statusMessage,
            }),
          },
    );
    return Promise.resolve(true);
  }

  release(taskId: string, fence: number, message: string): Promise<boolean> {
    const entry = this.live(taskId, fence);
    if (!entry || entry.record.status !== 'working')
      return Promise.resolve(false);
    entry.fence++;
    entry.held = undefined;
    entry.queuedAt = this.now();
    this.update(entry, { statusMessage: message, fence: entry.fence });
    return Promise.resolve(true);
  }

  cancel(taskId: string): Promise<boolean> {
    const entry = this.entry(taskId);
    if (!entry) return Promise.resolve(false);
    if (!isTerminal(entry.record.status)) {
      this.end(entry, { status: 'cancelled' });
      this.emit(taskId, 'cancel');
    }
    return Promise.resolve(true);
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

  /** The entry while live and `fence` current (0: whoever runs it). */
  private live(taskId: string, fence: number): Entry | undefined {
    const entry = this.entry(taskId);
    if (!entry || isTerminal(entry.record.status)) return undefined;
    return fence === 0 || fence === entry.fence ? entry : undefined;
  }

  private fail(entry: Entry, error: TaskErrorObject): void {
    this.end(entry, { status: 'failed', error, statusMessage: error.message });
  }

  private end(entry: Entry, change: Partial<TaskRecord>): void {
    entry.outstanding.clear();
    entry.responses.clear();
    entry.keyMap.clear();
    entry.held = undefined;
    entry.checkpoint = undefined;
    entry.state = undefined;
    this.update(entry, change);
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

/** Wait before the re-run that follows the `lost`-th loss: none for the first, then doubling. */
export function backoff(lost: number, options: BeginOptions): number {
  if (lost < 2) return 0;
  return Math.min(options.backoffMaxMs, options.backoffMs * 2 ** (lost - 2));
}

function json(value: unknown): string | undefined {
  return value === undefined ? undefined : JSON.stringify(value);
}

function parse(text: string | undefined): unknown {
  return text === undefined ? undefined : JSON.parse(text);
}
