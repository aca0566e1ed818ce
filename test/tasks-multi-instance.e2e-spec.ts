import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { requireTool } from './support/system-tools.js';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import {
  deleteKeys,
  ensureSharedRedis,
  SHARED_REDIS_URL,
  startPrivateRedis,
  uniquePrefix,
} from './support/redis.js';
import {
  startDeployment,
  startServerProcess,
  type ServerProcess,
} from './support/server-process.js';
import { TestIssuer } from './support/test-issuer.js';
import {
  createTask,
  expectHiddenFrom,
  getTask,
  taskRequest,
  tasksOn,
  terminal,
  waitForTask,
} from './support/tasks.js';
import { waitFor } from './support/wait-for.js';

/** Task runs on this instance now, from its `/readyz`. */
async function activeOn(server: ServerProcess): Promise<number> {
  const tasks = await tasksOn(server.baseUrl);
  expect(tasks).toMatchObject({ store: 'redis', executor: 'bullmq' });
  return tasks.active;
}

// Behind App Service's balancer every tasks/* call may land on any instance (SEP-2663 with no
// affinity): three real server processes (the conformance fixture server, whose fixtures include
// task tools) sharing one Redis.
const withRedis = requireTool('redis', 'tasks across three instances');
const withRedisServer = requireTool(
  'redis-server',
  'tasks while a private Redis goes away',
);

withRedis('tasks across three instances and Redis', () => {
  const prefix = uniquePrefix('tasks-multi');
  let servers: ServerProcess[];
  let a: ServerProcess, b: ServerProcess, c: ServerProcess;
  const url = (s: ServerProcess) => s.baseUrl;

  beforeAll(async () => {
    const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
    execFileSync(process.execPath, [tsc, '-p', 'tsconfig.conformance.json']);
    await ensureSharedRedis();
    servers = await startDeployment(
      { REDIS_URL: SHARED_REDIS_URL, REDIS_KEY_PREFIX: prefix },
      { entry: 'conformance' },
    );
    [a, b, c] = servers;
  }, 120_000);
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop('SIGKILL')));
    await deleteKeys(prefix);
  });

  it('creates on A and answers on B and C at once, with progress and the exact result', async () => {
    const { taskId } = await createTask(url(a), 'slow_compute', {
      seconds: 2,
      label: 'abc',
    });
    // A tasks/get right after creation resolves on any instance.
    expect((await getTask(url(b), taskId)).status).toBe('working');
    expect((await getTask(url(c), taskId)).status).toBe('working');
    const progressing = await waitForTask([url(b), url(c)], taskId, (t) =>
      /^step \d+ of 8$/.test(String(t.statusMessage)),
    );
    expect(progressing.status).toBe('working');
    const done = await waitForTask([url(c), url(b)], taskId, terminal);
    expect(done).toMatchObject({
      status: 'completed',
      result: { content: [{ text: 'Computed abc after 2 s' }] },
    });
  });

  it('takes the answer on B and runs the parked task again, polled on C', async () => {
    const { taskId } = await createTask(url(a), 'confirm_delete', {
      filename: 'report.csv',
    });
    const waiting = await waitForTask(
      url(c),
      taskId,
      (t) => t.status === 'input_required',
    );
    expect(Object.keys(waiting.inputRequests as object)).toEqual(['confirm']);
    const ack = await taskRequest(url(b), 'tasks/update', {
      taskId,
      inputResponses: {
        confirm: { action: 'accept', content: { confirm: true } },
      },
    });
    expect(ack.body.result.resultType).toBe('complete');
    const done = await waitForTask(url(c), taskId, terminal, 5_000);
    expect(done).toMatchObject({
      status: 'completed',
      result: { content: [{ text: 'Deleted report.csv' }] },
    });
  });

  it('cancels on any instance: the run stops within a second wherever it is', async () => {
    const { taskId } = await createTask(url(a), 'slow_compute', {
      seconds: 60,
      label: 'long',
    });
    // The job runs on whichever instance's worker took it.
    const runner = await waitFor(
      async () => {
        for (const s of servers) if ((await activeOn(s)) === 1) return s;
        return undefined;
      },
      { what: 'the instance running the task', everyMs: 50 },
    );
    const other = servers.find((s) => s !== runner)!;
    const ack = await taskRequest(url(other), 'tasks/cancel', { taskId });
    expect(ack.body.result.resultType).toBe('complete');
    const cancelledAt = Date.now();
    await waitFor(async () => (await activeOn(runner)) === 0, {
      what: 'the run to stop',
      everyMs: 20,
    });
    expect(Date.now() - cancelledAt).toBeLessThan(1_000);
    for (const s of servers)
      expect((await getTask(url(s), taskId)).status).toBe('cancelled');
    // An ordinary client cancel is logged at info, never as an error.
    for (const s of servers) expect(s.output()).not.toMatch(/ERROR/);
    expect(servers.map((s) => s.output()).join('')).toMatch(
      new RegExp(`Task ${taskId} cancelled by its caller`),
    );
  });

  it('runs 100 concurrent tasks over the three instances with exact results', async () => {
    const created = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        createTask(url(servers[i % 3]), 'slow_compute', {
          seconds: 1,
          label: `job-${i}`,
        }),
      ),
    );
    expect(new Set(created.map((t) => t.taskId)).size).toBe(100);
    // Every instance's worker takes jobs while it has room: the work spreads over all three.
    await waitFor(
      async () =>
        (await Promise.all(servers.map(activeOn))).every((n) => n > 0),
      { what: 'every instance running some of the tasks', everyMs: 50 },
    );
    const done = await Promise.all(
      created.map((t, i) =>
        waitForTask(url(servers[(i + 1) % 3]), t.taskId, terminal, 30_000, {
          everyMs: 400,
        }),
      ),
    );
    done.forEach((task, i) =>
      expect(task).toMatchObject({
        status: 'completed',
        result: { content: [{ text: `Computed job-${i} after 1 s` }] },
      }),
    );
  }, 60_000);

  it('refuses tampered and foreign task ids on every instance with -32602', async () => {
    const { taskId } = await createTask(url(b), 'slow_compute', {
      seconds: 0.5,
      label: 'mine',
    });
    const flipped = taskId.slice(0, -1) + (taskId.endsWith('A') ? 'B' : 'A');
    for (const s of servers) {
      for (const id of [
        flipped,
        `${taskId}x`,
        taskId.slice(0, -2),
        'mt_' + 'A'.repeat(24),
      ]) {
        const res = await taskRequest(url(s), 'tasks/get', { taskId: id });
        expect(res.status).toBe(200);
        expect(res.body.error.code).toBe(-32602);
      }
    }
    expect((await getTask(url(c), taskId)).taskId).toBe(taskId);
  });
});

