import { afterAll, beforeAll, expect, it, jest } from '@jest/globals';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { validateEnv } from '../src/config/validate-env.js';
import { RedisConnectionFactory } from '../src/redis/redis-connection.factory.js';
import type { RedisCredential } from '../src/redis/redis-credential.interface.js';
import { RedisEnvironment } from '../src/redis/redis.env.js';
import { TaskExecutor } from '../src/tasks/task-executor.interface.js';
import { mintTaskId } from '../src/tasks/task-id.js';
import { TaskStore } from '../src/tasks/task-store.interface.js';
import { ConformanceFixturesModule } from './conformance/conformance-fixtures.module.js';
import { TaskProbeModule } from './fixtures/task-probe-tools.js';
import { startApp, type TestServer } from './support/mcp-app.js';
import {
  deleteKeys,
  ensureSharedRedis,
  SHARED_REDIS_URL,
  startPrivateRedis,
  uniquePrefix,
} from './support/redis.js';
import { requireTool } from './support/system-tools.js';
import {
  callAsTask,
  createTask,
  getTask,
  taskRequest,
  tasksOn,
  terminal,
  waitForTask,
} from './support/tasks.js';
import { waitFor } from './support/wait-for.js';

// The BullMQ executor's rules, in one process against the shared Redis: parking, bounds, the
// reconciler, payload versions, slots, retention, and its connections.
const withRedis = requireTool('redis', 'the BullMQ task executor');
const withRedisServer = requireTool(
  'redis-server',
  'BullMQ connections with expiring credentials',
);

const MODULES = [ConformanceFixturesModule, TaskProbeModule];

