import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { requireTool } from './support/system-tools.js';
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import {
  isCreateTaskResult,
  McpClient,
  McpRpcError,
  TASKS_EXTENSION,
  type TaskPoll,
} from '../client/index.js';
import type { PrimeCount } from '../client/task-run.js';
import {
  deleteKeys,
  ensureSharedRedis,
  SHARED_REDIS_URL,
  uniquePrefix,
} from './support/redis.js';
import {
  startDeployment,
  startServerProcess,
  type ServerProcess,
} from './support/server-process.js';

const CLI = 'dist-client/cli.js';

/** Runs the built CLI to completion (never rejects on exit codes). */
function cli(...args: string[]) {
  return new Promise<{ code: number; stdout: string; stderr: string }>(
    (resolve) => {
      execFile(
        process.execPath,
        [CLI, ...args],
        { timeout: 120_000 },
        (err, stdout, stderr) => {
          const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
          resolve({ code, stdout, stderr });
        },
      );
    },
  );
}

/** A fetch that sends each request to the next of `urls` in turn: a balancer without affinity. */
function roundRobin(urls: string[]): typeof fetch {
  let next = 0;
  return ((_url: string, init: RequestInit) =>
    fetch(urls[next++ % urls.length], init)) as typeof fetch;
}

beforeAll(() => {
  if (!existsSync(CLI))
    throw new Error(`${CLI} is missing: run \`npm run build\` first`);
});

// Holds whether or not the server offers tasks: a limit under the synchronous cap is answered at once.
describe('npm run client -- --task against a real server process', () => {
  let server: ServerProcess;
  beforeAll(async () => {
    server = await startServerProcess({ WEBSITE_INSTANCE_ID: 'tasks-cli' });
  });
  afterAll(() => server.stop());

  it('prints the count a server answers at once, and exits 0', async () => {
    const { code, stdout } = await cli('--task', '1000', server.url);
    expect(code).toBe(0);
    expect(stdout).toContain(
      `compute_primes {"limit":1000} as a task → ${server.url}`,
    );
    expect(stdout).toContain(
      'the server answered at once (no task): 168 primes <= 1000, instance tasks-cli',
    );
  });

  it('emits one JSON report with --json', async () => {
    const { code, stdout } = await cli('--task', '1000', server.url, '--json');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({
      tool: 'compute_primes',
      mode: 'sync',
      result: { structuredContent: { limit: 1000, prime_count: 168 } },
      done: true,
    });
  });
});

