import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { requireTool } from '../../test/support/system-tools.js';
import { Redis } from 'ioredis';
import {
  deleteKeys,
  ensureSharedRedis,
  SHARED_REDIS_URL,
  uniquePrefix,
} from '../../test/support/redis.js';
import { waitFor } from '../../test/support/wait-for.js';
import { MemoryTaskStore } from './memory/memory-task.store.js';
import { RedisTaskStore } from './redis/redis-task.store.js';
import { mintTaskId } from './task-id.js';
import type { TaskStore } from './task-store.interface.js';
import type { NewTask, TaskSignal } from './task.types.js';

const LEASE_MS = 400;

function newTask(ttlMs = 60_000): NewTask {
  return {
    taskId: mintTaskId(),
    caller: 'alice',
    owner: 'owner-1',
    createdAt: Date.now(),
    ttlMs,
    pollIntervalMs: 500,
    origin: { tool: 't', arguments: { a: 1 }, clientCapabilities: {} },
  };
}

const ASK = {
  a: { method: 'elicitation/create' as const, params: { message: 'A?' } },
  b: { method: 'elicitation/create' as const, params: { message: 'B?' } },
};

// One contract, two stores: the in-memory store for a single instance and the Redis one (real
// Redis, its own key prefix) must behave the same way through every transition.
const withRedis = requireTool('redis', 'the Redis task store contract');

