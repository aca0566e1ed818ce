import type { Redis } from 'ioredis';
import { JsonRpcErrorCode } from '../../protocol/json-rpc/json-rpc-error-code.js';
import type { InputRequest } from '../../protocol/mrtr/input-required.js';
import type { TaskStore } from '../task-store.interface.js';
import {
  freshRecord,
  type NewTask,
  type RespondOutcome,
  type TaskOutcome,
  type TaskRecord,
  type TaskSignal,
} from '../task.types.js';
import { GET_TASK_SCRIPT, TRANSITION_SCRIPT } from './task-scripts.lua.js';

type Reply = number | string | null | Reply[];

interface TaskCommands {
  mcpTaskGet(...args: (string | number)[]): Promise<Reply>;
  mcpTaskStep(...args: (string | number)[]): Promise<Reply>;
}

/** What a reader sees when the owner vanished without ending the task (kill -9, crash). */
const WORKER_LOST = JSON.stringify({
  code: JsonRpcErrorCode.InternalError,
  message:
    'The worker running this task was lost (its server instance stopped). Start the task again.',
});

/**
 * Tasks in Redis, so any instance answers for any task (SEP-2663 behind a balancer without
 * affinity). Per task, keys sharing one hash slot: the record (a hash), its outstanding input
 * requests, the answers received, and the owner's lease. The record expires at `createdAt + ttlMs`
 * exactly; every transition is one Lua compare-and-set; cancel and "answers complete" are
 * published to the owner, which polls as well.
 */
export class RedisTaskStore implements TaskStore {
  readonly kind = 'redis';
  private readonly channel: string;
  private readonly listeners: ((id: string, s: TaskSignal) => void)[] = [];

  constructor(
    private readonly redis: Redis,
    private readonly subscriber: Redis | undefined,
    private readonly prefix: string,
    private readonly leaseMs: number,
  ) {
    this.channel = `${prefix}tasks:signal`;
    redis.defineCommand('mcpTaskGet', {
      numberOfKeys: 4,
      lua: GET_TASK_SCRIPT,
    });
    redis.defineCommand('mcpTaskStep', {
      numberOfKeys: 4,
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
      // meanwhile owners poll, so a signal is late, never lost.
      const subscribe = () =>
        void subscriber.subscribe(this.channel).catch(() => undefined);
      subscriber.on('ready', subscribe);
      if (subscriber.status === 'ready') subscribe();
    }
  }

  async create(task: NewTask): Promise<TaskRecord> {
    const [key, , , lease] = this.keys(task.taskId);
    const expireAt = task.createdAt + task.ttlMs;
    const replies = await this.redis
      .multi()
      .hset(key, {
        status: 'working',
        created: task.createdAt,
        updated: task.createdAt,
        ttl: task.ttlMs,
        poll: task.pollIntervalMs,
        caller: task.caller,
        owner: task.owner,
        origin: JSON.stringify(task.origin),
      })
      .pexpireat(key, expireAt)
      .set(lease, task.owner, 'PX', this.leaseMs)
      .exec();
    for (const [err] of replies ?? [[new Error('transaction aborted')]])
      if (err) throw err;
    return freshRecord(task);
  }

  async get(taskId: string): Promise<TaskRecord | undefined> {
    const reply = await this.cmd.mcpTaskGet(
      ...this.keys(taskId),
      Date.now(),
      WORKER_LOST,
    );
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
    };
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

  async setMessage(taskId: string, message: string): Promise<void> {
    await this.step(taskId, 'message', message);
  }

  async requireInput(
    taskId: string,
    requests: Readonly<Record<string, InputRequest>>,
  ): Promise<boolean> {
    const args = Object.entries(requests).flatMap(([k, v]) => [
      k,
      JSON.stringify(v),
    ]);
    return (await this.step(taskId, 'input', ...args)) === 1;
  }

  async respond(
    taskId: string,
    responses: Readonly<Record<string, unknown>>,
  ): Promise<RespondOutcome> {
    const args = Object.entries(responses).flatMap(([k, v]) => [
      k,
      JSON.stringify(v),
    ]);
    const reply = await this.step(taskId, 'respond', ...args);
    return reply === -1 ? 'unknown' : reply === 2 ? 'resumed' : 'recorded';
  }

  async takeResponses(
    taskId: string,
  ): Promise<Readonly<Record<string, unknown>> | undefined> {
    const reply = await this.step(taskId, 'take');
    if (!Array.isArray(reply) || reply.length === 0) return undefined;
    const taken: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(pairs(reply as string[])))
      taken[k] = JSON.parse(v);
    return taken;
  }

  async finish(taskId: string, outcome: TaskOutcome): Promise<boolean> {
    const [field, value] =
      outcome.status === 'completed'
        ? ['result', JSON.stringify(outcome.result)]
        : ['error', JSON.stringify(outcome.error)];
    return (
      (await this.step(taskId, 'finish', outcome.status, field, value)) === 1
    );
  }

  async cancel(taskId: string): Promise<boolean> {
    return (await this.step(taskId, 'cancel')) === 1;
  }

  async renewLeases(owner: string, taskIds: readonly string[]): Promise<void> {
    const pipeline = this.redis.pipeline();
    // XX: a lease deleted by an ending transition is never brought back.
    for (const id of taskIds)
      pipeline.set(this.keys(id)[3], owner, 'PX', this.leaseMs, 'XX');
    await pipeline.exec();
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
    ...args: (string | number)[]
  ): Promise<Reply> {
    return this.cmd.mcpTaskStep(
      ...this.keys(taskId),
      op,
      Date.now(),
      this.channel,
      taskId,
      ...args,
    );
  }

  /** One hash slot per task (`{id}`), so scripts touch its keys on a cluster too. */
  private keys(taskId: string): [string, string, string, string] {
    const base = `${this.prefix}task:{${taskId}}`;
    return [base, `${base}:in`, `${base}:resp`, `${base}:lease`];
  }
}

function pairs(flat: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) out[flat[i]] = flat[i + 1];
  return out;
}