const withRedis = requireTool(
  'redis',
  'the task client against three instances',
);
withRedis(
  'the task client against three instances sharing Redis (SEP-2663)',
  () => {
    const prefix = uniquePrefix('client-tasks');
    const instances = ['instance-a', 'instance-b', 'instance-c'];
    let servers: ServerProcess[];
    let client: McpClient;
    beforeAll(async () => {
      await ensureSharedRedis();
      servers = await startDeployment({
        REDIS_URL: SHARED_REDIS_URL,
        REDIS_KEY_PREFIX: prefix,
        HANDLE_BACKEND: 'redis',
        COMPUTE_PRIMES_MAX: '50000',
      });
      client = new McpClient(servers[0].url, {
        fetch: roundRobin(servers.map((s) => s.url)),
      });
    });
    afterAll(async () => {
      await Promise.all(servers.map((s) => s.stop()));
      await deleteKeys(prefix);
    });

    it('is offered in server/discover', async () => {
      const discovered = await client.discover({ cache: false });
      expect(discovered.capabilities.extensions).toMatchObject({
        [TASKS_EXTENSION]: {},
      });
    });

    it('creates a task on one instance, polls it on the others, and gets the exact count', async () => {
      const created = await client.tasks.callToolAsTask<PrimeCount>(
        'compute_primes',
        { limit: 200_000_000 },
      );
      const task = created.result;
      if (!isCreateTaskResult(task)) throw new Error('no task was created');
      expect(task).toMatchObject({
        resultType: 'task',
        status: 'working',
      });
      expect(task.ttlMs === null || Number.isInteger(task.ttlMs)).toBe(true);
      expect(task.taskId.length).toBeLessThanOrEqual(128);
      expect(Date.parse(task.createdAt)).not.toBeNaN();
      expect(Date.parse(task.lastUpdatedAt)).not.toBeNaN();
      expect(task).not.toHaveProperty('requestState');
      const polls: TaskPoll<PrimeCount>[] = [];
      const done = await client.tasks.waitForTask<PrimeCount>(task.taskId, {
        onPoll: (p) => polls.push(p),
      });
      expect(done.status).toBe('completed');
      expect(done.result?.structuredContent).toMatchObject({
        limit: 200_000_000,
        prime_count: 11_078_937,
        capped: false,
      });
      expect(polls.every((p) => p.task !== undefined)).toBe(true);
      const served = new Set(polls.map((p) => p.servedBy));
      expect(served.size).toBeGreaterThan(1);
      for (const instance of served) expect(instances).toContain(instance);
    });

    it('runs the same call synchronously, capped, for a client that does not declare the extension', async () => {
      const result = await client.callTool<PrimeCount>('compute_primes', {
        limit: 200_000_000,
      });
      expect(result.resultType).toBe('complete');
      expect(result.structuredContent).toMatchObject({
        limit: 50_000,
        prime_count: 5133,
        capped: true,
      });
    });

    it('cancels a running task from another instance', async () => {
      const created = await client.tasks.callToolAsTask('compute_primes', {
        limit: 100_000_000_000,
      });
      if (!isCreateTaskResult(created.result))
        throw new Error('no task was created');
      const { taskId } = created.result;
      await client.tasks
        .waitForTask(taskId, {
          pollIntervalMs: 200,
          signal: AbortSignal.timeout(1_000),
        })
        .catch(() => undefined);
      const ack = await client.tasks.cancelTask(taskId);
      expect(ack.result.resultType).toBe('complete');
      expect(ack.result).not.toHaveProperty('status');
      const started = Date.now();
      const final = await client.tasks.waitForTask(taskId, {
        pollIntervalMs: 200,
      });
      expect(final.status).toBe('cancelled');
      expect(Date.now() - started).toBeLessThan(10_000);
    });

    it('refuses task methods from a client that did not declare the extension (-32021), before any lookup', async () => {
      const err = await client
        .request(
          'tasks/get',
          { taskId: 'gate-test' },
          {
            headers: { 'Mcp-Name': 'gate-test' },
          },
        )
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(McpRpcError);
      expect(err).toMatchObject({ code: -32021, httpStatus: 400 });
    });

    it('answers -32602 for an unknown task and -32020 for a wrong Mcp-Name', async () => {
      await expect(client.tasks.getTask('no-such-task')).rejects.toMatchObject({
        code: -32602,
      });
      await expect(
        client.tasks.getTask('no-such-task', {
          headers: { 'Mcp-Name': 'another-task' },
        }),
      ).rejects.toMatchObject({ code: -32020, httpStatus: 400 });
    });

    it('npm run client -- --task prints each poll with its instance and the count', async () => {
      const { code, stdout } = await cli('--task', '100000000', servers[1].url);
      expect(code).toBe(0);
      expect(stdout).toMatch(
        /task \S+ created by instance instance-[abc]: working/,
      );
      expect(stdout).toMatch(
        / {2}poll +1 {2}(working|completed) +instance instance-[abc]/,
      );
      expect(stdout).toContain('result: 5761455 primes <= 100000000');
    });

    it('npm run client -- --task cancels the task on Ctrl-C and exits 130', async () => {
      const child = spawn(process.execPath, [
        CLI,
        '--task',
        '100000000000',
        servers[2].url,
      ]);
      let stdout = '';
      let interrupted = false;
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        // Once, as a person presses Ctrl-C once: a second SIGINT after the CLI has finished cancelling
        // finds Node's default handler and kills it.
        if (!interrupted && /poll +2 /.test(stdout)) {
          interrupted = true;
          child.kill('SIGINT');
        }
      });
      const code = await new Promise<number | null>((resolve) =>
        child.on('exit', resolve),
      );
      expect(code).toBe(130);
      expect(stdout).toMatch(
        /interrupted: tasks\/cancel acknowledged by instance instance-[abc]; the task is now cancelled/,
      );
    });

    it('the demo runs its task section against a server that offers tasks', async () => {
      const { code, stdout } = await cli(servers[0].url);
      expect(code).toBe(0);
      expect(stdout).toContain(
        '6. compute_primes {"limit":10000000} as a task',
      );
      expect(stdout).toContain('result: 664579 primes <= 10000000');
    });
  },
);
