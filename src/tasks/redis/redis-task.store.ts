import type { Redis } from 'ioredis';
import type { InputRequest } from '../../protocol/mrtr/input-required.js';
import type { TaskStore } from '../task-store.interface.js';
import {
  type BeginOptions,
  type BeginOutcome,
  freshRecord,
  type NewTask,
  type RespondOutcome,
  type TaskOrigin,
  type TaskOutcome,
  type TaskRecord,
  type TaskSignal,
} from '../task.types.js';
import {
  BEGIN_TASK_SCRIPT,
  GET_TASK_SCRIPT,
  TRANSITION_SCRIPT,
} from './task-scripts.lua.js';

type Reply = number | string | null | Reply[];

interface TaskCommands {
  mcpTaskGet(...args: (string | number)[]): Promise<Reply>;
  mcpTaskBegin(...args: (string | number)[]): Promise<Reply>;
  mcpTaskStep(...args: (string | number)[]): Promise<Reply>;
}

const KEYS = 5;

/**
 * Task records in Redis, so any instance answers for any task (SEP-2663 behind a balancer without
 * affinity). Per task, keys sharing one hash slot: the record (a hash), its outstanding input
 * requests, the answers received, the map from wire keys to the tool's keys and the keys used so
 * far. The record expires at `createdAt + ttlMs` exactly; every transition is one Lua
 * compare-and-set, fenced by the run's token; cancel and "answers complete" are published to the
 * runner, which polls as well.
 */
export class RedisTaskStore implements TaskStore {
  readonly kind = 'redis';
  private readonly channel: string;
  private readonly listeners: ((id: string, s: TaskSignal) => void)[] = [];

  constructor(
    private readonly redis: Redis,
    private readonly subscriber: Redis | undefined,
    private readonly prefix: string,
  ) {
    this.channel = `${prefix}tasks:signal`;
    redis.defineCommand('mcpTaskGet', {
      numberOfKeys: KEYS,
      lua: GET_TASK_SCRIPT,
    });
    redis.defineCommand('mcpTaskBegin', {
      numberOfKeys: KEYS,
      lua: BEGIN_TASK_SCRIPT,
    });
    redis.defineCommand('mcpTaskStep', {
      numberOfKeys: KEYS,
      lua: TRANSITION_SCRIPT,
    });
    if (subscriber) {
      subscriber.on('message', (channel: string, message: string) => {
        if (channel !== this.channel) return;
        const [id, signal] = message.split(' ');
        if (signal !== 'cancel' && signal !== 'input') return;
        for (const listener of this.listeners) listener(id, signal);
      });
      // Subscribing again on every (re)connection also covers a Redis that was down at boot;
      // meanwhile runners poll, so a signal is late, never lost.
      const subscribe = () =>
        void subscriber.subscribe(this.channel).catch(() => undefined);
      subscriber.on('ready', subscribe);
      if (subscriber.status === 'ready') subscribe();
    }
  }

  async create(task: NewTask): Promise<TaskRecord> {
    const [key, , answers, , used] = this.keys(task.taskId);
    const expireAt = task.createdAt + task.ttlMs;
    const fields: Record<string, string | number> = {
      status: 'working',
      created: task.createdAt,
      updated: task.createdAt,
      queued: task.createdAt,
      ttl: task.ttlMs,
      poll: task.pollIntervalMs,
      caller: task.caller,
      owner: '',
      fence: 0,
      attempt: 0,
      origin: JSON.stringify(task.origin),
    };
    if (task.requestState !== undefined)
      fields.state = JSON.stringify(task.requestState);
    const multi = this.redis.multi().hset(key, fields).pexpireat(key, expireAt);
    const initial = Object.entries(task.inputResponses ?? {});
    if (initial.length > 0) {
      multi
        .hset(
          answers,
          Object.fromEntries(initial.map(([k, v]) => [k, JSON.stringify(v)])),
        )
        .pexpireat(answers, expireAt)
        .sadd(used, ...initial.map(([k]) => k))
        .pexpireat(used, expireAt);
    }
    const replies = await multi.exec();
    for (const [err] of replies ?? [[new Error('transaction aborted')]])
      if (err) throw err;
    return freshRecord(task);
  }

  async get(taskId: string): Promise<TaskRecord | undefined> {
    const reply = await this.cmd.mcpTaskGet(...this.keys(taskId));
    if (!Array.isArray(reply)) return undefined;
    const [fields, inputs] = reply as [string[], string[]];
    const hash = pairs(fields);
    const record: Record<string, unknown> = {
      taskId,
      status: hash.status,
      createdAt: Number(hash.created),
      lastUpdatedAt: Number(hash.updated),
      ttlMs: Number(hash.ttl),
      pollIntervalMs: Number(hash.poll),
      caller: hash.caller ?? '',
      owner: hash.owner ?? '',
      attempt: Number(hash.attempt ?? 0),
      fence: Number(hash.fence ?? 0),
    };
    if (hash.retry !== undefined) record.retryAt = Number(hash.retry);
    if (hash.message !== undefined) record.statusMessage = hash.message;
    if (hash.status === 'completed' && hash.result)
      record.result = JSON.parse(hash.result);
    if (hash.status === 'failed' && hash.error)
      record.error = JSON.parse(hash.error);
    if (hash.status === 'input_required') {
      const requests: Record<string, InputRequest> = {};
      for (const [k, v] of Object.entries(pairs(inputs)))
        requests[k] = JSON.parse(v) as InputRequest;
      record.inputRequests = requests;
    }
    return record as unknown as TaskRecord;
  }

