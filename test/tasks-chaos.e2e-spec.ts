import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { randomInt } from 'node:crypto';
import { Redis } from 'ioredis';
import {
  deleteKeys,
  ensureSharedRedis,
  SHARED_REDIS_URL,
  uniquePrefix,
} from './support/redis.js';
import { waitFor } from './support/wait-for.js';
import {
  startServerProcess,
  type ServerProcess,
} from './support/server-process.js';
import { requireTool } from './support/system-tools.js';
import { createTask, getTask, tasksOn, terminal } from './support/tasks.js';

// Tasks while instances are killed and restarted at random: three processes on one Redis, a mix
// of resumable `compute_primes` counts and `slow_compute` runs (a tool that must not run twice);
// while tasks remain, an instance that runs some is picked at random and gets SIGKILL or SIGTERM,
// then starts again; the next one goes down once another task has ended. Every task must end,
// exactly once: counts exact, `never` tasks completed or failed with the message that says why.
// TASKS_CHAOS_TASKS sets the size (default: a CI-sized 15; the full run is 50),
// TASKS_CHAOS_SEED replays a run.
const TASKS = Number(process.env.TASKS_CHAOS_TASKS ?? 15);
const SEED = Number(process.env.TASKS_CHAOS_SEED ?? randomInt(1, 2 ** 31));

/** Counts with a known result (pi(n)). */
const COUNTS: readonly [number, number][] = [
  [200_000_000, 11_078_937],
  [500_000_000, 26_355_867],
  [1_000_000_000, 50_847_534],
  [2_000_000_000, 98_222_287],
  [3_000_000_000, 144_449_537],
];

