import { createHash } from 'node:crypto';

/** The BullMQ queue of tasks (job id = task id). */
export const TASK_QUEUE = 'tasks';

/**
 * Version of the job payload. A worker runs the versions it knows; a newer one (the next release,
 * side by side during a swap) is put back for a newer worker.
 */
export const TASK_JOB_VERSION = 1;

/** What a job carries: a pointer to the task record, which holds the arguments. */
export interface TaskJobData {
  readonly v: number;
  readonly taskId: string;
  readonly tool: string;
  readonly caller: string;
  readonly expiresAt: number;
}

/**
 * Keys of the task queue for one deployment slot. BullMQ's prefix carries a hash tag naming the
 * slot (`<REDIS_KEY_PREFIX>{tasks:<slot>}`): every key of the queue lands in one hash slot of a
 * clustered Redis (https://docs.bullmq.io/patterns/redis-cluster), and staging never takes
 * production's jobs. Our own index keys (live tasks, per-caller sets, reconciler state) share the
 * tag, so a script may touch them with the queue's.
 */
export class TaskQueueKeys {
  /** BullMQ's `prefix` option. */
  readonly prefix: string;
  /** Live tasks (sorted set: task id → expiry), the reconciler's work list. */
  readonly live: string;
  /** Tasks the reconciler found without a live job on its last pass (task id → since when). */
  readonly suspects: string;
  /** Who runs the next reconciler pass. */
  readonly reconcileLock: string;

  constructor(keyPrefix: string, slot: string) {
    this.prefix = `${keyPrefix}{tasks:${slot.replace(/[{}]/g, '_')}}`;
    const base = `${this.prefix}:${TASK_QUEUE}:mcp`;
    this.live = `${base}:live`;
    this.suspects = `${base}:suspects`;
    this.reconcileLock = `${base}:reconcile`;
  }

  /** Unfinished tasks of one caller (sorted set: task id → expiry). */
  caller(caller: string): string {
    const id = createHash('sha256').update(caller).digest('base64url');
    return `${this.prefix}:${TASK_QUEUE}:mcp:caller:${id.slice(0, 22)}`;
  }
}

/**
 * Takes a slot for a new task (KEYS: live set, the caller's set, BullMQ's wait list and
 * prioritized set; ARGV: task id, expiry, now, max per caller, max waiting): -1 when the queue
 * holds the maximum of waiting jobs, 0 when the caller has the maximum of unfinished tasks, else
 * 1. Expired entries leave first. One script, since the queue's keys share its hash slot.
 */
export const ADMIT_TASK_SCRIPT = `
if redis.call('LLEN', KEYS[3]) + redis.call('ZCARD', KEYS[4]) >= tonumber(ARGV[5]) then
  return -1
end
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', ARGV[3])
if redis.call('ZCARD', KEYS[2]) >= tonumber(ARGV[4]) then return 0 end
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[1])
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
if redis.call('PEXPIRETIME', KEYS[2]) < tonumber(ARGV[2]) then
  redis.call('PEXPIREAT', KEYS[2], ARGV[2])
end
return 1
`;