withRedisServer('tasks while Redis goes away mid-task', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'redis-tasks-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('answers polls with a retryable error while it is away, then finishes the task exactly once', async () => {
    // Keeps every acknowledged write across the outage, as a managed Redis does.
    const redis = await startPrivateRedis({
      args: ['--appendonly', 'yes', '--appendfsync', 'always', '--dir', dir],
    });
    const server = await startServerProcess(
      { REDIS_URL: redis.url, WEBSITE_INSTANCE_ID: 'outage' },
      { entry: 'conformance' },
    );
    try {
      const { taskId } = await createTask(server.baseUrl, 'slow_compute', {
        seconds: 2,
        label: 'outage',
      });
      // Once it runs, Redis goes away: the tool ends while the store is unreachable.
      await waitFor(
        async () =>
          /^step \d+ of 8$/.test(
            String((await getTask(server.baseUrl, taskId)).statusMessage),
          ),
        { what: 'the task running' },
      );
      await redis.stop();
      const res = await taskRequest(server.baseUrl, 'tasks/get', { taskId });
      expect(res.status).toBe(503);
      expect(res.body.error).toMatchObject({
        code: -32603,
        data: { retryable: true },
      });
      expect(JSON.stringify(res.body)).not.toMatch(/ECONNREFUSED|127\.0\.0\.1/);
      await waitFor(
        () =>
          server
            .output()
            .includes(`Task ${taskId}: its outcome cannot be recorded`),
        { what: 'the run to end while Redis is away' },
      );
      await redis.start();
      await waitFor(
        async () => (await fetch(`${server.baseUrl}/readyz`)).status === 200,
        { what: 'readiness after Redis returns' },
      );
      const done = await waitForTask(server.baseUrl, taskId, terminal, 15_000, {
        everyMs: 250,
      });
      expect(done).toMatchObject({
        status: 'completed',
        result: { content: [{ text: 'Computed outage after 2 s' }] },
      });
      expect(server.child.exitCode).toBeNull();
    } finally {
      await server.stop();
      await redis.stop();
    }
  }, 60_000);
});

withRedis(
  'tasks bound to the caller across instances (authorization on)',
  () => {
    const prefix = uniquePrefix('tasks-auth');
    const audience = 'api://tasks-multi';
    let issuer: TestIssuer;
    let servers: ServerProcess[];

    beforeAll(async () => {
      await ensureSharedRedis();
      issuer = await TestIssuer.start();
      servers = await startDeployment(
        {
          REDIS_URL: SHARED_REDIS_URL,
          REDIS_KEY_PREFIX: prefix,
          MCP_AUTH_ISSUER: issuer.issuer,
          MCP_AUTH_AUDIENCE: audience,
        },
        { entry: 'conformance' },
      );
    }, 120_000);
    afterAll(async () => {
      await Promise.all(servers.map((s) => s.stop('SIGKILL')));
      await issuer.close();
      await deleteKeys(prefix);
    });

    it('answers another caller as if the task did not exist, on every instance, and leaves it alone', async () => {
      const as = async (sub: string) => ({
        headers: {
          Authorization: `Bearer ${await issuer.token(audience, { claims: { sub } })}`,
        },
      });
      const alice = await as('alice');
      const mallory = await as('mallory');
      const { taskId } = await createTask(
        servers[0].baseUrl,
        'slow_compute',
        { seconds: 1, label: 'private' },
        alice,
      );
      for (const s of servers)
        await expectHiddenFrom(s.baseUrl, taskId, mallory);
      const done = await waitForTask(
        servers.map((s) => s.baseUrl),
        taskId,
        terminal,
        10_000,
        alice,
      );
      expect(done).toMatchObject({
        status: 'completed',
        result: { content: [{ text: 'Computed private after 1 s' }] },
      });
    });
  },
);