/** mulberry32: a small seeded generator, so a failing run can be replayed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Planned {
  readonly tool: 'compute_primes' | 'slow_compute';
  readonly args: Record<string, unknown>;
  readonly expected?: number;
}

const withRedis = requireTool('redis', 'tasks while instances come and go');

withRedis(`${TASKS} tasks while instances are killed at random`, () => {
  const prefix = uniquePrefix('tasks-chaos');
  const rand = random(SEED);
  const env = {
    REDIS_URL: SHARED_REDIS_URL,
    REDIS_KEY_PREFIX: prefix,
    COMPUTE_PRIMES_MAX: '50000',
    // Every task should reach its end, however often it is hit; the bound still holds.
    TASKS_MAX_ATTEMPTS: '10',
  };
  const servers = new Map<string, ServerProcess>();
  let redis: Redis;

  const start = async (id: string) => {
    servers.set(
      id,
      await startServerProcess(
        { ...env, WEBSITE_INSTANCE_ID: id },
        { entry: 'conformance' },
      ),
    );
  };

  beforeAll(async () => {
    const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
    execFileSync(process.execPath, [tsc, '-p', 'tsconfig.conformance.json']);
    await ensureSharedRedis();
    redis = new Redis(SHARED_REDIS_URL);
    await Promise.all(['a', 'b', 'c'].map((id) => start(`instance-${id}`)));
  }, 120_000);
  afterAll(async () => {
    await Promise.all([...servers.values()].map((s) => s.stop('SIGKILL')));
    redis.disconnect();
    await deleteKeys(prefix);
  });

  it('ends every task exactly once: none lost, none stuck', async () => {
    const began = Date.now();
    const plan: Planned[] = Array.from({ length: TASKS }, (_, i) => {
      if (i % 5 === 4)
        return {
          tool: 'slow_compute',
          args: { seconds: 2 + Math.floor(rand() * 3), label: `never-${i}` },
        };
      const [limit, expected] = COUNTS[Math.floor(rand() * COUNTS.length)];
      return { tool: 'compute_primes', args: { limit }, expected };
    });
    const ids: string[] = [];
    const urls = () => [...servers.values()].map((s) => s.baseUrl);
    for (let i = 0; i < plan.length; i++) {
      const list = urls();
      ids.push(
        (await createTask(list[i % list.length], plan[i].tool, plan[i].args))
          .taskId,
      );
    }

    const ended = new Map<string, Record<string, unknown>>();
    const look = async () => {
      for (const id of ids) {
        if (ended.has(id)) continue;
        const list = urls();
        const task = await getTask(list[randomInt(list.length)], id).catch(
          () => undefined, // an instance going down under the poll
        );
        if (task && terminal(task)) ended.set(id, task);
      }
      return ended.size;
    };

    const kills = { SIGKILL: 0, SIGTERM: 0 };
    const maxKills = Math.max(3, Math.ceil(TASKS / 2));
    while (
      (await look()) < ids.length &&
      kills.SIGKILL + kills.SIGTERM < maxKills
    ) {
      // Pick, at random, one of the instances running tasks now.
      const busy: string[] = [];
      for (const [id, s] of servers)
        if ((await tasksOn(s.baseUrl).catch(() => ({ active: 0 }))).active > 0)
          busy.push(id);
      if (busy.length === 0) continue;
      const victim = busy[Math.floor(rand() * busy.length)];
      const signal = rand() < 0.5 ? 'SIGKILL' : 'SIGTERM';
      const server = servers.get(victim)!;
      servers.delete(victim);
      await server.stop(signal);
      kills[signal]++;
      await start(victim);
      // The next one goes down once another task has ended (or all have).
      const before = ended.size;
      await waitFor(
        async () => (await look()) > before || ended.size === ids.length,
        { what: 'another task to end', timeoutMs: 120_000, everyMs: 200 },
      );
    }
    await waitFor(async () => (await look()) === ids.length, {
      what: 'every task to end',
      timeoutMs: 300_000,
      everyMs: 200,
    });

    // Exactly once: every instance reads the same terminal state, and nothing is left to run.
    for (const [i, id] of ids.entries()) {
      const first = ended.get(id)!;
      for (const url of urls()) {
        const again = await getTask(url, id);
        expect([id, again.status, again.result, again.error]).toEqual([
          id,
          first.status,
          first.result,
          first.error,
        ]);
      }
      const planned = plan[i];
      if (planned.tool === 'compute_primes')
        expect([id, first.status, first.result]).toEqual([
          id,
          'completed',
          expect.objectContaining({
            structuredContent: expect.objectContaining({
              prime_count: planned.expected,
            }),
          }),
        ]);
      else if (first.status !== 'completed')
        expect(first).toMatchObject({
          status: 'failed',
          error: {
            code: -32603,
            message: expect.stringMatching(
              /does not run twice|cannot be continued elsewhere/,
            ),
          },
        });
    }
    const queue = `${prefix}{tasks:local}:tasks`;
    await waitFor(
      async () =>
        (await redis.llen(`${queue}:wait`)) +
          (await redis.llen(`${queue}:active`)) +
          (await redis.zcard(`${queue}:delayed`)) +
          (await redis.zcard(`${queue}:mcp:live`)) ===
        0,
      { what: 'an empty queue' },
    );

    // How often a tool's execute() started: once per attempt (no task here asks for input).
    const attempts = await Promise.all(
      ids.map(async (id) =>
        Number(await redis.hget(`${prefix}task:{${id}}`, 'attempt')),
      ),
    );
    const starts = attempts.reduce((a, b) => a + b, 0);
    const failedNever = [...ended.values()].filter(
      (t) => t.status === 'failed',
    ).length;
    console.log(
      `tasks chaos (seed ${SEED}): ${ids.length} tasks, ${kills.SIGKILL} SIGKILL + ${kills.SIGTERM} SIGTERM, ` +
        `${starts} execute() starts (max ${Math.max(...attempts)} for one task), ` +
        `${failedNever} never-tasks failed, all ended in ${Math.round((Date.now() - began) / 1000)} s`,
    );
    expect(starts).toBeGreaterThanOrEqual(ids.length);
  }, 900_000);
});
