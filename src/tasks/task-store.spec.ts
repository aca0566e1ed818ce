import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import { requireTool } from '../../test/support/system-tools.js';
import { waitFor } from '../../test/support/wait-for.js';
import {
  deleteKeys,
  ensureSharedRedis,
  SHARED_REDIS_URL,
  uniquePrefix,
} from '../../test/support/redis.js';
import { MemoryTaskStore } from './memory/memory-task.store.js';
import { RedisTaskStore } from './redis/redis-task.store.js';
import { mintTaskId } from './task-id.js';
import type { TaskStore } from './task-store.interface.js';
import type {
  BeginOptions,
  NewTask,
  TaskSignal,
  TaskStart,
} from './task.types.js';

function newTask(extra: Partial<NewTask> = {}): NewTask {
  return {
    taskId: mintTaskId(),
    caller: 'alice',
    createdAt: Date.now(),
    ttlMs: 60_000,
    pollIntervalMs: 500,
    origin: {
      tool: 't',
      arguments: { a: 1 },
      request: {
        requestId: 7,
        protocolVersion: '2026-07-28',
        clientCapabilities: { elicitation: {} },
      },
    },
    ...extra,
  };
}

const REFUSED = { code: -32603, message: 'never again' };
const EXHAUSTED = { code: -32603, message: 'gave up' };
const options = (extra: Partial<BeginOptions> = {}): BeginOptions => ({
  owner: 'owner-1',
  rerun: 'resume',
  maxAttempts: 5,
  backoffMs: 2_000,
  backoffMaxMs: 30_000,
  rerunRefused: REFUSED,
  attemptsExhausted: EXHAUSTED,
  ...extra,
});

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
      const signalled = (id: string, signal: TaskSignal) =>
        waitFor(() => signals.some(([i, s]) => i === id && s === signal), {
          what: `${signal} signal`,
          timeoutMs: 2_000,
        });

      /** Claims the task; fails the test when the store does not let it run. */
      async function start(
        taskId: string,
        extra: Partial<BeginOptions> = {},
      ): Promise<TaskStart> {
        const outcome = await store.begin(taskId, options(extra));
        if (outcome.kind !== 'run')
          throw new Error(`not run: ${JSON.stringify(outcome)}`);
        return outcome.start;
      }

      beforeAll(async () => {
        if (kind === 'memory') {
          store = new MemoryTaskStore();
        } else {
          await ensureSharedRedis();
          const redis = new Redis(SHARED_REDIS_URL);
          const sub = new Redis(SHARED_REDIS_URL);
          connections.push(redis, sub);
          store = new RedisTaskStore(redis, sub, prefix);
          await waitFor(
            async () => {
              const [, n] = (await redis.pubsub(
                'NUMSUB',
                `${prefix}tasks:signal`,
              )) as [string, number];
              return Number(n) > 0;
            },
            { what: 'the signal subscription' },
          );
        }
        store.onSignal((id, signal) => signals.push([id, signal]));
      });
      afterAll(async () => {
        await store.close();
        for (const c of connections) c.disconnect();
        if (kind === 'redis') await deleteKeys(prefix);
      });

      it('creates a working task that get returns; unknown ids are undefined', async () => {
        const task = newTask();
        const created = await store.create(task);
        expect(created).toMatchObject({
          taskId: task.taskId,
          status: 'working',
          attempt: 0,
        });
        expect(await store.get(task.taskId)).toMatchObject({
          taskId: task.taskId,
          status: 'working',
          caller: 'alice',
          owner: '',
          attempt: 0,
          createdAt: task.createdAt,
          ttlMs: 60_000,
          pollIntervalMs: 500,
        });
        expect(await store.get(mintTaskId())).toBeUndefined();
        expect((await store.begin(mintTaskId(), options())).kind).toBe('ended');
      });

      it('hands the first run its origin and the creating request’s MRTR answers and state', async () => {
        const task = newTask({
          inputResponses: { user_name: { action: 'accept' } },
          requestState: { step: 1 },
        });
        await store.create(task);
        const run = await start(task.taskId);
        expect(run).toMatchObject({
          fence: 1,
          attempt: 1,
          continuation: false,
          origin: task.origin,
          inputResponses: { user_name: { action: 'accept' } },
          requestState: { step: 1 },
          queuedAt: task.createdAt,
        });
        expect(run.checkpoint).toBeUndefined();
        expect(await store.get(task.taskId)).toMatchObject({
          owner: 'owner-1',
          attempt: 1,
        });
      });

      it('walks input_required with partial answers, signals once all are in, and continues the same attempt with the answers', async () => {
        const task = newTask();
        await store.create(task);
        const first = await start(task.taskId);
        expect(
          await store.requireInput(task.taskId, ASK, { round: 1 }, first.fence),
        ).toBe(true);
        expect(await store.get(task.taskId)).toMatchObject({
          status: 'input_required',
          inputRequests: ASK,
        });
        expect((await store.begin(task.taskId, options())).kind).toBe(
          'waiting',
        );
        expect(
          await store.respond(task.taskId, { a: { x: 1 }, zzz: { y: 2 } }),
        ).toBe('recorded');
        const half = await store.get(task.taskId);
        expect(half?.status).toBe('input_required');
        expect(Object.keys(half?.inputRequests ?? {})).toEqual(['b']);
        expect(await store.respond(task.taskId, { b: { x: 2 } })).toBe(
          'resumed',
        );
        expect((await store.get(task.taskId))?.status).toBe('working');
        await signalled(task.taskId, 'input');
        const next = await start(task.taskId);
        expect(next).toMatchObject({
          fence: first.fence + 1,
          attempt: 1,
          continuation: true,
          inputResponses: { a: { x: 1 }, b: { x: 2 } },
          requestState: { round: 1 },
        });
      });

      it('keeps input keys unique for the task’s life: a key asked again goes out as key.2, and the tool sees its own key', async () => {
        const task = newTask();
        await store.create(task);
        let run = await start(task.taskId);
        await store.requireInput(
          task.taskId,
          { a: ASK.a },
          undefined,
          run.fence,
        );
        await store.respond(task.taskId, { a: { n: 1 } });
        run = await start(task.taskId);
        await store.requireInput(task.taskId, ASK, undefined, run.fence);
        const waiting = await store.get(task.taskId);
        expect(Object.keys(waiting?.inputRequests ?? {}).sort()).toEqual([
          'a.2',
          'b',
        ]);
        await store.respond(task.taskId, {
          a: { n: 2 },
          'a.2': { n: 3 },
          b: {},
        });
        run = await start(task.taskId);
        expect(run.inputResponses).toEqual({ a: { n: 3 }, b: {} });
      });

      it('fences writes: once a newer run began, the old run’s message, checkpoint and result change nothing', async () => {
        const task = newTask();
        await store.create(task);
        const old = await start(task.taskId);
        expect(
          await store.checkpoint(task.taskId, { done: 10 }, old.fence),
        ).toBe(true);
        // The old run never let go: the next start is a re-run after a loss.
        const next = await start(task.taskId);
        expect(next).toMatchObject({ attempt: 2, checkpoint: { done: 10 } });
        await store.setMessage(task.taskId, 'stale', old.fence);
        expect(
          await store.checkpoint(task.taskId, { done: 1 }, old.fence),
        ).toBe(false);
        expect(
          await store.finish(
            task.taskId,
            { status: 'completed', result: { old: true } },
            old.fence,
          ),
        ).toBe(false);
        await store.setMessage(task.taskId, 'fresh', next.fence);
        expect(await store.get(task.taskId)).toMatchObject({
          status: 'working',
          statusMessage: 'fresh',
          attempt: 2,
        });
        expect(
          await store.finish(
            task.taskId,
            { status: 'completed', result: { n: 2 } },
            next.fence,
          ),
        ).toBe(true);
      });

      it('refuses a second start of a never tool: the task fails with the given error', async () => {
        const task = newTask();
        await store.create(task);
        await start(task.taskId, { rerun: 'never' });
        expect(
          (await store.begin(task.taskId, options({ rerun: 'never' }))).kind,
        ).toBe('refused');
        expect(await store.get(task.taskId)).toMatchObject({
          status: 'failed',
          error: REFUSED,
          statusMessage: REFUSED.message,
        });
      });

      it('hands over: release retires the fence, and the next run is a new attempt from the checkpoint, not a loss', async () => {
        const task = newTask();
        await store.create(task);
        const run = await start(task.taskId, { rerun: 'never' });
        await store.checkpoint(task.taskId, { at: 5 }, run.fence);
        expect(await store.release(task.taskId, run.fence, 'handed over')).toBe(
          true,
        );
        expect(await store.release(task.taskId, run.fence, 'again')).toBe(
          false,
        );
        await store.setMessage(task.taskId, 'late', run.fence);
        expect((await store.get(task.taskId))?.statusMessage).toBe(
          'handed over',
        );
        const next = await start(task.taskId, { rerun: 'never' });
        expect(next).toMatchObject({
          attempt: 2,
          continuation: false,
          checkpoint: { at: 5 },
        });
      });

      it('backs off from the second loss on, and fails the task after maxAttempts losses', async () => {
        const slow = {
          maxAttempts: 3,
          backoffMs: 60_000,
          backoffMaxMs: 90_000,
        };
        const task = newTask();
        await store.create(task);
        await start(task.taskId, slow);
        // First loss: run again at once.
        await start(task.taskId, slow);
        const before = Date.now();
        const later = await store.begin(task.taskId, options(slow));
        expect(later.kind).toBe('later');
        if (later.kind === 'later') {
          expect(later.at).toBeGreaterThanOrEqual(before + 60_000);
          expect(later.at).toBeLessThanOrEqual(Date.now() + 60_000);
        }
        expect((await store.begin(task.taskId, options(slow))).kind).toBe(
          'later',
        );
        const other = newTask();
        await store.create(other);
        for (let i = 0; i < 2; i++)
          await start(other.taskId, { maxAttempts: 2, backoffMs: 0 });
        expect(
          (await store.begin(other.taskId, options({ maxAttempts: 2 }))).kind,
        ).toBe('refused');
        expect(await store.get(other.taskId)).toMatchObject({
          status: 'failed',
          error: EXHAUSTED,
          statusMessage: EXHAUSTED.message,
        });
      });

      it('never leaves a terminal status: a second finish, a late cancel and late input change nothing', async () => {
        const task = newTask();
        await store.create(task);
        const run = await start(task.taskId);
        const result = { content: [{ type: 'text', text: 'ok' }] };
        expect(
          await store.finish(
            task.taskId,
            { status: 'completed', result },
            run.fence,
          ),
        ).toBe(true);
        expect(
          await store.finish(
            task.taskId,
            { status: 'failed', error: { code: -1, message: 'late' } },
            0,
          ),
        ).toBe(false);
        expect(await store.cancel(task.taskId)).toBe(true);
        expect(await store.requireInput(task.taskId, ASK, undefined, 0)).toBe(
          false,
        );
        await store.setMessage(task.taskId, 'late progress', 0);
        expect((await store.begin(task.taskId, options())).kind).toBe('ended');
        const done = await store.get(task.taskId);
        expect(done).toMatchObject({ status: 'completed', result });
        expect(done?.statusMessage).toBeUndefined();
        expect(done?.error).toBeUndefined();
      });

      it('cancels once, signals the runner, and a late completion fails the compare-and-set', async () => {
        const task = newTask();
        await store.create(task);
        const run = await start(task.taskId);
        await store.setMessage(task.taskId, 'half way', run.fence);
        expect(await store.cancel(task.taskId)).toBe(true);
        await signalled(task.taskId, 'cancel');
        expect(
          await store.finish(
            task.taskId,
            { status: 'completed', result: {} },
            run.fence,
          ),
        ).toBe(false);
        expect(await store.get(task.taskId)).toMatchObject({
          status: 'cancelled',
          statusMessage: 'half way',
        });
        expect((await store.begin(task.taskId, options())).kind).toBe('ended');
        expect(await store.cancel(mintTaskId())).toBe(false);
        expect(await store.respond(mintTaskId(), { a: {} })).toBe('unknown');
      });

      it('lets exactly one of 50 racing finishes win', async () => {
        const task = newTask();
        await store.create(task);
        const run = await start(task.taskId);
        const wins = await Promise.all(
          Array.from({ length: 50 }, (_, i) =>
            store.finish(
              task.taskId,
              { status: 'completed', result: { n: i } },
              i % 2 === 0 ? run.fence : 0,
            ),
          ),
        );
        expect(wins.filter(Boolean)).toHaveLength(1);
        const winner = wins.indexOf(true);
        expect((await store.get(task.taskId))?.result).toEqual({ n: winner });
      });

      it('keeps a task readable until createdAt + ttlMs, and forgets it after', async () => {
        const task = newTask({ ttlMs: 600 });
        await store.create(task);
        expect((await store.get(task.taskId))?.status).toBe('working');
        await waitFor(async () => !(await store.get(task.taskId)), {
          what: 'expiry',
          timeoutMs: 5_000,
        });
        expect(Date.now()).toBeGreaterThanOrEqual(task.createdAt + 600);
      });

      if (kind === 'redis') {
        it('rejects while Redis is unreachable, so callers can answer "retry"', async () => {
          const down = new Redis('redis://127.0.0.1:1', {
            enableOfflineQueue: false,
            maxRetriesPerRequest: 0,
            lazyConnect: true,
            retryStrategy: () => null,
          });
          down.on('error', () => undefined);
          const offline = new RedisTaskStore(down, undefined, prefix);
          await expect(offline.get(mintTaskId())).rejects.toThrow();
          await expect(offline.create(newTask())).rejects.toThrow();
          down.disconnect();
        });
      }
    },
  );