withRedis('tasks on the BullMQ executor', () => {
  const prefixes: string[] = [];
  const apps: TestServer[] = [];
  /** An app with its own key prefix (its own queue), unless `prefix` shares another's. */
  const boot = async (
    env: Record<string, string> = {},
    prefix = uniquePrefix('tasks-queue'),
  ) => {
    prefixes.push(prefix);
    const t = await startApp(
      { REDIS_URL: SHARED_REDIS_URL, REDIS_KEY_PREFIX: prefix, ...env },
      MODULES,
    );
    apps.push(t);
    return { ...t, prefix };
  };
  const answer = (t: TestServer, taskId: string, key: string, n: number) =>
    taskRequest(t.server, 'tasks/update', {
      taskId,
      inputResponses: { [key]: { action: 'accept', content: { n } } },
    });

  beforeAll(() => ensureSharedRedis());
  afterAll(async () => {
    for (const t of apps) await t.close();
    for (const prefix of prefixes) await deleteKeys(prefix);
  });

  it('parks a task waiting for input without a worker slot, and runs it again once answered, with input keys unique for its life', async () => {
    const t = await boot({ TASKS_MAX_ACTIVE: '1' });
    const { taskId } = await createTask(t.server, 'ask_twice');
    const first = await waitForTask(
      t.server,
      taskId,
      (x) => x.status === 'input_required',
    );
    expect(Object.keys(first.inputRequests as object)).toEqual(['again']);
    // The one worker slot is free: another task runs to its end meanwhile.
    expect((await tasksOn(t.baseUrl)).active).toBe(0);
    const other = await createTask(t.server, 'slow_compute', {
      seconds: 0.2,
      label: 'meanwhile',
    });
    expect((await waitForTask(t.server, other.taskId, terminal)).status).toBe(
      'completed',
    );
    await answer(t, taskId, 'again', 1);
    // The same question again goes out under a key never used before in this task.
    const second = await waitForTask(
      t.server,
      taskId,
      (x) => x.status === 'input_required',
    );
    expect(Object.keys(second.inputRequests as object)).toEqual(['again.2']);
    await answer(t, taskId, 'again.2', 2);
    const done = await waitForTask(t.server, taskId, terminal);
    expect(done).toMatchObject({
      status: 'completed',
      result: {
        structuredContent: {
          answers: [
            { action: 'accept', content: { n: 1 } },
            { action: 'accept', content: { n: 2 } },
          ],
        },
      },
    });
  });

  it('bounds the queue (503) and the unfinished tasks of a caller (429), both retryable', async () => {
    const queued = await boot({
      TASKS_MAX_ACTIVE: '1',
      TASKS_MAX_QUEUED: '1',
    });
    const running = await createTask(queued.server, 'cancel_probe');
    await waitFor(async () => (await tasksOn(queued.baseUrl)).active === 1, {
      what: 'the first task running',
    });
    const waiting = await createTask(queued.server, 'cancel_probe');
    const full = await callAsTask(queued.server, 'cancel_probe');
    expect(full.status).toBe(503);
    expect(full.headers['retry-after']).toBe('2');
    expect(full.body.error).toMatchObject({
      code: -32603,
      data: { retryable: true },
    });
    // Cancelling the waiting task takes its job out of the queue: room again.
    await taskRequest(queued.server, 'tasks/cancel', {
      taskId: waiting.taskId,
    });
    const next = await createTask(queued.server, 'cancel_probe');
    for (const id of [running.taskId, next.taskId])
      await taskRequest(queued.server, 'tasks/cancel', { taskId: id });

    const perCaller = await boot({ TASKS_MAX_PER_CALLER: '2' });
    const mine = [
      await createTask(perCaller.server, 'cancel_probe'),
      await createTask(perCaller.server, 'cancel_probe'),
    ];
    const third = await callAsTask(perCaller.server, 'cancel_probe');
    expect(third.status).toBe(429);
    expect(third.headers['retry-after']).toBe('2');
    expect(third.body.error).toMatchObject({
      code: -32603,
      data: { retryable: true },
    });
    await taskRequest(perCaller.server, 'tasks/cancel', {
      taskId: mine[0].taskId,
    });
    mine.push(await createTask(perCaller.server, 'cancel_probe'));
    for (const { taskId } of mine)
      await taskRequest(perCaller.server, 'tasks/cancel', { taskId });
  });

  it('shows this instance’s running tasks and the queue on the status page, and /readyz reads no queue per probe', async () => {
    const t = await boot({ TASKS_MAX_ACTIVE: '1' });
    const first = await createTask(t.server, 'cancel_probe');
    const second = await createTask(t.server, 'cancel_probe');
    const page = await waitFor(
      async () => {
        const html = await (await fetch(`${t.baseUrl}/`)).text();
        const tasks = /<dt>Tasks<\/dt><dd>([^<]*)<\/dd>/.exec(html)?.[1] ?? '';
        return /queue: 1 waiting, 1 active/.test(tasks) ? tasks : undefined;
      },
      { what: 'the queue counts on the status page', timeoutMs: 15_000 },
    );
    expect(page).toMatch(/redis store and BullMQ workers/);
    expect(page).toMatch(/1 running here: cancel_probe for \d+ s/);
    // The ids are capabilities: never on the page.
    expect(page).not.toContain(first.taskId);
    const ready = await tasksOn(t.baseUrl);
    expect(ready).toMatchObject({
      store: 'redis',
      executor: 'bullmq',
      active: 1,
      queue: { waiting: 1, active: 1 },
    });
    // Probes read the cached counts: twenty of them cost at most one read of the queue.
    const reads = jest.spyOn(Queue.prototype, 'getJobCounts');
    try {
      for (let i = 0; i < 20; i++) await tasksOn(t.baseUrl);
      expect(reads.mock.calls.length).toBeLessThanOrEqual(1);
    } finally {
      reads.mockRestore();
    }
    for (const { taskId } of [first, second])
      await taskRequest(t.server, 'tasks/cancel', { taskId });
  });

  it('refuses arguments larger than TASKS_MAX_PAYLOAD_BYTES with -32602, HTTP 400', async () => {
    const t = await boot({ TASKS_MAX_PAYLOAD_BYTES: '1024' });
    const res = await callAsTask(t.server, 'slow_compute', {
      seconds: 1,
      label: 'x'.repeat(2_000),
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe(-32602);
  });

  it('fails a working task whose job is missing within three reconciler intervals', async () => {
    const t = await boot({ TASKS_RECONCILE_MS: '1000' });
    const store = t.app.get<TaskStore>(TaskStore);
    const executor = t.app.get<TaskExecutor>(TaskExecutor);
    const taskId = mintTaskId();
    const now = Date.now();
    const task = {
      taskId,
      tool: 'slow_compute',
      caller: '',
      expiresAt: now + 60_000,
    };
    // A record whose enqueue never happened (the process died in between, say).
    await executor.admit(task);
    await store.create({
      taskId,
      caller: '',
      createdAt: now,
      ttlMs: 60_000,
      pollIntervalMs: 1_000,
      origin: {
        tool: 'slow_compute',
        arguments: { seconds: 1 },
        request: {
          requestId: 1,
          protocolVersion: '2026-07-28',
          clientCapabilities: {},
        },
      },
    });
    const failed = await waitForTask(t.server, taskId, terminal, 10_000, {
      everyMs: 50,
    });
    expect(Date.now() - now).toBeLessThan(3 * 1_000 + 500);
    expect(failed).toMatchObject({
      status: 'failed',
      error: {
        code: -32603,
        message:
          'The task could not be scheduled or its job was lost. Start the task again.',
      },
    });
  });

  it('leaves a job of a newer payload version to a newer worker, and removes finished jobs', async () => {
    const t = await boot();
    const store = t.app.get<TaskStore>(TaskStore);
    const { taskId } = await createTask(t.server, 'slow_compute', {
      seconds: 0.1,
      label: 'retention',
    });
    await waitForTask(t.server, taskId, terminal);
    const redis = new Redis(SHARED_REDIS_URL, { maxRetriesPerRequest: null });
    const queue = new Queue('tasks', {
      connection: redis,
      prefix: `${t.prefix}{tasks:local}`,
    });
    try {
      // The record holds the result: a finished job takes no room in a Redis that never evicts.
      expect(await queue.getJobState(taskId)).toBe('unknown');
      const next = mintTaskId();
      await store.create({
        taskId: next,
        caller: '',
        createdAt: Date.now(),
        ttlMs: 60_000,
        pollIntervalMs: 1_000,
        origin: {
          tool: 'slow_compute',
          arguments: { seconds: 0.1 },
          request: {
            requestId: 1,
            protocolVersion: '2026-07-28',
            clientCapabilities: {},
          },
        },
      });
      await queue.add(
        'slow_compute',
        { v: 2, taskId: next },
        { jobId: next, removeOnComplete: true },
      );
      await waitFor(async () => (await queue.getJobState(next)) === 'delayed', {
        what: 'the newer job put back',
      });
      expect(await store.get(next)).toMatchObject({
        status: 'working',
        attempt: 0,
      });
      await queue.remove(next).catch(() => undefined);
    } finally {
      await queue.close();
      redis.disconnect();
    }
  });

  it('keeps each slot’s jobs to its own instances: production never takes staging’s', async () => {
    const staging = await boot({ SLOT_NAME: 'staging', TASKS_MAX_ACTIVE: '1' });
    // The same deployment (one key prefix), the other slot.
    const production = await boot({ SLOT_NAME: 'production' }, staging.prefix);
    const created = [];
    for (let i = 0; i < 3; i++)
      created.push(await createTask(staging.server, 'cancel_probe'));
    // Staging runs one and queues two; production, idle, would have taken them at once.
    await waitFor(
      async () => (await tasksOn(staging.baseUrl)).queue?.waiting === 2,
      { what: 'two tasks waiting in staging’s queue', timeoutMs: 15_000 },
    );
    expect((await tasksOn(production.baseUrl)).active).toBe(0);
    expect((await tasksOn(staging.baseUrl)).active).toBe(1);
    for (const { taskId } of created)
      await taskRequest(staging.server, 'tasks/cancel', { taskId });
    for (const { taskId } of created)
      expect((await getTask(production.server, taskId)).status).toBe(
        'cancelled',
      );
  });
});

/** Stands in for Microsoft Entra ID (see test/redis-entra.e2e-spec.ts). */
class RotatingCredential implements RedisCredential {
  token = 'token-1';
  calls = 0;
  async getToken() {
    this.calls++;
    return { token: this.token, expiresOnTimestamp: Date.now() + 2_000 };
  }
}

withRedisServer('BullMQ connections of the task executor', () => {
  it('opens every connection BullMQ uses, its duplicates included, with the credential, and renews their tokens', async () => {
    const redis = await startPrivateRedis();
    const admin = new Redis(redis.url);
    await admin.acl(
      'SETUSER',
      'app-identity',
      'on',
      '>token-1',
      '~*',
      '&*',
      '+@all',
    );
    const credential = new RotatingCredential();
    const factory = new RedisConnectionFactory(
      validateEnv(RedisEnvironment, {
        REDIS_URL: redis.url,
        REDIS_AUTH: 'entra',
        REDIS_USERNAME: 'app-identity',
      }),
      credential,
    );
    const connection = await factory.connectForJobs('tasks-worker');
    expect(connection.options.maxRetriesPerRequest).toBeNull();
    const done: string[] = [];
    const worker = new Worker(
      'q',
      async (job) => {
        done.push(job.id!);
      },
      { connection, prefix: '{t}' },
    );
    const queue = new Queue('q', {
      connection: await factory.connectForJobs('tasks-queue'),
      prefix: '{t}',
    });
    try {
      await worker.waitUntilReady();
      const clients = String(await admin.client('LIST'))
        .trim()
        .split('\n');
      const app = clients.filter((l) => /user=app-identity/.test(l));
      // The worker's own connection, the blocking one BullMQ duplicated from it, and the queue's.
      expect(app.length).toBeGreaterThanOrEqual(3);
      expect(clients.filter((l) => /user=default/.test(l))).toHaveLength(1);

      // The token rotates: every connection, the duplicate too, comes back with the new one.
      credential.token = 'token-2';
      await admin.acl('SETUSER', 'app-identity', 'resetpass', '>token-2');
      await waitFor(() => credential.calls >= 2, {
        what: 'the token renewal',
      });
      await admin.client('KILL', 'USER', 'app-identity');
      await queue.add('job', {}, { jobId: 'after-rotation' });
      await waitFor(() => done.includes('after-rotation'), {
        what: 'a job run after the rotation',
        timeoutMs: 20_000,
      });
    } finally {
      await worker.close();
      await queue.close();
      factory.onApplicationShutdown();
      admin.disconnect();
      await redis.stop();
    }
  }, 60_000);
});