for (const kind of ['memory', 'redis'] as const)
  (kind === 'redis' ? withRedis : describe)(
    `TaskStore contract: ${kind}`,
    () => {
      const prefix = uniquePrefix(`task-store-${kind}`);
      const connections: Redis[] = [];
      let store: TaskStore;
      const signals: [string, TaskSignal][] = [];

      beforeAll(async () => {
        if (kind === 'memory') {
          store = new MemoryTaskStore();
        } else {
          await ensureSharedRedis();
          const redis = new Redis(SHARED_REDIS_URL);
          const sub = new Redis(SHARED_REDIS_URL);
          connections.push(redis, sub);
          store = new RedisTaskStore(redis, sub, prefix, LEASE_MS);
          // Signals are pub/sub: the store's subscription is live before any test sends one.
          await waitFor(
            async () =>
              (await redis.pubsub('CHANNELS', `${prefix}*`)).length > 0,
            { what: `the store's subscription under ${prefix}` },
          );
        }
        store.onSignal((id, signal) => signals.push([id, signal]));
      });
      afterAll(async () => {
        await store.close();
        for (const c of connections) c.disconnect();
        if (kind === 'redis') await deleteKeys(prefix);
      });

      /** Waits for the owner to be signalled about `taskId`. */
      const signalled = (taskId: string) =>
        waitFor(() => signals.some(([id]) => id === taskId), {
          what: `a signal about task ${taskId}`,
        });

      /** Keeps the owner's lease alive, as the runner does, while `fn` runs. */
      async function leased<T>(
        taskId: string,
        fn: () => Promise<T>,
      ): Promise<T> {
        const timer = setInterval(
          () => void store.renewLeases('owner-1', [taskId]),
          LEASE_MS / 4,
        );
        try {
          return await fn();
        } finally {
          clearInterval(timer);
        }
      }

      it('creates a working task that get returns; unknown ids are undefined', async () => {
        const task = newTask();
        const created = await store.create(task);
        expect(created).toMatchObject({
          taskId: task.taskId,
          status: 'working',
        });
        expect(await store.get(task.taskId)).toMatchObject({
          taskId: task.taskId,
          status: 'working',
          caller: 'alice',
          owner: 'owner-1',
          createdAt: task.createdAt,
          ttlMs: 60_000,
          pollIntervalMs: 500,
        });
        expect(await store.get(mintTaskId())).toBeUndefined();
      });

      it('walks input_required with partial answers, signals the owner once all are in, hands the answers over once', async () => {
        const task = newTask();
        await store.create(task);
        await leased(task.taskId, async () => {
          expect(await store.requireInput(task.taskId, ASK)).toBe(true);
          expect(await store.get(task.taskId)).toMatchObject({
            status: 'input_required',
            inputRequests: ASK,
          });
          expect(
            await store.respond(task.taskId, { a: { x: 1 }, zzz: { y: 2 } }),
          ).toBe('recorded');
          const half = await store.get(task.taskId);
          expect(half?.status).toBe('input_required');
          expect(Object.keys(half?.inputRequests ?? {})).toEqual(['b']);
          expect(await store.takeResponses(task.taskId)).toBeUndefined();
          expect(await store.respond(task.taskId, { b: { x: 2 } })).toBe(
            'resumed',
          );
          expect((await store.get(task.taskId))?.status).toBe('working');
          await signalled(task.taskId);
          expect(signals).toContainEqual([task.taskId, 'input']);
          expect(await store.takeResponses(task.taskId)).toEqual({
            a: { x: 1 },
            b: { x: 2 },
          });
          expect(await store.takeResponses(task.taskId)).toBeUndefined();
        });
      });

      it('never leaves a terminal status: a second finish, a late cancel and late input change nothing', async () => {
        const task = newTask();
        await store.create(task);
        const result = { content: [{ type: 'text', text: 'ok' }] };
        expect(
          await store.finish(task.taskId, { status: 'completed', result }),
        ).toBe(true);
        expect(
          await store.finish(task.taskId, {
            status: 'failed',
            error: { code: -1, message: 'late' },
          }),
        ).toBe(false);
        expect(await store.cancel(task.taskId)).toBe(true);
        expect(await store.requireInput(task.taskId, ASK)).toBe(false);
        await store.setMessage(task.taskId, 'late progress');
        const done = await store.get(task.taskId);
        expect(done).toMatchObject({ status: 'completed', result });
        expect(done?.statusMessage).toBeUndefined();
        expect(done?.error).toBeUndefined();
      });

      it('cancels once, signals the owner, and a late completion fails the compare-and-set', async () => {
        const task = newTask();
        await store.create(task);
        await store.setMessage(task.taskId, 'half way');
        expect(await store.cancel(task.taskId)).toBe(true);
        await signalled(task.taskId);
        expect(signals).toContainEqual([task.taskId, 'cancel']);
        expect(
          await store.finish(task.taskId, { status: 'completed', result: {} }),
        ).toBe(false);
        expect(await store.get(task.taskId)).toMatchObject({
          status: 'cancelled',
          statusMessage: 'half way',
        });
        expect(await store.cancel(mintTaskId())).toBe(false);
        expect(await store.respond(mintTaskId(), { a: {} })).toBe('unknown');
      });

      it('lets exactly one of 50 racing finishes win', async () => {
        const task = newTask();
        await store.create(task);
        const wins = await Promise.all(
          Array.from({ length: 50 }, (_, i) =>
            store.finish(task.taskId, {
              status: 'completed',
              result: { n: i },
            }),
          ),
        );
        expect(wins.filter(Boolean)).toHaveLength(1);
        const winner = wins.indexOf(true);
        expect((await store.get(task.taskId))?.result).toEqual({ n: winner });
      });

      it('keeps a task readable until createdAt + ttlMs, and forgets it after', async () => {
        const task = newTask(1_500);
        const expiresAt = task.createdAt + task.ttlMs;
        await store.create(task);
        await leased(task.taskId, async () => {
          // Read until it is gone: every read begun after the expiry finds nothing, every one that
          // ended before it finds the task, whatever the machine's pace (at the very millisecond
          // of expiry either answer is right).
          const reads: { sentAt: number; seenAt: number; found: boolean }[] =
            [];
          await waitFor(
            async () => {
              const sentAt = Date.now();
              const found = (await store.get(task.taskId)) !== undefined;
              reads.push({ sentAt, seenAt: Date.now(), found });
              return !found;
            },
            { what: 'the task to be forgotten', everyMs: 50 },
          );
          for (const read of reads) {
            if (read.sentAt > expiresAt) expect(read.found).toBe(false);
            if (read.seenAt < expiresAt) expect(read.found).toBe(true);
          }
          expect(reads[0].found).toBe(true);
        });
      });

      if (kind === 'redis') {
        it('fails a live task whose owner stopped renewing its lease (worker lost), for every reader alike', async () => {
          const task = newTask();
          await store.create(task);
          const lost = await waitFor(
            async () => {
              const record = await store.get(task.taskId);
              return record?.status !== 'working' && record;
            },
            { what: 'the unrenewed lease to fail the task' },
          );
          expect(lost).toMatchObject({
            status: 'failed',
            error: { code: -32603, message: expect.stringMatching(/worker/i) },
          });
          expect(
            await store.finish(task.taskId, {
              status: 'completed',
              result: {},
            }),
          ).toBe(false);
        });

        it('rejects while Redis is unreachable, so callers can answer "retry"', async () => {
          const down = new Redis('redis://127.0.0.1:1', {
            enableOfflineQueue: false,
            maxRetriesPerRequest: 0,
            lazyConnect: true,
            retryStrategy: () => null,
          });
          down.on('error', () => undefined);
          const offline = new RedisTaskStore(down, undefined, prefix, LEASE_MS);
          await expect(offline.get(mintTaskId())).rejects.toThrow();
          await expect(offline.create(newTask())).rejects.toThrow();
          down.disconnect();
        });
      }
    },
  );