  async begin(taskId: string, options: BeginOptions): Promise<BeginOutcome> {
    const reply = (await this.cmd.mcpTaskBegin(
      ...this.keys(taskId),
      Date.now(),
      options.owner,
      options.rerun,
      options.maxAttempts,
      options.backoffMs,
      options.backoffMaxMs,
      JSON.stringify(options.rerunRefused),
      JSON.stringify(options.attemptsExhausted),
    )) as Reply[];
    const kind = reply[0];
    if (kind === 'later') return { kind, at: Number(reply[1]) };
    if (kind !== 'run')
      return { kind: kind as 'ended' | 'waiting' | 'refused' };
    const [, fence, attempt, continuation, origin, ckpt, state] = reply as (
      string | null
    )[];
    const answers = pairs(reply[7] as string[]);
    const keyMap = pairs(reply[8] as string[]);
    const responses: Record<string, unknown> = {};
    for (const [wire, value] of Object.entries(answers))
      responses[keyMap[wire] ?? wire] = JSON.parse(value);
    return {
      kind: 'run',
      start: {
        taskId,
        fence: Number(fence),
        attempt: Number(attempt),
        continuation: continuation === '1',
        origin: JSON.parse(origin!) as TaskOrigin,
        checkpoint: ckpt === null ? undefined : JSON.parse(ckpt),
        inputResponses:
          Object.keys(responses).length > 0 ? responses : undefined,
        requestState: state === null ? undefined : JSON.parse(state),
        queuedAt: Number(reply[9]),
      },
    };
  }

  async setMessage(
    taskId: string,
    message: string,
    fence: number,
  ): Promise<void> {
    await this.step(taskId, 'message', fence, message);
  }

  async checkpoint(
    taskId: string,
    state: unknown,
    fence: number,
  ): Promise<boolean> {
    return (
      (await this.step(taskId, 'ckpt', fence, JSON.stringify(state))) === 1
    );
  }

  async requireInput(
    taskId: string,
    requests: Readonly<Record<string, InputRequest>>,
    state: unknown,
    fence: number,
  ): Promise<boolean> {
    const args = Object.entries(requests).flatMap(([k, v]) => [
      k,
      JSON.stringify(v),
    ]);
    const encoded = state === undefined ? '' : JSON.stringify(state);
    return (await this.step(taskId, 'input', fence, encoded, ...args)) === 1;
  }

  async respond(
    taskId: string,
    responses: Readonly<Record<string, unknown>>,
  ): Promise<RespondOutcome> {
    const args = Object.entries(responses).flatMap(([k, v]) => [
      k,
      JSON.stringify(v),
    ]);
    const reply = await this.step(taskId, 'respond', 0, ...args);
    return reply === -1 ? 'unknown' : reply === 2 ? 'resumed' : 'recorded';
  }

  async finish(
    taskId: string,
    outcome: TaskOutcome,
    fence: number,
  ): Promise<boolean> {
    const [field, value, message] =
      outcome.status === 'completed'
        ? ['result', JSON.stringify(outcome.result), '']
        : ['error', JSON.stringify(outcome.error), outcome.statusMessage ?? ''];
    return (
      (await this.step(
        taskId,
        'finish',
        fence,
        outcome.status,
        field,
        value,
        message,
      )) === 1
    );
  }

  async release(
    taskId: string,
    fence: number,
    message: string,
  ): Promise<boolean> {
    return (await this.step(taskId, 'release', fence, message)) === 1;
  }

  async cancel(taskId: string): Promise<boolean> {
    return (await this.step(taskId, 'cancel', 0)) === 1;
  }

  onSignal(listener: (taskId: string, signal: TaskSignal) => void): void {
    this.listeners.push(listener);
  }

  async ping(): Promise<void> {
    await this.redis.ping();
  }

  async close(): Promise<void> {
    await this.subscriber?.unsubscribe(this.channel).catch(() => undefined);
  }

  private get cmd(): TaskCommands {
    return this.redis as unknown as TaskCommands;
  }

  private step(
    taskId: string,
    op: string,
    fence: number,
    ...args: (string | number)[]
  ): Promise<Reply> {
    return this.cmd.mcpTaskStep(
      ...this.keys(taskId),
      op,
      Date.now(),
      this.channel,
      taskId,
      fence,
      ...args,
    );
  }

  /** One hash slot per task (`{id}`), so scripts touch its keys on a cluster too. */
  private keys(taskId: string): [string, string, string, string, string] {
    const base = `${this.prefix}task:{${taskId}}`;
    return [base, `${base}:in`, `${base}:resp`, `${base}:map`, `${base}:keys`];
  }
}

function pairs(flat: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) out[flat[i]] = flat[i + 1];
  return out;
}
