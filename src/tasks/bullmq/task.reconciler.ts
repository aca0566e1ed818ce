import { Logger } from '@nestjs/common';
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { serverFailure, TaskFailures } from '../task.errors.js';
import type { TaskStore } from '../task-store.interface.js';
import { isTerminal } from '../task.types.js';
import type { TaskJobData, TaskQueueKeys } from './task-queue.keys.js';

/** Job states in which the job will (still) run its task. */
const LIVE_STATES = new Set([
  'waiting',
  'active',
  'delayed',
  'prioritized',
  'waiting-children',
]);
/** Tasks looked at per pass. */
const BATCH = 1_000;

/**
 * Keeps the one invariant between record and job: a live record (`working`, `input_required`)
 * has a job that is waiting, active or delayed. One instance per interval (a lock) walks the
 * live tasks; a live record without a live job (its enqueue failed, or BullMQ failed the job
 * without calling us) is failed with -32603 once it was seen so on two passes at least half an
 * interval apart, so a task whose job is being added right now is left alone: within three
 * intervals of the moment the job went missing. It also promotes a parked
 * job whose answers came in when the promote was lost, and forgets finished tasks.
 */
export class TaskReconciler {
  private readonly logger = new Logger('Tasks');
  private timer?: NodeJS.Timeout;
  private running = false;

  constructor(
    private readonly queue: Queue<TaskJobData>,
    private readonly redis: Redis,
    private readonly store: TaskStore,
    private readonly keys: TaskQueueKeys,
    private readonly intervalMs: number,
    private readonly owner: string,
    private readonly forget: (taskId: string, caller: string) => Promise<void>,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.tick(), this.intervalMs).unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** One pass, if no other instance runs one this interval. */
  async tick(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      const mine = await this.redis.set(
        this.keys.reconcileLock,
        this.owner,
        'PX',
        Math.floor(this.intervalMs * 0.8),
        'NX',
      );
      if (mine === 'OK') await this.pass();
    } catch {
      // Redis away: the next tick tries again.
    } finally {
      this.running = false;
    }
  }

  private async pass(): Promise<void> {
    const now = Date.now();
    await this.redis.zremrangebyscore(this.keys.live, '-inf', now);
    const ids = await this.redis.zrange(this.keys.live, 0, BATCH - 1);
    await Promise.all(ids.map((id) => this.check(id, now)));
  }

  private async check(taskId: string, now: number): Promise<void> {
    const state = await this.queue.getJobState(taskId);
    if (LIVE_STATES.has(state)) {
      await this.redis.zrem(this.keys.suspects, taskId);
      if (state === 'delayed') await this.promoteIfAnswered(taskId, now);
      return;
    }
    const record = await this.store.get(taskId);
    if (!record || isTerminal(record.status)) {
      await this.forget(taskId, record?.caller ?? '');
      await this.redis.zrem(this.keys.live, taskId);
      return;
    }
    const since = await this.redis.zscore(this.keys.suspects, taskId);
    if (since === null) {
      await this.redis.zadd(this.keys.suspects, 'NX', now, taskId);
      return;
    }
    if (now - Number(since) < this.intervalMs / 2) return;
    if (await this.store.finish(taskId, serverFailure(TaskFailures.jobLost), 0))
      this.logger.warn(
        `Task ${taskId} was ${record.status} without a job (${state}); it is failed`,
      );
    await this.forget(taskId, record.caller);
  }

  /** A parked job whose answers are all in (the promote after `tasks/update` was lost). */
  private async promoteIfAnswered(taskId: string, now: number): Promise<void> {
    const record = await this.store.get(taskId);
    if (record?.status !== 'working' || (record.retryAt ?? 0) > now) return;
    const job = await this.queue.getJob(taskId);
    await job?.promote().catch(() => undefined);
  }
}
